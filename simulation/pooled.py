"""Intervention reports pooled over replications, and a randomised trial's effect.

Every run reports each intervention's participants, outcomes and costs
(:meth:`simulation.interventions.base.Intervention.report`). A comparison keeps them per
replication (``interventions.json``) and pools them here: the mean over replications with its
95% t-interval (``interventions_summary.csv``). Where an intervention has a control group (an
RCT, such as the Almere replay), the treated-minus-control share working k months after the
start is added as ``working_after_<k>m_effect``: pooled over replications, or for one run
with the binomial interval of a difference of two shares.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from simulation.experiment import RunResult, t_quantile

SUMMARY_COLUMNS = ["scenario", "intervention", "measure", "mean", "ci_low", "ci_high",
                   "replications"]  # fmt: skip
EFFECT_COLUMNS = ["scenario", "intervention", "months", "treated", "control", "difference",
                  "ci_low", "ci_high", "basis"]  # fmt: skip
_TREATED = re.compile(r"working_after_(\d+)m_treated")


def follow_ups(report: dict[str, Any]) -> list[int]:
    """The months after the start at which both arms of a trial were observed."""
    months = [int(m.group(1)) for key in report if (m := _TREATED.fullmatch(key))]
    return sorted(k for k in months if f"working_after_{k}m_control" in report)


def report_rows(reports: dict[str, dict[str, Any]], **keys: Any) -> list[dict[str, Any]]:
    """A run's intervention reports as rows (``keys``, intervention, measure, value): the
    numbers only, and each trial's treated-minus-control share working."""
    rows = []
    for kind, report in reports.items():
        for measure, value in report.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                rows.append({**keys, "intervention": kind, "measure": measure,
                             "value": float(value)})  # fmt: skip
        for k in follow_ups(report):
            effect = report[f"working_after_{k}m_treated"] - report[f"working_after_{k}m_control"]
            rows.append({**keys, "intervention": kind, "measure": f"working_after_{k}m_effect",
                         "value": float(effect)})  # fmt: skip
    return rows


def pooled_summary(runs: Iterable[RunResult]) -> pd.DataFrame:
    """Per scenario, intervention and measure: the mean over replications and its 95%
    t-interval (none with one replication; the measure itself where every run agrees)."""
    rows = [
        row
        for run in runs
        for row in report_rows(
            run.interventions, scenario=run.scenario, replication=run.replication
        )
    ]
    if not rows:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    grouped = pd.DataFrame(rows).groupby(["scenario", "intervention", "measure"], sort=False)
    out = grouped["value"].agg(mean="mean", sd="std", replications="count").reset_index()
    t = out["replications"].map(lambda n: t_quantile(0.975, int(n) - 1))
    half = t * out["sd"] / np.sqrt(out["replications"])
    half = half.where(out["sd"] > 0, 0.0).where(out["replications"] > 1)
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    return out[SUMMARY_COLUMNS]


def pooled_effects(summary: pd.DataFrame) -> pd.DataFrame:
    """The trials' effects from a pooled summary: share working in each arm, their difference
    and its 95% interval over replications."""
    rows = []
    for (scenario, kind), group in summary.groupby(["scenario", "intervention"], sort=False):
        by = group.set_index("measure")
        for measure in by.index:
            if not (match := re.fullmatch(r"working_after_(\d+)m_effect", measure)):
                continue
            k = match.group(1)
            n = int(by.at[measure, "replications"])
            rows.append({
                "scenario": scenario, "intervention": kind, "months": int(k),
                "treated": by.at[f"working_after_{k}m_treated", "mean"],
                "control": by.at[f"working_after_{k}m_control", "mean"],
                "difference": by.at[measure, "mean"], "ci_low": by.at[measure, "ci_low"],
                "ci_high": by.at[measure, "ci_high"],
                "basis": f"t-interval over {n} replication{'s' if n != 1 else ''}",
            })  # fmt: skip
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def run_effects(reports: dict[str, dict[str, Any]], scenario: str = "") -> pd.DataFrame:
    """The trials' effects in one run: the difference of the two arms' shares working with the
    normal interval of a difference of two independent binomial shares."""
    z = NormalDist().inv_cdf(0.975)
    rows = []
    for kind, report in reports.items():
        for k in follow_ups(report):
            p1, p0 = report[f"working_after_{k}m_treated"], report[f"working_after_{k}m_control"]
            n1 = report[f"observed_after_{k}m_treated"]
            n0 = report[f"observed_after_{k}m_control"]
            half = z * math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
            rows.append({
                "scenario": scenario, "intervention": kind, "months": k, "treated": p1,
                "control": p0, "difference": p1 - p0, "ci_low": p1 - p0 - half,
                "ci_high": p1 - p0 + half,
                "basis": f"binomial interval of one run: {n1:,} treated, {n0:,} control",
            })  # fmt: skip
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)
