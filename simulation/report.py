"""Figures and a self-contained HTML report of a run or a comparison.

Figures are PNG files made with matplotlib (Agg, no display). The report embeds them as data
URIs and carries its own styles, so it opens from disk with no network.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

import pandas as pd

from simulation.errors import LifecourseError
from simulation.experiment import HEADLINE, series_bands
from simulation.grossnet import participant_lines
from simulation.plotting import pyplot
from simulation.pooled import pooled_effects, report_rows, run_effects
from simulation.preflight import write_atomic
from simulation.purse import purse_html
from simulation.spread import SPREAD_HEADER, SPREAD_NOTE, spread_cells
from simulation.tables import (
    EUR,
    FOOTNOTE,
    HEADLINE_HEADER,
    HOURS,
    SHARE,
    UNDEFINED,
    headline_cells,
    label,
    level,
    population_note,
    trial_lines,
)  # fmt: skip

#: the monthly aggregates a run's report draws over time
RUN_FIGURES = (
    "employment_rate",
    "share_unemployed",
    "share_ww",
    "share_bijstand",
    "spending_total",
)
#: colours of the lines and their bands, one per scenario
COLOURS = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb")


def _format_axis(axis, identifier: str, difference: bool = False) -> None:
    """Tick labels in the indicator's unit: 12%, +0.5 pp, 24,000; never run together."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    unit = label(identifier).unit
    if unit == SHARE:
        if difference:
            text = FuncFormatter(lambda v, _: f"{100 * v:+.2g} pp" if v else "0")
        else:
            text = FuncFormatter(lambda v, _: f"{100 * v:.3g}%")
    else:
        text = FuncFormatter(lambda v, _: f"{v:+,.4g}" if difference and v else f"{v:,.4g}")
    axis.set_major_formatter(text)
    axis.set_major_locator(MaxNLocator(nbins=6))


def _units(identifier: str, difference: bool = False) -> str:
    unit = label(identifier).unit
    if unit == SHARE:
        return "percentage points" if difference else "percent"
    return {EUR: "EUR", HOURS: "hours"}.get(unit, "")


def difference_figure(table: pd.DataFrame, indicator: str, path: Path) -> Path:
    """Paired differences with 95% intervals, one bar per alternative scenario."""
    plt = pyplot()
    rows = table[
        (table.indicator == indicator) & (table.subgroup == "all") & (table.period == "horizon")
    ]
    fig, ax = plt.subplots(figsize=(7, 1.6 + 0.5 * max(1, len(rows))))
    y = range(len(rows))
    err = [
        (rows.difference - rows.ci_low).fillna(0).clip(lower=0),
        (rows.ci_high - rows.difference).fillna(0).clip(lower=0),
    ]
    ax.barh(list(y), rows.difference.fillna(0), xerr=err, color=COLOURS[0], capsize=4)
    ax.set_yticks(list(y), rows.scenario, fontsize=10)
    ax.axvline(0, color="black", linewidth=0.8)
    _format_axis(ax.xaxis, indicator, difference=True)
    ax.tick_params(axis="x", labelsize=9)
    ax.set_xlabel(f"scenario minus base ({_units(indicator, True)}); bars: 95% interval")
    ax.set_title(label(indicator).text, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _dates(labels: pd.Series) -> pd.Series:
    return pd.to_datetime(labels, format="%Y-%m")


def _time_axis(ax) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(labelsize=9)
    ax.grid(alpha=0.3)


def series_figure(series: pd.DataFrame, column: str, path: Path, base: str | None = None) -> Path:
    """A monthly series per scenario: the mean over replications with its 95% band; with a
    ``base`` and alternatives, below it each alternative's paired difference from the base with
    its 95% band (the interval of the effect, narrower than the levels' thanks to common random
    numbers)."""
    plt = pyplot()
    bands = series_bands(series, base or str(series.scenario.iloc[0]), column)
    changes = bands[bands.kind == "difference"]
    panels = 2 if base is not None and len(changes) else 1
    fig, axes = plt.subplots(panels, 1, figsize=(8, 3.4 * panels), sharex=True, squeeze=False)
    for kind, ax in zip(("level", "difference"), axes[:, 0], strict=False):
        rows = bands[bands.kind == kind]
        for k, (name, line) in enumerate(rows.groupby("scenario", sort=False)):
            colour = COLOURS[(k + (kind == "difference")) % len(COLOURS)]
            when = _dates(line.date)
            ax.plot(when, line["mean"], color=colour, label=name, lw=1.6)
            ax.fill_between(when, line.ci_low, line.ci_high, color=colour, alpha=0.2, lw=0)
        _format_axis(ax.yaxis, column, difference=kind == "difference")
        _time_axis(ax)
        ax.legend(fontsize=9, loc="best")
        if kind == "difference":
            ax.axhline(0, color="black", lw=0.8)
            ax.set_title(f"difference from {base} ({_units(column, True)})", fontsize=10)
    reps = int(series.groupby("scenario").replication.nunique().min())
    axes[0, 0].set_title(
        f"{label(column).text}\nmean of {reps} replication{'s' if reps != 1 else ''}, shaded:"
        " 95% interval",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def run_figure(aggregates: pd.DataFrame, column: str) -> bytes:
    """One run's monthly series as a PNG (for its report)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.plot(_dates(aggregates.date), aggregates[column], color=COLOURS[0], lw=1.6)
    _format_axis(ax.yaxis, column)
    _time_axis(ax)
    ax.set_title(label(column).text, fontsize=10)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=110, format="png")
    plt.close(fig)
    return buffer.getvalue()


def alignment_figure(frame: pd.DataFrame, path: Path) -> Path:
    """The alignment factors over the years, one line per aligned process and group: 1 where
    the model's own expected count meets the series, above where the model has too few events,
    below where it has too many; the clip range shaded."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for (process, group), rows in frame.groupby(["process", "group"], sort=False):
        label = process if group == "all" else f"{process} ({group})"
        style = "-" if rows.applied.all() else ":"
        ax.plot(rows.period, rows.factor, style, marker="o", markersize=3, label=label)
        capped = rows[rows.clipped]
        ax.scatter(capped.period, capped.factor, marker="x", color="black", zorder=3)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("year (x: capped at the clip range; dotted: reported, not applied)", fontsize=8)
    ax.set_ylabel("factor = series / model's expected", fontsize=8)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _img(path: Path) -> str:
    return _png(path.read_bytes(), path.stem)


def _png(data: bytes, alt: str) -> str:
    text = base64.b64encode(data).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{text}">'


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda v: f"{v:,.4g}", border=0, classes="t")


STYLE = """
body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table.t{border-collapse:collapse;font-size:.85em}table.t td,table.t th{padding:.2em .6em;
border-bottom:1px solid #eee;text-align:right}table.t th{background:#f4f4f4}
table.t td:first-child,table.t th:first-child{text-align:left}
p.n{font-size:.8em;color:#555}pre{background:#f7f7f7;padding:.8em;overflow-x:auto;font-size:.85em}img{max-width:100%}
"""


def write_report(folder: Path) -> Path:
    """Write ``report.html`` into a run or comparison folder and return its path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LifecourseError(f"{folder}: no such results folder")
    if not (folder / "manifest.json").exists():
        raise LifecourseError(f"{folder}: not a lifecourse results folder (no manifest.json)")
    try:
        page = _page(folder)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        raise LifecourseError(
            f"{folder}: a damaged results folder, no report written ({reason})"
        ) from None
    return write_atomic(folder / "report.html", lambda p: p.write_text(page, encoding="utf-8"))


def _comparison_sizes(manifest: dict) -> str:
    """What a comparison actually ran: its replications, and the persons and years of the flags
    where given (they replace the scenario files' size and horizon, shown below as loaded)."""
    persons, years = manifest.get("persons"), manifest.get("years")
    return (
        f"Run: {manifest['replications']} replication(s) of each scenario,"
        f" {f'{persons:,} persons (--persons)' if persons else 'the scenario files’ sizes'},"
        f" {f'{years:g} year(s) (--years)' if years else 'the scenario files’ horizons'}."
        " The scenario files as loaded follow."
    )


def _cells(header: list[str], rows: list[list[str]]) -> str:
    """A table of ready-made text cells (labels and numbers in their units)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table class='t'><tr>{head}</tr>{body}</table>"


def _footnote(rows: list[list[str]]) -> str:
    return f"<p class='n'>{html.escape(FOOTNOTE)}</p>" if any(UNDEFINED in r for r in rows) else ""


def _group_note(manifest: dict) -> str:
    """For a group or cohort scenario: what its people are and that money is per person-year."""
    scenarios = manifest.get("scenarios") or [manifest.get("scenario") or {}]
    population = (scenarios[0] or {}).get("population") or {}
    if population.get("kind", "cross_section") == "cross_section":
        return ""
    size = manifest.get("persons") or population.get("size") or 0
    note = population_note(population["kind"], population.get("group"), size)
    return f"<p><b>{html.escape(note)}</b></p>"


def _trial(effects: pd.DataFrame) -> str:
    if effects.empty:
        return ""
    lines = trial_lines(effects)
    return (
        "<h2>Randomised trial: treated minus control</h2><pre>"
        + html.escape("\n".join(lines).strip())
        + "</pre>"
    )


def _comparison_parts(folder: Path, manifest: dict) -> list[str]:
    table = pd.read_csv(folder / "comparison.csv")
    horizon = table[table.period == "horizon"]
    parts = [_group_note(manifest), _uncertainty(manifest.get("parameter_uncertainty"), table)]
    both = " (stochastic and parameter uncertainty)" if parts[-1] else ""
    for name, rows in horizon[horizon.subgroup == "all"].groupby("scenario", sort=False):
        rows = rows[rows.indicator.isin(HEADLINE)]
        cells = headline_cells(rows)
        parts.append(
            f"<h2>Headline, {html.escape(name)} vs {html.escape(manifest.get('base', 'base'))}:"
            f" paired differences (scenario minus base) with 95% intervals{both}</h2>"
            + _cells(HEADLINE_HEADER, cells)
            + _footnote(cells)
        )
    summary = folder / "interventions_summary.csv"
    pooled = pd.read_csv(summary) if summary.exists() else pd.DataFrame()
    if not pooled.empty:
        parts.append(_trial(pooled_effects(pooled)))
    split = folder / "participants.csv"
    if split.exists():
        lines = participant_lines(pd.read_csv(split))
        parts.append(
            "<h2>Participants and everyone else: gross and net</h2><pre>"
            + html.escape("\n".join(lines).strip())
            + "</pre><p class='n'>Each person of the alternative is paired with the same person"
            " of the base run (common random numbers): the participants' own gain, and what the"
            " other job seekers lost when the participants took part of their job finds"
            " (labour.displacement).</p>"
        )
    parts.append(purse_html(table, manifest.get("base", "base")))
    figures = sorted((folder / "figures").glob("*.png"))
    parts.append("<h2>Figures</h2>" + "".join(_img(f) for f in figures))
    for name, rows in horizon[horizon.indicator == "employment_rate"].groupby("scenario"):
        # groups no one belongs to (refugees among bijstand clients) are left out
        rows = rows[rows.base_mean.notna() | rows.scenario_mean.notna()]
        cells = [[label(r.subgroup).text, *headline_cells(pd.DataFrame([r]))[0][1:]]
                 for r in rows.itertuples()]  # fmt: skip
        parts.append(
            f"<h2>{html.escape(label('employment_rate').text)}, by group: {html.escape(name)}</h2>"
            + _cells(["group", *HEADLINE_HEADER[1:]], cells)
            + _footnote(cells)
            + "<p class='n'>Groups with no one in them are left out.</p>"
        )
    if not pooled.empty:
        cells = [
            [label(r.intervention).text + f" ({r.scenario})", label(r.measure).text,
             level(r.measure, r.mean, 2), _spread(r.measure, r.ci_low, r.ci_high)]
            for r in pooled.itertuples()
        ]  # fmt: skip
        parts.append(
            "<h2>Interventions, pooled over replications: mean and 95% interval</h2>"
            + _cells(["intervention", "measure", "mean", "95% interval"], cells)
        )
    return parts


def _uncertainty(drawn: list[dict] | None, table: pd.DataFrame) -> str:
    """A comparison with parameter uncertainty: what its intervals include, the effects'
    uncertainty intervals, and every parameter drawn with its range and the source of it."""
    if not drawn:
        return ""
    spreads = "".join(
        f"<p><b>{html.escape(name)}</b></p>" + _cells(SPREAD_HEADER, cells)
        for name, cells in spread_cells(table).items()
    )
    cells = [
        [d["parameter"], f"{d['point_value']:.4g}", d["range"], ", ".join(d["scenarios"]),
         d["source"] + (f" (derivation: {d['derivation']})" if d.get("derivation") else "")]
        for d in drawn
    ]  # fmt: skip
    return (
        "<h2>Parameter uncertainty</h2><p>The intervals include parameter uncertainty as well as"
        " the stochastic kind: each replication drew the parameters listed below once from"
        " their ranges, the same draw for the base and every alternative, so replications"
        " differ in both their random draws and their parameters (the draws are in"
        " parameter_draws.csv). Every other parameter kept its value.</p>"
        + f"{spreads}<p class='n'>{html.escape(SPREAD_NOTE)}</p>"
        + _cells(["parameter", "value", "range", "drawn in", "source of the range"], cells)
    )


def _spread(identifier: str, low: float, high: float) -> str:
    if low != low or high != high:
        return ""
    return f"{level(identifier, low, 2)} to {level(identifier, high, 2)}"


def _run_parts(folder: Path, manifest: dict) -> list[str]:
    parts = [_group_note(manifest)]
    aggregates = pd.read_csv(folder / "aggregates.csv")
    shown = [c for c in RUN_FIGURES if c in aggregates]
    parts.append(
        "<h2>Over time</h2>"
        + "".join(_png(run_figure(aggregates, c), label(c).text) for c in shown)
    )
    shares = [c for c in aggregates.columns if c.startswith("share_")][:12]
    pick = aggregates.iloc[sorted({0, *range(12, len(aggregates), 12), len(aggregates) - 1})]
    cells = [[r.date, *(level(c, getattr(r, c), 1) for c in shares)] for r in pick.itertuples()]
    parts.append(
        "<h2>State shares over time (share of 15 to AOW age)</h2>"
        + _cells(["month", *(label(c).text.split(",")[0] for c in shares)], cells)
        + _footnote(cells)
    )
    if (folder / "alignment.csv").exists():
        parts.append("<h2>Alignment: how far each factor had to move</h2>")
        parts.append(
            "<p>factor = the series' total / the model's own expected count before alignment"
            " (national numbers); 1 means they agree.</p>"
        )
        if (folder / "alignment.png").exists():
            parts.append(_img(folder / "alignment.png"))
        parts.append(_table(pd.read_csv(folder / "alignment.csv")))
    if (folder / "interventions.json").exists():
        reports = json.loads((folder / "interventions.json").read_text())
        parts.append(_trial(run_effects(reports)))
        cells = [
            [label(kind).text, label(r["measure"]).text, level(r["measure"], r["value"], 2)]
            for kind, report in reports.items()
            for r in report_rows({kind: report})
        ]
        parts.append(
            "<h2>Interventions: participants, outcomes, costs</h2>"
            + _cells(["intervention", "measure", "value"], cells)
        )
    return parts


def _page(folder: Path) -> str:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if not isinstance(manifest, dict):
        raise ValueError("manifest.json is not a JSON object")
    parts = [f"<h1>lifecourse report: {html.escape(manifest.get('title', folder.name))}</h1>"]
    parts.append(f"<p>{html.escape(manifest.get('what', ''))}</p>")
    if (folder / "comparison.csv").exists():
        parts.extend(_comparison_parts(folder, manifest))
    if (folder / "aggregates.csv").exists():
        parts.extend(_run_parts(folder, manifest))
    scenarios = manifest.get("scenarios") or [manifest.get("scenario")]
    parts.append("<h2>What was run</h2>")
    if "replications" in manifest:  # a comparison: the flags replace the files' sizes
        parts.append(f"<p>{html.escape(_comparison_sizes(manifest))}</p>")
    parts.append(f"<pre>{html.escape(json.dumps(scenarios, indent=2))}</pre>")
    params = manifest.get("parameters", [])
    if params:
        columns = ["scenario", "path", "value", "unit", "source"]
        frame = pd.DataFrame(params)[[c for c in columns if c in params[0]]]
        frame["value"] = frame["value"].map(
            lambda v: json.dumps(v) if not isinstance(v, str) else v
        )
        parts.append("<h2>Parameters and their sources</h2>" + _table(frame))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>lifecourse report</title>"
        f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )
