"""An idiomatic Mesa implementation of part of the model: the yardstick and test oracle of the
vectorized engine.

One ``mesa.Agent`` per person with a ``step()`` method, stepped with
``model.agents.do("step")``, written the way a Mesa user would write it: attributes on the
agent, ``if`` statements, one random number at a time. It covers two of the engine's
processes, written out again from their docstrings and parameter files, not by calling them:

- **demography**: death by sex and age (Gompertz), retirement at the AOW age;
- **education**: dropout and leaving school, the level reached and the field of study.

Early exit from work (which hands over to the labour market) is switched off in both
implementations (``demography.early_exit.hazard: 0``). Each draw is the engine's common
random number for (seed, process, person, month), computed here in plain Python from
SplitMix64, so fed the same population both implementations must end in the same states
(``tests/test_reference.py``); ``benchmarks/bench_engine.py`` times both.
"""

from __future__ import annotations

import hashlib
import math
from functools import lru_cache

import mesa
import numpy as np

from simulation.codes import Benefit, LabourState
from simulation.model import LifeCourseModel
from simulation.parameters import Parameters
from simulation.population import Population
from simulation.processes.demography import Demography
from simulation.processes.education import Education
from simulation.scenario import as_scenario

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
#: the parameter change both implementations run with (see the module docstring)
OVERRIDES = {"demography.early_exit.hazard": 0.0}


def _mix(x: int) -> int:
    x &= MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


@lru_cache(maxsize=4096)
def _stream(seed: int, process: str, month: int) -> int:
    name = int.from_bytes(hashlib.blake2b(process.encode(), digest_size=8).digest(), "little")
    key = _mix(seed * GOLDEN + name)
    return _mix(key ^ ((month + 0x632BE59BD9B4E019) & MASK))


def draw(seed: int, process: str, month: int, person: int) -> float:
    """The uniform of ``person`` for ``process`` in ``month`` (as simulation.random)."""
    x = _mix((_stream(seed, process, month) + (person + 1) * GOLDEN) & MASK)
    return (x >> 40) * 2.0**-24


class Person(mesa.Agent):
    """One person: the columns the two processes read and write."""

    def __init__(self, model: ReferenceModel, row: int, pop: Population):
        super().__init__(model)
        self.row = row
        for name in ReferenceModel.COLUMNS:
            setattr(self, name, getattr(pop, name)[row].item())

    def uniform(self, process: str) -> float:
        return draw(self.model.seed, process, self.model.month, self.row)

    def step(self) -> None:
        self.die_or_retire()
        self.go_to_school()

    def die_or_retire(self) -> None:
        model, p = self.model, self.model.p
        if self.labour_state >= LabourState.DEAD:
            return
        age = model.month - self.birth_month
        sex_a = p["demography.mortality.gompertz_a"][("male", "female")[self.sex]]
        annual = sex_a * math.exp(p["demography.mortality.gompertz_b"] * min(age // 12, 120))
        monthly = float(np.float32(1 - math.exp(-annual / 12)))  # the engine's float32 table
        if self.uniform("demography.death") < monthly:
            if self.partner_id >= 0:
                model.people[self.partner_id].partner_id = -1
                self.partner_id = -1
            self.labour_state, self.benefit = LabourState.DEAD, Benefit.NONE
            return
        if self.labour_state < LabourState.RETIRED and age >= model.aow_months:
            self.labour_state, self.benefit, self.ww_months_left = LabourState.RETIRED, 0, 0

    def go_to_school(self) -> None:
        model, p = self.model, self.model.p
        if self.labour_state != LabourState.SCHOOL:
            return
        age = model.month - self.birth_month
        hazard = p["education.dropout.hazard"]
        if self.adolescent_depression:
            hazard *= p["education.dropout.depression_factor"]
        if self.parents_divorced:
            hazard *= p["education.dropout.parents_divorced_factor"]
        at_risk = self.target_education > 0 and age >= p["education.dropout.min_age"] * 12
        drop = at_risk and self.uniform("education.dropout") < hazard
        level = ("low", "middle", "high")[self.target_education]
        done = age >= p["education.min_leaving_age"][level] * 12
        leave = (
            not drop and done and self.uniform("education.leave") < p["education.leaving_hazard"]
        )
        if drop or leave:
            self.education = 0 if drop else self.target_education
            u = self.uniform("education.field")
            self.field = sum(bound <= u for bound in model.field_bounds)
            self.school_left_month = model.month
            self.labour_state = LabourState.UNEMPLOYED


class ReferenceModel(mesa.Model):
    """The same people as a :class:`LifeCourseModel`, one agent each."""

    COLUMNS = ("sex", "birth_month", "labour_state", "benefit", "partner_id", "education",
               "target_education", "adolescent_depression", "parents_divorced", "field",
               "school_left_month", "ww_months_left")  # fmt: skip

    def __init__(self, pop: Population, params: Parameters, seed: int, start_month: int):
        super().__init__(rng=seed)
        self.p, self.seed, self.month = params, seed, start_month
        demography = Demography(params, labour=None)  # only for the AOW-age table lookup
        self.aow_of_year = demography.aow_age_months
        shares = list(params["education.field_shares"].values())
        cumulative = [sum(shares[: k + 1]) / sum(shares) for k in range(len(shares))]
        # the engine's float32 bounds, the last one exactly 1
        self.field_bounds = [float(np.float32(b)) for b in cumulative[:-1]] + [1.0]
        self.people = [Person(self, row, pop) for row in range(pop.size)]

    def step(self) -> None:
        self.aow_months = self.aow_of_year(self.month // 12)
        self.agents.do("step")
        self.month += 1

    def column(self, name: str) -> np.ndarray:
        return np.array([getattr(person, name) for person in self.people])


def vectorized_subset(model: LifeCourseModel) -> LifeCourseModel:
    """``model`` with its monthly pipeline cut down to the two processes the reference has."""
    model.pipeline = [
        ("demography", Demography(model.params, model.labour)),
        ("education", Education(model.params)),
    ]
    return model


def pair(
    persons: int, seed: int = 11, years: float = 3, kind: str = "cross_section"
) -> tuple[LifeCourseModel, ReferenceModel]:
    """The engine (cut down to the two processes) and the reference, on the same people:
    a cross-section aged 15-67 or a birth cohort from 12 (``kind``)."""
    spec = as_scenario(None)
    spec = spec.with_changes(population={"kind": kind, "size": persons})
    engine = LifeCourseModel(spec, seed=seed, years=years, parameters=OVERRIDES)
    reference = ReferenceModel(engine.pop, engine.params, seed, engine.start_month)
    return vectorized_subset(engine), reference
