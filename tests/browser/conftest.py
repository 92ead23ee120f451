"""Fixtures for the real-browser tests: one JupyterLab, one Voila and one Chromium per session.

Under ``pytest -n 2 --dist loadscope`` each worker that runs a module from this folder starts the
servers it needs (lazily) and stops them at the end; a module's tests stay on one worker.

Tests marked ``browser`` need Debian's Chromium at ``/usr/bin/chromium`` and the Playwright
Python package. Without them they are skipped, unless the environment variable ``CI`` is true,
in which case they fail: CI must not silently lose its browser coverage.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser_harness import (
    LATENCY_REPORT,
    BrowserSession,
    ServerProcess,
    browser_unavailable_reason,
    prepare_served_root,
    running_in_ci,
    start_browser,
    start_jupyterlab,
    start_voila,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

_SESSION_START = time.time()


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``browser`` marker here so that pyproject.toml needs no edit."""
    config.addinivalue_line(
        "markers",
        "browser: drives a real Chromium against JupyterLab/Voila (needs /usr/bin/chromium; "
        "skipped without it unless CI is set)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (or, under CI, fail) ``browser`` tests before any server is started for them."""
    if item.get_closest_marker("browser") is None:
        return
    reason = browser_unavailable_reason()
    if reason is None:
        return
    if running_in_ci():
        pytest.fail(f"CI is set but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat the latency line measured in this run (also when a worker measured it)."""
    try:
        if LATENCY_REPORT.stat().st_mtime < _SESSION_START:
            return
        text = LATENCY_REPORT.read_text(encoding="utf-8").strip()
    except OSError:
        return
    terminalreporter.write_sep("-", "browser latency")
    terminalreporter.write_line(text)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """JupyterLab serving a throw-away copy of notebooks/ (plus self-test notebooks)."""
    base = tmp_path_factory.mktemp("jupyterlab")
    with start_jupyterlab(prepare_served_root(base / "root"), base / "state") as server:
        yield server


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Voila serving its own throw-away copy of notebooks/ (plus self-test notebooks)."""
    base = tmp_path_factory.mktemp("voila")
    with start_voila(prepare_served_root(base / "root"), base / "state") as server:
        yield server


@pytest.fixture(scope="session")
def browser_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserSession]:
    """Headless Debian Chromium with a fresh profile, shared by all tests of a worker."""
    reason = browser_unavailable_reason()
    if reason is not None:  # reached only by unmarked tests that ask for a browser
        if running_in_ci():
            pytest.fail(f"CI is set but the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    session = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture()
def page(browser_session: BrowserSession) -> Iterator[Page]:
    """A fresh tab, closed after the test (without running beforeunload handlers)."""
    tab = browser_session.new_page()
    try:
        yield tab
    finally:
        tab.close()
