"""WW's entitlement (the Werkloosheidswet, I1.1-I1.4): who qualifies and for how long, wherever
work is lost, a whole job (the benefits step) or part of one's hours (the labour market's cut in
hours, partial unemployment: art. 16 WW). The amounts are the benefits step's
(:mod:`simulation.processes.benefits`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.codes import Benefit, Contract, Event
from simulation.parameters import Parameters
from simulation.processes import World


def popcount(bits: np.ndarray) -> np.ndarray:
    """Number of set bits of unsigned integers (up to 16 bits)."""
    bits = bits.astype(np.uint16)
    return np.unpackbits(bits.view(np.uint8).reshape(-1, 2), axis=1).sum(axis=1)


@dataclass(frozen=True)
class WWRules:
    """The WW entitlement rules of the Werkloosheidswet, in months."""

    window_months: int
    required_months: int
    years_required: int
    base_months: int
    full_years: int
    half_from_year: int
    max_months: int
    take_up_short: float
    take_up_full_months: int

    @classmethod
    def from_params(cls, p: Parameters) -> WWRules:
        return cls(
            window_months=p["benefits.ww.weeks_window_months"],
            required_months=p["benefits.ww.weeks_required_months"],
            years_required=p["benefits.ww.years_required"],
            base_months=p["benefits.ww.base_months"],
            full_years=p["benefits.ww.full_years"],
            half_from_year=p["benefits.ww.half_month_from_year"],
            max_months=p["benefits.ww.max_months"],
            take_up_short=p["benefits.ww.take_up.short_record"],
            take_up_full_months=p["benefits.ww.take_up.full_from_months"],
        )

    def weeks_requirement(self, work_bits: np.ndarray) -> np.ndarray:
        """Worked in at least 26 of the last 36 weeks (I1.1), on the monthly record."""
        window = np.uint16((1 << self.window_months) - 1)
        return popcount(work_bits & window) >= self.required_months

    def years_requirement(self, years_bits: np.ndarray) -> np.ndarray:
        """208+ paid hours in at least 4 of the 5 calendar years before this one (I1.2)."""
        return popcount(years_bits & np.uint8(0b11111)) >= self.years_required

    def take_up(self, work_bits: np.ndarray, years_met: np.ndarray) -> np.ndarray:
        """The probability that an entitled person claims WW, by the work record behind the
        claim: ``take_up_short`` at the weeks requirement's minimum, rising linearly with the
        months worked to 1 at ``take_up_full_months`` (the monthly record reaches 16 months; the
        years requirement met counts as the full record). A short record brings a short, small
        benefit that many do not claim (benefits.ww.take_up)."""
        record = popcount(work_bits).astype(np.int64)  # unsigned counts would wrap below 6
        months = np.where(years_met, self.take_up_full_months, record)
        rise = (months - self.required_months) / (self.take_up_full_months - self.required_months)
        short = np.float32(self.take_up_short)
        return np.minimum(short + (1 - short) * rise.astype(np.float32), np.float32(1))

    def duration(
        self, work_history_years: np.ndarray, years_met: np.ndarray, year: int
    ) -> np.ndarray:
        """Months of WW (I1.3): 3, or with the years requirement one month per year of history
        for the first 10 years, half a month for later years built up from 2016, at most 24."""
        history = work_history_years.astype(np.int32)
        beyond = np.maximum(history - self.full_years, 0)
        recent = np.minimum(beyond, max(year - self.half_from_year, 0))
        months = np.minimum(history, self.full_years) + (beyond - recent) + recent // 2
        months = np.where(years_met, np.maximum(months, self.base_months), self.base_months)
        return np.minimum(months, self.max_months).astype(np.int8)


class WWClaims:
    """Who gets WW and for how long (the Werkloosheidswet's conditions), wherever work is lost:
    a whole job (the benefits step) or part of one's hours (the labour market's step)."""

    def __init__(self, params: Parameters):
        p = params
        self.rules = WWRules.from_params(p)
        insured = [Contract[name.upper()] for name in p["benefits.ww.insured_contracts"]]
        self.insured = np.isin(np.arange(len(Contract)), insured)
        self.max_monthly_wage = np.float32(p["benefits.ww.max_monthly_wage"])

    def grant(
        self, w: World, rows: np.ndarray, maandloon: np.ndarray, all_claim: bool = False
    ) -> np.ndarray:
        """Those of ``rows`` who worked last month on an insured contract, meet the weeks
        condition and claim (all of them with ``all_claim``) get WW: the months their work
        record earns, on ``maandloon`` (the wage lost work was paid on) up to the maximum.
        Returns them."""
        pop = w.pop
        keep = (pop.work_bits[rows] & 1 == 1) & self.insured[pop.contract[rows]]
        rows, maandloon = rows[keep], maandloon[keep]
        meets = self.rules.weeks_requirement(pop.work_bits[rows])
        rows, maandloon = rows[meets], maandloon[meets]
        years_met = self.rules.years_requirement(pop.years_bits[rows])
        claims = all_claim | (
            w.draws.uniform("benefits.ww.take_up", rows)
            < self.rules.take_up(pop.work_bits[rows], years_met)
        )
        qualifies, maandloon, years_met = rows[claims], maandloon[claims], years_met[claims]
        months = self.rules.duration(pop.work_history_years[qualifies], years_met, w.year)
        pop.set_benefit(qualifies, Benefit.WW)
        pop.ww_months_left[qualifies] = months
        pop.ww_wage[qualifies] = np.minimum(maandloon, self.max_monthly_wage)
        w.log.record(Event.WW_START, w.month, qualifies)
        return qualifies
