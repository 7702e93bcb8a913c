"""Health: illness and recovery, sick leave for up to 104 weeks, WIA (WGA/IVA) and Wajong.

Mental illness before 18 marks adolescent depression, the first link of A1.3's chain. Sick leave
lasts at most ``sick_leave_max_months`` (104 weeks, I3.1); then the WIA assessment (I3.2) sends a
person back to work, onto WGA or IVA. With the default hazards mental problems make up about half
of disability inflow under 35 (A1.2).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import Benefit, Contract, Disability, Event, LabourState, Migration
from simulation.codes import Health as State
from simulation.executors import in_parallel, joined
from simulation.parameters import Parameters
from simulation.processes import By, Process, World, monthly, read_table
from simulation.processes.education import cumulative
from simulation.random import draw
from simulation.rows import rows_where


@numba.njit(cache=True, nogil=True)
def _changes(c, change_threshold, key, start, stop):  # pragma: no cover
    """Rows of the living whose health changes this month, with their draws (which then say
    what the change is)."""
    rows = np.empty(stop - start, np.int64)
    draws = np.empty(stop - start, np.float32)
    n = 0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        u = draw(key, i)
        rows[n] = i
        draws[n] = u
        alive = c.labour_state[i] < LabourState.DEAD
        n += alive & (u < change_threshold[c.health[i], c.age_years[i]])
    return rows[:n].copy(), draws[:n].copy()


class Columns(NamedTuple):
    labour_state: np.ndarray
    health: np.ndarray
    age_years: np.ndarray


class Rates(NamedTuple):
    """Illness, recovery, sick leave and disability (health.yaml)."""

    #: [health, age]: a draw below it makes the healthy mentally ill
    mental_threshold: np.ndarray
    #: [health, age]: a draw below it changes the health state (onset, or recovery)
    change_threshold: np.ndarray
    refugee_mental_recovery_factor: float
    sick_leave_probability: Annotated[np.ndarray, By(State)]
    sick_leave_max_months: int
    flex_contract_survives_sickness_months: int
    #: cumulative shares of the WIA_OUTCOMES of health.wia_assessment
    wia_bounds: np.ndarray
    #: monthly probability that a WGA entitlement ends on reassessment (health.wga_recovery)
    wga_recovery: float
    wajong_entry_months: int


#: the WIA assessment's outcomes, in the order of their codes and of health.wia_assessment
WIA_OUTCOMES = ("none", "wga", "iva")
NO_BENEFIT, TO_WGA, TO_IVA = range(len(WIA_OUTCOMES))
#: mental illness before this age is adolescent depression (A1.3: depression in adolescence)
ADULT_AGE = 18


class Health(Process):
    """One month of health, sickness and disability."""

    name = "health"
    writes: ClassVar[tuple[str, ...]] = (
        "health", "adolescent_depression", "labour_state", "months_in_state", "benefit",
        "benefit_months", "disability", "employer_months",
    )  # fmt: skip

    def __init__(self, params: Parameters):
        p = params
        mental_onset = p.by_age("health.mental_onset")
        physical_onset = p.by_age("health.physical_onset")
        # one uniform per person decides the month: [health, age] -> thresholds. For the
        # healthy, u < mental onset -> mental, u < mental + physical -> ill; for the ill,
        # u < recovery -> healthy. Refugees recover from mental illness more slowly (A8.3).
        recovery = {
            State.ILL: p["health.physical_recovery"],
            State.MENTAL: p["health.mental_recovery"],
        }
        mental = np.zeros((len(State), len(mental_onset)), dtype=np.float32)
        mental[State.HEALTHY] = mental_onset
        change = mental.copy()
        change[State.HEALTHY] += physical_onset
        for state, rate in recovery.items():
            change[state] = rate
        wia = p["health.wia_assessment"]
        if set(wia) != set(WIA_OUTCOMES):
            raise ValueError(f"health.wia_assessment needs keys {WIA_OUTCOMES}")
        self.rates = read_table(
            p,
            "health",
            Rates,
            mental_threshold=mental,
            change_threshold=change,
            wia_bounds=cumulative(np.array([wia[k] for k in WIA_OUTCOMES], dtype=np.float64)),
            wga_recovery=float(monthly(p["health.wga_recovery"])),
            wajong_entry_months=p["health.wajong.entry_age"] * 12,
        )

    def __call__(self, w: World) -> None:
        self.onset_and_recovery(w)
        self.sickness(w)
        self.wga_reassessment(w)
        self.wajong(w)

    def onset_and_recovery(self, w: World) -> None:
        pop, m = w.pop, w.month
        t = self.rates
        c, key = w.columns(Columns), w.draws.key("health.change")
        who, u = joined(
            in_parallel(lambda a, b: _changes(c, t.change_threshold, key, a, b), w.pop.size)
        )
        health = pop.health[who]
        healthy = health == State.HEALTHY
        mental = healthy & (u < t.mental_threshold[State.HEALTHY, w.age_years[who]])
        slow = (health == State.MENTAL) & (pop.migration[who] == Migration.REFUGEE)
        slow &= u >= t.change_threshold[State.MENTAL, 0] * t.refugee_mental_recovery_factor
        recover = ~healthy & ~slow

        new_mental, new_ill, recovered = who[mental], who[healthy & ~mental], who[recover]
        pop.health[new_mental] = State.MENTAL
        pop.health[new_ill] = State.ILL
        pop.health[recovered] = State.HEALTHY
        adolescent = new_mental[w.age_years[new_mental] < ADULT_AGE]
        pop.adolescent_depression[adolescent] = True
        w.log.record(Event.MENTAL_ILLNESS, m, new_mental)
        w.log.record(Event.ADOLESCENT_DEPRESSION, m, adolescent)
        w.log.record(Event.ILLNESS, m, new_ill)
        w.log.record(Event.RECOVERY, m, recovered)

        # workers falling ill may go on sick leave (wage continuation, or Ziektewet if flexible)
        onset = np.concatenate([new_mental, new_ill])
        workers = onset[pop.labour_state[onset] == LabourState.EMPLOYED]
        p_leave = t.sick_leave_probability[pop.health[workers]]
        sick = workers[w.draws.uniform("health.sick_leave", workers) < p_leave]
        pop.set_state(sick, LabourState.SICK)
        pop.set_benefit(sick, Benefit.SICKNESS)
        w.log.record(Event.SICK_LEAVE, m, sick)

    def sickness(self, w: World) -> None:
        pop, m = w.pop, w.month
        sick = rows_where(pop.labour_state == LabourState.SICK)
        months = pop.months_in_state[sick]
        recovered = sick[(pop.health[sick] == State.HEALTHY) & (months > 0)]
        flex = pop.contract[recovered] == Contract.FLEX
        survives = self.rates.flex_contract_survives_sickness_months
        job_gone = flex & (pop.months_in_state[recovered] > survives)
        back, no_job = recovered[~job_gone], recovered[job_gone]
        pop.set_benefit(recovered, Benefit.NONE)
        pop.set_state(back, LabourState.EMPLOYED)
        w.log.record(Event.BACK_TO_WORK, m, back)
        pop.set_state(no_job, LabourState.UNEMPLOYED)
        w.log.record(Event.JOB_END, m, no_job)

        # WIA assessment after 104 weeks (I3.2)
        due = months >= self.rates.sick_leave_max_months
        assessed = sick[due & (pop.health[sick] != State.HEALTHY)]
        outcome = np.searchsorted(
            self.rates.wia_bounds, w.draws.uniform("health.wia", assessed), side="right"
        )
        no_benefit = assessed[outcome == NO_BENEFIT]
        keeps_job = no_benefit[pop.contract[no_benefit] == Contract.PERMANENT]
        pop.set_benefit(no_benefit, Benefit.NONE)
        pop.set_state(keeps_job, LabourState.EMPLOYED)
        w.log.record(Event.BACK_TO_WORK, m, keeps_job)
        loses_job = no_benefit[pop.contract[no_benefit] != Contract.PERMANENT]
        pop.set_state(loses_job, LabourState.UNEMPLOYED)
        w.log.record(Event.JOB_END, m, loses_job)
        for code, disability, benefit, event in (
            (TO_WGA, Disability.WGA, Benefit.WGA, Event.WGA_START),
            (TO_IVA, Disability.IVA, Benefit.IVA, Event.IVA_START),
        ):
            entrants = assessed[outcome == code]
            pop.disability[entrants] = disability
            pop.set_state(entrants, LabourState.DISABLED)
            pop.set_benefit(entrants, benefit)
            pop.employer_months[entrants] = 0
            w.log.record(Event.JOB_END, m, entrants)
            w.log.record(event, m, entrants)

    def wga_reassessment(self, w: World) -> None:
        """A WGA entitlement ends when a reassessment finds the loss of earning capacity below
        35% (I3.2): the benefit stops, and those without work look for it."""
        pop = w.pop
        entitled = rows_where(pop.disability == Disability.WGA)  # rare: the other tests on these
        entitled = entitled[pop.labour_state[entitled] < LabourState.RETIRED]
        ends = entitled[w.draws.uniform("health.wga_recovery", entitled) < self.rates.wga_recovery]
        pop.disability[ends] = Disability.NONE
        pop.set_benefit(ends[pop.benefit[ends] == Benefit.WGA], Benefit.NONE)
        pop.set_state(ends[pop.labour_state[ends] == LabourState.DISABLED], LabourState.UNEMPLOYED)
        w.log.record(Event.WGA_END, w.month, ends)

    def wajong(self, w: World) -> None:
        """A structural limitation from youth leads to Wajong on leaving school, from 18 (I4.1)."""
        pop, m = w.pop, w.month
        state = pop.labour_state
        entrants = rows_where(pop.youth_disability)  # rare: the other tests on these
        state = state[entrants]
        entrants = entrants[
            (pop.disability[entrants] == Disability.NONE)
            & ((state == LabourState.UNEMPLOYED) | (state == LabourState.INACTIVE))
            & (w.age_months[entrants] >= self.rates.wajong_entry_months)
        ]
        pop.disability[entrants] = Disability.WAJONG
        pop.set_state(entrants, LabourState.DISABLED)
        pop.set_benefit(entrants, Benefit.WAJONG)
        w.log.record(Event.WAJONG_START, m, entrants)
