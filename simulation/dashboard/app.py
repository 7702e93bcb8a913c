"""The teaching dashboard: a Solara page over a :class:`ClassroomModel` (a Mesa model).

Serve it with ``lifecourse dashboard`` (which runs ``solara run`` on this file, on 127.0.0.1,
with Solara's assets served locally so it works without internet). It is laid out for a
projector at 1280×720: one row of controls on top (reset, play/pause, step, speed: months a
step, where the cohort is with a hint, the end or a pending setting beneath, and the settings
of the cohort folded behind a button), then the panels two by two (:mod:`.panels`), the first
two wholly on the first screen:

- **300 lives, month by month** — a sequence index plot, one line per person coloured by labour
  or family state, sorted by career path (PBL, A5.3) or family type (Muller, A3.4);
- **a life story** — the chosen person's life and their twin's in plain language (a long life
  scrolls inside the panel);
- **cumulative disadvantage** — income, employment or benefit receipt over age for groups that
  differ by origin, and the gap between the first and the last group with its 95% interval;
- **twins** — a chosen person and their twin month by month, the cohort's average gap, the
  share of pairs whose lives differ, and a table at 30, 45 and 60;
- **choice, fate or chance** (A7.1) — the origin and chance shares of a life outcome, estimated
  in a background task while the page goes on.

Mesa's own page (``SolaraViz``) is not used: its controls (play interval, render interval,
threads), its page tabs and its draggable grid are not for a class. The model is still a Mesa
model stepped by a Solara task, and the panels redraw through Mesa's ``update_counter``. Every
word comes from :mod:`simulation.words` (English or Dutch, switched in the title bar).
"""

from __future__ import annotations

import contextlib
import html
import os
import time
from pathlib import Path

import solara
import solara.lab
from mesa.visualization.utils import force_update, update_counter

from simulation.dashboard.classroom import CYCLES, ClassroomModel
from simulation.dashboard.panels import PANELS, choice, selected_person
from simulation.scenario import load_scenario
from simulation.teaching import TWIN_EVENTS
from simulation.words import LANGUAGES, age_text, number, say

#: environment variable through which ``lifecourse dashboard --scenario`` picks the start file
SCENARIO_ENV = "LIFECOURSE_DASHBOARD_SCENARIO"
DEFAULT_SCENARIO = "scenarios/classroom.yaml"
#: cohort size when the scenario is not a cohort (a cohort scenario's own size is used)
DEFAULT_PERSONS = 5000
#: months a step of Play may take, and the default: a year a step plays a working life (to the
#: AOW age, about 59 years) in about half a minute (README, "The live dashboard")
SPEEDS = (1, 3, 6, 12, 24)
DEFAULT_SPEED = 12
#: the language of every label and story (per browser session)
language = solara.reactive("en")
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}

CSS = """
.lc-panel img { max-width: 100%; height: auto; display: block; }
.lc-panel, .lc-controls { overflow: hidden; }
.lc-panel > .v-card__text, .lc-controls > .v-card__text { padding: 8px 16px; }
.lc-head { align-items: center; justify-content: space-between; flex-wrap: wrap; }
.lc-title { font-size: 22px; font-weight: 500; line-height: 36px; color: rgba(0, 0, 0, 0.87); }
.lc-legend { display: flex; flex-wrap: wrap; gap: 2px 16px; font-size: 15px; margin: 4px 0; }
.lc-legend-item { display: inline-flex; align-items: center; white-space: nowrap; }
.lc-chip { width: 16px; height: 16px; margin-right: 6px; border: 1px solid #777;
           display: inline-block; }
.lc-note { font-size: 15px; margin: 4px 0; }
.lc-wrap { flex-wrap: wrap; align-items: center; }
.lc-status, .lc-heading { font-size: 17px; font-weight: 500; }
.lc-heading { margin-top: 8px; }
.lc-message { font-size: 15px; padding: 2px 8px; border-left: 4px solid; border-radius: 2px; }
.lc-hint { border-color: #1976d2; background: #e3f2fd; }
.lc-ended { border-color: #2e7d32; background: #e8f5e9; }
.lc-pending { border-color: #ef6c00; background: #fff3e0; }
.lc-scroll { max-height: 340px; overflow-y: auto; overflow-x: hidden; padding: 0 12px; }
.lc-panel li, .lc-panel td, .lc-panel th { font-size: 15px; }
.lc-panel ul { margin-bottom: 4px; }
"""


def scenario_choices(start: str | None = None) -> list[str]:
    """The scenario files the dashboard offers: the start file, then those beside it."""
    start = start or os.environ.get(SCENARIO_ENV) or DEFAULT_SCENARIO
    folder = Path(start).parent
    files = sorted(str(p) for p in folder.glob("*.yaml")) if folder.is_dir() else []
    return [start, *[f for f in files if Path(f) != Path(start)]]


def scenario_label(path: str | None, lang: str) -> str:
    """A scenario as a class reads it: its entry in the words table, else its name (no file:
    the built-in base)."""
    if path is None:
        return say("scenario.base", lang)
    name = Path(path).stem
    # a broken file beside the start file is still listed, by its file name
    with contextlib.suppress(Exception):
        name = load_scenario(path).name
    try:
        return say(f"scenario.{name}", lang)
    except KeyError:
        return name.replace("_", " ")


def default_settings(start: str | None = None) -> dict:
    """The settings a new page starts with: the start scenario, its cohort size."""
    files = scenario_choices(start)
    try:
        population = load_scenario(files[0]).population
        persons = population.size if population.kind == "cohort" else DEFAULT_PERSONS
    except Exception:
        persons = DEFAULT_PERSONS
    return {"scenario_file": files[0], "interventions": True, "cycle": "none", "cycle_age": 25,
            "persons": min(max(persons, 1000), 20000), "seed": 1,
            "twin_event": "adolescent_depression"}  # fmt: skip


@solara.component
def Controls(model: solara.Reactive[ClassroomModel], settings: solara.Reactive[dict], lang: str):
    """Reset, play/pause, step and speed; where the cohort is; the end, said in words; the
    cohort's settings folded beneath (one row when folded, so the panels start high)."""
    update_counter.get()
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(DEFAULT_SPEED)
    unfolded = solara.use_reactive(False)
    current = model.value

    def play() -> None:
        while playing.value and model.value.running:
            model.value.advance(speed.value)
            force_update()
            time.sleep(0.01)  # let the browser's clicks (Pause) in
        playing.value = False

    solara.lab.use_task(play, dependencies=[playing.value], prefer_threaded=True)

    def reset() -> None:
        playing.value = False
        selected_person.set(None)
        model.set(ClassroomModel(**settings.value))
        force_update()

    def step() -> None:
        model.value.advance(speed.value)
        force_update()

    speeds = {say(f"speed.{s}", lang): s for s in SPEEDS}
    ended = not current.running
    with solara.Card(classes=["lc-controls"], margin=1):
        with solara.Row(classes=["lc-wrap"]):
            solara.Button(say("reset", lang), color="primary", on_click=reset,
                          outlined=settings.value == current.settings)  # fmt: skip
            solara.Button(say("pause" if playing.value else "play", lang), color="primary",
                          on_click=lambda: playing.set(not playing.value), disabled=ended,
                          style={"min-width": "7em"})  # fmt: skip
            solara.Button(say("step", lang), color="primary", on_click=step,
                          disabled=playing.value or ended)  # fmt: skip
            solara.Select(say("speed", lang), values=list(speeds),
                          value=say(f"speed.{speed.value}", lang),
                          on_value=lambda label: speed.set(speeds[label]), dense=True,
                          style={"max-width": "11em"})  # fmt: skip
            # where the cohort is, and beneath it what to do: at the start, at the end, after a
            # changed setting (beside the buttons, not in rows of their own above the panels)
            with solara.Column(gap="2px", style={"flex": "1 1 24em"}):
                solara.Text(current.headline(lang), classes=["lc-status"])
                aow = age_text(current.end_age_months, lang)
                if ended:
                    Message(say("ended", lang, aow=aow), "lc-ended")
                elif current.steps == 0:
                    Message(say("start_hint", lang, aow=aow), "lc-hint")
                if settings.value != current.settings:
                    Message(say("pending", lang), "lc-pending")
            solara.Button(say("settings_button", lang) + (" ▴" if unfolded.value else " ▾"),
                          text=True, on_click=lambda: unfolded.set(not unfolded.value))  # fmt: skip
        if unfolded.value:
            Settings(settings, lang)


def Message(text: str, kind: str) -> None:
    """A line under the status, marked by colour: a hint, the end, or a pending setting."""
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(text), classes=["lc-message", kind])


@solara.component
def Settings(settings: solara.Reactive[dict], lang: str):
    """The cohort's settings; changes apply when Reset starts a new cohort (said on screen)."""
    values = settings.value

    def put(name: str, value) -> None:
        settings.set({**settings.value, name: value})

    files = {scenario_label(f, lang): f for f in scenario_choices(values["scenario_file"])}
    solara.HTML(
        tag="div", unsafe_innerHTML=html.escape(say("settings", lang)), classes=["lc-heading"]
    )
    with solara.Columns([1, 1, 1], classes=["lc-settings"]):
        with solara.Column():
            solara.Select(
                say("scenario", lang),
                values=list(files),
                value=scenario_label(values["scenario_file"], lang),
                on_value=lambda label: put("scenario_file", files[label]),
            )
            solara.Checkbox(
                label=say("interventions", lang),
                value=values["interventions"],
                on_value=lambda v: put("interventions", v),
            )
            choice("event", TWIN_EVENTS, values["twin_event"],
                   lambda key: put("twin_event", key), lang, title="twin_event")  # fmt: skip
        with solara.Column():
            choice("cycle", CYCLES, values["cycle"], lambda key: put("cycle", key), lang)
            solara.Text(say("cycle_age", lang, value=values["cycle_age"]))
            solara.SliderInt(
                "",
                value=values["cycle_age"],
                min=16,
                max=60,
                on_value=lambda v: put("cycle_age", v),
            )
        with solara.Column():
            solara.Text(say("persons", lang, value=number(values["persons"], lang)))
            solara.SliderInt(
                "",
                value=values["persons"],
                min=1000,
                max=20000,
                step=1000,
                on_value=lambda v: put("persons", v),
            )
            solara.Text(say("seed", lang, value=values["seed"]))
            solara.SliderInt("", value=values["seed"], min=1, max=100,
                                 on_value=lambda v: put("seed", v))  # fmt: skip


@solara.component
def Page():
    lang = language.value
    start = solara.use_memo(default_settings, [])
    settings = solara.use_reactive(start)
    # one model per browser session (a module-level model would be shared by every tab)
    first = solara.use_memo(lambda: ClassroomModel(**start), [])
    model = solara.use_reactive(first)
    solara.Style(CSS)
    solara.Title(say("title", lang))
    with solara.AppBar():
        solara.AppBarTitle(say("title", lang))
        solara.ToggleButtonsSingle(
            value=LANGUAGE_NAMES[lang],
            values=[LANGUAGE_NAMES[code] for code in LANGUAGES],
            on_value=lambda name: language.set(
                next(c for c, n in LANGUAGE_NAMES.items() if n == name)
            ),
        )
    with solara.Column(gap="0px", style={"max-width": "1600px", "margin": "0 auto",
                                         "width": "100%"}):  # fmt: skip
        Controls(model, settings, lang)
        with solara.ColumnsResponsive(12, large=6, gutters_dense=True):
            for panel in PANELS:
                panel(model.value, lang)
