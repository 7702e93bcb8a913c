"""LifeCourseModel: the Mesa model whose step is one month of the whole population's lives.

The month is :data:`PIPELINE`, one list of steps run in this order (the order matters and is
documented here once):

1. demography — deaths, retirement at the AOW age, early exit from work
2. education — dropout and leaving school (leavers become job seekers)
3. health — illness and recovery, sick leave, WIA assessment after 104 weeks, Wajong
4. family — separation, partnering, births (and the mother effect on work)
5. labour — job outcomes (loss, quitting, permanent contracts, the chain limit, job changes),
   job finding, wage growth in January
6. search — the inactive start looking for work, job seekers without WW give up
7. benefits — WW entry and expiry, bijstand means test
8. immigration — emigrants leave (with partner and young children), the month's immigrants
   arrive as new rows; before migration, so an asylum migrant is received this month as A8.1's
   refugees are (a cross-section's setting, ``population.immigration``)
9. migration — refugee arrivals and integration
10. interventions — the scenario's interventions, in the order the scenario lists them (an
   intervention may name another step to run after, ``Intervention.runs_at``)
11. bookkeeping — the clocks and the work record that WW's requirements read

After the month the model tallies its indicators and Mesa's DataCollector collects them. A
person's events come from whichever step changed their life; job finding skips people whose
labour state already changed this month.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from simulation.alignment import alignment_frame, build_aligners
from simulation.calendar import by_year
from simulation.codes import Event, LabourState
from simulation.economy import Economy
from simulation.events import EventLog
from simulation.horizon import Summary
from simulation.income.statistics import Lines, statistics
from simulation.income.tracker import HouseholdIncomes, employer_sick_pay_rows
from simulation.interventions import Intervention, registry
from simulation.outcomes import (
    INDICATORS,
    benefit_payments,
    income_indicators,
    monthly_indicators,
)
from simulation.parameters import Parameters
from simulation.pension import aow_age_months
from simulation.population import SCHEMA, Population
from simulation.processes import Process, World
from simulation.processes.benefits import Benefits
from simulation.processes.bookkeeping import Bookkeeping
from simulation.processes.demography import Demography
from simulation.processes.education import Education
from simulation.processes.family import Family
from simulation.processes.health import Health
from simulation.processes.immigration import Immigration
from simulation.processes.jobs import Jobs
from simulation.processes.labour import Labour
from simulation.processes.migration import Integration
from simulation.processes.search import Search
from simulation.random import Draws
from simulation.scenario import Scenario, as_scenario
from simulation.summary import DECILE_MEASURES, N_DECILES, month_cells
from simulation.survey import Survey
from simulation.synthesis import build_population

#: The month: its steps in order (see the module docstring). Each is a process's ``name``;
#: "interventions" is the point where the scenario's interventions run.
PIPELINE = (
    "demography", "education", "health", "family", "labour", "search", "benefits", "immigration",
    "migration", "interventions", "bookkeeping",
)  # fmt: skip


class Services:
    """The month's processes (PIPELINE's, without the interventions) and the services they
    share, built from one set of parameters: the run's, and the past's before the start."""

    def __init__(self, params: Parameters, whole_market: bool, newborns: bool, flows: bool):
        self.jobs = Jobs(params)
        self.economy = Economy(params)
        self.demography = Demography(params, self.jobs)
        self.labour = Labour(params, self.jobs, self.economy, whole_market)
        self.benefits = Benefits(params)
        school = Education(params)
        self.immigration = Immigration(params, self.jobs, school, flows)
        self.processes: dict[str, Process] = {
            process.name: process
            for process in (
                self.demography,
                school,
                Health(params),
                Family(params, self.jobs, school, newborns),
                self.labour,
                Search(params),
                self.benefits,
                self.immigration,
                Integration(params),
                Bookkeeping(params),
            )
        }


def rules_of_the_start(params: Parameters, start_month: int) -> Parameters:
    """``params`` with the rules that change by calendar year held at the start's: the chain
    rule's limit (``labour.chain_limit_months``) and the AOW age. The past is lived to put the
    population in the model's own motion under the rules it starts with; replaying the law's
    history instead would carry its changes into the run as drift (the chain limit went from 24
    to 36 months on 1 January 2020: lived under the old limit, unemployment fell 0.4 points and
    the flexible share rose 2.4 in the run's first years)."""
    year = start_month // 12
    limit = by_year(params["labour.chain_limit_months"], year)
    aow = aow_age_months(params, year)
    source = {"source": "the rule of the start year, for the months before it (live_the_past)"}
    return params.with_overrides(
        {
            "labour.chain_limit_months": {"value": {year: limit}, **source},
            "demography.aow_age_months": {"value": {year: aow}, **source},
        },
        "live_the_past",
    )


def live_the_past(
    pop: Population, services: Services, seed: int, first_month: int, months: int
) -> None:
    """Live ``months`` months of the whole pipeline (no interventions, no event log, no
    tallies) from ``first_month`` on, so that a cross-section built at ``first_month`` reaches
    the start in motion: each spell with the time it has lasted, the jobs with their tenure and
    contracts, WW and bijstand with their clocks and the people working beside them, as the
    model's own flows leave them (issue 15). Its draws are those of months no run uses (before
    the start), so the same seed and past give the same people at the start."""
    services.immigration.start(pop, first_month)
    world = World(pop=pop, draws=Draws(seed), log=EventLog(enabled=False), month=first_month)
    steps = [services.processes[step] for step in PIPELINE if step in services.processes]
    for month in range(first_month, first_month + months):
        world.start_month(month)
        for process in steps:
            process(world)


def read_indicator(name: str, model: LifeCourseModel) -> float:
    """A DataCollector model reporter (used through functools.partial, which Mesa accepts)."""
    return model.indicators[name]


@dataclass(frozen=True)
class PersonView:
    """A read-only look at one person: current state and life events so far."""

    id: int
    state: dict[str, Any]
    age_months: int
    events: list[tuple[int, Event]]

    @property
    def age_years(self) -> int:
        return self.age_months // 12


def person_view(pop: Population, log: EventLog, month: int, person_id: int) -> PersonView:
    """Person ``person_id``'s state and event history in ``pop`` and ``log`` at ``month``."""
    if not 0 <= person_id < pop.size:
        raise KeyError(f"no person {person_id}; ids run from 0 to {pop.size - 1}")
    return PersonView(
        id=int(person_id),
        state=pop.row(person_id),
        age_months=int(month - pop.birth_month[person_id]),
        events=log.for_person(person_id),
    )


class LifeCourseModel(mesa.Model):
    """A life-course microsimulation of the Dutch population, one step per month.

    ``scenario`` is a scenario file path or a :class:`Scenario` (default: the built-in base).
    Keyword arguments override it: ``persons``, ``years``, ``seed`` (or Mesa's ``rng``, as
    :func:`mesa.batch_run` passes it), ``record_events``, and ``parameters`` (dotted overrides
    on top of the scenario's, as sweeps and ``batch_run`` vary them). ``population`` replaces
    the synthetic population by one built by hand (for teaching and tests). ``past``: the
    scenario whose parameters the months before the start live under (default: this one's
    without its interventions); ``compare`` gives every alternative the base's, so that a
    policy starts at the start and every scenario starts from the same people.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path | mesa.experimental.scenarios.Scenario | None = None,
        *,
        persons: int | None = None,
        years: float | None = None,
        seed: int | None = None,
        rng: int | None = None,
        record_events: bool = True,
        population: Population | None = None,
        parameters: dict[str, Any] | None = None,
        past: Scenario | str | Path | None = None,
    ):
        spec = as_scenario(scenario)
        changes: dict[str, Any] = {}
        if persons is not None:
            changes["size"] = persons
        if years is not None:
            changes["horizon"] = years
        if rng is not None:
            seed = int(rng)
        if seed is not None:
            changes["seed"] = seed
        if parameters:
            changes["parameters"] = {**spec.parameters, **parameters}
        if changes:
            spec = spec.with_changes(**changes)
        super().__init__(rng=spec.seed)
        self.spec = spec
        kinds = registry()
        world_params = spec.resolved_parameters()
        params = world_params
        for kind in spec.intervention_types:
            params = kinds[kind].adjust(params)
        self.params: Parameters = params
        self.start_month = spec.start_month
        newborns = spec.population.simulates_newborns and population is None
        flows = spec.population.simulates_immigration and population is None
        # a group or a cohort is a small part of its labour market: its participants take job
        # finds from people who are not simulated, too many for the loss to fall on the group
        whole_market = spec.population.kind == "cross_section"
        services = Services(params, whole_market, newborns, flows)
        #: the services the processes share: the job service and the economy
        self.jobs, self.economy = services.jobs, services.economy
        self.demography, self.labour = services.demography, services.labour
        self.benefits, self.immigration = services.benefits, services.immigration
        self.processes: dict[str, Process] = services.processes
        self.horizon_months = spec.horizon_months(params)
        #: the months of the past lived before the start (live_the_past): a cross-section's; a
        #: population built by hand has none. The past knows no interventions (nor the
        #: parameters they change)
        past_params = world_params if past is None else as_scenario(past).resolved_parameters()
        self.past_months = 0
        if population is None and spec.population.kind == "cross_section":
            self.past_months = int(past_params["population.past_months"])
        if self.past_months:
            past_params = rules_of_the_start(past_params, self.start_month)
        built = self.start_month - self.past_months
        self.pop: Population = population or build_population(
            past_params,
            spec.population.kind,
            spec.population.size,
            spec.seed,
            built,
            self.horizon_months + self.past_months,
            spec.population.group,
        )
        first_new_row = self.pop.size
        if self.past_months:
            past_services = Services(past_params, whole_market, newborns, flows)
            live_the_past(self.pop, past_services, spec.seed, built, self.past_months)
        self.immigration.start(self.pop, self.start_month, first_new_row)
        #: the scenario's alignments by process (simulation.alignment), scaled like immigration
        self.aligners = build_aligners(spec.alignment, spec.source, self.immigration.scale)
        aligned = {"births": self.processes["family"], "deaths": self.demography}
        aligned["emigration"] = self.immigration
        for process, aligner in self.aligners.items():
            if process == "immigration":
                self.immigration.align_arrivals = aligner
            else:
                aligned[process].align = aligner
        self.interventions: list[Intervention] = [
            kinds[kind](params, self.jobs, self.pop.size) for kind in spec.intervention_types
        ]
        #: the month as it runs: PIPELINE's processes, each followed by the interventions that
        #: run at it
        self.pipeline: list[tuple[str, Callable[[World], None]]] = []
        for step in PIPELINE:
            if step in self.processes:
                self.pipeline.append((step, self.processes[step]))
            for intervention in self.interventions:
                if intervention.runs_at == step:
                    self.pipeline.append((f"interventions.{intervention.kind}", intervention))
        self.draws = Draws(spec.seed)
        self.log = EventLog(enabled=record_events)
        self.world = World(pop=self.pop, draws=self.draws, log=self.log, month=self.start_month)
        self.indicators: dict[str, float] = {}
        # a population that stands for the country scales its totals to the Netherlands (the
        # parameter simulation.tables.NATIONAL_POPULATION names)
        national = params["migration.arrivals.national_population_15_67"]
        national /= max(spec.population.size, 1)
        self.summary = Summary(national if spec.population.kind == "cross_section" else None)
        #: every household's taxes, allowances and disposable income (simulation.income), and
        #: the income statistics of the start or the last January
        self.incomes = HouseholdIncomes(params, spec.seed)
        self.income_lines = Lines(params)
        self._gross = np.empty(0, np.float32)  # the month's benefits with the employer's sick pay
        self.income_stats: dict[tuple[str, str], float] = {}
        #: how CBS's labour force survey counts each person (simulation.survey)
        self.survey = Survey(params, spec.seed)
        #: optional per-person monthly panel: {column: [array per month]} (see record_panel)
        self.panel: dict[str, list[np.ndarray]] = {}
        #: called with the model after each month's tally (e.g. simulation.panel.PanelWriter);
        #: none unless a run asks, so a run without them collects nothing
        self.observers: list[Callable[[LifeCourseModel], None]] = []
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "month": partial(read_indicator, "month"),
                **{name: partial(read_indicator, name) for name in self.indicator_names},
            }
        )
        self.last_month = self.start_month - 1
        self._tally(self.last_month)
        self.datacollector.collect(self)

    @property
    def indicator_names(self) -> list[str]:
        names = [*INDICATORS, "spending_interventions"]
        for intervention in self.interventions:
            names.extend(intervention.indicators())
        return names

    def outcomes(self) -> pd.DataFrame:
        """Indicators over the horizon and per year, overall and by subgroup."""
        spent = sum(i.spending_total for i in self.interventions)
        return self.summary.table(intervention_spending=spent)

    def alignment(self) -> pd.DataFrame:
        """The alignment record: per aligned process, group and year, the series' total, the
        model's expected count before alignment, the factor and the events that happened."""
        return alignment_frame(self.aligners)

    def intervention_reports(self) -> dict[str, dict[str, object]]:
        """Participants, outcomes and costs of each active intervention."""
        return {i.kind: i.report() for i in self.interventions}

    @property
    def month(self) -> int:
        """The next month to simulate (absolute)."""
        return self.start_month + self.steps

    def step(self) -> None:
        """Simulate one month for everyone."""
        month = self.start_month + self.steps - 1  # Mesa counts the step before calling us
        self.world.start_month(month)
        for _, process in self.pipeline:
            process(self.world)
        for intervention in self.interventions:  # one that runs early misses later arrivals
            if intervention.size != self.pop.size:
                intervention.grow(self.pop.size)
        self.last_month = month
        self._tally(month)
        for column, months in self.panel.items():
            months.append(getattr(self.pop, column).copy())
        for observe in self.observers:
            observe(self)
        self.datacollector.collect(self)
        if self.steps >= self.horizon_months:
            self.running = False

    def record_panel(self, *columns: str) -> None:
        """Keep each month's value of these columns for every person (sequence analysis,
        validation); ``panel_array`` returns them as a persons x months array."""
        for column in columns:
            getattr(self.pop, column)  # fail early on a wrong name
            self.panel.setdefault(column, [])

    def panel_array(self, column: str) -> np.ndarray:
        """The recorded panel of ``column``: rows are persons, columns the months simulated.
        Months before a person was born hold the column's fill value (ABROAD for the labour
        state: not yet in the model)."""
        months = self.panel[column]
        fill = LabourState.ABROAD if column == "labour_state" else SCHEMA[column].fill
        out = np.full((self.pop.size, len(months)), fill, dtype=SCHEMA[column].dtype)
        for k, values in enumerate(months):
            out[: values.size, k] = values
        return out

    def run(self, months: int | None = None, progress: Callable[[int], None] | None = None) -> None:
        """Step to the horizon (or ``months`` more), calling ``progress(1)`` after each month."""
        todo = self.horizon_months - self.steps if months is None else months
        for _ in range(todo):
            self.step()
            if progress is not None:
                progress(1)
            if not self.running:
                break

    def _tally(self, month: int) -> None:
        aow = self.demography.aow_age_months(month // 12)
        w = self.world  # its ages are this month's unless rows came after its last update
        fresh = w.month == month and w.age_months.size == self.pop.size
        age = w.age_months if fresh else (month - self.pop.birth_month).astype(np.int32)
        payments = benefit_payments(self.pop, self.benefits, month)
        #: each row's public benefit this month (the tally's input; the dashboard reads it)
        self.benefit_paid = payments
        self._household_incomes(month, aow, payments)
        answers = self.survey.tally_answers(self.pop, month)
        deciles = np.zeros((N_DECILES, len(DECILE_MEASURES)))
        cells = month_cells(
            self.pop, age, aow, payments, answers, self.survey.thresholds, month % 12 == 11,
            self.incomes.out, deciles,
        )  # fmt: skip
        if self.steps > 0:  # the starting state is not part of the horizon
            self.summary.add(month, cells, deciles)
        indicators = {
            "month": month, **monthly_indicators(cells), **income_indicators(self.income_stats)
        }  # fmt: skip
        spending = 0.0
        for intervention in self.interventions:
            indicators.update(intervention.indicators())
            spending += intervention.spending_month
        indicators["spending_interventions"] = spending
        self.indicators = indicators

    def _household_incomes(self, month: int, aow: int, payments: np.ndarray) -> None:
        """Every household's income at the start, then each month the households whose income
        changed (simulation.income.tracker says which and why); the income statistics at the
        start and each January.
        ``payments``: the public benefits; the employer's sick pay is income too."""
        gross = payments
        sick = employer_sick_pay_rows(self.pop)
        if sick.size:
            if self._gross.size < payments.size:  # kept between months: no new pages each month
                self._gross = np.empty(payments.size + payments.size // 4, np.float32)
            gross = self._gross[: payments.size]
            np.copyto(gross, payments)
            gross[sick] = self.benefits.amounts(self.pop, sick, month, False, ticked=True)
        january = max(month // 12, self.start_month // 12) * 12  # the start: its own year
        yearly = self.steps == 0 or month % 12 == 0
        self.incomes.update(self.pop, month, january, aow, gross, self.steps == 0, yearly)
        if not yearly:
            return
        self.income_stats = statistics(self.incomes.out, self.pop, self.income_lines)
        if self.steps == 0:
            self.summary.start_income = self.income_stats
            self.incomes.assign_deciles()
        else:
            self.summary.income[month // 12] = self.income_stats

    # -- following one person --------------------------------------------------------------------
    def person(self, person_id: int) -> PersonView:
        """One person's current state and event history (read-only)."""
        return person_view(self.pop, self.log, self.last_month, person_id)
