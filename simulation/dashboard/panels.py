"""The dashboard's panels, one Solara component each, every word from :mod:`simulation.words`.

Each panel takes the :class:`ClassroomModel` and the language; it reads Mesa's
``update_counter`` so it redraws after every step, and says in words what there is to see
before the cohort has lived a month instead of drawing empty axes.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import solara
import solara.lab
from mesa.visualization.utils import update_counter

from simulation.dashboard import figures
from simulation.dashboard.classroom import MEASURES, ORIGINS, OUTCOMES, START_AGE, ClassroomModel
from simulation.words import number, percent, say

#: the pair the life-story and twins panels show; None: the model's featured pair (per session)
selected_person: solara.Reactive[int | None] = solara.reactive(None)
#: measures shown as percentages (shares) rather than euros
SHARES = ("employed", "on_benefit")


def Legend(items: list[tuple[str, str]]) -> None:
    """Colour chips with their names in HTML: never cut, readable, wrapping as needed."""
    chips = "".join(
        f'<span class="lc-legend-item"><span class="lc-chip" style="background:{colour}">'
        f"</span>{html.escape(label)}</span>"
        for colour, label in items
    )
    solara.HTML(tag="div", unsafe_innerHTML=chips, classes=["lc-legend"])


def Note(text: str) -> None:
    solara.HTML(tag="p", unsafe_innerHTML=html.escape(text), classes=["lc-note"])


def Title(text: str) -> None:
    """A panel's title, in a row that may hold its controls on the right (saves a row)."""
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(text), classes=["lc-title"])


def _xlim(model: ClassroomModel) -> tuple[float, float]:
    return START_AGE, max(model.age, START_AGE + 1 / 12)


def _value(value: float, measure: str, lang: str, sign: bool = False) -> str:
    if measure in SHARES:
        return number(value * 100, lang, 1, sign) + ("" if sign else "%")
    text = number(value, lang, 0, sign)
    return text if sign else say("euro", lang, value=text)


def state_legend(lang: str) -> list[tuple[str, str]]:
    from simulation.codes import LabourState

    return [
        (figures.STATE_COLOURS[s], say(f"state.{LabourState(s).name.lower()}", lang))
        for s in range(figures.SHOWN_STATES)
    ]


def choice(kind: str, keys, current: str, on_key, lang: str, title: str = "") -> None:
    """A drop-down of ``keys`` shown by their words (``kind.key`` in simulation.words), titled
    ``title`` (default ``kind``); ``on_key`` gets the key of the label chosen."""
    labels = {say(f"{kind}.{key}", lang): key for key in keys}
    heading = say(title or kind, lang)
    solara.Select(heading, values=list(labels), value=say(f"{kind}.{current}", lang),
                  on_value=lambda label: on_key(labels[label]))  # fmt: skip


def group_gap(table: pd.DataFrame, first: int, last: int, measure: str) -> pd.DataFrame:
    """The last group minus the first by age, with the 95% half-width of the difference."""
    a = table[table["group"] == first].reset_index(drop=True)
    b = table[table["group"] == last].reset_index(drop=True)
    scale = 100 if measure in SHARES else 1
    ci = 1.96 * np.hypot(a[f"{measure}_se"], b[f"{measure}_se"]) * scale
    return pd.DataFrame({"age": a["age"], "gap": (b[measure] - a[measure]) * scale, "ci": ci})


@solara.component
def CumulativeDisadvantage(model: ClassroomModel, lang: str):
    """Groups that differ by origin over age, and the gap between the first and the last."""
    update_counter.get()
    origin, set_origin = solara.use_state(next(iter(ORIGINS)))
    measure, set_measure = solara.use_state("income")
    with solara.Card(classes=["lc-panel"], margin=1):
        Title(say("disadvantage", lang))
        with solara.Row(classes=["lc-wrap"]):
            choice("origin", ORIGINS, origin, set_origin, lang)
            choice("measure", MEASURES, measure, set_measure, lang)
        sizes = model.group_sizes(origin)
        shown = [g for g, n in sizes.items() if n > 1]
        names = {g: say(f"group.{origin}.{g}", lang) for g in shown}
        colours = {g: figures.GROUP_COLOURS[g % len(figures.GROUP_COLOURS)] for g in shown}
        if model.steps == 0:
            solara.Info(say("no_months", lang))
        else:
            table = model.disadvantage(origin)
            scale = 100 if measure in SHARES else 1
            lines = [
                (rows["age"].to_numpy(), rows[measure].to_numpy() * scale, colours[g])
                for g in shown
                for rows in [table[table["group"] == g]]
            ]
            first, last = shown[0], shown[-1]
            gap = group_gap(table, first, last, measure)
            fig = figures.disadvantage_figure(
                lines, gap, say(f"measure.{measure}", lang),
                say("gap_axis", lang, unit=say(f"short.{measure}", lang)),
                say("age", lang), _xlim(model),
            )  # fmt: skip
            solara.FigureMatplotlib(fig, format="png")
            gap_name = say("gap", lang, last=names[last], first=names[first])
            Legend([(colours[g], f"{names[g]} ({number(sizes[g], lang)})") for g in shown]
                   + [("#999999", gap_name)])  # fmt: skip
            now = table[table["age"] == table["age"].max()].set_index("group")
            Note(say("gap_line", lang, age=int(model.age), last=names[last],
                     b=_value(now.loc[last, measure], measure, lang), first=names[first],
                     a=_value(now.loc[first, measure], measure, lang),
                     gap=_value(gap["gap"].iloc[-1] / scale, measure, lang, sign=True),
                     unit=say(f"unit.{measure}", lang),
                     ci=number(gap["ci"].iloc[-1], lang, 1 if measure in SHARES else 0),
                     n_last=number(sizes[last], lang),
                     n_first=number(sizes[first], lang)))  # fmt: skip
        Note(say(f"note.{origin}", lang))


@solara.component
def SequenceIndexPlot(model: ClassroomModel, lang: str):
    """One line per person (a fixed sample), coloured by state per month, sorted by type."""
    update_counter.get()
    order, set_order = solara.use_state("career")
    orders = {say(f"order.{o}", lang): o for o in ("career", "family")}
    with solara.Card(classes=["lc-panel"], margin=1):
        with solara.Row(classes=["lc-head"]):
            Title(say("sequences", lang))
            solara.ToggleButtonsSingle(value=say(f"order.{order}", lang), values=list(orders),
                                       on_value=lambda label: set_order(orders[label]),
                                       dense=True)  # fmt: skip
        if model.steps == 0:
            solara.Info(say("no_months", lang))
            return
        states, kinds = model.sequences(sample=300, order=order)
        if order == "career":
            colours = figures.STATE_COLOURS
            legend = state_legend(lang)
            types = ["", *(say(f"path.{k}", lang) for k in (1, 2, 3))]  # paths 1-3
        else:
            colours = figures.FAMILY_COLOURS
            legend = [(c, say(f"family.{k}", lang)) for k, c in enumerate(colours)]
            types = [say(f"family_type.{k}", lang) for k in range(4)]
        fig = figures.sequence_figure(states, kinds, colours, types, say("age", lang),
                                      _xlim(model))  # fmt: skip
        solara.FigureMatplotlib(fig, format="png")
        Legend(legend)
        counts = np.bincount(kinds, minlength=len(types))
        present = [f"{types[k]} ({counts[k]})" for k in dict.fromkeys(kinds.tolist())]
        Note(
            say(f"sequences_note.{order}", lang)
            + " "
            + say("rows", lang, groups="; ".join(present))
        )


def shown_person(model: ClassroomModel) -> int:
    chosen = selected_person.value
    if chosen is None or not 0 <= chosen < model.pop.size:
        return model.featured_pair()
    return chosen


def _with_without(model: ClassroomModel, person: int, lang: str) -> tuple[str, str]:
    """What this person and their twin have: (this, that)."""
    event = model.twin_event
    has = bool(model.has_event[person])
    this = say(f"{'with' if has else 'without'}.{event}", lang)
    that = say(f"{'without' if has else 'with'}.{event}", lang)
    return this, that


@solara.component
def Twins(model: ClassroomModel, lang: str):
    """The chosen person and their twin month by month; the cohort's average gap by age."""
    update_counter.get()
    person = shown_person(model)
    this, that = _with_without(model, person, lang)
    with solara.Card(classes=["lc-panel"], margin=1):
        Title(say("twins", lang, event=say(f"event.{model.twin_event}", lang)))
        Note(say("twins_note", lang))
        if model.steps == 0:
            solara.Info(say("no_months", lang))
            return
        lives = tuple(np.array([month[person] for month in m.panel["labour_state"]])
                      for m in (model, model.twin))  # fmt: skip
        fig = figures.twins_figure(
            lives, (say("twin_rows", lang, person=person, this=this).replace("\n", " "),
                    say("twin_row", lang, that=that).replace("\n", " ")),
            model.twin_gaps(), say("twin_gap_axis", lang), say("age", lang), _xlim(model),
        )  # fmt: skip
        solara.FigureMatplotlib(fig, format="png")
        Legend(state_legend(lang))
        parted = model.share_parted()
        Note(say("parted", lang, share=percent(parted, lang), pairs=number(model.pop.size, lang))
             if parted else say("not_parted", lang))  # fmt: skip
        at = model.gaps_at()
        if at.empty:
            Note(say("gaps_later", lang))
        else:
            rows = [
                f"| {a:.0f} | {number(e * 100, lang, 1, True)} | {number(i, lang, 0, True)} "
                f"| {number(b * 100, lang, 1, True)} |"
                for a, e, i, b in at[["age", *MEASURES]].itertuples(index=False)
            ]
            solara.Markdown(say("gaps_header", lang) + "\n|---|---|---|---|\n" + "\n".join(rows))


@solara.component
def LifeStory(model: ClassroomModel, lang: str):
    """A chosen person's life in plain language, beside their twin's."""
    update_counter.get()
    draws, set_draws = solara.use_state(0)

    def pick(kind: str) -> None:
        seed = draws + 1
        chosen = model.another_pair(seed) if kind == "pair" else model.random_person("anyone", seed)
        selected_person.set(chosen)
        set_draws(seed)

    person = shown_person(model)
    this, that = _with_without(model, person, lang)
    with solara.Card(classes=["lc-panel"], margin=1):
        Title(say("story", lang))
        with solara.Row(classes=["lc-wrap"], gap="8px"):
            solara.InputInt(say("person", lang), value=person, on_value=selected_person.set,
                            dense=True, hide_details=True, style={"max-width": "6em"})  # fmt: skip
            solara.Button(say("another_pair", lang), on_click=lambda: pick("pair"))
            solara.Button(say("anyone", lang), on_click=lambda: pick("anyone"))
        mine, twin = model.twin_stories(person, lang)
        if mine[1:] == twin[1:]:
            solara.Info(say("same_life", lang), dense=True)
        # a long life scrolls inside the panel, which keeps its height on a projector
        with solara.Column(classes=["lc-scroll"]), solara.Columns([1, 1]):
            for title, lines in ((say("this_life", lang, this=this), mine),
                                 (say("twin_life", lang, that=that), twin)):  # fmt: skip
                with solara.Column():
                    solara.Markdown(f"**{title}**\n\n" + "\n".join(f"- {line}" for line in lines))


@solara.component
def ChoiceFateChance(model: ClassroomModel, lang: str):
    """How much of a life outcome is origin and how much is chance (A7.1)."""
    outcome, set_outcome = solara.use_state(OUTCOMES[0])
    # the re-runs take 5-10 s: in a thread, so the page (Play, Step, the other panels) goes on;
    # the result is (the model estimated, its shares), shown only while that model is on screen
    estimate = solara.lab.use_task(lambda: (model, model.chance_split()), dependencies=None)

    def start() -> None:
        # a second call would cancel the running estimate and start it again; the button is
        # disabled while it runs, and a click that reaches the server before that is ignored
        if not estimate.pending:
            estimate()

    done = estimate.finished and estimate.value is not None
    shares = estimate.value[1] if done and estimate.value[0] is model else None
    with solara.Card(classes=["lc-panel"], margin=1):
        Title(say("chance", lang))
        with solara.Row(classes=["lc-wrap"]):
            choice("outcome", OUTCOMES, outcome, set_outcome, lang)
            # disabled while running: a second click would start a second estimate
            solara.Button(say("estimate", lang), on_click=start, disabled=estimate.pending)
        if estimate.pending:
            solara.ProgressLinear(True)
            Note(say("estimating", lang))
        else:
            Note(say("estimate_note", lang))
        if shares is not None:
            split = shares[outcome]
            colours = ("#4477aa", "#ccbb44")
            name = say(f"outcome.{outcome}", lang)
            fig = figures.shares_figure(split["origin"], split["chance"], colours,
                                        say("shares_axis", lang, outcome=name))  # fmt: skip
            solara.FigureMatplotlib(fig, format="png")
            Legend(list(zip(colours, (say("share_origin", lang), say("share_chance", lang)),
                            strict=True)))  # fmt: skip
            Note(say("shares", lang, origin=percent(split["origin"], lang),
                     chance=percent(split["chance"], lang)))  # fmt: skip


#: in page order, two a row: the lives and a life story first, where a projector at 1280×720
#: shows them without scrolling
PANELS = [SequenceIndexPlot, LifeStory, CumulativeDisadvantage, Twins, ChoiceFateChance]

__all__ = ["PANELS", "Legend", "selected_person", "state_legend"]
