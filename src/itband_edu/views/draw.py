"""Drawing primitives shared by every explorer figure: lines that ignore the style's cycle, fixed
labels drawn as marker paths (``text_marker``), NaN-joined polylines, rotations. Changing labels
are ``labels.PathLabel``.

Every explorer figure creates its artists once and then moves them (``set_data``, ``set_width``,
``set_text``); these helpers keep that cheap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from numpy.typing import ArrayLike

from . import style

__all__ = ["NAN", "rot", "line", "text_marker", "polyline", "drawing_axes"]

NAN = np.nan


def rot(points: np.ndarray, angle: float) -> np.ndarray:
    """Rotate (n, 2) points about the origin by ``angle`` (rad, anticlockwise)."""
    c, s = math.cos(angle), math.sin(angle)
    return points @ np.array([[c, s], [-s, c]])


def line(ax: Axes, x: Any, y: Any, **kw: Any) -> Any:
    """``ax.plot`` that ignores the style's marker/line-style cycle (drawings are not data series)."""
    kw.setdefault("marker", "none")
    markevery = kw.pop("markevery", None)
    kw.setdefault("linestyle", kw.pop("ls", "-"))
    (artist,) = ax.plot(x, y, **kw)
    artist.set_markevery(markevery)  # after creation: plot() treats markevery=None as "take the cycle's"
    return artist


def text_marker(ax: Axes, text: str, *, ha: str = "left", va: str = "center",
                fontsize: float = style.EXPLORER_SMALL_FONT_SIZE, color: str = "black", **kw: Any) -> Any:
    """A fixed label that moves, drawn as a marker: its glyph outlines are built once (TextPath)
    and each redraw is one path fill (~0.03 ms) instead of a glyph render (~0.4 ms).

    Move it with ``set_data([x], [y])``; ``ha``/``va`` say which point of the text sits there.
    ``get_label()`` returns the text.
    """
    from matplotlib.textpath import TextPath

    tp = TextPath((0, 0), text, size=fontsize, prop=FontProperties(size=fontsize))
    ext = tp.get_extents()
    dx = {"left": -ext.x0, "center": -(ext.x0 + ext.x1) / 2, "right": -ext.x1}[ha]
    dy = {"bottom": -ext.y0, "center": -(ext.y0 + ext.y1) / 2, "top": -ext.y1, "baseline": 0.0}[va]
    path = Path(tp.vertices + (dx, dy), tp.codes)
    size = 2.0 * float(np.abs(path.vertices).max())  # marker size (pt) that draws the path at 1:1
    return line(ax, [], [], ls="none", marker=path, ms=size, mfc=color, mec="none", mew=0, label=text, **kw)


def polyline(*parts: ArrayLike | Sequence[object]) -> np.ndarray:
    """Join polylines into one (x, y) array with NaN breaks, so one Line2D draws them all.

    Each part is an (n, 2) array or a list of (x, y) points (tuples and 2-element arrays mixed).
    """
    out = []
    for p in parts:
        out.append(np.asarray(p, dtype=float))
        out.append(np.array([[NAN, NAN]]))
    return np.vstack(out[:-1])


def drawing_axes(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """Axes for a drawing to scale: fixed limits, equal aspect, no frame or ticks."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
