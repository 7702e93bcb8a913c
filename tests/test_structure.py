"""The package's shape rules (issue 14): compiled kernels take at most 12 arguments (columns and
tables by name, not dozens of positional floats), and no module of the package grows past 450
lines (tests/mesa_reference.py is one Mesa model on purpose and is not in the package)."""

from __future__ import annotations

import ast
from pathlib import Path

import simulation

PACKAGE = Path(simulation.__file__).resolve().parent
MAX_KERNEL_ARGUMENTS = 12
MAX_MODULE_LINES = 450


def kernels() -> list[tuple[str, int]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                "njit" in ast.unparse(d) for d in node.decorator_list
            ):
                found.append((f"{path.relative_to(PACKAGE)}:{node.name}", len(node.args.args)))
    return found


def test_kernels_take_at_most_twelve_arguments():
    found = kernels()
    assert len(found) >= 10, "the walk found too few kernels to be the package's"
    too_many = [f"{name} ({n})" for name, n in found if n > MAX_KERNEL_ARGUMENTS]
    assert not too_many, f"kernels with more than {MAX_KERNEL_ARGUMENTS} arguments: {too_many}"


def test_modules_stay_under_450_lines():
    long = [
        f"{path.relative_to(PACKAGE)} ({lines})"
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"
