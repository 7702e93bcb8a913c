"""A run's kernels split their rows over threads (``lifecourse run --threads N``); the results
are the same for any number of threads, file for file."""

import filecmp
from pathlib import Path

import numpy as np
import pytest
from helpers import one_line_error

from simulation import executors
from simulation.cli import main
from simulation.model import LifeCourseModel

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
