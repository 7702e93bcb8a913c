"""The ``lifecourse`` command: it parses the arguments, calls the package and prints.

:func:`simulation.arguments.build_parser` defines the subcommands and their options
(``lifecourse --help`` lists them) and :data:`COMMANDS` names the function each runs. The
package is imported inside those functions, so ``lifecourse --help`` answers at once, without
loading numpy, Mesa or numba.

Bad input (a missing or malformed scenario, an unknown key, a bad number) is reported as one
line naming the problem, with exit code 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from simulation.arguments import MIN_COMPARE_REPLICATIONS, build_parser
from simulation.batch import cmd_calibrate, cmd_sweep, cmd_validate
from simulation.errors import LifecourseError, interrupted

__all__ = ["COMMANDS", "build_parser", "main"]


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM (a batch scheduler's stop) ends like Ctrl-C


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return COMMANDS[args.command](args)  # argparse has refused any other name
    except LifecourseError as exc:
        print(f"lifecourse: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head or less that closed early: not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        return 0
    except BaseException as exc:
        if not interrupted(exc):
            raise
        print("lifecourse: interrupted; nothing was written", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_size(args: argparse.Namespace, scenario) -> tuple[int, int, str]:
    """Persons and months of a run, and where the persons were asked for."""
    from simulation.scenario import DEFAULT_HORIZON_YEARS

    persons = args.persons or scenario.population.size
    where = "--persons" if args.persons else f"{scenario.source}: population.size"
    years = args.years or scenario.horizon
    if years is None:
        years = 55 if scenario.population.kind == "cohort" else DEFAULT_HORIZON_YEARS
    return persons, round(years * 12), where


def _planned_run(
    args: argparse.Namespace, scenario, events: bool = True, panel: bool = False,
    at_once: int = 1,
) -> tuple[int, int]:  # fmt: skip
    """Persons and months of a run, checked against memory before it starts (``at_once``
    such runs side by side)."""
    from simulation.preflight import check_memory

    persons, months, where = _run_size(args, scenario)
    check_memory(persons, where, at_once, months=months, events=events, panel=panel)
    return persons, months


def _dry_run(args: argparse.Namespace, scenario, events: bool, panel: bool) -> int:
    from simulation.preflight import dry_run

    persons, months, where = _run_size(args, scenario)
    dry_run(scenario.name, persons, months, where, args.out, events, panel)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from simulation.executors import set_threads
    from simulation.model import LifeCourseModel
    from simulation.outputs import check_destination, default_run_dir, panel_staging, write_run
    from simulation.panel import PanelWriter
    from simulation.pooled import run_effects
    from simulation.preflight import check_output, claim, release, run_bytes
    from simulation.scenario import load_scenario
    from simulation.tables import run_summary, trial_lines

    scenario = load_scenario(args.scenario)
    threads = set_threads(args.threads)
    events = not args.no_events and "events" in scenario.outputs
    panel = args.panel or "panel" in scenario.outputs
    if args.dry_run:
        return _dry_run(args, scenario, events, panel)
    need = run_bytes(*_planned_run(args, scenario, events, panel), events, panel)
    if args.out is not None:
        check_destination(args.out, need)
        claim(args.out)  # a second run into the same folder is refused now, not at the end
        out = args.out
    else:
        check_output(Path("outputs"), "--out (default outputs/)", need, may_exist=True)
        seed = scenario.seed if args.seed is None else args.seed
        out = default_run_dir(Path("outputs"), scenario.name, seed)
    # the monthly panel is written year by year during the run into a staging folder beside
    # the results, and moved into them with the rest when the run completes
    staging = panel_staging(out) if panel else None
    writer = PanelWriter(staging) if staging is not None else None
    try:
        started = time.perf_counter()
        model = LifeCourseModel(
            scenario,
            persons=args.persons,
            years=args.years,
            seed=args.seed,
            record_events=events,
        )
        built = time.perf_counter() - started
        if writer is not None:
            model.observers.append(writer)
        with tqdm(
            total=model.horizon_months,
            unit="month",
            desc=f"{model.spec.name} ({model.pop.size:,} persons)",
            disable=args.quiet,
            file=sys.stderr,
        ) as bar:
            model.run(progress=bar.update)
        if writer is not None:
            writer.close()
        simulated = time.perf_counter() - started - built
        person_months = model.pop.size * model.steps
        timing = {
            "threads": threads,
            "seconds_building": round(built, 3),
            "seconds_simulating": round(simulated, 3),
            "person_months_per_second": round(person_months / max(simulated, 1e-9)),
        }
        if writer is not None:
            timing["seconds_writing_panel"] = round(writer.seconds, 3)
        write_run(model, out, {"timing": timing}, panel=staging)
    except BaseException:
        release(out, remove=True)  # the claimed folder, still empty
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    if not args.quiet:
        print(run_summary(model))
        effects = run_effects(model.intervention_reports())
        if len(effects):
            print("\n".join(trial_lines(effects)))
        panel = "" if writer is None else f" (of which {writer.seconds:.1f} s writing the panel)"
        print(
            f"\n{model.pop.size:,} persons x {model.steps} months in {simulated:.1f} s{panel}"
            f" ({person_months / max(simulated, 1e-9) / 1e6:.1f} million person-months/s);"
            f" population built in {built:.1f} s"
        )
    print(f"results: {out}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    import datetime as dt

    from tqdm import tqdm

    from simulation.executors import executor_or_none
    from simulation.experiment import compare
    from simulation.grossnet import participant_lines
    from simulation.inputdraws import uncertain_entries
    from simulation.outputs import check_destination, comparison_inputs, write_comparison
    from simulation.pooled import pooled_effects, pooled_summary
    from simulation.preflight import check_output, claim, claim_new, release
    from simulation.purse import purse_lines
    from simulation.scenario import load_scenario
    from simulation.spread import uncertainty_lines, uncertainty_note
    from simulation.tables import comparison_headline, is_group, population_note, trial_lines

    if len(args.scenarios) < 2:
        raise LifecourseError("compare needs a base scenario and at least one alternative")
    specs = [load_scenario(path) for path in args.scenarios]
    workers = args.workers or 2  # two runs at once unless told
    at_once = 1 if args.dask else min(workers, os.cpu_count() or 1)
    for spec in specs:  # a comparison's runs keep no event history
        _planned_run(args, spec, events=False, at_once=at_once)
    if args.parameter_uncertainty:
        uncertain_entries(specs, [s.name for s in specs])  # none at all: refused before any work
    out = args.out
    if out is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{'-vs-'.join(s.name for s in specs)}"[:120]
        check_output(Path("outputs"), "--out (default outputs/)", may_exist=True)
        out = claim_new(Path("outputs") / "compare" / name)
    else:
        check_destination(out)
        claim(out)
    reps = args.replications or max(specs[0].replications, MIN_COMPARE_REPLICATIONS)
    if reps < MIN_COMPARE_REPLICATIONS:
        print(
            "lifecourse: warning: one replication gives the differences but no confidence"
            f" interval; --replications {MIN_COMPARE_REPLICATIONS} or more gives both",
            file=sys.stderr,
        )
    try:
        runs = reps * len(specs)
        with (
            executor_or_none(min(workers, runs), args.dask, args.dask_timeout) as pool,
            tqdm(total=runs, unit="run", disable=args.quiet, file=sys.stderr) as bar,
        ):
            result = compare(
                specs,
                replications=reps,
                persons=args.persons,
                years=args.years,
                executor=pool,
                progress=bar.update,
                parameter_uncertainty=args.parameter_uncertainty,
                fail_fast=args.fail_fast,
            )
        what = comparison_inputs(specs, args.scenarios, reps, args.persons, args.years)
        write_comparison(result, out, what)
    except BaseException:
        release(out, remove=True)
        raise
    if not args.quiet:
        base = specs[0].population
        note = (
            population_note(base.kind, base.group, args.persons or base.size)
            if is_group(specs[0])
            else ""
        )
        print(comparison_headline(result, note))
        print("\n".join(purse_lines(result.table, result.base)))
        if result.uncertain:
            print("\n".join(uncertainty_lines(result.table, result.base)))
            print(uncertainty_note(result.uncertain))
        effects = pooled_effects(pooled_summary(result.runs))
        if len(effects):
            print("\n".join(trial_lines(effects)))
        if result.participants is not None and not is_group(specs[0]):
            print("\n".join(participant_lines(result.participants)))
    for failure in result.failed:
        print(
            f"lifecourse: warning: {failure['scenario']} replication {failure['replication']}"
            f" (seed {failure['seed']}) failed: {failure['error']}; that replication is left out"
            " of every scenario (failed.json)",
            file=sys.stderr,
        )
    print(f"results: {out}")
    return 0


def cmd_story(args: argparse.Namespace) -> int:
    import numpy as np

    from simulation.model import LifeCourseModel
    from simulation.scenario import load_scenario
    from simulation.teaching import story, to_aow_age

    spec = load_scenario(args.scenario)
    years = to_aow_age(spec, args.years)
    model = LifeCourseModel(spec, persons=args.persons, years=years, seed=args.seed)
    model.record_panel("contract")
    model.run()
    person = args.person
    if person is None:
        pool = (
            np.flatnonzero(model.pop.parents_divorced) if args.parents_divorced else model.pop.ids
        )
        person = int(np.random.default_rng(model.spec.seed).choice(pool))
    if not 0 <= person < model.pop.size:
        raise LifecourseError(f"--person {person}: ids run from 0 to {model.pop.size - 1}")
    print("\n".join(story(model, person, args.lang)))
    return 0


def cmd_twins(args: argparse.Namespace) -> int:
    from simulation.executors import executor_or_none
    from simulation.preflight import check_output
    from simulation.scenario import load_scenario
    from simulation.teaching import parted_pair, story, to_aow_age, twins, twins_figure, twins_table
    from simulation.words import number, say

    check_output(args.out, may_exist=True)  # before the two simulations
    spec = load_scenario(args.scenario)
    years = to_aow_age(spec, args.years)
    with executor_or_none(args.workers, args.dask, args.dask_timeout) as executor:
        pair = twins(spec, args.event, args.persons, years, executor)
    person = parted_pair(pair, spec.seed) if args.person is None else args.person
    if not 0 <= person < pair.without.pop.size:
        raise LifecourseError(f"--person {person}: ids run from 0 to {pair.without.pop.size - 1}")
    for key, model in (("without", pair.without), ("with", pair.with_event)):
        print(f"== {say(f'{key}.{args.event}', args.lang).capitalize()} ==")
        print("\n".join(story(model, person, args.lang)))
    if not pair.gaps.empty:
        print(say("twins_cohort", args.lang, pairs=number(pair.without.pop.size, args.lang)))
        print(twins_table(pair.gaps, args.lang))
    args.out.mkdir(parents=True, exist_ok=True)
    figure = twins_figure(pair, person, args.out / f"twins_{args.event}_{person}.png", args.lang)
    pair.gaps.to_csv(args.out / f"twins_{args.event}_gaps.csv", index=False)
    print(f"figure: {figure}")
    return 0


def cmd_decompose(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from simulation.executors import executor_or_none
    from simulation.preflight import check_output
    from simulation.scenario import load_scenario
    from simulation.teaching import decompose, decompose_figure

    spec = load_scenario(args.scenario)
    check_output(args.out, may_exist=True)
    with (
        executor_or_none(args.workers, args.dask, args.dask_timeout) as executor,
        tqdm(total=args.reruns, unit="run", disable=args.quiet, file=sys.stderr) as bar,
    ):
        failed: list[tuple[int, str]] | None = None if args.fail_fast else []
        shares = decompose(spec, args.outcome, args.reruns, args.persons, args.years,
                           bar.update, executor, failed)  # fmt: skip
    for number, error in failed or []:
        print(f"lifecourse: warning: re-run {number} failed: {error}; the split uses the others",
              file=sys.stderr)  # fmt: skip
    print(
        f"{args.outcome}: origin {shares['origin']:.0%}, chance {shares['chance']:.0%}"
        f" ({args.reruns - len(failed or [])} re-runs of the same {args.persons:,} origins)"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    path = decompose_figure(shares, args.outcome, args.out / f"decompose_{args.outcome}.png")
    print(f"figure: {path}")
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    import importlib.util
    import subprocess

    from simulation.lifeline import kill_on_parent_death
    from simulation.scenario import load_scenario

    load_scenario(args.scenario)  # a bad file fails here, with file and field, not in a browser
    missing = [m for m in ("solara", "solara_assets") if importlib.util.find_spec(m) is None]
    if missing:
        raise LifecourseError(
            f"the dashboard needs {', '.join(missing)}: install the extra with"
            " pip install -e '.[dashboard]'"
        )
    from simulation.dashboard import app

    # no telemetry, and no "This website runs on Solara" banner over a class's screen
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           "SOLARA_THEME_SHOW_BANNER": "False", app.SCENARIO_ENV: str(args.scenario)}  # fmt: skip
    command = [sys.executable, "-m", "solara", "run", app.__file__, "--host", args.host,
               "--port", str(args.port), "--production"]  # fmt: skip
    print(f"lifecourse dashboard on http://{args.host}:{args.port} (Ctrl-C stops it)")
    # the server ends with this command however it ends: SIGKILL through the kernel's
    # parent-death signal, Ctrl-C and SIGTERM here
    server = subprocess.Popen(command, env=env, preexec_fn=kill_on_parent_death)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        print("lifecourse: dashboard stopped", file=sys.stderr)
        return 130


def cmd_report(args: argparse.Namespace) -> int:
    from simulation.report import write_report

    print(f"report: {write_report(args.folder)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import yaml

    from simulation.scenario import load_scenario

    for path in args.scenarios:
        scenario = load_scenario(path)
        print(f"# {path}: valid")
        print(yaml.safe_dump(scenario.model_dump(mode="json"), sort_keys=False).rstrip())
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    import csv

    from simulation.parameters import Parameters
    from simulation.scenario import load_scenario
    from simulation.tables import parameter_listing

    params = (
        load_scenario(args.scenario).resolved_parameters()
        if args.scenario
        else Parameters.defaults()
    )
    records = params.records()
    missing = [r["path"] for r in records if not str(r["source"]).strip()]
    if args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    else:
        print(parameter_listing(records))
    if missing:
        print(
            f"lifecourse: error: parameters without a source: {', '.join(missing)}", file=sys.stderr
        )
        return 1
    print(f"# {len(records)} parameters, all with a source", file=sys.stderr)
    return 0


#: What each subcommand of build_parser() runs: its arguments in, the exit code out.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": cmd_run,
    "compare": cmd_compare,
    "sweep": cmd_sweep,
    "validate": cmd_validate,
    "calibrate": cmd_calibrate,
    "story": cmd_story,
    "twins": cmd_twins,
    "decompose": cmd_decompose,
    "dashboard": cmd_dashboard,
    "report": cmd_report,
    "check": cmd_check,
    "params": cmd_params,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
