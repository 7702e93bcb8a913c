"""The exact rules of Dutch law, exact in code and exact in tests."""

import dataclasses
import itertools

import numpy as np
import pytest
from helpers import QUIET, START, make_population, make_world, rate_bounds, scenario

from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Event,
    Health,
    LabourState,
    Migration,
    Motive,
    Sex,
)
from simulation.model import LifeCourseModel
from simulation.processes.benefits import Benefits
from simulation.processes.ww import WWRules, popcount


@pytest.fixture(scope="module")
def ww(defaults) -> WWRules:
    return WWRules.from_params(defaults)


@pytest.mark.parametrize(
    ("history", "years_met", "year", "months"),
    [
        (0, False, 2020, 3),  # weeks requirement only: 3 months (I1.1)
        (8, False, 2020, 3),  # history does not count without the years requirement
        (2, True, 2020, 3),  # at least the base 3 months
        (5, True, 2020, 5),  # one month per year (I1.3)
        (10, True, 2020, 10),
        (12, True, 2020, 11),  # 2 years beyond 10, both since 2016: half a month each
        (14, True, 2030, 12),  # 4 years beyond 10, all since 2016
        (20, True, 2020, 18),  # 10 beyond: 6 before 2016 (full), 4 since (half)
        (30, True, 2020, 24),  # 28 by the rule, capped at 24 (I1.3)
        (40, True, 2040, 24),
    ],
)
def test_ww_duration(ww, history, years_met, year, months):
    got = ww.duration(np.array([history]), np.array([years_met]), year)
    assert got[0] == months


@pytest.mark.parametrize(
    ("bits", "met"),
    [
        (0b11111111, True),
        (0b00111111, True),  # 6 of the last 8 months = 26 of 36 weeks (I1.1)
        (0b10101111, True),
        (0b00011111, False),  # 5 months
        (0b0011111100000000, False),  # worked, but before the window
        (0, False),
    ],
)
def test_ww_weeks_requirement(ww, bits, met):
    assert ww.weeks_requirement(np.array([bits], dtype=np.uint16))[0] == met


@pytest.mark.parametrize(
    ("bits", "met"),
    [(0b11111, True), (0b01111, True), (0b10111, True), (0b00111, False), (0b11100111, False)],
)
def test_ww_years_requirement(ww, bits, met):
    assert ww.years_requirement(np.array([bits], dtype=np.uint8))[0] == met


@pytest.mark.parametrize(
    ("bits", "years_met", "take_up"),
    [
        (0b111111, False, 0.556),  # the weeks requirement's minimum: DARES's short record
        (0xFF, False, 0.556 + 0.444 * 2 / 18),  # 8 months worked
        (0xFFFF, False, 0.556 + 0.444 * 10 / 18),  # the whole record: 16 months
        (0b111111, True, 1.0),  # the years requirement met: a record of 24 months or more
    ],
)
def test_ww_take_up_rises_with_the_work_record(ww, bits, years_met, take_up):
    got = ww.take_up(np.array([bits], dtype=np.uint16), np.array([years_met]))
    assert got[0] == pytest.approx(take_up, abs=1e-6)


def test_ww_claims_follow_the_take_up_on_a_short_record(defaults):
    """Of 20,000 entitled on the minimum record 55.6% claim (binomial sd 0.35 points); with
    the years requirement met everyone does."""
    n = 20_000
    pop = make_population(
        2 * n, labour_state=LabourState.UNEMPLOYED, months_in_state=0, work_bits=0b111111,
        contract=Contract.FLEX,
    )  # fmt: skip
    pop.years_bits[n:] = 0b11111
    world = make_world(pop)
    Benefits(defaults).ww_entry(world)
    on_ww = pop.benefit == Benefit.WW
    assert abs(on_ww[:n].mean() - 0.556) < 0.015
    assert on_ww[n:].all()
    assert world.log.count(Event.WW_START) == int(on_ww.sum())


def test_popcount_counts_bits():
    values = np.array([0, 1, 0b1011, 0xFFFF, 0x8001], dtype=np.uint16)
    assert list(popcount(values)) == [0, 1, 3, 16, 2]


def test_ww_entry_for_the_insured_and_not_for_the_self_employed(defaults):
    pop = make_population(
        3,
        labour_state=LabourState.UNEMPLOYED,
        months_in_state=0,
        work_bits=0xFF,
        years_bits=0b11111,
        work_history_years=12,
    )
    pop.contract[:] = [Contract.FLEX, Contract.PERMANENT, Contract.SELF_EMPLOYED]
    world = make_world(pop)
    Benefits(defaults).ww_entry(world)
    assert list(pop.benefit) == [Benefit.WW, Benefit.WW, Benefit.NONE]
    assert list(pop.ww_months_left[:2]) == [11, 11]
    assert world.log.count(Event.WW_START) == 2


def test_ww_is_paid_for_exactly_the_entitled_months():
    pop = make_population(
        1,
        labour_state=LabourState.UNEMPLOYED,
        months_in_state=0,
        work_bits=0xFF,
        years_bits=0,
        contract=Contract.FLEX,
        education=0,
    )
    # nobody finds work or gives up searching, so only the WW clock matters; everyone claims
    quiet = {
        "benefits.ww.take_up.short_record": 1.0,
        "labour.job_finding": {"low": 0.0, "middle": 0.0, "high": 0.0},
        "labour.search_to_inactive": 0.0,
        "health.physical_onset": {"0": 0.0},
        "health.mental_onset": {"0": 0.0},
        "family.partnering": {"0": 0.0},
    }
    model = LifeCourseModel(
        scenario(parameters=quiet, horizon=1), population=pop, record_events=True
    )
    on_ww = []
    for _ in range(6):
        model.step()
        on_ww.append(int(pop.benefit[0] == Benefit.WW))
    assert on_ww == [1, 1, 1, 0, 0, 0]  # 3 months with the weeks requirement only (I1.3)
    assert [e for _, e in model.person(0).events][:2] == [Event.WW_START, Event.WW_END]


def test_a_job_beside_ww_keeps_a_top_up_on_the_maandloon_less_the_earnings():
    """Partial WW (art. 35a WW): a WW recipient whose new job earns at most 87.5% of the
    WW-maandloon keeps WW, 70% of the maandloon less the earnings, and the entitlement runs on;
    a job that earns more ends WW at once, and so does a later wage above the line."""
    n = 4_000
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.benefit[:] = Benefit.WW
    pop.benefit_months[:] = 6
    pop.ww_months_left[:] = 12
    pop.ww_wage[:] = 3000.0
    pop.sex[: n // 2] = Sex.FEMALE
    params = {
        "labour.job_finding": {"low": 0.5, "middle": 0.5, "high": 0.5},
        "labour.ww_exhaustion_factor": {"0": 1.0},
        "labour.ww_job_finding_factor": 1.0,
        "labour.ww_part_time_job_share": 0.5,
        "labour.ww_part_time_hours": 0.5,
        "labour.search_to_inactive": 0.0,
        "labour.hourly_wage": {"low": 16.0, "middle": 16.0, "high": 16.0},
        "labour.wage_dispersion": 0.0,  # everyone at the same wage level
        "labour.hours": {"male": 40.0, "female": 40.0},
    }
    model = LifeCourseModel(
        scenario(parameters={**QUIET, **params}, horizon=1 / 12), population=pop
    )
    model.run()
    working = pop.labour_state == LabourState.EMPLOYED
    # a full job pays 16 * 40 * 52/12 = 2773 > 0.875 * 3000 = 2625; half of it 1387 keeps WW
    part_time = working & (pop.hours == 20.0)
    full = working & (pop.hours == 40.0)
    assert part_time.sum() > 300 and full.sum() > 300
    assert (pop.benefit[part_time] == Benefit.WW).all()
    assert (pop.ww_months_left[part_time] == 11).all()  # the entitlement runs on: a month used
    assert (pop.benefit[full] == Benefit.NONE).all() and (pop.ww_months_left[full] == 0).all()
    amounts = model.benefits.amounts(pop, np.flatnonzero(part_time), model.last_month)
    expected = np.float32(0.70) * (np.float32(3000.0) - pop.wage[part_time])
    np.testing.assert_allclose(amounts, expected, rtol=1e-6)
    # a wage rise above 87.5% of the maandloon ends WW in the next benefits step
    rows = np.flatnonzero(part_time)
    pop.wage[rows[:10]] = 2700.0
    model.benefits.ww_expiry(make_world(pop))
    assert (pop.benefit[rows[:10]] == Benefit.NONE).all()
    assert (pop.benefit[rows[10:]] == Benefit.WW).all()
    assert not pop.ww_ran_out[rows].any()  # working: search does not go on as after WW


def test_a_cut_in_hours_is_partial_unemployment_with_ww_on_the_lost_hours():
    """labour.partial_job_loss: that share of an employee's job-loss risk is a cut of
    labour.partial_hours_lost of the hours and wage instead (art. 16 WW); the employee keeps
    working and, meeting the weeks condition, gets WW on the wage before the cut, paid on the
    lost part (art. 35a). The self-employed, those already on a benefit and the disabled lose
    whole jobs."""
    n = 6_000
    pop = make_population(n, work_bits=0xFF, years_bits=0b11111, work_history_years=12)
    pop.hours[:] = 38.0
    pop.wage[:] = 3000.0
    pop.contract[:] = Contract.PERMANENT
    pop.contract[4_000:5_000] = Contract.SELF_EMPLOYED
    pop.benefit[5_000:5_500] = Benefit.BIJSTAND  # working beside a bijstand top-up
    pop.disability[5_500:] = Disability.WGA  # partly disabled, at work
    params = {
        "labour.job_loss": {"flex": 0.5, "self_employed": 0.5, "permanent": 0.5},
        "labour.job_loss_health_factor": {"healthy": 1.0, "ill": 1.0, "mental": 1.0},
        "labour.unstable_share": 0.0,
        "labour.partial_job_loss": 0.4,
        "labour.partial_hours_lost": 0.5,
        "labour.wage_growth": {"low": 0.0, "middle": 0.0, "high": 0.0},  # January's raise
    }
    model = LifeCourseModel(
        scenario(parameters={**QUIET, **params}, horizon=1 / 12), population=pop
    )
    model.run()
    employed = pop.labour_state == LabourState.EMPLOYED
    cut = employed & (pop.hours == 19.0)
    low, high = rate_bounds(0.5 * 0.4, 4_000)
    assert low < cut[:4_000].mean() < high
    lost = pop.labour_state[:4_000] != LabourState.EMPLOYED
    low, high = rate_bounds(0.5 * 0.6, 4_000)
    assert low < lost.mean() < high
    assert not cut[4_000:].any()  # the self-employed, clients, the disabled: whole jobs only
    low, high = rate_bounds(0.5, 1_000)
    assert low < (pop.labour_state[4_000:5_000] != LabourState.EMPLOYED).mean() < high
    rows = np.flatnonzero(cut)
    assert (pop.wage[rows] == 1500.0).all()
    assert (pop.benefit[rows] == Benefit.WW).all() and (pop.ww_wage[rows] == 3000.0).all()
    assert model.log.count(Event.HOURS_CUT) == rows.size
    amounts = model.benefits.amounts(pop, rows, model.last_month)
    share = np.float32(model.params["benefits.ww.replacement_first"])
    np.testing.assert_allclose(amounts, share * np.float32(1500.0), rtol=1e-6)


def test_a_job_that_ends_was_searched_for_during_its_notice(defaults):
    """labour.notice_months, notice_search_factor: an employee whose job the labour market
    ends this month knew it a notice ahead (art. 7:668 and 7:672 BW) and searched at
    notice_search_factor (here 0.5) of the hazard of a seeker without WW, so their chance of a
    new job before the old one ends is 1 - (1 - f h) ** months; not the self-employed (no
    notice), nor anyone else new to unemployment (a school leaver, a WW entrant of a group's
    start), nor a job loser who falls back on a disability benefit."""
    from simulation.economy import Economy
    from simulation.processes.jobs import Jobs
    from simulation.processes.labour import Labour, SeekerColumns, _seekers

    n = 800
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=1, work_bits=1)
    pop.education[:] = np.arange(n) % len(Education)  # hazards that differ
    pop.birth_month[:] -= (np.arange(n) % 30) * 12  # ages 30 to 59
    pop.contract[:200] = Contract.FLEX
    pop.contract[200:400] = Contract.PERMANENT
    pop.contract[400:600] = Contract.SELF_EMPLOYED
    pop.contract[600:] = Contract.PERMANENT
    params = defaults.with_overrides({"labour.notice_search_factor": 0.5}, "test")
    labour = Labour(params, Jobs(params), Economy(params))
    world = make_world(pop)
    months = params["labour.notice_months"]
    assert (months["flex"], months["permanent"], months["self_employed"]) == (1, 2, 0)

    def hazards(notice: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m, economy = world.month, labour.economy
        cycle, sectors = economy.job_finding_by_migration(m), economy.sector_demand(m)
        c, t = world.columns(SeekerColumns, notice=notice), labour.finding_rates
        return _seekers(c, t, m, cycle, sectors, 0, n)

    seekers, seeking = hazards(np.zeros(n, np.int8))  # a month into a search
    assert seekers.tolist() == list(range(n))
    pop.months_in_state[:] = 0  # new to unemployment this month
    notice = np.zeros(n, np.int8)
    notice[:600] = labour.finding_rates.notice_months[pop.contract[:600]]  # the job losers
    pop.labour_state[700:] = LabourState.DISABLED  # lost a job, back on a disability benefit
    pop.disability[700:] = Disability.WGA  # (who would look for work at WGA's own rate)
    notice[700:] = 2
    noticed, chance = hazards(notice)
    assert noticed.tolist() == list(range(400))
    h = np.minimum(seeking[:400] * 0.5, 1.0)
    np.testing.assert_allclose(chance[:200], h[:200], rtol=1e-12)
    np.testing.assert_allclose(chance[200:400], 1 - (1 - h[200:400]) ** 2, rtol=1e-12)


def test_who_finds_a_job_during_the_notice_moves_on_without_ww():
    """The month a job ends, some find the next before it ends: they work on (a new employer,
    the events JOB_END and JOB_START), never count as unemployed and claim no WW; the others
    are unemployed and get WW. Without a search on the job (factor 0) nobody moves on."""
    n = 4_000
    params = {
        "labour.job_loss": {"flex": 1.0, "self_employed": 0.0, "permanent": 1.0},
        "labour.job_loss_health_factor": {"healthy": 1.0, "ill": 1.0, "mental": 1.0},
        "labour.unstable_share": 0.0,
        "labour.partial_job_loss": 0.0,
    }
    moved = {}
    for f in (0.0, 1.0):
        pop = make_population(n, work_bits=0xFF, years_bits=0b11111, work_history_years=12)
        pop.contract[:] = Contract.PERMANENT
        pop.contract[: n // 2] = Contract.FLEX
        pop.employer_months[:] = 40
        settings = {**QUIET, **params, "labour.notice_search_factor": f}
        model = LifeCourseModel(scenario(parameters=settings, horizon=1 / 12), population=pop)
        model.run()
        working = pop.labour_state == LabourState.EMPLOYED
        person, _, event = model.log.arrays()
        assert set(person[event == Event.JOB_END]) == set(range(n))  # every job ended
        assert set(person[event == Event.JOB_START]) == set(np.flatnonzero(working))
        assert (pop.employer_months[working] == 1).all()  # a new employer
        assert (pop.benefit[working] == Benefit.NONE).all()
        assert (pop.benefit[~working] == Benefit.WW).all()
        moved[f] = working
    assert not moved[0.0].any()
    # a month's notice (flexible) against two (permanent): alike otherwise, so the permanent
    # move on at 1 - (1 - p) ** 2 of the flexible's p (within sampling and the spread of p)
    flex, permanent = moved[1.0][: n // 2].mean(), moved[1.0][n // 2 :].mean()
    assert flex > 0.05
    assert abs(permanent - (1 - (1 - flex) ** 2)) < 0.04


def test_a_temporary_contract_ended_at_the_chain_limit_was_searched_for_too():
    """The end at the chain rule's limit (I5.1) is known a month ahead (the aanzegtermijn):
    some of those let go move straight to a new employer; without the search nobody does."""
    n = 3_000
    params = {"labour.chain_limit_permanent": 0.0, "labour.flex_to_permanent": 0.0}
    moved = {}
    for f in (0.0, 1.0):
        pop = make_population(n, work_bits=0xFF, contract=Contract.FLEX, employer_months=40)
        settings = {**QUIET, **params, "labour.notice_search_factor": f}
        model = LifeCourseModel(scenario(parameters=settings, horizon=1 / 12), population=pop)
        model.run()
        person, _, event = model.log.arrays()
        assert set(person[event == Event.CHAIN_LIMIT_END]) == set(range(n))  # all let go
        moved[f] = pop.labour_state == LabourState.EMPLOYED
        assert (pop.employer_months[moved[f]] == 1).all()
        assert (pop.benefit[moved[f]] == Benefit.NONE).all()
    assert not moved[0.0].any()
    assert moved[1.0].mean() > 0.05


def test_a_persons_wage_level_spreads_wages_and_stays_from_job_to_job(defaults):
    """labour.wage_dispersion: within one education and work record, log hourly wages have that
    sd and a mean of nil in levels (lognormal with mean 1); the level is a trait, so a person's
    next job pays the same as long as nothing else changed, and its order among others holds."""
    from simulation.processes.jobs import Jobs, wage_level

    n = 40_000
    pop = make_population(n, labour_state=LabourState.EMPLOYED)
    pop.hours[:] = 38.0
    pop.education[:] = Education.HIGH  # far above the minimum wage, so the spread shows whole
    jobs = Jobs(defaults)
    world = make_world(pop)
    idx = np.arange(n)
    first = jobs.wage_for(world, idx)
    hourly = first / np.float32(38.0 * 52 / 12)
    base = defaults["labour.hourly_wage"]["high"]
    sd = defaults["labour.wage_dispersion"]
    # the minimum wage cuts the lowest 2%: read the spread off the median and the 90th percentile
    assert (hourly > defaults["labour.hourly_minimum_wage"]).mean() > 0.95
    p50, p90 = np.percentile(hourly / base, [50, 90])
    assert p50 == pytest.approx(np.exp(-(sd**2) / 2), rel=0.01)  # a mean of 1 in levels
    assert np.log(p90 / p50) == pytest.approx(1.2816 * sd, rel=0.03)
    world.draws.month += 7  # another month: the same person, the same level
    np.testing.assert_array_equal(jobs.wage_for(world, idx), first)
    u = (np.arange(2**12) + 0.5) / 2**12
    np.testing.assert_allclose(wage_level(u.astype(np.float32), 0.3).mean(), 1.0, atol=2e-3)
    assert wage_level(np.array([0.0], np.float32), 0.3)[0] > 0  # the lowest draw is finite


def test_wages_rise_fast_early_in_a_career_and_level_off_at_the_cap(defaults):
    """labour.wage_growth falls linearly with experience to none at experience_cap_years (a
    Mincer profile): a new job after x months of record pays exp(log(1 + g)(x - x^2 / 2 cap))
    times a starter's; January's raise is twelve months of the growth at the worker's record."""
    from simulation.processes.jobs import Jobs, experience_factor, growth_now

    g = np.float32(0.003)
    cap = 25 * 12
    years = np.array([0, 5, 10, 15, 20, 25, 30, 40], dtype=np.int8)
    factor = experience_factor(years, np.full(years.size, g), cap)
    months = np.minimum(years * 12.0, cap)
    expected = np.exp(np.log1p(0.003) * (months - months**2 / (2 * cap)))
    np.testing.assert_allclose(factor, expected, rtol=1e-5)
    rises = np.diff(np.log(factor[:6]))  # each five years adds less than the five before
    assert (np.diff(rises) < 0).all()
    assert factor[5] == factor[6] == factor[7]  # no rise with experience past the cap
    now = growth_now(np.array([0, 10, 25, 40], np.int8), np.full(4, g), cap)
    np.testing.assert_allclose(now, [0.003, 0.003 * 0.6, 0.0, 0.0], rtol=1e-6)

    january = 12 * 2021
    pop = make_population(4, month=january)  # aged 30, under wage_growth_until_age
    pop.education[:] = Education.MIDDLE
    pop.work_history_years[:] = [0, 10, 25, 40]
    pop.wage[:] = 2000.0
    Jobs(defaults).wage_growth(make_world(pop, month=january))
    growth = defaults["labour.wage_growth"]["middle"] * np.array([1.0, 0.6, 0.0, 0.0])
    np.testing.assert_allclose(pop.wage, 2000.0 * (1 + growth) ** 12, rtol=1e-5)


#: everyone passes the asset test and claims what they are entitled to
ENTITLED_CLAIM = {
    "benefits.bijstand.asset_test_pass": 1.0,
    "benefits.bijstand.take_up": {"18": 1.0},
    "benefits.bijstand.other_exit": 0.0,
}


def net_of_wage(monthly: float) -> float:
    """A monthly wage net of the 2020 wage tax, worked by hand for yearly wages from 9,921 to
    20,711 (tax.yaml: 37.35% less the full algemene heffingskorting of 2,711 and the
    arbeidskorting's second band), or nil tax below the credits: what the means test counts
    (Participatiewet art. 32)."""
    yearly = 12 * monthly
    labour = 0.02812 * min(yearly, 9921) + 0.28812 * max(yearly - 9921, 0)
    return monthly - max(0.3735 * yearly - 2711 - labour, 0) / 12


def test_bijstand_means_test_and_amounts(defaults):
    params = defaults.with_overrides(ENTITLED_CLAIM, "test")
    pop = make_population(6, labour_state=LabourState.INACTIVE, months_in_state=3)
    # 0-1 a couple, partner 1 earns above the couple norm; 2-3 a couple, partner 3 earns 1000;
    # 4 single aged 30; 5 single aged 19
    pop.partner_id[:4] = [1, 0, 3, 2]
    pop.labour_state[[1, 3]] = LabourState.EMPLOYED
    pop.wage[[1, 3]] = [2500.0, 1000.0]
    pop.birth_month[5] = START - 19 * 12
    world = make_world(pop)
    benefits = Benefits(params)
    benefits.bijstand(world)
    assert list(pop.benefit) == [0, 0, Benefit.BIJSTAND, 0, Benefit.BIJSTAND, Benefit.BIJSTAND]
    amounts = benefits.amounts(pop, np.array([2, 4, 5]), START)
    # the couple norm less the partner's net wage: 1,000 gross is 925.58 net
    assert net_of_wage(1000.0) == pytest.approx(925.58, abs=0.01)
    assert amounts == pytest.approx([1512.90 - net_of_wage(1000.0), 1059.03, 260.0], abs=0.01)
    # the partner loses the job: the household is poor, both claim, and split the couple norm
    pop.labour_state[3] = LabourState.INACTIVE
    benefits.bijstand(world)
    assert pop.benefit[3] == Benefit.BIJSTAND
    assert benefits.amounts(pop, np.array([2, 3]), START) == pytest.approx([756.45, 756.45])
    # a partner's new job above the norm ends the claim of both
    pop.labour_state[3] = LabourState.EMPLOYED
    pop.wage[3] = 4000.0
    pop.benefit[3] = Benefit.NONE
    benefits.bijstand(world)
    assert pop.benefit[2] == Benefit.NONE


def test_a_retired_partners_pension_counts_in_the_means_test_and_the_amount(defaults):
    """A retired partner brings the household's pension into the means test and bijstand's
    amount, with the AOW from the AOW age (income.yaml's amounts: the AOW of a partner, 40% of
    the last wage from the AOW age, 70% before it, holiday allowance included): only a small
    pension leaves the couple under its norm (EUR 1,512.90), and bijstand tops it up."""
    params = defaults.with_overrides(ENTITLED_CLAIM, "test")
    pop = make_population(8, labour_state=LabourState.INACTIVE, months_in_state=3)
    pop.partner_id[:] = [1, 0, 3, 2, 5, 4, 7, 6]
    partners = np.array([1, 3, 5, 7])
    pop.labour_state[partners] = LabourState.RETIRED
    pop.birth_month[partners] = START - np.array([68, 68, 62, 62]) * 12
    # no pension beside the AOW; a pension of 3,000; early retirees of 3,500 and of 1,500
    pop.wage[partners] = [0.0, 3000.0, 3500.0, 1500.0]
    world = make_world(pop)
    benefits = Benefits(params)
    # the AOW of a partner alone, 12 x 921.49 = 11,057.88 a year, pays no tax (19.45% of it,
    # 2,150.76, the first bracket from the AOW age, is below the AOW age's algemene
    # heffingskorting of 1,413 and ouderenkorting of 1,622 together), only the own Zvw
    # contribution of 5.45%: 921.49 x 0.9455 = 871.27
    income = benefits.partner_income(world, np.array([0, 2, 4, 6]))
    assert income[0] == pytest.approx(871.27, abs=0.01)
    assert income[1] > 1512.90 and income[2] > 1512.90 > income[3]
    benefits.bijstand(world)
    assert list(pop.benefit[[0, 2, 4, 6]]) == [Benefit.BIJSTAND, 0, 0, Benefit.BIJSTAND]
    paid = benefits.amounts(pop, np.array([0, 6]), START)
    assert paid == pytest.approx([1512.90 - 871.27, 1512.90 - income[3]], abs=0.01)


def test_bijstand_deducts_a_partners_ww(defaults):
    """The partner's WW counts in bijstand's amount as in its means test: the couple's norm
    less the partner's net WW (75% of a WW-maandloon of 1,000 in the first two months)."""
    params = defaults.with_overrides(ENTITLED_CLAIM, "test")
    pop = make_population(2, labour_state=LabourState.INACTIVE, months_in_state=3)
    pop.partner_id[:] = [1, 0]
    pop.labour_state[1] = LabourState.UNEMPLOYED
    pop.benefit[1], pop.ww_wage[1], pop.benefit_months[1] = Benefit.WW, 1000.0, 0
    world = make_world(pop)
    benefits = Benefits(params)
    benefits.bijstand(world)
    assert pop.benefit[0] == Benefit.BIJSTAND
    net_ww = benefits.partner_income(world, np.array([0]))[0]
    # 9,000 a year: 37.35% of it (3,361.50) less the algemene heffingskorting (2,711) is
    # 650.50 a year, 54.21 a month; UWV pays the Zvw levy on benefits
    assert net_ww == pytest.approx(750 - 650.50 / 12, abs=0.01)
    assert benefits.amounts(pop, np.array([0]), START)[0] == pytest.approx(1512.90 - net_ww)


def test_newcomers_who_came_for_work_family_or_study_wait_five_years(defaults):
    """An immigrant who came for work, family or study does not claim bijstand in the first
    60 months (benefits.bijstand.immigrant_wait_months), unless a Western one with a calendar
    year of work; asylum migrants and returning Dutch nationals claim as residents do."""
    params = defaults.with_overrides(ENTITLED_CLAIM, "test")
    motives = [Motive.WORK, Motive.FAMILY, Motive.STUDY, Motive.ASYLUM, Motive.RETURNING]
    rows = [(m, here, Migration.NON_WESTERN, 0) for m in motives for here in (59, 60)]
    rows += [(Motive.WORK, 59, Migration.WESTERN, 0), (Motive.WORK, 59, Migration.WESTERN, 1)]
    rows += [(Motive.FAMILY, 59, Migration.NON_WESTERN, 1)]  # work does not help outside the EU
    pop = make_population(len(rows), labour_state=LabourState.INACTIVE, months_in_state=3)
    for i, (motive, here, origin, history) in enumerate(rows):
        pop.motive[i], pop.immigration_month[i] = motive, START - here
        pop.migration[i], pop.work_history_years[i] = origin, history
    Benefits(params).bijstand(make_world(pop))
    claimed = [bool(b == Benefit.BIJSTAND) for b in pop.benefit]
    waits = {Motive.WORK, Motive.FAMILY, Motive.STUDY}
    expected = [not (m in waits and here < 60) for m, here, _, _ in rows[:10]]
    assert claimed == [*expected, False, True, False]


def test_bijstand_tops_up_a_small_job_and_disregards_a_quarter_at_first(defaults):
    """A client's job is topped up to the norm: the first six months a quarter of the net
    earnings (at most EUR 217 a month) is not counted, from 27 on (art. 31 lid 2 onder n); a
    job that pays more than the norm ends bijstand."""
    params = defaults.with_overrides(ENTITLED_CLAIM, "test")
    pop = make_population(5, benefit=Benefit.BIJSTAND, months_in_state=0)
    # 0 a small job at 30; 1 the same after six months; 2 the same at 25; 3 a job of 1200 at 30,
    # the disregard at its maximum; 4 a full-time job above the norm
    pop.wage[:] = [600.0, 600.0, 600.0, 1200.0, 2000.0]
    pop.months_in_state[1] = 6
    pop.birth_month[2] = START - 25 * 12
    benefits = Benefits(params)
    benefits.bijstand(make_world(pop))
    assert list(pop.benefit) == [Benefit.BIJSTAND] * 4 + [Benefit.NONE]
    amounts = benefits.amounts(pop, np.arange(4), START)
    norm = 1059.03
    # 600 a month pays no tax (the credits exceed it); 1,200 a month is 1,108.51 net, of which
    # the disregard's maximum (217) is not counted
    assert net_of_wage(600.0) == 600.0 and net_of_wage(1200.0) == pytest.approx(1108.51, abs=0.01)
    expected = [norm - 450.0, norm - 600.0, norm - 600.0, norm - (net_of_wage(1200.0) - 217.0)]
    assert amounts == pytest.approx(expected, abs=0.01)
    # a couple both on bijstand, one working: the household's norm less the countable earnings,
    # split between the two
    pop.partner_id[:2] = [1, 0]
    pop.labour_state[1] = LabourState.UNEMPLOYED
    assert benefits.amounts(pop, np.array([0, 1]), START) == pytest.approx(
        [(1512.90 - 450.0) / 2] * 2, abs=0.01
    )


def test_a_single_mother_of_a_young_child_keeps_an_eighth_for_thirty_months_more(defaults):
    """After the general disregard's six months, a single parent with the full care of a child
    under 12 keeps 12.5% of the net earnings, at most EUR 135.44 a month, for 30 months more
    (art. 31 lid 2 onder r Participatiewet), from 27 on; the model's children live with their
    mother. Not a father, not a couple, not with a child of 12, not under 27, not after."""
    params = defaults.with_overrides(ENTITLED_CLAIM, "test")
    n = 11
    pop = make_population(n, benefit=Benefit.BIJSTAND, months_in_state=10, sex=Sex.FEMALE,
                          n_children=1, youngest_child_month=START - 5 * 12)  # fmt: skip
    pop.wage[:] = 600.0  # no tax: the net is the gross
    pop.wage[1] = 1600.0  # the maximum applies
    pop.months_in_state[2] = 35  # the last month of the thirty
    pop.months_in_state[3] = 36  # after them
    pop.months_in_state[4] = 3  # still the general disregard: a quarter, not both
    pop.youngest_child_month[5] = START - 12 * 12  # the child is 12
    pop.youngest_child_month[6] = START - 12 * 12 + 1  # a month short of 12
    pop.birth_month[7] = START - 26 * 12  # the parent is 26
    pop.sex[8] = Sex.MALE  # a father: his children live with their mother
    pop.n_children[9], pop.youngest_child_month[9] = 0, -1  # no child
    pop.partner_id[10] = 0  # a couple, not a single parent (row 0 keeps its own amount)
    benefits = Benefits(params)
    amounts = benefits.amounts(pop, np.arange(n), START)
    norm, couple = np.float32(1059.03), np.float32(1512.90)
    net = np.float32(net_of_wage(1600.0))
    eighth = np.float32(600.0 * 0.125)
    expected = [
        norm - (600 - eighth),
        max(norm - (net - 135.44), 0.0),
        norm - (600 - eighth),
        norm - 600,
        norm - 450,  # a quarter of 600 kept in a job's first six months
        norm - 600,
        norm - (600 - eighth),
        norm - 600,
        norm - 600,
        norm - 600,
        (couple - 600 - 600) / 2,  # both on bijstand: the couple's norm less both wages, split
    ]
    assert amounts == pytest.approx(expected, abs=0.01)
    assert net - np.float32(1600.0 * 0.125) < net - np.float32(135.44)  # the cap binds at 1,600
    # the means test counts the same: what bijstand counts of each one's earnings
    counted = benefits.countable_earnings(pop, np.arange(10), START)
    assert counted[[0, 2, 6]] == pytest.approx([600 - eighth] * 3, abs=0.01)
    assert counted[[3, 5, 7, 8, 9]] == pytest.approx([600.0] * 5, abs=0.01)


def test_the_tally_pays_ww_its_first_rate_for_two_months():
    """WW pays 75% of the WW-maandloon in its first two months and 70% after (art. 47 WW),
    in what the month's tally counts as paid (spending, household incomes) as in the means
    test: the tally comes after bookkeeping has advanced the month's clocks, and reads them
    one month back."""
    n = 50
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=0)
    pop.benefit[:], pop.benefit_months[:] = Benefit.WW, 0  # WW granted this month
    pop.ww_months_left[:], pop.ww_wage[:] = 12, 3000.0
    rules = {**QUIET, "labour.job_finding": {"low": 0.0, "middle": 0.0, "high": 0.0}}
    model = LifeCourseModel(scenario(parameters=rules, horizon=4 / 12), population=pop)
    paid = []
    for _ in range(4):
        model.step()
        still = pop.benefit == Benefit.WW
        assert still.all()
        paid.append(float(np.mean(model.benefit_paid[:n])))
    assert paid == pytest.approx([2250.0, 2250.0, 2100.0, 2100.0])


def test_a_client_who_finds_a_small_job_keeps_a_partial_bijstand():
    """Found by the labour market, a small job no longer ends bijstand: the month's means test
    keeps the client on a top-up; a job that pays the norm ends it the same month."""
    n = 4_000
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.benefit[:] = Benefit.BIJSTAND
    pop.benefit_months[:] = 3
    pop.sex[: n // 2] = Sex.FEMALE
    params = {
        "labour.job_finding": {"low": 0.5, "middle": 0.5, "high": 0.5},
        "labour.bijstand_factor": {"0": 1.0},
        "labour.search_to_inactive": 0.0,
        "labour.hours": {"male": 37.0, "female": 8.0},  # women find small jobs here
        "labour.bijstand_part_time_job_share": 0.0,  # and only they
    }
    model = LifeCourseModel(
        scenario(parameters={**QUIET, **params}, horizon=1 / 12), population=pop
    )
    model.run()
    working = pop.labour_state == LabourState.EMPLOYED
    small = working & (pop.sex == Sex.FEMALE)
    assert small.sum() > 500 and (working & ~small).sum() > 500
    countable = pop.wage - np.minimum(pop.wage * 0.25, 217.0)
    assert (countable[small] < 1059.03).all() and (countable[working & ~small] > 1059.03).all()
    assert (pop.benefit[small] == Benefit.BIJSTAND).all()
    assert (pop.benefit[working & ~small] == Benefit.NONE).all()
    assert (pop.benefit[~working] == Benefit.BIJSTAND).all()


@pytest.mark.parametrize(
    ("age", "months_out_of_work", "granted"),
    [(30, 0, True), (26, 0, False), (26, 1, True), (19, 0, False), (19, 1, True)],
)
def test_bijstand_under_27_after_four_weeks_of_searching(
    defaults, age, months_out_of_work, granted
):
    """I2.2: under 27 a job seeker searches four weeks (a month here) before bijstand."""
    params = defaults.with_overrides(ENTITLED_CLAIM, "test")
    pop = make_population(
        1, labour_state=LabourState.UNEMPLOYED, months_in_state=months_out_of_work
    )
    pop.birth_month[0] = START - age * 12
    Benefits(params).bijstand(make_world(pop))
    assert (pop.benefit[0] == Benefit.BIJSTAND) == granted


def test_clients_without_work_also_leave_for_other_reasons_and_claim_again_later(defaults):
    """benefits.bijstand.other_exit: clients without work leave at that rate a month (CBS
    81574NED: study, another income, not complying, unknown), and claim again only after
    other_exit_months, if still entitled."""
    rules = {**ENTITLED_CLAIM, "benefits.bijstand.other_exit": 0.1,
             "benefits.bijstand.other_exit_months": 12}  # fmt: skip
    benefits = Benefits(defaults.with_overrides(rules, "test"))
    n = 20_000
    pop = make_population(n, labour_state=LabourState.INACTIVE, months_in_state=3)
    pop.benefit[:] = Benefit.BIJSTAND
    benefits.bijstand(make_world(pop))
    left = pop.benefit == Benefit.NONE
    low, high = rate_bounds(0.1, n)
    assert low < left.mean() < high
    assert (pop.bijstand_left_month[left] == START).all()
    assert (pop.bijstand_left_month[~left] == -1).all()
    benefits.bijstand(make_world(pop, month=START + 11))  # eleven months on: no claim yet
    assert (pop.benefit[left] == Benefit.NONE).all()
    benefits.bijstand(make_world(pop, month=START + 12))  # twelve: they claim again
    back = pop.benefit[left] == Benefit.BIJSTAND
    again = pop.bijstand_left_month[left] == START + 12  # entered, and left again at once
    assert (back | again).all()
    low, high = rate_bounds(0.9, int(left.sum()))
    assert low < back.mean() < high


def test_a_third_of_the_entitled_do_not_claim_bijstand_most_of_the_young(defaults):
    """Inspectie SZW 2021: about 35% of entitled households do not claim, 70% under 27
    (benefits.bijstand.take_up: 0.30 under 27, 0.70 from 27); status holders always claim."""
    params = defaults.with_overrides(
        {"benefits.bijstand.asset_test_pass": 1.0, "benefits.bijstand.other_exit": 0.0}, "test"
    )
    n = 20_000
    pop = make_population(3 * n, labour_state=LabourState.INACTIVE, months_in_state=3)
    pop.birth_month[:n] = START - 22 * 12
    pop.migration[2 * n :] = Migration.REFUGEE  # aged 30, as the middle third
    Benefits(params).bijstand(make_world(pop))
    claimed = pop.benefit == Benefit.BIJSTAND
    for rows, take_up in ((slice(0, n), 0.30), (slice(n, 2 * n), 0.70)):
        low, high = rate_bounds(take_up, n)
        assert low < claimed[rows].mean() < high
    assert claimed[2 * n :].all()


def _quiet(**extra):
    """Parameters under which nothing happens but what a test looks at."""
    base = dict(QUIET)
    base.update(extra)
    return base


@pytest.mark.parametrize(("year", "limit"), [(2020, 36), (2016, 24)])
def test_chain_rule_no_temporary_contract_outlasts_the_limit(year, limit):
    n = 4000
    start = year * 12
    pop = make_population(n, month=start, contract=Contract.FLEX, employer_months=0)
    params = _quiet(**{"labour.flex_to_permanent": 0.0})
    model = LifeCourseModel(
        scenario(parameters=params, start={"year": year, "month": 1}, horizon=5), population=pop
    )
    for _ in range(limit):
        model.step()
        assert np.all(pop.contract == Contract.FLEX)
        assert pop.employer_months.max() <= limit
    model.step()  # the limit is reached: permanent or let go (A5.7), nobody stays temporary
    assert not np.any((pop.contract == Contract.FLEX) & (pop.labour_state == LabourState.EMPLOYED))
    permanent = np.mean(pop.contract == Contract.PERMANENT)
    assert abs(permanent - 0.5) < 4 * np.sqrt(0.25 / n)
    assert model.log.count(Event.CHAIN_LIMIT_END) == n - np.count_nonzero(
        pop.contract == Contract.PERMANENT
    )


def test_sickness_lasts_at_most_104_weeks_then_wia(defaults):
    n = 4000
    pop = make_population(
        n,
        labour_state=LabourState.SICK,
        months_in_state=0,
        health=Health.ILL,
        benefit=Benefit.SICKNESS,
        contract=Contract.PERMANENT,
    )
    params = _quiet(**{"health.physical_recovery": 0.0})
    model = LifeCourseModel(scenario(parameters=params, horizon=5), population=pop)
    for _ in range(24):
        model.step()
        assert np.all(pop.labour_state == LabourState.SICK)
    model.step()  # 24 months = 104 weeks of wage continuation are over (I3.1): WIA (I3.2)
    assert not np.any(pop.labour_state == LabourState.SICK)
    shares = {
        "none": np.mean(pop.labour_state == LabourState.EMPLOYED),
        "wga": np.mean(pop.disability == Disability.WGA),
        "iva": np.mean(pop.disability == Disability.IVA),
    }
    for outcome, expected in defaults["health.wia_assessment"].items():
        assert abs(shares[outcome] - expected) < 4 * np.sqrt(expected * (1 - expected) / n)
    assert np.all(pop.benefit[pop.disability == Disability.WGA] == Benefit.WGA)


def test_a_reassessment_ends_wga_at_the_yearly_rate(defaults):
    """WGA entitlements end at health.wga_recovery a year (exaggerated here): the benefit stops,
    those without work start looking for it, those at work keep their job; IVA and the retired
    are not reassessed."""
    from simulation.processes.health import Health as HealthStep

    n = 5000
    pop = make_population(4 * n, health=Health.ILL)
    pop.disability[: 3 * n] = Disability.WGA
    pop.disability[3 * n :] = Disability.IVA
    pop.labour_state[:n] = LabourState.DISABLED
    pop.benefit[:n] = Benefit.WGA  # on the benefit; n..2n at work; 2n..3n retired
    pop.labour_state[2 * n : 3 * n] = LabourState.RETIRED
    pop.labour_state[3 * n :] = LabourState.DISABLED
    pop.benefit[3 * n :] = Benefit.IVA
    step = HealthStep(defaults.with_overrides({"health.wga_recovery": 0.3}, "test"))
    world = make_world(pop, seed=3)
    for k in range(12):
        world.start_month(START + k)
        step.wga_reassessment(world)
    ended = pop.disability != Disability.WGA
    for part in (slice(0, n), slice(n, 2 * n)):
        low, high = rate_bounds(0.3, n)
        assert low < ended[part].mean() < high
    on_benefit, at_work = np.arange(n), np.arange(n, 2 * n)
    gone = on_benefit[ended[:n]]
    assert (pop.benefit[gone] == Benefit.NONE).all()
    assert (pop.labour_state[gone] == LabourState.UNEMPLOYED).all()
    assert (pop.labour_state[at_work] == LabourState.EMPLOYED).all()
    assert not ended[2 * n : 3 * n].any()  # retired
    assert (pop.disability[3 * n :] == Disability.IVA).all()
    assert (pop.benefit[on_benefit[~ended[:n]]] == Benefit.WGA).all()


@pytest.mark.parametrize(("year", "aow_months"), [(2020, 796), (2022, 799), (2025, 804)])
def test_retirement_at_the_aow_age(year, aow_months):
    start = year * 12
    pop = make_population(3, month=start)
    # one reaches the AOW age this month, one next month, one was there already
    pop.birth_month[:] = [start - aow_months, start - aow_months + 1, start - aow_months - 5]
    params = _quiet()
    model = LifeCourseModel(
        scenario(parameters=params, start={"year": year, "month": 1}, horizon=1), population=pop
    )
    model.step()
    assert list(pop.labour_state) == [
        LabourState.RETIRED,
        LabourState.EMPLOYED,
        LabourState.RETIRED,
    ]
    model.step()
    assert pop.labour_state[1] == LabourState.RETIRED


def test_the_aow_age_link_reproduces_the_ages_the_law_has_set():
    """I6.1: with only the ages up to 2024 fixed, the two-thirds link to life expectancy at 65
    gives the ages announced for 2025-2029 from CBS's projections (67, 67, 67, 67y3m, 67y3m)."""
    from simulation.parameters import Parameters
    from simulation.pension import aow_age_months

    defaults = Parameters.defaults()
    table = {y: m for y, m in defaults["demography.aow_age_months"].items() if y <= 2024}
    p = Parameters(
        {
            **{e.path: e for e in defaults.entries()},
            "demography.aow_age_months": dataclasses.replace(
                defaults.entry("demography.aow_age_months"), value=table
            ),
            "demography.life_expectancy_65": dataclasses.replace(
                defaults.entry("demography.life_expectancy_65"),
                value={2025: 20.74, 2026: 20.74, 2027: 20.93, 2028: 21.05, 2029: 20.89},
            ),
        }
    )
    assert [aow_age_months(p, y) for y in range(2024, 2030)] == [804, 804, 804, 804, 807, 807]
    # it never falls, and rises by steps of three months as life expectancy keeps rising
    later = [aow_age_months(defaults, y) for y in range(2029, 2070)]
    assert later == sorted(later) and {b - a for a, b in itertools.pairwise(later)} <= {0, 3}
