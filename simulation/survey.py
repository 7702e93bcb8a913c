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
from simulation.executors import in_parallel
from simulation.parameters import Parameters
from simulation.population import Population
from simulation.random import Draws, draw, process_key


@numba.njit(cache=True, nogil=True)
def _catch_up(answers, asked, state, benefit, read_only, now, renewal, renew_keys,
              answer_keys, start, stop):  # fmt: skip  # pragma: no cover
    """Each row's answer in month ``now`` (an index into the keys) from its answer in month
    ``asked[i]``: the latest month between whose renewal draw fell below ``renewal`` gives it
    (newest first: the last renewal wins), else it holds. With ``read_only`` only the rows
    whose answer the tally reads: pupils, and the unemployed on WW. One loop, no helper per
    row: a helper handed the arrays counts references at every call (measured 40 times
    slower), and so does numba's range with a negative step. Rows ``start`` to ``stop``: each
    row's answer depends on its own draws only, so ranges run side by side on the threads."""
    for i in range(start, stop):
        if read_only:
            s = state[i]
            read = s == LabourState.SCHOOL
            read |= (s == LabourState.UNEMPLOYED) & (benefit[i] == Benefit.WW)
            if not read:
                continue
        k = now
        while k > asked[i]:
            if np.float64(draw(renew_keys[k], i)) < renewal:  # as uniforms(), in float64
                answers[i] = draw(answer_keys[k], i)
                break
            k -= 1
        asked[i] = now


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
        # per row (the first ``_size`` of buffers with room to grow), the answer and the month
        # it is for (an index into the keys)
        self._answers = np.zeros(0, dtype=np.float64)
        self._asked = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._first: int | None = None  # the first month asked for: index 0
        self._now = 0  # the latest month asked for (an earlier one gets its answers)
        #: per month since the first, the keys of its renewal and answer draws
        self._renew_keys = np.zeros(1, dtype=np.uint64)
        self._answer_keys = np.zeros(1, dtype=np.uint64)

    def _to(self, pop: Population, month: int) -> int:
        """Extend the rows and the months' keys to ``month``; its index."""
        if self._first is None:
            self._first = month
        self._now = max(self._now, month - self._first)
        if self._now >= self._renew_keys.size:
            months = range(self._first + self._renew_keys.size, self._first + self._now + 1)
            keys = [process_key(self._seed, "survey.renew", m) for m in months]
            self._renew_keys = np.append(self._renew_keys, np.array(keys, dtype=np.uint64))
            keys = [process_key(self._seed, "survey.answer", m) for m in months]
            self._answer_keys = np.append(self._answer_keys, np.array(keys, dtype=np.uint64))
        known = self._size
        if known < pop.size:  # a newcomer answers when first seen; renewals from then on
            if self._answers.size < pop.size:  # room for a year of newcomers: no copy a month
                room = pop.size + pop.size // 8 + 1024
                self._answers = np.concatenate([self._answers[:known], np.zeros(room - known)])
                self._asked = np.concatenate(
                    [self._asked[:known], np.zeros(room - known, np.int64)]
                )
            rows = np.arange(known, pop.size, dtype=np.int64)
            self._answers[known : pop.size] = self._draws.trait("survey.answers", rows)
            self._asked[known : pop.size] = self._now
            self._size = pop.size
        return self._now

    def answers(self, pop: Population, month: int, read_only: bool = False) -> np.ndarray:
        """A uniform per row in ``month``: drawn when the person first appears, then drawn anew
        with probability ``answer_renewal`` in each month after the first asked for. With
        ``read_only`` only the rows whose answer the tally reads (pupils, and the unemployed on
        WW; see :meth:`status`) are brought up to date, the others stay as last asked for: the
        same numbers for those rows at a fifth of the draws, since each row's renewals are pure
        draws of (seed, person, month) and a row not asked for catches up when it is."""
        now = self._to(pop, month)
        if self.renewal > 0:
            answers, renewal = self._answers[: pop.size], float(self.renewal)
            in_parallel(
                lambda start, stop: _catch_up(
                    answers, self._asked, pop.labour_state, pop.benefit, read_only, now, renewal,
                    self._renew_keys, self._answer_keys, start, stop,
                ),
                pop.size,
            )  # fmt: skip
        return self._answers[: pop.size]

    def tally_answers(self, pop: Population, month: int) -> np.ndarray:
        """:meth:`answers` for the rows the tally reads (``read_only``)."""
        return self.answers(pop, month, read_only=True)

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
