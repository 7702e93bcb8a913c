"""Net monthly income from a gross monthly amount, for bijstand's means test.

The Participatiewet counts a household's net income (art. 31-32: income less the wage tax and
premiums withheld on it) against the net norm, and leaves the allowances out (zorgtoeslag,
huurtoeslag, kindgebonden budget and kinderbijslag are not means, art. 31 lid 2): so the test
reads net earnings and net benefits, not disposable income. The tables here give the net of a
monthly gross wage (with the algemene heffingskorting and the arbeidskorting the employer
applies) and of a monthly gross UWV benefit (without the arbeidskorting), below the AOW age,
computed once from the 2020 rules of :mod:`simulation.income` on a grid of whole euros and read
by linear interpolation (the net is piecewise linear in the gross, so the grid's error is a
fraction of a cent); above the grid the top rate applies.
"""

from __future__ import annotations

import numba
import numpy as np

from simulation.income.inputs import Incomes, Persons
from simulation.income.rules import IncomeRules
from simulation.income.tax import income_tax
from simulation.parameters import Parameters

#: the monthly gross amounts the tables cover, in whole euros (far above any bijstand household)
TOP = 20_000


def net_tables(params: Parameters) -> tuple[np.ndarray, np.ndarray, float]:
    """(net of a wage, net of a benefit, the top rate) for every whole euro a month to TOP."""
    rules = IncomeRules.from_parameters(params).tax
    gross = np.arange(TOP + 1, dtype=np.float64)
    n = gross.size
    persons = Persons(partner=[-1] * n, age=[40] * n, birth_year=[1980] * n, aow_age=[0] * n)
    tables = []
    for source in ("wage", "uwv_benefit"):
        tax = income_tax(Incomes.of(n, **{source: 12 * gross}), persons, rules)
        tables.append(gross - tax.net.total / 12)
    return tables[0], tables[1], float(max(rules.rates.rates))


@numba.njit(cache=True, nogil=True)
def net_monthly(table, top_rate, gross):  # pragma: no cover - compiled
    """The net of ``gross`` a month by ``table`` (net_tables), float64."""
    g = max(np.float64(gross), 0.0)
    last = table.size - 1
    if g >= last:
        return table[last] + (g - last) * (1.0 - top_rate)
    k = np.int64(g)
    return table[k] + (g - k) * (table[k + 1] - table[k])
