"""The model's household incomes, kept up to date: yearly in January, and in every month for
the households whose income changed.

Which and why. The law is yearly (tax brackets, credits and toeslagen are set for a calendar
year, the toetsingsinkomen is the year's, a child's age band and the AOW age are the year's),
wages grow in January, and CBS's income statistics are of a year: so every January the ages of
the new year's 1 January apply and the year's statistics are taken
(:mod:`simulation.income.statistics`; at the start too, for the start's levels). In every month
a household is computed again when anything its income reads has changed: a member's labour
state, benefit or its amount, contract, wage, partner, children, the AOW age, or (in January)
an age the law reads (a fingerprint of each row, compared in the same compiled pass). The
fiscal flows then follow job finding and job loss in the month they happen, as the comparison's
fiscal balance needs; a household whose fingerprint is the same would come out the same.
Measured at 1,000,000 persons: 35,000 of 745,000 households a month (5%), and in January nearly
all (wages, pensions and benefits grow then), 0.3 s; the statistics take 0.03 s a January.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from simulation.codes import Benefit, Contract
from simulation.errors import ParameterError
from simulation.income import columns
from simulation.income.layout import (
    COUNTED,
    EQUIVALISED,
    KEPT,
    KIND,
    RENT_KINDS,
    WIDTH,
    Inputs,
    Out,
    Setting,
    When,
)
from simulation.income.rules import IncomeRules
from simulation.parameters import Parameters
from simulation.random import Draws, process_key

#: each Out array's dtype and the value of a row not yet computed
_ARRAYS: dict[str, tuple[Any, Any]] = {
    "hash": (np.uint32, 0),
    "ages": (np.int16, -1),
    "changed": (np.bool_, False),
    "decile": (np.int8, 0),
}
#: Out.flows and Out.heads: rows x WIDTH float32, nil until computed but for a head's kind (-1),
#: part kept (NaN)
_TABLES = {"flows": (np.float32, 0.0, WIDTH), "heads": (np.float32, 0.0, WIDTH)}


def _aligned(shape: tuple[int, ...], dtype: Any, fill: Any) -> np.ndarray:
    """An array filled with ``fill`` whose data starts on a 64-byte boundary, so a table's row
    of 32 bytes never straddles two cache lines."""
    size = int(np.prod(shape)) * np.dtype(dtype).itemsize
    raw = np.empty(size + 64, dtype=np.uint8)
    start = -raw.ctypes.data % 64
    array = raw[start : start + size].view(dtype).reshape(shape)
    array[...] = fill
    return array


def _refuse(params: Parameters, path: str, what: str, allowed: str) -> None:
    origin = params.entry(path).origin
    raise ParameterError(f"{origin}: parameter '{path}': {what}; allowed: {allowed}")


def setting(params: Parameters) -> Setting:
    """The integration's parameters as the compiled pass reads them; a table with other keys
    than the pass reads is a one-line error naming the file and the parameter."""

    def table(path: str, keys: tuple[str, ...]) -> tuple[float, ...]:
        value = params[path]
        if not isinstance(value, dict) or set(value) != set(keys):
            _refuse(params, path, f"keys {sorted(value) if isinstance(value, dict) else value}",
                    f"a table with keys {list(keys)}")  # fmt: skip
        return tuple(float(value[key]) for key in keys)

    def by_children(path: str) -> tuple[float, ...]:
        value = params[path]
        if sorted(value) != list(range(len(value))):
            _refuse(params, path, f"numbers of children {sorted(value)}",
                    "every number of children from 0 up to the last key")  # fmt: skip
        return tuple(float(value[key]) for key in sorted(value))

    at_home = params.by_age("income.at_home")
    last = max(int(key) for key in params["income.at_home"])
    rent = "allowances.huurtoeslag"
    return Setting(
        holiday=float(params["income.holiday_allowance"]),
        aow_single=float(params["income.aow.single"]),
        aow_couple=float(params["income.aow.couple"]),
        pension_at_aow=float(params["income.pension_share_at_aow_age"]),
        pension_before_aow=float(params["income.pension_share_before_aow_age"]),
        spacing=int(params["income.children.spacing_years"]),
        at_home=tuple(float(v) for v in at_home[:last]),
        premium=float(params["income.nominal_premium"]),
        one_adult=by_children("income.equivalence_scale.one_adult"),
        two_adults=by_children("income.equivalence_scale.two_adults"),
        extra_one=float(params["income.equivalence_scale.extra_child_one_adult"]),
        extra_two=float(params["income.equivalence_scale.extra_child_two_adults"]),
        trap_step=float(params["income.poverty_trap.step"]),
        rent=table(f"{rent}.monthly_rent", RENT_KINDS),
        renting=table(f"{rent}.renting_share", RENT_KINDS),
        renting_low=table(f"{rent}.renting_share_low_income", RENT_KINDS),
        low_income_limit=float(params[f"{rent}.low_income_limit"]),
        rent_spread=float(params[f"{rent}.rent_spread"]),
    )


class HouseholdIncomes:
    """Per row of the population (see :class:`~simulation.income.layout.Out`): tax and
    premiums, allowances, disposable and equivalised income. ``update`` once a month."""

    def __init__(self, params: Parameters, seed: int):
        self.rules = IncomeRules.from_parameters(params)
        self.setting = setting(params)
        month = Draws.TRAIT_MONTH
        self.keys = tuple(
            process_key(seed, f"income.{name}", month) for name in ("at_home", "tenure", "rent")
        )
        self._buffers = {name: np.full(0, fill, dtype) for name, (dtype, fill) in _ARRAYS.items()}
        for name, (dtype, fill, width) in _TABLES.items():
            self._buffers[name] = np.full((0, width), fill, dtype)
        self.out: Out = self._views(0)
        #: households computed by the last update
        self.computed = 0

    def _views(self, size: int) -> Out:
        return Out(**{name: buffer[:size] for name, buffer in self._buffers.items()})

    def _grow(self, size: int) -> Out:
        """The arrays as views of ``size`` rows (new rows not yet computed)."""
        first = self._buffers["hash"].shape[0]
        if size > first:
            capacity = size + size // 4 + 1024
            for name, buffer in self._buffers.items():
                dtype, fill = (_ARRAYS.get(name) or _TABLES[name])[:2]
                grown = _aligned((capacity, *buffer.shape[1:]), dtype, fill)
                if name == "heads":
                    grown[:, KIND], grown[:, KEPT] = -1.0, np.nan
                grown[: buffer.shape[0]] = buffer
                self._buffers[name] = grown
        if size != self.out.hash.size or size > first:
            self.out = self._views(size)
        return self.out

    def update(
        self,
        pop,
        month: int,
        january: int,
        aow_months: int,
        paid: np.ndarray,
        full: bool = False,
        trap: bool = False,
    ) -> int:
        """Compute the households whose income changed since the last update (all of them with
        ``full``, at the start), and with ``trap`` the part of an extra euro each keeps (for the
        year's statistics); ``paid``: each row's benefit this month, the employer's sick pay
        included (float32); ``january``: the first month of the income year, whose 1 January
        gives every age."""
        out = self._grow(pop.size)
        c = Inputs(*(getattr(pop, name) for name in Inputs._fields))
        when = When(month, january, aow_months, full, trap, *self.keys)
        rules = self.rules
        self.computed = columns.update(
            c, paid, self.setting, rules.tax, rules.allowances, when, out
        )
        return self.computed

    def assign_deciles(self) -> np.ndarray:
        """Each row's income decile now (1-10; 0: not in a household of the statistics): the
        persons by their household's equivalised income, ties to the lower decile. Called at
        the start; the rows keep it for the run (a comparison's gains and losses by decile)."""
        out = self.out
        counted = out.flows[:, COUNTED] == 1
        income = out.flows[counted, EQUIVALISED].astype(np.float64)
        out.decile[:] = 0
        if income.size:
            cuts = np.quantile(income, np.arange(1, 10) / 10)
            out.decile[counted] = 1 + np.searchsorted(cuts, income, side="left")
        return out.decile


@numba.njit(cache=True, nogil=True)
def _employer_sick(benefit, contract):  # pragma: no cover - compiled
    out = np.empty(benefit.size, np.int64)
    n = 0
    for i in range(benefit.size):
        out[n] = i
        n += (benefit[i] == Benefit.SICKNESS) & (contract[i] != Contract.FLEX)
    return out[:n].copy()


def employer_sick_pay_rows(pop) -> np.ndarray:
    """The rows on sick pay from their employer (sick, not on a flexible contract, whom the
    Ziektewet pays): no public benefit, but income (one pass, not a mask and a selection)."""
    return _employer_sick(pop.benefit, pop.contract)


def check_income(params: Parameters) -> None:
    """Refuse, before any work, income rules and settings that do not fit together: what
    IncomeRules and setting check (simulation.scenario calls it when a scenario is read)."""
    IncomeRules.from_parameters(params)
    setting(params)
