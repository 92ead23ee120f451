"""Lessons follow the pattern in CONTRIBUTING.md, as far as a machine can tell from the file:
nothing stored, no test code or answer code in sight, nothing to type into Python, short cells,
the sections a lesson needs. (Run-time parts, such as silent check cells, are in
``test_static_pages.py``; the 1 % mutation in ``test_mutation.py``.)"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_STUDENT_LINES = 3
MAX_SETUP_LINES = 8


def hidden(cell: nbformat.NotebookNode) -> bool:
    return bool(cell.metadata.get("jupyter", {}).get("source_hidden"))


def tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.metadata.get("tags", []))


def code_lines(cell: nbformat.NotebookNode) -> list[str]:
    return [ln for ln in cell.source.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def pattern_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Every departure from the lesson pattern that can be read off the notebook file."""
    found: list[str] = []
    cells = nb.cells
    for i, c in enumerate(cells):
        where = f"cell {i}"
        if c.cell_type != "code":
            continue
        t = tags(c)
        if c.get("outputs") or c.get("execution_count") is not None:
            found.append(f"{where}: stored output or execution count (a student sees it before predicting)")
        if re.search(r"^\s*assert\b", c.source, re.M) and not ("check" in t and hidden(c)):
            found.append(f"{where}: an assert outside a hidden cell tagged 'check'")
        if "check" in t and not hidden(c):
            found.append(f"{where}: a check cell whose source is not hidden")
        if "check" in t and re.search(r"\b(print|display)\(", c.source):
            found.append(f"{where}: a check cell that prints")
        if "check" in t and re.search(r"\.(set|apply_preset|reset)\(", c.source) and ".kept()" not in c.source:
            found.append(f"{where}: a check cell that drives an explorer outside `with ....kept():`")
        if "check" in t and re.search(r"\.answer\(", c.source):
            found.append(f"{where}: a check cell that answers a question widget (shows the solution; use .judge)")
        if "question" in t and not hidden(c):
            found.append(f"{where}: a question cell whose source (and answer) is not hidden")
        if re.search(r"=\s*\.\.\.\s*(#|$)", c.source, re.M) or re.search(r"\bcheck_(number|choice)\(", c.source):
            found.append(f"{where}: an answer to type into Python (use a quiz widget)")
        if not (t & {"check", "question"}):
            limit = MAX_SETUP_LINES if "setup" in t else MAX_STUDENT_LINES
            n = len(code_lines(c))
            if n > limit:
                found.append(f"{where}: {n} lines of code in the student's path (at most {limit})")
    text = [c.source for c in cells if c.cell_type == "markdown"]
    if not text or not re.match(r"# ", text[0]) or sum(bool(re.search(r"^# ", s, re.M)) for s in text) != 1:
        found.append("the lesson needs exactly one H1, in its first cell")
    for heading in ("What you'll get", "What we've learned", "References"):
        if not any(re.search(rf"^##+ {re.escape(heading)}", s, re.M) for s in text):
            found.append(f"no '## {heading}...' section")
    if not any("question" in tags(c) for c in cells if c.cell_type == "code"):
        found.append("no quiz question (a cell tagged 'question')")
    if not any("check" in tags(c) for c in cells if c.cell_type == "code"):
        found.append("no check cell asserting the numbers the prose states")
    return found


def test_there_are_lessons() -> None:
    assert len(LESSONS) >= 4


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_follows_the_pattern(lesson: Path) -> None:
    problems = pattern_problems(nbformat.read(lesson, as_version=4))
    assert not problems, "\n".join(problems)


def test_lessons_are_committed_stripped() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "tools" / "strip_notebooks.py"), "--check", *map(str, LESSONS)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_checker_finds_each_departure() -> None:
    """Negative control: a notebook with one of each departure gets one finding for each."""
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell
    stored = code("ex", execution_count=3)
    stored.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2.27"}, execution_count=3)]
    check_shown = code("assert 1 == 1", metadata={"tags": ["check"]})
    loud = code("print('ok')", metadata={"tags": ["check"], "jupyter": {"source_hidden": True}})
    driving = code("ex.set(a=1)\nassert ex.result", metadata={"tags": ["check"], "jupyter": {"source_hidden": True}})
    answering = code("assert q.answer('2').correct", metadata={"tags": ["check"], "jupyter": {"source_hidden": True}})
    question_shown = code("number_question('?', 2.27, hint='h', solution='s')", metadata={"tags": ["question"]})
    nb.cells = [nbformat.v4.new_markdown_cell("## no title"), stored, check_shown, loud, driving, answering, question_shown,
                code("my_answer = ...  # a, b or c"), code("a = 1\nb = 2\nc = 3\nd = 4")]
    problems = "\n".join(pattern_problems(nb))
    for expected in ("stored output", "an assert outside", "check cell whose source is not hidden",
                     "check cell that prints", "outside `with ....kept():`", "answers a question widget",
                     "question cell whose source",
                     "an answer to type into Python", "4 lines of code", "exactly one H1",
                     "What we've learned"):
        assert expected in problems, expected


def reference_problems(nb: nbformat.NotebookNode, citations: set[str]) -> list[str]:
    """Reference-list entries that are not a citation of data/references.csv (a suffix in parentheses,
    saying how the lesson uses the source, is allowed)."""
    found: list[str] = []
    for c in nb.cells:
        if c.cell_type != "markdown" or not c.source.startswith("## References"):
            continue
        for line in c.source.splitlines():
            if not line.startswith(("* ", "- ")):
                continue
            entry = line[2:]
            if not any(entry == cit or entry.startswith(cit + " (") for cit in citations):
                found.append(f"not a citation of data/references.csv: {entry[:90]}")
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_references_come_from_the_reference_table(lesson: Path) -> None:
    from itband_edu.parameters import references

    citations = {r.citation() for r in references().values()}
    nb = nbformat.read(lesson, as_version=4)
    assert any(c.cell_type == "markdown" and c.source.startswith("## References") for c in nb.cells)
    problems = reference_problems(nb, citations)
    assert not problems, "\n".join(problems)


def test_the_reference_check_finds_a_typed_reference() -> None:
    from itband_edu.parameters import references

    cit = references()["orchard1996"].citation()
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"## References\n\n* {cit}\n* {cit} (used for the angle)")])
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"## References\n\n* {cit.replace('1996', '1997')}")])
    assert reference_problems(good, {cit}) == []
    assert len(reference_problems(bad, {cit})) == 1
