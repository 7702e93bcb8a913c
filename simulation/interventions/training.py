"""Post-initial labour-market training for the low educated (A6).

Low-educated job seekers (and, by default, low-educated flexible workers, A6.4) start training at
a monthly rate. While training, job finding is lower (lock-in); afterwards job finding is higher,
job loss lower and wages higher for some years (A6.3). The gains scale with how many of A6.2's
five success factors the programme has.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from simulation.codes import Contract, Education, LabourState
from simulation.interventions.base import NONE, Intervention
from simulation.processes import World
from simulation.rows import rows_where

#: a participant's phase: not started, in training (locked in), gaining from it, effects over
NOT_STARTED, IN_TRAINING, GAINING, OVER = range(4)


class Training(Intervention):
    kind = "training"
    writes = ("job_finding_factor", "job_loss_factor", "wage")
    PER_PERSON: ClassVar[dict[str, tuple[object, type]]] = {
        "phase": (NOT_STARTED, np.int8),
    }

    def __init__(self, params, jobs, size):
        super().__init__(params, jobs, size)
        factors = self.setting("success_factors")
        self.scale = sum(bool(v) for v in factors.values()) / len(factors)
        gain = 1 + (self.setting("job_finding_factor") - 1) * self.scale
        safety = 1 + (self.setting("job_loss_factor") - 1) * self.scale
        self.gain, self.safety = np.float32(gain), np.float32(safety)
        self.wage_gain = np.float32(1 + (self.setting("wage_gain") - 1) * self.scale)
        self.lock_in = np.float32(self.setting("lock_in_factor"))

    def step(self, w: World) -> None:
        pop, m = w.pop, w.month
        since = m - self.start
        # training ends: lock-in off, gains on; gains end after effect_months
        done = rows_where((self.phase == IN_TRAINING) & (since >= self.setting("duration_months")))
        pop.job_finding_factor[done] *= self.gain / self.lock_in
        pop.job_loss_factor[done] *= self.safety
        pop.wage[done] *= self.wage_gain  # those in work earn more; new jobs pay by education
        self.phase[done] = GAINING
        end = self.setting("duration_months") + self.setting("effect_months")
        over = rows_where((self.phase == GAINING) & (since >= end))
        pop.job_finding_factor[over] /= self.gain
        pop.job_loss_factor[over] /= self.safety
        self.phase[over] = OVER

        state = pop.labour_state
        at_risk = state == LabourState.UNEMPLOYED
        if self.setting("eligible_flexible_workers"):
            at_risk |= (state == LabourState.EMPLOYED) & (pop.contract == Contract.FLEX)
        eligible = rows_where(
            at_risk & (pop.education == Education.LOW) & (w.age_years >= self.setting("min_age"))
        )
        starters = self.assign(
            w, eligible[self.group[eligible] == NONE], "uptake", self.setting("uptake")
        )
        pop.job_finding_factor[starters] *= self.lock_in
        self.phase[starters] = IN_TRAINING
        self.spend(starters.size * self.setting("cost_per_participant"))
