"""Benefit recipients respond to what work pays them (simulation.processes.incentives): a higher
WW rate or bijstand norm, fewer leave for work; a larger earnings disregard, more bijstand
clients take a small job beside it."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import QUIET, make_population, scenario

from simulation.codes import Benefit, LabourState
from simulation.model import LifeCourseModel
from simulation.processes.incentives import COUPLE, SINGLE, YOUNG, BenefitResponse

NORMS = ("norm_single", "norm_couple", "norm_young")
DISREGARD = "benefits.bijstand.earnings_disregard"


def test_under_the_law_nothing_is_scaled(defaults):
    response = BenefitResponse(defaults)
    assert not response.active
    assert (response.finding_factor == 1.0).all() and (response.ww_factor == 1.0).all()
    assert (response.small_job_share == defaults["labour.bijstand_part_time_job_share"]).all()
    assert (response.ww_finding_factor == 1.0).all()
    assert (response.ww_part_time_share == defaults["labour.ww_part_time_job_share"]).all()


def test_the_factors_follow_the_elasticities_exactly(defaults):
    """Jobs that end bijstand scale with (norm / law)^-e, small jobs with (kept / law's)^d;
    the job finding is their mix at the law's share of small jobs."""
    law = {n: defaults[f"benefits.bijstand.{n}"] for n in NORMS}
    p = defaults.with_overrides(
        {
            "benefits.bijstand.norm_single": law["norm_single"] * 1.21,
            f"{DISREGARD}.share": 0.5,
            f"{DISREGARD}.max": 1000.0,
        },
        "test",
    )
    r = BenefitResponse(p)
    e = defaults["labour.benefit_response.level_elasticity"]
    d = defaults["labour.benefit_response.disregard_elasticity"]
    s = defaults["labour.bijstand_part_time_job_share"]
    assert r.active
    assert r.norm_factor[SINGLE] == pytest.approx(1.21**-e, rel=1e-12)
    assert r.norm_factor[COUPLE] == r.norm_factor[YOUNG] == 1.0
    # EUR 550 a month: the law leaves 137.50 (a quarter, under the EUR 217 maximum), now 275
    assert r.small_job_factor == pytest.approx(2.0**d, rel=1e-12)
    for norm in (SINGLE, COUPLE, YOUNG):
        for of_age, small in ((0, 1.0), (1, 2.0**d)):
            factor = (1 - s) * r.norm_factor[norm] + s * small
            assert r.finding_factor[norm, of_age] == pytest.approx(factor, rel=1e-12)
            assert r.small_job_share[norm, of_age] == pytest.approx(s * small / factor)
    # WW after its first months at 80%: jobs that end WW by (0.8 / 0.7)^-e, part-time jobs
    # beside it by what a euro earned keeps, (0.2 / 0.3)^d; the first months are the law's
    w = BenefitResponse(defaults.with_overrides({"benefits.ww.replacement_after": 0.8}, "test"))
    after, ww = defaults["benefits.ww.replacement_after"], defaults["labour.ww_part_time_job_share"]
    full, part = (0.8 / after) ** -e, (0.2 / (1 - after)) ** d
    assert w.active and w.ww_finding_factor[0] == 1.0 and w.ww_part_time_share[0] == ww
    assert w.ww_finding_factor[1] == pytest.approx((1 - ww) * full + ww * part, rel=1e-12)
    assert w.ww_part_time_share[1] == pytest.approx(ww * part / w.ww_finding_factor[1])


def _clients(n: int, age: int):
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.birth_month[:] -= (age - 30) * 12
    pop.benefit[:] = Benefit.BIJSTAND
    pop.benefit_months[:] = 3
    return pop


def _one_month(pop, **overrides) -> tuple[np.ndarray, np.ndarray]:
    """Who found a job in a month, and whose job was a small one beside bijstand."""
    rules = {
        **QUIET,
        "labour.job_finding": {"low": 0.4, "middle": 0.4, "high": 0.4},
        "labour.bijstand_factor": {"0": 1.0},
        "labour.search_to_inactive": 0.0,
        **overrides,
    }
    hours = pop.hours.copy()
    LifeCourseModel(scenario(parameters=rules, horizon=1 / 12), population=pop).run()
    found = pop.labour_state == LabourState.EMPLOYED
    return found, found & (pop.hours < 0.5 * np.maximum(hours, 30.0))


@pytest.mark.parametrize("age", [30, 22])
def test_a_higher_norm_keeps_clients_from_work_and_a_lower_one_sends_them(defaults, age):
    """With the same draws, a norm 30% higher leaves a subset of the law's job finders, as many
    fewer as the elasticity says (within four standard errors); a lower norm a superset."""
    n = 20_000
    law, law_small = _one_month(_clients(n, age))
    norm = "benefits.bijstand.norm_single"
    high, high_small = _one_month(_clients(n, age), **{norm: defaults[norm] * 1.3})
    low, _ = _one_month(_clients(n, age), **{norm: defaults[norm] * 0.8})
    assert not (high & ~law).any() and not (law & ~low).any()
    e = defaults["labour.benefit_response.level_elasticity"]
    s = defaults["labour.bijstand_part_time_job_share"]
    expected = (1 - s) * 1.3**-e + s
    ratio, se = high.sum() / law.sum(), np.sqrt(law.sum() * (1 - expected)) / law.sum()
    assert abs(ratio - expected) < 4 * se + 0.005
    # the small jobs are the law's: only jobs that end bijstand respond to the norm
    assert abs(high_small.sum() - law_small.sum()) < 4 * np.sqrt(law_small.sum())


def test_a_larger_disregard_brings_more_small_jobs_from_its_age_only(defaults):
    """Doubling the disregard raises small jobs beside bijstand of clients from 27 by 2^d;
    clients under 27, whom the disregard is not for, find exactly the same jobs."""
    n = 20_000
    doubled = {f"{DISREGARD}.share": 0.5, f"{DISREGARD}.max": 434.0}
    law, law_small = _one_month(_clients(n, 30))
    more, more_small = _one_month(_clients(n, 30), **doubled)
    d = defaults["labour.benefit_response.disregard_elasticity"]
    assert more.sum() > law.sum() and not (law & ~more).any()
    ratio = more_small.sum() / law_small.sum()
    assert abs(ratio - 2.0**d) < 4 * np.sqrt(1 / law_small.sum()) * 2.0**d
    young, _ = _one_month(_clients(n, 24))
    young_doubled, _ = _one_month(_clients(n, 24), **doubled)
    assert (young == young_doubled).all()


def _ww_recipients(n: int, months_on_ww: int):
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.benefit[:] = Benefit.WW
    pop.benefit_months[:] = months_on_ww
    pop.ww_months_left[:] = 12
    pop.ww_wage[:] = 3000.0
    return pop


#: one wage for every new job: a full-time job (16 x 40 x 52 / 12 = 2,773) earns more than
#: 87.5% of the WW-maandloon (2,625) and ends WW; a part-time job beside WW keeps it
ONE_WAGE = {
    "labour.hourly_wage": {"low": 16.0, "middle": 16.0, "high": 16.0},
    "labour.wage_dispersion": 0.0,
    "labour.hours": {"male": 40.0, "female": 40.0},
}


def test_a_higher_ww_rate_keeps_its_recipients_from_work_in_the_months_it_pays(defaults):
    """WW at 90% after its first months instead of 70%: with the same draws, the recipients
    past those months find a subset of the law's jobs. Jobs that end WW fall to (0.9 / 0.7)^-e
    of the law's, part-time jobs beside WW, which now keep 10% of their earnings instead of
    30%, to (0.1 / 0.3)^d (each within four standard errors); those in their first months,
    paid the unchanged first rate, find exactly the law's."""
    n, rate = 20_000, {"benefits.ww.replacement_after": 0.9}
    first_months = defaults["benefits.ww.replacement_first_months"]
    later = first_months  # the first month past them: the edge
    law_pop, higher_pop = _ww_recipients(n, later), _ww_recipients(n, later)
    law, _ = _one_month(law_pop, **ONE_WAGE)
    higher, _ = _one_month(higher_pop, **ONE_WAGE, **rate)
    assert not (higher & ~law).any()
    e = defaults["labour.benefit_response.level_elasticity"]
    d = defaults["labour.benefit_response.disregard_elasticity"]
    after = defaults["benefits.ww.replacement_after"]
    for beside_ww, expected in ((False, (0.9 / after) ** -e), (True, (0.1 / (1 - after)) ** d)):
        mine = (law & (law_pop.benefit == Benefit.WW)) == beside_ww
        theirs = (higher & (higher_pop.benefit == Benefit.WW)) == beside_ww
        base, count = (law & mine).sum(), (higher & theirs).sum()
        assert base > 500
        se = np.sqrt(base * (1 - expected)) / base
        assert abs(count / base - expected) < 4 * se + 0.005, beside_ww
    first, _ = _one_month(_ww_recipients(n, first_months - 1))  # the last of the first months
    first_higher, _ = _one_month(_ww_recipients(n, first_months - 1), **rate)
    assert (first == first_higher).all()
