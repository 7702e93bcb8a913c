"""The immigrants of the ten years before the start, among a cross-section's people with a
migration background: when they came and why, so that their return migration (immigration.yaml,
CBS's departure shares by years since arrival) runs from the first month, as it does for the
immigrants who arrive during the run.

A mixin of :class:`simulation.synthesis.people.Synthesizer`.
"""

from __future__ import annotations

import numpy as np

from simulation.codes import Migration, Motive
from simulation.population import Population
from simulation.processes.immigration import RETURN_MONTHS, national_immigrants, return_hazards

#: CBS's departure shares stop at ten years; earlier arrivals count as residents
YEARS_BACK = RETURN_MONTHS[-1] // 12
#: the motives whose immigrants may return (asylum migrants are the refugees of A8.1, returning
#: Dutch are residents) and the ages adult immigrants had on arrival (immigration.age_weights:
#: work from 18, study from 17, family mostly 20-49)
MOTIVES = (Motive.WORK, Motive.FAMILY, Motive.STUDY)
AGES = (18, 50)


def stayed(months: np.ndarray, hazards: np.ndarray) -> np.ndarray:
    """The share of an immigration month still here ``months`` later, by origin (columns), at the
    return hazards of each period since arrival (``return_hazards``)."""
    ends = np.array(RETURN_MONTHS)
    begins = np.array((0, *RETURN_MONTHS[:-1]))
    within = np.clip(months[:, None] - begins[None, :], 0, ends - begins)  # months x periods
    return np.prod((1.0 - hazards[None, :, :]) ** within[:, :, None], axis=1)


class RecentImmigrants:
    """Marks recent immigrants in a cross-section (needs the synthesizer's draws)."""

    def survivors(self) -> np.ndarray:
        """Expected national survivors at the start of each earlier month's adult immigrants
        (arrived aged 18-49), by (months back 1..120, motive, origin 0 Western / 1
        non-Western)."""
        p = self.p
        months = np.arange(1, YEARS_BACK * 12 + 1)
        stay = stayed(months, return_hazards(p))
        path = p["immigration.national"]
        arrived = np.array([national_immigrants(path, (self.start - k) // 12) / 12 for k in months])
        shares = p["immigration.motive_shares"]
        western = p["immigration.western_share"]
        out = np.zeros((months.size, len(MOTIVES), 2))
        for j, motive in enumerate(MOTIVES):  # three motives, not persons
            name = motive.name.lower()
            origin = np.array([western[name], 1 - western[name]])
            # the part who arrived as adults of the ages marked (the rest are children and
            # older people, not marked)
            bands = {int(k): float(v) for k, v in p["immigration.age_weights"][name].items()}
            adult = sum(w for age, w in bands.items() if AGES[0] <= age < AGES[1])
            share = shares[name] * adult / sum(bands.values())
            out[:, j, :] = arrived[:, None] * share * origin[None, :] * stay
        return out

    def recent_immigrants(self, pop: Population) -> None:
        """Mark the survivors: as many of the cross-section's people aged 18-59 (adults on
        arrival, up to ten years ago) with a Western or non-Western background as the scale asks
        for (or all of them), each with a month of arrival and a motive drawn from the
        survivors' distribution for that background."""
        scale = pop.size / self.p["migration.arrivals.national_population_15_67"]
        expected = self.survivors() * scale
        age = pop.age_years(self.start)
        for origin, background in enumerate((Migration.WESTERN, Migration.NON_WESTERN)):
            weights = expected[:, :, origin].ravel()
            candidates = np.flatnonzero(
                (pop.migration == background) & (age >= AGES[0]) & (age < AGES[1] + YEARS_BACK)
            )
            order = np.argsort(self.u(f"recent.order.{origin}", pop, candidates), kind="stable")
            chosen = candidates[order[: min(round(float(weights.sum())), candidates.size)]]
            cells = np.searchsorted(
                np.cumsum(weights) / weights.sum(),
                self.u(f"recent.when.{origin}", pop, chosen),
                "right",
            )
            months_back, motive = np.divmod(cells, len(MOTIVES))
            pop.immigration_month[chosen] = self.start - (months_back + 1)
            pop.motive[chosen] = np.array(MOTIVES, dtype=np.int8)[motive]
