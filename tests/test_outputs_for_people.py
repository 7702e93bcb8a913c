"""Results a person reads (issue 18, the analyst's points): labels and units instead of
identifiers, group scenarios without national figures or nan, a trial's effect with its
interval, intervention reports pooled over replications, a CSV beside every Parquet file and one
workbook, help texts with defaults, and progress on long commands."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.arguments import build_parser
from simulation.cli import main
from simulation.experiment import HEADLINE, RunResult, mean_interval, series_bands, t_quantile
from simulation.pooled import pooled_effects, pooled_summary, run_effects
from simulation.tables import LABELS, change, interval, label, level

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def cli(*argv: str) -> tuple[int, str, str]:
    """``lifecourse ARGV`` in this process: exit code, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> tuple[Path, str]:
    """base against childcare: 400 persons, one year, two replications."""
    out = tmp_path_factory.mktemp("compare") / "cmp"
    code, printed, _ = cli(
        "compare", str(SCENARIOS / "base.yaml"), str(SCENARIOS / "childcare.yaml"), "--persons",
        "400", "--years", "1", "--workers", "1", "--out", str(out),
    )  # fmt: skip
    assert code == 0
    return out, printed


# -- labels, units, percentages --------------------------------------------------------------------
def test_values_are_shown_in_their_units():
    assert level("bijstand_share", 0.0634) == "6.3%"
    assert change("bijstand_share", 0.0043) == "+0.43 pp"
    assert interval("bijstand_share", -0.0051, 0.006) == "-0.51 to +0.60 pp"
    assert level("labour_income_per_year", 24640.3) == "24,640"
    assert change("net_public_cost_per_year", 1228.7) == "+1,229"
    assert level("weekly_hours", float("nan")) == "–"
    assert label("ci_low").text == "95% interval, low"
    assert label("bijstand_share").text == "bijstand, share of 15 to AOW age"
    assert label("employment_rate@sex=female").text.endswith("(women)")
    assert label("working_after_6m_effect").text == (
        "working 6 months after the start, treated minus control"
    )
    assert all(indicator in LABELS for indicator in HEADLINE)


def test_the_comparison_table_has_labels_units_and_nothing_cut(comparison):
    _, printed = comparison
    for indicator in HEADLINE:
        assert label(indicator).text in printed  # whole, not cut at a column width
    assert "bijstand_share" not in printed and "ci_low" not in printed
    assert not re.search(r"\de[+-]\d", printed), printed  # no 2.464e+04
    assert " pp" in printed and "%" in printed and "95% interval" in printed
    assert re.search(r"\d,\d{3}", printed)  # thousands separators on euros


def test_the_report_shows_labels_and_the_figures_have_titles(comparison):
    out, _ = comparison
    assert cli("report", str(out))[0] == 0
    page = (out / "report.html").read_text()
    headline = page[page.index("Headline") : page.index("Figures")]
    assert "bijstand, share of 15 to AOW age" in headline and " pp" in headline
    assert "ci_low" not in headline and "bijstand_share" not in headline
    assert not re.search(r"\de[+-]\d", headline)
    figures = {p.name for p in (out / "figures").glob("*.png")}
    assert {"over_time_employment_rate.png", "difference_bijstand_share.png"} <= figures


def test_over_time_figures_have_a_95_percent_band():
    """Two replications give each month's mean and paired difference an interval."""
    months = ["2020-01", "2020-02"]
    series = pd.DataFrame({
        "scenario": ["base"] * 4 + ["alt"] * 4, "replication": [0, 0, 1, 1] * 2,
        "date": months * 4, "employment_rate": [0.60, 0.61, 0.62, 0.63, 0.61, 0.63, 0.64, 0.66],
    })  # fmt: skip
    bands = series_bands(series, "base", "employment_rate")
    change = bands[(bands.kind == "difference") & (bands.date == "2020-02")].iloc[0]
    assert change["mean"] == pytest.approx(0.025)
    half = t_quantile(0.975, 1) * np.std([0.02, 0.03], ddof=1) / np.sqrt(2)
    assert change.ci_high - change["mean"] == pytest.approx(half)
    level = bands[bands.kind == "level"]
    assert (level.ci_low <= level["mean"]).all() and (level["mean"] <= level.ci_high).all()
    assert mean_interval(series.head(1), ["scenario"], "employment_rate").ci_low.isna().all()


def test_a_run_report_has_figures(tmp_path):
    out = tmp_path / "run"
    assert cli("run", str(SCENARIOS / "base.yaml"), "--persons", "300", "--years", "1",
               "--out", str(out), "--quiet")[0] == 0  # fmt: skip
    assert cli("report", str(out))[0] == 0
    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") >= 4
    assert "bijstand, share of 15 to AOW age" in page


# -- group scenarios ---------------------------------------------------------------------------
def test_a_group_run_prints_no_nan_no_national_spending_and_the_trial_effect(tmp_path):
    code, printed, _ = cli("run", str(SCENARIOS / "almere_rct.yaml"), "--persons", "600",
                           "--out", str(tmp_path / "almere"))  # fmt: skip
    assert code == 0
    assert not re.search(r"\bnan\b|nan%", printed, re.IGNORECASE), printed
    assert " bn " not in printed and "million aged" not in printed
    assert "per person-year of the group" in printed
    assert "treated minus control" in printed and "95% interval" in printed
    assert re.search(r"6 months\s+\d+\.\d%\s+\d+\.\d%\s+[+-]\d+\.\d\d pp\s+[+-]", printed)


def test_a_group_comparison_prints_no_nan(tmp_path):
    code, printed, _ = cli(
        "compare", str(SCENARIOS / "refugees_base.yaml"),
        str(SCENARIOS / "refugee_integration.yaml"), "--persons", "300", "--years", "1",
        "--workers", "1", "--out", str(tmp_path / "cmp"),
    )  # fmt: skip
    assert code == 0
    assert not re.search(r"\bnan\b|nan%", printed, re.IGNORECASE), printed
    assert "not the country" in printed and "per person-year of the group" in printed


# -- pooled intervention reports ------------------------------------------------------------------
def _run(replication: int, treated: float, control: float) -> RunResult:
    report = {"participants": 100 + replication, "working_after_6m_treated": treated,
              "observed_after_6m_treated": 100, "working_after_6m_control": control,
              "observed_after_6m_control": 100, "type": "case_management"}  # fmt: skip
    return RunResult("rct", replication, 1 + replication, pd.DataFrame(), pd.DataFrame(),
                     {"case_management": report})  # fmt: skip


def test_intervention_reports_are_pooled_with_intervals():
    summary = pooled_summary([_run(0, 0.20, 0.10), _run(1, 0.30, 0.16)])
    row = summary.set_index("measure").loc["participants"]
    assert row["mean"] == 100.5 and row.replications == 2
    assert row.ci_low < 100.5 < row.ci_high
    effect = pooled_effects(summary).iloc[0]
    assert effect.months == 6 and effect.difference == pytest.approx(0.12)
    half = t_quantile(0.975, 1) * np.std([0.10, 0.14], ddof=1) / np.sqrt(2)
    assert effect.ci_high - effect.difference == pytest.approx(half)
    one = run_effects(_run(0, 0.20, 0.10).interventions).iloc[0]
    half = 1.959964 * np.sqrt(0.2 * 0.8 / 100 + 0.1 * 0.9 / 100)
    assert one.ci_high - one.difference == pytest.approx(half, rel=1e-5)


@pytest.mark.slow
def test_a_comparison_of_the_almere_replay_pools_its_trial(tmp_path):
    out = tmp_path / "cmp"
    almere = str(SCENARIOS / "almere_rct.yaml")
    code, printed, _ = cli("compare", almere, almere, "--persons", "600", "--workers", "1",
                           "--out", str(out))  # fmt: skip
    assert code == 0 and "treated minus control" in printed
    summary = pd.read_csv(out / "interventions_summary.csv")
    assert {"mean", "ci_low", "ci_high", "replications"} <= set(summary.columns)
    assert (summary.replications == 2).all()
    assert "working_after_6m_effect" in set(summary.measure)
    assert len(pd.read_csv(out / "trial_effects.csv")) == 2 * 3  # two scenarios, 3 follow-ups


# -- CSV twins and the workbook -------------------------------------------------------------------
def _same(parquet: Path) -> None:
    frame = pd.read_parquet(parquet)
    twin = pd.read_csv(parquet.with_suffix(".csv"))
    for column in frame.columns:  # categories are text in a CSV
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    pd.testing.assert_frame_equal(frame, twin, check_dtype=False, rtol=1e-6)


def test_every_parquet_file_of_a_comparison_has_an_identical_csv_twin(comparison):
    out, _ = comparison
    parquets = sorted(out.glob("*.parquet"))
    assert {p.stem for p in parquets} >= {"comparison", "series"}
    for parquet in parquets:
        _same(parquet)


def test_every_parquet_file_of_a_run_has_an_identical_csv_twin(tmp_path):
    out = tmp_path / "run"
    assert cli("run", str(SCENARIOS / "base.yaml"), "--persons", "300", "--years", "1",
               "--out", str(out), "--quiet")[0] == 0  # fmt: skip
    parquets = sorted(out.glob("*.parquet"))
    assert {p.stem for p in parquets} == {"aggregates", "persons", "events"}
    for parquet in parquets:
        _same(parquet)


def test_a_comparison_writes_one_workbook_with_a_readme(comparison):
    from openpyxl import load_workbook

    out, _ = comparison
    book = load_workbook(out / "results.xlsx", read_only=True)
    assert book.sheetnames[0] == "README"
    assert {"comparison", "runs", "series"} <= set(book.sheetnames)
    readme = [tuple(row) for row in book["README"].iter_rows(values_only=True)]
    text = " ".join(str(cell) for row in readme for cell in row if cell is not None)
    assert "20200101" in text and "lifecourse version" in text and "childcare" in text
    assert ("comparison", "ci_low", "95% interval of the difference (or mean), low end"
            " (t-distribution)") in readme  # fmt: skip
    sheet = pd.read_excel(out / "results.xlsx", sheet_name="comparison")
    table = pd.read_csv(out / "comparison.csv")
    assert len(sheet) == len(table) and "indicator_label" in sheet
    assert "bijstand, share of 15 to AOW age" in set(sheet.indicator_label)


def test_a_sweep_writes_a_csv_twin_and_a_workbook(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "sweep.yaml"
    path.write_text(
        f"scenario: {SCENARIOS / 'base.yaml'}\ndesign: {{method: grid}}\n"
        "vary: {labour.job_finding.low: [0.10, 0.20]}\nseeds: 1\n"
        "keep: [employment_rate, bijstand_share]\npersons: 300\nyears: 0.5\n"
    )
    out = tmp_path / "out"
    code, _, err = cli("sweep", str(path), "--workers", "1", "--out", str(out), "--quiet")
    assert code == 0, err
    _same(out / "results.parquet")
    book = load_workbook(out / "results.xlsx", read_only=True)
    assert book.sheetnames == ["README", "results"]
    text = " ".join(str(c) for row in book["README"].iter_rows(values_only=True) for c in row)
    assert "value of the parameter labour.job_finding.low" in text
    assert "bijstand, share of 15 to AOW age" in text and "20200101" in text


# -- help and progress ------------------------------------------------------------------------
def test_every_flag_says_what_it_does_and_its_default():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    missing = []
    for name, sub in commands.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            text = action.help or ""
            if not text or (action.option_strings and "default" not in text):
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert not missing, f"flags without a description or default: {missing}"


def test_calibrate_counts_its_evaluations_against_the_maximum(tmp_path, monkeypatch):
    from simulation import calibration

    asked = []

    def fake(path, progress=None, executor=None, fail_fast=False, lookahead=False):
        asked.append(lookahead)
        for n in (1, 2):
            progress(n, 0.5)
        return calibration.Fit({}, 0.5, 2, {}, {})

    monkeypatch.setattr(calibration, "run_calibration", fake)
    path = ROOT / "scenarios" / "validation" / "calibration"
    first = sorted(path.glob("*.yaml"))[0]
    _, most = calibration.load_calibration(first)
    code, _, err = cli("calibrate", str(first), "--out", str(tmp_path / "fit.yaml"))
    assert code == 0
    assert f"evaluation 2 of {most.max_evaluations}: objective 0.5" in err
    # with --lookahead the same count (the points the search read), and a word on its cost
    code, _, err = cli("calibrate", str(first), "--out", str(tmp_path / "b.yaml"), "--lookahead")
    assert code == 0 and asked == [False, True]
    assert f"evaluation 2 of {most.max_evaluations}: objective 0.5" in err
    assert "two to three times the points, the same fit" in err
    assert "--lookahead without --workers or --dask" in err  # no workers to spread them over


def test_validate_shows_progress(tmp_path, monkeypatch):
    from simulation import validation

    case = next(c for c in validation.CASES if c.fast)

    def fake(cases, replications=None, persons=None, progress=None, parameters=None,
             executor=None, failed=None):  # fmt: skip
        for case in cases:
            for _ in range(replications or case.replications):
                progress(1)
        return [[] for _ in cases]

    monkeypatch.setattr(validation, "run_cases", fake)
    monkeypatch.setattr(validation, "table", lambda results: pd.DataFrame(
        {"target": ["x"], "passed": [True]}))  # fmt: skip
    monkeypatch.setattr(validation, "sensitivity", lambda results: pd.DataFrame())
    monkeypatch.setattr("simulation.outputs.write_validation", lambda *a, **k: None)
    monkeypatch.setattr("simulation.tables.validation_markdown", lambda result: "")
    monkeypatch.setattr(validation, "headline", lambda result: "")
    _, _, err = cli("validate", "--case", case.name, "--replications", "2",
                    "--out", str(tmp_path / "v"))  # fmt: skip
    assert f"{case.name}" in err and "2/2" in err
