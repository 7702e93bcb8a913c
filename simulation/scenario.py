"""Scenario files: YAML loaded safely and validated into a typed :class:`Scenario`.

A scenario names what it changes and nothing more; everything else comes from the default
parameter files. ``extends: base.yaml`` (relative to the file) starts from another scenario, the
child winning key by key; chains are allowed, cycles are an error. Sections:

- ``population``: ``kind``, ``size``, ``group``, and ``composition`` (overrides of
  ``population.*`` parameters, e.g. ``migration_shares``)
- ``start`` (year, month), ``horizon`` (years), ``seed``, ``replications``
- ``economy``: ``cycle`` and ``sector_demand`` paths over calendar months (``'2020-04': 0.8``),
  and any other ``economy.*`` parameter
- ``interventions``: a list of ``{type: …, setting: value, …}``; the settings override the
  ``interventions.<type>.*`` parameters
- ``parameters``: dotted overrides of any parameter; a value may carry its own ``source``
- ``outputs``: which tables to write
- ``alignment``: processes whose yearly totals follow an external series
  (:mod:`simulation.alignspec`)
- ``validation``: the validation cases run on this scenario (:mod:`simulation.validation`)

Errors name the file, the line where it can be found, the key path and what is allowed, and are
raised as :class:`~simulation.errors.ScenarioError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from mesa.experimental.scenarios import Scenario as MesaScenario
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from simulation.alignspec import AlignmentSpec, check_scenario
from simulation.economy import Economy
from simulation.errors import LifecourseError, ParameterError, ScenarioError, did_you_mean
from simulation.income.tracker import check_income
from simulation.interventions import registry
from simulation.parameters import Parameters
from simulation.pension import aow_age_months
from simulation.synthesis import GROUPS
from simulation.yamlfiles import load_file

OUTPUT_TABLES = ("aggregates", "persons", "events", "panel")
#: what a run writes unless the scenario says: the monthly panel only when asked (it is large)
DEFAULT_OUTPUTS = ("aggregates", "persons", "events")
#: settings that group others (``eligible: {min_age: 50}``); other mappings are tables
SETTING_GROUPS = {"eligible"}
INTERVENTION_TYPES = tuple(registry())
#: a cross-section or group without a ``horizon`` is followed for 20 years: long enough for
#: five-year careers (A5.1) and the slow stocks (disability) to show, short enough to run in
#: seconds (a design default, not a fact)
DEFAULT_HORIZON_YEARS = 20
#: files in one ``extends`` chain: real chains have two or three; a longer one is a mistake
MAX_EXTENDS = 20


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PopulationSpec(_Strict):
    """Which people are simulated."""

    kind: Literal["cross_section", "cohort", "group"] = "cross_section"
    size: int = Field(100_000, gt=0, le=50_000_000)
    group: Literal[GROUPS] | None = None  # type: ignore[valid-type]
    composition: dict[str, Any] = Field(default_factory=dict)
    #: whether children born during the run become persons of the simulation; by default for
    #: a cross-section (the Netherlands keeps its age structure), not for a cohort or a group,
    #: which follow the people they start with
    newborns: bool | None = None
    #: whether people immigrate and emigrate during the run (immigration.yaml); by default for
    #: a cross-section, as newborns, not for a cohort or a group
    immigration: bool | None = None

    @property
    def simulates_newborns(self) -> bool:
        return self.kind == "cross_section" if self.newborns is None else self.newborns

    @property
    def simulates_immigration(self) -> bool:
        return self.kind == "cross_section" if self.immigration is None else self.immigration

    @model_validator(mode="after")
    def _group_matches_kind(self) -> PopulationSpec:
        if self.kind == "group" and self.group is None:
            raise ValueError(f"kind 'group' needs 'group:' one of {', '.join(GROUPS)}")
        if self.kind != "group" and self.group is not None:
            raise ValueError("'group:' is only allowed with kind 'group'")
        return self


class StartSpec(_Strict):
    year: int = Field(2020, ge=1950, le=2100)
    month: int = Field(1, ge=1, le=12)


class InterventionSpec(BaseModel):
    """One switched-on intervention: its type and settings (overrides of its parameters)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    type: str

    @model_validator(mode="after")
    def _known_type(self) -> InterventionSpec:
        if self.type not in INTERVENTION_TYPES:
            hint = did_you_mean(self.type, INTERVENTION_TYPES)
            raise ValueError(
                f"unknown intervention type '{self.type}'{hint};"
                f" allowed: {', '.join(INTERVENTION_TYPES)}"
            )
        return self

    @property
    def settings(self) -> dict[str, Any]:
        return _flatten(dict(self.model_extra or {}))


class Scenario(_Strict):
    """A validated scenario. ``horizon`` is in years; None means the population's natural end
    (20 years for a cross-section or group, to the AOW age for a cohort)."""

    #: the name is a folder name in outputs/: letters, digits, _ . -, not only dots
    name: str = Field("base", pattern=r"^[A-Za-z0-9_.-]+$", max_length=100)
    description: str = ""
    population: PopulationSpec = PopulationSpec()
    start: StartSpec = StartSpec()
    horizon: float | None = Field(None, gt=0, le=100)
    seed: int = Field(1, ge=0, lt=2**63)
    replications: int = Field(1, ge=1, le=10_000)
    economy: dict[str, Any] = Field(default_factory=dict)
    interventions: list[InterventionSpec] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict)
    outputs: list[Literal[OUTPUT_TABLES]] = list(DEFAULT_OUTPUTS)  # type: ignore[valid-type]
    alignment: list[AlignmentSpec] = Field(default_factory=list)
    #: validation cases on this scenario (targets and measure): read and checked by
    #: simulation.validation from the file itself; runs ignore them, and files that extend this
    #: one do not inherit them
    validation: dict[str, Any] | None = Field(None, exclude=True)
    source: str = Field("", exclude=True)
    extends_chain: list[str] = Field(default_factory=list, exclude=True)

    @field_validator("name")
    @classmethod
    def _safe_name(cls, name: str) -> str:
        if not name.strip("."):
            raise ValueError(f"'{name}' is not a folder name; allowed: letters, digits, _ . -")
        return name

    @field_validator("horizon")
    @classmethod
    def _at_least_a_month(cls, horizon: float | None) -> float | None:
        if horizon is not None and round(horizon * 12) < 1:
            raise ValueError(f"{horizon} years is under a month; allowed: 1/12 to 100 years")
        return horizon

    @model_validator(mode="after")
    def _one_entry_per_intervention(self) -> Scenario:
        types = [i.type for i in self.interventions]
        for kind in set(types):
            if types.count(kind) > 1:
                raise ValueError(f"intervention '{kind}' is listed twice; list each type once")
        return self

    @property
    def start_month(self) -> int:
        return self.start.year * 12 + self.start.month - 1

    @property
    def intervention_types(self) -> list[str]:
        return [i.type for i in self.interventions]

    def horizon_months(self, params: Parameters) -> int:
        """Months to simulate: the ``horizon``; without one, a cohort is followed until its
        youngest member reaches the AOW age in force at the start (the cohort's birth months
        span a year), others for DEFAULT_HORIZON_YEARS."""
        if self.horizon is not None:
            return round(self.horizon * 12)
        if self.population.kind == "cohort":
            aow = aow_age_months(params, self.start_month // 12)
            return aow - params["population.cohort_entry_age"] * 12 + 12
        return DEFAULT_HORIZON_YEARS * 12

    def override_layers(self) -> list[tuple[str, dict[str, Any]]]:
        """The scenario's changes to the defaults, as (section, dotted overrides), in order."""
        layers = [
            ("population.composition", _prefixed("population", self.population.composition)),
            ("economy", _prefixed("economy", _flatten_economy(self.economy))),
        ]
        for index, spec in enumerate(self.interventions):
            layers.append(
                (f"interventions.{index}", _prefixed(f"interventions.{spec.type}", spec.settings))
            )
        layers.append(("parameters", dict(self.parameters)))
        return layers

    def resolved_parameters(self) -> Parameters:
        params = Parameters.defaults()
        where = self.source or "scenario"
        for section, overrides in self.override_layers():
            if section.startswith("interventions."):
                kind = self.interventions[int(section.split(".")[1])].type
                _check_settings(params, kind, overrides, f"{where}: {section}")
            params = params.with_overrides(overrides, where)
        return params

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with top-level fields or population fields (``size``) changed, re-validated."""
        data = self.model_dump()
        if "size" in changes:
            data["population"]["size"] = changes.pop("size")
        data.update(changes)
        data["source"] = self.source
        return validate(data, self.source or "<arguments>")


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested settings as dotted paths; a mapping with 'value' is one entry (value + source)."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value and "value" not in value and key in SETTING_GROUPS:
            out.update(_flatten(value, f"{path}."))
        else:
            out[path] = value
    return out


def _flatten_economy(economy: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in economy.items() if k != "sector_demand"}
    sectors = economy.get("sector_demand")
    sectors = {} if sectors is None else sectors
    if not isinstance(sectors, dict):
        raise ParameterError(
            f"economy.sector_demand: expected a table of sectors, each a path over calendar"
            f" months ({{care: {{'2020-04': 1.2}}}}), got {sectors!r}"[:300]
        )
    for field, path in sectors.items():
        out[f"sector_demand.{field}"] = path
    return out


def _prefixed(prefix: str, overrides: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}.{key}": value for key, value in overrides.items()}


def _check_settings(params: Parameters, kind: str, overrides: dict[str, Any], where: str) -> None:
    prefix = f"interventions.{kind}."
    allowed = [p.removeprefix(prefix) for p in params.paths(prefix)]
    for path in overrides:
        setting = path.removeprefix(prefix)
        head = setting.rsplit(".", 1)[0]
        if setting not in allowed and head not in allowed:
            raise ParameterError(
                f"{where}.{setting}: unknown setting of '{kind}'{did_you_mean(setting, allowed)};"
                f" allowed: {', '.join(allowed)}"
            )


# -- reading files --------------------------------------------------------------------------------
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


def _locate(files: list[tuple[str, str]], loc: tuple[Any, ...]) -> str:
    """'file:line' of the first file (child first) that holds the key path."""
    best = None
    for where, text in files:
        line = _line_of(text, loc) if text else None
        if line is not None and (best is None or best[1] is None):
            best = (where, line)
            if len(loc) <= 1 or _line_of(text, loc[:-1]) is not None:
                break
    if best is None:
        return files[0][0] if files else "<scenario>"
    return f"{best[0]}:{best[1]}"


def _format_error(err: dict[str, Any], files: list[tuple[str, str]]) -> str:
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    path = ".".join(str(x) for x in loc) or "(top level)"
    place = _locate(files, loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        hidden = {"source", "extends_chain"}
        allowed = sorted(k for k in parent.model_fields if k not in hidden) if parent else []
        if parent is Scenario:
            allowed = sorted([*allowed, "extends"])
        hint = did_you_mean(str(loc[-1]), allowed)
        return f"{place}: unknown key '{path}'{hint}; allowed: {', '.join(allowed)}"
    message = err["msg"].removeprefix("Value error, ")
    return f"{place}: {path}: {message}"


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


def validate(data: Any, where: str, files: list[tuple[str, str]] | None = None) -> Scenario:
    files = files or [(where, "")]
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: a scenario must be a mapping of keys (name, population, …)")
    try:
        scenario = Scenario.model_validate({**data, "source": where})
    except ValidationError as exc:
        raise ScenarioError(_format_error(exc.errors()[0], files)) from None
    try:
        params = scenario.resolved_parameters()
        Economy(params)  # checks the calendar paths of the economy section
        check_income(params)  # the tax and allowance rules that must fit together
        from simulation.processes.immigration import return_hazards

        return_hazards(params)  # the shares of a cohort gone must rise with the years
        from simulation.processes.incentives import BenefitResponse

        BenefitResponse(params)  # a benefit of 0 with a level elasticity: infinite job finding
    except ParameterError as exc:
        message = str(exc)
        raise ScenarioError(
            message if message.startswith(where) else f"{where}: {message}"
        ) from None
    first = scenario.start_month // 12
    last = (scenario.start_month + scenario.horizon_months(params) - 1) // 12
    problem = check_scenario(scenario.alignment, where, scenario.population, first, last)
    if problem is not None:
        loc, message = problem
        path = ".".join(str(x) for x in loc)
        raise ScenarioError(f"{_locate(files, loc)}: {path}: {message}")
    return scenario


def _read(path: Path) -> tuple[dict[str, Any], str]:
    where = str(path)
    data, text = load_file(path, "scenario", ScenarioError)
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: a scenario must be a mapping of keys (name, population, …)")
    return data, text


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """The child's keys win; mappings merge key by key; lists and values are replaced."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _resolve(path: Path, chain: list[Path]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The file's data with its ``extends`` chain merged in, and (file, text) child first."""
    resolved = path.resolve()
    if len(chain) >= MAX_EXTENDS:
        raise ScenarioError(
            f"{chain[0]}: extends: a chain of more than {MAX_EXTENDS} files; allowed: up to"
            f" {MAX_EXTENDS}"
        )
    if resolved in chain:
        names = " -> ".join(str(p) for p in [*chain, resolved])
        raise ScenarioError(f"{chain[0]}: extends makes a cycle: {names}")
    data, text = _read(path)
    files = [(str(path), text)]
    entries = data.get("alignment")
    for entry in entries if isinstance(entries, list) else []:  # series: relative to this file
        series = entry.get("series") if isinstance(entry, dict) else None
        if isinstance(series, str) and (path.parent / series).is_file():
            entry["series"] = str((path.parent / series).resolve())
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data, files
    if not isinstance(parent_name, str):
        line = _line_of(text, ("extends",))
        raise ScenarioError(f"{path}:{line}: extends: must be a file name, got {parent_name!r}")
    parent_path = path.parent / parent_name
    if not parent_path.exists():
        line = _line_of(text, ("extends",))
        raise ScenarioError(f"{path}:{line}: extends: no such scenario file '{parent_path}'")
    if not parent_path.is_file():
        line = _line_of(text, ("extends",))
        raise ScenarioError(
            f"{path}:{line}: extends: '{parent_path}' is not a regular file; allowed: a scenario"
            " file"
        )
    parent, parent_files = _resolve(parent_path, [*chain, resolved])
    parent.pop("validation", None)  # a parent's validation cases are its own, not the child's
    return merge(parent, data), files + parent_files


def load_scenario(path: str | Path) -> Scenario:
    """Read, resolve ``extends`` and validate a scenario file."""
    path = Path(path)
    data, files = _resolve(path, [])
    scenario = validate(data, str(path), files)
    return scenario.model_copy(update={"extends_chain": [f for f, _ in files[1:]]})


def as_scenario(value: Scenario | str | Path | MesaScenario | None) -> Scenario:
    # SolaraViz's Reset passes Mesa's own (empty) scenario object: it means the built-in base,
    # with the model's keyword arguments on top
    if value is None or isinstance(value, MesaScenario):
        return Scenario()
    if isinstance(value, Scenario):
        return value
    if isinstance(value, str | Path):
        return load_scenario(value)
    raise LifecourseError(f"scenario must be a file path or a Scenario, not {type(value).__name__}")
