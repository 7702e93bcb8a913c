"""The vectorized engine against the idiomatic Mesa reference (tests/mesa_reference.py): fed
the same people and the same draws, both end every month in the same states."""

from __future__ import annotations

import numpy as np
from mesa_reference import ReferenceModel, draw, pair

from simulation.codes import LabourState
from simulation.random import uniforms

COMPARED = ("labour_state", "benefit", "partner_id", "education", "field", "school_left_month")


def test_reference_draws_are_the_engines_draws():
    ids = np.arange(0, 5000, 37)
    expected = uniforms(5, "education.leave", 24_243, ids)
    assert [draw(5, "education.leave", 24_243, int(i)) for i in ids] == expected.tolist()


def run_both(engine, reference, months: int) -> None:
    for month in range(months):
        engine.step()
        reference.step()
        for column in COMPARED:
            np.testing.assert_array_equal(
                reference.column(column), getattr(engine.pop, column),
                err_msg=f"{column} differs after month {month + 1}",
            )  # fmt: skip


def test_a_cross_section_dies_and_retires_alike():
    engine, reference = pair(persons=6000, years=4)
    assert isinstance(reference, ReferenceModel) and len(reference.agents) == engine.pop.size
    start = engine.pop.labour_state.copy()
    run_both(engine, reference, 48)
    state = engine.pop.labour_state
    # the comparison has teeth: deaths, partners widowed, retirements
    assert (state == LabourState.DEAD).sum() > 10
    assert ((state == LabourState.RETIRED) & (start != LabourState.RETIRED)).sum() > 100


def test_a_cohort_leaves_school_alike():
    engine, reference = pair(persons=4000, years=7, kind="cohort")
    run_both(engine, reference, 84)
    pop = engine.pop
    left = pop.school_left_month >= engine.start_month
    assert left.sum() > 1000
    dropped = left & (pop.education == 0) & (pop.target_education > 0)
    assert (dropped & pop.parents_divorced).sum() > 5  # the divorce factor was exercised
