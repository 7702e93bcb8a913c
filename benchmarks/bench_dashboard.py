"""How fluid the teaching dashboard is: one monthly step of the classroom cohort (and its twin
cohort) plus the redraw of every plot, at the dashboard's largest cohort.

    python benchmarks/bench_dashboard.py [--persons 20000] [--months 60]

Renders the plotting panels with ``solara.render`` (no browser), steps the model and forces the
redraw Mesa's controller triggers after each step; prints the median and worst seconds per
month, split into the step and the redraw. Needs the ``dashboard`` extra.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--skip", type=int, default=72, help="months run first (school years)")
    args = parser.parse_args()
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    import solara
    from mesa.visualization.utils import force_update

    from simulation.dashboard import ClassroomModel, app

    model = ClassroomModel(persons=args.persons)
    for _ in range(args.skip):
        model.step()
    for panel in (app.CumulativeDisadvantage, app.SequenceIndexPlot, app.Twins, app.LifeStory):
        solara.render(panel(model), handle_error=False)
    steps, redraws = [], []
    for _ in range(args.months):
        t0 = time.perf_counter()
        model.step()
        t1 = time.perf_counter()
        force_update()
        t2 = time.perf_counter()
        steps.append(t1 - t0)
        redraws.append(t2 - t1)
    total = [a + b for a, b in zip(steps, redraws, strict=True)]
    print(f"persons {args.persons:,} (+ as many twins), months {args.months} from age "
          f"{12 + args.skip / 12:.0f}")  # fmt: skip
    for name, values in (("step", steps), ("redraw", redraws), ("step + redraw", total)):
        print(f"{name:>14}: median {statistics.median(values):.3f} s, worst {max(values):.3f} s")


if __name__ == "__main__":
    main()
