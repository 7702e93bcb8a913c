"""Monthly indicators: the aggregates the DataCollector records and the outputs report.

Shares are of the population aged 15 to the AOW age (present and alive), the denominator of the
CBS labour statistics the model is compared with. Benefit spending is public spending per month
on the simulated population, in euro.
"""

from __future__ import annotations

import numba
import numpy as np

from simulation.codes import Benefit, Contract, Education, LabourState, Migration, Sex
from simulation.population import Population
from simulation.processes.benefits import Benefits

STATE_SHARES = {
    "share_school": LabourState.SCHOOL,
    "share_working": LabourState.EMPLOYED,
    "share_unemployed": LabourState.UNEMPLOYED,
    "share_inactive": LabourState.INACTIVE,
    "share_sick": LabourState.SICK,
    "share_disabled": LabourState.DISABLED,
    "share_early_retired": LabourState.RETIRED,
}
BENEFIT_SHARES = {
    "share_ww": Benefit.WW,
    "share_bijstand": Benefit.BIJSTAND,
    "share_wajong": Benefit.WAJONG,
    "share_wga": Benefit.WGA,
    "share_iva": Benefit.IVA,
    "share_sickness_benefit": Benefit.SICKNESS,
}
SPENDING = {f"spending_{b.name.lower()}": b for b in Benefit if b != Benefit.NONE}
GROUP_COLUMNS = {
    "sex": ("", Sex),
    "education": ("", Education),
    "migration": ("migration_", Migration),
}
GROUP_RATES = [
    f"employment_rate_{prefix}{code.name.lower()}"
    for prefix, codes in GROUP_COLUMNS.values()
    for code in codes
]
INDICATORS = (
    "population",
    *STATE_SHARES,
    "employment_rate",
    "employment_rate_20_64",
    "female_employment_25_45",
    "unemployment_rate",
    "permanent_share",
    *BENEFIT_SHARES,
    *GROUP_RATES,
    "mean_monthly_wage",
    "mean_weekly_hours",
    *SPENDING,
    "spending_total",
)


def _rate(numerator: int | float, denominator: int | float) -> float:
    return float(numerator) / float(denominator) if denominator else float("nan")


@numba.njit(cache=True, nogil=True)
def _count(labour_state, benefit, sex, education, migration, contract, hours, wage, age, aow):
    """One pass over all rows: the counts behind every share (compiled: numpy needs a dozen
    passes and temporaries for the same; measured 87 ms against a few ms at a million rows)."""
    states = np.zeros(9, np.int64)
    benefits = np.zeros(7, np.int64)
    groups = np.zeros((3, 4, 2), np.int64)  # column (sex, education, migration), code, worked
    adults = np.zeros(2, np.int64)  # 20-64: all, employed
    women = np.zeros(2, np.int64)  # women 25-44: all, employed
    permanent = 0
    wage_sum = 0.0
    hours_sum = 0.0
    for i in range(labour_state.size):
        state = labour_state[i]
        a = age[i]
        if state >= 7 or a < 180 or a >= aow:  # dead or abroad, or outside 15..AOW age
            continue
        states[state] += 1
        benefits[benefit[i]] += 1
        works = 1 if (state == 1 or state == 4) else 0  # employed or sick leave: has a job
        years = a // 12
        if 20 <= years < 65:
            adults[0] += 1
            adults[1] += works
        if sex[i] == 1 and 25 <= years < 45:
            women[0] += 1
            women[1] += works
        if state != 0:
            groups[0, sex[i], works] += 1
            groups[1, education[i], works] += 1
            groups[2, migration[i], works] += 1
        if state == 1:
            wage_sum += wage[i]
            hours_sum += hours[i]
            if contract[i] == 3 and hours[i] >= 20.0:
                permanent += 1
    return states, benefits, groups, adults, women, permanent, wage_sum, hours_sum


def benefit_payments(
    pop: Population, month: int, aow_age_months: int, benefits: Benefits
) -> np.ndarray:
    """Public benefit paid this month to each row aged 15 to the AOW age (0 for the rest)."""
    age = month - pop.birth_month
    in_range = (pop.benefit != Benefit.NONE) & (age >= 180) & (age < aow_age_months)
    recipients = np.flatnonzero(in_range & (pop.labour_state < LabourState.DEAD))
    out = np.zeros(pop.size, dtype=np.float32)
    out[recipients] = benefits.amounts(pop, recipients, month)
    return out


def monthly_indicators(
    pop: Population, month: int, aow_age_months: int, payments: np.ndarray
) -> dict[str, float]:
    """All indicators for the state at the end of ``month``; ``payments`` from
    :func:`benefit_payments`."""
    age = (month - pop.birth_month).astype(np.int32)
    states, bcounts, groups, adults, women, permanent, wage_sum, hours_sum = _count(
        pop.labour_state,
        pop.benefit,
        pop.sex,
        pop.education,
        pop.migration,
        pop.contract,
        pop.hours,
        pop.wage,
        age,
        aow_age_months,
    )
    n = int(states.sum())
    out: dict[str, float] = {"population": float(n)}
    for name, code in STATE_SHARES.items():
        out[name] = _rate(states[code], n)
    # CBS counts people on sick leave as employed: they have a job
    out["employment_rate"] = _rate(states[LabourState.EMPLOYED] + states[LabourState.SICK], n)
    out["employment_rate_20_64"] = _rate(adults[1], adults[0])
    out["female_employment_25_45"] = _rate(women[1], women[0])
    labour_force = (
        states[LabourState.EMPLOYED] + states[LabourState.SICK] + states[LabourState.UNEMPLOYED]
    )
    out["unemployment_rate"] = _rate(states[LabourState.UNEMPLOYED], labour_force)
    workers = states[LabourState.EMPLOYED]
    # PBL (A5.2): permanent means a permanent contract of 20 hours a week or more
    out["permanent_share"] = _rate(permanent, workers)
    for name, code in BENEFIT_SHARES.items():
        out[name] = _rate(bcounts[code], n)
    for column, (prefix, codes) in enumerate(GROUP_COLUMNS.values()):
        for code in codes:
            size = groups[column, code].sum()
            out[f"employment_rate_{prefix}{code.name.lower()}"] = _rate(
                groups[column, code, 1], size
            )
    out["mean_monthly_wage"] = _rate(wage_sum, workers)
    out["mean_weekly_hours"] = _rate(hours_sum, workers)
    recipients = np.flatnonzero(payments)
    spent = np.bincount(
        pop.benefit[recipients], weights=payments[recipients], minlength=len(Benefit)
    )
    for name, code in SPENDING.items():
        out[name] = float(spent[code])
    out["spending_total"] = float(spent.sum())
    return out


# the kernel hard-codes these codes for speed; fail loudly if the enums change
assert (LabourState.SCHOOL, LabourState.EMPLOYED, LabourState.SICK, LabourState.DEAD) == (
    0,
    1,
    4,
    7,
)
assert Contract.PERMANENT == 3 and Sex.FEMALE == 1 and len(Benefit) == 7 and len(LabourState) == 9
assert len(Education) <= 4 and len(Migration) <= 4
