"""Education: leaving school by level and age; dropout (A1.3); field of study (A2)."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import Education as Level
from simulation.codes import Event, Field, LabourState
from simulation.executors import in_parallel, joined
from simulation.parameters import Parameters
from simulation.processes import Process, World, read_table
from simulation.random import draw

STAYS, DROPS_OUT, LEAVES = 0, 1, 2


class Pupils(NamedTuple):
    """What the school-leaving kernel reads."""

    labour_state: np.ndarray
    age_months: np.ndarray
    target_education: np.ndarray
    adolescent_depression: np.ndarray
    parents_divorced: np.ndarray


class Dropout(NamedTuple):
    """Dropout below the start qualification (education.dropout) and leaving school."""

    min_age_months: int
    hazard: float
    depression_factor: float
    parents_divorced_factor: float
    #: by the level aimed at: min_leaving_age in months
    min_leaving_months: np.ndarray
    leaving_hazard: float


@numba.njit(cache=True, nogil=True)
def _school_leavers(c, t, dropout_key, leave_key, start, stop):  # pragma: no cover
    """Rows of pupils who leave school this month, and whether they drop out (below the
    start-qualification, A1.3) or leave with the level they aimed at."""
    rows = np.empty(stop - start, np.int64)
    outcomes = np.empty(stop - start, np.int8)
    n = 0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        if c.labour_state[i] != LabourState.SCHOOL:
            continue
        age, target = c.age_months[i], c.target_education[i]
        hazard = t.hazard * t.depression_factor if c.adolescent_depression[i] else t.hazard
        if c.parents_divorced[i]:
            hazard *= t.parents_divorced_factor
        at_risk = target > Level.LOW and age >= t.min_age_months
        outcome = STAYS
        if at_risk and draw(dropout_key, i) < hazard:
            outcome = DROPS_OUT
        elif age >= t.min_leaving_months[target] and draw(leave_key, i) < t.leaving_hazard:
            outcome = LEAVES
        if outcome != STAYS:
            rows[n] = i
            outcomes[n] = outcome
            n += 1
    return rows[:n].copy(), outcomes[:n].copy()


def cumulative(shares: np.ndarray) -> np.ndarray:
    """Cumulative shares for drawing a category with one uniform (last bound forced to 1)."""
    out = np.cumsum(shares / shares.sum())
    out[-1] = 1.0
    return out.astype(np.float32)


class Education(Process):
    """One month of school: dropouts and leavers become job seekers (starters)."""

    name = "education"
    writes: ClassVar[tuple[str, ...]] = (
        "education", "field", "school_left_month", "labour_state", "months_in_state",
    )  # fmt: skip

    def __init__(self, params: Parameters):
        p = params
        self.target_by_parents = np.stack(
            [
                cumulative(
                    p.table(f"education.target_level_by_parents.{level.name.lower()}", Level)
                )
                for level in Level
            ]
        )
        self.dropout = read_table(
            p,
            "education.dropout",
            Dropout,
            min_age_months=p["education.dropout.min_age"] * 12,
            min_leaving_months=(p.table("education.min_leaving_age", Level) * 12).astype(np.int32),
            leaving_hazard=float(p["education.leaving_hazard"]),
        )
        self.field_bounds = cumulative(p.table("education.field_shares", Field))

    def draw_target(self, parents_education: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The level a pupil aims at, given the parents' level and one uniform each."""
        bounds = self.target_by_parents[parents_education]
        return (u[:, None] >= bounds).sum(axis=1).astype(np.int8)

    def draw_field(self, u: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.field_bounds, u, side="right").astype(np.int8)

    def __call__(self, w: World) -> None:
        pop, m = w.pop, w.month
        c, t = w.columns(Pupils), self.dropout
        keys = w.draws.key("education.dropout"), w.draws.key("education.leave")
        out, outcome = joined(
            in_parallel(lambda a, b: _school_leavers(c, t, *keys, a, b), pop.size)
        )
        dropouts, leavers = out[outcome == DROPS_OUT], out[outcome == LEAVES]
        pop.education[dropouts] = Level.LOW
        pop.education[leavers] = pop.target_education[leavers]
        pop.field[out] = self.draw_field(w.draws.uniform("education.field", out))
        pop.school_left_month[out] = m
        pop.set_state(out, LabourState.UNEMPLOYED)
        w.log.record(Event.DROPPED_OUT, m, dropouts)
        w.log.record(Event.LEFT_SCHOOL, m, out)
