"""The arguments of the ``lifecourse`` command: its subcommands, their options and the types
that check them.

Each bad value is refused by argparse with one line naming the flag and what is allowed, exit
code 2, before any work starts. :mod:`simulation.cli` holds what each subcommand does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulation.words import LANGUAGES


def _parsed[T](text: str, convert: type[T], what: str) -> T:
    """``text`` as an int or a float; argparse's one-line error naming what it is not."""
    try:
        return convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a {what}") from None


def _positive_int(text: str) -> int:
    value = _parsed(text, int, "whole number")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {value}")
    return value


def _persons(text: str) -> int:
    """Like a scenario's population.size: 1 to 50 million (memory is checked before the run)."""
    value = _positive_int(text)
    if value > MAX_PERSONS:
        raise argparse.ArgumentTypeError(f"{value:,} persons; allowed: 1 to {MAX_PERSONS:,}")
    return value


def _positive_float(text: str) -> float:
    value = _parsed(text, float, "number")
    if not round(value * 12) >= 1 or not value <= 100:  # also refuses nan
        raise argparse.ArgumentTypeError(f"allowed: 1/12 (a month) to 100 years, got {value}")
    return value


def _positive_hours(text: str) -> float:
    value = _parsed(text, float, "number")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of hours, got {value}")
    return value


def _seed(text: str) -> int:
    value = _parsed(text, int, "whole number")
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"allowed: 0 to 2**63 - 1, got {value}")
    return value


#: a paired difference needs two replications for its confidence interval
MIN_COMPARE_REPLICATIONS = 2


def _version() -> str:
    """The installed package's version (the source tree's when it is not installed)."""
    from importlib import metadata

    try:
        return metadata.version("lifecourse")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


#: the largest population of a run, as for a scenario's population.size
MAX_PERSONS = 50_000_000
#: seconds to wait for a Dask scheduler before giving up with a one-line error
DASK_TIMEOUT = 10
#: local Dask workers one machine can usefully start
MAX_LOCAL_WORKERS = 256


def _dask(text: str) -> str:
    """``local:N`` (1 to MAX_LOCAL_WORKERS) or a scheduler address (``tcp://host:port``)."""
    if text.startswith("local:"):
        try:
            n = int(text.removeprefix("local:"))
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}': write local:N with N workers") from None
        if not 1 <= n <= MAX_LOCAL_WORKERS:
            raise argparse.ArgumentTypeError(
                f"'{text}': {n} workers; allowed: local:1 to local:{MAX_LOCAL_WORKERS}"
            )
        return text
    host, _, port = text.partition("://")[2].rpartition(":") if "://" in text else ("", "", "")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(
            f"'{text}'; allowed: a scheduler address (tcp://host:8786) or local:N"
        )
    return text


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"allowed: 1 to 65535, got {value}")
    return value


def _seconds(text: str) -> float:
    value = _parsed(text, float, "number")
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"must be between 0 and 3600 seconds, got {value}")
    return value


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (the full usage is one ``--help`` away), exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _executor_flags(
    command: argparse.ArgumentParser, default_text: str, on_failure: str | None = None
) -> None:
    """Where a multi-run command's runs go, the same flags on every such command
    (simulation.executors): local processes or a Dask cluster; with ``on_failure`` (what the
    command does with a failed run) also ``--fail-fast``."""
    where = command.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=_positive_int,
        help=f"runs at once, in local processes (default: {default_text})",
    )  # fmt: skip
    where.add_argument(
        "--dask", type=_dask,
        help="run on Dask: a scheduler address (tcp://host:8786) or local:N for N local"
        " workers (default: no Dask, local processes)",
    )  # fmt: skip
    command.add_argument(
        "--dask-timeout", type=_seconds, default=float(DASK_TIMEOUT),
        help=f"seconds to wait for the Dask scheduler (default: {DASK_TIMEOUT})",
    )  # fmt: skip
    if on_failure:
        command.add_argument(
            "--fail-fast", action="store_true",
            help=f"stop at the first failing run (default: report it and {on_failure})",
        )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lifecourse",
        description="Life-course microsimulation of the Dutch labour market and social security.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    persons = "persons aged 15-67 at the start (default: the scenario's population.size)"
    years = "years to simulate (default: the scenario's horizon)"
    quiet = "no progress bar or printed table (default: both shown)"
    scenario = "scenario YAML file (scenarios/*.yaml)"

    run = sub.add_parser("run", help="simulate a scenario and write its results")
    run.add_argument("scenario", type=Path, help=scenario)
    run.add_argument("--persons", type=_persons, help=persons)
    run.add_argument("--years", type=_positive_float, help=years)
    run.add_argument(
        "--seed", type=_seed,
        help="random seed: the same seed gives the same results (default: the scenario's seed)",
    )  # fmt: skip
    run.add_argument(
        "--out", type=Path,
        help="results folder, new or empty (default: outputs/NAME/DATE-TIME-seedN)",
    )  # fmt: skip
    run.add_argument(
        "--no-events", action="store_true",
        help="do not record the event history, events.parquet (default: recorded)",
    )  # fmt: skip
    run.add_argument(
        "--panel", action="store_true",
        help="write the monthly panel, one row per person per month in Parquet files by year"
        " (default: only if the scenario's outputs list it)",
    )  # fmt: skip
    run.add_argument(
        "--threads", type=_positive_int,
        help="threads of the monthly kernels; the results are the same for any number"
        " (default: every core)",
    )  # fmt: skip
    run.add_argument(
        "--dry-run", action="store_true",
        help="print the run's estimated memory, time and disk and check them against this"
        " machine, without running it (default: off, the run runs)",
    )  # fmt: skip
    run.add_argument("--quiet", action="store_true", help=quiet)

    compare = sub.add_parser(
        "compare", help="compare scenarios with the base (first) using common random numbers"
    )
    compare.add_argument(
        "scenarios", type=Path, nargs="+",
        help="BASE ALT...: the base scenario first, then one or more alternatives",
    )  # fmt: skip
    compare.add_argument(
        "--replications", type=_positive_int,
        help="runs per scenario (default: the base scenario's replications, at least"
        f" {MIN_COMPARE_REPLICATIONS}, so each difference has a confidence interval)",
    )  # fmt: skip
    compare.add_argument("--persons", type=_persons, help=persons)
    compare.add_argument("--years", type=_positive_float, help=years)
    _executor_flags(compare, "2", "compare the replications whose runs all succeeded")
    compare.add_argument(
        "--out", type=Path,
        help="results folder, new or empty (default: outputs/compare/DATE-TIME-BASE-vs-ALT)",
    )  # fmt: skip
    compare.add_argument(
        "--parameter-uncertainty", action="store_true",
        help="draw every parameter that has an uncertainty block once per replication, the same"
        " draw for base and alternatives, so the intervals include the evidence's uncertainty"
        " (default: off, every parameter at its value)",
    )  # fmt: skip
    compare.add_argument("--quiet", action="store_true", help=quiet)

    sweep = sub.add_parser("sweep", help="run a parameter sweep and its sensitivity analysis")
    sweep.add_argument("sweep", type=Path, help="sweep YAML file (sweeps/*.yaml)")
    _executor_flags(sweep, "one per core", "go on with the other runs")
    sweep.add_argument(
        "--out", type=Path, help="results folder (default: outputs/sweep/NAME of the sweep file)"
    )
    sweep.add_argument(
        "--resume", action="store_true",
        help="continue a stopped sweep in --out, keeping its finished runs (default: off; a"
        " folder holding the same sweep is resumed anyway)",
    )  # fmt: skip
    sweep.add_argument(
        "--max-runs", type=_positive_int, default=100_000,
        help="refuse designs with more runs than this (default: 100000)",
    )  # fmt: skip
    sweep.add_argument(
        "--max-hours", type=_positive_hours, default=72.0,
        help="refuse designs estimated to take longer on the local workers (default: 72)",
    )  # fmt: skip
    sweep.add_argument("--quiet", action="store_true", help="no progress bar (default: shown)")

    validate = sub.add_parser("validate", help="compare the model with the articles' figures")
    validate.add_argument(
        "--fast", action="store_true",
        help="only the reduced set of cases that CI runs (default: every case)",
    )  # fmt: skip
    validate.add_argument(
        "--replications", type=_positive_int,
        help="runs per case (default: each case's own replications)",
    )  # fmt: skip
    validate.add_argument(
        "--case", action="append",
        help="run only this case; repeat for several (default: all cases)",
    )  # fmt: skip
    validate.add_argument(
        "--out", type=Path,
        help="folder for validation.csv and validation.md (default: outputs/validation/DATE-TIME)",
    )  # fmt: skip
    validate.add_argument(
        "--parameters", type=Path, metavar="FILE",
        help="run every case with the parameter overrides in FILE, as `lifecourse calibrate`"
        " writes them (path: {value, source}), each keeping its source (default: none)",
    )  # fmt: skip
    _executor_flags(
        validate, "1, the runs one after another in this process",
        "measure each case over its runs that succeeded",
    )  # fmt: skip
    validate.add_argument("--quiet", action="store_true", help="no progress bar (default: shown)")

    calibrate = sub.add_parser("calibrate", help="fit free parameters to a case's targets")
    calibrate.add_argument(
        "files", type=Path, nargs="+",
        help="calibration files (scenarios/validation/calibration/*.yaml)",
    )  # fmt: skip
    calibrate.add_argument(
        "--out", type=Path,
        help="parameter file to write, YAML (default: outputs/calibration/NAME.yaml)",
    )  # fmt: skip
    _executor_flags(
        calibrate, "1, the runs one after another in this process",
        "score a candidate with a failed run as the worst",
    )  # fmt: skip
    calibrate.add_argument(
        "--lookahead", action="store_true",
        help="evaluate the four points a Nelder-Mead step may ask for together, their runs side"
        " by side on the workers: the same fit, two to three times the points run; for more"
        " workers than a point has runs (default: one point at a time)",
    )  # fmt: skip

    classroom = Path("scenarios") / "classroom.yaml"
    teaching = f"scenario file (default: {classroom}, a birth cohort from 12 to the AOW age)"

    story = sub.add_parser(
        "story", help="tell one simulated life in plain language",
        description="Simulate a cohort and tell one person's life, age by age, in plain"
        " language. A cohort without a horizon is followed until its youngest reaches their"
        " AOW age.",
    )  # fmt: skip
    story.add_argument("scenario", type=Path, nargs="?", default=classroom, help=teaching)
    story.add_argument(
        "--person", type=int,
        help="person id (default: a person drawn at random with --seed, so the same seed"
        " tells the same life and another seed another)",
    )  # fmt: skip
    story.add_argument(
        "--parents-divorced", action="store_true",
        help="draw the person among those whose parents divorced (default: among everyone)",
    )  # fmt: skip
    story.add_argument(
        "--persons", type=_persons, default=2000, help="persons simulated (default: 2000)"
    )
    story.add_argument("--years", type=_positive_float, help=years)
    story.add_argument(
        "--seed", type=_seed,
        help="random seed of the simulation and of the draw of --person (default: the"
        " scenario's seed)",
    )  # fmt: skip
    story.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the story (default: en)"
    )

    twins = sub.add_parser(
        "twins", help="two lives that differ in one early event",
        description="Run a cohort twice with the same random numbers, once without and once"
        " with an early-life circumstance for everyone; tell one pair's two lives and print"
        " the cohort's average gap at 30, 45 and 60.",
    )  # fmt: skip
    twins.add_argument("scenario", type=Path, nargs="?", default=classroom, help=teaching)
    twins.add_argument(
        "--event", default="adolescent_depression",
        help="the circumstance one twin has: adolescent_depression, parental_divorce,"
        " conduct_problems or none (default: adolescent_depression, the start of the chain of"
        " cumulative disadvantage, A1.3)",
    )  # fmt: skip
    twins.add_argument(
        "--person", type=int,
        help="the pair to tell (default: one drawn among the pairs whose working lives differ)",
    )  # fmt: skip
    twins.add_argument(
        "--persons", type=_persons, default=2000, help="pairs simulated (default: 2000)"
    )
    twins.add_argument("--years", type=_positive_float, help=years)
    twins.add_argument(
        "--out", type=Path, default=Path("outputs") / "twins",
        help="folder for the figure and the gaps table (default: outputs/twins)",
    )  # fmt: skip
    twins.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the stories (default: en)"
    )
    _executor_flags(twins, "1, the two lives one after the other in this process")

    decompose = sub.add_parser("decompose", help="origin against chance in a life outcome (A7.1)")
    decompose.add_argument("scenario", type=Path, help=scenario)
    decompose.add_argument(
        "--outcome", default="lifetime_income",
        help="lifetime_income, benefit_months or healthy_working_years (default: lifetime_income)",
    )  # fmt: skip
    decompose.add_argument(
        "--reruns", type=_positive_int, default=5,
        help="re-runs of the same origins with other luck (default: 5)",
    )  # fmt: skip
    decompose.add_argument(
        "--persons", type=_persons, default=2000, help="persons simulated (default: 2000)"
    )
    decompose.add_argument("--years", type=_positive_float, help=years)
    decompose.add_argument(
        "--out", type=Path, default=Path("outputs") / "decompose",
        help="folder for the figure (default: outputs/decompose)",
    )  # fmt: skip
    _executor_flags(
        decompose, "1, the re-runs one after another in this process",
        "split over the re-runs that succeeded",
    )  # fmt: skip
    decompose.add_argument("--quiet", action="store_true", help="no progress bar (default: shown)")

    dashboard = sub.add_parser(
        "dashboard", help="serve the teaching dashboard (Solara over the Mesa model) here"
    )
    dashboard.add_argument(
        "--port", type=_port, default=8765, help="port to serve on (default: 8765)"
    )
    dashboard.add_argument(
        "--host", default="127.0.0.1",
        help="address to serve on (default: 127.0.0.1, this computer only)",
    )  # fmt: skip
    dashboard.add_argument(
        "--scenario", type=Path, default=classroom,
        help="the scenario selected at the start; the files beside it are offered too"
        f" (default: {classroom})",
    )  # fmt: skip

    report = sub.add_parser("report", help="write a self-contained report.html for results")
    report.add_argument("folder", type=Path, help="a run or comparison folder")

    check = sub.add_parser("check", help="validate scenario files without running them")
    check.add_argument("scenarios", type=Path, nargs="+", help="scenario YAML files")

    params = sub.add_parser("params", help="list every parameter with its value and source")
    params.add_argument(
        "--csv", action="store_true", help="comma-separated output (default: a readable listing)"
    )
    params.add_argument(
        "scenario", type=Path, nargs="?",
        help="show a scenario's values (default: the package's own)",
    )  # fmt: skip
    return parser
