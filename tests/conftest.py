"""Fixtures shared by the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from itband_edu.parameters import data_dir


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the data folder, to change a value and see what follows."""
    dst = tmp_path / "data"
    shutil.copytree(data_dir(), dst)
    return dst
