"""The validation framework: targets, cases, measures, and the table of results.

Every target declares its role: ``held_out`` (no parameter was fitted to it), ``fitted`` (a
calibration file or a hand-tuned parameter aimed at it: it shows the fit, not validation) or
``input`` (it reads back an input). :func:`headline` counts the passes of each role separately,
held-out first.

A target has a published value, a tolerance and the reason for it; it passes when the mean over
replications lies within the tolerance (``at_least`` targets: not below the value minus the
tolerance). A case runs one scenario and one *measure*: a function that takes a fresh model,
runs it, and returns the simulated counterparts of the case's targets by target id. A measure
that classifies sequences may also return a target under other cut-offs of its classifier, as
``"<target id>|<cut-off>"`` (e.g. ``"A5.4a|working 45 of 60 months"``): :func:`sensitivity`
tables them beside the value the target is judged on. Measures are
registered by name with :func:`measure`; the cases and their targets are declared in YAML
(:mod:`simulation.validation.cases`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from simulation.executors import in_order
from simulation.experiment import t_quantile
from simulation.model import LifeCourseModel

FOLDER = Path(__file__).resolve().parent.parent.parent / "scenarios" / "validation"

#: separates a target id from a cut-off label in a measure's sensitivity keys
SENSITIVITY = "|"

#: a fresh model in, the simulated value of each target it measures out (by target id)
Measure = Callable[[LifeCourseModel], dict[str, float]]


@dataclass(frozen=True)
class Target:
    id: str
    description: str
    published: float
    tolerance: float
    reason: str
    kind: Literal["value", "at_least"] = "value"
    #: what the target shows: ``held_out`` (nothing was fitted to it: validation), ``fitted``
    #: (a calibration file or a hand-tuned parameter aimed at it) or ``input`` (it checks that
    #: an input is applied); the YAML must say, the default here serves synthetic targets only
    role: Literal["held_out", "fitted", "input"] = "held_out"
    #: for ``fitted``: the calibration file (``calibration/NAME.yaml``) or ``hand: <parameters>``;
    #: for ``input``: the parameters whose value the target reads back
    fitted_by: str = ""
    input_from: str = ""

    #: a lower bound without tolerance weighs a point below it (0.01) in calibration as a value
    #: target weighs one tolerance off
    BOUND_SCALE = 0.01

    def miss(self, simulated: float) -> float:
        """How far off, in tolerances: (simulated - published) / tolerance for a value; for a
        lower bound, 0 at or above it and the shortfall below it (in units of the tolerance,
        or of BOUND_SCALE when the bound has none). The calibration objective squares it."""
        if self.kind == "at_least":
            short = max(0.0, self.published - self.tolerance - simulated)
            return short / (self.tolerance or self.BOUND_SCALE)
        return (simulated - self.published) / self.tolerance

    def passes(self, simulated: float) -> bool:
        if not math.isfinite(simulated):
            return False
        if self.kind == "at_least":
            return simulated >= self.published - self.tolerance
        return abs(simulated - self.published) <= self.tolerance


@dataclass(frozen=True)
class Case:
    """A scenario file, the measure run on it (returning exactly the case's targets), the panel
    columns the measure reads, and whether CI's ``--fast`` set includes it."""

    name: str
    scenario: Path
    targets: tuple[Target, ...]
    measure: Measure
    fast: bool = False
    panel: tuple[str, ...] = ()
    replications: int = 2


@dataclass(frozen=True)
class Registered:
    """A measure under its name, with the panel columns it reads (recorded before the run)."""

    name: str
    function: Measure
    panel: tuple[str, ...] = ()


#: the measures a case's ``measure:`` may name; filled by :func:`measure` in the catalogues
MEASURES: dict[str, Registered] = {}


def measure(name: str, panel: tuple[str, ...] = ()) -> Callable[[Measure], Measure]:
    """Register a measure under ``name`` (the name a case's YAML gives); ``panel``: the columns
    it needs recorded month by month. The panel belongs here, beside the code that reads it,
    rather than in the YAML, where it could drift from what the function needs."""

    def register(function: Measure) -> Measure:
        if name in MEASURES:
            raise ValueError(f"measure '{name}' is registered twice")
        MEASURES[name] = Registered(name, function, panel)
        return function

    return register


def share(mask: np.ndarray) -> float:
    """The share of True in ``mask``; NaN for no one (a target then fails, not divides by 0)."""
    return float(mask.mean()) if mask.size else float("nan")


@dataclass
class Result:
    case: str
    target: Target
    values: list[float] = field(default_factory=list)
    #: the target under other cut-offs of its classifier: label -> values over replications
    variants: dict[str, list[float]] = field(default_factory=dict)

    @property
    def mean(self) -> float:
        """The mean over replications; NaN when every run failed (the target then fails)."""
        return float(np.mean(self.values)) if self.values else float("nan")

    def interval(self) -> tuple[float, float]:
        """The 95% t-interval of the mean over replications (NaN with one replication)."""
        n = len(self.values)
        if n < 2:
            return float("nan"), float("nan")
        half = t_quantile(0.975, n - 1) * float(np.std(self.values, ddof=1)) / math.sqrt(n)
        return self.mean - half, self.mean + half


def case_run(
    case: Case, replication: int, persons: int | None, parameters: dict[str, Any] | None
) -> dict[str, float]:
    """One run of ``case``: its scenario with the seed plus ``replication`` and ``parameters``
    set, measured. A pure function of its arguments, so any executor may run it."""
    from simulation.scenario import load_scenario

    spec = load_scenario(FOLDER / case.scenario)
    model = LifeCourseModel(spec, seed=spec.seed + replication, persons=persons,
                            record_events=True, parameters=parameters)  # fmt: skip
    if case.panel:
        model.record_panel(*case.panel)
    return case.measure(model)


def run_cases(
    cases: list[Case],
    replications: int | None = None,
    persons: int | None = None,
    progress: Callable[[int], None] | None = None,
    parameters: dict[str, Any] | None = None,
    executor: Executor | None = None,
    failed: list[dict[str, Any]] | None = None,
) -> list[list[Result]]:
    """Each case's measure over ``replications`` runs (default: the case's) with consecutive
    seeds from its scenario's, all runs handed to ``executor`` at once (in this process
    without one); ``progress(1)`` after each run. ``parameters``: overrides on top of each
    scenario's own (``lifecourse validate --parameters``), each with its source. With
    ``failed`` (a list) a run that fails is left out of its case's measure and reported there
    (case, replication, error); without it the first error stops them all."""
    tasks = [
        (case, r, persons, parameters)
        for case in cases
        for r in range(replications or case.replications)
    ]
    errors: list[tuple[int, str]] | None = None if failed is None else []
    measured = iter(in_order(executor, case_run, tasks, progress, errors))
    for k, error in errors or []:
        failed.append({"case": tasks[k][0].name, "replication": tasks[k][1], "error": error})
    out = []
    for case in cases:
        results = {t.id: Result(case.name, t) for t in case.targets}
        for _ in range(replications or case.replications):
            for key, value in (next(measured) or {}).items():
                base, _, variant = key.partition(SENSITIVITY)
                if variant:
                    results[base].variants.setdefault(variant, []).append(value)
                else:
                    results[key].values.append(value)
        out.append(list(results.values()))
    return out


def run_case(
    case: Case,
    replications: int | None = None,
    persons: int | None = None,
    progress: Callable[[int], None] | None = None,
    parameters: dict[str, Any] | None = None,
    executor: Executor | None = None,
) -> list[Result]:
    """One case's results (:func:`run_cases`)."""
    return run_cases([case], replications, persons, progress, parameters, executor)[0]


def table(results: list[Result]) -> pd.DataFrame:
    rows = []
    for res in results:
        low, high = res.interval()
        rows.append(
            {
                "case": res.case,
                "target": res.target.id,
                "description": res.target.description,
                "published": res.target.published,
                "simulated": res.mean,
                "ci_low": low,
                "ci_high": high,
                "tolerance": res.target.tolerance,
                "rule": "at least" if res.target.kind == "at_least" else "within",
                "passed": res.target.passes(res.mean),
                "role": res.target.role,
                "fitted_by": res.target.fitted_by or res.target.input_from,
                "reason": res.target.reason,
            }
        )
    return pd.DataFrame(rows)


ROLES = (("held_out", "held out"), ("fitted", "fitted"), ("input", "inputs"))


def headline(result: pd.DataFrame) -> str:
    """'held out: 12 of 15 pass; fitted: 28 of 29; inputs: 2 of 2' (held-out first)."""
    parts = []
    for role, label in ROLES:
        rows = result[result["role"] == role]
        if len(rows):
            tail = " pass" if not parts else ""
            parts.append(f"{label}: {int(rows['passed'].sum())} of {len(rows)}{tail}")
    return "; ".join(parts)


def sensitivity(results: list[Result]) -> pd.DataFrame:
    """The targets a classifier measures, under each cut-off the measure tried: the mean over
    replications, and whether the target would pass with it."""
    rows = []
    for res in results:
        for label, values in res.variants.items():
            mean = float(np.mean(values))
            rows.append(
                {
                    "case": res.case,
                    "target": res.target.id,
                    "cutoff": label,
                    "published": res.target.published,
                    "simulated": mean,
                    "passed": res.target.passes(mean),
                }
            )
    columns = ["case", "target", "cutoff", "published", "simulated", "passed"]
    return pd.DataFrame(rows, columns=columns)
