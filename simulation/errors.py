"""Errors a user can act on. The CLI prints them as one line and exits with code 2."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class LifecourseError(Exception):
    """Bad input: a scenario, parameter or command-line value that cannot be used."""


class ScenarioError(LifecourseError):
    """A scenario file that cannot be read or does not validate."""


class ParameterError(LifecourseError):
    """A parameter file entry or override that is missing, unknown or out of range."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean …?)' hint for a near miss, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` is, or was caused by, Ctrl-C or SIGTERM: a KeyboardInterrupt raised while
    numba-compiled code runs surfaces as a SystemError whose cause is the interrupt."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
