"""The long-running subcommands of ``lifecourse``: sweep, validate and calibrate.

Like :mod:`simulation.cli` they check everything before any work (the files, the output path,
memory) and write their results atomically; a sweep stopped by Ctrl-C or SIGTERM keeps its
finished runs and says how to resume.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from simulation.errors import LifecourseError, interrupted


def cmd_sweep(args: argparse.Namespace) -> int:
    from simulation.preflight import CLAIM, check_memory, check_output, check_time, claim, release
    from simulation.sweep import load_sweep

    sweep = load_sweep(args.sweep, args.max_runs)  # every check before any run
    out = args.out or Path("outputs") / "sweep" / args.sweep.stem
    total = len(sweep.runs())
    check_output(out, "--out", need_bytes=total * 20_000, may_exist=True)
    held = [p for p in out.iterdir() if p.name != CLAIM] if out.is_dir() else []
    if held and not (out / "sweep.json").exists():
        raise LifecourseError(f"--out {out}: exists and holds something else than a sweep")
    persons = sweep.spec.persons or sweep.scenario.population.size
    months = (
        round(sweep.spec.years * 12)
        if sweep.spec.years
        else sweep.scenario.horizon_months(sweep.scenario.resolved_parameters())
    )
    if args.dask is None:
        at_once = min(args.workers or os.cpu_count() or 1, total)
        check_memory(persons, f"{args.sweep}: persons", runs_at_once=at_once, months=months)
        hours = check_time(total, persons, months, at_once, args.max_hours)
        if not args.quiet:
            print(f"# {total:,} runs, about {hours * 60:,.0f} minutes on {at_once} worker(s)",
                  file=sys.stderr)  # fmt: skip
    claim(out, may_exist=True)  # two sweeps into one folder: the second is refused
    try:
        return _run_sweep(args, sweep, out, total)
    finally:
        release(out)


def _run_sweep(args: argparse.Namespace, sweep, out: Path, total: int) -> int:
    import shlex

    import pandas as pd
    from tqdm import tqdm

    from simulation.executors import executor_for
    from simulation.sensitivity import finish, sobol_warnings
    from simulation.sweeprun import SweepStoppedError, run_sweep

    resume = shlex.join(["lifecourse", "sweep", str(args.sweep), "--out", str(out), "--resume"])
    started = time.perf_counter()
    try:
        with (
            tqdm(total=total, unit="run", disable=args.quiet, file=sys.stderr) as bar,
            executor_for(args.workers, args.dask, args.dask_timeout) as executor,
        ):
            outcome = run_sweep(sweep, out, executor, fail_fast=args.fail_fast,
                                progress=lambda step, _total: bar.update(step))  # fmt: skip
    except SweepStoppedError as stop:
        # the files on disk, not the loop's count: an interrupt may land between a run's
        # file and the count
        kept = f"{_kept(sweep, out)} of {stop.total} runs kept in {out}; resume with: {resume}"
        if stop.reason == "interrupted":
            print(f"lifecourse: interrupted; {kept}", file=sys.stderr)
            return 130
        failed = "".join(f" ({e})" for e in stop.failed.values())
        print(f"lifecourse: error: {stop.reason}{failed}; {kept}", file=sys.stderr)
        return 1
    except BaseException as exc:  # Ctrl-C outside a run: at the start, or while workers stop
        if not interrupted(exc):
            raise
        print(f"lifecourse: interrupted; {_kept(sweep, out)} of {total} runs kept in {out};"
              f" resume with: {resume}", file=sys.stderr)  # fmt: skip
        return 130
    for warning in outcome.warnings:
        print(f"lifecourse: warning: {warning}", file=sys.stderr)
    if outcome.results is None:
        listed = ", ".join(f"{k} ({v})" for k, v in list(outcome.failed.items())[:3])
        print(
            f"lifecourse: error: {len(outcome.failed)} of {total} runs failed: {listed}; the others"
            f" are kept, the errors are in {out / 'runs'}/*.failed.json; no results were written;"
            f" after a fix, resume with: {resume}",
            file=sys.stderr,
        )
        return 1
    written = finish(sweep, outcome.results, out)
    if (out / "sensitivity.csv").exists():
        indices = pd.read_csv(out / "sensitivity.csv")
        for warning in sobol_warnings(indices, sweep.spec.design.samples):
            print(f"lifecourse: warning: {warning}", file=sys.stderr)
    print(
        f"{total} runs in {time.perf_counter() - started:.1f} s wall clock,"
        f" {outcome.seconds:.1f} s inside the runs; results: {written[0]}"
    )
    for path in written[1:]:
        print(f"  {path}")
    return 0


def _kept(sweep, out: Path) -> int:
    """How many of the sweep's runs have their result file in ``out/runs``."""
    ids = {run["run_id"] for run in sweep.runs()}
    runs = out / "runs"
    return sum(p.stem in ids for p in runs.glob("*.parquet")) if runs.is_dir() else 0


def cmd_validate(args: argparse.Namespace) -> int:
    import datetime as dt

    import pandas as pd
    from tqdm import tqdm

    from simulation.executors import executor_or_none
    from simulation.outputs import write_validation
    from simulation.preflight import check_output, claim, claim_new, release
    from simulation.tables import sensitivity_markdown, validation_markdown
    from simulation.validation import CASES, headline, run_cases, sensitivity, table

    cases = [
        c for c in CASES if (c.fast or not args.fast) and (not args.case or c.name in args.case)
    ]
    if args.case and len(cases) != len(set(args.case)):
        known = ", ".join(c.name for c in CASES)
        raise LifecourseError(f"--case: unknown case among {args.case}; allowed: {known}")
    overrides, applied = None, None
    if args.parameters is not None:
        from simulation.calibration import load_parameter_file, overrides_table

        overrides = load_parameter_file(args.parameters, cases)  # before any output or run
        applied = overrides_table(overrides)
    if args.out is not None:
        check_output(args.out)
        out = args.out
        claim(out)
    else:
        check_output(Path("outputs"), "--out (default outputs/)", may_exist=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = claim_new(Path("outputs") / "validation" / stamp)
    try:
        runs = sum(args.replications or case.replications for case in cases)
        started = time.perf_counter()
        with (
            executor_or_none(args.workers, args.dask, args.dask_timeout) as executor,
            tqdm(total=runs, unit="run", disable=args.quiet, file=sys.stderr) as bar,
        ):
            # the bar names the case of the run just gathered (runs are gathered in order)
            names = iter(
                [c.name for c in cases for _ in range(args.replications or c.replications)]
            )

            def advance(n: int) -> None:
                bar.set_description(next(names), refresh=False)
                bar.update(n)

            failed: list[dict] | None = None if args.fail_fast else []
            every = run_cases(cases, args.replications, progress=advance,
                              parameters=overrides, executor=executor, failed=failed)  # fmt: skip
        if not args.quiet:
            print(f"# {runs} runs of {len(cases)} cases in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)  # fmt: skip
        frames = [table(results) for results in every]
        cutoffs = [sensitivity(results) for results in every]
        result = pd.concat(frames, ignore_index=True)
        varied = pd.concat(cutoffs, ignore_index=True)
        write_validation(result, out, varied, applied, args.parameters, failed)
    except BaseException:
        release(out, remove=True)
        raise
    print(validation_markdown(result))
    if len(varied):
        print("\nClassifier sensitivity:\n\n" + sensitivity_markdown(varied))
    if applied is not None:
        from simulation.calibration import overrides_markdown

        print(f"\n{overrides_markdown(applied, args.parameters)}")
    for failure in failed or []:
        print(
            f"lifecourse: warning: case {failure['case']} replication {failure['replication']}"
            f" failed: {failure['error']}; the case is measured over its other runs (failed.json)",
            file=sys.stderr,
        )
    passed = int(result["passed"].sum())
    print(f"\n{headline(result)}; all: {passed} of {len(result)}; results: {out}")
    return 0 if passed == len(result) else 1


def cmd_calibrate(args: argparse.Namespace) -> int:
    import yaml

    from simulation.calibration import load_calibration
    from simulation.executors import executor_or_none
    from simulation.preflight import check_output, write_atomic

    for path in args.files:
        load_calibration(path)  # check every file before the first run
    out = args.out or Path("outputs") / "calibration" / f"{Path(args.files[0]).stem}.yaml"
    check_output(out, "--out", kind="file")  # before the fit, not after it
    entries: dict = {}
    with executor_or_none(args.workers, args.dask, args.dask_timeout) as executor:
        for path in args.files:
            entries.update(_fit(path, executor, args.fail_fast, args.lookahead))
    text = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)
    header = (
        "# Calibrated parameters: scenario overrides. Put these entries under a scenario's\n"
        "# `parameters:` section (e.g. a file with `extends: base.yaml`) to run with them, or\n"
        f"# check them with `lifecourse validate --parameters {out}`;\n"
        "# the package's own files stay as they are.\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, lambda p: p.write_text(header + text))
    print(text)
    print(f"written: {out}")
    print(
        f"to use the fit, put the entries of {out} under a scenario's `parameters:` section"
        " (a scenario with `extends: base.yaml` and that section runs the base with them);"
        f" to validate with it: lifecourse validate --parameters {out}"
    )
    return 0


def _fit(path: Path, executor, fail_fast: bool = False, lookahead: bool = False) -> dict:
    """One calibration file's fit (each point's runs on ``executor``), as parameter entries."""
    from simulation.calibration import load_calibration, run_calibration

    cases, spec = load_calibration(path)
    # Nelder-Mead stops when it has asked for max_evaluations points; an evaluation is a point
    # it read (with lookahead more are run, and the count, progress and fit stay the same)
    most = spec.max_evaluations
    print(f"# {path}: at most {most} evaluations of {spec.replications} run(s) per case",
          file=sys.stderr)  # fmt: skip
    if lookahead:
        print(f"# {path}: with --lookahead, each step's candidates are run together: two to"
              " three times the points, the same fit", file=sys.stderr)  # fmt: skip
        if executor is None:
            print(f"lifecourse: warning: {path}: --lookahead without --workers or --dask runs"
                  " the extra points one after another: slower, the same fit",
                  file=sys.stderr)  # fmt: skip
    fit = run_calibration(
        path,
        progress=lambda n, loss: print(
            f"  {evaluation(n, most)}: objective {loss:.4g}", file=sys.stderr, flush=True
        ),
        executor=executor,
        fail_fast=fail_fast,
        lookahead=lookahead,
    )
    for n, error in fit.failed:
        print(f"lifecourse: warning: {path}: evaluation {n} had a failed run, scored as the"
              f" worst: {error}", file=sys.stderr)  # fmt: skip
    print(f"# {path}: objective {fit.objective:.4g} after {fit.evaluations} evaluations")
    return fit.parameter_file(" + ".join(case.name for case in cases))


def evaluation(n: int, most: int) -> str:
    """ "evaluation 12 of 60"; past the maximum (Nelder-Mead completes a step it began), so."""
    if n <= most:
        return f"evaluation {n} of {most}"
    return f"evaluation {n} ({n - most} past the {most} planned, finishing the optimiser's step)"
