"""Nelder-Mead whose points can be evaluated side by side.

A step of Nelder-Mead asks for its points one after another, each chosen by the value of the
one before: the reflection, then the expansion (when the reflection is the best point yet) or a
contraction (when it is among the worst), then, if the contraction fails, the shrink's ``n``
points. Every one of those points is known as soon as the step begins, since all are fixed by
the simplex alone. So with ``lookahead`` the step hands the four candidates to ``evaluate``
together before it reads any of them, and a shrink hands its points together always (they
depend on no value). The search then reads the values in the order it would have asked for
them and takes the same path: a point's value does not depend on when it was evaluated (a
calibration's runs are fixed by their seeds), so the fit is the same with and without
lookahead, at the cost of the candidates a step did not need (two or three a step). A
calibration whose every point needs a few runs then has four points' runs to spread over a
cluster's workers instead of one's.

The algorithm is scipy's bounded Nelder-Mead (``scipy.optimize.minimize(method=
"Nelder-Mead")``, standard coefficients, every vertex clipped to the bounds, the same stopping
rules and count of evaluations asked for), written so that ``evaluate`` takes a batch;
``tests/test_neldermead.py`` checks that the two give the same points and values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: reflection, expansion, contraction and shrink coefficients (the standard ones, scipy's)
RHO, CHI, PSI, SIGMA = 1.0, 2.0, 0.5, 0.5


class _OutOfEvaluationsError(Exception):
    """The search asked for more points than its maximum."""


@dataclass
class Result:
    x: np.ndarray  # the best vertex
    fun: float  # its value
    asked: int  # points the search asked for (repeats included), at most the maximum
    evaluated: int  # distinct points handed to ``evaluate`` (more with lookahead)


def nelder_mead(
    evaluate: Callable[[list[np.ndarray]], Sequence[float]],
    simplex: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    max_evaluations: int,
    xatol: float = 1e-4,
    fatol: float = 1e-4,
    lookahead: bool = False,
    asked: Callable[[np.ndarray], None] | None = None,
) -> Result:
    """Minimise from the ``simplex`` (n + 1 vertices of n coordinates) within ``lower`` to
    ``upper``; ``evaluate(points)`` returns the value of each point of a batch. Stops when the
    search has asked for ``max_evaluations`` points or the simplex is within ``xatol`` of its
    best vertex and its values within ``fatol``. ``asked(x)`` is called each time the search
    reads a point's value, in the order it reads them (the same with and without lookahead):
    where a caller counts its evaluations, reports progress or stops at a failed point."""
    lower, upper = np.asarray(lower, float), np.asarray(upper, float)
    sim = np.array(simplex, dtype=float)
    n = sim.shape[1]
    # a vertex above its upper bound is reflected inside, then everything clipped (scipy)
    sim = np.clip(np.where(sim > upper, 2 * upper - sim, sim), lower, upper)
    known: dict[bytes, float] = {}
    count = 0

    def fetch(points: list[np.ndarray]) -> None:
        """Evaluate together the points not yet known (each once)."""
        new: dict[bytes, np.ndarray] = {}
        for p in points:
            key = p.tobytes()
            if key not in known:
                new.setdefault(key, p.copy())
        if new:
            values = evaluate(list(new.values()))
            known.update(zip(new, (float(v) for v in values), strict=True))

    def ask(x: np.ndarray) -> float:
        nonlocal count
        if count >= max_evaluations:
            raise _OutOfEvaluationsError
        count += 1
        fetch([x])
        if asked is not None:
            asked(x)
        return known[x.tobytes()]

    def left() -> int:
        return max_evaluations - count

    fsim = np.full(n + 1, np.inf)
    fetch(list(sim[: left()]))  # the starting vertices depend on no value: one batch
    try:
        for k in range(n + 1):
            fsim[k] = ask(sim[k])
    except _OutOfEvaluationsError:
        pass
    order = np.argsort(fsim)
    sim, fsim = np.take(sim, order, 0), np.take(fsim, order, 0)

    while count < max_evaluations:
        try:
            if (
                np.max(np.abs(sim[1:] - sim[0])) <= xatol
                and np.max(np.abs(fsim[0] - fsim[1:])) <= fatol
            ):
                break
            xbar = np.add.reduce(sim[:-1], 0) / n
            worst = sim[-1]
            reflected = np.clip((1 + RHO) * xbar - RHO * worst, lower, upper)
            expanded = np.clip((1 + RHO * CHI) * xbar - RHO * CHI * worst, lower, upper)
            outside = np.clip((1 + PSI * RHO) * xbar - PSI * RHO * worst, lower, upper)
            inside = np.clip((1 - PSI) * xbar + PSI * worst, lower, upper)
            if lookahead:  # a step asks for two of them at most
                fetch([reflected] + ([expanded, outside, inside] if left() > 1 else []))
            fr = ask(reflected)
            shrink = False
            if fr < fsim[0]:
                fe = ask(expanded)
                sim[-1], fsim[-1] = (expanded, fe) if fe < fr else (reflected, fr)
            elif fr < fsim[-2]:
                sim[-1], fsim[-1] = reflected, fr
            elif fr < fsim[-1]:
                fc = ask(outside)
                if fc <= fr:
                    sim[-1], fsim[-1] = outside, fc
                else:
                    shrink = True
            else:
                fc = ask(inside)
                if fc < fsim[-1]:
                    sim[-1], fsim[-1] = inside, fc
                else:
                    shrink = True
            if shrink:
                shrunk = [np.clip(sim[0] + SIGMA * (sim[j] - sim[0]), lower, upper)
                          for j in range(1, n + 1)]  # fmt: skip
                fetch(shrunk[: left()])
                for j in range(1, n + 1):
                    sim[j] = shrunk[j - 1]
                    fsim[j] = ask(sim[j])
        except _OutOfEvaluationsError:
            pass
        order = np.argsort(fsim)
        sim, fsim = np.take(sim, order, 0), np.take(fsim, order, 0)
    return Result(sim[0].copy(), float(np.min(fsim)), count, len(known))
