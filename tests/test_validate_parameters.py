"""``lifecourse validate --parameters FILE``: the cases run with a file of parameter overrides as
``lifecourse calibrate`` writes it, every value with its source; a bad file is refused in one
line (flag, file, key, what is allowed), exit 2, before any output or run."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd
import pytest
from helpers import one_line_error

from simulation.cli import main

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION = ROOT / "scenarios" / "validation" / "calibration" / "almere.yaml"
#: the Almere case's fitted effect of case management on job finding (A10.4)
FACTOR = "interventions.case_management.job_finding_factor"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_validate_runs_the_cases_with_a_calibrated_file_and_its_sources(tmp_path, monkeypatch):
    from simulation import calibration
    from simulation.validation import framework

    # the file as calibrate writes it: case management that does not help find work
    fit = calibration.Fit({FACTOR: 1.0}, 0.5, 2, {}, {})
    monkeypatch.setattr(calibration, "run_calibration", lambda path, **_: fit)
    written = tmp_path / "fit.yaml"
    assert cli("calibrate", str(CALIBRATION), "--out", str(written))[0] == 0
    assert f"lifecourse validate --parameters {written}" in written.read_text()

    seen = []

    class Spy(framework.LifeCourseModel):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            seen.append(self.params.entry(FACTOR))

    monkeypatch.setattr(framework, "LifeCourseModel", Spy)
    out = tmp_path / "validation"
    code, printed, _ = cli("validate", "--case", "almere", "--replications", "1",
                           "--parameters", str(written), "--out", str(out), "--quiet")  # fmt: skip
    # the models ran with the file's value and source, the table shows what it did
    assert len(seen) == 1
    assert seen[0].value == 1.0
    assert seen[0].source.startswith("calibrated to") and seen[0].derivation.startswith("fit:")
    table = pd.read_csv(out / "validation.csv").set_index("target")
    assert table.loc["A10.4_6", "simulated"] < 0.04  # the shipped fit gives about 0.07-0.08
    assert not table.loc["A10.4_6", "passed"] and code == 1
    # and the results say which overrides, with their sources, they were run with
    applied = pd.read_csv(out / "parameters.csv")
    assert applied.to_dict("records")[0] == {
        "parameter": FACTOR, "value": 1.0, "source": seen[0].source,
        "derivation": seen[0].derivation,
    }  # fmt: skip
    for text in (printed, (out / "validation.md").read_text()):
        assert f"Parameter overrides from {written}" in text and seen[0].source in text


def test_a_plain_value_gets_the_file_as_its_source(tmp_path):
    from simulation.calibration import find_case, load_parameter_file

    path = tmp_path / "plain.yaml"
    path.write_text(f"{FACTOR}: 1.5\nlabour.job_loss.flex: 0.01\n")
    overrides = load_parameter_file(path, [find_case("almere")])
    assert overrides[FACTOR] == {"value": 1.5, "source": f"parameter file {path}"}
    assert overrides["labour.job_loss.flex"]["value"] == 0.01


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        (None, ["no such parameter file"]),
        ("", ["empty"]),
        ("a: [1\n", ["malformed YAML"]),
        ("- 1\n- 2\n", ["a mapping of dotted parameter paths"]),
        (f"{FACTOR}: 1\n{FACTOR}: 2\n", ["duplicate key"]),
        ("interventions.case_management.job_findng_factor: 1.0\n",
         ["job_findng_factor: unknown parameter", f"did you mean '{FACTOR}'"]),
        (f"{FACTOR}: {{value: -2, source: x}}\n", [FACTOR, "= -2", "allowed: 0 to 100"]),
        ("labour.flex_to_permanent: {value: 1.5}\n", ["is a probability", "allowed: 0 to 1"]),
        ("labour.flex_to_permanent: abc\n", ["labour.flex_to_permanent", "expected a number"]),
        ("labour.job_loss: {flex: 0.01, agency: 0.1}\n",
         ["labour.job_loss", "a table with keys among"]),
        ("labour.flex_to_permanent: {value: 0.1, sorce: x}\n",
         ["unknown keys ['sorce']", "allowed: value, source, derivation"]),
        ("1: 0.5\n", ["key 1", "dotted parameter paths"]),
    ],
)  # fmt: skip
def test_a_bad_parameter_file_is_one_line_before_any_work(
    tmp_path, capsys, monkeypatch, text, needles
):
    from simulation import validation

    def no_run(*args, **kwargs):
        raise AssertionError("a case ran before the file was checked")

    monkeypatch.setattr(validation, "run_case", no_run)
    path = tmp_path / "fit.yaml"
    if text is not None:
        path.write_text(text)
    out = tmp_path / "validation"
    argv = ["validate", "--case", "almere", "--parameters", str(path), "--out", str(out)]
    one_line_error(capsys, argv, f"--parameters {path}", *needles)
    assert not out.exists()
