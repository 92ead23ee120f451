"""The JupyterLite site in Chromium with the network cut off: a static server on 127.0.0.1, every request
for anywhere else aborted (as a dead connection would) and recorded, a notebook run through the menus.

Every request the page, its service worker and the kernel's web worker make passes the browser context's
route, so the record is complete for what the site itself asks for; Chromium's own background traffic is
switched off by the launch flags (config.CHROMIUM_ARGS).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import PAGE_LOAD_TIMEOUT
from .processes import ServerProcess, _isolated_env, _spawn, _wait_until_serving, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Route

#: Seconds for a whole notebook to run in the browser kernel (Pyodide starts in ~5 s here).
LITE_RUN_TIMEOUT = 180.0
#: The text every probe notebook prints last: the run is over when it shows.
DONE_MARK = "LITE-DONE"
#: The notebook on screen (JupyterLite restores earlier tabs from the browser's storage: they stay hidden).
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def start_static_server(root: Path, state_dir: Path) -> ServerProcess:
    """``python -m http.server`` serving ``root`` on 127.0.0.1 (the site is static: nothing else runs)."""
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)]
    log_path = state_dir / "http.log"
    proc = _spawn("http.server", cmd, root, _isolated_env(state_dir), log_path)
    server = ServerProcess("static site", proc, f"http://127.0.0.1:{port}", "", log_path)
    _wait_until_serving(server, "index.html", PAGE_LOAD_TIMEOUT)
    return server


@dataclass
class LiteRun:
    """What one notebook run in JupyterLite showed and asked the network for."""

    notebook: str
    outputs: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    sliders: int = 0
    seconds: float = 0.0
    finished: bool = False

    def output_with(self, mark: str) -> str | None:
        return next((o for o in self.outputs if o.startswith(mark)), None)

    def summary(self) -> str:
        outs = "\n".join(f"  | {o[:200]}" for o in self.outputs)
        return (f"{self.notebook}: finished={self.finished} in {self.seconds:.1f} s, {len(self.local)} local "
                f"requests, {len(self.outside)} outside: {self.outside}, sliders={self.sliders}\n{outs}")


def forget_site(page: Page, site: ServerProcess) -> None:
    """Clear everything the browser keeps for the site's origin (JupyterLite's saved workspace, its files and
    settings in IndexedDB, the service worker), so a notebook opens as on a first visit: otherwise the tabs of
    an earlier test are restored and the menu's Run All Cells may act on one of them."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Storage.clearDataForOrigin", {"origin": site.base_url, "storageTypes": "all"})
    finally:
        cdp.detach()


@contextmanager
def cut_off(page: Page, site: ServerProcess, local: list[str], outside: list[str]) -> Iterator[None]:
    """While inside: every request for the site passes (its path recorded in ``local``); every other one is
    aborted as a dead connection would be, its address recorded in ``outside``. The site's origin is
    forgotten first (:func:`forget_site`)."""
    forget_site(page, site)
    own = site.base_url + "/"

    def route(r: Route) -> None:
        url = r.request.url
        if url.startswith(own):
            local.append(url[len(own):])
            r.continue_()
        else:
            outside.append(url)
            r.abort("internetdisconnected")

    page.context.route("**/*", route)
    try:
        yield
    finally:
        page.context.unroute("**/*", route)


def run_in_lite(page: Page, site: ServerProcess, notebook: str, timeout: float = LITE_RUN_TIMEOUT) -> LiteRun:
    """Open ``notebook`` in the site's JupyterLab as on a first visit, Run All Cells from the menu, wait for
    ``DONE_MARK``."""
    run = LiteRun(notebook)
    t0 = time.monotonic()
    try:
        with cut_off(page, site, run.local, run.outside):
            page.goto(f"{site.base_url}/lab/index.html?path={notebook}")
            page.wait_for_selector(f"{CURRENT} .jp-Cell", timeout=PAGE_LOAD_TIMEOUT * 1000)
            page.click("li.lm-MenuBar-item:has-text('Run')")
            page.click("li.lm-Menu-item:has-text('Run All Cells')")
            deadline = t0 + timeout
            while time.monotonic() < deadline:
                run.outputs = [o.inner_text().strip()
                               for o in page.query_selector_all(f"{CURRENT} .jp-OutputArea-output")]
                if any(o.startswith(DONE_MARK) for o in run.outputs):
                    run.finished = True
                    break
                time.sleep(0.5)
            run.sliders = len(page.query_selector_all(f"{CURRENT} .jp-OutputArea-output .widget-slider"))
    finally:
        run.seconds = time.monotonic() - t0
    return run


def run_cell(page: Page, cell: Locator, timeout: float = LITE_RUN_TIMEOUT) -> str:
    """Run ``cell`` with Shift+Enter and wait until its prompt shows an execution count; returns the prompt.
    A key press that lands before the notebook takes focus is lost (seen under load: the prompt stays
    ``[ ]``), so the press is repeated, at most three times, while the cell has not started."""
    prompt = cell.locator(".jp-InputPrompt")
    deadline = time.monotonic() + timeout
    for _ in range(3):
        cell.click()
        page.keyboard.press("Shift+Enter")
        started = time.monotonic() + 10
        while time.monotonic() < min(started, deadline) and prompt.inner_text().strip() in ("[ ]:", ""):
            time.sleep(0.25)
        if prompt.inner_text().strip() not in ("[ ]:", ""):
            break
    while time.monotonic() < deadline and not re.search(r"\[\d+\]", prompt.inner_text()):
        time.sleep(0.5)
    return prompt.inner_text().strip()
