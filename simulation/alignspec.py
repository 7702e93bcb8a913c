"""A scenario's ``alignment:`` section: which process follows which external series, checked
before any work starts (issue 15, point 6; the mechanism is :mod:`simulation.alignment`).

An entry names a process, a series of yearly national totals (a CSV file or an inline
``{2020: 168000, …}``), the column of the file, the groups (``by``) and the range the factor may
move in (``clip``)::

    alignment:
      - process: births
        series: ../simulation/data/cbs_forecast.csv   # relative to the scenario file, or a
        column: births                                # file name in simulation/data/
        by: [year]                                    # deaths may add sex: [year, sex]

A series file is a CSV with a ``year`` column (lines starting with ``#`` are comments), the
value column, and for a group its column (``sex``: male, female). Every year of the run must
have a non-negative total for every group, without gaps; an inline series starts with the run.
Mistakes are one-line errors naming the file, the line, the field and what is allowed.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from simulation.errors import did_you_mean

#: the processes a scenario may align, and the groups each may be aligned by besides the year
GROUPS: dict[str, tuple[str, ...]] = {
    "births": (),
    "deaths": ("sex",),
    "emigration": (),
    "immigration": (),
}
PROCESSES = tuple(GROUPS)
#: the values of a group column in a series file, in code order (simulation.codes.Sex)
GROUP_VALUES = {"sex": ("male", "female")}
#: the shipped series files (a bare file name in a scenario is looked up here)
DATA = Path(__file__).resolve().parent / "data"
#: a factor beyond halving or doubling the model's own total says the model and the series
#: count different things: it is capped there and flagged (a design default, not a fact)
DEFAULT_CLIP = (0.5, 2.0)


class AlignmentSpec(BaseModel):
    """One aligned process (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    process: str
    series: Any
    column: str | None = None
    by: list[str] = ["year"]
    clip: tuple[float, float] = DEFAULT_CLIP
    #: false: compute and report the factor the series would need, but leave the run unchanged
    apply: bool = True

    @field_validator("process")
    @classmethod
    def _known_process(cls, process: str) -> str:
        if process not in PROCESSES:
            hint = did_you_mean(process, PROCESSES)
            raise ValueError(f"unknown process '{process}'{hint}; allowed: {', '.join(PROCESSES)}")
        return process

    @field_validator("series")
    @classmethod
    def _file_or_years(cls, series: Any) -> str | dict[int, float]:
        if isinstance(series, str) and series.strip():
            return series
        if not isinstance(series, dict) or not series:
            raise ValueError(
                f"expected a CSV file name or a table of yearly totals ({{2020: 168000, …}}),"
                f" got {series!r}"[:200]
            )
        out = {}
        for year, value in series.items():
            try:
                whole = float(year).is_integer()
            except (TypeError, ValueError):
                whole = False
            if not whole or isinstance(year, bool):
                raise ValueError(f"{year!r} is not a year; allowed: whole years such as 2020")
            out[int(float(year))] = _total(value, str(year))
        return out

    @field_validator("clip")
    @classmethod
    def _sane_clip(cls, clip: tuple[float, float]) -> tuple[float, float]:
        low, high = clip
        if not (0 < low <= 1 <= high <= 100) or not all(map(math.isfinite, clip)):
            raise ValueError(f"{list(clip)}: allowed: [low, high] with 0 < low <= 1 <= high <= 100")
        return clip

    @model_validator(mode="after")
    def _known_groups(self) -> AlignmentSpec:
        allowed = ("year", *GROUPS[self.process])
        for group in self.by:
            if group not in allowed:
                raise ValueError(
                    f"by: unknown group '{group}' for {self.process}"
                    f"{did_you_mean(group, allowed)}; allowed: {', '.join(allowed)}"
                )
        if len(set(self.by)) < len(self.by):
            raise ValueError(f"by: {self.by} names a group twice")
        if isinstance(self.series, dict) and self.groups:
            raise ValueError(
                f"an inline series is by year only; for by: {self.by} give a file with a"
                f" '{self.groups[0]}' column"
            )
        return self

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups besides the year (at most one: sex)."""
        return tuple(g for g in self.by if g != "year")

    @property
    def value_column(self) -> str:
        return self.column or self.process

    def group_labels(self) -> tuple[str, ...]:
        return GROUP_VALUES[self.groups[0]] if self.groups else ("all",)


def series_path(series: str, scenario_file: str) -> Path:
    """A series file: relative to the scenario file, else a file shipped in simulation/data/."""
    base = Path(scenario_file).parent if scenario_file else Path.cwd()
    path = base / series
    if not path.exists() and (DATA / series).exists():
        return DATA / series
    return path


def read_series(spec: AlignmentSpec, scenario_file: str) -> dict[int, np.ndarray]:
    """The series as {year: totals by group (float64, group code order)}; ValueError with a
    one-line reason if it cannot be used."""
    if isinstance(spec.series, dict):
        return {year: np.array([value]) for year, value in spec.series.items()}
    path = series_path(spec.series, scenario_file)
    if not path.is_file():
        raise ValueError(f"no such series file '{path}'")
    try:
        frame = pd.read_csv(path, comment="#", skipinitialspace=True)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise ValueError(f"{path}: not a readable CSV ({reason})") from None
    need = ["year", spec.value_column, *spec.groups]
    for column in need:
        if column not in frame.columns:
            columns = [str(c) for c in frame.columns if not str(c).endswith("_source")]
            hint = did_you_mean(column, columns)
            raise ValueError(
                f"{path}: no column '{column}'{hint}; the file has: {', '.join(columns)}"
            )
    return _by_year(frame[need], spec, path)


def _total(value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {value!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{where}: negative or not finite total {value!r}; allowed: 0 or more")
    return number


def _by_year(frame: pd.DataFrame, spec: AlignmentSpec, path: Path) -> dict[int, np.ndarray]:
    labels = spec.group_labels()
    out: dict[int, np.ndarray] = {}
    for row in frame.itertuples(index=False):
        year, value = row[0], row[1]
        try:
            ok = float(year).is_integer()
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"{path}: year {year!r} is not a whole year")
        year = int(float(year))
        group = 0
        if spec.groups:
            label = str(row[2]).strip().lower()
            if label not in labels:
                raise ValueError(
                    f"{path}: {year}: unknown {spec.groups[0]} '{row[2]}'; allowed:"
                    f" {', '.join(labels)}"
                )
            group = labels.index(label)
        totals = out.setdefault(year, np.full(len(labels), np.nan))
        if not np.isnan(totals[group]):
            raise ValueError(f"{path}: {year} {labels[group]} is given twice")
        totals[group] = _total(value, f"{path}: {year} {spec.value_column}")
    for year, totals in out.items():
        if np.isnan(totals).any():
            missing = labels[int(np.flatnonzero(np.isnan(totals))[0])]
            raise ValueError(f"{path}: {year} has no value for {spec.groups[0]} '{missing}'")
    return out


def check_years(spec: AlignmentSpec, series: dict[int, np.ndarray], first: int, last: int) -> None:
    """The series covers every year of the run (``first`` to ``last``) without gaps; an inline
    series starts with the run (a file, such as a forecast, may span more years)."""
    years = sorted(series)
    if not years:
        raise ValueError("the series is empty")
    for a, b in itertools.pairwise(years):
        if b != a + 1:
            raise ValueError(f"a gap in the years: {a + 1}-{b - 1} missing between {a} and {b}")
    if years[0] > first or years[-1] < last:
        raise ValueError(
            f"covers {years[0]}-{years[-1]}, the run {first}-{last}; allowed: a value for every"
            " year of the run"
        )
    # a year after the run is allowed (``--years`` may shorten a run); one before it never applies
    if isinstance(spec.series, dict) and years[0] < first:
        raise ValueError(
            f"{years[0]} is outside the run ({first}-{last}); allowed: years of the run"
        )


def check_scenario(
    specs: list[AlignmentSpec],
    scenario_file: str,
    population: Any,
    first: int,
    last: int,
) -> tuple[tuple[Any, ...], str] | None:
    """The first problem of a scenario's alignments as (key path, message), or None: the
    population must be a cross-section (its totals are scaled to the Netherlands), emigration
    and immigration need the flows, a process is aligned once, and each series covers the run
    (``first`` to ``last``, calendar years)."""
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        where = ("alignment", index)
        if population.kind != "cross_section":
            return (*where, "process"), (
                f"alignment needs a cross_section population, not '{population.kind}': the"
                " series are national totals, scaled by the residents 15-67"
            )
        if spec.process in ("emigration", "immigration") and not population.simulates_immigration:
            return (*where, "process"), (
                f"{spec.process} is aligned but the population has no migration flows"
                " (population.immigration: false); allowed: births, deaths"
            )
        if spec.process in seen:
            return (*where, "process"), f"{spec.process} is aligned twice; align each process once"
        seen.add(spec.process)
        try:
            check_years(spec, read_series(spec, scenario_file), first, last)
        except ValueError as exc:
            return (*where, "series"), str(exc)
    return None
