"""Parameter sweeps and sensitivity analysis, locally or on a Dask cluster.

A sweep file names a base scenario, the parameters to vary, a design, the seeds per point and
the indicators to keep::

    scenario: ../scenarios/case_management_45plus.yaml   # relative to the sweep file
    design: {method: sobol, samples: 64}                  # grid | random | lhs | sobol
    vary:
      interventions.case_management.job_finding_factor: [1.0, 3.0]
      labour.flex_to_permanent: [0.01, 0.04]
    seeds: 2
    keep: [employment_rate, bijstand_share, net_public_cost_per_year]
    persons: 20000
    years: 10

Ranges ``[low, high]`` are sampled by ``random``, ``lhs`` and ``sobol``; ``grid`` takes lists of
values as they are, or ``levels`` evenly spaced values between two bounds. Indicators are the
outcomes over the horizon (``employment_rate``) or of a subgroup (``employment_rate@sex=female``).

Everything is checked here, before any run: the file, the base scenario, the ranges, the
indicators and the design's size (:data:`MAX_RUNS`, ``--max-runs`` to raise it). Running is in
:mod:`simulation.sweeprun`, the analysis in :mod:`simulation.sensitivity`.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulation.errors import LifecourseError, ParameterError, ScenarioError, did_you_mean
from simulation.scenario import Scenario, load_scenario
from simulation.summary import SUBGROUPS
from simulation.yamlfiles import load_file

#: runs a sweep may have unless ``--max-runs`` says more: at about a second a run on one core,
#: a day of two cores; the design points alone then take a few megabytes
MAX_RUNS = 100_000


class SweepError(LifecourseError):
    """A sweep file that cannot be run."""


class Design(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    method: Literal["grid", "random", "lhs", "sobol"] = "grid"
    samples: int = Field(16, gt=0, le=1_000_000)  # random, lhs: points; sobol: base samples N
    levels: int = Field(3, ge=2, le=1000)  # grid: values between two bounds
    seed: int = Field(0, ge=0)  # for drawing the design points


class SweepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    scenario: str
    design: Design = Design()
    vary: dict[str, list[float]] = Field(min_length=1)
    seeds: int = Field(1, ge=1, le=10_000)
    keep: list[str] = Field(min_length=1)
    persons: int | None = Field(None, gt=0, le=50_000_000)
    years: float | None = Field(None, ge=1 / 12, le=100)


def indicator_names() -> list[str]:
    """The outcome indicators a sweep can keep (over the horizon)."""
    from simulation.model import LifeCourseModel

    model = LifeCourseModel(persons=50, years=1 / 12, record_events=False)
    model.run()
    return sorted(set(model.outcomes().indicator))


class Sweep:
    """A validated sweep: the base scenario, the design points and the runs."""

    def __init__(self, spec: SweepSpec, scenario: Scenario, source: str, max_runs: int = MAX_RUNS):
        self.spec = spec
        self.scenario = scenario
        self.source = source
        self.names = list(spec.vary)
        self.seeds = [scenario.seed + k for k in range(spec.seeds)]
        runs = self.size() * len(self.seeds)
        if runs > max_runs:
            raise SweepError(
                f"{source}: design: {runs:,} runs ({self.size():,} points x {len(self.seeds)}"
                f" seeds); allowed: up to {max_runs:,} (--max-runs raises the limit)"
            )
        self.points = self._points()

    def size(self) -> int:
        """Design points, computed without drawing them (a grid of 10^12 is refused unbuilt)."""
        design, vary = self.spec.design, self.spec.vary
        k = len(self.names)
        if design.method == "grid":
            spaced = "levels" in design.model_fields_set
            return math.prod(
                design.levels if spaced and len(v) == 2 else len(v) for v in vary.values()
            )
        return design.samples * (k + 2) if design.method == "sobol" else design.samples

    # -- the design ------------------------------------------------------------------------------
    def problem(self) -> dict[str, Any]:
        """The design as SALib describes it."""
        return {
            "num_vars": len(self.names),
            "names": self.names,
            "bounds": [[min(v), max(v)] for v in self.spec.vary.values()],
        }

    def _points(self) -> np.ndarray:
        design, vary = self.spec.design, self.spec.vary
        if design.method == "grid":
            spaced = "levels" in design.model_fields_set
            axes = [
                np.linspace(v[0], v[1], design.levels) if spaced and len(v) == 2 else np.asarray(v)
                for v in vary.values()
            ]
            return np.array(list(itertools.product(*axes)), dtype=float)
        bounds = np.array(self.problem()["bounds"], dtype=float)
        if design.method == "random":
            u = np.random.default_rng(design.seed).random((design.samples, len(self.names)))
        elif design.method == "lhs":
            from SALib.sample import latin

            return latin.sample(self.problem(), design.samples, seed=design.seed)
        else:
            from SALib.sample import sobol

            return sobol.sample(
                self.problem(), design.samples, calc_second_order=False, seed=design.seed
            )
        return bounds[:, 0] + u * (bounds[:, 1] - bounds[:, 0])

    def runs(self) -> list[dict[str, Any]]:
        """Every run: id, point number, replicate, seed and parameter values."""
        out = []
        for p, values in enumerate(self.points):
            for r, seed in enumerate(self.seeds):
                out.append(
                    {
                        "run_id": f"p{p:06d}-r{r:03d}",
                        "point": p,
                        "replicate": r,
                        "seed": seed,
                        "values": {n: float(v) for n, v in zip(self.names, values, strict=True)},
                    }
                )
        return out

    def fingerprint(self) -> dict[str, Any]:
        return {
            "sweep": self.spec.model_dump(mode="json"),
            "scenario": self.scenario.model_dump(mode="json"),
            "runs": len(self.points) * len(self.seeds),
        }


def _check_vary(scenario: Scenario, spec: SweepSpec, where: str) -> None:
    params = scenario.resolved_parameters()
    for path, values in spec.vary.items():
        if not values:
            raise SweepError(f"{where}: vary.{path}: empty range; give [low, high] or values")
        if spec.design.method != "grid":
            if len(values) != 2:
                raise SweepError(
                    f"{where}: vary.{path}: a {spec.design.method} design needs [low, high],"
                    f" got {len(values)} values"
                )
            if values[0] >= values[1]:
                raise SweepError(
                    f"{where}: vary.{path}: lower bound {values[0]} is not below upper {values[1]}"
                )
        elif (
            "levels" in spec.design.model_fields_set and len(values) == 2 and values[0] > values[1]
        ):
            raise SweepError(
                f"{where}: vary.{path}: lower bound {values[0]} is above upper {values[1]}"
            )
        for value in (min(values), max(values)):
            try:
                params.with_overrides({path: float(value)}, f"{where}: vary")
            except ParameterError as exc:
                raise SweepError(str(exc)) from None


def _check_keep(keep: list[str], where: str) -> None:
    names = indicator_names()
    for item in keep:
        name, _, subgroup = item.partition("@")
        if name not in names:
            raise SweepError(
                f"{where}: keep: unknown indicator '{name}'{did_you_mean(name, names)};"
                f" allowed: {', '.join(names)}"
            )
        if subgroup and subgroup not in SUBGROUPS:
            raise SweepError(
                f"{where}: keep: unknown subgroup '{subgroup}'{did_you_mean(subgroup, SUBGROUPS)};"
                f" allowed: {', '.join(SUBGROUPS)}"
            )


def _check_unique(spec: SweepSpec, where: str) -> None:
    seen: set[str] = set()
    for item in spec.keep:
        if item in seen:
            raise SweepError(f"{where}: keep: '{item}' is listed twice; list each indicator once")
        seen.add(item)


def load_sweep(path: str | Path, max_runs: int = MAX_RUNS) -> Sweep:
    """Read and check a sweep file; every error is raised before any run starts."""
    path = Path(path)
    where = str(path)
    data, _ = load_file(path, "sweep", SweepError)  # duplicate keys (a vary range) are errors
    if not isinstance(data, dict):
        raise SweepError(f"{where}: a sweep file is a mapping (scenario, design, vary, …)")
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        if err["type"] == "extra_forbidden":
            allowed = sorted(SweepSpec.model_fields)
            hint = did_you_mean(str(err["loc"][-1]), allowed)
            raise SweepError(
                f"{where}: unknown key '{loc}'{hint}; allowed: {', '.join(allowed)}"
            ) from None
        raise SweepError(f"{where}: {loc}: {err['msg']}") from None
    _check_unique(spec, where)
    try:
        scenario = load_scenario(path.parent / spec.scenario)
    except ScenarioError as exc:
        raise SweepError(f"{where}: scenario: {exc}") from None
    _check_vary(scenario, spec, where)
    _check_keep(spec.keep, where)
    return Sweep(spec, scenario, where, max_runs)
