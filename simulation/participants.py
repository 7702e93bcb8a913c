"""An intervention's effect on its participants and on everyone else.

With common random numbers a row of the base run and the same row of an alternative run are the
same person, living the same life until a difference between the scenarios reaches them. The
paired difference of each person's months in work therefore splits an alternative's effect: the
participants' own (gross) gain, and what the others gained or lost, mostly the job finds the
participants took from them (``labour.displacement``). Together they are the net effect. Only the
rows present at the start are followed (newborns and immigrants differ between runs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.codes import LabourState
from simulation.interventions.base import TREATED
from simulation.model import LifeCourseModel

#: the quantities of :func:`split_effect` and their words, in the order tables show them
MEASURE_WORDS = {
    "participants": "people who took part (in the run)",
    "gain_per_participant": "their own gain: months in work per participant",
    "others_per_participant": "the others' change, per participant (displacement < 0)",
    "net_per_participant": "net: months in work per participant, everyone counted",
    "displaced_share": "share of the participants' gain the others lost",
}
MEASURES = tuple(MEASURE_WORDS)


class MonthsInWork:
    """An observer that counts each starting person's months in paid work."""

    def __init__(self, model: LifeCourseModel):
        self.rows = model.pop.size
        self.months = np.zeros(self.rows, dtype=np.int32)
        model.observers.append(self)

    def __call__(self, model: LifeCourseModel) -> None:
        self.months += model.pop.labour_state[: self.rows] == LabourState.EMPLOYED


def people(model: LifeCourseModel, work: MonthsInWork) -> pd.DataFrame:
    """Per starting person: whether they took part in any intervention, and their months in
    work."""
    took_part = np.zeros(work.rows, dtype=bool)
    for intervention in model.interventions:
        took_part |= intervention.group[: work.rows] == TREATED
    return pd.DataFrame({"participant": took_part, "months_in_work": work.months})


def split_effect(base: pd.DataFrame, alternative: pd.DataFrame) -> dict[str, float]:
    """Months in work gained per participant (their own gain), gained or lost by the others
    per participant, the net of both per participant, and the share of the participants' gain
    that the others lost. Participants are the alternative's (the base has none of its
    programmes)."""
    rows = min(len(base), len(alternative))
    took_part = alternative["participant"].to_numpy()[:rows]
    gained = (
        alternative["months_in_work"].to_numpy()[:rows].astype(np.int64)
        - base["months_in_work"].to_numpy()[:rows]
    )
    n = int(took_part.sum())
    if n == 0:
        return dict.fromkeys(MEASURES, float("nan")) | {"participants": 0.0}
    own, others = float(gained[took_part].sum()), float(gained[~took_part].sum())
    return {
        "participants": float(n),
        "gain_per_participant": own / n,
        "others_per_participant": others / n,
        "net_per_participant": (own + others) / n,
        "displaced_share": -others / own if own > 0 else float("nan"),
    }
