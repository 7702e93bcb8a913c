"""Job search: inactive people start looking for work, job seekers without WW give up (A5.5).

Runs right after the labour market, on the people whose state it did not change this month
(months in state above 0). Refugees start looking through the integration process instead,
and do not stop here: their moves into and out of search are integration's (fitted to A8).
Someone who stopped looking a short while ago starts again far more often than someone who has
been out of the labour force for years (CBS's survey: the unemployed and the recently inactive
trade places every quarter), so the chance of starting falls with the months inactive; and it
differs by age and sex (``inactive_to_search_age_factor``, ``inactive_to_search_female_factor``):
the young return to the labour force soon, people in their late fifties and sixties seldom, and
women, who more often stay out to care for a family, less often than men, so that employment by
age and sex holds at CBS's.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import Benefit, Event, LabourState, Migration, Sex
from simulation.executors import in_parallel, joined
from simulation.parameters import Parameters
from simulation.processes import Bands, Process, World, read_table
from simulation.random import draw

#: months inactive distinguished by inactive_to_search (longer spells share the last cell)
INACTIVE_CELLS = 121


class Flows(NamedTuple):
    """Moves between looking for work and inactivity (labour.yaml)."""

    inactive_to_search: Annotated[np.ndarray, Bands(INACTIVE_CELLS)]  # by months inactive
    inactive_to_search_age_factor: Annotated[np.ndarray, Bands()]  # by age in years
    inactive_to_search_female_factor: np.float32
    search_to_inactive: float


class SearchColumns(NamedTuple):
    """What the search kernel reads of each person."""

    labour_state: np.ndarray
    months_in_state: np.ndarray
    migration: np.ndarray
    sex: np.ndarray
    benefit: np.ndarray
    age_years: np.ndarray


@numba.njit(cache=True, nogil=True)
def _moves(c, t, start_key, stop_key, start, stop):  # pragma: no cover - compiled
    """Among rows ``start`` to ``stop`` (a month or more in their state, not refugees): the
    inactive who start looking, at the chance by months inactive times the factors of age and
    sex, and the job seekers without WW who stop. float32 throughout, as numpy compares the
    float32 draws with float32 chances."""
    starts = np.empty(stop - start, np.int64)
    stops = np.empty(stop - start, np.int64)
    n_start = n_stop = 0
    last = t.inactive_to_search.size - 1
    quits = np.float32(t.search_to_inactive)
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read
        state = c.labour_state[i]
        if state != LabourState.INACTIVE and state != LabourState.UNEMPLOYED:
            continue
        if c.months_in_state[i] == 0 or c.migration[i] == Migration.REFUGEE:
            continue
        if state == LabourState.INACTIVE:
            chance = t.inactive_to_search[min(np.int64(c.months_in_state[i]), last)]
            chance = chance * t.inactive_to_search_age_factor[c.age_years[i]]
            if c.sex[i] == Sex.FEMALE:
                chance = chance * t.inactive_to_search_female_factor
            if draw(start_key, i) < chance:
                starts[n_start] = i
                n_start += 1
        elif c.benefit[i] != Benefit.WW and draw(stop_key, i) < quits:
            stops[n_stop] = i
            n_stop += 1
    return starts[:n_start].copy(), stops[:n_stop].copy()


class Search(Process):
    """One month of moves between looking for work and inactivity."""

    name = "search"
    writes: ClassVar[tuple[str, ...]] = ("labour_state", "months_in_state", "ww_ran_out")

    def __init__(self, params: Parameters):
        self.flows = read_table(params, "labour", Flows)

    def __call__(self, w: World) -> None:
        pop, t = w.pop, self.flows
        c = w.columns(SearchColumns)
        keys = w.draws.key("labour.start_search"), w.draws.key("labour.stop_search")
        start, stop = joined(in_parallel(lambda a, b: _moves(c, t, *keys, a, b), pop.size))
        pop.set_state(start, LabourState.UNEMPLOYED)
        w.log.record(Event.STARTED_JOB_SEARCH, w.month, start)
        pop.set_state(stop, LabourState.INACTIVE)
        pop.ww_ran_out[stop] = False  # a later search is a new spell
        w.log.record(Event.LEFT_LABOUR_FORCE, w.month, stop)
