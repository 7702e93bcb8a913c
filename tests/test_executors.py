"""One executor layer for every multi-run command: ``compare``, ``validate``, ``calibrate``,
``decompose`` and ``twins`` give the same numbers in this process, on a local process pool and
on a local Dask cluster, as ``sweep`` does (tests/test_sweep.py)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import one_line_error

from simulation.calibration import calibrate, find_case, synthetic
from simulation.cli import main
from simulation.executors import executor_for
from simulation.experiment import compare
from simulation.population import SCHEMA
from simulation.scenario import load_scenario
from simulation.teaching import OUTCOMES, decompose_all, twins
from simulation.validation import run_cases

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"
ALTERNATIVE = ROOT / "scenarios" / "case_management_45plus.yaml"


@pytest.fixture(scope="module")
def executors():
    """In this process, two local processes, and a local Dask cluster of two workers."""
    with executor_for(workers=2) as pool, executor_for(dask="local:2") as dask:
        yield {"serial": None, "pool": pool, "dask": dask}


def test_a_comparison_is_the_same_on_every_executor(executors):
    tables = {
        name: compare(
            [BASE, ALTERNATIVE], replications=2, persons=2_000, years=1, executor=executor
        ).table
        for name, executor in executors.items()
    }
    assert len(tables["serial"]) > 10
    pd.testing.assert_frame_equal(tables["serial"], tables["pool"], check_exact=True)
    pd.testing.assert_frame_equal(tables["serial"], tables["dask"], check_exact=True)


def test_validation_cases_are_the_same_on_every_executor(executors):
    cases = [find_case("jobcoaching"), find_case("almere")]
    measured = {
        name: run_cases(cases, replications=2, executor=executor)
        for name, executor in executors.items()
    }
    values = {
        name: [(r.case, r.target.id, r.values, r.variants) for case in every for r in case]
        for name, every in measured.items()
    }
    assert len(values["serial"]) == sum(len(c.targets) for c in cases)
    assert values["serial"] == values["pool"] == values["dask"]
    assert all(len(v) == 2 for _, _, v, _ in values["serial"])  # two replications each


def test_a_calibration_is_the_same_on_every_executor(executors):
    case = find_case("jobcoaching")
    target = synthetic(case.targets[0], 0.7, 0.002)
    fits = {
        name: calibrate(
            case,
            {"interventions.jobcoaching.trial_to_job": (0.3, 0.95)},
            {"A9.4": target},
            replications=2,
            max_evaluations=6,
            persons=3_000,
            executor=executor,
        )
        for name, executor in executors.items()
    }
    serial = fits["serial"]
    assert serial.evaluations > 2  # Nelder-Mead went past its starting simplex (two points)
    for fit in (fits["pool"], fits["dask"]):
        assert fit.values == serial.values and fit.objective == serial.objective
        assert fit.simulated == serial.simulated


def test_validate_takes_the_same_flags_as_sweep(tmp_path, capsys):
    tables = {}
    for flags in (["--workers", "1"], ["--workers", "2"], ["--dask", "local:2"]):
        out = tmp_path / flags[-1].replace(":", "")
        code = main(["validate", "--case", "jobcoaching", "--replications", "2", "--out",
                     str(out), "--quiet", *flags])  # fmt: skip
        assert code in (0, 1)  # 1: a target missed, the table is written either way
        tables[flags[-1]] = pd.read_csv(out / "validation.csv")
    capsys.readouterr()
    pd.testing.assert_frame_equal(tables["1"], tables["2"], check_exact=True)
    pd.testing.assert_frame_equal(tables["1"], tables["local:2"], check_exact=True)


def test_decompose_is_the_same_on_every_executor(executors):
    spec = load_scenario(ROOT / "scenarios" / "classroom.yaml")
    shares = {
        name: decompose_all(spec, reruns=3, persons=400, years=10, executor=executor)
        for name, executor in executors.items()
    }
    assert set(shares["serial"]) == set(OUTCOMES)
    assert shares["serial"] == shares["pool"] == shares["dask"]


def test_twins_live_the_same_lives_on_every_executor(executors):
    """lifecourse twins --workers 2 / --dask: the two lives, run side by side on the workers,
    are the lives run one after the other here: every column, the events and the gaps."""
    spec = load_scenario(ROOT / "scenarios" / "classroom.yaml")
    pairs = {
        name: twins(spec, "conduct_problems", persons=400, years=20, executor=executor)
        for name, executor in executors.items()
    }
    here = pairs["serial"]
    assert not here.gaps.empty
    for there in (pairs["pool"], pairs["dask"]):
        for mine, theirs in ((here.without, there.without), (here.with_event, there.with_event)):
            for name in SCHEMA:
                assert np.array_equal(getattr(mine.pop, name), getattr(theirs.pop, name)), name
            for a, b in zip(mine.log.arrays(), theirs.log.arrays(), strict=True):
                assert np.array_equal(a, b)
        assert here.gaps.equals(there.gaps)


@pytest.mark.parametrize(
    "command",
    [["validate"], ["calibrate", "x.yaml"], ["compare", "a", "b"], ["decompose", "a"], ["twins"]],
)
def test_workers_and_dask_exclude_each_other_on_every_command(capsys, command):
    one_line_error(capsys, [*command, "--workers", "2", "--dask", "local:2"],
                   "--dask", "not allowed with argument --workers")  # fmt: skip


@pytest.fixture
def jobcoaching_fit(monkeypatch):
    """A small fit of two parameters on the jobcoaching case, and the sizes of the batches of
    runs it hands to the executor."""
    from simulation import calibration

    batches: list[int] = []
    real = calibration.in_order

    def counting(executor, function, tasks, progress=None, failures=None):
        batches.append(len(tasks))
        return real(executor, function, tasks, progress, failures)

    monkeypatch.setattr(calibration, "in_order", counting)
    case = find_case("jobcoaching")
    free = {"interventions.jobcoaching.trial_to_job": (0.3, 0.95),
            "interventions.jobcoaching.coach_fade.wajong": (0.01, 0.05)}  # fmt: skip
    target = {"A9.4": synthetic(case.targets[0], 0.7, 0.002)}

    def fit(most: int, lookahead: bool = False):
        batches.clear()
        return calibrate(case, free, target, 2, most, persons=500, lookahead=lookahead)

    return fit, batches


def test_a_calibration_hands_its_starting_simplex_to_the_executor_at_once(jobcoaching_fit):
    """Nelder-Mead's starting points do not depend on one another: all their runs go out in
    one batch (free parameters + 1 points x replications), then one point at a time."""
    fit, batches = jobcoaching_fit
    fit(6)
    assert batches[0] == 3 * 2 and set(batches[1:]) == {2}


def test_a_calibration_with_lookahead_is_the_same_fit_with_its_steps_side_by_side(
    jobcoaching_fit,
):
    """calibrate --lookahead: each Nelder-Mead step's four candidates go out in one batch
    (points x replications runs), and the search reads them in the order it would have asked
    for them, so the fit is the one found a point at a time."""
    fit, batches = jobcoaching_fit
    one = fit(12)
    runs = sum(batches)
    ahead = fit(12, lookahead=True)
    assert 4 * 2 in batches  # a step's four candidates, two runs each
    assert ahead.values == one.values and ahead.objective == one.objective
    assert ahead.simulated == one.simulated and ahead.evaluations == one.evaluations
    assert sum(batches) > runs  # the candidates a step did not need
