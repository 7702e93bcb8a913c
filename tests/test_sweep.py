"""Sweeps: designs, executors (serial, process pool, Dask), resume, Sobol, bad files."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest

from simulation.executors import executor_for
from simulation.model import LifeCourseModel
from simulation.sensitivity import sobol_indices
from simulation.sweep import SweepError, load_sweep
from simulation.sweeprun import run_sweep

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"


def sweep_file(folder: Path, body: str, name: str = "sweep.yaml") -> Path:
    path = folder / name
    path.write_text(f"scenario: {BASE}\n{body}")
    return path


SMALL = """design: {method: grid}
vary:
  labour.job_finding.low: [0.10, 0.20]
  labour.chain_limit_permanent: [0.3, 0.7]
seeds: 2
keep: [employment_rate, bijstand_share, employment_rate@sex=female]
persons: 600
years: 1
"""


def test_designs_give_the_points_they_promise(tmp_path):
    grid = load_sweep(sweep_file(tmp_path, SMALL))
    assert grid.points.shape == (4, 2) and len(grid.runs()) == 8
    assert {r["seed"] for r in grid.runs()} == {20200101, 20200102}
    spaced = load_sweep(
        sweep_file(tmp_path, SMALL.replace("{method: grid}", "{method: grid, levels: 5}"))
    )
    assert spaced.points.shape == (25, 2)
    assert sorted(set(spaced.points[:, 0])) == pytest.approx(np.linspace(0.10, 0.20, 5))
    for method, n in (("random", 7), ("lhs", 7), ("sobol", 8)):
        design = load_sweep(
            sweep_file(
                tmp_path, SMALL.replace("{method: grid}", f"{{method: {method}, samples: {n}}}")
            )
        )
        points = design.points
        assert points.shape == ((n * 4, 2) if method == "sobol" else (n, 2))
        assert points[:, 0].min() >= 0.10 and points[:, 0].max() <= 0.20


def test_serial_process_pool_and_dask_give_identical_results(tmp_path):
    sweep = load_sweep(sweep_file(tmp_path, SMALL))
    serial = run_sweep(sweep, tmp_path / "serial").results
    with executor_for(workers=2) as pool:
        pooled = run_sweep(sweep, tmp_path / "pool", pool).results
    with executor_for(dask="local:2") as dask:
        clustered = run_sweep(sweep, tmp_path / "dask", dask).results
    keep = ["run_id", "seed", "employment_rate", "bijstand_share", "employment_rate@sex=female"]
    assert len(serial) == 8 and serial.run_id.is_unique
    pd.testing.assert_frame_equal(serial[keep], pooled[keep])
    pd.testing.assert_frame_equal(serial[keep], clustered[keep])
    # the varied parameter matters: more job finding for the low educated, more employment
    by_value = serial.groupby("labour.job_finding.low")["employment_rate"].mean()
    assert by_value[0.20] > by_value[0.10]


def test_a_killed_sweep_resumes_without_redoing_or_duplicating(tmp_path):
    body = SMALL.replace("persons: 600", "persons: 4000").replace("years: 1", "years: 2")
    path = sweep_file(tmp_path, body)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "simulation.cli", "sweep", str(path), "--workers", "1",
           "--out", str(out), "--quiet"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "runs").glob("*.parquet"))) < 2:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in (out / "runs").glob("*.parquet")}
    assert 2 <= len(finished) < 8
    result = subprocess.run(
        [*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    files = list((out / "runs").glob("*.parquet"))
    assert len(files) == 8
    for name, mtime in finished.items():
        assert (out / "runs" / name).stat().st_mtime_ns == mtime  # not redone
    results = pd.read_parquet(out / "results.parquet")
    assert len(results) == 8 and results.run_id.is_unique
    assert (out / "figures" / "employment_rate.png").exists()


def test_sobol_indices_of_the_ishigami_function():
    """Known indices: S1 = 0.314, 0.442, 0 and ST = 0.558, 0.442, 0.244."""
    from SALib.sample import sobol
    from SALib.test_functions import Ishigami

    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    x = sobol.sample(problem, 2048, calc_second_order=False, seed=3)
    table = sobol_indices(problem, {"y": Ishigami.evaluate(x)}, seed=3).set_index("parameter")
    for name, s1, st in (("x1", 0.314, 0.558), ("x2", 0.442, 0.442), ("x3", 0.0, 0.244)):
        assert abs(table.loc[name, "S1"] - s1) < max(0.05, table.loc[name, "S1_conf"])
        assert abs(table.loc[name, "ST"] - st) < max(0.05, table.loc[name, "ST_conf"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ([("labour.job_finding.low", "labour.job_findng.low")], "unknown parameter"),
        ([("[0.10, 0.20]", "[]")], "empty range"),
        (
            [("{method: grid}", "{method: lhs, samples: 4}"), ("[0.10, 0.20]", "[0.1, 0.15, 0.2]")],
            "got 3 values",
        ),
        (
            [("{method: grid}", "{method: random, samples: 3}"), ("[0.3, 0.7]", "[0.7, 0.3]")],
            "is not below upper",
        ),
        (
            [("employment_rate, bijstand", "employment_rte, bijstand")],
            "did you mean 'employment_rate'",
        ),
        ([("seeds: 2", "seed: 2")], "unknown key 'seed'"),
        ([("[0.10, 0.20]", "[0.10, 1.5]")], "allowed: 0 to 1"),
        ([("{method: grid}", "{method: halton}")], "design.method"),
        # the first range would silently be dropped
        (
            [
                (
                    "  labour.chain_limit_permanent: [0.3, 0.7]",
                    "  labour.chain_limit_permanent: [0.3,"
                    " 0.7]\n  labour.job_finding.low: [0.1, 0.3]",
                )
            ],
            "duplicate key 'labour.job_finding.low'",
        ),
        (
            [("employment_rate, bijstand_share", "employment_rate, employment_rate")],
            "'employment_rate' is listed twice",
        ),
        # sizes are checked before the design is drawn: no MemoryError after starting
        ([("{method: grid}", "{method: sobol, samples: 1000000}")], "4,000,000 points"),
        ([("{method: grid}", "{method: grid, levels: 1000}")], "allowed: up to 100,000"),
        ([("years: 1", "years: 0.01")], "years"),
        ([("persons: 600", "persons: 10000000000000")], "persons"),
        ([("[0.10, 0.20]", "[.nan, 0.20]")], "vary"),
    ],
)
def test_bad_sweep_files_fail_before_any_run(tmp_path, changes, message):
    body = SMALL
    for old, new in changes:
        body = body.replace(old, new)
    path = sweep_file(tmp_path, body)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "simulation.cli", "sweep", str(path), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    with pytest.raises(SweepError):
        load_sweep(path)


def test_a_sweep_estimated_beyond_its_time_limit_is_refused_before_any_run(tmp_path):
    """A design's time is estimated from its runs, persons and months before the first run;
    above --max-hours it is a one-line error naming the flag, and nothing is written."""
    path = sweep_file(tmp_path, SMALL.replace("persons: 600", "persons: 2000000"))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "simulation.cli", "sweep", str(path), "--out", str(out),
         "--workers", "1", "--max-hours", "0.01"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "--max-hours" in result.stderr and "8 runs of 2,000,000 persons x 12 months" in (
        result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_too_few_sobol_samples_are_flagged():
    """Estimates with a first-order index above the total one, or intervals wider than the
    index, get one warning line; stable estimates none."""
    from simulation.sensitivity import sobol_warnings

    stable = pd.DataFrame(
        {"indicator": ["y", "y"], "parameter": ["a", "b"], "S1": [0.5, 0.2],
         "S1_conf": [0.05, 0.03], "ST": [0.6, 0.25], "ST_conf": [0.05, 0.04]}
    )  # fmt: skip
    assert sobol_warnings(stable, 1024) == []
    noisy = stable.assign(S1=[0.5, 0.2], ST=[0.45, 0.25], S1_conf=[0.05, 0.4])
    (warning,) = sobol_warnings(noisy, 8)
    assert "2 of 2 first-order indices exceed" not in warning
    assert "1 of 2 first-order indices exceed their total index" in warning
    assert "1 of 2 have an interval wider" in warning and "8 Sobol base samples" in warning


def test_mesa_batch_run_varies_parameters():
    results = mesa.batch_run(
        LifeCourseModel,
        parameters={
            "persons": 800,
            "years": 1,
            "parameters": [{"labour.job_finding.low": 0.05}, {"labour.job_finding.low": 0.3}],
        },
        rng=[1],
        max_steps=12,
        number_processes=1,
        display_progress=False,
    )
    assert len(results) == 2
    low, high = sorted(results, key=lambda r: r["parameters"]["labour.job_finding.low"])
    assert high["employment_rate_low"] > low["employment_rate_low"]
