"""The stride explorer (lesson 07) in a real JupyterLab and Chromium at 1280x720: it passes the
checks every lesson's explorers pass (no errors, live widgets, a keyboard move changes the figure,
figure and readout on screen with any slider), and its Play control animates the figure by itself,
with no key press. Negative control: with the Play unlinked from the time slider, the same check
fails. The frames shown per second while playing go to artifacts/stride_play.txt."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser_harness import (
    LAB_SCOPE,
    SELFTEST_DIR,
    PlayResult,
    ServerProcess,
    check_in_lab,
    open_lab_notebook,
    run_all_in_lab,
    shutdown_lab_kernels,
    wait_widgets_rendered,
    watch_play,
)
from browser_harness.config import ARTIFACTS_DIR

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

STRIDE = f"{SELFTEST_DIR}/stride.ipynb"
UNLINKED = f"{SELFTEST_DIR}/stride_unlinked.ipynb"
PLAY_REPORT = ARTIFACTS_DIR / "stride_play.txt"


def _play(page: Page, lab: ServerProcess, rel_path: str, seconds: float = 3.0) -> PlayResult:
    """Open and run the notebook, then press its explorer's Play button and watch."""
    try:
        open_lab_notebook(page, lab, rel_path)
        run_all_in_lab(page)
        wait_widgets_rendered(page, LAB_SCOPE)
        assert not page.evaluate("() => window.__itband.labErrors()")
        infos = page.locator(LAB_SCOPE).evaluate("(root) => window.__itband.markExplorers(root)")
        assert len(infos) == 1 and infos[0]["images"] >= 1, infos
        return watch_play(page, page.locator('[data-itband-explorer="0"]'), seconds)
    finally:
        shutdown_lab_kernels(lab, rel_path)


@pytest.mark.timeout(180)
def test_stride_explorer_passes_the_lesson_checks(lab_server: ServerProcess, page: Page) -> None:
    """As test_lab does for every lesson: no errors, live widgets, the first slider (the time) moves
    the figure, and with any slider on screen the figure and the readout are >= 3/4 visible."""
    try:
        report = check_in_lab(page, lab_server, STRIDE, "selftest-stride.lab")
    finally:
        shutdown_lab_kernels(lab_server, STRIDE)
    assert not report.problems(), report.summary()
    assert len(report.explorers) == 1 and report.explorers[0].fit, report.summary()
    assert len(report.explorers[0].fit) == 5, report.summary()  # the time slider and the four lever sliders
    # the margin left (the seven-row readout is sized for it; with -s the fractions are printed)
    print("projector fit, visible (figure, readout):",
          [(row["slider"], round(row["figure"], 2), round(row["readout"], 2)) for row in report.explorers[0].fit])


@pytest.mark.timeout(180)
def test_play_advances_the_figure_without_a_key_press(lab_server: ServerProcess, page: Page) -> None:
    result = _play(page, lab_server, STRIDE)
    line = result.text()
    PLAY_REPORT.parent.mkdir(parents=True, exist_ok=True)
    PLAY_REPORT.write_text(line + "\n", encoding="utf-8")
    print(line)
    assert not result.problems(), line


@pytest.mark.timeout(180)
def test_the_play_check_fails_an_unlinked_play(lab_server: ServerProcess, page: Page) -> None:
    """Negative control: the Play runs, but unlinked from the time slider nothing else moves."""
    result = _play(page, lab_server, UNLINKED)
    problems = result.problems()
    assert any("does not drive the figure" in p for p in problems), result.text()
    assert any("time slider stayed" in p for p in problems), result.text()
