"""People who join a population during a run or arrived before it: refugees of A8.1's arrival
window (reserved rows until they arrive, or settled if they came before the start), and the
children who turn 15 during a cross-section's run.

A mixin of :class:`simulation.synthesis.people.Synthesizer`.
"""

from __future__ import annotations

import numpy as np

from simulation.calendar import calendar_month
from simulation.codes import Education, Health, LabourState, Migration, Region
from simulation.population import Population
from simulation.processes.bookkeeping import CLOCK_MAX
from simulation.processes.education import cumulative

#: the CBS age bands of population.age_weights end with the cross-section's oldest age, 67
AGE_TABLE_END = 68


def month_of(text: str, where: str) -> int:
    """'YYYY-MM' as an absolute month (the calendar's parser, with its error)."""
    return calendar_month(text, f"parameters.{where}")


class Arrivals:
    """Refugee arrivals and future entrants (needs the synthesizer's draws and cross-section)."""

    def arrival_window(self) -> tuple[int, int]:
        """The first and last month of A8.1's refugee arrivals."""
        arrivals = "migration.arrivals"
        first = month_of(self.p[f"{arrivals}.first_month"], f"{arrivals}.first_month")
        last = month_of(self.p[f"{arrivals}.last_month"], f"{arrivals}.last_month")
        return first, last

    def settle_refugees(self, pop: Population, rows: np.ndarray, first: int, last: int) -> None:
        """Refugees who arrived before the start: arrival month, integration, language so far."""
        if not rows.size:
            return
        p = self.p
        span = max(last + 1 - first, 1)
        pop.arrival_month[rows] = first + (self.u("arrival", pop, rows) * span).astype(np.int32)
        reception = p["migration.reception_months"]
        since = np.maximum(self.start - pop.arrival_month[rows] - reception, 0)
        obligation = p["migration.inburgering.obligation_months"]
        learning = np.minimum(since, obligation)
        done_p = 1 - (1 - p["migration.inburgering.completion"]) ** learning
        pop.inburgering_done[rows] = self.u("inburgering", pop, rows) < done_p
        language = (
            p["migration.inburgering.language_start"]
            + learning * p["migration.inburgering.language_gain"]
        )
        pop.language_level[rows] = np.minimum(language, p["migration.inburgering.language_max"])

    def refugee_cohort(self, n: int) -> Population:
        """Refugees arriving 2014-01 to 2016-06 (A8.1): rows reserved until arrival."""
        return self.arrivals(n, self.start)

    def arrivals(self, n: int, start: int) -> Population:
        """``n`` refugees arriving in the A8.1 window: those arriving from ``start`` on are
        reserved (ABROAD); those who arrived earlier are settled as in the cross-section."""
        p = self.p
        pop = Population(n)
        per_year = self.per_year("migration.arrivals.age_weights")
        first, last = self.arrival_window()
        arrival = first + (self.u("arrivals.arrival", pop) * (last + 1 - first)).astype(np.int32)
        arrival = np.sort(arrival)
        years = np.searchsorted(
            cumulative(per_year), self.u("arrivals.arrival_age", pop), side="right"
        )
        pop.birth_month[:] = (
            arrival - years * 12 - (self.u("arrivals.age_month", pop) * 12).astype(np.int32)
        )
        pop.arrival_month[:] = arrival
        pop.sex[:] = self.u("arrivals.sex", pop) >= p["migration.arrivals.male_share"]
        pop.region[:] = self.category(
            "arrivals.region", pop, p.table("population.region_shares", Region)
        )
        city_p = p.table("population.big_city_by_region", Region)[pop.region]
        pop.big_city[:] = self.u("arrivals.big_city", pop) < city_p
        pop.migration[:] = Migration.REFUGEE
        edu = self.category(
            "arrivals.edu", pop, p.table("migration.arrivals.education_shares", Education)
        )
        pop.education[:] = edu
        pop.target_education[:] = edu
        pop.parents_education[:] = edu
        pop.parents_divorced[:] = (
            self.u("arrivals.parents_divorced", pop) < p["population.parents_divorced"]
        )
        mental = self.u("arrivals.refugee_mental", pop) < p["population.refugee_mental_prevalence"]
        pop.health[:] = np.where(mental, Health.MENTAL, Health.HEALTHY)
        pop.labour_state[:] = LabourState.ABROAD
        pop.inburgering_done[:] = False
        pop.language_level[:] = p["migration.inburgering.language_start"]
        # those who arrived before the start are here already
        earlier = np.flatnonzero(arrival < start)
        pop.labour_state[earlier] = LabourState.INACTIVE
        since = start - arrival[earlier]
        pop.months_in_state[earlier] = np.minimum(since, CLOCK_MAX).astype(np.int16)
        reception = p["migration.reception_months"]
        learning = np.minimum(
            np.maximum(since - reception, 0), p["migration.inburgering.obligation_months"]
        )
        done_p = 1 - (1 - p["migration.inburgering.completion"]) ** learning
        pop.inburgering_done[earlier] = self.u("arrivals.inburgering", pop, earlier) < done_p
        language = (
            p["migration.inburgering.language_start"]
            + learning * p["migration.inburgering.language_gain"]
        )
        pop.language_level[earlier] = np.minimum(language, p["migration.inburgering.language_max"])
        return pop

    def scheduled_arrivals(self, resident: int, end_month: int) -> int:
        """How many refugee rows to reserve: A8.1's arrivals of working age, scaled to the
        simulated population, for the part of the window inside [start, end)."""
        p = self.p
        first, last = self.arrival_window()
        inside = max(0, min(last + 1, end_month) - max(first, self.start))
        if inside == 0:
            return 0
        scale = resident / p["migration.arrivals.national_population_15_67"]
        total = p["migration.arrivals.total"] * p["migration.arrivals.working_age_share"] * scale
        return round(total * inside / (last + 1 - first))

    def future_entrants(self, resident: int, horizon_months: int) -> Population:
        """Children who turn 15 during the run, at the scale of the resident population, so
        that a cross-section does not simply grow old."""
        youngest = max(0, 15 - -(-horizon_months // 12))
        per_year = self.per_year("population.age_weights")
        n = round(resident * per_year[youngest:15].sum() / per_year[15:AGE_TABLE_END].sum())
        if youngest >= 15 or n == 0:
            return Population(0)
        self.namespace = "entrant"
        try:
            return self.cross_section(n, youngest, 14)
        finally:
            self.namespace = "resident"
