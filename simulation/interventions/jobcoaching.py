"""Job coaching for Wajong and WGA clients starting work (A9).

A client starting work gets a coach with probability ``uptake``. Many start with a trial
placement of up to two months without wage, keeping the benefit (A9.3); then a coached regular
job at the hours and wages of A9.6-A9.7, permanent for some from the start (A9.8, the chain rule
does the rest around two years). The coach lowers the risk of losing the job. The need for a
coach fades after the first half-year (A9.4: the share working with a coach falls only after
it), from the start of the coaching and whether or not the client works (A9.1: coaching aims to
make itself redundant), so that half of the Wajong clients and a third of the WGA clients still
need one after three years (A9.5). After a job ends the coach goes; some move straight to a new
job and others re-enter after a spell (A9.9), with a coach only while they still need one. The
study had no control group (A9.10): what these people would do without a coach is the
scenario's stated counterfactual (``counterfactual``).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from simulation.calendar import WEEKS_PER_MONTH
from simulation.codes import Benefit, Contract, Disability, Event, LabourState
from simulation.interventions.base import TREATED, Intervention
from simulation.processes import World
from simulation.processes.jobs import WRITES as JOB_WRITES
from simulation.rows import rows_where

KINDS = {Disability.WAJONG: "wajong", Disability.WGA: "wga"}


class JobCoaching(Intervention):
    kind = "jobcoaching"
    writes = (*JOB_WRITES, "job_loss_factor")
    PER_PERSON: ClassVar[dict[str, tuple[object, type]]] = {
        "coached": (False, bool),
        "needs_coach": (False, bool),
        "trial_until": (-1, np.int32),
        "job_endings": (0, np.int16),
    }

    def __init__(self, params, jobs, size):
        super().__init__(params, jobs, size)

        def table(name: str) -> np.ndarray:
            value = self.setting(name)
            out = np.zeros(len(Disability), dtype=np.float32)
            for code, key in KINDS.items():
                out[code] = value[key]
            return out

        self.trial_p = table("trial_placement")
        self.hours = table("hours")
        self.hourly = table("hourly_wage")
        self.growth = table("hourly_wage_growth")
        self.permanent = table("permanent_start")
        self.fade = table("coach_fade")
        self.reentry = table("reentry_job_finding")

    def step(self, w: World) -> None:
        pop, m = w.pop, w.month
        self.end_trials(w)
        # coached people whose job ended this month: the coach goes; some re-enter directly
        ended = rows_where(
            (self.group == TREATED)
            & (pop.labour_state == LabourState.DISABLED)
            & (pop.months_in_state == 0)
        )
        self.stop_coaching(pop, ended[self.coached[ended]])
        self.job_endings[ended] += 1
        # former participants out of work re-enter at A9.9's rate, with a coach again
        out = rows_where((self.group == TREATED) & (pop.labour_state == LabourState.DISABLED))
        out = out[pop.months_in_state[out] > 0]
        back = out[self.draw(w, "reentry", out) < self.reentry[pop.disability[out]]]
        self.jobs.start_jobs(w, back)
        # starts of work this month: new participants and re-entering former participants
        starting = rows_where(
            (pop.labour_state == LabourState.EMPLOYED)
            & (pop.months_in_state == 0)
            & ((pop.disability == Disability.WAJONG) | (pop.disability == Disability.WGA))
        )
        again = starting[self.group[starting] == TREATED]
        new = self.assign(w, starting, "uptake", self.setting("uptake"))
        self.needs_coach[new] = True
        self.begin(w, np.concatenate([new, again]), trial=new)
        # after the first half-year the need for a coach fades (A9.4, A9.5); coached workers'
        # wages grow (A9.7)
        needing = rows_where(self.needs_coach)
        needing = needing[self.start[needing] <= m - self.setting("coach_fade_after_months")]
        fades = needing[self.draw(w, "fade", needing) < self.fade[pop.disability[needing]]]
        self.needs_coach[fades] = False
        self.stop_coaching(pop, fades)
        working = rows_where((self.group == TREATED) & (pop.labour_state == LabourState.EMPLOYED))
        paid = working[self.trial_until[working] < m]
        pop.wage[paid] *= 1 + self.growth[pop.disability[paid]]
        self.spend(np.count_nonzero(self.coached) * self.setting("coach_cost_month"))

    def begin(self, w: World, idx: np.ndarray, trial: np.ndarray) -> None:
        pop, m = w.pop, w.month
        kind = pop.disability[idx]
        pop.hours[idx] = self.hours[kind]
        pop.wage[idx] = self.hourly[kind] * self.hours[kind] * WEEKS_PER_MONTH
        permanent = self.draw(w, "permanent", idx) < self.permanent[kind]
        pop.contract[idx] = np.where(permanent, Contract.PERMANENT, Contract.FLEX)
        on_trial = trial[self.draw(w, "trial", trial) < self.trial_p[pop.disability[trial]]]
        self.trial_until[on_trial] = m + self.setting("trial_months")
        # during the trial placement the benefit continues and no wage is paid (A9.3)
        for code, benefit in ((Disability.WAJONG, Benefit.WAJONG), (Disability.WGA, Benefit.WGA)):
            pop.benefit[on_trial[pop.disability[on_trial] == code]] = benefit
        coach = idx[self.needs_coach[idx] & ~self.coached[idx]]
        self.coached[coach] = True
        pop.job_loss_factor[coach] *= np.float32(self.setting("coached_job_loss_factor"))

    def end_trials(self, w: World) -> None:
        pop, m = w.pop, w.month
        due = rows_where(self.trial_until == m)
        self.trial_until[due] = -1
        in_work = due[pop.labour_state[due] == LabourState.EMPLOYED]
        hired = self.draw(w, "trial_to_job", in_work) < self.setting("trial_to_job")
        pop.set_benefit(in_work[hired], Benefit.NONE)
        failed = in_work[~hired]
        self.stop_coaching(pop, failed)
        self.jobs.end_jobs(w, failed, LabourState.UNEMPLOYED, Event.JOB_END)

    def stop_coaching(self, pop, idx: np.ndarray) -> None:
        idx = idx[self.coached[idx]]
        pop.job_loss_factor[idx] /= np.float32(self.setting("coached_job_loss_factor"))
        self.coached[idx] = False

    def panel_status(self) -> dict[str, np.ndarray]:
        """Coached this month, and on an unpaid trial placement (A9.3)."""
        return {"coached": self.coached, "trial": self.trial_until >= 0}

    def report(self) -> dict[str, object]:
        out = super().report()
        treated = self.group == TREATED
        out["counterfactual"] = self.setting("counterfactual")
        out["mean_job_endings"] = float(self.job_endings[treated].mean()) if treated.any() else 0.0
        return out
