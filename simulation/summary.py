"""Outcomes over the horizon, overall and by subgroup: what a scenario comparison reports.

Each month every person aged 15 to the AOW age adds to the accumulators of their subgroups
(overall; sex; education; migration background; region; parental divorce): months lived, in
work, unemployed, on each benefit, working in good health, hours, labour income and public
benefit spending. Indicators are ratios of these sums over the horizon and per calendar year.
"""

from __future__ import annotations

import numba
import numpy as np
import pandas as pd

from simulation.codes import Education, Migration, Region, Sex

MEASURES = (
    "person_months",
    "employed_months",  # employed or on sick leave: has a job (CBS)
    "working_months",  # at work
    "unemployed_months",
    "hours",
    "labour_income",
    "permanent_months",
    "ww_months",
    "bijstand_months",
    "sickness_months",
    "disability_months",
    "benefit_spending",
    "healthy_working_months",
)
DIMENSIONS = (
    ("sex", [s.name.lower() for s in Sex]),
    ("education", [e.name.lower() for e in Education]),
    ("migration", [m.name.lower() for m in Migration]),
    ("region", [r.name.lower() for r in Region]),
    ("parents_divorced", ["no", "yes"]),
)
SUBGROUPS = ["all"] + [f"{dim}={code}" for dim, codes in DIMENSIONS for code in codes]
OFFSETS = np.cumsum([1] + [len(codes) for _, codes in DIMENSIONS])[:-1].astype(np.int64)


@numba.njit(cache=True, nogil=True)
def _accumulate(acc, labour_state, benefit, health, contract, hours, wage, spending, age, aow,
                sex, education, migration, region, parents_divorced, offsets):  # fmt: skip
    row = np.zeros(13)
    groups = np.zeros(6, np.int64)
    for i in range(labour_state.size):
        state = labour_state[i]
        if state >= 7 or age[i] < 180 or age[i] >= aow:
            continue
        row[:] = 0.0
        row[0] = 1.0
        has_job = state == 1 or state == 4
        if has_job:
            row[1] = 1.0
            row[5] = wage[i]
        if state == 1:
            row[2] = 1.0
            row[4] = hours[i]
            if contract[i] == 3 and hours[i] >= 20.0:
                row[6] = 1.0
            if health[i] == 0:
                row[12] = 1.0
        if state == 2:
            row[3] = 1.0
        b = benefit[i]
        if b == 1:
            row[7] = 1.0
        elif b == 2:
            row[8] = 1.0
        elif b == 6:
            row[9] = 1.0
        elif b >= 3:
            row[10] = 1.0
        row[11] = spending[i]
        groups[0] = 0
        groups[1] = offsets[0] + sex[i]
        groups[2] = offsets[1] + education[i]
        groups[3] = offsets[2] + migration[i]
        groups[4] = offsets[3] + region[i]
        groups[5] = offsets[4] + (1 if parents_divorced[i] else 0)
        for g in groups:
            for k in range(13):
                acc[g, k] += row[k]


class Summary:
    """Accumulates the monthly sums by calendar year."""

    def __init__(self) -> None:
        self.years: dict[int, np.ndarray] = {}

    def add(self, pop, month: int, aow_age_months: int, spending: np.ndarray) -> None:
        acc = self.years.setdefault(month // 12, np.zeros((len(SUBGROUPS), len(MEASURES))))
        age = (month - pop.birth_month).astype(np.int32)
        _accumulate(
            acc, pop.labour_state, pop.benefit, pop.health, pop.contract, pop.hours, pop.wage,
            spending, age, aow_age_months, pop.sex, pop.education, pop.migration, pop.region,
            pop.parents_divorced, OFFSETS,
        )  # fmt: skip

    def sums(self, year: int | None = None) -> np.ndarray:
        if year is not None:
            return self.years[year]
        return np.sum(list(self.years.values()), axis=0)

    def table(self, intervention_spending: float = 0.0) -> pd.DataFrame:
        """Indicators over the horizon and per year: columns period, subgroup, indicator, value."""
        frames = [_indicators(self.sums(), "horizon", intervention_spending)]
        frames += [_indicators(self.sums(y), str(y), None) for y in sorted(self.years)]
        return pd.concat(frames, ignore_index=True)


def _indicators(acc: np.ndarray, period: str, intervention_spending: float | None) -> pd.DataFrame:
    m = {name: acc[:, k] for k, name in enumerate(MEASURES)}
    with np.errstate(invalid="ignore", divide="ignore"):
        pm = m["person_months"]
        values = {
            "employment_rate": m["employed_months"] / pm,
            "unemployment_share": m["unemployed_months"] / pm,
            "weekly_hours": m["hours"] / m["working_months"],
            "permanent_share": m["permanent_months"] / m["working_months"],
            "labour_income_per_year": m["labour_income"] * 12 / pm,
            "ww_share": m["ww_months"] / pm,
            "bijstand_share": m["bijstand_months"] / pm,
            "sickness_share": m["sickness_months"] / pm,
            "disability_share": m["disability_months"] / pm,
            "benefit_spending_per_year": m["benefit_spending"] * 12 / pm,
            "healthy_working_share": m["healthy_working_months"] / pm,
            "person_years": pm / 12,
        }
    rows = [
        (period, subgroup, name, float(series[g]))
        for name, series in values.items()
        for g, subgroup in enumerate(SUBGROUPS)
    ]
    if intervention_spending is not None:
        person_years = float(pm[0]) / 12
        net = float(m["benefit_spending"][0]) + intervention_spending
        rows.append(
            (period, "all", "intervention_spending_per_year", intervention_spending / person_years)
        )
        rows.append((period, "all", "net_public_cost_per_year", net / person_years))
    return pd.DataFrame(rows, columns=["period", "subgroup", "indicator", "value"])
