"""Lint and formatting as tests, so CI (which runs the README's test command) checks them too.

The rules are pyproject.toml's ``[tool.ruff]``; ruff comes with the test extra. A failure shows
ruff's own report: run ``.venv/bin/ruff check --fix`` or ``.venv/bin/ruff format`` on the files
it names.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("simulation", "tests", "benchmarks", "examples", "docs")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command):
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *CHECKED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"ruff {' '.join(command)}:\n{done.stdout}{done.stderr}"
