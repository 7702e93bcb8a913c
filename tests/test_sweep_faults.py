"""Sweeps under faults: interrupts, failing runs, damaged or foreign files, killed parents."""

import os
import signal
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import pandas as pd
import pytest

from simulation.executors import executor_for
from simulation.lifeline import parent_death_signal
from simulation.sensitivity import finish
from simulation.sweep import load_sweep
from simulation.sweeprun import SweepStoppedError, run_point, run_sweep

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"

#: 60 points x 2 seeds = 120 runs of 50 persons for a month: about 5 s
TINY = f"""scenario: {BASE}
design: {{method: grid, levels: 60}}
vary:
  labour.job_finding.low: [0.05, 0.30]
seeds: 2
keep: [employment_rate, bijstand_share]
persons: 50
years: 0.0834
"""

#: 16 runs of a few seconds each: long enough to be interrupted mid-run
SLOWER = f"""scenario: {BASE}
design: {{method: grid, levels: 8}}
vary:
  labour.job_finding.low: [0.05, 0.30]
seeds: 2
keep: [employment_rate]
persons: 10000
years: 2
"""


def write(folder: Path, text: str, name: str = "sweep.yaml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


def interrupt_after(n: int):
    """A progress callback that interrupts (as Ctrl-C would) once ``n`` runs are counted."""
    seen = [0]

    def progress(step: int, _total: int) -> None:
        seen[0] += step
        if seen[0] >= n:
            raise KeyboardInterrupt

    return progress


def complete(sweep, out: Path) -> bytes:
    outcome = run_sweep(sweep, out)
    assert outcome.results is not None and not outcome.failed
    finish(sweep, outcome.results, out)
    return (out / "results.parquet").read_bytes()


def test_a_sweep_interrupted_anywhere_and_resumed_ends_as_an_uninterrupted_one(tmp_path):
    sweep = load_sweep(write(tmp_path, TINY))
    assert len(sweep.runs()) == 120
    reference = complete(sweep, tmp_path / "whole")
    out = tmp_path / "stopped"
    kept = []
    for stop_at in (1, 37, 90, 119):  # a run count at which the next interrupt comes
        with pytest.raises(SweepStoppedError) as stopped:
            run_sweep(sweep, out, progress=interrupt_after(stop_at))
        assert stopped.value.reason == "interrupted" and stopped.value.total == 120
        assert stopped.value.kept == len(list((out / "runs").glob("*.parquet")))
        kept.append(stopped.value.kept)
        assert not (out / "results.parquet").exists()  # nothing that looks finished
    assert kept == sorted(kept) and kept[-1] == 119
    # damage between resumes: a truncated and an empty run file, a foreign file, sweep.json cut
    files = sorted((out / "runs").glob("*.parquet"))
    files[3].write_bytes(files[3].read_bytes()[:40])
    files[7].write_bytes(b"")
    pd.DataFrame({"x": [1.0]}).to_parquet(out / "runs" / "notes.parquet")
    stamp = out / "sweep.json"
    stamp.write_text(stamp.read_text()[:50])
    outcome = run_sweep(sweep, out)
    assert any("2 damaged run files run again" in w for w in outcome.warnings)
    assert any("notes.parquet" in w and "ignored" in w for w in outcome.warnings)
    assert any("sweep.json: damaged" in w for w in outcome.warnings)
    finish(sweep, outcome.results, out)
    assert (out / "results.parquet").read_bytes() == reference
    assert outcome.results.run_id.is_unique and len(outcome.results) == 120


def test_a_failing_run_is_recorded_and_the_others_are_kept(tmp_path):
    sweep = load_sweep(write(tmp_path, TINY.replace("levels: 60", "levels: 4")))
    bad = sweep.runs()[3]["run_id"]

    def flaky(scenario, values, seed, *args):
        if seed == sweep.runs()[3]["seed"] and values == sweep.runs()[3]["values"]:
            raise ValueError("the model met something it cannot handle")
        return run_point(scenario, values, seed, *args)

    out = tmp_path / "out"
    outcome = run_sweep(sweep, out, task=flaky)
    assert outcome.results is None and list(outcome.failed) == [bad]
    assert "ValueError: the model met something" in outcome.failed[bad]
    assert len(list((out / "runs").glob("*.parquet"))) == 7
    assert (out / "runs" / f"{bad}.failed.json").exists()
    with pytest.raises(SweepStoppedError, match="failed"):  # --fail-fast stops at once
        run_sweep(sweep, out, task=flaky, fail_fast=True)
    fixed = run_sweep(sweep, out)  # after a fix, resume reruns only the failed run
    assert fixed.results is not None and len(fixed.results) == 8 and not fixed.failed
    assert not list((out / "runs").glob("*.failed.json"))


def test_the_command_reports_failures_and_writes_no_results(tmp_path, monkeypatch, capsys):
    from simulation import cli, executors, sweeprun

    path = write(tmp_path, TINY.replace("levels: 60", "levels: 2"))
    out = tmp_path / "out"

    def broken(*args):
        raise RuntimeError("boom")

    real = sweeprun.run_sweep
    monkeypatch.setattr(sweeprun, "run_sweep", lambda *a, **k: real(*a, **k, task=broken))
    monkeypatch.setattr(executors, "executor_for", lambda *a: nullcontext(None))
    code = cli.main(["sweep", str(path), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "4 of 4 runs failed" in err and "RuntimeError: boom" in err and "--resume" in err
    assert len(err.strip().splitlines()) == 1
    assert not (out / "results.parquet").exists()


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    from simulation.preflight import alive

    return {p for p in pids if alive(p)}


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(
    tmp_path: Path, where: tuple[str, str] = ("--workers", "2")
) -> tuple[subprocess.Popen, Path, Path]:
    path = write(tmp_path, SLOWER)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "simulation.cli", "sweep", str(path), *where,
           "--out", str(out), "--quiet"]  # fmt: skip
    # a terminal's Ctrl-C reaches a process whose SIGINT has its default disposition; the test
    # run may have inherited SIGINT ignored (as background jobs do), which a child inherits too
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_default_sigint)  # fmt: skip
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "runs").glob("*.parquet"))) < 1:
        time.sleep(0.1)
    assert proc.poll() is None
    return proc, path, out


@pytest.mark.parametrize("how", ["SIGINT to the group", "SIGTERM to the command"])
def test_a_stopped_sweep_keeps_its_runs_says_how_to_resume_and_exits_at_once(tmp_path, how):
    proc, _, out = _start(tmp_path)
    workers = _descendants(proc.pid)
    started = time.time()
    if how.startswith("SIGINT"):
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    else:
        os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert time.time() - started < 10
    assert proc.returncode == 130, err
    kept = len(list((out / "runs").glob("*.parquet")))
    assert f"{kept} of 16 runs kept" in err and "--resume" in err and "Traceback" not in err
    assert not (out / "results.parquet").exists()
    time.sleep(1)
    assert not _alive(workers)


@pytest.mark.slow
def test_a_stopped_dask_sweep_is_one_line_and_its_local_workers_end(tmp_path):
    proc, _, out = _start(tmp_path, ("--dask", "local:2"))
    workers = _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and len(err.strip().splitlines()) == 1, err
    assert f"{len(list((out / 'runs').glob('*.parquet')))} of 16 runs kept" in err
    time.sleep(2)
    assert not _alive(workers)


@pytest.mark.slow
def test_local_dask_workers_end_when_the_sweep_is_killed(tmp_path):
    proc, _, _ = _start(tmp_path, ("--dask", "local:2"))
    workers = _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and _alive(workers):
        time.sleep(0.2)
    assert not _alive(workers)


def test_workers_end_when_the_sweep_is_killed(tmp_path):
    proc, _, _ = _start(tmp_path)
    workers = _descendants(proc.pid)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and _alive(workers):
        time.sleep(0.2)
    assert not _alive(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_pool_workers_are_killed_by_the_kernel_when_their_parent_ends():
    with executor_for(workers=1) as pool:
        assert pool.submit(parent_death_signal).result() == signal.SIGKILL
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("local:0", "allowed: local:1 to local:256"),
        ("local:-1", "allowed: local:1 to local:256"),
        ("local:two", "write local:N"),
        ("nonsense", "allowed: a scheduler address"),
        ("tcp://127.0.0.1", "allowed: a scheduler address"),
    ],
)
def test_bad_dask_addresses_are_refused_by_the_flag(tmp_path, capsys, address, message):
    from simulation.cli import main

    path = write(tmp_path, TINY)
    with pytest.raises(SystemExit) as exit_:
        main(["sweep", str(path), "--dask", address, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "--dask" in err and message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_unreachable_dask_scheduler_is_a_one_line_error_after_the_timeout(tmp_path):
    path = write(tmp_path, TINY.replace("levels: 60", "levels: 2"))
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "simulation.cli", "sweep", str(path), "--dask",
         "tcp://127.0.0.1:1", "--dask-timeout", "2", "--out", str(tmp_path / "out"), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "no Dask scheduler answered within 2 s" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert time.time() - started < 20


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_dashboard_server_ends_with_the_command(tmp_path, how):
    pytest.importorskip("solara", reason="the dashboard extra is not installed")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulation.cli", "dashboard", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline and not _descendants(proc.pid):
        time.sleep(0.1)
    server = _descendants(proc.pid)
    assert server
    time.sleep(1)
    os.kill(proc.pid, how)
    proc.wait(timeout=30)
    deadline = time.time() + 15
    while time.time() < deadline and _alive(server):
        time.sleep(0.2)
    assert not _alive(server)


def _die_on_the_third_point(scenario, values, seed, *args):
    if values["labour.job_finding.low"] > 0.2:
        os._exit(1)  # as the out-of-memory killer would end a worker
    return run_point(scenario, values, seed, *args)


def test_a_dying_worker_stops_the_sweep_keeping_the_finished_runs(tmp_path):
    sweep = load_sweep(write(tmp_path, TINY.replace("levels: 60", "levels: 4")))
    out = tmp_path / "out"
    with (
        pytest.raises(SweepStoppedError, match="worker process died") as stopped,
        executor_for(workers=1) as pool,
    ):
        run_sweep(sweep, out, pool, task=_die_on_the_third_point)
    assert stopped.value.kept == len(list((out / "runs").glob("*.parquet"))) >= 1
    assert run_sweep(sweep, out).results is not None  # resumed without the fault


def test_a_second_sweep_into_a_folder_in_use_is_refused(tmp_path, capsys):
    from simulation.cli import main

    path = write(tmp_path, TINY.replace("levels: 60", "levels: 2"))
    out = tmp_path / "out"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out.mkdir()
        (out / ".lifecourse-claim").write_text(str(other.pid))
        assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 2
    finally:
        other.kill()
        other.wait()
    err = capsys.readouterr().err
    assert f"another lifecourse process (pid {other.pid})" in err
    assert not (out / "runs").exists()
