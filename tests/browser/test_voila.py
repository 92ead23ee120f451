"""Every lesson rendered by Voila (the code-free app view an instructor may project) in a real
Chromium: no errors, live widgets, and every explorer's figure answers a keyboard move."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_harness import (
    SELFTEST_DIR,
    ServerProcess,
    check_in_voila,
    is_widget_frontend_url,
    lesson_notebooks,
    served_path,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

LESSONS: list[Path] = lesson_notebooks()


@pytest.mark.timeout(240)
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_in_voila(lesson: Path, voila_server: ServerProcess, page: Page) -> None:
    """Voila sends the page once every cell has run; then the same checks as in JupyterLab."""
    report = check_in_voila(page, voila_server, served_path(lesson), f"{lesson.stem}.voila")
    assert not report.problems(), report.summary()


@pytest.mark.timeout(120)
def test_machinery_passes_a_working_explorer_in_voila(
    voila_server: ServerProcess, page: Page
) -> None:
    """The built-in one-explorer notebook passes in Voila too."""
    report = check_in_voila(
        page, voila_server, f"{SELFTEST_DIR}/explorer.ipynb", "selftest-explorer.voila"
    )
    assert not report.problems(), report.summary()
    assert len(report.explorers) == 1, report.summary()


@pytest.mark.timeout(120)
def test_machinery_fails_bad_notebooks_in_voila(voila_server: ServerProcess, page: Page) -> None:
    """Negative controls: a figure that does not redraw, an exception and a printed widget
    repr are all reported under Voila."""
    report = check_in_voila(
        page,
        voila_server,
        f"{SELFTEST_DIR}/explorer_no_redraw.ipynb",
        "selftest-explorer_no_redraw.voila",
        change_timeout=4.0,
    )
    problems = report.problems()
    assert len(problems) == 1 and "figure did not change" in problems[0], report.summary()

    broken = check_in_voila(
        page, voila_server, f"{SELFTEST_DIR}/broken.ipynb", "selftest-broken.voila"
    )
    assert any("deliberate failure" in e for e in broken.errors), broken.summary()
    assert any("IntSlider(" in p for p in broken.widget_problems), broken.summary()


@pytest.mark.timeout(120)
def test_machinery_fails_dead_widgets_in_voila(voila_server: ServerProcess, page: Page) -> None:
    """Negative control: with the ipywidgets front end unavailable (as on a hub with a missing
    or skewed widget extension) the explorer is reported as not live."""
    page.route(is_widget_frontend_url, lambda route: route.abort())
    report = check_in_voila(
        page, voila_server, f"{SELFTEST_DIR}/explorer.ipynb", "selftest-dead-widgets.voila"
    )
    assert report.widget_problems, report.summary()
    assert not report.explorers, report.summary()
