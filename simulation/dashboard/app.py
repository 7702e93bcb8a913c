"""The teaching dashboard: a Solara page over a :class:`ClassroomModel` (a Mesa model).

Serve it with ``lifecourse dashboard`` (which runs ``solara run`` on this file, on 127.0.0.1,
with Solara's assets served locally so it works without internet). It is laid out for a
projector at 1280×720: the controls on top (reset, play/pause, step, speed: months a step),
the settings of the cohort below them, and the panels two by two (:mod:`.panels`):

- **cumulative disadvantage** — income, employment or benefit receipt over age for groups that
  differ by origin, and the gap between the first and the last group with its 95% interval;
- **300 lives, month by month** — a sequence index plot, one line per person coloured by labour
  or family state, sorted by career path (PBL, A5.3) or family type (Muller, A3.4);
- **twins** — a chosen person and their twin month by month, the cohort's average gap, the
  share of pairs whose lives differ, and a table at 30, 45 and 60;
- **a life story** — the chosen person's life and their twin's in plain language;
- **choice, fate or chance** (A7.1) — the origin and chance shares of a life outcome.

Mesa's own page (``SolaraViz``) is not used: its controls (play interval, render interval,
threads), its page tabs and its draggable grid are not for a class. The model is still a Mesa
model stepped by a Solara task, and the panels redraw through Mesa's ``update_counter``. Every
word comes from :mod:`simulation.words` (English or Dutch, switched in the title bar).
"""

from __future__ import annotations

import contextlib
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
.lc-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 15px; margin: 6px 0; }
.lc-legend-item { display: inline-flex; align-items: center; white-space: nowrap; }
.lc-chip { width: 16px; height: 16px; margin-right: 6px; border: 1px solid #777;
           display: inline-block; }
.lc-note { font-size: 15px; margin: 6px 0; }
.lc-wrap { flex-wrap: wrap; align-items: center; }
.lc-status { font-size: 17px; font-weight: 500; }
.lc-panel .v-card__title { font-size: 22px; }
.lc-panel li, .lc-panel td, .lc-panel th { font-size: 15px; }
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
    """Reset, play/pause, step and speed; where the cohort is; the end, said in words."""
    update_counter.get()
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(DEFAULT_SPEED)
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
    with solara.Card(classes=["lc-controls"]):
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
                          on_value=lambda label: speed.set(speeds[label]),
                          style={"max-width": "14em"})  # fmt: skip
            solara.Text(current.headline(lang), classes=["lc-status"])
        aow = age_text(current.end_age_months, lang)
        if ended:
            solara.Success(say("ended", lang, aow=aow))
        elif current.steps == 0:
            solara.Info(say("start_hint", lang, aow=aow))
        if settings.value != current.settings:
            solara.Warning(say("pending", lang))


@solara.component
def Settings(settings: solara.Reactive[dict], lang: str):
    """The cohort's settings; changes apply when Reset starts a new cohort (said on screen)."""
    values = settings.value

    def put(name: str, value) -> None:
        settings.set({**settings.value, name: value})

    files = {scenario_label(f, lang): f for f in scenario_choices(values["scenario_file"])}
    with (
        solara.Details(say("settings", lang), expand=False),
        solara.Columns([1, 1, 1], classes=["lc-controls"]),
    ):
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
    with solara.Column(style={"max-width": "1600px", "margin": "0 auto", "width": "100%"}):
        Controls(model, settings, lang)
        Settings(settings, lang)
        with solara.ColumnsResponsive(12, large=6):
            for panel in PANELS:
                panel(model.value, lang)
