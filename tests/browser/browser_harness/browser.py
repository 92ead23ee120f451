"""Debian's Chromium driven by Playwright, with a fresh profile, and its shutdown."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import CHROMIUM_ARGS, CHROMIUM_PATH, PAGE_LOAD_TIMEOUT, VIEWPORT
from .processes import descendants, signal_pid, start_time

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Playwright

#: Installed in every page: fingerprints of figures and a key-press-to-pixels watcher.
PAGE_HELPERS_JS = Path(__file__).with_name("page_helpers.js").read_text(encoding="utf-8")


def processes_using_profile(user_data_dir: Path) -> list[int]:
    """Pids of the Chromium processes started with this (unique, per-session) profile dir."""
    marker = f"--user-data-dir={user_data_dir}".encode()
    found: list[int] = []
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc_dir / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in cmdline:
            found.append(int(proc_dir.name))
    return found


@dataclass
class BrowserSession:
    """Playwright driving Debian's Chromium with a fresh profile; one per test session."""

    playwright: Playwright
    context: BrowserContext
    user_data_dir: Path

    def new_page(self) -> Page:
        """A new tab with a default timeout, so no Playwright wait is unbounded."""
        page = self.context.new_page()
        page.set_default_timeout(PAGE_LOAD_TIMEOUT * 1000)
        return page

    def stop(self) -> None:
        """Close Chromium and the Playwright driver, then kill whatever is left of this
        session's Chromium: the browser process (found by its unique profile directory) and
        its children (renderers, GPU process), by pid and start time."""
        ours: list[tuple[int, int | None]] = []
        for pid in processes_using_profile(self.user_data_dir):
            ours.append((pid, start_time(pid)))
            ours.extend(descendants(pid))
        try:
            self.context.close()
        finally:
            try:
                self.playwright.stop()
            finally:
                for pid, started in ours:
                    signal_pid(pid, signal.SIGKILL, started)
                for pid in processes_using_profile(self.user_data_dir):
                    signal_pid(pid, signal.SIGKILL)


def start_browser(user_data_dir: Path) -> BrowserSession:
    """Launch headless Chromium (``/usr/bin/chromium``, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(CHROMIUM_PATH),
            headless=True,
            args=list(CHROMIUM_ARGS),
            viewport={"width": VIEWPORT["width"], "height": VIEWPORT["height"]},
            timeout=PAGE_LOAD_TIMEOUT * 1000,
        )
    except BaseException:
        playwright.stop()
        raise
    context.add_init_script(PAGE_HELPERS_JS)
    context.set_default_timeout(PAGE_LOAD_TIMEOUT * 1000)
    return BrowserSession(playwright, context, user_data_dir)
