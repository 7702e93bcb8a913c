"""Monthly hazards give the intended shares after T months (fixed seeds, stated tolerances)."""

import numpy as np
import pytest
from helpers import QUIET, START, make_population, rate_bounds, scenario

from simulation.codes import Benefit, Contract, Disability, Event, Health, LabourState, Sex
from simulation.model import LifeCourseModel
from simulation.validation import young_disability_causes


def run(pop, months, *, keep=(), **overrides):
    """Run ``pop`` for ``months`` with nothing else happening, except the parameters in
    ``overrides`` and the default parameters named in ``keep``."""
    quiet = {k: v for k, v in QUIET.items() if k not in keep}
    model = LifeCourseModel(
        scenario(parameters={**quiet, **overrides}, horizon=months / 12), population=pop
    )
    model.run()
    return model


def test_flex_to_permanent_share_after_a_year():
    n, h, months = 20_000, 0.03, 12
    pop = make_population(n, contract=Contract.FLEX)
    run(pop, months, **{"labour.flex_to_permanent": h, "labour.full_chain_share": 0.0})
    expected = 1 - (1 - h) ** months  # A5.6: the monthly hazard compounds
    low, high = rate_bounds(expected, n)
    assert low < np.mean(pop.contract == Contract.PERMANENT) < high


def test_full_chain_workers_turn_permanent_only_at_the_chain_limit():
    """A5.7: where temporary contracts run to the limit, none turns permanent before it; at the
    limit everyone is made permanent (chain_limit_permanent 1 here); the others are promoted at
    the monthly rate before it."""
    n, h = 20_000, 0.1
    pop = make_population(n, contract=Contract.FLEX, employer_months=30)
    params = {
        "labour.flex_to_permanent": h,
        "labour.full_chain_share": 0.4,
        "labour.chain_limit_months": {"2000": 36},
        "labour.chain_limit_permanent": 1.0,
    }
    model = LifeCourseModel(
        scenario(parameters={**QUIET, **params}, horizon=7 / 12), population=pop
    )
    model.run(5)
    full_chain = model.jobs.full_chain(model.world)
    assert 0.38 < full_chain.mean() < 0.42
    assert not np.any(pop.contract[full_chain] == Contract.PERMANENT)
    low, high = rate_bounds(1 - (1 - h) ** 5, int((~full_chain).sum()))
    assert low < np.mean(pop.contract[~full_chain] == Contract.PERMANENT) < high
    model.run(2)  # employer months 35 and 36: the limit
    assert np.all(pop.contract == Contract.PERMANENT)


def test_jobs_of_starters_and_of_the_unstable_end_more_often():
    """A5.4/A5.5: a job within starter_years of school ends at the contract's rate times the
    starter factor, a job of a person with the unstable trait at the rate times the trait's
    multiplier (whether or not it was found on WW), other jobs at the rate."""
    n, h, months = 40_000, 0.01, 6
    pop = make_population(n, contract=Contract.PERMANENT)
    quarter = n // 4
    pop.school_left_month[:quarter] = START - 12  # starters
    pop.unstable[quarter : 2 * quarter] = True
    pop.job_from_ww[2 * quarter : 3 * quarter] = True  # a job found on WW is no longer fragile
    params = {
        "labour.job_loss": {"flex": 0.0, "self_employed": 0.0, "permanent": h},
        "labour.job_finding": {"low": 0.0, "middle": 0.0, "high": 0.0},
        "labour.starter_job_loss_factor": 3.0,
        "labour.unstable_job_loss_factor": 2.0,
        "labour.partial_job_loss": 0.0,  # every loss a whole job (cuts: test_rules.py)
    }
    run(pop, months, **params)
    for k, hazard in enumerate((3 * h, 2 * h, h, h)):
        lost = np.mean(pop.labour_state[k * quarter : (k + 1) * quarter] != LabourState.EMPLOYED)
        low, high = rate_bounds(1 - (1 - hazard) ** months, quarter)
        assert low < lost < high


def test_the_unstable_trait_is_drawn_at_its_share_and_over_represented_among_entrants():
    """labour.unstable_share of a cross-section carries the trait; WW entrants (an inflow into
    unemployment) carry it at the inflow-weighted share s k / (s k + 1 - s)."""
    from simulation.model import LifeCourseModel

    params = {"labour.unstable_share": 0.2, "labour.unstable_job_loss_factor": 4.0}
    cross = LifeCourseModel("scenarios/base.yaml", persons=20_000, years=1, parameters=params)
    pop = cross.pop
    working = pop.labour_state == LabourState.EMPLOYED
    low, high = rate_bounds(0.2, int(working.sum()))
    assert low < np.mean(pop.unstable[working]) < high
    entrants = LifeCourseModel(
        "scenarios/validation/ww_entrants.yaml", persons=10_000, years=1, parameters=params
    )
    low, high = rate_bounds(0.8 / (0.8 + 0.8), 10_000)
    assert low < np.mean(entrants.pop.unstable) < high


def test_job_loss_share_after_two_years():
    n, h, months = 20_000, 0.012, 24
    pop = make_population(n, contract=Contract.FLEX)
    jobs = {"flex": h, "self_employed": 0.0, "permanent": 0.0}
    model = run(
        pop,
        months,
        **{
            "labour.job_loss": jobs,
            "labour.flex_to_permanent": 0.0,
            "labour.job_finding": {"low": 0.0, "middle": 0.0, "high": 0.0},
            "labour.chain_limit_months": {"2000": 1000},
            "labour.partial_job_loss": 0.0,  # every loss a whole job (cuts: test_rules.py)
        },
    )
    lost = np.mean(pop.labour_state != LabourState.EMPLOYED)
    low, high = rate_bounds(1 - (1 - h) ** months, n)
    assert low < lost < high
    assert model.log.count(Event.JOB_END) == np.count_nonzero(
        pop.labour_state != LabourState.EMPLOYED
    )


def test_mortality_follows_the_gompertz_table(defaults):
    n, months = 40_000, 12
    pop = make_population(n, sex=Sex.MALE, labour_state=LabourState.INACTIVE)
    pop.birth_month[:] = 2020 * 12 - 60 * 12  # aged 60
    run(pop, months, keep=("demography.mortality.gompertz_a",))
    a = defaults["demography.mortality.gompertz_a"]["male"]
    b = defaults["demography.mortality.gompertz_b"]
    q = 1 - np.exp(-a * np.exp(b * 60) / 12)
    low, high = rate_bounds(1 - (1 - q) ** months, n)
    assert low < np.mean(pop.labour_state == LabourState.DEAD) < high


@pytest.mark.parametrize("divorced", [False, True])
def test_separation_hazard_with_and_without_divorced_parents(defaults, divorced):
    n, months = 20_000, 24
    pop = make_population(n, education=1, parents_divorced=divorced)
    pop.partner_id[:] = np.arange(n) ^ 1  # couples 0-1, 2-3, ...
    pop.sex[1::2] = Sex.FEMALE
    model = run(pop, months, keep=("family.separation",))
    h = defaults["family.separation"]["middle"]
    if divorced:  # A3.7: children of divorced parents partner less stably
        h *= defaults["family.parents_divorced_separation_factor"]
    split = np.mean(pop.partner_id[::2] < 0)
    low, high = rate_bounds(1 - (1 - h) ** months, n // 2)
    assert low < split < high
    assert model.log.count(Event.SEPARATION) == 2 * np.count_nonzero(pop.partner_id[::2] < 0)


def test_separated_mothers_get_their_hours_back(defaults):
    """A3.8: a woman who leaves her partner "must work for herself": hours cut for motherhood
    come back to those of a new job as a single woman (30 a week), her wage in proportion;
    longer hours and the man's stay as they are."""
    n = 6
    pop = make_population(n, education=1, n_children=2)
    pop.partner_id[:] = np.arange(n) ^ 1  # couples 0-1, 2-3, 4-5; the odd rows are women
    pop.sex[1::2] = Sex.FEMALE
    pop.hours[1::2] = [24.0, 19.2, 32.0]  # one and two births' cuts; a woman on long hours
    pop.wage[1::2] = [2400.0, 1920.0, 3200.0]
    params = {
        "family.separation": {"low": 1.0, "middle": 1.0, "high": 1.0},
        "labour.wage_growth": {"low": 0.0, "middle": 0.0, "high": 0.0},  # January's raise
    }
    run(pop, 1, **params)
    assert np.all(pop.partner_id < 0)
    full = defaults["labour.hours"]["female"]
    np.testing.assert_allclose(pop.hours[1::2], [full, full, 32.0])
    np.testing.assert_allclose(pop.wage[1::2], [3000.0, 3000.0, 3200.0], rtol=1e-6)
    np.testing.assert_array_equal(pop.hours[::2], 36.0)
    np.testing.assert_array_equal(pop.wage[::2], 3000.0)


def test_adolescent_depression_raises_dropout(defaults):
    """A1.3: depression -> no diploma. Pupils aiming at mbo, with and without depression."""
    n, months = 20_000, 24
    pop = make_population(n, labour_state=LabourState.SCHOOL, target_education=1)
    pop.birth_month[:] = 2020 * 12 - 16 * 12
    pop.adolescent_depression[n // 2 :] = True
    params = {"education.leaving_hazard": 0.0}
    model = run(pop, months, **params)
    dropped = np.zeros(n, dtype=bool)
    person, _, event = model.log.arrays()
    dropped[person[event == Event.DROPPED_OUT]] = True
    h = defaults["education.dropout.hazard"]
    factor = defaults["education.dropout.depression_factor"]
    for share, hazard in ((dropped[: n // 2].mean(), h), (dropped[n // 2 :].mean(), h * factor)):
        low, high = rate_bounds(1 - (1 - hazard) ** months, n // 2)
        assert low < share < high
    assert np.all(pop.education[dropped] == 0)


def test_mental_problems_are_about_half_of_disability_inflow_under_35():
    """A1.2, with the default hazards, over a cross-section (statistical, fixed seed)."""
    model = LifeCourseModel(scenario(size=60_000, horizon=8), record_events=True)
    causes = young_disability_causes(model)
    assert causes.size > 50
    assert 0.35 < np.mean(causes == Health.MENTAL) < 0.65


def test_in_a_recession_migrants_are_fired_first():
    """A8.8: under a business-cycle dip, migrants' job loss rises more than natives'."""
    n, months = 20_000, 12
    pop = make_population(n, contract=Contract.PERMANENT, migration=0)
    pop.migration[n // 2 :] = 2  # non-Western
    jobs = {"flex": 0.0, "self_employed": 0.0, "permanent": 0.01}
    params = {
        "labour.job_loss": jobs,
        "labour.job_finding": {"low": 0.0, "middle": 0.0, "high": 0.0},
        "economy.cycle": {"2020-01": 0.5},
        "labour.partial_job_loss": 0.0,  # every loss a whole job (cuts: test_rules.py)
    }
    run(pop, months, **params)
    lost_native = np.mean(pop.labour_state[: n // 2] != LabourState.EMPLOYED)
    lost_migrant = np.mean(pop.labour_state[n // 2 :] != LabourState.EMPLOYED)
    assert lost_native == pytest.approx(1 - (1 - 0.01) ** months, abs=0.01)
    assert lost_migrant == pytest.approx(1 - (1 - 0.01 * 2**1.5) ** months, abs=0.015)


def test_a_new_employer_starts_a_new_chain():
    n = 5_000
    pop = make_population(n, contract=Contract.FLEX, employer_months=30)
    model = run(pop, 1, **{"labour.job_change": 0.5, "labour.flex_to_permanent": 0.0})
    person, _, event = model.log.arrays()
    movers = person[event == Event.JOB_CHANGE]
    assert 0.45 < movers.size / n < 0.55
    assert np.all(pop.employer_months[movers] == 1)  # reset, then one month counted
    stayers = np.setdiff1d(np.arange(n), movers)
    assert np.all(pop.employer_months[stayers] == 31)


def test_the_young_change_employer_more_often_than_the_old():
    """CBS: a quarter to a third of 15-24-year-olds work for another employer a year later, 6%
    of those 45 and over; the monthly job change is ``job_change`` times the age's factor."""
    n, h = 30_000, 0.04
    pop = make_population(n, contract=Contract.PERMANENT)
    age = np.repeat([20, 30, 50], n // 3)
    pop.birth_month[:] = START - age * 12 - 6
    factors = {"15": 3.0, "25": 1.0, "45": 0.25}
    model = run(pop, 1, **{"labour.job_change": h, "labour.job_change_age_factor": factors})
    person, _, event = model.log.arrays()
    moved = np.isin(np.arange(n), person[event == Event.JOB_CHANGE])
    for years, factor in ((20, 3.0), (30, 1.0), (50, 0.25)):
        low, high = rate_bounds(h * factor, n // 3)
        assert low < np.mean(moved[age == years]) < high


def test_job_loss_by_age_scales_the_contract_rate_and_not_a_disabilitys_own():
    """CBS: work ends in unemployment as often at 35-55 as from 55; the factor by age scales the
    contract's rate, and a disabled worker's added risk (A9.9) stays as fitted to the trials."""
    n, h, extra = 30_000, 0.02, 0.03
    pop = make_population(n, contract=Contract.PERMANENT)
    age = np.repeat([30, 40, 60], n // 3)
    pop.birth_month[:] = START - age * 12 - 6
    wajong = np.arange(n) % 2 == 1
    pop.disability[wajong] = Disability.WAJONG
    params = {
        "labour.job_loss": {"flex": 0.0, "self_employed": 0.0, "permanent": h},
        "labour.job_loss_age_factor": {"15": 1.0, "35": 2.0, "55": 0.5},
        "labour.disability_job_loss": {"none": 0.0, "wajong": extra, "wga": 0.0, "iva": 0.0},
        "labour.job_finding": {"low": 0.0, "middle": 0.0, "high": 0.0},
        "labour.partial_job_loss": 0.0,  # every loss a whole job (cuts: test_rules.py)
    }
    run(pop, 1, **params)
    lost = pop.labour_state != LabourState.EMPLOYED
    for years, factor in ((30, 1.0), (40, 2.0), (60, 0.5)):
        for disabled, added in ((False, 0.0), (True, extra)):
            group = (age == years) & (wajong == disabled)
            low, high = rate_bounds(h * factor + added, int(group.sum()))
            assert low < np.mean(lost[group]) < high


def test_poor_health_raises_early_exit(defaults):
    """A4.4: poor health is strongly associated with leaving work before the AOW age."""
    n, months = 20_000, 24
    pop = make_population(n, contract=Contract.PERMANENT)
    pop.birth_month[:] = 2020 * 12 - 61 * 12
    pop.health[n // 2 :] = Health.ILL
    params = {
        "health.physical_recovery": 0.0,
        "health.sick_leave_probability": {"healthy": 0.0, "ill": 0.0, "mental": 0.0},
    }
    run(pop, months, **params)
    h = defaults["demography.early_exit.hazard"]
    for part, hazard in (
        (slice(0, n // 2), h),
        (slice(n // 2, n), h * defaults["demography.early_exit.poor_health_factor"]),
    ):
        retired = np.mean(pop.labour_state[part] == LabourState.RETIRED)
        low, high = rate_bounds(1 - (1 - hazard) ** months, n // 2)
        assert low < retired < high


def test_disability_adds_its_own_job_loss_whatever_the_contract():
    """A9.8/A9.9: a disabled worker's job ends at the contract's rate plus the disability's."""
    n, months = 20_000, 12
    pop = make_population(n, contract=Contract.FLEX, disability=Disability.WAJONG)
    pop.contract[n // 2 :] = Contract.PERMANENT
    params = {
        "labour.job_loss": {"flex": 0.01, "self_employed": 0.0, "permanent": 0.0},
        "labour.disability_job_loss": {"none": 0.0, "wajong": 0.02, "wga": 0.0, "iva": 0.0},
        "labour.flex_to_permanent": 0.0,
        "labour.chain_limit_months": {"2000": 1000},
        "health.wajong.job_finding": 0.0,
    }
    run(pop, months, **params)
    for part, hazard in ((slice(0, n // 2), 0.03), (slice(n // 2, n), 0.02)):
        lost = np.mean(pop.labour_state[part] != LabourState.EMPLOYED)
        low, high = rate_bounds(1 - (1 - hazard) ** months, n // 2)
        assert low < lost < high
    # out of work, the Wajong entitlement takes over
    assert np.all(
        pop.labour_state[pop.labour_state != LabourState.EMPLOYED] == LabourState.DISABLED
    )


def test_ww_recipients_find_work_slower_and_more_often_permanent(defaults):
    """A5.5: WW lowers job finding by ww_job_finding_factor; a WW recipient's new job is
    flexible less often, by ww_flexible_factor."""
    n = 40_000
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.benefit[: n // 2] = Benefit.WW
    pop.ww_months_left[: n // 2] = 12
    params = {
        "labour.job_finding": {"low": 0.3, "middle": 0.3, "high": 0.3},
        "labour.search_to_inactive": 0.0,
        "benefits.bijstand.asset_test_pass": 0.0,
    }
    model = run(pop, 1, **params)
    person, _, event = model.log.arrays()
    found = np.zeros(n, dtype=bool)
    found[person[event == Event.JOB_START]] = True
    on_ww, other = found[: n // 2], found[n // 2 :]
    ratio = on_ww.mean() / other.mean()
    level = defaults["labour.ww_job_finding_factor"] * defaults["labour.ww_exhaustion_factor"][12]
    assert ratio == pytest.approx(level, abs=0.04)
    flexible = pop.contract == Contract.FLEX
    flex_ratio = flexible[: n // 2][on_ww].mean() / flexible[n // 2 :][other].mean()
    assert flex_ratio == pytest.approx(defaults["labour.ww_flexible_factor"], abs=0.06)


def _job_starts(model, n):
    person, _, event = model.log.arrays()
    found = np.zeros(n, dtype=bool)
    found[person[event == Event.JOB_START]] = True
    return found


def test_ww_job_finding_rises_as_the_entitlement_runs_out(defaults):
    """Job finding on WW follows ww_exhaustion_factor by months left: in the last month paid
    it is 1/0.546 = 1.8 times what it is with 20 months left."""
    n, groups = 60_000, (0, 1, 20)
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.benefit[:] = Benefit.WW
    for k, left in enumerate(groups):
        pop.ww_months_left[k::3] = left
    params = {
        "labour.job_finding": {"low": 0.3, "middle": 0.3, "high": 0.3},
        "labour.ww_job_finding_factor": 0.5,
        "labour.search_to_inactive": 0.0,
        "benefits.bijstand.asset_test_pass": 0.0,
    }
    found = _job_starts(run(pop, 1, **params), n)
    table = defaults["labour.ww_exhaustion_factor"]
    for k, left in enumerate(groups):
        low, high = rate_bounds(0.3 * 0.5 * table[left], n // 3)
        assert low < found[k::3].mean() < high, left


def test_after_ww_runs_out_job_search_goes_on_at_its_last_level():
    """When WW runs out without bijstand, job finding stays at the level of WW's last month
    (Card, Chetty and Weber: a rise of about a fifth at exhaustion, not a jump to the rate of
    people who never had WW); a job or giving up the search ends the spell's mark."""
    n = 40_000
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.benefit[: n // 2] = Benefit.WW
    pop.ww_months_left[: n // 2] = 0  # the last month paid
    params = {
        "labour.job_finding": {"low": 0.3, "middle": 0.3, "high": 0.3},
        "labour.ww_job_finding_factor": 0.5,
        "labour.search_to_inactive": 0.0,
        "benefits.bijstand.asset_test_pass": 0.0,
    }
    model = run(pop, 2, **params)
    found = _job_starts(model, n)
    ran_out = found[: n // 2]
    # two months at the last month's level, 0.3 * 0.5 * 1.0, against 0.3 for the others
    low, high = rate_bounds(1 - (1 - 0.15) ** 2, n // 2)
    assert low < ran_out.mean() < high
    low, high = rate_bounds(1 - (1 - 0.3) ** 2, n // 2)
    assert low < found[n // 2 :].mean() < high
    # still without work, the mark stays; with a job it is gone; nobody else has it
    waiting = pop.labour_state[: n // 2] == LabourState.UNEMPLOYED
    assert pop.ww_ran_out[: n // 2][waiting].all()
    assert not pop.ww_ran_out[: n // 2][~waiting].any()
    assert not pop.ww_ran_out[n // 2 :].any()
    assert (pop.benefit[: n // 2] != Benefit.WW).all()


def test_giving_up_the_search_ends_the_mark_of_a_spent_ww():
    """A later search is a new spell: the mark of a WW that ran out goes with the old one."""
    n = 2_000
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.ww_ran_out[:] = True
    params = {"labour.job_finding": {"low": 0.0, "middle": 0.0, "high": 0.0}}
    run(pop, 1, **params, **{"labour.search_to_inactive": 1.0})
    assert (pop.labour_state == LabourState.INACTIVE).all()
    assert not pop.ww_ran_out.any()


@pytest.mark.parametrize("share", [0.0, 0.4])
def test_programme_participants_take_job_finds_from_others_in_their_segment(share):
    """A fifth of a segment's seekers find work 3 times as fast: with displacement share d the
    other four fifths find work at 1 - d * (2 * 1/4) of their rate (0.8 at d = 0.4), so d of
    the participants' extra job finds come out of theirs; another segment is untouched."""
    n = 80_000
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, months_in_state=3)
    pop.education[:] = 1
    pop.region[:] = 0
    pop.region[n // 2 :] = 2  # a segment without participants
    participant = np.zeros(n, dtype=bool)
    participant[: n // 2 : 5] = True
    pop.job_finding_factor[participant] = 3.0
    params = {
        "labour.job_finding": {"low": 0.1, "middle": 0.1, "high": 0.1},
        "labour.region_factor": {"randstad": 1.0, "intermediate": 1.0, "periphery": 1.0},
        "labour.search_to_inactive": 0.0,
        "labour.displacement.share": share,
    }
    found = _job_starts(run(pop, 1, **params), n)
    first = np.arange(n) < n // 2
    others = found[first & ~participant]
    low, high = rate_bounds(0.1 * (1 - share * 0.5), others.size)
    assert low < others.mean() < high
    low, high = rate_bounds(0.3, participant.sum())
    assert low < found[participant].mean() < high
    low, high = rate_bounds(0.1, n // 2)
    assert low < found[~first].mean() < high
