"""The monthly processes, one module per life domain, and the contract they share.

A process is a small class (see :class:`Process`):

- it **declares its parameters** as typed tables: a ``NamedTuple`` whose field names are the
  leaf names in the domain's parameter file (``labour.job_finding`` is the field
  ``job_finding``), built once by :func:`read_table`; a field's annotation says how the YAML value
  becomes an array or a number (a table by category, a table by age band, a float32 scalar);
- its compiled **kernels take** ``(columns, table, month, …)``: a ``NamedTuple`` of the
  population columns the kernel reads (built each month by :meth:`World.columns`, so the names
  read are the column names), the parameter table, and the few values that change by month.
  The kernel reads ``t.job_finding`` and ``c.labour_state``: two floats cannot be swapped;
- it **owns the columns it writes** and says so in ``writes``; a test runs every process and
  checks that it changes no other column;
- ``__call__(world)`` applies one month of transitions to the whole population with vectorized
  operations or compiled scans (no Python loop over persons).

The order of the processes in a month is :data:`simulation.model.PIPELINE`.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, ClassVar

import numba
import numpy as np

from simulation.events import EventLog
from simulation.executors import in_parallel
from simulation.parameters import MAX_AGE, Parameters
from simulation.population import Population
from simulation.random import Draws


@numba.njit(cache=True, nogil=True)
def _ages(month, birth_month, months, years, start, stop):  # pragma: no cover - compiled
    """Age in months and in completed years (capped at the last year of the age tables) of
    rows ``start`` to ``stop``, written into ``months`` and ``years`` (each range its own rows:
    no arrays to join afterwards)."""
    for row in range(start, stop):
        q = np.uint64(row)
        months[q] = month - birth_month[q]
        years[q] = min(months[q] // 12, MAX_AGE - 1)


@dataclass
class World:
    """What a process sees: the population, this month's draws, the event log and the month."""

    pop: Population
    draws: Draws
    log: EventLog
    month: int
    #: age in months and completed years of every row this month (computed once per month)
    age_months: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))
    age_years: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int16))

    @property
    def year(self) -> int:
        return self.month // 12

    def start_month(self, month: int) -> None:
        """Set the month and the ages that every process of the month reads."""
        self.month = month
        self.draws.month = month
        self.update_ages()

    def update_ages(self) -> None:
        """Compute every row's age this month (again after newborns were added)."""
        month, birth = self.month, self.pop.birth_month
        months = np.empty(birth.size, np.int32)
        years = np.empty(birth.size, np.int16)
        in_parallel(lambda start, stop: _ages(month, birth, months, years, start, stop), birth.size)
        self.age_months, self.age_years = months, years

    def columns[T](self, spec: type[T], **extra: np.ndarray) -> T:
        """The columns a kernel reads, by name: population columns, this month's ages
        (``age_months``, ``age_years``), or arrays a process keeps itself (``extra``)."""
        pop = self.pop
        values = []
        for name in spec._fields:  # type: ignore[attr-defined]
            if name in extra:
                values.append(extra[name])
            elif name in ("age_months", "age_years"):
                values.append(getattr(self, name))
            else:
                values.append(getattr(pop, name))
        return spec(*values)


# -- parameter tables --------------------------------------------------------------------------
@dataclass(frozen=True)
class By:
    """A table keyed by category names (``{low: …, middle: …, high: …}``), as an array in the
    enum's code order."""

    enum: type[IntEnum]
    dtype: Any = np.float32


@dataclass(frozen=True)
class Bands:
    """A table keyed by lower bounds (age in years, months on a benefit, number of children),
    spread to one cell per unit: ``{15: a, 25: b}`` gives ``a`` for 15-24 and ``b`` from 25 on.
    ``length`` cells (the age tables' length by default)."""

    length: int = MAX_AGE


@dataclass(frozen=True)
class At:
    """The entry lives at another dotted path than ``<domain>.<field>`` (another domain's file,
    or a nested section)."""

    path: str


def monthly(annual: Any) -> np.ndarray:
    """A yearly probability as the monthly one that compounds to it (float64)."""
    return 1.0 - (1.0 - np.asarray(annual, dtype=np.float64)) ** (1.0 / 12.0)


def read_table[T](params: Parameters, domain: str, spec: type[T], **derived: Any) -> T:
    """Build the parameter table ``spec`` (a ``NamedTuple``) from the entries of ``domain``.

    Each field reads the entry ``<domain>.<field>`` (or its :class:`At` path) and converts it by
    its annotation: ``Annotated[np.ndarray, By(Education)]``, ``Annotated[np.ndarray, Bands()]``,
    ``np.float32``, ``float``, ``int`` or ``bool``. Fields computed from several entries are
    given as keyword arguments (``derived``), next to the fields they come from.
    """
    hints = typing.get_type_hints(spec, include_extras=True)
    values = {}
    for name in spec._fields:  # type: ignore[attr-defined]
        if name in derived:
            values[name] = derived[name]
            continue
        hint = hints[name]
        marks = getattr(hint, "__metadata__", ())
        base = typing.get_args(hint)[0] if marks else hint
        path = next((m.path for m in marks if isinstance(m, At)), f"{domain}.{name}")
        values[name] = _convert(params, path, base, marks)
    unknown = set(derived) - set(spec._fields)  # type: ignore[attr-defined]
    if unknown:
        raise TypeError(f"{spec.__name__} has no fields {sorted(unknown)}")
    return spec(**values)


def _convert(params: Parameters, path: str, base: Any, marks: tuple[Any, ...]) -> Any:
    for mark in marks:
        if isinstance(mark, By):
            return params.table(path, mark.enum, mark.dtype)
        if isinstance(mark, Bands):
            return params.by_age(path)[: mark.length]
    value = params[path]
    if base is np.float32:
        return np.float32(value)
    if base in (float, int, bool):
        return base(value)
    return value


class Process:
    """One step of the month (see the module docstring for the contract)."""

    #: the step's name in :data:`simulation.model.PIPELINE`
    name: ClassVar[str] = ""
    #: the population columns this process may change (checked by tests/test_pipeline.py)
    writes: ClassVar[tuple[str, ...]] = ()
    #: the scenario's alignment of this process's totals (:class:`simulation.alignment.Aligner`),
    #: set by the model; None: the process draws on its own probabilities
    align: Any = None

    def __call__(self, w: World) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
