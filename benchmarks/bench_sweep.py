"""Throughput of sweeps: the overhead per run, and one against two local workers.

    python benchmarks/bench_sweep.py [--runs 200] [--persons 20000] [--years 10]

Runs a grid sweep over ``labour.job_finding.low`` with ``--runs`` points (one seed each) three
times: serially in this process, on a pool of one worker and on a pool of two. Prints wall-clock
seconds, the seconds spent inside the runs, the overhead per run, and the speed-up of two
workers over one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from simulation.sweep import load_sweep
from simulation.sweeprun import executor_for, run_sweep

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--serial-runs", type=int, default=10, help="runs timed serially")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def sweep(n: int, name: str):
            values = ", ".join(f"{v:.5f}" for v in np.linspace(0.10, 0.20, n))
            path = folder / f"{name}.yaml"
            path.write_text(
                f"scenario: {ROOT / 'scenarios' / 'base.yaml'}\n"
                f"vary: {{labour.job_finding.low: [{values}]}}\n"
                f"keep: [employment_rate, bijstand_share]\n"
                f"persons: {args.persons}\nyears: {args.years}\n"
            )
            return load_sweep(path)

        rows = []
        started = time.perf_counter()
        outcome = run_sweep(sweep(args.serial_runs, "serial"), folder / "serial")
        rows.append(("serial, in process", args.serial_runs, time.perf_counter() - started,
                     outcome.seconds))  # fmt: skip
        for workers in (1, 2):
            s = sweep(args.runs, f"pool{workers}")
            started = time.perf_counter()
            with executor_for(workers=workers) as pool:
                outcome = run_sweep(s, folder / f"pool{workers}", pool)
            rows.append((f"process pool, {workers} worker(s)", args.runs,
                         time.perf_counter() - started, outcome.seconds))  # fmt: skip
    print(f"{args.persons:,} persons x {args.years:g} years per run")
    print("| executor | runs | wall s | s inside runs | overhead per run s | runs per minute |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, n, wall, inside in rows:
        workers = 2 if "2 worker" in name else 1
        overhead = (wall * workers - inside) / n
        rate = 60 * n / wall
        print(f"| {name} | {n} | {wall:.1f} | {inside:.1f} | {overhead:.3f} | {rate:.1f} |")
    print(f"two workers against one: {rows[1][2] / rows[2][2]:.2f}x the throughput")


if __name__ == "__main__":
    main()
