"""What the income functions take: yearly gross incomes by source, and who lives with whom.

One row per person, numpy arrays of equal length, so the population's columns map onto them
without a loop (the integration into the monthly model is a later step). Amounts are euro a
year, gross, except ``bijstand``, which is the net amount paid (the norms are net amounts) and
``rent``, which is euro a month.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def _floats(values: np.ndarray | float | list[float], n: int | None = None) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    return np.broadcast_to(array, (n,)).copy() if n is not None and array.ndim == 0 else array


@dataclass
class Incomes:
    """Yearly income of each person by source (T2020.11, the tax treatment of each source):

    - ``wage``: loon from employment; box 1, labour income (arbeidsinkomen: arbeidskorting),
      the employer pays the employee-insurance premiums and the Zvw levy on it;
    - ``profit``: profit of the self-employed (zzp); box 1, labour income, own Zvw
      contribution; the ondernemersaftrek (zelfstandigenaftrek, MKB-winstvrijstelling) is not
      modelled;
    - ``uwv_benefit``: WW, WIA (WGA, IVA), Ziektewet and Wajong, paid gross by UWV; box 1 but not
      labour income (no arbeidskorting; since 2019 not even the Ziektewet of people without an
      employer), UWV pays the Zvw levy on it;
    - ``aow``: the state pension, gross; box 1, own Zvw contribution withheld by the SVB;
    - ``pension``: occupational pension and other taxable income; box 1, own Zvw contribution;
    - ``bijstand``: the net bijstand paid (Participatiewet norms are net amounts). The model does
      not tax it; its gross amount counts in the toetsingsinkomen of the allowances
      (:func:`simulation.income.tax.gross_bijstand`).
    """

    wage: np.ndarray
    profit: np.ndarray
    uwv_benefit: np.ndarray
    aow: np.ndarray
    pension: np.ndarray
    bijstand: np.ndarray

    @classmethod
    def of(cls, n: int, **sources: np.ndarray | float | list[float]) -> Incomes:
        """``n`` persons with the given sources (numbers or arrays); the rest nil."""
        unknown = set(sources) - set(cls.__dataclass_fields__)
        if unknown:
            raise TypeError(f"Incomes has no sources {sorted(unknown)}")
        return cls(**{k: _floats(sources.get(k, 0.0), n) for k in cls.__dataclass_fields__})

    @property
    def taxable(self) -> np.ndarray:
        """Box-1 income the model taxes: every source but bijstand (net)."""
        return self.wage + self.profit + self.uwv_benefit + self.aow + self.pension

    @property
    def labour(self) -> np.ndarray:
        """Labour income (arbeidsinkomen), the base of the arbeidskorting."""
        return self.wage + self.profit


@dataclass
class Persons:
    """Each person's household and the facts the rules ask for.

    ``partner`` is the row of the fiscal partner and toeslagpartner (the same person in the
    model) or -1. Children are given once per household: ``children`` holds the ages in years of
    the children living with the person (-1 pads the row); for a couple the household's children
    are those of the partner with more of them (the same list on both rows is the usual case).
    ``rent`` is the household's monthly rent (rekenhuur: rent plus the service costs that count),
    0 for owner-occupiers; for a couple the larger of the two rows.
    """

    partner: np.ndarray
    age: np.ndarray
    birth_year: np.ndarray
    aow_age: np.ndarray
    wajong: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    permanent: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    rent: np.ndarray = field(default_factory=lambda: np.zeros(0))
    children: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))

    def __post_init__(self) -> None:
        n = len(self.partner)
        self.partner = np.asarray(self.partner, dtype=np.int64)
        self.age = np.asarray(self.age, dtype=np.int64)
        self.birth_year = np.asarray(self.birth_year, dtype=np.int64)
        self.aow_age = np.asarray(self.aow_age, dtype=bool)
        for name, dtype in (("wajong", bool), ("permanent", bool), ("rent", np.float64)):
            value = np.asarray(getattr(self, name), dtype=dtype)
            setattr(self, name, np.zeros(n, dtype=dtype) if value.size == 0 and n else value)
        children = np.asarray(self.children, dtype=np.int64)
        self.children = np.full((n, 0), -1, dtype=np.int64) if children.size == 0 else children
        if self.children.ndim != 2 or self.children.shape[0] != n:
            raise ValueError(f"children must be a table of {n} rows of ages, -1 for none")
        partnered = self.partner >= 0
        if np.any(self.partner >= n) or np.any(
            self.partner[self.partner[partnered]] != np.flatnonzero(partnered)
        ):
            raise ValueError("partner must name rows of each other (or -1)")

    def __len__(self) -> int:
        return len(self.partner)
