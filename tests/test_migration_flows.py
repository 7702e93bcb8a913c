"""Immigration and emigration in a cross-section's run (issue 15, point 5): the year's
immigrants at the simulation's scale, their motives, ages and starting states, asylum migrants
through reception and integration, emigrants ABROAD and not counted, recent immigrants'
return at CBS's 2- and 5-year rates, and no flows for cohorts and groups."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from helpers import START, make_population, make_world

from simulation.codes import Contract, Event, LabourState, Migration, Motive
from simulation.model import LifeCourseModel
from simulation.processes.education import Education as School
from simulation.processes.immigration import Immigration, national_immigrants
from simulation.processes.jobs import Jobs
from simulation.scenario import load_scenario


def flows(defaults) -> Immigration:
    return Immigration(defaults, Jobs(defaults), School(defaults), enabled=True)


def bound(p: float, n: int) -> float:
    """Four binomial standard errors of a share ``p`` among ``n``."""
    return 4 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("year", [2020, 2025, 2031, 2075])
def test_a_years_immigrants_are_the_scaled_path(defaults, year):
    step = flows(defaults)
    step.scale = 20_000 / 11_400_000
    expected = national_immigrants(defaults["immigration.national"], year) * step.scale
    total = sum(step.count(year * 12 + k) for k in range(12))
    assert abs(total - expected) < 1  # the fraction is carried, never lost
    assert national_immigrants(defaults["immigration.national"], 2075) == 294968
    assert national_immigrants(defaults["immigration.national"], 2025) == pytest.approx(
        (210629 + 296781) / 2
    )


@pytest.fixture(scope="module")
def arrivals(defaults):
    """20,000 immigrants of one month, next to 100 residents."""
    step = flows(defaults)
    world = make_world(make_population(100, contract=Contract.PERMANENT), seed=3)
    step.immigrate(world, 20_000)
    return step, world


def test_motives_and_ages_follow_their_shares(defaults, arrivals):
    _, world = arrivals
    pop = world.pop
    new = np.arange(100, pop.size)
    motive = pop.motive[new]
    shares = defaults["immigration.motive_shares"]
    total = sum(shares.values())
    for name, share in shares.items():
        p = share / total
        got = np.mean(motive == Motive[name.upper()])
        assert abs(got - p) < bound(p, new.size), name
    age = (START - pop.birth_month[new]) // 12
    for name, bands in defaults["immigration.age_weights"].items():
        these = age[motive == Motive[name.upper()]]
        edges = sorted((int(k), float(v)) for k, v in bands.items())
        weight = sum(v for _, v in edges)
        assert these.min() >= edges[0][0] and these.max() < edges[-1][0], name
        for (lower, w), (upper, _) in itertools.pairwise(edges):
            got = np.mean((these >= lower) & (these < upper))
            assert abs(got - w / weight) < bound(w / weight, these.size) + 1e-9, (name, lower)
    assert (pop.immigration_month[new] == START).all()
    assert (pop.immigration_month[:100] == -1).all()
    assert world.log.count(Event.IMMIGRATION) == new.size


def test_each_motive_starts_in_its_state(defaults, arrivals):
    _step, world = arrivals
    pop = world.pop
    new = np.arange(100, pop.size)
    age = (START - pop.birth_month[new]) // 12
    state, motive = pop.labour_state[new], pop.motive[new]
    work = new[motive == Motive.WORK]
    # a work migrant is employed, on the job service's terms, mostly on a flexible contract
    assert (pop.labour_state[work] == LabourState.EMPLOYED).all()
    assert (pop.hours[work] > 0).all() and (pop.wage[work] > 0).all()
    flexible = np.mean(pop.contract[work] == Contract.FLEX)
    assert flexible >= defaults["immigration.work_flexible_share"] - bound(0.84, work.size)
    # no work history: no WW entitlement
    assert (pop.work_bits[new] == 0).all() and (pop.ww_months_left[new] == 0).all()
    # children arrive in school; students aim at higher education; family migrants inactive
    assert (state[age < 15] == LabourState.SCHOOL).all()
    study = motive == Motive.STUDY
    assert (state[study] == LabourState.SCHOOL).all()
    assert (pop.target_education[new[study]] == 2).all()
    family = (motive == Motive.FAMILY) & (age >= 15)
    assert (state[family] == LabourState.INACTIVE).all()
    # asylum migrants are refugees waiting for the integration step; returning Dutch have no
    # migration background; labour migrants are mostly Western (EU)
    asylum = (motive == Motive.ASYLUM) & (age >= 15)
    assert (pop.migration[new[asylum]] == Migration.REFUGEE).all()
    assert (state[asylum] == LabourState.ABROAD).all()
    assert (pop.arrival_month[new[asylum]] == START).all()
    assert (pop.migration[new[motive == Motive.RETURNING]] == Migration.NONE).all()
    western = np.mean(pop.migration[work] == Migration.WESTERN)
    assert abs(western - 0.749) < bound(0.749, work.size)
    # more of them in the Randstad than the population
    assert np.mean(pop.region[new] == 0) > 0.55


@pytest.fixture(scope="module")
def run():
    model = LifeCourseModel(persons=20_000, years=5, seed=5)
    model.run()
    return model


def test_an_asylum_migrant_goes_through_reception_and_integration(run):
    pop = run.pop
    persons, months, events = run.log.arrays()
    asylum = np.flatnonzero((pop.motive == Motive.ASYLUM) & (pop.migration == Migration.REFUGEE))
    asylum = asylum[pop.immigration_month[asylum] >= run.start_month]  # the run logs its own
    assert asylum.size >= 50
    arrived = dict(
        zip(
            persons[events == Event.ARRIVAL].tolist(),
            months[events == Event.ARRIVAL].tolist(),
            strict=True,
        )
    )
    assert all(arrived.get(int(i)) == pop.immigration_month[i] for i in asylum)
    done = set(persons[events == Event.INBURGERING_DONE].tolist())
    assert len(done & set(asylum.tolist())) >= 5
    searching = set(persons[events == Event.STARTED_JOB_SEARCH].tolist())
    assert len(searching & set(asylum.tolist())) >= 5


def test_emigrants_are_abroad_and_not_counted(run):
    pop = run.pop
    persons, _, events = run.log.arrays()
    left = np.unique(persons[events == Event.EMIGRATION])
    assert left.size >= 200
    assert (pop.labour_state[left] == LabourState.ABROAD).all()
    assert (pop.partner_id[left] == -1).all() and (pop.benefit[left] == 0).all()
    # the partners of those who left are gone too or single
    partners = pop.partner_id[pop.partner_id >= 0]
    assert (pop.labour_state[partners] != LabourState.ABROAD).all()
    age = run.last_month - pop.birth_month
    aow = run.demography.aow_age_months(run.last_month // 12)
    here = (pop.labour_state < LabourState.DEAD) & (age >= 15 * 12) & (age < aow)
    assert run.indicators["population"] == here.sum()
    assert (here[left] == 0).all()


def test_immigrants_leave_at_cbs_rates_then_settle(defaults):
    """A cohort of immigrants is gone by 2, 5 and 10 years in CBS's shares by origin; those
    still here after ten years leave at the settled rate a year."""
    n = 20_000
    pop = make_population(2 * n, labour_state=LabourState.INACTIVE, immigration_month=START)
    pop.motive[:] = Motive.WORK
    pop.migration[:n] = Migration.WESTERN
    pop.migration[n:] = Migration.NON_WESTERN
    step = flows(defaults)
    world = make_world(pop, seed=9)
    left = {}
    for k in range(180):
        world.start_month(START + k)
        step.emigrate(world)
        if k + 1 in (24, 60, 120, 180):
            gone = pop.labour_state == LabourState.ABROAD
            left[k + 1] = (gone[:n].mean(), gone[n:].mean())
    for months, key in ((24, "return_left_2y"), (60, "return_left_5y"), (120, "return_left_10y")):
        target = defaults[f"immigration.{key}"]
        for got, origin in zip(left[months], ("western", "non_western"), strict=True):
            p = target[origin]
            assert abs(got - p) < bound(p, n), (months, origin)
    settled = 1 - (1 - defaults["immigration.settled_emigration"]) ** 5
    for k in range(2):
        here = n * (1 - left[120][k])
        p = (left[180][k] - left[120][k]) * n / here  # of those here at ten years, gone by 15
        assert abs(p - settled) < bound(settled, int(here)), k


def test_a_couple_leaves_together_at_its_members_rate(defaults):
    """Two immigrants of one cohort who are partners leave at CBS's rate per person (not at
    twice it, as two draws that each take both would), and an immigrant with a resident partner
    at 1 - sqrt((1 - h1) (1 - h2)) a month, between the two hazards."""
    n = 20_000  # couples
    pop = make_population(4 * n, labour_state=LabourState.INACTIVE, immigration_month=START)
    pop.motive[:] = Motive.WORK
    pop.migration[:] = Migration.WESTERN
    pop.immigration_month[3 * n :] = -1  # residents, partners of the third quarter
    first = np.concatenate([np.arange(0, 2 * n, 2), np.arange(2 * n, 3 * n)])
    second = np.concatenate([np.arange(1, 2 * n, 2), np.arange(3 * n, 4 * n)])
    pop.partner_id[first], pop.partner_id[second] = second, first
    step = flows(defaults)
    world = make_world(pop, seed=4)
    for k in range(24):
        world.start_month(START + k)
        step.emigrate(world)
    gone = pop.labour_state == LabourState.ABROAD
    both = defaults["immigration.return_left_2y"]["western"]
    assert abs(gone[: 2 * n].mean() - both) < bound(both, n)  # n couples, each one draw
    resident_month = step.hazards.resident[30]  # everyone is 30 to 32
    early = 1 - (1 - both) ** (1 / 24)
    mixed = 1 - (1 - early) ** 12 * (1 - resident_month) ** 12  # sqrt of each, 24 months
    assert abs(gone[2 * n :].mean() - mixed) < bound(mixed, n)
    assert (gone[first] == gone[second]).all()  # together


@pytest.mark.parametrize(("kind", "switch", "flows_on"), [
    ("cross_section", None, True), ("cohort", None, False), ("group", None, False),
    ("cross_section", False, False), ("cross_section", True, True),
])  # fmt: skip
def test_only_cross_sections_have_migration_flows(kind, switch, flows_on):
    population = {"kind": kind, "size": 2000, "immigration": switch}
    if kind == "group":
        population["group"] = "starters"
    spec = load_scenario("scenarios/base.yaml").with_changes(population=population)
    model = LifeCourseModel(spec, years=1, seed=2)
    assert model.immigration.enabled is flows_on
    model.run()
    assert (model.log.count(Event.IMMIGRATION) > 0) is flows_on
    assert (model.log.count(Event.EMIGRATION) > 0) is flows_on


def test_the_start_holds_the_last_ten_years_immigrants():
    """A cross-section marks the survivors of the ten years' immigrants before the start
    (work, family and study migrants who came as adults): as many as the scaled path and
    CBS's departure shares give, all with a background and a motive, arrived 1-120 months
    before, and more recently arrived the more of them (the return hazard is highest early)."""
    from simulation.synthesis import Synthesizer

    model = LifeCourseModel(
        "scenarios/base.yaml", persons=40_000, years=1, record_events=False,
        parameters={"population.past_months": 0},  # the synthesis's, before the past is lived
    )  # fmt: skip
    pop, start = model.pop, model.start_month
    recent = np.flatnonzero(pop.immigration_month >= 0)
    synth = Synthesizer(model.params, model.spec.seed, start)
    scale = 40_000 / model.params["migration.arrivals.national_population_15_67"]
    expected = synth.survivors().sum() * scale
    assert abs(recent.size - expected) <= 1  # rounded per background
    assert set(np.unique(pop.motive[recent])) == {Motive.WORK, Motive.FAMILY, Motive.STUDY}
    assert set(np.unique(pop.migration[recent])) == {Migration.WESTERN, Migration.NON_WESTERN}
    back = start - pop.immigration_month[recent]
    assert back.min() >= 1 and back.max() <= 120
    years = np.bincount((back - 1) // 12, minlength=10)  # by year before the start
    assert years[0] > years[4] > years[9]
