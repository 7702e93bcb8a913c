"""Monthly sums by cell, the base of the outcomes over the horizon by subgroup.

Each month one compiled pass over the population adds every person aged 15 to the AOW age to the
cell of their (sex, education, migration background, region, parental divorce): months lived, in
work, in each labour state and on each benefit, hours, income, benefit spending, and the tax,
premiums and allowance shares of :mod:`simulation.income` (with their sums by income decile).
The month's indicators (:mod:`simulation.outcomes`) and the horizon's outcomes by subgroup
(:mod:`simulation.horizon`, what a scenario comparison reports) are ratios of sums over these
cells. One pass replaces a dozen numpy passes and their temporaries.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from simulation.classify import PERMANENT_MIN_HOURS
from simulation.codes import (
    Benefit,
    Contract,
    Education,
    Health,
    LabourState,
    Migration,
    Region,
    Sex,
)
from simulation.executors import in_chunks
from simulation.income.layout import COUNTED, EQUIVALISED, FLOWS
from simulation.parameters import MAX_AGE
from simulation.survey import PUPIL, SEEKER

#: the fiscal flows of simulation.income per person (in MEASURES and the decile sums)
INCOME_FLOWS = (
    "tax_revenue",  # income tax and national insurance premiums, after credits
    "premium_revenue",  # Zvw contributions and the employers' employee-insurance premiums
    "zorgtoeslag",
    "huurtoeslag",
    "kindgebonden_budget",
    "kinderbijslag",
)
#: the sums by income decile at the start (decile 0: not in a household of the statistics then);
#: the flows as in MEASURES, yearly amounts added each month
DECILE_MEASURES = (
    "person_months",
    "counted_months",  # months in a household of the income statistics
    "equivalised_income",  # the household's, a year, added each counted month
    "benefit_spending",  # a month
    *INCOME_FLOWS,
)
DM = {name: k for k, name in enumerate(DECILE_MEASURES)}
N_FLOWS = len(INCOME_FLOWS)
N_DECILES = 11
#: the benefit codes (money's first columns in the tally; the flows follow)
N_BENEFITS = len(Benefit)
MEASURES = (
    "person_months",
    "employed_months",  # employed or on sick leave: has a job (CBS)
    "working_months",  # at work
    "unemployed_months",
    "hours",  # of those at work
    "labour_income",  # of those with a job
    "permanent_months",  # PBL (A5.2): permanent and 20+ hours a week
    "ww_months",
    "bijstand_months",
    "sickness_months",
    "disability_months",  # Wajong, WGA or IVA
    "benefit_spending",
    "healthy_working_months",  # A1.8
    "school_months",
    "inactive_months",
    "sick_months",
    "disabled_months",
    "early_retired_months",
    "wajong_months",
    "wga_months",
    "iva_months",
    "persons_20_64",
    "employed_20_64",
    "women_25_45",
    "employed_women_25_45",
    "wage_of_working",
    "household_income",  # own and partner's income from work and benefits, each December x 12
    "spending_ww",
    "spending_bijstand",
    "spending_wajong",
    "spending_wga",
    "spending_iva",
    "spending_sickness",
    # CBS's labour force survey (simulation.survey): employed counts side jobs of pupils,
    # unemployed only those looking and able to start
    "survey_employed",
    "survey_unemployed",
    "survey_employed_20_64",
    "survey_employed_15_24",
    "survey_unemployed_15_24",
    # the public purse beside benefits (simulation.income): what each person pays and their
    # share of the household's allowances, each month a twelfth of the yearly amount
    *INCOME_FLOWS,
)
M = {name: k for k, name in enumerate(MEASURES)}
DIMENSIONS = (
    ("sex", [s.name.lower() for s in Sex]),
    ("education", [e.name.lower() for e in Education]),
    ("migration", [m.name.lower() for m in Migration]),
    ("region", [r.name.lower() for r in Region]),
    ("parents_divorced", ["no", "yes"]),
)
SUBGROUPS = ["all"] + [f"{dim}={code}" for dim, codes in DIMENSIONS for code in codes]
#: one cell per combination of the subgroup dimensions; groups are sums over cells
CELL_SHAPE = tuple(len(codes) for _, codes in DIMENSIONS)
N_CELLS = int(np.prod(CELL_SHAPE))
# the sizes of the dimensions after the first, for the kernels' cell index
_, _EDUCATIONS, _MIGRATIONS, _REGIONS, _DIVORCED = CELL_SHAPE
#: people are counted from age 15 (CBS's labour-force ages) to the AOW age
YOUNGEST_MONTHS = 15 * 12
#: PBL's secure work as a float for the hours column's comparison (A5.2)
_MIN_HOURS = float(PERMANENT_MIN_HOURS)


#: The monthly pass counts persons in a cross-tab and sums money and hours in two small tables;
#: every measure is then a sum over that tabulation. Counting in a table (one store per person,
#: no branch on their state) takes half the time of adding to each measure per person
#: (measured: 11-14 ms against 27 ms at a million rows), since states and benefits vary from row
#: to row and every branch on them mispredicts.
#: Activity codes of the tabulation: the labour states 0-6, and for EMPLOYED (1) instead
#: 7 + healthy + 2 x permanent, the two properties of a job that measures need: the worker's
#: health and whether the job is permanent in PBL's sense (permanent and 20+ hours, A5.2).
#: Arithmetic rather than a branch: the state varies row to row, so a branch on it mispredicts.
N_STATES = LabourState.DEAD  # labour states counted: SCHOOL .. RETIRED
#: the activities of employed workers: N_STATES + healthy + 2 x permanent
_AT_WORK = [N_STATES, N_STATES + 1, N_STATES + 2, N_STATES + 3]
_HEALTHY_AT_WORK = [N_STATES + 1, N_STATES + 3]
_PERMANENT = [N_STATES + 2, N_STATES + 3]
N_ACTIVITIES = N_STATES + 4
#: age bands by age in months: under 20, 20-24, 25-44, 45-64, 65 and over (for persons 20-64
#: and women 25-44); the table runs past any AOW age, as only ages below it are looked up
_YEARS = np.arange(MAX_AGE * 12) // 12
AGE_BAND = (_YEARS >= 20).astype(np.int8) + (_YEARS >= 25) + (_YEARS >= 45) + (_YEARS >= 65)
N_AGE_BANDS = 5


class Flows(NamedTuple):
    """Per row this month: public benefit paid, the survey's answers (a job seeker's and a
    pupil's stream, :class:`simulation.survey.Survey`), the yearly amounts of
    :class:`simulation.income.layout.Out` (``income``: rows x FLOWS) and the row's income
    decile at the start."""

    spending: np.ndarray
    answers: np.ndarray
    income: np.ndarray
    decile: np.ndarray


class Counted(NamedTuple):
    """What the monthly tally reads of each person."""

    labour_state: np.ndarray
    benefit: np.ndarray
    health: np.ndarray
    contract: np.ndarray
    hours: np.ndarray
    wage: np.ndarray
    partner_id: np.ndarray
    sex: np.ndarray
    education: np.ndarray
    migration: np.ndarray
    region: np.ndarray
    parents_divorced: np.ndarray


# The two kernels below test "counted" and compute the cell index written out, not through a
# shared inlined helper: the helper version ran 2.5 times slower (measured 24-30 ms against
# 10-17 ms at a million rows).


@numba.njit(cache=True, nogil=True)
def _tabulate(c, f, age, aow, age_band, survey, sums, start, stop):  # pragma: no cover
    counts, job_sums, money, surveyed, deciles = sums
    spending, answers = f.spending, f.answers
    first = N_BENEFITS
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        state = c.labour_state[i]
        a = age[i]
        # dead or abroad, or outside 15 to the AOW age: not counted
        if state >= LabourState.DEAD or a < YOUNGEST_MONTHS or a >= aow:
            continue
        cell = (c.sex[i] * _EDUCATIONS + c.education[i]) * _MIGRATIONS + c.migration[i]
        cell = (cell * _REGIONS + c.region[i]) * _DIVORCED + c.parents_divorced[i]
        permanent = (c.contract[i] == Contract.PERMANENT) & (c.hours[i] >= _MIN_HOURS)
        healthy = np.int64(c.health[i] == Health.HEALTHY)
        job = N_STATES - LabourState.EMPLOYED + healthy + 2 * np.int64(permanent)
        activity = state + np.int64(state == LabourState.EMPLOYED) * job
        counts[cell, activity, c.benefit[i], age_band[a]] += 1
        job_sums[cell, state, 0] += c.wage[i]
        job_sums[cell, state, 1] += c.hours[i]
        money[cell, c.benefit[i]] += spending[i]
        # the fiscal flows (yearly amounts; the readers take a twelfth) and their decile sums
        d = f.decile[i]
        deciles[d, 0] += 1
        deciles[d, 1] += f.income[i, COUNTED]
        deciles[d, 2] += f.income[i, EQUIVALISED]
        deciles[d, 3] += spending[i]
        for k in range(N_FLOWS):  # INCOME_FLOWS, the first columns of FLOWS in order
            money[cell, first + k] += f.income[i, k]
            deciles[d, 4 + k] += f.income[i, k]
        # the survey's status (simulation.survey): 0 employed, 1 unemployed, 2 outside
        pupil = state == LabourState.SCHOOL
        u = answers[PUPIL if pupil else SEEKER, i]
        employed = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
        employed |= pupil & (u < survey[0])
        looking = pupil & (u >= survey[0]) & (u < survey[1])
        not_on_ww = c.benefit[i] != Benefit.WW
        looking |= (state == LabourState.UNEMPLOYED) & (not_on_ww | (u < survey[2]))
        surveyed[cell, 2 - 2 * np.int64(employed) - np.int64(looking), age_band[a]] += 1


@numba.njit(cache=True, nogil=True)
def _household_income(c, spending, age, aow, acc, column):  # pragma: no cover - compiled
    # each row's own income first, so a partner's costs one random read, not three
    own = np.empty(c.labour_state.size, np.float32)
    for i in range(own.size):
        own[i] = spending[i]
        state = c.labour_state[i]
        if state == LabourState.EMPLOYED or state == LabourState.SICK:
            own[i] += c.wage[i]
    for i in range(c.labour_state.size):
        a = age[i]
        if c.labour_state[i] >= LabourState.DEAD or a < YOUNGEST_MONTHS or a >= aow:
            continue
        cell = (c.sex[i] * _EDUCATIONS + c.education[i]) * _MIGRATIONS + c.migration[i]
        cell = (cell * _REGIONS + c.region[i]) * _DIVORCED + c.parents_divorced[i]
        p = c.partner_id[i]
        acc[cell, column] += 12.0 * (own[i] + (own[p] if p >= 0 else 0.0))


def _measures_from_tabulation(counts, job_sums, money, surveyed) -> np.ndarray:
    """The MEASURES of each cell as sums over the tabulation."""
    wage_sums, hours_sums = job_sums[:, :, 0], job_sums[:, :, 1]
    acc = np.zeros((N_CELLS, len(MEASURES)))
    by_activity = counts.sum(axis=(2, 3))  # cell x activity
    by_benefit = counts.sum(axis=(1, 3))  # cell x benefit
    by_band = counts.sum(axis=(1, 2))  # cell x age band
    working = by_activity[:, _AT_WORK].sum(axis=1)
    sick = by_activity[:, LabourState.SICK]
    acc[:, M["person_months"]] = by_activity.sum(axis=1)
    acc[:, M["employed_months"]] = working + sick
    acc[:, M["working_months"]] = working
    acc[:, M["permanent_months"]] = by_activity[:, _PERMANENT].sum(axis=1)
    acc[:, M["healthy_working_months"]] = by_activity[:, _HEALTHY_AT_WORK].sum(axis=1)
    for state, name in (
        (LabourState.UNEMPLOYED, "unemployed_months"),
        (LabourState.SCHOOL, "school_months"),
        (LabourState.INACTIVE, "inactive_months"),
        (LabourState.SICK, "sick_months"),
        (LabourState.DISABLED, "disabled_months"),
        (LabourState.RETIRED, "early_retired_months"),
    ):
        acc[:, M[name]] = by_activity[:, state]
    for benefit, name in (
        (Benefit.WW, "ww_months"),
        (Benefit.BIJSTAND, "bijstand_months"),
        (Benefit.SICKNESS, "sickness_months"),
        (Benefit.WAJONG, "wajong_months"),
        (Benefit.WGA, "wga_months"),
        (Benefit.IVA, "iva_months"),
    ):
        acc[:, M[name]] = by_benefit[:, benefit]
    acc[:, M["disability_months"]] = by_benefit[:, [Benefit.WAJONG, Benefit.WGA, Benefit.IVA]].sum(
        axis=1
    )
    acc[:, M["hours"]] = hours_sums[:, LabourState.EMPLOYED]
    acc[:, M["wage_of_working"]] = wage_sums[:, LabourState.EMPLOYED]
    acc[:, M["labour_income"]] = wage_sums[:, [LabourState.EMPLOYED, LabourState.SICK]].sum(axis=1)
    spending_sums = money[:, : len(Benefit)]
    acc[:, M["benefit_spending"]] = spending_sums[:, Benefit.NONE + 1 :].sum(axis=1)
    for benefit in Benefit:
        if benefit != Benefit.NONE:
            acc[:, M[f"spending_{benefit.name.lower()}"]] = spending_sums[:, benefit]
    for k, name in enumerate(INCOME_FLOWS):  # yearly amounts: a month is a twelfth
        acc[:, M[name]] = money[:, len(Benefit) + k] / 12.0
    # persons 20-64 (bands 1-3) and women 25-44 (band 2 of the female cells)
    with_job = counts[:, [*_AT_WORK, LabourState.SICK]].sum(axis=(1, 2))  # cell x band
    acc[:, M["persons_20_64"]] = by_band[:, 1:4].sum(axis=1)
    acc[:, M["employed_20_64"]] = with_job[:, 1:4].sum(axis=1)
    female = np.zeros(N_CELLS, dtype=bool)
    female.reshape(CELL_SHAPE)[Sex.FEMALE] = True
    acc[female, M["women_25_45"]] = by_band[female, 2]
    acc[female, M["employed_women_25_45"]] = with_job[female, 2]
    # the survey's statuses (0 employed, 1 unemployed) by age band: 15-19, 20-24, 25-44, 45-64
    acc[:, M["survey_employed"]] = surveyed[:, 0].sum(axis=1)
    acc[:, M["survey_unemployed"]] = surveyed[:, 1].sum(axis=1)
    acc[:, M["survey_employed_20_64"]] = surveyed[:, 0, 1:4].sum(axis=1)
    acc[:, M["survey_employed_15_24"]] = surveyed[:, 0, :2].sum(axis=1)
    acc[:, M["survey_unemployed_15_24"]] = surveyed[:, 1, :2].sum(axis=1)
    return acc


def month_cells(
    pop,
    age: np.ndarray,
    aow_age_months: int,
    spending: np.ndarray,
    answers: np.ndarray,
    survey: np.ndarray,
    household: bool = False,
    income=None,
    deciles: np.ndarray | None = None,
) -> np.ndarray:
    """The month's sums per cell (N_CELLS x MEASURES); ``age`` in months per row (int32).

    Household income needs each partner's income, a random read per person that costs as much
    as the rest of the pass; like annual income statistics it is measured once a year
    (``household=True`` in December) and counted twelve times. ``answers`` and ``survey`` are
    each row's survey answers (2 x rows: a job seeker's, a pupil's) and the thresholds of
    :class:`simulation.survey.Survey`.
    ``income``: the rows' fiscal flows (:class:`simulation.income.layout.Out`, with a
    ``decile`` per row), none without; ``deciles`` (N_DECILES x DECILE_MEASURES) receives their
    sums by decile.
    """
    columns = Counted(*(getattr(pop, name) for name in Counted._fields))
    if deciles is None:
        deciles = np.zeros((N_DECILES, len(DECILE_MEASURES)))
    flows = _flows(pop.size, spending, answers, income)

    def chunk(start: int, stop: int) -> tuple[np.ndarray, ...]:
        sums = (
            np.zeros((N_CELLS, N_ACTIVITIES, len(Benefit), N_AGE_BANDS), dtype=np.int32),
            np.zeros((N_CELLS, N_STATES, 2)),  # wage and hours of the (last) job
            np.zeros((N_CELLS, len(Benefit) + len(INCOME_FLOWS))),
            np.zeros((N_CELLS, 3, N_AGE_BANDS), dtype=np.int32),
            np.zeros_like(deciles),
        )
        _tabulate(columns, flows, age, aow_age_months, AGE_BAND, survey, sums, start, stop)
        return sums

    # chunks of fixed size on the threads, added in their order: the same sums for any threads
    chunks = in_chunks(chunk, pop.size)
    counts, job_sums, money, surveyed, by_decile = chunks[0]
    for more in chunks[1:]:
        for total, part in zip(chunks[0], more, strict=True):
            total += part
    deciles += by_decile
    cells = _measures_from_tabulation(counts, job_sums, money, surveyed)
    if household:
        _household_income(columns, spending, age, aow_age_months, cells, M["household_income"])
    return cells


def _flows(size: int, spending: np.ndarray, answers: np.ndarray, income) -> Flows:
    if income is None:
        nil = np.zeros((size, len(FLOWS)), np.float32)
        return Flows(spending, answers, nil, np.zeros(size, np.int8))
    return Flows(spending, answers, income.flows, income.decile)


def by_dimension(cells: np.ndarray, axis: int) -> np.ndarray:
    """Cell sums summed over every dimension but ``axis`` (codes x MEASURES)."""
    grid = cells.reshape(*CELL_SHAPE, len(MEASURES))
    others = tuple(a for a in range(len(DIMENSIONS)) if a != axis)
    return grid.sum(axis=others)


def by_subgroup(cells: np.ndarray) -> np.ndarray:
    """Cell sums as subgroup sums (SUBGROUPS x MEASURES)."""
    rows = [cells.sum(axis=0)[None, :]]
    rows += [by_dimension(cells, axis) for axis in range(len(DIMENSIONS))]
    return np.vstack(rows)
