"""The economy: the business cycle and demand by sector over calendar months (A0.1, A2.8).

Both are paths in ``economy.yaml`` or a scenario (``'2020-04': 0.6``, held until the next key).
The cycle multiplies job finding, and its inverse raises job loss, more for migrants (A8.8) and
flexible workers (A8.9); sector demand multiplies the job finding of people trained in a field.
The labour process reads the month's factors from here; scenario loading builds an
:class:`Economy` to check the paths before any work starts.
"""

from __future__ import annotations

import numpy as np

from simulation.calendar import calendar_month, calendar_path
from simulation.codes import Contract, Field, Migration
from simulation.errors import ParameterError
from simulation.parameters import Parameters


class Economy:
    """The month's business-cycle and sector factors."""

    def __init__(self, params: Parameters):
        p = params
        self.migrant_elasticity = p["economy.migrant_elasticity"]
        self.flex_loss_elasticity = p["economy.flex_job_loss_elasticity"]
        self.cycle_path = p["economy.cycle"]
        for key, factor in self.cycle_path.items():
            calendar_month(key, "parameters.economy.cycle")
            if factor <= 0:
                raise ParameterError(f"parameters.economy.cycle.{key}: must be above 0")
        self.sector_paths = [p[f"economy.sector_demand.{f.name.lower()}"] for f in Field]
        for field, path in zip(Field, self.sector_paths, strict=True):
            for key in path:
                calendar_month(key, f"parameters.economy.sector_demand.{field.name.lower()}")
        self._cycle_cache: dict[int, float] = {}
        self._sector_cache: dict[int, np.ndarray] = {}

    def cycle(self, month: int) -> float:
        """The business-cycle factor on job finding in ``month`` (1.0 = normal times)."""
        if month not in self._cycle_cache:
            year = month // 12
            self._cycle_cache.update(
                calendar_path(self.cycle_path, year, year + 1, where="economy.cycle")
            )
        return self._cycle_cache[month]

    def sector_demand(self, month: int) -> np.ndarray:
        """Factors on job finding by field of study in ``month`` (A2.8), in Field order."""
        if month not in self._sector_cache:
            year = month // 12
            paths = [
                calendar_path(path, year, year + 1, where="economy.sector_demand")
                for path in self.sector_paths
            ]
            for m in paths[0]:
                self._sector_cache[m] = np.array([p[m] for p in paths], dtype=np.float32)
        return self._sector_cache[month]

    def job_finding_by_migration(self, month: int) -> np.ndarray:
        """The cycle's factor on job finding by migration background: a downturn lowers job
        finding, for migrants more (A8.8)."""
        cycle = self.cycle(month)
        out = np.full(len(Migration), cycle, dtype=np.float32)
        out[Migration.NON_WESTERN :] = cycle**self.migrant_elasticity
        return out

    def job_loss_by_migration(self, month: int) -> np.ndarray:
        """The cycle's factor on job loss by migration background: migrants are fired first."""
        out = np.ones(len(Migration), dtype=np.float32)
        out[Migration.NON_WESTERN :] = (1 / self.cycle(month)) ** self.migrant_elasticity
        return out

    def job_loss_by_contract(self, month: int) -> np.ndarray:
        """The cycle's factor on job loss by contract: flexible workers go first (A8.9)."""
        out = np.ones(len(Contract), dtype=np.float32)
        out[Contract.FLEX] = (1 / self.cycle(month)) ** self.flex_loss_elasticity
        return out
