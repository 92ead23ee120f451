"""Lessons are committed stripped: outputs only in the cells nbval compares (marked and tagged)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_lessons() -> None:
    assert len(LESSONS) >= 4


def test_lessons_are_stripped() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "strip_notebooks.py"), "--check", *map(str, LESSONS)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
