"""The estimate of a run before it starts (``lifecourse run --dry-run``) and the memory check
every run makes with it: the estimate covers what a run really grows to, and a run that cannot
fit is refused with the population that would."""

from pathlib import Path

import numpy as np
from helpers import one_line_error

from simulation import preflight
from simulation.cli import main
from simulation.codes import LabourState
from simulation.estimate import estimate_run
from simulation.model import LifeCourseModel

BASE = Path(__file__).resolve().parent.parent / "scenarios" / "base.yaml"


def test_the_estimate_covers_the_rows_and_events_of_a_run_without_wild_excess():
    persons, years = 20_000, 3
    model = LifeCourseModel(persons=persons, years=years, record_events=True)
    rows_start = model.pop.size
    model.run()
    estimate = estimate_run(persons, years * 12, events=True)
    assert rows_start <= estimate.rows_start < 1.25 * rows_start
    assert model.pop.size <= estimate.rows_end < 1.25 * model.pop.size
    assert len(model.log) <= estimate.n_events < 1.3 * len(model.log)
    # the rows that stay behind are real: the past's dead and emigrants keep theirs
    assert np.count_nonzero(model.pop.labour_state >= LabourState.DEAD) > 0


def test_the_estimate_grows_with_what_the_run_keeps():
    short, long_ = estimate_run(100_000, 12), estimate_run(100_000, 600)
    assert long_.memory > short.memory and long_.seconds > short.seconds
    assert long_.disk > short.disk
    quiet = estimate_run(100_000, 240, events=False)
    assert quiet.n_events == 0 and quiet.memory < estimate_run(100_000, 240).memory
    assert estimate_run(100_000, 240, panel=True).disk > estimate_run(100_000, 240).disk


def test_a_dry_run_prints_the_estimate_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code = main(["run", str(BASE), "--dry-run", "--persons", "1000000", "--years", "30"])
    out = capsys.readouterr().out
    assert code == 0
    for needle in ("1,000,000 persons x 360 months", "memory: about", "time: about",
                   "disk: about", "nothing was run"):  # fmt: skip
        assert needle in out, out
    assert list(tmp_path.iterdir()) == []  # no outputs/ folder, no claim


def test_a_dry_run_refuses_what_the_run_would_refuse(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "something").write_text("x")
    one_line_error(capsys, ["run", str(BASE), "--dry-run", "--out", str(taken)],
                   "--out", "not empty")  # fmt: skip


def test_a_run_beyond_memory_names_the_population_that_fits(capsys, monkeypatch):
    have = 4_000_000_000
    monkeypatch.setattr(preflight, "available_memory", lambda: have)
    fits = {}
    for years in (1, 50):
        err = one_line_error(
            capsys,
            ["run", str(BASE), "--dry-run", "--persons", "20000000", "--years", str(years)],
            "--persons", "need about", "available", "allowed here",
        )  # fmt: skip
        fits[years] = int(err.split("allowed here: about ")[1].split()[0].replace(",", ""))
        months = years * 12
        assert estimate_run(fits[years], months).memory <= have
        assert have < estimate_run(fits[years] + 1_000, months).memory
    # a longer horizon keeps more rows and events: fewer persons fit
    assert fits[50] < fits[1] / 2
