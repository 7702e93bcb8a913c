"""Parameter sweeps and sensitivity analysis, locally or on a Dask cluster.

A sweep file names a base scenario, the parameters to vary, a design, the seeds per point and
the indicators to keep::

    scenario: ../scenarios/case_management_45plus.yaml   # relative to the sweep file
    design: {method: sobol, samples: 64}                  # grid | random | lhs | sobol
    vary:
      interventions.case_management.job_finding_factor: [1.0, 3.0]
      labour.flex_to_permanent: [0.01, 0.04]
    seeds: 2
    keep: [employment_rate, bijstand_share, net_public_cost_per_year]
    persons: 20000
    years: 10

Ranges ``[low, high]`` are sampled by ``random``, ``lhs`` and ``sobol``; ``grid`` takes lists of
values as they are, or ``levels`` evenly spaced values between two bounds. Indicators are the
outcomes over the horizon (``employment_rate``) or of a subgroup (``employment_rate@sex=female``).

Runs go to any :class:`concurrent.futures.Executor`. Each finished run is written at once to
``runs/<run-id>.parquet`` (atomically), so a sweep that is stopped loses at most the runs in
flight; running again into the same folder skips what is done.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulation.errors import LifecourseError, ParameterError, ScenarioError, did_you_mean
from simulation.plotting import pyplot
from simulation.scenario import Scenario, load_scenario
from simulation.summary import SUBGROUPS


class SweepError(LifecourseError):
    """A sweep file that cannot be run."""


class Design(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    method: Literal["grid", "random", "lhs", "sobol"] = "grid"
    samples: int = Field(16, gt=0, le=1_000_000)  # random, lhs: points; sobol: base samples N
    levels: int = Field(3, ge=2, le=1000)  # grid: values between two bounds
    seed: int = Field(0, ge=0)  # for drawing the design points


class SweepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    scenario: str
    design: Design = Design()
    vary: dict[str, list[float]]
    seeds: int = Field(1, ge=1, le=10_000)
    keep: list[str] = Field(min_length=1)
    persons: int | None = Field(None, gt=0)
    years: float | None = Field(None, gt=0, le=100)


def indicator_names() -> list[str]:
    """The outcome indicators a sweep can keep (over the horizon)."""
    from simulation.model import LifeCourseModel

    model = LifeCourseModel(persons=50, years=1 / 12, record_events=False)
    model.run()
    return sorted(set(model.outcomes().indicator))


class Sweep:
    """A validated sweep: the base scenario, the design points and the runs."""

    def __init__(self, spec: SweepSpec, scenario: Scenario, source: str):
        self.spec = spec
        self.scenario = scenario
        self.source = source
        self.names = list(spec.vary)
        self.points = self._points()
        self.seeds = [scenario.seed + k for k in range(spec.seeds)]

    # -- the design ------------------------------------------------------------------------------
    def problem(self) -> dict[str, Any]:
        """The design as SALib describes it."""
        return {
            "num_vars": len(self.names),
            "names": self.names,
            "bounds": [[min(v), max(v)] for v in self.spec.vary.values()],
        }

    def _points(self) -> np.ndarray:
        design, vary = self.spec.design, self.spec.vary
        if design.method == "grid":
            spaced = "levels" in design.model_fields_set
            axes = [
                np.linspace(v[0], v[1], design.levels) if spaced and len(v) == 2 else np.asarray(v)
                for v in vary.values()
            ]
            return np.array(list(itertools.product(*axes)), dtype=float)
        bounds = np.array(self.problem()["bounds"], dtype=float)
        if design.method == "random":
            u = np.random.default_rng(design.seed).random((design.samples, len(self.names)))
        elif design.method == "lhs":
            from SALib.sample import latin

            return latin.sample(self.problem(), design.samples, seed=design.seed)
        else:
            from SALib.sample import sobol

            return sobol.sample(
                self.problem(), design.samples, calc_second_order=False, seed=design.seed
            )
        return bounds[:, 0] + u * (bounds[:, 1] - bounds[:, 0])

    def runs(self) -> list[dict[str, Any]]:
        """Every run: id, point number, replicate, seed and parameter values."""
        out = []
        for p, values in enumerate(self.points):
            for r, seed in enumerate(self.seeds):
                out.append(
                    {
                        "run_id": f"p{p:06d}-r{r:03d}",
                        "point": p,
                        "replicate": r,
                        "seed": seed,
                        "values": {n: float(v) for n, v in zip(self.names, values, strict=True)},
                    }
                )
        return out

    def fingerprint(self) -> dict[str, Any]:
        return {
            "sweep": self.spec.model_dump(mode="json"),
            "scenario": self.scenario.model_dump(mode="json"),
            "runs": len(self.points) * len(self.seeds),
        }


def _check_vary(scenario: Scenario, spec: SweepSpec, where: str) -> None:
    params = scenario.resolved_parameters()
    for path, values in spec.vary.items():
        if not values:
            raise SweepError(f"{where}: vary.{path}: empty range; give [low, high] or values")
        if spec.design.method != "grid":
            if len(values) != 2:
                raise SweepError(
                    f"{where}: vary.{path}: a {spec.design.method} design needs [low, high],"
                    f" got {len(values)} values"
                )
            if values[0] >= values[1]:
                raise SweepError(
                    f"{where}: vary.{path}: lower bound {values[0]} is not below upper {values[1]}"
                )
        elif (
            "levels" in spec.design.model_fields_set and len(values) == 2 and values[0] > values[1]
        ):
            raise SweepError(
                f"{where}: vary.{path}: lower bound {values[0]} is above upper {values[1]}"
            )
        for value in (min(values), max(values)):
            try:
                params.with_overrides({path: float(value)}, f"{where}: vary")
            except ParameterError as exc:
                raise SweepError(str(exc)) from None


def _check_keep(keep: list[str], where: str) -> None:
    names = indicator_names()
    for item in keep:
        name, _, subgroup = item.partition("@")
        if name not in names:
            raise SweepError(
                f"{where}: keep: unknown indicator '{name}'{did_you_mean(name, names)};"
                f" allowed: {', '.join(names)}"
            )
        if subgroup and subgroup not in SUBGROUPS:
            raise SweepError(
                f"{where}: keep: unknown subgroup '{subgroup}'{did_you_mean(subgroup, SUBGROUPS)};"
                f" allowed: {', '.join(SUBGROUPS)}"
            )


def load_sweep(path: str | Path) -> Sweep:
    """Read and check a sweep file; every error is raised before any run starts."""
    path = Path(path)
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SweepError(f"{where}: no such sweep file") from None
    except yaml.YAMLError as exc:
        raise SweepError(f"{where}: malformed YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise SweepError(f"{where}: a sweep file is a mapping (scenario, design, vary, …)")
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        if err["type"] == "extra_forbidden":
            allowed = sorted(SweepSpec.model_fields)
            hint = did_you_mean(str(err["loc"][-1]), allowed)
            raise SweepError(
                f"{where}: unknown key '{loc}'{hint}; allowed: {', '.join(allowed)}"
            ) from None
        raise SweepError(f"{where}: {loc}: {err['msg']}") from None
    try:
        scenario = load_scenario(path.parent / spec.scenario)
    except ScenarioError as exc:
        raise SweepError(f"{where}: scenario: {exc}") from None
    _check_vary(scenario, spec, where)
    _check_keep(spec.keep, where)
    return Sweep(spec, scenario, where)


# -- running --------------------------------------------------------------------------------------
def run_point(
    scenario: Scenario, values: dict[str, float], seed: int, persons: int | None,
    years: float | None, keep: list[str],
) -> dict[str, float]:  # fmt: skip
    """One run with parameter values: the kept indicators (a top-level function for workers)."""
    from simulation.model import LifeCourseModel

    started = time.perf_counter()
    model = LifeCourseModel(
        scenario, persons=persons, years=years, seed=seed, parameters=values, record_events=False
    )
    model.run()
    outcomes = model.outcomes()
    horizon = outcomes[outcomes.period == "horizon"].set_index(["indicator", "subgroup"])["value"]
    row = {item: float(horizon[(item.partition("@")[0], item.partition("@")[2] or "all")])
           for item in keep}  # fmt: skip
    row["seconds"] = time.perf_counter() - started
    return row


@contextmanager
def executor_for(workers: int | None = None, dask: str | None = None) -> Iterator[Executor]:
    """A process pool (default), an existing Dask cluster (``tcp://…``) or a local one
    (``local:N``)."""
    if dask is None:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), mp_context=context) as pool:
            yield pool
        return
    try:
        import dask as dask_module
        from distributed import Client, LocalCluster
    except ImportError:
        raise LifecourseError(
            "--dask needs Dask: install the cluster extra, pip install -e '.[cluster]'"
        ) from None
    # the nanny's MALLOC_TRIM_THRESHOLD_ slows numpy down 1.6-2x here (RECIPES.md)
    with dask_module.config.set(
        {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
    ):
        if dask.startswith("local:"):
            try:
                n = int(dask.removeprefix("local:"))
            except ValueError:
                raise LifecourseError(f"--dask {dask}: write local:N with N workers") from None
            cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, dashboard_address=None, host="127.0.0.1"
            )
            with cluster, Client(cluster) as client:
                yield client.get_executor()
        else:
            with Client(dask) as client:
                yield client.get_executor()


def _write_run(folder: Path, run: dict[str, Any], row: dict[str, float]) -> None:
    record = {
        "run_id": run["run_id"], "point": run["point"], "replicate": run["replicate"],
        "seed": run["seed"], **run["values"], **row,
    }  # fmt: skip
    tmp = folder / f".{run['run_id']}.tmp"
    pd.DataFrame([record]).to_parquet(tmp, index=False)
    tmp.rename(folder / f"{run['run_id']}.parquet")


def run_sweep(
    sweep: Sweep,
    out: Path,
    executor: Executor | None = None,
    resume: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Run every run not yet in ``out/runs``; return the results, one row per run."""
    runs_dir = out / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = sweep.fingerprint()
    stamp = out / "sweep.json"
    if stamp.exists():
        if json.loads(stamp.read_text()) != json.loads(json.dumps(fingerprint)):
            raise SweepError(
                f"{out}: holds another sweep (sweep.json differs); choose a new --out folder"
            )
    else:
        stamp.write_text(json.dumps(fingerprint, indent=2) + "\n")
    for leftover in runs_dir.glob(".*.tmp"):
        leftover.unlink()
    done = {p.stem for p in runs_dir.glob("*.parquet")} if resume else set()
    todo = [run for run in sweep.runs() if run["run_id"] not in done]
    total = len(sweep.runs())
    if progress:
        progress(total - len(todo), total)
    spec = sweep.spec
    args = (spec.persons, spec.years, list(spec.keep))
    if executor is None:
        for run in todo:
            _write_run(runs_dir, run, run_point(sweep.scenario, run["values"], run["seed"], *args))
            if progress:
                progress(1, total)
    else:
        futures: dict[Future, dict[str, Any]] = {
            executor.submit(run_point, sweep.scenario, run["values"], run["seed"], *args): run
            for run in todo
        }
        for future in as_completed(futures):
            _write_run(runs_dir, futures[future], future.result())
            if progress:
                progress(1, total)
    return collect(out)


def collect(out: Path) -> pd.DataFrame:
    files = sorted((out / "runs").glob("*.parquet"))
    frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return frame.sort_values("run_id").reset_index(drop=True)


# -- analysis -------------------------------------------------------------------------------------
def sobol_indices(
    problem: dict[str, Any], outputs: dict[str, np.ndarray], seed: int = 0
) -> pd.DataFrame:
    """First-order and total Sobol indices with 95% confidence intervals (SALib, Saltelli)."""
    from SALib.analyze import sobol

    rows = []
    for indicator, y in outputs.items():
        result = sobol.analyze(
            problem, np.asarray(y, dtype=float), calc_second_order=False, seed=seed
        )
        for k, name in enumerate(problem["names"]):
            rows.append({
                "indicator": indicator, "parameter": name,
                "S1": result["S1"][k], "S1_conf": result["S1_conf"][k],
                "ST": result["ST"][k], "ST_conf": result["ST_conf"][k],
            })  # fmt: skip
    return pd.DataFrame(rows)


def analyse(sweep: Sweep, results: pd.DataFrame, out: Path) -> list[Path]:
    """sensitivity.csv (Sobol) and figures; returns the files written."""
    plt = pyplot()
    figures = out / "figures"
    figures.mkdir(exist_ok=True)
    written: list[Path] = []
    means = results.groupby("point", sort=True)[list(sweep.spec.keep)].mean()
    if sweep.spec.design.method == "sobol":
        indices = sobol_indices(
            sweep.problem(),
            {k: means[k].to_numpy() for k in sweep.spec.keep},
            sweep.spec.design.seed,
        )
        indices.to_csv(out / "sensitivity.csv", index=False)
        written.append(out / "sensitivity.csv")
        for indicator, rows in indices.groupby("indicator", sort=False):
            fig, ax = plt.subplots(figsize=(6, 0.8 + 0.5 * len(rows)))
            y = np.arange(len(rows))
            ax.barh(y - 0.2, rows.S1, 0.4, xerr=rows.S1_conf, label="first order", color="#4477aa")
            ax.barh(y + 0.2, rows.ST, 0.4, xerr=rows.ST_conf, label="total", color="#ee6677")
            ax.set_yticks(y, rows.parameter, fontsize=8)
            ax.set_title(f"Sobol indices: {indicator}", fontsize=9)
            ax.legend(fontsize=8)
            fig.tight_layout()
            path = figures / f"sobol_{_safe(indicator)}.png"
            fig.savefig(path, dpi=110)
            plt.close(fig)
            written.append(path)
    else:
        values = results.groupby("point", sort=True)[sweep.names].first()
        for indicator in sweep.spec.keep:
            fig, axes = plt.subplots(1, len(sweep.names), figsize=(3.5 * len(sweep.names), 3))
            for ax, name in zip(np.atleast_1d(axes), sweep.names, strict=True):
                ax.scatter(values[name], means[indicator], s=12, color="#4477aa")
                ax.set_xlabel(name, fontsize=7)
                ax.set_ylabel(indicator, fontsize=7)
            fig.tight_layout()
            path = figures / f"{_safe(indicator)}.png"
            fig.savefig(path, dpi=110)
            plt.close(fig)
            written.append(path)
    return written


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
