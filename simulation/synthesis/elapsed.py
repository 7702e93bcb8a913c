"""How long the spells under way at the start have lasted, drawn from the model's own dynamics.

In a steady flow, the spells in progress on a given day that began ``d`` months earlier are
those that lasted ``d`` months or more, so the time already spent is distributed as
``S(d) / sum(S)``, with ``S(d)`` the chance that a spell lasts at least ``d`` months (renewal
theory; the "backward recurrence time"). Taking ``S`` from the model's own monthly exit hazards
makes the starting population's clocks those its dynamics would have produced. With the clocks
spread evenly over two years instead (``population.months_in_state_spread``, the earlier
assumption), half the inactive were in their first year out, when they start looking again at
11% a month against 1.5% later (``labour.inactive_to_search``), and unemployment jumped from 3.2%
to 4.7% in the first two months (issue 15: a start already in motion).

A spell cannot be older than the time since the person left school (``cap``).
"""

from __future__ import annotations

import numba
import numpy as np

from simulation.codes import Sex
from simulation.parameters import Parameters
from simulation.population import Population
from simulation.processes import read_table
from simulation.processes.labour import FindingRates, _big_city

#: the longest spell considered, months: the chance that any of these spells lasts longer is
#: below one in a thousand at the model's rates
LONGEST = 480


@numba.njit(cache=True, nogil=True)
def draw_elapsed(u, scale, base, cap, additive, factor):  # pragma: no cover - compiled
    """For each row ``k``, months already spent, ``d`` in 0..``cap[k]``, with probability
    proportional to ``S_k(d) = prod_{j<d} (1 - h_k(j))``, where the monthly exit hazard is
    ``h_k(j) = scale[k] * additive[j] + base[k] * factor[j]`` (the last cell of each table
    holds for longer spells); ``u``: a uniform draw per row."""
    out = np.zeros(u.size, np.int32)
    last_a, last_f = additive.size - 1, factor.size - 1
    for k in range(u.size):
        top = min(cap[k], LONGEST)
        total, s, end = 0.0, 1.0, 0
        for d in range(top + 1):  # the sum of S over the spells possible
            total += s
            end = d
            h = scale[k] * additive[min(d, last_a)] + base[k] * factor[min(d, last_f)]
            s *= 1.0 - min(max(h, 0.0), 1.0)
            if s < 1e-12:
                break
        target, acc, s = u[k] * total, 0.0, 1.0
        for d in range(end + 1):  # the first d whose cumulative S passes the draw
            acc += s
            out[k] = d
            if acc > target:
                break
            h = scale[k] * additive[min(d, last_a)] + base[k] * factor[min(d, last_f)]
            s *= 1.0 - min(max(h, 0.0), 1.0)
    return out


class Elapsed:
    """The exit hazards of the starting labour states, as the monthly processes apply them at a
    flat economy (job finding by education and its multipliers; the search moves)."""

    def __init__(self, params: Parameters):
        p = params
        self.rates = read_table(p, "labour", FindingRates, big_city_factor=_big_city(p))
        self.to_search = np.asarray(p.by_age("labour.inactive_to_search"), dtype=np.float64)
        self.to_search_by_age = p.by_age("labour.inactive_to_search_age_factor").astype(float)
        self.to_search_female = float(p["labour.inactive_to_search_female_factor"])
        self.stop_search = float(p["labour.search_to_inactive"])

    def job_finding(self, pop: Population, rows: np.ndarray, age: np.ndarray) -> np.ndarray:
        """A job seeker's monthly job finding before the duration's and the benefits' factors."""
        t = self.rates
        last_children = t.children_factor.size - 1
        hazard = t.job_finding[pop.education[rows]].astype(np.float64)
        hazard *= t.age_factor[np.minimum(age[rows], t.age_factor.size - 1)]
        hazard *= t.region_factor[pop.region[rows]]
        hazard *= t.big_city_factor[pop.big_city[rows].astype(np.int64)]
        hazard *= t.migration_factor[pop.migration[rows]]
        hazard *= t.health_factor[pop.health[rows]]
        hazard *= t.children_factor[np.minimum(pop.n_children[rows], last_children)]
        return hazard

    def _duration(self) -> np.ndarray:
        """The duration's factor on job finding, by months looking."""
        factor = np.ones(int(self.rates.long_term_months) + 1)
        factor[-1] = float(self.rates.long_term_factor)
        return factor

    def inactive(self, u, pop, rows, age, cap) -> np.ndarray:
        """Months inactive: they start looking (``inactive_to_search`` by months inactive, age
        and sex) or take a job without a search (``inactive_job_finding_factor``)."""
        base = self.job_finding(pop, rows, age) * float(self.rates.inactive_job_finding_factor)
        scale = self.to_search_by_age[age[rows]]
        scale = np.where(pop.sex[rows] == Sex.FEMALE, scale * self.to_search_female, scale)
        return draw_elapsed(u, scale, base, cap, self.to_search, np.ones(1))

    def seeking(self, u, pop, rows, age, cap) -> np.ndarray:
        """Months looking without WW: they find a job (slower from ``long_term_months``) or stop
        looking (``search_to_inactive``)."""
        base = self.job_finding(pop, rows, age)
        return draw_elapsed(
            u, np.ones(rows.size), base, cap, np.array([self.stop_search]), self._duration()
        )

    def on_ww(self, u, pop, rows, age, cap) -> np.ndarray:
        """Months on WW (``cap``: the entitlement's months less one): they find a job at WW's
        factor (slower from ``long_term_months``) and keep looking while it lasts."""
        base = self.job_finding(pop, rows, age) * float(self.rates.ww_job_finding_factor)
        return draw_elapsed(u, np.ones(rows.size), base, cap, np.zeros(1), self._duration())
