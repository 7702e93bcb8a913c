"""simulation.neldermead: scipy's bounded Nelder-Mead, with batches of points.

The calibration's fits were found with ``scipy.optimize.minimize(method="Nelder-Mead")``;
re-running a calibration file reproduces its fit only if this search takes scipy's path
exactly, with and without lookahead."""

import numpy as np
import pytest
from scipy.optimize import minimize

from simulation.calibration import _simplex
from simulation.neldermead import nelder_mead


def _problem(seed: int):
    """A bounded problem of 1-5 coordinates: a quadratic whose minimum may lie outside the
    box, with ripples (local minima) or rounded (plateaus: ties between vertices)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 6))
    centre, weight = rng.uniform(-0.3, 1.3, n), rng.uniform(0.5, 3, n)

    def f(x: np.ndarray) -> float:
        x = np.clip(x, 0, 1)
        value = float(np.sum(weight * (x - centre) ** 2))
        if seed % 3 == 1:
            value += 0.1 * float(np.sin(10 * x).sum())
        return round(value, 2) if seed % 3 == 2 else value

    return f, rng.uniform(0, 1, n), int(rng.integers(2, 80))


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("lookahead", [False, True])
def test_the_search_takes_scipys_path(seed, lookahead):
    f, x0, most = _problem(seed)
    simplex = _simplex(x0)
    n = x0.size
    theirs = minimize(f, x0, method="Nelder-Mead", bounds=[(0, 1)] * n,
                      options={"maxfev": most, "xatol": 1e-3, "fatol": 1e-3,
                               "initial_simplex": simplex})  # fmt: skip
    ours = nelder_mead(lambda points: [f(p) for p in points], simplex, np.zeros(n), np.ones(n),
                       most, xatol=1e-3, fatol=1e-3, lookahead=lookahead)  # fmt: skip
    assert np.array_equal(ours.x, theirs.x)
    assert ours.fun == theirs.fun
    assert ours.asked == theirs.nfev


def test_lookahead_hands_a_steps_candidates_over_together():
    """Without lookahead a step's points go out one at a time (a shrink's together); with it
    the four candidates of a step go out at once, and more points are evaluated."""
    f = lambda x: float(np.sum((x - np.array([0.2, 0.7, 0.4])) ** 2))  # noqa: E731
    simplex = _simplex(np.full(3, 0.5))
    sizes = {}
    results = {}
    for lookahead in (False, True):
        batches: list[int] = []

        def evaluate(points, batches=batches):
            batches.append(len(points))
            return [f(p) for p in points]

        results[lookahead] = nelder_mead(evaluate, simplex, np.zeros(3), np.ones(3), 40,
                                         lookahead=lookahead)  # fmt: skip
        sizes[lookahead] = batches
    assert sizes[False][0] == 4  # the starting simplex: one batch
    assert set(sizes[False][1:]) <= {1, 3}  # a point at a time; a shrink's three together
    assert max(sizes[True][1:]) == 4
    one, ahead = results[False], results[True]
    assert np.array_equal(one.x, ahead.x) and one.fun == ahead.fun and one.asked == ahead.asked
    assert one.evaluated <= 40 < ahead.evaluated


def test_the_maximum_counts_the_points_asked_for():
    """A search with room for only its starting simplex evaluates nothing more."""
    calls = []

    def evaluate(points):
        calls.append(len(points))
        return [float(np.sum(p)) for p in points]

    result = nelder_mead(evaluate, _simplex(np.full(2, 0.5)), np.zeros(2), np.ones(2), 3,
                         lookahead=True)  # fmt: skip
    assert calls == [3] and result.asked == 3 and result.evaluated == 3
    assert result.fun == 1.0  # the starting vertex (0.5, 0.5); the others are higher
