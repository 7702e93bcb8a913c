"""Education: leaving school by level and age; dropout (A1.3); field of study (A2)."""

from __future__ import annotations

import numpy as np

from simulation.codes import Education as Level
from simulation.codes import Event, Field, LabourState
from simulation.parameters import Parameters
from simulation.processes import World


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
        pupils = np.flatnonzero(pop.labour_state == LabourState.SCHOOL)
        age = w.age_months[pupils]
        target = pop.target_education[pupils]
        hazard = np.where(
            pop.adolescent_depression[pupils], self.dropout * self.dropout_depression, self.dropout
        )
        hazard = np.where(pop.parents_divorced[pupils], hazard * self.dropout_divorce, hazard)
        at_risk = (target > Level.LOW) & (age >= self.dropout_min_months)
        drop = at_risk & (w.draws.uniform("education.dropout", pupils) < hazard)
        done = age >= self.min_leave_months[target]
        leave = ~drop & done & (w.draws.uniform("education.leave", pupils) < self.leave_hazard)
        dropouts, leavers = pupils[drop], pupils[leave]
        pop.education[dropouts] = Level.LOW
        pop.education[leavers] = target[leave]
        out = pupils[drop | leave]
        pop.field[out] = self.draw_field(w.draws.uniform("education.field", out))
        pop.school_left_month[out] = m
        pop.set_state(out, LabourState.UNEMPLOYED)
        w.log.record(Event.DROPPED_OUT, m, dropouts)
        w.log.record(Event.LEFT_SCHOOL, m, out)
