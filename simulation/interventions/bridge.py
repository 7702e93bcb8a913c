"""BRIDGE (A2): career orientation in the schools of an area, and the AanDeBak job guarantee.

Pupils of the area who leave school are nudged from other fields towards technology, care, port
and food (A2.2), diluted by how the schools implement it (A2.3). Middle-level graduates in those
fields get a job at once where their employer takes part in the guarantee (2%, A2.5). The value of
a shortage field depends on sector demand (A2.8, ``economy.sector_demand``). With the defaults the
effect is very small, as SEOR found (A2.4).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from simulation.codes import Education, Field, LabourState, Region
from simulation.interventions.base import TREATED, Intervention
from simulation.processes import World
from simulation.processes.education import cumulative
from simulation.processes.jobs import WRITES as JOB_WRITES
from simulation.rows import rows_where

SHORTAGE = np.array([Field.TECHNOLOGY, Field.CARE, Field.PORT, Field.FOOD], dtype=np.int8)


class Bridge(Intervention):
    kind = "bridge"
    writes = (*JOB_WRITES, "field")
    PER_PERSON: ClassVar[dict[str, tuple[object, type]]] = {
        "guaranteed": (False, bool),
    }

    def __init__(self, params, jobs, size):
        super().__init__(params, jobs, size)
        self._area: np.ndarray | None = None
        shares = params.table("education.field_shares", Field)[SHORTAGE]
        self.shortage_bounds = cumulative(shares)

    def area(self, w: World) -> np.ndarray:
        """Who lives in the programme's area: a fixed trait per person (found again for all
        when newborns join, as the traits of the others do not change)."""
        if self._area is None or self._area.size != w.pop.size:
            pop, area = w.pop, self.setting("area")
            if area == "all":
                self._area = np.ones(pop.size, dtype=bool)
            elif area == "rotterdam_zuid":
                # Zuid is part of a big Randstad city: pick that share of all pupils there
                regions = self.p.table("population.region_shares", Region)
                city = self.p.table("population.big_city_by_region", Region)
                within = self.setting("area_share") / (
                    regions[Region.RANDSTAD] * city[Region.RANDSTAD]
                )
                trait = w.draws.trait("interventions.bridge.area", pop.ids)
                self._area = (pop.region == Region.RANDSTAD) & pop.big_city & (trait < within)
            else:
                self._area = pop.region == Region[area.upper()]
        return self._area

    def step(self, w: World) -> None:
        pop, m = w.pop, w.month
        area = self.area(w)
        at_school = (pop.labour_state == LabourState.SCHOOL) & (
            w.age_years >= self.setting("min_pupil_age")
        )
        pupils = np.count_nonzero(area & at_school)
        self.spend(pupils * self.setting("cost_per_pupil_year") / 12)
        leavers = rows_where(area & (pop.school_left_month == m))
        self.group[leavers[self.group[leavers] == 0]] = TREATED
        self.start[leavers] = m
        # career guidance moves some pupils from other fields into shortage fields (A2.2-A2.3)
        other = leavers[pop.field[leavers] == Field.OTHER]
        nudge = self.setting("field_shift") * self.setting("implementation")
        moved = other[self.draw(w, "field_shift", other) < nudge]
        which = np.searchsorted(self.shortage_bounds, self.draw(w, "field", moved), side="right")
        pop.field[moved] = SHORTAGE[which]
        # the AanDeBak guarantee: a job for mbo graduates in a shortage field, where the
        # employer takes part (A2.5)
        graduates = leavers[
            (pop.education[leavers] == Education.MIDDLE)
            & np.isin(pop.field[leavers], SHORTAGE)
            & (pop.labour_state[leavers] == LabourState.UNEMPLOYED)
        ]
        offer = self.draw(w, "guarantee", graduates) < self.setting("employer_participation")
        hired = graduates[offer]
        self.guaranteed[hired] = True
        self.jobs.start_jobs(w, hired)

    def report(self) -> dict[str, object]:
        out = super().report()
        out["guaranteed_jobs"] = int(self.guaranteed.sum())
        return out
