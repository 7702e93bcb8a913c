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


def net_pension_tables(params: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """The net of a monthly gross pension of a person with a partner, below the AOW age (an
    early retiree's pension and bridging payment) and from it (the AOW and an occupational
    pension: no AOW premium, the ouderenkorting but not the single person's), for every whole
    euro a month to TOP: box 1 without the arbeidskorting, less the own Zvw contribution the
    pension fund and the SVB withhold (art. 32 Participatiewet deducts it with the tax); above
    the grid the top rate (net_tables) applies."""
    rules = IncomeRules.from_parameters(params).tax
    gross = np.arange(TOP + 1, dtype=np.float64)
    n = gross.size
    rows = np.arange(n)
    tables = []
    for age, birth_year, old in ((62, 1958, False), (68, 1952, True)):
        # each row's partner (rows n to 2n) has no income of their own
        persons = Persons(partner=np.concatenate([rows + n, rows]), age=[age] * 2 * n,
                          birth_year=[birth_year] * 2 * n, aow_age=[old] * 2 * n)  # fmt: skip
        pension = np.concatenate([12 * gross, np.zeros(n)])
        tax = income_tax(Incomes.of(2 * n, pension=pension), persons, rules)
        tables.append(gross - (tax.net.total[:n] + tax.zvw_own[:n]) / 12)
    return tables[0], tables[1]


@numba.njit(cache=True, nogil=True)
def net_monthly(table, top_rate, gross):  # pragma: no cover - compiled
    """The net of ``gross`` a month by ``table`` (net_tables), float64."""
    g = max(np.float64(gross), 0.0)
    last = table.size - 1
    if g >= last:
        return table[last] + (g - last) * (1.0 - top_rate)
    k = np.int64(g)
    return table[k] + (g - k) * (table[k + 1] - table[k])
