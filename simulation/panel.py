"""The monthly panel: one row per person per month, written as Parquet partitioned by year.

Asked for with ``outputs: [..., panel]`` in a scenario or ``lifecourse run --panel``; a run
without it collects nothing. A :class:`PanelWriter` watches the model (``model.observers``):
after each simulated month it takes the persons present (not dead, arrived) and keeps their
row for the month; at each December and at the end of the run it writes the year's rows as
``panel/year=YYYY/part-0.parquet``, so memory holds at most a year of rows. Readers see a
hive-partitioned dataset (``pd.read_parquet(run / "panel")``, Polars, DuckDB).

Columns: ``person`` (the row id, as in ``persons.parquet`` and ``events.parquet``), ``t``
(months simulated: 1 is the first), ``month`` ('YYYY-MM'), ``labour_state``, ``contract``,
``benefit`` (as lower-case names), ``hours`` (per week), ``wage`` (gross per month, of the
current or last job), ``benefit_amount`` (paid this month, euro), ``partner_id`` (-1: none),
``n_children``, and per intervention ``<kind>_arm`` (none, treated, control) and its status
columns (:meth:`~simulation.interventions.Intervention.panel_status`, e.g.
``jobcoaching_coached``, ``jobcoaching_trial``). ``panel_events.parquet`` has the intervention
events: assignment to treatment or control, and a coach's start and end.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from simulation.calendar import month_label
from simulation.codes import Benefit, Contract, LabourState, names
from simulation.rows import rows_where

if TYPE_CHECKING:
    from simulation.model import LifeCourseModel

#: population columns written as numbers, with their Parquet types
NUMBERS = {
    "hours": pa.float32(),
    "wage": pa.float32(),
    "partner_id": pa.int32(),
    "n_children": pa.int8(),
}
#: population columns written as names (dictionary-encoded: the codes, with the names once)
CODED = {"labour_state": LabourState, "contract": Contract, "benefit": Benefit}
ARMS = ("none", "treated", "control")  # simulation.interventions.base: NONE, TREATED, CONTROL
#: status columns whose start and end are events (``<kind>_<status>``)
EVENT_STATUS = {"coached": ("coach_start", "coach_end")}
EVENTS = ("treated", "control", *(e for pair in EVENT_STATUS.values() for e in pair))


def _names(values: np.ndarray, labels: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(values, pa.int8()), pa.array(labels))


class PanelWriter:
    """Writes the monthly panel into ``folder`` (``panel/`` and ``panel_events.parquet``);
    call :meth:`close` after the run to write the last, partial year."""

    def __init__(self, folder: Path, compression: str = "zstd", level: int = 1):
        self.folder = Path(folder)
        (self.folder / "panel").mkdir(parents=True, exist_ok=True)
        self.compression, self.level = compression, level
        self.year: int | None = None
        self.chunks: list[pa.RecordBatch] = []
        self.previous: dict[str, np.ndarray] = {}
        self.events: list[dict[str, np.ndarray]] = []
        self.seconds = 0.0  # time spent collecting and writing, for the run's timing

    def __call__(self, model: LifeCourseModel) -> None:
        started = time.perf_counter()
        self._collect(model)
        self.seconds += time.perf_counter() - started

    def _collect(self, model: LifeCourseModel) -> None:
        month = model.last_month
        if self.year is not None and month // 12 != self.year:
            self._flush()
        self.year = month // 12
        pop = model.pop
        state = pop.labour_state
        rows = rows_where((state != LabourState.DEAD) & (state != LabourState.ABROAD))
        n = rows.size
        columns: dict[str, pa.Array] = {
            "person": pa.array(rows.astype(np.int32)),
            "t": pa.array(np.full(n, model.steps, dtype=np.int16)),
            "month": pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(n, dtype=np.int8)), pa.array([month_label(month)])
            ),
        }
        for column, enum in CODED.items():
            columns[column] = _names(getattr(pop, column)[rows], names(enum))
        for column, kind in NUMBERS.items():
            columns[column] = pa.array(getattr(pop, column)[rows], kind)
        columns["benefit_amount"] = pa.array(model.benefit_paid[rows], pa.float32())
        for intervention in model.interventions:
            kind = intervention.kind
            self._events(kind, "arm", intervention.group, month, model.steps)
            columns[f"{kind}_arm"] = _names(intervention.group[rows], list(ARMS))
            for status, values in intervention.panel_status().items():
                self._events(kind, status, values, month, model.steps)
                columns[f"{kind}_{status}"] = pa.array(values[rows])
        self.chunks.append(pa.RecordBatch.from_pydict(columns))

    def _events(self, kind: str, status: str, values: np.ndarray, month: int, t: int) -> None:
        """Assignment (an arm that leaves 'none') and a status's start and end this month."""
        before = self.previous.get(f"{kind}_{status}")
        self.previous[f"{kind}_{status}"] = values.copy()
        if before is None:
            before = np.zeros_like(values)
        elif before.size < values.size:  # newborns since last month: no status before
            before = np.concatenate([before, np.zeros(values.size - before.size, before.dtype)])
        if status == "arm":
            changes = [
                (rows_where((before == 0) & (values == code)), ARMS[code]) for code in (1, 2)
            ]
        elif status in EVENT_STATUS:
            start, end = EVENT_STATUS[status]
            changes = [(rows_where(~before & values), start), (rows_where(before & ~values), end)]
        else:
            return
        for who, event in changes:
            if who.size:
                self.events.append(
                    {
                        "person": who.astype(np.int32),
                        "t": np.full(who.size, t, dtype=np.int16),
                        "month": np.full(who.size, month_label(month)),
                        "intervention": np.full(who.size, kind),
                        "event": np.full(who.size, event),
                    }
                )

    def _flush(self) -> None:
        if not self.chunks:
            return
        table = pa.Table.from_batches(self.chunks)
        part = self.folder / "panel" / f"year={self.year}"
        part.mkdir()
        pq.write_table(
            table,
            part / "part-0.parquet",
            compression=self.compression,
            compression_level=self.level,
        )
        self.chunks = []

    def close(self) -> None:
        """Write the last year's rows and the intervention events."""
        started = time.perf_counter()
        self._flush()
        keys = ("person", "t", "month", "intervention", "event")
        columns = {k: np.concatenate([e[k] for e in self.events]) for k in keys if self.events}
        schema = pa.schema(
            [
                ("person", pa.int32()),
                ("t", pa.int16()),
                ("month", pa.string()),
                ("intervention", pa.string()),
                ("event", pa.string()),
            ]
        )
        table = pa.table(columns or {k: [] for k in keys}, schema=schema)
        pq.write_table(table, self.folder / "panel_events.parquet", compression="zstd")
        self.seconds += time.perf_counter() - started
