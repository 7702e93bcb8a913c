"""The 2020 rules as compiled scalar functions: one person's tax, one household's allowances.

This module is the one implementation of the rules' arithmetic. The vectorised functions of
:mod:`~simulation.income.tax`, :mod:`~simulation.income.allowances` and
:mod:`~simulation.income.household` run it over their rows, and the model's yearly and monthly
household incomes (:mod:`simulation.income.columns`) call the same functions from its own
compiled pass, so the tests of the law's published amounts test what a run computes. Each
function takes the rule tables of :mod:`~simulation.income.rules` (``t``: TaxRules, ``a``:
AllowanceRules) and plain numbers; which rule each applies is said in the modules that wrap it.

The functions a household's income calls are inlined into their callers (``inline="always"``):
called, each copied its rule tables at every call, and the model's monthly and yearly pass took
half as long again (0.27 against 0.18 s for 745,000 households, measured); the price is compile
time on the first run (cached after, see README "Performance"). Not the gross-up of net
bijstand, which only bijstand households call: inlined, its loops were a third of the pass's
compile time.
"""

from __future__ import annotations

import numba
import numpy as np

#: Newton steps of the gross-up of net bijstand before it falls back to bisection, whose
#: bracket of width below 30,000 euro halves each step: 50 steps leave far less than a cent
GROSS_UP_NEWTON = 6
GROSS_UP_STEPS = 50


@numba.njit(cache=True, nogil=True)
def amount(s, x):  # pragma: no cover - compiled
    """A piecewise-linear schedule's total at ``x``: each band's rate on the part of ``x`` in
    the band."""
    total = 0.0
    n = len(s.bounds)
    for k in range(n):
        low = s.bounds[k]
        high = s.bounds[k + 1] if k + 1 < n else np.inf
        total += s.rates[k] * min(max(x - low, 0.0), high - low)
    return total


@numba.njit(cache=True, nogil=True)
def rate_at(s, x):  # pragma: no cover - compiled
    """The rate of the band holding ``x``: the last band whose lower bound is at most ``x``
    (the first band below all bounds)."""
    rate = s.rates[0]
    for k in range(len(s.bounds)):
        if s.bounds[k] <= x:
            rate = s.rates[k]
    return rate


@numba.njit(cache=True, nogil=True)
def credit(c, income):  # pragma: no cover - compiled
    """A heffingskorting at ``income``: the build-up (at most the maximum) or the maximum, less
    the phase-out above its start, never below nil."""
    full = min(amount(c.build_up, income), c.maximum) if c.built_up else c.maximum
    cut = c.phase_out_rate * max(income - c.phase_out_start, 0.0)
    return max(full - cut, 0.0)


# -- tax (T2020.1-13) -----------------------------------------------------------------------------
@numba.njit(cache=True, nogil=True)
def levy(taxable, aow_age, t):  # pragma: no cover - compiled
    """Box-1 levy before credits: (income tax, AOW, Anw, Wlz premiums)."""
    taxable = max(taxable, 0.0)
    base = min(taxable, t.premium_ceiling)
    aow = 0.0 if aow_age else t.aow_rate * base
    anw = t.anw_rate * base
    wlz = t.wlz_rate * base
    brackets = amount(t.rates, taxable) - t.aow_rate * base
    return brackets - anw - wlz, aow, anw, wlz


@numba.njit(cache=True, nogil=True)
def general_credit(taxable, aow_age, t):  # pragma: no cover - compiled
    return credit(t.general_aow_age, taxable) if aow_age else credit(t.general, taxable)


@numba.njit(cache=True, nogil=True)
def labour_credit(labour, aow_age, t):  # pragma: no cover - compiled
    value = credit(t.labour, max(labour, 0.0))
    return value * t.labour_factor_aow_age if aow_age else value


@numba.njit(cache=True, nogil=True)
def set_against(parts, credits, aow_age, t):  # pragma: no cover - compiled
    """What is left of each part of the levy after the credits, each credit split over income
    tax and the premiums by their first-bracket rates (T2020.3)."""
    shares = t.shares_aow_age if aow_age else t.shares
    income_tax, aow, anw, wlz = parts
    return (
        max(income_tax - credits * shares[0], 0.0),
        max(aow - credits * shares[1], 0.0),
        max(anw - credits * shares[2], 0.0),
        max(wlz - credits * shares[3], 0.0),
    )


@numba.njit(cache=True, nogil=True, inline="always")
def person_tax(taxable, labour, aow_age, partnered, wajong, t):  # pragma: no cover - compiled
    """One person's levy, credits and what is left: (levy parts, credits, net parts)."""
    parts = levy(taxable, aow_age, t)
    general = general_credit(taxable, aow_age, t)
    work = labour_credit(labour, aow_age, t)
    elderly = credit(t.elderly, taxable) if aow_age else 0.0
    single_elderly = t.single_elderly if aow_age and not partnered else 0.0
    young_disabled = t.young_disabled if wajong and not aow_age else 0.0
    credits = (general, work, elderly, single_elderly, young_disabled)
    total = general + work + elderly + single_elderly + young_disabled
    return parts, credits, set_against(parts, total, aow_age, t)


@numba.njit(cache=True, nogil=True, inline="always")
def partner_payout(used, general, work, birth_year, room, t):  # pragma: no cover - compiled
    """Art. 8.9 (T2020.6): credits raised to the test level, at most ``room`` (what the other
    partner pays); ``used``: the credits set against the person's own levy."""
    share = t.partner_payout_share
    full = birth_year < t.partner_payout_full_born_before
    test_level = (general if full else share * general) + share * work
    return min(max(test_level - used, 0.0), room)


@numba.njit(cache=True, nogil=True, inline="always")
def zvw(wage, profit, uwv, aow, pension, t):  # pragma: no cover - compiled
    """(own contribution, employer's or UWV's levy) (T2020.12)."""
    employer_base = min(wage + uwv, t.zvw_maximum)
    own_base = min(profit + aow + pension, t.zvw_maximum - employer_base)
    return t.zvw_own_rate * own_base, t.zvw_employer_rate * employer_base


@numba.njit(cache=True, nogil=True, inline="always")
def employer_premiums(wage, permanent, t):  # pragma: no cover - compiled
    """The employers' employee-insurance premiums on a wage (T2020.13)."""
    base = min(max(wage, 0.0), t.maximum_wage)
    awf = t.awf_low if permanent else t.awf_high
    return (awf + t.aof + t.whk) * base


@numba.njit(cache=True, nogil=True)
def net_of(gross, aow_age, t):  # pragma: no cover - compiled
    """What is left of ``gross`` after the wage tax withheld with the algemene heffingskorting."""
    parts = set_against(levy(gross, aow_age, t), general_credit(gross, aow_age, t), aow_age, t)
    return gross - (parts[0] + parts[1] + parts[2] + parts[3])


@numba.njit(cache=True, nogil=True)
def gross_bijstand(net, aow_age, t):  # pragma: no cover - compiled
    """The gross bijstand that leaves ``net`` after the wage tax (T2020.11). The net of a gross
    amount is piecewise linear in it, so Newton's steps on the local slope land exactly once in
    the right piece (two or three steps); bisection, as a safeguard, where they do not."""
    if net <= 0.0:
        return 0.0
    low = net
    top = 0.0
    for rate in t.rates.rates:
        top = max(top, rate)
    high = net / (1.0 - top) + 1.0
    gross = low
    for _ in range(GROSS_UP_NEWTON):
        after = net_of(gross, aow_age, t)
        if abs(after - net) < 1e-9:
            return gross
        slope = net_of(gross + 1.0, aow_age, t) - after
        if slope <= 0.0:
            break
        step = gross + (net - after) / slope
        if not low <= step <= high:
            break
        gross = step
    for _ in range(GROSS_UP_STEPS):
        middle = (low + high) / 2
        if net_of(middle, aow_age, t) < net:
            low = middle
        else:
            high = middle
    return (low + high) / 2


# -- allowances (A2020.1-6) ---------------------------------------------------------------------
@numba.njit(cache=True, nogil=True)
def awir(yearly, a):  # pragma: no cover - compiled
    """A toeslag as granted (A2020.2): whole euros, nil below the minimum."""
    rounded = np.floor(max(yearly, 0.0) + 0.5)
    return rounded if rounded >= a.minimum_yearly else 0.0


@numba.njit(cache=True, nogil=True, inline="always")
def zorgtoeslag(income, couple, adult, a):  # pragma: no cover - compiled
    if not adult:
        return 0.0
    premiums = a.standard_premium * (2.0 if couple else 1.0)
    share = a.share_of_threshold_couple if couple else a.share_of_threshold_single
    norm = share * a.threshold_income + a.share_above_threshold * max(
        income - a.threshold_income, 0.0
    )
    return awir(premiums - norm, a)


@numba.njit(cache=True, nogil=True)
def household_type(persons, aow):  # pragma: no cover - compiled
    return (1 if persons > 1 else 0) + (2 if aow else 0)


@numba.njit(cache=True, nogil=True)
def base_rent(income, kind, a):  # pragma: no cover - compiled
    y = max(income, 0.0)
    formula = a.base_rent_a[kind] * y * y + a.base_rent_b[kind] * y
    return max(formula + a.base_rent_constant, a.minimum_base_rent[kind])


@numba.njit(cache=True, nogil=True, inline="always")
def huurtoeslag(income, rent, persons, aow, young, a):  # pragma: no cover - compiled
    limit = a.quality_discount_limit if young else a.maximum_rent
    if rent <= 0.0 or rent > limit:
        return awir(0.0, a)
    basis = base_rent(income, household_type(persons, aow), a)
    quality = a.quality_discount_limit
    cap = a.capping_limit_high if persons >= 3 else a.capping_limit_low
    full = a.share_to_quality_limit * max(min(rent, quality) - basis, 0.0)
    middle = a.share_to_capping_limit * max(min(rent, cap) - max(basis, quality), 0.0)
    above_share = a.share_above_capping_limit if persons == 1 or aow else 0.0
    above = above_share * max(rent - max(basis, cap), 0.0)
    return awir(12.0 * (full + middle + above), a)


# A household's children are given either as ``ages`` (a row of ages, -1 padding its end) or,
# with an empty ``ages``, as ``n`` children, the youngest ``youngest`` years old and each next
# ``spacing`` years older (the model's own households, simulation.income.columns): the same
# functions either way, with no array to hand around per household.
@numba.njit(cache=True, nogil=True)
def children(ages, n, youngest, spacing):  # pragma: no cover - compiled
    """How many children: those of ``ages`` before the first -1, else ``n`` (none for an empty
    ``ages`` without ``n``: a table of households none of which has children is zero wide)."""
    if ages.size == 0:
        return max(n, 0)
    count = 0
    for age in ages:
        if age < 0:
            break
        count += 1
    return count


@numba.njit(cache=True, nogil=True)
def child_age(ages, youngest, spacing, j):  # pragma: no cover - compiled
    return ages[j] if ages.size else youngest + j * spacing


@numba.njit(cache=True, nogil=True, inline="always")
def kindgebonden_budget(income, couple, ages, a, n=-1, youngest=0, spacing=0):  # pragma: no cover
    """For the children (see above) for whom kinderbijslag is paid."""
    entitled = 0
    extra = 0.0
    for j in range(children(ages, n, youngest, spacing)):
        age = child_age(ages, youngest, spacing, j)
        if rate_at(a.kinderbijslag, age) > 0:
            entitled += 1
            extra += rate_at(a.budget_extra_by_age, age)
    if entitled == 0:
        return 0.0
    table = a.budget_by_children
    last = len(table) - 1
    base = table[min(entitled, last)] + a.budget_extra_per_child * max(entitled - last, 0)
    amount_ = base + extra + (0.0 if couple else a.single_parent_extra)
    threshold = a.threshold_income + (a.partner_threshold_extra if couple else 0.0)
    return awir(amount_ - a.budget_phase_out_rate * max(income - threshold, 0.0), a)


@numba.njit(cache=True, nogil=True, inline="always")
def kinderbijslag(ages, a, n=-1, youngest=0, spacing=0):  # pragma: no cover - compiled
    total = 0.0
    for j in range(children(ages, n, youngest, spacing)):
        total += rate_at(a.kinderbijslag, child_age(ages, youngest, spacing, j))
    return 4.0 * total


@numba.njit(cache=True, nogil=True, inline="always")
def allowances(
    joint, rent, partnered, adult, young, aow, ages, a, n=-1, youngest=0, spacing=0
):  # pragma: no cover
    """A household's (zorgtoeslag, huurtoeslag, kindgebonden budget, kinderbijslag)."""
    count = children(ages, n, youngest, spacing)
    size = 1 + partnered + count
    return (
        zorgtoeslag(joint, partnered, adult, a),
        huurtoeslag(joint, rent, size, aow, young and count == 0, a),
        kindgebonden_budget(joint, partnered, ages, a, n, youngest, spacing),
        kinderbijslag(ages, a, n, youngest, spacing),
    )
