"""The 2020 rules of tax, premiums and allowances as typed tables, read once from the parameters.

The tables are ``NamedTuple`` classes, so the compiled kernels of :mod:`simulation.income.kernels`
take them as they are (a kernel reads ``t.aow_rate``, never a positional float). Every number
comes from ``simulation/parameters/tax.yaml`` and ``allowances.yaml`` (each entry
with its rule id and source); nothing here is an amount. The checks that one entry cannot make
on its own are made here, each a one-line :class:`~simulation.errors.ParameterError` naming the
file and the field: the premiums must fit inside the first bracket's rate (income tax is the
rest, T2020.1-2), and a table by bound must start at 0. A bracket table whose bounds are out of
order, a negative bound or a rate above 100% is refused already when the file is read
(:mod:`simulation.parameters`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from simulation.errors import ParameterError
from simulation.parameters import Parameters

#: the household types of the huurtoeslag's basishuur (Wet op de huurtoeslag art. 17), in the
#: order of the arrays below: one or more persons, below or from the AOW age
HOUSEHOLD_TYPES = ("single", "multi", "single_aow", "multi_aow")


class Schedule(NamedTuple):
    """A piecewise-linear schedule: ``rates[k]`` per euro between ``bounds[k]`` and
    ``bounds[k + 1]`` (the last band open-ended). Tax brackets, the labour credit's build-up,
    tables by age. Tuples of numbers, not arrays: a compiled kernel reads them without counting
    references (:func:`simulation.income.kernels.amount` and ``rate_at`` apply them)."""

    bounds: tuple[float, ...]
    rates: tuple[float, ...]


#: the build-up of a credit that has none (its ``built_up`` is False)
NO_BUILD_UP = Schedule((0.0,), (0.0,))


class Credit(NamedTuple):
    """A heffingskorting: a build-up (``built_up``) or the maximum from the first euro, a
    maximum, a phase-out from a start (:func:`simulation.income.kernels.credit`)."""

    maximum: float
    phase_out_start: float
    phase_out_rate: float
    built_up: bool = False
    build_up: Schedule = NO_BUILD_UP


class TaxRules(NamedTuple):
    """Box 1, the premiums for the national insurances, the heffingskortingen and the premiums
    and contributions that fall on wages (T2020.1-13)."""

    rates: Schedule
    premium_ceiling: float
    aow_rate: float
    anw_rate: float
    wlz_rate: float
    general: Credit
    general_aow_age: Credit
    partner_payout_share: float
    partner_payout_full_born_before: int
    labour: Credit
    elderly: Credit
    single_elderly: float
    young_disabled: float
    zvw_employer_rate: float
    zvw_own_rate: float
    zvw_maximum: float
    awf_low: float
    awf_high: float
    aof: float
    whk: float
    maximum_wage: float
    #: derived from the rates above (T2020.3), so a kernel divides once per run, not per person:
    #: each credit's share set against income tax, AOW, Anw and Wlz premiums, below and from
    #: the AOW age, and the arbeidskorting's factor from the AOW age (without its AOW part)
    shares: tuple[float, ...] = ()
    shares_aow_age: tuple[float, ...] = ()
    labour_factor_aow_age: float = 1.0

    @property
    def first_rate(self) -> float:
        """The first bracket's rate (income tax and premiums together, below the AOW age)."""
        return float(self.rates.rates[0])

    def _with_shares(self) -> TaxRules:
        first = self.first_rate
        premiums = self.aow_rate + self.anw_rate + self.wlz_rate
        old = first - self.aow_rate
        return self._replace(
            shares=((first - premiums) / first, self.aow_rate / first, self.anw_rate / first,
                    self.wlz_rate / first),
            shares_aow_age=((first - premiums) / old, 0.0, self.anw_rate / old,
                            self.wlz_rate / old),
            labour_factor_aow_age=1.0 - self.aow_rate / first,
        )  # fmt: skip


class AllowanceRules(NamedTuple):
    """Zorgtoeslag, huurtoeslag, kindgebonden budget and kinderbijslag (A2020.1-7)."""

    threshold_income: float
    minimum_yearly: float
    standard_premium: float
    share_of_threshold_single: float
    share_of_threshold_couple: float
    share_above_threshold: float
    zorg_minimum_age: int
    quality_discount_limit: float
    capping_limit_low: float
    capping_limit_high: float
    maximum_rent: float
    young_age: int
    share_to_quality_limit: float
    share_to_capping_limit: float
    share_above_capping_limit: float
    #: by household type, in the order of HOUSEHOLD_TYPES
    minimum_base_rent: tuple[float, ...]
    base_rent_a: tuple[float, ...]
    base_rent_b: tuple[float, ...]
    base_rent_constant: float
    #: by number of children, from none
    budget_by_children: tuple[float, ...]
    budget_extra_per_child: float
    budget_extra_by_age: Schedule
    single_parent_extra: float
    partner_threshold_extra: float
    budget_phase_out_rate: float
    #: euro a quarter per child, by age
    kinderbijslag: Schedule


class IncomeRules(NamedTuple):
    """All the 2020 rules the income functions apply."""

    tax: TaxRules
    allowances: AllowanceRules

    @classmethod
    def from_parameters(cls, params: Parameters) -> IncomeRules:
        """The rules of ``params`` (``Parameters.defaults()`` or a scenario's), checked."""
        return cls(tax=_tax_rules(params), allowances=_allowance_rules(params))


def _schedule(params: Parameters, path: str) -> Schedule:
    """A table by lower bound (a ``rule`` entry, so its bounds rise) as a Schedule from 0."""
    table = params[path]
    bounds = tuple(float(k) for k in table)
    if not bounds or bounds[0] != 0:
        _refuse(params, path, f"the first bound is {_first(bounds)}", "a table starting at 0")
    return Schedule(bounds, tuple(float(v) for v in table.values()))


def _first(bounds: tuple[float, ...]) -> str:
    return f"{bounds[0]:g}" if bounds else "missing"


def _refuse(params: Parameters, path: str, what: str, allowed: str) -> None:
    origin = params.entry(path).origin
    raise ParameterError(f"{origin}: parameter '{path}': {what}; allowed: {allowed}")


def _by_type(params: Parameters, path: str) -> tuple[float, ...]:
    table: dict[str, Any] = params[path]
    if set(table) != set(HOUSEHOLD_TYPES):
        _refuse(params, path, f"keys {sorted(table)}", f"a table with keys {list(HOUSEHOLD_TYPES)}")
    return tuple(float(table[k]) for k in HOUSEHOLD_TYPES)


def _tax_rules(params: Parameters) -> TaxRules:
    def g(name: str) -> float:
        return float(params[f"tax.{name}"])

    rates = _schedule(params, "tax.box1.rates")
    premiums = sum(g(f"national_insurance.{name}") for name in ("aow", "anw", "wlz"))
    ceiling = g("national_insurance.ceiling")
    lowest = min(r for b, r in zip(rates.bounds, rates.rates, strict=True) if b < ceiling)
    if premiums > lowest + 1e-12:
        _refuse(
            params,
            "tax.national_insurance.aow",
            f"the premiums (AOW, Anw, Wlz) add up to {premiums:g}, above the box-1 rate {lowest:g}"
            " of tax.box1.rates below the premium ceiling",
            "premiums that fit inside the bracket rates (income tax is the rest)",
        )
    credit = "tax.general_credit"
    return TaxRules(
        rates=rates,
        premium_ceiling=g("national_insurance.ceiling"),
        aow_rate=g("national_insurance.aow"),
        anw_rate=g("national_insurance.anw"),
        wlz_rate=g("national_insurance.wlz"),
        general=Credit(
            g("general_credit.maximum"),
            g("general_credit.phase_out_start"),
            g("general_credit.phase_out_rate"),
        ),
        general_aow_age=Credit(
            g("general_credit.maximum_aow_age"),
            g("general_credit.phase_out_start"),
            g("general_credit.phase_out_rate_aow_age"),
        ),
        partner_payout_share=float(params[f"{credit}.partner_payout_share"]),
        partner_payout_full_born_before=int(params[f"{credit}.partner_payout_full_born_before"]),
        labour=Credit(
            g("labour_credit.maximum"),
            g("labour_credit.phase_out_start"),
            g("labour_credit.phase_out_rate"),
            built_up=True,
            build_up=_schedule(params, "tax.labour_credit.build_up"),
        ),
        elderly=Credit(
            g("elderly_credit.maximum"),
            g("elderly_credit.phase_out_start"),
            g("elderly_credit.phase_out_rate"),
        ),
        single_elderly=g("single_elderly_credit"),
        young_disabled=g("young_disabled_credit"),
        zvw_employer_rate=g("zvw.employer_rate"),
        zvw_own_rate=g("zvw.own_rate"),
        zvw_maximum=g("zvw.maximum_income"),
        awf_low=g("employee_insurance.awf_low"),
        awf_high=g("employee_insurance.awf_high"),
        aof=g("employee_insurance.aof"),
        whk=g("employee_insurance.whk"),
        maximum_wage=g("employee_insurance.maximum_wage"),
    )._with_shares()


def _allowance_rules(params: Parameters) -> AllowanceRules:
    def g(name: str) -> float:
        return float(params[f"allowances.{name}"])

    table = params["allowances.kindgebonden_budget.amount_by_children"]
    counts = sorted(int(k) for k in table)
    if counts != list(range(1, len(counts) + 1)):
        _refuse(
            params,
            "allowances.kindgebonden_budget.amount_by_children",
            f"numbers of children {counts}",
            "every number of children from 1 up to the last key",
        )
    by_children = (0.0, *(float(table[k]) for k in counts))
    return AllowanceRules(
        threshold_income=g("threshold_income"),
        minimum_yearly=g("minimum_yearly"),
        standard_premium=g("zorgtoeslag.standard_premium"),
        share_of_threshold_single=g("zorgtoeslag.share_of_threshold_single"),
        share_of_threshold_couple=g("zorgtoeslag.share_of_threshold_couple"),
        share_above_threshold=g("zorgtoeslag.share_above_threshold"),
        zorg_minimum_age=int(g("zorgtoeslag.minimum_age")),
        quality_discount_limit=g("huurtoeslag.quality_discount_limit"),
        capping_limit_low=g("huurtoeslag.capping_limit_low"),
        capping_limit_high=g("huurtoeslag.capping_limit_high"),
        maximum_rent=g("huurtoeslag.maximum_rent"),
        young_age=int(g("huurtoeslag.young_age")),
        share_to_quality_limit=g("huurtoeslag.share_to_quality_limit"),
        share_to_capping_limit=g("huurtoeslag.share_to_capping_limit"),
        share_above_capping_limit=g("huurtoeslag.share_above_capping_limit"),
        minimum_base_rent=_by_type(params, "allowances.huurtoeslag.minimum_base_rent"),
        base_rent_a=_by_type(params, "allowances.huurtoeslag.base_rent_a"),
        base_rent_b=_by_type(params, "allowances.huurtoeslag.base_rent_b"),
        base_rent_constant=g("huurtoeslag.base_rent_constant"),
        budget_by_children=by_children,
        budget_extra_per_child=g("kindgebonden_budget.extra_per_child"),
        budget_extra_by_age=_schedule(params, "allowances.kindgebonden_budget.extra_by_age"),
        single_parent_extra=g("kindgebonden_budget.single_parent_extra"),
        partner_threshold_extra=g("kindgebonden_budget.partner_threshold_extra"),
        budget_phase_out_rate=g("kindgebonden_budget.phase_out_rate"),
        kinderbijslag=_schedule(params, "allowances.kinderbijslag"),
    )
