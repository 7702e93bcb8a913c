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

CLAIM = ".lifecourse-claim"
#: hidden temporary folders and files of atomic writes: ``.NAME.tmp-PID`` or ``.NAME.tmp-PID-X``
TEMPORARY = re.compile(r"^\..+\.tmp-(\d+)(-\w+)?$")
#: memory a run needs: the interpreter with numpy, pandas and numba loaded, and per person the
#: state columns (75 bytes), temporaries of a month and the event log of a long horizon
#: (measured: 1M persons over a year peak at 0.41 GB; the per-person figure is generous)
BASE_MEMORY = 300_000_000
MEMORY_PER_PERSON = 1_000
#: time a run needs: start-up and building the population, a month's fixed cost, and the
#: engine's speed (measured with benchmarks/bench_engine.py on this 2-core machine, 2026-11-29:
#: 9-10 million person-months/s at 1,000,000 persons, 6-10 at 100,000; a tiny sweep run takes
#: 0.04 s): deliberately the slow end, so an estimate errs long
RUN_SECONDS = 0.5
MONTH_SECONDS = 0.002
PERSON_MONTHS_PER_SECOND = 6_000_000
#: disk a run's results need per person: persons.parquet and events.parquet, compressed
DISK_PER_PERSON = 400
DISK_PER_PERSON_MONTH = 4


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
            f"{where}: the results need about {_size(need_bytes)}, {ancestor} has {_size(free)}"
            " free; free some space or choose another folder"
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


def _size(n: float) -> str:
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} PB"  # pragma: no cover


def run_bytes(persons: int, months: int) -> int:
    """A generous estimate of a run's results on disk."""
    return persons * (DISK_PER_PERSON + DISK_PER_PERSON_MONTH * months)


def available_memory() -> int | None:
    """MemAvailable of /proc/meminfo, in bytes (None where there is no such file)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_memory(persons: int, where: str, runs_at_once: int = 1) -> None:
    """Refuse a population that cannot fit in this machine's memory."""
    need = runs_at_once * (BASE_MEMORY + persons * MEMORY_PER_PERSON)
    have = available_memory()
    if have is not None and need > have:
        at_once = f" ({runs_at_once} runs at once)" if runs_at_once > 1 else ""
        raise LifecourseError(
            f"{where}: {persons:,} persons need about {_size(need)} of memory{at_once}, this"
            f" machine has {_size(have)} available; allowed here: about"
            f" {max(0, (have // runs_at_once - BASE_MEMORY) // MEMORY_PER_PERSON):,} persons"
        )


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


def run_seconds(persons: int, months: int) -> float:
    """A run's estimated seconds on one core (see RUN_SECONDS and the constants above)."""
    return RUN_SECONDS + months * (MONTH_SECONDS + persons / PERSON_MONTHS_PER_SECOND)


def check_time(runs: int, persons: int, months: int, workers: int, limit_hours: float) -> float:
    """The estimated hours of ``runs`` runs on ``workers`` processes; refuse a design above
    ``limit_hours`` (the ``--max-hours`` flag raises it)."""
    hours = runs * run_seconds(persons, months) / max(workers, 1) / 3600
    if hours > limit_hours:
        raise LifecourseError(
            f"--max-hours: {runs:,} runs of {persons:,} persons x {months} months need about"
            f" {hours:,.1f} hours on {workers} worker(s); allowed: up to {limit_hours:g}"
            " (raise --max-hours to run it anyway)"
        )
    return hours
