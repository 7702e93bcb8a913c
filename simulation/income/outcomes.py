"""The income and fiscal rows of a run's outcomes table (period, subgroup, indicator, value).

Three kinds, beside the labour-market indicators of :mod:`simulation.summary`:

- the income distribution (:mod:`simulation.income.statistics`) at the ``start`` and in each
  year (taken in January), and over the ``horizon`` as the mean of the years;
- the full fiscal balance of everyone aged 15 to the AOW age, in the ``all`` row: benefit,
  allowance and intervention spending against tax and premium revenue, per person-year and, for
  a population that stands for the country, in billions of euro a year for the Netherlands
  (the run's totals times the national population aged 15-67 over the persons simulated, as the
  run summary scales benefit spending);
- by income decile at the start (``income_decile=1`` … ``10``: the persons aged 15 to the AOW
  age by their household's equivalised income when the run began, a fixed group), their
  equivalised disposable income and what they paid and received: a comparison's paired
  differences of these rows are the gains and losses by decile.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from simulation.income.statistics import INDICATORS

#: the fiscal balance's parts, their sign in the net cost (spending +, revenue -)
BALANCE = {
    "benefit_spending": 1.0,
    "allowance_spending": 1.0,
    "intervention_spending": 1.0,
    "tax_revenue": -1.0,
    "premium_revenue": -1.0,
}
ALLOWANCES = ("zorgtoeslag", "huurtoeslag", "kindgebonden_budget", "kinderbijslag")
#: the indicators of each decile row
DECILE_INDICATORS = (
    "equivalised_income_per_year",
    "tax_revenue_per_year",
    "premium_revenue_per_year",
    "allowance_spending_per_year",
    "benefit_spending_per_year",
    "net_fiscal_cost_per_year",
    "person_years",
)


def fiscal_rows(
    period: str,
    totals: dict[str, float],
    months: int,
    intervention_spending: float,
    scale: float | None,
) -> list[tuple[str, str, str, float]]:
    """The ``all`` rows of the fiscal balance: ``totals`` are the period's sums of everyone
    counted (euro; ``person_months``), ``scale`` the national population over the persons
    simulated (None: a group, not the country)."""
    person_years = totals["person_months"] / 12 or math.nan
    amounts = {
        "benefit_spending": totals["benefit_spending"],
        "allowance_spending": sum(totals[name] for name in ALLOWANCES),
        "intervention_spending": intervention_spending,
        "tax_revenue": totals["tax_revenue"],
        "premium_revenue": totals["premium_revenue"],
    }
    net = sum(sign * amounts[name] for name, sign in BALANCE.items())
    rows = [(period, "all", "net_fiscal_cost_per_year", net / person_years)]
    years = months / 12
    for name, amount in {**amounts, "net_fiscal_cost": net}.items():
        national = amount / years * scale / 1e9 if scale and years else math.nan
        rows.append((period, "all", f"{name}_national_bn", national))
    return rows


def income_rows(period: str, stats: dict[tuple[str, str], float]) -> list[tuple]:
    return [(period, subgroup, indicator, value) for (subgroup, indicator), value in stats.items()]


def mean_stats(years: list[dict[tuple[str, str], float]]) -> dict[tuple[str, str], float]:
    """The horizon's income statistics: each one's mean over the years."""
    if not years:
        return {}
    with warnings.catch_warnings():  # a group without households in any year: NaN, unwarned
        warnings.simplefilter("ignore", RuntimeWarning)
        return {key: float(np.nanmean([y.get(key, np.nan) for y in years])) for key in years[0]}


def decile_rows(period: str, sums: np.ndarray, names: dict[str, int]) -> list[tuple]:
    """Per decile 1-10 (``sums``: deciles x measures, ``names``: the measures' columns)."""
    rows = []
    for decile in range(1, sums.shape[0]):
        s = {name: float(sums[decile, k]) for name, k in names.items()}
        person_years = s["person_months"] / 12 or math.nan
        allowances = sum(s[name] for name in ALLOWANCES)
        yearly = {  # the flows are yearly amounts added monthly: a twelfth each month
            "tax_revenue_per_year": s["tax_revenue"] / 12 / person_years,
            "premium_revenue_per_year": s["premium_revenue"] / 12 / person_years,
            "allowance_spending_per_year": allowances / 12 / person_years,
            "benefit_spending_per_year": s["benefit_spending"] / person_years,
        }
        net = (
            yearly["benefit_spending_per_year"] + yearly["allowance_spending_per_year"]
            - yearly["tax_revenue_per_year"] - yearly["premium_revenue_per_year"]
        )  # fmt: skip
        counted = s["counted_months"] or math.nan
        values = {
            "equivalised_income_per_year": s["equivalised_income"] / counted,
            **yearly,
            "net_fiscal_cost_per_year": net,
            "person_years": s["person_months"] / 12,
        }
        rows += [(period, f"income_decile={decile}", k, values[k]) for k in DECILE_INDICATORS]
    return rows


__all__ = ["BALANCE", "DECILE_INDICATORS", "INDICATORS", "decile_rows", "fiscal_rows"]
