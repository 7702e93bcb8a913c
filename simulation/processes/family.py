"""Family: separation, partnering, births, and the mother effect on work (A3, A4)."""

from __future__ import annotations

import numpy as np

from simulation.codes import Education, Event, LabourState, Region, Sex
from simulation.parameters import Parameters
from simulation.population import Population
from simulation.processes import World
from simulation.processes.labour import Labour


def end_partnerships(pop: Population, idx: np.ndarray) -> None:
    """Persons ``idx`` and their partners become single."""
    partners = pop.partner_id[idx]
    partners = partners[partners >= 0]
    pop.partner_id[partners] = -1
    pop.partner_id[idx] = -1


def match_by_age(
    men: np.ndarray, women: np.ndarray, age: np.ndarray, max_gap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pair men and women by rank of age (assortative); drop pairs further apart than max_gap.

    ``age`` is indexed by person. The larger side is thinned evenly over its age ranks, so the
    pairs span the age range of the smaller side.
    """
    men = men[np.argsort(age[men], kind="stable")]
    women = women[np.argsort(age[women], kind="stable")]
    k = min(men.size, women.size)
    if k == 0:
        return men[:0], women[:0]
    pick = ((np.arange(k) + 0.5) * (max(men.size, women.size) / k)).astype(np.int64)
    if men.size > k:
        men = men[pick]
    elif women.size > k:
        women = women[pick]
    close = np.abs(age[men] - age[women]) <= max_gap
    return men[close], women[close]


def form_couples(pop: Population, men: np.ndarray, women: np.ndarray, month: int) -> None:
    pop.partner_id[men] = women
    pop.partner_id[women] = men
    for idx in (men, women):
        first = idx[pop.first_partner_age[idx] < 0]
        pop.first_partner_age[first] = month - pop.birth_month[first]


def match_within_regions(
    pop: Population, candidates: np.ndarray, month: int, max_gap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Match candidates to partners of the other sex in the same region."""
    men_out, women_out = [], []
    age = pop.birth_month  # ranks by birth month are ranks by age, reversed: the pairs are the same
    for region in Region:
        here = candidates[pop.region[candidates] == region]
        men, women = match_by_age(
            here[pop.sex[here] == Sex.MALE], here[pop.sex[here] == Sex.FEMALE], age, max_gap
        )
        men_out.append(men)
        women_out.append(women)
    return np.concatenate(men_out), np.concatenate(women_out)


class Family:
    """One month of family life."""

    def __init__(self, params: Parameters, labour: Labour):
        p = params
        self.labour = labour
        self.partnering = p.by_age("family.partnering")
        self.max_gap = int(p["family.partnering_max_age_gap"])
        self.pd_partnering = p["family.parents_divorced_partnering_factor"]
        self.separation = p.table("family.separation", Education)
        self.pd_separation = p["family.parents_divorced_separation_factor"]
        self.births = p.by_age("family.births")
        self.parity = p.by_age("family.births_parity_factor")[:4]
        self.single_birth = p["family.single_birth_factor"]
        self.late_mother_months = p["family.late_mother_age"] * 12
        self.mother_hours = p["family.mother_hours_factor"]
        self.mother_leaves = p["family.mother_leaves_work"]
        self._rows = np.empty(0, dtype=np.int32)

    def __call__(self, w: World) -> None:
        self.separations(w)
        self.partnerships(w)
        self.births_step(w)

    def separations(self, w: World) -> None:
        pop = w.pop
        # each couple once: the row with the smaller id
        if self._rows.size != pop.size:
            self._rows = np.arange(pop.size, dtype=np.int32)
        couples = np.flatnonzero(pop.partner_id > self._rows)
        partner = pop.partner_id[couples]
        lower_edu = np.minimum(pop.education[couples], pop.education[partner])
        hazard = self.separation[lower_edu]
        divorced_parents = pop.parents_divorced[couples] | pop.parents_divorced[partner]
        hazard = np.where(divorced_parents, hazard * np.float32(self.pd_separation), hazard)
        split = couples[w.draws.uniform("family.separation", couples) < hazard]
        w.log.record(Event.SEPARATION, w.month, np.concatenate([split, pop.partner_id[split]]))
        end_partnerships(pop, split)

    def partnerships(self, w: World) -> None:
        pop = w.pop
        singles = np.flatnonzero((pop.partner_id < 0) & (pop.labour_state < LabourState.RETIRED))
        hazard = self.partnering[w.age_years[singles]]
        hazard = np.where(
            pop.parents_divorced[singles], hazard * np.float32(self.pd_partnering), hazard
        )
        candidates = singles[w.draws.uniform("family.partnering", singles) < hazard]
        men, women = match_within_regions(pop, candidates, w.month, self.max_gap)
        form_couples(pop, men, women, w.month)
        w.log.record(Event.PARTNERING, w.month, np.concatenate([men, women]))

    def births_step(self, w: World) -> None:
        pop, m = w.pop, w.month
        women = np.flatnonzero(
            (pop.sex == Sex.FEMALE)
            & (pop.labour_state < LabourState.RETIRED)
            & (w.age_years >= 18)
            & (w.age_years < 46)
        )
        partnered = pop.partner_id[women] >= 0
        hazard = self.births[w.age_years[women]]
        hazard = hazard * self.parity[np.minimum(pop.n_children[women], 3)]
        hazard = np.where(partnered, hazard, hazard * np.float32(self.single_birth))
        mothers = women[w.draws.uniform("family.birth", women) < hazard]
        fathers = pop.partner_id[mothers]
        fathers = fathers[fathers >= 0]
        parents = np.concatenate([mothers, fathers])
        pop.n_children[parents] += 1
        pop.youngest_child_month[parents] = m
        w.log.record(Event.BIRTH_OF_CHILD, m, parents)
        # A4.2: young partnered mothers cut hours or stop working; single and late mothers do not
        young = (w.age_months[mothers] < self.late_mother_months) & (pop.partner_id[mothers] >= 0)
        working = young & (pop.labour_state[mothers] == LabourState.EMPLOYED)
        affected = mothers[working]
        pop.hours[affected] *= np.float32(self.mother_hours)
        pop.wage[affected] *= np.float32(self.mother_hours)
        leaves = affected[w.draws.uniform("family.mother_leaves", affected) < self.mother_leaves]
        self.labour.end_jobs(w, leaves, LabourState.INACTIVE, Event.LEFT_LABOUR_FORCE)
