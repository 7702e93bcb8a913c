"""Reading the project's YAML files: safe tags only, duplicate keys refused, regular files only.

``yaml.safe_load`` silently keeps the last of two equal keys, so a sweep with a range written
twice or a scenario with two ``horizon:`` lines ran with whichever came last. The loader here
refuses them with the line of the second key. Files are read only if they are regular files of
a sane size: ``extends: /dev/zero`` or a folder given as a file would otherwise read forever or
end in a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: larger than any hand-written scenario, sweep or calibration file by a factor of a thousand
MAX_BYTES = 10_000_000


class _UniqueKeyLoader(yaml.SafeLoader):
    """The safe loader, refusing a key that appears twice in one mapping."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:  # an unhashable key: the base class reports it
                    break
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key '{key}'", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse(text: str) -> Any:
    """YAML text to Python objects (safe tags only; duplicate keys are an error)."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe tags only


def problem(exc: yaml.YAMLError) -> str:
    """':LINE: what is wrong' of a YAML error, for a one-line message after the file name."""
    mark = getattr(exc, "problem_mark", None)
    line = f":{mark.line + 1}" if mark is not None else ""
    what = getattr(exc, "problem", None) or "not valid YAML"
    return f"{line}: malformed YAML: {what}"


def read_text(path: Path) -> str:
    """The text of a regular UTF-8 file; OSError or ValueError (with a short reason) otherwise."""
    if path.is_dir():
        raise IsADirectoryError("is a folder, not a file")
    if path.exists() and not path.is_file():
        raise ValueError("is not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not UTF-8 text (byte {exc.start})") from None


def load_file(path: Path, kind: str, error: type[Exception]) -> tuple[Any, str]:
    """Read and parse a YAML file: (data, text). Every failure is ``error`` with one line
    naming the file; an empty file (or one holding only comments) is an error too."""
    where = str(path)
    try:
        text = read_text(path)
    except FileNotFoundError:
        raise error(f"{where}: no such {kind} file") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, IsADirectoryError):
            reason = "is a folder, not a file"
        raise error(f"{where}: cannot be read as a {kind} file: {reason}") from None
    try:
        data = parse(text)
    except yaml.YAMLError as exc:
        raise error(f"{where}{problem(exc)}") from None
    if data is None:
        raise error(f"{where}: the {kind} file is empty")
    return data, text
