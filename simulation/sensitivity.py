"""The end of a sweep: Sobol indices, figures and ``results.parquet``, each written atomically.

``results.parquet`` is written last, after the analysis succeeded: a folder with it is finished.
A sweep whose runs are all done only does this step when run again (``--resume``), so the analysis
can be re-run alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.plotting import pyplot
from simulation.preflight import write_atomic
from simulation.sweep import Sweep
from simulation.tables import label
from simulation.workbook import write_workbook


def sobol_indices(
    problem: dict[str, Any], outputs: dict[str, np.ndarray], seed: int = 0
) -> pd.DataFrame:
    """First-order and total Sobol indices with 95% confidence intervals (SALib, Saltelli)."""
    from SALib.analyze import sobol

    rows = []
    for indicator, y in outputs.items():
        result = sobol.analyze(
            problem, np.asarray(y, dtype=float), calc_second_order=False, seed=seed
        )
        for k, name in enumerate(problem["names"]):
            rows.append({
                "indicator": indicator, "parameter": name,
                "S1": result["S1"][k], "S1_conf": result["S1_conf"][k],
                "ST": result["ST"][k], "ST_conf": result["ST_conf"][k],
            })  # fmt: skip
    return pd.DataFrame(rows)


#: a first-order index may exceed the total one by this much before it is a sign of too few
#: samples (both are estimates; equal indices differ by sampling noise)
INDEX_SLACK = 0.01


def sobol_warnings(indices: pd.DataFrame, samples: int) -> list[str]:
    """What says the Sobol estimates are unstable: a first-order index above its total index
    (impossible for the true indices) or an interval wider than the index it brackets."""
    inverted = indices[indices.S1 > indices.ST + INDEX_SLACK]
    wide = indices[(indices.S1_conf > indices.S1.abs()) | (indices.ST_conf > indices.ST.abs())]
    if inverted.empty and wide.empty:
        return []
    pairs = len(indices)
    return [
        f"sensitivity: with {samples} Sobol base samples, {len(inverted)} of {pairs} first-order"
        f" indices exceed their total index and {len(wide)} of {pairs} have an interval wider"
        " than the index: too few samples for stable indices (raise design.samples)"
    ]


def analyse(sweep: Sweep, results: pd.DataFrame, out: Path) -> list[Path]:
    """sensitivity.csv (Sobol) and figures; returns the files written."""
    from matplotlib.ticker import MaxNLocator

    plt = pyplot()
    figures = out / "figures"
    figures.mkdir(exist_ok=True)
    written: list[Path] = []
    means = results.groupby("point", sort=True)[list(sweep.spec.keep)].mean()
    if sweep.spec.design.method == "sobol":
        indices = sobol_indices(
            sweep.problem(),
            {k: means[k].to_numpy() for k in sweep.spec.keep},
            sweep.spec.design.seed,
        )
        write_atomic(out / "sensitivity.csv", lambda p: indices.to_csv(p, index=False))
        written.append(out / "sensitivity.csv")
        for indicator, rows in indices.groupby("indicator", sort=False):
            fig, ax = plt.subplots(figsize=(6, 0.8 + 0.5 * len(rows)))
            y = np.arange(len(rows))
            ax.barh(y - 0.2, rows.S1, 0.4, xerr=rows.S1_conf, label="first order", color="#4477aa")
            ax.barh(y + 0.2, rows.ST, 0.4, xerr=rows.ST_conf, label="total", color="#ee6677")
            ax.set_yticks(y, rows.parameter, fontsize=9)
            ax.set_title(f"Sobol indices (95% intervals): {label(indicator).text}", fontsize=10)
            ax.set_xlabel("share of the variance of the indicator", fontsize=9)
            ax.legend(fontsize=9)
            fig.tight_layout()
            path = figures / f"sobol_{_safe(indicator)}.png"
            write_atomic(path, lambda p, fig=fig: fig.savefig(p, dpi=110, format="png"))
            plt.close(fig)
            written.append(path)
    else:
        values = results.groupby("point", sort=True)[sweep.names].first()
        for indicator in sweep.spec.keep:
            fig, axes = plt.subplots(1, len(sweep.names), figsize=(3.5 * len(sweep.names), 3))
            for ax, name in zip(np.atleast_1d(axes), sweep.names, strict=True):
                ax.scatter(values[name], means[indicator], s=12, color="#4477aa")
                ax.set_xlabel(name, fontsize=8)
                ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
                ax.tick_params(labelsize=8)
            fig.suptitle(f"{label(indicator).text}: mean over seeds per design point", fontsize=10)
            fig.tight_layout()
            path = figures / f"{_safe(indicator)}.png"
            write_atomic(path, lambda p, fig=fig: fig.savefig(p, dpi=110, format="png"))
            plt.close(fig)
            written.append(path)
    return written


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def finish(sweep: Sweep, results: pd.DataFrame, out: Path) -> list[Path]:
    """The analysis, ``results.csv``, ``results.xlsx`` (the tables and a README sheet), then
    ``results.parquet`` (one row per run, no timings: the same sweep gives the same file,
    however often it was interrupted); returns the files written."""
    written = analyse(sweep, results, out)
    csv = write_atomic(out / "results.csv", lambda p: results.to_csv(p, index=False))
    sheets = {"results": results}
    if (out / "sensitivity.csv").exists():
        sheets["sensitivity"] = pd.read_csv(out / "sensitivity.csv")
    book = write_atomic(
        out / "results.xlsx",
        lambda p: write_workbook(p, sheets, _about(sweep), _meanings(sweep)),
    )
    path = write_atomic(out / "results.parquet", lambda p: results.to_parquet(p, index=False))
    return [path, csv, book, *written]


def _about(sweep: Sweep) -> dict[str, object]:
    from simulation.outputs import git_revision, versions

    spec = sweep.spec
    return {
        "results of": f"sweep {sweep.source}",
        "scenario": f"{sweep.scenario.name} ({sweep.scenario.source})",
        "design": f"{spec.design.method}, {len(sweep.points):,} points x {spec.seeds} seed(s)",
        "seeds": ", ".join(str(s) for s in sweep.seeds),
        "persons": spec.persons or sweep.scenario.population.size,
        "years": spec.years or "as in the scenario",
        "lifecourse version": versions().get("lifecourse", ""),
        "git revision": git_revision(),
    }


def _meanings(sweep: Sweep) -> dict[str, str]:
    meanings = {
        "run_id": "the run: design point and replicate",
        "point": "design point number",
        "replicate": "replicate of the point (its seed)",
        "seed": "random seed of the run",
        "parameter": "the parameter varied",
        "S1": "first-order Sobol index: share of the variance due to the parameter alone",
        "S1_conf": "half-width of the 95% interval of S1",
        "ST": "total Sobol index: share of the variance the parameter takes part in",
        "ST_conf": "half-width of the 95% interval of ST",
    }
    meanings.update({name: f"value of the parameter {name}" for name in sweep.names})
    return meanings
