"""Populations of one group: starters, WW entrants, Wajong or WGA clients, long-term bijstand
clients aged 45+ (the validation cases' populations), or a refugee arrival cohort.

A mixin of :class:`simulation.synthesis.people.Synthesizer`: a group is a cross-section of the
group's ages, turned into the group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np

from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Health,
    LabourState,
    Migration,
)
from simulation.population import Population


class Groups:
    """The group populations (needs the synthesizer's cross-section and draws)."""

    def group(self, name: str, n: int) -> Population:
        """A population of one group only (see module docstring)."""
        if name == "refugees":
            return self.refugee_cohort(n)
        ranges = self.p["population.groups.age_range"]
        if name not in ranges:
            raise ValueError(
                f"unknown group {name!r}; allowed: {', '.join([*self.GROUP_BUILDERS, 'refugees'])}"
            )
        pop = self.cross_section(n, *ranges[name])
        everyone = pop.ids
        pop.set_state(everyone, LabourState.UNEMPLOYED)
        pop.set_benefit(everyone, Benefit.NONE)
        pop.ww_months_left[:] = 0
        pop.disability[:] = Disability.NONE
        pop.employer_months[:] = 0
        pop.youth_disability[:] = False
        pop.arrival_month[:] = -1
        pop.inburgering_done[:] = True
        pop.language_level[:] = 10.0
        pop.migration[pop.migration == Migration.REFUGEE] = Migration.NON_WESTERN
        self.GROUP_BUILDERS[name](self, pop)
        return pop

    def months_on_benefit(self, pop: Population, group: str) -> np.ndarray:
        """Time already on the benefit at the start, spread evenly over the group's range."""
        low, high = self.p["population.groups.months_on_benefit"][group]
        u = self.u(f"months_on_benefit.{group}", pop)
        return (low + u * (high - low)).astype(np.int16)

    def _group_starters(self, pop: Population) -> None:
        # school leavers this month, at the usual age for their level
        leave_age = self.p.table("education.min_leaving_age", Education)[pop.education]
        spread = self.p["population.groups.starter_months_past_minimum_age"]
        extra = (self.u("leave_extra", pop) * spread).astype(np.int32)
        pop.birth_month[:] = self.start - (leave_age * 12).astype(np.int32) - extra
        pop.school_left_month[:] = self.start
        pop.work_history_years[:] = 0
        pop.years_bits[:] = 0
        pop.work_bits[:] = 0
        pop.contract[:] = Contract.NONE
        pop.field[:] = self.education.draw_field(self.u("field", pop))

    def _group_ww_entrants(self, pop: Population) -> None:
        # just lost a job after working (the weeks requirement is met by construction); an
        # inflow into unemployment holds more people whose jobs end often (A5.5)
        share = self.jobs.entrant_unstable_share
        pop.unstable[:] = self.jobs.unstable(self.u("unstable", pop), share)
        pop.work_bits[:] = 0xFFFF
        pop.work_history_years[:] = np.maximum(pop.work_history_years, 1)
        history = pop.work_history_years.astype(np.int32)
        pop.years_bits[:] = ((1 << np.minimum(history, 8)) - 1).astype(np.uint8)
        w = self.world(pop)
        flexible = self.u("flexible", pop) < self.p["population.groups.ww_flexible_last_job"]
        pop.contract[:] = np.where(flexible, Contract.FLEX, Contract.PERMANENT)
        pop.hours[:] = self.jobs.hours_for(w, pop.ids)
        pop.wage[:] = self.jobs.wage_for(w, pop.ids)
        self.benefits.ww_entry(w, all_claim=True)  # the group is WW's entrants: they claimed

    def _group_wajong(self, pop: Population) -> None:
        pop.youth_disability[:] = True
        pop.disability[:] = Disability.WAJONG
        pop.labour_state[:] = LabourState.DISABLED
        pop.benefit[:] = Benefit.WAJONG
        pop.months_in_state[:] = self.months_on_benefit(pop, "wajong")

    def _group_wga(self, pop: Population) -> None:
        pop.disability[:] = Disability.WGA
        pop.labour_state[:] = LabourState.DISABLED
        pop.benefit[:] = Benefit.WGA
        pop.health[pop.health == Health.HEALTHY] = Health.ILL
        w = self.world(pop)
        pop.hours[:] = self.jobs.hours_for(w, pop.ids)
        pop.wage[:] = self.jobs.wage_for(w, pop.ids)
        pop.months_in_state[:] = self.months_on_benefit(pop, "wga")

    def _group_bijstand_45plus(self, pop: Population) -> None:
        # long-term clients (A10.1): on bijstand 2-10 years, single
        pop.partner_id[:] = -1
        pop.benefit[:] = Benefit.BIJSTAND
        months = self.months_on_benefit(pop, "bijstand_45plus")
        pop.months_in_state[:] = months
        pop.benefit_months[:] = months
        pop.wage[:] = self.jobs.wage_for(self.world(pop), pop.ids)

    #: the builders of group populations, by group name (besides "refugees", an arrival cohort)
    GROUP_BUILDERS: ClassVar[dict[str, Callable[[Groups, Population], None]]] = {
        "starters": _group_starters,
        "ww_entrants": _group_ww_entrants,
        "wajong": _group_wajong,
        "wga": _group_wga,
        "bijstand_45plus": _group_bijstand_45plus,
    }
