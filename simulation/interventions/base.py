"""The base class of interventions: assignment, costs, follow-up of participants; every
intervention type subclasses :class:`Intervention` and registers itself by its ``kind``."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from simulation.codes import LabourState
from simulation.parameters import Parameters
from simulation.processes import World
from simulation.processes.jobs import Jobs
from simulation.rows import rows_where

NONE, TREATED, CONTROL = 0, 1, 2

#: every intervention type by its ``kind``, filled as the modules of the package are imported
TYPES: dict[str, type[Intervention]] = {}


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
    #: the type's own per-person arrays: attribute name -> (fill value, dtype); each is made
    #: at the population's size and grows with it, newborns getting the fill value
    PER_PERSON: ClassVar[dict[str, tuple[object, type]]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            if cls.kind in TYPES and TYPES[cls.kind].__qualname__ != cls.__qualname__:
                raise TypeError(f"intervention type '{cls.kind}' is defined twice")
            TYPES[cls.kind] = cls

    def __init__(self, params: Parameters, jobs: Jobs, size: int):
        self.p = params
        self.jobs = jobs
        self.size = size
        for name, (fill, dtype) in self._per_person().items():
            setattr(self, name, np.full(size, fill, dtype=dtype))
        self.working_at = {k: np.zeros(size, dtype=np.int8) for k in self.follow_up}
        self.spending_month = 0.0
        self.spending_total = 0.0

    def _per_person(self) -> dict[str, tuple[object, type]]:
        return {"group": (NONE, np.int8), "start": (-1, np.int32), **self.PER_PERSON}

    def grow(self, size: int) -> None:
        """Extend every per-person array to ``size`` rows with its fill value (newborns).
        Private caches (``_name``) are the type's own to refresh."""
        declared = self._per_person()
        for name, value in vars(self).items():
            per_person = isinstance(value, np.ndarray) and value.shape[:1] == (self.size,)
            if per_person and name not in declared and not name.startswith("_"):
                raise TypeError(f"{type(self).__name__}.{name}: declare it in PER_PERSON")
        new = size - self.size
        for name, (fill, dtype) in declared.items():
            setattr(self, name, np.concatenate([getattr(self, name), np.full(new, fill, dtype)]))
        for k, record in self.working_at.items():
            self.working_at[k] = np.concatenate([record, np.zeros(new, dtype=np.int8)])
        self.size = size

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
        if w.pop.size != self.size:
            self.grow(w.pop.size)
        self.spending_month = 0.0
        self.step(w)
        self.track(w)

    # -- reporting --------------------------------------------------------------------------------
    def indicators(self) -> dict[str, float]:
        return {
            f"{self.kind}_participants": float(np.count_nonzero(self.group == TREATED)),
            f"{self.kind}_spending": self.spending_month,
        }

    def panel_status(self) -> dict[str, np.ndarray]:
        """Per-person status columns for the monthly panel beyond the arm (``group``), by name:
        the panel writes them as ``<kind>_<name>``."""
        return {}

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
