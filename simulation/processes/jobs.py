"""The job service: starting and ending a job, a new job's contract, hours and wage, and the
chain rule's limit, for every process that moves someone into or out of work.

The labour market (``labour.py``) uses it, and so do demography (early exit), family (mothers
leaving work, hours after a separation), the interventions and the synthetic starting
population: one place for what a job is.
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

import numpy as np
from scipy.special import ndtri

from simulation.calendar import WEEKS_PER_MONTH, by_year
from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Event,
    Health,
    LabourState,
    Migration,
    Sex,
)
from simulation.parameters import Parameters
from simulation.population import Population
from simulation.processes import At, By, World, read_table
from simulation.processes.incentives import BenefitResponse
from simulation.processes.ww import WWClaims
from simulation.rows import rows_where

#: benefits a new job ends at once (bijstand tops a job up until the household's income reaches
#: its norm: the benefits step tests that the same month)
_BENEFIT_END = {Benefit.WW: Event.WW_END}

#: the columns that starting or ending a job changes (part of the ``writes`` of its callers)
WRITES = (
    "labour_state", "months_in_state", "benefit", "benefit_months", "ww_months_left",
    "ww_ran_out", "contract", "hours", "wage", "employer_months", "job_from_ww", "ww_wage",
)  # fmt: skip


def wage_level(u: np.ndarray, dispersion: float) -> np.ndarray:
    """A person's wage relative to others of the same education and experience: lognormal with
    mean 1 and ``dispersion`` the sd of its log, from the person's uniform trait ``u``."""
    z = ndtri(u.astype(np.float64) + 2.0**-25)  # u is a multiple of 2^-24 in [0, 1): never 0
    return np.exp(dispersion * z - dispersion**2 / 2).astype(np.float32)


class Terms(NamedTuple):
    """A new job's terms (labour.yaml, and the mother effect of family.yaml)."""

    flexible_start: Annotated[np.ndarray, By(Education)]
    refugee_flexible_start: float
    starter_flexible_start: float
    starter_flexible_months: int
    ww_flexible_factor: float
    self_employed_start: float
    hours: Annotated[np.ndarray, By(Sex)]
    hours_conduct_problems: float
    hours_emotional_problems: float
    hourly_wage: Annotated[np.ndarray, By(Education)]
    wage_dispersion: float
    hourly_minimum_wage: float
    wage_migration_factor: Annotated[np.ndarray, By(Migration)]
    wage_conduct_factor: float
    wage_emotional_factor: float
    wage_growth: Annotated[np.ndarray, By(Education)]
    wage_growth_until_age: int
    fatherhood_wage_growth_factor: float
    experience_cap_months: int
    mother_hours_factor: Annotated[float, At("family.mother_hours_factor")]
    mother_child_months: int
    late_mother_months: int
    chain_limit_months: dict
    full_chain_share: float
    unstable_share: float
    unstable_job_loss_factor: float
    ww_part_time_job_share: float
    ww_part_time_hours: float
    bijstand_part_time_job_share: float
    bijstand_part_time_hours: float
    ww_stop_share: Annotated[np.float32, At("benefits.ww.work_stop_share")]
    partial_hours_lost: float


def growth_now(work_history_years: np.ndarray, growth: np.ndarray, cap_months: int) -> np.ndarray:
    """Wage growth per month at a work record of ``work_history_years``: ``growth`` at the start
    of a career, falling linearly to none at ``cap_months`` of experience. A Mincer profile (log
    wage quadratic in experience): wages rise fast early in a career and level off."""
    months = work_history_years.astype(np.float32) * np.float32(12)
    return growth * np.maximum(np.float32(1) - months / np.float32(cap_months), np.float32(0))


def experience_factor(
    work_history_years: np.ndarray, growth: np.ndarray, cap_months: int
) -> np.ndarray:
    """A new job's wage over a starter's after ``work_history_years`` of experience: the
    months of :func:`growth_now` compounded, ``exp(log(1 + growth) * (x - x^2 / 2 cap))`` for
    x months of experience up to ``cap_months``."""
    months = np.minimum(work_history_years.astype(np.float32) * np.float32(12), cap_months)
    weighted = months - months * months / np.float32(2 * cap_months)
    return np.exp(np.log1p(growth) * weighted).astype(np.float32)


class Jobs:
    """Start and end jobs; the terms of a new job."""

    def __init__(self, params: Parameters):
        p = params
        self.terms = read_table(
            p,
            "labour",
            Terms,
            experience_cap_months=p["labour.experience_cap_years"] * 12,
            mother_child_months=p["family.mother_hours_child_age"] * 12,
            late_mother_months=p["family.late_mother_age"] * 12,
        )
        self.ww_claims = WWClaims(p)
        #: what work pays benefit recipients under a scenario's WW, norm and disregard
        self.benefit_response = BenefitResponse(p)
        self._full_chain = np.zeros(0, dtype=bool)
        self._full_chain_of: Population | None = None

    def chain_limit(self, year: int) -> int:
        """The chain rule's limit in ``year``, in months with one employer (I5.1)."""
        return int(by_year(self.terms.chain_limit_months, year))

    def full_chain(self, w: World) -> np.ndarray:
        """Whether each row works in the part of the market whose employers keep temporary
        workers on temporary contracts up to the chain limit (A5.7): a trait, drawn once per
        person and kept, as the population only grows by appended rows."""
        if self._full_chain_of is not w.pop:
            self._full_chain_of, self._full_chain = w.pop, np.zeros(0, dtype=bool)
        known = self._full_chain.size
        if known != w.pop.size:  # new rows (first use, or newborns): draw theirs, keep the rest
            rows = np.arange(known, w.pop.size, dtype=np.int64)
            new = w.draws.trait("labour.full_chain", rows) < self.terms.full_chain_share
            self._full_chain = np.concatenate([self._full_chain, new])
        return self._full_chain

    def unstable(self, u: np.ndarray, share: float | None = None) -> np.ndarray:
        """Each person's lifelong trait from a uniform ``u``: whether their jobs end
        ``unstable_job_loss_factor`` times as often (A5.5). ``share`` is the trait's share among
        the people drawn (default: ``unstable_share``, the population's)."""
        return u < (self.terms.unstable_share if share is None else share)

    @property
    def entrant_unstable_share(self) -> float:
        """The unstable share among people entering unemployment: the population's share
        weighted by how often their jobs end (an inflow over-represents the unstable)."""
        s, k = self.terms.unstable_share, self.terms.unstable_job_loss_factor
        return s * k / (s * k + 1 - s)

    def new_job_terms(
        self, w: World, idx: np.ndarray, leaving_ww: np.ndarray | None = None
    ) -> None:
        """Contract, hours and wage of a new job for persons ``idx`` (``leaving_ww``: which of
        them leave WW for it)."""
        pop, t = w.pop, self.terms
        flex_p = np.where(
            pop.migration[idx] == Migration.REFUGEE,
            np.float32(t.refugee_flexible_start),
            t.flexible_start[pop.education[idx]],
        )
        left = pop.school_left_month[idx]
        starter = (left >= 0) & (w.month - left <= t.starter_flexible_months)
        flex_p = np.where(starter, np.float32(t.starter_flexible_start), flex_p)
        # WW recipients, experienced workers with a recent work record, are hired on
        # temporary contracts less often (A5.5)
        if leaving_ww is not None:
            experienced = leaving_ww & (pop.migration[idx] != Migration.REFUGEE)  # A8.9
            flex_p = np.where(experienced, flex_p * np.float32(t.ww_flexible_factor), flex_p)
        u = w.draws.uniform("labour.contract_type", idx)
        self_employed = u < t.self_employed_start
        flexible = u < t.self_employed_start + flex_p * (1 - t.self_employed_start)
        pop.contract[idx] = np.select(
            [self_employed, flexible], [Contract.SELF_EMPLOYED, Contract.FLEX], Contract.PERMANENT
        )
        pop.hours[idx] = self.hours_for(w, idx)
        pop.wage[idx] = self.wage_for(w, idx)
        pop.employer_months[idx] = 0
        pop.job_from_ww[idx] = False if leaving_ww is None else leaving_ww

    def hours_for(self, w: World, idx: np.ndarray) -> np.ndarray:
        """Weekly hours of a new job: by sex, fewer with conduct or lasting emotional problems
        (A1.6), and fewer for young partnered mothers of a child under 18 (A4.2)."""
        pop, t = w.pop, self.terms
        hours = t.hours[pop.sex[idx]].copy()
        hours += np.where(pop.conduct_problems[idx], t.hours_conduct_problems, 0.0).astype(
            np.float32
        )
        emotional = pop.adolescent_depression[idx] & (pop.health[idx] == Health.MENTAL)
        hours += np.where(emotional, t.hours_emotional_problems, 0.0).astype(np.float32)
        # A4.2: young partnered mothers of a young child work fewer hours; single or late do not
        young_child = (pop.youngest_child_month[idx] >= 0) & (
            w.month - pop.youngest_child_month[idx] < t.mother_child_months
        )
        mother_age = pop.youngest_child_month[idx] - pop.birth_month[idx]
        penalised = (
            (pop.sex[idx] == Sex.FEMALE)
            & young_child
            & (pop.partner_id[idx] >= 0)
            & (mother_age < t.late_mother_months)
        )
        return np.where(penalised, hours * np.float32(t.mother_hours_factor), hours)

    def wage_for(self, w: World, idx: np.ndarray) -> np.ndarray:
        """Monthly wage: hourly wage by education, raised by experience and the person's own
        wage level (a trait: most of the spread of wages lies within education and experience,
        and stays with the person from job to job), at least the minimum."""
        pop, t = w.pop, self.terms
        edu = pop.education[idx]
        hourly = t.hourly_wage[edu] * experience_factor(
            pop.work_history_years[idx], t.wage_growth[edu], t.experience_cap_months
        )
        hourly = hourly * wage_level(w.draws.trait("labour.wage_level", idx), t.wage_dispersion)
        hourly = hourly * t.wage_migration_factor[pop.migration[idx]]
        hourly = np.where(pop.conduct_problems[idx], hourly * t.wage_conduct_factor, hourly)
        hourly = np.where(pop.adolescent_depression[idx], hourly * t.wage_emotional_factor, hourly)
        hourly = np.maximum(hourly, t.hourly_minimum_wage)
        return (hourly * pop.hours[idx] * WEEKS_PER_MONTH).astype(np.float32)

    def start_jobs(self, w: World, idx: np.ndarray) -> None:
        """Persons ``idx`` start a job this month. Bijstand stays for the benefits step's means
        test (it tops up a job that pays less than the household's norm); so does WW for a job
        that earns at most ww_stop_share of the WW-maandloon (partial WW, art. 35a WW). Some
        recipients of either take a part-time job beside it (``*_part_time_job_share``, with
        ``*_part_time_hours`` of the usual hours); WW stops for the others."""
        pop, t = w.pop, self.terms
        on_ww = pop.benefit[idx] == Benefit.WW
        on_bijstand = pop.benefit[idx] == Benefit.BIJSTAND
        u = w.draws.uniform("labour.part_time_job", idx)
        response = self.benefit_response
        share = np.where(
            on_ww, response.ww_part_time_shares(w, idx), response.small_job_shares(w, idx)
        )
        part_time = (on_ww | on_bijstand) & (u < share)
        fraction = np.where(on_ww, t.ww_part_time_hours, t.bijstand_part_time_hours)
        pop.ww_ran_out[idx] = False
        self.new_job_terms(w, idx, on_ww)
        shrink = idx[part_time]
        pop.hours[shrink] *= fraction[part_time].astype(np.float32)
        pop.wage[shrink] *= fraction[part_time].astype(np.float32)
        tops_up = on_ww & (pop.wage[idx] <= t.ww_stop_share * pop.ww_wage[idx])
        keeps = (pop.benefit[idx] == Benefit.SICKNESS) | (pop.benefit[idx] == Benefit.BIJSTAND)
        keeps |= tops_up
        for benefit, event in _BENEFIT_END.items():
            w.log.record(event, w.month, idx[(pop.benefit[idx] == benefit) & ~keeps])
        pop.ww_months_left[idx[~tops_up]] = 0
        pop.set_benefit(idx[~keeps], Benefit.NONE)
        pop.set_state(idx, LabourState.EMPLOYED)
        w.log.record(Event.JOB_START, w.month, idx)

    def cut_hours(self, w: World, idx: np.ndarray) -> None:
        """Employees ``idx`` lose ``partial_hours_lost`` of their hours and wage (partial
        unemployment: at least 5 hours a week or half one's hours, art. 16 WW). Those who
        qualify get WW on the wage they had; the benefits' amounts pay it on the lost part, as
        they take what is earned beside WW off (art. 35a)."""
        if idx.size == 0:
            return
        pop = w.pop
        had = pop.wage[idx].copy()
        kept = np.float32(1 - self.terms.partial_hours_lost)
        pop.hours[idx] *= kept
        pop.wage[idx] *= kept
        w.log.record(Event.HOURS_CUT, w.month, idx)
        self.ww_claims.grant(w, idx, had)

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

    def wage_growth(self, w: World) -> None:
        """Wages rise once a year, in January, by twelve months of growth at the worker's
        experience (as collective agreements and steps on the pay scale raise them), for those
        working and younger than wage_growth_until_age."""
        if w.month % 12 != 0:
            return
        pop, t = w.pop, self.terms
        growing = rows_where(
            (pop.labour_state == LabourState.EMPLOYED) & (w.age_years < t.wage_growth_until_age)
        )
        growth = growth_now(
            pop.work_history_years[growing],
            t.wage_growth[pop.education[growing]],
            t.experience_cap_months,
        )
        father = (
            (pop.sex[growing] == Sex.MALE)
            & (pop.partner_id[growing] >= 0)
            & (pop.n_children[growing] > 0)
        )
        growth = np.where(father, growth * np.float32(t.fatherhood_wage_growth_factor), growth)
        pop.wage[growing] *= (1 + growth) ** 12
