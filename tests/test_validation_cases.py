"""The validation cases as declared in YAML: every shipped case measures exactly its targets, and
a malformed ``validation:`` section is a one-line error naming the file and the field."""

import re
from pathlib import Path

import pandas as pd
import pytest

from simulation.errors import LifecourseError
from simulation.outputs import write_validation
from simulation.scenario import load_scenario
from simulation.validation import (
    CASES,
    FOLDER,
    MEASURES,
    load_cases,
    run_case,
    sensitivity,
    table,
)
from simulation.validation.framework import Registered

SCENARIO = """\
name: tiny
description: a few people for a month
population: {kind: cross_section, size: 50}
horizon: 0.1
outputs: [aggregates]
"""


def section(targets: str, measure: str = "fake") -> str:
    return f"validation:\n  tiny:\n    measure: {measure}\n    targets:\n{targets}"


ONE = """\
      - id: X1
        description: a made-up share
        published: 0.5
        tolerance: 0.1
        reason: a test
        role: held_out
"""


def folder_with(tmp_path: Path, scenario: str, files: str = "[tiny.yaml]") -> Path:
    (tmp_path / "cases.yaml").write_text(f"files: {files}\n")
    (tmp_path / "tiny.yaml").write_text(scenario)
    return tmp_path


@pytest.fixture
def fake(monkeypatch):
    """A measure 'fake' that returns what the test puts in ``fake.values``, without a run."""
    values: dict[str, float] = {"X1": 0.5}
    monkeypatch.setitem(MEASURES, "fake", Registered("fake", lambda model: dict(values)))
    return values


def one_line_error(folder: Path) -> str:
    with pytest.raises(LifecourseError) as caught:
        for case in load_cases(folder):
            run_case(case, replications=1)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_every_case_measures_exactly_its_declared_targets():
    """A small run of each shipped case: the measure returns every target the YAML declares and
    nothing else (the cases check both), one value per target and replication."""
    assert [c.name for c in CASES][:2] == ["almere", "jobcoaching"]  # the fast set leads
    for case in CASES:
        results = run_case(case, replications=1, persons=400)
        assert [r.target.id for r in results] == [t.id for t in case.targets]
        assert all(len(r.values) == 1 for r in results), case.name


def test_cases_come_from_the_files_listed_in_the_index():
    ids = [t.id for case in CASES for t in case.targets]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert case.scenario.parent == FOLDER
        load_scenario(case.scenario)  # the section does not disturb the scenario
    jobcoaching = [c for c in CASES if c.scenario.name == "jobcoaching.yaml"]
    assert [c.name for c in jobcoaching] == ["jobcoaching", "jobcoaching_careers"]


def test_a_well_formed_section_runs(tmp_path, fake):
    (case,) = load_cases(folder_with(tmp_path, SCENARIO + section(ONE)))
    (result,) = run_case(case, replications=1)
    assert result.target.id == "X1" and result.values == [0.5]


def test_published_may_be_a_fraction(tmp_path, fake):
    third = ONE.replace("published: 0.5", "published: 1/3")
    (case,) = load_cases(folder_with(tmp_path, SCENARIO + section(third)))
    assert case.targets[0].published == 1 / 3


@pytest.mark.parametrize(
    ("targets", "measure", "expected"),
    [
        (ONE.replace("published:", "publishd:"), "fake",
         r"tiny.yaml:\d+: unknown key 'validation.tiny.targets.0.publishd' \(did you mean"
         r" 'published'\?\); allowed: description, fitted_by, id, input_from, kind, published,"
         r" reason, role, tolerance"),
        (ONE.replace("        published: 0.5\n", ""), "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0.published: Field required"),
        (ONE, "fakes",
         r"tiny.yaml:\d+: validation.tiny.measure: unknown measure 'fakes' \(did you mean"
         r" 'fake'\?\)"),
        (ONE + "        kind: at_most\n", "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0.kind: Input should be 'value' or 'at_least'"),
        (ONE + ONE.replace("X1", "X2"), "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.1.id: 'X2' is not measured by 'fake', which"
         r" measures X1"),
        (ONE.replace("        role: held_out\n", ""), "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0.role: Field required"),
        (ONE.replace("role: held_out", "role: fitted"), "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0: a fitted target names fitted_by"),
        (ONE + "        fitted_by: calibration/x.yaml\n", "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0: fitted_by is for fitted targets, not"
         r" held_out"),
        (ONE.replace("role: held_out", "role: input"), "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0: an input target names input_from"),
        (ONE.replace("role: held_out", "role: input\n        input_from: labour.no_such"),
         "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0.input_from: unknown parameter"
         r" 'labour.no_such'"),
        (ONE.replace("role: held_out", "role: fitted\n        fitted_by: by eye"), "fake",
         r"tiny.yaml:\d+: validation.tiny.targets.0.fitted_by: give calibration/NAME.yaml or"
         r" 'hand: <parameters>', not 'by eye'"),
    ],
)  # fmt: skip
def test_a_malformed_section_is_a_one_line_error_naming_file_and_field(
    tmp_path, fake, targets, measure, expected
):
    message = one_line_error(folder_with(tmp_path, SCENARIO + section(targets, measure)))
    assert re.search(expected, message), message


def test_a_key_written_twice_in_a_case_is_refused_with_its_line(tmp_path, fake):
    """A target with two ``role:`` lines (an edit that kept the old one) would silently take
    the last; the case file is read as every other YAML file is, and refused."""
    twice = ONE + "        role: fitted\n"
    message = one_line_error(folder_with(tmp_path, SCENARIO + section(twice)))
    lines = (SCENARIO + section(twice)).splitlines()
    assert message.startswith(f"{tmp_path / 'tiny.yaml'}:{len(lines)}: malformed YAML")
    assert "duplicate key 'role'" in message


def test_a_measured_value_without_a_target_is_an_error(tmp_path, fake):
    fake["X9"] = 0.1
    message = one_line_error(folder_with(tmp_path, SCENARIO + section(ONE)))
    assert "tiny.yaml" in message
    assert "validation.tiny.targets: measure 'fake' measures 'X9', which no target declares" in (
        message
    )


def test_two_cases_share_a_measure_split_by_their_targets(tmp_path, fake):
    fake["X2"] = 0.25
    text = SCENARIO + section(ONE) + "  other:\n    measure: fake\n    targets:\n"
    text += ONE.replace("X1", "X2")
    first, second = load_cases(folder_with(tmp_path, text))
    assert [r.values for r in run_case(first, 1)] == [[0.5]]
    assert [r.values for r in run_case(second, 1)] == [[0.25]]


def test_the_index_and_the_files_must_agree(tmp_path, fake):
    folder = folder_with(tmp_path, SCENARIO + section(ONE))
    (folder / "more.yaml").write_text(SCENARIO + section(ONE.replace("X1", "X2")))
    assert "more.yaml: has a validation: section, but" in one_line_error(folder)
    (folder / "cases.yaml").write_text("files: [tiny.yaml, more.yaml, gone.yaml]\n")
    assert "cases.yaml:1: files: no such scenario file 'gone.yaml'" in one_line_error(folder)
    (folder / "cases.yaml").write_text("files: [tiny.yaml, more.yaml]\n")
    (folder / "more.yaml").write_text(SCENARIO + section(ONE))
    assert "more.yaml: validation.tiny: case name used before in" in one_line_error(folder)


def test_a_child_scenario_does_not_inherit_its_parents_cases(tmp_path, fake):
    """``extends:`` takes the parent's population and economy, not its targets."""
    folder = folder_with(tmp_path, SCENARIO + section(ONE))
    (folder / "child.yaml").write_text("extends: tiny.yaml\nname: child\n")
    assert load_scenario(folder / "child.yaml").validation is None
    (folder / "cases.yaml").write_text("files: [tiny.yaml, child.yaml]\n")
    assert "child.yaml: no validation: section" in one_line_error(folder)


def test_a_hand_fit_and_an_input_name_parameters_that_exist(tmp_path, fake):
    hand = ONE.replace(
        "role: held_out", "role: fitted\n        fitted_by: 'hand: labour.flex_to_permanent'"
    )
    (case,) = load_cases(folder_with(tmp_path, SCENARIO + section(hand)))
    assert case.targets[0].role == "fitted"
    assert case.targets[0].fitted_by == "hand: labour.flex_to_permanent"
    table_key = ONE.replace(
        "role: held_out", "role: input\n        input_from: labour.migration_factor.refugee"
    )
    (case,) = load_cases(folder_with(tmp_path, SCENARIO + section(table_key)))
    assert case.targets[0].input_from == "labour.migration_factor.refugee"


def test_a_calibrated_target_must_say_so_and_name_the_file(tmp_path, fake):
    """A calibration file that lists X1 makes X1 fitted by that file, checked both ways."""
    folder = folder_with(tmp_path, SCENARIO + section(ONE))
    (folder / "calibration").mkdir()
    (folder / "calibration" / "fit.yaml").write_text("case: tiny\nfree: {}\ntargets: [X1]\n")
    message = one_line_error(folder)
    assert re.search(
        r"tiny.yaml: validation.tiny: target 'X1' is fitted by calibration/fit.yaml: say role:"
        r" fitted, fitted_by: calibration/fit.yaml",
        message,
    ), message
    fitted = ONE.replace("role: held_out", "role: fitted\n        fitted_by: calibration/fit.yaml")
    (folder / "tiny.yaml").write_text(SCENARIO + section(fitted))
    (case,) = load_cases(folder)
    assert case.targets[0].fitted_by == "calibration/fit.yaml"
    (folder / "calibration" / "fit.yaml").write_text("case: tiny\nfree: {}\ntargets: [X2]\n")
    message = one_line_error(folder)
    assert "fitted_by calibration/fit.yaml, which does not exist or does not list it" in message


def test_every_shipped_target_declares_its_role():
    """The calibration files' targets are fitted by them; the roles are as the README counts."""
    roles = {t.id: t.role for case in CASES for t in case.targets}
    assert roles["A10.6"] == "input" and roles["A10.4_6"] == "fitted"
    assert roles["A9.4"] == "fitted" and roles["S5"] == "fitted"
    assert roles["A3.6a"] == "fitted" and roles["A3.9b"] == "held_out"
    assert roles["F.children.0"] == "held_out" and roles["B.tfr"] == "fitted"
    assert set(roles.values()) == {"held_out", "fitted", "input"}


def test_a_measure_reports_its_classifier_under_other_cut_offs(tmp_path, fake):
    """'X1|cut-off' values go to the sensitivity table, beside X1's own value; a cut-off of a
    target no case declares is an error like any unknown value."""
    fake["X1|cut 2"] = 0.7
    fake["X1|cut 3 (used)"] = 0.5
    (case,) = load_cases(folder_with(tmp_path, SCENARIO + section(ONE)))
    results = run_case(case, replications=2)
    assert results[0].values == [0.5, 0.5]
    frame = sensitivity(results)
    assert frame[["target", "cutoff", "simulated", "passed"]].values.tolist() == [
        ["X1", "cut 2", 0.7, False],
        ["X1", "cut 3 (used)", 0.5, True],
    ]
    out = write_validation(table(results), tmp_path / "out", frame)
    assert pd.read_csv(out / "sensitivity.csv").cutoff.tolist() == ["cut 2", "cut 3 (used)"]
    assert "| X1 | cut 2 | 0.5 | 0.7 | **no** |" in (out / "validation.md").read_text()
    fake["X9|cut 2"] = 0.1
    assert "measures 'X9|cut 2', which no target declares" in one_line_error(
        folder_with(tmp_path, SCENARIO + section(ONE))
    )
