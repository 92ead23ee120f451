"""Press an explorer's Play button (an ``ipywidgets.Play``) and watch its figure animate by itself."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .checks import settle_explorer, slider_state
from .config import ENABLED_SLIDER_HANDLE

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

#: The play/pause toggle: the first button of an ipywidgets 8 Play view.
PLAY_BUTTON = ".widget-play button"
#: Fewest figure changes a working Play must show in the watched time.
MIN_FRAMES = 5


@dataclass
class PlayResult:
    """What the figure did while the Play control ran, untouched (no key press, no drag)."""

    seconds: float
    frame_times_ms: list[float]  # since the click, one per change of the figure's pixels
    keys: int  # key presses seen meanwhile (must be 0: the Play alone moves the figure)
    slider_before: str | None
    slider_after: str | None

    @property
    def frames(self) -> int:
        return len(self.frame_times_ms)

    @property
    def fps(self) -> float:
        """Frames shown per second, from the first change to the last."""
        t = self.frame_times_ms
        return (len(t) - 1) / ((t[-1] - t[0]) / 1000.0) if len(t) > 1 and t[-1] > t[0] else 0.0

    @property
    def median_frame_ms(self) -> float:
        t = self.frame_times_ms
        return statistics.median(b - a for a, b in zip(t[:-1], t[1:], strict=True)) if len(t) > 1 else float("nan")

    def problems(self) -> list[str]:
        found = []
        if self.keys:
            found.append(f"{self.keys} key press(es) while playing: the check must not touch the page")
        if self.frames < MIN_FRAMES:
            found.append(f"figure changed {self.frames} time(s) in {self.seconds:.1f} s of playing "
                         f"(need >= {MIN_FRAMES}): the Play control does not drive the figure")
        if self.slider_before == self.slider_after:
            found.append(f"the time slider stayed at {self.slider_before!r} while playing")
        return found

    def text(self) -> str:
        return (f"Play: {self.frames} frames in {self.seconds:.1f} s ({self.fps:.1f} frames/s, median "
                f"{self.median_frame_ms:.0f} ms a frame); slider {self.slider_before!r} -> {self.slider_after!r}")


def watch_play(page: Page, explorer: Locator, seconds: float = 3.0) -> PlayResult:
    """Click the explorer's Play button with the mouse, watch the figure for ``seconds``, then
    click again (pause). The first enabled slider is taken to be the one the Play drives."""
    settle_explorer(explorer)
    handle = explorer.locator(ENABLED_SLIDER_HANDLE).first
    before = slider_state(handle)[0]
    button = explorer.locator(PLAY_BUTTON).first
    button.scroll_into_view_if_needed()
    explorer.evaluate("(el, ms) => window.__itband.watchFrames(el, ms)", seconds * 1000.0)
    button.click()
    watched = page.evaluate("() => window.__itbandFrames")  # resolves by itself after `seconds`
    after = slider_state(handle)[0]
    button.click()  # pause
    return PlayResult(seconds, [float(t) for t in watched["frames"]], int(watched["keys"]), before, after)
