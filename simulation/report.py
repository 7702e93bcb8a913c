"""Figures and a self-contained HTML report of a run or a comparison.

Figures are PNG files made with matplotlib (Agg, no display). The report embeds them as data
URIs and carries its own styles, so it opens from disk with no network.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import pandas as pd

from simulation.errors import LifecourseError
from simulation.plotting import pyplot
from simulation.preflight import write_atomic

LABELS = {
    "employment_rate": "employment rate (15 to AOW age)",
    "weekly_hours": "weekly hours of workers",
    "permanent_share": "share of workers with a permanent contract (A5.2)",
    "labour_income_per_year": "labour income per person-year (EUR)",
    "ww_share": "share of time on WW",
    "bijstand_share": "share of time on bijstand",
    "disability_share": "share of time on Wajong, WGA or IVA",
    "benefit_spending_per_year": "public benefit spending per person-year (EUR)",
    "intervention_spending_per_year": "intervention spending per person-year (EUR)",
    "net_public_cost_per_year": "net public cost per person-year (EUR)",
    "share_unemployed": "share unemployed",
    "share_ww": "share on WW",
    "share_bijstand": "share on bijstand",
    "spending_total": "benefit spending per month (EUR)",
}


def difference_figure(table: pd.DataFrame, indicator: str, path: Path) -> Path:
    """Paired differences with 95% CIs, one bar per alternative scenario."""
    plt = pyplot()
    rows = table[
        (table.indicator == indicator) & (table.subgroup == "all") & (table.period == "horizon")
    ]
    fig, ax = plt.subplots(figsize=(6, 0.6 + 0.5 * max(1, len(rows))))
    y = range(len(rows))
    err = [
        (rows.difference - rows.ci_low).fillna(0).clip(lower=0),
        (rows.ci_high - rows.difference).fillna(0).clip(lower=0),
    ]
    ax.barh(list(y), rows.difference, xerr=err, color="#4477aa", capsize=4)
    ax.set_yticks(list(y), rows.scenario)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"difference from base: {LABELS.get(indicator, indicator)}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def series_figure(series: pd.DataFrame, column: str, path: Path) -> Path:
    """Mean monthly series per scenario (over replications)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for name, frame in series.groupby("scenario", sort=False):
        mean = frame.groupby("date", sort=True)[column].mean()
        ax.plot(range(len(mean)), mean.to_numpy(), label=name)
        ticks = list(range(0, len(mean), max(1, len(mean) // 6)))
        ax.set_xticks(ticks, [mean.index[i] for i in ticks], rotation=30, fontsize=8)
    ax.set_ylabel(LABELS.get(column, column), fontsize=8)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


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
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda v: f"{v:,.4g}", border=0, classes="t")


STYLE = """
body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table.t{border-collapse:collapse;font-size:.85em}table.t td,table.t th{padding:.2em .6em;
border-bottom:1px solid #eee;text-align:right}table.t th{background:#f4f4f4}
pre{background:#f7f7f7;padding:.8em;overflow-x:auto;font-size:.85em}img{max-width:100%}
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


def _page(folder: Path) -> str:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if not isinstance(manifest, dict):
        raise ValueError("manifest.json is not a JSON object")
    parts = [f"<h1>lifecourse report: {html.escape(manifest.get('title', folder.name))}</h1>"]
    parts.append(f"<p>{html.escape(manifest.get('what', ''))}</p>")
    if (folder / "comparison.csv").exists():
        table = pd.read_csv(folder / "comparison.csv")
        head = table[(table.period == "horizon") & (table.subgroup == "all")]
        parts.append("<h2>Headline: paired differences with 95% confidence intervals</h2>")
        parts.append(_table(head.drop(columns=["period", "subgroup"])))
        figures = sorted((folder / "figures").glob("*.png"))
        parts.append("<h2>Figures</h2>" + "".join(_img(f) for f in figures))
        groups = table[(table.period == "horizon") & (table.indicator == "employment_rate")]
        parts.append(
            "<h2>Employment rate by subgroup</h2>"
            + _table(groups.drop(columns=["period", "indicator"]))
        )
    if (folder / "aggregates.csv").exists():
        aggregates = pd.read_csv(folder / "aggregates.csv")
        shares = [
            c
            for c in aggregates.columns
            if c.startswith("share_") or c.startswith("employment_rate")
        ]
        pick = aggregates.iloc[sorted({0, *range(12, len(aggregates), 12), len(aggregates) - 1})]
        parts.append("<h2>State shares over time</h2>" + _table(pick[["date", *shares[:12]]]))
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
        parts.append("<h2>Interventions: participants, outcomes, costs</h2>")
        parts.append(f"<pre>{html.escape(json.dumps(reports, indent=2))}</pre>")
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
