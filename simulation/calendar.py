"""The model's calendar: absolute months, 'YYYY-MM' labels, and paths over calendar time.

A month is ``year * 12 + (month_of_year - 1)``, so month arithmetic is integer arithmetic. The
parameter files and scenarios write calendar months as 'YYYY-MM' (the economy's paths) and years
as table keys (the AOW age, the chain limit); outputs label months the same way.
"""

from __future__ import annotations

from simulation.errors import ParameterError

#: 52 weeks over 12 months: weekly hours and weekly benefit rules become monthly ones
WEEKS_PER_MONTH = 52 / 12


def month_of(year: int, month_of_year: int = 1) -> int:
    """The absolute month of ``month_of_year`` (1-12) in ``year``."""
    return year * 12 + month_of_year - 1


def month_label(month: int) -> str:
    """An absolute month as 'YYYY-MM', as outputs and scenario paths write it."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def calendar_month(key: str, where: str) -> int:
    """'YYYY-MM' as an absolute month; a clear error naming ``where`` otherwise."""
    text = str(key)
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        raise ParameterError(f"{where}: '{text}' is not a calendar month; write 'YYYY-MM'")
    month = int(text[5:])
    if not 1 <= month <= 12:
        raise ParameterError(f"{where}: '{text}' has no month {month}; months run 01-12")
    return month_of(int(text[:4]), month)


def calendar_path(
    path: dict, first_year: int, last_year: int, default: float = 1.0, where: str = "path"
) -> dict[int, float]:
    """A ``{'YYYY-MM': value}`` path as {absolute month: value} for every month of the years
    ``first_year`` to ``last_year``; each value holds until the next key, ``default`` before
    the first."""
    points = sorted((calendar_month(k, where), float(v)) for k, v in path.items())
    out, current = {}, default
    for month in range(month_of(first_year), month_of(last_year + 1)):
        while points and points[0][0] <= month:
            current = points.pop(0)[1]
        out[month] = current
    return out


def by_year(table: dict, year: int):
    """The value of the last key at or before ``year`` in a table keyed by year (the first
    key's value before it): the AOW age, the chain limit."""
    keys = sorted(int(k) for k in table)
    chosen = keys[0]
    for key in keys:
        if key <= year:
            chosen = key
    return table[chosen] if chosen in table else table[str(chosen)]
