"""The package type-checks with mypy and passes ruff, using the settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_mypy_is_clean() -> None:
    proc = _run("mypy")  # files and options come from [tool.mypy]
    print(proc.stdout, proc.stderr)
    assert proc.returncode == 0, f"mypy found problems:\n{proc.stdout}{proc.stderr}"


def test_ruff_is_clean() -> None:
    proc = _run("ruff", "check", "src")  # rules come from [tool.ruff]
    print(proc.stdout, proc.stderr)
    assert proc.returncode == 0, f"ruff found problems:\n{proc.stdout}{proc.stderr}"


def test_test_module_names_are_unique() -> None:
    """pytest imports test modules by basename (no packages under tests/): two test_x.py in different
    folders collide in a fresh clone ("import file mismatch"), though a warm cache may hide it."""
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
