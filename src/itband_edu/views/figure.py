"""The explorers' canvas: a figure that redraws only what moves, and its PNG.

An explorer's figure is a :class:`LayeredFigure` on a plain Agg canvas (never pyplot, never shown
twice). After every change the explorer draws it and sends the pixels to the browser as a PNG through
an ``ipywidgets.Image`` (:func:`png_bytes`). The same PNG goes into the explorer's display bundle,
so pages that cannot run widgets (a static site, nbviewer, a printed handout) still show the figure.

Why Agg + PNG and not ipympl: ipympl's ``draw_idle`` asks the browser to ask back for the image (a
round trip per move) and sends full-size frames; pushing one small, quickly encoded PNG one way is
faster in the browser (``benchmarks/browser_latency.py`` measures both) and needs no ipympl, so the
explorers also work in Voila, JupyterLite and in plain Python.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import MutableMapping
from typing import Any, cast

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from . import style

__all__ = ["LayeredFigure", "StaticFigure", "new_agg_figure", "png_bytes", "encode_png", "declare_dynamic"]


def new_agg_figure(figsize: tuple[float, float] = style.FIGSIZE, dpi: float = 100) -> Figure:
    """A figure with a plain Agg canvas, outside pyplot (never shown twice, never leaks)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = LayeredFigure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


class StaticFigure(Figure):
    """A non-interactive figure that shows itself as a PNG in any notebook front end.

    IPython only knows how to show a bare ``Figure`` when the inline backend is active; under
    ``%matplotlib widget`` it would print ``<Figure size ...>``. ``_repr_png_`` fixes that.
    """

    def _repr_png_(self) -> bytes:
        import io

        buf = io.BytesIO()
        self.savefig(buf, format="png")
        return buf.getvalue()


class LayeredFigure(StaticFigure):
    """A figure that renders its static layer once and redraws only the artists that move.

    Axes, ticks, tick labels and titles never change in an explorer, yet text is most of the cost of
    a Matplotlib draw. ``set_dynamic`` names the artists that ``update`` methods move; when the
    figure is drawn on an Agg canvas (plain Agg or ipympl) at an unchanged size, the cached static
    layer is restored and only those artists are drawn on top. Any change to an axes (limits, a new
    artist, a resize, a new dpi) or saving to a file falls back to a full draw, which refreshes the
    cache. A full draw is pixel-identical to the fast path except that moving artists are stacked
    above all static ones.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._dynamic: list[Any] = []
        self._background: Any = None
        self._background_key: tuple[Any, ...] | None = None

    def set_dynamic(self, artists: Any) -> None:
        """Declare the artists that move; their changes no longer mark their axes as changed."""
        self._dynamic = sorted(artists, key=lambda a: a.get_zorder())

        def mark_figure(_artist: Any, val: bool) -> None:
            if val:
                self.stale = True

        for a in self._dynamic:
            a.stale_callback = mark_figure
        self.invalidate()

    def invalidate(self) -> None:
        """Forget the cached static layer (the next draw is a full one)."""
        self._background = None

    def draw(self, renderer: Any) -> None:
        # the stubs key rcParams by a Literal of known names; DRAW_RC's keys are plain str
        rc = cast("MutableMapping[str, Any]", mpl.rcParams)
        saved = {k: rc[k] for k in style.DRAW_RC}
        rc.update(style.DRAW_RC)
        try:
            self._draw_layers(renderer)
        finally:
            rc.update(saved)

    def _draw_layers(self, renderer: Any) -> None:
        canvas = self.canvas
        saving = canvas is not None and getattr(canvas, "_is_saving", False)
        if not self._dynamic or saving or not hasattr(renderer, "copy_from_bbox"):
            self._background = None
            return super().draw(renderer)
        key = (renderer.width, renderer.height, self.dpi, tuple(self.bbox.bounds))
        if self._background is None or key != self._background_key or any(ax.stale for ax in self.axes):
            for a in self._dynamic:
                a._animated = True  # hidden from the static layer (no stale signal: private flag)
            try:
                super().draw(renderer)
            finally:
                for a in self._dynamic:
                    a._animated = False
            # the renderer's whole pixel area: the figure's bbox in pixels can be a hair short of it
            # (4.6 in x 100 dpi = 459.99999999999994 px) and would lose the top row on a fast redraw
            self._background = renderer.copy_from_bbox(Bbox.from_bounds(0, 0, renderer.width, renderer.height))
            self._background_key = key
        else:
            renderer.restore_region(self._background)
        for a in self._dynamic:
            a.draw(renderer)
        self.stale = False



def declare_dynamic(fig: Figure, artists: list[Any]) -> None:
    """Tell a :class:`LayeredFigure` which artists move (no-op for another figure)."""
    if isinstance(fig, LayeredFigure):
        fig.set_dynamic(artists)


def png_bytes(fig: Figure) -> bytes:
    """Draw ``fig`` (an Agg-canvas figure) and encode it as a PNG, fast (see :func:`encode_png`)."""
    canvas = fig.canvas
    canvas.draw()
    return encode_png(np.asarray(canvas.buffer_rgba()))  # type: ignore[attr-defined]


def encode_png(rgba: np.ndarray) -> bytes:
    """A PNG (8-bit RGBA, no row filters, zlib level 1) of an (h, w, 4) uint8 RGBA array.

    This runs after every control change. Unfiltered rows at zlib level 1 encode the explorers'
    mostly white 540x370 figures in about 4 ms (Pillow's fastest setting took 8-12 ms) into about
    45 kB. RGBA rather than RGB: copying Agg's buffer row by row is one contiguous copy, while
    dropping the alpha channel is a strided one that costs more than the extra (constant) bytes
    cost zlib. Format: PNG specification (ISO/IEC 15948), chunks IHDR, one IDAT, IEND.
    """
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8 or 0 in rgba.shape:
        raise ValueError(f"rgba must be a non-empty (height, width, 4) uint8 array, got shape {rgba.shape} "
                         f"of {rgba.dtype}")
    h, w = rgba.shape[:2]
    raw = np.empty((h, 4 * w + 1), dtype=np.uint8)
    raw[:, 0] = 0  # the filter-type byte before each row: none
    raw[:, 1:] = rgba.reshape(h, 4 * w)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits, colour type 6 (RGBA)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), 1)) + chunk(b"IEND", b""))
