"""A comparison's effects under parameter uncertainty, in words and units: the tables that
``lifecourse compare --parameter-uncertainty`` prints and its report shows.

With drawn parameters a comparison has two intervals per effect: the 95% interval of the mean
difference (``ci_low``/``ci_high``, as without the flag: how well the replications pin down
the average effect over the evidence's range; it narrows with more replications) and the
uncertainty interval (``ui_low``/``ui_high``: where the effect of one draw of the evidence lies,
which does not narrow). :mod:`simulation.experiment` computes both.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from simulation.experiment import HEADLINE
from simulation.tables import change, columns, interval, label

#: the columns of a comparison's effects under parameter uncertainty
SPREAD_HEADER = ["indicator", "difference", "95% interval of the mean", "95% of draws"]


def spread_cells(table: pd.DataFrame) -> dict[str, list[list[str]]]:
    """With parameter uncertainty: per alternative its headline indicators' mean difference,
    the 95% interval of that mean and the uncertainty interval (ui_low, ui_high: where the
    effect lies for 95% of draws of the evidence)."""
    rows = table[(table.period == "horizon") & (table.subgroup == "all")]
    out = {}
    for name, group in rows[rows.indicator.isin(HEADLINE)].groupby("scenario", sort=False):
        out[name] = [
            [label(r.indicator).text, change(r.indicator, r.difference),
             interval(r.indicator, r.ci_low, r.ci_high), interval(r.indicator, r.ui_low, r.ui_high)]
            for r in group.itertuples()
        ]  # fmt: skip
    return out


SPREAD_NOTE = (
    "95% of draws: mean +- t sd sqrt(1 + 1/n) over the replications, where one more"
    " replication's effect lies with 95% probability: the effect's uncertainty interval, which"
    " does not narrow with more replications. The interval of the mean does: it says how well"
    " the replications pin down the average effect over the evidence's range."
)


def uncertainty_lines(table: pd.DataFrame, base: str) -> list[str]:
    """The terminal's table of the effects under parameter uncertainty (see spread_cells)."""
    lines = []
    for name, cells in spread_cells(table).items():
        lines.append(
            f"\n{name} vs {base} with parameter uncertainty (difference: scenario minus base)"
        )
        lines.extend(columns([SPREAD_HEADER, *cells]))
    return [*lines, *textwrap.wrap(SPREAD_NOTE, 96)]


def uncertainty_note(uncertain: list[dict[str, Any]], width: int = 100) -> str:
    """The lines a comparison prints under its headline: which parameters were drawn, from
    which range, on what evidence (the source cut to ``width``; the report has it whole)."""
    lines = [
        "Intervals include parameter uncertainty: these parameters were drawn once per"
        " replication, the same draw for base and alternatives (parameter_draws.csv):"
    ]
    for item in uncertain:
        source = item["source"] if len(item["source"]) <= width else item["source"][:width] + "…"
        lines.append(f"  {item['parameter']}: {item['range']}; source: {source}")
    return "\n".join(lines)
