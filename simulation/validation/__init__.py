"""Validation: the model against the articles' published figures.

Each case is a scenario under ``scenarios/validation/`` that builds the population an article
studied, with a ``validation:`` section declaring its targets (published value, tolerance and
the reason for it) and the registered measure that computes their simulated counterparts.

- :mod:`~simulation.validation.framework`: targets, cases, the measure registry, running a case
  and the table of results
- :mod:`~simulation.validation.cases`: reading the cases from the YAML files
- the catalogues of measures, by article: :mod:`~simulation.validation.careers` (A5),
  :mod:`~simulation.validation.refugees` (A8), :mod:`~simulation.validation.interventions`
  (A2, A9, A10), :mod:`~simulation.validation.cross_section` (A1.2, A3.2, S4-S6) and
  :mod:`~simulation.validation.family` (A1.6, A3, A4)
"""

from simulation.validation.careers import (
    CAREER_MONTHS,
    CAREER_PANEL,
    STARTER_FIRST_JOB_MONTHS,
    WW_EXIT_MONTHS,
    _careers,
)
from simulation.validation.cases import load_cases
from simulation.validation.cross_section import young_disability_causes
from simulation.validation.framework import (
    FOLDER,
    MEASURES,
    Case,
    Measure,
    Result,
    Target,
    headline,
    measure,
    run_case,
    run_cases,
    sensitivity,
    table,
)

#: every case, in the order of ``scenarios/validation/cases.yaml``
CASES: tuple[Case, ...] = load_cases()

__all__ = [
    "CAREER_MONTHS",
    "CAREER_PANEL",
    "CASES",
    "FOLDER",
    "MEASURES",
    "STARTER_FIRST_JOB_MONTHS",
    "WW_EXIT_MONTHS",
    "Case",
    "Measure",
    "Result",
    "Target",
    "_careers",
    "headline",
    "load_cases",
    "measure",
    "run_case",
    "run_cases",
    "sensitivity",
    "table",
    "young_disability_causes",
]
