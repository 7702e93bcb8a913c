"""Classifiers on hand-made sequences, the fast validation run, and calibration."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from helpers import QUIET, START, make_population, scenario

from simulation.calendar import WEEKS_PER_MONTH
from simulation.calibration import calibrate, find_case, load_calibration, simulate, synthetic
from simulation.classify import (
    FAMILY_TYPES,
    NO_PARTNER_NO_CHILD,
    PARTNER_NO_CHILD,
    PARTNER_WITH_CHILD,
    SINGLE_PARENT,
    career_paths,
    family_status,
    family_types,
)
from simulation.cli import main
from simulation.codes import Benefit, Contract, Education, LabourState, Sex
from simulation.errors import LifecourseError
from simulation.model import LifeCourseModel
from simulation.parameters import Parameters
from simulation.validation import CAREER_MONTHS, Target, _careers, headline
from simulation.validation.careers import grouped_median
from simulation.validation.cross_section import _weighted_quantile, wages

E, U, S = LabourState.EMPLOYED, LabourState.UNEMPLOYED, LabourState.SICK
F, P = Contract.FLEX, Contract.PERMANENT


def person(months_state, months_contract, hours=36.0):
    state = np.concatenate([np.full(n, s) for s, n in months_state]).astype(np.int8)
    contract = np.concatenate([np.full(n, c) for c, n in months_contract]).astype(np.int8)
    return state, contract, np.full(60, hours, dtype=np.float32)


@pytest.mark.parametrize(
    ("states", "contracts", "hours", "path"),
    [
        ([(E, 60)], [(P, 60)], 36.0, 3),  # always working, permanent
        ([(E, 60)], [(F, 60)], 36.0, 2),  # always working, flexible
        ([(E, 60)], [(P, 60)], 16.0, 2),  # permanent under 20 hours counts as flexible (A5.2)
        ([(E, 12), (U, 6), (E, 42)], [(F, 30), (P, 30)], 36.0, 3),  # 54 of 60 worked, 30 secure
        ([(E, 12), (U, 6), (E, 42)], [(F, 40), (P, 20)], 36.0, 2),  # 54 worked, 20 secure
        ([(E, 40), (U, 20)], [(P, 60)], 36.0, 1),  # 40 of 60 worked: path 1
        ([(E, 47), (U, 13)], [(P, 60)], 36.0, 1),  # just under 80%
        ([(E, 44), (S, 4), (U, 12)], [(P, 60)], 36.0, 3),  # sick leave counts as a job
    ],
)
def test_career_paths(states, contracts, hours, path):
    state, contract, h = person(states, contracts, hours)
    assert career_paths(state[None], contract[None], h[None])[0] == path


def test_career_paths_under_other_cut_offs():
    """46 of 60 months worked: path 1 at the 48-month cut-off, path 3 at 45; 27 of 54 worked
    months secure: path 3 at half, path 2 at 60%."""
    state, contract, h = person([(E, 46), (U, 14)], [(P, 60)])
    assert career_paths(state[None], contract[None], h[None])[0] == 1
    assert career_paths(state[None], contract[None], h[None], almost_always=45 / 60)[0] == 3
    state, contract, h = person([(E, 54), (U, 6)], [(F, 27), (P, 33)])
    assert career_paths(state[None], contract[None], h[None])[0] == 3
    assert career_paths(state[None], contract[None], h[None], mostly_permanent=0.6)[0] == 2


class Panels:
    """A model stand-in with recorded panels (persons x months) and a horizon."""

    def __init__(self, horizon_months, **panels):
        self.horizon_months, self.panels = horizon_months, panels
        self.spec = SimpleNamespace(name="hand-made")

    def panel_array(self, column):
        return self.panels[column]


def test_careers_are_followed_from_the_first_job():
    """A5.1: PBL follows starters from their first job and former WW recipients from the job
    that ends WW, for 60 months; those who start later, or not from WW, are not in the cohort."""
    months = 72
    state = np.full((4, months), U, dtype=np.int8)
    state[0, 0:] = E  # works from month 0
    state[1, 5:] = E  # from month 5
    state[2, 13:] = E  # from month 13: too late for a 12-month window
    contract = np.tile(np.arange(months, dtype=np.int8), (4, 1))  # month numbers, to see shifts
    benefit = np.full((4, months), Benefit.WW, dtype=np.int8)
    benefit[1, :5] = Benefit.BIJSTAND  # WW had run out: not a WW leaver
    model = Panels(months, labour_state=state, contract=contract, hours=contract, benefit=benefit)
    rows, panel = _careers(model, within=12)
    assert rows.tolist() == [0, 1]
    assert panel["contract"][1, 0] == 5 and panel["contract"][1, -1] == 64
    assert panel["labour_state"].shape == (2, CAREER_MONTHS)
    rows, _ = _careers(model, within=12, from_ww=True)
    assert rows.tolist() == [0]
    with pytest.raises(ValueError, match="horizon is 72 months"):
        _careers(model, within=24)


def test_family_types_from_yearly_status():
    partnered = np.array([[0] * 5 + [1] * 23, [0] * 28, [0] * 10 + [1] * 18, [1] * 10 + [0] * 18],
                         dtype=bool)  # fmt: skip
    children = np.array([[0] * 10 + [1] * 18, [0] * 28, [0] * 28, [0] * 5 + [1] * 23], dtype=bool)
    sex = np.array([Sex.FEMALE, Sex.MALE, Sex.FEMALE, Sex.FEMALE])
    status = family_status(partnered, children, sex)
    assert status[0, 0] == NO_PARTNER_NO_CHILD and status[0, 6] == PARTNER_NO_CHILD
    assert status[0, 12] == PARTNER_WITH_CHILD and status[3, 20] == SINGLE_PARENT
    types = [FAMILY_TYPES[t] for t in family_types(status)]
    assert types == [
        "partner_with_child",
        "no_partner_no_child",
        "partner_no_child",
        "single_parent",
    ]


def test_fast_validation_runs_end_to_end_and_passes(tmp_path, capsys):
    out = tmp_path / "val"
    assert main(["validate", "--fast", "--out", str(out)]) == 0
    table = pd.read_csv(out / "validation.csv")
    assert {"target", "published", "simulated", "ci_low", "ci_high", "tolerance", "passed"} <= set(
        table.columns
    )
    assert set(table.target) >= {"A10.4_6", "A10.4_12", "A10.4_18", "A10.6", "A9.4", "A9.5"}
    assert table.passed.all()
    assert "| A10.4_6 |" in (out / "validation.md").read_text()
    assert "| A10.4_6 | fitted: calibration/almere.yaml |" in (out / "validation.md").read_text()
    assert table.role.value_counts().to_dict() == {"fitted": 8, "held_out": 3, "input": 2}
    out = capsys.readouterr().out
    assert "held out: 3 of 3 pass; fitted: 8 of 8; inputs: 2 of 2; all: 13 of 13" in out


def test_calibration_recovers_a_known_parameter():
    """Targets made from a run with trial_to_job = 0.55; calibration starting from the default
    finds the value back (common random numbers make the objective smooth)."""
    case = find_case("jobcoaching")
    truth = simulate(case, {"interventions.jobcoaching.trial_to_job": 0.55}, 1, persons=6000)
    target = synthetic(case.targets[0], truth["A9.4"], 0.002)
    fit = calibrate(
        case,
        {"interventions.jobcoaching.trial_to_job": (0.3, 0.95)},
        {"A9.4": target},
        replications=1,
        max_evaluations=25,
        persons=6000,
    )
    assert fit.values["interventions.jobcoaching.trial_to_job"] == pytest.approx(0.55, abs=0.04)
    entry = fit.parameter_file("jobcoaching")["interventions.jobcoaching.trial_to_job"]
    assert entry["source"].startswith("calibrated to A9.4")


def test_a_scaled_table_keeps_its_proportions_and_recovers_its_level():
    """``scale`` fits the mean of a table whose proportions stay the defaults': targets made
    with every education level's job finding at 1.3 times the default are found back, and the
    fitted table has the default's ratios."""
    case = find_case("baseline")
    default = Parameters.defaults()["labour.job_finding"]
    truth = {k: 1.3 * v for k, v in default.items()}
    measured = simulate(case, {"labour.job_finding": truth}, 1, persons=3000)
    target = synthetic(
        next(t for t in case.targets if t.id == "B.flow.ue"), measured["B.flow.ue"], 0.002
    )
    fit = calibrate(
        case, {}, {"B.flow.ue": target}, replications=1, max_evaluations=25, persons=3000,
        scale={"labour.job_finding": (0.1, 0.6)},
    )  # fmt: skip
    fitted = fit.values["labour.job_finding"]
    mean = np.mean(list(default.values()))
    assert fit.factors["labour.job_finding"] == pytest.approx(1.3 * mean, rel=0.05)
    assert fitted["high"] / fitted["low"] == pytest.approx(default["high"] / default["low"])
    entry = fit.parameter_file("baseline")["labour.job_finding"]
    assert set(entry["value"]) == set(default)
    assert "proportions at a mean of" in entry["derivation"]


def test_a_joint_calibration_draws_targets_from_every_case(tmp_path):
    """A calibration file may name several cases; each target must belong to one of them, and
    simulating the cases gives the measures of all."""
    good = tmp_path / "joint.yaml"
    good.write_text(
        "case: [almere, jobcoaching]\n"
        "free: {interventions.jobcoaching.trial_to_job: [0.3, 0.95]}\n"
        "targets: [A10.4_6, A9.4]\n"
    )
    cases, _ = load_calibration(good)
    assert [c.name for c in cases] == ["almere", "jobcoaching"]
    measures = simulate(cases, {}, replications=1, persons=1500)
    assert {"A10.4_6", "A9.4"} <= set(measures)
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("A9.4", "A5.4a"))
    with pytest.raises(LifecourseError, match=r"'A5\.4a' is not a target of almere or jobcoaching"):
        load_calibration(bad)


def test_the_headline_counts_held_out_passes_first_and_apart():
    result = pd.DataFrame(
        {
            "role": ["fitted", "held_out", "input", "held_out", "fitted"],
            "passed": [True, True, True, False, False],
        }
    )
    assert headline(result) == "held out: 1 of 2 pass; fitted: 1 of 2; inputs: 1 of 1"
    assert headline(result[result.role == "fitted"]) == "fitted: 1 of 2 pass"


def test_the_median_month_is_read_from_the_distribution():
    """18 of 40 below month 12, then 8 in month 12: the median lies a quarter into month 12's
    interval (11.5 + 2/8), not at 12; an even spread gives the middle."""
    months = np.array([5] * 18 + [12] * 8 + [20] * 14)
    assert grouped_median(months) == pytest.approx(11.5 + 2 / 8)
    assert grouped_median(np.arange(10)) == pytest.approx(4.5)
    assert np.isnan(grouped_median(np.array([], dtype=np.int64)))


def test_a_lower_bound_costs_the_calibration_nothing_above_it():
    value = Target("X", "x", 0.5, 0.1, "r")
    bound = Target("Y", "y", 0.4, 0.0, "r", kind="at_least")
    assert value.miss(0.65) == pytest.approx(1.5) and value.miss(0.45) == pytest.approx(-0.5)
    assert bound.miss(0.7) == 0.0 and bound.miss(0.4) == 0.0
    assert bound.miss(0.38) == pytest.approx(2.0)  # two points below, at 0.01 a point
    assert not bound.passes(0.3999) and bound.passes(0.4)


def test_wages_are_measured_over_paid_hours_as_cbs_weighs_them():
    """The wages case on a hand-made start: employees only (the sick with an employer in, the
    self-employed and the unemployed out), percentiles and means over paid hours."""
    assert _weighted_quantile(np.array([10.0, 20.0, 30.0]), np.array([1.0, 1.0, 2.0]), 0.5) == 20
    assert _weighted_quantile(np.array([10.0, 20.0, 30.0]), np.array([1.0, 1.0, 2.0]), 0.9) == 30
    pop = make_population(6, contract=Contract.PERMANENT, education=Education.LOW)
    pop.birth_month[:] = START - np.array([22, 22, 47, 47, 47, 47]) * 12
    pop.hours[:] = [20.0, 40.0, 40.0, 40.0, 40.0, 40.0]
    hourly = np.array([12.0, 15.0, 30.0, 99.0, 99.0, 99.0])
    pop.wage[:] = hourly * pop.hours * WEEKS_PER_MONTH
    pop.education[2] = Education.HIGH
    pop.labour_state[2] = LabourState.SICK  # still an employee
    pop.contract[3] = Contract.SELF_EMPLOYED  # not in Polis
    pop.labour_state[4] = LabourState.UNEMPLOYED
    pop.labour_state[5] = LabourState.INACTIVE
    model = LifeCourseModel(scenario(parameters=QUIET, horizon=1 / 12), population=pop)
    got = wages(model)
    # paid hours 20 at 12, 40 at 15, 40 at 30: the mean over hours, not over persons
    assert got["W.mean"] == pytest.approx((20 * 12 + 40 * 15 + 40 * 30) / 100, rel=1e-5)
    assert got["W.p10"] == pytest.approx(12.0) and got["W.p90"] == pytest.approx(30.0)
    assert got["W.age_20_24"] == pytest.approx((20 * 12 + 40 * 15) / 60, rel=1e-5)
    assert got["W.age_45_59"] == pytest.approx(30.0)
    assert np.isnan(got["W.age_30_34"])
    assert got["W.high_low"] == pytest.approx(30.0 / 14.0, rel=1e-5)
