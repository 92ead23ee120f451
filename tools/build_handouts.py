"""Printable handouts: one PDF per lesson (the executed lesson, its figures, its questions without answers)
and one answer sheet PDF (every question with its answer and worked solution), built offline.

Usage::

    .venv/bin/python tools/build_handouts.py                          # all lessons -> artifacts/handouts/
    .venv/bin/python tools/build_handouts.py --lessons 01_the_band 06_at_the_knee --out /tmp/handouts

How a handout is made:

1. The lesson is executed with nbclient, as the README's static export does (no widget state stored, so
   every explorer shows its PNG). Two cells are added around it for the build only: the first records
   every quiz object the lesson creates (``itband_edu.views.quiz.Question``), the last prints each one's
   answer as JSON, after checking that the quiz itself judges that answer right. The answer sheet is
   built from that JSON, never typed.
2. The check cells and the question cells' code are removed (nbconvert's TagRemovePreprocessor, tags
   ``check`` and ``question``, as in the README). Each question's static fallback (views/quiz.py: the
   prompt, the options or a number box, then the hint and the worked solution in ``<details>``) loses its
   ``<details>``, and the question is numbered to match the answer sheet.
3. nbconvert exports HTML (the lab template). Every ``<script>`` is removed (a printed page runs no code;
   the template would load require.js and MathJax from a CDN), the ``$...$`` maths is drawn as inline SVG
   by matplotlib's mathtext, so nothing is fetched, and the lesson's own ``<details>`` boxes print open.
   :func:`remote_loads` checks that nothing would be fetched and :func:`answer_leaks` that no hint,
   solution or feedback is on the page.
4. Debian's Chromium prints the page to PDF (headless, no header or footer, every host name unresolvable,
   a timeout).
"""

from __future__ import annotations

import argparse
import copy
import html as htmllib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from static_html import (  # noqa: E402  (tools/ is no package: the shared static-page pieces)
    drop_scripts,
    execute,
    export_html,
    html_of,
    lesson_names,
    notebook_title,
    remote_loads,
    render_maths,
)
from static_html import plain_text as _plain  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "artifacts" / "handouts"
CHROMIUM = Path("/usr/bin/chromium")
PRINT_TIMEOUT = 120.0  # s, one Chromium print
ANSWERS_MARK = "ITBAND-HANDOUT-ANSWERS "
INJECTED = "itband_handout_build"

REGISTER_SOURCE = """\
import itband_edu.views.quiz as _handout_quiz
_handout_questions = []
_handout_init = _handout_quiz.Question.__init__
def _handout_register(self, *args, **kwargs):
    _handout_init(self, *args, **kwargs)
    _handout_questions.append(self)
_handout_quiz.Question.__init__ = _handout_register
"""
DUMP_SOURCE = """\
import json as _handout_json
def _handout_describe(q):
    d = {"kind": q.kind, "prompt": q.prompt, "hint": q.hint, "solution": q.solution}
    if q.kind == "choice":
        d["correct"] = [q.correct] if isinstance(q.correct, str) else list(q.correct)
        d["options"] = dict(q.options)
        d["verified"] = all(q.judge(c).correct for c in d["correct"])
    else:
        d.update(expected=float(q.spec.expected), unit=q.spec.unit, tolerance=float(q.spec.tolerance))
        d["verified"] = q.judge(q.spec.expected).correct
    return d
print(%r + _handout_json.dumps([_handout_describe(q) for q in _handout_questions]))
""" % ANSWERS_MARK
PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { background: white; }
.jp-Notebook { padding: 0 !important; }
.jp-OutputArea-output img { max-width: 100% !important; height: auto; }
.jp-OutputArea-output img, .itband-quiz, .math-display, table { break-inside: avoid; }
.jp-Cell { padding: 2px 0 !important; }
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
.itband-quiz { border: 1px solid #888; border-radius: 4px; padding: 0.3em 0.8em; margin: 0.5em 0; }
svg.math { display: inline; }
.math-display { display: block; text-align: center; margin: 0.6em 0; }
.answer-sheet h2 { break-before: page; }
.answer-sheet h2:first-of-type { break-before: auto; }
.answer-sheet .question { break-inside: avoid; border-top: 1px solid #aaa; padding-top: 0.4em; margin-top: 0.8em; }
.answer-sheet .correct { font-weight: bold; }
"""


@dataclass
class Lesson:
    """One executed lesson: its name, title, executed notebook and its questions' answers (in order)."""

    name: str
    title: str
    notebook: Any  # nbformat.NotebookNode, executed, with the two build cells
    questions: list[dict[str, Any]]


def execute_lesson(name: str, folder: Path = NOTEBOOKS) -> Lesson:
    """Run the lesson (as the README's export does) and collect its questions' answers from the kernel."""
    import nbformat

    allowed = lesson_names(folder)
    if name not in allowed:
        raise ValueError(f"lesson={name!r} is not a lesson in {folder}: allowed values are {allowed}")
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    first, last = nbformat.v4.new_code_cell(REGISTER_SOURCE), nbformat.v4.new_code_cell(DUMP_SOURCE)
    for cell in (first, last):
        cell.metadata[INJECTED] = True
    nb.cells = [first, *nb.cells, last]
    execute(nb, folder)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    made = json.loads(text[text.index(ANSWERS_MARK) + len(ANSWERS_MARK):])
    questions = []
    for i, cell in enumerate(nb.cells):
        if "question" not in cell.metadata.get("tags", []):
            continue
        shown = "".join(html_of(o) for o in cell.get("outputs", []))
        found = [q for q in made if f"<b>Question.</b> {q['prompt']}</p>" in shown]
        if not found:
            raise RuntimeError(f"{name}: question cell {i - 1} shows no question the lesson created")
        if not found[-1]["verified"]:
            raise RuntimeError(f"{name}: question cell {i - 1}: its quiz does not judge its own answer right")
        questions.append(found[-1])
    return Lesson(name, notebook_title(nb, name), nb, questions)


def handout_notebook(lesson: Lesson, *, keep_answers: bool = False) -> Any:
    """The executed lesson as its handout shows it: no build cells, each question's static fallback without
    its hint and solution (``keep_answers=True`` leaves them in: the negative control), numbered."""
    from bs4 import BeautifulSoup

    nb = copy.deepcopy(lesson.notebook)
    nb.cells = [c for c in nb.cells if not c.metadata.get(INJECTED)]
    number = 0
    for cell in nb.cells:
        if "question" not in cell.metadata.get("tags", []):
            continue
        number += 1
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            data.pop("application/vnd.jupyter.widget-view+json", None)
            if "text/html" not in data:
                continue
            soup = BeautifulSoup(html_of(out), "html.parser")
            if not keep_answers:
                for tag in soup.find_all("details"):
                    tag.decompose()
            data["text/html"] = str(soup).replace("<b>Question.</b>", f"<b>Question {number}.</b>", 1)
    return nb


def offline_html(page: str) -> tuple[str, int]:
    """The page with no scripts, its maths drawn, and the print CSS; and how many formulas stayed TeX."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    drop_scripts(soup)
    for tag in soup.find_all("details"):  # the lesson's "More detail" boxes print open
        tag["open"] = ""
    failed = render_maths(soup)
    style = soup.new_tag("style")
    style.string = PRINT_CSS
    (soup.head or soup).append(style)
    return str(soup), failed


#: What only a hint, a worked solution or a feedback box puts on a page (views/quiz.py, itband_edu/quiz.py).
ANSWER_MARKERS = ("Worked solution", "<summary>Hint", "itband-feedback", "itband-quiz-help")


def answer_leaks(page: str, questions: Sequence[dict[str, Any]]) -> list[str]:
    """The answers a handout page gives away: a question block with a ``<details>`` (the static fallback's hint
    and solution), the markers of a hint, solution or feedback, and the text of any question's hint, worked
    solution or option explanation (compared as plain text, the first 80 characters). A ``<details>`` in the
    lesson's own prose ("More detail") is no answer."""
    from bs4 import BeautifulSoup

    blocks = BeautifulSoup(page, "html.parser").select(".itband-quiz")
    leaks = [f"question block {n} contains <details>" for n, b in enumerate(blocks, 1) if b.find("details")]
    leaks += [f"the page contains {m!r}" for m in ANSWER_MARKERS if m in page]
    text = _plain(page)
    for n, q in enumerate(questions, 1):
        said = {"hint": q["hint"], "worked solution": q["solution"]}
        said.update({f"feedback for option {o!r}": e for o, e in q.get("options", {}).items()})
        for what, fragment in said.items():
            words = _plain(fragment)[:80]
            if len(words) >= 20 and words in text:
                leaks.append(f"question {n}: its {what} is on the page ({words[:40]!r}...)")
    return leaks


def answer_sheet_html(lessons: Sequence[Lesson]) -> str:
    """One page per lesson: every question, its answer (the right option(s), or the number with the range the
    quiz accepts), each option's explanation, the hint and the worked solution."""
    def fmt(x: float) -> str:
        return f"{x:.4g}"

    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>itband-edu: answer sheet</title>"
             "<style>body{font-family:sans-serif;font-size:10.5pt;line-height:1.4;max-width:46em;margin:auto}"
             "</style></head><body class='answer-sheet'><h1>itband-edu: answer sheet</h1>"
             "<p>Every question of the lessons below with the answer its quiz accepts, read from the executed "
             "lessons' quiz objects.</p>"]
    for lesson in lessons:
        parts.append(f"<h2>{htmllib.escape(lesson.name[:2])} {htmllib.escape(lesson.title)}</h2>")
        for n, q in enumerate(lesson.questions, 1):
            parts.append(f"<div class='question'><p><b>Question {n}.</b> {q['prompt']}</p>")
            if q["kind"] == "choice":
                items = "".join(
                    f"<li{' class=correct' if o in q['correct'] else ''}>{'&#10003; ' if o in q['correct'] else ''}"
                    f"{htmllib.escape(o)}<br><small>{htmllib.escape(e)}</small></li>" for o, e in q["options"].items())
                shown = "; ".join(htmllib.escape(c) for c in q["correct"])
                parts.append(f"<p><b>Answer:</b> {shown}</p><ul>{items}</ul>")
            else:
                unit = f" {htmllib.escape(q['unit'])}" if q["unit"] else ""
                low, high = q["expected"] - q["tolerance"], q["expected"] + q["tolerance"]
                parts.append(f"<p><b>Answer:</b> {fmt(q['expected'])}{unit} (the quiz accepts {fmt(low)} to "
                             f"{fmt(high)}{unit})</p>")
            parts.append(f"<p><b>Hint:</b> {q['hint']}</p><p><b>Worked solution:</b> {q['solution']}</p></div>")
    parts.append("</body></html>")
    return "".join(parts)


def print_pdf(page: Path, pdf: Path, *, chromium: Path = CHROMIUM, timeout: float = PRINT_TIMEOUT) -> None:
    """Print ``page`` (a local HTML file) to ``pdf`` with headless Chromium, with every host unresolvable."""
    if not chromium.exists():
        raise FileNotFoundError(f"{chromium} is missing: install Debian's chromium (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory(prefix="handout-chromium-") as profile:
        cmd = [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf}", f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
               "--disable-background-networking", "--disable-component-update", "--no-first-run",
               page.resolve().as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print {page} (exit {proc.returncode}): {proc.stderr[-1500:]}")


def pdf_pages(data: bytes) -> int:
    """Page objects in a PDF (Chromium writes its object dictionaries uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def pdf_images(data: bytes) -> int:
    """Image XObjects in a PDF, not counting the soft masks (alpha channels) of other images."""
    masks = set(re.findall(rb"/SMask\s+(\d+)\s+0\s+R", data))
    images = re.findall(rb"(\d+)\s+0\s+obj\s*<<(?:(?!endobj).){0,2000}?/Subtype\s*/Image", data, re.S)
    return len([i for i in images if i not in masks])


def write_page(page: str, html_path: Path) -> int:
    """Make ``page`` offline, check it loads nothing, write it; returns how many formulas stayed TeX."""
    page, failed = offline_html(page)
    loads = remote_loads(page)
    if loads:
        raise RuntimeError(f"{html_path.name} would fetch from the network: {loads[:5]}")
    html_path.write_text(page, encoding="utf-8")
    return failed


def build_handout(lesson: Lesson, out: Path) -> Path:
    """The lesson's handout PDF in ``out`` (its HTML beside it); fails if the page gives an answer away."""
    page = export_html(handout_notebook(lesson), lesson.title)
    leaks = answer_leaks(page, lesson.questions)
    if leaks:
        raise RuntimeError(f"{lesson.name}: the handout gives answers away: {leaks[:5]}")
    html_path, pdf = out / f"{lesson.name}.html", out / f"{lesson.name}.pdf"
    failed = write_page(page, html_path)
    if failed:
        print(f"  {lesson.name}: {failed} formula(s) left as TeX (mathtext could not draw them)", file=sys.stderr)
    print_pdf(html_path, pdf)
    return pdf


def build_answer_sheet(lessons: Sequence[Lesson], out: Path, name: str = "answer_sheet") -> Path:
    html_path, pdf = out / f"{name}.html", out / f"{name}.pdf"
    write_page(answer_sheet_html(lessons), html_path)
    print_pdf(html_path, pdf)
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build one handout PDF per lesson and one answer sheet PDF.")
    parser.add_argument("--lessons", nargs="+", default=None, help="lesson names, e.g. 01_the_band (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default %(default)s)")
    args = parser.parse_args(argv)
    names = args.lessons or lesson_names()
    allowed = lesson_names()
    bad = [n for n in names if n not in allowed]
    if bad:
        parser.error(f"--lessons {bad} not among the lessons: allowed values are {allowed}")
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    done, failed = [], []
    for name in names:
        t = time.perf_counter()
        try:
            lesson = execute_lesson(name)
            pdf = build_handout(lesson, args.out)
        except Exception as err:  # report the lesson and go on with the others; the exit status says it
            print(f"{name}: FAILED, no handout: {type(err).__name__}: {str(err).strip()[-800:]}", file=sys.stderr)
            failed.append(name)
            continue
        data = pdf.read_bytes()
        print(f"{pdf}: {pdf_pages(data)} pages, {pdf_images(data)} images, {len(data) / 1e6:.2f} MB, "
              f"{len(lesson.questions)} questions, {time.perf_counter() - t:.1f} s")
        done.append(lesson)
    sheet = build_answer_sheet(done, args.out)
    data = sheet.read_bytes()
    print(f"{sheet}: {pdf_pages(data)} pages, {len(data) / 1e6:.2f} MB, "
          f"{sum(len(x.questions) for x in done)} questions")
    print(f"built {len(done)} handout(s) and the answer sheet in {time.perf_counter() - start:.1f} s")
    if failed:
        print(f"FAILED: {failed} (the answer sheet leaves them out)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
