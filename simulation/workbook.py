"""One Excel workbook of a comparison's or a sweep's tables (``results.xlsx``, openpyxl).

The first sheet, README, says what was run (scenario, seeds, version, revision) and what every
column of every sheet means, in the words of :data:`simulation.tables.LABELS`. Each table is a
sheet with the same columns as its CSV file; where a table names indicators or groups, a column
of their labels follows the identifiers. A table longer than a sheet holds is left to its CSV.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulation.tables import label

#: rows a sheet holds (Excel's limit, less the header)
MAX_ROWS = 1_048_575
#: identifier columns that get a label column beside them
LABELLED = {"indicator": "indicator_label", "subgroup": "group_label", "measure": "measure_label"}


def _with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column, name in LABELLED.items():
        if column in out:
            texts = {v: label(str(v)).text for v in out[column].unique()}
            out.insert(out.columns.get_loc(column) + 1, name, out[column].map(texts))
    return out


def write_workbook(
    path: Path,
    sheets: dict[str, pd.DataFrame],
    about: dict[str, object],
    meanings: dict[str, str] | None = None,
) -> Path:
    """``sheets`` (name -> table) behind a README sheet of ``about`` (what was run) and of the
    meaning of each column (``meanings`` first, else its label)."""
    meanings = meanings or {}
    readme: list[tuple[str, str, str]] = [(key, "", str(value)) for key, value in about.items()]
    readme.append(("", "", ""))
    readme.append(("sheet", "column", "meaning"))
    written: dict[str, pd.DataFrame] = {}
    for name, frame in sheets.items():
        if len(frame) > MAX_ROWS:
            readme.append((name, "", f"{len(frame):,} rows, more than a sheet holds: see the CSV"))
            continue
        written[name] = _with_labels(frame)
        for column in written[name].columns:
            if column in LABELLED.values():
                meaning = "the label of the identifier to its left"
            else:
                meaning = meanings.get(column, label(str(column)).text)
            readme.append((name, str(column), meaning))
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(readme, columns=["item", "column", "value"]).to_excel(
            writer, sheet_name="README", index=False
        )
        for name, frame in written.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
        for sheet in writer.book.worksheets:
            sheet.freeze_panes = "A2"
            for cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in cells[:200])
                sheet.column_dimensions[cells[0].column_letter].width = min(60, max(8, width + 2))
    return path
