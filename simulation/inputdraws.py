"""Input draws: the uncertain parameters of a comparison, drawn once per replication.

Like Vivarium's input draws: ``lifecourse compare --parameter-uncertainty`` gives every
parameter with an ``uncertainty:`` block (:mod:`simulation.parameters.uncertainty`) one value
per replication, before any run starts (never in the monthly step, so the engine's speed does
not change). The uniform behind a draw is a pure function of (the comparison's seed, the
replication, the parameter's path), like every other random number of the model
(:mod:`simulation.random`): the same for the base and every alternative, so a pair of runs
shares its parameters as it shares its stochastic draws, and their difference is still the
policy alone. Replications then differ in both, and the paired intervals hold both kinds of
uncertainty.

Each scenario turns the shared uniform into a value through its own block, so where the
scenarios agree on a parameter's range (the default files) they get the same value; a scenario
that fixes a parameter (a value override without a range) keeps its value in every replication.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from simulation.errors import LifecourseError
from simulation.parameters.uncertainty import describe
from simulation.random import scalar_uniform
from simulation.scenario import Scenario

#: the stream name of a parameter's draw: 'parameter_uncertainty/<path>'
STREAM = "parameter_uncertainty/"
#: the draws table's columns
COLUMNS = ("replication", "seed", "parameter", "quantile", "drawn_value", "scenarios")


def parameter_uniform(seed: int, replication: int, path: str) -> float:
    """The uniform in (0, 1) behind parameter ``path``'s draw in ``replication``."""
    return scalar_uniform(seed, STREAM + path, replication)


def uncertain_entries(specs: Sequence[Scenario], names: Sequence[str]) -> dict[str, dict]:
    """Per scenario name its entries with an uncertainty block, by path; none in any scenario
    is a :class:`LifecourseError` (checked before a comparison starts)."""
    ranged = {
        name: {e.path: e for e in spec.resolved_parameters().uncertain()}
        for spec, name in zip(specs, names, strict=True)
    }
    if not any(ranged.values()):
        raise LifecourseError(
            "--parameter-uncertainty: no parameter of these scenarios has an uncertainty block;"
            " allowed: scenarios with at least one (see 'lifecourse params' and the README's"
            " 'Parameter uncertainty')"
        )
    return ranged


def draw_scenarios(
    specs: Sequence[Scenario], names: Sequence[str], seed: int, replications: int
) -> tuple[list[list[Scenario]], pd.DataFrame, list[dict[str, Any]]]:
    """Per scenario and replication the scenario with its drawn parameters as overrides, the
    draws table (replication, seed, parameter, quantile, drawn_value and the scenarios that drew
    it: one row per replication and parameter where the scenarios agree) and what was drawn
    (per parameter its range, source and the scenarios that drew it). A comparison in which no
    scenario has an uncertain parameter is a :class:`LifecourseError`."""
    ranged = uncertain_entries(specs, names)
    paths = sorted({path for entries in ranged.values() for path in entries})
    rows = []
    drawn: list[list[Scenario]] = []
    for spec, name in zip(specs, names, strict=True):
        runs = []
        for r in range(replications):
            overrides = {}
            for path, entry in ranged[name].items():
                u = parameter_uniform(seed, r, path)
                value = entry.uncertainty.quantile(u)
                rows.append((r, seed + r, path, u, float(value), name))
                overrides[path] = {
                    "value": value,
                    "source": f"parameter uncertainty: replication {r}'s draw from"
                    f" {describe(entry.uncertainty.record())} ({entry.uncertainty.source})",
                }
            runs.append(spec.with_changes(parameters={**spec.parameters, **overrides}))
        drawn.append(runs)
    table = pd.DataFrame(rows, columns=[*COLUMNS[:-1], "scenario"])
    keys = list(COLUMNS[:-1])  # scenarios that drew the same value share a row
    table = table.groupby(keys, sort=True).scenario.agg(", ".join).reset_index()
    return drawn, table.rename(columns={"scenario": "scenarios"}), _summary(ranged, names, paths)


def _summary(ranged: dict, names: Sequence[str], paths: list[str]) -> list[dict[str, Any]]:
    """Per parameter path and distinct block: its range in words, source and scenarios."""
    out = []
    for path in paths:
        blocks: dict[tuple, dict[str, Any]] = {}
        for name in names:
            entry = ranged[name].get(path)
            if entry is None:
                continue
            record = entry.uncertainty.record()
            item = blocks.setdefault(
                tuple(sorted((k, str(v)) for k, v in record.items())),
                {"parameter": path, "unit": entry.unit, "point_value": entry.value, **record,
                 "range": describe(record), "scenarios": []},
            )  # fmt: skip
            item["scenarios"].append(name)
        out.extend(blocks.values())
    return out
