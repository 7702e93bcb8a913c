"""Labour market: job loss, contracts and the chain rule, job finding, search, wages.

Hazards are monthly probabilities built as a base rate (by education or contract) times
multipliers for the person's region, city, migration background, health, age, children and
unemployment duration; each multiplier is a parameter with its source in ``labour.yaml``.
"""

from __future__ import annotations

import numba
import numpy as np

from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Event,
    Field,
    Health,
    LabourState,
    Migration,
    Region,
    Sex,
)
from simulation.errors import ParameterError
from simulation.parameters import Parameters
from simulation.processes import World
from simulation.random import draw
from simulation.rows import rows_where

WEEKS_PER_MONTH = 52 / 12
_BENEFIT_END = {Benefit.WW: Event.WW_END, Benefit.BIJSTAND: Event.BIJSTAND_END}


def calendar_month(key: str, where: str) -> int:
    """'YYYY-MM' as an absolute month; a clear error otherwise."""
    text = str(key)
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        raise ParameterError(f"{where}: '{text}' is not a calendar month; write 'YYYY-MM'")
    month = int(text[5:])
    if not 1 <= month <= 12:
        raise ParameterError(f"{where}: '{text}' has no month {month}; months run 01-12")
    return int(text[:4]) * 12 + month - 1


def calendar_path(path: dict, first_year: int, last_year: int, default: float = 1.0) -> dict:
    """A ``{'YYYY-MM': value}`` path as {absolute month: value}, held until the next key."""
    points = sorted((calendar_month(k, "economy.cycle"), float(v)) for k, v in path.items())
    out, current = {}, default
    for month in range(first_year * 12, (last_year + 1) * 12):
        while points and points[0][0] <= month:
            current = points.pop(0)[1]
        out[month] = current
    return out


def by_year(table: dict, year: int) -> int:
    """The value of the last key at or before ``year`` (first key if earlier)."""
    keys = sorted(int(k) for k in table)
    chosen = keys[0]
    for key in keys:
        if key <= year:
            chosen = key
    return table[chosen] if chosen in table else table[str(chosen)]


# what happens to a job this month (the codes _job_outcomes returns)
KEEP, LOSE, QUIT, CHANGE, PROMOTED, LET_GO = range(6)


@numba.njit(cache=True, nogil=True)
def _job_outcomes(loss_key, contract_key, labour_state, contract, health, disability, migration,
                  region, big_city, employer_months, school_left_month, job_from_ww,
                  job_loss_factor, job_loss, disability_job_loss, loss_cycle_migration,
                  loss_cycle_contract, employed_to_inactive, job_change, chain_limit,
                  chain_limit_permanent, full_chain, disability_permanent, permanent_slow,
                  permanent_rate_migration, region_factor, big_city_factor,
                  starter_factor_by_tenure, starter_months, starter_job_loss, ww_reentry_job_loss,
                  ww_reentry_months, month):  # fmt: skip  # pragma: no cover
    """Rows of the employed whose job changes this month and how (KEEP is left out).

    One draw decides loss (low end), quitting the labour force (top end) or a job change (just
    below it); a second draw decides whether a temporary contract turns permanent, the chain
    rule (I5.1) at the limit making the worker permanent or ending the job (A5.7); the
    temporary contracts of people in the full-chain part of the market (``full_chain``) turn
    permanent only there. Unlike the other kernels this one branches: written branch-free it
    does all the work for every row and is twice as slow (measured).
    """
    rows = np.empty(labour_state.size, np.int64)
    outcomes = np.empty(labour_state.size, np.int8)
    n = 0
    last_tenure = starter_factor_by_tenure.size - 1
    stays = 1.0 - employed_to_inactive
    moves = stays - job_change
    for i in range(labour_state.size):
        if labour_state[i] != LabourState.EMPLOYED:
            continue
        c, mig = contract[i], migration[i]
        # a float64 product, left to right; disability adds its own risk (A9.9)
        hazard = np.float64(job_loss[c, health[i]]) + disability_job_loss[disability[i]]
        hazard *= job_loss_factor[i]
        hazard *= loss_cycle_migration[mig]
        hazard *= loss_cycle_contract[c]
        left = school_left_month[i]
        starter = left >= 0 and month - left < starter_months
        # young workers' jobs end more often (A5.4); so does a job found while on WW, in its
        # first months (A5.5: former WW recipients often fall back into unemployment)
        if starter:
            hazard *= starter_job_loss
        elif job_from_ww[i] and employer_months[i] < ww_reentry_months:
            hazard *= ww_reentry_job_loss
        u = draw(loss_key, i)
        outcome = KEEP
        if u < hazard:
            outcome = LOSE
        elif u > stays:
            outcome = QUIT
        else:
            if u > moves:
                outcome = CHANGE
            if c == Contract.FLEX:
                u_contract = draw(contract_key, i)
                if employer_months[i] >= chain_limit:
                    promoted = u_contract < chain_limit_permanent * np.float64(permanent_slow[mig])
                    outcome = PROMOTED if promoted else LET_GO
                elif not full_chain[i]:
                    rate = np.float64(permanent_rate_migration[mig])
                    rate *= region_factor[region[i]]
                    rate *= big_city_factor[np.int64(big_city[i])]
                    rate *= disability_permanent[disability[i]]
                    # starters' temporary contracts turn permanent more often after a year or
                    # two (A5.6)
                    if starter:
                        rate *= starter_factor_by_tenure[min(employer_months[i], last_tenure)]
                    if u_contract < rate:
                        outcome = PROMOTED
        if outcome != KEEP:
            rows[n] = i
            outcomes[n] = outcome
            n += 1
    return rows[:n].copy(), outcomes[:n].copy()


@numba.njit(cache=True, nogil=True)
def _job_finders(key, labour_state, months_in_state, education, age_years, region, big_city,
                 migration, health, n_children, benefit, benefit_months, school_left_month,
                 language_level, field, disability, job_finding_factor, job_finding, age_factor,
                 region_factor, big_city_factor, migration_factor, health_factor,
                 children_factor, long_term_months, long_term_factor, bijstand_factor, ww_factor,
                 starter_search_months, starter_factor, language_gain, network_share,
                 cycle_by_migration, sector_demand, wga_job_finding, wajong_job_finding,
                 month):  # fmt: skip  # pragma: no cover
    """Rows of job seekers (unemployed, or disabled with work capacity, for a month or more)
    who find a job this month: the base rate by education times a multiplier for each
    circumstance; disabled people find work at their own, low rates."""
    rows = np.empty(labour_state.size, np.int64)
    n = 0
    last_children = children_factor.size - 1
    last_bijstand = bijstand_factor.size - 1
    for i in range(labour_state.size):
        state = labour_state[i]
        if (state != LabourState.UNEMPLOYED and state != LabourState.DISABLED) or (
            months_in_state[i] == 0
        ):
            continue
        if state == LabourState.DISABLED:
            if disability[i] == Disability.WGA:
                hazard = np.float64(wga_job_finding)
            elif disability[i] == Disability.WAJONG:
                hazard = np.float64(wajong_job_finding)
            else:
                continue
        else:
            mig = migration[i]
            hazard = np.float64(job_finding[education[i]])  # float64, left to right
            hazard *= age_factor[age_years[i]]
            hazard *= region_factor[region[i]]
            hazard *= big_city_factor[np.int64(big_city[i])]
            hazard *= migration_factor[mig]
            hazard *= health_factor[health[i]]
            hazard *= children_factor[min(n_children[i], last_children)]
            if months_in_state[i] >= long_term_months:
                hazard *= long_term_factor
            if benefit[i] == Benefit.BIJSTAND:
                hazard *= bijstand_factor[min(benefit_months[i], last_bijstand)]
            elif benefit[i] == Benefit.WW:
                hazard *= ww_factor
            left = school_left_month[i]
            if left >= 0 and month - left <= starter_search_months:
                hazard *= starter_factor
            if mig == Migration.REFUGEE:
                # A8.10: language raises job chances; A8.11: a third of jobs come through
                # networks
                language = 1.0 + language_gain * max(np.float64(language_level[i]) - 1.0, 0.0)
                hazard *= language / (1.0 - network_share)
            hazard *= cycle_by_migration[mig]
            hazard *= sector_demand[field[i]]
        if draw(key, i) < hazard * job_finding_factor[i]:
            rows[n] = i
            n += 1
    return rows[:n].copy()


class Labour:
    """One month of the labour market."""

    def __init__(self, params: Parameters):
        p = params
        self.job_finding = p.table("labour.job_finding", Education)
        self.starter_factor = np.float32(p["labour.starter_job_finding_factor"])
        self.inactive_to_search = p["labour.inactive_to_search"]
        self.search_to_inactive = p["labour.search_to_inactive"]
        self.long_term_months = p["labour.long_term_months"]
        self.long_term_factor = np.float32(p["labour.long_term_factor"])
        self.bijstand_factor = p.by_age("labour.bijstand_factor")  # by months on bijstand
        self.age_factor = p.by_age("labour.age_factor")
        self.region_factor = p.table("labour.region_factor", Region)
        self.big_city_factor = np.array([1.0, p["labour.big_city_factor"]], dtype=np.float32)
        self.migration_factor = p.table("labour.migration_factor", Migration)
        self.health_factor = p.table("labour.health_factor", Health)
        self.children_factor = p.by_age("labour.children_factor")[:4]
        self.flexible_start = p.table("labour.flexible_start", Education)
        self.refugee_flexible_start = p["labour.refugee_flexible_start"]
        self.self_employed_start = p["labour.self_employed_start"]
        self.flex_to_permanent = p["labour.flex_to_permanent"]
        # refugees' temporary contracts turn permanent more slowly, at the chain limit too (A8.9)
        self.permanent_slow = np.ones(len(Migration), dtype=np.float32)
        self.permanent_slow[Migration.REFUGEE] = p["labour.refugee_permanent_factor"]
        self.permanent_rate_migration = (
            np.float32(self.flex_to_permanent) * self.migration_factor * self.permanent_slow
        )
        self.starter_factor_by_tenure = p.by_age("labour.starter_permanent_factor")  # by months
        self.starter_months = p["labour.starter_years"] * 12
        self.starter_job_loss = p["labour.starter_job_loss_factor"]
        self.ww_reentry_job_loss = p["labour.ww_reentry_job_loss_factor"]
        self.ww_reentry_months = int(p["labour.ww_reentry_months"])
        self.starter_flexible = p["labour.starter_flexible_start"]
        self.starter_flexible_months = p["labour.starter_flexible_months"]
        self.ww_flexible = p["labour.ww_flexible_factor"]
        self.ww_job_finding = np.float32(p["labour.ww_job_finding_factor"])
        self.starter_search_months = p["labour.starter_job_finding_months"]
        self.growth_until_age = p["labour.wage_growth_until_age"]
        self.experience_cap_months = p["labour.experience_cap_years"] * 12
        self.mother_child_months = p["family.mother_hours_child_age"] * 12
        self.chain_limits = p["labour.chain_limit_months"]
        self.chain_limit_permanent = p["labour.chain_limit_permanent"]
        self.full_chain_share = p["labour.full_chain_share"]
        self._full_chain: np.ndarray | None = None
        loss = p["labour.job_loss"]
        by_contract = np.array(
            [0.0, loss["flex"], loss["self_employed"], loss["permanent"]], dtype=np.float32
        )
        # [contract, health] -> monthly hazard of losing the job
        health = p.table("labour.job_loss_health_factor", Health)
        self.job_loss = by_contract[:, None] * health[None, :]
        self.disability_job_loss = p.table("labour.disability_job_loss", Disability, np.float64)
        self.disability_permanent = p.table("labour.disability_permanent_factor", Disability)
        self.employed_to_inactive = p["labour.employed_to_inactive"]
        self.job_change = p["labour.job_change"]
        self.job_change_gain = np.float32(p["labour.job_change_wage_gain"])
        self.hours = p.table("labour.hours", Sex)
        self.hours_conduct = p["labour.hours_conduct_problems"]
        self.hours_emotional = p["labour.hours_emotional_problems"]
        self.hourly_wage = p.table("labour.hourly_wage", Education)
        self.hourly_minimum = p["labour.hourly_minimum_wage"]
        self.wage_migration = p.table("labour.wage_migration_factor", Migration)
        self.wage_conduct = p["labour.wage_conduct_factor"]
        self.wage_emotional = p["labour.wage_emotional_factor"]
        self.wage_growth = p.table("labour.wage_growth", Education)
        self.father_growth = p["labour.fatherhood_wage_growth_factor"]
        self.mother_hours_factor = p["family.mother_hours_factor"]
        self.late_mother_months = p["family.late_mother_age"] * 12
        self.wga_job_finding = p["health.wga_job_finding"]
        self.wajong_job_finding = p["health.wajong.job_finding"]
        self.language_gain = p["migration.language_job_finding_factor"]
        self.network_share = p["migration.network_job_finding_share"]
        self.migrant_elasticity = p["economy.migrant_elasticity"]
        self.flex_loss_elasticity = p["economy.flex_job_loss_elasticity"]
        self.cycle_path = p["economy.cycle"]
        for key, factor in self.cycle_path.items():
            calendar_month(key, "parameters.economy.cycle")
            if factor <= 0:
                raise ParameterError(f"parameters.economy.cycle.{key}: must be above 0")
        self._cycle_cache: dict[int, float] = {}
        self.sector_paths = [p[f"economy.sector_demand.{f.name.lower()}"] for f in Field]
        for field, path in zip(Field, self.sector_paths, strict=True):
            for key in path:
                calendar_month(key, f"parameters.economy.sector_demand.{field.name.lower()}")
        self._sector_cache: dict[int, np.ndarray] = {}

    # -- helpers shared with other processes -----------------------------------------------------
    def cycle(self, month: int) -> float:
        """The business-cycle factor on job finding in ``month`` (1.0 = normal times)."""
        if month not in self._cycle_cache:
            year = month // 12
            self._cycle_cache.update(calendar_path(self.cycle_path, year, year + 1))
        return self._cycle_cache[month]

    def sector_demand(self, month: int) -> np.ndarray:
        """Factors on job finding by field of study in ``month`` (A2.8), in Field order."""
        if month not in self._sector_cache:
            year = month // 12
            paths = [calendar_path(path, year, year + 1) for path in self.sector_paths]
            for m in paths[0]:
                self._sector_cache[m] = np.array([p[m] for p in paths], dtype=np.float32)
        return self._sector_cache[month]

    def chain_limit(self, year: int) -> int:
        return int(by_year(self.chain_limits, year))

    def full_chain(self, w: World) -> np.ndarray:
        """Whether each row works in the part of the market whose employers keep temporary
        workers on temporary contracts up to the chain limit (A5.7): a trait, drawn once per
        person and kept, as the population only grows by appended rows."""
        pop = w.pop
        if self._full_chain is None or self._full_chain.size != pop.size:
            self._full_chain = w.draws.trait("labour.full_chain", pop.ids) < self.full_chain_share
        return self._full_chain

    def new_job_terms(
        self, w: World, idx: np.ndarray, leaving_ww: np.ndarray | None = None
    ) -> None:
        """Contract, hours and wage of a new job for persons ``idx`` (``leaving_ww``: which of
        them leave WW for it)."""
        pop = w.pop
        flex_p = np.where(
            pop.migration[idx] == Migration.REFUGEE,
            np.float32(self.refugee_flexible_start),
            self.flexible_start[pop.education[idx]],
        )
        left = pop.school_left_month[idx]
        starter = (left >= 0) & (w.month - left <= self.starter_flexible_months)
        flex_p = np.where(starter, np.float32(self.starter_flexible), flex_p)
        # WW recipients, experienced workers with a recent work record, are hired on
        # temporary contracts less often (A5.5)
        if leaving_ww is not None:
            experienced = leaving_ww & (pop.migration[idx] != Migration.REFUGEE)  # A8.9
            flex_p = np.where(experienced, flex_p * np.float32(self.ww_flexible), flex_p)
        u = w.draws.uniform("labour.contract_type", idx)
        self_employed = u < self.self_employed_start
        flexible = u < self.self_employed_start + flex_p * (1 - self.self_employed_start)
        pop.contract[idx] = np.select(
            [self_employed, flexible], [Contract.SELF_EMPLOYED, Contract.FLEX], Contract.PERMANENT
        )
        pop.hours[idx] = self.hours_for(w, idx)
        pop.wage[idx] = self.wage_for(w, idx)
        pop.employer_months[idx] = 0
        pop.job_from_ww[idx] = False if leaving_ww is None else leaving_ww

    def hours_for(self, w: World, idx: np.ndarray) -> np.ndarray:
        pop = w.pop
        hours = self.hours[pop.sex[idx]].copy()
        hours += np.where(pop.conduct_problems[idx], self.hours_conduct, 0.0).astype(np.float32)
        emotional = pop.adolescent_depression[idx] & (pop.health[idx] == Health.MENTAL)
        hours += np.where(emotional, self.hours_emotional, 0.0).astype(np.float32)
        # A4.2: young partnered mothers of a young child work fewer hours; single or late do not
        young_child = (pop.youngest_child_month[idx] >= 0) & (
            w.month - pop.youngest_child_month[idx] < self.mother_child_months
        )
        mother_age = pop.youngest_child_month[idx] - pop.birth_month[idx]
        penalised = (
            (pop.sex[idx] == Sex.FEMALE)
            & young_child
            & (pop.partner_id[idx] >= 0)
            & (mother_age < self.late_mother_months)
        )
        return np.where(penalised, hours * np.float32(self.mother_hours_factor), hours)

    def wage_for(self, w: World, idx: np.ndarray) -> np.ndarray:
        """Monthly wage: hourly wage by education, raised by experience, at least the minimum."""
        pop = w.pop
        edu = pop.education[idx]
        years = pop.work_history_years[idx].astype(np.float32)
        experience = np.minimum(years * 12, self.experience_cap_months)
        hourly = self.hourly_wage[edu] * (1 + self.wage_growth[edu]) ** experience
        hourly = hourly * self.wage_migration[pop.migration[idx]]
        hourly = np.where(pop.conduct_problems[idx], hourly * self.wage_conduct, hourly)
        hourly = np.where(pop.adolescent_depression[idx], hourly * self.wage_emotional, hourly)
        hourly = np.maximum(hourly, self.hourly_minimum)
        return (hourly * pop.hours[idx] * WEEKS_PER_MONTH).astype(np.float32)

    def start_jobs(self, w: World, idx: np.ndarray) -> None:
        """Persons ``idx`` start a job this month; unemployment-related benefits stop."""
        pop = w.pop
        for benefit, event in _BENEFIT_END.items():
            w.log.record(event, w.month, idx[pop.benefit[idx] == benefit])
        keeps = pop.benefit[idx] == Benefit.SICKNESS
        leaving_ww = pop.benefit[idx] == Benefit.WW
        pop.set_benefit(idx[~keeps], Benefit.NONE)
        pop.ww_months_left[idx] = 0
        self.new_job_terms(w, idx, leaving_ww)
        pop.set_state(idx, LabourState.EMPLOYED)
        w.log.record(Event.JOB_START, w.month, idx)

    def end_jobs(self, w: World, idx: np.ndarray, to: LabourState, event: Event) -> None:
        """Persons ``idx`` stop working; those with a disability entitlement fall back on it."""
        pop = w.pop
        w.log.record(event, w.month, idx)
        if event != Event.JOB_END:
            w.log.record(Event.JOB_END, w.month, idx)
        pop.set_state(idx, to)
        pop.employer_months[idx] = 0
        disabled = pop.disability[idx]
        for entitlement, benefit in (
            (Disability.WAJONG, Benefit.WAJONG),
            (Disability.WGA, Benefit.WGA),
        ):
            back = idx[disabled == entitlement]
            if back.size and to in (LabourState.UNEMPLOYED, LabourState.INACTIVE):
                pop.set_state(back, LabourState.DISABLED)
                pop.set_benefit(back, benefit)

    # -- the monthly process ---------------------------------------------------------------------
    def __call__(self, w: World) -> None:
        self.contracts_and_job_loss(w)
        self.job_finding_step(w)
        self.search_flows(w)
        self.wage_growth_step(w)

    def contracts_and_job_loss(self, w: World) -> None:
        pop, draws = w.pop, w.draws
        # job loss: flexible jobs far more often; migrants and flexible workers first in a downturn
        cycle = self.cycle(w.month)
        # the multipliers of a downturn on job loss by migration and contract; of the monthly
        # rate of a temporary contract turning permanent by migration (A5.9, A8.9)
        loss_migration = np.ones(len(Migration), dtype=np.float32)
        loss_migration[Migration.NON_WESTERN :] = (1 / cycle) ** self.migrant_elasticity
        loss_contract = np.ones(len(Contract), dtype=np.float32)
        loss_contract[Contract.FLEX] = (1 / cycle) ** self.flex_loss_elasticity
        rows, outcome = _job_outcomes(
            draws.key("labour.job_loss"), draws.key("labour.contract_change"), pop.labour_state,
            pop.contract, pop.health, pop.disability, pop.migration, pop.region, pop.big_city,
            pop.employer_months, pop.school_left_month, pop.job_from_ww, pop.job_loss_factor,
            self.job_loss, self.disability_job_loss, loss_migration, loss_contract,
            float(self.employed_to_inactive), float(self.job_change), self.chain_limit(w.year),
            float(self.chain_limit_permanent), self.full_chain(w), self.disability_permanent,
            self.permanent_slow, self.permanent_rate_migration, self.region_factor,
            self.big_city_factor, self.starter_factor_by_tenure, self.starter_months,
            float(self.starter_job_loss), float(self.ww_reentry_job_loss),
            self.ww_reentry_months, w.month,
        )  # fmt: skip
        up = rows[outcome == PROMOTED]
        pop.contract[up] = Contract.PERMANENT
        w.log.record(Event.PERMANENT_CONTRACT, w.month, up)
        self.end_jobs(w, rows[outcome == LET_GO], LabourState.UNEMPLOYED, Event.CHAIN_LIMIT_END)
        self.end_jobs(w, rows[outcome == LOSE], LabourState.UNEMPLOYED, Event.JOB_END)
        self.end_jobs(w, rows[outcome == QUIT], LabourState.INACTIVE, Event.LEFT_LABOUR_FORCE)
        # job to job: a new employer, new terms, at least the old wage; the chain starts anew
        movers = rows[outcome == CHANGE]
        old_wage = pop.wage[movers]
        self.new_job_terms(w, movers)
        pop.wage[movers] = np.maximum(pop.wage[movers] * self.job_change_gain, old_wage)
        w.log.record(Event.JOB_CHANGE, w.month, movers)

    def job_finding_step(self, w: World) -> None:
        pop, m = w.pop, w.month
        cycle = self.cycle(m)
        # a downturn lowers job finding, for migrants more (A8.8)
        cycle_by_migration = np.full(len(Migration), cycle, dtype=np.float32)
        cycle_by_migration[Migration.NON_WESTERN :] = cycle**self.migrant_elasticity
        found = _job_finders(
            w.draws.key("labour.job_finding"), pop.labour_state, pop.months_in_state,
            pop.education, w.age_years, pop.region, pop.big_city, pop.migration, pop.health,
            pop.n_children, pop.benefit, pop.benefit_months, pop.school_left_month,
            pop.language_level, pop.field, pop.disability, pop.job_finding_factor,
            self.job_finding, self.age_factor, self.region_factor, self.big_city_factor,
            self.migration_factor, self.health_factor, self.children_factor,
            self.long_term_months, self.long_term_factor, self.bijstand_factor, self.ww_job_finding,
            self.starter_search_months, self.starter_factor, float(self.language_gain),
            float(self.network_share), cycle_by_migration, self.sector_demand(m),
            np.float32(self.wga_job_finding), np.float32(self.wajong_job_finding), m,
        )  # fmt: skip
        self.start_jobs(w, found)

    def search_flows(self, w: World) -> None:
        """Inactive people start looking for work; job seekers without WW give up (A5.5)."""
        pop, draws = w.pop, w.draws
        inactive = rows_where(pop.labour_state == LabourState.INACTIVE)
        inactive = inactive[
            (pop.months_in_state[inactive] > 0) & (pop.migration[inactive] != Migration.REFUGEE)
        ]
        start = inactive[draws.uniform("labour.start_search", inactive) < self.inactive_to_search]
        pop.set_state(start, LabourState.UNEMPLOYED)
        w.log.record(Event.STARTED_JOB_SEARCH, w.month, start)
        seekers = rows_where(pop.labour_state == LabourState.UNEMPLOYED)
        seekers = seekers[(pop.months_in_state[seekers] > 0) & (pop.benefit[seekers] != Benefit.WW)]
        stop = seekers[draws.uniform("labour.stop_search", seekers) < self.search_to_inactive]
        pop.set_state(stop, LabourState.INACTIVE)
        w.log.record(Event.LEFT_LABOUR_FORCE, w.month, stop)

    def wage_growth_step(self, w: World) -> None:
        """Wages rise once a year, in January, by twelve months of growth (as collective
        agreements raise them), for those working and younger than 50."""
        if w.month % 12 != 0:
            return
        pop = w.pop
        growing = rows_where(
            (pop.labour_state == LabourState.EMPLOYED) & (w.age_years < self.growth_until_age)
        )
        growth = self.wage_growth[pop.education[growing]]
        father = (
            (pop.sex[growing] == Sex.MALE)
            & (pop.partner_id[growing] >= 0)
            & (pop.n_children[growing] > 0)
        )
        growth = np.where(father, growth * np.float32(self.father_growth), growth)
        pop.wage[growing] *= (1 + growth) ** 12
