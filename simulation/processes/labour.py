"""Labour market: job loss, contracts and the chain rule, job changes, job finding, wage
growth. Moving between looking for work and inactivity is ``search.py``.

Hazards are monthly probabilities built as a base rate (by education or contract) times
multipliers for the person's region, city, migration background, health, age, children and
unemployment duration; each multiplier is an entry of ``labour.yaml`` with its source, read into
the typed tables below under its own name. Starting and ending jobs, and a new job's terms, are
the job service's (``jobs.py``); the month's business-cycle and sector factors are the
economy's (``simulation/economy.py``); who of the seekers finds a job, competing for their
segment's vacancies, is ``vacancies.py``'s; bijstand clients' response to what work pays them is
``incentives.py``'s.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Event,
    Health,
    LabourState,
    Migration,
    Region,
)
from simulation.economy import Economy
from simulation.executors import in_parallel, joined
from simulation.parameters import Parameters
from simulation.processes import At, Bands, By, Process, World, read_table
from simulation.processes.jobs import WRITES as JOB_WRITES
from simulation.processes.jobs import Jobs
from simulation.processes.vacancies import DisplacementRule, displacement_share, job_finders
from simulation.random import draw

#: cells of the WW exhaustion table: months left 0 to 38 (WW's longest, before 2016); a longer
#: entitlement shares the last cell
WW_LEFT_CELLS = 39

# what happens to a job this month (the codes _job_outcomes returns)
KEEP, LOSE, QUIT, CHANGE, PROMOTED, LET_GO, HOURS_CUT = range(7)


class JobColumns(NamedTuple):
    """What the job-outcome kernel reads of each worker (``full_chain`` is a trait)."""

    labour_state: np.ndarray
    contract: np.ndarray
    benefit: np.ndarray
    health: np.ndarray
    disability: np.ndarray
    migration: np.ndarray
    region: np.ndarray
    big_city: np.ndarray
    employer_months: np.ndarray
    school_left_month: np.ndarray
    job_loss_factor: np.ndarray
    unstable: np.ndarray
    age_years: np.ndarray
    full_chain: np.ndarray


class JobRates(NamedTuple):
    """Job loss, quitting, job changes and the move to a permanent contract (labour.yaml)."""

    #: [contract, health]: job_loss by contract times job_loss_health_factor
    job_loss: np.ndarray
    disability_job_loss: Annotated[np.ndarray, By(Disability, np.float64)]
    employed_to_inactive: float
    job_change: float
    #: by age in years: the young change employer far more often than the old
    job_change_age_factor: Annotated[np.ndarray, Bands()]
    #: by age in years: job loss at the same contract and circumstances
    job_loss_age_factor: Annotated[np.ndarray, Bands()]
    chain_limit_permanent: float
    disability_permanent_factor: Annotated[np.ndarray, By(Disability)]
    #: by migration: refugee_permanent_factor for refugees, 1 for others (A8.9)
    permanent_factor_by_migration: np.ndarray
    #: by migration: flex_to_permanent x migration_factor x permanent_factor_by_migration
    flex_to_permanent_by_migration: np.ndarray
    region_factor: Annotated[np.ndarray, By(Region)]
    #: indexed by the big_city column: 1 outside, big_city_factor inside
    big_city_factor: np.ndarray
    #: by months with the employer
    starter_permanent_factor: Annotated[np.ndarray, Bands()]
    starter_months: int
    starter_job_loss_factor: float
    unstable_job_loss_factor: float
    partial_job_loss: float


@numba.njit(cache=True, nogil=True)
def _job_outcomes(c, t, month, loss_key, contract_key, chain_limit, loss_by_migration,
                  loss_by_contract, start, stop):  # fmt: skip  # pragma: no cover
    """Rows of the employed whose job changes this month and how (KEEP is left out).

    One draw decides loss (low end, by age; its top ``partial_job_loss`` a cut in hours for
    employees without a benefit or disability), quitting (top end) or a job change (just below
    it, by age); a second draw decides whether a temporary contract turns permanent, the chain
    rule (I5.1) at the limit making the worker permanent or ending the job (A5.7); the
    temporary contracts of people in the full-chain part of the market (``full_chain``) turn
    permanent only there.
    Unlike the other kernels this one branches: written branch-free it does all the work for
    every row and is twice as slow (measured).
    """
    rows = np.empty(stop - start, np.int64)
    outcomes = np.empty(stop - start, np.int8)
    n = 0
    last_tenure = t.starter_permanent_factor.size - 1
    stays = 1.0 - t.employed_to_inactive
    last_age = min(t.job_change_age_factor.size, t.job_loss_age_factor.size) - 1
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        if c.labour_state[i] != LabourState.EMPLOYED:
            continue
        contract, mig = c.contract[i], c.migration[i]
        age = min(np.int64(c.age_years[i]), last_age)
        # a float64 product, left to right, by age; disability adds its own risk (A9.9)
        hazard = np.float64(t.job_loss[contract, c.health[i]])
        if c.unstable[i]:  # the minority whose jobs end often (A5.5)
            hazard *= t.unstable_job_loss_factor
        hazard *= t.job_loss_age_factor[age]
        hazard += t.disability_job_loss[c.disability[i]]
        hazard *= c.job_loss_factor[i]
        hazard *= loss_by_migration[mig]
        hazard *= loss_by_contract[contract]
        left = c.school_left_month[i]
        starter = left >= 0 and month - left < t.starter_months
        if starter:  # young workers' jobs end more often (A5.4)
            hazard *= t.starter_job_loss_factor
        u = draw(loss_key, i)
        outcome = KEEP
        if u < hazard:
            outcome = LOSE
            if u >= hazard * (1.0 - t.partial_job_loss) and c.benefit[i] == Benefit.NONE:
                employee = contract != Contract.SELF_EMPLOYED and c.disability[i] == Disability.NONE
                outcome = HOURS_CUT if employee else LOSE
        elif u > stays:
            outcome = QUIT
        else:
            if u > stays - t.job_change * t.job_change_age_factor[age]:
                outcome = CHANGE
            if contract == Contract.FLEX:
                u_contract = draw(contract_key, i)
                if c.employer_months[i] >= chain_limit:
                    slow = np.float64(t.permanent_factor_by_migration[mig])
                    promoted = u_contract < t.chain_limit_permanent * slow
                    outcome = PROMOTED if promoted else LET_GO
                elif not c.full_chain[i]:
                    rate = np.float64(t.flex_to_permanent_by_migration[mig])
                    rate *= t.region_factor[c.region[i]]
                    rate *= t.big_city_factor[np.int64(c.big_city[i])]
                    rate *= t.disability_permanent_factor[c.disability[i]]
                    # starters' temporary contracts turn permanent more often after a year or
                    # two (A5.6)
                    if starter:
                        tenure = min(c.employer_months[i], last_tenure)
                        rate *= t.starter_permanent_factor[tenure]
                    if u_contract < rate:
                        outcome = PROMOTED
        if outcome != KEEP:
            rows[n] = i
            outcomes[n] = outcome
            n += 1
    return rows[:n].copy(), outcomes[:n].copy()


class SeekerColumns(NamedTuple):
    """What the job-finding kernel reads of each person."""

    labour_state: np.ndarray
    months_in_state: np.ndarray
    education: np.ndarray
    age_years: np.ndarray
    region: np.ndarray
    big_city: np.ndarray
    migration: np.ndarray
    health: np.ndarray
    n_children: np.ndarray
    benefit: np.ndarray
    benefit_months: np.ndarray
    school_left_month: np.ndarray
    language_level: np.ndarray
    field: np.ndarray
    disability: np.ndarray
    ww_months_left: np.ndarray
    ww_ran_out: np.ndarray
    job_finding_factor: np.ndarray
    sanction_month: np.ndarray
    #: the months of notice of a job that ended this month on the employer's side (0: none)
    notice: np.ndarray


class FindingRates(NamedTuple):
    """Job finding: the base rate by education and its multipliers (labour.yaml; the refugee
    terms of migration.yaml and the disabled's rates of health.yaml)."""

    job_finding: Annotated[np.ndarray, By(Education)]
    age_factor: Annotated[np.ndarray, Bands()]
    region_factor: Annotated[np.ndarray, By(Region)]
    #: indexed by the big_city column: 1 outside, big_city_factor inside
    big_city_factor: np.ndarray
    migration_factor: Annotated[np.ndarray, By(Migration)]
    health_factor: Annotated[np.ndarray, By(Health)]
    #: by number of children, the last cell for three or more
    children_factor: Annotated[np.ndarray, Bands(4)]
    long_term_months: int
    long_term_factor: np.float32
    inactive_job_finding_factor: np.float32
    #: by months on bijstand
    bijstand_factor: Annotated[np.ndarray, Bands()]
    ww_job_finding_factor: np.float32
    #: by months of WW entitlement left (0: the last month paid), the last cell for more
    ww_exhaustion_factor: Annotated[np.ndarray, Bands(WW_LEFT_CELLS)]
    starter_job_finding_months: int
    starter_job_finding_factor: np.float32
    language_job_finding_factor: Annotated[float, At("migration.language_job_finding_factor")]
    network_job_finding_share: Annotated[float, At("migration.network_job_finding_share")]
    wga_job_finding: Annotated[np.float32, At("health.wga_job_finding")]
    wajong_job_finding: Annotated[np.float32, At("health.wajong.job_finding")]
    sanction_exit_factor: Annotated[float, At("benefits.bijstand.sanction.exit_factor")]
    sanction_effect_months: Annotated[int, At("benefits.bijstand.sanction.effect_months")]
    #: by the contract that ends: the months an employee knows their job will end
    notice_months: Annotated[np.ndarray, By(Contract, np.int64)]
    notice_search_factor: float


@numba.njit(cache=True, nogil=True)
def _seekers(c, t, month, cycle_by_migration, sector_demand, start, stop):  # pragma: no cover
    """Among rows ``start`` to ``stop``, the job seekers (unemployed, or disabled with work
    capacity, for a month or more) and the people outside the labour force (who take a job
    without searching first, at ``inactive_job_finding_factor`` of a seeker's rate), with
    their monthly hazard: the base rate by education times a multiplier for each
    circumstance; disabled people find work at their own, low rates. An employee whose job the
    labour market ended this month (``c.notice``: its months of notice) searched during the
    notice at ``notice_search_factor`` of the hazard of a seeker without WW (their benefit
    starts after it): their chance is of a job before the old one ended, so they move on
    without a spell of unemployment and claim no WW. The multipliers applied after this kernel
    (what work pays a recipient, an intervention's, the competition for vacancies) scale that
    chance, not the monthly hazard."""
    seekers = np.empty(stop - start, np.int64)
    hazards = np.empty(stop - start, np.float64)
    n = 0
    last_children = t.children_factor.size - 1
    last_bijstand = t.bijstand_factor.size - 1
    last_ww = t.ww_exhaustion_factor.size - 1
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        state = c.labour_state[i]
        if (
            state != LabourState.UNEMPLOYED
            and state != LabourState.DISABLED
            and state != LabourState.INACTIVE
        ):
            continue
        notice = 0
        if c.months_in_state[i] == 0:
            # only a job the labour market ended this month: its notice was a search on the job
            notice = np.int64(c.notice[i])
            if notice == 0 or state != LabourState.UNEMPLOYED:
                continue
        if state == LabourState.INACTIVE and c.migration[i] == Migration.REFUGEE:
            continue  # refugees find their way through the integration process
        if state == LabourState.DISABLED:
            if c.disability[i] == Disability.WGA:
                hazard = np.float64(t.wga_job_finding)
            elif c.disability[i] == Disability.WAJONG:
                hazard = np.float64(t.wajong_job_finding)
            else:
                continue
        else:
            mig = c.migration[i]
            hazard = np.float64(t.job_finding[c.education[i]])  # float64, left to right
            hazard *= t.age_factor[c.age_years[i]]
            hazard *= t.region_factor[c.region[i]]
            hazard *= t.big_city_factor[np.int64(c.big_city[i])]
            hazard *= t.migration_factor[mig]
            hazard *= t.health_factor[c.health[i]]
            hazard *= t.children_factor[min(c.n_children[i], last_children)]
            if state == LabourState.INACTIVE:
                # people outside the labour force who take a job without a search first
                hazard *= t.inactive_job_finding_factor
            elif c.months_in_state[i] >= t.long_term_months:
                hazard *= t.long_term_factor
            if c.benefit[i] == Benefit.BIJSTAND:
                hazard *= t.bijstand_factor[min(c.benefit_months[i], last_bijstand)]
                if month - c.sanction_month[i] <= t.sanction_effect_months:
                    hazard *= t.sanction_exit_factor  # a cut spurs the search for a while
            elif c.benefit[i] == Benefit.WW:
                hazard *= t.ww_job_finding_factor
                # search intensifies as the benefit's end nears (the exit spike)
                hazard *= t.ww_exhaustion_factor[min(max(c.ww_months_left[i], 0), last_ww)]
            elif c.ww_ran_out[i] and c.benefit[i] == Benefit.NONE:
                # after WW runs out, search goes on as in its last month (the re-employment
                # hazard rises by about a fifth at exhaustion, not several-fold); bijstand's
                # own factor covers those who move on to it
                hazard *= t.ww_job_finding_factor
                hazard *= t.ww_exhaustion_factor[0]
            left = c.school_left_month[i]
            if left >= 0 and month - left <= t.starter_job_finding_months:
                hazard *= t.starter_job_finding_factor
            if mig == Migration.REFUGEE:
                # A8.10: language raises job chances; A8.11: a third of jobs come through
                # networks
                language = np.float64(c.language_level[i]) - 1.0
                language = 1.0 + t.language_job_finding_factor * max(language, 0.0)
                hazard *= language / (1.0 - t.network_job_finding_share)
            hazard *= cycle_by_migration[mig]
            hazard *= sector_demand[c.field[i]]
            if notice > 0:  # the chance of a new job before the old one ends
                hazard = _before_the_end(hazard * t.notice_search_factor, notice)
        seekers[n] = i
        hazards[n] = hazard
        n += 1
    return seekers[:n].copy(), hazards[:n].copy()


@numba.njit(cache=True, nogil=True, inline="always")
def _before_the_end(hazard, months):  # pragma: no cover - compiled
    """The chance of at least one find in ``months`` months at a monthly ``hazard`` (capped at
    1): a product, not a power, so the Mesa reference's arithmetic is the same."""
    stays = 1.0 - min(hazard, 1.0)
    left = 1.0
    for _ in range(months):
        left *= stays
    return 1.0 - left


def _big_city(p: Parameters) -> np.ndarray:
    return np.array([1.0, p["labour.big_city_factor"]], dtype=np.float32)


class Labour(Process):
    """One month of the labour market: job outcomes, job finding, and the yearly wage growth
    (the job service's)."""

    name = "labour"
    writes: ClassVar[tuple[str, ...]] = JOB_WRITES

    def __init__(self, params: Parameters, jobs: Jobs, economy: Economy, whole_market: bool = True):
        p = params
        self.jobs, self.economy = jobs, economy
        loss = p["labour.job_loss"]
        by_contract = np.array(
            [0.0, loss["flex"], loss["self_employed"], loss["permanent"]], dtype=np.float32
        )
        health = p.table("labour.job_loss_health_factor", Health)
        migration = p.table("labour.migration_factor", Migration)
        slow = np.ones(len(Migration), dtype=np.float32)
        slow[Migration.REFUGEE] = p["labour.refugee_permanent_factor"]
        self.job_rates = read_table(
            p,
            "labour",
            JobRates,
            job_loss=by_contract[:, None] * health[None, :],
            permanent_factor_by_migration=slow,
            flex_to_permanent_by_migration=np.float32(p["labour.flex_to_permanent"])
            * migration
            * slow,
            big_city_factor=_big_city(p),
            starter_months=p["labour.starter_years"] * 12,
        )
        self.finding_rates = read_table(p, "labour", FindingRates, big_city_factor=_big_city(p))
        self.displacement_rule = read_table(p, "labour", DisplacementRule)
        #: the population is the whole labour market (a cross-section), so displacement
        #: falls on the simulated seekers
        self.whole_market = whole_market
        #: per row, the months of notice of a job that ended this month (job_outcomes sets it,
        #: for the month notice_month)
        self.notice = np.zeros(0, np.int8)
        self.notice_month = -1
        #: a job-to-job move pays at least the old wage times this
        self.job_change_wage_gain = np.float32(p["labour.job_change_wage_gain"])

    def __call__(self, w: World) -> None:
        self.job_outcomes(w)
        self.job_finding(w)
        self.jobs.wage_growth(w)

    def job_outcomes(self, w: World) -> None:
        """Job loss (flexible jobs far more often; migrants and flexible workers first in a
        downturn), quitting, permanent contracts and the chain limit, job-to-job moves."""
        pop, draws, m = w.pop, w.draws, w.month
        arguments = (
            w.columns(JobColumns, full_chain=self.jobs.full_chain(w)),
            self.job_rates,
            m,
            draws.key("labour.job_loss"),
            draws.key("labour.contract_change"),
            self.jobs.chain_limit(w.year),
            self.economy.job_loss_by_migration(m),
            self.economy.job_loss_by_contract(m),
        )
        # ranges of rows side by side; their rows in order, as one pass would give them
        rows, outcome = joined(
            in_parallel(lambda start, stop: _job_outcomes(*arguments, start, stop), pop.size)
        )
        pop.contract[up := rows[outcome == PROMOTED]] = Contract.PERMANENT
        w.log.record(Event.PERMANENT_CONTRACT, m, up)
        # the jobs that end on the employer's side were known a notice ahead (job_finding)
        ended = rows[(outcome == LET_GO) | (outcome == LOSE)]
        self.notice = np.zeros(pop.size, np.int8)
        self.notice[ended] = self.finding_rates.notice_months[pop.contract[ended]]
        self.notice_month = m
        end = self.jobs.end_jobs
        end(w, rows[outcome == LET_GO], LabourState.UNEMPLOYED, Event.CHAIN_LIMIT_END)
        end(w, rows[outcome == LOSE], LabourState.UNEMPLOYED, Event.JOB_END)
        end(w, rows[outcome == QUIT], LabourState.INACTIVE, Event.LEFT_LABOUR_FORCE)
        self.jobs.cut_hours(w, rows[outcome == HOURS_CUT])
        # job to job: a new employer, new terms, at least the old wage; the chain starts anew
        movers = rows[outcome == CHANGE]
        old_wage = pop.wage[movers]
        self.jobs.new_job_terms(w, movers)
        gain = self.job_change_wage_gain
        pop.wage[movers] = np.maximum(pop.wage[movers] * gain, old_wage)
        w.log.record(Event.JOB_CHANGE, m, movers)

    def job_finding(self, w: World) -> None:
        m = w.month
        if self.notice_month != m or self.notice.size != w.pop.size:  # no job ended: no notice
            self.notice = np.zeros(w.pop.size, np.int8)
        c, t = w.columns(SeekerColumns, notice=self.notice), self.finding_rates
        cycle, sectors = self.economy.job_finding_by_migration(m), self.economy.sector_demand(m)
        seekers, hazards = joined(
            in_parallel(lambda a, b: _seekers(c, t, m, cycle, sectors, a, b), w.pop.size)
        )
        hazards = self.jobs.benefit_response.job_finding(w, seekers, hazards)
        key = w.draws.key("labour.job_finding")
        self.jobs.start_jobs(w, job_finders(c, seekers, hazards, key, self.displacement(m)))

    def displacement(self, month: int) -> float:
        """The share of participants' extra job finds taken from other seekers this month
        (none in a group's or cohort's run: they are a small part of their market)."""
        if not self.whole_market:
            return 0.0
        return displacement_share(self.displacement_rule, self.economy.cycle(month))
