"""Early integration for refugees (A8): faster language and inburgering, a route to a Dutch
diploma (A8.10), and job matching through networks (A8.11)."""

from __future__ import annotations

import numpy as np

from simulation.codes import Education, LabourState, Migration
from simulation.interventions.base import NONE, TREATED, Intervention
from simulation.parameters import Parameters
from simulation.processes import World
from simulation.rows import rows_where


class RefugeeIntegration(Intervention):
    kind = "refugee_integration"
    writes = ("education", "job_finding_factor")

    @staticmethod
    def adjust(params: Parameters) -> Parameters:
        factor = params["interventions.refugee_integration.language_factor"]
        gain = params["migration.inburgering.language_gain"]
        completion = params["migration.inburgering.completion"]
        source = {"source": "interventions.refugee_integration.language_factor (A8.4, A8.10)"}
        return params.with_overrides(
            {
                "migration.inburgering.language_gain": {"value": gain * factor, **source},
                "migration.inburgering.completion": {
                    "value": min(1.0, completion * factor),
                    **source,
                },
            },
            "intervention refugee_integration",
        )

    def step(self, w: World) -> None:
        pop, m = w.pop, w.month
        arrived = rows_where(
            (pop.migration == Migration.REFUGEE)
            & (pop.labour_state < LabourState.DEAD)
            & (self.group == NONE)
        )
        self.group[arrived] = TREATED
        self.start[arrived] = m
        pop.job_finding_factor[arrived] *= np.float32(self.setting("network_job_finding_factor"))
        participants = rows_where(self.group == TREATED)
        integrating = participants[~pop.inburgering_done[participants]]
        self.spend(integrating.size * self.setting("cost_per_month"))
        candidates = participants[
            pop.inburgering_done[participants] & (pop.education[participants] == Education.LOW)
        ]
        diploma = candidates[self.draw(w, "diploma", candidates) < self.setting("diploma_route")]
        pop.education[diploma] = Education.MIDDLE
