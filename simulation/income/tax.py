"""Box-1 income tax, the premiums for the national insurances and the heffingskortingen, 2020.

What each person pays (T2020.1-13, ``simulation/parameters/tax.yaml``), vectorised over persons:

1. the levy on box-1 income by the brackets (T2020.1); below the premium ceiling it is income tax
   plus the AOW, Anw and Wlz premiums (T2020.2); from the AOW age there is no AOW premium, so the
   first bracket's rate falls to 19.45%;
2. the heffingskortingen: the algemene heffingskorting (falling with income; the AOW-age amount
   from the AOW age, T2020.4-5), the arbeidskorting on labour income (T2020.7), the ouderenkorting
   and alleenstaande ouderenkorting from the AOW age (T2020.8-9), the jonggehandicaptenkorting for
   Wajong recipients (T2020.10);
3. each credit is split over income tax and the premiums in the proportion of their rates in the
   first bracket (T2020.3, Wet IB 2001 art. 8.3-8.7; from the AOW age without the AOW premium),
   and each part is at most the levy it is set against (art. 8.8): credits beyond the levy are
   lost, except
4. the part a partner without enough tax of their own may still get paid when the other partner
   pays enough (art. 8.9, T2020.6): 20% of the credits in 2020, the whole algemene heffingskorting
   for those born before 1963;
5. the income-dependent Zvw contribution (T2020.12): the employer's levy on wages (and UWV's on its
   benefits), the person's own on profit, AOW and pensions, together up to the maximum;
6. the employers' premiums for the employee insurances on wages (T2020.13: Awf by contract,
   Aof with the childcare surcharge, the average Whk), which the fiscal balance counts.

Simplified, and said where it matters: box 2 and 3 are not modelled, nor deductions (mortgage
interest, the ondernemersaftrek); the AOW-age brackets are those of people born from 1946; the
arbeidskorting from the AOW age is the credit below it without its AOW part (the published
AOW-age table differs by about 0.2%); the inkomensafhankelijke combinatiekorting and other
credits are not modelled; a person's age, partner and status are those of the whole year.

The arithmetic of one person is :mod:`simulation.income.kernels` (compiled); the functions here
run it over the rows and return the results as named arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from simulation.income import kernels as k
from simulation.income.inputs import Incomes, Persons
from simulation.income.rules import TaxRules

#: the columns of _taxes's table, in order
COLUMNS = (
    "taxable", "levy_tax", "levy_aow", "levy_anw", "levy_wlz", "general", "labour", "elderly",
    "single_elderly", "young_disabled", "net_tax", "net_aow", "net_anw", "net_wlz",
    "partner_payout", "zvw_own", "zvw_employer", "employer_premiums",
)  # fmt: skip
C = {name: j for j, name in enumerate(COLUMNS)}


@dataclass
class Levy:
    """Box-1 levy by component, before credits (euro a year per person)."""

    income_tax: np.ndarray
    aow: np.ndarray
    anw: np.ndarray
    wlz: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return self.income_tax + self.aow + self.anw + self.wlz


@dataclass
class TaxResult:
    """Per person, euro a year. ``paid`` is what the person pays in income tax and national
    insurance premiums after credits and any payout to them (negative: paid out on balance)."""

    taxable: np.ndarray
    levy: Levy
    general_credit: np.ndarray
    labour_credit: np.ndarray
    elderly_credit: np.ndarray
    single_elderly_credit: np.ndarray
    young_disabled_credit: np.ndarray
    #: what is left of each component after the credits (income tax, AOW, Anw, Wlz premiums)
    net: Levy
    #: the algemene heffingskorting (and arbeidskorting) paid out to a partner (art. 8.9)
    partner_payout: np.ndarray
    zvw_own: np.ndarray
    zvw_employer: np.ndarray
    employer_premiums: np.ndarray

    @property
    def credits(self) -> np.ndarray:
        """All credits before they are set against the levy."""
        return (
            self.general_credit
            + self.labour_credit
            + self.elderly_credit
            + self.single_elderly_credit
            + self.young_disabled_credit
        )

    @property
    def paid(self) -> np.ndarray:
        return self.net.total - self.partner_payout


def levy(taxable: np.ndarray, aow_age: np.ndarray, rules: TaxRules) -> Levy:
    """Box-1 income tax and national insurance premiums before credits (T2020.1-2)."""
    taxable = np.ascontiguousarray(taxable, dtype=np.float64)
    old = np.broadcast_to(np.asarray(aow_age, dtype=np.bool_), taxable.shape).copy()
    out = np.empty((taxable.size, 4))
    _levies(taxable, old, rules, out)
    return Levy(*out.T.copy())


@numba.njit(cache=True, nogil=True)
def _levies(taxable, aow_age, t, out):  # pragma: no cover - compiled
    for i in range(taxable.size):
        out[i, 0], out[i, 1], out[i, 2], out[i, 3] = k.levy(taxable[i], aow_age[i], t)


@numba.njit(cache=True, nogil=True)
def _taxes(sources, partner, birth_year, aow_age, wajong, permanent, t, out):  # pragma: no cover
    """Every person's row of COLUMNS; ``sources``: wage, profit, UWV benefit, AOW, pension."""
    for i in range(partner.size):
        wage, profit, uwv = sources[i, 0], sources[i, 1], sources[i, 2]
        aow, pension = sources[i, 3], sources[i, 4]
        taxable = wage + profit + uwv + aow + pension
        parts, credits, net = k.person_tax(
            taxable, wage + profit, aow_age[i], partner[i] >= 0, wajong[i], t
        )
        out[i, 0] = taxable
        for j in range(4):
            out[i, 1 + j] = parts[j]
            out[i, 10 + j] = net[j]
        for j in range(5):
            out[i, 5 + j] = credits[j]
        out[i, 15], out[i, 16] = k.zvw(wage, profit, uwv, aow, pension, t)
        out[i, 17] = k.employer_premiums(wage, permanent[i], t)
    for i in range(partner.size):  # art. 8.9 needs the other partner's tax after credits
        out[i, 14] = 0.0
        p = partner[i]
        if p >= 0:
            gross = out[i, 1] + out[i, 2] + out[i, 3] + out[i, 4]
            used = gross - (out[i, 10] + out[i, 11] + out[i, 12] + out[i, 13])
            room = out[p, 10] + out[p, 11] + out[p, 12] + out[p, 13]
            out[i, 14] = k.partner_payout(used, out[i, 5], out[i, 6], birth_year[i], room, t)


def tax_table(incomes: Incomes, persons: Persons, rules: TaxRules) -> np.ndarray:
    """The table of COLUMNS for every person (one compiled pass)."""
    sources = np.column_stack(
        [incomes.wage, incomes.profit, incomes.uwv_benefit, incomes.aow, incomes.pension]
    ).astype(np.float64)
    out = np.empty((len(persons), len(COLUMNS)))
    _taxes(
        sources, persons.partner, persons.birth_year, persons.aow_age, persons.wajong,
        persons.permanent, rules, out,
    )  # fmt: skip
    return out


def income_tax(incomes: Incomes, persons: Persons, rules: TaxRules) -> TaxResult:
    """Income tax, premiums, credits and contributions of every person (see the module)."""
    return tax_result(tax_table(incomes, persons, rules))


def tax_result(table: np.ndarray) -> TaxResult:
    """A TaxResult of tax_table's columns."""
    col = {name: table[:, j].copy() for name, j in C.items()}
    return TaxResult(
        taxable=col["taxable"],
        levy=Levy(*(col[f"levy_{p}"] for p in ("tax", "aow", "anw", "wlz"))),
        general_credit=col["general"],
        labour_credit=col["labour"],
        elderly_credit=col["elderly"],
        single_elderly_credit=col["single_elderly"],
        young_disabled_credit=col["young_disabled"],
        net=Levy(*(col[f"net_{p}"] for p in ("tax", "aow", "anw", "wlz"))),
        partner_payout=col["partner_payout"],
        zvw_own=col["zvw_own"],
        zvw_employer=col["zvw_employer"],
        employer_premiums=col["employer_premiums"],
    )


def gross_bijstand(net: np.ndarray, aow_age: np.ndarray, rules: TaxRules) -> np.ndarray:
    """The gross bijstand that leaves ``net`` after the wage tax the municipality withholds
    with the algemene heffingskorting (loonheffingskorting) applied: the amount the allowances
    count as income (T2020.11). Found by bisection on the monotone net-of-tax function
    (compiled, row by row); exact to far below a cent."""
    net = np.ascontiguousarray(np.maximum(np.asarray(net, dtype=np.float64), 0.0))
    old = np.broadcast_to(np.asarray(aow_age, dtype=np.bool_), net.shape).copy()
    out = np.empty_like(net)
    _gross_ups(net, old, rules, out)
    return out


@numba.njit(cache=True, nogil=True)
def _gross_ups(net, aow_age, t, out):  # pragma: no cover - compiled
    for i in range(net.size):
        out[i] = k.gross_bijstand(net[i], aow_age[i], t)
