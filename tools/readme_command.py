"""Print one of the two Quick start commands from README.md, so .ci/run runs exactly what a newcomer runs.

Usage: python3 tools/readme_command.py lab|test
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def quick_start_commands(text: str) -> list[str]:
    """The shell commands of the Quick start section, one string per fenced block."""
    m = re.search(r"^#+\s*quick\s*start.*?$(.*?)(?=^#{1,2}\s)", text, re.I | re.M | re.S)
    if not m:
        raise SystemExit("README.md has no 'Quick start' section")
    blocks = [b for b in re.findall(r"```[a-z]*\n(.*?)```", m.group(1), re.S) if b.strip()]
    cmds = []
    for b in blocks:
        lines = [ln for ln in b.strip().splitlines() if ln.strip() and not ln.strip().startswith("#")]
        cmds.append(" ".join(ln.rstrip("\\").strip() for ln in lines))
    return cmds


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "test"
    cmds = quick_start_commands(README.read_text(encoding="utf-8"))
    if len(cmds) != 2:
        raise SystemExit(f"Quick start must hold exactly two command blocks; found {len(cmds)}")
    print(cmds[0] if which == "lab" else cmds[1])
