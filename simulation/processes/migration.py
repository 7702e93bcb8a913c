"""Refugee arrival and integration (A8): reception, inburgering within 3 years, language, search.

Arrivals have rows reserved from the start (state ABROAD); in their arrival month they enter
reception. After reception the civic-integration obligation runs (A8.4): language improves while
integrating, and people start looking for work slowly before inburgering is done and faster after
(A8.5, A8.6). Job finding itself is in the labour process, where language and networks raise it
(A8.10, A8.11) and most jobs are flexible (A8.9).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from simulation.codes import Event, LabourState, Migration
from simulation.parameters import Parameters
from simulation.processes import Process, World
from simulation.rows import rows_where


class Integration(Process):
    """One month of arrivals and civic integration."""

    name = "migration"
    writes: ClassVar[tuple[str, ...]] = (
        "labour_state", "months_in_state", "inburgering_done", "language_level",
    )  # fmt: skip

    def __init__(self, params: Parameters):
        p = params
        self.reception = p["migration.reception_months"]
        self.obligation = p["migration.inburgering.obligation_months"]
        self.completion = p["migration.inburgering.completion"]
        self.language_gain = np.float32(p["migration.inburgering.language_gain"])
        self.language_start = p["migration.inburgering.language_start"]
        self.language_max = np.float32(p["migration.inburgering.language_max"])
        self.search_during = p["migration.search_during_integration"]
        self.search_after = p["migration.search_after_integration"]
        self._refugees: np.ndarray | None = None

    def refugees(self, w: World) -> np.ndarray:
        """Rows of refugees: rows are fixed for the run (arrivals are reserved), so found once."""
        if self._refugees is None:
            self._refugees = rows_where(w.pop.migration == Migration.REFUGEE)
        return self._refugees

    def __call__(self, w: World) -> None:
        pop, m = w.pop, w.month
        rows = self.refugees(w)
        if not rows.size:
            return
        state = pop.labour_state[rows]
        arriving = rows[(state == LabourState.ABROAD) & (pop.arrival_month[rows] == m)]
        pop.set_state(arriving, LabourState.INACTIVE)
        pop.inburgering_done[arriving] = False
        pop.language_level[arriving] = self.language_start
        w.log.record(Event.ARRIVAL, m, arriving)

        here = rows[(state < LabourState.RETIRED) & (pop.arrival_month[rows] >= 0)]
        since = m - pop.arrival_month[here]
        settled = here[since >= self.reception]
        # the obligation lapses after its term (A8.4); those not done stop integrating
        obliged = since[since >= self.reception] < self.reception + self.obligation
        learning = settled[~pop.inburgering_done[settled] & obliged]
        pop.language_level[learning] = np.minimum(
            pop.language_level[learning] + self.language_gain, self.language_max
        )
        done = learning[w.draws.uniform("migration.inburgering", learning) < self.completion]
        pop.inburgering_done[done] = True
        w.log.record(Event.INBURGERING_DONE, m, done)

        looking = (pop.labour_state[settled] == LabourState.INACTIVE) & (
            pop.months_in_state[settled] > 0
        )
        inactive = settled[looking]
        after = pop.inburgering_done[inactive] | ~obliged[looking]
        hazard = np.where(after, self.search_after, self.search_during)
        start = inactive[w.draws.uniform("migration.start_search", inactive) < hazard]
        pop.set_state(start, LabourState.UNEMPLOYED)
        w.log.record(Event.STARTED_JOB_SEARCH, m, start)
