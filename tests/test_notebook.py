"""examples/first_steps.ipynb runs: its code cells in order, in one namespace, as a kernel
would (without Jupyter), from the examples folder, so the notebook cannot rot."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "first_steps.ipynb"


def test_the_notebook_is_nbformat_4():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and "metadata" in notebook
    kinds = [cell["cell_type"] for cell in notebook["cells"]]
    assert set(kinds) == {"markdown", "code"}
    for cell in notebook["cells"]:
        assert isinstance(cell["source"], list) and "metadata" in cell
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and "execution_count" in cell


def test_the_notebook_runs_a_scenario_compares_and_follows_a_person(monkeypatch):
    monkeypatch.chdir(NOTEBOOK.parent)
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__"}
    for n, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            code = compile("".join(cell["source"]), f"{NOTEBOOK.name}, cell {n}", "exec")
            exec(code, namespace)  # the point of the test
    assert namespace["ROOT"] == ROOT
    assert not namespace["overall"].empty
    headline = namespace["result"].headline()
    assert "childcare" in headline.index.get_level_values("scenario")
    assert namespace["person"].events
