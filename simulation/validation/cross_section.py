"""The Netherlands in 2019, eight years on: women's employment (A3.2), mental causes of young
disability inflow (A1.2), and the statistics the dynamics must hold (S4-S6)."""

from __future__ import annotations

import numpy as np

from simulation.codes import Contract, Event, Health, LabourState
from simulation.model import LifeCourseModel
from simulation.validation.framework import measure, share


def young_disability_causes(model: LifeCourseModel) -> np.ndarray:
    """Run to the horizon; the health (the cause: still ill when assessed) of everyone under 35
    entering WGA or IVA, in order of entry."""
    causes = []
    for _ in range(model.horizon_months - model.steps):
        model.step()
        person, month, event = model.log.arrays()
        entry = (month == model.last_month) & (
            (event == Event.WGA_START) | (event == Event.IVA_START)
        )
        new = person[entry]
        young = new[model.pop.birth_month[new] > model.last_month - 35 * 12]
        causes.append(model.pop.health[young])
    return np.concatenate(causes)


#: UWV's new benefits a year (S10), by the event that starts them in the model
INFLOWS = {
    "S10a": Event.WW_START,
    "S10b": Event.WGA_START,
    "S10c": Event.IVA_START,
    "S10d": Event.WAJONG_START,
}


def inflows_per_year(model: LifeCourseModel) -> dict[str, float]:
    """New WW, WGA, IVA and Wajong benefits a year over the run, scaled to the Netherlands:
    the simulated persons aged 15-67 at the start stand for the national 15-67 population."""
    _, _, events = model.log.arrays()
    scale = model.params["migration.arrivals.national_population_15_67"]
    scale /= model.spec.population.size
    years = model.steps / 12
    return {key: float(np.sum(events == event)) * scale / years for key, event in INFLOWS.items()}


@measure("cross_section")
def cross_section(model: LifeCourseModel) -> dict[str, float]:
    """Women's employment at the start (A3.2), mental causes of disability inflow under 35 over
    the horizon (A1.2), flexible contracts, unemployment and WW at its end (S4-S6), and the
    yearly inflow into WW, WGA, IVA and Wajong over it (S10)."""
    women = model.indicators["female_employment_25_45"]  # in 2019, at the start
    mental = share(young_disability_causes(model) == Health.MENTAL)  # runs the horizon
    pop = model.pop
    employed = pop.labour_state == LabourState.EMPLOYED
    return {
        "A3.2": women,
        "A1.2": mental,
        "S5": share(pop.contract[employed] == Contract.FLEX),
        "S4": model.indicators["unemployment_rate"],  # the last month's, after eight years
        "S6a": model.indicators["share_ww"],
        **inflows_per_year(model),
    }
