"""Ageing, mortality and retirement at the AOW age; early exit from work (A4.1, A4.4)."""

from __future__ import annotations

import numba
import numpy as np

from simulation.codes import Benefit, Event, Health, LabourState, Sex
from simulation.parameters import MAX_AGE, Parameters
from simulation.processes import World
from simulation.processes.family import end_partnerships
from simulation.processes.labour import Labour, by_year
from simulation.random import draw
from simulation.rows import rows_where


@numba.njit(cache=True, nogil=True)
def _deaths(key, labour_state, sex, age_years, death):  # pragma: no cover - compiled
    """Rows of the living who die this month: the draw below the hazard by sex and age.

    Branch-free: every row is drawn and written, and the count moves only for a hit. Where the
    test is cheap this beats a branch on the state, which varies from row to row and so
    mispredicts (measured about twice as fast here); kernels with much work per selected row
    branch instead."""
    rows = np.empty(labour_state.size, np.int64)
    n = 0
    for i in range(labour_state.size):
        rows[n] = i
        n += (labour_state[i] < LabourState.DEAD) & (draw(key, i) < death[sex[i], age_years[i]])
    return rows[:n].copy()


class Demography:
    """Deaths, retirement at the state-pension (AOW) age, and early exit from work."""

    def __init__(self, params: Parameters, labour: Labour):
        p = params
        self.labour = labour
        a = p.table("demography.mortality.gompertz_a", Sex, dtype=np.float64)
        b = p["demography.mortality.gompertz_b"]
        annual = a[:, None] * np.exp(b * np.arange(MAX_AGE))[None, :]
        self.death = (1 - np.exp(-annual / 12)).astype(np.float32)  # [sex, age in years]
        self.aow_table = p["demography.aow_age_months"]
        self.exit_min_months = p["demography.early_exit.min_age"] * 12
        self.exit_hazard = p["demography.early_exit.hazard"]
        self.exit_health = p["demography.early_exit.poor_health_factor"]
        self.exit_late_partner = p["demography.early_exit.late_first_partner_factor"]
        self.late_partner_months = p["demography.early_exit.late_first_partner_age"] * 12

    def aow_age_months(self, year: int) -> int:
        """The AOW age in ``year``, in months (I6.1)."""
        return int(by_year(self.aow_table, year))

    def __call__(self, w: World) -> None:
        pop, m = w.pop, w.month
        key = w.draws.key("demography.death")
        die = _deaths(key, pop.labour_state, pop.sex, w.age_years, self.death)
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
        older = rows_where(w.age_months >= self.exit_min_months)
        older = older[pop.labour_state[older] == LabourState.EMPLOYED]
        hazard = np.full(older.size, self.exit_hazard, dtype=np.float32)
        hazard = np.where(pop.health[older] != Health.HEALTHY, hazard * self.exit_health, hazard)
        late = pop.first_partner_age[older] >= self.late_partner_months
        hazard = np.where(late, hazard * self.exit_late_partner, hazard)
        leave = older[w.draws.uniform("demography.early_exit", older) < hazard]
        self.labour.end_jobs(w, leave, LabourState.RETIRED, Event.EARLY_RETIREMENT)
