"""The monthly panel: written only when asked, partitioned by year, and enough for an outsider
to recompute the validation targets with pandas alone (``tests/panel_reader.py``)."""

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import panel_reader as reader
import pytest

from simulation.cli import main
from simulation.codes import LabourState
from simulation.model import LifeCourseModel
from simulation.scenario import load_scenario
from simulation.validation import CASES, FOLDER, run_case

ROOT = Path(__file__).resolve().parent.parent


def run_with_panel(tmp_path: Path, scenario: Path, persons: int, *flags: str) -> Path:
    out = tmp_path / scenario.stem
    args = ["run", str(scenario), "--persons", str(persons), "--out", str(out), "--quiet"]
    assert main([*args, *flags]) == 0
    return out


def measured(name: str, persons: int) -> dict[str, float]:
    """The validation measure of case ``name`` on the run ``lifecourse run`` makes (the
    scenario's seed, ``persons``): one replication."""
    (case,) = [c for c in CASES if c.name == name]
    return {r.target.id: r.values[0] for r in run_case(case, replications=1, persons=persons)}


def test_the_reader_uses_nothing_of_the_package():
    tree = ast.parse((Path(__file__).parent / "panel_reader.py").read_text())
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert sorted(imported) == ["numpy", "pandas", "pathlib"]


def test_a_panel_row_per_person_present_per_month_partitioned_by_year(tmp_path):
    out = run_with_panel(tmp_path, ROOT / "scenarios" / "jobcoaching.yaml", 3000, "--panel")
    years = sorted(p.name for p in (out / "panel").iterdir())
    frame = pd.read_parquet(out / "panel")
    start = int(frame.month.astype(str).min()[:4])
    assert years == [f"year={y}" for y in range(start, start + len(years))]
    model = LifeCourseModel(ROOT / "scenarios" / "jobcoaching.yaml", persons=3000)
    present = []
    for _ in range(model.horizon_months):
        model.step()
        s = model.pop.labour_state
        present.append(int(np.count_nonzero((s != LabourState.DEAD) & (s != LabourState.ABROAD))))
    assert frame.groupby("t").size().tolist() == present
    last = frame[frame.t == model.steps].set_index("person").sort_index()
    employed = model.pop.labour_state[last.index] == LabourState.EMPLOYED
    assert (last.labour_state == "employed").tolist() == employed.tolist()
    assert np.array_equal(last.wage.to_numpy(), model.pop.wage[last.index])
    assert np.array_equal(last.partner_id.to_numpy(), model.pop.partner_id[last.index])
    assert np.array_equal(last.benefit_amount.to_numpy(), model.benefit_paid[last.index])
    arm = model.interventions[0].group[last.index]
    assert (last.jobcoaching_arm == "treated").tolist() == (arm == 1).tolist()
    coached = model.interventions[0].coached[last.index]
    assert last.jobcoaching_coached.tolist() == coached.tolist()
    events = pd.read_parquet(out / "panel_events.parquet")
    assert set(events.event) == {"treated", "coach_start", "coach_end"}
    treated = events[events.event == "treated"]
    assert sorted(treated.person) == sorted(np.flatnonzero(model.interventions[0].group == 1))
    # every coach that started and is still there has one more start than end
    starts = events[events.event == "coach_start"].person.value_counts()
    ends = events[events.event == "coach_end"].person.value_counts()
    balance = starts.sub(ends, fill_value=0)
    assert sorted(balance[balance == 1].index) == sorted(
        np.flatnonzero(model.interventions[0].coached)
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_a_run_without_the_panel_collects_and_writes_none(tmp_path):
    out = run_with_panel(tmp_path, ROOT / "scenarios" / "jobcoaching.yaml", 500)
    assert not (out / "panel").exists() and not (out / "panel_events.parquet").exists()
    assert LifeCourseModel(ROOT / "scenarios" / "jobcoaching.yaml", persons=500).observers == []
    spec = load_scenario(ROOT / "scenarios" / "base.yaml")
    assert "panel" not in spec.outputs


@pytest.mark.parametrize(
    ("case", "persons"),
    [("starters", 4000), ("ww_entrants", 4000), ("refugees", 3000), ("jobcoaching", 20000),
     ("almere", 4000)],
)  # fmt: skip
def test_the_targets_recomputed_from_the_output_files_equal_the_validation(tmp_path, case, persons):
    (spec,) = [c.scenario for c in CASES if c.name == case]
    out = run_with_panel(tmp_path, FOLDER / spec, persons, "--panel")
    expected = measured(case, persons)
    if case == "starters":
        got = dict(zip(("A5.4a", "A5.4b", "A5.4c"), reader.path_shares(out), strict=True))
    elif case == "ww_entrants":
        got = dict(
            zip(("A5.5a", "A5.5b", "A5.5c"), reader.path_shares(out, 24, from_ww=True), strict=True)
        )
    elif case == "refugees":
        mid_2017, mid_2019 = reader.survey(out, "2017-06"), reader.survey(out, "2019-06")
        got = {
            "A8.5a": mid_2017["working"],
            "A8.5b": mid_2017["inactive"],
            "A8.6": mid_2019["working"],
            "A8.7a": mid_2019["working_2014"],
            "A8.7b": mid_2019["working_2016"],
        }
    elif case == "jobcoaching":
        three_years = reader.work_after_3_years(out)
        got = {
            "A9.4": reader.coached_job_share(out, 6),
            "A9.5": three_years["working"],
            "A9.5b": three_years["without_coach"],
        }
    else:
        got = {f"A10.4_{k}": reader.exit_to_work_effect(out, k) for k in (6, 12, 18)}
    for target, value in got.items():
        assert value == pytest.approx(expected[target], abs=1e-12), target


def test_a_scenario_may_ask_for_the_panel(tmp_path):
    scenario = tmp_path / "with_panel.yaml"
    scenario.write_text(
        f"extends: {ROOT / 'scenarios' / 'base.yaml'}\nname: with-panel\n"
        "outputs: [aggregates, panel]\n"
    )
    out = run_with_panel(tmp_path, scenario, 300, "--years", "1")
    assert sorted(p.name for p in out.iterdir() if "panel" in p.name) == [
        "panel",
        "panel_events.parquet",
    ]
    assert pd.read_parquet(out / "panel").t.max() == 12
    assert pd.read_parquet(out / "panel_events.parquet").empty  # the base has no intervention
