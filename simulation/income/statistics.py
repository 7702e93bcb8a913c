"""The income distribution's measures analysts report, taken from the households once a year.

For every household of the statistics (:mod:`simulation.income.columns`: adults not in school
and not living with their parents), at the start of a run and each January, as CBS's yearly
income statistics are of a year:

- ``disposable_income_mean`` and ``_median``: equivalised disposable income a year (CBS's
  gestandaardiseerd besteedbaar inkomen: disposable income divided by CBS's equivalence factor,
  ``income.equivalence_scale``), over households;
- ``poverty_rate_cbs``: the share of households below CBS's low-income threshold
  (``income.low_income_threshold``, EUR 1,100 a month for a single person in 2020, other
  households by the equivalence scale), as CBS reports it: on equivalised disposable income
  without huurtoeslag, an allowance tied to a spending (CBS, begrip 'Laag inkomen',
  vocabs.cbs.nl/def/begrippen/820); ``poverty_rate_cbs_persons`` the same as a share of persons
  (children included);
- ``poverty_rate_scp``: the share of persons below SCP's niet-veel-maar-toereikend budget
  (``income.scp_criterion``), as SCP reports it;
- ``gini``: the Gini coefficient of equivalised disposable income over households (negative
  incomes count as nil; CBS's normalised Gini handles them otherwise);
- ``poverty_trap_share``: the share of households that keep less than 20% of an extra euro
  earned by their main earner (``income.poverty_trap``), bijstand's withdrawal of net earnings
  and the allowances' phase-outs included;
- ``households``: how many households the statistics count.

Each also by household type (``household=single`` etc., :data:`HOUSEHOLD_KINDS`) and by the
education, migration background and region of the main earner (the member with the larger
income, CBS's hoofdkostwinner).
"""

from __future__ import annotations

import numba
import numpy as np

from simulation.codes import Education, Migration, Region
from simulation.income.layout import (
    DISPOSABLE,
    EQUIVALISED,
    HOUSEHOLD_KINDS,
    HUUR,
    KEPT,
    KIND,
    PARTNER_EARNS_MORE,
    SIZE,
    Out,
)
from simulation.parameters import Parameters

INDICATORS = (
    "disposable_income_mean",
    "disposable_income_median",
    "poverty_rate_cbs",
    "poverty_rate_cbs_persons",
    "poverty_rate_scp",
    "gini",
    "poverty_trap_share",
    "households",
)


def gini(sorted_values: np.ndarray) -> float:
    """The Gini coefficient of values sorted ascending (negatives count as nil); the compiled
    pass below computes the same for each group."""
    x = np.maximum(sorted_values, 0.0)
    n, total = x.size, x.sum()
    if n == 0 or total <= 0:
        return float("nan")
    ranks = np.arange(1, n + 1, dtype=np.float64)
    return float(2.0 * np.dot(ranks, x) / (n * total) - (n + 1.0) / n)


class Lines:
    """The poverty lines and the trap's cut, read once."""

    def __init__(self, params: Parameters):
        self.cbs = float(params["income.low_income_threshold"])
        self.scp = float(params["income.scp_criterion"])
        self.kept_below = float(params["income.poverty_trap.kept_below"])


#: the subgroups, in the order of the compiled pass's group numbers: everyone, then each
#: household kind, then the main earner's education, migration background and region
GROUPS = (
    "all",
    *(f"household={name}" for name in HOUSEHOLD_KINDS),
    *(f"education={code.name.lower()}" for code in Education),
    *(f"migration={code.name.lower()}" for code in Migration),
    *(f"region={code.name.lower()}" for code in Region),
)
assert len(GROUPS) <= 16  # a group number is 4 bits of a record (_records)
_OFFSETS = np.array(
    [1, 1 + len(HOUSEHOLD_KINDS), 1 + len(HOUSEHOLD_KINDS) + len(Education),
     1 + len(HOUSEHOLD_KINDS) + len(Education) + len(Migration)], dtype=np.int64,
)  # fmt: skip


@numba.njit(cache=True, nogil=True)
def _records(
    flows, heads, partner, education, migration, region, offsets, below, cbs
):  # pragma: no cover
    """The households of the statistics as one 64-bit record each, so that sorting the records
    sorts the households by income with all they carry (an index sort and a gather of five
    arrays took three times as long): the equivalised income's bits (of ``flows``, float32 read
    as int32), made to sort as the numbers do, above; below the four groups (4 bits each),
    persons (8), whether it is in the trap (1) and whether it is below CBS's threshold ``cbs``
    without huurtoeslag (1)."""
    bits = flows.view(np.int32)
    records = np.empty(heads.shape[0], np.uint64)  # one pass: room for every row
    j = 0
    for i in range(heads.shape[0]):
        if heads[i, KIND] < 0:
            continue
        m = partner[i] if heads[i, PARTNER_EARNS_MORE] > 0 else i  # the main earner
        b = np.int64(bits[i, EQUIVALISED])
        key = (~b if b < 0 else b | 0x80000000) & 0xFFFFFFFF
        low = offsets[0] + np.int64(heads[i, KIND])
        low |= (offsets[1] + np.int64(education[m])) << 4
        low |= (offsets[2] + np.int64(migration[m])) << 8
        low |= (offsets[3] + np.int64(region[m])) << 12
        low |= np.int64(heads[i, SIZE]) << 16
        low |= np.int64(heads[i, KEPT] < below) << 24  # NaN: not computed, not trapped
        # CBS leaves huurtoeslag out (an allowance tied to a spending): the equivalised income
        # less the household's huurtoeslag (each adult holds its share) on the same scale
        disposable = np.float64(heads[i, DISPOSABLE])
        adults = 2.0 if partner[i] >= 0 else 1.0
        huur = np.float64(flows[i, HUUR]) * adults
        equivalised = np.float64(flows[i, EQUIVALISED])
        scale = equivalised / disposable if disposable != 0.0 else 1.0
        low |= np.int64(equivalised - huur * scale < cbs) << 25
        records[j] = np.uint64((key << 32) | low)
        j += 1
    return records[:j]


def _incomes(records: np.ndarray) -> np.ndarray:
    """The records' incomes (float32, as _records took them), in their order."""
    key = (records >> np.uint64(32)).astype(np.uint32)
    bits = np.where(key & np.uint32(0x80000000), key & np.uint32(0x7FFFFFFF), ~key)
    return bits.astype(np.uint32).view(np.float32)


@numba.njit(cache=True, nogil=True)
def _measures(records, income, n_groups, scp):  # pragma: no cover - compiled
    """Each group's INDICATORS from the households' records, sorted by income (``income``:
    theirs): a first pass counts each group's households (where its median lies), a second
    sums and ranks."""
    n = np.zeros(n_groups, np.int64)
    for j in range(records.size):
        r = np.int64(records[j] & np.uint64(0xFFFFFFFF))
        n[r & 15] += 1
        n[(r >> 4) & 15] += 1
        n[(r >> 8) & 15] += 1
        n[(r >> 12) & 15] += 1
    n[0] = records.size  # everyone
    sums = np.zeros((n_groups, 8))  # total, positive, persons, poor, poor persons, SCP, trapped
    rank = np.zeros(n_groups, np.int64)
    low = np.full(n_groups, np.nan)
    high = np.full(n_groups, np.nan)
    member = np.zeros(5, np.int64)  # everyone (0) and the household's four groups
    for j in range(records.size):
        r = np.int64(records[j] & np.uint64(0xFFFFFFFF))
        x, w = np.float64(income[j]), np.float64((r >> 16) & 255)
        positive, trapped = max(x, 0.0), np.float64((r >> 24) & 1)
        poor = np.float64((r >> 25) & 1)
        for q in range(4):
            member[q + 1] = (r >> (4 * q)) & 15
        for g in member:
            rank[g] += 1
            s = sums[g]
            s[0] += x
            s[1] += positive
            s[2] += w
            s[3] += poor
            s[4] += w * poor
            s[5] += w * (x < scp)
            s[6] += trapped
            s[7] += rank[g] * positive  # the Gini's ranked sum
            if rank[g] == (n[g] + 1) // 2:
                low[g] = x
            if rank[g] == n[g] // 2 + 1:
                high[g] = x
    out = np.full((n_groups, 8), np.nan)
    for g in range(n_groups):
        m, s = np.float64(n[g]), sums[g]
        if m == 0:
            out[g, 7] = 0.0
            continue
        gini = np.nan
        if s[1] > 0:
            gini = 2.0 * s[7] / (m * s[1]) - (m + 1.0) / m
        median = low[g] if n[g] % 2 else (low[g] + high[g]) / 2
        row = (s[0] / m, median, s[3] / m, s[4] / s[2], s[5] / s[2], gini, s[6] / m, m)
        for v in range(8):
            out[g, v] = row[v]
    return out


def statistics(out: Out, pop, lines: Lines) -> dict[tuple[str, str], float]:
    """Every indicator of the module docstring for every subgroup: {(subgroup, indicator)}."""
    records = _records(
        out.flows, out.heads, pop.partner_id, pop.education, pop.migration, pop.region,
        _OFFSETS, lines.kept_below, lines.cbs,
    )  # fmt: skip
    records.sort()  # ties (the same income, to float32's precision) by their groups
    table = _measures(records, _incomes(records), len(GROUPS), lines.scp)
    return {
        (group, indicator): float(table[g, k])
        for g, group in enumerate(GROUPS)
        for k, indicator in enumerate(INDICATORS)
    }
