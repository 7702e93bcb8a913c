"""Interventions: switched on from a scenario's ``interventions:`` list.

Every intervention has the same parts, in the style of the monthly processes:

- **eligibility** — a mask over the population this month;
- **assignment** — who takes part: everyone, by ``uptake``, or in ``rct`` mode at random into a
  treatment and a control group (the control group is left exactly as in the base scenario);
- **effects** — multipliers on named transitions (``job_finding_factor``, ``job_loss_factor``
  columns that the labour process reads) or parameter changes, for a duration;
- **costs** — per participant and per month, so the net public cost can be counted.

Its random draws have their own streams (``interventions.<type>.*``), so switching an
intervention on changes no one's draws for the base processes: with common random numbers the
difference between scenarios is the policy.

**Adding a type** is one module in this folder with a subclass that sets ``kind`` (the name
scenarios use) and its entries under ``interventions.<kind>`` in
``simulation/parameters/interventions.yaml``: :func:`registry` finds every module here, and a
subclass registers itself. It runs at its ``runs_at`` point of the month
(:data:`simulation.model.PIPELINE`), by default "interventions", after migration and before
the bookkeeping.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import ClassVar

import numpy as np

from simulation.codes import LabourState
from simulation.parameters import Parameters
from simulation.processes import World
from simulation.processes.jobs import Jobs
from simulation.rows import rows_where

NONE, TREATED, CONTROL = 0, 1, 2

#: every intervention type by its ``kind``, filled as the modules of this package are imported
_TYPES: dict[str, type[Intervention]] = {}


class Intervention:
    """Shared bookkeeping: assignment groups, start months, costs, outcome tracking."""

    #: the type's name in scenario files and parameter paths (``interventions.<kind>.*``)
    kind: ClassVar[str] = ""
    #: the point of the month it runs at: a step of simulation.model.PIPELINE
    runs_at: ClassVar[str] = "interventions"
    #: the population columns it may change (checked by tests/test_pipeline.py)
    writes: ClassVar[tuple[str, ...]] = ()
    #: months after the start at which participants' work status is recorded (A10.4, A9.4)
    follow_up = (6, 12, 18, 36)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            if cls.kind in _TYPES and _TYPES[cls.kind].__qualname__ != cls.__qualname__:
                raise TypeError(f"intervention type '{cls.kind}' is defined twice")
            _TYPES[cls.kind] = cls

    def __init__(self, params: Parameters, jobs: Jobs, size: int):
        self.p = params
        self.jobs = jobs
        self.group = np.zeros(size, dtype=np.int8)
        self.start = np.full(size, -1, dtype=np.int32)
        self.working_at = {k: np.zeros(size, dtype=np.int8) for k in self.follow_up}
        self.spending_month = 0.0
        self.spending_total = 0.0

    def setting(self, name: str):
        return self.p[f"interventions.{self.kind}.{name}"]

    @staticmethod
    def adjust(params: Parameters) -> Parameters:
        """Parameter changes the intervention makes (before the processes are built)."""
        return params

    def draw(self, w: World, name: str, idx: np.ndarray) -> np.ndarray:
        return w.draws.uniform(f"interventions.{self.kind}.{name}", idx)

    def assign(self, w: World, eligible: np.ndarray, mode: str, uptake: float) -> np.ndarray:
        """Assign the eligible; return the newly treated. Assignment happens once per person."""
        eligible = eligible[self.group[eligible] == NONE]
        u = self.draw(w, "assignment", eligible)
        if mode == "all":
            treated, control = eligible, eligible[:0]
        elif mode == "rct":
            share = self.setting("rct_treatment_share")
            treated, control = eligible[u < share], eligible[u >= share]
        else:
            treated, control = eligible[u < uptake], eligible[:0]
        self.group[treated] = TREATED
        self.group[control] = CONTROL
        self.start[treated] = w.month
        self.start[control] = w.month
        return treated

    def track(self, w: World) -> None:
        """Record whether assigned people (treated and control) work k months after the start."""
        for k, record in self.working_at.items():
            due = rows_where(self.start == w.month - k)
            state = w.pop.labour_state[due]
            working = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
            record[due] = np.where(working, 1, 2)  # 0 not yet observed, 1 working, 2 not

    def spend(self, euros: float) -> None:
        self.spending_month += float(euros)
        self.spending_total += float(euros)

    def step(self, w: World) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __call__(self, w: World) -> None:
        self.spending_month = 0.0
        self.step(w)
        self.track(w)

    # -- reporting --------------------------------------------------------------------------------
    def indicators(self) -> dict[str, float]:
        return {
            f"{self.kind}_participants": float(np.count_nonzero(self.group == TREATED)),
            f"{self.kind}_spending": self.spending_month,
        }

    def report(self) -> dict[str, object]:
        """Participants and their outcomes, against the control group where there is one."""
        out: dict[str, object] = {
            "type": self.kind,
            "participants": int(np.count_nonzero(self.group == TREATED)),
            "control_group": int(np.count_nonzero(self.group == CONTROL)),
            "spending_total_eur": round(self.spending_total, 2),
        }
        for k, record in self.working_at.items():
            for label, code in (("treated", TREATED), ("control", CONTROL)):
                seen = (self.group == code) & (record > 0)
                if seen.any():
                    out[f"working_after_{k}m_{label}"] = float(np.mean(record[seen] == 1))
                    out[f"observed_after_{k}m_{label}"] = int(seen.sum())
        return out


def registry() -> dict[str, type[Intervention]]:
    """Every intervention type by ``kind``: the modules of this package, imported once."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(_TYPES)
