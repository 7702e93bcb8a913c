"""A run's monthly aggregates as one table, with the calendar month as a ``YYYY-MM`` label.

The DataCollector records the indicators of :mod:`simulation.outcomes` once a month; every reader
takes them in this one form: the results folder (``aggregates.csv``), the series a comparison
keeps of each run for its figures over time, and the summary the command prints. It sits apart
from the writing (:mod:`simulation.outputs`) because the comparison's runs need the table too,
and the writing of a comparison needs the comparison: here neither imports the other.
"""

from __future__ import annotations

import pandas as pd

from simulation.calendar import month_label
from simulation.model import LifeCourseModel


def aggregates_frame(model: LifeCourseModel) -> pd.DataFrame:
    """The DataCollector's table: one row per month (the first row is the starting state)."""
    frame = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    frame.insert(0, "date", [month_label(int(m)) for m in frame["month"]])
    frame.insert(0, "step", range(len(frame)))
    return frame
