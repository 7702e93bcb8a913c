"""Running a sweep: executors, one file per finished run, failures, interrupts and resume.

Runs go to any :class:`concurrent.futures.Executor` (a process pool by default, or Dask). Each
finished run is written at once to ``runs/<run-id>.parquet`` (a temporary file renamed into
place), a failed one to ``runs/<run-id>.failed.json`` with its error; the sweep goes on unless
``fail_fast``. On Ctrl-C or SIGTERM the queued runs are cancelled, the workers stopped, and
:class:`SweepStoppedError` says how many runs were kept. Running again into the folder checks
every run file (readable, one row, the expected run id, seed, parameter values and columns),
reruns what is damaged or failed, and ignores files that are not the sweep's, with a warning.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from simulation.errors import interrupted
from simulation.preflight import write_atomic
from simulation.scenario import Scenario
from simulation.sweep import Sweep, SweepError

RUN_COLUMNS = ["run_id", "point", "replicate", "seed"]


class SweepStoppedError(Exception):
    """The sweep stopped before every run was done: interrupted, or a run failed (fail fast) or
    a worker process died. ``kept`` runs are saved and resume with ``--resume``."""

    def __init__(self, reason: str, kept: int, total: int, failed: dict[str, str]):
        super().__init__(reason)
        self.reason, self.kept, self.total, self.failed = reason, kept, total, failed


@dataclass
class Outcome:
    """What a sweep ended with: the results (None unless every run succeeded), the failed runs
    and their errors, and warnings about files in the folder."""

    results: pd.DataFrame | None
    failed: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_point(
    scenario: Scenario, values: dict[str, float], seed: int, persons: int | None,
    years: float | None, keep: list[str],
) -> dict[str, float]:  # fmt: skip
    """One run with parameter values: the kept indicators (a top-level function for workers)."""
    from simulation.model import LifeCourseModel

    started = time.perf_counter()
    model = LifeCourseModel(
        scenario, persons=persons, years=years, seed=seed, parameters=values, record_events=False
    )
    model.run()
    outcomes = model.outcomes()
    horizon = outcomes[outcomes.period == "horizon"].set_index(["indicator", "subgroup"])["value"]
    row = {item: float(horizon[(item.partition("@")[0], item.partition("@")[2] or "all")])
           for item in keep}  # fmt: skip
    row["seconds"] = time.perf_counter() - started
    return row


# -- executors ------------------------------------------------------------------------------------
# -- run files ------------------------------------------------------------------------------------
def columns(sweep: Sweep) -> list[str]:
    """The columns of a run file, in order."""
    return [*RUN_COLUMNS, *sweep.names, *sweep.spec.keep, "seconds"]


def _write_run(folder: Path, run: dict[str, Any], row: dict[str, float]) -> None:
    record = {
        "run_id": run["run_id"], "point": run["point"], "replicate": run["replicate"],
        "seed": run["seed"], **run["values"], **row,
    }  # fmt: skip
    frame = pd.DataFrame([record])
    write_atomic(folder / f"{run['run_id']}.parquet", lambda p: frame.to_parquet(p, index=False))
    (folder / f"{run['run_id']}.failed.json").unlink(missing_ok=True)


def _write_failure(folder: Path, run: dict[str, Any], exc: BaseException) -> str:
    error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    record = {**run, "error": error, "traceback": traceback.format_exception(exc)}
    text = json.dumps(record, indent=2, default=str) + "\n"
    write_atomic(folder / f"{run['run_id']}.failed.json", lambda p: p.write_text(text))
    return error


def damage(path: Path, run: dict[str, Any], sweep: Sweep) -> str | None:
    """Why a run file cannot be used (None if it is the run's, whole)."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # any reader error means: run it again
        return f"unreadable ({type(exc).__name__})"
    if list(frame.columns) != columns(sweep):
        return "not the sweep's columns"
    if len(frame) != 1:
        return f"{len(frame)} rows instead of 1"
    row = frame.iloc[0]
    same = (row["run_id"], int(row["point"]), int(row["replicate"]), int(row["seed"])) == (
        run["run_id"], run["point"], run["replicate"], run["seed"]
    )  # fmt: skip
    if not same or any(float(row[n]) != run["values"][n] for n in sweep.names):
        return "holds another run"
    return None


def survey(sweep: Sweep, runs_dir: Path, warnings: list[str]) -> set[str]:
    """The run ids whose files are whole; damaged files are removed (to run again), foreign files
    ignored, each with a warning."""
    runs = {run["run_id"]: run for run in sweep.runs()}
    done: set[str] = set()
    damaged: list[str] = []
    foreign: list[str] = []
    for item in sorted(runs_dir.iterdir()):
        name = item.name
        if name.startswith(".") and ".tmp" in name:
            item.unlink(missing_ok=True)  # a write cut short
        elif name.endswith(".parquet") and name.removesuffix(".parquet") in runs:
            reason = damage(item, runs[item.stem], sweep)
            if reason is None:
                done.add(item.stem)
            else:
                damaged.append(f"{name} ({reason})")
                item.unlink()
        elif not (name.endswith(".failed.json") and name.removesuffix(".failed.json") in runs):
            foreign.append(name)
    if damaged:
        warnings.append(f"{runs_dir}: {len(damaged)} damaged run files run again: {_few(damaged)}")
    if foreign:
        warnings.append(
            f"{runs_dir}: {len(foreign)} files that are not this sweep's runs are ignored:"
            f" {_few(foreign)}"
        )
    return done


def _few(names: list[str]) -> str:
    return ", ".join(names[:5]) + (" …" if len(names) > 5 else "")


def _stamp(sweep: Sweep, out: Path, warnings: list[str]) -> None:
    """sweep.json: what the folder holds; another sweep's folder is an error."""
    path = out / "sweep.json"
    want = json.loads(json.dumps(sweep.fingerprint()))
    if path.exists():
        try:
            have = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            warnings.append(f"{path}: damaged; written again (each run file is checked on its own)")
        else:
            if have == want:
                return
            raise SweepError(
                f"--out {out}: holds another sweep (sweep.json differs); choose a new --out folder"
            )
    text = json.dumps(want, indent=2) + "\n"
    write_atomic(path, lambda p: p.write_text(text))


def run_sweep(
    sweep: Sweep,
    out: Path,
    executor: Executor | None = None,
    *,
    fail_fast: bool = False,
    progress: Callable[[int, int], None] | None = None,
    task: Callable[..., dict[str, float]] = run_point,
) -> Outcome:
    """Run every run not yet done in ``out/runs``; the results once every run succeeded.

    Raises :class:`SweepStoppedError` on an interrupt, on the first failure with ``fail_fast`` and
    when a pool worker dies."""
    runs_dir = out / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    outcome = Outcome(None)
    _stamp(sweep, out, outcome.warnings)
    runs = sweep.runs()
    done = survey(sweep, runs_dir, outcome.warnings)
    todo = [run for run in runs if run["run_id"] not in done]
    kept = len(done)
    if progress:
        progress(kept, len(runs))
    spec = sweep.spec
    args = (spec.persons, spec.years, list(spec.keep))
    futures: dict[Future, dict[str, Any]] = {}

    def stop(reason: str) -> SweepStoppedError:
        for future in futures:
            future.cancel()
        return SweepStoppedError(reason, kept, len(runs), outcome.failed)

    try:
        if executor is None:
            pending: Iterator[tuple[dict[str, Any], Callable[[], dict[str, float]]]] = (
                (run, lambda run=run: task(sweep.scenario, run["values"], run["seed"], *args))
                for run in todo
            )
        else:
            for run in todo:
                future = executor.submit(task, sweep.scenario, run["values"], run["seed"], *args)
                futures[future] = run
            pending = ((futures[f], f.result) for f in as_completed(futures))
        for run, result in pending:
            try:
                row = result()
            except BrokenProcessPool:
                raise stop("a worker process died (out of memory, or killed)") from None
            except Exception as exc:  # a failing run is recorded; the sweep goes on
                if interrupted(exc):  # Ctrl-C inside numba code: a SystemError
                    raise KeyboardInterrupt from exc
                outcome.failed[run["run_id"]] = _write_failure(runs_dir, run, exc)
                if fail_fast:
                    raise stop(f"run {run['run_id']} failed (--fail-fast)") from None
            else:
                _write_run(runs_dir, run, row)
                kept += 1
            if progress:
                progress(1, len(runs))
    except KeyboardInterrupt:
        raise stop("interrupted") from None
    if not outcome.failed:
        outcome.results = collect(sweep, runs_dir)
        outcome.seconds = float(outcome.results.pop("seconds").sum())
    return outcome


def collect(sweep: Sweep, runs_dir: Path) -> pd.DataFrame:
    """Every run's row, in run-id order (only the sweep's own files)."""
    files = [runs_dir / f"{run['run_id']}.parquet" for run in sweep.runs()]
    frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return frame.sort_values("run_id").reset_index(drop=True)
