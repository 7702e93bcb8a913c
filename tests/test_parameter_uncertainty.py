"""``lifecourse compare --parameter-uncertainty``: parameters drawn per replication, the same
draw for base and alternative, and intervals that hold both kinds of uncertainty."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from simulation.cli import main
from simulation.experiment import compare
from simulation.inputdraws import draw_scenarios
from simulation.scenario import load_scenario

CM = "interventions.case_management.job_finding_factor"
REPLICATIONS = 4
#: long-term bijstand clients 45+, where case management's effect on job finding matters
BASE = """name: base
population: {kind: group, group: bijstand_45plus, size: 1500}
start: {year: 2017, month: 9}
horizon: 1
seed: 11
"""
ALT = """name: alt
extends: base.yaml
interventions:
  - type: case_management
    assignment: all
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scenarios")
    (folder / "base.yaml").write_text(BASE)
    (folder / "alt.yaml").write_text(ALT)
    pinned = "parameters:\n" + "".join(
        f"  {p}: {{uncertainty: null}}\n"
        for p in (CM, "interventions.childcare.strength", "demography.life_expectancy_65_trend")
    )
    (folder / "base_pinned.yaml").write_text(BASE + pinned)
    (folder / "alt_pinned.yaml").write_text(ALT.replace("base.yaml", "base_pinned.yaml"))
    return folder


def _compare(files, out, *names, flag=True):
    argv = ["compare", *(str(files / n) for n in names), "--replications", str(REPLICATIONS)]
    argv += ["--workers", "2", "--out", str(out), "--quiet"]
    assert main([*argv, "--parameter-uncertainty"] if flag else argv) == 0
    return out


@pytest.fixture(scope="module")
def drawn(files, tmp_path_factory):
    return _compare(files, tmp_path_factory.mktemp("c") / "with", "base.yaml", "alt.yaml")


@pytest.fixture(scope="module")
def plain(files, tmp_path_factory):
    out = tmp_path_factory.mktemp("c") / "without"
    return _compare(files, out, "base.yaml", "alt.yaml", flag=False)


def _width(folder, indicator="employment_rate"):
    table = pd.read_csv(folder / "comparison.csv")
    row = table[
        (table.period == "horizon") & (table.subgroup == "all") & (table.indicator == indicator)
    ].iloc[0]
    return row.ci_high - row.ci_low, row.difference


def test_base_and_alternative_share_every_draw(drawn):
    draws = pd.read_csv(drawn / "parameter_draws.csv")
    ranged = json.loads((drawn / "manifest.json").read_text())["parameter_uncertainty"]
    assert len(draws) == REPLICATIONS * len(ranged)  # one row per replication and parameter
    assert (draws.scenarios == "base, alt").all()
    assert draws.seed.tolist() == [11 + r for r in draws.replication]
    assert pd.read_parquet(drawn / "parameter_draws.parquet").equals(draws)


def test_the_runs_use_the_drawn_values(files):
    specs = [load_scenario(files / "base.yaml"), load_scenario(files / "alt.yaml")]
    runs, table, _ = draw_scenarios(specs, ["base", "alt"], 11, REPLICATIONS)
    for row in table.itertuples():
        for scenario in (0, 1):
            params = runs[scenario][row.replication].resolved_parameters()
            assert params[row.parameter] == row.drawn_value
            assert params.entry(row.parameter).source.startswith("parameter uncertainty:")


def test_draws_repeat_for_a_seed_and_differ_across_replications_and_seeds(files):
    specs = [load_scenario(files / "base.yaml")]
    _, first, _ = draw_scenarios(specs, ["base"], 11, 6)
    _, again, _ = draw_scenarios(specs, ["base"], 11, 6)
    _, other, _ = draw_scenarios(specs, ["base"], 12, 6)
    pd.testing.assert_frame_equal(first, again)
    for _, rows in first.groupby("parameter"):
        drawn = rows.drawn_value
        if (drawn == drawn.round()).all():  # a whole number (months) is drawn and rounded
            assert drawn.nunique() > 1
        else:
            assert drawn.nunique() == 6
    assert not (first.drawn_value.to_numpy() == other.drawn_value.to_numpy()).any()


def test_a_scenario_with_its_own_fixed_value_keeps_it(files):
    specs = [load_scenario(files / "base.yaml"), load_scenario(files / "alt_pinned.yaml")]
    runs, table, ranged = draw_scenarios(specs, ["base", "pinned"], 11, 2)
    # only the base draws the value the other pinned (both draw the ranges neither pinned)
    assert (table[table.parameter == CM].scenarios == "base").all()
    assert runs[1][0].resolved_parameters()[CM] == specs[1].resolved_parameters()[CM]
    assert [item["scenarios"] for item in ranged if item["parameter"] == CM] == [["base"]]


def test_a_scenario_compared_with_itself_still_differs_by_exactly_zero(files):
    spec = load_scenario(files / "base.yaml").with_changes(size=400)
    result = compare([spec, spec], replications=2, parameter_uncertainty=True)
    assert (result.table.difference.dropna() == 0).all()


def test_intervals_widen_where_the_drawn_parameter_matters(drawn, plain):
    with_draws, difference = _width(drawn)
    without, _ = _width(plain)
    assert difference > 0
    # 1.49 times here (2026-12-07, four replications; 2.5 before long-term bijstand clients of
    # 45+ seldom looked for work by themselves, labour.inactive_to_search_age_factor, which
    # made guidance's effect rest on fewer job finds)
    assert with_draws > 1.3 * without, (with_draws, without)
    # bijstand's share no longer widens with it (1.00 times; 1.53 before): most jobs found under
    # guidance are small jobs beside bijstand (A10.4), so the factor moves few clients off it
    assert "ui_low" not in pd.read_csv(plain / "comparison.csv")


def test_the_uncertainty_interval_is_the_spread_of_one_draw(drawn):
    """ui: mean +- t sd sqrt(1 + 1/n), so exactly sqrt(n + 1) times the mean's half-width."""
    table = pd.read_csv(drawn / "comparison.csv").dropna(subset=["ci_low"])
    half = (table.ci_high - table.ci_low) / 2
    wide = (table.ui_high - table.ui_low) / 2
    assert (wide - half * (REPLICATIONS + 1) ** 0.5).abs().max() < 1e-9
    assert ((table.ui_low + table.ui_high) / 2 - table.difference).abs().max() < 1e-9


def test_the_outputs_and_report_say_what_was_drawn(drawn):
    manifest = json.loads((drawn / "manifest.json").read_text())
    assert "include parameter uncertainty" in manifest["what"]
    cm = next(p for p in manifest["parameter_uncertainty"] if p["parameter"] == CM)
    assert cm["distribution"] == "normal" and "Regioplan" in cm["source"]
    assert cm["scenarios"] == ["base", "alt"]
    sheets = pd.read_excel(drawn / "results.xlsx", sheet_name=None)
    assert {"parameter_draws", "parameter_ranges"} <= set(sheets)
    assert "parameter uncertainty" in sheets["README"]["item"].tolist()
    assert main(["report", str(drawn)]) == 0
    page = (drawn / "report.html").read_text()
    assert "Parameter uncertainty" in page and "stochastic and parameter uncertainty" in page
    assert "Regioplan" in page and CM in page and "95% of draws" in page


def test_without_the_flag_the_ranges_change_nothing(files, plain, tmp_path):
    """The blocks are inert without the flag: the same comparison with every block taken
    away writes byte-identical tables, and no draws."""
    pinned = _compare(files, tmp_path / "pinned", "base_pinned.yaml", "alt_pinned.yaml", flag=False)
    for name in ("comparison.csv", "runs.csv", "series.csv", "interventions_summary.csv"):
        assert (plain / name).read_bytes() == (pinned / name).read_bytes(), name
    assert not (plain / "parameter_draws.csv").exists()
    manifest = json.loads((plain / "manifest.json").read_text())
    assert "parameter_uncertainty" not in manifest and "parameter" not in manifest["what"]
