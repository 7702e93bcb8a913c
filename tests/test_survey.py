"""CBS's labour force survey as the model counts it (simulation.survey, survey.yaml): the
unemployment rate and employment 20-64 an analyst compares with S4 and S11."""

from __future__ import annotations

import numpy as np
from helpers import START, make_population, rate_bounds, scenario

from simulation.codes import Benefit, LabourState
from simulation.model import LifeCourseModel
from simulation.outcomes import monthly_indicators
from simulation.parameters import Parameters
from simulation.random import Draws, uniforms
from simulation.summary import M, month_cells
from simulation.survey import PUPIL, SEEKER, Survey

# the thresholds of survey.yaml's shares: side job below 0.56, looking below 0.61; a WW
# recipient without work looking below 0.57
THRESHOLDS = np.array([0.56, 0.61, 0.57])


def test_each_state_is_counted_as_cbs_counts_it():
    """A pupil with a side job is employed, one looking for it unemployed, the rest outside;
    a WW recipient without work is unemployed only when looking; other job seekers are
    unemployed; workers and people on sick leave are employed; the inactive are outside."""
    rows = [  # (state, benefit, age, answer, status: 0 employed, 1 unemployed, 2 outside)
        (LabourState.SCHOOL, Benefit.NONE, 17, 0.10, 0),
        (LabourState.SCHOOL, Benefit.NONE, 22, 0.58, 1),
        (LabourState.SCHOOL, Benefit.NONE, 17, 0.90, 2),
        (LabourState.UNEMPLOYED, Benefit.WW, 40, 0.30, 1),
        (LabourState.UNEMPLOYED, Benefit.WW, 40, 0.80, 2),
        (LabourState.UNEMPLOYED, Benefit.BIJSTAND, 50, 0.99, 1),
        (LabourState.UNEMPLOYED, Benefit.NONE, 23, 0.99, 1),
        (LabourState.EMPLOYED, Benefit.NONE, 30, 0.99, 0),
        (LabourState.SICK, Benefit.SICKNESS, 30, 0.99, 0),
        (LabourState.INACTIVE, Benefit.NONE, 30, 0.10, 2),
        (LabourState.DISABLED, Benefit.WGA, 55, 0.10, 2),
    ]
    pop = make_population(len(rows))
    for i, (state, benefit, age, _, _) in enumerate(rows):
        pop.labour_state[i], pop.benefit[i] = state, benefit
        pop.birth_month[i] = START - age * 12
    # a pupil's answer in the pupils' stream, anyone else's in the job seekers'; the other
    # stream holds the opposite answer, which the tally must not read
    answer = np.array([r[3] for r in rows])
    pupil = pop.labour_state == LabourState.SCHOOL
    answers = np.empty((2, answer.size))
    answers[SEEKER] = np.where(pupil, 1 - answer, answer)
    answers[PUPIL] = np.where(pupil, answer, 1 - answer)
    age = (START - pop.birth_month).astype(np.int32)
    spending = np.zeros(pop.size, dtype=np.float32)
    by_cell = month_cells(pop, age, 67 * 12, spending, answers, THRESHOLDS)
    cells = by_cell.sum(axis=0)
    status = np.array([r[4] for r in rows])
    young = np.array([r[2] < 25 for r in rows])
    assert cells[M["survey_employed"]] == np.sum(status == 0) == 3
    assert cells[M["survey_unemployed"]] == np.sum(status == 1) == 4
    assert cells[M["survey_employed_15_24"]] == np.sum((status == 0) & young) == 1
    assert cells[M["survey_unemployed_15_24"]] == np.sum((status == 1) & young) == 2
    # 20-64: the employed worker, the person on sick leave (the pupils are 17 and 22, one
    # looking); the model's own count of job seekers has all four without work
    assert cells[M["survey_employed_20_64"]] == 2
    ind = monthly_indicators(by_cell)
    assert ind["unemployment_rate"] == 4 / 7
    assert ind["unemployment_rate_15_24"] == 2 / 3
    assert ind["job_seekers_rate"] == 4 / (4 + 2)


def test_answers_hold_and_are_renewed_at_the_survey_shares():
    """A row's answer holds within a month and is drawn anew at answer_renewal a month, the same
    whichever month is asked for; new rows get their own; the base run's pupils have side jobs
    at student_side_job_share."""
    params = Parameters.defaults().with_overrides({"survey.answer_renewal": 0.2}, "test")
    survey = Survey(params, seed=3)
    pop = make_population(20_000)
    first = survey.answers(pop, 100).copy()
    assert np.array_equal(survey.answers(pop, 100), first)  # asked twice: the same month
    later = survey.answers(pop, 103).copy()
    low, high = rate_bounds(0.8**3, 20_000)
    assert low < np.mean(later == first) < high  # none of three months' renewals hit: 0.8^3
    # asking month by month gives the same answers as jumping three months at once
    stepwise = Survey(params, seed=3)
    for month in (100, 101, 102, 103):
        answers = stepwise.answers(pop, month)
    assert np.array_equal(answers, later)
    pop.grow(500)  # newcomers get answers of their own, the others keep theirs
    grown = survey.answers(pop, 103)
    assert grown.size == 20_500 and np.array_equal(grown[:20_000], later)
    # without renewal an answer is for life
    never = {"survey.answer_renewal": 0.0, "survey.student_answer_renewal": 0.0}
    fixed = Survey(Parameters.defaults().with_overrides(never, "t"), 3)
    assert np.array_equal(fixed.answers(pop, 100), fixed.answers(pop, 150))
    model = LifeCourseModel("scenarios/base.yaml", persons=20_000, years=1, record_events=False)
    answers = model.survey.answers(model.pop, model.last_month)
    age = model.pop.age_years(model.month)
    pupils = (model.pop.labour_state == LabourState.SCHOOL) & (age >= 15)
    low, high = rate_bounds(params["survey.student_side_job_share"], int(pupils.sum()))
    assert low < np.mean(answers[pupils] < THRESHOLDS[0]) < high


def test_pupils_answers_change_at_their_own_rate():
    """A pupil's answer (side job, looking for one) is renewed at student_answer_renewal a
    month, a job seeker's at answer_renewal: two streams, so a pupil's rate leaves the job
    seekers' answers alone."""
    overrides = {"survey.answer_renewal": 0.0, "survey.student_answer_renewal": 0.5}
    survey = Survey(Parameters.defaults().with_overrides(overrides, "test"), seed=4)
    pop = make_population(20_000, labour_state=LabourState.UNEMPLOYED)
    pop.labour_state[:10_000] = LabourState.SCHOOL
    first = survey.answers(pop, 100).copy()
    later = survey.answers(pop, 101)
    low, high = rate_bounds(0.5, 10_000)
    assert low < np.mean(later[:10_000] == first[:10_000]) < high
    assert np.array_equal(later[10_000:], first[10_000:])


def test_the_tally_reads_the_answers_a_survey_asked_every_month_would_give():
    """The tally brings only the rows it reads up to date (pupils, the unemployed on WW); their
    answers are those of a survey that renews every row every month, however long a row went
    unread (a worker who becomes a pupil again, a WW recipient years after school)."""
    rates = {"survey.answer_renewal": 0.15, "survey.student_answer_renewal": 0.4}
    model = LifeCourseModel(scenario(size=10_000, horizon=3, parameters=rates))
    every_month = Survey(model.params, model.spec.seed)
    every_month.answers(model.pop, model.last_month)
    read = 0
    for _ in range(36):
        model.step()
        pop, month = model.pop, model.last_month
        both = model.survey.tally_answers(pop, month)
        state = pop.labour_state
        lazy = np.where(state == LabourState.SCHOOL, both[PUPIL], both[SEEKER])
        full = every_month.answers(pop, month)
        asked = (state == LabourState.SCHOOL) | (
            (state == LabourState.UNEMPLOYED) & (pop.benefit == Benefit.WW)
        )
        assert np.array_equal(lazy[asked], full[asked])
        read += int(asked.sum())
    assert read > 36 * 1_000  # the comparison saw the pupils of every month
    # and asked for every row, the lazy survey gives the full one's answers
    assert np.array_equal(model.survey.answers(model.pop, model.last_month), full)


def test_each_stream_follows_its_own_draws_whoever_reads_it():
    """A row's answer is its stream's answer draw of the last month whose renewal draw fell
    below the stream's rate (else its first answer), computed here from the draws themselves
    while rows move between school and WW by hand each month (the model sends nobody back to
    school, so only a test sees a row change streams back and forth)."""
    rates = {"survey.answer_renewal": 0.3, "survey.student_answer_renewal": 0.6}
    seed, n, first = 5, 400, 100
    survey = Survey(Parameters.defaults().with_overrides(rates, "test"), seed)
    pop = make_population(n, labour_state=LabourState.UNEMPLOYED, benefit=Benefit.WW)
    rows = np.arange(n)
    streams = ("survey", "survey.pupil")  # the job seekers' and the pupils' draws, by name
    expected = [Draws(seed).trait(f"{stream}.answers", rows) for stream in streams]
    rate = [0.3, 0.6]
    for month in range(first, first + 12):
        pupil = (rows % 2 == 1) & (month % 3 != 0)  # odd rows: pupils two months in three
        pop.labour_state[:] = np.where(pupil, LabourState.SCHOOL, LabourState.UNEMPLOYED)
        if month > first:  # the first month asked for gives the first answers
            for j, stream in enumerate(streams):
                renew = uniforms(seed, f"{stream}.renew", month, rows)
                answer = uniforms(seed, f"{stream}.answer", month, rows)
                expected[j] = np.where(renew.astype(np.float64) < rate[j], answer, expected[j])
        both = survey.tally_answers(pop, month)
        assert np.array_equal(both[PUPIL][pupil], expected[PUPIL][pupil])
        assert np.array_equal(both[SEEKER][~pupil], expected[SEEKER][~pupil])
