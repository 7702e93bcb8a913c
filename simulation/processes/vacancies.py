"""Jobs are not unlimited: job seekers compete for the vacancies of their segment (education x
region, issue 16 point 3).

An intervention's multiplier on a participant's job finding (``job_finding_factor``) does not
create vacancies: a share of the participants' extra expected job finds comes out of the other
seekers' in their segment, in proportion to their chances, the more so the slacker the economy
(``labour.displacement``; Crepon et al. 2013, Cheung et al. 2025). The labour process
(``labour.py``) computes each seeker's hazard; this module decides who finds a job.
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

import numba
import numpy as np

from simulation.codes import Education, Region
from simulation.processes import At
from simulation.random import draw

#: labour-market segments job seekers compete in (education x region)
N_REGIONS = len(Region)
N_SEGMENTS = len(Education) * N_REGIONS


@numba.njit(cache=True, nogil=True)
def job_finders(c, seekers, hazards, key, displacement):  # pragma: no cover
    """The seekers (``labour._seekers``) who find a job this month. An intervention's multiplier
    (``job_finding_factor``) competes for the segment's vacancies: a share ``displacement`` of
    its participants' extra job finds comes out of the other seekers' in their segment
    (education x region)."""
    n = seekers.size
    scale = competition(c, seekers, hazards, displacement)
    rows = np.empty(n, np.int64)
    found = 0
    for k in range(n):
        i = seekers[k]
        factor = c.job_finding_factor[i]
        # a participant's own multiplier, or the others' share of the segment's job finds
        multiplier = np.float64(factor) if factor != 1.0 else scale[segment(c, i)]
        if draw(key, i) < hazards[k] * multiplier:
            rows[found] = i
            found += 1
    return rows[:found].copy()


@numba.njit(cache=True, nogil=True, inline="always")
def segment(c, i):  # pragma: no cover
    """The labour-market segment job seekers compete in: education x region."""
    return np.int64(c.education[i]) * N_REGIONS + np.int64(c.region[i])


@numba.njit(cache=True, nogil=True)
def competition(c, seekers, hazards, displacement):  # pragma: no cover
    """Per segment, the factor on the job finding of seekers without an intervention's
    multiplier: participants' extra expected job finds (negative while a programme locks them
    in) times ``displacement``, taken from the others' expected job finds in proportion."""
    scale = np.ones(N_SEGMENTS, np.float64)
    if displacement <= 0.0:
        return scale
    extra = np.zeros(N_SEGMENTS, np.float64)
    others = np.zeros(N_SEGMENTS, np.float64)
    for k in range(seekers.size):
        i = seekers[k]
        factor = c.job_finding_factor[i]
        if factor != 1.0:
            extra[segment(c, i)] += hazards[k] * (np.float64(factor) - 1.0)
        else:
            others[segment(c, i)] += hazards[k]
    for s in range(N_SEGMENTS):
        if others[s] > 0.0 and extra[s] != 0.0:
            scale[s] = max(1.0 - displacement * extra[s] / others[s], 0.0)
    return scale


class DisplacementRule(NamedTuple):
    """How much of a programme's gain comes out of other job seekers' chances (labour.yaml)."""

    share: Annotated[float, At("labour.displacement.share")]
    share_slack: Annotated[float, At("labour.displacement.share_slack")]
    slack_cycle: Annotated[float, At("labour.displacement.slack_cycle")]


def displacement_share(rule: DisplacementRule, cycle: float) -> float:
    """The share of participants' extra job finds taken from other seekers at the economy's
    ``cycle`` factor: ``share`` in normal times rising linearly to ``share_slack`` at
    ``slack_cycle``, larger the slacker the economy (Crepon et al. 2013; Cheung et al. 2025)."""
    slack = (1.0 - cycle) / (1.0 - rule.slack_cycle)
    slack = min(max(slack, 0.0), 1.0)
    return rule.share + (rule.share_slack - rule.share) * slack
