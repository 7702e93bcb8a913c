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
