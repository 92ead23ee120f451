"""Slide metadata for presenting lessons with jupyterlab-deck (tools/slides.py).

Every lesson's ``metadata.slideshow.slide_type`` must be what the rules of tools/slides.py give (the
``--check`` mode, as CI runs it); the rules themselves are checked on a synthetic lesson whose expected
slide types are written out by hand; and the check is shown failing on broken copies.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "slides.py"
sys.path.insert(0, str(ROOT / "tools"))

import slides  # noqa: E402
import strip_notebooks  # noqa: E402

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True,
                          timeout=60, check=False)


def _hidden(source: str, tag: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"tags": [tag], "jupyter": {"source_hidden": True}})


def _synthetic() -> tuple[dict, list[str]]:
    """A small lesson in the course's pattern, and the slide type of each cell, written by hand."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells_and_types = [
        (md("# A lesson\n\nIntro."), "slide"),                                  # title
        (md("## What you'll get from this lesson\n\n1. one"), "slide"),          # H2
        (code("from itband_edu.views import x_explorer", metadata={"tags": ["setup"]}), "skip"),
        (md("## 1. A section\n\nStory."), "slide"),
        (code("table()"), "-"),                                                 # a table on the slide
        (md("The table says this."), "fragment"),                               # its meaning after it
        (_hidden("assert 1 == 1", "check"), "skip"),
        (md("### Predict, then check (1): what?"), "subslide"),                 # the question's text
        (_hidden("q1 = number_question('?', 2.0)\nq1", "question"), "-"),
        (_hidden("assert q1.judge('2').correct", "check"), "skip"),
        (md("## 2. Another section\n\nThe set-up of a question."), "slide"),
        (_hidden("q2 = choice_question('?', {'a': 'A'}, 'a')\nq2", "question"), "-"),
        (code("ex = x_explorer()\nex"), "subslide"),                             # an explorer
        (md("*Figure: a bar chart of ..."), "notes"),                           # its alt text
        (_hidden("with ex.kept():\n    ex.set(a=1)", "check"), "skip"),
        # after the explorer, which is alone on its subslide: a slide (jupyterlab-deck 0.2 steps over
        # a one-cell subslide followed by a subslide)
        (md("Now move the slider."), "slide"),
        (md("A" * 1300), "-"),                                                  # fits: 20 chars before it
        (md("More prose after a long slide."), "subslide"),                     # 1320 chars before it
        (code("_secret = 3", metadata={"jupyter": {"source_hidden": True}}), "skip"),  # hidden code
        (code("table2()"), "-"),
        (_hidden("q3 = number_question('?', 1.0)\nq3", "question"), "subslide"),  # no text just before
        (code("table3()"), "-"),
        (md("### A subheading"), "subslide"),
        (md("Short prose."), "-"),
        (md("## What we've learned\n\n* a"), "slide"),
        (md("## References\n\n* A (2000). T. J."), "slide"),
    ]
    nb = nbformat.v4.new_notebook(cells=[c for c, _ in cells_and_types])
    return json.loads(nbformat.writes(nb)), [t for _, t in cells_and_types]


def _types(nb: dict) -> list[str | None]:
    return [slides.current_slide_type(c) for c in nb["cells"]]


# ---- the lessons -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_slide_metadata_follows_the_rules(lesson: Path) -> None:
    """The committed lesson carries the slide types of the rules (apply: python tools/slides.py)."""
    done = _run("--check", lesson)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_as_slides_shows_story_question_explorer(lesson: Path) -> None:
    """Read from the lesson itself, not from the rules: with the slide types applied, every section
    heading starts a slide, every question and explorer is shown, no check or setup cell is, each
    explorer starts a (sub)slide after the questions before it, and its alt text is in the notes."""
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    cells, types = nb["cells"], _types(slides.apply(nb))
    for i, (cell, kind) in enumerate(zip(cells, types, strict=True)):
        source = "".join(cell["source"]).lstrip()
        tags = set(cell["metadata"].get("tags", []))
        if cell["cell_type"] == "markdown" and source.startswith("## "):
            assert kind == "slide", (i, kind, source[:60])
        if "question" in tags:
            assert kind not in ("skip", "notes"), (i, kind)
        if tags & {"check", "setup"}:
            assert kind == "skip", (i, kind)
        if source.startswith("*Figure:"):
            assert kind == "notes", (i, kind)
            assert cells[i - 1]["cell_type"] == "code" and types[i - 1] in ("slide", "subslide"), (i - 1, types[i - 1])
    assert types[0] == "slide"


def test_strip_notebooks_keeps_slide_metadata() -> None:
    """Committed lessons are stripped: the strip must not lose the slides."""
    lesson = slides.apply(json.loads(LESSONS[0].read_text(encoding="utf-8")))
    assert _types(strip_notebooks.strip(lesson)) == _types(lesson)
    assert "slide" in _types(lesson)


# ---- the rules, on a synthetic lesson ---------------------------------------------------------------


def test_rules_on_a_synthetic_lesson() -> None:
    nb, expected = _synthetic()
    got = _types(slides.apply(nb))
    wrong = [(i, g, e) for i, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e]
    assert not wrong, f"(cell, got, expected): {wrong}"


def test_apply_changes_only_slide_metadata_and_is_idempotent(tmp_path: Path) -> None:
    nb, _ = _synthetic()
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _run(path).returncode == 0
    once = path.read_text(encoding="utf-8")
    assert _run(path).returncode == 0
    assert path.read_text(encoding="utf-8") == once, "a second run changed the file"
    after = json.loads(once)
    for cell in after["cells"]:
        cell["metadata"].pop("slideshow", None)
    assert after == nb, "the tool changed more than metadata.slideshow"
    assert _run("--check", path).returncode == 0


# ---- the check fails on broken copies ----------------------------------------------------------------


def test_check_fails_an_unslided_lesson(tmp_path: Path) -> None:
    """A lesson without slide metadata (as the lessons were before this tool) fails, naming its title."""
    nb = json.loads(LESSONS[0].read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["metadata"].pop("slideshow", None)
    path = tmp_path / "00_copy.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    done = _run("--check", path)
    title = "".join(nb["cells"][0]["source"]).strip().split("\n", 1)[0]
    assert done.returncode == 1, done.stdout
    assert f"cell 0 (markdown, {title!r}): slide_type none, rule 'title' gives 'slide'" in done.stdout, done.stdout


def test_check_fails_a_dash_slide_type(tmp_path: Path) -> None:
    """``"-"`` means "continue" to RISE and nbconvert, but jupyterlab-deck 0.2 hides such a cell: a
    continuing cell must carry no slide type, and a stored "-" is reported."""
    nb, expected = _synthetic()
    nb = slides.apply(nb)
    table = expected.index("-")
    assert "slideshow" not in nb["cells"][table]["metadata"]
    nb["cells"][table]["metadata"]["slideshow"] = {"slide_type": "-"}
    path = tmp_path / "dash.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    done = _run("--check", path)
    assert done.returncode == 1, done.stdout
    assert f"cell {table} (code, 'table()'): slide_type '\"-\"', rule 'continue' gives '-'" in done.stdout, done.stdout


def test_check_names_a_hidden_explorer(tmp_path: Path) -> None:
    """Break one cell of a correct copy (the explorer set to skip, as a hand edit might): the check
    fails and names that cell, its type and the rule."""
    nb, expected = _synthetic()
    nb = slides.apply(nb)
    explorer = expected.index("notes") - 1
    nb["cells"][explorer]["metadata"]["slideshow"]["slide_type"] = "skip"
    path = tmp_path / "broken.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    done = _run("--check", path)
    assert done.returncode == 1, done.stdout
    line = f"cell {explorer} (code, 'ex = x_explorer()'): slide_type 'skip', rule 'explorer' gives 'subslide'"
    assert line in done.stdout, done.stdout
    assert "1 cell(s) depart" in done.stdout, done.stdout


def test_usage_without_files() -> None:
    done = _run()
    assert done.returncode == 2 and "--check" in done.stderr
