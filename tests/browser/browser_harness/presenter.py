"""The presenter dashboard (``apps/presenter.ipynb``) in Voila: its served copy, self-test apps that
are broken on purpose, a Voila that shows code, and the checks an instructor's projector needs.

The checks (:func:`check_presenter`): the page renders without an error or a dead widget; no code is
on screen (no input area or code editor; every output of the page is the app itself, so nothing was
printed); each tab asked for, once clicked, shows its explorer (built when first opened); clicking a
preset button changes the figure and lights that button; moving a slider changes the figure, with
figure and readout on screen (the projector check of :mod:`.checks`).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import (
    ExplorerResult,
    _save_screenshots,
    _tracebacks,
    _wait_stable,
    _widget_problems,
    check_explorers,
    settle_explorer,
)
from .config import FIGURE_CHANGE_TIMEOUT, REPO_ROOT, VOILA_RENDER_TIMEOUT, WIDGETS_RENDER_TIMEOUT
from .processes import ServerProcess, _isolated_env, _spawn, _wait_until_serving, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Page

APP = REPO_ROOT / "apps" / "presenter.ipynb"
#: Served paths (relative to the served root, which mirrors the repository's layout).
APP_PATH = "apps/presenter.ipynb"
SELFTEST_APPS = "apps/_selftest"
#: Seconds a clicked tab may take to show its explorer (the kernel builds it: ~0.1-1 s here).
TAB_BUILD_TIMEOUT = 30.0
#: Code on screen: what Voila renders for a cell's source when sources are not stripped.
CODE_SELECTORS = ".jp-InputArea, .jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor, .CodeMirror"

# ---- self-test apps (each breaks one thing the checks must catch) ---------------------------------

_DEAD_BUTTONS = """\
import itband_edu.views.presenter as P

_buttons = P._preset_buttons


def _dead(ex):  # the buttons are made, shown and labelled, but a click does nothing
    buttons = _buttons(ex)
    for b in buttons:
        b._click_handlers.callbacks.clear()
    return buttons


P._preset_buttons = _dead
P.presenter_app()
"""
_PRINTS_CODE = """\
from itband_edu.views.presenter import presenter_app
print("from itband_edu.views.presenter import presenter_app")
presenter_app()
"""
_TABS_NEVER_BUILD = """\
from itband_edu.views.presenter import presenter_app
app = presenter_app()
app.tabs.unobserve(app._on_tab, names="selected_index")  # opening a tab no longer builds its explorer
app
"""
SELFTESTS = {"dead_buttons": _DEAD_BUTTONS, "prints_code": _PRINTS_CODE, "tabs_never_build": _TABS_NEVER_BUILD}


def _write_app(path: Path, source: str) -> None:
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "app", "metadata": {}, "outputs": [],
                     "source": source}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def prepare_presenter_root(root: Path) -> Path:
    """``root/apps/presenter.ipynb`` (a copy of the real app) and ``root/apps/_selftest/<name>.ipynb``
    for each of ``SELFTESTS``."""
    (root / "apps").mkdir(parents=True, exist_ok=True)
    shutil.copy2(APP, root / APP_PATH)
    for name, source in SELFTESTS.items():
        _write_app(root / SELFTEST_APPS / f"{name}.ipynb", source)
    return root


def start_voila_showing(root_dir: Path, state_dir: Path, *, strip_sources: bool = True) -> ServerProcess:
    """Voila serving ``root_dir`` as the harness's ``start_voila`` does; ``strip_sources=False`` shows
    every cell's code (the negative self-test of the no-code check)."""
    port = free_port()
    cmd = [sys.executable, "-m", "voila", str(root_dir), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
           "--show_tracebacks=True", f"--strip_sources={strip_sources}"]
    log_path = state_dir / f"voila-{uuid.uuid4().hex[:6]}.log"
    proc = _spawn("voila", cmd, root_dir, _isolated_env(state_dir), log_path)
    server = ServerProcess("Voila", proc, f"http://127.0.0.1:{port}", "", log_path)
    _wait_until_serving(server, "voila/tree", 90.0)
    return server


# ---- the checks --------------------------------------------------------------------------------------


@dataclass
class TabResult:
    """One tab clicked and what its page did."""

    label: str
    kind: str | None = None
    built_ms: float | None = None  # click -> explorer's figure painted and settled (browser side)
    title: str = ""
    buttons: int = 0
    preset: str | None = None  # the button clicked
    preset_changed: bool = False
    preset_lit: bool = False
    lit: list[str] = field(default_factory=list)  # the buttons lit after the click
    menu: str = ""  # what the explorer's own Preset menu shows after the click
    preset_ms: float | None = None
    explorer: ExplorerResult | None = None
    timeout: float = FIGURE_CHANGE_TIMEOUT

    def problems(self) -> list[str]:
        where = f"tab {self.label!r}"
        if self.kind is None:
            return [f"{where}: clicking it showed no presenter page"]
        if self.explorer is None:
            return [f"{where}: no explorer appeared within {TAB_BUILD_TIMEOUT:.0f} s of opening it"]
        found = []
        if not self.title.startswith("Lesson "):
            found.append(f"{where}: no one-line lesson title (got {self.title!r})")
        if self.buttons == 0:
            found.append(f"{where}: no preset buttons")
        elif not self.preset_changed:
            found.append(f"{where}: preset button {self.preset!r} clicked, figure did not change within "
                         f"{self.timeout:.0f} s")
        elif self.lit != ([self.menu] if self.menu else []):
            found.append(f"{where}: after clicking {self.preset!r} the lit buttons {self.lit} disagree with the "
                         f"explorer's Preset menu {self.menu!r}")
        found.extend(f"{where}: {p}" for p in self.explorer.problems())
        return found


@dataclass
class PresenterReport:
    """The presenter app checked in Voila."""

    path: str
    errors: list[str] = field(default_factory=list)
    widget_problems: list[str] = field(default_factory=list)
    code_shown: list[str] = field(default_factory=list)
    first_figure_ms: float | None = None  # page request -> first explorer's figure painted (browser side)
    tabs: list[TabResult] = field(default_factory=list)
    screenshot: Path | None = None

    def problems(self) -> list[str]:
        found = [f"error: {e}" for e in self.errors] + self.widget_problems + self.code_shown
        if self.first_figure_ms is None:
            found.append("the first tab never showed a painted figure")
        for tab in self.tabs:
            found.extend(tab.problems())
        return found

    def notes(self) -> list[str]:
        """What is worth knowing but is not the presenter's fault: a preset the explorer itself no longer
        recognises once the page has shown it (its Preset menu then shows none, and no button is lit)."""
        return [f"tab {t.label!r}: after clicking {t.preset!r} the explorer's Preset menu shows none (no button lit)"
                for t in self.tabs if t.preset_changed and not t.preset_lit and not t.menu]

    def summary(self) -> str:
        problems = self.problems() + [f"note: {n}" for n in self.notes()]
        times = ", ".join(f"{t.label} {t.built_ms:.0f} ms (preset click {t.preset_ms or float('nan'):.0f} ms)"
                          for t in self.tabs if t.built_ms is not None)
        return (f"Voila presenter {self.path}: first figure {self.first_figure_ms} ms; tabs: {times}\n  "
                + ("\n  ".join(problems) if problems else "ok")
                + (f"\n  screenshot: {self.screenshot}" if self.screenshot else ""))


_CODE_SHOWN_JS = """([codeSel]) => {
  const found = [];
  const code = document.querySelectorAll(codeSel);
  if (code.length) found.push(`code on screen: ${code.length} input area/editor element(s), e.g. `
    + JSON.stringify((code[0].innerText || '').trim().slice(0, 120)));
  const apps = document.querySelectorAll('.itband-presenter').length;
  if (apps !== 1) found.push(`expected exactly one presenter app on the page, found ${apps}`);
  document.querySelectorAll('.jp-OutputArea-output').forEach((out, i) => {
    if (out.parentElement.closest('.jupyter-widgets')) return;  // inside the app
    if (out.querySelector('.itband-presenter')) return;
    const mime = out.getAttribute('data-mime-type') || 'unknown type';
    found.push(`output ${i} is not the app (${mime}): ` + JSON.stringify((out.innerText || '').trim().slice(0, 120)));
  });
  return found;
}"""

_VISIBLE_PAGE_JS = """() => {
  const page = Array.from(document.querySelectorAll('.itband-presenter-page')).find((p) => p.offsetParent !== null);
  if (!page) return null;
  const kind = Array.from(page.classList).find((c) => c.startsWith('itband-presenter-page-'));
  return kind ? kind.slice('itband-presenter-page-'.length) : null;
}"""


def _figure_key(page: Page, selector: str) -> str:
    return str(page.locator(selector).evaluate("(el) => window.__itband.fingerprint(el).key"))


def _wait_figure_change(page: Page, selector: str, before: str, timeout: float) -> bool:
    """True once the figure under ``selector`` shows pixels other than ``before`` (a loaded image)."""
    js = """([sel, before]) => { const el = document.querySelector(sel);
              const k = el && window.__itband.fingerprint(el).key;
              return !!k && k !== before && !k.includes('i:false'); }"""
    with contextlib.suppress(TimeoutError):
        _wait_stable(page, js, [selector, before], timeout, stable_s=0.0)
        return True
    return False


def _check_tab(page: Page, label: str, change_timeout: float) -> TabResult:
    result = TabResult(label, timeout=change_timeout)
    t0 = time.perf_counter()
    page.get_by_role("tab", name=label, exact=True).click()
    with contextlib.suppress(Exception):
        page.wait_for_function(_VISIBLE_PAGE_JS, timeout=5000, polling=50)
    result.kind = page.evaluate(_VISIBLE_PAGE_JS)
    if result.kind is None:
        return result
    scope = f".itband-presenter-page-{result.kind}"
    explorer = page.locator(f"{scope} .itband-explorer").first
    try:
        explorer.wait_for(state="visible", timeout=TAB_BUILD_TIMEOUT * 1000)
    except Exception:  # reported as "no explorer appeared"
        return result
    if not settle_explorer(explorer, stable_ms=300):
        result.explorer = ExplorerResult(-1, 0, 0, 0)
        return result
    result.built_ms = 1000.0 * (time.perf_counter() - t0)
    title = page.locator(f"{scope} .itband-presenter-title")
    result.title = title.inner_text().strip() if title.count() else ""
    buttons = page.locator(f"{scope} .itband-preset-button")
    result.buttons = buttons.count()
    unlit = [i for i in range(result.buttons) if "mod-info" not in (buttons.nth(i).get_attribute("class") or "")]
    if unlit:
        button = buttons.nth(unlit[-1])
        result.preset = " ".join(button.inner_text().split())
        figure = f"{scope} .itband-explorer .itband-figure"
        before = _figure_key(page, f"{scope} .itband-explorer")
        t1 = time.perf_counter()
        button.click()
        result.preset_changed = _wait_figure_change(page, f"{scope} .itband-explorer", before, change_timeout)
        result.preset_ms = 1000.0 * (time.perf_counter() - t1) if result.preset_changed else None
        with contextlib.suppress(Exception):
            page.wait_for_function("(b) => b.classList.contains('mod-info')", arg=button.element_handle(),
                                   timeout=3000, polling=50)
        result.preset_lit = "mod-info" in (button.get_attribute("class") or "")
        result.lit = [" ".join(buttons.nth(i).inner_text().split()) for i in range(result.buttons)
                      if "mod-info" in (buttons.nth(i).get_attribute("class") or "")]
        result.menu = page.locator(f"{scope} .itband-explorer .widget-dropdown select").first.evaluate(
            "(s) => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text.replace(/\\s+/g, ' ').trim() : ''")
        page.locator(figure).first.scroll_into_view_if_needed()
    explorers = check_explorers(page, scope, change_timeout, projector=True)
    result.explorer = explorers[0] if explorers else None
    return result


def check_presenter(
    page: Page,
    voila: ServerProcess,
    rel_path: str,
    shot_name: str,
    tabs: tuple[str, ...],
    change_timeout: float = FIGURE_CHANGE_TIMEOUT,
) -> PresenterReport:
    """Render the app with Voila, check it (see the module docstring), open each of ``tabs`` (by their
    labels) and check its page; save a screenshot of the last tab."""
    report = PresenterReport(rel_path)
    try:
        t0 = time.perf_counter()
        page.goto(voila.url(f"voila/render/{urllib.parse.quote(rel_path)}"), wait_until="load",
                  timeout=VOILA_RENDER_TIMEOUT * 1000)
        with contextlib.suppress(TimeoutError):
            _wait_stable(page, "() => window.__itband.voilaDone()", None, WIDGETS_RENDER_TIMEOUT, 0.3)
        first = page.locator(".itband-presenter .itband-explorer").first
        with contextlib.suppress(Exception):
            first.wait_for(state="visible", timeout=WIDGETS_RENDER_TIMEOUT * 1000)
            if settle_explorer(first, stable_ms=300):
                report.first_figure_ms = 1000.0 * (time.perf_counter() - t0)
        pending = page.evaluate("() => window.__itband.voilaPending()")
        if pending["spinner"] or pending["unrenderedOutputs"]:
            report.widget_problems.append(f"Voila did not finish rendering: {pending}")
        if "There was an error when executing cell" in page.locator("body").inner_text():
            report.errors.append("Voila: 'There was an error when executing cell'")
        report.errors += _tracebacks(page, "body", inside_widgets_only=False)
        report.widget_problems += _widget_problems(page, "body")
        report.code_shown = list(page.evaluate(_CODE_SHOWN_JS, [CODE_SELECTORS]))
        if report.first_figure_ms is not None:
            report.tabs = [_check_tab(page, label, change_timeout) for label in tabs]
        late = _tracebacks(page, "body", inside_widgets_only=False)
        report.errors += [f"after clicking: {e}" for e in late if e not in report.errors]
        report.widget_problems += [f"after clicking: {p}" for p in _widget_problems(page, "body")
                                   if p not in report.widget_problems]
    finally:
        report.screenshot = _save_screenshots(page, shot_name, full_page=False)
    return report

