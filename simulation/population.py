"""The population: one numpy column per attribute, one row per person.

A person's id is their row number. Rows are never reordered or removed: a death sets the labour
state to DEAD, and people who will arrive during the run (refugees) have rows reserved at the end
with the state ABROAD until their arrival month. That keeps ids stable, so the common random
numbers of a person are the same in every scenario. Children born during a run are new rows at
the end (:meth:`Population.grow`), in the order of their mothers' rows.

Months are absolute: ``year * 12 + (month_of_year - 1)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from simulation.codes import (
    Benefit,
    Contract,
    Disability,
    Education,
    Field,
    Health,
    LabourState,
    Migration,
    Motive,
    Region,
    Sex,
)
from simulation.parameters import MAX_AGE


@dataclass(frozen=True)
class Column:
    dtype: Any
    fill: Any
    doc: str
    codes: type | None = None


#: Every column of the population, its dtype, its value for a new row, and what it means.
SCHEMA: dict[str, Column] = {
    "birth_month": Column(np.int32, 0, "absolute month of birth"),
    "sex": Column(np.int8, 0, "sex", Sex),
    "region": Column(np.int8, 0, "region of residence (A5.8)", Region),
    "big_city": Column(np.bool_, False, "lives in one of the 22 largest cities (A5.9)"),
    "migration": Column(np.int8, 0, "migration background", Migration),
    "arrival_month": Column(np.int32, -1, "absolute month of arrival as a refugee, -1 if none"),
    "parents_divorced": Column(np.bool_, False, "parents divorced during childhood (A3)"),
    "parents_education": Column(np.int8, 1, "parents' highest education", Education),
    "adolescent_depression": Column(np.bool_, False, "depression before age 18 (A1.3)"),
    "conduct_problems": Column(np.bool_, False, "conduct problems in adolescence (A1.6)"),
    "youth_disability": Column(np.bool_, False, "structural limitation from youth (Wajong)"),
    "education": Column(np.int8, 0, "highest attained level", Education),
    "target_education": Column(np.int8, 0, "level aimed at while in school", Education),
    "field": Column(np.int8, 4, "field of study", Field),
    "school_left_month": Column(np.int32, -1, "absolute month of leaving school, -1 if unknown"),
    "labour_state": Column(np.int8, 0, "main activity this month", LabourState),
    "months_in_state": Column(np.int16, 0, "months since the labour state last changed"),
    "contract": Column(np.int8, 0, "contract type of the current or last job", Contract),
    "hours": Column(np.float32, 0.0, "hours per week of the current or last job"),
    "wage": Column(np.float32, 0.0, "gross monthly wage of the current or last job, euro"),
    "employer_months": Column(np.int16, 0, "months with the current employer (chain rule)"),
    "job_from_ww": Column(np.bool_, False, "the current or last job was found while on WW (A5.5)"),
    "work_bits": Column(np.uint16, 0, "bit k set: worked k+1 months ago (WW weeks requirement)"),
    "years_bits": Column(np.uint8, 0, "bit k set: 208+ paid hours in calendar year now-k-1"),
    "hours_this_year": Column(np.int16, 0, "paid hours so far this calendar year"),
    "work_history_years": Column(np.int8, 0, "calendar years with 208+ paid hours (I1.3)"),
    "benefit": Column(np.int8, 0, "benefit paid this month", Benefit),
    "benefit_months": Column(np.int16, 0, "months on the current benefit"),
    "ww_months_left": Column(np.int8, 0, "months of WW entitlement left"),
    "ww_ran_out": Column(np.bool_, False, "WW ran out in this spell of unemployment"),
    "ww_wage": Column(np.float32, 0.0, "WW-maandloon: the capped monthly wage WW is based on"),
    "bijstand_left_month": Column(np.int32, -1, "month bijstand ended for another reason, or -1"),
    "sanction_month": Column(np.int32, -1, "month of the last bijstand sanction, or -1"),
    "disability": Column(np.int8, 0, "lasting disability entitlement", Disability),
    "health": Column(np.int8, 0, "current health", Health),
    "partner_id": Column(np.int32, -1, "row of the partner, -1 if single"),
    "first_partner_age": Column(np.int16, -1, "age in months at first partnership, -1 if never"),
    "n_children": Column(np.int8, 0, "number of children born"),
    "youngest_child_month": Column(np.int32, -1, "absolute birth month of the youngest child"),
    "language_level": Column(np.float32, 10.0, "Dutch proficiency, 0-10 (A8.10)"),
    "inburgering_done": Column(np.bool_, True, "civic integration completed (A8.4)"),
    "job_finding_factor": Column(np.float32, 1.0, "interventions' multiplier on job finding"),
    "job_loss_factor": Column(np.float32, 1.0, "interventions' multiplier on job loss"),
    "unstable": Column(
        np.bool_, False, "a lifelong trait: this person's jobs end more often (A5.5)"
    ),
    "mother_id": Column(np.int32, -1, "row of the mother, for persons born during the run"),
    "immigration_month": Column(np.int32, -1, "absolute month of immigrating, -1 if none"),
    "motive": Column(np.int8, 0, "motive of an immigrant of the run", Motive),
}


class Population:
    """Columns of equal length; ``pop.labour_state`` etc. are plain numpy arrays."""

    birth_month: np.ndarray
    sex: np.ndarray
    region: np.ndarray
    big_city: np.ndarray
    migration: np.ndarray
    arrival_month: np.ndarray
    parents_divorced: np.ndarray
    parents_education: np.ndarray
    adolescent_depression: np.ndarray
    conduct_problems: np.ndarray
    youth_disability: np.ndarray
    education: np.ndarray
    target_education: np.ndarray
    field: np.ndarray
    school_left_month: np.ndarray
    labour_state: np.ndarray
    months_in_state: np.ndarray
    contract: np.ndarray
    hours: np.ndarray
    wage: np.ndarray
    employer_months: np.ndarray
    job_from_ww: np.ndarray
    work_bits: np.ndarray
    years_bits: np.ndarray
    hours_this_year: np.ndarray
    work_history_years: np.ndarray
    benefit: np.ndarray
    benefit_months: np.ndarray
    ww_months_left: np.ndarray
    ww_ran_out: np.ndarray
    ww_wage: np.ndarray
    bijstand_left_month: np.ndarray
    sanction_month: np.ndarray
    disability: np.ndarray
    health: np.ndarray
    partner_id: np.ndarray
    first_partner_age: np.ndarray
    n_children: np.ndarray
    youngest_child_month: np.ndarray
    language_level: np.ndarray
    inburgering_done: np.ndarray
    job_finding_factor: np.ndarray
    job_loss_factor: np.ndarray
    unstable: np.ndarray
    mother_id: np.ndarray
    immigration_month: np.ndarray
    motive: np.ndarray

    def __init__(self, size: int):
        self.size = int(size)
        for name, column in SCHEMA.items():
            setattr(self, name, np.full(self.size, column.fill, dtype=column.dtype))
        #: each column's storage: the column is a view of its first ``size`` rows, so rows can
        #: be added without copying every column every month
        self._buffers: dict[str, np.ndarray] = {}

    def grow(self, k: int) -> np.ndarray:
        """Add ``k`` rows at the end with every column's fill value; their row numbers.

        The columns are views of larger buffers that grow by a quarter when full, so adding the
        month's newborns costs a few slicings, not a copy of the population."""
        start, end = self.size, self.size + int(k)
        for name, column in SCHEMA.items():
            current = getattr(self, name)
            buffer = self._buffers.get(name)
            if buffer is None or current.base is not buffer or end > buffer.size:
                buffer = np.full(max(end, start + start // 4 + 1024), column.fill, column.dtype)
                buffer[:start] = current
                self._buffers[name] = buffer
            setattr(self, name, buffer[:end])
        self.size = end
        return np.arange(start, end, dtype=np.int64)

    def __len__(self) -> int:
        return self.size

    @property
    def ids(self) -> np.ndarray:
        return np.arange(self.size, dtype=np.int64)

    def age_years(self, month: int, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Completed years of age, clipped to the length of age tables (0 to MAX_AGE - 1)."""
        return np.clip((month - self.birth_month[idx]) // 12, 0, MAX_AGE - 1)

    def nbytes(self) -> int:
        """Bytes of state per population (all columns)."""
        return int(sum(getattr(self, name).nbytes for name in SCHEMA))

    def append(self, other: Population) -> None:
        """Add the rows of ``other`` at the end (used when building a population, not per month)."""
        for name in SCHEMA:
            setattr(self, name, np.concatenate([getattr(self, name), getattr(other, name)]))
        self.size += other.size

    def set_state(self, idx: np.ndarray, state: LabourState) -> None:
        """Move persons ``idx`` to a labour state, restarting their months-in-state clock."""
        self.labour_state[idx] = state
        self.months_in_state[idx] = 0

    def set_benefit(self, idx: np.ndarray, benefit: Benefit) -> None:
        self.benefit[idx] = benefit
        self.benefit_months[idx] = 0

    def row(self, person: int) -> dict[str, Any]:
        """One person's current state, categorical codes as names."""
        out: dict[str, Any] = {}
        for name, column in SCHEMA.items():
            value = getattr(self, name)[person].item()
            out[name] = column.codes(value).name.lower() if column.codes else value
        return out

    def frame(self, month: int) -> pd.DataFrame:
        """All persons as a table (categorical columns as pandas categoricals) plus age."""
        data: dict[str, Any] = {"person": self.ids}
        for name, column in SCHEMA.items():
            values = getattr(self, name)
            if column.codes is not None:
                cats = [m.name.lower() for m in column.codes]
                data[name] = pd.Categorical.from_codes(values.astype(np.int16), categories=cats)
            else:
                data[name] = values
        data["age_years"] = (month - self.birth_month) // 12
        return pd.DataFrame(data)
