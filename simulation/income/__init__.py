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
:mod:`~simulation.income.household` (households and disposable income). Each module's docstring
says which rules it simplifies; ``docs/research/income-2020.md`` lists every rule with its source.

The functions are not yet called by the monthly model (issue #19: the integration, poverty and
the fiscal balance in ``compare`` are later steps). The law is yearly, so they are meant to run
once a year or when a household's income changes.
"""

from simulation.income.household import HouseholdIncome, household_income
from simulation.income.inputs import Incomes, Persons
from simulation.income.rules import IncomeRules

__all__ = ["HouseholdIncome", "IncomeRules", "Incomes", "Persons", "household_income"]
