"""A run's outcomes over the horizon and per year, overall and by subgroup: the table a
comparison pairs (period, subgroup, indicator, value).

:class:`Summary` keeps the month's cell sums of :mod:`simulation.summary` by calendar year, the
sums by income decile and the income statistics of each year; its :meth:`Summary.table` turns
them into indicators, ratios of the sums (employment, benefits, the public purse per
person-year) and the rows of :mod:`simulation.income.outcomes` (the income distribution, the
full fiscal balance, the deciles).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.income.outcomes import (
    ALLOWANCES,
    decile_rows,
    fiscal_rows,
    income_rows,
    mean_stats,
)
from simulation.summary import (
    DECILE_MEASURES,
    DM,
    MEASURES,
    N_DECILES,
    SUBGROUPS,
    by_subgroup,
)


class Summary:
    """Cell sums by calendar year, for outcomes over the horizon and per year; beside them the
    sums by income decile and the year's income statistics (:mod:`simulation.income.outcomes`).
    ``scale``: the national population over the persons simulated, for the national figures of
    the fiscal balance (None: a group, not the country)."""

    def __init__(self, scale: float | None = None) -> None:
        self.years: dict[int, np.ndarray] = {}
        self.deciles: dict[int, np.ndarray] = {}
        self.months: dict[int, int] = {}
        #: the income statistics at the start and of each year ({(subgroup, indicator): value})
        self.start_income: dict[tuple[str, str], float] = {}
        self.income: dict[int, dict[tuple[str, str], float]] = {}
        self.scale = scale

    def add(self, month: int, cells: np.ndarray, deciles: np.ndarray | None = None) -> None:
        year = month // 12
        if year in self.years:
            self.years[year] += cells
        else:
            self.years[year] = cells.copy()
            self.deciles[year] = np.zeros((N_DECILES, len(DECILE_MEASURES)))
            self.months[year] = 0
        self.months[year] += 1
        if deciles is not None:
            self.deciles[year] += deciles

    def sums(self, year: int | None = None) -> np.ndarray:
        """Subgroup sums for one calendar year, or over the whole horizon."""
        cells = self.years[year] if year is not None else np.sum(list(self.years.values()), axis=0)
        return by_subgroup(cells)

    def table(self, intervention_spending: float = 0.0) -> pd.DataFrame:
        """Indicators over the horizon and per year: columns period, subgroup, indicator, value."""
        years = sorted(self.years)
        horizon = self.sums()
        totals = {name: float(horizon[0, k]) for k, name in enumerate(MEASURES)}
        months = sum(self.months.values())
        frames = [
            _indicators(horizon, "horizon", intervention_spending),
            _rows(fiscal_rows("horizon", totals, months, intervention_spending, self.scale)),
            _rows(income_rows("horizon", mean_stats([self.income[y] for y in self.income]))),
            _rows(decile_rows("horizon", sum(self.deciles.values()), DM)) if years else None,
            _rows(income_rows("start", self.start_income)),
        ]
        for y in years:
            frames.append(_indicators(self.sums(y), str(y), None))
            frames.append(_rows(income_rows(str(y), self.income.get(y, {}))))
            frames.append(_rows(decile_rows(str(y), self.deciles[y], DM)))
        return pd.concat([f for f in frames if f is not None and len(f)], ignore_index=True)


def _rows(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["period", "subgroup", "indicator", "value"])


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
            "household_income_per_year": m["household_income"] * 12 / pm,
            "ww_share": m["ww_months"] / pm,
            "bijstand_share": m["bijstand_months"] / pm,
            "sickness_share": m["sickness_months"] / pm,
            "disability_share": m["disability_months"] / pm,
            "benefit_spending_per_year": m["benefit_spending"] * 12 / pm,
            **{
                f"{name}_per_year": m[name] * 12 / pm
                for name in MEASURES
                if name.startswith("spending_")
            },
            "healthy_working_share": m["healthy_working_months"] / pm,
            "person_years": pm / 12,
            # the rest of the public purse (simulation.income), per person-year
            "tax_revenue_per_year": m["tax_revenue"] * 12 / pm,
            "premium_revenue_per_year": m["premium_revenue"] * 12 / pm,
            "allowance_spending_per_year": sum(m[name] for name in ALLOWANCES) * 12 / pm,
            **{f"{name}_per_year": m[name] * 12 / pm for name in ALLOWANCES},
        }
    rows = [
        (period, subgroup, name, float(series[g]))
        for name, series in values.items()
        for g, subgroup in enumerate(SUBGROUPS)
    ]
    if intervention_spending is not None:
        # no one of working age in the period (a cohort of 12-year-olds followed for two years):
        # not a number, as for the other indicators, instead of a ZeroDivisionError
        person_years = float(pm[0]) / 12 or float("nan")
        net = float(m["benefit_spending"][0]) + intervention_spending
        rows.append(
            (period, "all", "intervention_spending_per_year", intervention_spending / person_years)
        )
        rows.append((period, "all", "net_public_cost_per_year", net / person_years))
    return pd.DataFrame(rows, columns=["period", "subgroup", "indicator", "value"])
