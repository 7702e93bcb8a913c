"""The classroom cohort behind the teaching dashboard, without a web framework: its horizon,
its twins, its tallies (the page and panels: test_dashboard_panels.py)."""

from __future__ import annotations

import numpy as np
import pytest
from mesa.experimental.scenarios import Scenario as MesaScenario

from simulation.codes import Health, LabourState
from simulation.dashboard import ClassroomModel
from simulation.errors import LifecourseError


def stepped(months: int, **settings) -> ClassroomModel:
    model = ClassroomModel(**{"persons": 1500, "seed": 4, **settings})
    for _ in range(months):
        model.step()
    return model


def test_the_cohort_runs_to_its_aow_age_whatever_the_scenarios_horizon():
    """12-year-olds of 2020 reach the AOW age of their year, 70 years 9 months (it follows life
    expectancy), not the 66 years 4 months in force in 2020 nor the base scenario's 20 years."""
    for file in ("scenarios/classroom.yaml", "scenarios/base.yaml"):
        model = ClassroomModel(scenario_file=file, persons=1000)
        assert model.end_age_months == 70 * 12 + 9
        assert model.horizon_months == model.twin.horizon_months == 70 * 12 + 9 - 12 * 12 + 1
    model = ClassroomModel(persons=1000, years=1)
    assert model.advance(24) == 12 and not model.running
    assert model.advance(12) == 0  # the end: nothing more happens, and nothing fails


def test_the_classroom_scenario_is_a_cohort_sized_for_the_dashboard():
    from simulation.dashboard.app import default_settings
    from simulation.scenario import load_scenario

    spec = load_scenario("scenarios/classroom.yaml")
    assert spec.population.kind == "cohort" and spec.interventions == []
    settings = default_settings("scenarios/classroom.yaml")
    assert settings["persons"] == spec.population.size == 5000
    assert settings["twin_event"] == "adolescent_depression"


def test_twins_that_differ_are_picked_and_their_share_counted():
    model = stepped(96)  # to 20: depression at 12 parts lives in school and at work
    assert 0 < model.share_parted() < 1
    assert model.parted[np.flatnonzero(model.months_apart)].all()
    featured = model.featured_pair()
    assert model.months_apart[featured] > 0
    for _ in range(12):
        model.step()
    assert model.featured_pair() == featured  # kept once chosen
    for seed in range(5):
        assert model.months_apart[model.another_pair(seed)] > 0
    assert len({model.another_pair(seed) for seed in range(5)}) > 1
    mine, twin = model.twin_stories(featured)
    assert mine[1:] != twin[1:]  # the stories differ after the origin


def test_identical_twins_are_never_parted():
    model = stepped(60, twin_event="none")
    assert model.share_parted() == 0 and model.featured_pair() == 0


def test_the_gap_by_parents_education_is_not_noise():
    """The default origin and measure: at 5,000 persons (the classroom cohort) the income gap
    between children of high- and low-educated parents at 30 is several times its interval."""
    model = ClassroomModel(scenario_file="scenarios/classroom.yaml", years=18.1)
    while model.running:
        model.advance(12)
    table = model.disadvantage("parents_education")
    at_30 = table[np.isclose(table["age"], 30)].set_index("group")
    gap = at_30.loc[2, "income"] - at_30.loc[0, "income"]
    interval = 1.96 * np.hypot(at_30.loc[2, "income_se"], at_30.loc[0, "income_se"])
    assert gap > 3 * interval > 0


def test_identical_twins_live_identical_lives():
    model = stepped(120, twin_event="none")
    for column in ("labour_state", "contract", "wage", "benefit", "partner_id"):
        assert np.array_equal(getattr(model.pop, column), getattr(model.twin.pop, column))
    gaps = model.twin_gaps()
    assert len(gaps) == 120
    assert (gaps[["employed", "income", "on_benefit"]].to_numpy() == 0).all()


def test_twins_differ_in_exactly_the_chosen_circumstance():
    model = ClassroomModel(persons=1500, seed=4, twin_event="parental_divorce")
    assert np.array_equal(model.twin.pop.parents_divorced, ~model.pop.parents_divorced)
    assert np.array_equal(model.has_event, model.pop.parents_divorced)
    for column in ("sex", "education", "parents_education", "migration", "birth_month"):
        assert np.array_equal(getattr(model.pop, column), getattr(model.twin.pop, column))
    for _ in range(96):
        model.step()
    changed = model.pop.labour_state != model.twin.pop.labour_state
    assert 0 < changed.sum() < model.pop.size  # the circumstance matters, for some


def test_depression_twins_start_healthy_or_depressed():
    model = ClassroomModel(persons=2000, seed=4, twin_event="adolescent_depression")
    depressed = model.pop.adolescent_depression  # at 12, before anyone's depression began
    assert np.array_equal(model.twin.pop.adolescent_depression, ~depressed)
    assert np.array_equal(model.twin.pop.health == Health.MENTAL, ~depressed)
    assert np.array_equal(model.pop.health == Health.MENTAL, depressed)


def test_a_recession_at_20_lowers_employment_after_20_only():
    base, recession = stepped(108), stepped(108, cycle="recession", cycle_age=20)
    before = base.disadvantage("parental_divorce")
    after = recession.disadvantage("parental_divorce")
    young = before["age"] < 20
    assert np.array_equal(before[young]["employed"], after[young]["employed"])
    at_21 = (before["age"] > 20.9) & (before["age"] < 21.1)
    assert after[at_21]["employed"].mean() < before[at_21]["employed"].mean()


def test_switching_interventions_off_drops_them():
    on = ClassroomModel(scenario_file="scenarios/package.yaml", persons=1000)
    off = ClassroomModel(scenario_file="scenarios/package.yaml", interventions=False, persons=1000)
    assert len(on.interventions) == 4 and off.interventions == []
    assert on.spec.population.kind == "cohort"


def test_mesa_reset_passes_its_own_scenario_which_is_ignored():
    model = ClassroomModel(MesaScenario(), persons=1000, seed=9)
    assert model.spec.name == "base" and model.spec.seed == 9


def test_group_series_add_up_to_the_cohort():
    model = stepped(100)
    table = model.disadvantage("parental_divorce")
    assert set(table["group"]) == {0, 1}  # parents together, parents divorced
    sizes = model.group_sizes("parental_divorce")
    last = table[table["age"] == table["age"].max()].set_index("group")
    state = model.pop.labour_state
    working = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
    present = (state != LabourState.DEAD) & (state != LabourState.ABROAD)
    share = sum(last.loc[g, "employed"] * sizes[g] for g in sizes) / present.sum()
    assert share == pytest.approx(working.sum() / present.sum(), rel=0.01)
    assert model.headline().startswith(f"Age {model.age:.1f}: {working.sum():,} of ")


def test_sequences_are_sorted_by_type():
    model = stepped(130)
    for order in ("career", "family"):
        states, kinds = model.sequences(sample=200, order=order)
        assert states.shape == (200, 130)
        assert np.all(np.diff(kinds) >= 0)
    with pytest.raises(LifecourseError, match="allowed: career, family"):
        model.sequences(order="income")


def test_random_person_meets_the_condition():
    model = ClassroomModel(persons=1000)
    person = model.random_person("parents_divorced", seed=3)
    assert model.pop.parents_divorced[person]
    with pytest.raises(LifecourseError):
        model.random_person("rich")


def test_bad_settings_name_what_is_allowed():
    with pytest.raises(LifecourseError, match="allowed: none, recession, boom"):
        ClassroomModel(cycle="depression")
    with pytest.raises(LifecourseError, match="allowed: none, parental_divorce"):
        ClassroomModel(twin_event="lottery")
