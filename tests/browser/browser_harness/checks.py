"""The checks run on one notebook in JupyterLab or Voila: the cells ran without error, widgets
are live, and each explorer's figure changes when its first slider is moved by keyboard."""

from __future__ import annotations

import contextlib
import time
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import (
    ENABLED_SLIDER_HANDLE,
    FIGURE_CHANGE_TIMEOUT,
    FIGURE_SETTLE_TIMEOUT,
    PAGE_LOAD_TIMEOUT,
    PROJECTOR_MIN_VISIBLE,
    RUN_ALL_TIMEOUT,
    SCREENSHOT_DIR,
    VOILA_RENDER_TIMEOUT,
    WIDGET_FAILURE_TEXTS,
    WIDGET_REPR_PATTERNS,
    WIDGETS_RENDER_TIMEOUT,
)
from .processes import ServerProcess

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


@dataclass
class MoveResult:
    """One keyboard move of an explorer's slider and what the figure did."""

    key: str
    value_before: str | None
    value_after: str | None
    changed: bool
    key_seen: bool
    latency_ms: float | None


@dataclass
class ExplorerResult:
    """What happened to one explorer."""

    index: int
    sliders: int
    canvases: int
    images: int
    settled: bool = False
    move: MoveResult | None = None
    #: One row per enabled slider: visible fractions of figure and readout with that slider
    #: centred (None: not checked, or not a course explorer with .itband-figure/.itband-readout).
    fit: list[dict[str, Any]] | None = None

    def problems(self) -> list[str]:
        """Human-readable failures; empty if the explorer is fine."""
        where = f"explorer {self.index}"
        if self.canvases + self.images == 0:
            return [f"{where}: no figure (no <canvas> or <img>) inside .itband-explorer"]
        if self.sliders == 0:
            return [f"{where}: no slider (.widget-slider .noUi-handle) to move"]
        found: list[str] = []
        if not self.settled:
            found.append(
                f"{where}: figure never painted/settled within {FIGURE_SETTLE_TIMEOUT:.0f} s"
            )
        if self.move is None:
            found.append(f"{where}: slider was not moved")
        elif not self.move.key_seen:
            found.append(f"{where}: the key press never reached the page")
        elif not self.move.changed:
            found.append(
                f"{where}: figure did not change within {FIGURE_CHANGE_TIMEOUT:.0f} s after "
                f"{self.move.key} (slider {self.move.value_before!r} -> {self.move.value_after!r})"
            )
        found.extend(self.fit_problems())
        return found

    def fit_problems(self) -> list[str]:
        """The projector check: with any slider on screen, figure and readout >= 3/4 visible."""
        found: list[str] = []
        for row in self.fit or []:
            low = [f"{part} {100 * row[part]:.0f} % visible" for part in ("figure", "readout")
                   if row[part] < PROJECTOR_MIN_VISIBLE]
            if low:
                found.append(
                    f"explorer {self.index}: with slider {row['slider']!r} on screen, "
                    + " and ".join(low) + f" (need {100 * PROJECTOR_MIN_VISIBLE:.0f} %; figure box "
                    f"{row['figureBox']}, visible area {row['area']})"
                )
        return found


@dataclass
class QuizResult:
    """One question answered in the page: what was entered and the feedback it showed."""

    kind: str
    entered: str
    feedback: str

    def problems(self) -> list[str]:
        verdicts = ("✓ Right", "✗ Not yet") if self.entered != "not a number" else ("? One more thing",)
        if not any(v in self.feedback for v in verdicts):
            return [f"{self.kind} question: entered {self.entered!r}, feedback {self.feedback!r} "
                    f"(expected one of {verdicts})"]
        return []


@dataclass
class NotebookReport:
    """Result of checking one notebook in one front end."""

    notebook: str
    front_end: str
    errors: list[str] = field(default_factory=list)
    widget_problems: list[str] = field(default_factory=list)
    explorers: list[ExplorerResult] = field(default_factory=list)
    quizzes: list[QuizResult] = field(default_factory=list)
    screenshot: Path | None = None

    def problems(self) -> list[str]:
        """Everything that should fail the test."""
        found = [f"cell error: {e}" for e in self.errors] + list(self.widget_problems)
        for explorer in self.explorers:
            found.extend(explorer.problems())
        for quiz in self.quizzes:
            found.extend(quiz.problems())
        return found

    def summary(self) -> str:
        """One paragraph for assertion messages."""
        head = f"{self.front_end} {self.notebook}: {len(self.explorers)} explorer(s)"
        problems = self.problems()
        body = "\n  ".join(problems) if problems else "ok"
        shot = f"\n  screenshot: {self.screenshot}" if self.screenshot else ""
        return f"{head}\n  {body}{shot}"


def _wait_stable(
    page: Page, predicate_js: str, arg: Any, timeout: float, stable_s: float = 0.5
) -> None:
    """Wait until ``predicate_js(arg)`` is true and still true ``stable_s`` later."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise PlaywrightTimeoutError("deadline passed")
            page.wait_for_function(predicate_js, arg=arg, timeout=remaining * 1000, polling=100)
        except PlaywrightTimeoutError as exc:
            raise TimeoutError(f"not true within {timeout:.0f} s: {predicate_js[:160]}") from exc
        time.sleep(stable_s)
        if page.evaluate(predicate_js, arg):
            return


def slider_state(handle: Locator) -> tuple[str | None, str | None, str | None, str | None]:
    """(aria-valuenow, aria-valuemin, aria-valuemax, readout text) of a noUiSlider handle."""
    now, low, high, readout = handle.evaluate(
        """(h) => {
            const slider = h.closest('.widget-slider');
            const readout = slider ? slider.querySelector('.widget-readout') : null;
            return [h.getAttribute('aria-valuenow'), h.getAttribute('aria-valuemin'),
                    h.getAttribute('aria-valuemax'), readout ? readout.textContent.trim() : null];
        }"""
    )
    return now, low, high, readout


def is_at_max(now: str | None, high: str | None) -> bool:
    try:
        return now is not None and high is not None and float(now) >= float(high)
    except ValueError:
        return False


def move_slider(
    page: Page, explorer: Locator, key: str | None = None, timeout: float = FIGURE_CHANGE_TIMEOUT
) -> MoveResult:
    """Focus the explorer's first slider handle, press an arrow key, and watch the figure.

    ``key`` defaults to ArrowRight, or ArrowLeft when the slider is at the end of its range.
    The latency is measured in the page: from the keydown event to the first poll (every ~4 ms)
    that sees different figure pixels.
    """
    handle = explorer.locator(ENABLED_SLIDER_HANDLE).first
    handle.scroll_into_view_if_needed(timeout=timeout * 1000)
    now, _low, high, readout = slider_state(handle)
    if key is None:
        key = "ArrowLeft" if is_at_max(now, high) else "ArrowRight"
    handle.focus(timeout=timeout * 1000)
    explorer.evaluate("(el, t) => window.__itband.arm(el, t)", timeout * 1000)
    page.keyboard.press(key)
    # The watcher resolves by itself after `timeout`, so this evaluate is bounded.
    watch = page.evaluate("() => window.__itbandWatch")
    after_now, _, _, after_readout = slider_state(handle)
    return MoveResult(
        key=key,
        value_before=readout if readout is not None else now,
        value_after=after_readout if after_readout is not None else after_now,
        changed=bool(watch["changed"]),
        key_seen=bool(watch["keySeen"]),
        latency_ms=watch["latencyMs"],
    )


def settle_explorer(
    explorer: Locator, stable_ms: int = 600, timeout: float = FIGURE_SETTLE_TIMEOUT
) -> bool:
    """Scroll the explorer into view and wait until its figure is painted and has not changed
    for ``stable_ms`` (ipympl redraws while it sizes itself); True if that happened in time."""
    explorer.scroll_into_view_if_needed(timeout=timeout * 1000)
    settle = explorer.evaluate(
        "(el, [s, t]) => window.__itband.settle(el, s, t)", [stable_ms, timeout * 1000]
    )
    return bool(settle["settled"])


def check_explorers(
    page: Page, root_selector: str, change_timeout: float = FIGURE_CHANGE_TIMEOUT,
    *, projector: bool = False,
) -> list[ExplorerResult]:
    """Find every top-level ``.itband-explorer`` under ``root_selector``, wait for its figure to
    settle, move its first slider once and record whether the figure changed."""
    infos = page.locator(root_selector).evaluate("(root) => window.__itband.markExplorers(root)")
    results: list[ExplorerResult] = []
    for index, info in enumerate(infos):
        result = ExplorerResult(index, info["sliders"], info["canvases"], info["images"])
        results.append(result)
        if result.canvases + result.images == 0 or result.sliders == 0:
            continue
        explorer = page.locator(f'[data-itband-explorer="{index}"]')
        result.settled = settle_explorer(explorer)
        if projector:
            result.fit = explorer.evaluate("(el) => window.__itband.projectorFit(el)")
        result.move = move_slider(page, explorer, timeout=change_timeout)
    return results


def _feedback_after(page: Page, question: Locator, before: str, timeout: float) -> str:
    """The question's feedback text once it differs from ``before`` (or what it is at the timeout)."""
    box = question.locator(".itband-quiz-feedback")
    deadline = time.monotonic() + timeout
    text = before
    while time.monotonic() < deadline:
        text = box.inner_text(timeout=timeout * 1000).strip()
        if text and text != before:
            break
        time.sleep(0.1)
    return text


def answer_quizzes(page: Page, root_selector: str, timeout: float = FIGURE_CHANGE_TIMEOUT) -> list[QuizResult]:
    """Answer the first question of each kind as a learner would: click an option / type into the
    box, press Check, read the feedback. The number question first gets text that is not a number
    (it must ask again), then a number."""
    results: list[QuizResult] = []
    root = page.locator(root_selector)
    choice = root.locator(".itband-quiz-choice").first
    if choice.count():
        choice.scroll_into_view_if_needed(timeout=timeout * 1000)
        choice.locator("input[type=radio]").first.check(timeout=timeout * 1000)
        choice.get_by_role("button", name="Check").click(timeout=timeout * 1000)
        results.append(QuizResult("choice", "first option", _feedback_after(page, choice, "", timeout)))
    number = root.locator(".itband-quiz-number").first
    if number.count():
        number.scroll_into_view_if_needed(timeout=timeout * 1000)
        box = number.locator(".widget-text input").first
        feedback = ""
        for entered in ("not a number", "1.5"):
            box.fill(entered, timeout=timeout * 1000)
            number.get_by_role("button", name="Check").click(timeout=timeout * 1000)
            feedback = _feedback_after(page, number, feedback, timeout)
            results.append(QuizResult("number", entered, feedback))
    return results


def _screenshot_path(name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR / f"{name}.png"


def _widget_problems(page: Page, root_selector: str) -> list[str]:
    """Outputs showing a widget that is not live (loading, error, text repr, empty view)."""
    return list(
        page.locator(root_selector).evaluate(
            "(root, [f, r]) => window.__itband.widgetProblems(root, f, r)",
            [list(WIDGET_FAILURE_TEXTS), list(WIDGET_REPR_PATTERNS)],
        )
    )


def _tracebacks(page: Page, root_selector: str, *, inside_widgets_only: bool) -> list[str]:
    """Tracebacks visible in stderr outputs under ``root_selector``."""
    return list(
        page.locator(root_selector).evaluate(
            "(root, w) => window.__itband.tracebacks(root, w)", inside_widgets_only
        )
    )


# ---- JupyterLab ----------------------------------------------------------------------------

LAB_SCOPE = '[data-itband-scope="lab"]'


def open_lab_notebook(page: Page, lab: ServerProcess, rel_path: str) -> None:
    """Open ``rel_path`` in a reset JupyterLab workspace and wait for an idle kernel."""
    url = lab.url(f"lab/tree/{urllib.parse.quote(rel_path)}", reset="")
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(
        "(path) => window.__itband.labPanelReady(path)",
        arg=rel_path,
        timeout=PAGE_LOAD_TIMEOUT * 1000,
        polling=200,
    )
    page.evaluate("() => window.__itband.labMarkScope()")


def run_all_in_lab(page: Page) -> None:
    """Clear outputs, run all cells with the Run menu's command, wait until execution is over."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    # Not awaited in the page: completion is detected by polling, which has a timeout.
    page.evaluate("() => { window.jupyterapp.commands.execute('runmenu:run-all'); }")
    page.wait_for_function(
        "() => window.__itband.labRunStarted()", timeout=RUN_ALL_TIMEOUT * 1000, polling=100
    )
    _wait_stable(page, "() => window.__itband.labRunDone()", None, RUN_ALL_TIMEOUT, stable_s=0.5)


def wait_widgets_rendered(
    page: Page, root_selector: str, timeout: float = WIDGETS_RENDER_TIMEOUT
) -> None:
    """Wait (bounded) until no output says "Loading widget"; problems are reported afterwards."""
    # On time-out, the remaining "Loading widget" outputs are reported by _widget_problems().
    with contextlib.suppress(TimeoutError):
        _wait_stable(
            page,
            "(sel) => window.__itband.loadingCount(document.querySelector(sel)) === 0",
            root_selector,
            timeout,
            stable_s=0.3,
        )


def shutdown_lab_kernels(lab: ServerProcess, rel_path: str) -> None:
    """Delete the server sessions (and kernels) of ``rel_path`` so kernels do not pile up."""
    try:
        sessions = lab.get_json("api/sessions")
    except (urllib.error.URLError, OSError, ValueError):
        return
    for session in sessions:
        if session.get("path") == rel_path:
            lab.request("DELETE", f"api/sessions/{session['id']}")


def _check_after_moves(page: Page, report: NotebookReport, root_selector: str) -> None:
    """Moving sliders must not break anything: a callback that raises shows its traceback in
    an Output widget (if anywhere visible), a failed re-render shows as a widget problem."""
    errors = _tracebacks(page, root_selector, inside_widgets_only=True)
    report.errors.extend(f"after moving sliders: {e}" for e in errors if e not in report.errors)
    late = [p for p in _widget_problems(page, root_selector) if p not in report.widget_problems]
    report.widget_problems.extend(f"after moving sliders: {p}" for p in late)


def check_in_lab(
    page: Page,
    lab: ServerProcess,
    rel_path: str,
    shot_name: str,
    change_timeout: float = FIGURE_CHANGE_TIMEOUT,
) -> NotebookReport:
    """Open, run all and check one notebook in JupyterLab; save a screenshot."""
    report = NotebookReport(rel_path, "JupyterLab")
    try:
        open_lab_notebook(page, lab, rel_path)
        run_all_in_lab(page)
        wait_widgets_rendered(page, LAB_SCOPE)
        report.errors = list(page.evaluate("() => window.__itband.labErrors()"))
        _check_rendered_page(page, report, LAB_SCOPE, change_timeout, tracebacks_inside_widgets_only=True,
                             projector=True)
        report.quizzes = answer_quizzes(page, LAB_SCOPE)
    finally:
        report.screenshot = _save_screenshots(page, shot_name, full_page=False)
    return report


# ---- Voila ---------------------------------------------------------------------------------

VOILA_SCOPE = "body"


def check_in_voila(
    page: Page,
    voila: ServerProcess,
    rel_path: str,
    shot_name: str,
    change_timeout: float = FIGURE_CHANGE_TIMEOUT,
) -> NotebookReport:
    """Render one notebook with Voila (the page arrives once the kernel has run every cell),
    then make the same checks as in JupyterLab; save a full-page screenshot."""
    report = NotebookReport(rel_path, "Voila")
    try:
        page.goto(
            voila.url(f"voila/render/{urllib.parse.quote(rel_path)}"),
            wait_until="load",
            timeout=VOILA_RENDER_TIMEOUT * 1000,
        )
        with contextlib.suppress(TimeoutError):  # what is still pending is reported below
            _wait_stable(
                page, "() => window.__itband.voilaDone()", None, WIDGETS_RENDER_TIMEOUT, 0.3
            )
        pending = page.evaluate("() => window.__itband.voilaPending()")
        if pending["spinner"] or pending["unrenderedOutputs"]:
            report.widget_problems.append(
                f"Voila did not finish rendering within {WIDGETS_RENDER_TIMEOUT:.0f} s: {pending}"
            )
        # Voila renders error outputs like JupyterLab (stderr mime type, with --show_tracebacks);
        # without tracebacks it would only print this sentence.
        if "There was an error when executing cell" in page.locator("body").inner_text():
            report.errors.append("Voila: 'There was an error when executing cell'")
        _check_rendered_page(page, report, VOILA_SCOPE, change_timeout, tracebacks_inside_widgets_only=False)
    finally:
        report.screenshot = _save_screenshots(page, shot_name, full_page=True)
    return report


def _check_rendered_page(
    page: Page, report: NotebookReport, scope: str, change_timeout: float, *, tracebacks_inside_widgets_only: bool,
    projector: bool = False,
) -> None:
    """The checks JupyterLab and Voila share once a notebook has run: tracebacks, widget rendering,
    every explorer responding to a slider, and nothing broken by the moves. Adds to ``report``
    (never replaces what the front-end-specific checks already found)."""
    report.errors += _tracebacks(page, scope, inside_widgets_only=tracebacks_inside_widgets_only)
    report.widget_problems += _widget_problems(page, scope)
    report.explorers = check_explorers(page, scope, change_timeout, projector=projector)
    _check_after_moves(page, report, scope)


def _save_screenshots(page: Page, name: str, *, full_page: bool) -> Path | None:
    """Save the page (and each marked explorer) as PNGs; never let a screenshot fail a test."""
    path = _screenshot_path(name)
    try:
        first = page.locator('[data-itband-explorer="0"]')
        if first.count():
            first.scroll_into_view_if_needed(timeout=5000)
        page.screenshot(path=str(path), full_page=full_page, timeout=20000)
        explorers = page.locator("[data-itband-explorer]")
        for i in range(explorers.count()):
            explorers.nth(i).screenshot(
                path=str(_screenshot_path(f"{name}.explorer{i}")), timeout=20000
            )
    except Exception:  # screenshots are evidence, not assertions
        return path if path.exists() else None
    return path
