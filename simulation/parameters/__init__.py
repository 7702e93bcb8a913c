"""Parameters: the default files of this folder plus a scenario's overrides, each value sourced.

Every leaf of a parameter file is an entry::

    job_finding:
      value: {low: 0.06, middle: 0.10, high: 0.14}
      unit: probability per month
      source: "assumption: …"         # or a FACTS id (A5.6), "law: … (I1.3)", "statistic: … (S4)"
      derivation: "…"                 # where the value was computed from a published figure
      uncertainty: {distribution: triangular, low: …, high: …, source: "…"}   # optional
      rule: T2020.1                   # optional: the id of the law's rule (tax, allowances)

An entry with a ``rule`` that is a table by bound (tax brackets, credit bands) must list its
bounds in increasing order.

A number may carry an ``uncertainty:`` block, its range with a source of its own
(:mod:`simulation.parameters.uncertainty`); ``lifecourse compare --parameter-uncertainty``
draws it per replication.

Entries are addressed by dotted paths (``labour.job_finding``; a table cell as
``labour.job_finding.low``). Like Vivarium's layered configuration, every value remembers where it
came from: the default file, or the scenario that overrode it.
"""

from __future__ import annotations

import copy
import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import IntEnum
from importlib import resources
from typing import Any

import numpy as np
import yaml

from simulation.errors import ParameterError, did_you_mean
from simulation.parameters.uncertainty import Uncertainty, check_block
from simulation.yamlfiles import parse

ENTRY_KEYS = {
    "value", "source", "unit", "derivation", "allowed", "min", "max", "min_total", "limits",
    "uncertainty", "rule",
}  # fmt: skip
#: keys of a scenario's override of one entry
OVERRIDE_KEYS = ("value", "source", "derivation", "uncertainty")
#: ranges by unit for entries that state none (``min``/``max`` in an entry win): a value outside
#: passed the checks before and failed later, or ran with nonsense (an adult-norm age of -5)
UNIT_RANGES: tuple[tuple[str, float, float, str], ...] = (
    ("multiplier", 0.0, 100.0, "a multiplier on a rate; beyond 100 any rate becomes certain"),
    ("factor", 0.0, 10.0, "a factor on job finding; 10 times normal is beyond any boom"),
    ("exponent", 0.0, 10.0, "an elasticity; beyond 10 a mild recession ends all hiring"),
    ("months", 0.0, 1200.0, "a duration in months, at most a century"),
    ("years", 0.0, 120.0, "an age or duration in years, at most the oldest age"),
    ("euro", 0.0, 1e7, "an amount of money, not negative"),
    ("hours", 0.0, 8760.0, "hours, at most a year's"),
    ("clients", 1.0, 1e6, "clients per case manager: at least one"),
    ("persons", 1.0, 1e9, "a number of people: at least one"),
)
#: length of age-indexed tables: one cell per year of age, 0 to 120 (the oldest ages share the
#: last cell)
MAX_AGE = 121


@dataclass(frozen=True)
class Entry:
    """One parameter: its value, where the number comes from, and which file set it."""

    path: str
    value: Any
    source: str
    unit: str = ""
    derivation: str = ""
    origin: str = "default"
    allowed: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    min_total: float | None = None
    limits: str = ""
    #: the range or distribution of the evidence, with its own source; None: a point value
    uncertainty: Uncertainty | None = None
    #: the id of the law's rule the entry holds (docs/research/income-2020.md), or ""
    rule: str = ""

    @property
    def is_probability(self) -> bool:
        """Probabilities and shares must lie in [0, 1]."""
        return self.unit.startswith(("probability", "share"))

    def bounds(self) -> tuple[float | None, float | None, str]:
        """The allowed range (low, high, why): the entry's own, else its unit's."""
        if self.low is not None or self.high is not None:
            return self.low, self.high, self.limits
        if self.is_probability:
            return 0.0, 1.0, "a probability"
        for prefix, low, high, why in UNIT_RANGES:
            if self.unit.startswith(prefix):
                return low, high, why
        return None, None, ""


def _numbers(value: Any) -> list[float]:
    if isinstance(value, Mapping):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    return [float(value)]


def _check_entry(entry: Entry, where: str) -> None:
    if not isinstance(entry.source, str) or not entry.source.strip():
        raise ParameterError(f"{where}: parameter '{entry.path}' has no source")
    if entry.allowed and entry.value not in entry.allowed:
        choices = ", ".join(str(a) for a in entry.allowed)
        raise ParameterError(
            f"{where}: parameter '{entry.path}' = {entry.value!r}; allowed: {choices}"
        )
    low, high, why = entry.bounds()
    for number in _numbers(entry.value):
        if not math.isfinite(number):
            raise ParameterError(f"{where}: parameter '{entry.path}' is not a finite number")
        if (low is not None and number < low) or (high is not None and number > high):
            kind = "is a probability" if why == "a probability" else f"({why})"
            allowed = f"{_g(low)} to {_g(high)}" if high is not None else f"at least {_g(low)}"
            if low is None:
                allowed = f"at most {_g(high)}"
            raise ParameterError(
                f"{where}: parameter '{entry.path}' = {number:g} {kind}; allowed: {allowed}"
            )
    if _is_banded(entry.value) and min(entry.value) < 0:
        raise ParameterError(
            f"{where}: parameter '{entry.path}': band {min(entry.value)} is negative; allowed:"
            " lower bounds from 0"
        )
    if entry.rule and _is_banded(entry.value):
        for before, after in itertools.pairwise(entry.value):
            if after <= before:
                raise ParameterError(
                    f"{where}: parameter '{entry.path}': bracket {after} comes after {before};"
                    " allowed: lower bounds in increasing order"
                )
    if entry.min_total is not None and isinstance(entry.value, Mapping):
        total = sum(_numbers(entry.value))
        if total < entry.min_total:
            raise ParameterError(
                f"{where}: parameter '{entry.path}' adds up to {total:g} ({entry.limits});"
                f" allowed: a total of at least {_g(entry.min_total)}"
            )


def _with_uncertainty(entry: Entry, raw: Any, where: str) -> Entry:
    """The entry with its ``uncertainty:`` block checked against its value and allowed range;
    ``where`` names the file and the parameter."""
    if raw is None:
        return entry
    block = check_block(raw, entry.value, entry.bounds(), f"{where}.uncertainty")
    return replace(entry, uncertainty=block)


def _g(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def _walk(tree: Mapping[str, Any], prefix: str, where: str, out: dict[str, Entry]) -> None:
    for key, node in tree.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(node, Mapping) and "value" in node:
            unknown = set(node) - ENTRY_KEYS
            if unknown:
                raise ParameterError(
                    f"{where}: parameter '{path}' has unknown keys {sorted(unknown)};"
                    f" allowed: {sorted(ENTRY_KEYS)}"
                )
            entry = Entry(
                path=path,
                value=node["value"],
                source=node.get("source", ""),
                unit=node.get("unit", ""),
                derivation=node.get("derivation", ""),
                origin=where,
                allowed=tuple(node.get("allowed", ())),
                low=node.get("min"),
                high=node.get("max"),
                min_total=node.get("min_total"),
                limits=node.get("limits", ""),
                rule=str(node.get("rule", "")),
            )
            _check_entry(entry, where)
            out[path] = _with_uncertainty(entry, node.get("uncertainty"), f"{where}: {path}")
        elif isinstance(node, Mapping):
            _walk(node, path, where, out)
        else:
            raise ParameterError(f"{where}: '{path}' must be an entry with value and source")


@functools.cache
def _default_trees() -> tuple[tuple[str, str, Any], ...]:
    trees = []
    folder = resources.files("simulation.parameters")
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".yaml"):
            continue
        where = f"simulation/parameters/{item.name}"
        try:
            tree = parse(item.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ParameterError(f"{where}: not valid YAML: {exc}") from None
        trees.append((item.name.removesuffix(".yaml"), where, tree))
    return tuple(trees)


def _is_banded(table: Any) -> bool:
    """A table keyed by numbers (age bands, years, parity): any set of bounds will do."""
    return isinstance(table, Mapping) and bool(table) and all(isinstance(k, int) for k in table)


def _normalise(old: Any, new: Any) -> Any:
    """Keys of a banded table given as strings in YAML or Python ('15') become numbers."""
    if _is_banded(old) and isinstance(new, Mapping):
        try:
            return {int(k): v for k, v in new.items()}
        except (TypeError, ValueError):
            return new
    return new


def _same_shape(old: Any, new: Any) -> bool:
    if isinstance(old, Mapping) and not old:  # an open table (a path over calendar months)
        return isinstance(new, Mapping) and all(_same_shape(0.0, v) for v in new.values())
    if _is_banded(old):
        return _is_banded(new) and all(_same_shape(0.0, v) for v in new.values())
    if isinstance(old, Mapping):  # a category table; a subset of its keys updates those cells
        return isinstance(new, Mapping) and bool(new) and set(new) <= set(old)
    if isinstance(old, bool):
        return isinstance(new, bool)
    if isinstance(old, int | float):
        return isinstance(new, int | float) and not isinstance(new, bool)
    if isinstance(old, list):
        return isinstance(new, list)
    return isinstance(new, type(old))


class Parameters:
    """An immutable set of parameter entries, addressed by dotted path."""

    def __init__(self, entries: Mapping[str, Entry]):
        self._entries = dict(entries)

    @classmethod
    def defaults(cls) -> Parameters:
        """The package's default parameter files, one per life domain (parsed once per process:
        the YAML parser took 0.5 s of every sweep run; each call gets its own copy)."""
        entries: dict[str, Entry] = {}
        for domain, where, tree in _default_trees():
            _walk(copy.deepcopy(tree), domain, where, entries)
        return cls(entries)

    # -- lookup -----------------------------------------------------------------------------------
    def __contains__(self, path: str) -> bool:
        return path in self._entries

    def __getitem__(self, path: str) -> Any:
        return self.entry(path).value

    def entry(self, path: str) -> Entry:
        try:
            return self._entries[path]
        except KeyError:
            raise ParameterError(
                f"unknown parameter '{path}'{did_you_mean(path, self._entries)}"
            ) from None

    def paths(self, prefix: str = "") -> list[str]:
        """All entry paths, or those under ``prefix`` (e.g. 'interventions.bridge.')."""
        return sorted(p for p in self._entries if p.startswith(prefix))

    def entries(self) -> list[Entry]:
        return [self._entries[p] for p in self.paths()]

    def table(self, path: str, enum: type[IntEnum], dtype: Any = np.float32) -> np.ndarray:
        """A table keyed by category names, as an array in the enum's code order."""
        value = self[path]
        keys = [m.name.lower() for m in enum]
        if not isinstance(value, Mapping) or set(value) != set(keys):
            raise ParameterError(f"parameter '{path}' must be a table with keys {keys}")
        return np.array([value[k] for k in keys], dtype=dtype)

    def by_age(self, path: str) -> np.ndarray:
        """An age-band table ``{"15": h1, "35": h2}`` (lower bounds in years) by single year."""
        value = self[path]
        if not isinstance(value, Mapping):
            raise ParameterError(f"parameter '{path}' must be a table keyed by lower age bound")
        out = np.zeros(MAX_AGE, dtype=np.float32)
        for bound, rate in sorted((int(k), float(v)) for k, v in value.items()):
            out[bound:] = rate
        return out

    # -- overrides --------------------------------------------------------------------------------
    def with_overrides(
        self, overrides: Mapping[str, Any], origin: str, section: str = "parameters."
    ) -> Parameters:
        """A copy with dotted overrides applied; a value may carry its own ``source``,
        ``derivation`` and ``uncertainty``. Errors name ``origin`` and the path after ``section``
        (where the overrides sit in their file: a scenario's ``parameters:``; '' for a file of
        them). A new value drops the old value's uncertainty block (its range was the old
        evidence's); ``{uncertainty: {…}}`` alone gives the current value a range."""
        entries = dict(self._entries)
        for path, raw in overrides.items():
            source = f"scenario override ({origin})"
            derivation = None
            value = raw
            field = f"{origin}: {section}{path}"
            block = None
            if isinstance(raw, Mapping) and ("value" in raw or "uncertainty" in raw):
                unknown = sorted(str(k) for k in set(raw) - set(OVERRIDE_KEYS))
                if unknown:
                    raise ParameterError(
                        f"{field}: unknown keys {unknown} in an override;"
                        f" allowed: {', '.join(OVERRIDE_KEYS)}"
                    )
                block = raw.get("uncertainty")
                if "value" not in raw:
                    entries[path] = self._ranged(path, raw, origin)
                    continue
                value, source = raw["value"], str(raw.get("source", source))
                derivation = raw.get("derivation")
            if path in entries:
                old = entries[path]
                value = _normalise(old.value, value)
                if not _same_shape(old.value, value):
                    raise ParameterError(f"{field}: expected {_describe(old.value)}, got {value!r}")
                if isinstance(old.value, Mapping) and old.value and not _is_banded(old.value):
                    value = {**old.value, **value}
                new = replace(old, value=copy.deepcopy(value), source=source, origin=origin)
                if derivation is not None:
                    new = replace(new, derivation=str(derivation))
                new = replace(new, uncertainty=None)
            else:
                head, _, cell = path.rpartition(".")
                old = entries.get(head)
                if old is not None and _is_banded(old.value) and cell.isdigit():
                    cell = int(cell)  # a band of an age or tenure table
                if old is None or not isinstance(old.value, Mapping) or cell not in old.value:
                    raise ParameterError(
                        f"{field}: unknown parameter{did_you_mean(path, self._all_paths())}"
                    )
                if block is not None:
                    raise ParameterError(
                        f"{field}: an uncertainty block on a table cell;"
                        " allowed: on a parameter whose value is one number"
                    )
                if not _same_shape(old.value[cell], value):
                    raise ParameterError(
                        f"{field}: expected {_describe(old.value[cell])}, got {value!r}"
                    )
                table = dict(old.value)
                table[cell] = value
                new = replace(old, value=table, source=f"{old.source}; {path}: {source}")
                new = replace(new, origin=origin)
                path = head
            _check_entry(new, origin)
            entries[path] = _with_uncertainty(new, block, f"{origin}: parameters.{path}")
        return Parameters(entries)

    def _ranged(self, path: str, raw: Mapping[str, Any], origin: str) -> Entry:
        """An override that gives the current value of ``path`` an uncertainty block
        (``uncertainty: null`` takes it away: the value is then fixed in every draw)."""
        if path not in self._entries:
            raise ParameterError(
                f"{origin}: parameters.{path}: unknown parameter{did_you_mean(path, self._entries)}"
            )
        if set(raw) - {"uncertainty"}:
            raise ParameterError(
                f"{origin}: parameters.{path}: an override without a value may only give"
                " 'uncertainty'; allowed: value with source, or uncertainty alone"
            )
        entry = replace(self._entries[path], origin=origin, uncertainty=None)
        return _with_uncertainty(entry, raw["uncertainty"], f"{origin}: parameters.{path}")

    def uncertain(self) -> list[Entry]:
        """The entries that carry an uncertainty block, by path."""
        return [e for e in self.entries() if e.uncertainty is not None]

    def _all_paths(self) -> list[str]:
        cells = [
            f"{p}.{k}"
            for p, e in self._entries.items()
            if isinstance(e.value, Mapping)
            for k in e.value
        ]
        return [*self._entries, *cells]

    def records(self) -> list[dict[str, Any]]:
        """Every entry as a plain dict: for manifests and ``lifecourse params``."""
        return [
            {
                "path": e.path,
                "value": e.value,
                "unit": e.unit,
                "source": e.source,
                "derivation": e.derivation,
                "rule": e.rule,
                "origin": e.origin,
                "allowed": list(e.allowed),
                "min": e.bounds()[0],
                "max": e.bounds()[1],
                "limits": e.bounds()[2],
                "uncertainty": None if e.uncertainty is None else e.uncertainty.record(),
            }
            for e in self.entries()
        ]


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"a table with keys among {sorted(value, key=str)}"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
