"""The model as a whole: determinism, Mesa integration, following a person, populations."""

import mesa
import numpy as np
import pandas as pd
import pytest
from helpers import scenario

from simulation.aggregates import aggregates_frame
from simulation.codes import Benefit, Disability, Event, LabourState, Migration
from simulation.model import LifeCourseModel
from simulation.population import SCHEMA, Population


def small(**changes):
    return LifeCourseModel(scenario(size=3000, horizon=2, **changes))


def test_same_scenario_and_seed_give_identical_lives():
    a, b = small(), small()
    a.run()
    b.run()
    pd.testing.assert_frame_equal(aggregates_frame(a), aggregates_frame(b))
    for name in SCHEMA:
        assert np.array_equal(getattr(a.pop, name), getattr(b.pop, name)), name
    assert [x.tolist() for x in a.log.arrays()] == [x.tolist() for x in b.log.arrays()]


def test_another_seed_gives_other_lives():
    a, b = small(), small(seed=8)
    a.run()
    b.run()
    assert not np.array_equal(a.pop.labour_state, b.pop.labour_state)


def test_one_step_is_one_month_and_the_run_stops_at_the_horizon():
    model = small()
    assert model.horizon_months == 24
    model.step()
    assert model.last_month == model.start_month
    model.run()
    assert model.steps == 24 and not model.running
    frame = aggregates_frame(model)
    assert len(frame) == 25  # the starting state plus one row per month
    assert list(frame["date"][:2]) == ["2019-12", "2020-01"]


def test_shares_are_shares_of_the_working_age_population():
    model = small()
    model.run(6)
    ind = model.indicators
    states = [
        "share_school",
        "share_working",
        "share_unemployed",
        "share_inactive",
        "share_sick",
        "share_disabled",
        "share_early_retired",
    ]
    assert sum(ind[s] for s in states) == pytest.approx(1.0)
    assert ind["employment_rate"] == pytest.approx(ind["share_working"] + ind["share_sick"])
    assert 0 < ind["unemployment_rate"] < 0.3


def test_mesa_batch_run_works_on_the_model():
    results = mesa.batch_run(
        LifeCourseModel,
        parameters={"persons": 1500, "years": 1},
        rng=[3, 4],
        max_steps=12,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(results) == 2
    by_seed = {r["rng"] if "rng" in r else r["seed"]: r for r in results}
    assert set(by_seed) == {3, 4}
    direct = LifeCourseModel(persons=1500, years=1, seed=3)
    direct.run()
    assert by_seed[3]["employment_rate"] == direct.indicators["employment_rate"]
    assert by_seed[3]["Step"] == 12


def test_a_person_can_be_followed():
    model = small()
    model.run()
    starters = [p for p, _, e in zip(*model.log.arrays(), strict=True) if e == Event.JOB_START]
    person = model.person(int(starters[0]))
    assert Event.JOB_START in [event for _, event in person.events]
    assert person.state["labour_state"] in {s.name.lower() for s in LabourState}
    assert person.age_years == person.age_months // 12
    months = [month for month, _ in person.events]
    assert months == sorted(months)
    with pytest.raises(KeyError):
        model.person(model.pop.size)


def test_events_are_recorded_for_the_changes_they_describe():
    model = small()
    model.run()
    person, month, event = model.log.arrays()
    assert person.size == len(model.log) > 0
    # every WW start is followed by no second WW start before a WW end, per person
    ww = pd.DataFrame({"p": person, "e": event})
    ww = ww[ww.e.isin([Event.WW_START, Event.WW_END])]
    for _, seq in ww.groupby("p").e:
        starts = np.cumsum(np.where(seq.to_numpy() == Event.WW_START, 1, -1))
        assert starts.max() <= 1
    assert month.min() >= model.start_month and month.max() <= model.last_month


def test_state_per_person_is_consistent():
    model = small()
    model.run()
    pop = model.pop
    working = pop.labour_state == LabourState.EMPLOYED
    # a job beside WW earns at most 87.5% of the WW-maandloon (partial WW)
    partial = working & (pop.benefit == Benefit.WW)
    stop = model.params["benefits.ww.work_stop_share"]
    assert np.all(pop.wage[partial] <= np.float32(stop) * pop.ww_wage[partial])
    # bijstand tops up a job that pays less than the household's norm (the couple's is the
    # highest), the disregard at most added
    p = model.params
    ceiling = p["benefits.bijstand.norm_couple"] + p["benefits.bijstand.earnings_disregard.max"]
    assert np.all(pop.wage[working & (pop.benefit == Benefit.BIJSTAND)] < ceiling)
    partners = pop.partner_id[pop.partner_id >= 0]
    assert np.array_equal(pop.partner_id[partners], np.flatnonzero(pop.partner_id >= 0))
    dead = pop.labour_state == LabourState.DEAD
    assert np.all(pop.partner_id[dead] == -1) and np.all(pop.benefit[dead] == Benefit.NONE)
    on_iva = pop.benefit == Benefit.IVA
    assert np.all(pop.disability[on_iva] == Disability.IVA)


def test_state_takes_under_100_bytes_per_person():
    pop = Population(1000)
    assert pop.nbytes() / pop.size < 100


@pytest.mark.parametrize(
    ("group", "check"),
    [
        ("starters", lambda pop, m: np.all(pop.school_left_month == m)),
        ("ww_entrants", lambda pop, m: np.all(pop.benefit == Benefit.WW)),
        ("wajong", lambda pop, m: np.all(pop.benefit == Benefit.WAJONG)),
        ("wga", lambda pop, m: np.all(pop.disability == Disability.WGA)),
        (
            "bijstand_45plus",
            lambda pop, m: np.all((pop.benefit == Benefit.BIJSTAND) & (m - pop.birth_month >= 540)),
        ),
        ("refugees", lambda pop, m: np.all(pop.migration == Migration.REFUGEE)),
    ],
)
def test_group_populations_hold_only_their_group(group, check):
    spec = scenario(
        population={"kind": "group", "group": group, "size": 500},
        start={"year": 2014 if group == "refugees" else 2020, "month": 1},
        horizon=1,
    )
    model = LifeCourseModel(spec)
    assert model.pop.size == 500
    assert check(model.pop, model.start_month)
    model.run()


def test_refugees_arrive_in_their_arrival_month_and_integrate():
    spec = scenario(
        population={"kind": "group", "group": "refugees", "size": 2000},
        start={"year": 2014, "month": 1},
        horizon=6,
    )
    model = LifeCourseModel(spec)
    pop = model.pop
    assert np.all(pop.labour_state == LabourState.ABROAD)
    model.run(12)
    arrived = pop.labour_state != LabourState.ABROAD
    assert np.array_equal(arrived, pop.arrival_month <= model.last_month)
    # in reception nobody works yet (A8.2)
    reception = model.params["migration.reception_months"]
    in_reception = arrived & (model.last_month - pop.arrival_month < reception)
    assert in_reception.sum() > 100
    assert not np.any(pop.labour_state[in_reception] == LabourState.EMPLOYED)
    events = model.log.frame()
    arrivals = events[events.event == "arrival"]
    assert np.array_equal(arrivals.month.to_numpy(), pop.arrival_month[arrivals.person.to_numpy()])
    model.run(36 - 12)  # to the end of 2016
    early = model.indicators["employment_rate_migration_refugee"]
    model.run()  # to the end of 2019
    late = model.indicators["employment_rate_migration_refugee"]
    # the refugee entry effect: very low employment at first, rising with stay (A8.2, A8.5-A8.6)
    assert early < 0.2 and late > 2 * early


def test_a_cohort_enters_at_twelve_in_school():
    spec = scenario(population={"kind": "cohort", "size": 2000}, horizon=8)
    model = LifeCourseModel(spec)
    ages = (model.start_month - model.pop.birth_month) // 12
    assert set(np.unique(ages)) == {12}
    assert np.all(model.pop.labour_state == LabourState.SCHOOL)
    model.run()
    # by twenty most have left school; some without a basic qualification (A1.3)
    left = model.pop.labour_state != LabourState.SCHOOL
    assert 0.4 < left.mean() < 0.95
    assert model.log.count(Event.DROPPED_OUT) > 0


def test_cohort_horizon_runs_to_the_pension_age():
    spec = scenario(population={"kind": "cohort", "size": 10})
    model = LifeCourseModel(spec)
    assert model.horizon_months == 796 - 144 + 12


def test_the_starting_population_is_in_step_with_the_processes():
    """No pile-up of clocks at the start: month-to-month changes stay small in year one."""
    model = LifeCourseModel(scenario(size=20_000, horizon=1))
    model.run()
    frame = aggregates_frame(model)
    for column in ("employment_rate_20_64", "share_unemployed", "share_ww", "share_sick"):
        jumps = frame[column].diff().abs().max()
        assert jumps < 0.01, column
