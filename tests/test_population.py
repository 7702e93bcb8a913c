"""The synthetic cross-section has the sourced marginals (statistical bounds, fixed seed). The
synthesis itself is tested: the population as built, before it lives its past
(``population.past_months``, tests/test_start_in_motion.py)."""

import numpy as np
import pytest
from helpers import scenario

from simulation.codes import Education, LabourState, Migration, Region, Sex
from simulation.model import LifeCourseModel

N = 60_000


@pytest.fixture(scope="module")
def model():
    return LifeCourseModel(scenario(size=N, horizon=20), parameters={"population.past_months": 0})


@pytest.fixture(scope="module")
def residents(model):
    """The rows of the people aged 15-67 at the start (children and arrivals come after)."""
    return np.arange(N)


def share(mask):
    return float(np.mean(mask))


def close(observed, expected, n, sigmas=4.0):
    return abs(observed - expected) < sigmas * np.sqrt(expected * (1 - expected) / n) + 1e-9


def test_residents_are_aged_15_to_67_and_extra_rows_follow(model, residents):
    age = (model.start_month - model.pop.birth_month[residents]) // 12
    assert age.min() == 15 and age.max() == 67
    extra = model.pop.size - N
    children = (model.start_month - model.pop.birth_month[N:]) // 12
    assert extra > 0 and children.max() < 68
    # the children who turn 15 within the 20 years: about 15 birth years of 68
    assert 0.15 < extra / N < 0.35


def test_marginals_match_their_sources(model, residents, defaults):
    pop = model.pop
    assert close(share(pop.sex[residents] == Sex.FEMALE), defaults["population.female_share"], N)
    regions = defaults["population.region_shares"]
    for region in Region:
        observed = share(pop.region[residents] == region)
        assert close(observed, regions[region.name.lower()], N), region
    migration = defaults["population.migration_shares"]
    western = share(pop.migration[residents] == Migration.WESTERN)
    assert close(western, migration["western"], N, sigmas=6)
    non_western = share(pop.migration[residents] >= Migration.NON_WESTERN)
    assert close(non_western, migration["non_western"] + migration["refugee"], N, sigmas=6)


def test_education_of_25_to_64_year_olds_follows_s3(model, residents, defaults):
    pop = model.pop
    age = (model.start_month - pop.birth_month[residents]) // 12
    adults = residents[
        (age >= 25) & (age < 65) & (pop.labour_state[residents] != LabourState.SCHOOL)
    ]
    for level in Education:
        observed = share(pop.education[adults] == level)
        expected = defaults["population.attained_education"][level.name.lower()]
        assert close(observed, expected, adults.size), level


def test_non_western_people_live_more_in_big_cities(model, residents):
    """A5.10: the cities hold more people with a non-Western migration background."""
    pop = model.pop
    nw = pop.migration[residents] == Migration.NON_WESTERN
    city = pop.big_city[residents]
    assert nw[city].mean() > 1.5 * nw[~city].mean()


def test_partners_are_couples_of_a_man_and_a_woman_in_one_region(model):
    pop = model.pop
    partnered = np.flatnonzero(pop.partner_id >= 0)
    partner = pop.partner_id[partnered]
    assert np.all(pop.sex[partnered] != pop.sex[partner])
    assert np.all(pop.region[partnered] == pop.region[partner])
    age = (model.start_month - pop.birth_month) // 12
    adults = age[:N] >= 30
    assert 0.55 < np.mean(pop.partner_id[:N][adults] >= 0) < 0.85


def test_a_mothers_youngest_child_was_born_at_her_last_birth(model, defaults):
    """The start's youngest children: born when the mother was 15 to 45, the first at CBS's
    ages at a first birth (population.first_birth_age, 2014: 38% at 25-30, 13% from 35) and
    the others income.children.spacing_years apart, so a mother of 60 has no child under 18
    and one of 40 mostly has (CBS 37913ned, 2020: youngest under 18 for 96% of the
    households with children whose reference person is 35-45)."""
    pop = model.pop
    mothers = np.flatnonzero((pop.sex[:N] == Sex.FEMALE) & (pop.n_children[:N] > 0))
    years = (model.start_month - pop.birth_month[mothers]) / 12
    child = (model.start_month - pop.youngest_child_month[mothers]) / 12
    at_birth = years - child
    spacing = defaults["income.children.spacing_years"]
    first = at_birth - spacing * (pop.n_children[mothers] - 1)
    assert (child >= 0).all()
    # born by now; mothers whose spacing would reach past today have the youngest this month
    assert (first[child > 0] >= 15 - 1 / 12).all()
    assert (at_birth[pop.n_children[mothers] <= 4] <= 45 + 1 / 12).all()
    settled = years >= 46
    assert np.mean((first[settled] >= 25) & (first[settled] < 30)) == pytest.approx(0.381, abs=0.03)
    assert np.mean(first[settled] >= 35) == pytest.approx(0.126, abs=0.03)
    assert not (child[years >= 64] < 18).any()
    assert np.mean(child[(years >= 38) & (years < 42)] < 18) > 0.85


def test_children_of_divorced_parents_are_partnered_less(model, defaults):
    """A3.7 in the starting stock: the odds of being partnered scale by the ratio of the
    partnering and separation factors of parental divorce (as in their steady state)."""
    pop = model.pop
    age = (model.start_month - pop.birth_month[:N]) // 12
    adults = (age >= 30) & (age < 60)
    divorced = pop.parents_divorced[:N]
    partnered = pop.partner_id[:N] >= 0

    def odds(mask):
        p = partnered[mask].mean()
        return p / (1 - p)

    ratio = odds(adults & divorced) / odds(adults & ~divorced)
    expected = (
        defaults["family.parents_divorced_partnering_factor"]
        / defaults["family.parents_divorced_separation_factor"]
    )
    # about 5,000 adults with divorced parents: the log odds ratio has a standard error of 0.035
    assert abs(np.log(ratio) - np.log(expected)) < 0.15
