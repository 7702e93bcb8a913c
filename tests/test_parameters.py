"""Parameter files: every value sourced; overrides checked against the defaults."""

import pytest

from simulation.cli import main
from simulation.errors import ParameterError
from simulation.parameters import Parameters


def test_every_default_parameter_has_a_source(defaults):
    assert len(defaults.paths()) > 100
    for entry in defaults.entries():
        assert entry.source.strip(), entry.path


def test_probabilities_in_the_defaults_lie_between_zero_and_one(defaults):
    for entry in defaults.entries():
        if entry.is_probability:
            values = entry.value.values() if isinstance(entry.value, dict) else [entry.value]
            assert all(0 <= v <= 1 for v in values), entry.path


def test_params_command_lists_all_parameters_and_succeeds(capsys, defaults):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    for path in defaults.paths():
        assert path in out
    assert "source: A5.6" in out or "A5.6" in out


def test_an_override_replaces_the_value_and_records_its_origin(defaults):
    new = defaults.with_overrides({"labour.flex_to_permanent": 0.025}, "alt.yaml")
    assert new["labour.flex_to_permanent"] == 0.025
    assert new.entry("labour.flex_to_permanent").origin == "alt.yaml"
    assert defaults["labour.flex_to_permanent"] != 0.025  # the defaults are untouched


def test_an_override_may_carry_its_own_source(defaults):
    new = defaults.with_overrides(
        {"labour.flex_to_permanent": {"value": 0.02, "source": "CBS 2021"}}, "alt.yaml"
    )
    assert new.entry("labour.flex_to_permanent").source == "CBS 2021"


@pytest.mark.parametrize(
    "override", [{"labour.job_finding.low": 0.05}, {"labour.job_finding": {"low": 0.05}}]
)
def test_a_table_cell_can_be_overridden(defaults, override):
    new = defaults.with_overrides(override, "alt.yaml")
    assert new["labour.job_finding"]["low"] == 0.05
    assert new["labour.job_finding"]["high"] == defaults["labour.job_finding"]["high"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"labour.flex_to_permanant": 0.1}, "did you mean 'labour.flex_to_permanent'"),
        ({"labour.flex_to_permanent": 1.5}, "allowed: 0 to 1"),
        ({"labour.flex_to_permanent": "often"}, "expected a number"),
        ({"labour.job_finding": {"lowest": 0.1}}, "expected a table with keys among"),
        ({"labour.job_finding.lowest": 0.1}, "unknown parameter"),
    ],
)
def test_bad_overrides_are_errors_naming_the_path(defaults, overrides, message):
    with pytest.raises(ParameterError, match=r"alt\.yaml") as err:
        defaults.with_overrides(overrides, "alt.yaml")
    assert message in str(err.value)


def test_tables_come_out_in_code_order(defaults):
    from simulation.codes import Education

    table = defaults.table("labour.job_finding", Education)
    assert list(table) == pytest.approx(
        [defaults["labour.job_finding"][k] for k in ("low", "middle", "high")]
    )


def test_age_tables_hold_each_value_from_its_lower_bound(defaults):
    table = Parameters.by_age(defaults, "family.partnering")
    assert table[17] == 0 and table[18] == defaults["family.partnering"][18]
    assert table[34] == defaults["family.partnering"][25]
    assert table[120] == defaults["family.partnering"][50]
