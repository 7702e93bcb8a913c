"""Checks before any work: can the results be written, is there room, is there memory.

A run or a fit that takes an hour must not end in a traceback because ``--out`` is a file, a
dangling link, on a read-only or full disk, or taken by another run started in the same second.
Everything here is cheap and runs before the simulation; each failure is one
:class:`~simulation.errors.LifecourseError` line naming the flag.

Claims: a results folder being written holds a marker file with the writer's process id, created
atomically (``O_EXCL``), so two runs into one folder cannot both proceed; a marker whose process
has ended is stale and taken over, and stale temporary folders of ended processes are removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from simulation.errors import LifecourseError
from simulation.estimate import (
    BASE_BYTES,
    estimate_lines,
    estimate_run,
    memory_per_person,
    size_text,
)

CLAIM = ".lifecourse-claim"
#: hidden temporary folders and files of atomic writes: ``.NAME.tmp-PID`` or ``.NAME.tmp-PID-X``
TEMPORARY = re.compile(r"^\..+\.tmp-(\d+)(-\w+)?$")
#: a run's horizon when none is given (the memory check of a sweep's runs)
DEFAULT_MONTHS = 240


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _existing_ancestor(path: Path) -> Path:
    path = path.absolute()
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return Path("/")


def check_output(
    out: Path, flag: str = "--out", need_bytes: int = 0, kind: str = "folder",
    may_exist: bool = False,
) -> None:  # fmt: skip
    """Refuse, with one line, an output path that cannot take the results.

    ``kind`` is "folder" (a results folder: new or empty unless ``may_exist``) or "file" (a file
    that is replaced atomically). ``need_bytes`` is an estimate checked against free space."""
    where = f"{flag} {out}"
    if out.is_symlink():
        state = "dangling " if not out.exists() else ""
        raise LifecourseError(
            f"{where}: is a {state}symbolic link (to {os.readlink(out)}); allowed: a real path"
        )
    if out.exists():
        if kind == "folder" and not out.is_dir():
            raise LifecourseError(f"{where}: exists and is a file; allowed: a new or empty folder")
        if kind == "file" and out.is_dir():
            raise LifecourseError(f"{where}: is a folder; allowed: a file name")
        if kind == "folder":
            _check_unclaimed(out, where, may_exist)
    ancestor = _existing_ancestor(out if kind == "folder" else out.parent)
    if not ancestor.is_dir():
        raise LifecourseError(f"{where}: {ancestor} is a file, so nothing can be written under it")
    try:
        handle, probe = tempfile.mkstemp(dir=ancestor, prefix=".lifecourse-probe-")
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise LifecourseError(f"{where}: cannot write in {ancestor}: {exc.strerror}") from None
    free = shutil.disk_usage(ancestor).free
    if need_bytes > free:
        raise LifecourseError(
            f"{where}: the results need about {size_text(need_bytes)}, {ancestor} has"
            f" {size_text(free)} free; free some space or choose another folder"
        )


def _check_unclaimed(folder: Path, where: str, may_exist: bool) -> None:
    """Refuse a folder another live process writes into, or (unless ``may_exist``) one with
    anything in it but a stale claim."""
    for item in folder.iterdir():
        if item.name == CLAIM:
            holder = _holder(item)
            if holder is not None and holder != os.getpid() and alive(holder):
                raise LifecourseError(
                    f"{where}: another lifecourse process (pid {holder}) is writing into it;"
                    " choose another folder"
                )
        elif not may_exist:
            raise LifecourseError(f"{where}: already exists and is not empty; choose a new folder")


def run_bytes(persons: int, months: int, events: bool = True, panel: bool = False) -> int:
    """A generous estimate of a run's results on disk (simulation.estimate)."""
    return estimate_run(persons, months, events, panel).disk


def available_memory() -> int | None:
    """MemAvailable of /proc/meminfo, in bytes (None where there is no such file)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_memory(
    persons: int, where: str, runs_at_once: int = 1, months: int = DEFAULT_MONTHS,
    events: bool = True, panel: bool = False,
) -> int:  # fmt: skip
    """Refuse a population that cannot fit in this machine's memory (the peak of
    :func:`simulation.estimate.estimate_run`, for each of ``runs_at_once``); the bytes needed."""
    need = runs_at_once * estimate_run(persons, months, events, panel).memory
    have = available_memory()
    if have is not None and need > have:
        at_once = f" ({runs_at_once} runs at once)" if runs_at_once > 1 else ""
        room = max(0, have // runs_at_once - BASE_BYTES)
        fits = int(room / memory_per_person(months, events, panel))
        raise LifecourseError(
            f"{where}: {persons:,} persons over {months} months need about {size_text(need)} of"
            f" memory{at_once}, this machine has {size_text(have)} available; allowed here:"
            f" about {fits:,} persons"
        )
    return need


# -- claims ---------------------------------------------------------------------------------------
def _holder(marker: Path) -> int | None:
    try:
        return int(marker.read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None


def claim(out: Path, flag: str = "--out", may_exist: bool = False) -> bool:
    """Make ``out`` an empty folder this process writes into; True if it was created here.

    Another live process's claim is an error, and so is anything else in the folder unless
    ``may_exist`` (a sweep's folder, resumed)."""
    created = False
    try:
        out.mkdir(parents=True)
        created = True
    except FileExistsError:
        if not out.is_dir():
            raise LifecourseError(f"{flag} {out}: is a file; allowed: a new folder") from None
    except OSError as exc:
        raise LifecourseError(f"{flag} {out}: cannot be created: {exc.strerror}") from None
    marker = out / CLAIM
    for _ in range(3):
        if not may_exist and any(item.name != CLAIM for item in out.iterdir()):
            raise LifecourseError(f"{flag} {out}: already exists and is not empty; choose another")
        try:
            handle = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(marker)
            if holder == os.getpid():
                return created
            if holder is not None and alive(holder):
                raise LifecourseError(
                    f"{flag} {out}: another lifecourse process (pid {holder}) is writing into it;"
                    " choose another folder"
                ) from None
            marker.unlink(missing_ok=True)  # stale: its process has ended
            continue
        with os.fdopen(handle, "w") as file:
            file.write(str(os.getpid()))
        return created
    raise LifecourseError(f"{flag} {out}: could not be claimed; choose another folder")


def release(out: Path, remove: bool = False) -> None:
    """Drop this process's claim on ``out``; with ``remove``, remove the folder if it is empty."""
    marker = out / CLAIM
    if _holder(marker) == os.getpid():
        marker.unlink(missing_ok=True)
    if remove:
        with contextlib.suppress(OSError):
            out.rmdir()


def claim_new(base: Path) -> Path:
    """A new folder ``base``, or ``base-2``, ``base-3``…: created atomically, claimed."""
    base.parent.mkdir(parents=True, exist_ok=True)
    k = 1
    while True:
        candidate = base if k == 1 else base.with_name(f"{base.name}-{k}")
        try:
            candidate.mkdir()
        except FileExistsError:
            k += 1
            continue
        claim(candidate)
        return candidate


def clean_stale(parent: Path) -> list[Path]:
    """Remove temporary folders and files of ended processes in ``parent``, and folders holding
    only a stale claim; returns what was removed."""
    removed = []
    try:
        items = list(parent.iterdir())
    except OSError:
        return removed
    for item in items:
        match = TEMPORARY.match(item.name)
        if match and not alive(int(match.group(1))) and not item.is_symlink():
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
            removed.append(item)
        elif item.is_dir() and not item.is_symlink():
            try:
                inside = list(item.iterdir())
            except OSError:
                continue
            if [p.name for p in inside] == [CLAIM]:
                holder = _holder(inside[0])
                if holder is None or not alive(holder):
                    inside[0].unlink(missing_ok=True)
                    try:
                        item.rmdir()
                    except OSError:
                        continue
                    removed.append(item)
    return removed


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """``write(temporary)`` beside ``path``, then ``os.replace``: readers and a kill at any moment
    see the old file or the whole new one, never half of it."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def check_time(runs: int, persons: int, months: int, workers: int, limit_hours: float) -> float:
    """The estimated hours of ``runs`` runs on ``workers`` processes; refuse a design above
    ``limit_hours`` (the ``--max-hours`` flag raises it)."""
    run = estimate_run(persons, months, events=False)  # a worker starts once, not per run
    hours = runs * (run.build_seconds + run.simulate_seconds) / max(workers, 1) / 3600
    if hours > limit_hours:
        raise LifecourseError(
            f"--max-hours: {runs:,} runs of {persons:,} persons x {months} months need about"
            f" {hours:,.1f} hours on {workers} worker(s); allowed: up to {limit_hours:g}"
            " (raise --max-hours to run it anyway)"
        )
    return hours


def dry_run(
    name: str, persons: int, months: int, where: str, out: Path | None, events: bool,
    panel: bool,
) -> None:  # fmt: skip
    """``lifecourse run --dry-run``: print the estimate, then check it against this machine as
    the run would (memory, the results folder and its free space), running nothing; a check
    that fails is the run's one-line error (``where``: the flag or field of the persons)."""
    estimate = estimate_run(persons, months, events, panel)
    folder = (out or Path("outputs")).absolute()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    print(f"{name}: the estimate of a run, from costs measured on the development machine")
    print("\n".join(f"  {line}" for line in estimate_lines(estimate, available_memory(), free)))
    check_memory(persons, where, months=months, events=events, panel=panel)
    if out is not None:
        check_output(out, "--out", estimate.disk)
    else:
        check_output(Path("outputs"), "--out (default outputs/)", estimate.disk, may_exist=True)
    print("nothing was run (--dry-run); the same command without it runs")
