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

import numpy as np

from simulation.codes import Benefit, Event, LabourState, Migration, Sex
from simulation.parameters import Parameters
from simulation.processes import Bands, Process, World, read_table
from simulation.rows import rows_where

#: months inactive distinguished by inactive_to_search (longer spells share the last cell)
INACTIVE_CELLS = 121


class Flows(NamedTuple):
    """Moves between looking for work and inactivity (labour.yaml)."""

    inactive_to_search: Annotated[np.ndarray, Bands(INACTIVE_CELLS)]  # by months inactive
    inactive_to_search_age_factor: Annotated[np.ndarray, Bands()]  # by age in years
    inactive_to_search_female_factor: np.float32
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
        months = np.minimum(pop.months_in_state[inactive], INACTIVE_CELLS - 1)
        chance = (
            f.inactive_to_search[months] * f.inactive_to_search_age_factor[w.age_years[inactive]]
        )
        women = pop.sex[inactive] == Sex.FEMALE
        chance = np.where(women, chance * f.inactive_to_search_female_factor, chance)
        start = inactive[draws.uniform("labour.start_search", inactive) < chance]
        pop.set_state(start, LabourState.UNEMPLOYED)
        w.log.record(Event.STARTED_JOB_SEARCH, w.month, start)
        seekers = rows_where(pop.labour_state == LabourState.UNEMPLOYED)
        seekers = seekers[
            (pop.months_in_state[seekers] > 0)
            & (pop.benefit[seekers] != Benefit.WW)
            & (pop.migration[seekers] != Migration.REFUGEE)  # integration sets their search
        ]
        stop = seekers[draws.uniform("labour.stop_search", seekers) < f.search_to_inactive]
        pop.set_state(stop, LabourState.INACTIVE)
        pop.ww_ran_out[stop] = False  # a later search is a new spell
        w.log.record(Event.LEFT_LABOUR_FORCE, w.month, stop)
