"""Refugee arrival and integration (A8): reception, inburgering within 3 years, language, search.

Arrivals have rows reserved from the start (state ABROAD); in their arrival month they enter
reception. After reception the civic-integration obligation runs (A8.4): language improves while
integrating, and people start looking for work slowly before inburgering is done and faster after
(A8.5, A8.6). Job finding itself is in the labour process, where language and networks raise it
(A8.10, A8.11) and most jobs are flexible (A8.9).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

import numpy as np

from simulation.codes import Event, LabourState, Migration
from simulation.parameters import Parameters
from simulation.processes import At, Process, World, read_table
from simulation.rows import rows_where

_INBURGERING = "migration.inburgering"


class Rules(NamedTuple):
    """Reception, the civic-integration obligation and language, the start of job search
    (migration.yaml)."""

    reception_months: int
    obligation_months: Annotated[int, At(f"{_INBURGERING}.obligation_months")]
    completion: Annotated[float, At(f"{_INBURGERING}.completion")]
    language_gain: Annotated[np.float32, At(f"{_INBURGERING}.language_gain")]
    language_start: Annotated[float, At(f"{_INBURGERING}.language_start")]
    language_max: Annotated[np.float32, At(f"{_INBURGERING}.language_max")]
    search_during_integration: float
    search_after_integration: float


class Integration(Process):
    """One month of arrivals and civic integration."""

    name = "migration"
    writes: ClassVar[tuple[str, ...]] = (
        "labour_state", "months_in_state", "inburgering_done", "language_level",
    )  # fmt: skip

    def __init__(self, params: Parameters):
        self.rules = read_table(params, "migration", Rules)
        self._refugees = np.zeros(0, dtype=np.int64)
        self._known = 0

    def refugees(self, w: World) -> np.ndarray:
        """Rows of refugees: a row's background never changes, so the rows are found once and
        extended by the refugees among rows added since (asylum immigrants, not newborns)."""
        pop = w.pop
        if self._known != pop.size:
            new = self._known + rows_where(pop.migration[self._known :] == Migration.REFUGEE)
            self._refugees = np.concatenate([self._refugees, new])
            self._known = pop.size
        return self._refugees

    def __call__(self, w: World) -> None:
        pop, m, t = w.pop, w.month, self.rules
        rows = self.refugees(w)
        if not rows.size:
            return
        state = pop.labour_state[rows]
        arriving = rows[(state == LabourState.ABROAD) & (pop.arrival_month[rows] == m)]
        pop.set_state(arriving, LabourState.INACTIVE)
        pop.inburgering_done[arriving] = False
        pop.language_level[arriving] = t.language_start
        w.log.record(Event.ARRIVAL, m, arriving)

        here = rows[(state < LabourState.RETIRED) & (pop.arrival_month[rows] >= 0)]
        since = m - pop.arrival_month[here]
        settled = here[since >= t.reception_months]
        # the obligation lapses after its term (A8.4); those not done stop integrating
        obliged = since[since >= t.reception_months] < t.reception_months + t.obligation_months
        learning = settled[~pop.inburgering_done[settled] & obliged]
        pop.language_level[learning] = np.minimum(
            pop.language_level[learning] + t.language_gain, t.language_max
        )
        done = learning[w.draws.uniform("migration.inburgering", learning) < t.completion]
        pop.inburgering_done[done] = True
        w.log.record(Event.INBURGERING_DONE, m, done)

        looking = (pop.labour_state[settled] == LabourState.INACTIVE) & (
            pop.months_in_state[settled] > 0
        )
        inactive = settled[looking]
        after = pop.inburgering_done[inactive] | ~obliged[looking]
        hazard = np.where(after, t.search_after_integration, t.search_during_integration)
        start = inactive[w.draws.uniform("migration.start_search", inactive) < hazard]
        pop.set_state(start, LabourState.UNEMPLOYED)
        w.log.record(Event.STARTED_JOB_SEARCH, m, start)
