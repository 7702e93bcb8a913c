"""Career paths (A5): PBL's starters and former WW recipients of 2006-2009, five years on.

The cohorts are followed month by month from the job they start; each career is classified into
PBL's three paths (:func:`simulation.classify.career_paths`), and the shares of the secure path
are compared by region, city and migration background.
"""

from __future__ import annotations

import numpy as np

from simulation.calendar import by_year
from simulation.classify import career_paths
from simulation.codes import Benefit, Contract, LabourState, Migration, Region
from simulation.model import LifeCourseModel
from simulation.rows import rows_where
from simulation.validation.framework import SENSITIVITY, measure, share

CAREER_MONTHS = 60  # A5.1: five years, month by month
CAREER_PANEL = ("labour_state", "contract", "hours")
#: the sensitivity of the paths to 'almost always working': 48 of 60 months (used) and 3 either way
ALMOST_ALWAYS_MONTHS = (45, 48, 51)
# the months in which a cohort member's career must start to be followed for five years within
# the case's horizon: four in five simulated school leavers start work within a year; of the
# simulated WW entrants who leave WW for work, over 99% do so within two years
STARTER_FIRST_JOB_MONTHS = 12
WW_EXIT_MONTHS = 24


def grouped_median(months: np.ndarray) -> float:
    """The median of whole months read from their distribution: a count of d months stands for
    d - 0.5 to d + 0.5 (the start and the change each fall somewhere within a month), and the
    median is interpolated within the month where half is reached. ``np.median`` of the counts
    would return that month itself, so a pile-up of changes in one month (a step in a factor by
    months with the employer) would set the median on its own. NaN for no one."""
    if months.size == 0:
        return float("nan")
    counts = np.bincount(months) / months.size
    below = np.concatenate([[0.0], np.cumsum(counts)])  # share below month d: below[d]
    d = int(np.searchsorted(below[1:], 0.5, side="left"))
    return float(d - 0.5 + (0.5 - below[d]) / counts[d])


def _careers(model: LifeCourseModel, within: int, from_ww: bool = False):
    """PBL's cohorts (A5.1) are followed for five years from the job they start: the first job
    after school, or the job that ends WW. The rows whose first job started within ``within``
    months (``from_ww``: straight from WW), and their career panels aligned on that month."""
    needed = within + CAREER_MONTHS
    if model.horizon_months < needed:
        raise ValueError(
            f"scenario '{model.spec.name}': horizon is {model.horizon_months} months; five-year "
            f"careers that start within {within} months need {needed}"
        )
    working = model.panel_array("labour_state") == LabourState.EMPLOYED
    first = np.argmax(working, axis=1)
    keep = working.any(axis=1) & (first < within)
    if from_ww:
        benefit = model.panel_array("benefit")
        before = benefit[np.arange(first.size), np.maximum(first - 1, 0)]
        keep &= (first == 0) | (before == Benefit.WW)  # the group starts on WW
    rows = rows_where(keep)
    months = first[rows, None] + np.arange(CAREER_MONTHS)
    panels = {c: model.panel_array(c)[rows[:, None], months] for c in CAREER_PANEL}
    return rows, panels


def _path_measures(
    model: LifeCourseModel, ids: dict[str, str], within: int, from_ww: bool = False
) -> dict[str, float]:
    rows, panel = _careers(model, within, from_ww)
    pop = model.pop
    paths = career_paths(panel["labour_state"], panel["contract"], panel["hours"])
    secure = paths == 3
    out = {ids[f"path{k}"]: share(paths == k) for k in (1, 2, 3)}
    # the classifier's cut-off for 'almost always working' (48 of 60 months) moved by 3 months
    # either way, and 'mostly permanent' (half the months worked) by a tenth
    for months in ALMOST_ALWAYS_MONTHS:
        other = career_paths(
            panel["labour_state"], panel["contract"], panel["hours"], months / CAREER_MONTHS
        )
        used = " (used)" if months == ALMOST_ALWAYS_MONTHS[1] else ""
        for k in (1, 2, 3):
            label = f"working {months} of 60 months{used}"
            out[f"{ids[f'path{k}']}{SENSITIVITY}{label}"] = share(other == k)
    for half in (0.4, 0.6):
        other = career_paths(
            panel["labour_state"], panel["contract"], panel["hours"], mostly_permanent=half
        )
        for k in (2, 3):
            label = f"permanent in {half:.0%} of months worked"
            out[f"{ids[f'path{k}']}{SENSITIVITY}{label}"] = share(other == k)
    randstad = pop.region[rows] == Region.RANDSTAD
    periphery = pop.region[rows] == Region.PERIPHERY
    out[ids["periphery"]] = share(secure[randstad]) - share(secure[periphery])
    big_city = pop.big_city[rows]
    out[ids["city"]] = share(secure[~big_city]) - share(secure[big_city])
    if "migration" in ids:
        migration = pop.migration[rows]
        out[ids["migration"]] = share(secure[migration == Migration.NONE]) - share(
            secure[migration == Migration.NON_WESTERN]
        )
    permanent = panel["contract"] == Contract.PERMANENT
    first = np.where(permanent.any(axis=1), np.argmax(permanent, axis=1), -1)
    if "timing" in ids:
        reached = secure & (first >= 0)
        out[ids["timing"]] = grouped_median(first[reached])
    if "turning" in ids:
        # A5.7: path 2 at the chain limit in force at the start (36 months in 2006-2015): "one
        # third then still gets a permanent contract" (a first one from the limit on, or up to
        # six months before it: the rule's limit of three contracts, which the model does not
        # follow, could be reached earlier), "a similar share has trouble keeping work from
        # then on" (2+ months without work after the limit)
        limit = by_year(model.params["labour.chain_limit_months"], model.start_month // 12)
        path2 = paths == 2
        out[ids["turning"] + "a"] = share(first[path2] >= limit - 6)
        state = panel["labour_state"][path2][:, limit:]
        idle = ~np.isin(state, (LabourState.EMPLOYED, LabourState.SICK))
        out[ids["turning"] + "b"] = share(idle.sum(axis=1) >= 2)
    return out


@measure("starters", panel=CAREER_PANEL)
def starters(model: LifeCourseModel) -> dict[str, float]:
    """School leavers from their first job: paths (A5.4), timing of the first permanent
    contract (A5.6), the chain-limit turning point (A5.7), and the gaps (A5.8, A5.9, A5.12)."""
    model.run()
    ids = {
        "path1": "A5.4a",
        "path2": "A5.4b",
        "path3": "A5.4c",
        "periphery": "A5.8a",
        "city": "A5.9a",
        "migration": "A5.12",
        "timing": "A5.6",
        "turning": "A5.7",
    }
    return _path_measures(model, ids, within=STARTER_FIRST_JOB_MONTHS)


@measure("ww_entrants", panel=(*CAREER_PANEL, "benefit"))
def ww_entrants(model: LifeCourseModel) -> dict[str, float]:
    """WW recipients from the job that ends WW: paths (A5.5) and regional gaps (A5.8, A5.9)."""
    model.run()
    ids = {
        "path1": "A5.5a",
        "path2": "A5.5b",
        "path3": "A5.5c",
        "periphery": "A5.8b",
        "city": "A5.9b",
    }
    return _path_measures(model, ids, within=WW_EXIT_MONTHS, from_ww=True)
