"""Intensive case management for long-term bijstand clients aged 45+ (A10, the Almere approach).

Clients on bijstand for at least a year are invited (or, in ``rct`` mode, randomised into
guidance and control, A10.3). Guidance multiplies job finding for its duration, more for the
discouraged (A10.7), activates inactive clients, and leads mostly to small jobs (A10.4-A10.5);
a quarter of those who find no work participate more (A10.6). Costs: the case managers'
time at a small caseload and the client budget (A10.2).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from simulation.codes import Benefit, Event, LabourState
from simulation.interventions.base import Intervention
from simulation.processes import World
from simulation.rows import rows_where


class CaseManagement(Intervention):
    kind = "case_management"
    #: right after job finding, so a small job found in guidance is small when the month's
    #: means test decides whether bijstand tops it up
    runs_at: ClassVar[str] = "labour"
    writes = ("job_finding_factor", "labour_state", "months_in_state", "hours", "wage")
    PER_PERSON: ClassVar[dict[str, tuple[object, type]]] = {
        "active": (False, bool),
        "factor": (1.0, np.float32),
        "participates_more": (False, bool),
        "small_job": (False, bool),
        "found_job": (False, bool),
        "ended_idle": (False, bool),
    }

    def step(self, w: World) -> None:
        pop, m = w.pop, w.month
        duration = self.setting("duration_months")
        # guidance ends after its duration; a quarter of those still without work participate more
        ending = rows_where(self.active & (m - self.start >= duration))
        pop.job_finding_factor[ending] /= self.factor[ending]
        self.active[ending] = False
        idle = ending[pop.labour_state[ending] != LabourState.EMPLOYED]
        self.ended_idle[idle] = True
        more = idle[self.draw(w, "participates_more", idle) < self.setting("participates_more")]
        self.participates_more[more] = True

        state = pop.labour_state
        eligible = rows_where(
            (pop.benefit == Benefit.BIJSTAND)
            & ((state == LabourState.UNEMPLOYED) | (state == LabourState.INACTIVE))
            & (w.age_years >= self.setting("eligible.min_age"))
            & (pop.benefit_months >= self.setting("eligible.min_months_on_benefit"))
        )
        treated = self.assign(w, eligible, self.setting("assignment"), self.setting("uptake"))
        discouraged = pop.benefit_months[treated] >= self.setting("discouraged_months")
        factor = np.where(
            discouraged,
            self.setting("job_finding_factor") * self.setting("discouraged_factor"),
            self.setting("job_finding_factor"),
        ).astype(np.float32)
        self.factor[treated] = factor
        pop.job_finding_factor[treated] *= factor
        self.active[treated] = True
        inactive = treated[pop.labour_state[treated] == LabourState.INACTIVE]
        start = inactive[self.draw(w, "activation", inactive) < self.setting("activation")]
        pop.set_state(start, LabourState.UNEMPLOYED)
        w.log.record(Event.STARTED_JOB_SEARCH, m, start)

        # jobs found during guidance are mostly small (A10.4-A10.5)
        new_jobs = rows_where(
            self.active & (pop.labour_state == LabourState.EMPLOYED) & (pop.months_in_state == 0)
        )
        self.found_job[new_jobs] = True
        small = new_jobs[self.draw(w, "small_job", new_jobs) < self.setting("small_job_share")]
        self.small_job[small] = True
        pop.hours[small] = self.setting("small_job_hours")
        pop.wage[small] = self.jobs.wage_for(w, small)

        managers = np.count_nonzero(self.active) / self.setting("caseload")
        budget = self.setting("budget_per_client") * self.setting("budget_use")
        self.spend(managers * self.setting("case_manager_cost_month") + treated.size * budget)

    def panel_status(self) -> dict[str, np.ndarray]:
        """Under intensive guidance this month."""
        return {"guided": self.active}

    def report(self) -> dict[str, object]:
        out = super().report()
        idle = int(self.ended_idle.sum())
        out["participates_more_share_of_non_exiters"] = (
            float(self.participates_more.sum()) / idle if idle else float("nan")
        )
        found = int(self.found_job.sum())
        out["small_job_share_of_jobs_found"] = (
            float(self.small_job.sum()) / found if found else float("nan")
        )
        return out
