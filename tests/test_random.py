"""Common random numbers: pure, uniform, independent across processes and months."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from simulation.random import Draws, uniforms


def test_a_draw_depends_only_on_seed_process_person_and_month():
    ids = np.arange(1000)
    all_draws = uniforms(5, "labour.job_loss", 300, ids)
    subset = np.array([999, 3, 500])
    assert np.array_equal(uniforms(5, "labour.job_loss", 300, subset), all_draws[subset])
    assert np.array_equal(uniforms(5, "labour.job_loss", 300, ids), all_draws)


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**62),
    month=st.integers(-12, 40_000),
    person=st.integers(0, 20_000_000),
)
def test_draws_lie_in_the_unit_interval_and_are_reproducible(seed, month, person):
    ids = np.array([person, person + 1])
    first = uniforms(seed, "health.change", month, ids)
    assert np.all((first >= 0) & (first < 1))
    assert np.array_equal(first, uniforms(seed, "health.change", month, ids))


def test_draws_are_uniform():
    u = uniforms(1, "any", 24_000, np.arange(200_000))
    assert stats.kstest(u, "uniform").pvalue > 0.001
    counts = np.histogram(u, bins=20, range=(0, 1))[0]
    assert stats.chisquare(counts).pvalue > 0.001


def test_draws_are_independent_across_processes_months_seeds_and_neighbours():
    ids = np.arange(100_000)
    base = uniforms(1, "labour.job_loss", 500, ids)
    others = [
        uniforms(1, "labour.job_finding", 500, ids),
        uniforms(1, "labour.job_loss", 501, ids),
        uniforms(2, "labour.job_loss", 500, ids),
        uniforms(1, "labour.job_loss", 500, ids + 1),
    ]
    for other in others:
        r = np.corrcoef(base, other)[0, 1]
        assert abs(r) < 0.015  # 4.7 standard errors at n = 100,000
        # the joint distribution is flat too: the four quadrants are equally full
        quadrants = np.bincount((base < 0.5) * 2 + (other < 0.5), minlength=4)
        assert stats.chisquare(quadrants).pvalue > 0.001


def test_traits_are_the_same_every_month():
    draws = Draws(9)
    ids = np.arange(50)
    draws.month = 10
    first = draws.trait("benefits.assets", ids)
    draws.month = 200
    assert np.array_equal(draws.trait("benefits.assets", ids), first)
    assert not np.array_equal(draws.uniform("benefits.assets", ids), first)
