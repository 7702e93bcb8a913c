"""Calibration: fit free parameters to a validation case's targets.

The objective is the sum over targets of their squared miss (:meth:`Target.miss`: for a value,
(simulated - published) / tolerance; for a lower bound, how far below it), with the
simulated value the mean over fixed seeds: common random numbers make the objective a smooth
function of the parameters, so a derivative-free optimiser (Nelder-Mead, scipy's search in
:mod:`simulation.neldermead`, which can evaluate a step's points together) converges. The
result is a parameter file whose entries say ``source: calibrated to …`` with the fit quality;
the defaults are updated from it, and re-running reproduces it (same seeds, same optimiser).

A calibration file (``scenarios/validation/calibration/*.yaml``)::

    case: almere
    free:
      interventions.case_management.job_finding_factor: [1.0, 3.0]
    targets: [A10.4_6, A10.4_12, A10.4_18]
    replications: 2
    max_evaluations: 40

``case`` may list several cases (``case: [ww_entrants, cross_section]``): the targets are then
drawn from all of them and fitted jointly, for parameters that shape more than one population
(a cohort's careers and the cross-section's unemployment).

``scale`` fits the level of a table whose proportions come from elsewhere: the default table's
proportions are kept and the mean of its cells is the free value (``labour.job_finding: [0.1,
0.6]`` keeps the ratios of the education levels and fits how fast job seekers find work). The
fit writes the table; as the proportions do not change, re-running it reproduces it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulation.errors import LifecourseError, ParameterError, did_you_mean
from simulation.executors import in_order
from simulation.neldermead import nelder_mead
from simulation.parameters import Parameters
from simulation.scenario import load_scenario
from simulation.validation import CASES, FOLDER, Case, Target
from simulation.validation.framework import case_run
from simulation.yamlfiles import load_file

_NEEDED = (
    "a calibration file needs case, free (parameter: [low, high]) or scale (table: [low, high])"
    " and targets"
)


class CalibrationSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    case: str | list[str]
    free: dict[str, list[float]] = Field(default_factory=dict)
    scale: dict[str, list[float]] = Field(default_factory=dict)
    targets: list[str] = Field(min_length=1)
    replications: int = Field(2, ge=1, le=100)
    max_evaluations: int = Field(40, ge=2, le=10_000)


@dataclass
class Fit:
    values: dict[str, Any]  # a number, or a scaled table (dict of cells)
    objective: float
    evaluations: int
    simulated: dict[str, float]
    targets: dict[str, Target]
    factors: dict[str, float] = field(default_factory=dict)  # scaled tables: path -> mean
    #: points whose runs failed, scored as the worst: (evaluation, the first run's error)
    failed: list[tuple[int, str]] = field(default_factory=list)

    def parameter_file(self, case: str) -> dict[str, Any]:
        """The fitted values as parameter entries with their source (YAML-ready); ``case`` is
        the case's name, or the names joined with ' + ' for a joint fit."""
        ids = ", ".join(self.targets)
        stamp = dt.date.today().isoformat()
        fit = "; ".join(
            f"{k} {self.simulated[k]:.4g} vs {t.published:g} +- {t.tolerance:g}"
            for k, t in self.targets.items()
        )
        source = (
            f"calibrated to {ids} (case {case}; objective {self.objective:.3g}"
            f" after {self.evaluations} evaluations; {stamp})"
        )
        entries = {}
        for path, value in self.values.items():
            if path in self.factors:
                entries[path] = {
                    "value": {k: round(v, 6) for k, v in value.items()},
                    "source": source,
                    "derivation": f"the default table's proportions at a mean of"
                    f" {self.factors[path]:.6g}; fit: {fit}",
                }
            else:
                entries[path] = {"value": round(value, 6), "source": source,
                                 "derivation": f"fit: {fit}"}  # fmt: skip
        return entries


def find_case(name: str) -> Case:
    for case in CASES:
        if case.name == name:
            return case
    names = [c.name for c in CASES]
    raise LifecourseError(f"unknown validation case '{name}'{did_you_mean(name, names)}")


def simulate(
    case: Case | Sequence[Case],
    values: dict[str, Any],
    replications: int,
    persons: int | None = None,
    executor: Executor | None = None,
    errors: list[tuple[int, str]] | None = None,
) -> dict[str, float]:
    """Mean of the case's measures over ``replications`` fixed seeds, with ``values`` set; for
    several cases, all their measures. Every run of the point goes to ``executor`` at once
    (in this process without one); the means are the same on any executor. With ``errors``
    (a list) a failed run is left out and its error kept there; without, it stops the fit."""
    each = None if errors is None else [errors]
    return simulate_points(case, [values], replications, persons, executor, each)[0]


def simulate_points(
    case: Case | Sequence[Case],
    points: Sequence[dict[str, Any]],
    replications: int,
    persons: int | None = None,
    executor: Executor | None = None,
    errors: list[list[tuple[int, str]]] | None = None,
) -> list[dict[str, float]]:
    """:func:`simulate` for several points at once, every run of every point handed to
    ``executor`` together; ``errors``: a list per point."""
    cases = [case] if isinstance(case, Case) else list(case)
    runs = [(one, r) for one in cases for r in range(replications)]
    tasks = [(one, r, persons, values) for values in points for one, r in runs]
    failures = None if errors is None else []
    measured = iter(in_order(executor, case_run, tasks, failures=failures))
    for k, error in failures or []:
        errors[k // len(runs)].append((k % len(runs), error))
    out = []
    for _ in points:
        merged: dict[str, float] = {}
        for _ in cases:
            sums: dict[str, list[float]] = {}
            for _ in range(replications):
                for key, value in (next(measured) or {}).items():
                    sums.setdefault(key, []).append(value)
            merged.update({k: float(np.mean(v)) for k, v in sums.items()})
        out.append(merged)
    return out


def calibrate(
    case: Case | Sequence[Case],
    free: dict[str, tuple[float, float]],
    targets: dict[str, Target],
    replications: int = 2,
    max_evaluations: int = 40,
    start: dict[str, float] | None = None,
    progress: Callable[[int, float], None] | None = None,
    persons: int | None = None,
    scale: dict[str, tuple[float, float]] | None = None,
    executor: Executor | None = None,
    fail_fast: bool = False,
    lookahead: bool = False,
) -> Fit:
    """Nelder-Mead (:mod:`simulation.neldermead`) over the free parameters scaled to [0, 1],
    from the middle of the bounds; ``max_evaluations``: the points the search asks for. With
    ``lookahead`` each step's candidate points are evaluated together (their runs side by
    side on ``executor``): the same fit, two to three times the points evaluated. ``scale``
    names tables whose mean is free, their proportions the defaults'. A point with a failed
    run scores as the worst (infinite) and is listed in ``Fit.failed`` (``fail_fast``: its
    error stops the fit); no point without one is an error."""
    scale = scale or {}
    tables = {path: _proportions(path) for path in scale}
    free = {**free, **scale}
    names = list(free)

    def settings(factors: dict[str, float]) -> dict[str, Any]:
        """The overrides for one point: numbers as they are, scaled tables cell by cell."""
        return {
            n: {k: v * x for k, v in tables[n].items()} if n in tables else x
            for n, x in factors.items()
        }

    low = np.array([free[n][0] for n in names], dtype=float)
    high = np.array([free[n][1] for n in names], dtype=float)
    # the search starts in the middle of the bounds (not at the current defaults), so that
    # re-running a calibration after the defaults were updated from it reproduces it
    if start is None:
        start = {n: (free[n][0] + free[n][1]) / 2 for n in names}
    x0 = np.clip((np.array([start[n] for n in names]) - low) / (high - low), 0, 1)
    #: each point evaluated: its loss, the means measured, the first failed run's error
    cache: dict[tuple[float, ...], tuple[float, dict[str, float], str | None]] = {}
    used: dict[tuple[float, ...], None] = {}  # the points the search read: its evaluations
    failed: list[tuple[int, str]] = []

    def key_of(x: np.ndarray) -> tuple[float, ...]:
        """Points within 1e-10 share one evaluation, the first one run (before lookahead
        existed too: Nelder-Mead's points that close are one point reached two ways)."""
        return tuple(np.round(np.clip(x, 0, 1), 10))

    def point(x: np.ndarray) -> dict[str, Any]:
        return settings(dict(zip(names, (low + x * (high - low)).tolist(), strict=True)))

    def objective(points: list[np.ndarray]) -> list[float]:
        """The points' losses; every run of the points not yet scored goes out at once."""
        keys = [key_of(x) for x in points]
        new = {key: np.clip(x, 0, 1) for key, x in zip(keys, points, strict=True)}
        new = {key: x for key, x in new.items() if key not in cache}
        if new:
            # a lookahead's candidate the search may never read must not stop the fit: its
            # failure is kept and acted on if the search reads it (``read``)
            each = None if fail_fast and not lookahead else [[] for _ in new]
            simulated = simulate_points(
                case, [point(x) for x in new.values()], replications, persons, executor, each
            )
            for k, key in enumerate(new):
                error = each[k][0][1] if each and each[k] else None
                loss = math.inf if error else sum(
                    t.miss(simulated[k][i]) ** 2 for i, t in targets.items()
                )  # fmt: skip
                cache[key] = (loss, simulated[k], error)
        return [cache[key][0] for key in keys]

    def read(x: np.ndarray) -> None:
        """The search reads a point: the first time, it is an evaluation (counted, reported,
        and a failed run recorded or, with ``fail_fast``, raised)."""
        key = key_of(x)
        if key in used:
            return
        used[key] = None
        loss, _, error = cache[key]
        if error is not None:
            if fail_fast:
                raise RuntimeError(f"calibrate: evaluation {len(used)} had a failed run: {error}")
            failed.append((len(used), error))
        if progress:
            progress(len(used), loss)

    # Nelder-Mead's starting points depend on no value, nor do a shrink's: their runs go to
    # the executor at once; with ``lookahead`` so do every step's candidates. The search reads
    # the values in the same order either way, so the fit, its count of evaluations, its
    # progress and its failures are the same
    result = nelder_mead(
        objective, _simplex(x0), np.zeros(len(names)), np.ones(len(names)), max_evaluations,
        xatol=1e-3, fatol=1e-3, lookahead=lookahead, asked=read,
    )  # fmt: skip
    best = np.clip(result.x, 0, 1)
    loss, simulated, _ = cache[key_of(best)]  # the best point was evaluated
    if math.isinf(loss):
        raise LifecourseError(f"calibrate: every point evaluated had a failed run: {failed[0][1]}")
    values = dict(zip(names, (low + best * (high - low)).tolist(), strict=True))
    factors = {n: values[n] for n in tables}
    return Fit(settings(values), float(loss), len(used), simulated, targets, factors, failed)


def _proportions(path: str) -> dict[Any, float]:
    """A default table of numbers (one level, as ``labour.job_finding``) divided by its mean,
    for ``scale``; anything else is a one-line error."""
    try:
        value = Parameters.defaults()[path]
    except ParameterError as exc:
        raise LifecourseError(f"scale.{path}: {exc}") from None
    if not isinstance(value, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
    ):
        raise LifecourseError(
            f"scale.{path}: not a table of numbers (scale fits the mean of one;"
            " give a single number under free)"
        )
    mean = float(np.mean(list(value.values())))
    if mean <= 0:
        raise LifecourseError(f"scale.{path}: the table's mean is not above 0")
    return {k: float(v) / mean for k, v in value.items()}


def _simplex(x0: np.ndarray) -> np.ndarray:
    """A starting simplex a quarter of the range wide, inside [0, 1]."""
    points = [x0]
    for i in range(x0.size):
        step = np.zeros_like(x0)
        step[i] = 0.25 if x0[i] <= 0.75 else -0.25
        points.append(x0 + step)
    return np.array(points)


def load_calibration(path: str | Path) -> tuple[list[Case], CalibrationSpec]:
    path = Path(path)
    where = str(path)
    data, _ = load_file(path, "calibration", LifecourseError)
    if not isinstance(data, dict):
        raise LifecourseError(f"{where}: a calibration file is a mapping (case, free, targets, …)")
    try:
        spec = CalibrationSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        if err["type"] == "extra_forbidden":
            allowed = sorted(CalibrationSpec.model_fields)
            hint = did_you_mean(str(err["loc"][-1]), allowed)
            raise LifecourseError(
                f"{where}: unknown key '{loc}'{hint}; allowed: {', '.join(allowed)}"
            ) from None
        if err["type"] == "too_short":
            raise LifecourseError(f"{where}: {loc}: empty; {_NEEDED}") from None
        if err["type"] == "missing":
            raise LifecourseError(f"{where}: {loc}: missing; {_NEEDED}") from None
        raise LifecourseError(f"{where}: {loc}: {err['msg']}") from None
    names = [spec.case] if isinstance(spec.case, str) else spec.case
    if not names:
        raise LifecourseError(f"{where}: case: name at least one validation case")
    cases = [find_case(name) for name in names]
    known = {t.id for case in cases for t in case.targets}
    for target in spec.targets:
        if target not in known:
            hint = did_you_mean(target, known)
            raise LifecourseError(
                f"{where}: targets: '{target}' is not a target of {' or '.join(names)}{hint}"
            )
    if not spec.free and not spec.scale:
        raise LifecourseError(f"{where}: free: empty; {_NEEDED}")
    for name in set(spec.free) & set(spec.scale):
        raise LifecourseError(f"{where}: scale.{name}: also under free; fit it one way")
    tables = {}
    for name, bounds in spec.scale.items():
        if len(bounds) != 2 or not 0 < bounds[0] < bounds[1]:
            raise LifecourseError(f"{where}: scale.{name}: give [low, high] with 0 < low < high")
        try:
            tables[name] = _proportions(name)
        except LifecourseError as exc:
            raise LifecourseError(f"{where}: {exc}") from None
    for case in cases:
        params = load_scenario(FOLDER / case.scenario).resolved_parameters()
        for name, bounds in spec.free.items():
            if len(bounds) != 2 or bounds[0] >= bounds[1]:
                raise LifecourseError(f"{where}: free.{name}: give [low, high] with low < high")
            try:
                for bound in bounds:
                    params.with_overrides({name: float(bound)}, where)
            except ParameterError as exc:
                raise LifecourseError(str(exc)) from None
        for name, bounds in spec.scale.items():
            try:
                for bound in bounds:
                    cells = {k: v * bound for k, v in tables[name].items()}
                    params.with_overrides({name: cells}, where)
            except ParameterError as exc:
                raise LifecourseError(f"{where}: scale.{name}: {exc}") from None
    return cases, spec


def run_calibration(
    path: str | Path,
    progress=None,
    executor: Executor | None = None,
    fail_fast: bool = False,
    lookahead: bool = False,
) -> Fit:
    """The fit a calibration file asks for; each point's runs on ``executor`` (with
    ``lookahead``, each step's candidates' runs together)."""
    cases, spec = load_calibration(path)
    targets = {t.id: t for case in cases for t in case.targets if t.id in spec.targets}
    free = {k: (v[0], v[1]) for k, v in spec.free.items()}
    scale = {k: (v[0], v[1]) for k, v in spec.scale.items()}
    return calibrate(
        cases, free, targets, spec.replications, spec.max_evaluations, progress=progress,
        scale=scale, executor=executor, fail_fast=fail_fast, lookahead=lookahead,
    )  # fmt: skip


def load_parameter_file(
    path: Path, cases: Sequence[Case], flag: str = "--parameters"
) -> dict[str, dict[str, Any]]:
    """A file of parameter overrides, as ``lifecourse calibrate`` writes them (``path: {value,
    source, derivation}``, or ``path: value``), checked against every case's scenario as its
    ``parameters:`` section would be; an entry without a source gets the file as its source.
    Every problem is one :class:`LifecourseError` line naming ``flag``, the file and the key."""
    where = f"{flag} {path}"
    try:
        data, _ = load_file(path, "parameter", LifecourseError)
    except LifecourseError as exc:
        raise LifecourseError(f"{flag} {exc}") from None
    shape = "dotted parameter paths, each {value: …, source: …} or a value (as calibrate writes)"
    if not isinstance(data, dict) or not data:
        raise LifecourseError(f"{where}: a parameter file is a mapping of {shape}")
    overrides: dict[str, dict[str, Any]] = {}
    for key, raw in data.items():
        if not isinstance(key, str):
            raise LifecourseError(f"{where}: key {key!r}: allowed: {shape}")
        entry = raw if isinstance(raw, dict) and "value" in raw else {"value": raw}
        overrides[key] = {"source": f"parameter file {path}", **entry}
    try:
        Parameters.defaults().with_overrides(overrides, where, section="")
        for scenario in dict.fromkeys(case.scenario for case in cases):
            params = load_scenario(FOLDER / scenario).resolved_parameters()
            params.with_overrides(overrides, where, section="")
    except ParameterError as exc:
        raise LifecourseError(str(exc)) from None
    return overrides


def overrides_table(overrides: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """The overrides applied, one row each: parameter, value, source, derivation."""
    rows = [
        {"parameter": path, "value": json.dumps(entry["value"]), "source": entry["source"],
         "derivation": str(entry.get("derivation", ""))}
        for path, entry in overrides.items()
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["parameter", "value", "source", "derivation"])


def overrides_markdown(table: pd.DataFrame, path: Path | str) -> str:
    """The overrides as the markdown a validation prints and writes below its tables."""
    lines = [f"Parameter overrides from {path} (--parameters), in every case:", "",
             "| parameter | value | source |", "|---|---|---|"]  # fmt: skip
    lines += [f"| {r.parameter} | {r.value} | {r.source} |" for r in table.itertuples()]
    return "\n".join(lines)


def synthetic(target: Target, value: float, tolerance: float) -> Target:
    """A target with a made-up published value (for testing that calibration recovers it)."""
    return replace(target, published=value, tolerance=tolerance)
