"""The teaching dashboard: a Mesa SolaraViz app over a :class:`ClassroomModel`.

Serve it with ``lifecourse dashboard`` (which runs ``solara run`` on this file, on 127.0.0.1,
with Solara's assets served locally so it works without internet). Panels:

- **cumulative disadvantage** — employment, income or benefit receipt over age for groups that
  differ by origin, and the gap between the first and the last group;
- **sequence index plot** — one line per person, coloured by labour or family state per month,
  sorted by career path (PBL, A5.3) or family type (Muller, A3.4);
- **life story** — a chosen person's life in plain language, beside their twin's;
- **twins** — the person and their twin month by month, and the cohort's average gap at 30, 45
  and 60;
- **choice, fate or chance** (A7.1) — the origin and chance shares of a life outcome.

The sidebar holds Mesa's controls (reset, play/pause, step) and the model parameters: scenario,
interventions on/off, business cycle and the age it starts, cohort size, seed, twin event.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import solara
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from simulation.codes import LabourState
from simulation.dashboard.classroom import CYCLES, MEASURES, ORIGINS, OUTCOMES, ClassroomModel
from simulation.teaching import TWIN_EVENTS

#: environment variable through which ``lifecourse dashboard --scenario`` picks the start file
SCENARIO_ENV = "LIFECOURSE_DASHBOARD_SCENARIO"
DEFAULT_PERSONS = 5000

STATE_COLOURS = ["#bbbbbb", "#228833", "#ee6677", "#ccbb44", "#aa3377", "#66ccee", "#4477aa",
                 "#000000", "#ffffff"]  # fmt: skip
FAMILY_COLOURS = ["#dddddd", "#88ccee", "#117733", "#cc6677"]
FAMILY_STATES = ("no partner, no child", "partner, no child", "partner and child", "single parent")
#: Muller's family types (simulation.classify.FAMILY_TYPES), short enough for an axis
FAMILY_TYPE_LABELS = ("standard", "single parent", "no child", "single")
MEASURE_LABELS = {
    "employed": "share employed",
    "income": "income per month (wage or benefit, euro)",
    "on_benefit": "share on a benefit",
}
OUTCOME_LABELS = {
    "lifetime_income": "lifetime labour income",
    "benefit_months": "months on benefits",
    "healthy_working_years": "healthy working years",
}

#: the person the life-story and twins panels show (solara.reactive is per browser session)
selected_person = solara.reactive(0)


def scenario_choices(start: str | None = None) -> list[str]:
    """The scenario files the dashboard offers: those beside the start file."""
    start = start or os.environ.get(SCENARIO_ENV) or "scenarios/base.yaml"
    folder = Path(start).parent
    files = sorted(str(p) for p in folder.glob("*.yaml")) if folder.is_dir() else []
    return [start, *[f for f in files if Path(f) != Path(start)]]


def model_params(start: str | None = None) -> dict[str, dict]:
    """The controls of Mesa's sidebar, one per :class:`ClassroomModel` keyword."""
    files = scenario_choices(start)
    return {
        "scenario_file": {"type": "Select", "value": files[0], "values": files,
                          "label": "Scenario"},
        "interventions": {"type": "Checkbox", "value": True, "label": "Interventions on"},
        "cycle": {"type": "Select", "value": "none", "values": list(CYCLES),
                  "label": "Business cycle"},
        "cycle_age": {"type": "SliderInt", "value": 25, "min": 16, "max": 60, "step": 1,
                      "label": "Cycle starts at age"},
        "persons": {"type": "SliderInt", "value": DEFAULT_PERSONS, "min": 1000, "max": 20000,
                    "step": 1000, "label": "Persons"},
        "seed": {"type": "SliderInt", "value": 1, "min": 1, "max": 100, "step": 1,
                 "label": "Seed"},
        "twin_event": {"type": "Select", "value": "parental_divorce",
                       "values": list(TWIN_EVENTS), "label": "Twins differ in"},
    }  # fmt: skip


def _figure(height: float = 3.0) -> Figure:
    # Figure() without pyplot: no global state shared between sessions and threads
    fig = Figure(figsize=(6.4, height), dpi=90)
    # fixed margins: a constrained layout costs more than the drawing itself on every redraw
    fig.subplots_adjust(left=0.14, right=0.98, top=0.96, bottom=0.2, hspace=0.25)
    return fig


@solara.component
def CumulativeDisadvantage(model: ClassroomModel):
    """Groups that differ by origin over age, and the gap between the first and the last."""
    update_counter.get()
    origin, set_origin = solara.use_state("parental_divorce")
    measure, set_measure = solara.use_state("employed")
    with solara.Card("Cumulative disadvantage"):
        with solara.Row():
            solara.Select("Origin", value=origin, values=list(ORIGINS), on_value=set_origin)
            solara.Select("Measure", value=measure, values=list(MEASURES), on_value=set_measure)
        table = model.disadvantage(origin)
        fig = _figure(3.4)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
        labels = ORIGINS[origin][1]
        sizes = model.group_sizes(origin)
        shown = [label for label in labels if sizes.get(label, 0) > 0]
        for label in shown:
            rows = table[table["group"] == label]
            top.plot(rows["age"], rows[measure], label=f"{label} ({sizes[label]})", lw=1.2)
        top.set_ylabel(MEASURE_LABELS[measure], fontsize=7)
        top.legend(fontsize=6, loc="best")
        if len(shown) >= 2 and not table.empty:
            first = table[table["group"] == shown[0]][measure].to_numpy()
            last = table[table["group"] == shown[-1]][measure].to_numpy()
            ages = table[table["group"] == shown[0]]["age"].to_numpy()
            bottom.plot(ages, last - first, color="black", lw=1)
            bottom.axhline(0, color="grey", lw=0.5)
            bottom.set_ylabel(f"gap: {shown[-1]}\nminus {shown[0]}", fontsize=6)
        bottom.set_xlabel("age")
        solara.FigureMatplotlib(fig, format="png")
        solara.Text(model.headline())


@solara.component
def SequenceIndexPlot(model: ClassroomModel):
    """One line per person (a fixed sample), coloured by state per month, sorted by type."""
    update_counter.get()
    order, set_order = solara.use_state("career")
    with solara.Card("Sequence index plot"):
        solara.ToggleButtonsSingle(value=order, values=["career", "family"], on_value=set_order)
        states, kinds = model.sequences(sample=300, order=order)
        fig = _figure(3.4)
        ax = fig.subplots()
        if order == "career":
            colours, names = STATE_COLOURS, [state.name.lower() for state in LabourState][:7]
            kind_label = [f"path {k}" for k in kinds]  # PBL's paths 1-3 (A5.3)
        else:
            colours, names = FAMILY_COLOURS, list(FAMILY_STATES)
            kind_label = [FAMILY_TYPE_LABELS[k] for k in kinds]
        if states.shape[1]:
            ax.imshow(states, aspect="auto", interpolation="nearest", cmap=ListedColormap(colours),
                      vmin=0, vmax=len(colours) - 1,
                      extent=(12, model.age, states.shape[0], 0))  # fmt: skip
            edges = np.flatnonzero(np.diff(kinds)) + 1
            for edge in edges:
                ax.axhline(edge, color="black", lw=0.6)
            centres = np.r_[0, edges] + np.diff(np.r_[0, edges, kinds.size]) / 2
            starts = np.r_[0, edges]
            ax.set_yticks(centres, [kind_label[s] for s in starts], fontsize=6)
        ax.set_xlabel("age")
        handles = [Rectangle((0, 0), 1, 1, color=colour) for colour in colours[: len(names)]]
        ax.legend(handles, names, fontsize=5, ncol=4, loc="upper center",
                  bbox_to_anchor=(0.5, -0.2))  # fmt: skip
        solara.FigureMatplotlib(fig, format="png")


@solara.component
def LifeStory(model: ClassroomModel):
    """A chosen person's life in plain language."""
    update_counter.get()
    draws, set_draws = solara.use_state(0)

    def pick(condition: str) -> None:
        selected_person.set(model.random_person(condition, seed=draws + 1))
        set_draws(draws + 1)

    person = min(selected_person.value, model.pop.size - 1)
    with solara.Card("A life story"):
        with solara.Row():
            solara.InputInt("Person", value=person, on_value=selected_person.set)
            solara.Button("Random person", on_click=lambda: pick("anyone"))
            solara.Button("Random person, parents divorced",
                          on_click=lambda: pick("parents_divorced"))  # fmt: skip
        mine, twin = model.twin_stories(person)
        with solara.Columns([1, 1]):
            with solara.Column():
                solara.Markdown("**This life**\n\n" + "\n".join(f"- {line}" for line in mine))
            with solara.Column():
                event = model.twin_event
                flipped = "none" if event == "none" else f"the other '{event}'"
                solara.Markdown(f"**The twin** ({flipped})\n\n"
                                + "\n".join(f"- {line}" for line in twin))  # fmt: skip


@solara.component
def Twins(model: ClassroomModel):
    """The chosen person and their twin month by month; the cohort's average gap by age."""
    update_counter.get()
    person = min(selected_person.value, model.pop.size - 1)
    with solara.Card(f"Twins: {model.twin_event.replace('_', ' ')}"):
        fig = _figure(3.4)
        lives, gaps = fig.subplots(2, 1, height_ratios=(1, 2))
        has = bool(model.has_event[person])
        for row, m in enumerate((model, model.twin)):
            states = np.array([month[person] for month in m.panel["labour_state"]])
            if states.size:
                lives.imshow(states[None, :], aspect="auto", cmap=ListedColormap(STATE_COLOURS),
                             vmin=0, vmax=8, interpolation="nearest",
                             extent=(12, model.age, row + 0.1, row + 0.9))  # fmt: skip
        lives.set_ylim(0, 2)
        label = ("with", "without") if has else ("without", "with")
        lives.set_yticks([0.5, 1.5], [f"person {person} ({label[0]})", f"twin ({label[1]})"],
                         fontsize=6)  # fmt: skip
        lives.set_xlim(12, max(model.age, 13))
        table = model.twin_gaps()
        if not table.empty:
            gaps.plot(table["age"], table["employed"] * 100, color="black", lw=1)
            gaps.axhline(0, color="grey", lw=0.5)
            for age in (30, 45, 60):
                gaps.axvline(age, color="grey", lw=0.4, ls=":")
        gaps.set_ylabel("employment gap (points)\nwith minus without", fontsize=6)
        gaps.set_xlabel("age")
        solara.FigureMatplotlib(fig, format="png")
        at = model.gaps_at()
        if not at.empty:
            lines = [
                f"| {a:.0f} | {e * 100:+.1f} | {i:+.0f} | {b * 100:+.1f} |"
                for a, e, i, b in at[["age", *MEASURES]].itertuples(index=False)
            ]
            solara.Markdown(
                "| age | employed (points) | income (euro/month) | on benefit (points) |\n"
                "|---|---|---|---|\n" + "\n".join(lines)
            )


@solara.component
def ChoiceFateChance(model: ClassroomModel):
    """How much of a life outcome is origin and how much is chance (A7.1)."""
    outcome, set_outcome = solara.use_state("lifetime_income")
    shares, set_shares = solara.use_state(None)
    with solara.Card("Choice, fate or chance"):
        solara.Select("Outcome", value=outcome, values=list(OUTCOMES), on_value=set_outcome)
        solara.Button(
            "Estimate (re-runs 1,000 lives 4 times: 5-10 seconds)",
            on_click=lambda: set_shares(model.chance_split()),
        )
        if shares is not None:
            split = shares[outcome]
            fig = _figure(1.3)
            ax = fig.subplots()
            ax.barh([0], [split["origin"]], color="#4477aa", label="origin")
            ax.barh([0], [split["chance"]], left=[split["origin"]], color="#ccbb44",
                    label="chance")  # fmt: skip
            ax.set_xlim(0, 1)
            ax.set_yticks([])
            ax.set_xlabel(f"share of the variance in {OUTCOME_LABELS[outcome]}", fontsize=7)
            ax.legend(fontsize=6, ncol=2, loc="upper right")
            solara.FigureMatplotlib(fig, format="png")
            solara.Text(
                f"Origin {split['origin']:.0%}, chance {split['chance']:.0%}: people with the"
                " same origin, re-run with other random draws, end up this far apart."
            )


COMPONENTS = [CumulativeDisadvantage, SequenceIndexPlot, Twins, LifeStory, ChoiceFateChance]


@solara.component
def Page():
    params = model_params()
    start = {name: spec["value"] for name, spec in params.items()}
    # one model per browser session (a module-level model would be shared by every tab)
    model = solara.use_memo(lambda: ClassroomModel(**start), [])
    SolaraViz(
        model,
        components=[(component, 0) for component in COMPONENTS],
        model_params=params,
        name="lifecourse: lives in the Netherlands",
        play_interval=50,
    )
