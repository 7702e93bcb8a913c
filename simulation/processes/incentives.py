"""What work pays a benefit's recipient, and how often recipients take work because of it
(issue 16).

Recipients' job finding was fitted under the law of 2020, the default parameter files. A
scenario that changes WW's replacement rates, bijstand's norm or its earnings disregard changes
what a job pays them:

- WW: a recipient's jobs are of two kinds too (``labour.ww_part_time_job_share``). A job that
  ends WW pays the wage less the benefit given up: a higher replacement rate and fewer leave WW
  for work. Its share of the job finding scales with (the rate / the law's) to the power
  -``labour.benefit_response.level_elasticity``, the rate of the recipient's month (the first
  months' or the later one). A part-time job beside WW keeps WW on the lost part (art. 35a WW):
  the benefit falls by the replacement rate times the earnings, so it pays 1 - the rate of
  them. Its share scales with (1 - the rate) / (1 - the law's) to the power
  ``disregard_elasticity``, the same extensive-margin elasticity as bijstand's small jobs
  (docs/research/partial-ww-response.md: McCall, Econometrica 1996, gives the direction; no
  size for the take-up of partial work was found).

A bijstand client's jobs are of two kinds (``labour.bijstand_part_time_job_share``), and each
responds to its own gain:

- a job that ends bijstand pays the wage less the norm given up: a higher norm narrows the gap
  and fewer clients leave for work. Its share of the job finding scales with (norm / the law's
  norm) to the power -``level_elasticity``, the norm of the client's household (single, couple,
  or the young norm of a single under 21);
- a small job beside bijstand pays only what the means test leaves out, the disregard of a job's
  first months from 27 on (art. 31 lid 2 onder n Participatiewet): a larger disregard and more
  clients take one. Its share scales with (kept / kept under the law) to the power
  ``disregard_elasticity``, kept being the disregard of ``small_job_earnings``.

Under the law's own values every factor is exactly 1 and nothing is touched, so a base run is
what it was before these rules. The single parents' disregard (art. 31 lid 2 onder r) is paid
(:mod:`simulation.processes.amounts`) but not read here: changing it changes no one's search.
"""

from __future__ import annotations

import numpy as np

from simulation.codes import Benefit
from simulation.errors import ParameterError
from simulation.parameters import Parameters

_NORMS = ("norm_single", "norm_couple", "norm_young")
SINGLE, COUPLE, YOUNG = range(3)


def norm_kind(partner_id: np.ndarray, age_months: np.ndarray, adult_months: int) -> np.ndarray:
    """Which of bijstand's norms a client's household gets: COUPLE with a partner, else YOUNG
    under the adult norm's age, else SINGLE (I2.1)."""
    single = np.where(age_months < adult_months, YOUNG, SINGLE)
    return np.where(partner_id >= 0, COUPLE, single)


def _kept(p: Parameters, earnings: float) -> float:
    """What the means test leaves a client of a small job's monthly ``earnings``."""
    disregard = "benefits.bijstand.earnings_disregard"
    return min(p[f"{disregard}.share"] * earnings, p[f"{disregard}.max"])


def _share(part: np.ndarray, whole: np.ndarray, otherwise: float) -> np.ndarray:
    """``part / whole``, and ``otherwise`` where nobody finds a job at all (``whole`` 0)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), otherwise)


def _check_finite(response: BenefitResponse, p: Parameters) -> None:
    """A benefit of 0 leaves nothing to give up for work: with a level elasticity the factor
    on job finding would be infinite. Refused in one line, naming the parameter."""
    rule = "labour.benefit_response.level_elasticity"
    names = ["benefits.ww.replacement_first", "benefits.ww.replacement_after"]
    names += [f"benefits.bijstand.{n}" for n in _NORMS]
    for name, factor in zip(names, [*response.ww_factor, *response.norm_factor], strict=True):
        if not np.isfinite(factor):
            raise ParameterError(
                f"{name}: {p[name]} leaves nothing to give up for work, so its recipients'"
                f" job finding would be infinite ({rule} {p[rule]}); allowed: above 0, or"
                f" {rule} 0"
            )


class BenefitResponse:
    """Recipients' job finding and the kind of job bijstand clients take, scaled by what work
    pays them against the law of 2020."""

    def __init__(self, params: Parameters):
        p, law = params, Parameters.defaults()
        rule = "labour.benefit_response"
        elasticity = p[f"{rule}.level_elasticity"]
        rates = [f"benefits.ww.replacement_{k}" for k in ("first", "after")]
        #: WW in its first months (0) and after (1): the factors on the job finding for jobs
        #: that end WW and for part-time jobs beside it (what a euro earned keeps)
        self.ww_factor = np.array([p[r] / law[r] for r in rates]) ** -elasticity
        kept_of_a_euro = np.array([(1.0 - p[r]) / (1.0 - law[r]) for r in rates])
        self.ww_part_factor = kept_of_a_euro ** p[f"{rule}.disregard_elasticity"]
        self.ww_first_months = p["benefits.ww.replacement_first_months"]
        ww_share = p["labour.ww_part_time_job_share"]
        parts = (1.0 - ww_share) * self.ww_factor, ww_share * self.ww_part_factor
        #: by WW's months (first, later): the factor on all job finding, and the share of
        #: part-time jobs beside WW among the jobs found
        self.ww_finding_factor = parts[0] + parts[1]
        self.ww_part_time_share = _share(parts[1], self.ww_finding_factor, ww_share)
        lawful = (self.ww_factor == 1.0) & (self.ww_part_factor == 1.0)  # exactly, not to a bit
        self.ww_finding_factor[lawful], self.ww_part_time_share[lawful] = 1.0, ww_share
        norms = [f"benefits.bijstand.{n}" for n in _NORMS]
        ratio = np.array([p[n] / law[n] for n in norms])
        #: by norm (single, couple, young): the factor on job finding for jobs that end bijstand
        self.norm_factor = ratio**-elasticity
        earnings = p[f"{rule}.small_job_earnings"]
        kept, kept_by_law = _kept(p, earnings), _kept(law, earnings)
        #: the factor on the job finding for small jobs beside bijstand, for clients the
        #: disregard is for (from its age)
        self.small_job_factor = (kept / kept_by_law) ** p[f"{rule}.disregard_elasticity"]
        self.share = p["labour.bijstand_part_time_job_share"]
        self.ww_share = ww_share
        self.disregard_months = p["benefits.bijstand.earnings_disregard.min_age"] * 12
        self.adult_norm_months = p["benefits.bijstand.adult_norm_age"] * 12
        #: whether any rule differs from the law's (otherwise nothing is scaled)
        self.active = bool(
            np.any(self.norm_factor != 1.0)
            or self.small_job_factor != 1.0
            or np.any(self.ww_factor != 1.0)
            or np.any(self.ww_part_factor != 1.0)
        )
        # [norm, from the disregard's age]: the factor on all job finding, and the share of
        # small jobs among the jobs found
        small = np.array([1.0, self.small_job_factor])
        parts = (1.0 - self.share) * self.norm_factor[:, None], self.share * small[None, :]
        self.finding_factor = parts[0] + parts[1]
        self.small_job_share = _share(parts[1], self.finding_factor, self.share)
        _check_finite(self, p)

    def _cells(self, pop, age_months: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, ...]:
        """Each row's norm (single, couple, young) and whether the disregard is for them."""
        age = age_months[idx]
        norm = norm_kind(pop.partner_id[idx], age, self.adult_norm_months)
        return norm, (age >= self.disregard_months).astype(np.int64)

    def job_finding(self, w, seekers: np.ndarray, hazards: np.ndarray) -> np.ndarray:
        """The seekers' hazards, those of WW recipients and bijstand clients scaled by what work
        pays them."""
        if not self.active:
            return hazards
        benefit = w.pop.benefit[seekers]
        hazards = hazards.copy()
        clients = np.flatnonzero(benefit == Benefit.BIJSTAND)
        norm, disregard = self._cells(w.pop, w.age_months, seekers[clients])
        hazards[clients] *= self.finding_factor[norm, disregard]
        on_ww = np.flatnonzero(benefit == Benefit.WW)
        later = w.pop.benefit_months[seekers[on_ww]] >= self.ww_first_months
        hazards[on_ww] *= self.ww_finding_factor[later.astype(np.int64)]
        return hazards

    def ww_part_time_shares(self, w, idx: np.ndarray) -> np.ndarray:
        """For WW recipients ``idx``, the chance that a new job is a part-time job beside WW."""
        if not self.active:
            return np.full(idx.size, self.ww_share)
        later = w.pop.benefit_months[idx] >= self.ww_first_months
        return self.ww_part_time_share[later.astype(np.int64)]

    def small_job_shares(self, w, idx: np.ndarray) -> np.ndarray:
        """For persons ``idx``, the chance that a bijstand client's new job is a small job
        beside bijstand."""
        if not self.active:
            return np.full(idx.size, self.share)
        return self.small_job_share[self._cells(w.pop, w.age_months, idx)]
