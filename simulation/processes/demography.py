"""Ageing, mortality and retirement at the AOW age; early exit from work (A4.1, A4.4)."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import Benefit, Event, Health, LabourState, Sex
from simulation.executors import in_parallel, joined
from simulation.parameters import MAX_AGE, Parameters
from simulation.pension import aow_age_months
from simulation.processes import Process, World, read_table
from simulation.processes.family import end_partnerships
from simulation.processes.jobs import WRITES as JOB_WRITES
from simulation.processes.jobs import Jobs
from simulation.random import draw
from simulation.rows import rows_where


@numba.njit(cache=True, nogil=True)
def _deaths(c, death, key, start, stop):  # pragma: no cover - compiled
    """Rows of the living who die this month: the draw below the hazard by sex and age.

    Branch-free: every row is drawn and written, and the count moves only for a hit. Where the
    test is cheap this beats a branch on the state, which varies from row to row and so
    mispredicts (measured about twice as fast here); kernels with much work per selected row
    branch instead."""
    rows = np.empty(stop - start, np.int64)
    n = 0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        alive = c.labour_state[i] < LabourState.DEAD
        rows[n] = i
        n += alive & (draw(key, i) < death[c.sex[i], c.age_years[i]])
    return rows[:n].copy()


@numba.njit(cache=True, nogil=True)
def _expected_deaths(c, death):  # pragma: no cover - compiled
    """The expected deaths this month by sex: the sum of the hazards of the living (the
    alignment's ``E``, simulation.alignment)."""
    out = np.zeros(2)
    for i in range(c.labour_state.size):
        alive = c.labour_state[i] < LabourState.DEAD
        out[c.sex[i]] += alive * np.float64(death[c.sex[i], c.age_years[i]])
    return out


class DeathColumns(NamedTuple):
    labour_state: np.ndarray
    sex: np.ndarray
    age_years: np.ndarray


class EarlyExit(NamedTuple):
    """Early exit from work (demography.early_exit)."""

    min_age_months: int
    hazard: float
    poor_health_factor: float
    late_first_partner_factor: float
    late_first_partner_months: int


class Demography(Process):
    """Deaths, retirement at the state-pension (AOW) age, and early exit from work."""

    name = "demography"
    writes: ClassVar[tuple[str, ...]] = (*JOB_WRITES, "partner_id")

    def __init__(self, params: Parameters, jobs: Jobs):
        p = params
        self.jobs = jobs
        a = p.table("demography.mortality.gompertz_a", Sex, dtype=np.float64)
        b = p["demography.mortality.gompertz_b"]
        annual = a[:, None] * np.exp(b * np.arange(MAX_AGE))[None, :]
        #: monthly death probability [sex, age in years], from the Gompertz mortality curve
        self.death = (1 - np.exp(-annual / 12)).astype(np.float32)
        self.params = p
        self.early_exit = read_table(
            p,
            "demography.early_exit",
            EarlyExit,
            min_age_months=p["demography.early_exit.min_age"] * 12,
            late_first_partner_months=p["demography.early_exit.late_first_partner_age"] * 12,
        )

    def aow_age_months(self, year: int) -> int:
        """The AOW age in ``year``, in months (I6.1; after the fixed years, the law's link to
        life expectancy: :mod:`simulation.pension`)."""
        return aow_age_months(self.params, year)

    def __call__(self, w: World) -> None:
        pop, m = w.pop, w.month
        key = w.draws.key("demography.death")
        columns, death = w.columns(DeathColumns), self.death
        if self.align is not None:  # the scenario's alignment scales the hazards by sex
            factor = self.align.factors(m, _expected_deaths(columns, death))
            death = np.minimum(death * factor[:, None], 1.0).astype(np.float32)
        die = joined(in_parallel(lambda a, b: _deaths(columns, death, key, a, b), pop.size))
        if self.align is not None:
            self.align.realized(m, np.bincount(pop.sex[die], minlength=2))
        working = die[pop.labour_state[die] == LabourState.EMPLOYED]
        w.log.record(Event.JOB_END, m, working)
        end_partnerships(pop, die)
        pop.set_state(die, LabourState.DEAD)
        pop.set_benefit(die, Benefit.NONE)
        w.log.record(Event.DEATH, m, die)

        # retirement at the AOW age (law), whatever the state
        aow = self.aow_age_months(w.year)
        # (the older rows first: a fifth of the population, then the state of those)
        older = rows_where(w.age_months >= aow)
        reaching = older[pop.labour_state[older] < LabourState.RETIRED]
        working = reaching[pop.labour_state[reaching] == LabourState.EMPLOYED]
        w.log.record(Event.JOB_END, m, working)
        pop.set_state(reaching, LabourState.RETIRED)
        pop.set_benefit(reaching, Benefit.NONE)
        pop.ww_months_left[reaching] = 0
        w.log.record(Event.RETIREMENT, m, reaching)

        # early exit from work: poor health raises it (A4.4), a late first relationship lowers it
        t = self.early_exit
        older = rows_where(w.age_months >= t.min_age_months)
        older = older[pop.labour_state[older] == LabourState.EMPLOYED]
        hazard = np.full(older.size, t.hazard, dtype=np.float32)
        ill = pop.health[older] != Health.HEALTHY
        hazard = np.where(ill, hazard * t.poor_health_factor, hazard)
        late = pop.first_partner_age[older] >= t.late_first_partner_months
        hazard = np.where(late, hazard * t.late_first_partner_factor, hazard)
        leave = older[w.draws.uniform("demography.early_exit", older) < hazard]
        self.jobs.end_jobs(w, leave, LabourState.RETIRED, Event.EARLY_RETIREMENT)
