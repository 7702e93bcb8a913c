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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.income.inputs import Incomes, Persons
from simulation.income.rules import TaxRules


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
    taxable = np.maximum(np.asarray(taxable, dtype=np.float64), 0.0)
    premium_base = np.minimum(taxable, rules.premium_ceiling)
    insured_aow = ~np.asarray(aow_age, dtype=bool)
    aow = rules.aow_rate * premium_base * insured_aow
    anw = rules.anw_rate * premium_base
    wlz = rules.wlz_rate * premium_base
    brackets = rules.rates.amount(taxable) - rules.aow_rate * premium_base  # without AOW premium
    income_tax = brackets - anw - wlz
    return Levy(income_tax=income_tax, aow=aow, anw=anw, wlz=wlz)


def general_credit(taxable: np.ndarray, aow_age: np.ndarray, rules: TaxRules) -> np.ndarray:
    """The algemene heffingskorting (T2020.4-5)."""
    return np.where(aow_age, rules.general_aow_age.amount(taxable), rules.general.amount(taxable))


def labour_credit(labour: np.ndarray, aow_age: np.ndarray, rules: TaxRules) -> np.ndarray:
    """The arbeidskorting on labour income (T2020.7); from the AOW age without its AOW part."""
    credit = rules.labour.amount(np.maximum(labour, 0.0))
    return np.where(aow_age, credit * (1.0 - rules.aow_rate / rules.first_rate), credit)


def _shares(aow_age: np.ndarray, rules: TaxRules) -> tuple[np.ndarray, ...]:
    """Each component's share of a credit (T2020.3): its first-bracket rate over the sum."""
    first = np.where(aow_age, rules.first_rate - rules.aow_rate, rules.first_rate)
    premiums = rules.aow_rate + rules.anw_rate + rules.wlz_rate
    tax_rate = rules.first_rate - premiums
    return (
        tax_rate / first,
        np.where(aow_age, 0.0, rules.aow_rate) / first,
        rules.anw_rate / first,
        rules.wlz_rate / first,
    )


def _set_against(gross: Levy, credits: np.ndarray, shares: tuple[np.ndarray, ...]) -> Levy:
    parts = [
        np.maximum(component - credits * share, 0.0)
        for component, share in zip(
            (gross.income_tax, gross.aow, gross.anw, gross.wlz), shares, strict=True
        )
    ]
    return Levy(*parts)


def income_tax(incomes: Incomes, persons: Persons, rules: TaxRules) -> TaxResult:
    """Income tax, premiums, credits and contributions of every person (see the module)."""
    aow_age = persons.aow_age
    taxable = incomes.taxable
    partnered = persons.partner >= 0
    gross = levy(taxable, aow_age, rules)
    general = general_credit(taxable, aow_age, rules)
    labour = labour_credit(incomes.labour, aow_age, rules)
    elderly = np.where(aow_age, rules.elderly.amount(taxable), 0.0)
    single_elderly = np.where(aow_age & ~partnered, rules.single_elderly, 0.0)
    young_disabled = np.where(persons.wajong & ~aow_age, rules.young_disabled, 0.0)
    credits = general + labour + elderly + single_elderly + young_disabled
    shares = _shares(aow_age, rules)
    net = _set_against(gross, credits, shares)
    payout = _partner_payout(gross, net, general, labour, persons, rules)
    zvw_own, zvw_employer = zvw(incomes, rules)
    return TaxResult(
        taxable=taxable,
        levy=gross,
        general_credit=general,
        labour_credit=labour,
        elderly_credit=elderly,
        single_elderly_credit=single_elderly,
        young_disabled_credit=young_disabled,
        net=net,
        partner_payout=payout,
        zvw_own=zvw_own,
        zvw_employer=zvw_employer,
        employer_premiums=employer_premiums(incomes.wage, persons.permanent, rules),
    )


def _partner_payout(
    gross: Levy,
    net: Levy,
    general: np.ndarray,
    labour: np.ndarray,
    persons: Persons,
    rules: TaxRules,
) -> np.ndarray:
    """Art. 8.9 (T2020.6): a partner whose credits exceed their own levy has them raised to the
    test level (20% of the algemene heffingskorting and arbeidskorting in 2020; the whole
    algemene heffingskorting if born before 1963), at most what the other partner pays."""
    used = gross.total - net.total  # the credits each person could set against their own levy
    share = rules.partner_payout_share
    full = persons.birth_year < rules.partner_payout_full_born_before
    test_level = np.where(full, general, share * general) + share * labour
    raise_to = np.maximum(test_level - used, 0.0)
    partnered = persons.partner >= 0
    room = np.zeros_like(raise_to)
    room[partnered] = net.total[persons.partner[partnered]]
    payout = np.minimum(raise_to, room)
    return np.where(partnered, payout, 0.0)


def zvw(incomes: Incomes, rules: TaxRules) -> tuple[np.ndarray, np.ndarray]:
    """The income-dependent Zvw contribution (T2020.12): (own, employer's or UWV's levy); the
    employer's base counts first against the maximum."""
    employer_base = np.minimum(incomes.wage + incomes.uwv_benefit, rules.zvw_maximum)
    own_base = np.minimum(
        incomes.profit + incomes.aow + incomes.pension, rules.zvw_maximum - employer_base
    )
    return rules.zvw_own_rate * own_base, rules.zvw_employer_rate * employer_base


def employer_premiums(wage: np.ndarray, permanent: np.ndarray, rules: TaxRules) -> np.ndarray:
    """The employers' premiums for the employee insurances on wages (T2020.13): the Awf at the
    low rate for permanent contracts and the high rate otherwise, the Aof, the average Whk."""
    base = np.minimum(np.maximum(wage, 0.0), rules.maximum_wage)
    awf = np.where(permanent, rules.awf_low, rules.awf_high)
    return (awf + rules.aof + rules.whk) * base


def gross_bijstand(net: np.ndarray, aow_age: np.ndarray, rules: TaxRules) -> np.ndarray:
    """The gross bijstand that leaves ``net`` after the wage tax the municipality withholds
    with the algemene heffingskorting (loonheffingskorting) applied: the amount the allowances
    count as income (T2020.11). Found by bisection on the monotone net-of-tax function, over the
    rows with bijstand only (vectorised); exact to far below a cent."""
    net = np.maximum(np.asarray(net, dtype=np.float64), 0.0)
    out = np.zeros_like(net)
    rows = np.flatnonzero(net > 0)
    target, old = net[rows], np.asarray(aow_age, dtype=bool)[rows]
    shares = _shares(old, rules)
    low = target.copy()
    high = target / (1.0 - float(rules.rates.rates.max())) + 1.0
    for _ in range(60):
        middle = (low + high) / 2
        credits = general_credit(middle, old, rules)
        after = middle - _set_against(levy(middle, old, rules), credits, shares).total
        below = after < target
        low = np.where(below, middle, low)
        high = np.where(below, high, middle)
    out[rows] = (low + high) / 2
    return out
