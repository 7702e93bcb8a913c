"""Allowances and child benefits of 2020 (simulation/income/allowances.py, allowances.yaml), and
the disposable income of the four households of issue #19.

Published amounts are matched to the euro, with their source beside them; where no published
example was found the test works the case out by hand from the law's formula, step by step, and
says so.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from helpers import one_line_error

from simulation.errors import ParameterError
from simulation.income import IncomeRules, Incomes, Persons, household_income
from simulation.income.allowances import (
    base_rent,
    household_type,
    huurtoeslag,
    kinderbijslag,
    kindgebonden_budget,
    zorgtoeslag,
)
from simulation.parameters import Parameters

MODAAL_2020 = 36_500.0  # CPB (see tests/test_tax.py)
#: the single bijstand norm of 1 July 2020 a month, holiday pay included (I2.1), net
BIJSTAND_SINGLE = 1059.03
NO = np.array([False])
YES = np.array([True])


@pytest.fixture(scope="module")
def rules(defaults):
    return IncomeRules.from_parameters(defaults).allowances


def ages(*rows: list[int]) -> np.ndarray:
    width = max(1, *(len(r) for r in rows))
    return np.array([r + [-1] * (width - len(r)) for r in rows])


# -- zorgtoeslag ----------------------------------------------------------------------------------
def test_zorgtoeslag_matches_kpmgs_maxima_and_income_ceilings(rules):
    # KPMG Meijburg, Promemorie 2020, p. 30, table 2.1: maximum zorgtoeslag EUR 1,250 (single)
    # and 2,397 (with a toeslagpartner); none above EUR 30,481 and 38,945
    z = lambda income, couple: zorgtoeslag(np.array([income]), np.array([couple]), YES, rules)  # noqa: E731
    assert z(15_000.0, False)[0] == 1250 and z(21_431.0, False)[0] == 1250
    assert z(15_000.0, True)[0] == 2397
    assert z(30_481.0, False)[0] == 24 and z(30_482.0, False)[0] == 0
    assert z(38_945.0, True)[0] == 24 and z(38_946.0, True)[0] == 0
    # by the formula between: 1,642 - 1.830% x 21,431 - 13.55% x (25,000 - 21,431) = 766.2
    assert z(25_000.0, False)[0] == 766
    # none for an applicant under 18
    assert zorgtoeslag(np.array([10_000.0]), NO, NO, rules)[0] == 0


# -- kindgebonden budget and kinderbijslag --------------------------------------------------------
def test_kindgebonden_budget_matches_the_published_amounts(rules):
    # stiptonline.nl 'Bedragen kindregelingen 2020' and KPMG Promemorie 2020 p. 30: EUR 1,185 for
    # one child, 2,190 for two, 2,487 for three, 2,784 for four, 297 for each further child;
    # 243 more a child of 12-15, 434 for 16-17; alleenstaande-ouderkop 3,190; the full budget up
    # to EUR 21,431 (single parent) and 38,181 (couple), then 6.75% less of the income above
    children = ages([4], [4, 8], [1, 2, 3], [1, 2, 3, 4], [1, 2, 3, 4, 5], [13, 16], [18], [])
    n = len(children)
    couple = np.ones(n, dtype=bool)
    budget = kindgebonden_budget(np.full(n, 38_181.0), couple, children, rules)
    assert list(budget) == [1185, 2190, 2487, 2784, 2784 + 297, 2190 + 243 + 434, 0, 0]
    alone = kindgebonden_budget(np.array([21_431.0]), NO, ages([4]), rules)
    assert alone[0] == 1185 + 3190
    # phase-out, worked by hand: 2,190 - 6.75% x (48,181 - 38,181) = 1,515
    assert kindgebonden_budget(np.array([48_181.0]), YES, ages([4, 8]), rules)[0] == 1515
    # single parent at 30,000: 4,375 - 6.75% x 8,569 = 3,796.6
    assert kindgebonden_budget(np.array([30_000.0]), NO, ages([4]), rules)[0] == 3797


def test_kinderbijslag_by_age(rules):
    # SVB, from 1 January 2020 a quarter: 221.49 (0-5), 268.95 (6-11), 316.41 (12-17)
    # (kandoor.nl; stiptonline.nl); nothing from 18
    benefit = kinderbijslag(ages([0], [5, 6], [11, 12, 17], [18], []), rules)
    assert benefit == pytest.approx(
        [4 * 221.49, 4 * (221.49 + 268.95), 4 * (268.95 + 2 * 316.41), 0, 0]
    )


# -- huurtoeslag ----------------------------------------------------------------------------------
def test_huurtoeslag_ends_at_the_incomes_the_mg_circulaire_publishes(rules):
    """MG-circulaire 2019-02 as published by huurdersbelanghsv.nl: the income at which the
    basishuur reaches the rent. The formula's factors were fitted to these points (A2020.4), so
    this checks the implementation of the formula and of the household types; the third point
    of the AOW-age multi-person households was not used by the fit."""
    published = [  # (persons, AOW age, rent a month, income a year)
        (1, False, 432.51, 23_762),
        (1, False, 619.01, 28_950),
        (2, False, 432.51, 30_931),
        (2, False, 619.01, 37_761),
        (3, False, 663.40, 39_223),
        (1, True, 432.51, 24_467),
        (1, True, 619.01, 28_892),
        (2, True, 432.51, 32_322),
        (2, True, 619.01, 37_951),
        (3, True, 663.40, 39_157),
    ]
    persons = np.array([p for p, *_ in published])
    aow = np.array([a for _, a, *_ in published])
    rent = np.array([r for *_, r, _ in published])
    income = np.array([y for *_, y in published], dtype=float)
    basis = base_rent(income, household_type(persons, aow), rules)
    assert basis == pytest.approx(rent, abs=0.10)
    young = np.zeros(len(rent), dtype=bool)
    # a little below those incomes there is huurtoeslag, a little above none for the renters
    # below the aftoppingsgrens
    assert all(huurtoeslag(income - 500, rent, persons, aow, young, rules) > 0)
    assert all(huurtoeslag(income + 100, rent, persons, aow, young, rules) == 0)


def test_huurtoeslag_pays_by_the_rent_bands(rules):
    """Worked by hand at the minimum basishuur of 2020 (EUR 232.65 below the AOW age): 100% of
    the rent to the kwaliteitskortingsgrens (432.51), 65% to the aftoppingsgrens (619.01 for one
    or two persons, 663.40 from three), 40% above it for one-person households only."""
    income = np.full(5, 12_000.0)
    rent = np.array([400.0, 700.0, 700.0, 700.0, 737.15])
    persons = np.array([1, 1, 2, 3, 1])
    monthly = huurtoeslag(income, rent, persons, np.zeros(5, bool), np.zeros(5, bool), rules) / 12
    basis = 232.65
    assert monthly[0] == pytest.approx(round(12 * (400 - basis)) / 12)
    single = 432.51 - basis + 0.65 * (619.01 - 432.51) + 0.40 * (700 - 619.01)
    couple = 432.51 - basis + 0.65 * (619.01 - 432.51)
    family = 432.51 - basis + 0.65 * (663.40 - 432.51)
    assert 12 * monthly[1:4] == pytest.approx([round(12 * x) for x in (single, couple, family)])
    assert monthly[4] == 0  # above the maximum rent of 737.14
    # households all under 23 without a child: no huurtoeslag above the kwaliteitskortingsgrens
    young = huurtoeslag(income[:2], rent[:2], persons[:2], np.zeros(2, bool), YES.repeat(2), rules)
    assert young[0] > 0 and young[1] == 0


def test_small_toeslagen_are_not_paid(rules):
    # AWIR: a yearly amount below EUR 24 is not granted (A2020.2)
    income = np.array([30_480.0, 30_482.0])
    assert list(zorgtoeslag(income, NO.repeat(2), YES.repeat(2), rules)) == [24, 0]


# -- the four households of issue #19 -------------------------------------------------------------
@pytest.fixture(scope="module")
def all_rules(defaults):
    return IncomeRules.from_parameters(defaults)


def test_a_couple_with_two_children_on_modal_income(all_rules):
    """One earner on CPB's 2020 modaal (EUR 36,500), a partner without income, children of 4
    and 8, renting at EUR 650 a month. No published example found: worked by hand."""
    persons = Persons(
        partner=[1, 0], age=[38, 36], birth_year=[1982, 1984], aow_age=[0, 0],
        rent=[650.0, 650.0], children=[[4, 8], [4, 8]],
    )  # fmt: skip
    result = household_income(Incomes.of(2, wage=[MODAAL_2020, 0.0]), persons, all_rules)
    # tax: 37.35% x 36,500 = 13,632.75 less 1,815.45 (AHK) and 3,726.24 (AK) = 8,091.06; the
    # partner gets 20% of 2,711 paid out: 542.20
    assert result.tax.paid.sum() == pytest.approx(8091.06 - 542.20, abs=0.01)
    # zorgtoeslag: 2 x 1,642 - 4.140% x 21,431 - 13.55% x (36,500 - 21,431) = 354.9
    assert result.zorgtoeslag[0] == 355
    # kindgebonden budget: two children, income below 38,181: the full 2,190
    assert result.kindgebonden_budget[0] == 2190
    # kinderbijslag: 4 x (221.49 + 268.95) = 1,961.76
    assert result.kinderbijslag[0] == pytest.approx(1961.76)
    # huurtoeslag: basishuur (multi) 3.6861e-7 x 36,500^2 + 0.0019854 x 36,500 + 18.44 = 582.0;
    # above the kwaliteitskortingsgrens, so 65% of 650 - 582.0 = 44.2 a month, 530 a year
    assert result.huurtoeslag[0] == 530
    disposable = MODAAL_2020 - (8091.06 - 542.20) + 355 + 530 + 2190 + 1961.76
    assert result.disposable[0] == pytest.approx(disposable, abs=0.01)  # 33,987.90
    assert result.disposable[1] == 0 and list(result.head) == [0, 0]
    assert result.disposable_monthly[0] == pytest.approx(disposable / 12, abs=0.01)


def test_a_single_parent_on_bijstand(all_rules):
    """The single norm (a single parent's since 2015) of 1 July 2020, EUR 1,059.03 a month net
    (I2.1), for the year; one child of 5; rent EUR 600. Worked by hand."""
    persons = Persons(
        partner=[-1], age=[34], birth_year=[1986], aow_age=[0], rent=[600.0], children=[[5]]
    )
    result = household_income(Incomes.of(1, bijstand=12 * BIJSTAND_SINGLE), persons, all_rules)
    # no tax on net bijstand; its gross amount, (12,708.36 - 2,711) / 0.6265 = 15,957.48,
    # is the toetsingsinkomen
    assert result.tax.paid[0] == 0
    assert result.toetsingsinkomen[0] == pytest.approx(15_957.48, abs=0.01)
    assert result.zorgtoeslag[0] == 1250  # below the drempelinkomen: the maximum (KPMG)
    assert result.kindgebonden_budget[0] == 1185 + 3190  # with the alleenstaande-ouderkop
    assert result.kinderbijslag[0] == pytest.approx(4 * 221.49)
    # huurtoeslag: two persons, basishuur the minimum 232.65; 432.51 - 232.65 + 65% x
    # (600 - 432.51) = 308.73 a month, 3,705 a year
    assert result.huurtoeslag[0] == 3705
    assert result.disposable[0] == pytest.approx(
        12 * BIJSTAND_SINGLE + 1250 + 3705 + 4375 + 4 * 221.49, abs=0.01
    )  # 22,924.32


def test_an_aow_age_couple(all_rules):
    """Both on the married AOW of 1 July 2020 (SVB: EUR 870.03 a month and 51.46 holiday pay),
    renting at EUR 550. Tax and Zvw as in tests/test_tax.py; the allowances worked by hand."""
    aow = 12 * (870.03 + 51.46)
    persons = Persons(
        partner=[1, 0], age=[70, 69], birth_year=[1950, 1951], aow_age=[1, 1],
        rent=[550.0, 550.0],
    )  # fmt: skip
    result = household_income(Incomes.of(2, aow=[aow, aow]), persons, all_rules)
    assert list(result.tax.paid) == [0, 0]
    # zorgtoeslag: 2 x 1,642 - 4.140% x 21,431 - 13.55% x (22,115.76 - 21,431) = 2,304.0
    assert result.zorgtoeslag[0] == 2304
    # huurtoeslag, AOW-age couple: the formula is below the minimum (229.02); 432.51 - 229.02 +
    # 65% x (550 - 432.51) = 279.86 a month, 3,358 a year
    assert result.huurtoeslag[0] == 3358
    assert result.kindgebonden_budget[0] == 0 and result.kinderbijslag[0] == 0
    disposable = 2 * aow - 2 * 0.0545 * aow + 2304 + 3358
    assert result.disposable[0] == pytest.approx(disposable, abs=0.01)  # 26,572.46


def test_a_single_on_the_minimum_wage_renting(all_rules):
    """The minimum-wage earner of tests/test_tax.py, renting at EUR 550: worked by hand."""
    wage = (6 * 1653.60 + 6 * 1680.00) * 1.08
    persons = Persons(partner=[-1], age=[30], birth_year=[1990], aow_age=[0], rent=[550.0])
    result = household_income(Incomes.of(1, wage=wage), persons, all_rules)
    # zorgtoeslag: 1,642 - 392.19 - 13.55% x (21,601.73 - 21,431) = 1,226.7
    assert result.zorgtoeslag[0] == 1227
    # basishuur (single) 6.3981e-7 x 21,601.73^2 + 0.0022225 x 21,601.73 + 18.44 = 298.55 +
    # 48.01 + 18.44 = 365.01; 432.51 - 365.01 + 65% x (550 - 432.51) = 143.87 a month, 1,726.45
    # a year, granted as 1,726
    assert result.huurtoeslag[0] == 1726
    assert result.disposable[0] == pytest.approx(wage - result.tax.paid[0] + 1227 + 1726, abs=0.01)


# -- bad allowance files --------------------------------------------------------------------------
ALLOWANCES = "simulation/parameters/allowances.yaml"


def _with_allowances(monkeypatch, path: str, value) -> None:
    from simulation import parameters

    trees = []
    for domain, where, tree in parameters._default_trees():
        if domain == "allowances":
            tree = copy.deepcopy(tree)
            node = tree
            *heads, last = path.split(".")
            for key in heads:
                node = node[key]
            node[last]["value"] = value
        trees.append((domain, where, tree))
    monkeypatch.setattr(parameters, "_default_trees", lambda: tuple(trees))


@pytest.mark.parametrize(
    ("path", "value", "needles"),
    [
        ("kinderbijslag", {0: 221.49, 12: 316.41, 6: 268.95}, ["6 comes after 12"]),
        ("kindgebonden_budget.extra_by_age", {0: 0, -12: 243}, ["band -12 is negative"]),
        ("kindgebonden_budget.phase_out_rate", 1.0675, ["phase_out_rate", "allowed: 0 to 1"]),
        ("zorgtoeslag.standard_premium", -1642, ["standard_premium", "not negative"]),
    ],
)
def test_a_bad_allowance_file_is_a_one_line_error(monkeypatch, capsys, path, value, needles):
    _with_allowances(monkeypatch, path, value)
    one_line_error(capsys, ["params"], ALLOWANCES, *needles)


@pytest.mark.parametrize(
    ("path", "value", "needle"),
    [
        ("kindgebonden_budget.amount_by_children", {1: 1185, 3: 2487}, "every number of children"),
        ("huurtoeslag.base_rent_a", {"single": 6e-7, "multi": 4e-7}, "keys ['multi', 'single']"),
    ],
)
def test_incomplete_allowance_tables_are_refused_when_read(monkeypatch, path, value, needle):
    _with_allowances(monkeypatch, path, value)
    with pytest.raises(ParameterError) as err:
        IncomeRules.from_parameters(Parameters.defaults())
    assert str(err.value).startswith(f"{ALLOWANCES}: parameter 'allowances.{path}'")
    assert needle in str(err.value) and "allowed:" in str(err.value)
