"""Uncertainty in the evidence: a parameter's range or distribution, with its own source.

A parameter entry (in a default file or a scenario's override) may say how sure its number is::

    job_finding_factor:
      value: 1.88
      unit: multiplier on job finding during guidance
      source: "calibrated to A10.4 …"
      uncertainty:
        distribution: triangular  # uniform | triangular | normal
        low: 1.2                  # uniform, triangular: the range; normal: its 95% interval
        high: 2.6
        mode: 1.88                # triangular only; default: the entry's value
        source: "Regioplan 2019: 199 clients per arm …"   # or "assumption: …"
        derivation: "…"           # optional: how the range was computed

A normal distribution is centred on the entry's value and given either as the 95% interval the
evidence reports (``low``, ``high``, roughly symmetric around the value: its width gives the
standard deviation, (high - low) / 3.92) or by its ``sd``; its draws are truncated to the
parameter's allowed range. A whole-number parameter (a caseload) is
drawn and rounded. Only single numbers carry an uncertainty block, not tables.

Nothing here changes a run: ``lifecourse compare --parameter-uncertainty``
(:mod:`simulation.inputdraws`) draws every such parameter once per replication, before the runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any

from simulation.errors import ParameterError

DISTRIBUTIONS = ("uniform", "triangular", "normal")
KEYS = ("distribution", "low", "high", "mode", "sd", "source", "derivation")
#: the normal quantile of a two-sided 95% interval
Z95 = NormalDist().inv_cdf(0.975)
#: how far a normal's stated 95% interval may sit off centre around the value, as a share of its
#: half-width (evidence rounds its intervals; a skewed one is a triangular, not a normal)
SYMMETRY = 0.1


@dataclass(frozen=True)
class Uncertainty:
    """A checked uncertainty block. For a normal, ``low``/``high`` are its 95% interval and
    ``mode`` its mean (the entry's value); ``bound_low``/``bound_high`` the parameter's
    allowed range, which truncates the normal."""

    distribution: str
    low: float
    high: float
    mode: float
    source: str
    sd: float | None = None
    derivation: str = ""
    integer: bool = False
    bound_low: float | None = None
    bound_high: float | None = None

    def quantile(self, u: float) -> float | int:
        """The value at probability ``u`` in (0, 1): the inverse of the distribution function,
        so one uniform per parameter gives one value, and the same uniform the same value."""
        if self.distribution == "uniform":
            x = self.low + u * (self.high - self.low)
        elif self.distribution == "triangular":
            width = self.high - self.low
            cut = (self.mode - self.low) / width
            if u < cut:
                x = self.low + math.sqrt(u * width * (self.mode - self.low))
            else:
                x = self.high - math.sqrt((1 - u) * width * (self.high - self.mode))
        else:
            normal = NormalDist(self.mode, self.sd)
            a = 0.0 if self.bound_low is None else normal.cdf(self.bound_low)
            b = 1.0 if self.bound_high is None else normal.cdf(self.bound_high)
            x = normal.inv_cdf(min(max(a + u * (b - a), 1e-300), 1 - 1e-16))
            if self.bound_low is not None:
                x = max(x, self.bound_low)
            if self.bound_high is not None:
                x = min(x, self.bound_high)
        return round(x) if self.integer else x

    def record(self) -> dict[str, Any]:
        """As a plain dict, for manifests and ``lifecourse params``."""
        out = asdict(self)
        for key in ("integer", "bound_low", "bound_high"):
            out.pop(key)
        return out


def describe(block: Mapping[str, Any] | None) -> str:
    """'triangular 1.2 to 2.6 (mode 1.88)', 'normal, 95% 0.5 to 0.9': a block in words."""
    if not block:
        return ""
    low, high = f"{block['low']:.4g}", f"{block['high']:.4g}"
    if block["distribution"] == "normal":
        return f"normal, mean {block['mode']:.4g}, sd {block['sd']:.3g} (95%: {low} to {high})"
    if block["distribution"] == "triangular":
        return f"triangular {low} to {high} (mode {block['mode']:.4g})"
    return f"uniform {low} to {high}"


def _number(raw: Mapping[str, Any], key: str, where: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ParameterError(f"{where}.{key} = {value!r}; allowed: a finite number")
    return float(value)


def check_block(
    raw: Any,
    value: Any,
    bounds: tuple[float | None, float | None, str],
    where: str,
) -> Uncertainty:
    """Check an ``uncertainty:`` block against its entry's ``value`` and allowed ``bounds``
    (low, high, why); ``where`` names the file and the parameter ('file: parameter 'x'
    uncertainty'). Every problem is one :class:`ParameterError` naming what is allowed."""
    if not isinstance(raw, Mapping):
        raise ParameterError(
            f"{where}: expected a mapping with distribution, low, high (or sd) and source,"
            f" got {raw!r}"[:300]
        )
    unknown = sorted(str(k) for k in set(raw) - set(KEYS))
    if unknown:
        raise ParameterError(f"{where}: unknown keys {unknown}; allowed: {', '.join(KEYS)}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(
            f"{where}: the value {value!r} is not a single number; allowed: an uncertainty"
            " block on a parameter whose value is one number"[:300]
        )
    kind = raw.get("distribution")
    if kind not in DISTRIBUTIONS:
        raise ParameterError(
            f"{where}.distribution = {kind!r}; allowed: {', '.join(DISTRIBUTIONS)}"
        )
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(
            f"{where}: the range has no source; allowed: a FACTS id, 'law: …', 'statistic: …',"
            " a study, or 'assumption: …' with its reason"
        )
    derivation = raw.get("derivation", "")
    if not isinstance(derivation, str):
        raise ParameterError(f"{where}.derivation: allowed: text")
    low, high = _number(raw, "low", where), _number(raw, "high", where)
    mode, sd = _number(raw, "mode", where), _number(raw, "sd", where)
    if mode is not None and kind != "triangular":
        raise ParameterError(f"{where}: 'mode' is for a triangular distribution only")
    if kind == "normal":
        low, high, sd = _normal(low, high, sd, float(value), where)
        mode = float(value)
    else:
        if sd is not None:
            raise ParameterError(f"{where}: 'sd' is for a normal distribution only")
        if low is None or high is None:
            raise ParameterError(f"{where}: a {kind} distribution needs low and high")
        mode = float(value) if mode is None else mode
    if low >= high:
        raise ParameterError(
            f"{where}: low {low:g} is not below high {high:g}; allowed: low below high"
        )
    if not low <= value <= high:
        raise ParameterError(
            f"{where}: the value {value:g} lies outside the range {low:g} to {high:g};"
            " allowed: a range that holds the value"
        )
    if not low <= mode <= high:
        raise ParameterError(
            f"{where}: mode {mode:g} lies outside {low:g} to {high:g}; allowed: within the range"
        )
    bound_low, bound_high, why = bounds
    below = bound_low is not None and low < bound_low
    if below or (bound_high is not None and high > bound_high):
        if bound_high is None:
            allowed = f"at least {bound_low:g}"
        else:
            allowed = f"at most {bound_high:g}" if bound_low is None else (
                f"{bound_low:g} to {bound_high:g}"
            )  # fmt: skip
        span = "its 95% interval" if kind == "normal" else "the range"
        raise ParameterError(
            f"{where}: {span} {low:g} to {high:g} goes outside the parameter's allowed range"
            f" ({why}); allowed: {allowed}"
        )
    return Uncertainty(
        distribution=kind,
        low=low,
        high=high,
        mode=mode,
        source=source.strip(),
        sd=sd,
        derivation=derivation,
        integer=isinstance(value, int),
        bound_low=bound_low,
        bound_high=bound_high,
    )


def _normal(
    low: float | None, high: float | None, sd: float | None, value: float, where: str
) -> tuple[float, float, float]:
    """A normal's 95% interval and standard deviation, from the interval or from ``sd``."""
    if sd is not None:
        if low is not None or high is not None:
            raise ParameterError(
                f"{where}: a normal takes its 95% interval (low, high) or sd, not both"
            )
        if sd <= 0:
            raise ParameterError(f"{where}.sd = {sd:g}; allowed: above 0")
        return value - Z95 * sd, value + Z95 * sd, sd
    if low is None or high is None:
        raise ParameterError(f"{where}: a normal distribution needs low and high (its 95%"
                             " interval) or sd")  # fmt: skip
    half = (high - low) / 2
    if half > 0 and abs((low + high) / 2 - value) > SYMMETRY * half:
        raise ParameterError(
            f"{where}: the 95% interval {low:g} to {high:g} is not centred on the value"
            f" {value:g}; allowed: an interval symmetric around the value, or distribution:"
            " triangular for a skewed one"
        )
    sd = half / Z95
    return value - Z95 * sd, value + Z95 * sd, sd
