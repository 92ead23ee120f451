"""A lesson presented as slides with jupyterlab-deck 0.2 inside JupyterLab, and its checks.

What an instructor does: open the lesson, run all, select the title cell, start the deck (command
``deck:start``, "Start Deck" in the command palette), then step through it with the deck's "next"
control (command ``deck:go`` with ``direction=down, alternate=forward``: the next fragment or subslide,
else the next slide; the Space key when the deck has the keyboard). The checks (:func:`check_slides`):
the deck starts (``body[data-jp-deck-mode=presenting]``); stepping from the first slide reaches a slide
that shows an explorer (an ``.itband-explorer`` inside a cell that jupyterlab-deck marks as on screen
and visible, with a non-empty box in the viewport); moving its first slider by keyboard changes its
figure there; the browser console shows no error from the deck's extension.

Served copies: :func:`prepare_slides_root` writes the lesson with its slide types applied by
tools/slides.py (as the committed lessons carry them), plus two broken copies for negative controls.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checks import (
    LAB_SCOPE,
    MoveResult,
    _save_screenshots,
    move_slider,
    open_lab_notebook,
    run_all_in_lab,
    settle_explorer,
    wait_widgets_rendered,
)
from .config import FIGURE_CHANGE_TIMEOUT, NOTEBOOKS_DIR, REPO_ROOT
from .notebooks import write_explorer_notebook
from .processes import ServerProcess

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

#: The lesson the browser test presents (its one explorer is the sharing explorer).
SLIDES_LESSON = "03_who_pulls_on_the_band.ipynb"
SLIDES_DIR = "slides"
#: Served paths of the copies.
LESSON_PATH = f"{SLIDES_DIR}/{SLIDES_LESSON}"
SKIPPED_EXPLORER_PATH = f"{SLIDES_DIR}/_selftest_explorer_skipped.ipynb"
NO_REDRAW_PATH = f"{SLIDES_DIR}/_selftest_no_redraw.ipynb"
#: Steps of the deck's "next" control tried before giving up (more than any lesson has cells).
MAX_STEPS = 200
STEP_TIMEOUT = 5.0
DECK_START_TIMEOUT = 30.0
#: Console messages that come from the deck's extensions (jupyterlab-deck and jupyterlab-fonts).
DECK_CONSOLE_MARKERS = ("deck", "deathbeds", "jupyterlab-fonts")


def _tools_slides() -> Any:
    sys.path.insert(0, str(REPO_ROOT / "tools"))
    try:
        import slides  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return slides


def _write(path: Path, nb: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def prepare_slides_root(root: Path) -> Path:
    """``root/slides/``: the lesson with slide types applied; the same lesson with every explorer
    cell set to ``skip`` (no explorer reachable); and a one-explorer notebook whose slider does not
    redraw its figure, with slide types applied. ``root/data`` links to the repository's data/."""
    slides = _tools_slides()
    lesson = slides.apply(json.loads((NOTEBOOKS_DIR / SLIDES_LESSON).read_text(encoding="utf-8")))
    _write(root / LESSON_PATH, lesson)
    skipped = json.loads(json.dumps(lesson))
    cells = skipped["cells"]
    for i, cell in enumerate(cells[:-1]):
        if cell["cell_type"] == "code" and "".join(cells[i + 1]["source"]).lstrip().startswith("*Figure:"):
            cell["metadata"]["slideshow"] = {"slide_type": "skip"}  # a hand edit gone wrong
    _write(root / SKIPPED_EXPLORER_PATH, skipped)
    no_redraw = write_explorer_notebook(root / NO_REDRAW_PATH, redraw=False)
    _write(no_redraw, slides.apply(json.loads(no_redraw.read_text(encoding="utf-8"))))
    data = REPO_ROOT / "data"
    if data.is_dir() and not (root / "data").exists():
        (root / "data").symlink_to(data, target_is_directory=True)
    return root


@dataclass
class SlidesReport:
    """What presenting one notebook as a deck did."""

    notebook: str
    started: bool = False
    steps: int = 0
    #: The active cell after each step (the deck's path through the lesson).
    path: list[int] = field(default_factory=list)
    #: Index of the cell whose explorer was found on a slide, and the cells on screen with it.
    explorer_cell: int | None = None
    on_screen: list[int] = field(default_factory=list)
    figure_visible: float | None = None
    settled: bool = False
    move: MoveResult | None = None
    console_errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None

    def deck_errors(self) -> list[str]:
        return [e for e in self.console_errors if any(m in e.lower() for m in DECK_CONSOLE_MARKERS)]

    def problems(self) -> list[str]:
        found = [f"console error from the deck: {e}" for e in self.deck_errors()]
        if not self.started:
            return [*found, "the deck did not start (no body[data-jp-deck-mode=presenting])"]
        if self.explorer_cell is None:
            return [*found, f"no slide with an explorer reached in {self.steps} steps (path {self.path})"]
        if self.move is None:
            found.append(f"cell {self.explorer_cell}: the explorer's slider was not moved")
        elif not self.move.key_seen:
            found.append(f"cell {self.explorer_cell}: the key press was not seen")
        elif self.move.value_before == self.move.value_after:
            found.append(f"cell {self.explorer_cell}: the slider did not move ({self.move.value_before})")
        elif not self.move.changed:
            found.append(f"cell {self.explorer_cell}: the figure did not change on its slide after {self.move.key}")
        return found

    def summary(self) -> str:
        body = "\n  ".join(self.problems()) or "ok"
        return (f"deck {self.notebook}: explorer cell {self.explorer_cell}, on screen {self.on_screen}, "
                f"figure {self.figure_visible}, move {self.move}, {len(self.console_errors)} console error(s) "
                f"{self.console_errors[:3]}\n  {body}\n  screenshot: {self.screenshot}")


_DECK_STATE = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const seen = (el) => { const b = el.getBoundingClientRect();
    return b.width > 0 && b.height > 0 && b.bottom > 0 && b.right > 0 && b.top < innerHeight && b.left < innerWidth; };
  const onScreen = [];
  let explorer = null;
  nb.widgets.forEach((cell, i) => {
    const cls = cell.node.classList;
    if (!cls.contains('jp-deck-mod-onscreen')) return;
    onScreen.push(i);
    const ex = cell.node.querySelector('.itband-explorer');
    if (explorer === null && ex && cls.contains('jp-deck-mod-visible') && seen(ex)) explorer = i;
  });
  return {active: nb.activeCellIndex, onScreen, explorer,
          presenting: document.body.dataset.jpDeckMode === 'presenting'};
}"""

_MARK_EXPLORER = """(i) => {
  document.querySelectorAll('[data-itband-explorer]').forEach((el) => el.removeAttribute('data-itband-explorer'));
  const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
  const ex = cell.node.querySelector('.itband-explorer');
  ex.setAttribute('data-itband-explorer', 'slide');
  const fig = ex.querySelector('.itband-figure') || ex.querySelector('canvas, img');
  const b = fig.getBoundingClientRect();
  const w = Math.max(0, Math.min(b.right, innerWidth) - Math.max(b.left, 0));
  const h = Math.max(0, Math.min(b.bottom, innerHeight) - Math.max(b.top, 0));
  return b.width && b.height ? (w * h) / (b.width * b.height) : 0;
}"""


def deck_state(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(_DECK_STATE))


def start_deck(page: Page) -> bool:
    """Select the first cell (run all leaves the last one active) and start the deck there."""
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
    page.evaluate("() => { window.jupyterapp.commands.execute('deck:start'); }")
    try:
        page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'",
                               timeout=DECK_START_TIMEOUT * 1000, polling=100)
    except Exception:  # reported as "did not start"
        return False
    time.sleep(0.5)
    return True


def step(page: Page) -> None:
    """The deck's "next" (Space): the next fragment or subslide, else the next slide."""
    page.evaluate("() => window.jupyterapp.commands.execute('deck:go', {direction: 'down', alternate: 'forward'})")


def find_explorer_slide(page: Page, report: SlidesReport) -> None:
    """Step from the first slide until a slide shows an explorer, or the deck stops moving."""
    state = deck_state(page)
    still = 0
    while state["explorer"] is None and report.steps < MAX_STEPS and still < 3:
        before = state["active"]
        step(page)
        report.steps += 1
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:  # the deck moves the active cell, then lays out the slide
            time.sleep(0.15)
            state = deck_state(page)
            if state["active"] != before or time.monotonic() > deadline:
                break
        time.sleep(0.3)
        state = deck_state(page)
        still = still + 1 if state["active"] == before else 0
        report.path.append(state["active"])
    report.explorer_cell = state["explorer"]
    report.on_screen = list(state["onScreen"])


def check_slides(page: Page, lab: ServerProcess, rel_path: str, shot_name: str,
                 change_timeout: float = FIGURE_CHANGE_TIMEOUT) -> SlidesReport:
    """Open, run all, present as a deck, reach the explorer's slide, move its slider there."""
    report = SlidesReport(rel_path)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            report.console_errors.append(message.text[:400])

    page.on("console", on_console)
    page.on("pageerror", lambda exc: report.console_errors.append(f"page error: {exc}"[:400]))
    try:
        open_lab_notebook(page, lab, rel_path)
        run_all_in_lab(page)
        wait_widgets_rendered(page, LAB_SCOPE)
        report.started = start_deck(page)
        if not report.started:
            return report
        find_explorer_slide(page, report)
        if report.explorer_cell is None:
            return report
        report.figure_visible = round(float(page.evaluate(_MARK_EXPLORER, report.explorer_cell)), 2)
        explorer = page.locator('[data-itband-explorer="slide"]')
        report.settled = settle_explorer(explorer)
        report.move = move_slider(page, explorer, timeout=change_timeout)
        report.on_screen = list(deck_state(page)["onScreen"])  # still on the explorer's slide?
    finally:
        report.screenshot = _save_screenshots(page, shot_name, full_page=False)
    return report
