"""Family: separation, partnering, births, and the mother effect on work (A3, A4)."""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import Education, Event, LabourState, Migration, Region, Sex
from simulation.executors import in_parallel, joined
from simulation.parameters import Parameters
from simulation.population import Population
from simulation.processes import At, Bands, By, Process, World, read_table
from simulation.processes.education import Education as School
from simulation.processes.jobs import WRITES as JOB_WRITES
from simulation.processes.jobs import Jobs
from simulation.random import draw
from simulation.rows import among, rows_where


class Rates(NamedTuple):
    """Partnering, separation and births (family.yaml)."""

    partnering: Annotated[np.ndarray, Bands()]
    partnering_max_age_gap: int
    parents_divorced_partnering_factor: float
    separation: Annotated[np.ndarray, By(Education)]
    parents_divorced_separation_factor: float
    births: Annotated[np.ndarray, Bands()]
    #: by number of children already born, the last cell for three or more
    births_parity_factor: Annotated[np.ndarray, Bands(4)]
    single_birth_factor: float
    late_mother_months: int
    mother_hours_factor: float
    mother_leaves_work: float
    girl_share_at_birth: float
    conduct_problems: Annotated[float, At("population.conduct_problems")]
    youth_disability: Annotated[float, At("health.wajong.youth_disability")]
    #: a separation before a child is this old counts as the parents' divorce (A3)
    parents_divorced_child_months: int


class Columns(NamedTuple):
    """What the family kernels read."""

    partner_id: np.ndarray
    labour_state: np.ndarray
    sex: np.ndarray
    education: np.ndarray
    parents_divorced: np.ndarray
    n_children: np.ndarray
    age_years: np.ndarray


#: under 18 a child's parents' separation counts as their divorce (A3's childhood)
ADULT_MONTHS = 18 * 12

# Partnering and births are branch-free scans, as demography._deaths: every row is drawn, and
# the count of selected rows moves only for a hit. Separations branch on being the lower row
# of a couple, so that a partner is read only for couples (measured no slower).


@numba.njit(cache=True, nogil=True)
def _separations(c, t, key, start, stop):  # pragma: no cover
    """Couples (each once, by the partner with the lower row) who separate this month: the
    hazard by the lower education of the two, raised if either's parents divorced (A3.7)."""
    rows = np.empty(stop - start, np.int64)
    n = 0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        p = c.partner_id[i]
        if p <= row:  # single, or counted with the partner
            continue
        hazard = np.float64(t.separation[min(c.education[i], c.education[p])])
        if c.parents_divorced[i] | c.parents_divorced[p]:
            hazard *= t.parents_divorced_separation_factor
        if draw(key, i) < hazard:
            rows[n] = i
            n += 1
    return rows[:n].copy()


@numba.njit(cache=True, nogil=True)
def _partnering(c, t, key, start, stop):  # pragma: no cover
    """Singles below retirement who look for a partner this month (matched afterwards)."""
    rows = np.empty(stop - start, np.int64)
    n = 0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        hazard = np.float64(t.partnering[c.age_years[i]])
        hazard *= t.parents_divorced_partnering_factor if c.parents_divorced[i] else 1.0
        rows[n] = i
        single = (c.partner_id[i] < 0) & (c.labour_state[i] < LabourState.RETIRED)
        n += single & (draw(key, i) < hazard)
    return rows[:n].copy()


@numba.njit(cache=True, nogil=True, inline="always")
def _birth_hazard(c, t, i):  # pragma: no cover
    """Row i's birth hazard: the rate by age (zero outside the ages of the births table) and
    parity, lower for single women; zero unless a woman below retirement."""
    last_parity = t.births_parity_factor.size - 1
    hazard = np.float64(t.births[c.age_years[i]])  # float64, left to right
    hazard *= t.births_parity_factor[min(c.n_children[i], last_parity)]
    hazard *= 1.0 if c.partner_id[i] >= 0 else t.single_birth_factor
    at_risk = (c.sex[i] == Sex.FEMALE) & (c.labour_state[i] < LabourState.RETIRED)
    return hazard * at_risk


@numba.njit(cache=True, nogil=True)
def _births(c, t, key, factor, start, stop):  # pragma: no cover
    """Women who give birth this month: the draw below the hazard times the alignment's
    factor (1.0 without alignment, which leaves every hazard as it is)."""
    rows = np.empty(stop - start, np.int64)
    n = 0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        rows[n] = i
        n += draw(key, i) < _birth_hazard(c, t, i) * factor
    return rows[:n].copy()


@numba.njit(cache=True, nogil=True)
def _expected_births(c, t):  # pragma: no cover
    """The expected births this month, the sum of the hazards (the alignment's ``E``)."""
    total = 0.0
    for i in range(c.sex.size):
        total += _birth_hazard(c, t, i)
    return total


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


class Family(Process):
    """One month of family life."""

    name = "family"
    writes: ClassVar[tuple[str, ...]] = (
        *JOB_WRITES, "partner_id", "first_partner_age", "n_children", "youngest_child_month",
        "parents_divorced",
    )  # fmt: skip

    def __init__(self, params: Parameters, jobs: Jobs, school: School, newborns: bool = False):
        p = params
        self.jobs, self.school = jobs, school
        #: whether a birth adds the child as a new person (see :meth:`newborn`)
        self.newborns = newborns
        self.rates = read_table(
            p,
            "family",
            Rates,
            late_mother_months=p["family.late_mother_age"] * 12,
            parents_divorced_child_months=ADULT_MONTHS,
        )

    def __call__(self, w: World) -> None:
        self.separations(w)
        self.partnerships(w)
        self.births_step(w)

    def separations(self, w: World) -> None:
        pop = w.pop
        c, t, key = w.columns(Columns), self.rates, w.draws.key("family.separation")
        split = joined(in_parallel(lambda a, b: _separations(c, t, key, a, b), w.pop.size))
        both = np.concatenate([split, pop.partner_id[split]])
        w.log.record(Event.SEPARATION, w.month, both)
        end_partnerships(pop, split)
        self.back_to_full_hours(w, both)
        if self.newborns and split.size:
            self.children_of_divorce(w, both[pop.sex[both] == Sex.FEMALE])

    def children_of_divorce(self, w: World, mothers: np.ndarray) -> None:
        """A3: the children under 18 of a mother who separates have divorced parents (for the
        children born during the run, whose mother the model knows)."""
        pop = w.pop
        young = w.age_months < self.rates.parents_divorced_child_months
        children = rows_where((pop.mother_id >= 0) & young)
        hit = children[among(pop.mother_id[children], mothers, pop.size)]
        pop.parents_divorced[hit] = True

    def back_to_full_hours(self, w: World, separated: np.ndarray) -> None:
        """A3.8: a woman who leaves the standard family course "must work for herself": a
        working woman's hours become at least those of a new job in her situation now (the
        part-time hours of a partnered mother come back), her wage with them."""
        pop = w.pop
        working = (pop.sex[separated] == Sex.FEMALE) & (
            pop.labour_state[separated] == LabourState.EMPLOYED
        )
        women = separated[working]
        full = self.jobs.hours_for(w, women)
        short = pop.hours[women] < full
        cut = women[short]
        ratio = full[short] / pop.hours[cut]
        pop.hours[cut] *= ratio
        pop.wage[cut] *= ratio

    def partnerships(self, w: World) -> None:
        pop = w.pop
        c, t, key = w.columns(Columns), self.rates, w.draws.key("family.partnering")
        candidates = joined(in_parallel(lambda a, b: _partnering(c, t, key, a, b), w.pop.size))
        max_gap = self.rates.partnering_max_age_gap
        men, women = match_within_regions(pop, candidates, w.month, max_gap)
        form_couples(pop, men, women, w.month)
        w.log.record(Event.PARTNERING, w.month, np.concatenate([men, women]))

    def births_step(self, w: World) -> None:
        pop, m = w.pop, w.month
        t = self.rates
        columns, factor = w.columns(Columns), 1.0
        if self.align is not None:  # the scenario's alignment scales every hazard
            factor = float(self.align.factors(m, np.array([_expected_births(columns, t)]))[0])
        key = w.draws.key("family.birth")
        mothers = joined(
            in_parallel(lambda a, b: _births(columns, t, key, factor, a, b), w.pop.size)
        )
        if self.align is not None:
            self.align.realized(m, np.array([mothers.size]))
        fathers = pop.partner_id[mothers]
        fathers = fathers[fathers >= 0]
        parents = np.concatenate([mothers, fathers])
        pop.n_children[parents] += 1
        pop.youngest_child_month[parents] = m
        w.log.record(Event.BIRTH_OF_CHILD, m, parents)
        if self.newborns:
            self.newborn(w, mothers)
        # A4.2: young partnered mothers cut hours or stop working; single and late mothers do not
        young = (w.age_months[mothers] < t.late_mother_months) & (pop.partner_id[mothers] >= 0)
        working = young & (pop.labour_state[mothers] == LabourState.EMPLOYED)
        affected = mothers[working]
        pop.hours[affected] *= np.float32(t.mother_hours_factor)
        pop.wage[affected] *= np.float32(t.mother_hours_factor)
        u = w.draws.uniform("family.mother_leaves", affected)
        leaves = affected[u < t.mother_leaves_work]
        self.jobs.end_jobs(w, leaves, LabourState.INACTIVE, Event.LEFT_LABOUR_FORCE)

    @staticmethod
    def level(pop: Population, idx: np.ndarray) -> np.ndarray:
        """A parent's education: the level attained, or for a student the level aimed at."""
        in_school = pop.labour_state[idx] == LabourState.SCHOOL
        return np.where(in_school, pop.target_education[idx], pop.education[idx])

    def newborn(self, w: World, mothers: np.ndarray) -> None:
        """Each child born this month becomes a person: a new row at the end, in the order of
        the mothers' rows. It lives in the mother's region and city; its migration background
        is the mother's (a refugee's child has a non-Western background, as CBS counts the
        second generation); its parents' education is the higher of the two (a student's the level
        aimed at); and what the
        synthetic cohort draws at age 12 is drawn at birth: the level aimed at given the
        parents' (education.target_level_by_parents), conduct problems and a structural
        limitation from youth. It is in SCHOOL until it leaves school."""
        pop, m, t = w.pop, w.month, self.rates
        fathers = pop.partner_id[mothers]
        children = pop.grow(mothers.size)
        pop.mother_id[children] = mothers
        pop.birth_month[children] = m
        w.update_ages()  # the later steps of the month see the newborns aged 0
        pop.sex[children] = w.draws.uniform("family.child.sex", children) < t.girl_share_at_birth
        pop.region[children] = pop.region[mothers]
        pop.big_city[children] = pop.big_city[mothers]
        background = pop.migration[mothers]
        pop.migration[children] = np.where(
            background == Migration.REFUGEE, Migration.NON_WESTERN, background
        )
        education = self.level(pop, mothers)
        partnered = fathers >= 0
        education[partnered] = np.maximum(education[partnered], self.level(pop, fathers[partnered]))
        pop.parents_education[children] = education
        u = w.draws.uniform("family.child.target", children)
        pop.target_education[children] = self.school.draw_target(education, u)
        conduct = w.draws.uniform("family.child.conduct", children) < t.conduct_problems
        pop.conduct_problems[children] = conduct
        limited = w.draws.uniform("family.child.youth_disability", children) < t.youth_disability
        pop.youth_disability[children] = limited
        u = w.draws.uniform("family.child.unstable", children)
        pop.unstable[children] = self.jobs.unstable(u)
        pop.labour_state[children] = LabourState.SCHOOL
        w.log.record(Event.BORN, m, children)
