"""Changing text labels drawn as filled paths: ``PathLabel`` and its factory ``path_label``.

A Matplotlib ``Text`` lays out and renders its string at every draw (3-6 ms in Matplotlib 3.11),
and an explorer has several labels that change with every slider move. A ``PathLabel`` builds its
string's outline from per-character glyph outlines cached once (plus pair kerning), so a new string
costs about 0.05 ms to build and 0.1-0.35 ms to draw. It behaves like ``Text`` where the explorers
need it (``set_text``, positions, alignment, a white halo instead of ``set_bbox``). Limits: no
ligatures, no mathtext, no rotation; outlines are unhinted, as the explorers draw text.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.artist import allow_rasterization
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Bbox, Transform


__all__ = ["PathLabel", "path_label"]


from .glyphs import REF_SIZE, font_metrics, line_outline


_HA = ("left", "center", "right")
_VA = ("top", "bottom", "center", "baseline", "center_baseline")
_EMPTY_PATH = Path(np.zeros((0, 2)))


class PathLabel(Line2D):
    """A changing text label drawn as one filled path: a cheap stand-in for a ``Text`` that is
    rewritten at every redraw.

    ``set_text`` builds the string's outline from per-character outlines that are loaded once per
    (font file, character) at a reference size and scaled to the font size (lines are cached too),
    so rewriting a label costs ~0.05 ms and drawing it is one path fill (~0.1-0.2 ms), where a
    ``Text`` lays out and renders its glyphs at every draw (~3 ms with Matplotlib 3.11). The label is
    a :class:`~matplotlib.lines.Line2D` of one point (no line, no marker): it sits at (x, y) in its
    transform's coordinates (data by default, figure coordinates for a figure label), is sized in
    points like text, and draws itself.

    The layout follows ``Text``'s, to the pixel: the same font (the family of ``rcParams`` when the
    label is made, ``weight``), unhinted outlines, lines split at ``"\n"`` and spaced by the font's
    line metrics (1.2 x the size for DejaVu Sans), each line aligned by ``ha``, and ``ha``/``va``
    placing the layout box (advances with pair kerning, font ascent and descent) at (x, y). Unlike
    ``Text``: no other shaping (ligatures such as "fi" stay two glyphs; no right-to-left text), no
    mathtext (``$`` is a plain character), rotation or wrapping. A character missing from the font
    is taken, as ``Text`` does, from another font of the family list (not kerned), else drawn as
    the font's "missing glyph" box.

    ``halo=True`` paints a white box behind the text (the layout box padded by ``halo_pad`` pt,
    ``halo_alpha`` opaque), as ``Text.set_bbox(dict(facecolor="white", edgecolor="none", ...))``
    does, for labels on hatched bars; ``set_halo`` switches it.

    Methods used like ``Text``'s: ``set_text``/``get_text``, ``set_position``/``get_position``,
    ``set_x``, ``set_y``, ``set_horizontalalignment`` (``set_ha``), ``set_verticalalignment``
    (``set_va``), ``set_color``. Setting an unchanged value is a no-op (the figure is not marked
    stale). ``get_window_extent`` is the layout box in display pixels, as ``Text``'s is.
    """

    def __init__(self, x: float, y: float, text: str = "", *, ha: str = "left", va: str = "baseline",
                 fontsize: float | None = None, color: Any = "black", weight: str | int = "normal",
                 halo: bool = False, halo_pad: float = 1.5, halo_alpha: float = 0.9, zorder: float = 3,
                 **kw: Any) -> None:
        kw.setdefault("clip_on", False)  # as ax.text
        kw.setdefault("label", "_nolegend_")
        super().__init__([x], [y], linestyle="none", marker="none", color=color, zorder=zorder, **kw)
        self._prop = FontProperties(size=fontsize, weight=weight)  # family (and default size): rcParams now
        self._fontsize = self._prop.get_size_in_points()
        self._font_file = str(findfont(self._prop))
        self._metrics = font_metrics(self._font_file)
        self._halo = bool(halo)
        self._halo_pad = float(halo_pad)
        self._halo_alpha = float(halo_alpha)
        self._check_alignment(ha, va)
        self._ha, self._va = ha, va
        self._text = ""
        self._path = _EMPTY_PATH  # the text's outline, pt from the anchor
        self._inked = False  # whether it has anything to paint
        self._box = (0.0, 0.0, 0.0, 0.0)  # its layout box (x0, y0, x1, y1), pt from the anchor
        self._build()
        self.set_text(text)

    # ---- Text-like API ----

    def get_text(self) -> str:
        return self._text

    def set_text(self, s: Any) -> None:
        s = "" if s is None else str(s)
        if s != self._text:
            self._text = s
            self._build()

    def get_position(self) -> tuple[float, float]:
        x, y = self.get_data()
        return float(np.asarray(x)[0]), float(np.asarray(y)[0])

    def set_position(self, xy: tuple[float, float]) -> None:
        x, y = float(xy[0]), float(xy[1])
        if (x, y) != self.get_position():
            self.set_data([x], [y])

    def set_x(self, x: float) -> None:
        self.set_position((x, self.get_position()[1]))

    def set_y(self, y: float) -> None:
        self.set_position((self.get_position()[0], y))

    def get_horizontalalignment(self) -> str:
        return self._ha

    def set_horizontalalignment(self, align: str) -> None:
        self._check_alignment(align, self._va)
        if align != self._ha:
            self._ha = align
            self._build()

    def get_verticalalignment(self) -> str:
        return self._va

    def set_verticalalignment(self, align: str) -> None:
        self._check_alignment(self._ha, align)
        if align != self._va:
            self._va = align
            self._build()

    set_ha = set_horizontalalignment
    set_va = set_verticalalignment
    get_ha = get_horizontalalignment
    get_va = get_verticalalignment

    def get_fontsize(self) -> float:
        return self._fontsize

    def get_fontweight(self) -> str | int:
        return self._prop.get_weight()

    def get_halo(self) -> bool:
        return self._halo

    def set_halo(self, on: bool) -> None:
        """Paint (or not) the white box behind the text."""
        if bool(on) != self._halo:
            self._halo = bool(on)
            self.stale = True

    # ---- layout and drawing ----

    @staticmethod
    def _check_alignment(ha: str, va: str) -> None:
        if ha not in _HA:
            raise ValueError(f"ha must be one of {_HA}, not {ha!r}")
        if va not in _VA:
            raise ValueError(f"va must be one of {_VA}, not {va!r}")

    def _build(self) -> None:
        """Lay the text out as Text does (pt, anchor at the origin) and make its outline."""
        scale = self._fontsize / REF_SIZE
        m = self._metrics
        lines = [line_outline(self._font_file, self._prop, t) for t in self._text.split("\n")]
        half_gap = m.line_gap / 2 if len(lines) > 1 else 0.0
        baselines = []  # pt at REF_SIZE, downwards from the top of the box
        top = 0.0
        for ln in lines:
            baselines.append(top - max(ln.ymax, m.ascent) - half_gap)
            top = baselines[-1] - max(-ln.ymin, m.descent) - half_gap
        width = max(ln.advance for ln in lines)
        ox = {"left": 0.0, "center": width / 2, "right": width}[self._ha]
        oy = {"top": 0.0, "bottom": top, "center": top / 2, "baseline": baselines[-1],
              "center_baseline": baselines[-1] / 2}[self._va]
        self._box = ((-ox) * scale, (top - oy) * scale, (width - ox) * scale, -oy * scale)
        inked = [(ln, b) for ln, b in zip(lines, baselines, strict=True) if len(ln.codes)]
        self._inked = bool(inked)
        if not inked:
            self._path = _EMPTY_PATH
        elif len(inked) == 1:
            ln, b = inked[0]
            self._path = Path((ln.vertices + (self._line_x(ln.advance, width) - ox, b - oy)) * scale, ln.codes)
        else:
            vertices = np.concatenate([ln.vertices + (self._line_x(ln.advance, width) - ox, b - oy)
                                       for ln, b in inked])
            self._path = Path(vertices * scale, np.concatenate([ln.codes for ln, _ in inked]))
        self.stale = True

    def _line_x(self, line_width: float, width: float) -> float:
        return {"left": 0.0, "center": (width - line_width) / 2, "right": width - line_width}[self._ha]

    def _anchor_px(self) -> tuple[float, float]:
        px, py = self.get_transform().transform(np.asarray(self.get_position(), dtype=float))
        return float(px), float(py)

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        """The layout box in display pixels (empty at the anchor for an empty text), as ``Text``'s."""
        k = (renderer.points_to_pixels(1.0) if renderer is not None
             else self.get_figure(root=True).dpi / 72.0)  # type: ignore[union-attr]
        px, py = self._anchor_px()
        if not self._text:
            return Bbox.from_bounds(px, py, 0.0, 0.0)
        x0, y0, x1, y1 = self._box
        return Bbox([[px + k * x0, py + k * y0], [px + k * x1, py + k * y1]])

    @allow_rasterization
    def draw(self, renderer: Any) -> None:
        self.stale = False
        if not self.get_visible() or not self._inked:
            return
        px, py = self._anchor_px()
        if not (math.isfinite(px) and math.isfinite(py)):
            return
        trans = Affine2D().scale(renderer.points_to_pixels(1.0)).translate(px, py)
        renderer.open_group("pathlabel", self.get_gid())
        gc = renderer.new_gc()
        self._set_gc_clip(gc)  # type: ignore[attr-defined]
        gc.set_url(self.get_url())
        gc.set_linewidth(0)
        gc.set_foreground((0.0, 0.0, 0.0, 0.0), isRGBA=True)  # fill only
        gc.set_antialiased(self.get_antialiased())
        if self._halo:
            p = self._halo_pad
            x0, y0, x1, y1 = self._box
            box = Path([(x0 - p, y0 - p), (x1 + p, y0 - p), (x1 + p, y1 + p), (x0 - p, y1 + p), (0, 0)],
                       [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY])
            renderer.draw_path(gc, box, trans, (1.0, 1.0, 1.0, self._halo_alpha))  # snapped, as a patch is
        gc.set_snap(False)  # glyphs never snap to pixels, as text does not
        renderer.draw_path(gc, self._path, trans, mcolors.to_rgba(self.get_color(), self.get_alpha()))
        gc.restore()
        renderer.close_group("pathlabel")


def path_label(parent: Axes | Figure | SubFigure, x: float, y: float, text: str = "", *, ha: str = "left",
               va: str = "baseline", fontsize: float | None = None, color: Any = "black",
               weight: str | int = "normal", halo: bool = False, zorder: float = 3,
               transform: Transform | None = None, **kw: Any) -> PathLabel:
    """A :class:`PathLabel` added to ``parent`` where ``ax.text``/``fig.text`` would put a ``Text``.

    On an axes (x, y) is in data coordinates, on a figure in figure coordinates, unless
    ``transform`` says otherwise. The label does not change the axes' data limits. Other keywords
    go to :class:`PathLabel` (``halo_pad``, ``halo_alpha``) or to ``Line2D`` (``alpha``, ``visible``).
    """
    label = PathLabel(x, y, text, ha=ha, va=va, fontsize=fontsize, color=color, weight=weight, halo=halo,
                      zorder=zorder, **kw)
    if isinstance(parent, Axes):
        label.set_transform(transform if transform is not None else parent.transData)
    else:
        label.set_transform(transform if transform is not None else parent.transSubfigure)
    parent.add_artist(label)
    return label


