"""CBS's labour force survey (EBB) as the model counts it: the ILO labour-force status.

The model's labour states say what a person mainly does; CBS's unemployment rate and its
employment rate 20-64 (S4, S11) come from a survey that asks whether someone did any paid work
and whether they looked for work in the last four weeks and could start. So a pupil with a side
job counts as employed, a pupil looking for one as unemployed, and a WW recipient who is not
looking as outside the labour force (survey.yaml). Each person answers with a uniform that holds
from month to month and is drawn anew with a probability a month: the survey's flows show pupils
finding and losing side jobs (``student_answer_renewal``) and job seekers looking in some months
only (``answer_renewal``). The two are separate streams of draws of (seed, person, month), so a
person's answers are the same however often they are asked for.
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

#: the two streams of answers: a job seeker's (whether they look for work) and a pupil's (a side
#: job, looking for one, neither)
SEEKER, PUPIL = 0, 1
STREAMS = ("survey", "survey.pupil")


@numba.njit(cache=True, nogil=True)
def _catch_up(answers, asked, rates, keys, state, benefit, read_only, now, start,
              stop):  # fmt: skip  # pragma: no cover
    """Each row's answer in month ``now`` (an index into the keys) from its stream's answer in
    the month it was last asked for (``answers[stream, row]``, ``asked[stream, row]``): a
    pupil's from the pupils' stream, anyone else's from the job seekers'. The latest month
    between whose renewal draw (``keys[stream, month, 0]``) fell below the stream's rate gives
    it (its answer draw, ``keys[stream, month, 1]``; newest first: the last renewal wins), else
    it holds. With ``read_only`` only the rows whose answer the tally reads:
    pupils, and the unemployed on WW. One loop, no helper per row and no array picked per row:
    either counts references at every row (a helper measured 40 times slower), and so does
    numba's range with a negative step. Rows ``start`` to ``stop``: each row's answer depends
    on its own draws only, so ranges run side by side on the threads."""
    for i in range(start, stop):
        s = state[i]
        is_pupil = s == LabourState.SCHOOL
        on_ww = s == LabourState.UNEMPLOYED and benefit[i] == Benefit.WW
        if read_only and not is_pupil and not on_ww:
            continue
        j = PUPIL if is_pupil else SEEKER
        rate = rates[j]
        k = now
        while k > asked[j, i]:
            if np.float64(draw(keys[j, k, 0], i)) < rate:  # as uniforms(), in float64
                answers[j, i] = draw(keys[j, k, 1], i)
                break
            k -= 1
        asked[j, i] = now


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
        #: the streams' monthly rates of renewal (SEEKER, PUPIL)
        self.rates = np.array(
            [params["survey.answer_renewal"], params["survey.student_answer_renewal"]],
            dtype=np.float64,
        )
        self._seed = seed
        self._draws = Draws(seed)
        # per stream and row (the first ``_size`` of buffers with room to grow), the answer and
        # the month it is for (an index into the keys)
        self._answers = np.zeros((2, 0), dtype=np.float64)
        self._asked = np.zeros((2, 0), dtype=np.int32)
        self._size = 0
        self._first: int | None = None  # the first month asked for: index 0
        self._now = 0  # the latest month asked for (an earlier one gets its answers)
        #: per stream and month since the first, the (renewal, answer) keys
        self._keys = np.zeros((2, 1, 2), dtype=np.uint64)

    def _to(self, pop: Population, month: int) -> int:
        """Extend the rows and the months' keys to ``month``; its index."""
        if self._first is None:
            self._first = month
        self._now = max(self._now, month - self._first)
        if self._now >= self._keys.shape[1]:
            months = range(self._first + self._keys.shape[1], self._first + self._now + 1)
            new = np.array(
                [[(process_key(self._seed, f"{stream}.renew", m),
                   process_key(self._seed, f"{stream}.answer", m)) for m in months]
                 for stream in STREAMS],
                dtype=np.uint64,
            ).reshape(2, -1, 2)  # fmt: skip
            self._keys = np.concatenate([self._keys, new], axis=1)
        known = self._size
        if known < pop.size:  # a newcomer answers when first seen; renewals from then on
            if self._answers.shape[1] < pop.size:  # room for a year of newcomers: no copy a month
                room = pop.size + pop.size // 8 + 1024
                self._answers = _grown(self._answers, known, room)
                self._asked = _grown(self._asked, known, room)
            rows = np.arange(known, pop.size, dtype=np.int64)
            for j, stream in enumerate(STREAMS):
                self._answers[j, known : pop.size] = self._draws.trait(f"{stream}.answers", rows)
            self._asked[:, known : pop.size] = self._now
            self._size = pop.size
        return self._now

    def answers(self, pop: Population, month: int) -> np.ndarray:
        """A uniform per row in ``month``: a pupil's from the pupils' stream (a side job or the
        search for one, drawn anew with probability ``student_answer_renewal`` a month), anyone
        else's from the job seekers' (whether they look for work, ``answer_renewal``). Each
        stream's answer is drawn when the person first appears, then renewed by pure draws of
        (seed, person, month), so a row's answers are the same however often it is asked."""
        return _by_state(self._caught_up(pop, month, read_only=False), pop.labour_state)

    def tally_answers(self, pop: Population, month: int) -> np.ndarray:
        """Both streams' answers (SEEKER, PUPIL rows), brought up to date only for the rows the
        tally reads (pupils, and the unemployed on WW; see :meth:`status`): the others keep
        their answers as last asked for, at a fifth of the draws, and a row not asked for
        catches up when it is."""
        return self._caught_up(pop, month, read_only=True)

    def _caught_up(self, pop: Population, month: int, read_only: bool) -> np.ndarray:
        now = self._to(pop, month)
        n = pop.size
        answers, asked = self._answers, self._asked
        rates, keys, state, benefit = self.rates, self._keys, pop.labour_state, pop.benefit
        in_parallel(
            lambda start, stop: _catch_up(
                answers, asked, rates, keys, state, benefit, read_only, now, start, stop
            ),
            n,
        )
        return answers[:, :n]

    def status(self, pop: Population, month: int, aow_months: int) -> np.ndarray:
        """Each row's :class:`Status`, or 3 where not counted (dead, abroad, under 15 or past
        the AOW age): the rule the monthly tally applies in its compiled pass
        (``simulation.summary._tabulate``), for measures that follow persons. It reads the
        answers the tally reads, brought up to date as the tally brings them."""
        u = _by_state(self.tally_answers(pop, month), pop.labour_state)
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


def _by_state(answers: np.ndarray, state: np.ndarray) -> np.ndarray:
    """Each row's answer from its stream: a pupil's from the pupils', anyone else's from the
    job seekers'."""
    return np.where(state == LabourState.SCHOOL, answers[PUPIL], answers[SEEKER])


def _grown(rows: np.ndarray, known: int, room: int) -> np.ndarray:
    """``rows`` (one row per stream) with its first ``known`` columns kept and room for
    ``room`` in all."""
    out = np.zeros((rows.shape[0], room), dtype=rows.dtype)
    out[:, :known] = rows[:, :known]
    return out
