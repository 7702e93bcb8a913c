"""Speed and memory of the monthly engine.

    python benchmarks/bench_engine.py [--sizes 100000 1000000] [--months 60] [--no-events]

For each population size: builds the base cross-section, simulates ``--months`` months with all
base processes and the event history on, and prints person-months per second (rows x months /
simulation seconds; the best of ``--repeat`` runs, as timeit does, since this shared machine's
speed varies by 20-30% from minute to minute), bytes of state per person, and the peak resident
memory of the process.
Compares with ``benchmarks/baseline.json`` when present. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from pathlib import Path

from simulation.model import LifeCourseModel

BASELINE = Path(__file__).with_name("baseline.json")


def measure(persons: int, months: int, events: bool, repeat: int = 1) -> dict[str, float]:
    seconds = built = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        model = LifeCourseModel(persons=persons, years=months / 12, record_events=events)
        built = min(built, time.perf_counter() - started)
        model.step()  # the first step warms the caches; not timed
        started = time.perf_counter()
        model.run()
        seconds = min(seconds, time.perf_counter() - started)
        if _ < repeat - 1:
            del model  # free it before building the next one
    rows, simulated = model.pop.size, model.steps - 1
    return {
        "persons": persons,
        "rows": rows,
        "months": simulated,
        "build_s": round(built, 2),
        "simulate_s": round(seconds, 2),
        "person_months_per_s": round(rows * simulated / seconds),
        "bytes_per_person": round(model.pop.nbytes() / rows, 1),
        "events": len(model.log),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--no-events", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size; best counts")
    parser.add_argument("--save", type=Path, help="write the results as JSON (e.g. a new baseline)")
    args = parser.parse_args()
    measure(2_000, 3, True)  # compile and cache the numba kernels outside the timing
    results = [measure(n, args.months, not args.no_events, args.repeat) for n in args.sizes]
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(
        "| persons | rows | months | build s | simulate s | person-months/s | bytes/person"
        " | events | peak RSS MiB | vs baseline |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        base = baseline.get(str(r["persons"]), {}).get("person_months_per_s")
        ratio = f"{r['person_months_per_s'] / base:.2f}x" if base else "-"
        print(
            f"| {r['persons']:,} | {r['rows']:,} | {r['months']} | {r['build_s']} |"
            f" {r['simulate_s']} | {r['person_months_per_s'] / 1e6:.2f} M | {r['bytes_per_person']}"
            f" | {r['events']:,} | {r['peak_rss_mib']:,} | {ratio} |"
        )
    if args.save:
        args.save.write_text(json.dumps({str(r["persons"]): r for r in results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
