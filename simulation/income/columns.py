"""Households and their income in the model: from the population's columns, in one compiled pass.

Who lives with whom. A household is a person without a partner, or a couple (``partner_id``),
with the children under 18 of the woman in it: after a separation 70% of children live mainly
with their mother and 3% with their father (Universiteit Utrecht and CBS, 'Nieuwe Families in
Nederland'), and kinderbijslag and the kindgebonden budget go to the parent a child is registered
with, so a father without the mother has no children at home. The model records a woman's number
of children and her youngest's birth month; the older ones are ``income.children.spacing_years``
apart. A person without a partner or children lives with their parents with CBS's probability
by age (``income.at_home``, a trait drawn against the table, so one leaves home once); such a
person, and anyone in school, pays their own tax and gets their own zorgtoeslag, but forms no
household of the income statistics (CBS counts them in their parents' household or leaves
students' households out; their parents are not linked in the model).

Incomes by source, a year (T2020.11): a job's wage with the holiday allowance (the
self-employed's as profit, without it); sick pay from the employer as wage, the Ziektewet of a
flexible worker as a UWV benefit; WW, WGA, IVA and Wajong as UWV benefits; bijstand net; from
the AOW age the AOW (the single or the couple amount) and an occupational pension of a share of
the last wage, before it for an early retiree a pension and bridging payment of a larger share
(``income.aow``, ``income.pension_share_*``). Benefits are the month's amounts times twelve.

Rent (A2020.7) is a trait of the household: it rents with the probability of its type (single,
couple, single parent, couple with children), higher below the social-housing income limit, and
pays its type's rent spread by ``allowances.huurtoeslag.rent_spread``; both uniforms are the
head's common random numbers, so a household in two scenarios rents the same home unless its
type or income class differs. Someone living with their parents rents nothing.

Ages are those of 1 January of the income year, and the whole year counts as one state (the
law looks per month for toeslagen): a child turning 18 keeps its kinderbijslag to the next
January unless the household's income changes first.

Disposable income is CBS's besteedbaar inkomen as far as the model knows it: every source less
tax, premiums and the own Zvw contribution, plus the allowances, less the nominal health-
insurance premium of each adult (``income.nominal_premium``); equivalised by CBS's scale.
"""

from __future__ import annotations

import numba
import numpy as np

from simulation.codes import Benefit, Contract, LabourState, Sex
from simulation.executors import in_parallel
from simulation.income import kernels as k
from simulation.income.layout import (
    BUDGET,
    CHILD,
    COUNTED,
    DISPOSABLE,
    EQUIVALISED,
    HUUR,
    KEPT,
    KIND,
    PARTNER_EARNS_MORE,
    PREMIUMS,
    SIZE,
    TAX,
    WIDTH,
    ZORG,
)
from simulation.random import draw

#: the household's children are given by number and the youngest's age, not as a row of ages
_NO_AGES = np.zeros(0, dtype=np.int64)
#: the row's state for the pass: in school, gone (dead or abroad)
_SCHOOL, _DEAD = LabourState.SCHOOL, LabourState.DEAD


# The helpers below take a row's values as a tuple of numbers (``_row``), not the columns: a
# compiled helper that is handed the tuple of column arrays counts references on each of them at
# every call (measured 100 ns a call, most of the pass), one handed numbers does not.
@numba.njit(cache=True, nogil=True)
def _row(
    w, i, state, benefit, contract, wage, partner, birth, sex, kids, youngest, paid
):  # pragma: no cover - compiled
    """Row ``i``'s values: (state, benefit, contract, wage, partner, birth month, sex,
    children, youngest child's birth month, benefit paid, row, completed years on 1 January of
    the income year, at the AOW age)."""
    birth = np.int64(birth)
    return (
        np.int64(state), np.int64(benefit), np.int64(contract), np.float64(wage),
        np.int64(partner), birth, np.int64(sex), np.int64(kids), np.int64(youngest),
        np.float64(paid), i, (w.january - birth) // 12, w.month - birth >= w.aow_months,
    )  # fmt: skip


@numba.njit(cache=True, nogil=True)
def _age(r, w):  # pragma: no cover - compiled
    """Completed years on 1 January of the income year."""
    return r[11]


@numba.njit(cache=True, nogil=True)
def _at_aow(r, w):  # pragma: no cover - compiled
    return r[12]


@numba.njit(cache=True, nogil=True)
def _sources(r, s, w):  # pragma: no cover - compiled
    """Yearly (wage, profit, UWV benefit, AOW, pension, net bijstand) of a row."""
    state, benefit, contract, monthly, paid = r[0], r[1], r[2], r[3], r[9]
    wage = profit = uwv = aow = pension = bijstand = 0.0
    holiday = 1.0 + s.holiday
    if state == LabourState.EMPLOYED:
        if contract == Contract.SELF_EMPLOYED:
            profit = 12.0 * monthly
        else:
            wage = 12.0 * monthly * holiday
    if benefit == Benefit.SICKNESS:
        if contract == Contract.FLEX:
            uwv = 12.0 * paid
        else:  # the employer continues the wage
            wage += 12.0 * paid * holiday
    elif benefit == Benefit.BIJSTAND:
        bijstand = 12.0 * paid
    elif benefit != Benefit.NONE:
        uwv = 12.0 * paid
    if state == LabourState.RETIRED:
        if _at_aow(r, w):
            aow = s.aow_couple if r[4] >= 0 else s.aow_single
            pension = s.pension_at_aow * 12.0 * monthly * holiday
        else:
            pension = s.pension_before_aow * 12.0 * monthly * holiday
    return wage, profit, uwv, aow, pension, bijstand


@numba.njit(cache=True, nogil=True)
def _kids(r, s, w):  # pragma: no cover - compiled
    """A woman's children under 18 at home: (how many, the youngest's age); the others are
    ``s.spacing`` years apart."""
    if r[6] != Sex.FEMALE or r[8] < 0:
        return 0, 0
    youngest = max((w.january - r[8]) // 12, 0)
    n = 0
    while n < r[7] and youngest + n * s.spacing < 18:
        n += 1
    return n, youngest


@numba.njit(cache=True, nogil=True)
def _at_home(r, s, w, kids):  # pragma: no cover - compiled
    """Lives with their parents: no partner, no children, young, and the trait says so."""
    age = _age(r, w)
    if r[4] >= 0 or kids > 0 or age >= len(s.at_home) or age < 0:
        return False
    return draw(w.key_home, r[10]) < s.at_home[age]


@numba.njit(cache=True, nogil=True)
def _counts(r, w, home):  # pragma: no cover - compiled
    """Whether a row makes its household one of the statistics': present, an adult, not in
    school and not living with their parents (``home``)."""
    return r[0] < _DEAD and r[0] != _SCHOOL and _age(r, w) >= 18 and not home


@numba.njit(cache=True, nogil=True)
def _mix(h, x):  # pragma: no cover - compiled
    h = (h ^ np.uint64(x)) * np.uint64(0x100000001B3)
    return h ^ (h >> np.uint64(29))


#: the labour states as the income reads them: at work, retired, in school, gone (dead or
#: abroad); the rest (looking, inactive, sick, disabled) alike, their benefit says the rest
_STATE_CLASS = np.zeros(len(LabourState), dtype=np.int64)
_STATE_CLASS[LabourState.EMPLOYED] = 1
_STATE_CLASS[LabourState.RETIRED] = 2
_STATE_CLASS[LabourState.SCHOOL] = 3
_STATE_CLASS[LabourState.DEAD] = _STATE_CLASS[LabourState.ABROAD] = 4


@numba.njit(cache=True, nogil=True)
def _hash(c, paid, w, i):  # pragma: no cover - compiled
    """A fingerprint of what the household income reads of row ``i`` (_sources, _row): a move
    between looking for work and inactivity with the same benefit changes nothing, nor a
    contract or a wage while not at work or retired, so it does not recompute the household."""
    state = _STATE_CLASS[c.labour_state[i]]
    benefit = np.int64(c.benefit[i])
    works = (state == 1) | (benefit == Benefit.SICKNESS)
    contract = np.int64(c.contract[i]) * works
    # amounts in 1/65,536 euro: every float32 amount of EUR 128 or more maps to its own integer,
    # so any change of an amount recomputes the household, not only one of a cent or more
    wage = np.int64(np.float64(c.wage[i]) * 65536.0) * ((state == 1) | (state == 2))
    old = np.int64(w.month - c.birth_month[i] >= w.aow_months)
    codes = state * 64 + benefit * 8 + contract + old * 512 + np.int64(c.n_children[i]) * 1024
    amounts = (wage << 24) ^ np.int64(np.float64(paid[i]) * 65536.0)
    family = ((np.int64(c.partner_id[i]) + 7) << 32) ^ (np.int64(c.youngest_child_month[i]) + 1)
    return _mix(_mix(_mix(np.uint64(0xCBF29CE484222325), amounts), family), codes)


@numba.njit(cache=True, nogil=True)
def _ages(w, birth, youngest_birth):  # pragma: no cover - compiled
    """What the law reads of a row's ages this year: its own age to 30 (the at-home table's
    last), its youngest child's to 18 (``birth``, ``youngest_birth``: their birth months)."""
    age = min((w.january - np.int64(birth)) // 12, 30)
    youngest = 18
    if youngest_birth >= 0:
        youngest = min(max((w.january - np.int64(youngest_birth)) // 12, 0), 18)
    return np.int16(age * 32 + youngest)


@numba.njit(cache=True, nogil=True)
def _equivalence(adults, kids, s):  # pragma: no cover - compiled
    """CBS's equivalence factor (income.equivalence_scale)."""
    table = s.one_adult if adults == 1 else s.two_adults
    extra = s.extra_one if adults == 1 else s.extra_two
    last = len(table) - 1
    return table[min(kids, last)] + extra * max(kids - last, 0)


@numba.njit(cache=True, nogil=True, inline="always")
def _member(r, s, w, t, partnered, extra):  # pragma: no cover - compiled
    """A member's sources (``extra`` on the wage), tax after credits before any partner payout,
    and what the payout needs: (wage, profit, UWV, AOW, pension, bijstand, taxable, AOW age,
    left, used credits, algemene heffingskorting, arbeidskorting)."""
    wage, profit, uwv, aow, pension, bijstand = _sources(r, s, w)
    wage += extra
    old = _at_aow(r, w)
    taxable = wage + profit + uwv + aow + pension
    parts, credits, net = k.person_tax(
        taxable, wage + profit, old, partnered, r[1] == Benefit.WAJONG, t
    )
    left = net[0] + net[1] + net[2] + net[3]
    used = parts[0] + parts[1] + parts[2] + parts[3] - left
    return (
        wage,
        profit,
        uwv,
        aow,
        pension,
        bijstand,
        taxable,
        old,
        left,
        used,
        credits[0],
        credits[1],
    )


@numba.njit(cache=True, nogil=True, inline="always")
def _finish(m, bijstand, r, other_left, partnered, t):  # pragma: no cover - compiled
    """A member's (tax, premiums, net income, toetsingsinkomen) with ``bijstand`` net."""
    wage, profit, uwv, aow, pension = m[0], m[1], m[2], m[3], m[4]
    payout = 0.0
    if partnered:
        payout = k.partner_payout(m[9], m[10], m[11], r[5] // 12, other_left, t)
    own, _ = k.zvw(wage, profit, uwv, aow, pension, t)
    on_wage = t.zvw_employer_rate * min(wage, t.zvw_maximum)
    tax = m[8] - payout
    premiums = own + on_wage + k.employer_premiums(wage, r[2] == Contract.PERMANENT, t)
    gross = k.gross_bijstand(bijstand, m[7], t) if bijstand > 0.0 else 0.0  # a call: rare
    return tax, premiums, m[6] + bijstand - tax - own, m[6] + gross


@numba.njit(cache=True, nogil=True, inline="always")
def _household(r0, r1, n, kids, youngest, home, s, t, a, w, trap):  # pragma: no cover - compiled
    """A household of ``n`` members (``r0`` the head; ``r1`` ignored alone) with ``kids``
    children, the youngest ``youngest`` years old (``home``: a young adult living with their
    parents): (tax, premiums of each member, main earner, zorgtoeslag, huurtoeslag,
    kindgebonden budget, kinderbijslag, disposable, part kept). The part kept of an extra euro
    earned by the main earner is computed with ``trap`` where it can be small (NaN without):
    without huurtoeslag or bijstand an extra euro loses at most about 75% (the tax, 49% with
    the credits' phase-outs, 43% where zorgtoeslag is paid; zorgtoeslag's 13.55%, the
    kindgebonden budget's 6.75%, the own Zvw contribution's 5.45%), never the trap (inf)."""
    two = n == 2
    m0 = _member(r0, s, w, t, two, 0.0)
    m1 = _member(r1, s, w, t, two, 0.0) if two else m0
    main = 1 if two and m1[6] + m1[5] > m0[6] + m0[5] else 0
    b0, b1 = m0[5], (m1[5] if two else 0.0)
    res = _rest(m0, m1, b0, b1, r0, r1, (n, kids, youngest, home), s, t, a, w)
    h, disposable = res[5], res[8]
    bijstand = b0 + b1
    kept = np.inf
    if h + bijstand > 0.0:
        kept = np.nan
        if trap:
            extra = s.trap_step
            more = _member(r1 if main else r0, s, w, t, two, extra)
            if bijstand > 0.0:  # bijstand counts the extra earnings net (I2.2)
                cut = min(extra - (more[8] - (m1[8] if main else m0[8])), bijstand)
                b0, b1 = b0 - cut * b0 / bijstand, b1 - cut * b1 / bijstand
            x0, x1 = (m0, more) if main else (more, m1)
            after = _rest(x0, x1, b0, b1, r0, r1, (n, kids, youngest, home), s, t, a, w)[8]
            kept = (after - disposable) / extra
    return res[0], res[1], res[2], res[3], main, res[4], h, res[6], res[7], disposable, kept


@numba.njit(cache=True, nogil=True, inline="always")
def _rest(m0, m1, b0, b1, r0, r1, household, s, t, a, w):  # pragma: no cover - compiled
    """From its members (_member) and their net bijstand, a household's (tax, premiums of
    each member, zorgtoeslag, huurtoeslag, kindgebonden budget, kinderbijslag, disposable);
    ``household``: (members, children, the youngest's age, living with the parents)."""
    n, kids, youngest, home = household
    two = n == 2
    tax0, prem0, net0, own0 = _finish(m0, b0, r0, m1[8], two, t)
    tax1 = prem1 = net1 = own1 = 0.0
    if two:
        tax1, prem1, net1, own1 = _finish(m1, b1, r1, m0[8], two, t)
    joint = own0 + own1
    adults = (_age(r0, w) >= 18) + (two and _age(r1, w) >= 18)
    young = _age(r0, w) < a.young_age and (not two or _age(r1, w) < a.young_age)
    rent = _tenure(s, w, r0[10], n, kids, joint, home)
    adult = _age(r0, w) >= a.zorg_minimum_age
    old = m0[7] or (two and m1[7])
    z, h, b, ch = k.allowances(
        joint, rent, two, adult, young, old, _NO_AGES, a, kids, youngest, s.spacing
    )
    disposable = net0 + net1 + z + h + b + ch - s.premium * adults
    return tax0, prem0, tax1, prem1, z, h, b, ch, disposable


@numba.njit(cache=True, nogil=True)
def _tenure(s, w, head, n, kids, joint, home):  # pragma: no cover - compiled
    """The household's monthly rent, 0 for owners and those living with their parents."""
    if home:
        return 0.0
    kind = (2 if kids else 0) if n == 1 else (3 if kids else 1)
    share = s.renting_low[kind] if joint <= s.low_income_limit else s.renting[kind]
    if draw(w.key_tenure, head) >= share:
        return 0.0
    return s.rent[kind] * (1.0 + s.rent_spread * (2.0 * draw(w.key_rent, head) - 1.0))


def update(c, paid, s, t, a, w, o) -> int:
    """Recompute the households with a changed member (every household when ``w.full``, at the
    start), and with ``w.trap`` (the start and January) those whose part kept of an extra euro
    is asked for and not known, computing it; returns how many were computed. See the module
    docstring for the rules.

    Two passes over the rows, each split into ranges run side by side on the threads of
    :func:`simulation.executors.in_parallel` (the kernels release the GIL): the first takes every
    row's fingerprint and marks the head (the lower row) of each household with a changed
    member; the second computes each marked household once, writing its own rows only. Two
    threads may mark one head, both with True; no two write one household's rows, and the
    result is the same for any number of threads (tests/test_threads.py). Not numba's
    ``prange``: its parallel loops cannot take the rule tables (tuples of floats) the
    household reads."""
    size = c.labour_state.size
    o.changed[:] = False  # before the pass: a row's partner may mark it from another range
    in_parallel(lambda start, stop: _changes(c, paid, w, o, start, stop), size)
    counts = in_parallel(lambda start, stop: _households(c, paid, s, t, a, w, o, start, stop), size)
    return int(sum(counts))


@numba.njit(cache=True, nogil=True)
def _changes(c, paid, w, o, start, stop):  # pragma: no cover - compiled
    """Rows ``start`` to ``stop``: each one's fingerprint against the last update's, and in
    January (``w.trap``) the year's ages and every part kept asked for; a changed row marks its
    household's head (the lower row) in ``o.changed``, so the second pass reads one flag a row.
    Two threads may mark one head, both with True."""
    e = o.heads
    for row in range(start, stop):
        q = np.uint64(row)  # unsigned: no negative-index check on each read (twice as fast)
        fingerprint = np.uint32(_hash(c, paid, w, q) >> np.uint64(32))
        new = w.full or fingerprint != o.hash[q]
        if new:
            o.hash[q] = fingerprint
        if w.trap:  # the start and January: the year's ages, and every part kept asked for
            g = _ages(w, c.birth_month[q], c.youngest_child_month[q])
            new = new or g != o.ages[q] or (e[q, KIND] >= 0 and np.isnan(e[q, KEPT]))
            o.ages[q] = g
        if new:
            p = np.int64(c.partner_id[q])
            o.changed[min(row, p) if p >= 0 else row] = True


@numba.njit(cache=True, nogil=True)
def _households(c, paid, s, t, a, w, o, start, stop):  # pragma: no cover - compiled
    """The households with a changed member whose head (the lower row) is among rows
    ``start`` to ``stop``; how many. One function, not a helper per household: a helper
    handed the column tuples would count references on each at every call."""
    f, e = o.flows, o.heads
    computed = 0
    for i in range(start, stop):
        if not o.changed[np.uint64(i)]:  # unsigned: no negative-index check (most rows)
            continue
        p = np.int64(c.partner_id[i])
        two = p >= 0
        computed += 1
        n = 2 if two else 1
        last = p if two else i
        e[last, KIND] = e[i, KIND] = -1.0  # a partner's own household is no longer one
        r0 = _row(
            w, i, c.labour_state[i], c.benefit[i], c.contract[i], c.wage[i], c.partner_id[i],
            c.birth_month[i], c.sex[i], c.n_children[i], c.youngest_child_month[i], paid[i],
        )  # fmt: skip
        if r0[0] >= _DEAD or (not two and r0[0] == _SCHOOL and r0[11] < 18):
            for col in range(WIDTH):  # dead, abroad, or a pupil at home: nothing of their own
                f[i, col] = f[last, col] = 0.0
            e[i, DISPOSABLE] = e[i, SIZE] = e[i, PARTNER_EARNS_MORE] = 0.0
            e[i, KEPT] = np.nan
            continue
        r1 = _row(
            w, last, c.labour_state[last], c.benefit[last], c.contract[last], c.wage[last],
            c.partner_id[last], c.birth_month[last], c.sex[last], c.n_children[last],
            c.youngest_child_month[last], paid[last],
        )  # fmt: skip
        kids, youngest = _kids(r0, s, w)
        if kids == 0 and two:
            kids, youngest = _kids(r1, s, w)
        home = not two and _at_home(r0, s, w, kids)
        counted = _counts(r0, w, home) or (two and _counts(r1, w, False))
        res = _household(r0, r1, n, kids, youngest, home, s, t, a, w, w.trap and counted)
        tax0, prem0, tax1, prem1, main, z, h, b, ch, disposable, kept = res
        eq = disposable / _equivalence(n, kids, s) if counted else 0.0
        for r in (i, last):
            f[r, ZORG], f[r, HUUR], f[r, BUDGET], f[r, CHILD] = z / n, h / n, b / n, ch / n
            f[r, EQUIVALISED], f[r, COUNTED] = eq, 1.0 if counted else 0.0
        f[i, TAX], f[i, PREMIUMS] = tax0, prem0
        if two:
            f[p, TAX], f[p, PREMIUMS] = tax1, prem1
        e[i, DISPOSABLE], e[i, SIZE], e[i, PARTNER_EARNS_MORE] = disposable, n + kids, main
        e[i, KEPT] = kept
        if counted:
            old = r0[12] or (two and r1[12])
            e[i, KIND] = 4 if old else ((2 if kids else 1) if two else (3 if kids else 0))
    return computed
