"""Teaching tools: life stories, twins, and the origin/chance split."""

import numpy as np
import pytest

from simulation.cli import main
from simulation.codes import Event
from simulation.model import LifeCourseModel
from simulation.population import SCHEMA
from simulation.scenario import Scenario
from simulation.teaching import story, twins, variance_shares

COHORT = Scenario.model_validate(
    {
        "name": "cohort",
        "population": {"kind": "cohort", "size": 1500},
        "start": {"year": 2000},
        "seed": 3,
    }
)


def test_a_story_tells_the_events_by_age():
    model = LifeCourseModel(COHORT, years=20)
    model.record_panel("contract")
    model.run()
    person, _, event = model.log.arrays()
    worker = int(person[event == Event.JOB_START][0])
    lines = story(model, worker)
    assert lines[0].startswith(f"Person {worker}: born")
    assert any(line.startswith("Age ") and "job" in line for line in lines)
    ages = [
        int(line.split(":")[0].removeprefix("Age ")) for line in lines if line.startswith("Age ")
    ]
    assert ages == sorted(ages) and min(ages) >= 12


def test_twins_that_differ_in_nothing_live_the_same_life():
    pair = twins(COHORT, "none", years=15)
    for name in SCHEMA:
        assert np.array_equal(getattr(pair.without.pop, name), getattr(pair.with_event.pop, name))
    assert (pair.gaps["gap"] == 0).all() if not pair.gaps.empty else True


def test_parental_divorce_makes_twins_partner_less_stably():
    """A3.7: the same people, the same draws, one event: fewer of them live with a partner."""
    pair = twins(COHORT, "parental_divorce", years=22)
    assert (
        pair.with_event.pop.parents_divorced.all() and not pair.without.pop.parents_divorced.any()
    )
    partnered = [(m.pop.partner_id >= 0).mean() for m in (pair.without, pair.with_event)]
    assert partnered[1] < partnered[0]
    gaps = pair.gaps.set_index(["age", "indicator"])["gap"]
    assert gaps[(30, "partnered")] < 0


def test_variance_shares_of_a_toy_model_with_known_shares():
    """y = origin + chance with variances 4 and 1: shares 0.8 and 0.2."""
    rng = np.random.default_rng(0)
    origin = rng.normal(0, 2, size=(20_000, 1))
    chance = rng.normal(0, 1, size=(20_000, 4))
    shares = variance_shares(origin + chance)
    assert shares["origin"] == pytest.approx(0.8, abs=0.01)
    assert shares["chance"] == pytest.approx(0.2, abs=0.01)


def test_teaching_commands(tmp_path, capsys):
    path = tmp_path / "cohort.yaml"
    path.write_text("name: cohort\npopulation: {kind: cohort, size: 800}\nstart: {year: 2000}\n")
    assert main(["story", str(path), "--persons", "800", "--years", "20", "--person", "3"]) == 0
    assert "Person 3: born" in capsys.readouterr().out
    out = tmp_path / "twins"
    args = ["twins", str(path), "--event", "parental_divorce", "--persons", "800", "--years", "20"]
    assert main([*args, "--out", str(out), "--person", "0"]) == 0
    printed = capsys.readouterr().out
    assert "== Parents together ==" in printed and "== Parents divorced ==" in printed
    assert (out / "twins_parental_divorce_0.png").read_bytes()[:4] == b"\x89PNG"
    args = ["decompose", str(path), "--persons", "400", "--years", "20", "--reruns", "3"]
    assert main([*args, "--out", str(tmp_path / "dec")]) == 0
    printed = capsys.readouterr().out
    assert "origin" in printed and "chance" in printed
    assert main(["twins", str(path), "--event", "lottery", "--persons", "100"]) == 2


def test_the_teaching_commands_tell_lives_that_differ_by_default(tmp_path, capsys):
    """Without --person, twins tells a pair whose working lives differ (not two equal stories);
    story draws its person with the seed: the same seed the same life, another seed another."""
    path = tmp_path / "cohort.yaml"
    path.write_text("name: cohort\npopulation: {kind: cohort, size: 800}\nstart: {year: 2000}\n")
    common = [str(path), "--persons", "800", "--years", "12"]
    assert main(["twins", *common, "--out", str(tmp_path / "t")]) == 0
    printed = capsys.readouterr().out
    first, second = printed.split("== Depressed at 12 ==")
    mine = first.split("== Not depressed at 12 ==")[1].strip().splitlines()
    twin = second.split("\n\n")[0].strip().splitlines()
    assert mine[0].split(";")[0] == twin[0].split(";")[0]  # the same person
    assert mine[1:] != twin[1:]
    tellings = []
    for seed in ("1", "1", "2"):
        assert main(["story", *common, "--seed", seed]) == 0
        tellings.append(capsys.readouterr().out.splitlines()[0].split(":")[0])
    assert tellings[0] == tellings[1] != tellings[2]


def test_a_cohort_runs_to_the_aow_age_of_its_own_years():
    from simulation.teaching import aow_horizon, to_aow_age

    classroom = Scenario.model_validate({"population": {"kind": "cohort"}, "start": {"year": 2020}})
    assert aow_horizon(classroom) == (70 * 12 + 9) - 12 * 12 + 1
    assert to_aow_age(classroom) == aow_horizon(classroom) / 12
    assert to_aow_age(classroom, 5) == 5 and to_aow_age(COHORT.with_changes(horizon=3)) is None
