"""Income and the public purse, 2020 law: taxes, premiums, allowances, disposable income.

Pure, vectorised functions (numpy over persons, no loop over persons) that turn yearly gross
incomes by source and a description of who lives with whom into what each person pays in tax and
premiums and what each household receives in allowances and has to spend::

    from simulation.income import IncomeRules, Incomes, Persons, household_income
    from simulation.parameters import Parameters

    rules = IncomeRules.from_parameters(Parameters.defaults())
    result = household_income(Incomes.of(1, wage=21_430.0), Persons(...), rules)
    result.tax.paid, result.zorgtoeslag, result.disposable_monthly

Modules: :mod:`~simulation.income.rules` (the rules read from ``tax.yaml`` and
``allowances.yaml``, with the checks one entry cannot make), :mod:`~simulation.income.inputs`
(incomes by source and households), :mod:`~simulation.income.tax` (box 1, premiums, credits,
Zvw, employers' premiums, the gross amount of net bijstand), :mod:`~simulation.income.allowances`
(zorgtoeslag, huurtoeslag, kindgebonden budget, kinderbijslag) and
:mod:`~simulation.income.household` (households and disposable income), all running the compiled
rules of :mod:`~simulation.income.kernels`. Each module's docstring says which rules it
simplifies; ``docs/research/income-2020.md`` lists every rule with its source.

In the model (issue #19): :mod:`~simulation.income.columns` computes every household's income
from the population's columns with the same kernels (who lives with whom, incomes by source, the
rent trait), :mod:`~simulation.income.tracker` keeps it up to date (every household at the start
and in January, and in every month the households whose income changed), and
:mod:`~simulation.income.statistics` takes the income distribution's measures (mean and median
equivalised income, CBS's and SCP's poverty, the Gini, the poverty trap) at the start and each
January; :mod:`~simulation.income.net` gives the net wage the bijstand means test counts,
:mod:`~simulation.income.outcomes` and :mod:`~simulation.income.labels` the indicators a run and
a comparison report, and :mod:`~simulation.income.layout` the pass's tables and types.
"""

from simulation.income.household import HouseholdIncome, household_income
from simulation.income.inputs import Incomes, Persons
from simulation.income.rules import IncomeRules

__all__ = ["HouseholdIncome", "IncomeRules", "Incomes", "Persons", "household_income"]
