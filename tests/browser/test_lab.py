"""Every lesson, run through JupyterLab's UI in a real Chromium at a projector's 1280x720: no
errors, live widgets, every explorer's figure answers a keyboard move of its slider, and with any
of its sliders on screen its figure and readout are at least three quarters visible. Plus self-tests of the machinery,
the key-press-to-pixels latency, and the shipped settings override (no news prompt)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_harness import (
    LAB_SCOPE,
    LATENCY_REPORT,
    SELFTEST_DIR,
    LatencyResult,
    NotebookReport,
    ServerProcess,
    check_in_lab,
    is_widget_frontend_url,
    lesson_notebooks,
    measure_latency,
    open_lab_notebook,
    prepare_first_explorer,
    run_all_in_lab,
    served_path,
    shutdown_lab_kernels,
    wait_widgets_rendered,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

LESSONS: list[Path] = lesson_notebooks()
#: The explorer whose latency is reported: the first one in this lesson, else in any lesson.
LATENCY_LESSON = "03_who_pulls_on_the_band.ipynb"
NEWS_PROMPT_TEXTS = ("official Jupyter news", "Jupyter news")


def _check(
    page: Page, lab: ServerProcess, rel_path: str, shot: str, **kwargs: float
) -> NotebookReport:
    """check_in_lab, then shut the notebook's kernel down whatever happened."""
    try:
        return check_in_lab(page, lab, rel_path, shot, **kwargs)
    finally:
        shutdown_lab_kernels(lab, rel_path)


@pytest.mark.timeout(240)
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_in_jupyterlab(lesson: Path, lab_server: ServerProcess, page: Page) -> None:
    """Run all cells through the UI; no cell errors, widgets are live, explorers respond."""
    report = _check(page, lab_server, served_path(lesson), f"{lesson.stem}.lab")
    assert not report.problems(), report.summary()
    assert {q.kind for q in report.quizzes} == {"choice", "number"}, f"no question of each kind answered: {report.summary()}"
    unchecked = [e.index for e in report.explorers if not e.fit]
    assert not unchecked, f"explorers {unchecked} were not checked for the projector: {report.summary()}"


# ---- self-tests of the machinery (they run even when notebooks/ has no lesson yet) ----------


@pytest.mark.timeout(120)
def test_machinery_passes_a_working_explorer(lab_server: ServerProcess, page: Page) -> None:
    """The built-in one-explorer notebook passes, and the slider really moved."""
    report = _check(page, lab_server, f"{SELFTEST_DIR}/explorer.ipynb", "selftest-explorer.lab")
    assert not report.problems(), report.summary()
    assert len(report.explorers) == 1, report.summary()
    move = report.explorers[0].move
    assert move is not None and move.changed and move.value_before != move.value_after, move


@pytest.mark.timeout(120)
def test_machinery_fails_a_figure_that_does_not_redraw(
    lab_server: ServerProcess, page: Page
) -> None:
    """Negative control: a slider whose callback leaves the figure alone must be reported."""
    report = _check(
        page,
        lab_server,
        f"{SELFTEST_DIR}/explorer_no_redraw.ipynb",
        "selftest-explorer_no_redraw.lab",
        change_timeout=4.0,
    )
    problems = report.problems()
    assert len(problems) == 1 and "figure did not change" in problems[0], report.summary()
    move = report.explorers[0].move
    assert move is not None and move.key_seen and move.value_before != move.value_after, move


@pytest.mark.timeout(120)
def test_machinery_fails_a_figure_below_the_fold(lab_server: ServerProcess, page: Page) -> None:
    """Negative control of the projector check: a course explorer whose figure sits under its
    controls and a gap is reported (at 1280x720, with a slider on screen the figure is not)."""
    report = _check(page, lab_server, f"{SELFTEST_DIR}/explorer_below_the_fold.ipynb",
                    "selftest-below-the-fold.lab")
    problems = report.problems()
    assert problems and all("figure" in p and "% visible" in p for p in problems), report.summary()
    assert report.explorers[0].move is not None and report.explorers[0].move.changed, report.summary()


@pytest.mark.timeout(120)
def test_machinery_fails_a_quiz_that_gives_no_feedback(lab_server: ServerProcess, page: Page) -> None:
    """Negative control of the quiz check: questions whose Check button does nothing are reported."""
    report = _check(page, lab_server, f"{SELFTEST_DIR}/dead_quiz.ipynb", "selftest-dead-quiz.lab")
    problems = [p for q in report.quizzes for p in q.problems()]
    assert len(report.quizzes) == 3 and len(problems) == 3, report.summary()
    assert all("feedback ''" in p for p in problems), problems


@pytest.mark.timeout(120)
def test_machinery_reports_errors_and_text_reprs(lab_server: ServerProcess, page: Page) -> None:
    """Negative control: an exception and a printed widget repr are both reported."""
    report = _check(page, lab_server, f"{SELFTEST_DIR}/broken.ipynb", "selftest-broken.lab")
    assert any("ValueError" in e and "deliberate" in e for e in report.errors), report.summary()
    assert any("IntSlider(" in p for p in report.widget_problems), report.summary()


@pytest.mark.timeout(120)
def test_machinery_fails_dead_widgets(lab_server: ServerProcess, page: Page) -> None:
    """Negative control: with the ipywidgets front end unavailable (as on a hub with a missing
    or skewed widget extension) the explorer is reported as not live."""
    page.route(is_widget_frontend_url, lambda route: route.abort())
    report = _check(page, lab_server, f"{SELFTEST_DIR}/explorer.ipynb", "selftest-dead-widgets.lab")
    assert report.widget_problems, report.summary()
    assert not report.explorers, report.summary()


# ---- latency --------------------------------------------------------------------------------


def _latency_candidates() -> list[str]:
    """The preferred lesson, the other lessons, then the self-test notebook."""
    lessons = sorted(LESSONS, key=lambda p: p.name != LATENCY_LESSON)  # stable sort
    return [*(served_path(p) for p in lessons), f"{SELFTEST_DIR}/explorer.ipynb"]


@pytest.mark.timeout(300)
def test_report_keypress_to_pixels_latency(lab_server: ServerProcess, page: Page) -> None:
    """Median latency of >= 20 keyboard moves of one explorer, printed and written to
    artifacts/browser_latency.txt. Reported, not asserted: headless Chromium renders in software."""
    result: LatencyResult | None = None
    for rel_path in _latency_candidates():
        try:
            open_lab_notebook(page, lab_server, rel_path)
            run_all_in_lab(page)
            wait_widgets_rendered(page, LAB_SCOPE)
            explorer = prepare_first_explorer(page, LAB_SCOPE)
            if explorer is not None:
                result = measure_latency(
                    page, explorer, f"JupyterLab, first explorer of {rel_path}"
                )
                break
        finally:
            shutdown_lab_kernels(lab_server, rel_path)
    assert result is not None, (
        "no explorer with a slider and a figure found, not even the self-test one"
    )
    line = result.text()
    LATENCY_REPORT.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_REPORT.write_text(line + "\n", encoding="utf-8")
    print(line)
    assert len(result.latencies_ms) >= 20, line


# ---- the settings override shipped in jupyter-config/overrides.json (see also
#      test_settings_override.py, which needs no browser) ------------------------------------


@pytest.mark.timeout(90)
def test_no_news_prompt_in_jupyterlab(lab_server: ServerProcess, page: Page) -> None:
    """Opening JupyterLab shows no "official Jupyter news?" toast over the lesson."""
    page.goto(lab_server.url("lab", reset=""), wait_until="domcontentloaded")
    page.wait_for_function(
        "() => !!(window.jupyterapp && document.querySelector('#jp-main-dock-panel'))",
        timeout=60_000,
    )
    time.sleep(3.0)  # the prompt, when enabled, appears within a second or two of start-up
    text = page.locator("body").inner_text()
    assert not any(t in text for t in NEWS_PROMPT_TEXTS), "JupyterLab asks about Jupyter news"
