"""The words and units of the income and fiscal indicators, for :data:`simulation.tables.LABELS`
(kept here so the one table of labels takes them in one line)."""

from __future__ import annotations

from simulation.income.layout import HOUSEHOLD_KINDS

#: the units of simulation.tables (SHARE, EUR, COUNT)
SHARE, EUR, COUNT = "share", "eur", "count"
_HOUSEHOLDS = {
    "single": "single persons",
    "couple": "couples without children",
    "couple_with_children": "couples with children",
    "single_parent": "single parents",
    "aow_age": "households at the AOW age",
}
_BALANCE = {
    "benefit_spending": "benefit spending",
    "allowance_spending": "allowance spending",
    "intervention_spending": "intervention spending",
    "tax_revenue": "income tax and national insurance premiums",
    "premium_revenue": "Zvw and employee-insurance premiums",
    "net_fiscal_cost": "net public cost (all of the public purse)",
}

INCOME_LABELS: dict[str, tuple[str, str]] = {
    # the fiscal balance per person-year (simulation.horizon) and for the country
    "tax_revenue_per_year": (
        "income tax and national insurance premiums per person-year (EUR)",
        EUR,
    ),
    "premium_revenue_per_year": ("Zvw and employee-insurance premiums per person-year (EUR)", EUR),
    "allowance_spending_per_year": ("allowance spending per person-year (EUR)", EUR),
    "zorgtoeslag_per_year": ("zorgtoeslag per person-year (EUR)", EUR),
    "huurtoeslag_per_year": ("huurtoeslag per person-year (EUR)", EUR),
    "kindgebonden_budget_per_year": ("kindgebonden budget per person-year (EUR)", EUR),
    "kinderbijslag_per_year": ("kinderbijslag per person-year (EUR)", EUR),
    "net_fiscal_cost_per_year": (
        "net public cost, all of the public purse, per person-year (EUR)",
        EUR,
    ),
    **{
        f"{name}_national_bn": (f"{text}, the Netherlands (EUR bn a year)", "")
        for name, text in _BALANCE.items()
    },
    # the income distribution (simulation.income.statistics)
    "disposable_income_mean": ("equivalised disposable income, mean (EUR a year)", EUR),
    "disposable_income_median": ("equivalised disposable income, median (EUR a year)", EUR),
    "poverty_rate_cbs": ("below CBS's low-income threshold, share of households", SHARE),
    "poverty_rate_cbs_persons": ("below CBS's low-income threshold, share of persons", SHARE),
    "poverty_rate_scp": ("below SCP's niet-veel-maar-toereikend budget, share of persons", SHARE),
    "gini": ("Gini coefficient of equivalised disposable income", ""),
    "poverty_trap_share": (
        "keep less than 20% of an extra euro earned, share of households",
        SHARE,
    ),
    "households": ("households in the income statistics", COUNT),
    # by income decile at the start
    "equivalised_income_per_year": ("equivalised disposable income per person-year (EUR)", EUR),
    # the monthly aggregates
    "tax_revenue": ("income tax and national insurance premiums per month (EUR)", EUR),
    "premium_revenue": ("Zvw and employee-insurance premiums per month (EUR)", EUR),
    "allowance_spending": ("allowance spending per month (EUR)", EUR),
    # subgroups
    **{f"household={kind}": (_HOUSEHOLDS[kind], "") for kind in HOUSEHOLD_KINDS},
    **{f"income_decile={d}": (f"income decile {d} at the start", "") for d in range(1, 11)},
}

#: the income rows of a run's printed summary (monthly aggregates; taken at the start and each
#: January)
INCOME_SUMMARY = (
    "disposable_income_median",
    "poverty_rate_cbs",
    "poverty_rate_scp",
    "gini",
    "poverty_trap_share",
)


def purse_line(month, scale: float) -> str:
    """The rest of the public purse of a month (a row of the aggregates), scaled as the run
    summary scales benefit spending."""

    def bn(column: str) -> str:
        return f"{month[column] * 12 * scale / 1e9:,.1f}"

    return (
        f"the same for income tax and national insurance premiums EUR {bn('tax_revenue')} bn,"
        f" Zvw and employee-insurance premiums {bn('premium_revenue')} bn, allowances"
        f" {bn('allowance_spending')} bn"
    )
