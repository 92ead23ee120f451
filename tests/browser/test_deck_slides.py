"""A lesson presented as slides with jupyterlab-deck inside JupyterLab, in a real Chromium: the deck
starts, stepping through it reaches the explorer's slide, and moving a slider there changes the
figure on the slide. Plus two negative controls: a copy whose explorer cell is set to ``skip`` (no
explorer reachable) and a slide whose figure does not redraw. See browser_harness/slides.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser_harness import ServerProcess, shutdown_lab_kernels, start_jupyterlab
from browser_harness.slides import (
    LESSON_PATH,
    NO_REDRAW_PATH,
    SKIPPED_EXPLORER_PATH,
    SlidesReport,
    check_slides,
    prepare_slides_root,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def slides_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """JupyterLab serving the lesson with its slide types applied, and the broken copies."""
    base = tmp_path_factory.mktemp("slides")
    with start_jupyterlab(prepare_slides_root(base / "root"), base / "state") as server:
        yield server


def _check(page: Page, lab: ServerProcess, rel_path: str, shot: str, **kwargs: float) -> SlidesReport:
    try:
        return check_slides(page, lab, rel_path, shot, **kwargs)
    finally:
        shutdown_lab_kernels(lab, rel_path)


@pytest.mark.timeout(240)
def test_lesson_as_slides_has_a_live_explorer(slides_lab: ServerProcess, page: Page) -> None:
    """Lesson 03 as a deck: the explorer's slide is reached from the title slide, the explorer is on
    screen there, its slider moves by keyboard, the figure changes, and the deck logs no error."""
    report = _check(page, slides_lab, LESSON_PATH, "slides-03.deck")
    print(report.summary())
    assert not report.problems(), report.summary()
    assert report.explorer_cell is not None and report.explorer_cell in report.on_screen, report.summary()
    assert report.path[0] > 0 and report.steps > 3, f"the deck did not step through the story: {report.summary()}"
    assert report.figure_visible is not None and report.figure_visible >= 0.75, report.summary()
    assert report.move is not None and report.move.changed, report.summary()


@pytest.mark.timeout(240)
def test_slides_fail_when_the_explorer_is_skipped(slides_lab: ServerProcess, page: Page) -> None:
    """Negative control: the same lesson with its explorer cell set to ``skip``: no slide shows it."""
    report = _check(page, slides_lab, SKIPPED_EXPLORER_PATH, "slides-selftest-skipped.deck")
    print(report.summary())
    problems = report.problems()
    assert report.started and len(problems) == 1, report.summary()
    assert "no slide with an explorer reached" in problems[0], report.summary()


@pytest.mark.timeout(180)
def test_slides_fail_when_the_figure_does_not_redraw(slides_lab: ServerProcess, page: Page) -> None:
    """Negative control: a slide whose slider callback leaves the figure alone is reported."""
    report = _check(page, slides_lab, NO_REDRAW_PATH, "slides-selftest-no-redraw.deck", change_timeout=4.0)
    print(report.summary())
    problems = report.problems()
    assert len(problems) == 1 and "figure did not change" in problems[0], report.summary()
    assert report.move is not None and report.move.key_seen, report.summary()
