"""The tables a person reads: a run's summary, a comparison's headline, validation results,
the parameters with their sources, and :data:`LABELS`, the one table of human labels and units
that every printed table, report and figure takes its words from.

Plain text for a terminal (fixed-width columns sized to their longest label) and markdown for
the validation file. Each function returns the text and prints nothing, so the command decides
where it goes and tests can read it. Machine-readable files (CSV, Parquet) keep the
identifiers; the labels are for people.
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from simulation.alignment import alignment_summary
from simulation.income.labels import INCOME_LABELS, INCOME_SUMMARY, purse_line
from simulation.listing import parameter_listing  # noqa: F401 - read here by cli and tests

if TYPE_CHECKING:
    from simulation.experiment import Comparison
    from simulation.model import LifeCourseModel
    from simulation.scenario import Scenario

#: units of a value: a fraction shown as a percentage (differences in percentage points), euros,
#: hours, a count, or none (a name)
SHARE, EUR, HOURS, COUNT, TEXT = "share", "eur", "hours", "count", ""
#: what a table shows where a value is not defined (no one to divide by), with its footnote
UNDEFINED = "–"


class Label(NamedTuple):
    text: str
    unit: str = TEXT


_AGES = "share of 15 to AOW age"
_BENEFITS = {"ww": "WW", "bijstand": "bijstand", "sickness": "sickness benefit",
             "wajong": "Wajong", "wga": "WGA", "iva": "IVA"}  # fmt: skip
_STATES = {"school": "in school", "working": "at work", "unemployed": "unemployed",
           "inactive": "inactive", "sick": "on sick leave", "disabled": "work-disabled",
           "early_retired": "retired early"}  # fmt: skip
_GROUPS = {"male": "men", "female": "women", "low": "low education", "middle": "middle education",
           "high": "high education", "migration_none": "no migration background",
           "migration_western": "western migration background",
           "migration_non_western": "non-western migration background",
           "migration_refugee": "refugees"}  # fmt: skip

#: Every identifier a person may read, with its label and unit: outcome indicators over the
#: horizon (comparisons, sweeps), monthly aggregates (runs), table columns and subgroups.
LABELS: dict[str, Label] = {
    # outcomes over the horizon (simulation.summary)
    "employment_rate": Label(f"employment, {_AGES}", SHARE),
    "unemployment_share": Label(f"unemployed, {_AGES}", SHARE),
    "weekly_hours": Label("weekly hours of workers", HOURS),
    "permanent_share": Label("permanent 20+ hours, share of workers (A5.2)", SHARE),
    "labour_income_per_year": Label("labour income per person-year (EUR)", EUR),
    "household_income_per_year": Label("household income per person-year (EUR)", EUR),
    **{f"{b}_share": Label(f"{text}, {_AGES}", SHARE) for b, text in _BENEFITS.items()},
    "disability_share": Label(f"Wajong, WGA or IVA, {_AGES}", SHARE),
    "healthy_working_share": Label(f"healthy and at work, {_AGES} (A1.8)", SHARE),
    "benefit_spending_per_year": Label("benefit spending per person-year (EUR)", EUR),
    **{
        f"spending_{b}_per_year": Label(f"{text} spending per person-year (EUR)", EUR)
        for b, text in _BENEFITS.items()
    },
    "intervention_spending_per_year": Label("intervention spending per person-year (EUR)", EUR),
    "net_public_cost_per_year": Label(
        "net public cost, benefits and programmes, per person-year (EUR)", EUR
    ),
    "person_years": Label("person-years lived aged 15 to AOW age", COUNT),
    # monthly aggregates (simulation.outcomes)
    "population": Label("persons aged 15 to AOW age", COUNT),
    **{f"share_{s}": Label(f"{text}, {_AGES}", SHARE) for s, text in _STATES.items()},
    "employment_rate_20_64": Label("employment 20-64 (labour force survey)", SHARE),
    "female_employment_25_45": Label("employment of women, share of women 25 to 44", SHARE),
    "unemployment_rate": Label("unemployment (labour force survey)", SHARE),
    "unemployment_rate_15_24": Label("unemployment 15-24 (labour force survey)", SHARE),
    "job_seekers_rate": Label(
        "job seekers without work, share of those with a job or looking", SHARE
    ),
    **{f"share_{b}": Label(f"{text}, {_AGES}", SHARE) for b, text in _BENEFITS.items()},
    "share_sickness_benefit": Label(f"sickness benefit, {_AGES}", SHARE),
    **{
        f"employment_rate_{g}": Label(f"employment of {text}, share of those out of school", SHARE)
        for g, text in _GROUPS.items()
    },
    "mean_monthly_wage": Label("mean monthly wage of workers (EUR)", EUR),
    "mean_weekly_hours": Label("mean weekly hours of workers", HOURS),
    **{
        f"spending_{b}": Label(f"{text} spending per month (EUR)", EUR)
        for b, text in _BENEFITS.items()
    },
    "spending_total": Label("benefit spending per month (EUR)", EUR),
    # columns of the tables
    "scenario": Label("scenario"),
    "period": Label("period"),
    "subgroup": Label("group"),
    "indicator": Label("indicator"),
    "base_mean": Label("base"),
    "scenario_mean": Label("scenario"),
    "difference": Label("difference (scenario minus base)"),
    "replications": Label("replications", COUNT),
    "ci_low": Label("95% interval, low"),
    "ci_high": Label("95% interval, high"),
    "date": Label("month"),
    "mean": Label("mean over replications"),
    "measure": Label("measure"),
    "intervention": Label("intervention"),
    # subgroups of the outcomes
    "all": Label("everyone"),
    "sex=male": Label("men"),
    "sex=female": Label("women"),
    **{f"education={e}": Label(f"{e} education") for e in ("low", "middle", "high")},
    **{
        f"migration={m}": Label(_GROUPS[f"migration_{m}"])
        for m in ("none", "western", "non_western", "refugee")
    },
    "region=randstad": Label("Randstad"),
    "region=intermediate": Label("intermediate zone"),
    "region=periphery": Label("periphery"),
    "parents_divorced=no": Label("parents not divorced"),
    "parents_divorced=yes": Label("parents divorced"),
    # the group populations of scenarios (population.group)
    "starters": Label("school leavers starting work"),
    "ww_entrants": Label("people entering WW"),
    "wajong": Label("Wajong clients"),
    "wga": Label("WGA clients"),
    "bijstand_45plus": Label("long-term bijstand clients aged 45+"),
    "refugees": Label("refugees arriving 2014-2016"),
    # intervention reports (interventions.json and their pooled summary)
    "participants": Label("participants", COUNT),
    "control_group": Label("control group", COUNT),
    "spending_total_eur": Label("spending, total (EUR)", EUR),
    "guaranteed_jobs": Label("jobs with a job guarantee", COUNT),
    "mean_job_endings": Label("job endings per participant"),
    "participates_more_share_of_non_exiters": Label(
        "participating more, share of those still without work", SHARE
    ),
    "small_job_share_of_jobs_found": Label("small jobs, share of jobs found", SHARE),
    **{name: Label(*words) for name, words in INCOME_LABELS.items()},  # simulation.income
}
_FOLLOW_UP = re.compile(r"(working|observed)_after_(\d+)m_(treated|control|effect)")


def label(identifier: str) -> Label:
    """The label and unit of an identifier; ``indicator@subgroup`` (a sweep's) and the
    follow-up measures of interventions are composed, anything else unknown is its words."""
    if identifier in LABELS:
        return LABELS[identifier]
    name, at, subgroup = identifier.partition("@")
    if at:
        return Label(f"{label(name).text} ({label(subgroup).text})", label(name).unit)
    if match := _FOLLOW_UP.fullmatch(identifier):
        what, months, arm = match.groups()
        arm = "treated minus control" if arm == "effect" else arm
        if what == "working":
            return Label(f"working {months} months after the start, {arm}", SHARE)
        return Label(f"observed {months} months after the start, {arm}", COUNT)
    return Label(identifier.replace("_", " "))


def _defined(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def level(identifier: str, value: float, decimals: int = 1) -> str:
    """A value in its unit: 66.1%, 24,640, 33.4; "–" where not defined."""
    if not _defined(value):
        return UNDEFINED
    unit = label(identifier).unit
    if unit == SHARE:
        return f"{value:.{decimals}%}"
    if unit == HOURS:
        return f"{value:,.1f}"
    if unit in (EUR, COUNT) or float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) < 1:  # a coefficient such as the Gini: three decimals in every column
        return f"{value:.3f}"
    return number(value)


def change(identifier: str, value: float) -> str:
    """A difference in its unit, signed: +0.43 pp (percentage points) for shares, +189 EUR;
    one that rounds to zero has no sign."""
    if not _defined(value):
        return UNDEFINED
    text = _signed(identifier, value)
    return text[1:] if text[0] in "+-" and not any(c in "123456789" for c in text) else text


def _signed(identifier: str, value: float) -> str:
    unit = label(identifier).unit
    if unit == SHARE:
        return f"{100 * value:+.2f} pp"
    if unit == HOURS:
        return f"{value:+,.2f}"
    if unit in (EUR, COUNT):
        return f"{value:+,.0f}"
    return number(value, sign=True)


def interval(identifier: str, low: float, high: float) -> str:
    """A 95% interval of a difference: "-0.51 to +0.60 pp"; empty where there is none."""
    if not (_defined(low) and _defined(high)):
        return ""
    low_text, high_text = change(identifier, low), change(identifier, high)
    unit = " pp"
    if low_text.endswith(unit):
        low_text = low_text.removesuffix(unit)
    return f"{low_text} to {high_text}"


def number(value: float, sign: bool = False) -> str:
    """Three significant digits, with thousands separators from 1,000 up: never 2.46e+04."""
    plus = "+" if sign else ""
    if abs(value) >= 1000:
        return f"{value:{plus},.0f}"
    return f"{value:{plus}.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:{plus}.2e}"


def decimals(values) -> int:
    """Decimals of the percentages in a row: two where every value is below 10%."""
    finite = [abs(v) for v in values if _defined(v)]
    return 2 if finite and max(finite) < 0.1 else 1


def columns(rows: list[list[str]], left: int = 1) -> list[str]:
    """Rows of cells as lines of fixed-width columns, each as wide as its widest cell: the
    first ``left`` columns aligned left, the others right; nothing is cut."""
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(w) if k < left else cell.rjust(w)
            for k, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


#: Rows of the run summary: columns of the monthly aggregates.
SUMMARY = (
    "employment_rate_20_64",
    "unemployment_rate",
    "unemployment_rate_15_24",
    "permanent_share",
    "share_ww",
    "share_bijstand",
    "share_sickness_benefit",
    "share_wga",
    "share_iva",
    "share_wajong",
    "mean_monthly_wage",
    *INCOME_SUMMARY,  # the income distribution (simulation.income), at the start and in January
)
#: The parameter giving the Netherlands' population aged 15-67 (S1's 17.4 million inhabitants,
#: about 65% of working age), the scale refugee arrivals are brought to the simulated population
#: with; the summary uses it the other way, from the simulated population to the country.
NATIONAL_POPULATION = "migration.arrivals.national_population_15_67"
FOOTNOTE = f"{UNDEFINED} not defined: no one to divide by (no one at work, or no one in the group)"


def is_group(spec: Scenario) -> bool:
    """A population that is not the country: a group (bijstand clients, refugees) or a cohort."""
    return spec.population.kind != "cross_section"


def population_note(kind: str, group: str | None, persons: int) -> str:
    """What a group scenario's people are, and that its money is per person-year of them."""
    what = f"the group '{label(group or '').text}'" if kind == "group" else "one birth cohort"
    return textwrap.fill(
        f"Population: {what} ({persons:,} persons at the start), not the country: spending is"
        " per person-year of the group, not scaled to the Netherlands.",
        width=100,
    )


def run_summary(model: LifeCourseModel) -> str:
    """The headline indicators at the start, every fifth year and the end, and benefit spending:
    for the country, the last month's scaled to the Netherlands; for a group, per person-year
    of the group over the last year. Indicators not defined in any column are left out."""
    from simulation.aggregates import aggregates_frame

    frame = aggregates_frame(model)
    rows = sorted({0, *range(60, len(frame), 60), len(frame) - 1})  # 60 months: every 5 years
    table = [["indicator", *(frame["date"][r] for r in rows)]]
    for column in SUMMARY:
        values = [float(frame[column][r]) for r in rows]
        if any(_defined(v) for v in values):
            places = decimals(values)
            table.append([label(column).text, *(level(column, v, places) for v in values)])
    lines = columns(table)
    lines.insert(1, "-" * len(lines[0]))
    if any(UNDEFINED in row for row in table):
        lines.append(FOOTNOTE)
    if is_group(model.spec):
        last = frame.iloc[max(1, len(frame) - 12) :]
        person_years = last["population"].sum() / 12
        spending = last["spending_total"].sum() / person_years if person_years else math.nan
        lines.append(
            f"benefit spending per person-year of the group, last year: EUR"
            f" {level('spending_total', spending)}"
        )
        population = model.spec.population
        lines.append(population_note(population.kind, population.group, population.size))
        return "\n".join(lines)
    # the persons asked for, aged 15-67 at the start (children turning 15 and arrivals come on
    # top), stand for the whole country of that age
    national = model.params[NATIONAL_POPULATION]
    scale = national / max(model.spec.population.size, 1)
    spending = frame["spending_total"][rows[-1]] * 12 * scale / 1e9
    lines.append(
        f"benefit spending, last month x 12, scaled to the {national / 1e6:.1f} million aged"
        f" 15-67: EUR {spending:,.1f} bn a year"
    )
    lines.append(purse_line(frame.iloc[rows[-1]], scale))
    if model.aligners:
        lines.extend(["", alignment_summary(model.alignment())])
    return "\n".join(lines)


def headline_cells(rows: pd.DataFrame) -> list[list[str]]:
    """A comparison's rows (indicator, base_mean, scenario_mean, difference, ci_low, ci_high)
    as labelled cells in their units: the terminal's and the report's table."""
    cells = []
    for row in rows.itertuples():
        places = decimals([row.base_mean, row.scenario_mean])
        cells.append([
            label(row.indicator).text, level(row.indicator, row.base_mean, places),
            level(row.indicator, row.scenario_mean, places), change(row.indicator, row.difference),
            interval(row.indicator, row.ci_low, row.ci_high),
        ])  # fmt: skip
    return cells


HEADLINE_HEADER = ["indicator", "base", "scenario", "difference", "95% interval"]


def comparison_headline(result: Comparison, note: str = "") -> str:
    """Per alternative: the headline indicators of base and scenario, the mean paired
    difference and its 95% interval, in their units; then ``note`` (a group's population).
    Starts with a blank line per alternative."""
    from simulation.experiment import HEADLINE

    table = result.table
    lines = []
    for name, rows in table[
        (table.period == "horizon") & (table.subgroup == "all") & table.indicator.isin(HEADLINE)
    ].groupby("scenario", sort=False):
        reps = int(rows.replications.max())
        lines.append(
            f"\n{name} vs {result.base}, over the horizon (difference: scenario minus base;"
            f" {reps} paired replication{'s' if reps != 1 else ''})"
        )
        cells = headline_cells(rows)
        lines.extend(columns([HEADLINE_HEADER, *cells]))
        if any(UNDEFINED in row for row in cells):
            lines.append(FOOTNOTE)
    if note:
        lines.append(note)
    return "\n".join(lines)


def trial_lines(effects: pd.DataFrame) -> list[str]:
    """A randomised trial's effect per follow-up: the share working in each arm, the
    difference (treated minus control) and its 95% interval, and what the interval rests on."""
    lines = []
    for (scenario, kind), rows in effects.groupby(["scenario", "intervention"], sort=False):
        where = f" in {scenario}" if scenario else ""
        lines.append(
            f"\nRandomised trial of {label(kind).text}{where}: share working, treated minus"
            f" control ({rows.basis.iloc[0]})"
        )
        cells = [["after", "treated", "control", "difference", "95% interval"]]
        for r in rows.itertuples():
            cells.append([
                f"{r.months} months", f"{r.treated:.1%}",
                f"{r.control:.1%}", change("employment_rate", r.difference),
                interval("employment_rate", r.ci_low, r.ci_high),
            ])  # fmt: skip
        lines.extend(columns(cells))
    return lines


def validation_markdown(result: pd.DataFrame) -> str:
    """Validation results (:func:`simulation.validation.table`, concatenated) as a markdown
    table: target, its role (held out, fitted and by what, input), published figure, simulated
    figure with its interval, rule, pass."""
    lines = [
        "| target | role | description | published | simulated | 95% interval | tolerance | pass |",
        "|---|---|---|---:|---:|---|---|:-:|",
    ]
    for r in result.itertuples():
        interval = "" if r.ci_low != r.ci_low else f"{number(r.ci_low)} to {number(r.ci_high)}"
        rule = (
            f"{r.rule} ± {r.tolerance:g}"
            if r.rule == "within"
            else f"at least {r.published - r.tolerance:g}"
        )
        mark = "yes" if r.passed else "**no**"
        role = _role(r.role, r.fitted_by)
        lines.append(
            f"| {r.target} | {role} | {r.description} | {number(r.published)}"
            f" | {number(r.simulated)}"
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
        lines.append(
            f"| {r.target} | {r.cutoff} | {number(r.published)} | {number(r.simulated)} | {mark} |"
        )
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
