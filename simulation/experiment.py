"""Scenario comparison with common random numbers.

Every scenario runs ``replications`` times with the same seeds (the base scenario's seed plus the
replication number), so each replication of an alternative is paired with the base run that
shares all its random draws. The difference of a pair is the policy's effect in that world; the
mean and 95% confidence interval of the paired differences are reported per indicator and
subgroup. A scenario compared with itself differs by exactly zero.

With ``parameter_uncertainty`` every parameter that carries an uncertainty block is drawn once
per replication, the same draw for the base and the alternatives (:mod:`simulation.inputdraws`),
so the replications differ in their parameters too and the intervals include both.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from simulation.aggregates import aggregates_frame
from simulation.errors import LifecourseError
from simulation.executors import executor_for, in_order
from simulation.inputdraws import draw_scenarios
from simulation.model import LifeCourseModel
from simulation.participants import MEASURES, MonthsInWork, people, split_effect
from simulation.scenario import Scenario, as_scenario

#: indicators shown in the printed table and as figures (over the horizon, everyone)
HEADLINE = (
    "employment_rate",
    "weekly_hours",
    "permanent_share",
    "labour_income_per_year",
    "ww_share",
    "bijstand_share",
    "disability_share",
    "benefit_spending_per_year",
    "intervention_spending_per_year",
    "net_public_cost_per_year",
    # the rest of the public purse (simulation.income); the full balance: simulation.purse
    "tax_revenue_per_year",
    "allowance_spending_per_year",
    "net_fiscal_cost_per_year",
)
#: monthly series kept from every run for the figures over time
SERIES = ("employment_rate", "share_unemployed", "share_ww", "share_bijstand", "spending_total")


@dataclass
class RunResult:
    scenario: str
    replication: int
    seed: int
    outcomes: pd.DataFrame
    series: pd.DataFrame
    interventions: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    #: per starting person: took part in an intervention, months in work (participants.people)
    people: pd.DataFrame | None = None


def run_once(
    scenario: Scenario,
    replication: int,
    seed: int,
    persons: int | None,
    years: float | None,
    past: Scenario | None = None,
) -> RunResult:
    """One run of one scenario (a top-level function, so worker processes can run it);
    ``past``: the scenario whose parameters the months before the start live under (the
    base's, in a comparison)."""
    started = time.perf_counter()
    model = LifeCourseModel(
        scenario, persons=persons, years=years, seed=seed, record_events=False, past=past
    )
    work = MonthsInWork(model)
    model.run()
    series = aggregates_frame(model)[["date", *SERIES]]
    return RunResult(
        scenario=scenario.name,
        replication=replication,
        seed=seed,
        outcomes=model.outcomes(),
        series=series,
        interventions=model.intervention_reports(),
        seconds=time.perf_counter() - started,
        people=people(model, work),
    )


def t_quantile(p: float, df: int) -> float:
    """Student's t quantile: exact for 1-2 degrees of freedom, Cornish-Fisher above (error
    below 0.002 for df >= 3 at p = 0.975), normal from 200."""
    if df <= 0:
        return float("nan")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = NormalDist().inv_cdf(p)
    if df >= 200:
        return z
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def paired_differences(base: pd.DataFrame, alt: pd.DataFrame, spread: bool = False) -> pd.DataFrame:
    """Mean of base and alternative, mean paired difference and its 95% CI, per key. With
    ``spread`` (replications that drew their parameters) also ``ui_low``/``ui_high``: where
    the difference of one more replication lies with 95% probability, mean +- t sd
    sqrt(1 + 1/n), the uncertainty interval of the effect, which unlike the interval of the
    mean does not narrow as replications are added."""
    keys = ["period", "subgroup", "indicator"]
    both = base.merge(alt, on=[*keys, "replication"], suffixes=("_base", "_alt"))
    both["difference"] = both["value_alt"] - both["value_base"]
    grouped = both.groupby(keys, sort=False)
    out = grouped.agg(
        base_mean=("value_base", "mean"),
        scenario_mean=("value_alt", "mean"),
        difference=("difference", "mean"),
        sd=("difference", "std"),
        replications=("difference", "size"),
    ).reset_index()
    t = out["replications"].map(lambda n: t_quantile(0.975, int(n) - 1))
    half = t * out["sd"] / np.sqrt(out["replications"])
    half = half.where(out["sd"] > 0, 0.0).where(out["replications"] > 1)
    out["ci_low"] = out["difference"] - half
    out["ci_high"] = out["difference"] + half
    if spread:
        wide = half * np.sqrt(out["replications"] + 1)  # t sd sqrt(1 + 1/n)
        out["ui_low"], out["ui_high"] = out["difference"] - wide, out["difference"] + wide
    return out.drop(columns="sd")


@dataclass
class Comparison:
    base: str
    scenarios: list[str]
    runs: list[RunResult]
    table: pd.DataFrame  # scenario, period, subgroup, indicator, base_mean, ..., ci_high
    #: with parameter uncertainty: replication, seed, parameter, quantile, drawn_value, scenarios
    draws: pd.DataFrame | None = None
    #: with parameter uncertainty: per parameter drawn its range, source and scenarios
    uncertain: list[dict[str, Any]] = field(default_factory=list)
    #: per alternative with interventions: the participants' gain in months of work, the
    #: others' gain or loss, the net (participants.split_effect), pooled over replications
    participants: pd.DataFrame | None = None
    #: runs that failed (scenario, replication, seed, error); their replications are left out
    #: of every scenario, so the rest stay paired
    failed: list[dict[str, Any]] = field(default_factory=list)

    def headline(self) -> pd.DataFrame:
        rows = self.table[
            (self.table.period == "horizon")
            & (self.table.subgroup == "all")
            & (self.table.indicator.isin(HEADLINE))
        ]
        return rows.set_index(["scenario", "indicator"]).loc[
            :, ["base_mean", "scenario_mean", "difference", "ci_low", "ci_high"]
        ]


def compare(
    scenarios: Sequence[Scenario | str],
    replications: int | None = None,
    persons: int | None = None,
    years: float | None = None,
    workers: int = 1,
    executor: Executor | None = None,
    progress=None,
    parameter_uncertainty: bool = False,
    fail_fast: bool = False,
) -> Comparison:
    """Run the base (first) and every alternative ``replications`` times with shared seeds;
    with ``parameter_uncertainty`` each replication draws the uncertain parameters first. A
    failed run is reported in ``Comparison.failed`` and its replication left out of every
    scenario (``fail_fast``: its error stops the comparison); none left is an error."""
    specs = [as_scenario(s) for s in scenarios]
    base = specs[0]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        names = [f"{n}#{i}" if i else n for i, n in enumerate(names)]
    reps = replications or base.replications
    seeds = [base.seed + r for r in range(reps)]
    draws, uncertain = None, []
    # every scenario's past is the base's (same seed, same parameters): all start from the same
    # people, and a policy acts from the start on
    if parameter_uncertainty:
        drawn, draws, uncertain = draw_scenarios(specs, names, base.seed, reps)
        tasks = [
            (drawn[i][r], r, seeds[r], drawn[0][r]) for i in range(len(specs)) for r in range(reps)
        ]
    else:
        tasks = [(spec, r, seeds[r], base) for spec in specs for r in range(reps)]
    owners = [names[i] for i in range(len(specs)) for _ in range(reps)]
    jobs = [(spec, r, seed, persons, years, past) for spec, r, seed, past in tasks]
    failures: list[tuple[int, str]] | None = None if fail_fast else []
    if executor is None and workers > 1:
        size = min(workers, len(tasks), os.cpu_count() or 1)
        with executor_for(size) as pool:
            results = in_order(pool, run_once, jobs, progress, failures)
    else:
        results = in_order(executor, run_once, jobs, progress, failures)
    failed = [
        {"scenario": owners[k], "replication": jobs[k][1], "seed": jobs[k][2], "error": error}
        for k, error in failures or []
    ]
    lost = {f["replication"] for f in failed}
    if len(lost) == reps:
        first = failed[0]
        raise LifecourseError(
            f"compare: every replication had a failed run; {first['scenario']} replication"
            f" {first['replication']} (seed {first['seed']}): {first['error']}"
        )
    kept = [
        (result, owner)
        for result, owner in zip(results, owners, strict=True)
        if result is not None and result.replication not in lost
    ]
    results = [result for result, _ in kept]
    for result, owner in kept:
        result.scenario = owner
    frames = {name: [] for name in names}
    for result in results:
        frames[result.scenario].append(result.outcomes.assign(replication=result.replication))
    base_frame = pd.concat(frames[names[0]], ignore_index=True)
    tables = []
    for name in names[1:] or names[:1]:
        alt = pd.concat(frames[name], ignore_index=True)
        diff = paired_differences(base_frame, alt, spread=parameter_uncertainty)
        tables.append(diff.assign(scenario=name))
    table = pd.concat(tables, ignore_index=True)
    table = table[["scenario", *[c for c in table.columns if c != "scenario"]]]
    return Comparison(
        base=names[0], scenarios=names[1:], runs=results, table=table, draws=draws,
        uncertain=uncertain, participants=participant_effects(results, names[0]), failed=failed,
    )  # fmt: skip


def participant_effects(runs: list[RunResult], base: str) -> pd.DataFrame | None:
    """Per alternative with participants: each measure of split_effect, the mean over the
    replications paired with the base's and its 95% interval (None: no alternative has an
    intervention)."""
    own = {r.replication: r.people for r in runs if r.scenario == base}
    rows = [
        {"scenario": r.scenario, "replication": r.replication, "measure": key, "value": value}
        for r in runs
        if r.scenario != base
        and r.people is not None
        and r.people["participant"].any()
        and own.get(r.replication) is not None
        for key, value in split_effect(own[r.replication], r.people).items()
    ]
    if not rows:
        return None
    pooled = mean_interval(pd.DataFrame(rows), ["scenario", "measure"], "value")
    pooled["measure"] = pd.Categorical(pooled["measure"], MEASURES, ordered=True)
    return pooled.sort_values(["scenario", "measure"], kind="stable").reset_index(drop=True)


def mean_interval(frame: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Per ``keys``: the mean of ``column`` over replications and its 95% t-interval (none
    with one replication)."""
    out = (
        frame.groupby(keys, sort=False)[column]
        .agg(mean="mean", sd="std", replications="count")
        .reset_index()
    )
    t = out["replications"].map(lambda n: t_quantile(0.975, int(n) - 1))
    half = (t * out["sd"] / np.sqrt(out["replications"])).where(out["sd"] > 0, 0.0)
    half = half.where(out["replications"] > 1)
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    return out.drop(columns="sd")


def series_bands(series: pd.DataFrame, base: str, column: str) -> pd.DataFrame:
    """A monthly series of a comparison's runs as bands: per scenario and month, the mean over
    replications with its 95% interval (``kind`` "level"), and for every other scenario the
    mean paired difference from ``base`` with its interval (``kind`` "difference")."""
    levels = mean_interval(series, ["scenario", "date"], column).assign(kind="level")
    own = series[series.scenario == base][["date", "replication", column]]
    paired = series[series.scenario != base].merge(
        own, on=["date", "replication"], suffixes=("", "_base")
    )
    paired["change"] = paired[column] - paired[f"{column}_base"]
    changes = mean_interval(paired, ["scenario", "date"], "change").assign(kind="difference")
    return pd.concat([levels, changes], ignore_index=True)
