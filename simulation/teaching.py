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

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.codes import Benefit, Contract, Education, Event, Field, Health, LabourState
from simulation.errors import LifecourseError
from simulation.model import LifeCourseModel
from simulation.plotting import pyplot
from simulation.population import SCHEMA, Population
from simulation.scenario import Scenario

#: the early-life circumstances a pair of twins can differ in, and the column each sets
TWIN_EVENTS = {
    "none": None,  # a control pair: twins that differ in nothing live the same life
    "parental_divorce": "parents_divorced",
    "adolescent_depression": "adolescent_depression",
    "conduct_problems": "conduct_problems",
}
OUTCOMES = ("lifetime_income", "benefit_months", "healthy_working_years")


def story(model: LifeCourseModel, person: int) -> list[str]:
    """A person's life in plain language, one line per age with events."""
    view = model.person(person)
    pop = model.pop
    birth = int(pop.birth_month[person])
    contract = model.panel.get("contract")
    start = model.start_month
    lines: dict[int, list[str]] = {}
    for month, event in view.events:
        text = event.phrase
        if event == Event.JOB_START and contract is not None and month >= start:
            kind = Contract(int(contract[month - start][person])).name.lower().replace("_", "-")
            kind = {"flex": "flexible", "self-employed": "self-employed (zzp)"}.get(kind, kind)
            field = Field(int(pop.field[person])).name.lower()
            text = f"started a {kind} job" + (f" in {field}" if field != "other" else "")
        if event == Event.LEFT_SCHOOL:
            level = Education(int(pop.education[person])).name.lower()
            text = f"left school ({level} education)"
        lines.setdefault((month - birth) // 12, []).append(text)
    s = view.state
    origin = [
        f"born {birth // 12}, {s['sex']}, {s['region']}{' (big city)' if s['big_city'] else ''}",
        f"migration background: {s['migration'].replace('_', '-')}",
        f"parents {'divorced' if s['parents_divorced'] else 'together'},"
        f" parents' education {s['parents_education']}",
    ]
    out = [f"Person {person}: " + "; ".join(origin) + "."]
    for age in sorted(lines):
        seen: list[str] = []
        for text in lines[age]:
            if text not in seen:
                seen.append(text)
        out.append(f"Age {age}: " + "; ".join(seen) + ".")
    if s["labour_state"] not in ("dead", "abroad"):
        out.append(
            f"Now ({view.age_years}): {s['labour_state']}, benefit {s['benefit']},"
            f" health {s['health']}, {s['n_children']} children."
        )
    return out


@dataclass
class Twins:
    event: str
    without: LifeCourseModel
    with_event: LifeCourseModel
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


def twins(
    spec: Scenario, event: str, persons: int | None = None, years: float | None = None
) -> Twins:
    """Run a cohort twice with the same draws, ``event`` off for everyone in one run and on in
    the other; return both runs and the average gap at ages 30, 45 and 60."""
    if event not in TWIN_EVENTS:
        raise LifecourseError(f"--event {event}: allowed: {', '.join(TWIN_EVENTS)}")
    if spec.population.kind != "cohort":
        spec = spec.with_changes(population={"kind": "cohort", "size": spec.population.size})
    base = LifeCourseModel(spec, persons=persons, years=years)
    runs = []
    for value in (False, True):
        pop = copy_population(base.pop)
        set_circumstance(pop, event, value)
        model = LifeCourseModel(spec, persons=persons, years=years, population=pop)
        model.record_panel("contract", "labour_state")
        runs.append(model)
    rows = []
    ages = (30, 45, 60)
    for _ in range(runs[0].horizon_months):
        for model in runs:
            model.step()
        age = runs[0].last_month - runs[0].pop.birth_month
        if age.min() in {a * 12 for a in ages}:
            for label, model in zip(("without", "with"), runs, strict=True):
                p = model.pop
                job = (p.labour_state == LabourState.EMPLOYED) | (
                    p.labour_state == LabourState.SICK
                )
                rows.append(
                    {
                        "age": int(age.min() // 12),
                        "run": label,
                        "employed": job.mean(),
                        "monthly_income": np.where(job, p.wage, 0).mean(),
                        "on_benefit": (p.benefit != Benefit.NONE).mean(),
                        "partnered": (p.partner_id >= 0).mean(),
                    }
                )
    frame = pd.DataFrame(rows)
    if frame.empty:
        gaps = frame
    else:
        long = frame.melt(id_vars=["age", "run"], var_name="indicator")
        gaps = long.pivot_table(
            index=["age", "indicator"], columns="run", values="value"
        ).reset_index()
        gaps["gap"] = gaps["with"] - gaps["without"]
    return Twins(event, runs[0], runs[1], gaps)


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
    years: float | None = None,
) -> dict[str, float]:  # fmt: skip
    """Re-run identical origins with different draws and split the outcome's variance."""
    if outcome not in OUTCOMES:
        raise LifecourseError(f"--outcome {outcome}: allowed: {', '.join(OUTCOMES)}")
    return decompose_all(spec, reruns, persons, years)[outcome]


def decompose_all(
    spec: Scenario, reruns: int = 5, persons: int | None = None, years: float | None = None
) -> dict[str, dict[str, float]]:
    """:func:`decompose` for every outcome in :data:`OUTCOMES` from one set of re-runs."""
    base = LifeCourseModel(spec, persons=persons, years=years, record_events=False)
    runs = []
    for r in range(reruns):
        model = LifeCourseModel(
            spec, persons=persons, years=years, seed=spec.seed + 1000 + r,
            population=copy_population(base.pop), record_events=False,
        )  # fmt: skip
        runs.append(person_outcomes(model))
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


def twins_figure(pair: Twins, person: int, path: Path) -> Path:
    """Both twins' labour states month by month, one bar each."""
    from matplotlib.colors import ListedColormap

    plt = pyplot()
    colours = ["#bbbbbb", "#228833", "#ee6677", "#ccbb44", "#aa3377", "#66ccee", "#4477aa",
               "#000000", "#ffffff"]  # fmt: skip
    fig, ax = plt.subplots(figsize=(8, 2.4))
    for row, model in enumerate((pair.without, pair.with_event)):
        states = np.array([months[person] for months in model.panel.get("labour_state", [])])
        if states.size:
            ax.imshow(states[None, :], aspect="auto", cmap=ListedColormap(colours), vmin=0,
                      vmax=8, extent=(0, states.size / 12, row + 0.1, row + 0.9))  # fmt: skip
    ax.set_ylim(0, 2)
    ax.set_yticks([0.5, 1.5], ["without", f"with {pair.event}"])
    ax.set_xlabel("years since the start (age 12)")
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[s]) for s in range(7)]
    ax.legend(handles, [LabourState(s).name.lower() for s in range(7)], fontsize=6, ncol=7,
              loc="upper center", bbox_to_anchor=(0.5, -0.55))  # fmt: skip
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
