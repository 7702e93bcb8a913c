"""The vectorized engine against the idiomatic Mesa reference (tests/mesa_reference.py): fed
the same people and the same draws, both end every month in the same states, in every column
of the population, through every process of the base pipeline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from mesa_reference import ReferenceModel, draw, pair

import simulation.processes.family as family
from simulation.codes import Benefit, Event, LabourState, Sex
from simulation.population import SCHEMA
from simulation.random import uniforms

#: wages are float32 powers of the growth rate: numpy's vectorized power may round the last bit
#: differently from the scalar one, so wages agree to a millionth; every other column exactly
WAGE_RTOL = 1e-6
BASE = Path(__file__).resolve().parents[1] / "scenarios" / "base.yaml"


def test_reference_draws_are_the_engines_draws():
    ids = np.arange(0, 5000, 37)
    expected = uniforms(5, "education.leave", 24_243, ids)
    assert [draw(5, "education.leave", 24_243, int(i)) for i in ids] == expected.tolist()


def differences(engine, reference) -> list[str]:
    out = []
    common = min(engine.pop.size, len(reference.people))
    if engine.pop.size != len(reference.people):  # newborns differ
        out.append(f"rows (engine {engine.pop.size}, reference {len(reference.people)})")
    for column in SCHEMA:
        mine, theirs = getattr(engine.pop, column)[:common], reference.column(column)[:common]
        rtol = WAGE_RTOL if column in ("wage", "ww_wage") else 0.0  # ww_wage: a wage kept
        if not np.allclose(mine, theirs, rtol=rtol, atol=0.0):
            rows = np.flatnonzero(~np.isclose(mine, theirs, rtol=rtol, atol=0.0))
            out.append(f"{column} (rows {rows[:5].tolist()})")
    return out


def run_both(engine, reference, months: int) -> np.ndarray:
    """Step both, compare every column every month; return the engine's event counts."""
    for month in range(months):
        engine.step()
        reference.step()
        differ = differences(engine, reference)
        assert not differ, f"after month {month + 1}: {', '.join(differ)}"
    _, _, events = engine.log.arrays()
    return np.bincount(events, minlength=len(Event))


def test_a_cross_section_lives_alike():
    engine, reference = pair(persons=3000, years=3)
    assert isinstance(reference, ReferenceModel) and len(reference.agents) == engine.pop.size
    counts = run_both(engine, reference, 36)
    # the comparison has teeth: every process of the month acted on these people
    for event, at_least in {
        Event.DEATH: 10, Event.RETIREMENT: 50, Event.EARLY_RETIREMENT: 5,
        Event.LEFT_SCHOOL: 50, Event.SICK_LEAVE: 50, Event.WGA_START: 5, Event.IVA_START: 2,
        Event.PARTNERING: 50, Event.SEPARATION: 50, Event.BIRTH_OF_CHILD: 50, Event.BORN: 20,
        Event.JOB_END: 200, Event.JOB_START: 200, Event.JOB_CHANGE: 200,
        Event.PERMANENT_CONTRACT: 100, Event.CHAIN_LIMIT_END: 20, Event.WW_START: 100,
        Event.BIJSTAND_START: 50, Event.BIJSTAND_END: 20, Event.STARTED_JOB_SEARCH: 50,
        Event.LEFT_LABOUR_FORCE: 50, Event.IMMIGRATION: 100, Event.EMIGRATION: 20,
        Event.HOURS_CUT: 10, Event.BIJSTAND_SANCTION: 5,
    }.items():  # fmt: skip
        assert counts[event] >= at_least, event.name
    # and people work beside a WW or bijstand top-up at the end
    pop = engine.pop
    for benefit in (Benefit.WW, Benefit.BIJSTAND):
        assert np.sum((pop.benefit == benefit) & (pop.labour_state == LabourState.EMPLOYED)) >= 3


def test_a_cohort_grows_up_alike():
    engine, reference = pair(persons=2000, years=7, kind="cohort")
    counts = run_both(engine, reference, 84)
    for event in (Event.DROPPED_OUT, Event.WAJONG_START, Event.ADOLESCENT_DEPRESSION):
        assert counts[event] >= 5, event.name


def test_refugees_arrive_and_integrate_alike():
    engine, reference = pair(persons=1500, years=3, scenario="scenarios/refugees_base.yaml")
    counts = run_both(engine, reference, 36)
    for event in (Event.ARRIVAL, Event.INBURGERING_DONE, Event.STARTED_JOB_SEARCH):
        assert counts[event] >= 20, event.name


def test_a_recession_hits_alike():
    """The corona scenario's business cycle and sector demand (A2.8, A8.8, A8.9) act on job
    finding and job loss in both implementations alike."""
    engine, reference = pair(persons=2500, years=2, scenario="scenarios/corona_recession.yaml")
    months = range(engine.start_month, engine.start_month + 24)
    assert min(engine.economy.cycle(m) for m in months) < 1  # the shock is inside the run
    assert max(engine.economy.sector_demand(m).max() for m in months) > 1
    counts = run_both(engine, reference, 24)
    for event in (Event.JOB_START, Event.JOB_END, Event.CHAIN_LIMIT_END):
        assert counts[event] >= 20, event.name


def test_programme_participants_displace_other_seekers_alike():
    """Seekers with an intervention's multiplier on job finding (a programme's boost, a
    training's lock-in) take job finds from the others in their segment, more in the corona
    slump, in both implementations alike."""
    engine, reference = pair(persons=3000, years=2, scenario="scenarios/corona_recession.yaml")
    factors = np.ones(engine.pop.size, dtype=np.float32)
    factors[::5] = 2.5  # a programme
    factors[1::11] = 0.5  # locked in
    engine.pop.job_finding_factor[:] = factors
    for person, factor in zip(reference.people, factors, strict=True):
        person.job_finding_factor = float(factor)
    counts = run_both(engine, reference, 24)
    assert counts[Event.JOB_START] >= 100
    assert min(reference.competition) < 1.0  # the others did lose job finds


def test_the_aow_age_follows_life_expectancy_alike():
    """After the years the law has fixed, both raise the AOW age by the same rule."""
    engine, reference = pair(persons=200, years=1)
    years = range(2019, 2070)
    assert [engine.demography.aow_age_months(y) for y in years] == [
        reference.aow_age(y) for y in years
    ]
    assert engine.demography.aow_age_months(2031) == 67 * 12 + 3
    assert engine.demography.aow_age_months(2060) > engine.demography.aow_age_months(2040)


def test_a_changed_engine_is_caught(monkeypatch):
    """The oracle fails when the engine's logic changes: here one mother fewer a month."""
    births = family._births
    monkeypatch.setattr(family, "_births", lambda *args: births(*args)[1:])
    engine, reference = pair(persons=3000, years=1)
    with pytest.raises(AssertionError, match="n_children"):
        run_both(engine, reference, 12)


def test_household_incomes_are_the_references(defaults):
    """The income every household ends the month with (simulation.income.columns, recomputed
    only where something changed): the reference takes it agent by agent, each household's
    incomes put through the law's own functions, in the first month, in December and after
    January (new ages, grown wages)."""
    from simulation.income.layout import BUDGET, CHILD, DISPOSABLE, HUUR, PREMIUMS, TAX, ZORG

    engine, reference = pair(persons=1500, years=2)
    for month in range(1, 14):
        engine.step()
        reference.step()
        if month not in (1, 12, 13):
            continue
        flows, heads = engine.incomes.out.flows, engine.incomes.out.heads
        expected = reference.household_incomes()
        assert len(expected) > 500
        for head, want in expected.items():
            members = want["members"]
            assert flows[members, TAX] == pytest.approx(want["tax"], abs=0.02), (month, head)
            assert flows[members, PREMIUMS] == pytest.approx(want["premiums"], abs=0.02)
            allowances = flows[members][:, [ZORG, HUUR, BUDGET, CHILD]].sum()
            assert allowances == pytest.approx(want["allowances"], abs=0.02), (month, head)
            assert heads[head, DISPOSABLE] == pytest.approx(want["disposable"], abs=0.1)


def test_recipients_respond_to_what_work_pays_them_alike(tmp_path):
    """A norm 10% higher, all of a small job's earnings disregarded and WW at 80% after its first
    months, with elasticities of 1 so that many choices change (simulation.processes.incentives),
    scale bijstand clients' and WW recipients' job finding and the clients' small jobs in both
    implementations alike."""
    policy = Path(__file__).parents[1] / "scenarios/policy/bijstand_norm_plus10.yaml"
    path = tmp_path / "incentives.yaml"
    path.write_text(
        f"name: incentives\nextends: {policy}\nparameters:\n"
        "  benefits.bijstand.earnings_disregard.share: 1.0\n"
        "  benefits.bijstand.earnings_disregard.max: 1000.0\n"
        "  benefits.ww.replacement_after: 0.8\n"
        "  labour.benefit_response.level_elasticity: 1.0\n"
        "  labour.benefit_response.disregard_elasticity: 1.0\n"
    )
    engine, reference = pair(persons=3000, years=2, scenario=str(path))
    assert engine.jobs.benefit_response.active
    clients = engine.pop.benefit == Benefit.BIJSTAND
    counts = run_both(engine, reference, 24)
    assert counts[Event.BIJSTAND_END] >= 20
    working = (engine.pop.benefit == Benefit.BIJSTAND) & (
        engine.pop.labour_state == LabourState.EMPLOYED
    )
    assert clients.sum() >= 50 and working.sum() >= 3


def test_single_mothers_keep_their_disregard_alike(tmp_path):
    """The single parents' disregard (art. 31 lid 2 onder r), widened so that it reaches many
    single mothers working beside bijstand (all of the earnings for 400 months, children under
    18): both implementations live the same months and pay every client the same amount."""
    path = tmp_path / "single_parents.yaml"
    rule = "  benefits.bijstand.single_parent_disregard"
    path.write_text(
        f"name: single-parents\nextends: {BASE}\nparameters:\n"
        f"{rule}.share: 1.0\n{rule}.max: 3000.0\n{rule}.months: 400\n{rule}.child_age: 18\n"
    )
    engine, reference = pair(persons=20_000, years=1, scenario=str(path))
    run_both(engine, reference, 12)
    pop, month = engine.pop, engine.last_month
    clients = np.flatnonzero(pop.benefit == Benefit.BIJSTAND)
    paid = engine.benefits.amounts(pop, clients, month, ticked=True)  # the month's tally
    expected = [reference.people[i].benefit_paid(month, ticked=True) for i in clients]
    assert paid == pytest.approx(expected, abs=0.01)
    mothers = (
        (pop.labour_state[clients] == LabourState.EMPLOYED)
        & (pop.partner_id[clients] < 0)
        & (pop.sex[clients] == Sex.FEMALE)
        & (pop.youngest_child_month[clients] >= 0)
        & (pop.months_in_state[clients] >= 6)
    )
    assert mothers.sum() >= 2  # the rule is what sets their amounts


@pytest.mark.parametrize("ticked", [False, True])
def test_the_disregards_end_in_the_same_month_in_both(ticked):
    """Single mothers on bijstand with a small job at each edge of the two disregards (a job's
    months 5, 6, 35, 36; a child a month short of 12 and of 12): both implementations pay
    the same, during the month and at its tally (the clocks then a month on)."""
    engine, reference = pair(persons=300, years=1)
    pop, month = engine.pop, engine.month
    singles = [r for r in range(pop.size) if pop.partner_id[r] < 0][:8]
    edges = [(m, child) for m in (5, 6, 35, 36) for child in (12 * 12 - 1, 12 * 12)]
    values = {"labour_state": LabourState.EMPLOYED, "benefit": Benefit.BIJSTAND,
              "wage": 600.0, "sex": Sex.FEMALE, "n_children": 1,
              "birth_month": month - 30 * 12, "sanction_month": -1_000}  # fmt: skip
    for row, (months, child) in zip(singles, edges, strict=True):
        person = reference.people[row]
        cells = {**values, "months_in_state": months + ticked,
                 "youngest_child_month": month - child}  # fmt: skip
        for name, value in cells.items():
            getattr(pop, name)[row] = value
            setattr(person, name, value)
    rows = np.array(singles)
    paid = engine.benefits.amounts(pop, rows, month, public_only=False, ticked=ticked)
    expected = [reference.people[r].benefit_paid(month, ticked=ticked) for r in rows]
    assert paid == pytest.approx(expected, abs=0.01)
    # the edges: a quarter kept at 5, an eighth at 6 and 35 with the child under 12, none at 36
    eighth, quarter = 600 * 0.125, 600 * 0.25
    kept = [quarter, quarter, eighth, 0.0, eighth, 0.0, 0.0, 0.0]
    norm = 1059.03
    assert paid == pytest.approx([norm - 600 + k for k in kept], abs=0.01)


def test_sanctions_cut_bijstand_and_spur_the_search_alike(tmp_path):
    """Bijstand sanctions (benefits.bijstand.sanction), at a rate and an effect far above the
    base's so that many clients are touched: the same clients are sanctioned, paid the same cut
    benefit and find work as often in both implementations."""
    path = tmp_path / "sanctions.yaml"
    path.write_text(
        "name: sanctions\nparameters:\n"
        "  benefits.bijstand.sanction.rate: 0.2\n"
        "  benefits.bijstand.sanction.exit_factor: 5.0\n"
        "  benefits.bijstand.sanction.months: 2\n"
    )
    engine, reference = pair(persons=3000, years=1, scenario=str(path))
    counts = run_both(engine, reference, 12)
    assert counts[Event.BIJSTAND_SANCTION] >= 100
    month = engine.last_month
    clients = np.flatnonzero(engine.pop.benefit == Benefit.BIJSTAND)
    cut = clients[month - engine.pop.sanction_month[clients] < 2]
    assert cut.size >= 20
    for row in clients:
        expected = reference.people[row].benefit_paid(month, ticked=True)
        assert engine.benefit_paid[row] == pytest.approx(expected, abs=1e-3), row
