"""Synthetic initial populations: a cross-section of the Netherlands, a birth cohort, groups.

Every share comes from ``population.yaml`` (or the process parameter files), drawn with the
common random numbers of the run at the start month, so the same seed gives the same people.

- **cross_section**: the Netherlands aged 15-67 at the start (default 2020).
- **cohort**: one birth cohort entering at age 12, followed to the AOW age.
- **groups**: a population of only starters, WW entrants, Wajong or WGA clients, long-term
  bijstand clients aged 45+, or a refugee arrival cohort (arrivals spread over 2014-2016).
"""

from __future__ import annotations

from simulation.parameters import Parameters
from simulation.population import Population
from simulation.synthesis.groups import Groups
from simulation.synthesis.people import Synthesizer

__all__ = ["GROUPS", "KINDS", "Synthesizer", "build_population"]

KINDS = ("cross_section", "cohort", "group")
GROUPS = (*Groups.GROUP_BUILDERS, "refugees")


def build_population(
    params: Parameters,
    kind: str,
    size: int,
    seed: int,
    start_month: int,
    horizon_months: int,
    group: str | None = None,
) -> Population:
    """The initial population of a run, with rows reserved for refugees arriving during it."""
    synth = Synthesizer(params, seed, start_month)
    if kind == "cross_section":
        pop = synth.cross_section(size)
    elif kind == "cohort":
        pop = synth.cohort(size)
    elif kind == "group":
        if group is None:
            raise ValueError(f"population kind 'group' needs a group; allowed: {', '.join(GROUPS)}")
        return synth.group(group, size)
    else:
        raise ValueError(f"unknown population kind {kind!r}; allowed: {', '.join(KINDS)}")
    if kind == "cross_section":
        synth.recent_immigrants(pop)
        pop.append(synth.future_entrants(size, horizon_months))
        extra = synth.scheduled_arrivals(size, start_month + horizon_months)
        if extra:
            pop.append(synth.arrivals(extra, start_month))
    return pop
