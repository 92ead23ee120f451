"""The controls of an explorer: what the slider key says about each, the course's slider, the readout
table, and the rule that a slider's starting and preset values lie on its step grid."""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as W
import numpy as np

__all__ = ["Control", "slider", "readout_table", "on_grid", "CONTROLS_WIDTH"]

#: Width of the controls column; the figure (style.EXPLORER_FIGSIZE at 100 dpi) sits beside it.
CONTROLS_WIDTH = "300px"


class Control:
    """What the slider key says about one control: label, unit, meaning (range comes from the widget)."""

    def __init__(self, widget: W.ValueWidget, label: str, unit: str, meaning: str) -> None:
        self.widget, self.label, self.unit, self.meaning = widget, label, unit, meaning


def slider(value: float, lo: float, hi: float, step: float, label: str, fmt: str = ".1f") -> W.FloatSlider:
    """A slider sized for the explorer's controls column."""
    return W.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=label, readout_format=fmt,
        continuous_update=True, style={"description_width": "9.6em"}, layout=W.Layout(width=CONTROLS_WIDTH),
    )


def readout_table(rows: list[tuple[str, str]]) -> str:
    """The readout: one row per quantity, the value in bold (values may contain HTML)."""
    cells = "".join(f"<tr><td style='padding:0 0.6em 0.15em 0;vertical-align:top'>{html.escape(k)}</td>"
                    f"<td style='vertical-align:top'><b>{v}</b></td></tr>" for k, v in rows)
    return f"<table class='itband-readout' style='font-size:1.05em;line-height:1.25'>{cells}</table>"


def on_grid(w: W.ValueWidget, value: Any, what: str) -> Any:
    """``value`` for slider ``w``, which must lie on the slider's step grid (min + k step).

    A browser slider (noUiSlider) snaps a value to its grid and sends the snapped value back to the
    kernel: an off-grid preset would show other numbers than the lesson states and clear the preset
    menu. So an off-grid value is refused with a ValueError naming it; float noise (under 1e-9 of a
    step) is removed by rounding to the step's decimals, as the browser would."""
    if not isinstance(w, W.FloatSlider) or isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        return value
    steps = (float(value) - w.min) / w.step
    if abs(steps - round(steps)) > 1e-9:
        raise ValueError(f"{what}={value!r} is not on the slider's grid ({w.min:g} + k x {w.step:g}): a browser "
                         "would snap it to the nearest step; give the slider a finer step or round the value")
    decimals = max(0, -math.floor(math.log10(w.step) + 1e-12)) + 2
    return round(float(value), decimals)
