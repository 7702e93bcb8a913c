"""The monthly processes, one module per life domain.

Each process is a small class: ``__init__`` turns its parameter entries into lookup arrays once,
``__call__(world)`` applies one month of transitions to the whole population with vectorized
operations (no Python loop over persons). The order of processes within a month is fixed in
:mod:`simulation.model`; a person changes labour state at most once per month where it matters
(job finding skips people whose state changed this month).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numba
import numpy as np

from simulation.events import EventLog
from simulation.population import Population
from simulation.random import Draws


@numba.njit(cache=True, nogil=True)
def _ages(month, birth_month):  # pragma: no cover - compiled
    """Age in months and in completed years (at most 120, the length of age tables)."""
    months = np.empty(birth_month.size, np.int32)
    years = np.empty(birth_month.size, np.int16)
    for i in range(birth_month.size):
        months[i] = month - birth_month[i]
        years[i] = min(months[i] // 12, 120)
    return months, years


@dataclass
class World:
    """What a process sees: the population, this month's draws, the event log and the month."""

    pop: Population
    draws: Draws
    log: EventLog
    month: int
    #: age in months and completed years of every row this month (computed once per month)
    age_months: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))
    age_years: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int16))

    @property
    def year(self) -> int:
        return self.month // 12

    def start_month(self, month: int) -> None:
        """Set the month and the ages that every process of the month reads."""
        self.month = month
        self.draws.month = month
        self.age_months, self.age_years = _ages(month, self.pop.birth_month)
