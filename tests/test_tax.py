"""Income tax, premiums and credits of 2020 (simulation/income/tax.py, parameters/tax.yaml).

Published amounts are matched to the euro, with their source beside them; where no published
example was found the test works the case out by hand from the law's formula, step by step, and
says so. A bad tax file (a negative bracket, a rate above 100%, brackets out of order, premiums
that do not fit inside the first bracket) is a one-line error naming the file and the field.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from helpers import one_line_error

from simulation.errors import ParameterError
from simulation.income import IncomeRules, Incomes, Persons, household_income
from simulation.income.tax import gross_bijstand, income_tax, levy
from simulation.parameters import Parameters

#: the adult minimum wage of 2020 a month: 1 January and 1 July (I7.1)
MINIMUM_WAGE_JANUARY, MINIMUM_WAGE_JULY = 1653.60, 1680.00
#: CPB's modaal income of 2020, gross a year with holiday pay: EUR 36,500 (CPB, as reported by
#: rot-zeg.com 'CPB modaal inkomen': "Het bruto modale inkomen is volgens het CPB in 2020
#: EUR 36.500 (vakantietoeslag meegerekend)"; an earlier CPB forecast said 37,000)
MODAAL_2020 = 36_500.0


@pytest.fixture(scope="module")
def rules(defaults):
    return IncomeRules.from_parameters(defaults)


def single(n: int = 1, **columns) -> Persons:
    base = {"partner": [-1] * n, "age": [40] * n, "birth_year": [1980] * n, "aow_age": [False] * n}
    base.update(columns)
    return Persons(**base)


def tax_of(rules, persons: Persons | None = None, **sources):
    persons = persons or single(len(np.atleast_1d(next(iter(sources.values())))))
    return income_tax(Incomes.of(len(persons), **sources), persons, rules.tax)


def test_the_2020_brackets_below_and_from_the_aow_age(rules):
    # Belastingdienst 2020 (as transcribed from the loonheffing tables, stevermeister data.json):
    # below the AOW age 37.35% to EUR 68,507 (9.70% tax + 27.65% premiums to 34,712), 49.50%
    # above; from the AOW age (born from 1946) 19.45% to 34,712, then 37.35% and 49.50%
    incomes = np.array([10_000.0, 34_712.0, 68_507.0, 100_000.0])
    below = levy(incomes, np.zeros(4, bool), rules.tax)
    assert below.total == pytest.approx([3735.0, 12_964.932, 25_587.3645, 41_176.3995])
    assert below.income_tax[0] == pytest.approx(970.0)  # 9.70% of 10,000
    assert below.aow[1] == pytest.approx(0.179 * 34_712)  # the premiums stop at the ceiling
    assert below.aow[3] == below.aow[1]
    above = levy(incomes, np.ones(4, bool), rules.tax)
    assert above.total[0] == pytest.approx(1945.0)  # 19.45% of 10,000
    assert above.aow.sum() == 0
    # from the ceiling on, the rates are the same with or without the AOW premium
    assert above.total[3] - above.total[2] == pytest.approx(below.total[3] - below.total[2])
    assert above.total[2] - above.total[1] == pytest.approx(0.3735 * (68_507 - 34_712))


@pytest.mark.parametrize(
    ("income", "published"),
    # financieel.infonu.nl, 'Algemene heffingskorting 2020': the credit at these incomes, no AOW
    [(20_000, 2711), (30_000, 2184), (40_000, 1617), (50_000, 1050), (60_000, 483), (70_000, 0)],
)
def test_the_general_credit_matches_the_published_table(rules, income, published):
    result = tax_of(rules, wage=float(income))
    assert round(result.general_credit[0]) == published


def test_the_labour_credit_builds_up_and_phases_out(rules):
    # Belastingdienst's arbeidskorting 2020 (rendement.nl; stevermeister data.json): EUR 3,595
    # at 21,430, the maximum 3,819 at 34,954, nil from 98,604
    labour = np.array([9_921.0, 21_430.0, 34_954.0, 60_000.0, 98_604.0, 120_000.0])
    result = tax_of(rules, wage=labour)
    credit = result.labour_credit
    assert round(credit[0]) == 279  # 2.812% of 9,921
    assert round(credit[1]) == 3595
    assert round(credit[2]) == 3819
    assert credit[3] == pytest.approx(3819 - 0.06 * (60_000 - 34_954))  # by the law's formula
    assert credit[4] == pytest.approx(0.0, abs=0.01) and credit[5] == 0
    # benefits are no labour income: no arbeidskorting on WW, WIA or Wajong (T2020.11)
    assert tax_of(rules, uwv_benefit=21_430.0).labour_credit[0] == 0


def test_a_single_person_on_the_2020_minimum_wage(rules):
    """Worked by hand from the law (no published yearly example found): 2020's minimum wage,
    six months at each rate, with the 8% holiday pay."""
    wage = (6 * MINIMUM_WAGE_JANUARY + 6 * MINIMUM_WAGE_JULY) * 1.08
    assert wage == pytest.approx(21_601.728)
    result = tax_of(rules, wage=wage, persons=single(permanent=[True]))
    levy_total = 0.3735 * wage  # one bracket: 8,068.25
    general = 2711 - 0.05672 * (wage - 20_711)  # 2,660.48
    labour = 0.02812 * 9921 + 0.28812 * (21_430 - 9921) + 0.01656 * (wage - 21_430)  # 3,597.80
    assert result.levy.total[0] == pytest.approx(levy_total)
    assert result.general_credit[0] == pytest.approx(general)
    assert result.labour_credit[0] == pytest.approx(labour)
    assert round(result.paid[0]) == round(levy_total - general - labour) == 1810
    # the employer pays the Zvw levy (6.70%) and, on a permanent contract, the low Awf (2.94%),
    # the Aof with childcare surcharge (7.27%) and the average Whk (1.28%)
    assert round(result.zvw_employer[0]) == round(0.067 * wage) == 1447
    assert round(result.employer_premiums[0]) == round(0.1149 * wage) == 2482
    assert result.zvw_own[0] == 0


def test_a_one_earner_couple_on_modal_income_gets_a_fifth_of_the_partners_credit(rules):
    """CPB's modal income with a partner without income, born after 1963 (worked by hand)."""
    persons = Persons(partner=[1, 0], age=[38, 36], birth_year=[1982, 1984], aow_age=[0, 0])
    result = tax_of(rules, persons=persons, wage=[MODAAL_2020, 0.0])
    general = 2711 - 0.05672 * (MODAAL_2020 - 20_711)  # 1,815.45
    labour = 3819 - 0.06 * (MODAAL_2020 - 34_954)  # 3,726.24
    assert result.paid[0] == pytest.approx(0.3735 * MODAAL_2020 - general - labour)  # 8,091.06
    # the partner's own credits find no tax; 20% of the algemene heffingskorting (2,711) is
    # paid out (Wet IB art. 8.9 with art. 10.6a; KPMG Promemorie 2020: 20% in 2020)
    assert result.partner_payout[1] == pytest.approx(0.20 * 2711)
    assert round(result.paid.sum()) == 7549
    # born before 1963 the whole algemene heffingskorting is paid out
    older = Persons(partner=[1, 0], age=[60, 58], birth_year=[1960, 1962], aow_age=[0, 0])
    assert tax_of(rules, persons=older, wage=[MODAAL_2020, 0.0]).partner_payout[1] == 2711
    # never more than the earner pays
    poor = tax_of(rules, persons=older, wage=[12_000.0, 0.0])
    assert poor.partner_payout[1] == pytest.approx(poor.net.total[0])


def test_the_aow_age_couple_pays_no_tax_and_the_svbs_zvw_contribution(rules):
    """The SVB's AOW of 1 July 2020 for a married pensioner whose partner has AOW too: gross
    EUR 870.03 a month plus EUR 51.46 holiday pay, 'loonheffing met heffingskorting EUR 0.00',
    Zvw contribution EUR 47.41 (seniorenraad-westland.nl, 'AOW per 1 juli a.s.')."""
    persons = Persons(partner=[1, 0], age=[70, 69], birth_year=[1950, 1951], aow_age=[1, 1])
    aow = 12 * (870.03 + 51.46)  # the July amounts for the year
    result = tax_of(rules, persons=persons, aow=[aow, aow])
    # 19.45% of 11,057.88 = 2,150.76, less than the AOW-age algemene heffingskorting (1,413)
    # and the ouderenkorting (1,622): no tax, as the SVB withholds none
    assert result.levy.total[0] == pytest.approx(0.1945 * aow)
    assert list(result.general_credit) == [1413, 1413] and list(result.elderly_credit) == [1622] * 2
    assert list(result.paid) == [0, 0] and list(result.partner_payout) == [0, 0]
    # the own Zvw contribution of 5.45%, on the monthly AOW as the SVB withholds it
    monthly = np.floor(100 * 0.0545 * 870.03) / 100
    assert monthly == 47.41
    assert result.zvw_own[0] == pytest.approx(0.0545 * aow)
    # a single pensioner gets the alleenstaande ouderenkorting (EUR 436) too
    alone = tax_of(rules, persons=single(aow_age=[True], age=[70], birth_year=[1950]), aow=aow)
    assert alone.single_elderly_credit[0] == 436


def test_wajong_recipients_get_the_young_disabled_credit(rules):
    result = tax_of(rules, persons=single(2, wajong=[True, False]), uwv_benefit=[15_000.0] * 2)
    assert list(result.young_disabled_credit) == [749, 0]  # jonggehandicaptenkorting 2020
    assert result.paid[0] == pytest.approx(max(result.paid[1] - 749, 0.0))


def test_the_zvw_contribution_stops_at_the_maximum(rules):
    result = tax_of(rules, wage=[80_000.0], pension=[10_000.0])
    assert result.zvw_employer[0] == pytest.approx(0.067 * 57_232)
    assert result.zvw_own[0] == 0  # the wage filled the maximum
    mixed = tax_of(rules, wage=[50_000.0], pension=[10_000.0])
    assert mixed.zvw_own[0] == pytest.approx(0.0545 * 7_232)


def test_credits_beyond_the_levy_are_lost_and_split_over_tax_and_premiums(rules):
    result = tax_of(rules, wage=[5_000.0])
    assert result.paid[0] == 0  # 1,867.50 levy, 2,711 + 140.60 credits
    assert result.net.total[0] == 0
    # a credit's income-tax part is its share 9.70 / 37.35 (T2020.3)
    mid = tax_of(rules, wage=[40_000.0])
    tax_part = mid.levy.income_tax[0] - mid.net.income_tax[0]
    assert tax_part == pytest.approx(mid.credits[0] * 0.097 / 0.3735)


def test_net_bijstand_is_grossed_up_through_the_wage_tax(rules):
    """The single bijstand norm of 1 July 2020 (EUR 1,059.03 a month with holiday pay, I2.1) is
    net; the municipality pays the gross amount and withholds tax with the algemene
    heffingskorting: worked by hand, (12,708.36 - 2,711) / (1 - 0.3735)."""
    net = np.array([12 * 1059.03, 12 * 1512.90 / 2, 0.0])
    gross = gross_bijstand(net, np.zeros(3, bool), rules.tax)
    assert gross[0] == pytest.approx((net[0] - 2711) / (1 - 0.3735), abs=0.01)  # 15,957.48
    assert gross[2] == 0
    # and taxing the gross amount gives back the net one
    back = tax_of(rules, uwv_benefit=gross[:2])
    assert gross[:2] - back.paid == pytest.approx(net[:2], abs=0.01)


def test_many_households_at_once_equal_each_one_alone(rules):
    """No household's result depends on another's: the functions are vectorised over rows."""
    rng = np.random.default_rng(7)
    n = 200
    partner = np.full(n, -1)
    partner[0:100:2], partner[1:100:2] = np.arange(1, 100, 2), np.arange(0, 100, 2)
    aow = rng.random(n) < 0.2
    persons = Persons(
        partner=partner,
        age=np.where(aow, 70, 40),
        birth_year=np.where(aow, 1950, 1980),
        aow_age=aow,
        rent=np.where(rng.random(n) < 0.4, rng.uniform(300, 800, n), 0.0),
        children=np.where(rng.random((n, 3)) < 0.3, rng.integers(0, 18, (n, 3)), -1),
    )
    incomes = Incomes.of(n, wage=rng.uniform(0, 80_000, n) * ~aow, aow=np.where(aow, 11_000.0, 0.0))
    together = household_income(incomes, persons, rules)
    for head in (0, 2, 100, 150):
        rows = [head, head + 1] if head < 100 else [head]
        sub = Persons(
            partner=[1, 0] if len(rows) == 2 else [-1],
            age=persons.age[rows],
            birth_year=persons.birth_year[rows],
            aow_age=persons.aow_age[rows],
            rent=persons.rent[rows],
            children=persons.children[rows],
        )
        alone = household_income(Incomes.of(len(rows), wage=incomes.wage[rows],
                                             aow=incomes.aow[rows]), sub, rules)  # fmt: skip
        assert alone.disposable[0] == pytest.approx(together.disposable[head])
        assert alone.tax.paid == pytest.approx(together.tax.paid[rows])


def test_partners_must_name_each_other():
    with pytest.raises(ValueError, match="partner"):
        Persons(partner=[1, -1], age=[30, 30], birth_year=[1990, 1990], aow_age=[0, 0])


# -- bad tax files --------------------------------------------------------------------------------
TAX = "simulation/parameters/tax.yaml"


def _with_tax(monkeypatch, change) -> None:
    """The package's parameter files with tax.yaml changed by ``change(tree)``."""
    from simulation import parameters

    trees = []
    for domain, where, tree in parameters._default_trees():
        if domain == "tax":
            tree = copy.deepcopy(tree)
            change(tree)
        trees.append((domain, where, tree))
    monkeypatch.setattr(parameters, "_default_trees", lambda: tuple(trees))


def _set(path: str, value):
    def change(tree):
        node = tree
        *heads, last = path.split(".")
        for key in heads:
            node = node[key]
        node[last]["value"] = value

    return change


@pytest.mark.parametrize(
    ("path", "value", "needles"),
    [
        ("box1.rates", {0: 0.3735, -5000: 0.2}, ["tax.box1.rates", "band -5000 is negative"]),
        ("box1.rates", {0: 0.3735, 68507: 1.495}, ["tax.box1.rates", "1.495", "allowed: 0 to 1"]),
        (
            "box1.rates",
            {0: 0.3735, 68507: 0.495, 34712: 0.42},
            ["tax.box1.rates", "bracket 34712 comes after 68507", "increasing order"],
        ),
        (
            "labour_credit.build_up",
            {0: 0.02812, 21430: 0.01656, 9921: 0.28812},
            ["tax.labour_credit.build_up", "bracket 9921 comes after 21430"],
        ),
        ("general_credit.phase_out_start", -20711, ["phase_out_start", "not negative"]),
        ("labour_credit.phase_out_rate", 6.0, ["labour_credit.phase_out_rate", "allowed: 0 to 1"]),
    ],
)
def test_a_bad_tax_file_is_a_one_line_error_naming_file_and_field(
    monkeypatch, capsys, path, value, needles
):
    _with_tax(monkeypatch, _set(path, value))
    with pytest.raises(ParameterError) as err:
        Parameters.defaults()
    assert str(err.value).startswith(f"{TAX}: parameter 'tax.") and "allowed" in str(err.value)
    one_line_error(capsys, ["params"], TAX, *needles)


def test_a_scenario_with_brackets_out_of_order_is_refused(tmp_path, capsys):
    scenario = tmp_path / "reform.yaml"
    scenario.write_text("parameters:\n  tax.box1.rates: {0: 0.3735, 50000: 0.42, 40000: 0.5}\n")
    one_line_error(
        capsys, ["check", str(scenario)], str(scenario), "tax.box1.rates", "40000 comes after"
    )


@pytest.mark.parametrize(
    ("path", "value", "needles"),
    [
        ("national_insurance.aow", 0.30, ["tax.national_insurance.aow", "add up to 0.3975"]),
        ("box1.rates", {10000: 0.3735, 68507: 0.495}, ["tax.box1.rates", "first bound is 10000"]),
    ],
)
def test_rules_that_do_not_fit_together_are_refused_when_read(monkeypatch, path, value, needles):
    _with_tax(monkeypatch, _set(path, value))
    with pytest.raises(ParameterError) as err:
        IncomeRules.from_parameters(Parameters.defaults())
    message = str(err.value)
    assert message.startswith(f"{TAX}: parameter ") and "allowed:" in message
    assert "\n" not in message and all(needle in message for needle in needles)
