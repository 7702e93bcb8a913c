"""The Netherlands as CBS and UWV count it (issue 15): the base run's stocks at the start and
after its horizon, how far the first two years drift, and the flows policies act on: quarterly
moves between work and unemployment as the labour force survey sees them, job-to-job moves, how
long WW lasts, and the flows into and out of bijstand."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulation.codes import Benefit, Contract, Event, LabourState, Sex
from simulation.model import LifeCourseModel
from simulation.validation.framework import measure, share

#: the stocks compared at the start and at the end: target id suffix -> indicator
STOCKS = {
    "employment": "employment_rate_20_64",
    "unemployment": "unemployment_rate",
    "youth": "unemployment_rate_15_24",
    "ww": "share_ww",
    "bijstand": "share_bijstand",
    "wga": "share_wga",
    "iva": "share_iva",
    "wajong": "share_wajong",
}
#: the stocks compared at the start too (the disability benefits' are the synthesis's inputs)
AT_START = ("employment", "unemployment", "youth", "ww", "bijstand")
#: the months over which the start may not drift (issue 15: "the first 24 months")
DRIFT_MONTHS = 24
#: WW entrants are followed from spells starting in the first FOLLOW_FROM months
FOLLOW_FROM = 24


def survey_status(model: LifeCourseModel) -> np.ndarray:
    """Each row's labour-force status this month as the survey counts it (0 employed,
    1 unemployed, 2 outside; 3 not counted: dead, abroad, under 15 or past the AOW age)."""
    month = model.last_month
    return model.survey.status(model.pop, month, model.demography.aow_age_months(month // 12))


#: employment as the survey counts it in the groups CBS publishes for 2019: target id suffix
#: -> (lowest age, age past the last, sex or None, pupils: True only, False none, None all)
EMPLOYMENT_GROUPS = {
    "emp_young": (15, 25, None, False),  # young people who have left school
    "emp_men_25_44": (25, 45, Sex.MALE, None),
    "emp_women_25_44": (25, 45, Sex.FEMALE, None),
    "emp_55_64": (55, 65, None, None),
}


#: CBS asks those whose job ended where they are three months later (B.flow.dismissed_3m)
AFTER_JOB_LOSS_MONTHS = 3

#: job-to-job moves by age at the first observation (CBS 2017-2018: those with work in both
#: years): target id suffix -> (lowest age, age past the last)
JOB_TO_JOB_AGES = {"15_24": (15, 25), "25_44": (25, 45), "45_plus": (45, 200)}

#: UWV counts new WW benefits of people under 27 (B.ww.under_27) and the running benefits of
#: those 50 and over (B.ww.stock_50_plus)
YOUNG_WW_MONTHS = 27 * 12
OLD_WW_MONTHS = 50 * 12


#: the unemployment rate (survey status) in groups CBS publishes: the same layout
UNEMPLOYMENT_GROUPS = {
    "youth_out_of_school": (15, 25, None, False),  # young people who have left school
}


def employment_by_group(model: LifeCourseModel) -> dict[str, float]:
    """The share employed (survey status) in each of EMPLOYMENT_GROUPS this month, and the
    unemployment rate in each of UNEMPLOYMENT_GROUPS."""
    status = survey_status(model)
    n = status.size
    pop = model.pop
    age = (model.last_month - pop.birth_month[:n]) // 12
    pupil = pop.labour_state[:n] == LabourState.SCHOOL

    def members(low: int, high: int, sex: Sex | None, pupils: bool | None) -> np.ndarray:
        group = (status < 3) & (age >= low) & (age < high)
        if sex is not None:
            group &= pop.sex[:n] == sex
        if pupils is not None:
            group &= pupil == pupils
        return group

    out = {key: share(status[members(*g)] == 0) for key, g in EMPLOYMENT_GROUPS.items()}
    for key, g in UNEMPLOYMENT_GROUPS.items():
        in_labour_force = status[members(*g) & (status < 2)]
        out[key] = share(in_labour_force == 1)
    return out


class Fertility:
    """Births by the mother's age over the months women aged 15-49 lived: the total fertility
    rate (the sum of the age-specific rates, as CBS computes it) and the mean age of mothers at
    a first birth."""

    AGES = 50

    def __init__(self) -> None:
        self.women = np.zeros(self.AGES)
        self.births = np.zeros(self.AGES)
        self.first_ages: list[np.ndarray] = []

    def count(self, model: LifeCourseModel) -> None:
        """Add the month just run: its women at risk and its newborns' mothers."""
        pop, month = model.pop, model.last_month
        age = (month - pop.birth_month) // 12
        women = (pop.labour_state < LabourState.DEAD) & (pop.sex == Sex.FEMALE)
        women &= (age >= 15) & (age < self.AGES)
        self.women += np.bincount(age[women], minlength=self.AGES)[: self.AGES]
        mothers = pop.mother_id[(pop.birth_month == month) & (pop.mother_id >= 0)]
        at = age[mothers]
        self.births += np.bincount(at[at < self.AGES], minlength=self.AGES)[: self.AGES]
        first = mothers[pop.n_children[mothers] == 1]
        self.first_ages.append((month - pop.birth_month[first]) / 12)

    def total_fertility(self) -> float:
        """Births per woman over ages 15-49 at this period's rates (a rate per year: x 12)."""
        lived = self.women[15:] > 0
        return float(12 * np.sum(self.births[15:][lived] / self.women[15:][lived]))

    def rate(self, low: int, high: int) -> float:
        """Births per 1,000 women a year at ages low to high - 1."""
        return float(12_000 * self.births[low:high].sum() / self.women[low:high].sum())

    def first_birth_age(self) -> float:
        ages = np.concatenate(self.first_ages) if self.first_ages else np.zeros(0)
        return float(ages.mean()) if ages.size else float("nan")


#: age bands (lowest age, age past the last) of the quarterly job finding and job loss CBS
#: published for 2016; each band's rate is measured over the all-age rate (B.flow.<band>)
AGE_BANDS = {"15_34": (15, 35), "35_54": (35, 55), "55_plus": (55, 200)}
#: the survey positions (0 employed, 1 unemployed) a flow goes from and to
FLOWS_BY_AGE = {"ue": (1, 0), "eu": (0, 1)}
#: (flow, band) measured over another band's rate than all ages': CBS gave the flow into
#: unemployment from 35 as a share of the young's ("about half"), and a ratio to all ages'
#: would depend on the model's mix of ages, not CBS's
OVER_BAND = {("eu", "35_54"): "15_34", ("eu", "55_plus"): "15_34"}


def _flows_by_age(before: np.ndarray, after: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Per flow of FLOWS_BY_AGE, per band of AGE_BANDS and for all ages: (persons in the
    flow's first position before, of them in its second after)."""
    out = np.zeros((len(FLOWS_BY_AGE), len(AGE_BANDS) + 1, 2))
    for f, (source, target) in enumerate(FLOWS_BY_AGE.values()):
        at_risk, moved = before == source, after == target
        for k, (low, high) in enumerate([*AGE_BANDS.values(), (0, 200)]):
            in_band = at_risk & (age >= low) & (age < high)
            out[f, k] = in_band.sum(), (in_band & moved).sum()
    return out


def _relative(counts: np.ndarray, k: int, over: int = -1) -> float:
    """Band ``k``'s rate over band ``over``'s (-1: all ages'; NaN for a band without anyone at
    risk or a reference without moves)."""
    (risk, moved), (ref_risk, ref_moved) = counts[k], counts[over]
    if risk == 0 or ref_moved == 0:
        return float("nan")
    return float((moved / risk) / (ref_moved / ref_risk))


def _over(flow: str, band: str) -> int:
    """The index in AGE_BANDS of the band that ``flow``'s rate in ``band`` is measured over
    (-1: all ages)."""
    reference = OVER_BAND.get((flow, band))
    return list(AGE_BANDS).index(reference) if reference else -1


def _ww_stock(on_ww: np.ndarray, state: np.ndarray, age_months: np.ndarray) -> tuple[int, int]:
    """WW recipients below the AOW age (UWV's running benefits), and of them those 50 and
    over."""
    ages = age_months[on_ww & (state < LabourState.RETIRED)]
    return int(ages.size), int(np.sum(ages >= OLD_WW_MONTHS))


def _stops(before: np.ndarray, after: np.ndarray, retired: np.ndarray, pupils: np.ndarray):
    """Of those at work (survey status 0) at a quarter's start: how many are not at its end
    (unemployed, outside the labour force, or retired at the AOW age, as CBS counts 15-75;
    not the dead or those abroad), and how many of them are then in education."""
    stops = (before == 0) & ((after == 1) | (after == 2) | retired)
    return int(stops.sum()), int(np.sum(stops & pupils))


class Quarter(NamedTuple):
    """The survey's moves over three months (CBS's 'Stromen tussen arbeidsposities')."""

    eu: float  # share of the employed who are unemployed three months later
    ue: float  # share of the unemployed who are employed three months later
    un: float  # share of the unemployed who are outside the labour force three months later
    nu: int  # persons outside the labour force who are unemployed three months later
    ne: int  # persons outside the labour force who are employed three months later
    en: int  # employed persons who are outside the labour force three months later


def _quarterly(before: np.ndarray, after: np.ndarray) -> Quarter:
    """The quarter's flows between two months' survey positions (rows born since the first
    month are not counted)."""
    n = before.size
    after = after[:n]
    e, u = before == 0, before == 1
    return Quarter(
        eu=float(np.mean(after[e] == 1)),
        ue=float(np.mean(after[u] == 0)),
        un=float(np.mean(after[u] == 2)),
        nu=int(np.sum((before == 2) & (after == 1))),
        ne=int(np.sum((before == 2) & (after == 0))),
        en=int(np.sum((before == 0) & (after == 2))),
    )


@measure("baseline")
def baseline(model: LifeCourseModel) -> dict[str, float]:
    """Runs the horizon month by month; see the module docstring. Flows are national counts a
    year (the persons simulated at the start stand for the 15-67 population)."""
    pop = model.pop
    if not model.log.enabled:
        raise ValueError("the baseline measure reads job losers from the event log: record events")
    start = dict(model.indicators)
    start_groups = employment_by_group(model)
    unemployment = [start["unemployment_rate"]]
    statuses = [survey_status(model)]
    stopped = stopped_in_school = 0  # at work, three months later not
    quarters: list[Quarter] = []
    # by flow and age band: (persons at risk, of them moved)
    by_age = np.zeros((len(FLOWS_BY_AGE), len(AGE_BANDS) + 1, 2))
    # WW spells begun in the first FOLLOW_FROM months: the month each began (-1: not followed)
    began = np.full(pop.size, -1, dtype=np.int64)
    lasted: list[np.ndarray] = []
    moves = jobs_a_year_earlier = 0
    # by age band: (employees with work a year later, of whom with another employer)
    moves_by_age = np.zeros((len(JOB_TO_JOB_AGES), 2), dtype=np.int64)
    employee_age = None
    bijstand_in = bijstand_out = bijstand_to_work = 0
    ww_starts = ww_partial_starts = ww_young_starts = 0
    ww_months = ww_old_months = 0  # WW recipients' months, of them aged 50 and over
    employees = None
    fertility = Fertility()
    # each month's job losers (a job that ended on the employer's side: unemployed after it,
    # or at work again at once), followed to the survey three months later
    job_losers: list[np.ndarray] = []
    losers_working = losers = 0
    for step in range(model.horizon_months - model.steps):
        was_bijstand = pop.benefit == Benefit.BIJSTAND
        was_ww = pop.benefit == Benefit.WW
        # employees (not the self-employed, whose business ends) at work or on sick leave
        was_employee = (
            (pop.labour_state == LabourState.EMPLOYED) | (pop.labour_state == LabourState.SICK)
        ) & (pop.contract != Contract.SELF_EMPLOYED)
        model.step()
        fertility.count(model)
        n = was_ww.size
        began = np.concatenate([began, np.full(pop.size - began.size, -1, dtype=np.int64)])
        on_ww = pop.benefit[:n] == Benefit.WW
        on_bijstand = pop.benefit[:n] == Benefit.BIJSTAND
        # CBS counts leaving bijstand for the AOW apart (82662NED); death and a move abroad end
        # bijstand as any other reason does
        state = pop.labour_state[:n]
        left = was_bijstand & ~on_bijstand & (state != LabourState.RETIRED)
        working = (state == LabourState.EMPLOYED) | (state == LabourState.SICK)
        bijstand_in += int(np.sum(on_bijstand & ~was_bijstand))
        bijstand_out += int(np.sum(left))
        bijstand_to_work += int(np.sum(left & working))
        # WW begun beside work: partial unemployment (a cut in hours)
        new_ww = np.flatnonzero(on_ww & ~was_ww)
        ww_starts += new_ww.size
        ww_partial_starts += int(np.sum(working[new_ww]))
        ww_young_starts += int(np.sum(model.last_month - pop.birth_month[new_ww] < YOUNG_WW_MONTHS))
        recipients, old = _ww_stock(on_ww, state, model.last_month - pop.birth_month[:n])
        ww_months += recipients
        ww_old_months += old
        ended = np.flatnonzero(was_ww & ~on_ww & (began[:n] >= 0))
        lasted.append(step + 1 - began[ended])
        began[ended] = -1
        if step < FOLLOW_FROM:
            began[np.flatnonzero(on_ww & ~was_ww)] = step + 1
        unemployment.append(model.indicators["unemployment_rate"])
        statuses.append(survey_status(model))
        ended = model.log.of_month(Event.JOB_END, model.last_month)
        ended = ended[was_employee[ended]]
        now = pop.labour_state[ended]
        moved_on = (now == LabourState.EMPLOYED) & np.isin(
            ended, model.log.of_month(Event.JOB_START, model.last_month)
        )
        job_losers.append(ended[(now == LabourState.UNEMPLOYED) | moved_on])
        if len(job_losers) > AFTER_JOB_LOSS_MONTHS:
            later = statuses[-1][job_losers.pop(0)]
            later = later[later != 3]  # dead, abroad or past the AOW age: not surveyed
            losers += later.size
            losers_working += int(np.sum(later == 0))
        if len(statuses) > 3:
            before, after = statuses[-4], statuses[-1][: statuses[-4].size]
            now = pop.labour_state[: before.size]
            stops = _stops(before, after, now == LabourState.RETIRED, now == LabourState.SCHOOL)
            stopped += stops[0]
            stopped_in_school += stops[1]
            quarters.append(_quarterly(before, after))
            age = (model.last_month - 3 - pop.birth_month[: before.size]) // 12
            by_age += _flows_by_age(before, after, age)
            statuses.pop(0)
        # job-to-job: employees now, and a year later whether they work for another employer
        if step % 12 == 0:
            working = (pop.labour_state == LabourState.EMPLOYED) | (
                pop.labour_state == LabourState.SICK
            )
            employee = working & (pop.contract != Contract.SELF_EMPLOYED)
            if employees is not None:
                k = employees.size
                now = employee[:k]
                # a job begun in any of the twelve months since: its first month counts as one
                moved = employees & now & (pop.employer_months[:k] <= 12)
                moves += int(moved.sum())
                jobs_a_year_earlier += int(employees.sum())
                both = employees & now
                for band, (low, high) in enumerate(JOB_TO_JOB_AGES.values()):
                    members = both & (employee_age >= low) & (employee_age < high)
                    moves_by_age[band] += (int(members.sum()), int((members & moved).sum()))
            employees = employee.copy()
            employee_age = (model.last_month - pop.birth_month) // 12
    # spells still running at the end lasted longer than any duration asked about
    lasted.append(np.full(int(np.sum(began >= 0)), 10_000))
    durations = np.concatenate(lasted)
    scale = model.params["migration.arrivals.national_population_15_67"]
    scale /= model.spec.population.size
    years = model.steps / 12
    end = model.indicators
    out = {f"B.start.{key}": start[STOCKS[key]] for key in AT_START}
    out |= {f"B.end.{key}": end[name] for key, name in STOCKS.items()}
    out |= {f"B.start.{key}": value for key, value in start_groups.items()}
    out |= {f"B.end.{key}": value for key, value in employment_by_group(model).items()}
    clients = (pop.benefit == Benefit.BIJSTAND) & (pop.labour_state < LabourState.RETIRED)
    working = (pop.labour_state == LabourState.EMPLOYED) | (pop.labour_state == LabourState.SICK)
    out["B.end.bijstand_working"] = share(working[clients])
    ww = (pop.benefit == Benefit.WW) & (pop.labour_state < LabourState.RETIRED)
    out["B.end.ww_working"] = share(working[ww])
    first = np.array(unemployment[: DRIFT_MONTHS + 1])
    out |= {
        "B.drift": float(np.max(np.abs(first - first[0]))),
        "B.flow.eu": float(np.mean([q.eu for q in quarters])),
        "B.flow.ue": float(np.mean([q.ue for q in quarters])),
        "B.flow.un": float(np.mean([q.un for q in quarters])),
        "B.flow.nu": float(np.mean([q.nu for q in quarters])) * scale,
        "B.flow.ne": float(np.mean([q.ne for q in quarters])) * scale,
        "B.flow.en": float(np.mean([q.en for q in quarters])) * scale,
        "B.flow.job_to_job": moves / jobs_a_year_earlier if jobs_a_year_earlier else float("nan"),
        # each band's quarterly job finding and job loss over all ages' or another band's
        # (pooled over quarters)
        **{
            f"B.flow.{flow}_{band}": _relative(by_age[f], k, _over(flow, band))
            for f, flow in enumerate(FLOWS_BY_AGE)
            for k, band in enumerate(AGE_BANDS)
        },
        **{f"B.ww.{m}": share(durations > m) for m in (3, 6, 12)},
        **{
            f"B.flow.job_to_job_{band}": moved / both if both else float("nan")
            for band, (both, moved) in zip(JOB_TO_JOB_AGES, moves_by_age.tolist(), strict=True)
        },
        "B.flow.stop_out_of_school": 1 - stopped_in_school / stopped if stopped else float("nan"),
        "B.flow.dismissed_3m": losers_working / losers if losers else float("nan"),
        "B.ww.partial_share": ww_partial_starts / ww_starts if ww_starts else float("nan"),
        "B.ww.under_27": ww_young_starts / ww_starts if ww_starts else float("nan"),
        "B.ww.stock_50_plus": ww_old_months / ww_months if ww_months else float("nan"),
        "B.bijstand.in": bijstand_in * scale / years,
        "B.bijstand.out": bijstand_out * scale / years,
        "B.bijstand.to_work": bijstand_to_work * scale / years,
        "B.tfr": fertility.total_fertility(),
        "B.first_birth_age": fertility.first_birth_age(),
        "B.asfr_35_39": fertility.rate(35, 40),
        "B.gfr": fertility.rate(15, 50),
    }
    return out
