"""CBS's labour force survey (EBB) as the model counts it: the ILO labour-force status.

The model's labour states say what a person mainly does; CBS's unemployment rate and its
employment rate 20-64 (S4, S11) come from a survey that asks whether someone did any paid work
and whether they looked for work in the last four weeks and could start. So a pupil with a side
job counts as employed, a pupil looking for one as unemployed, and a WW recipient who is not
looking as outside the labour force (survey.yaml). Each person answers with a uniform that holds
from month to month and is drawn anew with probability ``answer_renewal`` a month: the survey's
flows show pupils finding and losing side jobs and job seekers looking in some months only.
Renewals are draws of (seed, person, month), applied month by month as the model tallies.
"""

from __future__ import annotations

from enum import IntEnum

import numba
import numpy as np

from simulation.codes import Benefit, LabourState
from simulation.parameters import Parameters
from simulation.population import Population
from simulation.random import Draws, draw, process_key


@numba.njit(cache=True, nogil=True)
def _renew(answers, renewal, renew_key, answer_key):  # pragma: no cover - compiled
    """One month's renewals in place: row i answers anew when its draw falls below
    ``renewal`` (the same numbers as :func:`simulation.random.uniforms` would give)."""
    for i in range(answers.size):
        if np.float64(draw(renew_key, i)) < renewal:  # as uniforms() compared in float64
            answers[i] = draw(answer_key, i)


class Status(IntEnum):
    """ILO labour-force status (the tally's codes)."""

    EMPLOYED = 0
    UNEMPLOYED = 1
    OUTSIDE = 2


class Survey:
    """Each row's survey answer (a uniform) and the shares that turn it into a status."""

    def __init__(self, params: Parameters, seed: int):
        side_job = params["survey.student_side_job_share"]
        seeking = params["survey.student_seeking_share"]
        #: the tally's thresholds: a pupil's side job below [0], looking below [1]; a WW
        #: recipient without work looking below [2]
        self.thresholds = np.array(
            [side_job, side_job + seeking, params["survey.ww_searching_share"]], dtype=np.float64
        )
        self.renewal = params["survey.answer_renewal"]
        self._seed = seed
        self._draws = Draws(seed)
        self._answers = np.zeros(0, dtype=np.float64)
        self._month: int | None = None  # the month the answers are for

    def answers(self, pop: Population, month: int) -> np.ndarray:
        """A uniform per row in ``month``: drawn when the person first appears, then drawn anew
        with probability ``answer_renewal`` in each month after the first asked for."""
        known = self._answers.size
        if known < pop.size:
            rows = np.arange(known, pop.size, dtype=np.int64)
            self._answers = np.concatenate(
                [self._answers, self._draws.trait("survey.answers", rows)]
            )
        if self._month is None:
            self._month = month
        while self._month < month:  # each month's renewals, in order, whoever asks
            self._month += 1
            if self.renewal > 0 and known:
                renew = process_key(self._seed, "survey.renew", self._month)
                answer = process_key(self._seed, "survey.answer", self._month)
                _renew(self._answers[:known], float(self.renewal), renew, answer)
        return self._answers[: pop.size]

    def status(self, pop: Population, month: int, aow_months: int) -> np.ndarray:
        """Each row's :class:`Status`, or 3 where not counted (dead, abroad, under 15 or past
        the AOW age): the rule the monthly tally applies in its compiled pass
        (``simulation.summary._tabulate``), for measures that follow persons."""
        u = self.answers(pop, month)
        side_job, looking, ww_looking = self.thresholds
        state = pop.labour_state
        age = month - pop.birth_month
        counted = (state < LabourState.DEAD) & (age >= 15 * 12) & (age < aow_months)
        pupil = state == LabourState.SCHOOL
        working = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
        employed = working | (pupil & (u < side_job))
        seeking = pupil & (u >= side_job) & (u < looking)
        seeking |= (state == LabourState.UNEMPLOYED) & (
            (pop.benefit != Benefit.WW) | (u < ww_looking)
        )
        status = np.where(
            employed, Status.EMPLOYED, np.where(seeking, Status.UNEMPLOYED, Status.OUTSIDE)
        )
        return np.where(counted, status, 3)
