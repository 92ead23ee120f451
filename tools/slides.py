"""Give every lesson cell its slide type, so that a lesson can be presented with jupyterlab-deck.

jupyterlab-deck (like RISE) reads the standard ``metadata.slideshow.slide_type`` of each cell:
``slide`` starts a slide, ``subslide`` a sub-slide (one step down), ``fragment`` appears on the next
step inside the current slide, ``skip`` and ``notes`` are not shown. A cell that continues the current
(sub)slide carries no ``slideshow`` metadata at all: jupyterlab-deck 0.2 knows only
slide/subslide/fragment/notes/skip and *no type*, and hides a cell whose type is ``"-"`` (which RISE and
nbconvert read as "continue", as they read no type), so this tool never writes ``"-"`` and ``--check``
reports one. This tool computes the slide type of every cell from the lesson pattern (CONTRIBUTING.md):
headings, cell tags, hidden sources and the ``*Figure:`` alt text that follows each explorer. The
slide metadata is never edited by hand: it is a function of the lesson, so re-running the tool after a
lesson changes keeps the slides right, and running it twice changes nothing.

The rules, in order (the first that applies wins). "Shown" cells are those not given skip or notes.

1. ``title``: the first cell starts a slide.
2. ``heading``: a markdown cell starting with an H1 or H2 (``#``/``##``) starts a slide (each section).
3. ``alt text``: a markdown cell starting with ``*Figure:`` is speaker ``notes`` (the presenter can read
   the figure's description; the class sees the figure itself).
4. ``hidden code``: a code cell tagged ``setup`` or ``check``, or with a hidden source and not tagged
   ``question``, is ``skip`` (it still runs: "run all" runs every cell).
5. ``question``: a question cell continues (``-``) the subslide its teaching text starts (rule 6);
   with no markdown shown just before it, the question starts a subslide itself.
6. ``teaching text``: the last shown markdown cell before a question starts a subslide, so the class
   reads the question's set-up and the question together.
7. ``explorer``: a code cell directly followed by a ``*Figure:`` cell (an explorer, by the lesson
   pattern) starts a subslide of its own, after the story and the questions before it.
8. ``after explorer``: the first shown cell after an explorer starts a subslide, so that an explorer's
   slide holds the explorer alone (it fills a projector's 1280x720).
9. ``subheading``: a markdown cell starting with an H3 (``###``) starts a subslide.
10. ``meaning``: a markdown cell directly after a shown code cell's output, on the same slide, is a
   ``fragment``: the class sees the table first, then what it means.
11. ``long prose``: a markdown cell directly after a shown markdown cell starts a subslide when the
   markdown already on the current (sub)slide holds at least ``LONG_PROSE`` (1200) characters: about
   what a projector shows at a readable size. Shorter prose stays together (no fragments: a fragment
   does not make room, it only delays a paragraph).
12. ``continue``: every other cell continues the current slide (no slide type, written ``-`` below).
13. ``after lone subslide`` (applied last, to the result of 1-12): a subslide directly after a subslide
   that shows one cell only (e.g. an explorer alone, rule 7, then the text after it, rule 8) becomes a
   slide. jupyterlab-deck 0.2 links a new subslide to the last cell of the subslide before it, but to
   the slide's first cell when that subslide has no other cell, so stepping "down" would jump over the
   lone one (measured: the explorer of lesson 03 was never shown). As a slide it is reached "forward".

Usage: python tools/slides.py notebooks/*.ipynb          (rewrites in place; idempotent)
       python tools/slides.py --check notebooks/*.ipynb  (exit 1 listing cells that depart from the rules)

Only ``metadata.slideshow`` of each cell is written (or removed, for a continuing cell); everything else
in the file stays as it was (the JSON is written as tools/strip_notebooks.py writes it, and that tool
keeps ``slideshow``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: ``-`` stands for "continue": written as no ``slideshow`` metadata (see the module docstring).
CONTINUE = "-"
SLIDE_TYPES = ("slide", "subslide", "fragment", CONTINUE, "skip", "notes")
HIDDEN = frozenset({"skip", "notes"})
#: Characters of markdown on one (sub)slide after which a following markdown cell gets a subslide.
LONG_PROSE = 1200
FIGURE_PREFIX = "*Figure:"


@dataclass(frozen=True)
class Decision:
    """The slide type a rule gives one cell, and the rule's name (for --check messages)."""

    slide_type: str
    rule: str


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: dict[str, Any]) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _is_markdown(cell: dict[str, Any]) -> bool:
    return cell.get("cell_type") == "markdown"


def _is_code(cell: dict[str, Any]) -> bool:
    return cell.get("cell_type") == "code"


def _heading_level(cell: dict[str, Any]) -> int:
    """1-6 for a markdown cell whose first line is an ATX heading, else 0."""
    if not _is_markdown(cell):
        return 0
    first = _source(cell).lstrip().split("\n", 1)[0]
    hashes = len(first) - len(first.lstrip("#"))
    return hashes if 1 <= hashes <= 6 and first[hashes:hashes + 1] == " " else 0


def _is_alt_text(cell: dict[str, Any]) -> bool:
    return _is_markdown(cell) and _source(cell).lstrip().startswith(FIGURE_PREFIX)


def _is_question(cell: dict[str, Any]) -> bool:
    return _is_code(cell) and "question" in _tags(cell)


def _is_hidden_code(cell: dict[str, Any]) -> bool:
    if not _is_code(cell) or _is_question(cell):
        return False
    hidden = bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))
    return hidden or bool(_tags(cell) & {"setup", "check"})


def _is_explorer(cells: Sequence[dict[str, Any]], i: int) -> bool:
    return _is_code(cells[i]) and not _is_hidden_code(cells[i]) and i + 1 < len(cells) and _is_alt_text(cells[i + 1])


def slide_plan(cells: Sequence[dict[str, Any]]) -> list[Decision]:
    """The slide type of every cell, by the rules of this module's docstring."""
    n = len(cells)
    hidden = [_is_alt_text(c) or _is_hidden_code(c) for c in cells]
    shown = [i for i in range(n) if not hidden[i]]
    previous_shown: dict[int, int | None] = {}
    last: int | None = None
    for i in range(n):
        previous_shown[i] = last
        if not hidden[i]:
            last = i
    teaching = {previous_shown[i] for i in range(n) if _is_question(cells[i])}
    teaching = {j for j in teaching if j is not None and _is_markdown(cells[j])}
    explorers = {i for i in range(n) if _is_explorer(cells, i)}
    after_explorer = {j for j in shown if previous_shown[j] in explorers}

    plan: list[Decision] = []
    prose = 0  # characters of markdown shown so far on the current (sub)slide
    for i, cell in enumerate(cells):
        prev = previous_shown[i]
        level = _heading_level(cell)
        if i == 0:
            plan.append(Decision("slide", "title"))
        elif level in (1, 2):
            plan.append(Decision("slide", "heading"))
        elif _is_alt_text(cell):
            plan.append(Decision("notes", "alt text"))
        elif _is_hidden_code(cell):
            plan.append(Decision("skip", "hidden code"))
        elif _is_question(cell):
            continues = prev is not None and prev in teaching
            plan.append(Decision(CONTINUE if continues else "subslide", "question"))
        elif i in teaching:
            plan.append(Decision("subslide", "teaching text"))
        elif i in explorers:
            plan.append(Decision("subslide", "explorer"))
        elif i in after_explorer:
            plan.append(Decision("subslide", "after explorer"))
        elif level == 3:
            plan.append(Decision("subslide", "subheading"))
        elif _is_markdown(cell) and prev is not None and _is_code(cells[prev]):
            plan.append(Decision("fragment", "meaning"))
        elif _is_markdown(cell) and prev is not None and _is_markdown(cells[prev]) and prose >= LONG_PROSE:
            plan.append(Decision("subslide", "long prose"))
        else:
            plan.append(Decision(CONTINUE, "continue"))
        if plan[-1].slide_type in ("slide", "subslide"):
            prose = 0
        if _is_markdown(cell) and plan[-1].slide_type not in HIDDEN:
            prose += len(_source(cell))
    return _no_lone_subslide_before_a_subslide(plan)


def _no_lone_subslide_before_a_subslide(plan: list[Decision]) -> list[Decision]:
    """Rule 13: promote a subslide that follows a one-cell subslide to a slide."""
    out = list(plan)
    start: str | None = None  # type of the cell that started the current (sub)slide
    shown = 0  # shown cells in it so far
    for i, decision in enumerate(out):
        kind = decision.slide_type
        if kind in HIDDEN:
            continue
        if kind == "subslide" and start == "subslide" and shown == 1:
            out[i] = Decision("slide", "after lone subslide")
            kind = "slide"
        if kind in ("slide", "subslide"):
            start, shown = kind, 0
        shown += 1
    return out


def current_slide_type(cell: dict[str, Any]) -> str | None:
    """The cell's slide type as stored: ``-`` when it has no ``slideshow`` metadata (it continues the
    slide), None when ``slideshow`` is there without a ``slide_type``, else the stored string (a stored
    ``"-"`` is returned as ``'"-"'`` so that it never passes for a continuing cell)."""
    meta = cell.get("metadata", {})
    if "slideshow" not in meta:
        return CONTINUE
    slideshow = meta["slideshow"]
    kind = slideshow.get("slide_type") if isinstance(slideshow, dict) else None
    return '"-"' if kind == CONTINUE else kind


def apply(nb: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``nb`` with every cell's ``metadata.slideshow.slide_type`` set by the rules."""
    nb = json.loads(json.dumps(nb))
    cells = nb.get("cells", [])
    for cell, decision in zip(cells, slide_plan(cells), strict=True):
        meta = cell.setdefault("metadata", {})
        if decision.slide_type == CONTINUE:
            meta.pop("slideshow", None)
        else:
            meta["slideshow"] = {"slide_type": decision.slide_type}
    return nb


def departures(nb: dict[str, Any]) -> list[str]:
    """One line per cell whose slide metadata is not what the rules give (empty if all agree)."""
    cells = nb.get("cells", [])
    found = []
    for i, (cell, decision) in enumerate(zip(cells, slide_plan(cells), strict=True)):
        have = current_slide_type(cell)
        if have != decision.slide_type:
            first = _source(cell).strip().split("\n", 1)[0][:60]
            stored = "none" if have == CONTINUE else repr(have)
            found.append(
                f"cell {i} ({cell.get('cell_type')}, {first!r}): slide_type {stored}, "
                f"rule {decision.rule!r} gives {decision.slide_type!r}"
            )
    return found


def _dump(nb: dict[str, Any]) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main(argv: Sequence[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    if not paths:
        print(__doc__.split("Usage:", 1)[1].strip().split("\n\n", 1)[0], file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        if check:
            lines = departures(nb)
            if lines:
                failed = True
                print(f"{path}: {len(lines)} cell(s) depart from the slide rules "
                      "(run python tools/slides.py on it):")
                for line in lines:
                    print(f"  {line}")
        else:
            new = _dump(apply(nb))
            if new != path.read_text(encoding="utf-8"):
                path.write_text(new, encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
