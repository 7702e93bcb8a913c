"""Children born during a cross-section's run become persons of the simulation: new rows in
their mother's household and region, in school from birth, counted from 15; a separation of
their mother before they are 18 is their parents' divorce (A3)."""

from __future__ import annotations

import numpy as np
import pytest

from simulation.codes import Event, LabourState, Migration, Sex
from simulation.model import LifeCourseModel
from simulation.scenario import load_scenario


@pytest.fixture(scope="module")
def run():
    model = LifeCourseModel(persons=6000, years=4, seed=21)
    start_rows = model.pop.size
    model.run()
    return model, start_rows


def test_each_birth_is_a_new_person_of_the_mother(run):
    model, start_rows = run
    pop = model.pop
    persons, months, events = model.log.arrays()
    born = persons[events == Event.BORN]
    assert born.size >= 50
    # new rows at the end, in order, one for every mother's birth event (the others immigrants)
    new = np.arange(start_rows, pop.size)
    assert np.array_equal(np.sort(born), new[pop.immigration_month[new] < 0])
    mothers = pop.mother_id[born]
    assert (pop.sex[mothers] == Sex.FEMALE).all()
    births = events == Event.BIRTH_OF_CHILD
    birth_events = set(zip(persons[births].tolist(), months[births].tolist(), strict=True))
    child_births = zip(mothers.tolist(), pop.birth_month[born].tolist(), strict=True)
    assert all(pair in birth_events for pair in child_births)
    mothers_births = sum(1 for p, _ in birth_events if pop.sex[p] == Sex.FEMALE)
    assert born.size == mothers_births
    # the mother's region and city; a refugee's child has a non-Western background
    assert np.array_equal(pop.region[born], pop.region[mothers])
    assert np.array_equal(pop.big_city[born], pop.big_city[mothers])
    refugee_mother = pop.migration[mothers] == Migration.REFUGEE
    assert (pop.migration[born][refugee_mother] == Migration.NON_WESTERN).all()
    assert np.array_equal(
        pop.migration[born][~refugee_mother], pop.migration[mothers][~refugee_mother]
    )
    # in school (childhood); the parents' education at least a mother's who had left school
    alive = pop.labour_state[born] < LabourState.DEAD  # not dead, not emigrated
    assert (pop.labour_state[born][alive] == LabourState.SCHOOL).all()
    settled = (pop.birth_month[born] - pop.birth_month[mothers]) >= 30 * 12
    assert settled.sum() >= 10
    assert (pop.parents_education[born][settled] >= pop.education[mothers][settled]).all()
    # about as many girls as the sex ratio at birth says (0.487), a binomial bound
    girls = np.mean(pop.sex[born] == Sex.FEMALE)
    assert abs(girls - 0.487) < 4 * np.sqrt(0.25 / born.size)


def test_a_mothers_separation_is_her_young_childrens_parental_divorce(run):
    model, start_rows = run
    pop = model.pop
    persons, months, events = model.log.arrays()
    separated = {}
    split = events == Event.SEPARATION
    for person, month in zip(persons[split].tolist(), months[split].tolist(), strict=True):
        separated.setdefault(person, []).append(month)
    children = np.arange(start_rows, pop.size)
    expected = np.array(
        [
            any(m > pop.birth_month[c] for m in separated.get(int(pop.mother_id[c]), []))
            for c in children
        ]
    )
    assert expected.sum() >= 2  # some mothers did separate after a birth
    assert np.array_equal(pop.parents_divorced[children], expected)


def test_children_born_in_the_run_reach_working_age():
    model = LifeCourseModel(persons=3000, years=16, seed=4, record_events=False)
    model.run()
    pop = model.pop
    age = model.last_month - pop.birth_month
    grown = (pop.mother_id >= 0) & (age >= 15 * 12) & (pop.labour_state != LabourState.DEAD)
    assert grown.sum() >= 10
    # the monthly tally counts them like everyone aged 15 to the AOW age
    assert model.indicators["population"] >= grown.sum()


@pytest.mark.parametrize("kind", ["cohort", "group"])
def test_cohorts_and_groups_follow_the_people_they_start_with(kind):
    spec = load_scenario("scenarios/base.yaml").with_changes(
        population={
            "kind": kind,
            "size": 2000,
            **({"group": "starters"} if kind == "group" else {}),
        }
    )
    model = LifeCourseModel(spec, years=3, seed=2)
    rows = model.pop.size
    model.run()
    assert model.pop.size == rows and model.log.count(Event.BORN) == 0


def test_newborns_can_be_switched_off():
    spec = load_scenario("scenarios/base.yaml").with_changes(
        population={"kind": "cross_section", "size": 3000, "newborns": False, "immigration": False}
    )
    model = LifeCourseModel(spec, years=2, seed=2)
    rows = model.pop.size
    model.run()
    assert model.pop.size == rows and model.log.count(Event.BIRTH_OF_CHILD) > 0


def test_interventions_grow_with_the_population():
    model = LifeCourseModel("scenarios/package.yaml", persons=3000, years=1, seed=3)
    model.run()
    assert model.log.count(Event.BORN) > 0
    for intervention in model.interventions:
        assert intervention.size == model.pop.size
        assert intervention.group.size == intervention.start.size == model.pop.size
