"""Refugees (A8): Syrian status holders arriving 2014-mid 2016, in the 2017 and 2019 surveys."""

from __future__ import annotations

from simulation.codes import Contract, LabourState
from simulation.model import LifeCourseModel
from simulation.validation.framework import measure, share


@measure("refugees")
def refugees(model: LifeCourseModel) -> dict[str, float]:
    """Work and labour-force participation at the survey dates (A8.5-A8.7), flexible jobs of
    the employed (A8.9); those who died or retired are out of the surveys' population."""
    out: dict[str, float] = {}
    pop = model.pop
    for _ in range(model.horizon_months):
        model.step()
        date = (model.last_month // 12, model.last_month % 12 + 1)
        here = (pop.labour_state < LabourState.DEAD) & (pop.labour_state != LabourState.RETIRED)
        working = (pop.labour_state == LabourState.EMPLOYED) | (
            pop.labour_state == LabourState.SICK
        )
        if date == (2017, 6):
            out["A8.5a"] = share(working[here])
            out["A8.5b"] = share(pop.labour_state[here] == LabourState.INACTIVE)
        if date == (2019, 6):
            out["A8.6"] = share(working[here])
            year = pop.arrival_month // 12
            out["A8.7a"] = share(working[here & (year == 2014)])
            out["A8.7b"] = share(working[here & (year == 2016)])
            employed = pop.labour_state == LabourState.EMPLOYED
            flexible = (pop.contract != Contract.PERMANENT) | (pop.hours < 20)
            out["A8.9"] = share(flexible[employed])
    return out
