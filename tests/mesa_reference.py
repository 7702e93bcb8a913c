"""An idiomatic Mesa implementation of the whole monthly model: the yardstick and test oracle
of the vectorized engine.

One ``mesa.Agent`` per person, written the way a Mesa user would write it: attributes on the
agent, ``if`` statements, one random number at a time, the month as a sequence of stages run
with ``model.agents.do(stage)`` in the engine's order (``simulation.model.PIPELINE``:
demography, education, health, family, labour, search, benefits, immigration, migration,
bookkeeping). Where the engine decides for everyone at once from the same starting state (the
bijstand means test reads the partner's benefit), the reference decides in one stage and applies
in the next, as Mesa's simultaneous activation does; partner matching is a model-level step, as it
would be in Mesa, and so are emigration (who leaves is decided for everyone, then they leave) and
immigration (new agents appended in the engine's row order, their draws keyed by row).

The rules are written out again from the engine's docstrings; the numbers come from the
parameter files, through the lookup tables the engine's processes build from them (a table is
data, not logic). Hazards are float64 products taken left to right, as the engine's compiled
kernels take them; where the engine computes in float32 numpy (wages, hours, the thresholds it
compares with float32 draws) the reference rounds to float32 at the same points. Each draw is
the engine's common random number for (seed, process, person, month), computed here in plain
Python from SplitMix64. Fed the same population, both implementations must end every month in
the same states (``tests/test_reference.py``); ``benchmarks/bench_engine.py`` times both.
The economy's business cycle and sector demand are in it (``corona_recession.yaml`` runs
through it); interventions are not (the base scenario has none), but a multiplier an
intervention puts on a person's job finding is, with the competition for the segment's
vacancies it brings (``compete``). The household incomes the engine keeps each month
(``simulation.income``) are taken agent by agent (``household_incomes``): each household's
incomes by source mapped again from the agents, put through the law's own functions (the tax
and allowance rules are tested against their published amounts on their own).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
from functools import lru_cache
from types import SimpleNamespace

import mesa
import numpy as np
from scipy.special import ndtri

from simulation.calendar import WEEKS_PER_MONTH
from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Field,
    Health,
    LabourState,
    Migration,
    Motive,
    Region,
    Sex,
)
from simulation.model import LifeCourseModel
from simulation.population import SCHEMA, Population
from simulation.processes.bookkeeping import CLOCK_MAX
from simulation.processes.immigration import RETURN_MONTHS
from simulation.scenario import as_scenario

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
f32 = np.float32


def _mix(x: int) -> int:
    x &= MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


@lru_cache(maxsize=4096)
def _stream(seed: int, process: str, month: int) -> int:
    name = int.from_bytes(hashlib.blake2b(process.encode(), digest_size=8).digest(), "little")
    key = _mix(seed * GOLDEN + name)
    return _mix(key ^ ((month + 0x632BE59BD9B4E019) & MASK))


def draw(seed: int, process: str, month: int, person: int) -> float:
    """The uniform of ``person`` for ``process`` in ``month`` (as simulation.random)."""
    x = _mix((_stream(seed, process, month) + (person + 1) * GOLDEN) & MASK)
    return (x >> 40) * 2.0**-24


def trait(seed: int, name: str, person: int) -> float:
    """A draw that belongs to the person for life (as Draws.trait)."""
    return draw(seed, name, -1, person)


def popcount(bits: int) -> int:
    return bin(bits).count("1")


def net(table: np.ndarray, top_rate: float, gross: float) -> np.float32:
    """A monthly amount net of the wage tax, read from a table by whole euro (linearly between,
    the top rate beyond), as the engine's means test reads it."""
    g = max(float(gross), 0.0)
    last = table.size - 1
    if g >= last:
        return f32(float(table[last]) + (g - last) * (1.0 - top_rate))
    k = int(g)
    return f32(float(table[k]) + (g - k) * (float(table[k + 1]) - float(table[k])))


class Person(mesa.Agent):
    """One person: every column of the engine's population as an attribute."""

    #: the months of notice of a job the labour market ended this month (0: none)
    notice: int = 0

    def __init__(self, model: ReferenceModel, row: int, pop: Population):
        super().__init__(model)
        self.row = row
        for name in SCHEMA:
            setattr(self, name, getattr(pop, name)[row].item())

    @classmethod
    def blank(cls, model: ReferenceModel) -> Person:
        """A new person at the next row with every column's fill value (a birth, an arrival)."""
        person = cls.__new__(cls)
        mesa.Agent.__init__(person, model)
        person.row = len(model.people)
        model.people.append(person)
        for name, column in SCHEMA.items():
            setattr(person, name, np.asarray(column.fill, dtype=column.dtype).item())
        return person

    @classmethod
    def newborn(cls, model: ReferenceModel, mother: Person) -> Person:
        """A child born this month: a new person in the mother's region and household, with
        the parents' higher education, the mother's migration background (a refugee's child
        non-Western), and its dispositions drawn at birth."""
        child = cls.blank(model)
        t = model.tables["family"]
        child.mother_id, child.birth_month = mother.row, model.month
        child.sex = int(child.uniform("family.child.sex") < f32(t.girl_share_at_birth))
        child.region, child.big_city = mother.region, mother.big_city
        refugee = mother.migration == Migration.REFUGEE
        child.migration = Migration.NON_WESTERN if refugee else mother.migration
        father = mother.partner
        education = mother.level if father is None else max(mother.level, father.level)
        child.parents_education = education
        bounds = model.tables["education"].target_by_parents[education]
        u = child.uniform("family.child.target")
        child.target_education = sum(u >= float(bound) for bound in bounds)
        child.conduct_problems = child.uniform("family.child.conduct") < f32(t.conduct_problems)
        limited = child.uniform("family.child.youth_disability") < f32(t.youth_disability)
        child.youth_disability = limited
        child.unstable = child.is_unstable(child.uniform("family.child.unstable"))
        child.labour_state = LabourState.SCHOOL
        return child

    @classmethod
    def immigrant(cls, model: ReferenceModel) -> Person:
        """A person who moves to the Netherlands this month: a motive, and by it an age, a
        background, an education and a starting state (immigration.yaml)."""
        person = cls.blank(model)
        flows, f, month = model.flows, model.flows.flows, model.month
        u = person.uniform
        motive = bisect.bisect_right(flows.motive_bounds, u("immigration.motive")) + 1
        years = bisect.bisect_right(flows.age_table[motive], u("immigration.age"))
        person.birth_month = month - years * 12 - int(u("immigration.age_month") * 12)
        person.motive, person.immigration_month = motive, month
        person.sex = int(u("immigration.sex") >= f.male_share)
        person.region = bisect.bisect_right(flows.region_bounds, u("immigration.region"))
        person.big_city = bool(u("immigration.big_city") < f.big_city[person.region])
        western = u("immigration.western") < flows.western[motive]
        returning = motive == Motive.RETURNING
        pupil = years < 15 or (returning and years < 20)  # children, and Dutch teenagers, at school
        background = Migration.WESTERN if western else Migration.NON_WESTERN
        if motive == Motive.ASYLUM and not pupil:
            background = Migration.REFUGEE
        person.migration = Migration.NONE if returning else background
        shares = flows.resident_education_bounds if returning else flows.education_bounds
        education = bisect.bisect_right(shares, u("immigration.education"))
        person.parents_education = education
        bounds = model.tables["education"].target_by_parents[education]
        u_target = u("immigration.target")
        target = sum(u_target >= float(bound) for bound in bounds)
        study = motive == Motive.STUDY
        if pupil:
            person.education, person.target_education = Education.LOW, target
        elif study:
            person.education, person.target_education = Education.MIDDLE, Education.HIGH
        else:
            person.education, person.target_education = education, education
        school = pupil or study
        person.labour_state = LabourState.SCHOOL if school else LabourState.INACTIVE
        if person.migration == Migration.REFUGEE:  # received by the integration step this month
            person.arrival_month, person.labour_state = month, LabourState.ABROAD
            if u("immigration.mental") < f.refugee_mental:
                person.health = Health.MENTAL
        person.unstable = person.is_unstable(u("immigration.unstable"))
        employed = u("immigration.employed") < f.returning_employed
        back_to_work = returning and not school and years < 65 and employed
        if motive == Motive.WORK or back_to_work:
            person.ww_months_left = 0
            person.take_new_job()
            person.set_state(LabourState.EMPLOYED)
            if motive == Motive.WORK and u("immigration.flexible") < f.work_flexible_share:
                person.contract = Contract.FLEX
        return person

    def emigration_hazard(self) -> float:
        """A resident's hazard by age; an immigrant's return hazard by origin and the period
        since arrival (CBS's 2, 5 and 10 years), a settled immigrant's after."""
        t = self.model.flows.hazards
        hazard = t.resident[self.age_years]
        if self.immigration_month >= 0 and self.motive != Motive.RETURNING:
            origin = 0 if self.migration == Migration.WESTERN else 1
            since = self.model.month - self.immigration_month
            periods = [k for k, end in enumerate(RETURN_MONTHS) if since < end]
            hazard = t.returning[periods[0], origin] if periods else t.settled
        return float(hazard)

    def emigration_draw_hazard(self) -> float:
        """The hazard this person draws at: a partner at 1 - sqrt(1 - hazard), as either draw
        takes both, so a couple leaves at 1 - sqrt((1 - h1) (1 - h2))."""
        hazard = self.emigration_hazard()
        if self.partner_id >= 0:
            hazard = 1.0 - math.sqrt(1.0 - hazard)
        return hazard

    def emigrate(self) -> None:
        """Leave the country: the job ends, benefits stop, the partnership ends."""
        if self.labour_state in (LabourState.EMPLOYED, LabourState.SICK):
            self.end_job(LabourState.ABROAD)
        self.set_state(LabourState.ABROAD)
        self.set_benefit(Benefit.NONE)
        self.ww_months_left = 0
        self.leave_partner()

    # -- helpers ------------------------------------------------------------------------------
    @property
    def level(self) -> int:
        """Education as a parent: attained, or aimed at while in school."""
        return self.target_education if self.labour_state == LabourState.SCHOOL else self.education

    def uniform(self, process: str) -> float:
        return draw(self.model.seed, process, self.model.month, self.row)

    def is_unstable(self, u: float) -> bool:
        """The lifelong trait: this person's jobs end more often (A5.5)."""
        return u < self.model.p["labour.unstable_share"]

    @property
    def age_months(self) -> int:
        return self.model.month - self.birth_month

    @property
    def age_years(self) -> int:
        return min(self.age_months // 12, 120)

    @property
    def partner(self) -> Person | None:
        return self.model.people[self.partner_id] if self.partner_id >= 0 else None

    def set_state(self, state: int) -> None:
        self.labour_state, self.months_in_state = state, 0

    def set_benefit(self, benefit: int) -> None:
        self.benefit, self.benefit_months = benefit, 0

    def leave_partner(self) -> None:
        if self.partner is not None:
            self.partner.partner_id = -1
            self.partner_id = -1

    def end_job(self, to: int) -> None:
        """Stop working; a Wajong or WGA entitlement takes over when out of work."""
        self.set_state(to)
        self.employer_months = 0
        fallback = {Disability.WAJONG: Benefit.WAJONG, Disability.WGA: Benefit.WGA}
        if to in (LabourState.UNEMPLOYED, LabourState.INACTIVE) and self.disability in fallback:
            self.set_state(LabourState.DISABLED)
            self.set_benefit(fallback[self.disability])

    # -- demography ---------------------------------------------------------------------------
    def die_or_retire(self) -> None:
        model, p = self.model, self.model.p
        if self.labour_state >= LabourState.DEAD:
            return
        sex_a = p["demography.mortality.gompertz_a"][("male", "female")[self.sex]]
        annual = sex_a * math.exp(p["demography.mortality.gompertz_b"] * self.age_years)
        monthly = float(f32(1 - math.exp(-annual / 12)))  # the engine's float32 table
        if self.uniform("demography.death") < monthly:
            self.leave_partner()
            self.set_state(LabourState.DEAD)
            self.set_benefit(Benefit.NONE)
            return
        if self.labour_state < LabourState.RETIRED and self.age_months >= model.aow_months:
            self.set_state(LabourState.RETIRED)
            self.set_benefit(Benefit.NONE)
            self.ww_months_left = 0
        exit_ = "demography.early_exit."
        if (
            self.labour_state == LabourState.EMPLOYED
            and self.age_months >= p[exit_ + "min_age"] * 12
        ):
            hazard = f32(p[exit_ + "hazard"])
            if self.health != Health.HEALTHY:
                hazard = hazard * f32(p[exit_ + "poor_health_factor"])
            if self.first_partner_age >= p[exit_ + "late_first_partner_age"] * 12:
                hazard = hazard * f32(p[exit_ + "late_first_partner_factor"])
            if self.uniform("demography.early_exit") < hazard:
                self.end_job(LabourState.RETIRED)

    # -- education ----------------------------------------------------------------------------
    def go_to_school(self) -> None:
        model, p = self.model, self.model.p
        if self.labour_state != LabourState.SCHOOL:
            return
        age = self.age_months
        hazard = p["education.dropout.hazard"]
        if self.adolescent_depression:
            hazard *= p["education.dropout.depression_factor"]
        if self.parents_divorced:
            hazard *= p["education.dropout.parents_divorced_factor"]
        at_risk = self.target_education > 0 and age >= p["education.dropout.min_age"] * 12
        drop = at_risk and self.uniform("education.dropout") < hazard
        level = ("low", "middle", "high")[self.target_education]
        done = age >= p["education.min_leaving_age"][level] * 12
        leave = (
            not drop and done and self.uniform("education.leave") < p["education.leaving_hazard"]
        )
        if drop or leave:
            self.education = 0 if drop else self.target_education
            u = self.uniform("education.field")
            self.field = sum(bound <= u for bound in model.field_bounds)
            self.school_left_month = model.month
            self.set_state(LabourState.UNEMPLOYED)

    # -- health -------------------------------------------------------------------------------
    def fall_ill_or_recover(self) -> None:
        t = self.model.tables["health"]
        if self.labour_state >= LabourState.DEAD:
            return
        u = self.uniform("health.change")
        if u < t.change_threshold[self.health, self.age_years]:
            if self.health == Health.HEALTHY:
                mental = u < t.mental_threshold[Health.HEALTHY, self.age_years]
                self.health = Health.MENTAL if mental else Health.ILL
                if mental and self.age_years < 18:
                    self.adolescent_depression = True
                if (
                    self.labour_state == LabourState.EMPLOYED
                    and self.uniform("health.sick_leave") < t.sick_leave_probability[self.health]
                ):
                    self.set_state(LabourState.SICK)
                    self.set_benefit(Benefit.SICKNESS)
            else:
                # refugees recover from mental illness more slowly (A8.3)
                slow = self.health == Health.MENTAL and self.migration == Migration.REFUGEE
                slow = slow and u >= t.change_threshold[Health.MENTAL, 0] * f32(
                    t.refugee_mental_recovery_factor
                )
                if not slow:
                    self.health = Health.HEALTHY
        if self.labour_state == LabourState.SICK:
            self.be_sick(t)
        # a reassessment ends a WGA entitlement (below 35% loss of earning capacity, I3.2)
        if (
            self.disability == Disability.WGA
            and self.labour_state < LabourState.RETIRED
            and self.uniform("health.wga_recovery") < t.wga_recovery
        ):
            self.disability = Disability.NONE
            if self.benefit == Benefit.WGA:
                self.set_benefit(Benefit.NONE)
            if self.labour_state == LabourState.DISABLED:
                self.set_state(LabourState.UNEMPLOYED)
        if (
            self.youth_disability
            and self.disability == Disability.NONE
            and self.labour_state in (LabourState.UNEMPLOYED, LabourState.INACTIVE)
            and self.age_months >= t.wajong_entry_months
        ):
            self.disability = Disability.WAJONG
            self.set_state(LabourState.DISABLED)
            self.set_benefit(Benefit.WAJONG)

    def be_sick(self, t) -> None:
        months = self.months_in_state
        if self.health == Health.HEALTHY and months > 0:
            self.set_benefit(Benefit.NONE)
            if self.contract == Contract.FLEX and months > t.flex_contract_survives_sickness_months:
                self.set_state(LabourState.UNEMPLOYED)
            else:
                self.set_state(LabourState.EMPLOYED)
        elif months >= t.sick_leave_max_months and self.health != Health.HEALTHY:
            # the WIA assessment after 104 weeks (I3.2)
            u = self.uniform("health.wia")
            outcome = sum(bound <= u for bound in t.wia_bounds)
            if outcome == 0:
                self.set_benefit(Benefit.NONE)
                if self.contract == Contract.PERMANENT:
                    self.set_state(LabourState.EMPLOYED)
                else:
                    self.set_state(LabourState.UNEMPLOYED)
            else:
                self.disability = (Disability.WGA, Disability.IVA)[outcome - 1]
                self.set_state(LabourState.DISABLED)
                self.set_benefit((Benefit.WGA, Benefit.IVA)[outcome - 1])
                self.employer_months = 0

    # -- family -------------------------------------------------------------------------------
    def maybe_separate(self) -> None:
        t = self.model.tables["family"]
        partner = self.partner
        if partner is None or partner.row < self.row:  # each couple once, by the lower row
            return
        hazard = float(t.separation[min(self.education, partner.education)])
        if self.parents_divorced or partner.parents_divorced:
            hazard *= t.parents_divorced_separation_factor
        if self.uniform("family.separation") < hazard:
            self.leave_partner()
            for person in (self, partner):
                person.back_to_full_hours()
            if self.model.newborns:  # A3: the mother's children under 18 see their parents part
                mother = self if self.sex == Sex.FEMALE else partner
                for child in self.model.people:
                    if child.mother_id == mother.row and child.age_months < 18 * 12:
                        child.parents_divorced = True

    def back_to_full_hours(self) -> None:
        """A3.8: a separated working woman's hours are at least those of a new job now."""
        if self.sex != Sex.FEMALE or self.labour_state != LabourState.EMPLOYED:
            return
        full = self.new_job_hours()
        if f32(self.hours) < full:
            ratio = full / f32(self.hours)
            self.hours = float(f32(self.hours) * ratio)
            self.wage = float(f32(self.wage) * ratio)

    def maybe_look_for_partner(self) -> None:
        t = self.model.tables["family"]
        self.looking = False
        if self.partner_id < 0 and self.labour_state < LabourState.RETIRED:
            hazard = float(t.partnering[self.age_years])
            if self.parents_divorced:
                hazard *= t.parents_divorced_partnering_factor
            self.looking = self.uniform("family.partnering") < hazard

    def maybe_give_birth(self) -> None:
        model, t = self.model, self.model.tables["family"]
        age = self.age_years
        if not (self.sex == Sex.FEMALE and self.labour_state < LabourState.RETIRED):
            return
        hazard = float(t.births[age])
        parity = t.births_parity_factor
        hazard *= float(parity[min(self.n_children, len(parity) - 1)])
        hazard *= 1.0 if self.partner_id >= 0 else t.single_birth_factor
        if self.uniform("family.birth") >= hazard:
            return
        for parent in (self, self.partner):
            if parent is not None:
                parent.n_children += 1
                parent.youngest_child_month = model.month
        if model.newborns:
            Person.newborn(model, self)
        # A4.2: young partnered mothers cut hours or stop working
        young = self.age_months < t.late_mother_months and self.partner_id >= 0
        if young and self.labour_state == LabourState.EMPLOYED:
            self.hours = float(f32(self.hours) * f32(t.mother_hours_factor))
            self.wage = float(f32(self.wage) * f32(t.mother_hours_factor))
            if self.uniform("family.mother_leaves") < f32(t.mother_leaves_work):
                self.end_job(LabourState.INACTIVE)

    # -- labour -------------------------------------------------------------------------------
    def work(self) -> None:
        self.notice = 0
        if self.labour_state == LabourState.EMPLOYED:
            self.keep_or_lose_job()

    def search(self) -> None:
        """After everyone's job outcome (this month's job losers search during their notice,
        and compete with the other seekers)."""
        if self.finds_jobs:
            self.look_for_job()
        self.search_or_give_up()
        if self.model.month % 12 == 0 and self.labour_state == LabourState.EMPLOYED:
            self.wage_rise()

    def keep_or_lose_job(self) -> None:
        model, t, p = self.model, self.model.tables["labour"], self.model.p
        hazard = float(t.job_loss[self.contract, self.health])
        if self.unstable:  # the minority whose jobs end often (A5.5)
            hazard *= p["labour.unstable_job_loss_factor"]
        hazard *= float(t.job_loss_age_factor[self.age_years])
        hazard += float(t.disability_job_loss[self.disability])
        hazard *= self.job_loss_factor  # 1 without interventions
        # a downturn: migrants (A8.8) and flexible workers (A8.9) lose their jobs first
        if self.migration >= Migration.NON_WESTERN:
            hazard *= float(f32((1 / model.cycle) ** p["economy.migrant_elasticity"]))
        if self.contract == Contract.FLEX:
            hazard *= float(f32((1 / model.cycle) ** p["economy.flex_job_loss_elasticity"]))
        left = self.school_left_month
        starter = left >= 0 and model.month - left < t.starter_months
        if starter:
            hazard *= p["labour.starter_job_loss_factor"]
        u = self.uniform("labour.job_loss")
        stays = 1.0 - p["labour.employed_to_inactive"]
        if u < hazard:
            # for an employee without a benefit or disability the top of the risk is a cut in
            # hours instead
            employee = self.contract != Contract.SELF_EMPLOYED and self.benefit == Benefit.NONE
            employee = employee and self.disability == Disability.NONE
            if employee and u >= hazard * (1.0 - p["labour.partial_job_loss"]):
                self.cut_hours()
            else:
                self.end_job_with_notice()
            return
        if u > stays:
            self.end_job(LabourState.INACTIVE)
            return
        # the young change employer far more often than the old
        change = u > stays - p["labour.job_change"] * float(t.job_change_age_factor[self.age_years])
        if self.contract == Contract.FLEX:
            # the chain rule (I5.1) at the limit: permanent or out; before it, promotion (A5.6)
            u_contract = self.uniform("labour.contract_change")
            slow = float(t.permanent_factor_by_migration[self.migration])
            if self.employer_months >= model.chain_limit:
                if u_contract < p["labour.chain_limit_permanent"] * slow:
                    self.contract = Contract.PERMANENT
                else:
                    self.end_job_with_notice()
                return
            # where temporary contracts run to the limit, they turn permanent only there (A5.7)
            full_chain = trait(model.seed, "labour.full_chain", self.row)
            if full_chain < p["labour.full_chain_share"]:
                rate = 0.0
            else:
                rate = float(t.flex_to_permanent_by_migration[self.migration])
            rate *= float(t.region_factor[self.region])
            rate *= float(t.big_city_factor[int(self.big_city)])
            rate *= float(t.disability_permanent_factor[self.disability])
            if starter:
                tenure = t.starter_permanent_factor
                rate *= float(tenure[min(self.employer_months, len(tenure) - 1)])
            if u_contract < rate:
                self.contract = Contract.PERMANENT
                return
        if change:
            old_wage = self.wage
            self.take_new_job()
            self.wage = max(float(f32(self.wage) * f32(t.job_change_wage_gain)), old_wage)

    def cut_hours(self) -> None:
        """Partial unemployment: part of the hours and wage lost, WW on the wage before it."""
        had = self.wage
        kept = f32(1 - self.model.p["labour.partial_hours_lost"])
        self.hours = float(f32(self.hours) * kept)
        self.wage = float(f32(self.wage) * kept)
        self.grant_ww(had)

    @property
    def finds_jobs(self) -> bool:
        """In the job-finding pool: seekers and the disabled who can work, and people outside
        the labour force (not refugees: integration brings them to work), after a month."""
        state = self.labour_state
        if state == LabourState.INACTIVE and self.migration == Migration.REFUGEE:
            return False
        pool = (LabourState.UNEMPLOYED, LabourState.DISABLED, LabourState.INACTIVE)
        if state not in pool:
            return False
        return self.months_in_state > 0 or self.notice_months > 0

    @property
    def notice_months(self) -> int:
        """A job the labour market ended this month (lost, or let go at the chain's limit):
        the months its notice gave for a search on the job, by the contract that ended."""
        if self.labour_state != LabourState.UNEMPLOYED or self.months_in_state > 0:
            return 0
        return self.notice

    def end_job_with_notice(self) -> None:
        """The employer ends the job: unemployed, after a notice by the contract."""
        self.notice = int(self.model.tables["labour"].notice_months[self.contract])
        self.end_job(LabourState.UNEMPLOYED)

    def job_finding_hazard(self) -> float | None:
        """This month's chance of finding a job before any intervention's multiplier (None:
        not looking)."""
        model, t = self.model, self.model.tables["labour"]
        if self.labour_state == LabourState.DISABLED:
            rates = {Disability.WGA: t.wga_job_finding, Disability.WAJONG: t.wajong_job_finding}
            if self.disability not in rates:
                return None
            hazard = float(f32(rates[self.disability]))
        else:
            hazard = float(t.job_finding[self.education])
            for factor in (
                t.age_factor[self.age_years],
                t.region_factor[self.region],
                t.big_city_factor[int(self.big_city)],
                t.migration_factor[self.migration],
                t.health_factor[self.health],
                t.children_factor[min(self.n_children, len(t.children_factor) - 1)],
            ):
                hazard *= float(factor)
            if self.labour_state == LabourState.INACTIVE:
                hazard *= float(t.inactive_job_finding_factor)
            elif self.months_in_state >= t.long_term_months:
                hazard *= float(t.long_term_factor)
            if self.benefit == Benefit.BIJSTAND:
                months = min(self.benefit_months, len(t.bijstand_factor) - 1)
                hazard *= float(t.bijstand_factor[months])
                if model.month - self.sanction_month <= t.sanction_effect_months:
                    hazard *= float(t.sanction_exit_factor)
            elif self.benefit == Benefit.WW:
                hazard *= float(t.ww_job_finding_factor)
                left = min(max(self.ww_months_left, 0), len(t.ww_exhaustion_factor) - 1)
                hazard *= float(t.ww_exhaustion_factor[left])
            elif self.ww_ran_out and self.benefit == Benefit.NONE:
                hazard *= float(t.ww_job_finding_factor)
                hazard *= float(t.ww_exhaustion_factor[0])
            left = self.school_left_month
            if left >= 0 and model.month - left <= t.starter_job_finding_months:
                hazard *= float(t.starter_job_finding_factor)
            if self.migration == Migration.REFUGEE:
                language = max(float(self.language_level) - 1.0, 0.0)
                language = 1.0 + t.language_job_finding_factor * language
                hazard *= language / (1.0 - t.network_job_finding_share)
            # the business cycle, stronger for migrants (A8.8), and demand in the field (A2.8)
            cycle = model.cycle
            if self.migration >= Migration.NON_WESTERN:
                cycle = cycle ** model.p["economy.migrant_elasticity"]
            hazard *= float(f32(cycle))
            hazard *= float(f32(model.sector_demand[self.field]))
            notice = self.notice_months
            if notice > 0:  # a job before the old one ends
                stays = 1.0 - min(hazard * t.notice_search_factor, 1.0)
                left = 1.0
                for _ in range(notice):
                    left *= stays
                hazard = 1.0 - left
        response = model.benefit_response  # what work pays a recipient (incentives.py)
        if self.benefit == Benefit.BIJSTAND and response.active:
            hazard *= float(response.finding_factor[self.bijstand_cell])
        elif self.benefit == Benefit.WW and response.active:
            later = self.benefit_months >= response.ww_first_months
            hazard *= float(response.ww_finding_factor[int(later)])
        return hazard

    @property
    def bijstand_cell(self) -> tuple[int, int]:
        """The client's norm (single, couple, young) and whether the disregard is for them:
        what a job pays them against the law of 2020 (simulation.processes.incentives)."""
        response, age = self.model.benefit_response, self.age_months
        norm = 1 if self.partner_id >= 0 else 2 if age < response.adult_norm_months else 0
        return norm, int(age >= response.disregard_months)

    @property
    def segment(self) -> int:
        return self.education * len(Region) + self.region

    def look_for_job(self) -> None:
        hazard = self.job_finding_hazard()
        if hazard is None:
            return
        if self.job_finding_factor != 1.0:
            chance = hazard * self.job_finding_factor
        else:  # other seekers lose part of the participants' extra job finds
            chance = hazard * self.model.competition[self.segment]
        if self.uniform("labour.job_finding") < chance:
            self.start_job()

    def start_job(self) -> None:
        """A new job; WW tops up one that earns at most work_stop_share of the WW-maandloon
        (partial WW), and some WW and bijstand recipients take a part-time job beside it."""
        t = self.model.tables["labour"]
        on_ww = self.benefit == Benefit.WW
        if on_ww:
            share, fraction = t.ww_part_time_job_share, t.ww_part_time_hours
            if self.model.benefit_response.active:
                response = self.model.benefit_response
                later = self.benefit_months >= response.ww_first_months
                share = float(response.ww_part_time_share[int(later)])
        else:
            share, fraction = t.bijstand_part_time_job_share, t.bijstand_part_time_hours
            if self.model.benefit_response.active:
                share = float(self.model.benefit_response.small_job_share[self.bijstand_cell])
        part_time = (on_ww or self.benefit == Benefit.BIJSTAND) and (
            self.uniform("labour.part_time_job") < share
        )
        self.ww_ran_out = False
        self.take_new_job(on_ww)
        if part_time:
            self.hours = float(f32(self.hours) * f32(fraction))
            self.wage = float(f32(self.wage) * f32(fraction))
        tops_up = on_ww and f32(self.wage) <= f32(t.ww_stop_share) * f32(self.ww_wage)
        if not tops_up:
            self.ww_months_left = 0
            if self.benefit not in (Benefit.SICKNESS, Benefit.BIJSTAND):
                self.set_benefit(Benefit.NONE)  # bijstand awaits the month's means test
        self.set_state(LabourState.EMPLOYED)

    def new_job_hours(self) -> np.float32:
        """Weekly hours of a new job in the person's situation now."""
        model, t = self.model, self.model.tables["labour"]
        hours = t.hours[self.sex]
        if self.conduct_problems:
            hours = hours + f32(t.hours_conduct_problems)
        if self.adolescent_depression and self.health == Health.MENTAL:
            hours = hours + f32(t.hours_emotional_problems)
        ycm = self.youngest_child_month
        young_child = ycm >= 0 and model.month - ycm < t.mother_child_months
        if (
            self.sex == Sex.FEMALE
            and young_child
            and self.partner_id >= 0
            and ycm - self.birth_month < t.late_mother_months
        ):
            hours = hours * f32(t.mother_hours_factor)
        return hours

    def take_new_job(self, leaving_ww: bool = False) -> None:
        """Contract, hours and wage of a new job."""
        model, t = self.model, self.model.tables["labour"]
        if self.migration == Migration.REFUGEE:
            flex_p = f32(t.refugee_flexible_start)
        else:
            flex_p = t.flexible_start[self.education]
        left = self.school_left_month
        if left >= 0 and model.month - left <= t.starter_flexible_months:
            flex_p = f32(t.starter_flexible_start)
        if leaving_ww and self.migration != Migration.REFUGEE:
            flex_p = flex_p * f32(t.ww_flexible_factor)
        u = self.uniform("labour.contract_type")
        se = t.self_employed_start
        if u < f32(se):
            self.contract = Contract.SELF_EMPLOYED
        elif u < f32(se) + flex_p * f32(1 - se):
            self.contract = Contract.FLEX
        else:
            self.contract = Contract.PERMANENT
        self.hours = float(self.new_job_hours())
        # experience raises the wage along a Mincer profile: growth falls linearly to none at
        # the cap, so x months compound to exp(log(1 + g) * (x - x^2 / 2 cap))
        cap = f32(t.experience_cap_months)
        experience = min(f32(self.work_history_years) * f32(12), cap)
        weighted = experience - experience * experience / (f32(2) * cap)
        hourly = t.hourly_wage[self.education] * f32(
            np.exp(np.log1p(t.wage_growth[self.education]) * weighted)
        )
        # the person's wage level: a lognormal trait with mean 1 (labour.wage_dispersion)
        u = trait(model.seed, "labour.wage_level", self.row)
        sd = float(t.wage_dispersion)
        hourly = hourly * f32(math.exp(sd * float(ndtri(u + 2.0**-25)) - sd * sd / 2))
        hourly = hourly * t.wage_migration_factor[self.migration]
        if self.conduct_problems:
            hourly = hourly * f32(t.wage_conduct_factor)
        if self.adolescent_depression:
            hourly = hourly * f32(t.wage_emotional_factor)
        hourly = max(hourly, f32(t.hourly_minimum_wage))
        self.wage = float(hourly * f32(self.hours) * f32(WEEKS_PER_MONTH))
        self.employer_months = 0
        self.job_from_ww = leaving_ww

    def search_or_give_up(self) -> None:
        p, t = self.model.p, self.model.tables["labour"]
        if self.months_in_state == 0:
            return
        state = self.labour_state
        # the chance of looking again falls with the months inactive
        months = min(self.months_in_state, len(t.inactive_to_search) - 1)
        # and differs by age and sex
        chance = t.inactive_to_search[months] * t.inactive_to_search_age_factor[self.age_years]
        if self.sex == Sex.FEMALE:
            chance = chance * t.inactive_to_search_female_factor
        if (
            state == LabourState.INACTIVE
            and self.migration != Migration.REFUGEE
            and self.uniform("labour.start_search") < float(chance)
        ):
            self.set_state(LabourState.UNEMPLOYED)
        elif (
            state == LabourState.UNEMPLOYED
            and self.benefit != Benefit.WW
            and self.migration != Migration.REFUGEE
            and self.uniform("labour.stop_search") < f32(p["labour.search_to_inactive"])
        ):
            self.set_state(LabourState.INACTIVE)
            self.ww_ran_out = False

    def wage_rise(self) -> None:
        """In January, twelve months of wage growth at this experience for those under 50 (more
        for fathers)."""
        t = self.model.tables["labour"]
        if self.age_years >= t.wage_growth_until_age:
            return
        # growth at this point of the career: falling linearly to none at the cap
        months = f32(self.work_history_years) * f32(12)
        growth = t.wage_growth[self.education] * max(
            f32(1) - months / f32(t.experience_cap_months), f32(0)
        )
        if self.sex == Sex.MALE and self.partner_id >= 0 and self.n_children > 0:
            growth = growth * f32(t.fatherhood_wage_growth_factor)
        self.wage = float(f32(self.wage) * (f32(1) + growth) ** f32(12))

    # -- benefits -----------------------------------------------------------------------------
    def grant_ww(self, maandloon: float) -> None:
        """WW for someone who worked last month on an insured contract, meets the weeks
        condition and claims: the months the work record earns, on ``maandloon`` (the wage
        lost work paid)."""
        model, t = self.model, self.model.tables["benefits"]
        ww = t.ww
        if not (
            self.work_bits & 1
            and t.ww_insured[self.contract]
            and popcount(self.work_bits & ((1 << ww.window_months) - 1)) >= ww.required_months
        ):
            return
        years_met = popcount(self.years_bits & 0b11111) >= ww.years_required
        # take-up rises with the work record: linear from the weeks requirement's minimum
        record = ww.take_up_full_months if years_met else popcount(self.work_bits)
        rise = f32((record - ww.required_months) / (ww.take_up_full_months - ww.required_months))
        short = f32(ww.take_up_short)
        if not self.uniform("benefits.ww.take_up") < min(short + (f32(1) - short) * rise, f32(1)):
            return
        months = ww.base_months
        if years_met:
            history = self.work_history_years
            beyond = max(history - ww.full_years, 0)
            recent = min(beyond, max(model.month // 12 - ww.half_from_year, 0))
            built = min(history, ww.full_years) + (beyond - recent) + recent // 2
            months = max(built, ww.base_months)
        self.set_benefit(Benefit.WW)
        self.ww_months_left = min(months, ww.max_months)
        self.ww_wage = float(min(f32(maandloon), f32(t.max_monthly_wage)))

    def claim_ww(self) -> None:
        if (
            self.labour_state == LabourState.UNEMPLOYED
            and self.months_in_state == 0
            and self.benefit == Benefit.NONE
        ):
            self.grant_ww(self.wage)
        elif self.benefit == Benefit.WW:
            t = self.model.tables["benefits"]
            earns = self.working and f32(self.wage) > t.ww_stop_share * f32(self.ww_wage)
            if self.ww_months_left <= 0 or earns:
                if not self.working:
                    self.ww_ran_out = True
                self.set_benefit(Benefit.NONE)
                self.ww_months_left = 0

    def income(self, lag: int = 0, month: int | None = None) -> float:
        """Monthly net income from work (with partial WW's top-up beside it), a benefit other
        than bijstand or, once retired, a pension and from the AOW age the AOW (float32): the
        means test counts income net of the wage tax (the tables of simulation.income.net),
        and bijstand's amount deducts it. ``lag``: the clocks were advanced this month, so read
        them a month back; ``month``: the month paid (default: this one), for the AOW age."""
        t = self.model.tables["benefits"]
        month = self.model.month if month is None else month
        share = t.replacement[self.benefit]
        if self.benefit == Benefit.WW and self.benefit_months - lag < t.replacement_first_months:
            share = f32(t.replacement_first)
        if self.labour_state in (LabourState.EMPLOYED, LabourState.SICK):
            wage = net(t.net_wage, t.top_rate, f32(self.wage))
            if self.benefit != Benefit.WW:
                return wage
            top_up = max(f32(self.ww_wage) - f32(self.wage), f32(0)) * share  # partial WW
            return wage + net(t.net_benefit, t.top_rate, top_up)
        if self.labour_state == LabourState.RETIRED:
            if month - self.birth_month >= self.model.aow_of_year(month // 12):
                gross = float(f32(self.wage)) * t.pension_at_aow + t.aow_couple
                return net(t.net_at_aow, t.top_rate, gross)
            gross = float(f32(self.wage)) * t.pension_before_aow
            return net(t.net_before_aow, t.top_rate, gross)
        if self.benefit == Benefit.BIJSTAND:
            return f32(0)
        if self.benefit == Benefit.WW:
            return net(t.net_benefit, t.top_rate, f32(self.ww_wage) * share)
        gross = min(f32(self.wage), f32(t.max_monthly_wage)) * share + t.flat[self.benefit]
        return net(t.net_benefit, t.top_rate, gross)

    @property
    def working(self) -> bool:
        return self.labour_state in (LabourState.EMPLOYED, LabourState.SICK)

    def countable_earnings(self) -> np.float32:
        """What bijstand counts of the own wage this month (countable_earnings_in)."""
        return self.countable_earnings_in(self.model.month)

    def household_poor(self) -> bool:
        """The household's income (own countable earnings and the partner's income) under its
        norm, the young norm for a single under 21."""
        t = self.model.tables["benefits"]
        partner = self.partner
        if partner is not None:
            norm = float(t.norm_couple)
        else:
            norm = t.norm_young if self.age_months < t.adult_norm_months else t.norm_single
        income = (partner.income() if partner is not None else f32(0)) + self.countable_earnings()
        return float(income) < norm

    def passes_means_test(self) -> bool:
        """Household income under the norm and assets under the limit (I2.2)."""
        t = self.model.tables["benefits"]
        partner = self.partner
        norm = t.norm_couple if partner is not None else t.norm_single
        income = partner.income() if partner is not None else f32(0)
        assets = trait(self.model.seed, "benefits.assets", self.row) < f32(t.asset_test_pass)
        # the norm is float64 in the engine's comparison
        return float(income) < norm and (assets or self.migration == Migration.REFUGEE)

    def claims(self) -> bool:
        """An entitled person claims by a lifelong draw against the take-up of their age;
        status holders always do."""
        t = self.model.tables["benefits"]
        u = trait(self.model.seed, "benefits.take_up", self.row)
        years = min(self.age_months // 12, t.take_up.size - 1)
        return u < float(t.take_up[years]) or self.migration == Migration.REFUGEE

    def test_means(self) -> None:
        """Decide (all at once, on the month's state) who enters bijstand."""
        t, month = self.model.tables["benefits"], self.model.month
        in_reception = self.arrival_month >= 0 and month - self.arrival_month < t.reception_months
        # an immigrant who came for work, family or study does not claim in the first years,
        # unless a Western (EU) one with a year's work record
        newcomer = (
            self.motive in (Motive.WORK, Motive.FAMILY, Motive.STUDY)
            and month - self.immigration_month < t.immigrant_wait_months
            and not (self.migration == Migration.WESTERN and self.work_history_years >= 1)
        )
        left = self.bijstand_left_month  # for another reason, lately: no claim yet
        lately = left >= 0 and month - left < t.other_exit_months
        self.enters = (
            not lately
            and self.labour_state in (LabourState.UNEMPLOYED, LabourState.INACTIVE)
            and self.benefit == Benefit.NONE
            and self.age_months >= t.min_age_months
            and not in_reception
            and not newcomer
            and not (
                self.age_months < t.search_period_age_months
                and self.months_in_state < t.search_period_months
            )
            and self.passes_means_test()
            and self.claims()
        )

    def enter_bijstand(self) -> None:
        if self.enters:
            self.set_benefit(Benefit.BIJSTAND)

    def retest_means(self) -> None:
        """Clients with a partner whose household income rose above the norm leave; so do
        working clients once their job pays more than bijstand tops up; clients without work
        also leave for other reasons (benefits.bijstand.other_exit)."""
        t = self.model.tables["benefits"]
        self.leaves_other = self.sanctioned = False
        if self.benefit != Benefit.BIJSTAND:
            self.leaves = False
        elif self.working:
            self.leaves = not self.household_poor()
        else:
            self.leaves = self.partner_id >= 0 and not self.passes_means_test()
            if not self.leaves and self.migration != Migration.REFUGEE:
                u = self.uniform("benefits.bijstand.other_exit")
                self.leaves = self.leaves_other = u < f32(t.other_exit)
                # staying without work: a maatregel for not meeting an obligation
                idle = self.labour_state in (LabourState.UNEMPLOYED, LabourState.INACTIVE)
                if not self.leaves and idle:
                    u = self.uniform("benefits.bijstand.sanction")
                    self.sanctioned = u < f32(t.sanction_rate)

    def leave_bijstand(self) -> None:
        if self.leaves:
            self.set_benefit(Benefit.NONE)
            if self.leaves_other:
                self.bijstand_left_month = self.model.month
        if self.sanctioned:
            self.sanction_month = self.model.month

    # -- migration ----------------------------------------------------------------------------
    def integrate(self) -> None:
        model, t = self.model, self.model.tables["migration"]
        if self.migration != Migration.REFUGEE:
            return
        state = self.labour_state
        if state == LabourState.ABROAD and self.arrival_month == model.month:
            self.set_state(LabourState.INACTIVE)
            self.inburgering_done = False
            self.language_level = float(f32(t.language_start))
            return
        if not (state < LabourState.RETIRED and self.arrival_month >= 0):
            return
        since = model.month - self.arrival_month
        if since < t.reception_months:
            return
        obliged = since < t.reception_months + t.obligation_months
        if not self.inburgering_done and obliged:
            self.language_level = float(min(f32(self.language_level) + t.language_gain,
                                             t.language_max))  # fmt: skip
            if self.uniform("migration.inburgering") < f32(t.completion):
                self.inburgering_done = True
        if self.labour_state == LabourState.INACTIVE and self.months_in_state > 0:
            after = self.inburgering_done or not obliged
            hazard = t.search_after_integration if after else t.search_during_integration
            if self.uniform("migration.start_search") < hazard:
                self.set_state(LabourState.UNEMPLOYED)

    # -- bookkeeping --------------------------------------------------------------------------
    def keep_the_books(self) -> None:
        """The work record that WW reads, and the clocks."""
        model = self.model
        working = self.labour_state in (LabourState.EMPLOYED, LabourState.SICK)
        self.work_bits = ((self.work_bits << 1) | int(working)) & 0xFFFF
        if working:
            self.hours_this_year += int(np.rint(f32(self.hours) * f32(WEEKS_PER_MONTH)))
            self.employer_months += 1
        if self.labour_state < LabourState.DEAD and self.months_in_state < CLOCK_MAX:
            self.months_in_state += 1
        if self.benefit != Benefit.NONE and self.benefit_months < CLOCK_MAX:
            self.benefit_months += 1
        if self.benefit == Benefit.WW:
            self.ww_months_left -= 1
        if (model.month + 1) % 12 == 0:
            counted = self.hours_this_year >= model.tables["bookkeeping"].rules.hours_per_year
            self.years_bits = ((self.years_bits << 1) | int(counted)) & 0xFF
            if counted and self.work_history_years < 127:
                self.work_history_years += 1
            self.hours_this_year = 0

    # -- income (simulation.income.columns: the household incomes the month ends with) -------
    def benefit_paid(self, month: int, ticked: bool = False) -> float:
        """This month's benefit, the employer's sick pay included (as Benefits.amounts with
        public_only=False): bijstand tops the household's net income up to its norm.
        ``ticked``: asked after the month's clocks were advanced, so read them a month back."""
        t, lag = self.model.tables["benefits"], int(ticked)
        if self.benefit == Benefit.NONE:
            return 0.0
        if self.benefit == Benefit.BIJSTAND:
            paid = self.bijstand_before_sanction(month, lag)
            if month - self.sanction_month < t.sanction_months:  # a maatregel this month
                paid = paid * (f32(1) - f32(t.sanction_cut))
            return float(paid)
        share = t.replacement[self.benefit]
        if self.benefit == Benefit.WW:
            if self.benefit_months - lag < t.replacement_first_months:
                share = f32(t.replacement_first)
            # the WW-maandloon less what a job beside WW earns (partial WW, art. 35a WW)
            earned = f32(self.wage) if self.working else f32(0)
            return float(max(f32(self.ww_wage) - earned, f32(0)) * share)
        return float(min(f32(self.wage), f32(t.max_monthly_wage)) * share + t.flat[self.benefit])

    def bijstand_before_sanction(self, month: int, lag: int = 0) -> np.float32:
        """Bijstand tops the household's net income up to its norm."""
        t = self.model.tables["benefits"]
        own, partner = self.countable_earnings_in(month, lag), self.partner
        if partner is None:
            young = month - self.birth_month < t.adult_norm_months
            norm = f32(t.norm_young if young else t.norm_single)
            return max(norm - own, f32(0))
        if partner.benefit == Benefit.BIJSTAND:
            both = own + partner.countable_earnings_in(month, lag)
            return max(f32(t.norm_couple) - both, f32(0)) / f32(2)
        return max(f32(t.norm_couple) - partner.income(lag, month) - own, f32(0))

    def countable_earnings_in(self, month: int, lag: int = 0) -> np.float32:
        """What bijstand counts of the own wage at ``month``: all of it net of the wage tax,
        less the disregard (25% up to a maximum) in a job's first months from 27 on, and for a
        single mother of a child under 12 a smaller one (12.5%) in the 30 months after; the
        months in the job ``lag`` back (1 once the month's clocks were advanced)."""
        t = self.model.tables["benefits"]
        if not self.working:
            return f32(0)
        wage = net(t.net_wage, t.top_rate, f32(self.wage))
        if (
            self.labour_state == LabourState.EMPLOYED
            and month - self.birth_month >= t.disregard_min_months
        ):
            months = self.months_in_state - lag
            if months < t.disregard_months:
                return wage - min(wage * t.disregard_share, t.disregard_max)
            if (
                self.single_mother_of_a_young_child(month)
                and months < t.disregard_months + t.single_parent_months
            ):
                return wage - min(wage * t.single_parent_share, t.single_parent_max)
        return wage

    def single_mother_of_a_young_child(self, month: int) -> bool:
        """No partner, a woman, and her youngest child under the disregard's age."""
        t = self.model.tables["benefits"]
        return (
            self.partner is None
            and self.sex == Sex.FEMALE
            and self.n_children > 0
            and self.youngest_child_month >= 0
            and month - self.youngest_child_month < t.single_parent_child_months
        )

    def yearly_sources(self, month: int, aow_months: int) -> dict[str, float]:
        """The year's income by source: a job's wage with 8% holiday allowance (a
        self-employed's as profit), sick pay from the employer as wage and the Ziektewet of a
        flexible worker as a UWV benefit, other UWV benefits, net bijstand, and when retired
        the AOW (the couple or single amount) with 40% of the last wage as pension, before the
        AOW age 70% of it."""
        p, paid = self.model.p, self.benefit_paid(month, ticked=True)  # after the month
        holiday = 1 + p["income.holiday_allowance"]
        wage = float(f32(self.wage))
        out = dict.fromkeys(("wage", "profit", "uwv_benefit", "aow", "pension", "bijstand"), 0.0)
        if self.labour_state == LabourState.EMPLOYED:
            if self.contract == Contract.SELF_EMPLOYED:
                out["profit"] = 12 * wage
            else:
                out["wage"] = 12 * wage * holiday
        if self.benefit == Benefit.SICKNESS:
            if self.contract == Contract.FLEX:
                out["uwv_benefit"] = 12 * paid
            else:
                out["wage"] += 12 * paid * holiday
        elif self.benefit == Benefit.BIJSTAND:
            out["bijstand"] = 12 * paid
        elif self.benefit != Benefit.NONE:
            out["uwv_benefit"] = 12 * paid
        if self.labour_state == LabourState.RETIRED:
            if month - self.birth_month >= aow_months:
                out["aow"] = p["income.aow.couple" if self.partner else "income.aow.single"]
                out["pension"] = p["income.pension_share_at_aow_age"] * 12 * wage * holiday
            else:
                out["pension"] = p["income.pension_share_before_aow_age"] * 12 * wage * holiday
        return out

    def children_at_home(self, january: int) -> list[int]:
        """A woman's children under 18: the youngest's age on 1 January, the others three
        years apart (income.children.spacing_years)."""
        if self.sex != Sex.FEMALE or self.youngest_child_month < 0:
            return []
        youngest = max((january - self.youngest_child_month) // 12, 0)
        spacing = self.model.p["income.children.spacing_years"]
        ages = [youngest + j * spacing for j in range(self.n_children)]
        return [a for a in ages if a < 18]


class ReferenceModel(mesa.Model):
    """The same people as a :class:`LifeCourseModel`, one agent each, the same month."""

    STAGES = (
        ("die_or_retire", "go_to_school", "fall_ill_or_recover", "maybe_separate",
         "maybe_look_for_partner"),
        ("maybe_give_birth", "work", "search", "claim_ww", "test_means", "enter_bijstand",
         "retest_means", "leave_bijstand"),
        ("integrate", "keep_the_books"),
    )  # fmt: skip

    def __init__(self, engine: LifeCourseModel):
        super().__init__(rng=engine.spec.seed)
        self.p, self.seed, self.month = engine.params, engine.spec.seed, engine.start_month
        self.whole_market = engine.spec.population.kind == "cross_section"
        self.aow_of_year = self.aow_age
        # the lookup tables the engine's processes build from the parameter files (a process's
        # typed tables flattened into one namespace, the job service's terms with labour's)
        self.tables = {name: process for name, process in engine.pipeline}
        labour, family = engine.labour, self.tables["family"]
        self.tables["labour"] = _flat(
            engine.jobs.terms, labour.job_rates, labour.finding_rates, self.tables["search"].flows
        )
        self.tables["labour"].job_change_wage_gain = labour.job_change_wage_gain
        self.benefit_response = engine.jobs.benefit_response
        self.tables["family"] = _flat(family.rates)
        self.tables["health"] = _flat(self.tables["health"].rates)
        self.tables["migration"] = _flat(self.tables["migration"].rules)
        benefits = self.tables["benefits"]
        self.tables["benefits"] = _flat(
            benefits.bijstand_rules, benefits.amount_rules, benefits.pensions
        )
        self.tables["benefits"].ww = benefits.ww
        self.tables["benefits"].ww_insured = benefits.ww_insured
        self.tables["benefits"].ww_stop_share = benefits.ww_stop_share
        shares = list(self.p["education.field_shares"].values())
        cumulative = [sum(shares[: k + 1]) / sum(shares) for k in range(len(shares))]
        # the engine's float32 bounds, the last one exactly 1
        self.field_bounds = [float(f32(b)) for b in cumulative[:-1]] + [1.0]
        self.people = [Person(self, row, engine.pop) for row in range(engine.pop.size)]
        #: children born during the run become persons (a cross-section's setting)
        self.newborns = engine.processes["family"].newborns
        #: people immigrate and emigrate (a cross-section's setting); the tables are the
        #: immigration step's (bounds and hazards from immigration.yaml)
        self.flows, self.immigration = engine.immigration, engine.immigration.enabled
        resident = [
            a for a in self.people
            if a.labour_state < LabourState.DEAD and 15 <= a.age_months // 12 <= 67
        ]  # fmt: skip
        self.scale = len(resident) / self.flows.flows.national_population_15_67
        self.carry = 0.0

    def household_incomes(self) -> dict[int, dict[str, float]]:
        """Every household's income at the month just simulated, agent by agent, as the
        engine's monthly rule takes it (simulation.income.columns): per head row the members'
        tax and premiums, the allowances and the disposable income, from the law's own
        functions (simulation.income.household_income) on the household's incomes."""
        from simulation.income import IncomeRules, Incomes, Persons, household_income

        p, month = self.p, self.month - 1
        january, aow_months = month // 12 * 12, self.aow_of_year(month // 12)
        rules = IncomeRules.from_parameters(p)
        spread = p["allowances.huurtoeslag.rent_spread"]
        out = {}
        for a in self.people:
            mate = a.partner
            if a.labour_state >= LabourState.DEAD or (mate is not None and mate.row < a.row):
                continue  # the dead and abroad have no household; a couple's lower row heads
            if (
                mate is None
                and a.labour_state == LabourState.SCHOOL
                and ((january - a.birth_month) // 12 < 18)
            ):
                continue  # a pupil at home
            members = [a] if mate is None else [a, mate]
            kids = next((k for m in members if (k := m.children_at_home(january))), [])
            ages = [(january - m.birth_month) // 12 for m in members]
            sources = [m.yearly_sources(month, aow_months) for m in members]
            old = [month - m.birth_month >= aow_months for m in members]
            n = len(members)
            persons = Persons(
                partner=[-1] if n == 1 else [1, 0], age=ages,
                birth_year=[m.birth_month // 12 for m in members], aow_age=old,
                wajong=[m.benefit == Benefit.WAJONG for m in members],
                permanent=[m.contract == Contract.PERMANENT for m in members],
                children=[kids + [-1] * (8 - len(kids))] * n,
            )  # fmt: skip
            incomes = Incomes.of(n, **{k: [s[k] for s in sources] for k in sources[0]})
            joint = household_income(incomes, persons, rules).toetsingsinkomen[0]
            at_home = False
            table = p["income.at_home"]
            if n == 1 and not kids and 0 <= ages[0] < 30:
                share = [v for b, v in sorted(table.items()) if b <= ages[0]][-1]
                at_home = trait(self.seed, "income.at_home", a.row) < f32(share)
            kind = ("couple_with_children" if kids else "couple") if n == 2 else (
                "single_parent" if kids else "single")  # fmt: skip
            rent = 0.0
            low = joint <= p["allowances.huurtoeslag.low_income_limit"]
            renting = p["allowances.huurtoeslag.renting_share_low_income" if low
                        else "allowances.huurtoeslag.renting_share"][kind]  # fmt: skip
            if not at_home and trait(self.seed, "income.tenure", a.row) < renting:
                u = trait(self.seed, "income.rent", a.row)
                rent = p["allowances.huurtoeslag.monthly_rent"][kind] * (1 + spread * (2 * u - 1))
            persons.rent = np.full(n, rent)
            result = household_income(incomes, persons, rules)
            wages = np.minimum(incomes.wage, rules.tax.zvw_maximum)
            premiums = result.tax.zvw_own + result.tax.employer_premiums
            premiums = premiums + rules.tax.zvw_employer_rate * wages
            adults = sum(age >= 18 for age in ages)
            out[a.row] = {
                "tax": [float(x) for x in result.tax.paid],
                "premiums": [float(x) for x in premiums],
                "allowances": float(result.allowances[0]),
                "disposable": float(result.disposable[0]) - p["income.nominal_premium"] * adults,
                "members": [m.row for m in members],
            }
        return out

    def aow_age(self, year: int) -> int:
        """The AOW age in months: the law's table, then two thirds of the rise in life
        expectancy at 65, in steps of 3 months (``demography.aow_link``)."""
        table = self.p["demography.aow_age_months"]
        last = max(int(k) for k in table)
        if year <= last:
            return _in_force(table, year)
        rule, known = self.p["demography.aow_link"], self.p["demography.life_expectancy_65"]
        latest = max(int(k) for k in known)
        age = _in_force(table, last)
        for t in range(last + 1, year + 1):
            if t in known:
                life = known[t]
            else:
                life = known[latest] + self.p["demography.life_expectancy_65_trend"] * (t - latest)
            gain = (life - rule["reference_life_expectancy"]) * rule["share"]
            if gain - (age / 12 - rule["base_age"]) >= rule["threshold"]:
                age += rule["step_months"]
        return age

    def step(self) -> None:
        self.aow_months = self.aow_of_year(self.month // 12)
        self.chain_limit = _in_force(self.p["labour.chain_limit_months"], self.month // 12)
        self.cycle = _on_path(self.p["economy.cycle"], self.month)
        self.sector_demand = [
            _on_path(self.p[f"economy.sector_demand.{f.name.lower()}"], self.month) for f in Field
        ]
        before, middle, after = self.STAGES
        for stage in before:
            self.agents.do(stage)
        self.match_partners()
        for stage in middle:
            if stage == "search":  # after the job outcomes, as the engine's job finding
                self.compete()
            self.agents.do(stage)
        if self.immigration:
            self.emigration()
            self.arrivals()
        for stage in after:
            self.agents.do(stage)
        self.month += 1

    def compete(self) -> None:
        """Per segment (education x region), the factor on the job finding of seekers without
        an intervention's multiplier: the participants' extra expected job finds times this
        month's displacement share, taken from the others' in proportion."""
        normal, slump, at = (
            self.p[f"labour.displacement.{key}"] for key in ("share", "share_slack", "slack_cycle")
        )
        slack = min(max((1.0 - self.cycle) / (1.0 - at), 0.0), 1.0)
        share = normal + (slump - normal) * slack
        if not self.whole_market:  # a group or cohort: others outside the run lose
            share = 0.0
        segments = len(Education) * len(Region)
        extra, others = [0.0] * segments, [0.0] * segments
        for a in self.people:
            hazard = a.job_finding_hazard() if a.finds_jobs else None
            if hazard is None:
                continue
            if a.job_finding_factor != 1.0:
                extra[a.segment] += hazard * (a.job_finding_factor - 1.0)
            else:
                others[a.segment] += hazard
        self.competition = [
            max(1.0 - share * e / o, 0.0) if share > 0 and o > 0 and e != 0 else 1.0
            for e, o in zip(extra, others, strict=True)
        ]

    def emigration(self) -> None:
        """Who leaves this month: the drawn, their partners, the mothers' children under 18."""
        movers = {
            a.row
            for a in self.people
            if a.labour_state < LabourState.DEAD
            and a.uniform("immigration.leave") < a.emigration_draw_hazard()
        }
        adults = movers | {self.people[r].partner_id for r in movers}
        adults.discard(-1)
        children = {
            a.row
            for a in self.people
            if a.mother_id in adults
            and a.age_months < 18 * 12
            and a.labour_state < LabourState.DEAD
        }
        for row in sorted(adults | children):
            self.people[row].emigrate()

    def arrivals(self) -> None:
        """A twelfth of the year's immigrants at the simulation's scale, the fraction carried."""
        path = sorted((int(k), float(v)) for k, v in self.p["immigration.national"].items())
        year = self.month // 12
        national = path[-1][1]
        if year <= path[0][0]:
            national = path[0][1]
        else:
            for (y0, v0), (y1, v1) in itertools.pairwise(path):
                if year < y1:
                    national = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
                    break
        self.carry += national * self.scale / 12
        n = int(self.carry)
        self.carry -= n
        for _ in range(n):
            Person.immigrant(self)

    def match_partners(self) -> None:
        """Pair this month's seekers within each region, men and women by rank of age."""
        max_gap = int(self.p["family.partnering_max_age_gap"])
        for region in Region:
            here = [a for a in self.people if a.looking and a.region == region]
            men = sorted((a for a in here if a.sex == Sex.MALE), key=lambda a: a.birth_month)
            women = sorted((a for a in here if a.sex == Sex.FEMALE), key=lambda a: a.birth_month)
            k = min(len(men), len(women))
            if k == 0:
                continue
            step = max(len(men), len(women)) / k
            pick = [int((j + 0.5) * step) for j in range(k)]
            if len(men) > k:
                men = [men[j] for j in pick]
            elif len(women) > k:
                women = [women[j] for j in pick]
            for man, woman in zip(men, women, strict=True):
                if abs(man.birth_month - woman.birth_month) <= max_gap:
                    man.partner_id, woman.partner_id = woman.row, man.row
                    for person in (man, woman):
                        if person.first_partner_age < 0:
                            person.first_partner_age = self.month - person.birth_month

    def column(self, name: str) -> np.ndarray:
        return np.array([getattr(person, name) for person in self.people])


def _in_force(table: dict, year: int) -> int:
    """The value of a table keyed by year in ``year``: the last key at or before it."""
    earlier = [int(k) for k in table if int(k) <= year] or [min(int(k) for k in table)]
    key = max(earlier)
    return int(table[key] if key in table else table[str(key)])


def _on_path(path: dict, month: int) -> float:
    """A calendar path's value in an absolute month: the value of the last 'YYYY-MM' key at or
    before it, 1.0 before the first."""
    value = 1.0
    for key, factor in sorted(path.items()):
        if int(key[:4]) * 12 + int(key[5:]) - 1 <= month:
            value = float(factor)
    return value


def _flat(*tables) -> SimpleNamespace:
    """The fields of several parameter tables as one namespace."""
    return SimpleNamespace(**{k: v for table in tables for k, v in table._asdict().items()})


def pair(
    persons: int,
    seed: int = 11,
    years: float = 3,
    kind: str = "cross_section",
    scenario: str | None = None,
) -> tuple[LifeCourseModel, ReferenceModel]:
    """The engine and the reference on the same people: a cross-section aged 15-67 or a birth
    cohort from 12 (``kind``) of the base scenario, or the population of ``scenario``."""
    spec = as_scenario(scenario)
    if scenario is None:
        spec = spec.with_changes(population={"kind": kind, "size": persons})
    else:
        spec = spec.with_changes(population={**spec.population.model_dump(), "size": persons})
    engine = LifeCourseModel(spec, seed=seed, years=years)
    return engine, ReferenceModel(engine)
