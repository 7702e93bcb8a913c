"""The validation cases, declared in YAML: each scenario under ``scenarios/validation/`` that an
article's population is built from carries a ``validation:`` section with its cases, and
``cases.yaml`` lists those files in the order ``lifecourse validate`` runs and prints them.

A section maps each case's name to the measure it runs (by registered name, see
:func:`~simulation.validation.framework.measure`), whether CI's ``--fast`` set includes it, its
replications, and its targets::

    validation:
      refugees:
        measure: refugees
        replications: 2            # optional, 2 by default
        fast: false                # optional
        targets:
          - id: A8.6
            description: refugees in paid work, mid-2019
            published: 0.33        # a number, or a fraction such as 1/3
            tolerance: 0.05
            reason: "'one third', rounded"
            kind: at_least         # optional; the default 'value' means within the tolerance
            role: fitted           # held_out, fitted or input (required)
            fitted_by: calibration/refugees.yaml   # fitted: the file, or 'hand: <parameters>'
            # input_from: <parameters>             # input: the parameters it reads back

A target is ``fitted`` if a calibration file under ``calibration/`` lists it (and then
``fitted_by`` must name that file, which is checked both ways) or a parameter was tuned by hand
to it (``hand: labour.flex_to_permanent``; the parameters must exist); ``input`` if it reads back
an input (``input_from`` names it); ``held_out`` otherwise.

Two cases in one file may share a measure (one simulation, split by target ids): a case gets the
measured values of its own targets. Every target must be measured, and every measured value
must be some case's target in that file; the run says which is not. A scenario that
``extends:`` another does not inherit the other's cases (:func:`simulation.scenario.load_scenario`
drops a parent's section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    field_validator,
    model_validator,
)

from simulation.errors import LifecourseError, did_you_mean
from simulation.model import LifeCourseModel
from simulation.parameters import Parameters
from simulation.scenario import _line_of

# the catalogues register their measures when imported
from simulation.validation import (  # noqa: F401
    baseline,
    behaviour,
    careers,
    cross_section,
    family,
    interventions,
    refugees,
)
from simulation.validation.framework import (
    FOLDER,
    MEASURES,
    SENSITIVITY,
    Case,
    Measure,
    Registered,
    Target,
)
from simulation.yamlfiles import load_file

INDEX = "cases.yaml"
CALIBRATION = "calibration"
NAME = r"^[A-Za-z0-9_.-]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetSpec(_Strict):
    id: str = Field(pattern=NAME)
    description: str = Field(min_length=1)
    published: float
    tolerance: float = Field(ge=0)
    reason: str = Field(min_length=1)
    kind: Literal["value", "at_least"] = "value"
    role: Literal["held_out", "fitted", "input"]
    fitted_by: str = ""
    input_from: str = ""

    @model_validator(mode="after")
    def _role(self) -> TargetSpec:
        if self.role == "fitted" and not self.fitted_by:
            raise ValueError("a fitted target names fitted_by: calibration/NAME.yaml or 'hand: …'")
        if self.role != "fitted" and self.fitted_by:
            raise ValueError(f"fitted_by is for fitted targets, not {self.role}")
        if self.role == "input" and not self.input_from:
            raise ValueError("an input target names input_from: the parameters it reads back")
        if self.role != "input" and self.input_from:
            raise ValueError(f"input_from is for input targets, not {self.role}")
        return self

    @field_validator("published", mode="before")
    @classmethod
    def _fraction(cls, value: Any) -> Any:
        """'1/3' as the article's "one third", exactly 1/3 as a float."""
        if isinstance(value, str) and "/" in value:
            try:
                return float(Fraction(value.replace(" ", "")))
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"'{value}' is not a number or a fraction like 1/3") from None
        return value


class CaseSpec(_Strict):
    measure: str
    fast: bool = False
    replications: int = Field(2, ge=1, le=100)
    targets: list[TargetSpec] = Field(min_length=1)


class Section(RootModel[dict[str, CaseSpec]]):
    """The ``validation:`` section: case name -> case."""


class Index(_Strict):
    files: list[str] = Field(min_length=1)


def load_cases(folder: Path = FOLDER) -> tuple[Case, ...]:
    """The cases of the files ``folder/cases.yaml`` lists, in its order."""
    index = folder / INDEX
    data, text = _read(index)
    try:
        files = Index.model_validate(data).files
    except ValidationError as exc:
        raise LifecourseError(_message(index, text, _first(exc), (), Index)) from None
    listed = {(folder / name).resolve() for name in files}
    for path in sorted(folder.glob("*.yaml")):
        if path.name != INDEX and path.resolve() not in listed and "validation" in _read(path)[0]:
            raise LifecourseError(
                f"{path}: has a validation: section, but {index} does not list it"
            )
    cases: list[Case] = []
    for name in files:
        path = folder / name
        if not path.is_file():
            line = _line_of(text, ("files",))
            raise LifecourseError(f"{index}:{line}: files: no such scenario file '{name}'")
        cases.extend(_cases_in(path))
    _check_unique(cases)
    _check_calibrations(folder, cases)
    return tuple(cases)


def _check_calibrations(folder: Path, cases: list[Case]) -> None:
    """Every target a calibration file fits says so (``fitted_by`` naming that file), and every
    target that names a calibration file is among that file's targets."""
    fits: dict[str, set[str]] = {}
    for path in sorted((folder / CALIBRATION).glob("*.yaml")):
        data, _ = _read(path)
        for target in data.get("targets") or []:
            fits.setdefault(str(target), set()).add(f"{CALIBRATION}/{path.name}")
    for case in cases:
        for target in case.targets:
            files = fits.get(target.id, set())
            named = target.fitted_by if target.fitted_by.startswith(f"{CALIBRATION}/") else ""
            if files and named not in files:
                raise LifecourseError(
                    f"{case.scenario}: validation.{case.name}: target '{target.id}' is fitted by"
                    f" {', '.join(sorted(files))}: say role: fitted, fitted_by: {min(files)}"
                )
            if named and named not in files:
                raise LifecourseError(
                    f"{case.scenario}: validation.{case.name}: target '{target.id}': fitted_by"
                    f" {named}, which does not exist or does not list it"
                )


def _check_parameters(path: Path, text: str, case: str, index: int, spec: TargetSpec) -> None:
    """The parameters a hand fit or an input names exist (``a.b.key`` may name a table's key)."""
    field, names = "input_from", spec.input_from
    if spec.fitted_by.startswith("hand:"):
        field, names = "fitted_by", spec.fitted_by.removeprefix("hand:")
    elif spec.fitted_by and not spec.fitted_by.startswith(f"{CALIBRATION}/"):
        line = _line_of(text, ("validation", case, "targets", index, "fitted_by"))
        raise LifecourseError(
            f"{path}:{line}: validation.{case}.targets.{index}.fitted_by: give"
            f" {CALIBRATION}/NAME.yaml or 'hand: <parameters>', not '{spec.fitted_by}'"
        )
    known = _defaults()
    for name in (n.strip() for n in names.split(",") if n.strip()):
        if not any(".".join(name.split(".")[:k]) in known for k in range(2, name.count(".") + 2)):
            line = _line_of(text, ("validation", case, "targets", index, field))
            raise LifecourseError(
                f"{path}:{line}: validation.{case}.targets.{index}.{field}: unknown parameter"
                f" '{name}'{did_you_mean(name, known.paths())}"
            )


_DEFAULTS: list[Parameters] = []


def _defaults() -> Parameters:
    if not _DEFAULTS:
        _DEFAULTS.append(Parameters.defaults())
    return _DEFAULTS[0]


def _cases_in(path: Path) -> list[Case]:
    data, text = _read(path)
    if "validation" not in data:
        raise LifecourseError(f"{path}: no validation: section (it is listed in {INDEX})")
    try:
        section = Section.model_validate(data["validation"]).root
    except ValidationError as exc:
        raise LifecourseError(_message(path, text, _first(exc), ("validation",))) from None
    if not section:
        raise LifecourseError(f"{path}: validation: declare at least one case")
    registered: dict[str, Registered] = {}
    for name, spec in section.items():
        if not re.fullmatch(NAME, name):
            line = _line_of(text, ("validation", name))
            raise LifecourseError(
                f"{path}:{line}: validation.{name}: a case is named with letters, digits, _ . -"
            )
        if spec.measure not in MEASURES:
            line = _line_of(text, ("validation", name, "measure"))
            hint = did_you_mean(spec.measure, MEASURES)
            raise LifecourseError(
                f"{path}:{line}: validation.{name}.measure: unknown measure '{spec.measure}'"
                f"{hint}; allowed: {', '.join(sorted(MEASURES))}"
            )
        registered[name] = MEASURES[spec.measure]
    # what a measure may return: the ids declared by the file's cases that run it
    declared: dict[str, set[str]] = {}
    for spec in section.values():
        declared.setdefault(spec.measure, set()).update(t.id for t in spec.targets)
    cases = []
    for name, spec in section.items():
        for index, target in enumerate(spec.targets):
            _check_parameters(path, text, name, index, target)
        targets = tuple(Target(**t.model_dump()) for t in spec.targets)
        shared = frozenset(declared[spec.measure])
        measure = _checked(registered[name], name, targets, shared, path, text)
        cases.append(
            Case(name, path, targets, measure, spec.fast, registered[name].panel, spec.replications)
        )
    return cases


@dataclass(frozen=True)
class _Checked:
    """The registered measure, returning the case's targets only, and failing with the file and
    field when it measures a value no target declares or misses a declared one. A class, not a
    closure, so a case can be sent to another process or a Dask worker (simulation.executors)."""

    registered: Registered
    case: str
    own: tuple[str, ...]
    shared: frozenset[str]
    path: Path
    text: str

    def __call__(self, model: LifeCourseModel) -> dict[str, float]:
        registered, case, own, path, text = (
            self.registered, self.case, self.own, self.path, self.text
        )  # fmt: skip
        measured = registered.function(model)
        for key in measured:
            if key.partition(SENSITIVITY)[0] not in self.shared:
                line = _line_of(text, ("validation", case, "targets"))
                raise LifecourseError(
                    f"{path}:{line}: validation.{case}.targets: measure '{registered.name}'"
                    f" measures '{key}', which no target declares"
                )
        for index, key in enumerate(own):
            if key not in measured:
                line = _line_of(text, ("validation", case, "targets", index))
                raise LifecourseError(
                    f"{path}:{line}: validation.{case}.targets.{index}.id: '{key}' is not measured"
                    f" by '{registered.name}', which measures {', '.join(measured) or 'nothing'}"
                )
        return {
            key: value for key, value in measured.items() if key.partition(SENSITIVITY)[0] in own
        }


def _checked(
    registered: Registered,
    case: str,
    targets: tuple[Target, ...],
    shared: frozenset[str],
    path: Path,
    text: str,
) -> Measure:
    """The registered measure checked against the case's targets (:class:`_Checked`)."""
    return _Checked(registered, case, tuple(t.id for t in targets), shared, path, text)


def _check_unique(cases: list[Case]) -> None:
    seen: dict[str, Case] = {}
    names: dict[str, Path] = {}
    for case in cases:
        if case.name in names:
            raise LifecourseError(
                f"{case.scenario}: validation.{case.name}: case name used before in"
                f" {names[case.name]}"
            )
        names[case.name] = case.scenario
        for target in case.targets:
            if target.id in seen:
                raise LifecourseError(
                    f"{case.scenario}: validation.{case.name}.targets: '{target.id}' is declared"
                    f" before, in case '{seen[target.id].name}' ({seen[target.id].scenario})"
                )
            seen[target.id] = case


def _read(path: Path) -> tuple[dict[str, Any], str]:
    """A case file or the index: the project's loader (safe tags, a key written twice refused
    with its line, regular files only)."""
    data, text = load_file(path, "validation", LifecourseError)
    if not isinstance(data, dict):
        raise LifecourseError(f"{path}: must be a mapping of keys")
    return data, text


def _first(exc: ValidationError) -> Any:
    """The error to report: an unknown key before the rest (a misspelt key is also missing)."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def _message(
    path: Path,
    text: str,
    err: dict[str, Any],
    prefix: tuple[str, ...],
    root: type[BaseModel] = CaseSpec,
) -> str:
    """One line: file:line, the key path, and what is wrong (for an unknown key: what is
    allowed there)."""
    loc = (*prefix, *err["loc"])
    line = _line_of(text, loc)
    place = f"{path}:{line}" if line is not None else str(path)
    where = ".".join(str(x) for x in loc)
    if err["type"] == "extra_forbidden":
        # an unknown key sits in a case (validation.<case>.key) or a target (...targets.<i>.key)
        model = TargetSpec if "targets" in loc[:-1] else root
        allowed = sorted(model.model_fields)
        hint = did_you_mean(str(loc[-1]), allowed)
        return f"{place}: unknown key '{where}'{hint}; allowed: {', '.join(allowed)}"
    return f"{place}: {where}: {err['msg'].removeprefix('Value error, ')}"
