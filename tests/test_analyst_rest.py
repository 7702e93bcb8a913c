"""Issue 18, the analyst's remaining points: calibration writes scenario overrides, an
interrupted sweep says what it kept, decompose shows progress."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import yaml

from simulation.cli import main

ROOT = Path(__file__).resolve().parent.parent


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_calibrate_output_is_a_scenario_override(tmp_path, monkeypatch):
    from simulation import calibration
    from simulation.scenario import load_scenario

    fit = calibration.Fit({"labour.flex_to_permanent": 0.0123}, 0.5, 2, {}, {})
    monkeypatch.setattr(calibration, "run_calibration", lambda path, **_: fit)
    first = sorted((ROOT / "scenarios" / "validation" / "calibration").glob("*.yaml"))[0]
    out = tmp_path / "fit.yaml"
    code, printed, _ = cli("calibrate", str(first), "--out", str(out))
    assert code == 0
    assert "simulation/parameters" not in printed + out.read_text()
    assert "`parameters:` section" in printed
    # the entries, under a scenario's parameters, are what that scenario runs with
    scenario = tmp_path / "calibrated.yaml"
    entries = yaml.safe_load(out.read_text())
    base = (ROOT / "scenarios" / "base.yaml").as_posix()
    scenario.write_text(yaml.safe_dump({"extends": base, "parameters": entries}))
    params = load_scenario(scenario).resolved_parameters()
    assert params["labour.flex_to_permanent"] == 0.0123


def test_a_sweep_interrupted_outside_a_run_says_what_it_kept(tmp_path, monkeypatch):
    from simulation import sweeprun

    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(
        f"scenario: {(ROOT / 'scenarios' / 'base.yaml').as_posix()}\n"
        "design: {method: grid, levels: 3}\nvary:\n  labour.job_finding.low: [0.05, 0.30]\n"
        "seeds: 1\nkeep: [employment_rate]\npersons: 50\nyears: 0.0834\n"
    )
    real = sweeprun.run_sweep

    def second_ctrl_c(sweep, out, executor=None, **kwargs):
        def progress(step, total, seen=[0]):  # noqa: B006 - a counter across calls
            seen[0] += step
            if seen[0] >= 2:
                raise KeyboardInterrupt

        try:
            real(sweep, out, None, progress=progress)
        except sweeprun.SweepStoppedError:
            raise KeyboardInterrupt from None  # a second Ctrl-C while the workers stop

    monkeypatch.setattr(sweeprun, "run_sweep", second_ctrl_c)
    out = tmp_path / "out"
    code, _, err = cli("sweep", str(sweep), "--out", str(out), "--workers", "1", "--quiet")
    assert code == 130
    assert "nothing was written" not in err
    assert "2 of 3 runs kept" in err and "--resume" in err
    monkeypatch.setattr(sweeprun, "run_sweep", real)
    code, _, err = cli("sweep", str(sweep), "--out", str(out), "--resume", "--quiet")
    assert code == 0, err


def test_decompose_shows_progress_unless_quiet(tmp_path):
    base = str(ROOT / "scenarios" / "base.yaml")
    small = ["--reruns", "2", "--persons", "60", "--years", "0.5", "--out", str(tmp_path)]
    code, printed, err = cli("decompose", base, *small)
    assert code == 0, err
    assert "2/2" in err and "lifetime_income: origin" in printed
    code, _, err = cli("decompose", base, *small, "--quiet")
    assert code == 0 and "2/2" not in err
