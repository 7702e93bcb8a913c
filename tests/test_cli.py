"""The command line, end to end: results written atomically, bad input refused cleanly."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from simulation.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulation.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=300,
    )


def test_every_subcommand_has_a_command_and_every_command_a_subcommand():
    # argparse lists the subcommands only in its private _actions
    subparsers = next(action for action in build_parser()._actions if action.dest == "command")
    assert set(subparsers.choices) == set(COMMANDS)


def test_run_writes_every_output(tmp_path):
    out = tmp_path / "run"
    assert (
        main(["run", str(BASE), "--persons", "2000", "--years", "1", "--out", str(out), "--quiet"])
        == 0
    )
    files = {p.name for p in out.iterdir()}
    assert files == {
        "manifest.json",
        "aggregates.csv",
        "aggregates.parquet",
        "persons.parquet",
        "persons.csv",
        "events.parquet",
        "events.csv",
        "outcomes.csv",
    }
    aggregates = pd.read_csv(out / "aggregates.csv")
    assert len(aggregates) == 13 and aggregates["date"].iloc[-1] == "2020-12"
    assert pd.read_parquet(out / "aggregates.parquet").shape == aggregates.shape
    persons = pd.read_parquet(out / "persons.parquet")
    assert len(persons) >= 2000 and "labour_state" in persons
    events = pd.read_parquet(out / "events.parquet")
    assert {"person", "month", "event"} <= set(events.columns) and len(events) > 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 20200101 and manifest["persons"] == 2000
    assert manifest["months"] == 12
    assert all(p["source"] for p in manifest["parameters"])
    assert manifest["versions"]["mesa"].startswith("3.")
    assert manifest["git_revision"]
    assert not list(tmp_path.glob(".*tmp*"))


def test_same_seed_gives_byte_identical_results(tmp_path):
    for name in ("a", "b"):
        args = ["run", str(BASE), "--persons", "1500", "--years", "1", "--seed", "11"]
        assert main([*args, "--out", str(tmp_path / name), "--quiet"]) == 0
    for file in ("aggregates.csv", "aggregates.parquet", "persons.parquet", "events.parquet"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file


def test_run_prints_a_summary_table(tmp_path, capsys):
    main(["run", str(BASE), "--persons", "1000", "--years", "1", "--out", str(tmp_path / "r")])
    out = capsys.readouterr().out
    assert (
        "employment 20-64 (labour force survey)" in out
        and "bijstand, share of 15 to AOW age" in out
    )
    assert "results:" in out and "EUR" in out and "e+0" not in out


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    return path


BAD_INPUT = [
    (None, ["--persons", "10"], "no such scenario file"),
    ("name: x\npopulation: {kind: cross_section\n", [], "malformed YAML"),
    ("name: x\npopulaton: {size: 10}\n", [], "did you mean 'population'"),
    ("name: x\npopulation: {size: -5}\n", [], "population.size"),
    ("name: x\nparameters: {labour.flex_to_permanent: 2}\n", [], "allowed: 0 to 1"),
    ("name: x\nparameters: {labour.no_such_thing: 2}\n", [], "unknown parameter"),
    ("name: x\npopulation: {kind: group}\n", [], "needs 'group:'"),
    ("name: x\nparameters: {economy.cycle: {'2020-13': 0.9}}\n", [], "months run 01-12"),
    ("name: x\nhorizon: -1\n", [], "horizon"),
    ("- just\n- a list\n", [], "must be a mapping"),
    ("name: x\n", ["--persons", "-3"], "positive whole number"),
    ("name: x\n", ["--years", "abc"], "not a number"),
]


@pytest.mark.parametrize(("text", "args", "message"), BAD_INPUT)
def test_bad_input_is_one_clear_line_and_exit_2_and_writes_nothing(tmp_path, text, args, message):
    path = write(tmp_path, text) if text is not None else tmp_path / "missing.yaml"
    out = tmp_path / "out"
    result = run_cli("run", str(path), *args, "--out", str(out), "--quiet", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert not out.exists()
    assert not (tmp_path / "outputs").exists()


def test_errors_name_the_file_and_line(tmp_path):
    path = write(tmp_path, "name: x\nseed: 3\npopulation:\n  size: 10\n  knd: cohort\n")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert f"{path}:5: unknown key 'population.knd' (did you mean 'kind'?)" in result.stderr


def test_refuses_to_overwrite_results(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run_cli("run", str(BASE), "--persons", "100", "--years", "1", "--out", str(out))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (out / "keep.txt").read_text() == "mine"


def test_check_prints_the_resolved_scenario(capsys):
    assert main(["check", str(BASE)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and "size: 100000" in out


@pytest.mark.slow
def test_the_base_scenario_as_shipped_runs_and_repeats_exactly(tmp_path):
    """The README's main command at full size (100,000 persons, 20 years), twice."""
    for name in ("a", "b"):
        assert main(["run", str(BASE), "--out", str(tmp_path / name), "--quiet"]) == 0
    for file in ("aggregates.csv", "persons.parquet", "events.parquet"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    aggregates = pd.read_csv(tmp_path / "a" / "aggregates.csv")
    assert len(aggregates) == 241
    assert aggregates["employment_rate_20_64"].between(0.7, 0.85).all()


def test_compare_writes_the_comparison_figures_and_a_report(tmp_path, capsys):
    out = tmp_path / "cmp"
    alt = ROOT / "scenarios" / "case_management_45plus.yaml"
    args = ["compare", str(BASE), str(alt), "--persons", "3000", "--years", "1"]
    assert main([*args, "--replications", "2", "--workers", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "case_management_45plus vs base" in printed and "95% interval" in printed
    # the full fiscal balance and the gains and losses by income decile (issue 19)
    assert "the public purse over the horizon" in printed and "by income decile" in printed
    assert "less: income tax and national insurance premiums" in printed
    sheets = pd.ExcelFile(out / "results.xlsx").sheet_names
    assert {"fiscal_balance", "deciles"} <= set(sheets)
    assert (out / "figures" / "deciles_equivalised_income.png").exists()
    table = pd.read_csv(out / "comparison.csv")
    assert {"scenario", "indicator", "subgroup", "base_mean", "scenario_mean", "difference",
            "ci_low", "ci_high"} <= set(table.columns)  # fmt: skip
    assert set(table.subgroup) >= {"all", "sex=female", "education=low", "parents_divorced=yes"}
    assert (table.replications == 2).all()
    figures = list((out / "figures").glob("*.png"))
    assert len(figures) >= 10 and all(f.read_bytes()[:4] == b"\x89PNG" for f in figures)
    manifest = json.loads((out / "manifest.json").read_text())
    assert {r["seed"] for r in manifest["runs"]} == {20200101, 20200102}
    assert main(["report", str(out)]) == 0
    html = (out / "report.html").read_text()
    assert "Headline" in html and "data:image/png;base64," in html
    assert "The public purse" in html and "Gains and losses by income decile" in html
    assert "http://" not in html and "https://" not in html  # opens with no network


def test_report_of_a_single_run(tmp_path):
    out = tmp_path / "run"
    assert (
        main(["run", str(BASE), "--persons", "1000", "--years", "1", "--out", str(out), "--quiet"])
        == 0
    )
    assert main(["report", str(out)]) == 0
    html = (out / "report.html").read_text()
    assert "State shares over time" in html and "Parameters and their sources" in html


def test_compare_needs_an_alternative_and_report_needs_results(tmp_path):
    assert run_cli("compare", str(BASE)).returncode == 2
    result = run_cli("report", str(tmp_path))
    assert result.returncode == 2 and "not a lifecourse results folder" in result.stderr


def test_dashboard_refuses_a_bad_scenario_before_serving(tmp_path):
    path = write(tmp_path, "name: x\npopulation:\n  size: 10\n  knd: cohort\n")
    result = run_cli("dashboard", "--scenario", str(path), "--port", "1")
    assert result.returncode == 2
    assert f"{path}:4: unknown key 'population.knd'" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_names_the_installed_package(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    from importlib.metadata import version

    assert capsys.readouterr().out.strip() == f"lifecourse {version('lifecourse')}"


def test_compare_gives_intervals_by_default_and_warns_without_them(tmp_path, capsys):
    """The base scenario asks for one replication: compare runs two, so every difference has
    an interval; asked for one, it says the intervals are missing."""
    args = ["compare", "scenarios/base.yaml", "scenarios/childcare.yaml", "--persons", "400",
            "--years", "1", "--workers", "1", "--quiet"]  # fmt: skip
    assert main([*args, "--out", str(tmp_path / "two")]) == 0
    table = pd.read_csv(tmp_path / "two" / "comparison.csv")
    assert (table.replications == 2).all() and table.ci_low.notna().all()
    capsys.readouterr()
    assert main([*args, "--replications", "1", "--out", str(tmp_path / "one")]) == 0
    assert "no confidence interval" in capsys.readouterr().err
    # the report says what was run, not the scenario files' 100,000 persons and 20 years
    assert main(["report", str(tmp_path / "two")]) == 0
    page = (tmp_path / "two" / "report.html").read_text()
    assert (
        "Run: 2 replication(s) of each scenario, 400 persons (--persons), 1 year(s) (--years)"
        in page
    )
