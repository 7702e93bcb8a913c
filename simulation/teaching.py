"""Teaching: a life told as a story, twins whose lives differ by one event, and how much of a
life outcome is origin and how much is chance (A7.1).

Twins are the same person in two runs of the same population with the same random numbers
(common random numbers), one run with one early-life circumstance changed: every difference
between their lives follows from that one event. The origin/chance split re-runs identical
origins with different random draws: the variance of a person's outcome across re-runs is
chance; the variance between persons' average outcomes (corrected for the chance left in an
average of few runs) is origin.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.codes import Benefit, Contract, Education, Event, Field, Health, LabourState
from simulation.errors import LifecourseError
from simulation.events import EventLog
from simulation.executors import in_order
from simulation.model import LifeCourseModel, PersonView, person_view
from simulation.pension import aow_age_months
from simulation.plotting import pyplot
from simulation.population import SCHEMA, Population
from simulation.scenario import Scenario
from simulation.words import event_phrase, number, percent, say

#: the early-life circumstances a pair of twins can differ in, and the column each sets
TWIN_EVENTS = {
    "none": None,  # a control pair: twins that differ in nothing live the same life
    "parental_divorce": "parents_divorced",
    "adolescent_depression": "adolescent_depression",
    "conduct_problems": "conduct_problems",
}
OUTCOMES = ("lifetime_income", "benefit_months", "healthy_working_years")


def aow_horizon(spec: Scenario) -> int:
    """Months until a cohort's youngest member reaches the AOW age of the year they reach it,
    plus the month they retire in. The AOW age rises with life expectancy
    (simulation.pension): 12-year-olds of 2020 retire at about 70 years 9 months, not at the
    66 years 4 months in force when they start."""
    params = spec.resolved_parameters()
    start, entry = spec.start_month, params["population.cohort_entry_age"] * 12
    months = 0
    while entry + months < aow_age_months(params, (start + months) // 12):
        months += 1
    return months + 1


def to_aow_age(spec: Scenario, years: float | None = None) -> float | None:
    """The horizon in years a teaching command runs: ``years`` if given, else the scenario's
    own, else for a cohort until its youngest reaches their AOW age (:func:`aow_horizon`)."""
    if years is not None or spec.horizon is not None or spec.population.kind != "cohort":
        return years
    return aow_horizon(spec) / 12


def story(model: LifeCourseModel | Life, person: int, lang: str = "en") -> list[str]:
    """A person's life in plain language (``lang``: ``en`` or ``nl``), one line per age with
    events: where they started, what happened at each age, and where they are now."""
    view = model.person(person)
    pop = model.pop
    birth = int(pop.birth_month[person])
    contract = model.panel.get("contract")
    start = model.start_month
    lines: dict[int, list[str]] = {}
    for month, event in view.events:
        text = event_phrase(event, lang)
        if event == Event.JOB_START and contract is not None and month >= start:
            kind = Contract(int(contract[month - start][person])).name.lower()
            field = Field(int(pop.field[person])).name.lower()
            text = say("story.job", lang, contract=say(f"contract.{kind}", lang),
                       field=say(f"field.{field}", lang))  # fmt: skip
        if event == Event.LEFT_SCHOOL:
            level = Education(int(pop.education[person])).name.lower()
            text = say("story.left_school", lang, education=say(f"educated.{level}", lang))
        lines.setdefault((month - birth) // 12, []).append(text)
    s = view.state
    told = {event for _, event in view.events}
    extra = ""
    if s["adolescent_depression"] and Event.ADOLESCENT_DEPRESSION not in told:
        extra += say("story.depressed", lang)
    if s["conduct_problems"]:
        extra += say("story.conduct", lang)
    out = [
        say("story.origin", lang, person=person, year=birth // 12,
            sex=say(f"sex.{s['sex']}", lang), region=say(f"region.{s['region']}", lang),
            city=say("city", lang) if s["big_city"] else "",
            migration=say(f"migration.{s['migration']}", lang),
            parents=say(f"parents.{'divorced' if s['parents_divorced'] else 'together'}", lang),
            parents_education=say(f"level.{s['parents_education']}", lang), extra=extra)
    ]  # fmt: skip
    for age in sorted(lines):
        seen: list[str] = []
        for text in lines[age]:
            if text not in seen:
                seen.append(text)
        out.append(say("story.age", lang, age=age, events="; ".join(seen)))
    if s["labour_state"] not in ("dead", "abroad"):
        n = int(s["n_children"])
        children = say(f"children.{n}", lang) if n < 2 else say("children.n", lang, n=n)
        out.append(
            say("story.now", lang, age=view.age_years, state=say(f"now.{s['labour_state']}", lang),
                benefit=say(f"benefit.{s['benefit']}", lang),
                health=say(f"health.{s['health']}", lang), children=children)
        )  # fmt: skip
    return out


@dataclass
class Life:
    """One twin's run as the story, the figure and the gaps read it: picklable, so that an
    executor's worker may live it and hand it back (a model holds compiled tables)."""

    pop: Population
    log: EventLog
    #: each month's contract and labour state of every person (LifeCourseModel.panel)
    panel: dict[str, list[np.ndarray]]
    start_month: int
    last_month: int
    #: the cohort's averages at ages 30, 45 and 60 (a row per age and indicator set)
    rows: list[dict[str, object]]

    def person(self, person_id: int) -> PersonView:
        return person_view(self.pop, self.log, self.last_month, person_id)


@dataclass
class Twins:
    event: str
    without: Life
    with_event: Life
    gaps: pd.DataFrame  # age, indicator, without, with, gap (cohort averages)


def set_circumstance(pop: Population, event: str, value: bool | np.ndarray) -> None:
    """Give (True) or take away (False) the early-life circumstance ``event`` per person.

    Depression in adolescence is also the person's health at the start: a twin without it
    starts healthy, a twin with it starts with mental health problems.
    """
    column = TWIN_EVENTS[event]
    if column is None:
        return
    getattr(pop, column)[:] = value
    if column == "adolescent_depression":
        mental = pop.health == Health.MENTAL
        pop.health[:] = np.where(value, Health.MENTAL, np.where(mental, Health.HEALTHY, pop.health))


def copy_population(pop: Population) -> Population:
    """An independent copy of every column (the origin of a twin or of a re-run)."""
    twin = Population(0)
    for name in SCHEMA:
        setattr(twin, name, getattr(pop, name).copy())
    twin.size = pop.size
    return twin


#: the ages at which the twins' cohort averages are compared
TWIN_AGES = (30, 45, 60)


def live_twin(
    spec: Scenario, event: str, value: bool, persons: int | None, years: float | None
) -> Life:
    """The cohort of ``spec`` with the early-life circumstance ``event`` given to everyone
    (``value`` True) or to no one, lived to the horizon: one twin of each pair. A pure function
    of its arguments (the same origins and draws whichever process runs it)."""
    base = LifeCourseModel(spec, persons=persons, years=years)
    pop = copy_population(base.pop)
    set_circumstance(pop, event, value)
    model = LifeCourseModel(spec, persons=persons, years=years, population=pop)
    model.record_panel("contract", "labour_state")
    rows: list[dict[str, object]] = []
    for _ in range(model.horizon_months):
        model.step()
        age = model.last_month - model.pop.birth_month
        if age.min() in {a * 12 for a in TWIN_AGES}:
            p = model.pop
            job = (p.labour_state == LabourState.EMPLOYED) | (p.labour_state == LabourState.SICK)
            rows.append(
                {
                    "age": int(age.min() // 12),
                    "run": "with" if value else "without",
                    "employed": job.mean(),
                    "monthly_income": np.where(job, p.wage, 0).mean(),
                    "on_benefit": (p.benefit != Benefit.NONE).mean(),
                    "partnered": (p.partner_id >= 0).mean(),
                }
            )
    return Life(model.pop, model.log, model.panel, model.start_month, model.last_month, rows)


def twins(
    spec: Scenario,
    event: str,
    persons: int | None = None,
    years: float | None = None,
    executor: Executor | None = None,
) -> Twins:
    """Run a cohort twice with the same draws, ``event`` off for everyone in one run and on in
    the other (on ``executor``'s workers side by side, in this process without one); return both
    lives and the average gap at ages 30, 45 and 60."""
    if event not in TWIN_EVENTS:
        raise LifecourseError(f"--event {event}: allowed: {', '.join(TWIN_EVENTS)}")
    if spec.population.kind != "cohort":
        spec = spec.with_changes(population={"kind": "cohort", "size": spec.population.size})
    tasks = [(spec, event, value, persons, years) for value in (False, True)]
    without, with_event = in_order(executor, live_twin, tasks)
    frame = pd.DataFrame(without.rows + with_event.rows)
    if frame.empty:
        gaps = frame
    else:
        long = frame.melt(id_vars=["age", "run"], var_name="indicator")
        gaps = long.pivot_table(
            index=["age", "indicator"], columns="run", values="value"
        ).reset_index()
        gaps["gap"] = gaps["with"] - gaps["without"]
    return Twins(event, without, with_event, gaps)


def parted_pair(pair: Twins, seed: int) -> int:
    """A pair whose labour states differ in some month, drawn with ``seed`` (0 if none do):
    the pair ``lifecourse twins`` tells unless asked for another."""
    states = [np.stack(m.panel["labour_state"], axis=1) for m in (pair.without, pair.with_event)]
    differ = np.flatnonzero((states[0] != states[1]).any(axis=1))
    return int(np.random.default_rng(seed).choice(differ)) if differ.size else 0


def twins_table(gaps: pd.DataFrame, lang: str = "en") -> str:
    """:attr:`Twins.gaps` as text: an indicator's name, shares in percent and gaps in
    percentage points, euros with thousands separators."""
    head = [say(f"twins_table.{k}", lang) for k in ("age", "indicator", "without", "with", "gap")]
    rows = [head]
    for age, indicator, without, with_event, gap in gaps[
        ["age", "indicator", "without", "with", "gap"]
    ].itertuples(index=False):
        if indicator == "monthly_income":
            values = [number(without, lang), number(with_event, lang), number(gap, lang, 0, True)]
        else:
            values = [percent(without, lang, 1), percent(with_event, lang, 1),
                      number(gap * 100, lang, 1, True)]  # fmt: skip
        rows.append([str(age), say(f"twins_table.{indicator}", lang), *values])
    widths = [max(len(row[k]) for row in rows) for k in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) if k == 1 else cell.rjust(w)
                  for k, (cell, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    )  # fmt: skip


def person_outcomes(model: LifeCourseModel) -> dict[str, np.ndarray]:
    """Run ``model`` to its horizon and sum each person's life outcomes."""
    pop = model.pop
    income = np.zeros(pop.size)
    benefit = np.zeros(pop.size)
    healthy = np.zeros(pop.size)
    while model.running:
        model.step()
        job = (pop.labour_state == LabourState.EMPLOYED) | (pop.labour_state == LabourState.SICK)
        income += np.where(job, pop.wage, 0.0)
        benefit += pop.benefit != Benefit.NONE
        healthy += (pop.labour_state == LabourState.EMPLOYED) & (pop.health == Health.HEALTHY)
    return {
        "lifetime_income": income,
        "benefit_months": benefit,
        "healthy_working_years": healthy / 12,
    }


def variance_shares(outcomes: np.ndarray) -> dict[str, float]:
    """Origin and chance shares of the variance of a persons x re-runs outcome matrix.

    Chance is the mean within-person variance across re-runs; origin is the variance of the
    persons' means less the chance that remains in a mean of R runs (an unbiased estimate).
    """
    y = np.asarray(outcomes, dtype=float)
    runs = y.shape[1]
    if runs < 2:
        raise LifecourseError("the origin/chance split needs at least two re-runs")
    chance = float(y.var(axis=1, ddof=1).mean())
    origin = max(float(y.mean(axis=1).var(ddof=1)) - chance / runs, 0.0)
    total = origin + chance
    return {"origin": origin / total if total else float("nan"),
            "chance": chance / total if total else float("nan"),
            "origin_variance": origin, "chance_variance": chance}  # fmt: skip


def decompose(
    spec: Scenario, outcome: str, reruns: int = 5, persons: int | None = None,
    years: float | None = None, progress: Callable[[int], object] | None = None,
    executor: Executor | None = None, failed: list[tuple[int, str]] | None = None,
) -> dict[str, float]:  # fmt: skip
    """Re-run identical origins with different draws and split the outcome's variance;
    ``progress(1)`` is called after each re-run; ``failed``: see :func:`decompose_all`."""
    if outcome not in OUTCOMES:
        raise LifecourseError(f"--outcome {outcome}: allowed: {', '.join(OUTCOMES)}")
    return decompose_all(spec, reruns, persons, years, progress, executor, failed)[outcome]


def rerun_outcomes(
    spec: Scenario, persons: int | None, years: float | None, seed: int, origin: Population
) -> dict[str, np.ndarray]:
    """One re-run of the origins ``origin`` with ``seed``: each person's outcomes (a pure
    function of its arguments, so any executor may run it)."""
    model = LifeCourseModel(
        spec, persons=persons, years=years, seed=seed, population=copy_population(origin),
        record_events=False,
    )  # fmt: skip
    return person_outcomes(model)


def decompose_all(
    spec: Scenario, reruns: int = 5, persons: int | None = None, years: float | None = None,
    progress: Callable[[int], object] | None = None, executor: Executor | None = None,
    failed: list[tuple[int, str]] | None = None,
) -> dict[str, dict[str, float]]:  # fmt: skip
    """:func:`decompose` for every outcome in :data:`OUTCOMES` from one set of re-runs (on
    ``executor``, in this process without one). With ``failed`` (a list) a failed re-run is
    left out and (its number, its error) kept there; without it the first error stops all."""
    base = LifeCourseModel(spec, persons=persons, years=years, record_events=False)
    tasks = [(spec, persons, years, spec.seed + 1000 + r, base.pop) for r in range(reruns)]
    runs = [run for run in in_order(executor, rerun_outcomes, tasks, progress, failed) if run]
    alive = base.pop.labour_state != LabourState.ABROAD
    return {
        name: variance_shares(np.stack([run[name] for run in runs], axis=1)[alive])
        for name in OUTCOMES
    }


def decompose_figure(shares: dict[str, float], outcome: str, path: Path) -> Path:
    """One bar split into the shares of origin and chance (:func:`decompose`) of an outcome."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 1.4))
    ax.barh([0], [shares["origin"]], color="#4477aa", label="origin (fate)")
    ax.barh([0], [shares["chance"]], left=[shares["origin"]], color="#ccbb44", label="chance")
    ax.set_xlim(0, 1)
    ax.set_yticks([])
    ax.set_title(f"What explains {outcome.replace('_', ' ')}? (A7.1)", fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def twins_figure(pair: Twins, person: int, path: Path, lang: str = "en") -> Path:
    """Both twins' labour states month by month, one bar each, with every state named."""
    from matplotlib.colors import ListedColormap

    plt = pyplot()
    colours = ["#bbbbbb", "#228833", "#ee6677", "#ccbb44", "#aa3377", "#66ccee", "#4477aa",
               "#000000", "#ffffff"]  # fmt: skip
    fig, ax = plt.subplots(figsize=(9, 3.2))
    for row, model in enumerate((pair.without, pair.with_event)):
        states = np.array([months[person] for months in model.panel.get("labour_state", [])])
        if states.size:
            ax.imshow(states[None, :], aspect="auto", cmap=ListedColormap(colours), vmin=0,
                      vmax=8, extent=(12, 12 + states.size / 12, row + 0.1, row + 0.9))  # fmt: skip
    ax.set_ylim(0, 2)
    labels = [say(f"{key}.{pair.event}", lang) for key in ("without", "with")]
    ax.set_yticks([0.5, 1.5], labels, fontsize=11)
    ax.set_xlabel(say("age", lang), fontsize=11)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[s]) for s in range(7)]
    names = [say(f"state.{LabourState(s).name.lower()}", lang) for s in range(7)]
    ax.legend(handles, names, fontsize=10, ncol=4, loc="upper center",
              bbox_to_anchor=(0.5, -0.3), frameon=False)  # fmt: skip
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
