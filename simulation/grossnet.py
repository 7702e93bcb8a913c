"""A programme's gross and net effect (:func:`simulation.experiment.participant_effects`) as
text, for the terminal and the report. Apart from :mod:`simulation.participants`, which the
comparison itself imports, since the tables' module imports the comparison."""

from __future__ import annotations

import pandas as pd

from simulation.participants import MEASURE_WORDS
from simulation.tables import columns


def participant_lines(pooled: pd.DataFrame) -> list[str]:
    """The pooled split (experiment.participant_effects) as lines of text: per alternative,
    each measure's mean and 95% interval over the replications."""
    lines = []
    for scenario, rows in pooled.groupby("scenario", sort=False, observed=True):
        lines.append(
            f"\n{scenario}: participants and everyone else, months in work over the horizon"
            " (paired with the base, person by person)"
        )
        cells = [["", "mean", "95% interval"]]
        for r in rows.itertuples():
            kind = {"displaced_share": "{:.0%}", "participants": "{:,.0f}"}
            number = kind.get(str(r.measure), "{:+.2f}")

            def shown(x: float, number: str = number) -> str:
                return number.format(0.0 if abs(x) < 0.005 else x)  # no "-0%"

            low = "" if pd.isna(r.ci_low) else f"{shown(r.ci_low)} to "
            high = "" if pd.isna(r.ci_high) else shown(r.ci_high)
            cells.append([MEASURE_WORDS[str(r.measure)], shown(r.mean), low + high])
        lines.extend(columns(cells))
    return lines
