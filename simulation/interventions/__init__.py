"""Interventions: switched on from a scenario's ``interventions:`` list.

Every intervention has the same parts, in the style of the monthly processes:

- **eligibility** — a mask over the population this month;
- **assignment** — who takes part: everyone, by ``uptake``, or in ``rct`` mode at random into a
  treatment and a control group (the control group is left exactly as in the base scenario);
- **effects** — multipliers on named transitions (``job_finding_factor``, ``job_loss_factor``
  columns that the labour process reads) or parameter changes, for a duration;
- **costs** — per participant and per month, so the net public cost can be counted.

Its random draws have their own streams (``interventions.<type>.*``), so switching an
intervention on changes no one's draws for the base processes: with common random numbers the
difference between scenarios is the policy.

**Adding a type** is one module in this folder with a subclass that sets ``kind`` (the name
scenarios use) and its entries under ``interventions.<kind>`` in
``simulation/parameters/interventions.yaml``: :func:`registry` finds every module here, and a
subclass registers itself. It runs at its ``runs_at`` point of the month
(:data:`simulation.model.PIPELINE`), by default "interventions", after migration and before
the bookkeeping.
"""

from __future__ import annotations

import importlib
import pkgutil

from simulation.interventions.base import CONTROL, NONE, TREATED, TYPES, Intervention

__all__ = ["CONTROL", "NONE", "TREATED", "Intervention", "registry"]


def registry() -> dict[str, type[Intervention]]:
    """Every intervention type by ``kind``: the modules of this package, imported once."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base":
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(TYPES)
