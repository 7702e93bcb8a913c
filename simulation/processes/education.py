"""Education: leaving school by level and age; dropout (A1.3); field of study (A2)."""

from __future__ import annotations

import numba
import numpy as np

from simulation.codes import Education as Level
from simulation.codes import Event, Field, LabourState
from simulation.parameters import Parameters
from simulation.processes import World
from simulation.random import draw

STAYS, DROPS_OUT, LEAVES = 0, 1, 2


@numba.njit(cache=True, nogil=True)
def _school_leavers(dropout_key, leave_key, labour_state, age_months, target_education,
                    adolescent_depression, parents_divorced, dropout, depression_factor,
                    divorce_factor, dropout_min_months, min_leave_months,
                    leave_hazard):  # fmt: skip  # pragma: no cover
    """Rows of pupils who leave school this month, and whether they drop out (below the
    start-qualification, A1.3) or leave with the level they aimed at."""
    rows = np.empty(labour_state.size, np.int64)
    outcomes = np.empty(labour_state.size, np.int8)
    n = 0
    for i in range(labour_state.size):
        if labour_state[i] != LabourState.SCHOOL:
            continue
        age, target = age_months[i], target_education[i]
        hazard = dropout * depression_factor if adolescent_depression[i] else dropout
        if parents_divorced[i]:
            hazard *= divorce_factor
        at_risk = target > Level.LOW and age >= dropout_min_months
        outcome = STAYS
        if at_risk and draw(dropout_key, i) < hazard:
            outcome = DROPS_OUT
        elif age >= min_leave_months[target] and draw(leave_key, i) < leave_hazard:
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


class Education:
    """One month of school: dropouts and leavers become job seekers (starters)."""

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
        self.min_leave_months = (p.table("education.min_leaving_age", Level) * 12).astype(np.int32)
        self.leave_hazard = p["education.leaving_hazard"]
        self.dropout_min_months = p["education.dropout.min_age"] * 12
        self.dropout = p["education.dropout.hazard"]
        self.dropout_depression = p["education.dropout.depression_factor"]
        self.dropout_divorce = p["education.dropout.parents_divorced_factor"]
        self.field_bounds = cumulative(p.table("education.field_shares", Field))

    def draw_target(self, parents_education: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The level a pupil aims at, given the parents' level and one uniform each."""
        bounds = self.target_by_parents[parents_education]
        return (u[:, None] >= bounds).sum(axis=1).astype(np.int8)

    def draw_field(self, u: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.field_bounds, u, side="right").astype(np.int8)

    def __call__(self, w: World) -> None:
        pop, m = w.pop, w.month
        out, outcome = _school_leavers(
            w.draws.key("education.dropout"), w.draws.key("education.leave"), pop.labour_state,
            w.age_months, pop.target_education, pop.adolescent_depression,
            pop.parents_divorced, self.dropout, self.dropout_depression, self.dropout_divorce,
            self.dropout_min_months, self.min_leave_months, self.leave_hazard,
        )  # fmt: skip
        dropouts, leavers = out[outcome == DROPS_OUT], out[outcome == LEAVES]
        pop.education[dropouts] = Level.LOW
        pop.education[leavers] = pop.target_education[leavers]
        pop.field[out] = self.draw_field(w.draws.uniform("education.field", out))
        pop.school_left_month[out] = m
        pop.set_state(out, LabourState.UNEMPLOYED)
        w.log.record(Event.DROPPED_OUT, m, dropouts)
        w.log.record(Event.LEFT_SCHOOL, m, out)
