"""Behaviour: how job seekers respond to a benefit's rules, checked against the studies that
measured it (the WW entitlement's effect on the time without work, the rise in job finding when
WW runs out), and how long a recession's loss of work outlasts it."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulation.codes import LabourState
from simulation.model import LifeCourseModel
from simulation.validation.baseline import survey_status
from simulation.validation.framework import measure

#: months over which the time without work is counted (Schmieder, von Wachter and Bender cap
#: non-employment at 36 months)
NONEMPLOYMENT_MONTHS = 36
#: months on either side of WW's last paid month compared for the rise in job finding
SPIKE_WINDOW = 3

#: WW before 2016: up to 38 months, every year of work history a full month (law, I1.3); the
#: twin run's rules
LONGER_WW = {
    "benefits.ww.max_months": {"value": 38, "source": "law: WW before 2016 (I1.3)"},
    "benefits.ww.half_month_from_year": {
        "value": 2200,
        "source": "law: before 2016 every year beyond ten counted a full month (I1.3)",
    },
}


class Spells(NamedTuple):
    """WW entrants followed month by month from entry."""

    #: months of WW entitlement at entry
    entitlement: np.ndarray
    #: months until the first job, at most NONEMPLOYMENT_MONTHS
    without_work: np.ndarray
    #: (month, person): unemployed at the start of the month
    at_risk: np.ndarray
    #: (month, person): found a job during the month
    found: np.ndarray


def follow(model: LifeCourseModel) -> Spells:
    """Run ``model`` (a group of WW entrants) for NONEMPLOYMENT_MONTHS months."""
    pop = model.pop
    entitlement = pop.ww_months_left.astype(np.int64)
    without = np.full(pop.size, NONEMPLOYMENT_MONTHS, dtype=np.int64)
    at_risk = np.zeros((NONEMPLOYMENT_MONTHS, pop.size), dtype=bool)
    found = np.zeros_like(at_risk)
    for month in range(NONEMPLOYMENT_MONTHS):
        at_risk[month] = pop.labour_state == LabourState.UNEMPLOYED
        model.step()
        found[month] = at_risk[month] & (pop.labour_state == LabourState.EMPLOYED)
        without[found[month] & (without == NONEMPLOYMENT_MONTHS)] = month
    return Spells(entitlement, without, at_risk, found)


def exhaustion_rise(spells: Spells) -> float:
    """Job finding in the SPIKE_WINDOW months after WW's last paid month over that in the
    SPIKE_WINDOW months up to and including it, pooled over everyone still without work (the
    last paid month is the one that starts with the entitlement's last month left: the
    entrants start with all of it)."""
    last_paid = spells.entitlement
    people = np.flatnonzero(last_paid + SPIKE_WINDOW < NONEMPLOYMENT_MONTHS)
    before = [last_paid[people] - k for k in range(SPIKE_WINDOW)]
    after = [last_paid[people] + k for k in range(1, SPIKE_WINDOW + 1)]

    def hazard(months: list[np.ndarray]) -> float:
        risk = sum(spells.at_risk[m, people].sum() for m in months)
        return float(sum(spells.found[m, people].sum() for m in months)) / max(float(risk), 1.0)

    return hazard(after) / hazard(before)


@measure("ww_duration")
def ww_duration(model: LifeCourseModel) -> dict[str, float]:
    """Extra months without work per extra month of WW entitlement: the same entrants (same
    seed, so the same people and draws) under today's WW and under the longer WW of before
    2016, the change in mean months without work over the change in mean entitlement (a Wald
    estimate, as the studies' discontinuities give); and the rise in job finding when WW runs
    out (today's rules)."""
    longer = LifeCourseModel(model.spec, parameters=LONGER_WW, record_events=False)
    now, long = follow(model), follow(longer)
    extra_entitlement = float(long.entitlement.mean() - now.entitlement.mean())
    extra_without = float(long.without_work.mean() - now.without_work.mean())
    return {"WW.dD": extra_without / extra_entitlement, "WW.spike": exhaustion_rise(now)}


#: the twin run's recession: job finding 30% lower in 2021-2022 (the path of
#: scenarios/policy/recession_two_years.yaml)
RECESSION = {
    "economy.cycle": {
        "value": {"2020-01": 1.0, "2021-01": 0.7, "2023-01": 1.0},
        "source": "assumption: a two-year recession, as scenarios/policy/recession_two_years.yaml",
    }
}
#: the recession's last year, and the year, six after it, whose employment is compared (Yagan
#: measured 2015 employment after the 2007-2009 shock)
SHOCK_YEAR, OUTCOME_YEAR = 2022, 2028


def yearly_rates(model: LifeCourseModel) -> dict[int, tuple[float, float]]:
    """Run ``model`` to its horizon; per calendar year the mean monthly employment rate (of the
    population 15 to the AOW age) and unemployment rate (of the labour force), as the survey
    counts them."""
    months: dict[int, list[tuple[float, float]]] = {}
    for _ in range(model.horizon_months):
        model.step()
        status = survey_status(model)
        employed, unemployed, counted = (status == 0).sum(), (status == 1).sum(), (status < 3).sum()
        rates = (employed / counted, unemployed / (employed + unemployed))
        months.setdefault(model.last_month // 12, []).append(rates)
    return {year: tuple(np.mean(values, axis=0)) for year, values in months.items()}


@measure("recession_persistence")
def recession_persistence(model: LifeCourseModel) -> dict[str, float]:
    """How much of a recession's loss of work is still there six years after it: the same
    population (same seed, people and draws) with and without a two-year recession, the fall in
    the employment rate in OUTCOME_YEAR per point of rise in the unemployment rate in
    SHOCK_YEAR (Yagan's ratio of 2015 employment to the 2007-2009 unemployment shock)."""
    slump = LifeCourseModel(model.spec, parameters=RECESSION, record_events=False)
    base, hit = yearly_rates(model), yearly_rates(slump)
    shock = hit[SHOCK_YEAR][1] - base[SHOCK_YEAR][1]
    lasting = base[OUTCOME_YEAR][0] - hit[OUTCOME_YEAR][0]
    return {"R.persistence": lasting / shock}
