"""The classroom cohort behind the teaching dashboard.

One birth cohort enters at age 12 and is followed month by month until its youngest member
reaches the AOW age that applies to them (about 70 for a cohort born around 2008; the scenario's
own horizon does not cut it short). Beside it runs
its *twin cohort*: the same people with the same random numbers (common random numbers), each
with one early-life circumstance flipped — a person whose parents divorced has a twin whose
parents stayed together, and the other way round. Every difference between a person's life and
their twin's follows from that one circumstance.

Each month the model keeps what the dashboard draws, so a redraw never re-runs anything:

- employment, income and benefit receipt by origin group (cumulative disadvantage);
- each person's labour state, contract and family status (sequence index plots, life stories);
- the cohort's average gap between the lives with and without the circumstance, and which
  pairs of twins live different lives so far (school, work, benefits or family).

This module needs no web framework: the dashboard (:mod:`simulation.dashboard.app`) and the
tests use it alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario as MesaScenario

from simulation.calendar import month_label
from simulation.classify import career_paths, family_status, family_types
from simulation.codes import Benefit, LabourState
from simulation.errors import LifecourseError
from simulation.model import LifeCourseModel
from simulation.scenario import Scenario, as_scenario
from simulation.teaching import (
    OUTCOMES,
    TWIN_EVENTS,
    aow_horizon,
    copy_population,
    decompose_all,
    set_circumstance,
    story,
)
from simulation.words import number, say

START_AGE = 12  # the cohort population enters at 12 (simulation.synthesis.Synthesizer.cohort)

#: origin dimensions the dashboard compares: population column and number of groups (codes;
#: their names are simulation.words' ``group.ORIGIN.CODE``). The first is the default: the
#: income gap by parents' education grows over the working life (A6.4, A11.1) and at 5,000
#: persons is many times its 95% interval; parental divorce moves employment by less than its
#: noise in a classroom-sized cohort.
ORIGINS: dict[str, tuple[str, int]] = {
    "parents_education": ("parents_education", 3),
    "parental_divorce": ("parents_divorced", 2),
    "migration": ("migration", 4),
}
#: what is compared between groups and between twins
MEASURES = ("employed", "income", "on_benefit")
#: the twins' default circumstance: adolescent depression starts the chain of cumulative
#: disadvantage (A1.3: no diploma, poorly fitting low-paid work, disability) and lowers hours
#: and wages (A1.6); in the model its twins part in school, work and income
DEFAULT_TWIN_EVENT = "adolescent_depression"
#: columns in which a pair of twins' lives can differ (the circumstance itself aside)
LIFE_COLUMNS = ("labour_state", "contract", "benefit", "education", "n_children")
CYCLES = ("none", "recession", "boom")
#: careers are sorted by the five years before this age at the latest (after it most retire)
CAREER_END_AGE = 65
SORT_ORDERS = ("career", "family")


class ClassroomModel(LifeCourseModel):
    """A birth cohort and its twin cohort, stepped together one month at a time.

    Keyword arguments are what the dashboard's controls set: ``scenario_file`` (interventions
    and parameters come from it; its population becomes a cohort), ``interventions`` (keep the
    scenario's interventions or switch them off), ``cycle`` (``recession`` or ``boom``) starting
    when the cohort is ``cycle_age``, ``persons``, ``seed`` and ``twin_event`` (the early-life
    circumstance the twins differ in; ``none`` gives identical twins). ``years`` cuts the run
    short (default: until the youngest reaches their AOW age,
    :func:`simulation.teaching.aow_horizon`).
    """

    def __init__(
        self,
        scenario: Scenario | str | Path | MesaScenario | None = None,
        *,
        scenario_file: str | None = None,
        interventions: bool = True,
        cycle: str = "none",
        cycle_age: int = 25,
        persons: int = 5000,
        seed: int = 1,
        twin_event: str = DEFAULT_TWIN_EVENT,
        years: float | None = None,
    ):
        if cycle not in CYCLES:
            raise LifecourseError(f"cycle '{cycle}': allowed: {', '.join(CYCLES)}")
        if twin_event not in TWIN_EVENTS:
            raise LifecourseError(f"twin_event '{twin_event}': allowed: {', '.join(TWIN_EVENTS)}")
        spec = as_scenario(scenario_file if scenario_file else scenario)
        population = {**spec.population.model_dump(), "kind": "cohort", "size": int(persons)}
        population.pop("group", None)
        changes: dict[str, Any] = {"population": population, "seed": int(seed)}
        if not interventions:
            changes["interventions"] = []
        if cycle != "none":
            changes["parameters"] = {
                **spec.parameters,
                "economy.cycle": self._cycle_path(spec, cycle, cycle_age),
            }
        spec = spec.with_changes(**changes)
        spec = spec.with_changes(horizon=years or aow_horizon(spec) / 12)
        super().__init__(spec)
        self.settings = {
            "scenario_file": scenario_file, "interventions": interventions, "cycle": cycle,
            "cycle_age": int(cycle_age), "persons": int(persons), "seed": int(seed),
            "twin_event": twin_event,
        }  # fmt: skip
        self.twin_event = twin_event
        twin_population = copy_population(self.pop)
        column = TWIN_EVENTS[twin_event]
        #: True where the person in this cohort has the circumstance (their twin has not)
        self.has_event = (
            getattr(self.pop, column).copy() if column else np.zeros(self.pop.size, dtype=bool)
        )
        if column is not None:
            set_circumstance(twin_population, twin_event, ~self.has_event)
        self.twin = LifeCourseModel(spec, population=twin_population)
        for model in (self, self.twin):
            model.record_panel("labour_state", "contract", "hours")
        self.family_panel: list[np.ndarray] = []
        #: per origin, per month: groups x (mean, standard error) x measures, and group sizes
        self.group_series: dict[str, list[np.ndarray]] = {name: [] for name in ORIGINS}
        self.gap_series: list[np.ndarray] = []
        #: per pair of twins: whether their lives have differed in any month so far, and in
        #: how many months their labour states differed
        self.parted = np.zeros(self.pop.size, dtype=bool)
        self.months_apart = np.zeros(self.pop.size, dtype=np.int32)
        self._featured: int | None = None
        self._chance: dict[str, dict[str, float]] | None = None

    @staticmethod
    def _cycle_path(spec: Scenario, cycle: str, age: int) -> dict[str, Any]:
        """The teaching cycle shape as an ``economy.cycle`` path from the month of ``age``."""
        shape = spec.resolved_parameters()[f"economy.teaching_{cycle}"]
        first = spec.start_month + (int(age) - START_AGE) * 12
        path = {}
        for offset, factor in shape.items():
            month = first + int(offset)
            path[month_label(month)] = float(factor)
        source = f"dashboard: {cycle} at age {age} (economy.teaching_{cycle})"
        return {"value": path, "source": source}

    # -- stepping ---------------------------------------------------------------------------------
    def step(self) -> None:
        """One month for the cohort and its twins, then the dashboard's tallies."""
        super().step()
        self.twin.step()
        self._tally_classroom()

    def advance(self, months: int) -> int:
        """Up to ``months`` steps, fewer at the end of the horizon; returns the steps taken."""
        done = 0
        while done < months and self.running:
            self.step()
            done += 1
        return done

    def _measures(self, model: LifeCourseModel) -> tuple[np.ndarray, np.ndarray]:
        """Per person: (alive and in the country, [employed, income, on benefit])."""
        pop = model.pop
        state = pop.labour_state
        present = (state != LabourState.DEAD) & (state != LabourState.ABROAD)
        working = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
        income = np.where(working, pop.wage, 0.0) + model.benefit_paid
        values = np.stack([working, income, pop.benefit != Benefit.NONE], axis=1)
        return present, values.astype(np.float64)

    def _tally_classroom(self) -> None:
        pop = self.pop
        present, values = self._measures(self)
        for name, (column, groups) in ORIGINS.items():
            codes = getattr(pop, column)[present].astype(np.intp)
            counts = np.bincount(codes, minlength=groups)[:groups].astype(np.float64)
            sums, squares = (
                np.stack([np.bincount(codes, weights=values[present, k] ** power,
                                      minlength=groups)[:groups]
                          for k in range(len(MEASURES))], axis=1)
                for power in (1, 2)
            )  # fmt: skip
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = sums / counts[:, None]
                variance = np.maximum(squares / counts[:, None] - mean**2, 0.0)
                error = np.sqrt(variance / (counts[:, None] - 1))
            self.group_series[name].append(np.stack([mean, error], axis=1))
        twin_present, twin_values = self._measures(self.twin)
        both = present & twin_present
        event = self.has_event[:, None]
        with_event = np.where(event, values, twin_values)[both]
        without = np.where(event, twin_values, values)[both]
        self.gap_series.append((with_event - without).mean(axis=0) if both.any() else
                               np.full(len(MEASURES), np.nan))  # fmt: skip
        twin = self.twin.pop
        apart = pop.labour_state != twin.labour_state
        self.months_apart += apart
        for column in LIFE_COLUMNS[1:]:
            apart |= getattr(pop, column) != getattr(twin, column)
        self.parted |= apart | ((pop.partner_id >= 0) != (twin.partner_id >= 0))
        self.family_panel.append(
            family_status(pop.partner_id[:, None] >= 0, pop.n_children[:, None] > 0, pop.sex)[:, 0]
        )

    # -- what the dashboard reads -----------------------------------------------------------------
    @property
    def age(self) -> float:
        """The cohort's age in years after the months simulated so far (its youngest)."""
        return START_AGE + self.steps / 12

    @property
    def end_age_months(self) -> int:
        """The age in months of the cohort's youngest at the end: the AOW age they reach."""
        return START_AGE * 12 + self.horizon_months - 1

    def counts(self) -> dict[str, int]:
        """Persons alive and in the country, employed, and on a benefit now."""
        state, benefit = self.pop.labour_state, self.pop.benefit
        present = (state != LabourState.DEAD) & (state != LabourState.ABROAD)
        employed = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
        return {
            "present": int(np.count_nonzero(present)),
            "employed": int(np.count_nonzero(employed)),
            "benefit": int(np.count_nonzero(benefit != Benefit.NONE)),
        }

    def headline(self, lang: str = "en") -> str:
        """Where the cohort stands now, in counts of persons (exact, so any change shows)."""
        return say("status", lang, age=number(self.age, lang, 1),
                   **{k: number(v, lang) for k, v in self.counts().items()})  # fmt: skip

    def ages(self) -> np.ndarray:
        return START_AGE + np.arange(1, len(self.gap_series) + 1) / 12

    def disadvantage(self, origin: str) -> pd.DataFrame:
        """Employment, income and benefit shares by age for each group (code) of ``origin``,
        each with its standard error (``employed_se``...)."""
        if origin not in ORIGINS:
            raise LifecourseError(f"origin '{origin}': allowed: {', '.join(ORIGINS)}")
        columns = ["age", "group", *MEASURES, *(f"{m}_se" for m in MEASURES)]
        series = self.group_series[origin]
        if not series:
            return pd.DataFrame(columns=columns)
        data = np.stack(series)  # months x groups x (mean, se) x measures
        ages = self.ages()
        frames = [
            pd.DataFrame(np.column_stack([ages, np.full(ages.size, g), data[:, g, 0],
                                          data[:, g, 1]]), columns=columns)
            for g in range(ORIGINS[origin][1])
        ]  # fmt: skip
        table = pd.concat(frames, ignore_index=True)
        table["group"] = table["group"].astype(int)
        return table

    def group_sizes(self, origin: str) -> dict[int, int]:
        """Persons in each group (code) of ``origin``."""
        column, groups = ORIGINS[origin]
        counts = np.bincount(getattr(self.pop, column).astype(np.intp), minlength=groups)
        return {g: int(n) for g, n in enumerate(counts[:groups])}

    def twin_gaps(self) -> pd.DataFrame:
        """The cohort's average gap (with minus without the circumstance) by age."""
        if not self.gap_series:
            return pd.DataFrame(columns=["age", *MEASURES])
        gaps = np.stack(self.gap_series)
        return pd.DataFrame({"age": self.ages(), **dict(zip(MEASURES, gaps.T, strict=True))})

    def gaps_at(self, ages: tuple[int, ...] = (30, 45, 60)) -> pd.DataFrame:
        """:meth:`twin_gaps` at the given ages, for those the cohort has reached."""
        gaps = self.twin_gaps()
        rows = gaps[np.isin(np.round(gaps["age"] * 12).astype(int), [a * 12 for a in ages])]
        return rows.reset_index(drop=True)

    def sequences(self, sample: int = 300, order: str = "career") -> tuple[np.ndarray, np.ndarray]:
        """A fixed sample of persons' monthly states, sorted into types.

        ``order="career"`` returns labour states sorted by PBL career path (A5.3) over the last
        five years simulated up to CAREER_END_AGE (ties by months worked); ``order="family"``
        returns family statuses sorted by Muller's family type (A3.4) over the years from 18
        simulated so far. Returns (persons x months states, each row's type).
        """
        if order not in SORT_ORDERS:
            raise LifecourseError(f"order '{order}': allowed: {', '.join(SORT_ORDERS)}")
        rows = np.random.default_rng(self.spec.seed).permutation(self.pop.size)[:sample]
        rows.sort()
        if not self.family_panel:
            return np.zeros((rows.size, 0), dtype=np.int8), np.zeros(rows.size, dtype=np.int8)
        if order == "career":
            states = np.stack([m[rows] for m in self.panel["labour_state"]], axis=1)
            end = min(states.shape[1], (CAREER_END_AGE - START_AGE) * 12)
            window = slice(max(0, end - 60), end)
            contract = np.stack([m[rows] for m in self.panel["contract"][window]], axis=1)
            hours = np.stack([m[rows] for m in self.panel["hours"][window]], axis=1)
            kind = career_paths(states[:, window], contract, hours)
            worked = np.isin(states, (LabourState.EMPLOYED, LabourState.SICK)).sum(axis=1)
            by = np.lexsort((-worked, kind))
        else:
            states = np.stack([m[rows] for m in self.family_panel], axis=1)
            yearly = states[:, (18 - START_AGE) * 12 :: 12]
            kind = family_types(yearly) if yearly.shape[1] else np.full(rows.size, 3, np.int8)
            by = np.lexsort((-(states > 0).sum(axis=1), kind))
        return states[by], kind[by]

    # -- the pair of twins the story and the twins panel follow -----------------------------------
    def share_parted(self) -> float:
        """The share of pairs whose lives have differed in some month so far."""
        return float(self.parted.mean()) if self.pop.size else 0.0

    def featured_pair(self) -> int:
        """The pair shown until someone picks another: the first pair (by a draw with the
        seed) among those whose labour states have differed, kept once chosen; person 0
        while no pair's working lives have parted."""
        if self._featured is None:
            candidates = np.flatnonzero(self.months_apart)
            if candidates.size == 0:
                return 0
            self._featured = int(np.random.default_rng(self.spec.seed).choice(candidates))
        return self._featured

    def another_pair(self, seed: int = 0) -> int:
        """A random pair whose lives differ (in work first, else anywhere); anyone if none."""
        for candidates in (np.flatnonzero(self.months_apart), np.flatnonzero(self.parted)):
            if candidates.size:
                return int(np.random.default_rng(seed).choice(candidates))
        return self.random_person("anyone", seed)

    def random_person(self, condition: str = "anyone", seed: int = 0) -> int:
        """A random person: ``anyone`` or one whose origin matches (``parents_divorced``)."""
        candidates = np.arange(self.pop.size)
        if condition != "anyone":
            if condition not in ("parents_divorced", "adolescent_depression", "conduct_problems"):
                raise LifecourseError(f"condition '{condition}' is not an origin column")
            candidates = np.flatnonzero(getattr(self.pop, condition))
        if candidates.size == 0:
            raise LifecourseError(f"no one in this cohort has {condition}")
        return int(np.random.default_rng(seed).choice(candidates))

    def twin_stories(self, person: int, lang: str = "en") -> tuple[list[str], list[str]]:
        """A person's life and their twin's, in plain language."""
        return story(self, person, lang), story(self.twin, person, lang)

    def chance_split(self, persons: int = 1000, reruns: int = 4) -> dict[str, dict[str, float]]:
        """Origin and chance shares of each life outcome (A7.1), from re-runs of a smaller
        cohort with the same settings over the whole working life (computed once)."""
        if self._chance is None:
            spec = self.spec.with_changes(size=min(persons, self.pop.size))
            self._chance = decompose_all(spec, reruns=reruns)
        return self._chance


__all__ = [
    "CYCLES", "DEFAULT_TWIN_EVENT", "MEASURES", "ORIGINS", "OUTCOMES", "SORT_ORDERS",
    "ClassroomModel",
]  # fmt: skip
