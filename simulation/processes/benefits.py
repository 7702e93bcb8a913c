"""Benefits: WW's entry and expiry (I1.1-I1.4; who qualifies and for how long:
:mod:`simulation.processes.ww`), bijstand with its household means test (I2.1-I2.2), and
amounts.

The means test counts the household's net income from work and benefits against the net norm,
as the Participatiewet does (art. 31-32: income less the wage tax withheld; the allowances are
no means): the net of a gross wage or benefit comes from the 2020 tax rules
(:mod:`simulation.income.net`).

The rules are exact functions of the person's record (months worked, calendar years with 208+
hours, work history, partner's income), so tests can check them case by case.

WW is paid on the WW-maandloon, the capped wage of the job lost, fixed when WW starts. A WW
recipient who works keeps WW as a top-up while earning at most 87.5% of it (partial WW, art. 35a
WW since 2015): WW is then 75%/70% of the WW-maandloon less the earnings, and the entitlement
runs on.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

import numba
import numpy as np

from simulation.codes import Benefit, Event, LabourState, Migration, Motive
from simulation.executors import in_parallel, joined
from simulation.income.net import net_pension_tables, net_tables
from simulation.parameters import Parameters
from simulation.pension import aow_age_months
from simulation.population import Population
from simulation.processes import At, Bands, Process, World, read_table
from simulation.processes.amounts import (
    Amounts,
    Pensions,
    Recipients,
    amounts_of,
    countable_of,
    partner_net_of,
)
from simulation.processes.incentives import norm_kind
from simulation.processes.ww import WWClaims
from simulation.rows import among, rows_where


class CandidateColumns(NamedTuple):
    """What the search for possible bijstand entrants reads of each row."""

    labour_state: np.ndarray
    benefit: np.ndarray
    age_months: np.ndarray
    assets_ok: np.ndarray
    arrival_month: np.ndarray
    months_in_state: np.ndarray
    bijstand_left_month: np.ndarray
    motive: np.ndarray
    immigration_month: np.ndarray
    migration: np.ndarray
    work_history_years: np.ndarray


@numba.njit(cache=True, nogil=True)
def _newcomer(motive, months_here, migration, work_history_years, wait):  # pragma: no cover
    """An immigrant who came for work, family or study, in the first ``wait`` months, whose
    claim would put the residence permit at risk; not a Western immigrant with a calendar
    year of work, standing (loosely) for an EU worker's kept rights (Directive 2004/38 art.
    7(3)(b)). Handed values: a helper handed the tuple of columns counts references on each
    at every call."""
    if not (motive == Motive.WORK or motive == Motive.FAMILY or motive == Motive.STUDY):
        return False
    if months_here >= wait:
        return False
    return not (migration == Migration.WESTERN and work_history_years >= 1)


@numba.njit(cache=True, nogil=True)
def _candidates(c, t, month, start, stop):  # pragma: no cover
    """Among rows ``start`` to ``stop``, the month's possible entrants into bijstand: without
    work (unemployed or inactive), without a benefit, of age, passing the asset test; not in
    the reception months of a status holder, not a newcomer who would risk the residence
    permit, not in the search period before bijstand under 27 (I2.2), not lately gone for
    another reason. One pass over the rows instead of a mask per
    condition."""
    out = np.empty(stop - start, np.int64)
    n = 0
    for row in range(start, stop):
        i = np.uint64(row)  # unsigned: no negative-index check on each read
        s = c.labour_state[i]
        if not (
            (s == LabourState.UNEMPLOYED or s == LabourState.INACTIVE)
            and c.benefit[i] == Benefit.NONE
            and c.age_months[i] >= t.min_age_months
            and c.assets_ok[i]
        ):
            continue
        arrived = c.arrival_month[i]
        if arrived >= 0 and month - arrived < t.reception_months:
            continue
        here, wait = month - c.immigration_month[i], t.immigrant_wait_months
        if _newcomer(c.motive[i], here, c.migration[i], c.work_history_years[i], wait):
            continue
        young = c.age_months[i] < t.search_period_age_months
        if young and c.months_in_state[i] < t.search_period_months:
            continue
        left = c.bijstand_left_month[i]  # for another reason, lately: no claim yet
        if left >= 0 and month - left < t.other_exit_months:
            continue
        out[n] = row
        n += 1
    return out[:n].copy()


class BijstandRules(NamedTuple):
    """Who may claim bijstand (benefits.bijstand; I2.1, I2.2)."""

    min_age_months: int
    #: under this age, a search period comes before bijstand
    search_period_age_months: int
    search_period_months: int
    norm_single: float
    norm_couple: float
    norm_young: float
    adult_norm_months: int
    asset_test_pass: float
    other_exit: float
    other_exit_months: int
    sanction_rate: Annotated[float, At("benefits.bijstand.sanction.rate")]
    #: by age in years: the probability that an entitled person claims (a trait)
    take_up: Annotated[np.ndarray, Bands()]
    reception_months: Annotated[int, At("migration.reception_months")]
    #: months after arrival before an immigrant who came for work, family or study claims
    immigrant_wait_months: int


class Benefits(Process):
    """One month of benefit entitlements: WW entry and expiry, bijstand entry and exit."""

    name = "benefits"
    writes: ClassVar[tuple[str, ...]] = (
        "benefit", "benefit_months", "ww_months_left", "ww_ran_out", "ww_wage",
        "bijstand_left_month", "sanction_month",
    )  # fmt: skip

    def __init__(self, params: Parameters):
        p = params
        self.ww_claims = WWClaims(p)
        self.ww, self.ww_insured = self.ww_claims.rules, self.ww_claims.insured
        self.ww_stop_share = np.float32(p["benefits.ww.work_stop_share"])
        self.bijstand_rules = read_table(
            p,
            "benefits.bijstand",
            BijstandRules,
            min_age_months=p["benefits.bijstand.min_age"] * 12,
            search_period_age_months=p["benefits.bijstand.search_period_age"] * 12,
            adult_norm_months=p["benefits.bijstand.adult_norm_age"] * 12,
        )
        self._assets_ok = np.zeros(0, dtype=bool)
        self._assets_of: Population | None = None
        # by benefit code: the share of the (capped) wage replaced, and flat amounts
        replacement = np.zeros(len(Benefit), dtype=np.float32)
        replacement[Benefit.WW] = p["benefits.ww.replacement_after"]
        replacement[Benefit.WGA] = p["benefits.wga_replacement"]
        replacement[Benefit.IVA] = p["benefits.iva_replacement"]
        replacement[Benefit.SICKNESS] = p["benefits.sickness_replacement"]
        flat = np.zeros(len(Benefit), dtype=np.float32)
        flat[Benefit.WAJONG] = p["benefits.wajong_replacement"] * p["benefits.minimum_wage_month"]
        holiday = 1.0 + p["income.holiday_allowance"]
        self.amount_rules = read_table(
            p,
            "benefits",
            Amounts,
            replacement=replacement,
            flat=flat,
            adult_norm_months=p["benefits.bijstand.adult_norm_age"] * 12,
            disregard_min_months=p["benefits.bijstand.earnings_disregard.min_age"] * 12,
            single_parent_child_months=p["benefits.bijstand.single_parent_disregard.child_age"]
            * 12,
            **dict(zip(("net_wage", "net_benefit", "top_rate"), net_tables(p), strict=True)),
        )
        self.pensions = Pensions(
            p["income.aow.couple"] / 12,
            p["income.pension_share_before_aow_age"] * holiday,
            p["income.pension_share_at_aow_age"] * holiday,
            *net_pension_tables(p),
        )
        self._params = p

    def __call__(self, w: World) -> None:
        self.ww_entry(w)
        self.ww_expiry(w)
        self.bijstand(w)

    def ww_entry(self, w: World, all_claim: bool = False) -> None:
        """People who became unemployed from work this month claim WW if they qualify (all of
        them with ``all_claim``, else as many as take it up)."""
        pop = w.pop
        new = rows_where(pop.months_in_state == 0)  # few changed state: test those
        new = new[
            (pop.labour_state[new] == LabourState.UNEMPLOYED) & (pop.benefit[new] == Benefit.NONE)
        ]
        self.ww_claims.grant(w, new, pop.wage[new], all_claim)

    def ww_expiry(self, w: World) -> None:
        """WW ends when its entitlement is used up, or when a job beside it earns more than
        work_stop_share of the WW-maandloon (a wage rise or a move to a better job)."""
        pop = w.pop
        on_ww = rows_where(pop.benefit == Benefit.WW)
        state = pop.labour_state[on_ww]
        working = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
        used_up = pop.ww_months_left[on_ww] <= 0
        earns = working & (pop.wage[on_ww] > self.ww_stop_share * pop.ww_wage[on_ww])
        ended = on_ww[used_up | earns]
        pop.set_benefit(ended, Benefit.NONE)
        pop.ww_months_left[ended] = 0
        pop.ww_ran_out[on_ww[used_up & ~working]] = True  # job search goes on without WW
        w.log.record(Event.WW_END, w.month, ended)

    def partner_income(self, w: World, idx: np.ndarray) -> np.ndarray:
        """The partner's monthly net income the means test counts: from work (sick pay counted
        as the wage) with partial WW's top-up, a benefit other than bijstand, or once retired a
        pension and from the AOW age the AOW (amounts.py's _partner_net, which bijstand's amount
        deducts too)."""
        pop = w.pop
        c = Recipients(*(getattr(pop, name) for name in Recipients._fields))
        out = np.empty(idx.size, dtype=np.float32)
        idx = np.ascontiguousarray(idx, dtype=np.int64)
        t, r, month, aow = self.amount_rules, self.pensions, w.month, self.aow_months(w.month)
        in_parallel(lambda a, b: partner_net_of(c, t, r, idx[a:b], month, aow, out[a:b]), idx.size)
        return out

    def aow_months(self, month: int) -> int:
        """The AOW age in months of age in ``month``'s year."""
        return aow_age_months(self._params, month // 12)

    def assets_ok(self, w: World) -> np.ndarray:
        """Whether each row passes the asset test: a trait, drawn once per person (refugees
        arrive without assets). Kept, since the month's candidates are mostly last month's."""
        pop = w.pop
        if self._assets_of is not pop:  # another population (the synthesizer builds several)
            self._assets_of, self._assets_ok = pop, np.zeros(0, dtype=bool)
        known = self._assets_ok.size
        if known != pop.size:  # new rows (first use, or newborns): draw theirs, keep the rest
            rows = np.arange(known, pop.size, dtype=np.int64)
            passes = w.draws.trait("benefits.assets", rows) < self.bijstand_rules.asset_test_pass
            new = passes | (pop.migration[rows] == Migration.REFUGEE)
            self._assets_ok = np.concatenate([self._assets_ok, new])
        return self._assets_ok

    def claims(self, w: World, idx: np.ndarray) -> np.ndarray:
        """Whether each entitled person claims: about a third of the entitled do not, most of the
        young (benefits.bijstand.take_up); a person's answer is a trait, so a non-user stays one
        at the same age. Status holders always claim (their municipality arranges it)."""
        u = w.draws.trait("benefits.take_up", idx)
        years = np.minimum(w.age_months[idx] // 12, self.bijstand_rules.take_up.size - 1)
        return (u < self.bijstand_rules.take_up[years]) | (
            w.pop.migration[idx] == Migration.REFUGEE
        )

    def countable_earnings(self, pop: Population, idx: np.ndarray, month: int) -> np.ndarray:
        """What bijstand counts of each person's own earnings (the disregard taken off)."""
        out = np.empty(idx.size, dtype=np.float32)
        columns = Recipients(*(getattr(pop, name) for name in Recipients._fields))
        idx = np.ascontiguousarray(idx, dtype=np.int64)
        countable_of(columns, self.amount_rules, idx, month, out)
        return out

    def household_poor(self, w: World, idx: np.ndarray) -> np.ndarray:
        """Whether the household's income, the person's countable earnings and the partner's
        income, stays under its norm (the young norm for a single under 21)."""
        pop = w.pop
        t = self.bijstand_rules
        norms = np.array([t.norm_single, t.norm_couple, t.norm_young])  # by norm_kind
        norm = norms[norm_kind(pop.partner_id[idx], w.age_months[idx], t.adult_norm_months)]
        income = self.partner_income(w, idx) + self.countable_earnings(pop, idx, w.month)
        return income < norm

    def bijstand_eligible(self, w: World, idx: np.ndarray) -> np.ndarray:
        """The household means test (I2.2): income below the norm and assets under the limit."""
        return self.household_poor(w, idx) & self.assets_ok(w)[idx]

    def bijstand(self, w: World) -> None:
        pop, m = w.pop, w.month
        t = self.bijstand_rules
        state = pop.labour_state
        # the asset test among the first: most of the long-term inactive fail it month after month
        c = w.columns(CandidateColumns, assets_ok=self.assets_ok(w))
        candidates = joined(in_parallel(lambda a, b: _candidates(c, t, m, a, b), pop.size))
        entrants = candidates[self.bijstand_eligible(w, candidates) & self.claims(w, candidates)]
        pop.set_benefit(entrants, Benefit.BIJSTAND)
        w.log.record(Event.BIJSTAND_START, m, entrants)
        # clients whose household income rose above the norm leave bijstand: a partner's
        # income, or their own job once it pays more than the norm tops up
        clients = rows_where(pop.benefit == Benefit.BIJSTAND)
        working = (state[clients] == LabourState.EMPLOYED) | (state[clients] == LabourState.SICK)
        partnered = clients[~working & (pop.partner_id[clients] >= 0)]
        leavers = np.concatenate(
            [
                partnered[~self.bijstand_eligible(w, partnered)],
                clients[working][~self.household_poor(w, clients[working])],
            ]
        )
        # clients without work also leave for other reasons (study, another income or household,
        # not complying, detention, unknown: CBS 81574NED), and claim again only later; not
        # status holders, whose municipality arranges their bijstand (they always claim)
        idle = clients[~working & (pop.migration[clients] != Migration.REFUGEE)]
        idle = idle[~among(idle, leavers, pop.size)]
        u = w.draws.uniform("benefits.bijstand.other_exit", idle)
        other = idle[u < np.float32(t.other_exit)]
        pop.bijstand_left_month[other] = m
        leavers = np.concatenate([leavers, other])
        leavers.sort()
        pop.set_benefit(leavers, Benefit.NONE)
        w.log.record(Event.BIJSTAND_END, m, leavers)
        self.sanctions(w, idle[u >= np.float32(t.other_exit)])

    def sanctions(self, w: World, clients: np.ndarray) -> None:
        """Some clients without work have the benefit cut for not meeting an obligation (a
        maatregel, Participatiewet art. 18 lid 4): ``sanction.cut`` of it for
        ``sanction.months`` (the amounts), after which they find work more often for a while
        (labour.py). ``clients`` are those staying on bijstand without work, in row order."""
        state = w.pop.labour_state[clients]
        clients = clients[(state == LabourState.UNEMPLOYED) | (state == LabourState.INACTIVE)]
        u = w.draws.uniform("benefits.bijstand.sanction", clients)
        sanctioned = clients[u < np.float32(self.bijstand_rules.sanction_rate)]
        w.pop.sanction_month[sanctioned] = w.month
        w.log.record(Event.BIJSTAND_SANCTION, w.month, sanctioned)

    def amounts(
        self,
        pop: Population,
        idx: np.ndarray,
        month: int,
        public_only: bool = True,
        ticked: bool = False,
    ) -> np.ndarray:
        """Monthly benefit paid to persons ``idx`` (euro). Wage-related benefits replace a share
        of the wage up to the maximum daily wage; sickness pay is public spending only under
        Ziektewet (flexible workers, I3.1) when ``public_only``. Bijstand: the single norm (the
        young norm at 18-20); a couple's norm less the partner's net income (partner_income),
        split between the two when both are on bijstand. ``ticked``: the month's clocks have
        been advanced (bookkeeping, the month's last step), so they are read one month back:
        WW pays its first rate for two months and the disregards run their months whether
        asked during the month or at its tally."""
        out = np.empty(idx.size, dtype=np.float32)
        c = Recipients(*(getattr(pop, name) for name in Recipients._fields))
        idx, t, lag = np.ascontiguousarray(idx, dtype=np.int64), self.amount_rules, int(ticked)
        aow, r = self.aow_months(month), self.pensions
        in_parallel(
            lambda a, b: amounts_of(c, t, r, idx[a:b], month, public_only, lag, aow, out[a:b]),
            idx.size,
        )
        return out
