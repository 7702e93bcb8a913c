"""The dashboard's page and panels rendered with ``solara.render`` (no browser): they redraw
when the cohort steps, say in words what there is to see before the first month and at the end,
say that changed settings need Reset, and speak English or Dutch from one table of words."""

from __future__ import annotations

import itertools
import re
import threading

import numpy as np
import pytest

from simulation.codes import Event
from simulation.dashboard import ClassroomModel
from simulation.words import LANGUAGES, WORDS, say

solara = pytest.importorskip("solara", reason="the dashboard extra is not installed")
ipywidgets = pytest.importorskip("ipywidgets")
v = pytest.importorskip("ipyvuetify")

#: identifiers that must never reach the screen
RAW = re.compile(r"\b(parental_divorce|adolescent_depression|parents_education|on_benefit|"
                 r"scenarios/\w+\.yaml|path \d|lifetime_income|twin_event)\b")  # fmt: skip


@pytest.fixture
def panels(monkeypatch):
    monkeypatch.setenv("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    from simulation.dashboard import panels

    panels.selected_person.set(None)
    return panels


def stepped(months: int, **settings) -> ClassroomModel:
    model = ClassroomModel(**{"persons": 1500, "seed": 4, **settings})
    model.advance(months)
    return model


def widgets(root):
    yield root
    children = getattr(root, "children", None) or []
    for child in children if isinstance(children, (list, tuple)) else []:
        if isinstance(child, ipywidgets.Widget):
            yield from widgets(child)
    template = getattr(root, "template", None)
    if isinstance(template, ipywidgets.Widget):
        yield template


def shown_text(rc) -> str:
    """Every text the rendered widgets hold: labels, Markdown and HTML, values of inputs."""
    texts = []
    for widget in widgets(rc.container):
        for name in widget.keys:
            if name.startswith("_") or name in ("layout", "style_", "class_", "tag"):
                continue
            value = getattr(widget, name, None)
            values = value.values() if isinstance(value, dict) else value
            if isinstance(values, str):
                texts.append(values)
            elif isinstance(values, (list, tuple, type({}.values()))):
                texts.extend(item for item in values if isinstance(item, str))
    return "\n".join(texts)


def test_the_sequence_plot_names_each_career_path_without_labels_overlapping():
    """At the compact figure height a path of 35 of 300 lives (the flexible one at 60) keeps its
    name; a sliver of a group does not, and no two names overlap."""
    from simulation.dashboard import figures

    names = ["not always working", "working, mostly flexible", "working, mostly permanent"]
    for sizes, shown in (((119, 35, 146), 3), ((150, 140, 10), 2), ((5, 5, 290), 1)):
        ends = np.cumsum(sizes)
        ticks, labels = figures._group_labels(ends - np.array(sizes), ends, names)
        assert len(labels) == shown, (sizes, labels)
        pixels = figures.SEQUENCE_HEIGHT * figures.DPI * 0.8 / ends[-1]
        spans = sorted((t * pixels - (label.count("\n") + 1) * figures.FONT * 0.75,
                        t * pixels + (label.count("\n") + 1) * figures.FONT * 0.75)
                       for t, label in zip(ticks, labels, strict=True))  # fmt: skip
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans
    fig = figures.sequence_figure(np.zeros((300, 12)), np.repeat([1, 2, 3], [119, 35, 146]),
                                  figures.STATE_COLOURS, ["", *names], "age", (12, 13))  # fmt: skip
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "not always\nworking", "working, mostly\nflexible", "working, mostly\npermanent"
    ]  # fmt: skip


def test_each_plot_redraws_when_the_model_steps(panels):
    from mesa.visualization.utils import force_update

    model = stepped(2)
    for panel in (panels.CumulativeDisadvantage, panels.SequenceIndexPlot, panels.Twins):
        _, rc = solara.render(panel(model, "en"), handle_error=False)
        before = rc.find(ipywidgets.Image).widget.value
        model.step()
        force_update()
        assert rc.find(ipywidgets.Image).widget.value != before, panel.__name__


def test_before_the_first_month_a_message_instead_of_empty_axes(panels):
    model = ClassroomModel(persons=1000)
    for panel in (panels.CumulativeDisadvantage, panels.SequenceIndexPlot, panels.Twins):
        _, rc = solara.render(panel(model, "en"), handle_error=False)
        assert not rc.find(ipywidgets.Image).widgets, panel.__name__
        assert "Nothing to show yet" in shown_text(rc)


def test_the_legends_name_every_state_and_group(panels):
    model = stepped(30)
    _, rc = solara.render(panels.SequenceIndexPlot(model, "en"), handle_error=False)
    states = ["in school", "employed", "unemployed", "not working or looking", "on sick leave",
              "disabled", "retired"]  # fmt: skip
    text = shown_text(rc)
    assert all(f"</span>{state}</span>" in text for state in states)
    _, rc = solara.render(panels.CumulativeDisadvantage(model, "en"), handle_error=False)
    text = shown_text(rc)
    assert "low-educated parents (" in text and "high-educated parents (" in text
    assert "95% interval" in text and not RAW.search(text)


def test_life_story_shows_a_pair_that_differs_and_the_twin(panels):
    model = stepped(96)
    _, rc = solara.render(panels.LifeStory(model, "en"), handle_error=False)
    rc.find(v.Btn, children=["Another pair that differs"]).widget.click()
    person = panels.selected_person.value
    assert model.months_apart[person] > 0
    shown = shown_text(rc)
    assert f"Person {person}: " in shown and "The twin (" in shown
    assert "So far the twins' lives are the same" not in shown
    assert re.search(r"Now \((19|20)\): ", shown) and not RAW.search(shown)


def test_choice_fate_chance_estimates_in_the_background_and_draws_a_bar(panels, monkeypatch):
    model = ClassroomModel(persons=300, seed=2)
    release, calls = threading.Event(), []

    def slow_split(self):
        calls.append(threading.current_thread())
        assert release.wait(30), "the test never let the estimate finish"
        return {o: {"origin": 0.25, "chance": 0.75} for o in panels.OUTCOMES}

    monkeypatch.setattr(ClassroomModel, "chance_split", slow_split)
    _, rc = solara.render(panels.ChoiceFateChance(model, "en"), handle_error=False)
    assert not rc.find(ipywidgets.Image).widgets
    button = rc.find(v.Btn, children=["Estimate"])
    button.widget.click()  # returns while the estimate runs: the click does not wait for it
    # running: said so, and the button is disabled so it cannot start a second estimate
    rc.find(v.ProgressLinear).wait_for(timeout=5)
    assert "Estimating: re-running 1,000 lives" in shown_text(rc)
    assert button.widget.disabled and not rc.find(ipywidgets.Image).widgets
    button.widget.click()  # a second click (sent before the button was disabled) starts nothing
    assert calls and calls[0] is not threading.main_thread()
    release.set()
    rc.find(ipywidgets.Image).wait_for(timeout=10)
    assert rc.find(ipywidgets.Image).widget.value
    assert "Origin 25%, chance 75%" in shown_text(rc) and "Estimating" not in shown_text(rc)
    assert not button.widget.disabled and len(calls) == 1


def controls(app, model: ClassroomModel, settings: dict):
    reactive_model, reactive_settings = solara.reactive(model), solara.reactive(settings)

    @solara.component
    def Both():
        app.Controls(reactive_model, reactive_settings, "en")
        app.Settings(reactive_settings, "en")

    _, rc = solara.render(Both(), handle_error=False)
    return reactive_model, reactive_settings, rc


def test_the_end_is_said_and_reset_starts_a_new_cohort(panels):
    from simulation.dashboard import app

    model = ClassroomModel(persons=1000, years=1)
    _, _, rc = controls(app, model, dict(model.settings))
    assert "Press Play" in shown_text(rc)
    rc.find(v.Btn, children=["Step"]).widget.click()  # a year a step: the whole horizon
    assert not model.running
    assert "The end: the cohort has reached" in shown_text(rc)
    assert rc.find(v.Btn, children=["Play"]).widget.disabled
    assert rc.find(v.Btn, children=["Step"]).widget.disabled


def test_changed_settings_say_press_reset_and_reset_applies_them(panels):
    from simulation.dashboard import app

    model = ClassroomModel(persons=1000, seed=2)
    reactive, settings, rc = controls(app, model, dict(model.settings))
    assert "press Reset" not in shown_text(rc)
    settings.set({**settings.value, "seed": 3})
    assert "press Reset" in shown_text(rc)
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert reactive.value is not model and reactive.value.settings["seed"] == 3
    assert "press Reset" not in shown_text(rc)
    assert "Random seed (another cohort): 3" in shown_text(rc)  # slider values are written out


def test_mesa_controls_step_and_reset_the_classroom(panels):
    """The model still works under Mesa's own controller (as in a notebook with SolaraViz)."""
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


def test_the_page_renders_every_panel_in_english_and_dutch(panels):
    from simulation.dashboard import app

    _, rc = solara.render(app.Page(), handle_error=False)
    assert "current policy (classroom cohort)" not in shown_text(rc)  # the settings are folded
    rc.find(v.Btn, children=["Settings ▾"]).widget.click()
    english = shown_text(rc)
    for words in ("Cumulative disadvantage", "Twins: depression at 12", "Play", "Reset",
                  "current policy (classroom cohort)", "1 year a step"):  # fmt: skip
        assert words in english
    assert not RAW.search(english), RAW.search(english)
    app.language.set("nl")  # the switch sits in the title bar, outside a bare render
    dutch = shown_text(rc)
    for words in ("Opgestapelde achterstand", "Tweelingen: depressie op 12-jarige leeftijd",
                  "Start", "Opnieuw", "huidig beleid (klascohort)", "1 jaar per stap"):  # fmt: skip
        assert words in dutch
    assert not RAW.search(dutch)
    app.language.set("en")


def test_one_table_of_words_in_both_languages():
    assert all(len(pair) == len(LANGUAGES) for pair in WORDS.values())
    for key, (english, dutch) in WORDS.items():
        assert dutch or key == "field.other" or key == "contract.none", key
        assert english or key.startswith("event.") or key in ("field.other", "contract.none"), key
        assert set(re.findall(r"{(\w+)}", english or dutch)) == set(re.findall(r"{(\w+)}", dutch))
    for event in Event:
        assert say(f"event.{event.name}", "nl"), event.name
    with pytest.raises(ValueError, match="allowed: en, nl"):
        say("title", "fr")


def test_a_story_in_natural_english_and_in_dutch():
    from simulation.teaching import story

    model = stepped(240)
    for person in range(40):
        english = story(model, person)
        assert english[0].startswith(f"Person {person}: born ")
        now = english[-1]
        assert now.startswith("Now (") and "benefit none" not in now and "health healthy" not in now
        assert not re.search(r"\b1 children\b", now)
        dutch = story(model, person, "nl")
        assert dutch[0].startswith(f"Persoon {person}: geboren in ")
        assert dutch[-1].startswith("Nu (")
    counts = model.pop.n_children[:40]
    one = int(np.flatnonzero(counts == 1)[0])
    assert story(model, one)[-1].endswith(", 1 child.")
    assert story(model, one, "nl")[-1].endswith(", 1 kind.")
