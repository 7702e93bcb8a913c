"""What each benefit pays a month: the compiled amounts, and what bijstand's means test counts
of earnings (net of the wage tax, less the disregards of art. 31 lid 2 onder n and r
Participatiewet). :class:`simulation.processes.benefits.Benefits` reads its tables and calls
these kernels; the rules are documented there and in benefits.yaml.
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

import numba
import numpy as np

from simulation.codes import Benefit, Contract, LabourState, Sex
from simulation.income.net import net_monthly
from simulation.processes import At


class Recipients(NamedTuple):
    """What the amounts kernel reads of recipients and their partners."""

    benefit: np.ndarray
    benefit_months: np.ndarray
    months_in_state: np.ndarray
    contract: np.ndarray
    wage: np.ndarray
    ww_wage: np.ndarray
    partner_id: np.ndarray
    labour_state: np.ndarray
    birth_month: np.ndarray
    sanction_month: np.ndarray
    sex: np.ndarray
    n_children: np.ndarray
    youngest_child_month: np.ndarray


class Amounts(NamedTuple):
    """Benefit amounts (benefits.yaml)."""

    #: by benefit code: the share of the (capped) wage replaced
    replacement: np.ndarray
    #: by benefit code: flat amounts (Wajong: a share of the minimum wage)
    flat: np.ndarray
    replacement_first: Annotated[np.float32, At("benefits.ww.replacement_first")]
    replacement_first_months: Annotated[int, At("benefits.ww.replacement_first_months")]
    max_monthly_wage: Annotated[np.float32, At("benefits.ww.max_monthly_wage")]
    norm_couple: Annotated[np.float32, At("benefits.bijstand.norm_couple")]
    norm_single: Annotated[float, At("benefits.bijstand.norm_single")]
    norm_young: Annotated[float, At("benefits.bijstand.norm_young")]
    adult_norm_months: int
    #: bijstand's earnings disregard (art. 31 lid 2 sub n Participatiewet)
    disregard_share: Annotated[np.float32, At("benefits.bijstand.earnings_disregard.share")]
    disregard_max: Annotated[np.float32, At("benefits.bijstand.earnings_disregard.max")]
    disregard_months: Annotated[int, At("benefits.bijstand.earnings_disregard.months")]
    disregard_min_months: int
    #: a single parent's disregard once the general one has ended (art. 31 lid 2 onder r)
    single_parent_share: Annotated[
        np.float32, At("benefits.bijstand.single_parent_disregard.share")
    ]
    single_parent_max: Annotated[np.float32, At("benefits.bijstand.single_parent_disregard.max")]
    single_parent_months: Annotated[int, At("benefits.bijstand.single_parent_disregard.months")]
    single_parent_child_months: int
    #: a sanction (maatregel) withholds this share of bijstand for its months
    sanction_cut: Annotated[np.float32, At("benefits.bijstand.sanction.cut")]
    sanction_months: Annotated[int, At("benefits.bijstand.sanction.months")]
    #: the net of a monthly gross wage and UWV benefit by whole euro, and the top rate beyond
    #: (simulation.income.net): the means test counts net income (Participatiewet art. 32)
    net_wage: np.ndarray
    net_benefit: np.ndarray
    top_rate: float


class Pensions(NamedTuple):
    """A retired partner's income, as the household incomes count it (income.yaml): from the
    AOW age the AOW of a partner (gross a month), and a pension, a share of the last monthly
    wage with the holiday allowance, before and from the AOW age; net by net_pension_tables.
    Apart from Amounts: a compiled helper handed a tuple counts references on each of its
    arrays at every call, so the tables the rows of every month read stay few."""

    aow_couple: float
    pension_before_aow: float
    pension_at_aow: float
    net_before_aow: np.ndarray
    net_at_aow: np.ndarray


@numba.njit(cache=True, nogil=True)
def _net_wage(t, wage):  # pragma: no cover
    """A monthly wage net of the wage tax (what the means test counts of it)."""
    return np.float32(net_monthly(t.net_wage, t.top_rate, wage))


@numba.njit(cache=True, nogil=True)
def _uwv_gross(
    b,
    share,
    flat,
    first_share,
    first_months,
    cap,
    benefit_months,
    ww_wage,
    wage,
    working,
    employer_pays,
    lag,
):  # pragma: no cover
    """The month's gross amount of benefit ``b`` (not bijstand) from a row's values: ``share``
    of the wage up to ``cap`` plus ``flat`` (the benefit's entries of Amounts); WW the
    WW-maandloon less what a job beside it earns (partial WW, art. 35a WW), at ``first_share``
    for ``first_months``; nothing public when ``employer_pays`` (wage continuation in
    sickness). Handed values, not the Amounts tuple: a helper handed a tuple counts references
    on each of its arrays at every call."""
    if b == Benefit.WW:
        if benefit_months - lag < first_months:
            share = first_share
        earned = wage if working else np.float32(0.0)
        return max(ww_wage - earned, np.float32(0.0)) * share
    if employer_pays:
        share = np.float32(0.0)
    return min(wage, cap) * share + flat


@numba.njit(cache=True, nogil=True, inline="always")
def _partner_net(
    t, r, state, b, wage, benefit_months, ww_wage, age_months, lag, aow_months
):  # pragma: no cover
    """What the means test counts of a partner's month, net (art. 32 Participatiewet): the wage
    of a job (sick pay counted as the wage, as for the client's own earnings), with partial WW's
    top-up beside it, a benefit other than bijstand, or once retired a pension and from the AOW
    age the AOW; the same sum decides who qualifies and what bijstand pays."""
    if state == LabourState.EMPLOYED or state == LabourState.SICK:
        net = np.float32(net_monthly(t.net_wage, t.top_rate, wage))  # _net_wage, no call
        if b != Benefit.WW:
            return net
        top_up = _uwv_gross(
            b, t.replacement[b], t.flat[b], t.replacement_first, t.replacement_first_months,
            t.max_monthly_wage, benefit_months, ww_wage, wage, True, False, lag,
        )  # fmt: skip
        return net + np.float32(net_monthly(t.net_benefit, t.top_rate, top_up))
    if state == LabourState.RETIRED:  # r: Pensions
        if age_months >= aow_months:
            gross = np.float64(wage) * r.pension_at_aow + r.aow_couple
            return np.float32(net_monthly(r.net_at_aow, t.top_rate, gross))
        gross = np.float64(wage) * r.pension_before_aow
        return np.float32(net_monthly(r.net_before_aow, t.top_rate, gross))
    if b == Benefit.NONE or b == Benefit.BIJSTAND:
        return np.float32(0.0)
    paid = _uwv_gross(
        b, t.replacement[b], t.flat[b], t.replacement_first, t.replacement_first_months,
        t.max_monthly_wage, benefit_months, ww_wage, wage, False, False, lag,
    )  # fmt: skip
    return np.float32(net_monthly(t.net_benefit, t.top_rate, paid))


@numba.njit(cache=True, nogil=True)
def _countable_earnings(
    t, state, wage, months_in_state, age_months, single_parent
):  # pragma: no cover
    """What bijstand counts of a person's earnings: the net wage of a job (or sick pay from
    one), less the disregard of a share of it in the first months of a job from 27 on (art. 31
    lid 2 sub n, of the net income), and for a ``single_parent`` of a young child a smaller
    share in the months after (sub r). Handed the row's values, not the columns: a helper
    handed the tuple of column arrays counts references on each at every call (100 ns a
    call)."""
    if state != LabourState.EMPLOYED and state != LabourState.SICK:
        return np.float32(0.0)
    net = _net_wage(t, wage)
    if state == LabourState.EMPLOYED and age_months >= t.disregard_min_months:
        if months_in_state < t.disregard_months:
            return net - min(net * t.disregard_share, t.disregard_max)
        if single_parent and months_in_state < t.disregard_months + t.single_parent_months:
            return net - min(net * t.single_parent_share, t.single_parent_max)
    return net


@numba.njit(cache=True, nogil=True)
def _single_parent(t, partner_id, sex, n_children, youngest_child_month, month):  # pragma: no cover
    """A single mother whose youngest child is under the disregard's age (the model's children
    live with their mother, as in the income rules)."""
    return (
        partner_id < 0
        and sex == Sex.FEMALE
        and n_children > 0
        and youngest_child_month >= 0
        and month - youngest_child_month < t.single_parent_child_months
    )


@numba.njit(cache=True, nogil=True)
def amounts_of(c, t, r, idx, month, public_only, lag, aow_months, out):  # pragma: no cover
    """The month's benefit of each row in ``idx`` into ``out`` (see Benefits.amounts); ``lag``
    1 once the month's clocks have been advanced (the tally, after bookkeeping), so that the
    months on the benefit and in the job are those of the month paid; ``r`` (Pensions) and
    ``aow_months``, the AOW age this month: a retired partner's income."""
    for j in range(idx.size):
        i = idx[j]
        b = c.benefit[i]
        if b == Benefit.BIJSTAND:
            # the household's norm less what it earns: a small job is topped up
            p = c.partner_id[i]
            alone = _single_parent(
                t, p, c.sex[i], c.n_children[i], c.youngest_child_month[i], month
            )
            own = _countable_earnings(
                t, c.labour_state[i], c.wage[i], c.months_in_state[i] - lag,
                month - c.birth_month[i], alone,
            )  # fmt: skip
            if p < 0:
                young = month - c.birth_month[i] < t.adult_norm_months
                norm = np.float32(t.norm_young if young else t.norm_single)
                out[j] = max(norm - own, np.float32(0.0))
            elif c.benefit[p] == Benefit.BIJSTAND:
                both = own + _countable_earnings(
                    t, c.labour_state[p], c.wage[p], c.months_in_state[p] - lag,
                    month - c.birth_month[p], False,
                )  # fmt: skip
                out[j] = max(t.norm_couple - both, np.float32(0.0)) / 2
            else:
                partner = _partner_net(
                    t, r, c.labour_state[p], c.benefit[p], c.wage[p], c.benefit_months[p],
                    c.ww_wage[p], month - c.birth_month[p], lag, aow_months,
                )  # fmt: skip
                out[j] = max(t.norm_couple - partner - own, np.float32(0.0))
            if month - c.sanction_month[i] < t.sanction_months:  # a maatregel this month
                out[j] *= np.float32(1.0) - t.sanction_cut
            continue
        state = c.labour_state[i]
        working = state == LabourState.EMPLOYED or state == LabourState.SICK
        employer_pays = public_only and b == Benefit.SICKNESS and c.contract[i] != Contract.FLEX
        out[j] = _uwv_gross(
            b, t.replacement[b], t.flat[b], t.replacement_first, t.replacement_first_months,
            t.max_monthly_wage, c.benefit_months[i], c.ww_wage[i], c.wage[i], working,
            employer_pays, lag,
        )  # fmt: skip


@numba.njit(cache=True, nogil=True)
def partner_net_of(c, t, r, idx, month, aow_months, out):  # pragma: no cover
    """The partner's net income the means test counts (_partner_net) of each row in ``idx``;
    nil without a partner."""
    for j in range(idx.size):
        p = c.partner_id[idx[j]]
        if p < 0:
            out[j] = np.float32(0.0)
            continue
        state, b = c.labour_state[p], c.benefit[p]
        if (state == LabourState.EMPLOYED or state == LabourState.SICK) and b != Benefit.WW:
            out[j] = np.float32(net_monthly(t.net_wage, t.top_rate, c.wage[p]))  # most
            continue
        out[j] = _partner_net(
            t, r, state, b, c.wage[p], c.benefit_months[p], c.ww_wage[p],
            month - c.birth_month[p], 0, aow_months,
        )  # fmt: skip


@numba.njit(cache=True, nogil=True)
def countable_of(c, t, idx, month, out):  # pragma: no cover
    for j in range(idx.size):
        i = idx[j]
        age_months = month - c.birth_month[i]
        alone = _single_parent(
            t, c.partner_id[i], c.sex[i], c.n_children[i], c.youngest_child_month[i], month
        )
        out[j] = _countable_earnings(
            t, c.labour_state[i], c.wage[i], c.months_in_state[i], age_months, alone
        )
