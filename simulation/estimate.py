"""What a run will need, before it starts: memory, time and disk, from measured costs.

``lifecourse run SCENARIO --dry-run`` prints this estimate and stops; every run checks the
same memory estimate against the machine and refuses, with one line, a run that cannot fit
(:func:`simulation.preflight.check_memory`). The costs are per row of the population, per
row-month and per event, measured with ``benchmarks/bench_engine.py`` and single runs on the
development machine (2 cores, Python 3.12, 2026-12-07) and rounded so that the estimate errs
high: a run refused that would have fitted costs a user a flag, one that dies at year 18 costs
them the night.

Rows are more than the persons asked for: the start's past (four years lived before the start)
leaves the rows of those who died or emigrated in it, children born in it, and the rows reserved
for the horizon's immigrants; births and arrivals add rows every month, and the dead and the
emigrants keep theirs (their history stays readable). Measured at 1,000,000 persons: 1.31
million rows at the start of a five-year run, 1.40 million of a twenty-year run, and 3,470 new
rows a month.
"""

from __future__ import annotations

from dataclasses import dataclass

#: rows at the start per person asked for (the past's rows and the reserved arrivals; measured
#: 1.31 for 5 years, 1.40 for 20 years at 1,000,000 persons)
ROWS_PER_PERSON = 1.40
#: rows added per person asked for and month simulated (births and immigrants; measured 0.0031
#: over 5 years and 0.0035 over 20)
NEW_ROWS_PER_PERSON_MONTH = 0.0035
#: the interpreter with numpy, pandas, pyarrow, numba and the compiled kernels (measured 211 MiB
#: after import; a small run's peak, with writing its results, about 450 MiB at 100,000 persons)
BASE_BYTES = 380 * 2**20
#: per row at the end: the state columns (90 bytes), the households' income tables (72), the
#: month's temporaries and the columns' spare capacity (measured before writing: 625 MiB peak
#: for 1.50 million rows without events, 1,004 MiB for 2.23 million rows and 20 million events)
BYTES_PER_ROW = 290
#: the event history in memory, per event (measured about 9)
BYTES_PER_EVENT = 10
#: writing the results builds the persons' tables, then the events' (one after the other, so
#: the larger counts): measured 230 MiB more for 1.50 million rows, 546 MiB for 20 million events
WRITE_BYTES_PER_ROW = 160
WRITE_BYTES_PER_EVENT = 30
#: events recorded per person asked for and month (measured 0.079-0.084)
EVENTS_PER_PERSON_MONTH = 0.085
#: the monthly panel holds at most a year of rows before it writes them (PanelWriter): per
#: row and month, its ten columns
PANEL_BYTES_PER_ROW_MONTH = 40
#: seconds to start (imports, once per process) and to build the population per person
#: (measured 0.8 s, and 5.8 s per million persons; 17 s for 3 million)
START_SECONDS = 1.0
BUILD_SECONDS_PER_PERSON = 7e-6
#: the engine's speed over the mean rows of a run on one core (measured 8.7-8.9 million at
#: 1,000,000 persons, 8.6 at 3,000,000; this shared machine varies by 20-30% from minute to
#: minute, so the slow end), and a month's fixed cost (the tally's tables; a tiny run's month)
ROW_MONTHS_PER_SECOND = 7_000_000
MONTH_SECONDS = 0.002
#: writing the results, per row and per event (measured 5.2 s for 1.50 million rows and 4.8
#: million events, 12.4 s for 2.23 million rows and 20 million events)
WRITE_SECONDS_PER_ROW = 2.5e-6
WRITE_SECONDS_PER_EVENT = 0.5e-6
#: results on disk per row (persons.csv and .parquet, measured 270 bytes) and per event
#: (events.csv and .parquet, measured 37 bytes): 134 MB for 100,000 persons over 20 years,
#: 1.38 GB for 1,000,000
DISK_PER_ROW = 300
DISK_PER_EVENT = 40


@dataclass(frozen=True)
class RunEstimate:
    """A run's size and its estimated needs (bytes and seconds)."""

    persons: int
    months: int
    events: bool
    panel: bool
    rows_start: int
    rows_end: int
    n_events: int
    memory: int
    build_seconds: float
    simulate_seconds: float
    write_seconds: float
    disk: int

    @property
    def seconds(self) -> float:
        """Start-up, building and simulating: the whole run in a new process."""
        return START_SECONDS + self.build_seconds + self.simulate_seconds + self.write_seconds


def estimate_run(
    persons: int, months: int, events: bool = True, panel: bool = False
) -> RunEstimate:
    """The estimate for ``persons`` (aged 15-67 at the start) over ``months``, with or without
    the event history and the monthly panel."""
    rows_start = round(persons * ROWS_PER_PERSON)
    rows_end = rows_start + round(persons * NEW_ROWS_PER_PERSON_MONTH * months)
    n_events = round(persons * EVENTS_PER_PERSON_MONTH * months) if events else 0
    mean_rows = (rows_start + rows_end) / 2
    disk = rows_end * DISK_PER_ROW + n_events * DISK_PER_EVENT
    if panel:  # Parquet compresses the panel's slowly changing columns about fourfold
        disk += round(mean_rows * months * PANEL_BYTES_PER_ROW_MONTH / 4)
    return RunEstimate(
        persons=persons,
        months=months,
        events=events,
        panel=panel,
        rows_start=rows_start,
        rows_end=rows_end,
        n_events=n_events,
        memory=round(BASE_BYTES + persons * memory_per_person(months, events, panel)),
        build_seconds=persons * BUILD_SECONDS_PER_PERSON,
        simulate_seconds=months * (MONTH_SECONDS + mean_rows / ROW_MONTHS_PER_SECOND),
        write_seconds=rows_end * WRITE_SECONDS_PER_ROW + n_events * WRITE_SECONDS_PER_EVENT,
        disk=disk,
    )


def memory_per_person(months: int, events: bool = True, panel: bool = False) -> float:
    """The peak memory of a run per person asked for, beyond BASE_BYTES (linear in persons, so
    the largest population that fits is (memory - BASE_BYTES) / this)."""
    rows = ROWS_PER_PERSON + NEW_ROWS_PER_PERSON_MONTH * months
    events_ = EVENTS_PER_PERSON_MONTH * months if events else 0.0
    per_person = rows * BYTES_PER_ROW + events_ * BYTES_PER_EVENT
    if panel:
        per_person += rows * 12 * PANEL_BYTES_PER_ROW_MONTH
    return per_person + max(rows * WRITE_BYTES_PER_ROW, events_ * WRITE_BYTES_PER_EVENT)


def size_text(n: float) -> str:
    """Bytes in decimal units, as ``df -H`` gives them."""
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} PB"  # pragma: no cover


def duration_text(seconds: float) -> str:
    """Seconds as a person says them: 40 s, 3.5 min, 1.2 h."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def estimate_lines(e: RunEstimate, available: int | None, free_disk: int | None) -> list[str]:
    """The estimate in words, against this machine's available memory and free disk."""
    have = "" if available is None else f"; this machine has {size_text(available)} available"
    disk_free = "" if free_disk is None else f"; {size_text(free_disk)} free"
    kinds = (("the event history", e.events), ("the panel", e.panel))
    recorded = [name for name, on in kinds if on]
    kept = " and ".join(recorded) if recorded else "neither the event history nor the panel"
    return [
        f"{e.persons:,} persons x {e.months} months, recording {kept}",
        f"rows: about {e.rows_start:,} at the start (with the past's and the arrivals') and"
        f" {e.rows_end:,} at the end",
        f"memory: about {size_text(e.memory)} at the peak{have}",
        f"time: about {duration_text(e.seconds)} on one core ({duration_text(START_SECONDS)} to"
        f" start, {duration_text(e.build_seconds)} to build, {duration_text(e.simulate_seconds)}"
        f" to simulate at {ROW_MONTHS_PER_SECOND / 1e6:g} million row-months/s,"
        f" {duration_text(e.write_seconds)} to write)",
        f"disk: about {size_text(e.disk)} of results{disk_free}",
    ]
