"""The Netherlands in 2019, eight years on: women's employment (A3.2), mental causes of young
disability inflow (A1.2), and the statistics the dynamics must hold (S4-S6); and its employees'
hourly wages as CBS's Polis counts them (their spread and their rise with age)."""

from __future__ import annotations

import numpy as np

from simulation.calendar import WEEKS_PER_MONTH
from simulation.codes import Contract, Education, Event, Health, LabourState
from simulation.income.layout import HOUSEHOLD_KINDS, KIND
from simulation.income.statistics import statistics
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


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The value below which a share ``q`` of the weight lies (CBS's percentiles of paid hours)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order], dtype=np.float64)
    return float(values[order][np.searchsorted(cumulative, q * cumulative[-1])])


#: the age bands CBS publishes mean hourly wages for: target suffix -> [from, to) in years
WAGE_AGES = {"20_24": (20, 25), "30_34": (30, 35), "45_59": (45, 60)}


@measure("wages")
def wages(model: LifeCourseModel) -> dict[str, float]:
    """Employees' gross hourly wages at the start (the synthesis and the job rules' wages):
    the 10th and 90th percentiles and the mean over paid hours, the mean by age band, and the
    high educated's mean over the low educated's. Employees are the employed and the sick with
    an employer (not the self-employed), as in CBS's Polis; hours-weighted, as CBS weighs."""
    pop, month = model.pop, model.last_month
    state = pop.labour_state
    employee = ((state == LabourState.EMPLOYED) | (state == LabourState.SICK)) & (
        pop.contract != Contract.SELF_EMPLOYED
    )
    rows = np.flatnonzero(employee & (pop.hours > 0))
    hours = pop.hours[rows].astype(np.float64)
    hourly = pop.wage[rows] / (hours * WEEKS_PER_MONTH)
    age = (month - pop.birth_month[rows]) // 12
    education = pop.education[rows]

    def mean(mask: np.ndarray) -> float:
        return float(np.average(hourly[mask], weights=hours[mask])) if mask.any() else np.nan

    return {
        "W.p10": _weighted_quantile(hourly, hours, 0.1),
        "W.p90": _weighted_quantile(hourly, hours, 0.9),
        "W.mean": mean(np.ones(rows.size, dtype=bool)),
        **{f"W.age_{k}": mean((age >= a) & (age < b)) for k, (a, b) in WAGE_AGES.items()},
        "W.high_low": mean(education == Education.HIGH) / mean(education == Education.LOW),
    }


@measure("income")
def income(model: LifeCourseModel) -> dict[str, float]:
    """Household incomes at the start (simulation.income.statistics): the shares below CBS's
    low-income threshold (households and persons) and SCP's budget, and the Gini coefficient
    of equivalised disposable income. The households' share and SCP's persons are of the
    households below the AOW age, as their targets are (the start holds some households of
    the AOW age: people who passed it in the past the cross-section lived); persons below
    CBS's threshold and the Gini coefficient of all, as CBS publishes them."""
    stats = model.income_stats
    out = model.incomes.out
    heads = out.heads.copy()
    heads[heads[:, KIND] == HOUSEHOLD_KINDS.index("aow_age"), KIND] = -1
    younger = statistics(out._replace(heads=heads), model.pop, model.income_lines)
    return {
        "I.poverty_cbs": younger["all", "poverty_rate_cbs"],
        "I.poverty_cbs_persons": stats["all", "poverty_rate_cbs_persons"],
        "I.poverty_scp": younger["all", "poverty_rate_scp"],
        "I.gini": stats["all", "gini"],
    }
