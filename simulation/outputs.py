"""Writing a run's results: atomically, so an interrupted run leaves nothing that looks finished.

Everything is written into a hidden temporary folder beside the destination and renamed into
place at the end. ``manifest.json`` records the scenario as resolved (every parameter with its
value and source), the seed, package versions and the code's git revision.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from simulation.aggregates import aggregates_frame
from simulation.calendar import month_label
from simulation.experiment import HEADLINE, SERIES, Comparison
from simulation.model import LifeCourseModel
from simulation.pooled import pooled_effects, pooled_summary
from simulation.preflight import check_output, claim, claim_new, clean_stale, release
from simulation.purse import decile_figure, purse_sheets
from simulation.report import alignment_figure, difference_figure, series_figure
from simulation.scenario import Scenario
from simulation.tables import sensitivity_markdown, validation_markdown
from simulation.workbook import write_workbook

PACKAGES = (
    "lifecourse", "mesa", "numpy", "pandas", "pyarrow", "pydantic", "numba", "pyyaml", "openpyxl",
)  # fmt: skip


def git_revision() -> str:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if out.returncode != 0:
        return "unknown"
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=5,
    ).stdout.strip()
    return out.stdout.strip() + ("-dirty" if dirty else "")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def default_run_dir(root: Path, name: str, seed: int) -> Path:
    """A new folder ``root/NAME/DATE-TIME-seedN`` (``-2``, ``-3``… if taken), created and
    claimed at once, so two runs started in the same second get two folders."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    clean_stale(root / name)
    return claim_new(root / name / f"{stamp}-seed{seed}")


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def json_text(data: Any) -> str:
    """Strict JSON: a value that is not a finite number (no one to divide by) becomes null."""
    return json.dumps(_finite(data), indent=2, default=str, allow_nan=False) + "\n"


def check_destination(out: Path, need_bytes: int = 0) -> None:
    """Refuse, before any work, a results folder that cannot be written: a file, a link, inside
    a file, read-only, not empty, or short of space for the estimate."""
    check_output(out, "--out", need_bytes)


def write_table(frame: pd.DataFrame, folder: Path, stem: str) -> list[Path]:
    """``stem.parquet`` and its twin ``stem.csv``, the same table for a program and for a
    spreadsheet (Arrow writes both; its CSV writer is five times faster than pandas')."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, folder / f"{stem}.parquet", compression="zstd")
    pacsv.write_csv(table, folder / f"{stem}.csv")
    return [folder / f"{stem}.parquet", folder / f"{stem}.csv"]


def manifest(model: LifeCourseModel, extra: dict[str, Any]) -> dict[str, Any]:
    spec = model.spec
    return {
        "scenario": spec.model_dump(mode="json"),
        "scenario_file": spec.source,
        "seed": spec.seed,
        "start": month_label(model.start_month),
        "months": model.steps,
        "persons": spec.population.size,
        "rows": model.pop.size,
        "parameters": model.params.records(),
        "versions": versions(),
        "git_revision": git_revision(),
        **extra,
    }


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out``, renamed to ``out`` only if the block completes.

    ``out`` is claimed first (another process writing there is an error); temporary folders left
    by ended processes beside it are removed."""
    check_output(out, "--out")
    created = claim(out)
    clean_stale(out.parent)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        tmp.mkdir()
        yield tmp
        release(out)
        os.rename(tmp, out)  # onto the empty claimed folder: atomic
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        release(out, remove=created)
        raise


def panel_staging(out: Path) -> Path:
    """The folder a run's monthly panel is written into while it runs: beside ``out``, hidden,
    moved into ``out`` by :func:`write_run` (same file system, so a rename)."""
    staging = out.parent / f".{out.name}.panel-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def write_run(
    model: LifeCourseModel,
    out: Path,
    extra: dict[str, Any] | None = None,
    panel: Path | None = None,
) -> Path:
    """Write the run's tables into ``out`` (created atomically) and return it; ``panel``: the
    staging folder a :class:`~simulation.panel.PanelWriter` wrote, moved in with the rest."""
    with atomic_folder(out) as tmp:
        if panel is not None:
            for name in ("panel", "panel_events.parquet"):
                (panel / name).rename(tmp / name)
        tables = model.spec.outputs
        if "aggregates" in tables:
            write_table(aggregates_frame(model), tmp, "aggregates")
        if "persons" in tables:
            write_table(model.pop.frame(model.last_month), tmp, "persons")
        if "events" in tables:
            write_table(model.log.frame(), tmp, "events")
        model.outcomes().to_csv(tmp / "outcomes.csv", index=False)
        if model.interventions:
            reports = model.intervention_reports()
            (tmp / "interventions.json").write_text(json_text(reports))
        if model.aligners:
            alignment = model.alignment()
            alignment.to_csv(tmp / "alignment.csv", index=False)
            alignment_figure(alignment, tmp / "alignment.png")
        info = {
            "title": model.spec.name,
            "what": f"one run of scenario '{model.spec.name}': {model.spec.description}".strip(),
            **manifest(model, extra or {}),
        }
        info["files"] = [*sorted(p.name for p in tmp.iterdir()), "manifest.json"]
        (tmp / "manifest.json").write_text(json_text(info))
    return out


def comparison_inputs(
    specs: list[Scenario],
    files: list[Path],
    replications: int,
    persons: int | None,
    years: float | None,
) -> dict[str, Any]:
    """What a comparison ran, for its manifest: the scenarios as resolved, the parameters they
    set (those the package sets for itself are in its own files), the run sizes asked for."""
    return {
        "scenarios": [s.model_dump(mode="json") for s in specs],
        "parameters": [
            {**record, "scenario": spec.name}
            for spec in specs
            for record in spec.resolved_parameters().records()
            if not record["origin"].startswith("simulation/")
        ],
        "scenario_files": [str(p) for p in files],
        "replications": replications,
        "persons": persons,
        "years": years,
    }


def write_comparison(comparison: Comparison, out: Path, extra: dict[str, Any]) -> Path:
    """comparison, series and (with interventions) interventions_summary and participants as
    Parquet and CSV, runs.csv, trial_effects.csv (a trial's treated minus control), figures/*.png,
    interventions.json (per replication), results.xlsx (every table and a README sheet) and
    manifest.json, written atomically."""
    with atomic_folder(out) as tmp:
        write_table(comparison.table, tmp, "comparison")
        runs = pd.concat(
            [
                r.outcomes[
                    (r.outcomes.period == "horizon") & (r.outcomes.subgroup == "all")
                ].assign(scenario=r.scenario, replication=r.replication, seed=r.seed)
                for r in comparison.runs
            ],
            ignore_index=True,
        )
        runs.to_csv(tmp / "runs.csv", index=False)
        series = pd.concat(
            [
                r.series.assign(scenario=r.scenario, replication=r.replication)
                for r in comparison.runs
            ],
            ignore_index=True,
        )
        write_table(series, tmp, "series")
        sheets = {"comparison": comparison.table, "runs": runs, "series": series}
        sheets.update(purse_sheets(comparison.table))
        summary = pooled_summary(comparison.runs)
        if len(summary):
            write_table(summary, tmp, "interventions_summary")
            sheets["interventions"] = summary
            effects = pooled_effects(summary)
            if len(effects):
                effects.to_csv(tmp / "trial_effects.csv", index=False)
                sheets["trial_effects"] = effects
        if comparison.participants is not None:
            participants = comparison.participants.assign(
                measure=comparison.participants.measure.astype(str)
            )
            write_table(participants, tmp, "participants")
            sheets["participants"] = participants
        if comparison.draws is not None:
            write_table(comparison.draws, tmp, "parameter_draws")
            sheets["parameter_draws"] = comparison.draws
            sheets["parameter_ranges"] = pd.DataFrame(
                [{**u, "scenarios": ", ".join(u["scenarios"])} for u in comparison.uncertain]
            )
        figures = tmp / "figures"
        figures.mkdir()
        if comparison.scenarios:
            for indicator in HEADLINE:
                difference_figure(
                    comparison.table, indicator, figures / f"difference_{indicator}.png"
                )
        for column in SERIES[:4]:
            series_figure(series, column, figures / f"over_time_{column}.png", base=comparison.base)
        if comparison.scenarios:
            decile_figure(comparison.table, figures / "deciles_equivalised_income.png")
        reports = {
            f"{r.scenario}/replication-{r.replication}": r.interventions
            for r in comparison.runs
            if r.interventions
        }
        if reports:
            (tmp / "interventions.json").write_text(json_text(reports))
        if comparison.failed:  # the runs left out, with their errors
            (tmp / "failed.json").write_text(json_text(comparison.failed))
        info = {
            "title": f"{comparison.base} vs {', '.join(comparison.scenarios) or 'itself'}",
            "what": "paired comparison with common random numbers: every scenario ran with the"
            " same seeds; differences are scenario minus base, with 95% confidence intervals",
            "base": comparison.base,
            "versions": versions(),
            "git_revision": git_revision(),
            "runs": [
                {
                    "scenario": r.scenario,
                    "replication": r.replication,
                    "seed": r.seed,
                    "seconds": round(r.seconds, 2),
                }
                for r in comparison.runs
            ],
            **extra,
        }
        if comparison.draws is not None:
            info["what"] += (
                "; the intervals include parameter uncertainty: every parameter with an"
                " uncertainty block was drawn once per replication, the same draw for every"
                " scenario (parameter_draws); ci_low/ci_high bound the mean effect, ui_low/"
                "ui_high the effect of one draw of the evidence (its uncertainty interval)"
            )
            info["parameter_uncertainty"] = comparison.uncertain
        about = {
            "results of": info["title"],
            "what": info["what"],
            "scenario files": ", ".join(extra.get("scenario_files", [])),
            "seeds": ", ".join(str(s) for s in sorted({r.seed for r in comparison.runs})),
            "replications": extra.get("replications", ""),
            "persons": extra.get("persons") or "as in the scenario files",
            "years": extra.get("years") or "as in the scenario files",
            "lifecourse version": info["versions"].get("lifecourse", ""),
            "git revision": info["git_revision"],
        }
        if comparison.draws is not None:
            about["parameter uncertainty"] = (
                f"{comparison.draws.parameter.nunique()} parameters drawn once per replication,"
                " the same draw for every scenario: the intervals include parameter and"
                " stochastic uncertainty (sheets parameter_draws and parameter_ranges)"
            )
        write_workbook(tmp / "results.xlsx", sheets, about, COLUMN_MEANINGS)
        (tmp / "manifest.json").write_text(json_text(info))
    return out


#: what the columns of a comparison's tables mean where their label alone does not say
COLUMN_MEANINGS = {
    "scenario": "the alternative scenario (comparison) or the scenario run",
    "period": "horizon: the whole simulated period; a year: that calendar year",
    "subgroup": "the group of people (all: everyone aged 15 to the AOW age)",
    "indicator": "what is measured (its label in the next column)",
    "base_mean": "the base scenario's value, mean over replications",
    "scenario_mean": "the alternative scenario's value, mean over replications",
    "difference": "scenario minus base, mean of the paired differences (same seeds)",
    "ci_low": "95% interval of the difference (or mean), low end (t-distribution)",
    "ci_high": "95% interval of the difference (or mean), high end (t-distribution)",
    "ui_low": "with parameter uncertainty: the low end of the range where one draw of the"
    " evidence puts the difference (95%: mean - t sd sqrt(1 + 1/n)); does not narrow with more"
    " replications",
    "ui_high": "with parameter uncertainty: the high end of that range (mean + t sd sqrt(1 + 1/n))",
    "replications": "replications the mean and interval rest on",
    "replication": "replication number (0, 1, ...): the seed is the base seed plus it",
    "seed": "random seed of the run",
    "value": "the indicator's value in that run",
    "date": "calendar month (YYYY-MM); the first row is the starting state",
    "mean": "mean over replications",
    "months": "months after the start of the intervention",
    "treated": "share working among the treated",
    "control": "share working in the control group",
    "basis": "what the interval rests on",
    "parameter": "a parameter's dotted path (lifecourse params lists them)",
    "quantile": "the uniform behind the draw, the same for every scenario: the drawn value's"
    " quantile in the parameter's distribution",
    "drawn_value": "the parameter's value in this replication's runs",
    "point_value": "the parameter's value without parameter uncertainty",
    "distribution": "uniform, triangular or normal (truncated to the allowed range)",
    "low": "low end of the range (a normal: of its 95% interval)",
    "high": "high end of the range (a normal: of its 95% interval)",
    "mode": "most likely value (a normal: its mean)",
    "sd": "standard deviation of a normal",
    "source": "where the range comes from",
    "derivation": "how the range was computed",
    "range": "the distribution in words",
    "scenarios": "the scenarios that drew this value (parameter_draws) or range (parameter_ranges)",
    "unit": "the parameter's unit",
    "measure": "participants: who took part in an intervention, their own gain in months in"
    " work, the others' change per participant, the net, the share of the gain the others lost"
    " (each person paired with themself in the base run)",
}


def write_validation(
    result: pd.DataFrame,
    out: Path,
    sensitivity: pd.DataFrame | None = None,
    overrides: pd.DataFrame | None = None,
    overrides_from: Path | None = None,
    failed: list[dict[str, Any]] | None = None,
) -> Path:
    """validation.csv and validation.md (the markdown the command prints), and with the
    classifiers' sensitivity to their cut-offs, sensitivity.csv and its table in the markdown;
    with parameter overrides (``--parameters``), parameters.csv and their table; with runs
    that failed, failed.json; written atomically."""
    with atomic_folder(out) as tmp:
        result.to_csv(tmp / "validation.csv", index=False)
        text = validation_markdown(result) + "\n"
        if sensitivity is not None and len(sensitivity):
            sensitivity.to_csv(tmp / "sensitivity.csv", index=False)
            text += "\nClassifier sensitivity:\n\n" + sensitivity_markdown(sensitivity) + "\n"
        if overrides is not None:
            from simulation.calibration import overrides_markdown

            overrides.to_csv(tmp / "parameters.csv", index=False)
            text += "\n" + overrides_markdown(overrides, overrides_from or "") + "\n"
        (tmp / "validation.md").write_text(text)
        if failed:
            (tmp / "failed.json").write_text(json_text(failed))
    return out
