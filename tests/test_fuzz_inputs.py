"""Fuzzing the input files: every broken scenario, sweep or calibration file is refused with
exit code 2, one line on stderr, no traceback, and nothing written.

Each example starts from a valid file and applies one change that makes it invalid: a wrong
type, a value out of range, an unknown key, a duplicate key or broken YAML. The default suite
runs a few dozen examples per kind; ``-m slow`` runs many more.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.cli import main

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"

NOT_A_NUMBER = st.sampled_from(["many", "1,5", "", "[1]", "{}", "yes please", "0x1g"])
NOT_A_TABLE = st.one_of(st.integers(-5, 5), st.sampled_from(["text", "1.5"]), st.just([1, 2]))
NOT_A_LIST = st.one_of(st.integers(-5, 5), st.sampled_from(["text"]), st.just({"a": 1}))
ODD_KEY = st.from_regex(r"x_[a-z]{1,8}", fullmatch=True)


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    keys = path.split("/")
    node = doc
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value
    return doc


SCENARIO = {"name": "fuzz", "population": {"size": 100}, "horizon": 1}
SCENARIO_WRONG = {
    "name": st.one_of(
        st.just(".."),
        st.just("a/b"),
        st.just("x" * 101),
        NOT_A_TABLE.filter(lambda v: not isinstance(v, str)),
    ),
    "population/size": st.one_of(NOT_A_NUMBER, st.integers(-(10**6), 0), st.just(10**9)),
    "population/kind": st.sampled_from(["crowd", "", "cohorts"]),
    "horizon": st.one_of(NOT_A_NUMBER, st.floats(-100, 0.04), st.floats(100.5, 1e9)),
    "seed": st.one_of(NOT_A_NUMBER, st.integers(-(10**6), -1), st.just(2**64)),
    "replications": st.one_of(NOT_A_NUMBER, st.just(0), st.integers(10_001, 10**7)),
    "start/month": st.one_of(st.integers(-3, 0), st.integers(13, 99)),
    "start/year": st.one_of(st.integers(0, 1949), st.integers(2101, 9999)),
    "economy": NOT_A_TABLE,
    "economy/cycle": st.one_of(
        NOT_A_TABLE,
        st.floats(10.5, 1e300).map(lambda f: {"2020-01": f}),
        st.floats(-1e300, -0.01).map(lambda f: {"2020-01": f}),
        st.sampled_from(["2020-13", "20-01", "x"]).map(lambda k: {k: 0.9}),
    ),
    "economy/sector_demand": NOT_A_TABLE,
    "interventions": st.one_of(NOT_A_LIST, st.just([{"type": "nothing"}]), st.just([5])),
    "parameters": st.one_of(
        NOT_A_TABLE,
        ODD_KEY.map(lambda k: {f"labour.{k}": 0.1}),
        st.floats(1.01, 1e6).map(lambda f: {"labour.job_finding.low": f}),
        st.floats(-1e6, -0.01).map(lambda f: {"labour.job_finding.low": f}),
        NOT_A_NUMBER.map(lambda t: {"labour.job_finding.low": t}),
    ),
    "outputs": st.one_of(NOT_A_LIST, st.just(["everything"])),
    "extends": st.one_of(st.integers(0, 9), st.just("missing.yaml"), st.just("/dev/null")),
}

SWEEP = {
    "scenario": str(BASE),
    "design": {"method": "grid"},
    "vary": {"labour.job_finding.low": [0.1, 0.2]},
    "seeds": 1,
    "keep": ["employment_rate"],
    "persons": 50,
    "years": 0.0834,
}
SWEEP_WRONG = {
    "scenario": st.one_of(st.integers(0, 5), st.just("missing.yaml"), st.just(str(ROOT))),
    "design": NOT_A_TABLE,
    "design/method": st.sampled_from(["halton", "", "GRID"]),
    "design/samples": st.one_of(NOT_A_NUMBER, st.integers(-5, 0), st.just(10**7)),
    "design/levels": st.one_of(st.integers(-5, 1), st.just(10**6)),
    "vary": st.one_of(NOT_A_TABLE, st.just({})),
    "vary/labour.job_finding.low": st.one_of(
        NOT_A_LIST,
        st.just([]),
        st.floats(1.01, 1e9).map(lambda f: [0.1, f]),
        st.floats(-1e9, -0.01).map(lambda f: [f, 0.1]),
    ),
    "seeds": st.one_of(NOT_A_NUMBER, st.integers(-5, 0), st.integers(10_001, 10**8)),
    "keep": st.one_of(
        NOT_A_LIST,
        st.just([]),
        st.just(["happiness"]),
        st.just(["employment_rate", "employment_rate"]),
    ),
    "persons": st.one_of(NOT_A_NUMBER, st.integers(-5, 0), st.just(10**13)),
    "years": st.one_of(NOT_A_NUMBER, st.floats(-5, 0.04), st.floats(100.5, 1e9)),
}

CALIBRATION = {
    "case": "almere",
    "free": {"interventions.case_management.job_finding_factor": [1.0, 3.0]},
    "targets": ["A10.4_6"],
    "replications": 1,
    "max_evaluations": 2,
}
CALIBRATION_WRONG = {
    "case": st.one_of(st.just("nowhere"), st.integers(0, 5), st.just([]), st.just({"a": 1})),
    "free": st.one_of(
        NOT_A_TABLE,
        st.just({}),
        st.just({"interventions.case_management.job_finding_factor": [3.0, 1.0]}),
        st.just({"interventions.case_management.job_finding_factor": [1.0]}),
        st.floats(-1e6, -0.01).map(lambda f: {"labour.job_finding.low": [f, 0.1]}),
        ODD_KEY.map(lambda k: {f"labour.{k}": [0.1, 0.2]}),
    ),
    "targets": st.one_of(NOT_A_LIST, st.just([]), st.just(["A99.9"])),
    "replications": st.one_of(NOT_A_NUMBER, st.integers(-5, 0), st.integers(101, 10**6)),
    "max_evaluations": st.one_of(NOT_A_NUMBER, st.integers(-5, 1), st.integers(10_001, 10**7)),
}


def broken(valid: dict[str, Any], wrong: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """YAML text of ``valid`` with one change that makes it invalid."""
    import copy

    def with_value(pair: tuple[str, Any]) -> str:
        return yaml.safe_dump(_set(copy.deepcopy(valid), *pair), sort_keys=False)

    wrong_value = st.sampled_from(sorted(wrong)).flatmap(
        lambda path: wrong[path].map(lambda value: (path, value))
    )
    text = yaml.safe_dump(valid, sort_keys=False)
    top = sorted(valid)
    return st.one_of(
        wrong_value.map(with_value),
        ODD_KEY.map(lambda key: text + f"{key}: 1\n"),  # an unknown key
        st.sampled_from(top).map(lambda key: text + f"{key}: {yaml.safe_dump(valid[key])}"),
        st.sampled_from(["[", "{a: 1", "a: b: c", "\t- x", "- [1, 2]", "42", "'text'", ": :"])
        .map(lambda junk: junk if junk in ("42", "'text'", "- [1, 2]") else text + junk),
    )  # fmt: skip


def refused_without_writing(command: list[str], text: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out = folder / "out"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main([*command, str(path), "--out", str(out)])
            except SystemExit as exc:
                code = exc.code
        message = err.getvalue()
        assert code == 2, f"exit {code} for\n{text}\n{message}"
        assert len(message.strip().splitlines()) == 1, message
        assert "Traceback" not in message and message.startswith("lifecourse: error:"), message
        assert sorted(p.name for p in folder.iterdir()) == [name], f"{text} wrote something"


KINDS = {
    "scenario": (["run", "--quiet"], SCENARIO, SCENARIO_WRONG),
    "sweep": (["sweep", "--quiet"], SWEEP, SWEEP_WRONG),
    "calibration": (["calibrate"], CALIBRATION, CALIBRATION_WRONG),
}
FAST = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
MANY = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def _fuzz(kind: str, examples: settings) -> None:
    command, valid, wrong = KINDS[kind]

    @examples
    @given(broken(valid, wrong))
    def check(text: str) -> None:
        refused_without_writing([command[0]], text, f"{kind}.yaml")

    check()


def test_the_valid_starting_points_are_valid():
    """Otherwise every broken variant would be refused for the starting point's fault."""
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (_, valid, _) in KINDS.items():
            path = Path(tmp) / f"{kind}.yaml"
            path.write_text(yaml.safe_dump(valid))
            if kind == "scenario":
                from simulation.scenario import load_scenario

                load_scenario(path)
            elif kind == "sweep":
                from simulation.sweep import load_sweep

                load_sweep(path)
            else:
                from simulation.calibration import load_calibration

                load_calibration(path)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_broken_files_are_refused_in_one_line(kind):
    _fuzz(kind, FAST)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_many_broken_files_are_refused_in_one_line(kind):
    _fuzz(kind, MANY)
