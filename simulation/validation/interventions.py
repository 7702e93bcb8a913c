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


@measure("jobcoaching")
def jobcoaching(model: LifeCourseModel) -> dict[str, float]:
    """Wajong clients with a coach: working after 6 months and 3 years (A9.4, A9.5); of those
    working after 3 years, the permanent share (A9.8); job endings per client in 3 years
    (A9.9)."""
    pop = model.pop
    coaching = model.interventions[0]
    permanent_at_36 = np.zeros(pop.size, dtype=np.int8)  # 0 unseen, 1 permanent, 2 flexible
    endings_at_36 = np.full(pop.size, -1, dtype=np.int16)
    for _ in range(model.horizon_months):
        model.step()
        due = np.flatnonzero(coaching.start == model.last_month - 36)
        working = due[pop.labour_state[due] == LabourState.EMPLOYED]
        permanent_at_36[working] = np.where(pop.contract[working] == Contract.PERMANENT, 1, 2)
        endings_at_36[due] = coaching.job_endings[due]
    report = model.intervention_reports()["jobcoaching"]
    seen = permanent_at_36 > 0
    return {
        "A9.4": report["working_after_6m_treated"],
        "A9.5": report["working_after_36m_treated"],
        "A9.8": share(permanent_at_36[seen] == 1),
        "A9.9": float(endings_at_36[endings_at_36 >= 0].mean()),
    }


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
