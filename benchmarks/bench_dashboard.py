"""How fluid the teaching dashboard is: Play's frames over a whole working life of the classroom
cohort (and its twin cohort), each frame the months it steps plus the redraw of every panel.

    python benchmarks/bench_dashboard.py [--persons 5000] [--months-per-frame 12]

Renders the panels with ``solara.render`` (no browser), advances the model as Play does and
forces the redraw Play triggers after each frame; prints the median and worst seconds per frame,
split into the step and the redraw, and the time to play from 12 to the AOW age. A browser adds
the transfer of the images (measured by tests/test_dashboard_browser.py's Play). Needs the
``dashboard`` extra.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--months-per-frame", type=int, default=12)
    parser.add_argument("--scenario", default="scenarios/classroom.yaml")
    args = parser.parse_args()
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    import solara
    from mesa.visualization.utils import force_update

    from simulation.dashboard import ClassroomModel
    from simulation.dashboard.panels import PANELS

    model = ClassroomModel(scenario_file=args.scenario, persons=args.persons)
    for panel in PANELS:
        solara.render(panel(model, "en"), handle_error=False)
    steps, redraws = [], []
    while model.running:
        t0 = time.perf_counter()
        model.advance(args.months_per_frame)
        t1 = time.perf_counter()
        force_update()
        t2 = time.perf_counter()
        steps.append(t1 - t0)
        redraws.append(t2 - t1)
    total = [a + b for a, b in zip(steps, redraws, strict=True)]
    print(f"persons {args.persons:,} (+ as many twins), {args.months_per_frame} months a frame,"
          f" {len(total)} frames from 12 to {model.end_age_months / 12:.2f}")  # fmt: skip
    for name, values in (("step", steps), ("redraw", redraws), ("step + redraw", total)):
        print(f"{name:>14}: median {statistics.median(values):.3f} s, worst {max(values):.3f} s")
    print(f"a working life: {sum(total):.1f} s ({model.steps / sum(total):.1f} months a second)")


if __name__ == "__main__":
    main()
