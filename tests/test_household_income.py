"""Household incomes in the model (simulation/income/columns.py, tracker.py, statistics.py,
outcomes.py; issue #19 points 3-5): the population's columns become the law's incomes and
households as the module says, the monthly update of the changed households ends where a full
recomputation ends, the statistics are what their definitions give, the fiscal balance adds up,
and a comparison reports it with the gains and losses by income decile."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import START, make_population, one_line_error, scenario

from simulation.codes import Benefit, Contract, LabourState, Sex
from simulation.income import Incomes, Persons, household_income
from simulation.income.layout import (
    BUDGET,
    CHILD,
    COUNTED,
    DISPOSABLE,
    EQUIVALISED,
    HUUR,
    KEPT,
    KIND,
    PREMIUMS,
    SIZE,
    TAX,
    ZORG,
)
from simulation.income.statistics import GROUPS, Lines, gini, statistics
from simulation.income.tracker import HouseholdIncomes
from simulation.model import LifeCourseModel
from simulation.processes.benefits import Benefits
from simulation.random import Draws

SEED = 7
AOW_MONTHS = 66 * 12 + 4  # the AOW age in 2020 (I6.1)


def paid_of(params, pop) -> np.ndarray:
    """Each row's benefit this month, the employer's sick pay included."""
    rows = np.flatnonzero(pop.benefit != Benefit.NONE)
    paid = np.zeros(pop.size, dtype=np.float32)
    paid[rows] = Benefits(params).amounts(pop, rows, START, public_only=False)
    return paid


def rent_of(params, head: int, kind: str, joint: float) -> float:
    """The rent rule of the module docstring (A2020.7), worked out from the head's traits."""
    draws = Draws(SEED)
    p = "allowances.huurtoeslag"
    low = joint <= params[f"{p}.low_income_limit"]
    share = params[f"{p}.renting_share_low_income" if low else f"{p}.renting_share"][kind]
    if draws.trait("income.tenure", np.array([head]))[0] >= share:
        return 0.0
    u = float(draws.trait("income.rent", np.array([head]))[0])
    return params[f"{p}.monthly_rent"][kind] * (1 + params[f"{p}.rent_spread"] * (2 * u - 1))


def test_the_columns_become_the_laws_incomes_and_households(defaults):
    """Each household of a hand-made population against household_income of its incomes as
    the module docstring maps them: wages with 8% holiday allowance, the self-employed's profit,
    WW and Ziektewet as UWV benefits, net bijstand, the AOW and an occupational pension, a
    woman's children three years apart, the head's rent trait."""
    pop = make_population(9)
    # 0-1 a couple with two children: he permanent at 3,000, she flexible at 1,500
    pop.partner_id[:2] = [1, 0]
    pop.sex[1] = Sex.FEMALE
    pop.contract[:2] = [Contract.PERMANENT, Contract.FLEX]
    pop.wage[:2] = [3000.0, 1500.0]
    pop.n_children[:2] = 2
    pop.youngest_child_month[:2] = START - 4 * 12 - 3  # four, and seven
    # 2 single on bijstand; 3 single on WW (75% of 2,500 in its first months)
    pop.labour_state[2:4] = [LabourState.INACTIVE, LabourState.UNEMPLOYED]
    pop.benefit[2:4] = [Benefit.BIJSTAND, Benefit.WW]
    pop.wage[3] = pop.ww_wage[3] = 2500.0  # WW is paid on the WW-maandloon (art. 35a WW)
    # 4-5 a couple at 70, retired: AOW each and 40% of his last wage of 2,000 as pension
    pop.partner_id[4:6] = [5, 4]
    pop.birth_month[4:6] = START - 70 * 12
    pop.labour_state[4:6] = LabourState.RETIRED
    pop.wage[4:6] = [2000.0, 0.0]
    # 6 self-employed single; 7 single on sick leave from a permanent job (the employer pays)
    pop.contract[6] = Contract.SELF_EMPLOYED
    pop.labour_state[7] = LabourState.SICK
    pop.benefit[7] = Benefit.SICKNESS
    pop.contract[7] = Contract.PERMANENT
    # 8 a pupil of 16: no household of its own
    pop.labour_state[8] = LabourState.SCHOOL
    pop.birth_month[8] = START - 16 * 12
    params = defaults
    paid = paid_of(params, pop)
    tracker = HouseholdIncomes(params, SEED)
    tracker.update(pop, START, START, AOW_MONTHS, paid, full=True, trap=True)
    f, heads = tracker.out.flows, tracker.out.heads

    holiday = 12 * 1.08
    n = 8
    incomes = Incomes.of(
        n,
        wage=[3000 * holiday, 1500 * holiday, 0, 0, 0, 0, 0, 12 * 1.08 * paid[7]],
        profit=[0, 0, 0, 0, 0, 0, 12 * 3000.0, 0],
        uwv_benefit=[0, 0, 0, 12 * paid[3], 0, 0, 0, 0],
        aow=[0, 0, 0, 0, 11_057.88, 11_057.88, 0, 0],
        pension=[0, 0, 0, 0, 0.4 * 2000 * holiday, 0, 0, 0],
        bijstand=[0, 0, 12 * paid[2], 0, 0, 0, 0, 0],
    )
    assert paid[2] == pytest.approx(1059.03) and paid[3] == pytest.approx(0.75 * 2500)
    ages = np.full((n, 2), -1)
    ages[1] = [4, 7]
    aow = np.zeros(n, bool)
    aow[4:6] = True
    persons = Persons(
        partner=pop.partner_id[:n], age=[30, 30, 30, 30, 70, 70, 30, 30],
        birth_year=pop.birth_month[:n] // 12, aow_age=aow, wajong=np.zeros(n, bool),
        permanent=pop.contract[:n] == Contract.PERMANENT, children=ages,
    )  # fmt: skip
    first = household_income(incomes, persons, tracker.rules)
    rents = np.zeros(n)
    kinds = {0: "couple_with_children", 2: "single", 3: "single", 4: "couple", 6: "single"}
    kinds[7] = "single"
    for head, kind in kinds.items():
        rents[head] = rent_of(params, head, kind, first.toetsingsinkomen[head])
    expected = household_income(incomes, Persons(**{**vars(persons), "rent": rents}), tracker.rules)
    assert rents[[0, 2, 3, 4, 6, 7]].any()  # some rent, so huurtoeslag is tested too
    paid_tax = expected.tax.paid
    assert f[:n, TAX] == pytest.approx(paid_tax, abs=0.01)
    premiums = expected.tax.zvw_own + expected.tax.employer_premiums
    premiums += 0.067 * np.minimum(incomes.wage, 57_232)  # the employer's Zvw levy on wages
    assert f[:n, PREMIUMS] == pytest.approx(premiums, abs=0.01)
    for head, members in {0: [0, 1], 2: [2], 3: [3], 4: [4, 5], 6: [6], 7: [7]}.items():
        allowances = sum(f[members, col].sum() for col in (ZORG, HUUR, BUDGET, CHILD))
        assert allowances == pytest.approx(expected.allowances[head], abs=0.01), head
        adults = len(members)
        disposable = expected.disposable[head] - 1414 * adults  # the nominal premium
        assert heads[head, DISPOSABLE] == pytest.approx(disposable, abs=0.05), head
        scale = {(1, 0): 1.0, (2, 0): 1.37, (2, 2): 1.88}[(adults, 2 if head == 0 else 0)]
        assert f[members, EQUIVALISED] == pytest.approx(disposable / scale, abs=0.05)
    assert list(heads[[0, 2, 3, 4, 6, 7], SIZE]) == [4, 1, 1, 2, 1, 1]
    assert list(heads[[0, 2, 4], KIND]) == [2, 0, 4]  # couple with children, single, AOW age
    assert heads[1, KIND] == -1 and heads[8, KIND] == -1 and f[8, COUNTED] == 0


def test_the_monthly_update_ends_where_a_full_recomputation_ends():
    """Fourteen months of a run, each recomputing only the households that changed (and in
    January those the new year changes): every row's taxes, allowances and income equal a new
    computation of every household from the final columns."""
    model = LifeCourseModel(scenario(size=4000, horizon=2), record_events=False)
    for _ in range(14):
        model.step()
    month = model.last_month
    paid = model.benefit_paid.copy()
    sick = np.flatnonzero(
        (model.pop.benefit == Benefit.SICKNESS) & (model.pop.contract != Contract.FLEX)
    )
    paid[sick] = model.benefits.amounts(model.pop, sick, month, public_only=False)
    fresh = HouseholdIncomes(model.params, model.spec.seed)
    aow = model.demography.aow_age_months(month // 12)
    fresh.update(model.pop, month, month // 12 * 12, aow, paid, full=True)
    kept = model.incomes.out
    assert fresh.computed > 1000 and model.incomes.computed < fresh.computed / 5
    assert np.array_equal(kept.flows, fresh.out.flows)
    assert np.array_equal(kept.heads[:, KIND], fresh.out.heads[:, KIND])
    heads = kept.heads[:, KIND] >= 0  # a row that is no longer a head keeps old numbers, unread
    for column in (DISPOSABLE, SIZE):
        assert np.array_equal(kept.heads[heads, column], fresh.out.heads[heads, column]), column


def test_the_statistics_by_their_definitions(defaults):
    """Eight households with known incomes: mean, median, CBS's and SCP's poverty (households
    and persons), the Gini coefficient and the trap share, overall and by group."""
    n = 8
    pop = make_population(n)
    pop.education[:] = [0, 0, 1, 1, 2, 2, 2, 0]
    tracker = HouseholdIncomes(defaults, SEED)
    out = tracker._grow(n)
    income = np.array([8000, 12000, 13000, 14000, 20000, 30000, 40000, 60000], dtype=np.float32)
    out.flows[:, EQUIVALISED] = income
    out.heads[:, KIND] = [0, 0, 3, 3, 1, 1, 2, 2]
    out.heads[:, SIZE] = [1, 1, 3, 3, 2, 2, 4, 4]
    out.heads[:, KEPT] = [0.1, np.inf, 0.15, 0.5, np.inf, np.inf, np.inf, np.inf]
    # the fourth, a single parent of two at 14,000 equivalised (21,000 on the scale's 1.5),
    # receives huurtoeslag of 1,500: CBS leaves it out, 14,000 - 1,500 / 1.5 = 13,000
    out.heads[:, DISPOSABLE] = income
    out.heads[3, DISPOSABLE] = 21000
    out.flows[3, HUUR] = 1500
    stats = statistics(out, pop, Lines(defaults))
    assert stats["all", "disposable_income_mean"] == pytest.approx(income.mean())
    assert stats["all", "disposable_income_median"] == pytest.approx(17000)
    # CBS's line 13,200 on income without huurtoeslag: four households below, of eight;
    # persons 1 + 1 + 3 + 3 of 20
    assert stats["all", "poverty_rate_cbs"] == pytest.approx(4 / 8)
    assert stats["all", "poverty_rate_cbs_persons"] == pytest.approx(8 / 20)
    # SCP's 14,208: four households, persons 1 + 1 + 3 + 3 of 20
    assert stats["all", "poverty_rate_scp"] == pytest.approx(8 / 20)
    x = np.sort(income.astype(float))
    by_pairs = np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean())
    assert stats["all", "gini"] == pytest.approx(by_pairs) == pytest.approx(gini(x))
    assert stats["all", "poverty_trap_share"] == pytest.approx(2 / 8)
    assert stats["household=single_parent", "poverty_trap_share"] == pytest.approx(1 / 2)
    assert stats["education=low", "households"] == 3
    assert stats["education=low", "disposable_income_median"] == pytest.approx(12000)
    assert stats["household=aow_age", "households"] == 0
    assert {g for g, _ in stats} == set(GROUPS)


def test_deciles_split_the_persons_in_tenths(defaults):
    model = LifeCourseModel(scenario(size=3000, horizon=1), record_events=False)
    out = model.incomes.out
    counted = out.flows[:, COUNTED] == 1
    sizes = np.bincount(out.decile[counted], minlength=11)
    assert sizes[0] == 0 and np.all(np.abs(sizes[1:] - counted.sum() / 10) <= 30)
    assert (out.decile[~counted] == 0).all()
    order = [out.flows[counted & (out.decile == d), EQUIVALISED].mean() for d in range(1, 11)]
    assert order == sorted(order)


def test_the_fiscal_balance_adds_up():
    """Net public cost is benefits, allowances and programmes less tax and premiums, per
    person-year and for the country; the income rows are there for the start and each year."""
    model = LifeCourseModel(scenario(size=3000, horizon=2), record_events=False)
    model.run()
    o = model.outcomes()
    row = o[(o.period == "horizon") & (o.subgroup == "all")].set_index("indicator").value
    net = (
        row.benefit_spending_per_year + row.allowance_spending_per_year
        + row.intervention_spending_per_year - row.tax_revenue_per_year
        - row.premium_revenue_per_year
    )  # fmt: skip
    assert row.net_fiscal_cost_per_year == pytest.approx(net)
    scale = model.params["migration.arrivals.national_population_15_67"] / 3000
    national = row.person_years * scale * net / 2 / 1e9  # two years
    assert row.net_fiscal_cost_national_bn == pytest.approx(national, rel=1e-9)
    parts = ["zorgtoeslag", "huurtoeslag", "kindgebonden_budget", "kinderbijslag"]
    assert row.allowance_spending_per_year == pytest.approx(
        sum(row[f"{p}_per_year"] for p in parts)
    )
    assert row.tax_revenue_per_year > row.benefit_spending_per_year > 0
    periods = set(o[o.indicator == "poverty_rate_cbs"].period)
    assert periods == {"start", "2020", "2021", "horizon"}
    deciles = o[(o.period == "horizon") & o.subgroup.str.startswith("income_decile=")]
    assert deciles.subgroup.nunique() == 10


def test_the_same_seed_rents_the_same_homes(defaults):
    pop = make_population(500, labour_state=LabourState.INACTIVE)
    paid = np.zeros(500, np.float32)
    runs = []
    for seed in (SEED, SEED, SEED + 1):
        tracker = HouseholdIncomes(defaults, seed)
        tracker.update(pop, START, START, AOW_MONTHS, paid, full=True)
        runs.append(tracker.out.flows[:, HUUR].copy())
    assert np.array_equal(runs[0], runs[1]) and not np.array_equal(runs[0], runs[2])
    # singles without income who rent get huurtoeslag: the low-income renting share (80%)
    assert 0.7 < (runs[0] > 0).mean() < 0.9


def test_bad_income_settings_are_one_line_errors(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("parameters:\n  income.equivalence_scale.one_adult: {0: 1.0, 2: 1.5}\n")
    one_line_error(
        capsys, ["run", str(bad), "--out", str(tmp_path / "out")], str(bad),
        "income.equivalence_scale.one_adult", "every number of children",
    )  # fmt: skip
    assert not (tmp_path / "out").exists()
    spread = tmp_path / "spread.yaml"
    spread.write_text("parameters:\n  allowances.huurtoeslag.rent_spread: 1.5\n")
    one_line_error(capsys, ["check", str(spread)], "rent_spread", "allowed: 0 to 0.9")


def test_the_start_is_near_cbs_and_scp(defaults):
    """The base population at the start near the published levels (README, 'Income and the
    public purse'): CBS 2019 7.5% of households and 6.2% of persons below the low-income
    threshold, SCP 2017 5.7% of persons poor, Gini 0.29. The validation case
    scenarios/validation/income.yaml holds them against those figures and reports the misses;
    here the bounds are about the model's own levels, so a change that moves them shows (the
    Gini moved from 0.22 to 0.25 when wages got their spread, labour.wage_dispersion, and to
    0.27 when mothers' youngest children got their ages; with the past lived before the start,
    employment by age and bijstand's caseload fitted and CBS's threshold compared with income
    without huurtoeslag, as CBS does: households below it 10.2%, persons 7.6%, SCP 5.9%, Gini
    0.256 at this size)."""
    model = LifeCourseModel(scenario(size=20_000, horizon=1), record_events=False)
    s = model.income_stats
    assert 0.08 <= s["all", "poverty_rate_cbs"] <= 0.125
    assert 0.055 <= s["all", "poverty_rate_cbs_persons"] <= 0.095
    assert 0.045 <= s["all", "poverty_rate_scp"] <= 0.075
    assert 0.235 <= s["all", "gini"] <= 0.28
    assert 22_000 <= s["all", "disposable_income_median"] <= 28_000
    assert (
        s["household=single_parent", "poverty_rate_cbs"] > s["household=couple", "poverty_rate_cbs"]
    )
    shares = pd.Series({k: s[k, "households"] for k in GROUPS if k.startswith("household=")})
    assert shares.sum() == s["all", "households"]
