"""The presenter dashboard (apps/presenter.ipynb) served by Voila in a real Chromium at 1280x720: it
renders without an error, shows no code, builds a tab's explorer when the tab is opened, a preset
button changes the figure in one click, a slider move changes it, figure and readout on screen.
Plus negative self-tests: each of those checks fails on an app broken on purpose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser_harness import ServerProcess
from browser_harness.presenter import (APP_PATH, SELFTEST_APPS, check_presenter, prepare_presenter_root,
                                       start_voila_showing)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: Tabs opened (by their labels, as an instructor clicks them): the first, one with a Play control and
#: a taller figure, the one with the slowest explorer to build, and one more.
TABS = ("01 Band", "07 Stride", "10 How good", "06 Knee")


@pytest.fixture(scope="module")
def presenter_voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Voila serving a copy of apps/presenter.ipynb and the self-test apps (sources stripped, as by default)."""
    base = tmp_path_factory.mktemp("presenter")
    with start_voila_showing(prepare_presenter_root(base / "root"), base / "state") as server:
        yield server


@pytest.mark.timeout(240)
def test_presenter_in_voila(presenter_voila: ServerProcess, page: Page) -> None:
    report = check_presenter(page, presenter_voila, APP_PATH, "presenter.voila", TABS)
    print(report.summary())
    assert not report.problems(), report.summary()
    assert [t.label for t in report.tabs] == list(TABS) and all(t.explorer for t in report.tabs), report.summary()
    assert [t.kind for t in report.tabs] == ["band", "stride", "sensitivity", "knee"], report.summary()
    assert all(t.explorer.fit for t in report.tabs if t.explorer), f"projector fit not checked: {report.summary()}"


# ---- self-tests: each check fails on an app broken on purpose -----------------------------------------


@pytest.mark.timeout(180)
def test_machinery_fails_preset_buttons_that_do_nothing(presenter_voila: ServerProcess, page: Page) -> None:
    report = check_presenter(page, presenter_voila, f"{SELFTEST_APPS}/dead_buttons.ipynb", "presenter-dead-buttons",
                             ("02 One leg",), change_timeout=3.0)
    problems = report.problems()
    assert len(problems) == 1 and "figure did not change" in problems[0] and "preset button" in problems[0], \
        report.summary()


@pytest.mark.timeout(180)
def test_machinery_fails_an_app_that_prints_code(presenter_voila: ServerProcess, page: Page) -> None:
    report = check_presenter(page, presenter_voila, f"{SELFTEST_APPS}/prints_code.ipynb", "presenter-prints",
                             ("01 Band",))
    assert report.code_shown and all("not the app" in p for p in report.code_shown), report.summary()
    assert any("from itband_edu" in p for p in report.code_shown), report.summary()
    assert report.problems() == report.code_shown, report.summary()


@pytest.mark.timeout(180)
def test_machinery_fails_tabs_that_never_build(presenter_voila: ServerProcess, page: Page) -> None:
    report = check_presenter(page, presenter_voila, f"{SELFTEST_APPS}/tabs_never_build.ipynb", "presenter-lazy",
                             ("01 Band", "05 Foot"))
    problems = report.problems()
    assert len(problems) == 1 and "'05 Foot'" in problems[0] and "no explorer appeared" in problems[0], \
        report.summary()


@pytest.mark.timeout(240)
def test_machinery_fails_an_app_served_with_its_code(
    presenter_voila: ServerProcess, page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The real app, served by a Voila that keeps the sources: the code is on screen."""
    base = tmp_path_factory.mktemp("presenter-code")
    server = start_voila_showing(prepare_presenter_root(base / "root"), base / "state", strip_sources=False)
    try:
        report = check_presenter(page, server, APP_PATH, "presenter-code-shown", ("01 Band",))
    finally:
        server.stop()
    assert len(report.code_shown) == 1 and "code on screen" in report.code_shown[0], report.summary()
    assert "presenter_app" in report.code_shown[0] or "presenter" in report.code_shown[0], report.summary()
    assert report.problems() == report.code_shown, report.summary()
