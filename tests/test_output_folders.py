"""Output folders are checked before any work and never collide; bad flags name the flag."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import one_line_error

from simulation.cli import main
from simulation.outputs import default_run_dir
from simulation.preflight import CLAIM, claim

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "base.yaml"
VALIDATION = ROOT / "scenarios" / "validation" / "calibration"


def _commands(out: Path, tmp_path: Path) -> dict[str, list[str]]:
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(
        f"scenario: {BASE}\nvary: {{labour.job_finding.low: [0.1, 0.2]}}\nkeep: [employment_rate]"
        "\npersons: 100\nyears: 0.25\n"
    )
    calibration = sorted(VALIDATION.glob("*.yaml"))[0]
    return {
        "run": ["run", str(BASE), "--persons", "200", "--years", "0.25", "--out", str(out)],
        "compare": [
            "compare",
            str(BASE),
            str(BASE),
            "--persons",
            "200",
            "--years",
            "0.25",
            "--out",
            str(out),
        ],
        "sweep": ["sweep", str(sweep), "--out", str(out), "--quiet"],
        "twins": [
            "twins",
            str(BASE),
            "--event",
            "parental_divorce",
            "--persons",
            "50",
            "--out",
            str(out),
        ],
        "calibrate": ["calibrate", str(calibration), "--out", str(out)],
        "validate": ["validate", "--fast", "--out", str(out)],
    }


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "twins", "calibrate", "validate"])
@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("symlink to an empty folder", "is a symbolic link"),
        ("dangling symlink", "is a dangling symbolic link"),
        ("path under a file", "is a file, so nothing can be written under it"),
        ("existing file", "is a file"),
    ],
)
def test_bad_output_paths_are_refused_before_any_work(tmp_path, capsys, command, make, message):
    target = tmp_path / "target"
    out = tmp_path / "out"
    if make == "symlink to an empty folder":
        target.mkdir()
        out.symlink_to(target)
    elif make == "dangling symlink":
        out.symlink_to(target)
    elif make == "path under a file":
        target.write_text("x")
        out = target / "results"
    elif make == "existing file":
        out.write_text("mine")
    if command == "calibrate" and make == "existing file":
        (tmp_path / "folder").mkdir()  # a file is replaced atomically; a folder is refused
        out, message = tmp_path / "folder", "is a folder"
    started = time.perf_counter()
    one_line_error(capsys, _commands(out, tmp_path)[command], "--out", message)
    assert time.perf_counter() - started < 20  # refused before simulating
    if make == "existing file" and command != "calibrate":
        assert out.read_text() == "mine"
    assert not target.exists() or target.is_file() or not any(target.iterdir())


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs (needs mount rights: skipped where the machine does not allow it)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_or_read_only_disk_is_refused_before_the_run(small_disk, capsys):
    argv = ["run", str(BASE), "--persons", "20000", "--years", "1", "--out"]
    one_line_error(capsys, [*argv, str(small_disk / "big")], "--out", "free")
    assert not any(small_disk.iterdir())
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    one_line_error(capsys, [*argv, str(small_disk / "ro")], "--out", "Read-only file system")


def test_a_folder_another_run_is_writing_into_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out.mkdir()
        (out / CLAIM).write_text(str(other.pid))
        argv = ["run", str(BASE), "--persons", "200", "--years", "0.25", "--out", str(out)]
        one_line_error(capsys, argv, f"another lifecourse process (pid {other.pid})")
    finally:
        other.kill()
        other.wait()
    # once that process has ended its claim is stale: the folder is taken over
    assert main(["run", str(BASE), "--persons", "200", "--years", "0.25", "--quiet",
                 "--out", str(out)]) == 0  # fmt: skip
    assert (out / "manifest.json").exists() and not (out / CLAIM).exists()


def test_runs_started_in_the_same_second_get_their_own_folders(tmp_path):
    folders = {default_run_dir(tmp_path, "base", 1) for _ in range(5)}
    assert len(folders) == 5 and all(f.is_dir() for f in folders)
    with pytest.raises(Exception, match="not empty"):
        (sorted(folders)[0] / "x").write_text("x")
        claim(sorted(folders)[0])


def test_two_runs_without_out_at_once_both_succeed(tmp_path):
    cmd = [sys.executable, "-m", "simulation.cli", "run", str(BASE), "--persons", "300",
           "--years", "0.25", "--quiet"]  # fmt: skip
    # a temporary folder of an ended process (pid 2**22 + 1 cannot exist) is cleaned up
    stale = tmp_path / "outputs" / "base" / f".x.tmp-{2**22 + 1}"
    stale.mkdir(parents=True)
    procs = [subprocess.Popen(cmd, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]  # fmt: skip
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    runs = [p for p in (tmp_path / "outputs" / "base").iterdir()]
    assert len(runs) == 2 and all((p / "manifest.json").exists() for p in runs)


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["run", str(BASE), "--persons", str(10**13)], ["--persons", "allowed: 1 to 50,000,000"]),
        (["run", str(BASE), "--seed", str(2**70)], ["--seed", "allowed: 0 to 2**63 - 1"]),
        (["run", str(BASE), "--years", "0.01"], ["--years", "a month"]),
        (["dashboard", "--port", "70000"], ["--port", "allowed: 1 to 65535"]),
    ],
)
def test_each_flag_error_names_the_flag(capsys, argv, needles):
    one_line_error(capsys, argv, *needles)


def test_a_population_beyond_memory_is_refused_by_the_flag(capsys, monkeypatch):
    from simulation import preflight

    monkeypatch.setattr(preflight, "available_memory", lambda: 2_000_000_000)
    one_line_error(capsys, ["run", str(BASE), "--persons", "40000000"], "--persons",
                   "need about", "available")  # fmt: skip


def test_an_interrupted_run_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "simulation.cli", "run", str(BASE), "--persons", "100000",
           "--years", "20", "--out", str(out), "--quiet"]  # fmt: skip
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not (out / CLAIM).exists():
        time.sleep(0.05)
    time.sleep(1)
    proc.send_signal(15)  # SIGTERM, as a batch scheduler
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert os.listdir(tmp_path) == []
