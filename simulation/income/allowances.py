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

The arithmetic is :mod:`simulation.income.kernels` (compiled, one household at a time); the
functions here run it over their rows.
"""

from __future__ import annotations

import numba
import numpy as np

from simulation.income import kernels as k
from simulation.income.rules import AllowanceRules


def _floats(x, n: int | None = None) -> np.ndarray:
    array = np.ascontiguousarray(x, dtype=np.float64)
    return np.broadcast_to(array, (n,)).copy() if n is not None and array.ndim == 0 else array


def _rows(x, n: int, dtype) -> np.ndarray:
    return np.broadcast_to(np.asarray(x, dtype=dtype), (n,)).copy()


def zorgtoeslag(
    income: np.ndarray, couple: np.ndarray, adult: np.ndarray, rules: AllowanceRules
) -> np.ndarray:
    """Zorgtoeslag (A2020.1): the standaardpremie of each insured adult minus the normpremie, a
    share of the drempelinkomen and 13.55% of the joint income above it. ``adult``: the applicant
    is at least the minimum age (18)."""
    income = _floats(income)
    n = income.size
    out = np.empty(n)
    _zorg(income, _rows(couple, n, np.bool_), _rows(adult, n, np.bool_), rules, out)
    return out


@numba.njit(cache=True, nogil=True)
def _zorg(income, couple, adult, a, out):  # pragma: no cover - compiled
    for i in range(income.size):
        out[i] = k.zorgtoeslag(income[i], couple[i], adult[i], a)


def household_type(persons: np.ndarray, aow: np.ndarray) -> np.ndarray:
    """Index into :data:`~simulation.income.rules.HOUSEHOLD_TYPES` (one or more persons, below
    or from the AOW age), the order of the basishuur's tables."""
    return np.where(np.asarray(persons) > 1, 1, 0) + np.where(aow, 2, 0)


def base_rent(income: np.ndarray, kind: np.ndarray, rules: AllowanceRules) -> np.ndarray:
    """The basishuur (A2020.4), euro a month: a x Y^2 + b x Y + t of the yearly income Y, at
    least the minimum basishuur (which it meets at the minimum-inkomensijkpunt)."""
    income = _floats(income)
    kind = _rows(kind, income.size, np.int64)
    out = np.empty(income.size)
    _base_rents(income, kind, rules, out)
    return out


@numba.njit(cache=True, nogil=True)
def _base_rents(income, kind, a, out):  # pragma: no cover - compiled
    for i in range(income.size):
        out[i] = k.base_rent(income[i], kind[i], a)


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
    income = _floats(income)
    n = income.size
    out = np.empty(n)
    _huur(
        income, _floats(rent, n), _rows(persons, n, np.int64), _rows(aow, n, np.bool_),
        _rows(young, n, np.bool_), rules, out,
    )  # fmt: skip
    return out


@numba.njit(cache=True, nogil=True)
def _huur(income, rent, persons, aow, young, a, out):  # pragma: no cover - compiled
    for i in range(income.size):
        out[i] = k.huurtoeslag(income[i], rent[i], persons[i], aow[i], young[i], a)


def kindgebonden_budget(
    income: np.ndarray, couple: np.ndarray, ages: np.ndarray, rules: AllowanceRules
) -> np.ndarray:
    """Kindgebonden budget (A2020.5) for the children ``ages`` (households x children, -1 for
    none) for whom kinderbijslag is paid: an amount by their number, more for children of 12 and
    16 and over, the alleenstaande-ouderkop without a partner; it falls by 6.75% of the joint
    income above the drempelinkomen (raised for couples)."""
    income = _floats(income)
    ages = np.ascontiguousarray(ages, dtype=np.int64).reshape(income.size, -1)
    out = np.empty(income.size)
    _budgets(income, _rows(couple, income.size, np.bool_), ages, rules, out)
    return out


@numba.njit(cache=True, nogil=True)
def _budgets(income, couple, ages, a, out):  # pragma: no cover - compiled
    for i in range(income.size):
        out[i] = k.kindgebonden_budget(income[i], couple[i], ages[i], a)


def kinderbijslag(ages: np.ndarray, rules: AllowanceRules) -> np.ndarray:
    """Kinderbijslag (A2020.6), euro a year: four quarters of each child's amount by age."""
    ages = np.ascontiguousarray(ages, dtype=np.int64)
    ages = ages.reshape(ages.shape[0], -1) if ages.ndim else ages.reshape(1, 1)
    out = np.empty(ages.shape[0])
    _child_benefits(ages, rules, out)
    return out


@numba.njit(cache=True, nogil=True)
def _child_benefits(ages, a, out):  # pragma: no cover - compiled
    for i in range(ages.shape[0]):
        out[i] = k.kinderbijslag(ages[i], a)
