"""A comparison's full fiscal balance and its gains and losses by income decile, as text, HTML
and a figure: what ``lifecourse compare`` prints after the headline, ``results.xlsx`` holds as
sheets and ``report.html`` shows (the numbers are rows of ``comparison.csv``).

The balance (:mod:`simulation.income.outcomes`): benefit, allowance and intervention spending
against income tax and national insurance premiums and the Zvw and employee-insurance premiums,
for everyone aged 15 to the AOW age, per person-year and, for a population that stands for the
country, for the Netherlands a year. The deciles: the persons by their household's equivalised
income at the start, each decile's equivalised disposable income per person-year, scenario
minus base (common random numbers pair every person with themselves).
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from simulation.plotting import pyplot
from simulation.tables import change, columns, interval, label, level

#: the balance's rows: (per person-year, for the Netherlands in EUR bn a year)
BALANCE = (
    ("benefit_spending_per_year", "benefit_spending_national_bn"),
    ("allowance_spending_per_year", "allowance_spending_national_bn"),
    ("intervention_spending_per_year", "intervention_spending_national_bn"),
    ("tax_revenue_per_year", "tax_revenue_national_bn"),
    ("premium_revenue_per_year", "premium_revenue_national_bn"),
    ("net_fiscal_cost_per_year", "net_fiscal_cost_national_bn"),
)
BALANCE_HEADER = [
    "per person-year (EUR)", "base", "scenario", "difference", "95% interval",
    "the Netherlands (EUR m a year)", "95% interval",
]  # fmt: skip
DECILE_HEADER = ["income decile at the start", "base", "scenario", "difference", "95% interval"]
DECILE_MEASURE = "equivalised_income_per_year"
_WORDS = {
    "benefit_spending_per_year": "benefit spending",
    "allowance_spending_per_year": "allowance spending (toeslagen, kinderbijslag)",
    "intervention_spending_per_year": "intervention spending",
    "tax_revenue_per_year": "less: income tax and national insurance premiums",
    "premium_revenue_per_year": "less: Zvw and employee-insurance premiums",
    "net_fiscal_cost_per_year": "net public cost",
}


def _rows(table: pd.DataFrame, scenario: str, subgroup: str = "all") -> pd.DataFrame:
    rows = table[
        (table.scenario == scenario) & (table.period == "horizon") & (table.subgroup == subgroup)
    ]
    return rows.set_index("indicator")


def _millions(value: float) -> str:
    return "" if value != value else f"{1000 * value:+,.0f}"


def balance_cells(table: pd.DataFrame, scenario: str) -> list[list[str]]:
    """The balance of ``scenario`` against the base as labelled cells."""
    rows = _rows(table, scenario)
    cells = []
    for indicator, national in BALANCE:
        if indicator not in rows.index:
            continue
        r, n = rows.loc[indicator], rows.loc[national] if national in rows.index else None
        money = ["", ""]
        if n is not None and n.difference == n.difference:
            low, high = _millions(n.ci_low), _millions(n.ci_high)
            money = [_millions(n.difference), f"{low} to {high}" if low else ""]
        cells.append([
            _WORDS[indicator], level(indicator, r.base_mean), level(indicator, r.scenario_mean),
            change(indicator, r.difference), interval(indicator, r.ci_low, r.ci_high), *money,
        ])  # fmt: skip
    return cells


def decile_cells(table: pd.DataFrame, scenario: str) -> list[list[str]]:
    """Equivalised disposable income per person-year by income decile at the start."""
    rows = table[
        (table.scenario == scenario) & (table.period == "horizon")
        & (table.indicator == DECILE_MEASURE) & table.subgroup.str.startswith("income_decile=")
    ]  # fmt: skip
    rows = rows.assign(decile=rows.subgroup.str.split("=").str[1].astype(int)).sort_values("decile")
    m = DECILE_MEASURE
    return [
        [str(r.decile), level(m, r.base_mean), level(m, r.scenario_mean), change(m, r.difference),
         interval(m, r.ci_low, r.ci_high)]
        for r in rows.itertuples()
    ]  # fmt: skip


def purse_lines(table: pd.DataFrame, base: str) -> list[str]:
    """The terminal's tables: per alternative its balance, then its deciles."""
    lines = []
    for scenario in table.scenario.unique():
        cells = balance_cells(table, scenario)
        if not cells:
            continue
        lines.append(
            f"\n{scenario} vs {base}: the public purse over the horizon (scenario minus base;"
            " revenue counts against the cost)"
        )
        lines.extend(columns([BALANCE_HEADER, *cells]))
        deciles = decile_cells(table, scenario)
        if deciles:
            lines.append(
                f"\n{scenario} vs {base}: equivalised disposable income per person-year (EUR), by"
                " income decile at the start (the same persons in both)"
            )
            lines.extend(columns([DECILE_HEADER, *deciles]))
    return lines


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table class='t'><tr>{head}</tr>{body}</table>"


def purse_html(table: pd.DataFrame, base: str) -> str:
    """The report's section: per alternative its balance and its deciles as tables."""
    parts = []
    for scenario in table.scenario.unique():
        cells = balance_cells(table, scenario)
        if cells:
            parts.append(
                f"<h2>The public purse: {html.escape(scenario)} vs {html.escape(base)}</h2>"
                + _html_table(BALANCE_HEADER, cells)
                + "<p class='n'>Everyone aged 15 to the AOW age over the horizon; revenue counts"
                " against the cost. The Netherlands: the run's totals scaled by the national"
                " population aged 15-67 over the persons simulated (a group: not defined).</p>"
            )
        deciles = decile_cells(table, scenario)
        if deciles:
            parts.append(
                f"<h3>Gains and losses by income decile: {html.escape(scenario)}</h3>"
                + _html_table(DECILE_HEADER, deciles)
            )
    return "".join(parts)


def decile_figure(table: pd.DataFrame, path: Path) -> Path | None:
    """Per alternative the paired difference in equivalised disposable income per person-year
    by income decile at the start, with its 95% interval (None: no decile rows)."""
    rows = table[
        (table.period == "horizon") & (table.indicator == DECILE_MEASURE)
        & table.subgroup.str.startswith("income_decile=")
    ]  # fmt: skip
    if rows.empty:
        return None
    plt = pyplot()
    scenarios = list(rows.scenario.unique())
    fig, ax = plt.subplots(figsize=(8, 3.6))
    width = 0.8 / len(scenarios)
    for k, (name, group) in enumerate(rows.groupby("scenario", sort=False)):
        group = group.assign(d=group.subgroup.str.split("=").str[1].astype(int)).sort_values("d")
        low = (group.difference - group.ci_low).fillna(0).clip(lower=0)
        high = (group.ci_high - group.difference).fillna(0).clip(lower=0)
        x = group.d + (k - (len(scenarios) - 1) / 2) * width
        ax.bar(x, group.difference.fillna(0), width, yerr=[low, high], capsize=3, label=name)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(range(1, 11))
    ax.set_xlabel("income decile at the start (1: the lowest equivalised household income)")
    ax.set_ylabel("EUR a person-year")
    ax.set_title(f"{label(DECILE_MEASURE).text}: scenario minus base, 95% interval", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def purse_sheets(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The workbook's sheets: the balance and the deciles, the rows of the comparison table."""
    horizon = table[table.period == "horizon"]
    names = [name for pair in BALANCE for name in pair]
    balance = horizon[(horizon.subgroup == "all") & horizon.indicator.isin(names)]
    deciles = horizon[horizon.subgroup.str.startswith("income_decile=")]
    return {"fiscal_balance": balance, "deciles": deciles}
