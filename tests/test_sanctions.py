"""Bijstand sanctions (benefits.bijstand.sanction): some clients without work have the benefit
cut for not meeting an obligation (a maatregel), and look for work harder for a while."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import QUIET, START, make_population, make_world, rate_bounds, scenario

from simulation.codes import Benefit, Event, LabourState, Migration
from simulation.model import LifeCourseModel
from simulation.processes.benefits import Benefits

SANCTION = "benefits.bijstand.sanction"


def _clients(n: int, state: LabourState = LabourState.INACTIVE):
    pop = make_population(n, labour_state=state, months_in_state=3)
    pop.benefit[:] = Benefit.BIJSTAND
    pop.benefit_months[:] = 3
    return pop


def test_clients_without_work_are_sanctioned_at_the_rate_and_the_others_never(defaults):
    """Unemployed and inactive clients, not status holders and not working, are sanctioned at
    sanction.rate a month; the month is kept and the event recorded."""
    rate = 0.1
    params = defaults.with_overrides({**QUIET, f"{SANCTION}.rate": rate}, "test")
    n = 40_000
    pop = _clients(n)
    pop.labour_state[: n // 4] = LabourState.UNEMPLOYED
    pop.labour_state[n // 2 : n // 2 + 1000] = LabourState.EMPLOYED  # a small job beside it
    pop.wage[n // 2 : n // 2 + 1000] = 300.0
    pop.migration[-1000:] = Migration.REFUGEE
    world = make_world(pop)
    Benefits(params).bijstand(world)
    sanctioned = pop.sanction_month == START
    assert (pop.sanction_month[~sanctioned] == -1).all()
    assert not sanctioned[n // 2 : n // 2 + 1000].any() and not sanctioned[-1000:].any()
    idle = np.ones(n, dtype=bool)
    idle[n // 2 : n // 2 + 1000] = idle[-1000:] = False
    low, high = rate_bounds(rate, int(idle.sum()))
    assert low <= sanctioned.sum() / idle.sum() <= high
    assert world.log.count(Event.BIJSTAND_SANCTION) == sanctioned.sum()
    assert (pop.benefit[sanctioned] == Benefit.BIJSTAND).all()  # a cut, not an end


def test_a_sanction_cuts_the_benefit_for_its_months_exactly(defaults):
    """A single of 30 without income gets the single norm; in the sanction's month(s) that
    norm less sanction.cut of it, then the full norm again."""
    params = defaults.with_overrides({f"{SANCTION}.months": 2, f"{SANCTION}.cut": 0.4}, "test")
    benefits = Benefits(params)
    pop = _clients(3)
    pop.sanction_month[:] = [-1, START, START - 1]
    norm = defaults["benefits.bijstand.norm_single"]
    paid = benefits.amounts(pop, np.arange(3), START)
    assert paid == pytest.approx([norm, norm * 0.6, norm * 0.6], rel=1e-6)
    paid = benefits.amounts(pop, np.arange(3), START + 1)
    assert paid == pytest.approx([norm, norm * 0.6, norm], rel=1e-6)


def _finders(pop, **overrides) -> np.ndarray:
    rules = {
        **QUIET,
        "labour.job_finding": {"low": 0.05, "middle": 0.05, "high": 0.05},
        "labour.bijstand_factor": {"0": 1.0},
        "labour.search_to_inactive": 0.0,
        f"{SANCTION}.rate": 0.0,
        **overrides,
    }
    LifeCourseModel(scenario(parameters=rules, horizon=1 / 12), population=pop).run()
    return pop.labour_state == LabourState.EMPLOYED


def test_a_sanctioned_client_finds_work_more_often_for_the_effect_months(defaults):
    """Job finding times sanction.exit_factor in the effect_months after the sanction's month,
    with the same draws a superset of the unsanctioned clients' finds; before and after those
    months, exactly the same finds."""
    n = 40_000
    factor, effect = defaults[f"{SANCTION}.exit_factor"], defaults[f"{SANCTION}.effect_months"]
    plain = _finders(_clients(n, LabourState.UNEMPLOYED))
    for since, spurred in ((1, True), (effect, True), (effect + 1, False)):
        pop = _clients(n, LabourState.UNEMPLOYED)
        pop.sanction_month[:] = START - since
        found = _finders(pop)
        if not spurred:
            assert (found == plain).all()
            continue
        assert not (plain & ~found).any()
        ratio = found.sum() / plain.sum()
        assert abs(ratio - factor) < 4 * factor * np.sqrt(1 / plain.sum()), (since, ratio)
