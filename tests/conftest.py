"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _shared_location() -> Path:
    """The `shared` folder beside the project root, or $MEASURES_SHARED."""
    override = os.environ.get("MEASURES_SHARED")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Path of the shared folder (gold files, guidelines, tools).

    Skips the test when the folder is absent, except on CI (``CI=true``),
    where its absence is a failure.
    """
    path = _shared_location()
    if not path.is_dir():
        message = f"shared folder not found at {path} (set MEASURES_SHARED to point to it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
