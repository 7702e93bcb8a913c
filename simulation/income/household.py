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

import numpy as np

from simulation.income import allowances as toeslagen
from simulation.income.inputs import Incomes, Persons
from simulation.income.rules import IncomeRules
from simulation.income.tax import TaxResult, gross_bijstand, income_tax


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


def household_income(incomes: Incomes, persons: Persons, rules: IncomeRules) -> HouseholdIncome:
    """Taxes of every person and allowances and disposable income of every household."""
    n = len(persons)
    rows = np.arange(n)
    partner = persons.partner
    partnered = partner >= 0
    head = np.where(partnered, np.minimum(rows, partner), rows)
    other = np.where(partnered, partner, rows)  # the partner's row, or the person's own

    tax = income_tax(incomes, persons, rules.tax)
    bijstand_gross = gross_bijstand(incomes.bijstand, persons.aow_age, rules.tax)
    own = tax.taxable + bijstand_gross
    joint = own + np.where(partnered, own[other], 0.0)

    ages = _household_children(persons.children, other)
    n_children = (ages >= 0).sum(axis=1)
    size = 1 + partnered + n_children
    aow = persons.aow_age | persons.aow_age[other]
    adult = persons.age >= rules.allowances.zorg_minimum_age
    young = (
        (persons.age < rules.allowances.young_age)
        & (persons.age[other] < rules.allowances.young_age)
        & (n_children == 0)
    )
    rent = np.maximum(persons.rent, persons.rent[other])
    a = rules.allowances
    is_head = head == rows
    zorg = np.where(is_head, toeslagen.zorgtoeslag(joint, partnered, adult, a), 0.0)
    huur = np.where(is_head, toeslagen.huurtoeslag(joint, rent, size, aow, young, a), 0.0)
    budget = np.where(is_head, toeslagen.kindgebonden_budget(joint, partnered, ages, a), 0.0)
    child = np.where(is_head, toeslagen.kinderbijslag(ages, a), 0.0)

    net_person = incomes.taxable + incomes.bijstand - tax.paid - tax.zvw_own
    net_household = net_person + np.where(partnered, net_person[other], 0.0)
    disposable = np.where(is_head, net_household + zorg + huur + budget + child, 0.0)
    return HouseholdIncome(
        tax=tax,
        bijstand_gross=bijstand_gross,
        head=head,
        toetsingsinkomen=np.where(is_head, joint, 0.0),
        zorgtoeslag=zorg,
        huurtoeslag=huur,
        kindgebonden_budget=budget,
        kinderbijslag=child,
        disposable=disposable,
    )


def _household_children(children: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The household's children: the row of the partner with more of them."""
    mine = (children >= 0).sum(axis=1)
    theirs = mine[other]
    return np.where((theirs > mine)[:, None], children[other], children)
