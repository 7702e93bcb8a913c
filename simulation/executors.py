"""Where the work goes: the runs of a multi-run command (one executor layer for ``sweep``,
``compare``, ``validate``, ``calibrate`` and ``decompose``), and the rows of one run's kernels
(threads, ``lifecourse run --threads``).

``--workers N`` runs them in N local processes (forkserver: forking a process that already runs
threads, numba's or tqdm's, can deadlock), ``--dask ADDRESS`` on an existing Dask cluster (one
started with ``dask_jobqueue`` on a Slurm cluster, say) and ``--dask local:N`` on a Dask cluster
of N local workers. Each run is a pure function of its scenario, seed and parameters, and
:func:`in_order` returns the results in the order of the tasks whatever order they finish in,
so the numbers are the same on every executor (tests/test_executors.py).

Within a run, :func:`in_parallel` hands contiguous ranges of rows to a few threads (the compiled
kernels release the GIL) and returns their results in the ranges' order, and :func:`in_chunks`
does so over chunks of a fixed size for kernels that sum in floating point: a run's files are
the same for any number of threads (tests/test_threads.py). Runs on a pool's or Dask's workers
use one thread each (:func:`one_thread`).
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

import numpy as np

from simulation.arguments import DASK_TIMEOUT, MAX_LOCAL_WORKERS
from simulation.errors import LifecourseError
from simulation.lifeline import pool_worker


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now (a run in flight cannot be cancelled otherwise)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def executor_for(
    workers: int | None = None, dask: str | None = None, timeout: float = DASK_TIMEOUT
) -> Iterator[Executor]:
    """A process pool (default), an existing Dask cluster (``tcp://…``) or a local one
    (``local:N``). Pool workers end with this process however it ends; on an exception (an
    interrupt) they are killed at once."""
    if dask is None:
        context = multiprocessing.get_context("forkserver")
        pool = ProcessPoolExecutor(
            max_workers=workers or os.cpu_count(), mp_context=context,
            initializer=pool_worker, initargs=(os.getpid(),),
        )  # fmt: skip
        try:
            yield pool
        except BaseException:
            stop_pool(pool)
            raise
        pool.shutdown(wait=True, cancel_futures=True)
        return
    try:
        import dask as dask_module
        from distributed import Client, LocalCluster
    except ImportError:
        raise LifecourseError(
            "--dask needs Dask: install the cluster extra, pip install -e '.[cluster]'"
        ) from None
    # the nanny's MALLOC_TRIM_THRESHOLD_ slows numpy down 1.6-2x here (RECIPES.md); Dask's
    # warnings while an interrupted sweep cancels its tasks would bury the one-line message
    settings = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                "distributed.nanny.pre-spawn-environ.DASK_LOGGING__DISTRIBUTED": "error",
                "logging.distributed": "error"}  # fmt: skip
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with dask_module.config.set(settings):
        if dask.startswith("local:"):
            n = _local_workers(dask)
            cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, dashboard_address=None, host="127.0.0.1"
            )
            with cluster, Client(cluster) as client:
                yield client.get_executor()
            return
        try:
            client = Client(dask, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise LifecourseError(
                f"--dask {dask}: no Dask scheduler answered within {timeout:g} s ({reason})"
            ) from None
        with client:
            yield client.get_executor()


def _local_workers(dask: str) -> int:
    try:
        n = int(dask.removeprefix("local:"))
    except ValueError:
        raise LifecourseError(f"--dask {dask}: write local:N with N workers") from None
    if not 1 <= n <= MAX_LOCAL_WORKERS:
        raise LifecourseError(
            f"--dask {dask}: {n} workers; allowed: local:1 to local:{MAX_LOCAL_WORKERS}"
        )
    return n


@contextmanager
def executor_or_none(
    workers: int | None, dask: str | None, timeout: float = DASK_TIMEOUT
) -> Iterator[Executor | None]:
    """:func:`executor_for`, or none (the runs in this process, no pool to start) for one
    local worker, whose runs then use every core's thread (a pool's or Dask's workers use one
    each, :func:`one_thread`: the two never contend for the cores)."""
    if dask is None and (workers or 1) == 1:
        set_threads(None)
        yield None
        return
    with executor_for(workers, dask, timeout) as executor:
        yield executor


#: the threads a run's kernels split their rows over (set_threads); one until asked
_threads = 1
_pool: ThreadPoolExecutor | None = None


def set_threads(threads: int | None, flag: str = "--threads") -> int:
    """The threads of this process's kernels (None: one per core); the number set. More than
    the cores is a one-line error naming ``flag``."""
    global _threads, _pool
    most = os.cpu_count() or 1
    if threads is not None and not 1 <= threads <= most:
        raise LifecourseError(f"{flag} {threads}: allowed: 1 to {most} on this machine")
    _threads = threads or most
    if _pool is not None and _pool._max_workers != _helpers():
        _pool.shutdown()
        _pool = None
    return _threads


def _helpers() -> int:
    """Kernel threads beside the calling one, which takes ranges too (over_ranges)."""
    return max(_threads - 1, 1)


def _kernel_threads() -> ThreadPoolExecutor:
    """The threads the kernels' ranges run on beside the calling one, started when first
    needed."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=_helpers(), thread_name_prefix="kernel")
    return _pool


#: rows below which a kernel's range is not split: handing a range to a thread costs more
MIN_ROWS_PER_THREAD = 65_536

#: ranges per thread: a kernel's work is uneven over the rows (the newborns and immigrants
#: at the end, the households with a changed member), so a thread that finishes early takes
#: the next range (the income update at 1,000,000 persons: 131 ms on two threads with one
#: range each, 92 with four, 170 on one thread)
RANGES_PER_THREAD = 4


def joined(parts: list[Any]) -> Any:
    """The arrays (or tuples of arrays) of kernels' ranges (in_parallel), joined in the
    ranges' order: the rows of contiguous ranges in order are the rows one pass over all would
    give."""
    if len(parts) == 1:
        return parts[0]
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    return np.concatenate(parts)


#: rows of a chunk whose sums a kernel keeps apart (in_chunks): fixed, so a sum over chunks
#: is the same whatever the threads
CHUNK_ROWS = 262_144


def in_chunks(kernel: Callable[[int, int], Any], size: int) -> list[Any]:
    """``kernel(start, stop)`` over rows 0 to ``size`` in chunks of CHUNK_ROWS, side by side on
    the threads; their results in the order of the chunks. For kernels that sum in floating
    point: a chunk's sum does not depend on the threads, and adding the chunks in their order
    gives the same total for any number of threads (a split by threads would not)."""
    cuts = [*range(0, size, CHUNK_ROWS), size] if size else [0, 0]  # one chunk at least
    return over_ranges(kernel, cuts)


def in_parallel(kernel: Callable[[int, int], Any], size: int) -> list[Any]:
    """``kernel(start, stop)`` over rows 0 to ``size`` in contiguous ranges, RANGES_PER_THREAD
    for each thread, side by side (the compiled kernels release the GIL); their results in the
    order of the ranges. Fewer ranges for small tables (MIN_ROWS_PER_THREAD each); one range
    on one thread."""
    return over_ranges(kernel, row_ranges(size))


def row_ranges(size: int) -> list[int]:
    """Where :func:`in_parallel` cuts rows 0 to ``size``: the first row of each range, then
    ``size``."""
    n = 1 if _threads == 1 else min(_threads * RANGES_PER_THREAD, size // MIN_ROWS_PER_THREAD)
    n = max(n, 1)
    return [size * k // n for k in range(n + 1)]


def over_ranges(kernel: Callable[[int, int], Any], cuts: list[int]) -> list[Any]:
    """``kernel`` over the ranges between ``cuts`` (as :func:`row_ranges` gives them), on this
    thread and the kernel threads, each taking the next range when done with one; the results
    in the ranges' order. When a range fails, no thread starts another, every range under way
    ends, and then the error is raised (this thread's first)."""
    n = len(cuts) - 1
    if n == 1 or _threads == 1:
        return [kernel(a, b) for a, b in itertools.pairwise(cuts)]
    results: list[Any] = [None] * n
    # shared: each next() is atomic under the GIL, so each range is taken once (a free-threaded
    # Python would need a lock here)
    ranges = iter(range(n))
    failed = False

    def work() -> None:
        nonlocal failed
        for k in ranges:
            if failed:
                return
            try:
                results[k] = kernel(cuts[k], cuts[k + 1])
            except BaseException:
                failed = True
                raise

    # this thread works too, beside one task per other thread (not one per range: handing a
    # task to a thread costs some 25 microseconds, and a month calls this some 40 times)
    helpers = [_kernel_threads().submit(work) for _ in range(min(_threads, n) - 1)]
    try:
        work()
    finally:
        wait(helpers)  # every range done (or failed) before its arrays are read or an error
    for helper in helpers:
        helper.result()  # a kernel thread's error
    return results


def one_thread(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` with one numba thread: a pool's or Dask's workers already use the
    cores, one run each, and threads on top would only contend for them."""
    set_threads(1)
    return function(*args)


def in_order(
    executor: Executor | None,
    function: Callable[..., Any],
    tasks: Sequence[tuple[Any, ...]],
    progress: Callable[[int], None] | None = None,
    failures: list[tuple[int, str]] | None = None,
) -> list[Any]:
    """``function(*task)`` for every task, in this process without an executor; the results in
    the order of ``tasks``, with ``progress(1)`` after each. With ``failures`` (a list) a task
    that raises leaves None for its result and (its index, the error in one line) in the list,
    and the others go on; without it the first error stops them all (``--fail-fast``)."""
    if executor is None:
        futures = None
    else:
        futures = [executor.submit(one_thread, function, *task) for task in tasks]
    results = []
    for k, task in enumerate(tasks):
        try:
            results.append(function(*task) if futures is None else futures[k].result())
        except Exception as exc:
            if failures is None:
                raise
            results.append(None)
            failures.append((k, one_line(exc)))
        if progress:
            progress(1)
    return results


def one_line(exc: BaseException) -> str:
    """An error as one line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__
