"""Speed and memory of the monthly engine, against an idiomatic Mesa implementation.

    python benchmarks/bench_engine.py [--sizes 100000 1000000] [--months 60] [--no-events]
                                      [--threads 1 2] [--reference-persons 3000]
                                      [--events-parquet]

For each population size and number of kernel threads (default: one, and every core, as
``lifecourse run`` uses): builds the base cross-section, simulates ``--months`` months with all
base processes and the event history on, and prints person-months per second (rows x months /
simulation seconds; the best of ``--repeat`` runs, as timeit does, since this shared machine's
speed varies by 20-30% from minute to minute); the same for the living persons only (alive and
in the country, the mean of the first and last month: the rows of the dead and of emigrants
stay and cost little), bytes of state per person, and the peak resident memory of the
process. Then, at the first size:

- the cost of the event history: the same run with events off;
- the idiomatic Mesa reference (``tests/mesa_reference.py``: one ``mesa.Agent`` per person,
  the month as ``model.agents.do(stage)`` calls, every process of the base pipeline) on
  ``--reference-persons`` people, against the engine at the first size, and their ratio;
- with ``--events-parquet``, the seconds to write ``events.parquet`` of 1,000,000 persons x 10
  years.

Compares with ``benchmarks/baseline.json`` when present. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from simulation.codes import LabourState
from simulation.executors import set_threads
from simulation.model import LifeCourseModel

BASELINE = Path(__file__).with_name("baseline.json")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def measure(
    persons: int, months: int, events: bool, repeat: int = 1, threads: int = 1
) -> dict[str, float]:
    set_threads(threads)
    seconds = built = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        model = LifeCourseModel(persons=persons, years=months / 12, record_events=events)
        built = min(built, time.perf_counter() - started)
        model.step()  # the first step warms the caches; not timed
        living = _in_the_country(model)
        started = time.perf_counter()
        model.run()
        seconds = min(seconds, time.perf_counter() - started)
        living = (living + _in_the_country(model)) / 2
        if _ < repeat - 1:
            del model  # free it before building the next one
    rows, simulated = model.pop.size, model.steps - 1
    return {
        "persons": persons,
        "threads": threads,
        "rows": rows,
        "months": simulated,
        "build_s": round(built, 2),
        "simulate_s": round(seconds, 2),
        "person_months_per_s": round(rows * simulated / seconds),
        "living_person_months_per_s": round(living * simulated / seconds),
        "bytes_per_person": round(model.pop.nbytes() / rows, 1),
        "events": len(model.log),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _in_the_country(model: LifeCourseModel) -> int:
    """Rows of persons alive and in the Netherlands: the rows of the dead and of emigrants
    stay in the columns (their history is kept) and are passed over cheaply, so person-months
    per row flatter the engine more the longer the run and its past."""
    return int(np.count_nonzero(model.pop.labour_state < LabourState.DEAD))


def measure_reference(persons: int, months: int) -> float:
    """Person-months/s of the idiomatic Mesa reference (the whole monthly pipeline)."""
    from mesa_reference import pair

    _, reference = pair(persons, years=months / 12)
    started = time.perf_counter()
    for _ in range(months):
        reference.step()
    return len(reference.people) * months / (time.perf_counter() - started)


def time_events_parquet(persons: int = 1_000_000, years: int = 10) -> tuple[int, float, float]:
    """(events, seconds to write events.parquet, MB) for ``persons`` x ``years``."""
    from simulation.outputs import _write_parquet

    model = LifeCourseModel(persons=persons, years=years)
    model.run()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.parquet"
        started = time.perf_counter()
        _write_parquet(model.log.frame(), path)
        seconds = time.perf_counter() - started
        return len(model.log), seconds, path.stat().st_size / 1e6


def compare(args: argparse.Namespace, first: dict[str, float]) -> None:
    """At the first size: the event history's cost, the Mesa reference, events.parquet."""
    persons = first["persons"]
    if not args.no_events:
        # events on and off in turn, best of each: this machine's speed drifts between runs
        loud = quiet = 0.0
        for _ in range(args.repeat):
            loud = max(loud, measure(persons, args.months, True)["person_months_per_s"])
            quiet = max(quiet, measure(persons, args.months, False)["person_months_per_s"])
        share = 1 - loud / quiet
        print(f"\nevent history at {persons:,} persons: {first['events']:,} events,"
              f" {share:.0%} of the step time (best of {args.repeat} with and without,"
              " interleaved)")  # fmt: skip
    reference = measure_reference(args.reference_persons, min(args.months, 12))
    full = first["person_months_per_s"]
    print(
        f"\nthe same model (every process of the month), idiomatic Mesa on"
        f" {args.reference_persons:,} persons: {reference / 1e3:,.1f} thousand person-months/s;"
        f" engine on {persons:,}: {full / 1e6:.2f} M; ratio {full / reference:,.0f}x"
    )
    if args.events_parquet:
        events, seconds, mb = time_events_parquet()
        print(f"\nevents.parquet, 1,000,000 persons x 10 years: {events:,} events,"
              f" {seconds:.1f} s to write, {mb:.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--no-events", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size; best counts")
    parser.add_argument("--save", type=Path, help="write the results as JSON (e.g. a new baseline)")
    parser.add_argument(
        "--threads", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}),
        help="threads of the kernels, each measured (default: one, and every core as"
        " lifecourse run uses)",
    )  # fmt: skip
    parser.add_argument("--reference-persons", type=int, default=3_000)
    parser.add_argument("--events-parquet", action="store_true")
    parser.add_argument(
        "--engine-only", action="store_true",
        help="only the engine table (e.g. --sizes 17900000 --months 13: the whole country)",
    )  # fmt: skip
    args = parser.parse_args()
    measure(2_000, 3, True)  # compile and cache the numba kernels outside the timing
    results = [
        measure(n, args.months, not args.no_events, args.repeat, threads)
        for n in args.sizes
        for threads in args.threads
    ]
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(
        "| persons | threads | rows | months | build s | simulate s | person-months/s"
        " | bytes/person | living person-months/s | events | peak RSS MiB | vs baseline |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        base = baseline.get(str(r["persons"]), {}).get("person_months_per_s")
        ratio = f"{r['person_months_per_s'] / base:.2f}x" if base else "-"
        print(
            f"| {r['persons']:,} | {r['threads']} | {r['rows']:,} | {r['months']}"
            f" | {r['build_s']} |"
            f" {r['simulate_s']} | {r['person_months_per_s'] / 1e6:.2f} M | {r['bytes_per_person']}"
            f" | {r['living_person_months_per_s'] / 1e6:.2f} M | {r['events']:,}"
            f" | {r['peak_rss_mib']:,} | {ratio} |"
        )
    if not args.engine_only:
        compare(args, results[0])
    if args.save:
        args.save.write_text(json.dumps({str(r["persons"]): r for r in results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
