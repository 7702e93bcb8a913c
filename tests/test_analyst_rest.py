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
    monkeypatch.setattr(calibration, "run_calibration", lambda path, progress=None: fit)
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
