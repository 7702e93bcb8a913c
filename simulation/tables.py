"""The tables the command prints: a run's summary, a comparison's headline, validation results,
the parameters with their sources.

Plain text for a terminal (fixed-width columns) and markdown for the validation file. Each
function returns the text and prints nothing, so the command decides where it goes and tests can
read it.
"""

from __future__ import annotations

import pandas as pd

from simulation.aggregates import aggregates_frame
from simulation.alignment import alignment_summary
from simulation.experiment import Comparison
from simulation.model import LifeCourseModel
from simulation.report import LABELS

#: Rows of the run summary: aggregates column, label, format of a cell.
SUMMARY = (
    ("employment_rate_20_64", "employment 20-64", "{:.1%}"),
    ("unemployment_rate", "unemployment rate", "{:.1%}"),
    ("permanent_share", "permanent contracts (A5.2)", "{:.1%}"),
    ("share_ww", "WW", "{:.2%}"),
    ("share_bijstand", "bijstand", "{:.2%}"),
    ("share_sickness_benefit", "sick leave", "{:.2%}"),
    ("share_wga", "WGA", "{:.2%}"),
    ("share_iva", "IVA", "{:.2%}"),
    ("share_wajong", "Wajong", "{:.2%}"),
    ("mean_monthly_wage", "mean monthly wage (EUR)", "{:,.0f}"),
)
#: The parameter giving the Netherlands' population aged 15-67 (S1's 17.4 million inhabitants,
#: about 65% of working age), the scale refugee arrivals are brought to the simulated population
#: with; the summary uses it the other way, from the simulated population to the country.
NATIONAL_POPULATION = "migration.arrivals.national_population_15_67"


def run_summary(model: LifeCourseModel) -> str:
    """The headline indicators at the start, every fifth year and the end, and the last year's
    benefit spending scaled to the country."""
    frame = aggregates_frame(model)
    rows = sorted({0, *range(60, len(frame), 60), len(frame) - 1})  # 60 months: every 5 years
    header = f"{'indicator':<28}" + "".join(f"{frame['date'][r]:>10}" for r in rows)
    lines = [header, "-" * len(header)]
    for column, label, fmt in SUMMARY:
        cells = "".join(f"{fmt.format(frame[column][r]):>10}" for r in rows)
        lines.append(f"{label:<28}{cells}")
    # the persons asked for, aged 15-67 at the start (children turning 15 and arrivals come on
    # top), stand for the whole country of that age
    national = model.params[NATIONAL_POPULATION]
    scale = national / max(model.spec.population.size, 1)
    spending = frame["spending_total"][rows[-1]] * 12 * scale / 1e9
    label = "benefit spending (EUR bn/yr)"
    lines.append(
        f"{label:<28}{spending:>10.1f}  last year, scaled to the {national / 1e6:.1f} million"
        " aged 15-67"
    )
    if model.aligners:
        lines.extend(["", alignment_summary(model.alignment())])
    return "\n".join(lines)


def comparison_headline(result: Comparison) -> str:
    """Per alternative: the headline indicators of base and scenario, the mean paired
    difference and its 95% confidence interval. Starts with a blank line per alternative."""
    table = result.headline().reset_index()
    lines = []
    for name, rows in table.groupby("scenario", sort=False):
        lines.append(f"\n{name} vs {result.base} (over the horizon; 95% CI of paired differences)")
        lines.append(f"{'indicator':<46}{'base':>12}{'scenario':>12}{'difference':>12}  95% CI")
        for row in rows.itertuples():
            # no interval (NaN) with a single replication
            ci = "" if row.ci_low != row.ci_low else f"[{row.ci_low:,.4g}, {row.ci_high:,.4g}]"
            label = LABELS.get(row.indicator, row.indicator)[:45]
            lines.append(
                f"{label:<46}{row.base_mean:>12,.4g}{row.scenario_mean:>12,.4g}"
                f"{row.difference:>12,.4g}  {ci}"
            )
    return "\n".join(lines)


def validation_markdown(result: pd.DataFrame) -> str:
    """Validation results (:func:`simulation.validation.table`, concatenated) as a markdown
    table: target, its role (held out, fitted and by what, input), published figure, simulated
    figure with its interval, rule, pass."""
    lines = [
        "| target | role | description | published | simulated | 95% interval | tolerance | pass |",
        "|---|---|---|---:|---:|---|---|:-:|",
    ]
    for r in result.itertuples():
        interval = "" if r.ci_low != r.ci_low else f"{r.ci_low:.3g} to {r.ci_high:.3g}"
        rule = (
            f"{r.rule} ± {r.tolerance:g}"
            if r.rule == "within"
            else f"at least {r.published - r.tolerance:g}"
        )
        mark = "yes" if r.passed else "**no**"
        role = _role(r.role, r.fitted_by)
        lines.append(
            f"| {r.target} | {role} | {r.description} | {r.published:g} | {r.simulated:.3g}"
            f" | {interval} | {rule} | {mark} |"
        )
    return "\n".join(lines)


def sensitivity_markdown(frame: pd.DataFrame) -> str:
    """The classifier sensitivity (:func:`simulation.validation.sensitivity`) as markdown: per
    target, its value under each cut-off the measure tried, and whether it would pass."""
    lines = [
        "| target | cut-off | published | simulated | would pass |",
        "|---|---|---:|---:|:-:|",
    ]
    for r in frame.itertuples():
        mark = "yes" if r.passed else "**no**"
        lines.append(f"| {r.target} | {r.cutoff} | {r.published:g} | {r.simulated:.3g} | {mark} |")
    return "\n".join(lines)


def _role(role: str, by: str) -> str:
    """'held out', 'fitted: calibration/starters.yaml', 'fitted by hand: trial_to_job, …',
    'input: participates_more' (parameters by their last name; the CSV has their paths)."""
    if role == "held_out":
        return "held out"
    if by.startswith("calibration/"):
        return f"fitted: {by}"
    names = ", ".join(n.strip().split(".")[-1] for n in by.removeprefix("hand:").split(","))
    return f"fitted by hand: {names}" if role == "fitted" else f"input: {names}"


def parameter_listing(records: list[dict]) -> str:
    """Every parameter (:meth:`simulation.parameters.Parameters.records`) as its value and unit,
    its source (and the file that set it, if not the package's own) and any derivation."""
    lines = []
    for r in records:
        lines.append(f"{r['path']} = {r['value']!r}  [{r['unit']}]")
        if r.get("min") is not None or r.get("max") is not None:
            low = "" if r["min"] is None else f"{r['min']:g}"
            high = "" if r["max"] is None else f"{r['max']:g}"
            lines.append(f"    allowed: {low} to {high} ({r['limits']})")
        own = r["origin"] == "default" or r["origin"].startswith("simulation/")
        lines.append(f"    source: {r['source']}" + ("" if own else f" (set in {r['origin']})"))
        if r["derivation"]:
            lines.append(f"    derivation: {r['derivation']}")
    return "\n".join(lines)
