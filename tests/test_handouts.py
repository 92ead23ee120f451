"""Printable handouts (tools/build_handouts.py): one lesson's handout and its answer sheet, built for real.

The PDF checks read the bytes Chromium wrote: the ``%PDF-`` header, the page objects and the image
XObjects (one per explorer at least). The no-answer check reads the handout's HTML before printing. Each
check is shown failing on a deliberately broken case. Chromium is Debian's ``/usr/bin/chromium``: without
it these tests skip with a message, unless ``CI`` is true, where they fail (as tests/browser does).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_handouts as bh  # noqa: E402

LESSON = "01_the_band"  # the quickest lesson with explorers and both kinds of question
EXPLORER_TEXT = re.compile(r"^\w+ explorer \(interactive")  # an explorer's text/plain, as in test_static_pages
_FALSE_VALUES = frozenset({"", "0", "false", "no", "off", "n", "f"})  # as tests/browser/browser_harness/config.py


def require_chromium(chromium: Path = bh.CHROMIUM, environ: dict[str, str] | None = None) -> None:
    """Skip without Chromium, with a message; fail instead when CI is true."""
    if chromium.is_file() and os.access(chromium, os.X_OK):
        return
    reason = f"{chromium} is missing: install Debian's chromium (apt-get install -y chromium) to build handouts"
    if (os.environ if environ is None else environ).get("CI", "").strip().lower() not in _FALSE_VALUES:
        pytest.fail(f"CI is set but the handout tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def explorers_in(nb: nbformat.NotebookNode) -> int:
    """Displayed explorers in an executed notebook (their text/plain), counted without the module under test."""
    count = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/plain", "")
            count += bool(EXPLORER_TEXT.match(text if isinstance(text, str) else "".join(text)))
    return count


def question_cells(name: str) -> int:
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    return sum("question" in c.metadata.get("tags", []) for c in nb.cells)


def pdf_problems(pdf: Path, explorers: int) -> list[str]:
    """What a printed handout lacks: a PDF header, a page, an image per explorer."""
    data = pdf.read_bytes()
    problems = [] if data.startswith(b"%PDF-") else [f"{pdf.name} does not start with %PDF-"]
    if bh.pdf_pages(data) < 1:
        problems.append(f"{pdf.name} has no page")
    if bh.pdf_images(data) < explorers:
        problems.append(f"{pdf.name} has {bh.pdf_images(data)} image(s) for {explorers} explorer(s)")
    return problems


@pytest.fixture(scope="module")
def lesson() -> bh.Lesson:
    return bh.execute_lesson(LESSON)


@pytest.fixture(scope="module")
def built(lesson: bh.Lesson, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_chromium()
    out = tmp_path_factory.mktemp("handouts")
    return bh.build_handout(lesson, out), bh.build_answer_sheet([lesson], out)


@pytest.mark.timeout(120)
def test_the_handout_pdf_has_pages_and_an_image_per_explorer(lesson: bh.Lesson, built: tuple[Path, Path]) -> None:
    explorers = explorers_in(lesson.notebook)
    assert explorers >= 1
    assert pdf_problems(built[0], explorers) == []


@pytest.mark.timeout(120)
def test_the_handout_shows_every_question_but_no_answer_and_loads_nothing(lesson: bh.Lesson,
                                                                        built: tuple[Path, Path]) -> None:
    page = built[0].with_suffix(".html").read_text(encoding="utf-8")
    n = question_cells(LESSON)
    assert n >= 2 and len(lesson.questions) == n
    assert [f"<b>Question {i}.</b>" in page for i in range(1, n + 1)] == [True] * n
    assert "Your answer" in page and "<li>" in page  # a number box and a choice question's options
    assert bh.remote_loads(page) == [] and "<script" not in page
    assert bh.answer_leaks(page, lesson.questions) == []
    assert 'class="math"' in page and "\\frac" not in re.sub(r'aria-label="[^"]*"', "", page)  # maths drawn


@pytest.mark.timeout(120)
def test_a_handout_with_the_answers_left_in_fails_the_no_answer_check(lesson: bh.Lesson) -> None:
    """Negative control: the same lesson exported with each question's hint and solution kept."""
    page = bh.export_html(bh.handout_notebook(lesson, keep_answers=True), lesson.title)
    leaks = bh.answer_leaks(page, lesson.questions)
    assert any("contains <details>" in x for x in leaks) and any("'Worked solution'" in x for x in leaks)
    assert any("its worked solution is on the page" in x for x in leaks)
    # the text alone, without the <details> markers, is caught too
    clean = bh.export_html(bh.handout_notebook(lesson), lesson.title)
    assert bh.answer_leaks(clean, lesson.questions) == []
    sneaked = clean.replace("</body>", f"<p>{lesson.questions[0]['solution']}</p></body>")
    assert bh.answer_leaks(sneaked, lesson.questions) == ["question 1: its worked solution is on the page "
                                                          f"({bh._plain(lesson.questions[0]['solution'])[:40]!r}...)"]


def test_remote_loads_finds_what_a_page_would_fetch() -> None:
    page = ('<script src="https://cdnjs.cloudflare.com/x.js"></script><link rel="stylesheet" href="//fonts.x/y.css">'
            '<img src="http://example.org/a.png"><style>@import url("https://x/y.css")</style>'
            '<a href="https://doi.org/10.1/abc">a reference</a><img src="data:image/png;base64,AAAA">')
    found = bh.remote_loads(page)
    assert len(found) == 4 and [f.split()[0] for f in found] == ["<script", "<link", "<img", "CSS"], found
    assert bh.remote_loads('<a href="https://doi.org/x">ref</a><img src="data:image/png;base64,AAAA">') == []


@pytest.mark.timeout(120)
def test_the_answer_sheet_has_every_question_with_its_answer(lesson: bh.Lesson, built: tuple[Path, Path]) -> None:
    sheet = built[1]
    assert pdf_problems(sheet, 0) == []
    page = sheet.with_suffix(".html").read_text(encoding="utf-8")
    assert page.count("<b>Answer:</b>") == question_cells(LESSON) == page.count("<b>Worked solution:</b>")
    text = bh._plain(re.sub(r"<svg.*?</svg>", " ", page, flags=re.S))
    for q in lesson.questions:  # the longest stretch of each solution between two formulas is on the sheet
        words = max(re.split(r"\$[^$]*\$", bh._plain(q["solution"])), key=len).strip()[:60]
        assert len(words) >= 20 and words in text, words


@pytest.mark.timeout(120)
def test_the_answers_come_from_the_executed_quiz_objects(tmp_path: Path) -> None:
    """A lesson written here, with answers this test knows, goes through the same collection."""
    require_chromium()
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("from itband_edu.views import choice_question, number_question")
    q1 = nbformat.v4.new_code_cell("choice_question('Pick one', {'a': 'No: not a.', 'b': 'Yes: b it is.'}, "
                                   "correct='b', hint='Think of b.', solution='It is b because of b.')")
    q2 = nbformat.v4.new_code_cell("q = number_question('How much?', 2.5, unit='x', rel_tol=0.1, hint='Halve 5.', "
                                   "solution='Five halves make 2.5.')\nq")
    check = nbformat.v4.new_code_cell("assert q.judge('2.5').correct")
    for cell, tag in ((q1, "question"), (q2, "question"), (check, "check")):
        cell.metadata["tags"] = [tag]
    nb.cells = [nbformat.v4.new_markdown_cell("# A tiny lesson\n\nThe force is $F = m\\,g$."), setup, q1, q2, check]
    nbformat.write(nb, tmp_path / "99_tiny.ipynb")
    tiny = bh.execute_lesson("99_tiny", folder=tmp_path)
    assert tiny.title == "A tiny lesson" and [q["kind"] for q in tiny.questions] == ["choice", "number"]
    assert tiny.questions[0]["correct"] == ["b"] and tiny.questions[1]["expected"] == 2.5
    page = bh.answer_sheet_html([tiny])
    assert "<b>Answer:</b> b</p>" in page and "<b>Answer:</b> 2.5 x (the quiz accepts 2.25 to 2.75 x)" in page
    assert "It is b because of b." in page and "Five halves make 2.5." in page and "Yes: b it is." in page
    handout = bh.export_html(bh.handout_notebook(tiny), tiny.title)
    assert bh.answer_leaks(handout, tiny.questions) == [] and "Pick one" in handout and "assert " not in handout
    pdf = bh.build_handout(tiny, tmp_path)
    assert pdf_problems(pdf, 0) == []


def test_a_lesson_whose_quiz_rejects_its_own_answer_is_refused(tmp_path: Path) -> None:
    """The kernel checks each answer with the quiz itself; a quiz object changed after it was shown fails."""
    nb = nbformat.v4.new_notebook()
    q = nbformat.v4.new_code_cell("from itband_edu.views import number_question\n"
                                  "q = number_question('How much?', 2.5, hint='h', solution='s')\nq")
    q.metadata["tags"] = ["question"]
    broken = nbformat.v4.new_code_cell("q.judge = lambda answer: type('F', (), {'correct': False})()")
    nb.cells = [q, broken]
    nbformat.write(nb, tmp_path / "98_broken.ipynb")
    with pytest.raises(RuntimeError, match="does not judge its own answer right"):
        bh.execute_lesson("98_broken", folder=tmp_path)
    with pytest.raises(ValueError, match=r"lesson='98_nothing'.*allowed values are \['98_broken'\]"):
        bh.execute_lesson("98_nothing", folder=tmp_path)


@pytest.mark.timeout(120)
def test_the_pdf_check_fails_on_a_handout_without_images_and_on_a_non_pdf(built: tuple[Path, Path],
                                                                        tmp_path: Path) -> None:
    """Negative control: the handout's page printed with its images removed, and an HTML file named .pdf."""
    page = built[0].with_suffix(".html").read_text(encoding="utf-8")
    stripped = tmp_path / "no_images.html"
    stripped.write_text(re.sub(r"<img\b[^>]*>", "", page), encoding="utf-8")
    bh.print_pdf(stripped, tmp_path / "no_images.pdf")
    assert pdf_problems(tmp_path / "no_images.pdf", 2) == ["no_images.pdf has 0 image(s) for 2 explorer(s)"]
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(page.encode("utf-8"))
    assert set(pdf_problems(fake, 1)) >= {"fake.pdf does not start with %PDF-", "fake.pdf has no page"}


def test_missing_chromium_skips_with_a_message_or_fails_in_ci() -> None:
    missing = Path("/nonexistent/chromium")
    with pytest.raises(pytest.skip.Exception, match="install Debian's chromium"):
        require_chromium(missing, environ={})
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_chromium(missing, environ={"CI": "true"})
    with pytest.raises(FileNotFoundError, match="/nonexistent/chromium is missing"):
        bh.print_pdf(Path("x.html"), Path("x.pdf"), chromium=missing)
