"""Job search: inactive people start looking for work, job seekers without WW give up (A5.5).

Runs right after the labour market, on the people whose state it did not change this month
(months in state above 0). Refugees start looking through the integration process instead.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from simulation.codes import Benefit, Event, LabourState, Migration
from simulation.parameters import Parameters
from simulation.processes import Process, World, read_table
from simulation.rows import rows_where


class Flows(NamedTuple):
    """Moves between looking for work and inactivity (labour.yaml)."""

    inactive_to_search: float
    search_to_inactive: float


class Search(Process):
    """One month of moves between looking for work and inactivity."""

    name = "search"
    writes: ClassVar[tuple[str, ...]] = ("labour_state", "months_in_state", "ww_ran_out")

    def __init__(self, params: Parameters):
        self.flows = read_table(params, "labour", Flows)

    def __call__(self, w: World) -> None:
        pop, draws, f = w.pop, w.draws, self.flows
        inactive = rows_where(pop.labour_state == LabourState.INACTIVE)
        inactive = inactive[
            (pop.months_in_state[inactive] > 0) & (pop.migration[inactive] != Migration.REFUGEE)
        ]
        start = inactive[draws.uniform("labour.start_search", inactive) < f.inactive_to_search]
        pop.set_state(start, LabourState.UNEMPLOYED)
        w.log.record(Event.STARTED_JOB_SEARCH, w.month, start)
        seekers = rows_where(pop.labour_state == LabourState.UNEMPLOYED)
        seekers = seekers[(pop.months_in_state[seekers] > 0) & (pop.benefit[seekers] != Benefit.WW)]
        stop = seekers[draws.uniform("labour.stop_search", seekers) < f.search_to_inactive]
        pop.set_state(stop, LabourState.INACTIVE)
        pop.ww_ran_out[stop] = False  # a later search is a new spell
        w.log.record(Event.LEFT_LABOUR_FORCE, w.month, stop)
