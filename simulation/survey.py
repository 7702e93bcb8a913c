"""CBS's labour force survey (EBB) as the model counts it: the ILO labour-force status.

The model's labour states say what a person mainly does; CBS's unemployment rate and its
employment rate 20-64 (S4, S11) come from a survey that asks whether someone did any paid work
and whether they looked for work in the last four weeks and could start. So a pupil with a side
job counts as employed, a pupil looking for one as unemployed, and a WW recipient who is not
looking as outside the labour force (survey.yaml). Each person answers with the same uniform in
every month (a trait), so a spell is counted alike throughout.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from simulation.parameters import Parameters
from simulation.population import Population
from simulation.random import Draws


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
        self._draws = Draws(seed)
        self._answers = np.zeros(0, dtype=np.float64)

    def answers(self, pop: Population) -> np.ndarray:
        """A uniform per row, drawn once per person (new rows get theirs as they appear)."""
        known = self._answers.size
        if known < pop.size:
            rows = np.arange(known, pop.size, dtype=np.int64)
            self._answers = np.concatenate(
                [self._answers, self._draws.trait("survey.answers", rows)]
            )
        return self._answers[: pop.size]
