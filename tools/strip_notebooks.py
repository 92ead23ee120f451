"""Strip lesson notebooks for committing: no outputs at all.

A committed lesson stores nothing a student could read before predicting (no outputs, no execution
counts, no widget state). Numbers are checked by the lessons' hidden check cells, which nbval runs.
Notebook metadata is reduced to kernelspec and language info.

Usage: python tools/strip_notebooks.py notebooks/*.ipynb        (rewrites in place)
       python tools/strip_notebooks.py --check notebooks/*.ipynb (exit 1 if a file would change)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

def strip(nb: dict) -> dict:
    nb = json.loads(json.dumps(nb))
    meta = nb.get("metadata", {})
    nb["metadata"] = {k: meta[k] for k in ("kernelspec", "language_info") if k in meta}
    for cell in nb.get("cells", []):
        for key in ("execution", "collapsed", "scrolled"):
            cell.get("metadata", {}).pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return nb


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        new = json.dumps(strip(json.loads(text)), indent=1, ensure_ascii=False) + "\n"
        if new != text:
            changed.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    if check and changed:
        print("not stripped: " + ", ".join(map(str, changed)) + " (run python tools/strip_notebooks.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
