"""Alignment at run time: a process's totals follow an external series (issue 15, point 6).

As LIAM2's ``align()`` and SimPaths' alignment do, the model keeps each person's relative risk
and scales the probabilities: each month, before a process draws, it reports its own expected
count ``E = sum(p_i)`` by cell (deaths: by sex), the :class:`Aligner` sets the factor
``f = T / E`` with ``T`` the series' yearly national total for the month's year, a twelfth of it,
scaled to the simulation (``Immigration.scale``: simulated residents 15-67 over the national
figure), and the process draws ``min(1, f * p_i)`` with its usual common random numbers (a draw
below ``f * p_i`` is the same test, as draws are below 1). A factor outside the entry's ``clip``
range is capped there and flagged: the model and the series then disagree by more than alignment
should hide. The run keeps, per process, group and year, the target, the model's expected count
before alignment, the factor and the events that happened (:meth:`Aligner.frame`), written as
``alignment.csv`` and drawn by :func:`simulation.report.alignment_figure`.

Without an ``alignment:`` section no process has an aligner, and every process takes exactly
the path it took before alignment existed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from simulation.alignspec import AlignmentSpec, read_series

#: the cells each process reports its expected and realized counts in: deaths by sex (code
#: order), the others as one cell
CELLS = {"births": 1, "deaths": 2, "emigration": 1, "immigration": 1}
COLUMNS = (
    "process", "group", "period", "months", "target", "expected", "factor", "factor_min",
    "factor_max", "clipped", "applied", "realized",
)  # fmt: skip


class Aligner:
    """The alignment of one process: the factor each month, and its record per year."""

    def __init__(self, spec: AlignmentSpec, series: dict[int, np.ndarray], scale: float):
        self.spec = spec
        self.process = spec.process
        self.series = series
        #: simulated persons per person in the Netherlands
        self.scale = scale
        self.labels = spec.group_labels()
        cells = CELLS[spec.process]
        #: the group each cell of the process belongs to
        self.cell_group = np.arange(cells) if spec.groups else np.zeros(cells, np.int64)
        #: per year: sums over its months (model units) and the range of the monthly factor
        self.years: dict[int, dict[str, Any]] = {}

    def _year(self, year: int) -> dict[str, Any]:
        n = len(self.labels)
        if year not in self.years:
            self.years[year] = {
                "months": 0, "target": np.zeros(n), "expected": np.zeros(n),
                "factor_min": np.full(n, np.inf), "factor_max": np.full(n, -np.inf),
                "clipped": np.zeros(n, bool), "realized": np.zeros(n),
            }  # fmt: skip
        return self.years[year]

    def factors(self, month: int, expected_cells: np.ndarray) -> np.ndarray:
        """This month's factor for each cell, given the process's expected count per cell
        before alignment (and recorded). Ones when the entry only reports (``apply: false``)."""
        year = month // 12
        expected = np.bincount(
            self.cell_group,
            weights=np.asarray(expected_cells, np.float64),
            minlength=len(self.labels),
        )
        target = self.series[year] * self.scale / 12.0
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = np.where(expected > 0, target / expected, np.where(target > 0, np.inf, 1.0))
        low, high = self.spec.clip
        factor = np.clip(raw, low, high)
        record = self._year(year)
        record["months"] += 1
        record["target"] += target
        record["expected"] += expected
        record["factor_min"] = np.minimum(record["factor_min"], raw)
        record["factor_max"] = np.maximum(record["factor_max"], raw)
        record["clipped"] |= factor != raw
        if not self.spec.apply:
            factor = np.ones_like(factor)
        return factor[self.cell_group]

    def realized(self, month: int, counts_cells: np.ndarray) -> None:
        """The events that happened this month, per cell."""
        counts = np.bincount(
            self.cell_group,
            weights=np.asarray(counts_cells, np.float64),
            minlength=len(self.labels),
        )
        self._year(month // 12)["realized"] += counts

    def frame(self) -> pd.DataFrame:
        """One row per group and year, in national numbers (the model's counts divided by the
        scale): the series' total for the months simulated, the model's expected count before
        alignment, the factor (their ratio) and the range of the monthly factors, whether a
        month was capped at ``clip``, whether the factor was applied, and the events counted."""
        rows = []
        for year, r in sorted(self.years.items()):
            for g, label in enumerate(self.labels):
                expected, target = r["expected"][g], r["target"][g]
                rows.append(
                    {
                        "process": self.process,
                        "group": label,
                        "period": year,
                        "months": r["months"],
                        "target": target / self.scale,
                        "expected": expected / self.scale,
                        "factor": target / expected if expected > 0 else float("nan"),
                        "factor_min": r["factor_min"][g],
                        "factor_max": r["factor_max"][g],
                        "clipped": bool(r["clipped"][g]),
                        "applied": self.spec.apply,
                        "realized": r["realized"][g] / self.scale,
                    }
                )
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        return frame.round(
            {
                "target": 1,
                "expected": 1,
                "realized": 1,
                "factor": 4,
                "factor_min": 4,
                "factor_max": 4,
            }
        )


def build_aligners(specs: list[AlignmentSpec], scenario_file: str, scale: float) -> dict:
    """The scenario's aligners by process (series read again: the scenario was checked)."""
    if specs and scale <= 0:
        raise ValueError("alignment needs residents aged 15-67 to scale the series to")
    return {s.process: Aligner(s, read_series(s, scenario_file), scale) for s in specs}


def alignment_frame(aligners: dict[str, Aligner]) -> pd.DataFrame:
    """All aligned processes' yearly records (empty without alignment)."""
    frames = [a.frame() for a in aligners.values()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


def alignment_summary(frame: pd.DataFrame) -> str:
    """A few lines for the terminal: per process and group, the factor's range over the years
    and how many years were capped."""
    lines = ["alignment (factor = series / model's own expected count; 1 = they agree)"]
    for (process, group), rows in frame.groupby(["process", "group"], sort=False):
        capped = int(rows.clipped.sum())
        note = f", capped in {capped} year(s)" if capped else ""
        note += "" if rows.applied.all() else " (reported, not applied)"
        label = process if group == "all" else f"{process} ({group})"
        lines.append(
            f"  {label:<22} factor {rows.factor.min():.2f}-{rows.factor.max():.2f}"
            f" over {rows.period.min()}-{rows.period.max()}{note}"
        )
    return "\n".join(lines)
