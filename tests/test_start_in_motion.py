"""The start in motion (issue 15): a cross-section lives the months before the start
(``population.past_months``), and spells under way at the synthesis have the durations the
model's own exit hazards imply (simulation.synthesis.elapsed)."""

from __future__ import annotations

import numpy as np
import pytest

from simulation.codes import Benefit, LabourState, Sex
from simulation.experiment import compare
from simulation.model import LifeCourseModel
from simulation.population import SCHEMA
from simulation.scenario import as_scenario
from simulation.synthesis.elapsed import draw_elapsed


def _grid(n: int) -> np.ndarray:
    """n uniforms at the midpoints of n equal cells: their histogram is the distribution's
    own to within 1/n a cell."""
    return (np.arange(n) + 0.5) / n


def test_elapsed_months_of_a_constant_hazard_are_a_truncated_geometric():
    h, cap, n = 0.2, 10, 100_000
    u = _grid(n)
    months = draw_elapsed(u, np.ones(n), np.zeros(n), np.full(n, cap), np.array([h]), np.ones(1))
    expected = (1 - h) ** np.arange(cap + 1)
    expected /= expected.sum()
    observed = np.bincount(months, minlength=cap + 1) / n
    assert np.abs(observed - expected).max() <= 1 / n


def test_elapsed_months_follow_a_step_in_the_hazard_and_each_rows_cap():
    """A row's base hazard times the duration's factor adds to the shared hazard: a hazard
    that falls after two months makes longer spells likelier than before it; no spell is
    older than its row's cap."""
    n = 100_000
    u = _grid(n)
    base = np.full(n, 0.1)
    factor = np.array([1.0, 1.0, 0.0])  # the base hazard stops after two months
    months = draw_elapsed(u, np.ones(n), base, np.full(n, 50), np.array([0.05]), factor)
    s = np.cumprod(np.r_[1.0, [1 - (0.05 + 0.1 * factor[min(d, 2)]) for d in range(50)]])
    expected = s / s.sum()
    observed = np.bincount(months, minlength=51) / n
    assert np.abs(observed - expected).max() <= 1 / n
    capped = draw_elapsed(u, np.ones(n), base, np.full(n, 3), np.array([0.05]), factor)
    assert capped.max() == 3 and capped.min() == 0
    zero = draw_elapsed(u, np.ones(n), base, np.zeros(n, np.int64), np.array([0.05]), factor)
    assert not zero.any()


@pytest.fixture(scope="module")
def lived():
    """A cross-section that lived its past, and the same people without it."""
    spec = as_scenario("scenarios/base.yaml").with_changes(
        population={"kind": "cross_section", "size": 12_000}
    )
    with_past = LifeCourseModel(spec, years=1 / 12, seed=5, record_events=False)
    without = LifeCourseModel(
        spec, years=1 / 12, seed=5, record_events=False, parameters={"population.past_months": 0}
    )
    return with_past, without


def test_the_start_holds_what_the_past_leaves_behind(lived):
    """People work beside WW (partial WW) only once the monthly rules have run; children born
    in the past are rows of the simulation with their mother."""
    with_past, without = lived
    assert with_past.past_months == 48 and without.past_months == 0

    def partial_ww(pop):
        return int(np.sum((pop.benefit == Benefit.WW) & (pop.labour_state == LabourState.EMPLOYED)))

    assert partial_ww(without.pop) == 0
    assert partial_ww(with_past.pop) >= 10
    pop, start = with_past.pop, with_past.start_month
    born = (pop.birth_month >= start - 48) & (pop.birth_month < start) & (pop.mother_id >= 0)
    assert born.sum() >= 50 and np.all(pop.sex[pop.mother_id[born]] == Sex.FEMALE)
    # the run goes on from the start: its first month is the start month
    assert with_past.month == start


def test_the_start_after_its_past_is_near_the_2019_levels(lived):
    """The start as a run sees it (after the past) near CBS's and UWV's 2019 levels; the
    validation case baseline holds them against the published figures."""
    ind = lived[0].indicators
    assert 0.78 < ind["employment_rate_20_64"] < 0.84  # S4: 81.0%
    assert ind["female_employment_25_45"] > 0.78  # A3.2: over 80%; CBS 81.4% at 25-44
    assert 0.03 < ind["unemployment_rate"] < 0.045  # S4: 3.4%
    assert 0.015 < ind["share_ww"] < 0.03  # S6: about 1.96%
    assert 0.015 < ind["share_bijstand"] < 0.05  # S6: about 3.65%
    assert 0.01 < ind["share_wajong"] < 0.03  # S6: about 2.1%
    assert 0.55 < ind["permanent_share"] < 0.75  # S5: about a third flexible


def test_a_comparison_starts_every_scenario_from_the_bases_past():
    """An alternative lives the base's past (``past``): the same people at the start, column
    by column, although its own rules would have changed them; compare does this."""
    base = as_scenario("scenarios/base.yaml").with_changes(
        population={"kind": "cross_section", "size": 3_000}
    )
    longer = as_scenario("scenarios/policy/ww_38_months.yaml").with_changes(
        population={"kind": "cross_section", "size": 3_000}
    )
    a = LifeCourseModel(base, years=1 / 12, seed=3, record_events=False)
    b = LifeCourseModel(longer, years=1 / 12, seed=3, record_events=False, past=base)
    own = LifeCourseModel(longer, years=1 / 12, seed=3, record_events=False)
    for column in SCHEMA:
        assert np.array_equal(getattr(a.pop, column), getattr(b.pop, column)), column
    assert not np.array_equal(a.pop.ww_months_left, own.pop.ww_months_left)
    result = compare([base, longer], replications=1, persons=3_000, years=1 / 12)
    first = {run.scenario: run.series.iloc[0] for run in result.runs}
    assert first[base.name].equals(first[longer.name])
