"""Scenario files: YAML loaded safely and validated into a typed :class:`Scenario`.

A scenario names what it sets and nothing more; everything else comes from the default
parameter files. Errors name the file, the line where it can be found, the key path and what is
allowed, and are raised as :class:`~simulation.errors.ScenarioError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from simulation.errors import LifecourseError, ParameterError, ScenarioError, did_you_mean
from simulation.parameters import Parameters
from simulation.synthesis import GROUPS

OUTPUT_TABLES = ("aggregates", "persons", "events")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PopulationSpec(_Strict):
    """Which people are simulated."""

    kind: Literal["cross_section", "cohort", "group"] = "cross_section"
    size: int = Field(100_000, gt=0, le=50_000_000)
    group: Literal[GROUPS] | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _group_matches_kind(self) -> PopulationSpec:
        if self.kind == "group" and self.group is None:
            raise ValueError(f"kind 'group' needs 'group:' one of {', '.join(GROUPS)}")
        if self.kind != "group" and self.group is not None:
            raise ValueError("'group:' is only allowed with kind 'group'")
        return self


class StartSpec(_Strict):
    year: int = Field(2020, ge=1990, le=2100)
    month: int = Field(1, ge=1, le=12)


class Scenario(_Strict):
    """A validated scenario. ``horizon`` is in years; None means the population's natural end
    (20 years for a cross-section, to the AOW age for a cohort)."""

    name: str = Field("base", pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    population: PopulationSpec = PopulationSpec()
    start: StartSpec = StartSpec()
    horizon: float | None = Field(None, gt=0, le=100)
    seed: int = Field(1, ge=0, lt=2**63)
    replications: int = Field(1, ge=1, le=10_000)
    parameters: dict[str, Any] = Field(default_factory=dict)
    outputs: list[Literal[OUTPUT_TABLES]] = list(OUTPUT_TABLES)  # type: ignore[valid-type]
    source: str = Field("", exclude=True)

    @property
    def start_month(self) -> int:
        return self.start.year * 12 + self.start.month - 1

    def horizon_months(self, aow_age_months: int) -> int:
        if self.horizon is not None:
            return round(self.horizon * 12)
        if self.population.kind == "cohort":
            return aow_age_months - 144 + 12
        return 20 * 12

    def resolved_parameters(self) -> Parameters:
        return Parameters.defaults().with_overrides(self.parameters, self.source or "scenario")

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with top-level fields or population fields (``size``) changed, re-validated."""
        data = self.model_dump()
        if "size" in changes:
            data["population"]["size"] = changes.pop("size")
        data.update(changes)
        data["source"] = self.source
        return validate(data, self.source or "<arguments>")


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the key at ``loc`` in the YAML text, if it can be found."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _format_error(err: dict[str, Any], where: str, text: str) -> str:
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    path = ".".join(str(x) for x in loc) or "(top level)"
    line = _line_of(text, loc) if text else None
    place = f"{where}:{line}" if line else where
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        allowed = sorted(k for k in parent.model_fields if k != "source") if parent else []
        hint = did_you_mean(str(loc[-1]), allowed)
        return f"{place}: unknown key '{path}'{hint}; allowed: {', '.join(allowed)}"
    return f"{place}: {path}: {err['msg']}"


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = Scenario
    for key in loc:
        field = model.model_fields.get(str(key))
        annotation = getattr(field, "annotation", None)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return None
    return model


def validate(data: Any, where: str, text: str = "") -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: a scenario must be a mapping of keys (name, population, …)")
    try:
        scenario = Scenario.model_validate({**data, "source": where})
    except ValidationError as exc:
        raise ScenarioError(_format_error(exc.errors()[0], where, text)) from None
    try:
        scenario.resolved_parameters()
    except ParameterError as exc:
        raise ScenarioError(str(exc)) from None
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{where}: no such scenario file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{where}: cannot be read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ScenarioError(f"{where}{line}: malformed YAML: {problem}") from None
    if data is None:
        data = {}
    return validate(data, where, text)


def as_scenario(value: Scenario | str | Path | None) -> Scenario:
    if value is None:
        return Scenario()
    if isinstance(value, Scenario):
        return value
    if isinstance(value, str | Path):
        return load_scenario(value)
    raise LifecourseError(f"scenario must be a file path or a Scenario, not {type(value).__name__}")
