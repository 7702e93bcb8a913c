"""Shared fixtures."""

from __future__ import annotations

import pytest

from simulation.parameters import Parameters


@pytest.fixture(scope="session")
def defaults() -> Parameters:
    return Parameters.defaults()
