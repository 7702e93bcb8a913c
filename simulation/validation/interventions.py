"""Interventions: the Almere RCT (A10), job coaching of Wajong clients (A9) and BRIDGE (A2)."""

from __future__ import annotations

import numpy as np

from simulation.codes import Contract, LabourState
from simulation.interventions import CONTROL, TREATED
from simulation.model import LifeCourseModel
from simulation.validation.framework import measure, share


@measure("almere")
def almere(model: LifeCourseModel) -> dict[str, float]:
    """Intensive case management against control: exit to work at 6, 12 and 18 months (A10.4),
    jobs of 48+ hours a month (A10.5), participation of those who stay (A10.6)."""
    model.run()
    report = model.intervention_reports()["case_management"]
    out = {
        f"A10.4_{k}": report[f"working_after_{k}m_treated"] - report[f"working_after_{k}m_control"]
        for k in (6, 12, 18)
    }
    cm = model.interventions[0]
    big = (model.pop.labour_state == LabourState.EMPLOYED) & (model.pop.hours * 52 / 12 >= 48)
    out["A10.5"] = share(big[cm.group == TREATED]) - share(big[cm.group == CONTROL])
    out["A10.6"] = report["participates_more_share_of_non_exiters"]
    return out


def _jobcoaching(model: LifeCourseModel, suffix: str) -> dict[str, float]:
    """Clients with a coach, as the article counts them (A9.4-A9.9): after 6 months, the share
    *in a regular paid job with the coach* (not on an unpaid trial placement, not after the
    coach left); after 3 years the share working and, of those working, the share without a
    coach (A9.5) and with a permanent contract (A9.8); job endings per client in 3 years."""
    pop = model.pop
    coaching = model.interventions[0]
    coached_job_at_6 = np.zeros(pop.size, dtype=np.int8)  # 0 unseen, 1 yes, 2 no
    at_36 = np.zeros(pop.size, dtype=np.int8)  # 0 unseen, 1 not working, 2 coached, 3 without
    permanent_at_36 = np.zeros(pop.size, dtype=np.int8)  # 0 unseen, 1 permanent, 2 flexible
    endings_at_36 = np.full(pop.size, -1, dtype=np.int16)
    for _ in range(model.horizon_months):
        model.step()
        state = pop.labour_state
        due = np.flatnonzero(coaching.start == model.last_month - 6)
        regular = (
            ((state[due] == LabourState.EMPLOYED) | (state[due] == LabourState.SICK))
            & coaching.coached[due]
            & (coaching.trial_until[due] < 0)  # a trial placement is unpaid work (A9.3)
        )
        coached_job_at_6[due] = np.where(regular, 1, 2)
        due = np.flatnonzero(coaching.start == model.last_month - 36)
        working = (state[due] == LabourState.EMPLOYED) | (state[due] == LabourState.SICK)
        at_36[due] = np.where(working, np.where(coaching.coached[due], 2, 3), 1)
        employed = due[state[due] == LabourState.EMPLOYED]
        permanent_at_36[employed] = np.where(pop.contract[employed] == Contract.PERMANENT, 1, 2)
        endings_at_36[due] = coaching.job_endings[due]
    seen = permanent_at_36 > 0
    return {
        f"A9.4{suffix}": share(coached_job_at_6[coached_job_at_6 > 0] == 1),
        f"A9.5{suffix}": share(at_36[at_36 > 0] >= 2),
        f"A9.5b{suffix}": share(at_36[at_36 >= 2] == 3),
        f"A9.8{suffix}": share(permanent_at_36[seen] == 1),
        f"A9.9{suffix}": float(endings_at_36[endings_at_36 >= 0].mean()),
    }


@measure("jobcoaching")
def jobcoaching(model: LifeCourseModel) -> dict[str, float]:
    """Wajong clients with a coach (A9.4, A9.5, A9.8, A9.9)."""
    return _jobcoaching(model, "")


@measure("jobcoaching_wga")
def jobcoaching_wga(model: LifeCourseModel) -> dict[str, float]:
    """WGA clients with a coach: the same findings for the article's second group."""
    return _jobcoaching(model, "_wga")


@measure("bridge")
def bridge(model: LifeCourseModel) -> dict[str, float]:
    """A2.4: employment 18-24 with BRIDGE minus the same cohort and draws without it."""
    base = LifeCourseModel(model.spec.with_changes(interventions=[]), record_events=False)
    rates = []
    for run in (model, base):
        employed = present = 0
        while run.running:
            run.step()
            age = run.last_month - run.pop.birth_month
            adult = (age >= 18 * 12) & (run.pop.labour_state < LabourState.DEAD)
            state = run.pop.labour_state[adult]
            employed += np.count_nonzero(
                (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
            )
            present += np.count_nonzero(adult)
        rates.append(employed / present)
    return {"A2.4": rates[0] - rates[1]}
