"""Helpers for tests: hand-made populations, worlds and scenarios."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulation.codes import LabourState
from simulation.events import EventLog
from simulation.population import Population
from simulation.processes import World
from simulation.random import Draws
from simulation.scenario import Scenario

START = 2020 * 12  # January 2020


def make_population(n: int, month: int = START, **columns: Any) -> Population:
    """``n`` persons aged 30, healthy, in work unless columns say otherwise."""
    pop = Population(n)
    pop.birth_month[:] = month - 30 * 12
    pop.labour_state[:] = LabourState.EMPLOYED
    pop.hours[:] = 36.0
    pop.wage[:] = 3000.0
    for name, value in columns.items():
        getattr(pop, name)[:] = value
    return pop


def make_world(pop: Population, month: int = START, seed: int = 1) -> World:
    world = World(pop=pop, draws=Draws(seed), log=EventLog(), month=month)
    world.start_month(month)
    return world


def scenario(**fields: Any) -> Scenario:
    """A scenario from keyword fields (``size`` goes into the population)."""
    data: dict[str, Any] = {"name": "test", "seed": 7}
    if "size" in fields:
        data["population"] = {"kind": "cross_section", "size": fields.pop("size")}
    data.update(fields)
    return Scenario.model_validate(data)


def rate_bounds(p: float, n: int, sigmas: float = 4.0) -> tuple[float, float]:
    """A binomial share's expected range: p plus or minus ``sigmas`` standard errors."""
    se = float(np.sqrt(p * (1 - p) / n))
    return p - sigmas * se, p + sigmas * se


#: parameters under which nothing happens but what a test looks at
QUIET = {
    "labour.job_loss": {"flex": 0.0, "self_employed": 0.0, "permanent": 0.0},
    "labour.employed_to_inactive": 0.0,
    "labour.job_change": 0.0,
    "health.physical_onset": {"0": 0.0},
    "health.mental_onset": {"0": 0.0},
    "family.partnering": {"0": 0.0},
    "family.births": {"0": 0.0},
    "family.separation": {"low": 0.0, "middle": 0.0, "high": 0.0},
    "demography.mortality.gompertz_a": {"male": 0.0, "female": 0.0},
    "benefits.bijstand.other_exit": 0.0,
    "labour.notice_search_factor": 0.0,
}


def one_line_error(capsys, argv: list[str], *needles: str) -> str:
    """Run ``lifecourse`` in process: exit 2, one line on stderr holding every needle, no
    traceback (argparse's refusals of a flag included)."""
    from simulation.cli import main

    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses the flag
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err
    return err
