"""Values that used to pass the checks and fail later (or ran with nonsense) are refused."""

import json
import math
from pathlib import Path

import pytest
from helpers import one_line_error as refused

from simulation.cli import main

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION = ROOT / "scenarios" / "validation" / "calibration" / "almere.yaml"


CM = "interventions:\n  - type: case_management\n"


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("economy:\n  sector_demand: [1, 2]\n", ["economy.sector_demand", "a table of sectors"]),
        ("economy:\n  sector_demand: care\n", ["economy.sector_demand", "got 'care'"]),
        ("economy:\n  cycle: {'2020-01': 1.0e+300}\n", ["economy.cycle", "allowed: 0 to 10"]),
        ("economy:\n  cycle: {'2020-01': -0.5}\n", ["economy.cycle", "allowed: 0 to 10"]),
        ("horizon: 0.01\n", ["horizon", "under a month"]),
        ("name: " + "a" * 300 + "\n", ["name", "at most 100 characters"]),
        ("name: ..\n", ["name", "not a folder name"]),
        ("name: a/b\n", ["name"]),
        ("extends: /dev/zero\n", ["extends", "not a regular file"]),
        (CM + "    caseload: 0\n", ["caseload", "allowed: 1 to 10000"]),
        (CM + "    caseload: -40\n", ["caseload", "allowed: 1 to 10000"]),
        (CM + "    budget_per_client: -2000\n", ["budget_per_client", "allowed: 0 to"]),
        (CM + "    eligible: {min_age: 500}\n", ["eligible.min_age", "allowed: 0 to 120"]),
        (CM + "    caseload: many\n", ["caseload", "expected a number"]),
        (
            "parameters:\n  health.physical_onset: {'-5': 0.1}\n",
            ["health.physical_onset", "negative"],
        ),
        (
            "parameters:\n  labour.job_finding.low: {value: 0.1, sorce: CBS}\n",
            ["labour.job_finding.low", "unknown keys ['sorce']"],
        ),
        (
            "population:\n  composition:\n    migration_shares: {none: 0, western: 0,"
            " non_western: 0, refugee: 0}\n",
            ["migration_shares", "adds up to 0"],
        ),
        (
            "parameters:\n  benefits.bijstand.adult_norm_age: -5\n",
            ["adult_norm_age", "allowed: 0 to 120"],
        ),
        (
            "parameters:\n  demography.early_exit.poor_health_factor: 1.0e+6\n",
            ["poor_health_factor", "allowed: 0 to 100"],
        ),
        (
            "parameters:\n  labour.displacement.share: 1.5\n",
            ["labour.displacement.share", "allowed: 0 to 1"],
        ),
        (
            "parameters:\n  labour.benefit_response.level_elasticity: 3\n",
            ["labour.benefit_response.level_elasticity", "allowed: 0 to 2"],
        ),
        (
            "parameters:\n  benefits.bijstand.sanction.cut: 1.5\n",
            ["benefits.bijstand.sanction.cut", "allowed: 0 to 1"],
        ),
        (
            "parameters:\n  labour.ww_exhaustion_factor: {0: 1.0, 6: -0.5}\n",
            ["labour.ww_exhaustion_factor", "allowed: 0 to 100"],
        ),
        (  # a benefit of 0: job finding with the level elasticity would be infinite
            "parameters:\n  benefits.ww.replacement_after: 0\n",
            ["benefits.ww.replacement_after", "infinite", "allowed: above 0"],
        ),
        (
            "parameters:\n  benefits.bijstand.single_parent_disregard.child_age: 20\n",
            ["single_parent_disregard.child_age", "allowed: 0 to 18"],
        ),
        (
            "parameters:\n  benefits.bijstand.earnings_disregard.share: 2\n",
            ["earnings_disregard.share", "allowed: 0 to 1"],
        ),
        (  # a cohort cannot have fewer gone after ten years than after five
            "parameters:\n  immigration.return_left_10y: {western: 0.5, non_western: 0.6}\n",
            ["return_left_10y.western", "return_left_5y.western", "rise with the years"],
        ),
        (
            "parameters:\n  labour.displacement.share:\n    uncertainty: {distribution: uniform,"
            " low: 0.6, high: 0.2, source: x}\n",
            ["labour.displacement.share", "low"],
        ),
        ("", ["empty"]),
        ("# only a comment\n", ["empty"]),
        ("name: a\nhorizon: 5\nname: b\n", [":3", "duplicate key 'name'"]),
        ("!!python/object/apply:os.system [echo hacked]\n", ["malformed YAML"]),
    ],
)
def test_scenario_values_that_failed_later_are_one_line_errors(tmp_path, capsys, text, needles):
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    refused(capsys, ["check", str(path)], str(path), *needles)


def test_unreadable_scenario_files_are_one_line_errors(tmp_path, capsys):
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes("name: caf\xe9\n".encode("latin-1"))
    refused(capsys, ["check", str(binary)], "not UTF-8")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    refused(capsys, ["check", str(folder)], "is a folder")


def test_a_long_extends_chain_is_refused_without_recursing(tmp_path, capsys):
    for k in range(1100):
        (tmp_path / f"s{k}.yaml").write_text(f"extends: s{k + 1}.yaml\n")
    (tmp_path / "s1100.yaml").write_text("name: end\n")
    refused(capsys, ["check", str(tmp_path / "s0.yaml")], "extends", "allowed: up to 20")


def test_a_short_cohort_run_gives_numbers_or_nan_and_strict_json(tmp_path, capsys):
    """A cohort of 12-year-olds followed for two years has no one of working age: the run
    ended in ZeroDivisionError; now its rates are NaN and interventions.json is strict JSON."""
    path = tmp_path / "cohort.yaml"
    path.write_text(
        "population: {kind: cohort, size: 300}\nhorizon: 2\ninterventions:\n"
        "  - type: case_management\n"
    )
    out = tmp_path / "out"
    assert main(["run", str(path), "--quiet", "--out", str(out)]) == 0
    text = (out / "interventions.json").read_text()
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    manifest = (out / "manifest.json").read_text()
    json.loads(manifest, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    import pandas as pd

    outcomes = pd.read_csv(out / "outcomes.csv")
    cost = outcomes[(outcomes.indicator == "net_public_cost_per_year")].value
    assert all(math.isnan(v) for v in cost)


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        (b"case: almere\n\xff\xfe: 1\n", ["not UTF-8"]),
        (b"", ["empty"]),
        (b"case: almere\nfree: {}\ntargets: [A10.4_6]\n", ["free: empty"]),
        (
            b"case: almere\nfree: {interventions.case_management.job_finding_factor: [1, 3]}\n"
            b"targets: [A10.4_6]\nmax_evals: 3\n",
            ["unknown key 'max_evals'", "did you mean 'max_evaluations'"],
        ),
        (
            b"case: almere\nfree: {interventions.case_management.job_finding_factor: [1, 3]}\n",
            ["targets: missing"],
        ),
        (b"- a list\n", ["a mapping"]),
        (b"case: almere\ncase: almere\n", ["duplicate key 'case'"]),
        (
            b"case: baseline\nscale: {labour.job_finding: [0.3, 0.1]}\ntargets: [B.flow.ue]\n",
            ["scale.labour.job_finding", "0 < low < high"],
        ),
        (
            b"case: baseline\nscale: {labour.search_to_inactive: [0.1, 0.3]}\n"
            b"targets: [B.flow.ue]\n",
            ["scale.labour.search_to_inactive", "not a table of numbers"],
        ),
        (
            b"case: baseline\nscale: {labour.job_findng: [0.1, 0.3]}\ntargets: [B.flow.ue]\n",
            ["scale.labour.job_findng", "did you mean"],
        ),
        (
            b"case: baseline\nscale: {labour.job_finding: [0.1, 0.3]}\n"
            b"free: {labour.job_finding: [0.1, 0.3]}\ntargets: [B.flow.ue]\n",
            ["scale.labour.job_finding", "also under free"],
        ),
        (
            b"case: baseline\nscale: {labour.job_finding: [0.1, 5.0]}\ntargets: [B.flow.ue]\n",
            ["scale.labour.job_finding"],
        ),
    ],
)
def test_bad_calibration_files_are_one_line_errors_naming_file_and_field(
    tmp_path, capsys, text, needles
):
    path = tmp_path / "calibration.yaml"
    path.write_bytes(text)
    out = tmp_path / "fit.yaml"
    refused(capsys, ["calibrate", str(path), "--out", str(out)], str(path), *needles)
    assert not out.exists()


def test_a_calibration_folder_is_a_one_line_error(tmp_path, capsys):
    refused(capsys, ["calibrate", str(tmp_path)], "is a folder")


def test_report_on_a_damaged_folder_is_a_one_line_error(tmp_path, capsys):
    folder = tmp_path / "run"
    assert (
        main(
            [
                "run",
                str(ROOT / "scenarios" / "base.yaml"),
                "--persons",
                "200",
                "--years",
                "0.5",
                "--quiet",
                "--out",
                str(folder),
            ]
        )
        == 0
    )
    capsys.readouterr()
    (folder / "aggregates.csv").write_text("a,b\n1")
    refused(capsys, ["report", str(folder)], "damaged results folder")
    assert not (folder / "report.html").exists()
    (folder / "manifest.json").write_text('{"title": ')
    refused(capsys, ["report", str(folder)], "damaged results folder")
