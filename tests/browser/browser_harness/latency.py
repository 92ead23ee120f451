"""Key-press-to-changed-pixels latency of repeated keyboard moves of one explorer's slider."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import ENABLED_SLIDER_HANDLE
from .checks import is_at_max, move_slider, settle_explorer, slider_state

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


@dataclass
class LatencyResult:
    """Key-press-to-changed-pixels latencies of repeated moves of one explorer's slider."""

    where: str
    latencies_ms: list[float]
    misses: int

    @property
    def median_ms(self) -> float:
        """Median of the successful moves."""
        return statistics.median(self.latencies_ms)

    def text(self) -> str:
        """Report line(s) for the console and artifacts/browser_latency.txt."""
        lat = sorted(self.latencies_ms)
        p90 = lat[min(len(lat) - 1, round(0.9 * (len(lat) - 1)))]
        return (
            f"browser latency (key press -> changed figure pixels), {self.where}: "
            f"median {self.median_ms:.0f} ms over {len(lat)} moves "
            f"(min {lat[0]:.0f}, p90 {p90:.0f}, max {lat[-1]:.0f} ms; "
            f"{self.misses} move(s) without change)"
        )


def prepare_first_explorer(page: Page, root_selector: str) -> Locator | None:
    """Locator of the first explorer under ``root_selector`` that has a slider and a painted,
    settled figure; None if there is none."""
    infos = page.locator(root_selector).evaluate("(root) => window.__itband.markExplorers(root)")
    for index, info in enumerate(infos):
        if info["sliders"] == 0 or info["canvases"] + info["images"] == 0:
            continue
        explorer = page.locator(f'[data-itband-explorer="{index}"]')
        if settle_explorer(explorer):
            return explorer
    return None


def measure_latency(
    page: Page, explorer: Locator, where: str, samples: int = 25, max_moves: int = 40
) -> LatencyResult:
    """Move the explorer's first slider until ``samples`` moves changed the figure (at most
    ``max_moves`` presses), alternating direction so every press changes the value, and
    collect the in-page key-press-to-pixels latency of each."""
    handle = explorer.locator(ENABLED_SLIDER_HANDLE).first
    now, _low, high, _ = slider_state(handle)
    first = 0 if is_at_max(now, high) else 1
    keys: Iterator[str] = (("ArrowLeft", "ArrowRight")[(i + first) % 2] for i in range(max_moves))
    latencies: list[float] = []
    misses = 0
    for key in keys:
        if len(latencies) >= samples:
            break
        result = move_slider(page, explorer, key=key)
        if result.changed and result.latency_ms is not None:
            latencies.append(float(result.latency_ms))
        else:
            misses += 1
        # Let a trailing redraw (draw_idle coalescing) land before the next baseline is taken.
        settle_explorer(explorer, stable_ms=150, timeout=3.0)
    return LatencyResult(where, latencies, misses)
