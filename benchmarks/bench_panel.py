"""The monthly panel's cost: a run of the base cross-section with and without it.

    python benchmarks/bench_panel.py [--persons 100000] [--years 20] [--repeat 3]

Interleaves runs without the panel and runs with a :class:`simulation.panel.PanelWriter`
attached (as ``lifecourse run --panel`` does) and prints, best of ``--repeat`` and the range:
the seconds to simulate without it, the seconds spent collecting and writing the panel, the
panel's rows and size on disk, and the seconds to read three of its columns back with pandas.
Speed is measured here, never in tests: this shared 2-core machine varies by 20-40%.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds

from simulation.model import LifeCourseModel
from simulation.panel import PanelWriter

BASE = Path(__file__).resolve().parent.parent / "scenarios" / "base.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--years", type=float, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plain, panel = [], []
    for _ in range(args.repeat):
        model = LifeCourseModel(BASE, persons=args.persons, years=args.years)
        started = time.perf_counter()
        model.run()
        plain.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as folder:
            model = LifeCourseModel(BASE, persons=args.persons, years=args.years)
            writer = PanelWriter(Path(folder))
            model.observers.append(writer)
            model.run()
            writer.close()
            panel.append(writer.seconds)
            rows = ds.dataset(Path(folder) / "panel", partitioning="hive").count_rows()
            size = sum(p.stat().st_size for p in Path(folder).rglob("*.parquet"))
            started = time.perf_counter()
            pd.read_parquet(Path(folder) / "panel", columns=["person", "t", "labour_state"])
            read = time.perf_counter() - started
    print(f"{model.pop.size:,} rows x {model.steps} months")
    print(f"simulating without the panel: {min(plain):.1f} s ({min(plain):.1f}-{max(plain):.1f})")
    print(
        f"collecting and writing the panel: {min(panel):.1f} s ({min(panel):.1f}-{max(panel):.1f})"
    )
    print(f"panel: {rows:,} rows, {size / 2**20:.0f} MiB; three columns read back in {read:.1f} s")


if __name__ == "__main__":
    main()
