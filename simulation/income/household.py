"""Households and their disposable income: the persons' taxes, the household's allowances.

A household is a person without a partner, or a couple (``Persons.partner``), with the children
living with them. Household amounts sit on the household's head row (the couple's lower row) and
are nil on the partner's row, so a sum over persons is a sum over households;
``HouseholdIncome.head`` maps every person to their head row.

Disposable income here is the household's gross income from every source, minus the income tax
and national insurance premiums it pays (after credits and payouts) and its own Zvw contribution,
plus the net bijstand and the allowances and child benefits. It is not yet CBS's besteedbaar
inkomen: the nominal health-insurance premium, alimony and box 2 and 3 are left out (the
comparison with CBS belongs to the outcomes, a later step of issue #19).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from simulation.income import kernels as k
from simulation.income.inputs import Incomes, Persons
from simulation.income.rules import IncomeRules
from simulation.income.tax import C, TaxResult, gross_bijstand, tax_result, tax_table


@dataclass
class HouseholdIncome:
    """The result: per person the tax, per household (on the head row) the rest; euro a year."""

    tax: TaxResult
    #: the gross amount of each person's net bijstand (counted as income by the allowances)
    bijstand_gross: np.ndarray
    #: every person's household head row
    head: np.ndarray
    #: the household's joint toetsingsinkomen (box-1 income with gross bijstand)
    toetsingsinkomen: np.ndarray
    zorgtoeslag: np.ndarray
    huurtoeslag: np.ndarray
    kindgebonden_budget: np.ndarray
    kinderbijslag: np.ndarray
    #: gross income of all sources (bijstand net) minus tax, premiums and own Zvw, plus the
    #: allowances: euro a year, on the head row
    disposable: np.ndarray

    @property
    def is_head(self) -> np.ndarray:
        return self.head == np.arange(len(self.head))

    @property
    def allowances(self) -> np.ndarray:
        """The toeslagen and kinderbijslag together (on the head row)."""
        return self.zorgtoeslag + self.huurtoeslag + self.kindgebonden_budget + self.kinderbijslag

    @property
    def disposable_monthly(self) -> np.ndarray:
        return self.disposable / 12.0


#: columns of the tax table the household pass reads
C_TAXABLE, C_PAYOUT, C_ZVW_OWN = C["taxable"], C["partner_payout"], C["zvw_own"]
C_NET_TAX, C_NET_AOW, C_NET_ANW, C_NET_WLZ = (C[f"net_{p}"] for p in ("tax", "aow", "anw", "wlz"))


def household_income(incomes: Incomes, persons: Persons, rules: IncomeRules) -> HouseholdIncome:
    """Taxes of every person and allowances and disposable income of every household."""
    n = len(persons)
    table = tax_table(incomes, persons, rules.tax)
    bijstand_gross = gross_bijstand(incomes.bijstand, persons.aow_age, rules.tax)
    out = np.zeros((n, 6))
    _households(
        table, np.ascontiguousarray(incomes.bijstand, dtype=np.float64), bijstand_gross,
        persons.partner, persons.age, persons.aow_age, persons.rent, persons.children,
        rules.allowances, out,
    )  # fmt: skip
    rows = np.arange(n)
    partner = persons.partner
    head = np.where(partner >= 0, np.minimum(rows, partner), rows)
    return HouseholdIncome(
        tax=tax_result(table),
        bijstand_gross=bijstand_gross,
        head=head,
        toetsingsinkomen=out[:, 0].copy(),
        zorgtoeslag=out[:, 1].copy(),
        huurtoeslag=out[:, 2].copy(),
        kindgebonden_budget=out[:, 3].copy(),
        kinderbijslag=out[:, 4].copy(),
        disposable=out[:, 5].copy(),
    )


@numba.njit(cache=True, nogil=True)
def net_income(table, bijstand, i):  # pragma: no cover - compiled
    """A person's income after tax, premiums and the own Zvw contribution (bijstand net)."""
    paid = (
        table[i, C_NET_TAX] + table[i, C_NET_AOW] + table[i, C_NET_ANW] + table[i, C_NET_WLZ]
        - table[i, C_PAYOUT]
    )  # fmt: skip
    return table[i, C_TAXABLE] + bijstand[i] - paid - table[i, C_ZVW_OWN]


@numba.njit(cache=True, nogil=True)
def _households(table, bijstand, gross, partner, age, aow, rent, kids, a, out):  # pragma: no cover
    """On each head row: toetsingsinkomen, the four allowances, disposable income."""
    for i in range(partner.size):
        p = partner[i]
        if 0 <= p < i:
            continue  # the partner's row is the head
        other = p if p >= 0 else i
        joint = table[i, C_TAXABLE] + gross[i]
        if p >= 0:
            joint += table[p, C_TAXABLE] + gross[p]
        mine = 0
        theirs = 0
        for j in range(kids.shape[1]):
            mine += kids[i, j] >= 0
            theirs += kids[other, j] >= 0
        ages = kids[other] if theirs > mine else kids[i]
        young = age[i] < a.young_age and age[other] < a.young_age
        parts = k.allowances(
            joint, max(rent[i], rent[other]), p >= 0, age[i] >= a.zorg_minimum_age, young,
            aow[i] or aow[other], ages, a,
        )  # fmt: skip
        net = net_income(table, bijstand, i) + (net_income(table, bijstand, p) if p >= 0 else 0.0)
        out[i, 0] = joint
        for j in range(4):
            out[i, 1 + j] = parts[j]
        out[i, 5] = net + parts[0] + parts[1] + parts[2] + parts[3]
