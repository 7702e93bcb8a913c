"""The scenario language: extends, sections, and errors that name file, line, key and choices."""

from pathlib import Path

import pytest

from simulation.errors import ScenarioError
from simulation.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_every_shipped_scenario_is_valid_and_described():
    files = sorted(SCENARIOS.glob("*.yaml"))
    assert len(files) >= 9
    for path in files:
        scenario = load_scenario(path)
        assert scenario.description.strip(), path


def test_extends_chains_with_the_child_winning(tmp_path):
    write(
        tmp_path,
        "a.yaml",
        "name: a\nseed: 1\nhorizon: 5\npopulation: {size: 1000, kind: cross_section}\n",
    )
    write(
        tmp_path,
        "b.yaml",
        "extends: a.yaml\nname: b\nseed: 2\nparameters: {labour.job_change: 0.01}\n",
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    c = write(sub, "c.yaml", "extends: ../b.yaml\nname: c\npopulation: {size: 500}\n")
    scenario = load_scenario(c)
    assert scenario.name == "c" and scenario.seed == 2 and scenario.horizon == 5
    assert scenario.population.size == 500 and scenario.population.kind == "cross_section"
    assert scenario.resolved_parameters()["labour.job_change"] == 0.01
    assert len(scenario.extends_chain) == 2


def test_extends_cycles_are_errors(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\nname: a\n")
    b = write(tmp_path, "b.yaml", "extends: a.yaml\nname: b\n")
    with pytest.raises(ScenarioError, match="extends makes a cycle"):
        load_scenario(b)


def test_a_missing_parent_is_an_error_with_the_line(tmp_path):
    path = write(tmp_path, "a.yaml", "name: a\nextends: nowhere.yaml\n")
    with pytest.raises(ScenarioError, match=r"a\.yaml:2: extends: no such scenario file"):
        load_scenario(path)


def test_interventions_economy_and_composition_become_parameter_overrides(tmp_path):
    path = write(
        tmp_path,
        "s.yaml",
        """
name: s
population:
  size: 1000
  composition: {parents_divorced: 0.3}
economy:
  cycle: {"2021-01": 0.8}
  sector_demand: {care: {"2021-01": 1.2}}
interventions:
  - type: case_management
    eligible: {min_age: 50}
    uptake: 0.6
  - type: bridge
    employer_participation: 0.5
""",
    )
    scenario = load_scenario(path)
    params = scenario.resolved_parameters()
    assert params["population.parents_divorced"] == 0.3
    assert params["economy.cycle"] == {"2021-01": 0.8}
    assert params["economy.sector_demand.care"] == {"2021-01": 1.2}
    assert params["interventions.case_management.eligible.min_age"] == 50
    assert params["interventions.case_management.uptake"] == 0.6
    assert params["interventions.bridge.employer_participation"] == 0.5
    assert params.entry("interventions.bridge.employer_participation").origin == str(path)
    assert scenario.intervention_types == ["case_management", "bridge"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("interventions:\n  - type: case_managment\n", "did you mean 'case_management'"),
        (
            "interventions:\n  - type: bridge\n    employer_participaton: 0.5\n",
            "did you mean 'employer_participation'",
        ),
        ("interventions:\n  - type: bridge\n    employer_participation: 1.5\n", "allowed: 0 to 1"),
        (
            "interventions:\n  - type: case_management\n    assignment: lottery\n",
            "allowed: all, uptake, rct",
        ),
        ("interventions:\n  - type: bridge\n  - type: bridge\n", "listed twice"),
        ("economy: {cycle: {'2020-4': 0.5}}\n", "write 'YYYY-MM'"),
        (
            "population: {composition: {parents_divorce: 0.3}}\n",
            "did you mean 'population.parents_divorced'",
        ),
        ("replications: 0\n", "replications"),
        ("start: {year: 2020, month: 13}\n", "start.month"),
    ],
)
def test_scenario_errors_name_the_problem(tmp_path, text, message):
    path = write(tmp_path, "bad.yaml", f"name: bad\n{text}")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_unknown_keys_give_the_line(tmp_path):
    path = write(tmp_path, "bad.yaml", "name: bad\nhorizon: 2\nintervention: []\n")
    with pytest.raises(
        ScenarioError,
        match=r"bad\.yaml:3: unknown key 'intervention' \(did you mean 'interventions'\?\)",
    ):
        load_scenario(path)
