"""Alignment (issue 15, point 6): a scenario's ``alignment:`` makes a process's yearly totals
follow an external series, keeping each person's relative risk; every run with it reports the
factors; bad alignment input is a one-line error with exit 2 before any work starts; and a run
without it is the run it was before alignment existed."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import make_population, make_world
from helpers import one_line_error as refused

from simulation.alignment import Aligner
from simulation.alignspec import DATA, AlignmentSpec
from simulation.cli import main
from simulation.codes import LabourState, Sex
from simulation.model import LifeCourseModel
from simulation.parameters import Parameters
from simulation.processes.education import Education as School
from simulation.processes.family import Family
from simulation.processes.jobs import Jobs
from simulation.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"
YEARS = {2020: 0, 2021: 0, 2022: 0}


def scenario_file(tmp_path: Path, alignment: str, head: str = "") -> Path:
    path = tmp_path / "aligned.yaml"
    path.write_text(
        f"extends: {BASE}\nname: aligned\n{head}horizon: 3\nalignment:\n{alignment}",
        encoding="utf-8",
    )
    return path


def inline(process: str, total: float, extra: str = "", years=YEARS) -> str:
    series = ", ".join(f"{y}: {total}" for y in years)
    return f"  - process: {process}\n    series: {{{series}}}\n{extra}"


def run(path: Path, persons: int, seed: int = 11) -> LifeCourseModel:
    model = LifeCourseModel(load_scenario(path), persons=persons, seed=seed, record_events=False)
    model.run()
    return model


def within(realized: float, target: float, scale: float, sigmas: float = 4.0) -> bool:
    """A count of rare events (national units) is its target within ``sigmas`` Poisson SDs."""
    return abs(realized - target) * scale <= sigmas * math.sqrt(target * scale) + 1


# -- the totals follow the series ----------------------------------------------------------------
def test_aligned_births_follow_the_series(tmp_path):
    model = run(scenario_file(tmp_path, inline("births", 250000)), persons=20000)
    table = model.alignment()
    scale = model.immigration.scale
    assert list(table.period) == [2020, 2021, 2022]
    assert not table.clipped.any()
    # the factor is the series over the model's own expected births (about 165,000-175,000 a
    # year, fitted to S7)
    assert (table.factor > 1.3).all() and (table.factor < 2.0).all()
    for row in table.itertuples():
        assert row.target == pytest.approx(250000)
        assert within(row.realized, 250000, scale), row
    # over the three years together the bound is tighter
    assert within(table.realized.sum(), 750000, scale)


def test_deaths_follow_a_series_by_sex_from_a_file(tmp_path):
    series = tmp_path / "deaths.csv"
    series.write_text(
        "# deaths by sex, for the test\nyear,sex,deaths\n"
        + "".join(f"{y},male,30000\n{y},female,15000\n" for y in YEARS),
        encoding="utf-8",
    )
    text = f"  - process: deaths\n    series: {series.name}\n    by: [year, sex]\n"
    model = run(scenario_file(tmp_path, text + "    clip: [0.2, 5]\n"), persons=20000)
    table = model.alignment()
    scale = model.immigration.scale
    assert set(table.group) == {"male", "female"}
    assert not table.clipped.any()
    for sex, target in (("male", 30000), ("female", 15000)):
        rows = table[table.group == sex]
        assert within(rows.realized.sum(), 3 * target, scale), rows


def test_aligned_emigration_counts_partners_and_children_who_leave(tmp_path):
    model = run(scenario_file(tmp_path, inline("emigration", 150000)), persons=20000)
    table = model.alignment()
    later = table[table.period > 2020]  # the first months learn how many leave with a mover
    assert within(later.realized.sum(), 300000, model.immigration.scale, sigmas=5)


def test_aligned_immigration_is_the_series_scaled(tmp_path):
    model = run(scenario_file(tmp_path, inline("immigration", 300000)), persons=5000)
    table = model.alignment()
    scale = model.immigration.scale
    for row in table.itertuples():  # counts, a fraction carried to the next month
        assert abs(row.realized - 300000) * scale <= 1.0


def test_a_factor_beyond_the_clip_range_is_capped_and_flagged(tmp_path):
    model = run(scenario_file(tmp_path, inline("births", 1_000_000)), persons=3000)
    table = model.alignment()
    assert table.clipped.all() and (table.factor > 2).all()
    # capped at 2: births about twice the model's own, far below the series
    assert (table.realized < 0.5 * table.target).all()


# -- relative risks ------------------------------------------------------------------------------
def births_by_age(factor_target: float | None, months: int = 12) -> tuple[int, int]:
    """Births over ``months`` among single women aged 27 and 37 (100,000 each), unaligned or
    aligned so that the expected total is ``factor_target`` times the model's own."""
    n = 200_000
    pop = make_population(n, sex=Sex.FEMALE, labour_state=LabourState.INACTIVE)
    pop.birth_month[n // 2 :] -= 10 * 12  # aged 40 (a lower rate) instead of 30
    params = Parameters.defaults()
    school = School(params)
    family = Family(params, Jobs(params), school, newborns=False)
    young = np.arange(n) < n // 2
    counts = np.zeros(2, np.int64)
    world = make_world(pop)
    if factor_target is not None:
        from simulation.processes.family import Columns, _expected_births

        expected = _expected_births(world.columns(Columns), family.rates)
        series = {2020: float(12 * factor_target * expected)}
        family.align = Aligner(AlignmentSpec(process="births", series=series), series_of(series), 1)
    for month in range(months):
        world.start_month(2020 * 12 + month)
        before = pop.n_children.copy()
        family.births_step(world)
        born = pop.n_children > before
        counts += [int(born[young].sum()), int(born[~young].sum())]
    return int(counts[0]), int(counts[1])


def series_of(inline_series: dict[int, float]) -> dict[int, np.ndarray]:
    return {year: np.array([value]) for year, value in inline_series.items()}


def test_alignment_keeps_each_persons_relative_risk():
    young, older = births_by_age(None)
    young_aligned, older_aligned = births_by_age(1.8)
    # twice the model's own total, the same ratio between the ages
    assert young_aligned + older_aligned == pytest.approx(1.8 * (young + older), rel=0.05)
    ratio, aligned_ratio = young / older, young_aligned / older_aligned
    # the ratio of two Poisson counts: its relative SD is about sqrt(1/a + 1/b)
    sd = ratio * math.sqrt(1 / young + 1 / older + 1 / young_aligned + 1 / older_aligned)
    assert abs(aligned_ratio - ratio) < 4 * sd, (ratio, aligned_ratio)
    assert ratio > 2  # the test has two groups of different risk to compare


# -- without alignment nothing changes ----------------------------------------------------------
def test_reporting_only_changes_nothing_and_no_alignment_means_no_aligners(tmp_path):
    """A run whose alignments only report (``apply: false``) goes through the aligned code path
    of births, deaths and emigration with factor 1 and must equal the run without alignment, the
    run of the code before alignment existed (checked byte for byte when it was added)."""
    text = "".join(
        inline(p, 170000, "    apply: false\n") for p in ("births", "deaths", "emigration")
    )
    reported = run(scenario_file(tmp_path, text), persons=4000)
    plain = LifeCourseModel(BASE, persons=4000, years=3, seed=11, record_events=False)
    plain.run()
    assert plain.aligners == {} and plain.alignment().empty
    assert len(reported.alignment()) == 9
    a = reported.datacollector.get_model_vars_dataframe()
    b = plain.datacollector.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(a, b)
    assert np.array_equal(reported.pop.labour_state, plain.pop.labour_state)


# -- outputs -------------------------------------------------------------------------------------
def test_a_run_writes_alignment_csv_and_the_report_shows_it(tmp_path, capsys):
    path = scenario_file(tmp_path, inline("births", 170000), head="")
    out = tmp_path / "run"
    assert main(["run", str(path), "--persons", "2000", "--years", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "alignment (factor = series" in printed and "births" in printed
    table = pd.read_csv(out / "alignment.csv")
    assert list(table.columns[:4]) == ["process", "group", "period", "months"]
    assert (out / "alignment.png").stat().st_size > 1000
    assert main(["report", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Alignment: how far each factor had to move" in page and 'alt="alignment"' in page


def test_the_shipped_forecast_has_a_source_for_every_value():
    frame = pd.read_csv(DATA / "cbs_forecast.csv", comment="#")
    assert list(frame.year) == list(range(2019, 2071))
    for column in ("births", "deaths", "immigration", "emigration"):
        assert (frame[column] > 0).all()
        assert frame[f"{column}_source"].str.len().gt(10).all()
    published = frame[frame.year.isin([2023, 2030, 2040, 2050, 2060, 2070])]
    assert published.births_source.str.contains("85746NED").all()


def test_the_shipped_aligned_scenario_checks():
    spec = load_scenario(ROOT / "scenarios" / "base_aligned.yaml")
    assert [a.process for a in spec.alignment] == ["births", "emigration", "deaths"]
    assert [a.apply for a in spec.alignment] == [True, True, False]


# -- bad input -----------------------------------------------------------------------------------
CSV = "year,births\n2020,1\n2021,1\n2022,1\n"


@pytest.mark.parametrize(
    ("alignment", "files", "needles"),
    [
        (inline("birth", 1), {}, ["alignment.0.process", "unknown process 'birth'", "births"]),
        (
            inline("births", 1, "    by: [year, region]\n"),
            {},
            ["alignment.0", "unknown group 'region'", "allowed: year"],
        ),
        (
            inline("deaths", 1, "    by: [year, sex]\n"),
            {},
            ["inline series is by year only"],
        ),
        (
            "  - process: births\n    series: {2020: 1, 2022: 1}\n",
            {},
            ["alignment.0.series", "gap", "2021"],
        ),
        (inline("births", -5), {}, ["alignment.0.series", "negative"]),
        (
            "  - process: births\n    series: {2019: 1, 2020: 1, 2021: 1, 2022: 1}\n",
            {},
            ["alignment.0.series", "2019 is outside the run"],
        ),
        (
            "  - process: births\n    series: {2020: 1, 2021: 1}\n",
            {},
            ["alignment.0.series", "the run 2020-2022"],
        ),
        (
            "  - process: births\n    series: s.csv\n",
            {"s.csv": "year,births\n2020,1\n2021,-3\n2022,1\n"},
            ["alignment.0.series", "negative"],
        ),
        (
            "  - process: births\n    series: s.csv\n    column: birhts\n",
            {"s.csv": CSV},
            ["no column 'birhts'", "did you mean 'births'"],
        ),
        (
            "  - process: deaths\n    series: s.csv\n    by: [year, sex]\n",
            {"s.csv": "year,sex,deaths\n2020,male,1\n2020,other,1\n"},
            ["unknown sex 'other'", "allowed: male, female"],
        ),
        ("  - process: births\n    series: nowhere.csv\n", {}, ["no such series file"]),
        (inline("births", 1) + inline("births", 2), {}, ["alignment.1.process", "twice"]),
        (inline("births", 1, "    clip: [2, 3]\n"), {}, ["alignment.0.clip", "0 < low <= 1"]),
        (inline("births", 1, "    colour: red\n"), {}, ["unknown key", "alignment.0.colour"]),
    ],
)
def test_bad_alignment_input_is_a_one_line_error(tmp_path, capsys, alignment, files, needles):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = scenario_file(tmp_path, alignment)
    refused(capsys, ["check", str(path)], str(path), *needles)


def test_alignment_needs_a_cross_section_with_flows(tmp_path, capsys):
    cohort = scenario_file(tmp_path, inline("births", 1), head="population: {kind: cohort}\n")
    refused(capsys, ["check", str(cohort)], "needs a cross_section population")
    still = "population: {immigration: false}\n"
    path = scenario_file(tmp_path, inline("emigration", 1), head=still)
    refused(capsys, ["check", str(path)], "no migration flows")


def test_a_run_with_bad_alignment_stops_before_any_work(tmp_path, capsys):
    path = scenario_file(tmp_path, inline("births", 1))
    out = tmp_path / "run"
    # the series covers 2020-2022; ten years need 2020-2029
    refused(capsys, ["run", str(path), "--years", "10", "--out", str(out)], "the run 2020-2029")
    assert not out.exists()
