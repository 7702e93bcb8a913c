"""Bijstand for a client whose partner has an income of another kind: the engine's amount
against the Mesa reference's, case by case, during the month and at the tally (the month's
clocks advanced), for a partner on WW in each of its first months, on WGA, IVA or Wajong,
sick (flexible or permanent), working beside partial WW, retired around the AOW age, or
without income. The reference runs alike in tests/test_reference.py, but such couples are
rare in its samples; here each one is built."""

from __future__ import annotations

import numpy as np
import pytest
from mesa_reference import pair

from simulation.codes import Benefit, Contract, LabourState


def _cases(month: int, aow: int) -> list[dict]:
    unemployed, disabled = LabourState.UNEMPLOYED, LabourState.DISABLED
    out = [dict(labour_state=unemployed, benefit=Benefit.WW, benefit_months=k) for k in range(4)]
    out += [
        dict(labour_state=disabled, benefit=b, benefit_months=5)
        for b in (Benefit.WGA, Benefit.IVA, Benefit.WAJONG)
    ]
    out += [
        dict(labour_state=LabourState.SICK, benefit=Benefit.SICKNESS, contract=c)
        for c in (Contract.FLEX, Contract.PERMANENT)
    ]
    # partial WW: a job of 800 beside WW on a WW-maandloon of 2,200
    out.append(dict(labour_state=LabourState.EMPLOYED, benefit=Benefit.WW, benefit_months=1,
                    wage=800.0))  # fmt: skip
    out += [
        dict(labour_state=LabourState.RETIRED, benefit=Benefit.NONE, birth_month=month - aow - d)
        for d in (-13, -2, -1, 0, 1, 24)  # months past the AOW age
    ]
    out.append(dict(labour_state=unemployed, benefit=Benefit.NONE))
    return out


def _couples(engine, reference, month: int, cases: list[dict]) -> np.ndarray:
    """A bijstand client without work (40) and a partner (45) for each case, in both models;
    the clients' rows."""
    pop = engine.pop
    alive = (pop.partner_id < 0) & (pop.labour_state < LabourState.DEAD)
    singles = np.flatnonzero(alive)
    clients = []
    for k, cells in enumerate(cases):
        a, b = int(singles[2 * k]), int(singles[2 * k + 1])
        client = dict(labour_state=LabourState.INACTIVE, benefit=Benefit.BIJSTAND, wage=0.0,
                      birth_month=month - 40 * 12, sanction_month=-1000, partner_id=b,
                      months_in_state=10, n_children=0, youngest_child_month=-1)  # fmt: skip
        partner = {
            "partner_id": a, "wage": 2500.0, "ww_wage": 2200.0, "contract": Contract.PERMANENT,
            "sanction_month": -1000, "birth_month": month - 45 * 12, **cells,
        }  # fmt: skip
        for row, values in ((a, client), (b, partner)):
            for name, value in values.items():
                getattr(pop, name)[row] = value
                setattr(reference.people[row], name, value)
        clients.append(a)
    return np.array(clients)


@pytest.mark.parametrize("at_tally", [False, True])
def test_bijstand_deducts_each_kind_of_partner_income_alike(at_tally):
    engine, reference = pair(persons=300, years=1)
    if at_tally:
        engine.step()
        reference.step()
        month = engine.last_month
    else:
        month = engine.month
        reference.aow_months = reference.aow_of_year(month // 12)
    cases = _cases(month, engine.benefits.aow_months(month))
    rows = _couples(engine, reference, month, cases)
    paid = engine.benefits.amounts(engine.pop, rows, month, public_only=False, ticked=at_tally)
    expected = [reference.people[r].benefit_paid(month, ticked=at_tally) for r in rows]
    assert paid == pytest.approx(expected, abs=0.01)
    # the partner's income counts: every case but the one without income pays less than the
    # couple's norm, and a partner past the AOW age brings in more than one just before it
    norm = 1512.90
    assert paid[-1] == pytest.approx(norm, abs=0.01)
    assert (paid[:-1] < norm - 1).all()
    retired = {d: paid[10 + k] for k, d in enumerate((-13, -2, -1, 0, 1, 24))}
    assert retired[0] < retired[-1] and retired[1] == pytest.approx(retired[0], abs=0.01)
