"""Immigration and emigration in a cross-section's run (issue 15, point 5).

Each month, first the emigrants: residents leave at a hazard by age, immigrants return at a
hazard by origin and years since they came (CBS's 2-, 5- and 10-year departure shares), and
settled immigrants at a lower one after; an emigrant leaves with the partner and the mother's
children under 18. They become ABROAD, which every process and the tally ignore: jobs end
through the job service, benefits stop, and a partnership ends if the partner stays. Then the
month's immigrants are added as new rows: the year's national immigration (a calendar path) at
the simulation's scale, a twelfth a month, the fraction carried over. Each has a motive and by it
an age, a background and a starting state: labour migrants start a (mostly flexible) job,
students are in school aiming at higher education, family migrants are inactive, asylum migrants
are refugees that the integration step receives this month (as A8.1's arrivals), returning Dutch
are like a resident of their age. Children under 15 arrive in school. Cohorts and groups follow
the people they start with: no flows there.
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import Annotated, Any, ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import (
    Benefit,
    Contract,
    Education,
    Event,
    Health,
    LabourState,
    Migration,
    Motive,
    Region,
)
from simulation.errors import ParameterError
from simulation.executors import in_parallel, joined
from simulation.parameters import MAX_AGE, Parameters
from simulation.population import Population
from simulation.processes import At, By, Process, World, monthly, read_table
from simulation.processes.education import Education as School
from simulation.processes.family import end_partnerships
from simulation.processes.jobs import WRITES as JOB_WRITES
from simulation.processes.jobs import Jobs
from simulation.random import draw
from simulation.rows import among, rows_where

#: the motives of immigrants, in code order (Motive.NONE is everyone else)
MOTIVES = tuple(m for m in Motive if m != Motive.NONE)
#: children under CHILD_AGE arrive in school, returning Dutch under ADULT_AGE too (assumption:
#: most Dutch 15-19 are in school, population.in_school_by_age); returning Dutch from
#: ADULT_AGE to RETURNING_WORK_END may arrive with a job (immigration.returning_employed)
CHILD_AGE, ADULT_AGE, RETURNING_WORK_END = 15, 20, 65
ADULT_MONTHS = 18 * 12


class Flows(NamedTuple):
    """The flows' parameters (immigration.yaml) as read; the arrays are derived from them."""

    national: dict
    motive_shares: dict
    western_share: dict
    age_weights: dict
    male_share: float
    region_shares: Annotated[np.ndarray, By(Region, np.float64)]
    big_city: Annotated[np.ndarray, By(Region), At("population.big_city_by_region")]
    education_shares: Annotated[np.ndarray, By(Education, np.float64)]
    resident_education: Annotated[
        np.ndarray, By(Education, np.float64), At("population.attained_education")
    ]
    work_flexible_share: float
    returning_employed: float
    refugee_mental: Annotated[float, At("population.refugee_mental_prevalence")]
    national_population_15_67: Annotated[float, At("migration.arrivals.national_population_15_67")]


class Hazards(NamedTuple):
    """Monthly emigration hazards (float64): residents by age; immigrants' return by period since
    arrival (rows: the months up to each of RETURN_MONTHS) and origin (0 Western, 1
    non-Western); and settled immigrants', after the last period."""

    resident: np.ndarray
    returning: np.ndarray
    settled: float


class Columns(NamedTuple):
    labour_state: np.ndarray
    partner_id: np.ndarray
    age_years: np.ndarray
    immigration_month: np.ndarray
    motive: np.ndarray
    migration: np.ndarray


def bounds(shares) -> np.ndarray:
    """Cumulative float64 bounds for drawing a category with one uniform (last bound 1)."""
    shares = np.asarray(shares, dtype=np.float64)
    out = np.cumsum(shares / shares.sum())
    out[-1] = 1.0
    return out


def age_bounds(bands: dict) -> np.ndarray:
    """Cumulative bounds over single years of age from bands ``{lower: weight}``, each band's
    weight spread evenly over its years; the last key (weight 0) ends the table."""
    edges = sorted((int(k), float(v)) for k, v in bands.items())
    per_year = np.zeros(MAX_AGE, dtype=np.float64)
    for (lower, weight), (upper, _) in itertools.pairwise(edges):
        per_year[lower:upper] = weight / (upper - lower)
    return bounds(per_year)


#: the ends of the return periods, months since arrival: CBS's shares gone within 2, 5 and 10
#: years (immigration.return_left_2y, _5y, _10y)
RETURN_MONTHS = (24, 60, 120)


def return_hazards(p: Parameters) -> np.ndarray:
    """Immigrants' monthly return hazards by period since arrival (rows, RETURN_MONTHS) and
    origin (0 Western, 1 non-Western), constant within a period, from the shares of a cohort
    gone by each period's end."""
    left = np.array(
        [
            [p[f"immigration.return_left_{m // 12}y"][o] for o in ("western", "non_western")]
            for m in RETURN_MONTHS
        ],
        np.float64,
    )
    names = [f"immigration.return_left_{m // 12}y" for m in RETURN_MONTHS]
    for k, name in enumerate(names):
        for o, origin in enumerate(("western", "non_western")):
            if left[k, o] >= 1.0:
                raise ParameterError(
                    f"{p.entry(name).origin}: parameter '{name}.{origin}' = {left[k, o]:g};"
                    " allowed: below 1 (a cohort never leaves to the last person)"
                )
            if k and left[k, o] < left[k - 1, o]:
                raise ParameterError(
                    f"{p.entry(name).origin}: parameter '{name}.{origin}' = {left[k, o]:g} is"
                    f" below '{names[k - 1]}.{origin}' = {left[k - 1, o]:g}"
                    f" ({p.entry(names[k - 1]).origin}); allowed: shares that rise with the years"
                )
    stayed = np.vstack([np.ones((1, 2)), 1.0 - left])
    months = np.diff(np.array((0, *RETURN_MONTHS), np.float64))[:, None]
    return 1.0 - (stayed[1:] / stayed[:-1]) ** (1.0 / months)


def national_immigrants(path: dict, year: int) -> float:
    """The path's value in ``year``: linear between the years given, held outside them."""
    points = sorted((int(k), float(v)) for k, v in path.items())
    if year <= points[0][0]:
        return points[0][1]
    for (y0, v0), (y1, v1) in itertools.pairwise(points):
        if year < y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return points[-1][1]


@numba.njit(cache=True, nogil=True)
def _emigrants(c, t, key, month, factor, expected, start, stop):  # pragma: no cover
    """Residents who emigrate this month: by age, or an immigrant's return hazard by origin and
    the period since arrival (the settled rate after the last); the draw below the hazard times
    the alignment's factor (1.0 without alignment, which leaves every hazard as it is). A
    partner draws at 1 - sqrt(1 - hazard), and either draw takes both: a couple leaves at
    1 - sqrt((1 - h1) (1 - h2)), its members' own rate when the two are alike (so CBS's shares
    of a cohort gone, counted per person, hold for couples too) and about the mean of the two
    when not, without reading the partner's row. With ``expected``, nothing is drawn and the
    sums of the living's draw hazards, and of those with a partner (who leaves with them), are
    returned: the alignment's expected movers and partners. (One kernel for both, so the hazard
    is written once: a hazard function called per row measured 25 times slower here.)"""
    rows = np.empty(0 if expected else stop - start, np.int64)
    n, movers, partnered = 0, 0.0, 0.0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        hazard = t.resident[c.age_years[i]]
        came = c.immigration_month[i]
        if came >= 0 and c.motive[i] != Motive.RETURNING:
            origin = 0 if c.migration[i] == Migration.WESTERN else 1
            since = month - came
            hazard = t.settled
            for period in range(len(RETURN_MONTHS) - 1, -1, -1):  # the earliest that holds
                if since < RETURN_MONTHS[period]:
                    hazard = t.returning[period, origin]
        has_partner = c.partner_id[i] >= 0
        if has_partner:
            hazard = 1.0 - np.sqrt(1.0 - hazard)
        alive = c.labour_state[i] < LabourState.DEAD
        if expected:
            movers += alive * hazard
            partnered += alive * hazard * has_partner
        else:
            rows[n] = i
            n += alive & (draw(key, i) < hazard * factor)
    return rows[:n].copy(), movers, partnered


class Immigration(Process):
    """One month of emigration and immigration."""

    name = "immigration"
    writes: ClassVar[tuple[str, ...]] = (
        *JOB_WRITES, "partner_id", "birth_month", "sex", "region", "big_city", "migration",
        "arrival_month", "education", "target_education", "parents_education", "health",
        "immigration_month", "motive",
    )  # fmt: skip

    def __init__(self, params: Parameters, jobs: Jobs, school: School, enabled: bool = False):
        self.jobs, self.school, self.enabled = jobs, school, enabled
        p = params
        self.flows = read_table(p, "immigration", Flows)
        f = self.flows
        self.motive_bounds = bounds([f.motive_shares[m.name.lower()] for m in MOTIVES])
        #: by motive code: the Western share and the age bounds (row 0 unused)
        self.western = np.array(
            [0.0, *(f.western_share.get(m.name.lower(), 0.0) for m in MOTIVES)], np.float64
        )
        ages = [age_bounds(f.age_weights[m.name.lower()]) for m in MOTIVES]
        self.age_table = np.stack([ages[0], *ages])
        self.region_bounds = bounds(f.region_shares)
        self.education_bounds = bounds(f.education_shares)
        self.resident_education_bounds = bounds(f.resident_education)
        self.hazards = Hazards(
            resident=monthly(p.by_age("immigration.emigration").astype(np.float64)),
            returning=return_hazards(p),
            settled=float(monthly(p["immigration.settled_emigration"])),
        )
        #: simulated persons per person in the Netherlands 15-67 (set by :meth:`start`)
        self.scale = 0.0
        #: the fraction of an immigrant carried to the next month
        self.carry = 0.0
        #: the first row added during the run (rows before it have no known mother)
        self.first_new_row = 0
        #: the alignment of the immigrants' yearly total (simulation.alignment; ``align`` is
        #: the emigrants'), and the emigrants of the last twelve months: (movers drawn, persons
        #: who left with them) per month
        self.align_arrivals: Any = None
        self.emigrants: deque[tuple[int, int]] = deque(maxlen=12)

    def start(self, pop: Population, month: int, first_new_row: int | None = None) -> None:
        """The scale of the simulation: residents 15-67 at the start over the national figure
        (as refugee arrivals are scaled). ``first_new_row``: the first row not built by the
        synthesis (default: the next), so rows added in the months before the start count as
        added (a mother who emigrates takes her children born then)."""
        age = (month - pop.birth_month) // 12
        resident = (pop.labour_state < LabourState.DEAD) & (age >= 15) & (age <= 67)
        self.scale = int(resident.sum()) / self.flows.national_population_15_67
        self.first_new_row = pop.size if first_new_row is None else first_new_row

    def count(self, month: int) -> int:
        """This month's immigrants: a twelfth of the year's, the fraction carried over."""
        national = national_immigrants(self.flows.national, month // 12)
        if self.align_arrivals is not None:  # the scenario's series replaces the path
            expected = np.array([national * self.scale / 12])
            national *= float(self.align_arrivals.factors(month, expected)[0])
        self.carry += national * self.scale / 12
        n = int(self.carry)
        self.carry -= n
        return n

    def __call__(self, w: World) -> None:
        if not self.enabled:
            return
        self.emigrate(w)
        k = self.count(w.month)
        self.immigrate(w, k)
        if self.align_arrivals is not None:
            self.align_arrivals.realized(w.month, np.array([k]))

    # -- emigration ---------------------------------------------------------------------------
    def emigrate(self, w: World) -> None:
        pop, m = w.pop, w.month
        columns, factor = w.columns(Columns), 1.0
        if self.align is not None:
            factor = self.emigration_factor(columns, m)
        key = w.draws.key("immigration.leave")
        t = self.hazards
        movers = joined(  # the rows of ranges side by side, joined in order
            in_parallel(
                lambda a, b: _emigrants(columns, t, key, m, factor, False, a, b)[0], pop.size
            )
        )
        partners = pop.partner_id[movers]
        adults = np.union1d(movers, partners[partners >= 0])
        # only rows added during the run have a known mother: scan those
        first = self.first_new_row
        young = (pop.mother_id[first:] >= 0) & (w.age_months[first:] < ADULT_MONTHS)
        children = first + rows_where(young & (pop.labour_state[first:] < LabourState.DEAD))
        children = children[among(pop.mother_id[children], adults, pop.size)]
        leaving = np.union1d(adults, children)
        state = pop.labour_state[leaving]
        working = leaving[(state == LabourState.EMPLOYED) | (state == LabourState.SICK)]
        self.jobs.end_jobs(w, working, LabourState.ABROAD, Event.JOB_END)
        pop.set_state(leaving, LabourState.ABROAD)
        pop.set_benefit(leaving, Benefit.NONE)
        pop.ww_months_left[leaving] = 0
        end_partnerships(pop, leaving)
        w.log.record(Event.EMIGRATION, m, leaving)
        if self.align is not None:
            self.align.realized(m, np.array([leaving.size]))
            self.emigrants.append((movers.size, leaving.size))

    def emigration_factor(self, columns: Columns, month: int) -> float:
        """The alignment's factor on the movers' hazards. The series counts everyone who
        leaves, movers with their partners and children: the expected movers are multiplied
        by the persons who left per mover in the last twelve months (in the first month, by
        one plus the expected movers' share with a partner)."""
        # one pass over every row: the sums in one order, whatever the threads
        size = columns.labour_state.size
        _, movers, partnered = _emigrants(
            columns, self.hazards, np.uint64(0), month, 1.0, True, 0, size
        )
        drawn = sum(k for k, _ in self.emigrants)
        if drawn:
            per_mover = sum(n for _, n in self.emigrants) / drawn
        else:
            per_mover = 1.0 + partnered / movers if movers > 0 else 1.0
        return float(self.align.factors(month, np.array([movers * per_mover]))[0])

    # -- immigration --------------------------------------------------------------------------
    def immigrate(self, w: World, k: int) -> None:
        pop, m, f = w.pop, w.month, self.flows
        rows = pop.grow(k)
        u = w.draws.uniform
        motive = np.searchsorted(self.motive_bounds, u("immigration.motive", rows), "right") + 1
        motive = motive.astype(np.int8)
        years = np.empty(k, np.int64)
        u_age = u("immigration.age", rows)
        for code in MOTIVES:  # a loop over the five motives, not over persons
            these = motive == code
            years[these] = np.searchsorted(self.age_table[code], u_age[these], "right")
        extra = (u("immigration.age_month", rows) * 12).astype(np.int32)
        pop.birth_month[rows] = m - years.astype(np.int32) * 12 - extra
        w.update_ages()
        pop.motive[rows] = motive
        pop.immigration_month[rows] = m
        pop.sex[rows] = u("immigration.sex", rows) >= f.male_share
        region = np.searchsorted(self.region_bounds, u("immigration.region", rows), "right")
        pop.region[rows] = region
        pop.big_city[rows] = u("immigration.big_city", rows) < f.big_city[region]
        western = u("immigration.western", rows) < self.western[motive]
        returning = motive == Motive.RETURNING
        pupil = (years < CHILD_AGE) | (returning & (years < ADULT_AGE))
        background = np.where(western, Migration.WESTERN, Migration.NON_WESTERN)
        refugee = (motive == Motive.ASYLUM) & ~pupil
        background = np.where(refugee, Migration.REFUGEE, background)
        pop.migration[rows] = np.where(returning, Migration.NONE, background)
        u_edu = u("immigration.education", rows)
        education = np.where(
            returning,
            np.searchsorted(self.resident_education_bounds, u_edu, "right"),
            np.searchsorted(self.education_bounds, u_edu, "right"),
        ).astype(np.int8)
        pop.parents_education[rows] = education
        target = self.school.draw_target(education, u("immigration.target", rows))
        study = motive == Motive.STUDY
        pop.education[rows] = np.where(
            pupil, Education.LOW, np.where(study, Education.MIDDLE, education)
        )
        pop.target_education[rows] = np.where(
            pupil, target, np.where(study, Education.HIGH, education)
        )
        u_trait = u("immigration.unstable", rows)
        pop.unstable[rows] = self.jobs.unstable(u_trait)
        self.arrive(w, rows, motive, pupil | study)
        w.log.record(Event.IMMIGRATION, m, rows)

    def arrive(self, w: World, rows: np.ndarray, motive: np.ndarray, school: np.ndarray) -> None:
        """Each immigrant's starting state by motive and age: in school, a job, a refugee in
        reception this month, or inactive."""
        pop, m, f = w.pop, w.month, self.flows
        pop.labour_state[rows] = np.where(school, LabourState.SCHOOL, LabourState.INACTIVE)
        asylum = rows[pop.migration[rows] == Migration.REFUGEE]
        pop.arrival_month[asylum] = m
        pop.labour_state[asylum] = LabourState.ABROAD  # the integration step receives them
        mental = w.draws.uniform("immigration.mental", asylum) < f.refugee_mental
        pop.health[asylum[mental]] = Health.MENTAL
        years = w.age_years[rows]
        u = w.draws.uniform("immigration.employed", rows)
        returning = (motive == Motive.RETURNING) & ~school & (years < RETURNING_WORK_END)
        workers = rows[(motive == Motive.WORK) | (returning & (u < f.returning_employed))]
        self.jobs.start_jobs(w, workers)
        labour = pop.motive[workers] == Motive.WORK
        flexible = w.draws.uniform("immigration.flexible", workers) < f.work_flexible_share
        pop.contract[workers[labour & flexible]] = Contract.FLEX
