"""Cheaper, better childcare (A3.10): mothers lose fewer hours and leave work less after a birth.

The effect is a change to the family parameters of A4.2: ``strength`` is the share of the
mothers' loss of hours and of their exits that childcare avoids. The cost is the public subsidy
for working mothers of a child under 4.
"""

from __future__ import annotations

from simulation.codes import LabourState, Sex
from simulation.interventions.base import NONE, TREATED, Intervention
from simulation.parameters import Parameters
from simulation.processes import World
from simulation.rows import rows_where


class Childcare(Intervention):
    kind = "childcare"
    writes = ()

    @staticmethod
    def adjust(params: Parameters) -> Parameters:
        strength = params["interventions.childcare.strength"]
        hours = params["family.mother_hours_factor"]
        leaves = params["family.mother_leaves_work"]
        source = {"source": "interventions.childcare.strength (A3.10)"}
        return params.with_overrides(
            {
                "family.mother_hours_factor": {
                    "value": 1 - (1 - hours) * (1 - strength),
                    **source,
                },
                "family.mother_leaves_work": {"value": leaves * (1 - strength), **source},
            },
            "intervention childcare",
        )

    def step(self, w: World) -> None:
        pop, m = w.pop, w.month
        users = rows_where(
            (pop.sex == Sex.FEMALE)
            & (pop.labour_state == LabourState.EMPLOYED)
            & (pop.youngest_child_month >= 0)
            & (m - pop.youngest_child_month < self.setting("child_age_months"))
        )
        new = users[self.group[users] == NONE]
        self.group[new] = TREATED
        self.start[new] = m
        self.spend(users.size * self.setting("cost_per_child_month"))
