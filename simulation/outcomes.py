"""Monthly indicators: the aggregates the DataCollector records and the outputs report.

Shares are of the population aged 15 to the AOW age (present and alive), the denominator of the
CBS labour statistics the model is compared with. Benefit spending is public spending per month
on the simulated population, in euro.
"""

from __future__ import annotations

import numpy as np

from simulation.codes import Benefit, Education, Migration, Sex
from simulation.income.outcomes import ALLOWANCES
from simulation.population import Population
from simulation.processes.benefits import Benefits
from simulation.rows import rows_where
from simulation.summary import DIMENSIONS, M, by_dimension

STATE_MEASURES = {
    "share_school": "school_months",
    "share_working": "working_months",
    "share_unemployed": "unemployed_months",
    "share_inactive": "inactive_months",
    "share_sick": "sick_months",
    "share_disabled": "disabled_months",
    "share_early_retired": "early_retired_months",
}
BENEFIT_MEASURES = {
    "share_ww": "ww_months",
    "share_bijstand": "bijstand_months",
    "share_wajong": "wajong_months",
    "share_wga": "wga_months",
    "share_iva": "iva_months",
    "share_sickness_benefit": "sickness_months",
}
SPENDING = {f"spending_{b.name.lower()}": b for b in Benefit if b != Benefit.NONE}
GROUP_COLUMNS = {
    "sex": ("", Sex),
    "education": ("", Education),
    "migration": ("migration_", Migration),
}
DIMENSION_INDEX = {name: axis for axis, (name, _) in enumerate(DIMENSIONS)}
GROUP_RATES = [
    f"employment_rate_{prefix}{code.name.lower()}"
    for prefix, codes in GROUP_COLUMNS.values()
    for code in codes
]
#: the income statistics of everyone that the monthly aggregates carry (simulation.income)
INCOME_STATISTICS = (
    "disposable_income_mean",
    "disposable_income_median",
    "poverty_rate_cbs",
    "poverty_rate_scp",
    "gini",
    "poverty_trap_share",
)
INDICATORS = (
    "population",
    *STATE_MEASURES,
    "employment_rate",
    "employment_rate_20_64",
    "female_employment_25_45",
    "unemployment_rate",
    "unemployment_rate_15_24",
    "job_seekers_rate",
    "permanent_share",
    *BENEFIT_MEASURES,
    *GROUP_RATES,
    "mean_monthly_wage",
    "mean_weekly_hours",
    *SPENDING,
    "spending_total",
    # the rest of the public purse (simulation.income): a month's sums, like spending_total
    "tax_revenue",
    "premium_revenue",
    "allowance_spending",
    # the income distribution, taken at the start and each January (simulation.income)
    *INCOME_STATISTICS,
)


def _rate(numerator: float, denominator: float) -> float:
    return float(numerator) / float(denominator) if denominator else float("nan")


def benefit_payments(pop: Population, benefits: Benefits, month: int) -> np.ndarray:
    """Public benefit paid this month to each row (0 without a benefit); the monthly pass
    counts only those aged 15 to the AOW age."""
    recipients = rows_where(pop.benefit != Benefit.NONE)
    out = np.zeros(pop.size, dtype=np.float32)
    out[recipients] = benefits.amounts(pop, recipients, month, ticked=True)  # after bookkeeping
    return out


def monthly_indicators(cells: np.ndarray) -> dict[str, float]:
    """All indicators for a month from its cell sums (:func:`simulation.summary.month_cells`)."""
    t = cells.sum(axis=0)
    n = t[M["person_months"]]
    out: dict[str, float] = {"population": float(n)}
    for name, measure in STATE_MEASURES.items():
        out[name] = _rate(t[M[measure]], n)
    # CBS counts people on sick leave as employed: they have a job
    out["employment_rate"] = _rate(t[M["employed_months"]], n)
    # CBS's labour force survey (simulation.survey): side jobs of pupils count as employment,
    # and only those looking for work and able to start as unemployed (S4, S11)
    out["employment_rate_20_64"] = _rate(t[M["survey_employed_20_64"]], t[M["persons_20_64"]])
    out["female_employment_25_45"] = _rate(t[M["employed_women_25_45"]], t[M["women_25_45"]])
    survey_force = t[M["survey_employed"]] + t[M["survey_unemployed"]]
    out["unemployment_rate"] = _rate(t[M["survey_unemployed"]], survey_force)
    young = t[M["survey_employed_15_24"]] + t[M["survey_unemployed_15_24"]]
    out["unemployment_rate_15_24"] = _rate(t[M["survey_unemployed_15_24"]], young)
    # the model's own count: everyone without work looking for it (every WW recipient), of
    # those with a job or looking; what the rate was before the survey's definition
    labour_force = t[M["employed_months"]] + t[M["unemployed_months"]]
    out["job_seekers_rate"] = _rate(t[M["unemployed_months"]], labour_force)
    working = t[M["working_months"]]
    out["permanent_share"] = _rate(t[M["permanent_months"]], working)  # PBL, A5.2
    for name, measure in BENEFIT_MEASURES.items():
        out[name] = _rate(t[M[measure]], n)
    # by group, among those who left school (pupils have no attained level yet)
    for column, (prefix, codes) in GROUP_COLUMNS.items():
        sums = by_dimension(cells, DIMENSION_INDEX[column])
        for code in codes:
            left = sums[code, M["person_months"]] - sums[code, M["school_months"]]
            rate = _rate(sums[code, M["employed_months"]], left)
            out[f"employment_rate_{prefix}{code.name.lower()}"] = rate
    out["mean_monthly_wage"] = _rate(t[M["wage_of_working"]], working)
    out["mean_weekly_hours"] = _rate(t[M["hours"]], working)
    for name, code in SPENDING.items():
        out[name] = float(t[M[f"spending_{code.name.lower()}"]])
    out["spending_total"] = float(t[M["benefit_spending"]])
    out["tax_revenue"] = float(t[M["tax_revenue"]])
    out["premium_revenue"] = float(t[M["premium_revenue"]])
    out["allowance_spending"] = float(sum(t[M[name]] for name in ALLOWANCES))
    return out


def income_indicators(stats: dict[tuple[str, str], float]) -> dict[str, float]:
    """The aggregates' income statistics of everyone from the latest (start or January)."""
    return {name: stats.get(("all", name), float("nan")) for name in INCOME_STATISTICS}
