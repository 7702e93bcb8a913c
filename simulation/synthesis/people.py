"""The cross-section of the Netherlands and the birth cohort: the synthesizer's own steps
(origins, schooling, health, households, work and benefits at the start)."""

from __future__ import annotations

import numpy as np

from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Field,
    Health,
    LabourState,
    Migration,
    Region,
    Sex,
)
from simulation.events import EventLog
from simulation.parameters import MAX_AGE, Parameters
from simulation.pension import aow_age_months
from simulation.population import Population
from simulation.processes import World
from simulation.processes.benefits import Benefits
from simulation.processes.education import Education as EducationProcess
from simulation.processes.education import cumulative
from simulation.processes.family import form_couples, match_within_regions
from simulation.processes.jobs import Jobs
from simulation.random import Draws
from simulation.synthesis.arrivals import AGE_TABLE_END, Arrivals
from simulation.synthesis.elapsed import Elapsed
from simulation.synthesis.groups import Groups
from simulation.synthesis.recent import RecentImmigrants

#: the end of the last band of population.first_birth_age (CBS counts few first births after 45)
FIRST_BIRTH_END = 45


class Synthesizer(Groups, Arrivals, RecentImmigrants):
    """Builds initial populations from the parameters, with the run's seed: the cross-section
    and the cohort here, the groups and the refugees' arrivals in their own modules."""

    def __init__(self, params: Parameters, seed: int, start_month: int):
        self.p = params
        self.start = start_month
        self.draws = Draws(seed)
        self.draws.month = start_month
        self.jobs = Jobs(params)
        self.benefits = Benefits(params)
        self.education = EducationProcess(params)
        self.elapsed = Elapsed(params)
        self.aow_months = aow_age_months(params, start_month // 12)
        self.namespace = "resident"

    # -- small helpers ---------------------------------------------------------------------------
    def u(self, name: str, pop: Population, rows: np.ndarray | None = None) -> np.ndarray:
        """Draws for building ``pop``; each builder has its own namespace of draws."""
        ids = pop.ids if rows is None else rows
        return self.draws.uniform(f"init.{self.namespace}.{name}", ids)

    def category(self, name: str, pop: Population, shares: np.ndarray, rows=None) -> np.ndarray:
        return np.searchsorted(cumulative(shares), self.u(name, pop, rows), side="right").astype(
            np.int8
        )

    def world(self, pop: Population) -> World:
        world = World(pop=pop, draws=self.draws, log=EventLog(enabled=False), month=self.start)
        world.start_month(self.start)
        return world

    def per_year(self, path: str) -> np.ndarray:
        """An age-band weight table (lower bounds; the last band ends at 68) spread evenly over
        the single years of each band."""
        bands = {int(k): float(v) for k, v in self.p[path].items()}
        bounds = sorted(bands)
        out = np.zeros(MAX_AGE)
        for lower, upper in zip(bounds, [*bounds[1:], AGE_TABLE_END], strict=True):
            out[lower:upper] = bands[lower] / (upper - lower)
        return out

    def first_birth_ages(self, u: np.ndarray, latest: np.ndarray) -> np.ndarray:
        """Ages in years at a first birth, from CBS's distribution by band
        (``population.first_birth_age``, even within a band, the last band ending at
        FIRST_BIRTH_END), cut at ``latest`` (a mother's age less her later births' spacing):
        the uniform ``u`` is read off the distribution's cumulative share up to ``latest``."""
        bands = {int(k): float(v) for k, v in self.p["population.first_birth_age"].items()}
        bounds = sorted(bands)
        ages = np.arange(bounds[0], FIRST_BIRTH_END + 1, dtype=np.float64)
        weight = np.zeros(ages.size - 1)
        for lower, upper in zip(bounds, [*bounds[1:], FIRST_BIRTH_END], strict=True):
            weight[lower - bounds[0] : upper - bounds[0]] = bands[lower] / (upper - lower)
        share = np.concatenate([[0.0], np.cumsum(weight)]) / weight.sum()
        cut = np.interp(np.clip(latest, ages[0], ages[-1]), ages, share)
        return np.interp(u * cut, share, ages)

    def age_months(self, pop: Population, min_age: int, max_age: int) -> np.ndarray:
        """Ages (in months) from the CBS age bands, restricted to [min_age, max_age] years."""
        per_year = self.per_year("population.age_weights")
        per_year[:min_age] = 0
        per_year[max_age + 1 :] = 0
        if per_year.sum() == 0:  # outside the table: flat
            per_year[min_age : max_age + 1] = 1
        years = np.searchsorted(cumulative(per_year), self.u("age", pop), side="right")
        months = (self.u("age_month", pop) * 12).astype(np.int32)
        return years * 12 + months

    # -- the cross-section -----------------------------------------------------------------------
    def cross_section(self, n: int, min_age: int = 15, max_age: int = 67) -> Population:
        pop = Population(n)
        pop.birth_month[:] = self.start - self.age_months(pop, min_age, max_age)
        self.origins(pop, refugees_before=self.start)
        age = pop.age_years(self.start)
        self.schooling(pop, age)
        self.health_at_start(pop, age)
        self.households(pop, age)
        self.labour_at_start(pop, age)
        self.benefits_at_start(pop)
        return pop

    def origins(self, pop: Population, refugees_before: int) -> None:
        """Sex, region, city, migration background and childhood circumstances."""
        p = self.p
        pop.sex[:] = self.u("sex", pop) < p["population.female_share"]
        pop.region[:] = self.category("region", pop, p.table("population.region_shares", Region))
        city_p = p.table("population.big_city_by_region", Region)[pop.region]
        pop.big_city[:] = self.u("big_city", pop) < city_p
        shares = p.table("population.migration_shares", Migration, dtype=np.float64)
        # refugees only if they arrived before the start; later arrivals get reserved rows
        first, last = self.arrival_window()
        arrived = np.clip((refugees_before - first) / (last + 1 - first), 0.0, 1.0)
        shares[Migration.NON_WESTERN] += shares[Migration.REFUGEE] * (1 - arrived)
        shares[Migration.REFUGEE] *= arrived
        # A5.10: more non-Western people in the big cities, same national share
        factor = p["population.non_western_big_city_factor"]
        city_share = pop.big_city.mean() if pop.size else 0.0
        scale = 1 / (factor * city_share + (1 - city_share))
        u = self.u("migration", pop)
        nw = shares[Migration.NON_WESTERN] * scale * np.where(pop.big_city, factor, 1.0)
        other = shares.copy()
        other[Migration.NON_WESTERN] = 0
        other /= other.sum()
        c_none = other[Migration.NONE] * (1 - nw)
        c_west = c_none + other[Migration.WESTERN] * (1 - nw)
        c_nw = c_west + nw
        pop.migration[:] = np.select(
            [u < c_none, u < c_west, u < c_nw],
            [Migration.NONE, Migration.WESTERN, Migration.NON_WESTERN],
            Migration.REFUGEE,
        )
        pop.parents_divorced[:] = self.u("parents_divorced", pop) < p["population.parents_divorced"]
        pop.conduct_problems[:] = self.u("conduct", pop) < p["population.conduct_problems"]
        pop.unstable[:] = self.jobs.unstable(self.u("unstable", pop))
        refugees = np.flatnonzero(pop.migration == Migration.REFUGEE)
        self.settle_refugees(pop, refugees, first, min(last, refugees_before - 1))

    def schooling(self, pop: Population, age: np.ndarray) -> None:
        p = self.p
        in_school_p = p.by_age("population.in_school_by_age")[age]
        pupils = self.u("in_school", pop) < in_school_p
        pupils &= pop.migration != Migration.REFUGEE
        # pupils aim at a level given their parents' (draw parents first)
        parents = self.category(
            "parents_edu", pop, p.table("population.parents_education", Education)
        )
        target = self.education.draw_target(parents, self.u("target_edu", pop))
        # adults: S3's attained levels, with parents' level equal to the child's half the time
        attained = self.category(
            "attained_edu", pop, p.table("population.attained_education", Education)
        )
        persistent = self.u("edu_persistence", pop) < p["population.education_persistence"]
        pop.parents_education[:] = np.where(pupils | ~persistent, parents, attained)
        pop.target_education[:] = np.where(pupils, target, attained)
        pop.education[:] = np.where(pupils, Education.LOW, attained)
        pop.field[:] = self.education.draw_field(self.u("field", pop))
        pop.labour_state[:] = np.where(pupils, LabourState.SCHOOL, LabourState.INACTIVE)
        # school leaving age by level: the minimum leaving age plus a year
        leave_age = p.table("education.min_leaving_age", Education)[pop.education] + 1
        pop.school_left_month[:] = np.where(
            pupils, -1, pop.birth_month + (leave_age * 12).astype(np.int32)
        )

    def health_at_start(self, pop: Population, age: np.ndarray) -> None:
        p = self.p
        shares = p.table("population.health_prevalence", Health, dtype=np.float64)
        health = self.category("health", pop, shares)
        young = (age < 25) & (self.u("young_mental", pop) < p["population.young_mental_prevalence"])
        young &= age >= 12  # mental problems start in adolescence (health.mental_onset)
        health = np.where(age < 25, np.where(young, Health.MENTAL, Health.HEALTHY), health)
        refugee = pop.migration == Migration.REFUGEE
        refugee_mental = self.u("refugee_mental", pop) < p["population.refugee_mental_prevalence"]
        health = np.where(refugee, np.where(refugee_mental, Health.MENTAL, Health.HEALTHY), health)
        pop.health[:] = health
        depression = self.u("adolescent_depression", pop) < p["population.adolescent_depression"]
        # under 18 adolescence is still going on: the health process marks new depression
        pop.adolescent_depression[:] = np.where(age < 18, health == Health.MENTAL, depression)
        wajong_p = np.where(
            age >= 18, p["population.wajong_share"], p["health.wajong.youth_disability"]
        )
        pop.youth_disability[:] = self.u("youth_disability", pop) < wajong_p

    def households(self, pop: Population, age: np.ndarray) -> None:
        p = self.p
        partnered_p = p.by_age("population.partnered_by_age")[age]
        # children of divorced parents partner less and separate more (A3.7): in the stock,
        # the odds of being partnered scale by the ratio of the two flow factors, as in a
        # steady state of partnering and separation
        odds = partnered_p / np.maximum(1 - partnered_p, 1e-9)
        odds_factor = (
            p["family.parents_divorced_partnering_factor"]
            / p["family.parents_divorced_separation_factor"]
        )
        odds = np.where(pop.parents_divorced, odds * odds_factor, odds)
        partnered_p = odds / (1 + odds)
        wants = np.flatnonzero(
            (self.u("partnered", pop) < partnered_p) & (pop.migration != Migration.REFUGEE)
        )
        men, women = match_within_regions(
            pop, wants, self.start, int(p["family.partnering_max_age_gap"])
        )
        form_couples(pop, men, women, self.start)
        # age at first partnership: between 18 and the present age (at most 30)
        couples = np.concatenate([men, women])
        top = np.minimum(age[couples], 30)
        first = 18 + self.u("first_partner", pop, couples) * np.maximum(top - 18, 0)
        pop.first_partner_age[couples] = (first * 12).astype(np.int16)
        # children, counted for both parents
        women_all = np.flatnonzero(pop.sex == Sex.FEMALE)
        mean = p.by_age("population.children_by_age")[age[women_all]]
        single = pop.partner_id[women_all] < 0
        mean = np.where(single, mean * p["population.single_women_children_factor"], mean)
        u = self.u("children", pop, women_all)
        kids = (np.floor(mean) + (u < mean - np.floor(mean))).astype(np.int8)
        pop.n_children[women_all] = kids
        mothers = women_all[kids > 0]
        # the youngest was born at the mother's last birth: her first at an age drawn from
        # CBS's distribution, the others income.children.spacing_years apart, all by now and
        # by the age of 45
        years = (self.start - pop.birth_month[mothers]) / 12
        spacing = p["income.children.spacing_years"] * (pop.n_children[mothers] - 1.0)
        latest = np.minimum(years, FIRST_BIRTH_END) - spacing
        first = self.first_birth_ages(self.u("youngest", pop, mothers), latest)
        youngest_age = np.clip(years - first - spacing, 0, None)
        pop.youngest_child_month[mothers] = self.start - (youngest_age * 12).astype(np.int32)
        fathers_of = pop.partner_id[mothers]
        has_father = fathers_of >= 0
        pop.n_children[fathers_of[has_father]] = pop.n_children[mothers[has_father]]
        pop.youngest_child_month[fathers_of[has_father]] = pop.youngest_child_month[
            mothers[has_father]
        ]

    def labour_at_start(self, pop: Population, age: np.ndarray) -> None:
        p = self.p
        state = pop.labour_state
        out_of_school = state != LabourState.SCHOOL
        # retired at the AOW age
        retired = (self.start - pop.birth_month) >= self.aow_months
        # disability: Wajong from youth, WGA/IVA rising with age
        wajong = pop.youth_disability & out_of_school & (age >= 18) & ~retired
        wia = self.u("wia", pop) < p.by_age("population.disability_by_age")[age]
        wia &= out_of_school & ~retired & ~wajong
        iva = wia & (self.u("iva", pop) < p["population.iva_share_of_wia"])
        pop.disability[:] = np.select(
            [wajong, iva, wia], [Disability.WAJONG, Disability.IVA, Disability.WGA], Disability.NONE
        )
        pop.health[wia & (pop.health == Health.HEALTHY)] = Health.ILL
        # employment
        employ_p = p.table("population.employment_by_education", Education)[pop.education]
        employ_p = employ_p * p.by_age("population.employment_age_factor")[age]
        employ_p = employ_p * np.where(
            pop.sex == Sex.FEMALE, p["population.employment_female_factor"], 1.0
        )
        employ_p = (
            employ_p * p.table("population.employment_migration_factor", Migration)[pop.migration]
        )
        employ_p = employ_p * p.table("population.employment_health_factor", Health)[pop.health]
        free = out_of_school & ~retired & ~wajong & ~wia
        employed = free & (self.u("employed", pop) < employ_p)
        searching = free & ~employed & (self.u("searching", pop) < p["population.searching_share"])
        in_reception = (pop.arrival_month >= 0) & (
            self.start - pop.arrival_month < p["migration.reception_months"]
        )
        employed &= ~in_reception
        searching &= ~in_reception
        pop.labour_state[:] = np.select(
            [retired, ~out_of_school, wajong | wia, employed, searching],
            [
                LabourState.RETIRED,
                LabourState.SCHOOL,
                LabourState.DISABLED,
                LabourState.EMPLOYED,
                LabourState.UNEMPLOYED,
            ],
            LabourState.INACTIVE,
        )
        # job seekers at the start came in through the inflow into unemployment, which holds
        # more of the people whose jobs end often (the same uniform as in origins)
        seekers = np.flatnonzero(pop.labour_state == LabourState.UNEMPLOYED)
        share = self.jobs.entrant_unstable_share
        pop.unstable[seekers] = self.jobs.unstable(self.u("unstable", pop)[seekers], share)
        # work record: years since leaving school, mostly worked
        years_out = np.clip((self.start - pop.school_left_month) // 12, 0, 50)
        years_out = np.where(pop.labour_state == LabourState.SCHOOL, 0, years_out)
        history = (years_out * p["population.work_history_share"]).astype(np.int8)
        history = np.where(pop.migration == Migration.REFUGEE, 0, history).astype(np.int8)
        pop.work_history_years[:] = history
        pop.years_bits[:] = np.where(
            employed, (1 << np.minimum(history, 8).astype(np.int32)) - 1, 0
        ).astype(np.uint8)
        pop.work_bits[:] = np.where(employed, 0xFFFF, 0).astype(np.uint16)
        # jobs: contract, hours, wage; employer tenure within the chain limit for flexible work
        jobs = np.flatnonzero(employed | wia | (pop.labour_state == LabourState.UNEMPLOYED))
        flex_p = p.by_age("population.flexible_share_by_age")[age[jobs]]
        flex_p = np.where(
            pop.migration[jobs] == Migration.REFUGEE, p["labour.refugee_flexible_start"], flex_p
        )
        zzp_p = p.by_age("population.self_employed_by_age")[age[jobs]]
        u = self.u("flexible", pop, jobs)
        self_employed = u < zzp_p
        flexible = u < zzp_p + flex_p * (1 - zzp_p)
        pop.contract[jobs] = np.select(
            [self_employed, flexible], [Contract.SELF_EMPLOYED, Contract.FLEX], Contract.PERMANENT
        )
        w = self.world(pop)
        pop.hours[jobs] = self.jobs.hours_for(w, jobs)
        pop.wage[jobs] = self.jobs.wage_for(w, jobs)
        # tenure spread evenly up to the years since school, for temporary contracts up to the
        # chain limit (a pile-up just below the limit would all reach it in the same month)
        chain = self.jobs.chain_limit(self.start // 12)
        temporary = flexible & ~self_employed
        other = p["population.max_tenure_years"] * 12
        longest = np.minimum(years_out[jobs] * 12, np.where(temporary, chain, other))
        tenure = (self.u("tenure", pop, jobs) * longest).astype(np.int16)
        pop.employer_months[jobs] = np.where(employed[jobs], tenure, 0)
        spread = p["population.months_in_state_spread"]
        u = self.u("months_in_state", pop)
        pop.months_in_state[:] = (u * spread).astype(np.int16)
        pop.months_in_state[employed] = pop.employer_months[employed]
        # the inactive's time out as the model's own flows would have left it (synthesis.elapsed)
        out = np.flatnonzero(
            (pop.labour_state == LabourState.INACTIVE)
            & (pop.migration != Migration.REFUGEE)
            & ~in_reception
        )
        since_school = np.clip(self.start - pop.school_left_month, 0, None)
        months = self.elapsed.inactive(u[out], pop, out, age, since_school[out])
        pop.months_in_state[out] = months.astype(np.int16)
        # some ill workers are on sick leave
        ill_workers = employed & (pop.health != Health.HEALTHY)
        sick = ill_workers & (self.u("sick", pop) < p["population.sick_share_of_ill_workers"])
        pop.labour_state[sick] = LabourState.SICK
        pop.benefit[sick] = Benefit.SICKNESS
        max_sick = p["health.sick_leave_max_months"]
        pop.months_in_state[sick] = (self.u("sick_months", pop)[sick] * max_sick).astype(np.int16)

    def benefits_at_start(self, pop: Population) -> None:
        """WW for part of the job seekers (with entitlement left), disability benefits, and the
        bijstand means test for everyone else without income."""
        p = self.p
        w = self.world(pop)
        pop.benefit[pop.disability == Disability.WAJONG] = Benefit.WAJONG
        pop.benefit[pop.disability == Disability.WGA] = Benefit.WGA
        pop.benefit[pop.disability == Disability.IVA] = Benefit.IVA
        seekers = np.flatnonzero(
            (pop.labour_state == LabourState.UNEMPLOYED) & (pop.work_history_years > 0)
        )
        on_ww = seekers[self.u("ww", pop, seekers) < p["population.ww_share_of_searching"]]
        rules = self.benefits.ww
        entitled = rules.duration(
            pop.work_history_years[on_ww], pop.work_history_years[on_ww] >= 4, self.start // 12
        )
        # months on WW and looking without it as the model's own flows would have left them
        # (synthesis.elapsed); a spell is no older than the time since school
        age = (self.start - pop.birth_month) // 12
        since_school = np.clip(self.start - pop.school_left_month, 0, None)
        cap = np.minimum(entitled.astype(np.int64) - 1, since_school[on_ww])
        used = self.elapsed.on_ww(self.u("ww_left", pop, on_ww), pop, on_ww, age, cap)
        pop.benefit[on_ww] = Benefit.WW
        pop.ww_months_left[on_ww] = entitled - used
        pop.benefit_months[on_ww] = used
        pop.months_in_state[on_ww] = used
        others = np.flatnonzero(
            (pop.labour_state == LabourState.UNEMPLOYED)
            & (pop.benefit != Benefit.WW)
            & (pop.migration != Migration.REFUGEE)
        )
        pop.months_in_state[others] = self.elapsed.seeking(
            self.u("months_in_state", pop, others), pop, others, age, since_school[others]
        )
        cap = np.float32(p["benefits.ww.max_monthly_wage"])
        pop.ww_wage[on_ww] = np.minimum(pop.wage[on_ww], cap)  # the WW-maandloon: the last job's
        self.benefits.bijstand(w)
        bijstand = pop.benefit == Benefit.BIJSTAND
        pop.benefit_months[bijstand] = pop.months_in_state[bijstand]

    # -- other kinds -----------------------------------------------------------------------------
    def cohort(self, n: int) -> Population:
        """A birth cohort aged 12 at the start, all in school, followed to the AOW age."""
        p = self.p
        pop = Population(n)
        entry = p["population.cohort_entry_age"] * 12
        pop.birth_month[:] = self.start - entry - (self.u("age_month", pop) * 12).astype(np.int32)
        self.origins(pop, refugees_before=-(10**6))
        pop.migration[pop.migration == Migration.REFUGEE] = Migration.NON_WESTERN
        parents = self.category(
            "parents_edu", pop, p.table("population.parents_education", Education)
        )
        pop.parents_education[:] = parents
        pop.target_education[:] = self.education.draw_target(parents, self.u("target_edu", pop))
        pop.education[:] = Education.LOW
        pop.field[:] = Field.OTHER
        pop.labour_state[:] = LabourState.SCHOOL
        pop.youth_disability[:] = (
            self.u("youth_disability", pop) < p["health.wajong.youth_disability"]
        )
        return pop
