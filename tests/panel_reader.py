"""An outside reader's code: the validation targets recomputed from a run's output files alone
(the monthly panel, ``panel/`` and ``panel_events.parquet``), with pandas and numpy and nothing
from the ``simulation`` package. ``tests/test_panel.py`` checks that each equals the validation
measure on the same run, and that this file imports nothing of the package."""

from pathlib import Path

import numpy as np
import pandas as pd

WORKING = ("employed", "sick")  # sick leave keeps the job


def panel(run: Path, columns: list[str]) -> pd.DataFrame:
    return pd.read_parquet(Path(run) / "panel", columns=["person", "t", *columns])


def wide(frame: pd.DataFrame, column: str, months: int, fill) -> np.ndarray:
    """persons x months (t = 1..months) of one column; a month without a row (dead, not yet
    arrived) gets ``fill``."""
    table = frame.pivot(index="person", columns="t", values=column)
    table = table.reindex(columns=range(1, months + 1))
    return table.astype(object).where(table.notna(), fill).to_numpy()


def path_shares(run: Path, within: int = 12, months: int = 60, from_ww: bool = False):
    """PBL's paths (A5.4; A5.5 with ``from_ww``): five years from the first job, if it starts
    within ``within`` months; path 3 is working 48+ of 60 months with a permanent contract of
    20+ hours in at least half of them, path 2 working 48+ otherwise, path 1 the rest."""
    frame = panel(run, ["labour_state", "contract", "hours", "benefit"])
    horizon = int(frame.t.max())
    state = wide(frame, "labour_state", horizon, "dead")
    contract = wide(frame, "contract", horizon, "flex")
    hours = wide(frame, "hours", horizon, 0.0).astype(float)
    employed = state == "employed"
    first = employed.argmax(axis=1)
    keep = employed.any(axis=1) & (first < within)
    if from_ww:
        benefit = wide(frame, "benefit", horizon, "none")
        before = benefit[np.arange(first.size), np.maximum(first - 1, 0)]
        keep &= (first == 0) | (before == "ww")
    rows = np.flatnonzero(keep)
    cols = first[rows, None] + np.arange(months)
    s, c, h = state[rows[:, None], cols], contract[rows[:, None], cols], hours[rows[:, None], cols]
    working = np.isin(s, WORKING)
    secure = working & (c == "permanent") & (h >= 20)
    worked = working.sum(axis=1)
    path = np.where(secure.sum(axis=1) * 2 >= np.maximum(worked, 1), 3, 2)
    path = np.where(worked >= 0.8 * months, path, 1)
    return [float(np.mean(path == k)) for k in (1, 2, 3)]


def survey(run: Path, month: str) -> dict[str, float]:
    """A8.5-A8.7: of the refugees present and not retired in ``month`` ('2019-06'), the share
    working, the share outside the labour force, and the share working by arrival year (a
    refugee's rows start in the month of arrival)."""
    frame = pd.read_parquet(Path(run) / "panel", columns=["person", "month", "labour_state"])
    arrived = frame.astype({"month": str}).groupby("person").month.min().str[:4].astype(int)
    here = frame[(frame.month == month) & (frame.labour_state != "retired")]
    working = here.labour_state.isin(WORKING)
    year = arrived.reindex(here.person).to_numpy()
    return {
        "working": float(working.mean()),
        "inactive": float((here.labour_state == "inactive").mean()),
        **{f"working_{y}": float(working[year == y].mean()) for y in (2014, 2016)},
    }


def after_start(run: Path, kind: str, k: int, arm: str = "treated") -> pd.DataFrame:
    """The ``arm`` of intervention ``kind`` k months after each person's assignment (from
    ``panel_events.parquet``): everyone whose k-th month falls within the run, with their panel
    row then (missing if they died)."""
    events = pd.read_parquet(Path(run) / "panel_events.parquet")
    starts = events[(events.intervention == kind) & (events.event == arm)]
    frame = pd.read_parquet(Path(run) / "panel")
    due = starts.assign(t=starts.t + k)[["person", "t"]]
    return due[due.t <= frame.t.max()].merge(frame, on=["person", "t"], how="left")


def coached_job_share(run: Path, k: int = 6) -> float:
    """A9.4: in a regular paid job with the coach k months after the start (working, coached,
    not on an unpaid trial placement)."""
    rows = after_start(run, "jobcoaching", k)
    regular = (
        rows.labour_state.isin(WORKING)
        & rows.jobcoaching_coached.fillna(False).astype(bool)
        & ~rows.jobcoaching_trial.fillna(False).astype(bool)
    )
    return float(regular.mean())


def exit_to_work_effect(run: Path, k: int) -> float:
    """A10.4: working k months after assignment, treatment minus control."""
    shares = [
        after_start(run, "case_management", k, arm).labour_state.isin(WORKING).mean()
        for arm in ("treated", "control")
    ]
    return float(shares[0] - shares[1])


def work_after_3_years(run: Path) -> dict[str, float]:
    """A9.5: working 36 months after the start, and of those working, the share without a
    coach."""
    rows = after_start(run, "jobcoaching", 36)
    working = rows.labour_state.isin(WORKING)
    coached = rows.jobcoaching_coached.fillna(False).astype(bool)
    return {"working": float(working.mean()), "without_coach": float((~coached[working]).mean())}
