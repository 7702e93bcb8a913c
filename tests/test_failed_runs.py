"""A failed run is reported, not fatal unless asked (``--fail-fast``), on every multi-run
command: a comparison leaves the failed run's replication out of every scenario, validation
measures a case over its other runs, and calibration scores a point with a failed run as the
worst; each writes the failures beside its results."""

import json
import math
from contextlib import nullcontext
from pathlib import Path

import pandas as pd
import pytest

from simulation import calibration, experiment
from simulation.calibration import calibrate, find_case, synthetic
from simulation.cli import main
from simulation.executors import executor_for, in_order
from simulation.experiment import compare
from simulation.scenario import load_scenario
from simulation.validation import framework

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"
ALTERNATIVE = ROOT / "scenarios" / "case_management_45plus.yaml"


@pytest.mark.parametrize("where", ["in this process", "on a pool"])
def test_a_failed_task_is_reported_and_the_others_go_on(where):
    with executor_for(workers=2) if where == "on a pool" else nullcontext() as executor:
        failures: list[tuple[int, str]] = []
        tasks = [(4.0,), (-1.0,), (9.0,)]
        assert in_order(executor, math.sqrt, tasks, failures=failures) == [2.0, None, 3.0]
        assert failures == [(1, "ValueError: math domain error")]
        with pytest.raises(ValueError, match="math domain error"):  # fail fast without a list
            in_order(executor, math.sqrt, tasks)


@pytest.fixture
def flaky_alternative(monkeypatch):
    """run_once failing for the alternative's second replication."""
    real = experiment.run_once
    base = load_scenario(BASE).name

    def flaky(spec, replication, *rest):
        if replication == 1 and spec.name != base:
            raise RuntimeError("worker lost")
        return real(spec, replication, *rest)

    monkeypatch.setattr(experiment, "run_once", flaky)
    return load_scenario(ALTERNATIVE).name


def test_a_comparison_leaves_a_failed_runs_replication_out_of_every_scenario(
    flaky_alternative,
):
    base = load_scenario(BASE)
    result = compare([BASE, ALTERNATIVE], replications=3, persons=1_000, years=1)
    assert result.failed == [
        {"scenario": flaky_alternative, "replication": 1, "seed": base.seed + 1,
         "error": "RuntimeError: worker lost"}
    ]  # fmt: skip
    kept = sorted((r.scenario, r.replication) for r in result.runs)
    assert kept == sorted((s, r) for s in (base.name, flaky_alternative) for r in (0, 2))
    assert result.table["difference"].notna().any()
    with pytest.raises(RuntimeError, match="worker lost"):
        compare([BASE, ALTERNATIVE], replications=3, persons=1_000, years=1, fail_fast=True)


def test_compare_warns_and_writes_the_failed_runs(flaky_alternative, tmp_path, capsys):
    out = tmp_path / "cmp"
    code = main(["compare", str(BASE), str(ALTERNATIVE), "--replications", "3", "--persons",
                 "1000", "--years", "1", "--workers", "1", "--out", str(out),
                 "--quiet"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert f"warning: {flaky_alternative} replication 1" in err and "worker lost" in err
    (failure,) = json.loads((out / "failed.json").read_text())
    assert failure["replication"] == 1 and failure["scenario"] == flaky_alternative
    runs = pd.read_csv(out / "runs.csv")
    assert sorted(runs["replication"].unique()) == [0, 2]


def test_validation_measures_a_case_over_its_runs_that_succeeded(monkeypatch, tmp_path, capsys):
    real = framework.case_run

    def flaky(case, replication, persons, parameters):
        if replication == 1:
            raise RuntimeError("node down")
        return real(case, replication, persons, parameters)

    monkeypatch.setattr(framework, "case_run", flaky)
    out = tmp_path / "v"
    code = main(["validate", "--case", "jobcoaching", "--replications", "2", "--out", str(out),
                 "--quiet"])  # fmt: skip
    err = capsys.readouterr().err
    assert code in (0, 1)  # 1: a target missed; the table is written either way
    assert "warning: case jobcoaching replication 1 failed: RuntimeError: node down" in err
    assert json.loads((out / "failed.json").read_text()) == [
        {"case": "jobcoaching", "replication": 1, "error": "RuntimeError: node down"}
    ]
    # each target measured on replication 0 alone: no interval from one run
    table = pd.read_csv(out / "validation.csv")
    (measured,) = framework.run_cases([find_case("jobcoaching")], replications=1)
    assert table["simulated"].tolist() == [r.mean for r in measured]
    assert table["ci_low"].isna().all()
    with pytest.raises(RuntimeError, match="node down"):
        main(["validate", "--case", "jobcoaching", "--replications", "2", "--out",
              str(tmp_path / "w"), "--quiet", "--fail-fast"])  # fmt: skip


def test_calibration_scores_a_point_with_a_failed_run_as_the_worst(monkeypatch):
    """The measure is the free parameter itself; runs below 0.5 fail. The target (0.45) lies
    among the failing points, so the fit ends at the lowest point that runs."""
    path = "interventions.jobcoaching.trial_to_job"

    def measure(case, replication, persons, parameters):
        if parameters[path] < 0.5:
            raise RuntimeError("diverged")
        return {"A9.4": parameters[path]}

    monkeypatch.setattr(calibration, "case_run", measure)
    case = find_case("jobcoaching")
    target = synthetic(case.targets[0], 0.45, 0.01)
    fit = calibrate(case, {path: (0.3, 0.95)}, {"A9.4": target}, 1, max_evaluations=25)
    assert fit.failed and all(error == "RuntimeError: diverged" for _, error in fit.failed)
    assert 0.5 <= fit.values[path] < 0.55 and math.isfinite(fit.objective)
    with pytest.raises(RuntimeError, match="diverged"):
        calibrate(case, {path: (0.3, 0.95)}, {"A9.4": target}, 1, 25, fail_fast=True)
    # with lookahead: the same fit, the same failures at the same evaluations
    ahead = calibrate(case, {path: (0.3, 0.95)}, {"A9.4": target}, 1, 25, lookahead=True)
    assert (ahead.values, ahead.objective, ahead.failed) == (fit.values, fit.objective, fit.failed)
    with pytest.raises(RuntimeError, match="diverged"):
        calibrate(case, {path: (0.3, 0.95)}, {"A9.4": target}, 1, 25, fail_fast=True,
                  lookahead=True)  # fmt: skip


def test_a_lookahead_candidate_the_search_never_reads_may_fail(monkeypatch):
    """calibrate --lookahead runs candidates a step may not need: a failure there is not the
    search's, so neither --fail-fast nor the list of failed points sees it, and the fit is the
    one found a point at a time."""
    path = "interventions.jobcoaching.trial_to_job"
    read: set[float] = set()

    def measure(case, replication, persons, parameters):
        if recording:
            read.add(parameters[path])
        elif parameters[path] not in read:
            raise RuntimeError("an unneeded candidate failed")
        return {"A9.4": parameters[path]}

    monkeypatch.setattr(calibration, "case_run", measure)
    case = find_case("jobcoaching")
    target = {"A9.4": synthetic(case.targets[0], 0.45, 0.01)}
    free = {path: (0.3, 0.95)}
    recording = True
    one = calibrate(case, free, target, 1, max_evaluations=15)
    recording = False
    for fail_fast in (False, True):
        ahead = calibrate(case, free, target, 1, 15, fail_fast=fail_fast, lookahead=True)
        assert ahead.values == one.values and ahead.objective == one.objective
        assert ahead.evaluations == one.evaluations == len(read) and ahead.failed == []


def test_a_decomposition_splits_over_the_re_runs_that_succeeded(monkeypatch, tmp_path, capsys):
    from simulation import teaching

    real = teaching.rerun_outcomes
    spec = load_scenario(ROOT / "scenarios" / "classroom.yaml")

    def flaky(spec, persons, years, seed, origin):
        if seed == spec.seed + 1001:  # the second re-run
            raise RuntimeError("worker lost")
        return real(spec, persons, years, seed, origin)

    monkeypatch.setattr(teaching, "rerun_outcomes", flaky)
    failed: list[tuple[int, str]] = []
    shares = teaching.decompose(spec, "lifetime_income", 3, 300, 5, failed=failed)
    assert failed == [(1, "RuntimeError: worker lost")]
    assert math.isclose(shares["origin"] + shares["chance"], 1.0)
    code = main(["decompose", str(ROOT / "scenarios" / "classroom.yaml"), "--reruns", "3",
                 "--persons", "300", "--years", "5", "--out", str(tmp_path),
                 "--quiet"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0 and "warning: re-run 1 failed: RuntimeError: worker lost" in captured.err
    assert "2 re-runs of the same 300 origins" in captured.out
