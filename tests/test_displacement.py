"""Jobs are not unlimited: a programme's participants take part of their extra job finds from
other seekers in their segment; the paired runs split the effect into both parts."""

import pytest

from simulation.model import LifeCourseModel
from simulation.participants import MEASURES, MonthsInWork, people, split_effect

PROGRAMME = "scenarios/policy/case_management_27plus.yaml"
UNLIMITED = "scenarios/policy/case_management_27plus_no_displacement.yaml"


def months_in_work(path: str):
    model = LifeCourseModel(path, persons=20_000, years=5, seed=5, record_events=False)
    work = MonthsInWork(model)
    model.run()
    return people(model, work)


@pytest.fixture(scope="module")
def base():
    return months_in_work("scenarios/base.yaml")


def test_participants_gain_and_other_seekers_lose(base):
    """With displacement, the others lose months in work, a fraction of the participants' gain;
    as if jobs were unlimited, the others are (all but) untouched and the net gain is larger."""
    competing = split_effect(base, months_in_work(PROGRAMME))
    unlimited = split_effect(base, months_in_work(UNLIMITED))
    assert competing["participants"] > 100
    assert competing["gain_per_participant"] > 2.0
    assert competing["others_per_participant"] < -0.2
    assert 0.0 < competing["displaced_share"] < 0.5
    assert abs(unlimited["others_per_participant"]) < 0.05
    assert unlimited["net_per_participant"] > competing["net_per_participant"]


def test_displacement_is_larger_in_a_slump_and_absent_for_a_group():
    """The share runs from its normal value to share_slack as the economy's cycle falls to
    slack_cycle; a group population is a small part of its market, so none falls on it."""
    model = LifeCourseModel("scenarios/corona_recession.yaml", persons=200)
    labour, economy = model.labour, model.economy
    rule = labour.displacement_rule
    normal = model.start_month  # January 2020, before the shock
    slump = next(m for m in range(normal, normal + 24) if economy.cycle(m) < 1.0)
    assert labour.displacement(normal) == pytest.approx(rule.share)
    slack = (1 - economy.cycle(slump)) / (1 - rule.slack_cycle)
    expected = rule.share + (rule.share_slack - rule.share) * min(slack, 1.0)
    assert labour.displacement(slump) == pytest.approx(expected)
    assert labour.displacement(slump) > rule.share
    group = LifeCourseModel("scenarios/validation/almere.yaml", persons=200)
    assert group.labour.displacement(group.start_month) == 0.0


def test_no_participants_means_no_split(base):
    """The base against itself: nobody took part, and nothing differs."""
    effect = split_effect(base, base)
    assert effect["participants"] == 0
    assert effect["gain_per_participant"] != effect["gain_per_participant"]  # nan


def test_compare_reports_the_participants_gain_and_the_others_loss(tmp_path):
    """`lifecourse compare` of a programme writes participants.csv (and a workbook sheet, and a
    report section): the gross gain, the others' loss and the net, pooled with intervals; an
    alternative without an intervention has no such table."""
    import pandas as pd

    from simulation.cli import main

    out = tmp_path / "cmp"
    args = ["compare", "scenarios/base.yaml", PROGRAMME, "--persons", "6000", "--years", "3"]
    assert main([*args, "--replications", "2", "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out / "participants.csv")
    row = table.set_index("measure").loc
    assert list(table.measure) == list(MEASURES)
    assert row["gain_per_participant", "mean"] > 0
    assert row["others_per_participant", "mean"] < 0
    net = row["gain_per_participant", "mean"] + row["others_per_participant", "mean"]
    assert row["net_per_participant", "mean"] == pytest.approx(net)
    assert "participants" in pd.read_excel(out / "results.xlsx", sheet_name=None)
    assert main(["report", str(out)]) == 0
    assert "Participants and everyone else" in (out / "report.html").read_text()
    plain = tmp_path / "plain"
    args = ["compare", "scenarios/base.yaml", "scenarios/policy/ww_18_months.yaml"]
    assert main([*args, "--persons", "2000", "--years", "1", "--out", str(plain), "--quiet"]) == 0
    assert not (plain / "participants.csv").exists()
