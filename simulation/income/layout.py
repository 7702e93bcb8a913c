"""The shapes of the household-income pass (:mod:`simulation.income.columns`): what it reads
(``Inputs``, ``Setting``, ``When``), what it writes (``Out`` with its two tables of FLOWS and
HEADS), and the household types it tells apart."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

#: the household types the statistics report, in the order of the ``kind`` codes
HOUSEHOLD_KINDS = ("single", "couple", "couple_with_children", "single_parent", "aow_age")
#: the types of the rent assumption (allowances.huurtoeslag.monthly_rent), in order
RENT_KINDS = ("single", "couple", "single_parent", "couple_with_children")


class Inputs(NamedTuple):
    """The population columns the pass reads."""

    labour_state: np.ndarray
    benefit: np.ndarray
    contract: np.ndarray
    wage: np.ndarray
    partner_id: np.ndarray
    birth_month: np.ndarray
    sex: np.ndarray
    n_children: np.ndarray
    youngest_child_month: np.ndarray


class Setting(NamedTuple):
    """The integration's parameters (income.yaml, allowances A2020.7) as numbers and tuples."""

    holiday: float
    aow_single: float
    aow_couple: float
    pension_at_aow: float
    pension_before_aow: float
    spacing: int
    #: probability of living with one's parents by age in years, 0 to 30
    at_home: tuple[float, ...]
    premium: float
    one_adult: tuple[float, ...]
    two_adults: tuple[float, ...]
    extra_one: float
    extra_two: float
    trap_step: float
    #: by RENT_KINDS
    rent: tuple[float, ...]
    renting: tuple[float, ...]
    renting_low: tuple[float, ...]
    low_income_limit: float
    rent_spread: float


class When(NamedTuple):
    """What changes by month: the month, January of the income year, this year's AOW age in
    months, whether every household is computed (the start), whether the part kept of an extra
    euro is (January and the start), the trait keys."""

    month: int
    january: int
    aow_months: int
    full: bool
    trap: bool
    key_home: np.uint64
    key_tenure: np.uint64
    key_rent: np.uint64


#: the columns of Out.flows (float32; euro a year), what the monthly tally sums per row: the
#: person's own tax and premiums, their share of the household's allowances, and the
#: household's equivalised income and whether it is in the statistics
FLOWS = ("tax", "premiums", "zorg", "huur", "budget", "child", "equivalised", "counted")
TAX, PREMIUMS, ZORG, HUUR, BUDGET, CHILD, EQUIVALISED, COUNTED = range(len(FLOWS))
#: the columns of Out.heads (float32), the household's on its head row
HEADS = ("disposable", "size", "kind", "kept", "partner_earns_more")
DISPOSABLE, SIZE, KIND, KEPT, PARTNER_EARNS_MORE = range(len(HEADS))
#: both tables' width: a row in half a cache line (a household's update touches few lines)
WIDTH = 8


class Out(NamedTuple):
    """The pass's results, per row (two tables of WIDTH float32 columns, a row's together).
    ``flows`` (FLOWS): the person's income tax and national insurance premiums after credits
    and payouts, their Zvw and employee-insurance premiums, their share of the household's
    allowances (split over its adults), the household's equivalised income and 1 if it is in
    the statistics (both nil otherwise). ``heads`` (HEADS), on the head row (the couple's lower
    row): the household's disposable income, persons, kind (-1: not in the statistics), the part
    kept of an extra euro (NaN: not computed) and 1 if the partner is the main earner. ``hash``,
    ``ages`` and ``changed``: the pass's bookkeeping (fingerprints of the columns and, each
    January, of the ages the law reads; whether the row heads a household computed in the last
    update);
    ``decile``: the row's income decile at the start, set by the tracker."""

    hash: np.ndarray
    ages: np.ndarray
    changed: np.ndarray
    flows: np.ndarray
    heads: np.ndarray
    decile: np.ndarray
