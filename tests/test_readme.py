"""The README's promises: two Quick start commands, CI runs the second, the data dictionary is complete."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from readme_command import quick_start_commands  # noqa: E402


def test_quick_start_has_exactly_two_commands() -> None:
    cmds = quick_start_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(cmds) == 2
    lab, test = cmds
    assert "jupyter lab notebooks/00_start_here.ipynb" in lab
    assert "-c constraints.txt" in lab and "-c constraints.txt" in test
    assert "pytest" in test and ".[test]" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "tools/readme_command.py test" in ci
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "readme_command.py"), "test"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == quick_start_commands((ROOT / "README.md").read_text(encoding="utf-8"))[1]


def test_readme_links_exist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:notebooks|data|docs|apps|tools)/[^)#]+|LICENSE[^)]*|CONTRIBUTING\.md)\)", text):
        assert (ROOT / target).exists(), f"README links to missing {target}"


def test_every_data_file_is_in_the_data_dictionary() -> None:
    dictionary = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for csv in sorted((ROOT / "data").glob("*.csv")):
        assert f"`{csv.name}`" in dictionary, f"{csv.name} is not described in data/README.md"
