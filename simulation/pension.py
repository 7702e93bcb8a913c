"""The state-pension (AOW) age by calendar year (law, I6.1).

Up to the last year the law has fixed (``demography.aow_age_months``) the age is the table's.
After it the age follows life expectancy, as the Wet temporisering verhoging AOW-leeftijd (2019)
links it from 2025: each year the age rises by ``step_months`` when

    V = (L - reference_life_expectancy) x share - (P - base_age) >= threshold,

with L the remaining life expectancy at 65 projected for that year and P the previous year's AOW
age in years; it never falls. ``demography.aow_link`` holds the rule's numbers and
``demography.life_expectancy_65`` the projection of L.
"""

from __future__ import annotations

from functools import cache

from simulation.calendar import by_year
from simulation.parameters import Parameters


def aow_age_months(params: Parameters, year: int) -> int:
    """The AOW age in ``year``, in months of age."""
    table = params["demography.aow_age_months"]
    link = params["demography.aow_link"]
    expectancy = params["demography.life_expectancy_65"]
    return _aow(
        tuple(sorted((int(k), int(v)) for k, v in table.items())),
        tuple(sorted((str(k), float(v)) for k, v in link.items())),
        tuple(sorted((int(k), float(v)) for k, v in expectancy.items())),
        params["demography.life_expectancy_65_trend"],
        int(year),
    )


@cache
def _aow(table, link, expectancy, trend: float, year: int) -> int:
    last_year = table[-1][0]
    if year <= last_year:
        return int(by_year(dict(table), year))
    rule = dict(link)
    known = dict(expectancy)
    last_known = max(known)
    age = table[-1][1]
    for t in range(last_year + 1, year + 1):
        # the projection for the year, or the last one carried forward by the trend
        life = known[t] if t in known else known[last_known] + trend * max(t - last_known, 0)
        v = (life - rule["reference_life_expectancy"]) * rule["share"] - (
            age / 12 - rule["base_age"]
        )
        if v >= rule["threshold"]:
            age += int(rule["step_months"])
    return age
