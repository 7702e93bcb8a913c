"""The month's contract: one pipeline in a documented order, processes that change only the
columns they declare, parameter tables read by name, and one registry of interventions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NamedTuple

import numpy as np
import pytest

from simulation.codes import Education
from simulation.interventions import Intervention, registry
from simulation.model import PIPELINE, LifeCourseModel
from simulation.parameters import Parameters
from simulation.population import SCHEMA
from simulation.processes import At, Bands, By, read_table
from simulation.scenario import INTERVENTION_TYPES, ScenarioError, load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def test_the_month_runs_the_pipeline_in_order():
    model = LifeCourseModel(persons=500, years=1, seed=3)
    assert [name for name, _ in model.pipeline] == [s for s in PIPELINE if s != "interventions"]
    assert model.pipeline[-1][0] == "bookkeeping"


def test_interventions_run_at_their_point_in_scenario_order():
    spec = load_scenario(SCENARIOS / "package.yaml")
    model = LifeCourseModel(spec, persons=500, years=1)
    names = [name for name, _ in model.pipeline]
    hooked = [n for n in names if n.startswith("interventions.")]
    kinds = [name.removeprefix("interventions.") for name in hooked]
    assert sorted(kinds) == sorted(spec.intervention_types)
    assert len(hooked) >= 2
    # each right after its step (case management after the labour market, so its small jobs
    # are small before the means test), the others after migration, before the bookkeeping
    late = [n for n in hooked if not n.endswith("case_management")]
    assert [k for k in spec.intervention_types if k != "case_management"] == [
        n.removeprefix("interventions.") for n in late
    ]
    assert names.index("migration") < names.index(late[0])
    assert names.index(late[-1]) < names.index("bookkeeping")
    assert names.index("labour") + 1 == names.index("interventions.case_management")


def changed_columns(model: LifeCourseModel, months: int) -> dict[str, set[str]]:
    """Which columns each step of the month changed, over ``months`` months."""
    changed: dict[str, set[str]] = {name: set() for name, _ in model.pipeline}
    for _ in range(months):
        model.world.start_month(model.month)
        for name, step in model.pipeline:
            before = {c: getattr(model.pop, c).copy() for c in SCHEMA}
            step(model.world)
            for column in SCHEMA:  # the rows that existed before the step (not newborns')
                now = getattr(model.pop, column)[: before[column].size]
                if not np.array_equal(before[column], now):
                    changed[name].add(column)
        model.steps += 1
    return changed


@pytest.mark.parametrize(
    "scenario", ["base.yaml", "refugees_base.yaml", "jobcoaching.yaml", "package.yaml"]
)
def test_each_step_changes_only_the_columns_it_declares(scenario):
    model = LifeCourseModel(SCENARIOS / scenario, persons=3000, years=2, seed=5)
    steps = dict(model.pipeline)
    changed = changed_columns(model, 14)
    for name, columns in changed.items():
        undeclared = columns - set(steps[name].writes)
        assert not undeclared, f"{name} changed {sorted(undeclared)} without declaring them"
    # the check has teeth: the busy steps did change columns
    assert {"labour_state", "contract", "wage"} <= changed["labour"]
    assert "work_bits" in changed["bookkeeping"]


class _Table(NamedTuple):
    job_finding: Annotated[np.ndarray, By(Education)]
    age_factor: Annotated[np.ndarray, Bands()]
    children_factor: Annotated[np.ndarray, Bands(4)]
    long_term_factor: np.float32
    long_term_months: int
    wga_job_finding: Annotated[float, At("health.wga_job_finding")]
    doubled: float


def test_a_parameter_table_reads_each_field_by_its_name():
    p = Parameters.defaults().with_overrides(
        {
            "labour.job_finding": {"low": 0.1, "middle": 0.2, "high": 0.3},
            "labour.age_factor": {15: 1.5, 25: 1.0, 60: 0.5},
            "labour.children_factor": {0: 1.0, 2: 0.9},
            "labour.long_term_factor": 0.6,
            "labour.long_term_months": 12,
            "health.wga_job_finding": 0.01,
        },
        "test",
    )
    t = read_table(p, "labour", _Table, doubled=2 * 0.6)
    assert t.job_finding.tolist() == pytest.approx([0.1, 0.2, 0.3])
    assert t.job_finding.dtype == np.float32
    assert t.age_factor[[14, 15, 24, 25, 59, 60, 120]].tolist() == [0, 1.5, 1.5, 1, 1, 0.5, 0.5]
    assert t.children_factor.tolist() == pytest.approx([1.0, 1.0, 0.9, 0.9])
    assert type(t.long_term_factor) is np.float32 and t.long_term_factor == np.float32(0.6)
    assert type(t.long_term_months) is int and t.long_term_months == 12
    assert t.wga_job_finding == 0.01
    assert t.doubled == 1.2
    with pytest.raises(TypeError, match="no fields"):
        read_table(p, "labour", _Table, doubled=1.0, typo=2.0)


def test_one_registry_of_intervention_types():
    kinds = registry()
    assert set(INTERVENTION_TYPES) == set(kinds)
    sections = {path.split(".")[1] for path in Parameters.defaults().paths("interventions.")}
    assert set(kinds) == sections, "every type has parameters, every parameter section a type"
    for kind, cls in kinds.items():
        assert issubclass(cls, Intervention) and cls.kind == kind
        assert cls.runs_at in PIPELINE


def test_an_unknown_intervention_type_names_the_allowed_ones(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: s\ninterventions:\n  - type: coaching\n")
    with pytest.raises(ScenarioError, match=r"unknown intervention type 'coaching'.*jobcoaching"):
        load_scenario(path)
