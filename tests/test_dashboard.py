"""The teaching dashboard without a browser: the classroom cohort, and each panel rendered
with ``solara.render``."""

from __future__ import annotations

import re

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
    assert set(table["group"]) == {"parents together", "parents divorced"}
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


# -- the panels, rendered without a browser ---------------------------------------------------
solara = pytest.importorskip("solara", reason="the dashboard extra is not installed")
ipywidgets = pytest.importorskip("ipywidgets")
v = pytest.importorskip("ipyvuetify")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    from simulation.dashboard import app

    return app


def test_each_plot_redraws_when_the_model_steps(app):
    from mesa.visualization.utils import force_update

    model = stepped(2)
    for panel in (app.CumulativeDisadvantage, app.SequenceIndexPlot, app.Twins):
        _, rc = solara.render(panel(model), handle_error=False)
        before = rc.find(ipywidgets.Image).widget.value
        model.step()
        force_update()
        assert rc.find(ipywidgets.Image).widget.value != before, panel.__name__


def test_mesa_controls_step_and_reset_the_classroom(app):
    from mesa.visualization.solara_viz import ModelController

    model = ClassroomModel(persons=1000, seed=2)
    reactive = solara.reactive(model)

    @solara.component
    def Controls():
        ModelController(
            reactive, model_parameters={"persons": 1000, "seed": 3, "interventions": False},
            play_interval=solara.reactive(50), render_interval=solara.reactive(1),
            use_threads=solara.reactive(False),
        )  # fmt: skip

    _, rc = solara.render(Controls(), handle_error=False)
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert model.steps == 1 and model.twin.steps == 1
    rc.find(v.Btn, children=["Reset"]).widget.click()
    fresh = reactive.value
    assert fresh is not model and fresh.steps == 0 and fresh.settings["seed"] == 3


def _markdown(rc) -> str:
    """The text of every Markdown block (Solara renders it into a Vue template)."""
    templates = [w.template for w in rc.find(v.VuetifyTemplate).widgets]
    return " ".join(str(getattr(t, "template", t)) for t in templates)


def test_life_story_shows_a_chosen_persons_life_and_twin(app):
    model = stepped(90)
    _, rc = solara.render(app.LifeStory(model), handle_error=False)
    rc.find(v.Btn, children=["Random person, parents divorced"]).widget.click()
    person = app.selected_person.value
    assert model.pop.parents_divorced[person]
    shown = _markdown(rc)
    assert f"Person {person}: " in shown and "parents divorced" in shown
    assert "parents together" in shown  # the twin's origin
    assert re.search(r"Now \((19|20)\): ", shown)


def test_choice_fate_chance_draws_a_bar(app, monkeypatch):
    model = ClassroomModel(persons=300, seed=2)
    monkeypatch.setattr(
        ClassroomModel, "chance_split",
        lambda self: {o: {"origin": 0.25, "chance": 0.75} for o in app.OUTCOMES},
    )  # fmt: skip
    _, rc = solara.render(app.ChoiceFateChance(model), handle_error=False)
    assert not rc.find(ipywidgets.Image).widgets
    rc.find(v.Btn).widget.click()
    assert rc.find(ipywidgets.Image).widget.value
    rc.find(children=["Origin 25%, chance 75%"], text_contains=True)


def test_the_page_renders_every_panel(app):
    _, rc = solara.render(app.Page(), handle_error=False)
    assert len(rc.find(ipywidgets.Image).widgets) == 3  # the three plots that need no click
    rc.find(v.Btn, children=["Random person, parents divorced"]).assert_single()
