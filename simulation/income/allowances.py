"""Allowances and child benefits of a household, 2020: zorgtoeslag, huurtoeslag, kindgebonden
budget (the toeslagen, under the AWIR) and kinderbijslag (A2020.1-6, ``allowances.yaml``).

Every function takes one row per household (arrays of equal length) and returns euro a year.
The toeslagen are household rules: the applicant and the toeslagpartner count together, their
toetsingsinkomen is their joint box-1 income (gross bijstand included). A yearly toeslag is
rounded to whole euros and not granted below EUR 24 (A2020.2).

Simplified, and said where it matters: the toeslagpartner is the fiscal partner; other adults in
the home (medebewoners, adult children) are not modelled; the asset tests (entries in the YAML)
are not applied, as the model holds no assets; the huurtoeslag's exceptions for the disabled and
for rights acquired before a rent rise are not applied; a child's age and the household are those
of the whole year (the law looks per month, kinderbijslag per quarter). The 2020 factors of the
basishuur formula were not found and are fitted to published break-even incomes (A2020.4; see
the YAML's derivation).
"""

from __future__ import annotations

import numpy as np

from simulation.income.rules import AllowanceRules


def awir(yearly: np.ndarray, rules: AllowanceRules) -> np.ndarray:
    """A toeslag as granted (A2020.2): rounded to whole euros, nil below the minimum."""
    rounded = np.floor(np.maximum(yearly, 0.0) + 0.5)
    return np.where(rounded >= rules.minimum_yearly, rounded, 0.0)


def zorgtoeslag(
    income: np.ndarray, couple: np.ndarray, adult: np.ndarray, rules: AllowanceRules
) -> np.ndarray:
    """Zorgtoeslag (A2020.1): the standaardpremie of each insured adult minus the normpremie, a
    share of the drempelinkomen and 13.55% of the joint income above it. ``adult``: the applicant
    is at least the minimum age (18)."""
    premiums = rules.standard_premium * np.where(couple, 2.0, 1.0)
    share = np.where(couple, rules.share_of_threshold_couple, rules.share_of_threshold_single)
    norm = share * rules.threshold_income + rules.share_above_threshold * np.maximum(
        income - rules.threshold_income, 0.0
    )
    return awir(np.where(adult, premiums - norm, 0.0), rules)


def household_type(persons: np.ndarray, aow: np.ndarray) -> np.ndarray:
    """Index into :data:`~simulation.income.rules.HOUSEHOLD_TYPES` (one or more persons, below
    or from the AOW age), the order of the basishuur's tables."""
    return np.where(persons > 1, 1, 0) + np.where(aow, 2, 0)


def base_rent(income: np.ndarray, kind: np.ndarray, rules: AllowanceRules) -> np.ndarray:
    """The basishuur (A2020.4), euro a month: a x Y^2 + b x Y + t of the yearly income Y, at
    least the minimum basishuur (which it meets at the minimum-inkomensijkpunt)."""
    y = np.maximum(income, 0.0)
    formula = rules.base_rent_a[kind] * y * y + rules.base_rent_b[kind] * y
    return np.maximum(formula + rules.base_rent_constant, rules.minimum_base_rent[kind])


def huurtoeslag(
    income: np.ndarray,
    rent: np.ndarray,
    persons: np.ndarray,
    aow: np.ndarray,
    young: np.ndarray,
    rules: AllowanceRules,
) -> np.ndarray:
    """Huurtoeslag (A2020.3-4), euro a year, for households paying ``rent`` a month.

    ``persons``: the household's size (the aftoppingsgrens is higher from three persons);
    ``aow``: the applicant or partner has reached the AOW age (ouderenhuishouden); ``young``:
    everyone is under 23 and there is no child (then the most rent is the kwaliteitskortingsgrens).
    Above the basishuur the rent is paid 100% up to the kwaliteitskortingsgrens, 65% up to the
    aftoppingsgrens and, for one-person and AOW-age households, 40% above it; no huurtoeslag
    above the maximum rent.
    """
    rent = np.asarray(rent, dtype=np.float64)
    kind = household_type(persons, aow)
    basis = base_rent(income, kind, rules)
    quality = rules.quality_discount_limit
    cap = np.where(persons >= 3, rules.capping_limit_high, rules.capping_limit_low)
    full = rules.share_to_quality_limit * np.maximum(np.minimum(rent, quality) - basis, 0.0)
    middle = rules.share_to_capping_limit * np.maximum(
        np.minimum(rent, cap) - np.maximum(basis, quality), 0.0
    )
    above_share = np.where((persons == 1) | aow, rules.share_above_capping_limit, 0.0)
    above = above_share * np.maximum(rent - np.maximum(basis, cap), 0.0)
    limit = np.where(young, quality, rules.maximum_rent)
    monthly = np.where((rent > 0) & (rent <= limit), full + middle + above, 0.0)
    return awir(12.0 * monthly, rules)


def kindgebonden_budget(
    income: np.ndarray, couple: np.ndarray, ages: np.ndarray, rules: AllowanceRules
) -> np.ndarray:
    """Kindgebonden budget (A2020.5) for the children ``ages`` (households x children, -1 for
    none) for whom kinderbijslag is paid: an amount by their number, more for children of 12 and
    16 and over, the alleenstaande-ouderkop without a partner; it falls by 6.75% of the joint
    income above the drempelinkomen (raised for couples)."""
    children = _entitled(ages, rules)
    n = children.sum(axis=1)
    table = rules.budget_by_children
    last = len(table) - 1
    base = table[np.minimum(n, last)] + rules.budget_extra_per_child * np.maximum(n - last, 0)
    extra = np.where(children, rules.budget_extra_by_age.rate_at(np.maximum(ages, 0)), 0.0)
    amount = base + extra.sum(axis=1) + np.where(couple, 0.0, rules.single_parent_extra)
    threshold = rules.threshold_income + np.where(couple, rules.partner_threshold_extra, 0.0)
    cut = rules.budget_phase_out_rate * np.maximum(income - threshold, 0.0)
    return awir(np.where(n > 0, amount - cut, 0.0), rules)


def kinderbijslag(ages: np.ndarray, rules: AllowanceRules) -> np.ndarray:
    """Kinderbijslag (A2020.6), euro a year: four quarters of each child's amount by age."""
    quarterly = np.where(ages >= 0, rules.kinderbijslag.rate_at(np.maximum(ages, 0)), 0.0)
    return 4.0 * quarterly.sum(axis=1)


def _entitled(ages: np.ndarray, rules: AllowanceRules) -> np.ndarray:
    """Children for whom kinderbijslag is paid (the kindgebonden budget's condition)."""
    return (ages >= 0) & (rules.kinderbijslag.rate_at(np.maximum(ages, 0)) > 0)
