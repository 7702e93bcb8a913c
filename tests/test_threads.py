"""A run's kernels split their rows over threads (``lifecourse run --threads N``); the results
are the same for any number of threads, file for file."""

import filecmp
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import one_line_error

from simulation import executors
from simulation.cli import main
from simulation.model import LifeCourseModel
from simulation.rows import rows_where

BASE = Path(__file__).resolve().parent.parent / "scenarios" / "base.yaml"


@pytest.fixture
def small_ranges(monkeypatch):
    """Split even a small population's rows, so the test runs what a million rows run."""
    monkeypatch.setattr(executors, "MIN_ROWS_PER_THREAD", 500)
    monkeypatch.setattr(executors, "CHUNK_ROWS", 1000)
    yield
    executors.set_threads(1)


def test_the_households_incomes_are_the_same_on_one_thread_and_two(small_ranges):
    runs = {}
    for n in (1, 2):
        executors.set_threads(n)
        model = LifeCourseModel(persons=6_000, years=2, record_events=False)
        model.run()  # through two Januaries: every household and its part kept recomputed
        runs[n] = model
    one, two = runs[1].incomes, runs[2].incomes
    assert one.computed > 0
    for name in ("flows", "heads", "hash", "ages", "decile"):
        assert np.array_equal(getattr(one.out, name), getattr(two.out, name), equal_nan=True)
    assert runs[1].indicators == runs[2].indicators


def test_a_run_writes_the_same_files_with_one_thread_and_two(tmp_path, small_ranges):
    for n in ("1", "2"):
        code = main(["run", str(BASE), "--persons", "4000", "--years", "2", "--threads", n,
                     "--out", str(tmp_path / n), "--quiet"])  # fmt: skip
        assert code == 0
    files = sorted(p.name for p in (tmp_path / "1").iterdir() if p.name != "manifest.json")
    same, different, missing = filecmp.cmpfiles(tmp_path / "1", tmp_path / "2", files, False)
    assert different == [] and missing == [] and len(same) >= 5


def test_more_threads_than_cores_is_refused_by_the_flag(capsys):
    one_line_error(capsys, ["run", str(BASE), "--threads", "4096", "--dry-run"],
                   "--threads 4096", "allowed: 1 to")  # fmt: skip


@pytest.mark.parametrize("threads", [1, 2])
def test_rows_where_finds_the_rows_of_numpy(small_ranges, threads):
    """The rows where a mask is true, counted and written range by range at their offsets: the
    rows flatnonzero gives, whatever the density, the size and where the ranges meet."""
    executors.set_threads(threads)
    rng = np.random.default_rng(7)
    for size in (0, 1, 499, 500, 1_001, 20_003):
        for share in (0.0, 0.002, 0.13, 0.5, 1.0):
            mask = rng.random(size) < share
            assert np.array_equal(rows_where(mask), np.flatnonzero(mask)), (size, share)
    mask = np.zeros(20_003, bool)
    mask[[0, 2_499, 2_500, 2_501, 20_002]] = True  # at the ranges' edges (eight of 2,500 rows)
    assert np.array_equal(rows_where(mask), np.flatnonzero(mask))


def test_every_range_runs_once_and_the_results_keep_their_order(small_ranges):
    """in_parallel on two threads: RANGES_PER_THREAD ranges a thread, each taken by one
    thread (this one or the kernel thread), covering every row once, in the ranges' order;
    a range that fails stops the others from starting and is raised once those under way are
    done."""
    executors.set_threads(2)
    size = 20_000
    seen = np.zeros(size, np.int64)

    def mark(a: int, b: int) -> tuple[int, int]:
        seen[a:b] += 1
        return a, b

    parts = executors.in_parallel(mark, size)
    assert len(parts) == 2 * executors.RANGES_PER_THREAD
    assert parts[0][0] == 0 and parts[-1][1] == size
    assert all(parts[k][1] == parts[k + 1][0] for k in range(len(parts) - 1))
    assert (seen == 1).all()
    started, ended = [], []

    def failing(a: int, b: int) -> None:
        started.append(a)
        if a == 0:
            raise ValueError("range 0")
        time.sleep(0.01)  # the other thread is still in a range when range 0 fails
        ended.append(a)

    with pytest.raises(ValueError, match="range 0"):
        executors.in_parallel(failing, size)
    # every range begun has ended when the error comes, and none begins after a failure
    assert sorted(started) == sorted([0, *ended])
    assert len(started) < 2 * executors.RANGES_PER_THREAD
