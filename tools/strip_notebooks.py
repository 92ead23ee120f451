"""Strip lesson notebooks for committing: outputs only where a cell asks to keep them.

A code cell keeps its outputs when its source contains ``# NBVAL_CHECK_OUTPUT``: nbval (run with
``--nbval-lax``) compares exactly those cells on every test run. Such a cell is also tagged
``keep_output`` so that the intent shows in the notebook's metadata; a tag without the marker would
keep an output nobody compares, so it is removed. Every other cell loses its outputs and
execution count; notebook metadata is reduced to kernelspec and language info, and widget state is
dropped (it is rewritten with random ids on every run).

Usage: python tools/strip_notebooks.py notebooks/*.ipynb        (rewrites in place)
       python tools/strip_notebooks.py --check notebooks/*.ipynb (exit 1 if a file would change)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEEP_MARK = "NBVAL_CHECK_OUTPUT"
KEEP_TAG = "keep_output"


def strip(nb: dict) -> dict:
    nb = json.loads(json.dumps(nb))
    meta = nb.get("metadata", {})
    nb["metadata"] = {k: meta[k] for k in ("kernelspec", "language_info") if k in meta}
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).pop("collapsed", None)
        cell.get("metadata", {}).pop("scrolled", None)
        if cell.get("cell_type") != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        src = "".join(cell.get("source", []))
        keep = KEEP_MARK in src
        tags = [t for t in cell.get("metadata", {}).get("tags", []) if t != KEEP_TAG]
        if keep:
            tags.append(KEEP_TAG)
        if tags:
            cell.setdefault("metadata", {})["tags"] = tags
        else:
            cell.get("metadata", {}).pop("tags", None)
        if keep:
            outs = []
            for out in cell.get("outputs", []):
                if not out.get("metadata"):
                    out.pop("metadata", None)
                if out.get("output_type") in ("display_data", "execute_result"):
                    # keep only the text: images are never compared by nbval and bloat the diff
                    out["data"] = {k: v for k, v in out.get("data", {}).items() if k == "text/plain"}
                    if not out["data"]:
                        continue
                    out["metadata"] = {}
                outs.append(out)
            cell["outputs"] = outs
        else:
            cell["outputs"] = []
            cell["execution_count"] = None
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
