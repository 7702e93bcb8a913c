"""Uncertainty blocks on parameters: checked at load, layered by scenarios, drawn exactly."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from helpers import one_line_error as refused
from scipy import stats

import simulation.parameters as parameters_module
from simulation.inputdraws import parameter_uniform
from simulation.parameters.uncertainty import Z95, check_block

CM = "interventions.case_management.job_finding_factor"  # a multiplier, 0 to 100
UPTAKE = "interventions.case_management.uptake"  # a probability
CASELOAD = "interventions.case_management.caseload"  # whole clients, 1 to 10000


def block(**fields):
    return {"distribution": "uniform", "low": 1.5, "high": 2.5, "source": "a study", **fields}


def test_the_default_files_carry_sourced_ranges_that_hold_their_values(defaults):
    ranged = defaults.uncertain()
    assert {CM, "interventions.childcare.strength", "demography.life_expectancy_65_trend"} <= {
        e.path for e in ranged
    }
    for entry in ranged:
        u = entry.uncertainty
        assert u.source.strip()
        assert u.low <= entry.value <= u.high
        low, high, _ = entry.bounds()
        assert low is None or u.low >= low
        assert high is None or u.high <= high


def test_a_parameter_listing_shows_the_range_and_its_source(defaults):
    from simulation.tables import parameter_listing

    record = next(r for r in defaults.records() if r["path"] == CM)
    assert record["uncertainty"]["distribution"] == "normal"
    text = parameter_listing([record])
    assert f"uncertainty: normal, mean {record['value']:.4g}" in text and "Regioplan" in text


def test_a_scenario_may_give_a_value_with_a_range_or_a_range_alone(defaults):
    both = defaults.with_overrides({CM: {"value": 2.0, "source": "s", "uncertainty": block()}}, "f")
    assert both[CM] == 2.0 and both.entry(CM).uncertainty.low == 1.5
    around = block(low=defaults[CM] - 0.5, high=defaults[CM] + 0.5)
    alone = defaults.with_overrides({CM: {"uncertainty": around}}, "f")
    assert alone[CM] == defaults[CM] and alone.entry(CM).uncertainty.high == defaults[CM] + 0.5
    assert alone.entry(CM).source == defaults.entry(CM).source
    # a new value drops the old evidence's range; uncertainty: null pins the value
    assert defaults.with_overrides({CM: 2.5}, "f").entry(CM).uncertainty is None
    assert defaults.with_overrides({CM: {"uncertainty": None}}, "f").entry(CM).uncertainty is None


def test_an_intervention_setting_may_carry_a_range(tmp_path):
    from simulation.scenario import load_scenario

    path = tmp_path / "s.yaml"
    path.write_text(
        "interventions:\n  - type: case_management\n    job_finding_factor:\n"
        "      value: 2.0\n      source: my trial\n"
        "      uncertainty: {distribution: triangular, low: 1.2, high: 3.0, source: my trial}\n"
    )
    entry = load_scenario(path).resolved_parameters().entry(CM)
    assert entry.value == 2.0 and entry.uncertainty.distribution == "triangular"
    assert entry.uncertainty.mode == 2.0  # the value, unless the block names a mode


def ranged(raw):
    """An override that gives the current value a range."""
    return {"uncertainty": raw}


def pinned(raw):
    """An override of the case-management factor at the value these ranges were written
    around (1.87875), with a range."""
    return {"value": 1.87875, "source": "the test's value", "uncertainty": raw}


BAD = [
    (CM, pinned(block(low=2.5, high=1.5)), ["low 2.5 is not below high 1.5", "low below high"]),
    (CM, pinned(block(low=2.0, high=2.5)), ["value 1.87875 lies outside the range 2 to 2.5"]),
    (UPTAKE, ranged(block(low=0.5, high=1.2)), ["0.5 to 1.2", "allowed: 0 to 1", "a probability"]),
    (CM, pinned(block(low=-1.0)), ["goes outside the parameter's allowed range", "0 to 100"]),
    (CM, pinned(block(distribution="beta")), ["'beta'", "allowed: uniform, triangular, normal"]),
    (CM, pinned(block(source="")), ["has no source", "assumption"]),
    (CM, pinned({k: v for k, v in block().items() if k != "source"}), ["has no source"]),
    (CM, pinned(block(lo=1.0)), ["unknown keys ['lo']", "allowed: distribution, low, high"]),
    (CM, pinned(block(low="one")), ["uncertainty.low = 'one'", "a finite number"]),
    (CM, pinned(block(mode=1.9)), ["'mode' is for a triangular distribution only"]),
    (CM, pinned(block(distribution="triangular", mode=3.0)), ["mode 3 lies outside 1.5 to 2.5"]),
    (CM, pinned(block(distribution="normal", low=1.0, high=2.5)), ["not centred on the value"]),
    (CM, pinned(block(distribution="normal", sd=0.2)), ["(low, high) or sd, not both"]),
    (CM, pinned({"distribution": "normal", "sd": 0.0, "source": "s"}), ["sd = 0", "above 0"]),
    (UPTAKE, ranged({"distribution": "normal", "sd": 0.2, "source": "s"}), ["95%", "0 to 1"]),
    ("labour.job_finding", ranged(block()), ["not a single number"]),
    ("labour.job_finding.low", {"value": 0.1, "uncertainty": block()}, ["on a table cell"]),
    (CM, {"uncertainty": block(), "source": "x"}, ["may only give 'uncertainty'"]),
    (CM, pinned("wide"), ["expected a mapping with distribution"]),
]


@pytest.mark.parametrize(("path", "override", "needles"), BAD)
def test_bad_ranges_in_a_scenario_are_one_line_errors(tmp_path, capsys, path, override, needles):
    import yaml

    scenario = tmp_path / "bad.yaml"
    scenario.write_text(yaml.safe_dump({"parameters": {path: override}}))
    other = tmp_path / "alt.yaml"
    other.write_text("name: alt\n")
    argv = ["compare", str(scenario), str(other), "--parameter-uncertainty"]
    argv += ["--out", str(tmp_path / "out")]
    refused(capsys, argv, str(scenario), path.removesuffix(".low"), *needles)
    assert not (tmp_path / "out").exists()  # refused before any work


def test_a_bad_range_in_a_default_file_names_the_file_and_stops_compare(
    tmp_path, capsys, monkeypatch
):
    trees = parameters_module._default_trees()
    bad = {"effect": {"value": 0.5, "unit": "probability", "source": "s",
                      "uncertainty": block(low=0.4, high=0.3)}}  # fmt: skip
    extra = ("demo", "simulation/parameters/demo.yaml", bad)
    monkeypatch.setattr(parameters_module, "_default_trees", lambda: (*trees, extra))
    base = tmp_path / "base.yaml"
    base.write_text("name: base\n")
    out = tmp_path / "out"
    argv = ["compare", str(base), str(base), "--parameter-uncertainty", "--out", str(out)]
    needles = ["simulation/parameters/demo.yaml", "demo.effect.uncertainty", "low 0.4 is not below"]
    refused(capsys, argv, *needles)
    assert not out.exists()


def test_compare_with_the_flag_and_nothing_uncertain_is_refused(tmp_path, capsys, defaults):
    pinned = "".join(f"  {e.path}: {{uncertainty: null}}\n" for e in defaults.uncertain())
    base = tmp_path / "base.yaml"
    base.write_text("name: base\nparameters:\n" + pinned)
    argv = [
        "compare",
        str(base),
        str(base),
        "--parameter-uncertainty",
        "--out",
        str(tmp_path / "o"),
    ]
    refused(capsys, argv, "--parameter-uncertainty", "no parameter", "uncertainty block")
    assert not (tmp_path / "o").exists()


# -- the draws --------------------------------------------------------------------------------
def checked(raw, value, bounds=(0.0, 100.0, "a multiplier")):
    return check_block(raw, value, bounds, "test")


def test_quantiles_are_exact():
    uniform = checked(block(), 2.0)
    assert uniform.quantile(0.25) == pytest.approx(1.75, abs=1e-12)
    triangle = checked(block(distribution="triangular", mode=2.0), 2.0)
    assert triangle.quantile(0.5) == pytest.approx(2.0, abs=1e-12)  # the mode at its cdf
    assert triangle.quantile(0.125) == pytest.approx(1.5 + math.sqrt(0.125 * 0.5), abs=1e-12)
    raw = {"distribution": "normal", "low": 1.0, "high": 3.0, "source": "s"}
    normal = checked(raw, 2.0, (None, None, ""))  # untruncated (a bound shifts the median)
    assert normal.sd == pytest.approx(1.0 / Z95)
    assert normal.quantile(0.5) == pytest.approx(2.0, abs=1e-12)
    assert normal.quantile(0.975) == pytest.approx(3.0, abs=1e-9)
    whole = check_block(block(low=30, high=50), 40, (1.0, 1e4, "clients"), "test")
    assert whole.quantile(0.51) == 40 and isinstance(whole.quantile(0.51), int)


def test_a_normal_is_truncated_to_the_allowed_range():
    normal = checked({"distribution": "normal", "sd": 0.2, "source": "s"}, 0.5, (0.0, 1.0, "p"))
    assert 0.0 <= normal.quantile(1e-15) < 1e-6 and 1 - 1e-6 < normal.quantile(1 - 1e-15) <= 1.0
    assert normal.quantile(0.5) == pytest.approx(0.5, abs=1e-12)  # symmetric truncation


N = 4000


@pytest.mark.parametrize(
    ("raw", "value", "dist"),
    [
        (block(), 2.0, stats.uniform(1.5, 1.0)),
        (block(distribution="triangular", mode=1.7), 1.7, stats.triang(0.2, 1.5, 1.0)),
        ({"distribution": "normal", "sd": 0.2, "source": "s"}, 2.0, stats.norm(2.0, 0.2)),
    ],
)
def test_draws_lie_in_their_range_and_follow_their_distribution(raw, value, dist):
    spec = checked(raw, value)
    u = np.array([parameter_uniform(20200101, r, CM) for r in range(N)])
    x = np.array([spec.quantile(v) for v in u])
    assert ((u > 0) & (u < 1)).all()
    if raw["distribution"] != "normal":
        assert spec.low <= x.min() and x.max() <= spec.high
    # fixed seed: the statistics are exact numbers; the bounds are what chance allows (99.99%)
    assert stats.kstest(u, "uniform").pvalue > 1e-4
    assert stats.kstest(x, dist.cdf).pvalue > 1e-4
    se = dist.std() / math.sqrt(N)
    assert abs(x.mean() - dist.mean()) < 4 * se


def test_the_uniform_behind_a_draw_is_keyed_by_seed_replication_and_parameter():
    a = parameter_uniform(7, 0, CM)
    assert a == parameter_uniform(7, 0, CM)
    others = {
        parameter_uniform(8, 0, CM),
        parameter_uniform(7, 1, CM),
        parameter_uniform(7, 0, UPTAKE),
    }
    assert a not in others and len(others) == 3
    assert NormalDist().inv_cdf(a)  # finite: never 0 or 1
