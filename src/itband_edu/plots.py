"""Drawing helpers: every artist is created once and then moved, never redrawn from scratch.

Each helper takes a Matplotlib ``Axes``, creates its artists and returns a handle whose ``update``
method changes them in place (``set_data``, ``set_width``, ``set_text``, ...). That keeps a slider move
far below one 60 Hz frame and stops figures from flickering or duplicating in a notebook.

Units: the model (``StanceResult``, ``BandStretchResult``) is SI; this module is the one place where
values become degrees, percent, millimetres and body weights (BW) for display.

Three "explorer figures" assemble the helpers into the figure of one explorer:
:class:`BandFigure` (lesson 01), :class:`StanceFigure` (lesson 02), :class:`SharingFigure` (lesson 03).
Each takes an empty ``Figure``, lays it out with a fixed geometry (no layout engine: a layout that
is recomputed on every draw costs time and makes panels jump), and has ``update(result, values)``.

The stick figure is drawn from the front: the learner's right leg is in stance and appears on the
viewer's left, so "lateral" is to the left of the stance hip and "medial" to its right.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any, cast

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrow, Polygon, Rectangle
from numpy.typing import ArrayLike

from . import style
from .parameters import Parameters, default_parameters
from .stance import StanceResult
from .tissue import BandStretchResult

__all__ = [
    "StickFigure",
    "MuscleForceBars",
    "ForceBars",
    "StrainBars",
    "StretchShareBars",
    "BandFigure",
    "StanceFigure",
    "SharingFigure",
    "new_agg_figure",
    "LayeredFigure",
    "StaticFigure",
]

NAN = np.nan
#: Length of a force arrow per body weight, in metres of the drawing.
ARROW_M_PER_BW = 0.1
#: Band tension (N) at the dark end of the colour map and for the widest line.
TENSION_MAX = 1500.0


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
            self._background = renderer.copy_from_bbox(self.bbox)
            self._background_key = key
        else:
            renderer.restore_region(self._background)
        for a in self._dynamic:
            a.draw(renderer)
        self.stale = False


def _rot(points: np.ndarray, angle: float) -> np.ndarray:
    """Rotate (n, 2) points about the origin by ``angle`` (rad, anticlockwise)."""
    c, s = math.cos(angle), math.sin(angle)
    return points @ np.array([[c, s], [-s, c]])


def _line(ax: Axes, x: Any, y: Any, **kw: Any) -> Any:
    """``ax.plot`` that ignores the style's marker/line-style cycle (drawings are not data series)."""
    kw.setdefault("marker", "none")
    markevery = kw.pop("markevery", None)
    kw.setdefault("linestyle", kw.pop("ls", "-"))
    (line,) = ax.plot(x, y, **kw)
    line.set_markevery(markevery)  # after creation: plot() treats markevery=None as "take the cycle's"
    return line


def _text_marker(ax: Axes, text: str, *, ha: str = "left", va: str = "center",
                 fontsize: float = style.SMALL_FONT_SIZE, color: str = "black", **kw: Any) -> Any:
    """A fixed label that moves, drawn as a marker: its glyph outlines are built once (TextPath)
    and each redraw is one path fill (~0.03 ms) instead of a glyph render (~0.4 ms).

    Move it with ``set_data([x], [y])``; ``ha``/``va`` say which point of the text sits there.
    ``get_label()`` returns the text.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    tp = TextPath((0, 0), text, size=fontsize, prop=FontProperties(size=fontsize))
    ext = tp.get_extents()
    dx = {"left": -ext.x0, "center": -(ext.x0 + ext.x1) / 2, "right": -ext.x1}[ha]
    dy = {"bottom": -ext.y0, "center": -(ext.y0 + ext.y1) / 2, "top": -ext.y1, "baseline": 0.0}[va]
    path = Path(tp.vertices + (dx, dy), tp.codes)
    size = 2.0 * float(np.abs(path.vertices).max())  # marker size (pt) that draws the path at 1:1
    return _line(ax, [], [], ls="none", marker=path, ms=size, mfc=color, mec="none", mew=0, label=text, **kw)


def _polyline(*parts: ArrayLike | Sequence[object]) -> np.ndarray:
    """Join polylines into one (x, y) array with NaN breaks, so one Line2D draws them all.

    Each part is an (n, 2) array or a list of (x, y) points (tuples and 2-element arrays mixed).
    """
    out = []
    for p in parts:
        out.append(np.asarray(p, dtype=float))
        out.append(np.array([[NAN, NAN]]))
    return np.vstack(out[:-1])


# --------------------------------------------------------------------------------------------------
# The frontal-plane stick figure
# --------------------------------------------------------------------------------------------------


class StickFigure:
    """Frontal-plane stick figure in single-leg stance on the right leg (viewer's left).

    Draws the pelvis (rotated by the pelvic drop about the stance hip), the stance femur, tibia and
    foot (fixed: the model keeps the stance femur vertical), the swing leg, the trunk (leaning by
    ``trunk_lean_deg`` toward the stance side), the head, the TFL and gluteus medius (line width grows
    with their force), and the IT band along the lateral thigh, coloured and thickened by its tension,
    with its value written beside it. With ``arrows=True`` also the three forces on the body above the
    stance hip, in body weights (BW): the supported weight W' at its centre of mass, the abductor pull
    and the hip contact force, and the lever arm d of W'.

    The drawing is a cartoon: the pelvis is drawn to scale (metres) but limbs and trunk are short, so
    the hip region, where the lever acts, fills the picture. Only the lever arm d and the forces
    (magnitude and direction) come from the model.
    """

    def __init__(self, ax: Axes, *, arrows: bool = True, colorbar_ax: Axes | None = None,
                 xlim: tuple[float, float] = (-0.56, 0.46), params: Parameters | None = None) -> None:
        p = params or default_parameters()
        self.ax = ax
        self.arrows = arrows
        self.hip_gap = d = p.inter_hip_distance
        self.abductor_angle = p.abductor_line_of_action
        self.tfl_max_force = p.muscle("tensor_fasciae_latae").max_isometric_force
        self.cmap = style.tension_cmap()
        self.norm = mpl.colors.Normalize(0.0, TENSION_MAX)
        ax.set_xlim(*xlim)
        ax.set_ylim(-0.64, 0.56)
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()

        # pelvis outline in its own frame: stance hip at the origin, swing hip at (d, 0)
        self._pelvis_local = np.array([
            (-0.075, 0.125), (-0.045, 0.055), (-0.03, -0.01), (-0.005, -0.075), (d / 2 - 0.03, -0.055),
            (d / 2 + 0.03, -0.055), (d + 0.005, -0.075), (d + 0.03, -0.01), (d + 0.045, 0.055),
            (d + 0.075, 0.125), (d / 2 + 0.055, 0.095), (d / 2, 0.05), (d / 2 - 0.055, 0.095),
        ])
        self._crest_r = np.array([-0.07, 0.115])  # where the band leaves the pelvis (iliac tubercle)
        self._asis_r = np.array([-0.045, 0.06])  # TFL origin
        self._gmed_origin = np.array([-0.035, 0.1])  # mid-point of gluteus medius origin on the ilium
        self._trochanter = np.array([-0.062, -0.035])
        self._sacrum_top = np.array([d / 2, 0.07])
        self._band_thigh = np.array([(-0.093, -0.04), (-0.088, -0.17), (-0.06, -0.3)])  # to Gerdy's tubercle

        ground_y = -0.6
        _line(ax, [-0.2, 0.16], [ground_y, ground_y], color="black", lw=2, solid_capstyle="butt")
        ax.add_patch(Rectangle((-0.2, ground_y - 0.03), 0.36, 0.03, facecolor="none",
                               edgecolor="#999999", hatch="///", linewidth=0))
        # stance leg (fixed): femoral neck and shaft, tibia, foot
        knee = (-0.032, -0.29)
        stance = _polyline(
            [(0, 0), self._trochanter + (0.005, 0.0), knee],
            [knee, (-0.035, -0.565)],
            [(-0.07, ground_y + 0.01), (-0.035, -0.572), (0.03, ground_y + 0.01)],
        )
        _line(ax, stance[:, 0], stance[:, 1], color=style.BODY_COLOUR, lw=5, solid_capstyle="round")
        _line(ax, [knee[0]], [knee[1]], marker="o", ls="none", color="white", mec=style.BODY_COLOUR, mew=2.5, ms=9,
              zorder=4)
        self.pelvis = Polygon(self._pelvis_local, closed=True, facecolor="#e4e4e4",
                              edgecolor=style.BODY_COLOUR, linewidth=2.5, zorder=2)
        ax.add_patch(self.pelvis)
        self.hips = _line(ax, [0, d], [0, 0], marker="o", ls="none", color="white", mec=style.BODY_COLOUR,
                          mew=2.5, ms=11, zorder=4)
        self.body = _line(ax, [], [], color=style.BODY_COLOUR, lw=5, solid_capstyle="round", zorder=3)
        self.head = Circle((d / 2, 0.45), 0.06, facecolor="#e4e4e4", edgecolor=style.BODY_COLOUR,
                           linewidth=2.5, zorder=3)
        ax.add_patch(self.head)
        # muscles: line width grows with force, so their work is visible without colour
        self.gmed = _line(ax, [], [], color=style.GLUTE_MED_COLOUR, lw=4, alpha=0.85, solid_capstyle="round",
                          zorder=5)
        self.tfl = _line(ax, [], [], color=style.TFL_COLOUR, lw=4, solid_capstyle="round", zorder=6)
        self.band = _line(ax, [], [], lw=5, solid_capstyle="round", solid_joinstyle="round", zorder=5)
        self.band_text = ax.text(-0.12, -0.3 if arrows else -0.2, "", ha="right", va="center",
                                 fontsize=style.SMALL_FONT_SIZE, color="black", zorder=7)
        self.colorbar = None
        self.colorbar_mark = None
        if colorbar_ax is not None:
            sm = mpl.cm.ScalarMappable(norm=self.norm, cmap=self.cmap)
            self.colorbar = ax.figure.colorbar(sm, cax=colorbar_ax)
            self.colorbar.set_label("IT band tension (N)", fontsize=style.SMALL_FONT_SIZE)
            self.colorbar.set_ticks([0, 500, 1000, 1500])
            colorbar_ax.tick_params(labelsize=style.SMALL_FONT_SIZE - 1)
            self.colorbar_mark = _line(colorbar_ax, [-0.6, 1.0], [0, 0], color="black", lw=3, marker=">",
                                       markevery=[0], ms=10, clip_on=False)
        if arrows:
            kw: dict[str, Any] = dict(length_includes_head=True, width=0.012, head_width=0.042, head_length=0.04,
                                      zorder=8)
            self.weight_arrow = FancyArrow(0, 0, 0, -0.1, color=style.WEIGHT_COLOUR, **kw)
            self.abductor_arrow = FancyArrow(0, 0, 0, -0.1, color=style.ABDUCTOR_COLOUR, **kw)
            self.contact_arrow = FancyArrow(0, 0, 0, 0.1, facecolor=style.HIP_CONTACT_COLOUR,
                                            hatch="//", edgecolor="black", linewidth=1, **kw)
            for a in (self.weight_arrow, self.abductor_arrow, self.contact_arrow):
                ax.add_patch(a)
            self.com = _line(ax, [], [], marker="o", ls="none", ms=13, color="white", mec="black", mew=2.5,
                             zorder=9)
            self.com_dot = _line(ax, [], [], marker="+", ls="none", ms=13, color="black", mew=2.5, zorder=10)
            self.lever_lines = _line(ax, [], [], color="black", lw=1.5, ls=":", zorder=3)
            self.lever_dim = _line(ax, [], [], color="black", lw=2, marker="|", ms=12, mew=2, zorder=9)
            # names only (values are on the bars): drawn as marker paths, cheap to move
            self.lever_text = _text_marker(ax, "d", ha="center", va="top", zorder=9)
            self.weight_text = _text_marker(ax, "W′", ha="left", zorder=9)
            self.abductor_text = _text_marker(ax, "abductors", ha="right", color=style.ABDUCTOR_COLOUR, zorder=9)
            self.contact_text = _text_marker(ax, "hip contact", ha="right", zorder=9)
        #: the artists that ``update`` moves
        self.artists = [self.pelvis, self.hips, self.body, self.head, self.gmed, self.tfl, self.band, self.band_text]
        if self.colorbar_mark is not None:
            self.artists.append(self.colorbar_mark)
        if arrows:
            self.artists += [self.weight_arrow, self.abductor_arrow, self.contact_arrow, self.com, self.com_dot,
                             self.lever_lines, self.lever_dim, self.lever_text, self.weight_text,
                             self.abductor_text, self.contact_text]

    def update(self, result: StanceResult, *, trunk_lean_deg: float, pelvic_drop_deg: float) -> None:
        """Move the artists to ``result`` (a scalar :class:`StanceResult`) and the two posture angles."""
        d = self.hip_gap
        drop = math.radians(pelvic_drop_deg)
        lean = math.radians(trunk_lean_deg)
        rot = -drop  # contralateral drop: the swing side goes down, clockwise about the stance hip
        self.pelvis.set_xy(_rot(self._pelvis_local, rot))
        swing_hip = _rot(np.array([[d, 0.0]]), rot)[0]
        self.hips.set_data([0.0, swing_hip[0]], [0.0, swing_hip[1]])
        base = _rot(self._sacrum_top[None, :], rot)[0]
        up = np.array([-math.sin(lean), math.cos(lean)])  # trunk axis, leaning toward the stance side
        side = np.array([up[1], -up[0]])
        neck = base + 0.3 * up
        shoulder_r, shoulder_l = neck - 0.02 * up - 0.13 * side, neck - 0.02 * up + 0.13 * side
        knee_l = swing_hip + (0.01, -0.28)
        body = _polyline(
            [base, neck],
            [shoulder_r, shoulder_l],
            [shoulder_r, shoulder_r - 0.3 * up - 0.02 * side],  # arms hang along the trunk
            [shoulder_l, shoulder_l - 0.3 * up + 0.02 * side],
            [swing_hip, knee_l, knee_l + (-0.005, -0.2), knee_l + (0.05, -0.215)],  # knee bent, foot up
        )
        self.body.set_data(body[:, 0], body[:, 1])
        self.head.set_center(tuple(neck + 0.075 * up))

        crest, asis, gmed_o = (_rot(v[None, :], rot)[0] for v in (self._crest_r, self._asis_r, self._gmed_origin))
        band = np.vstack([crest, self._band_thigh])
        self.band.set_data(band[:, 0], band[:, 1])
        tension = float(result.itb_tension)
        frac = min(tension / TENSION_MAX, 1.0)
        self.band.set_color(self.cmap(self.norm(tension)))
        self.band.set_linewidth(3.0 + 9.0 * frac)
        self.band_text.set_text(f"IT band {tension:.0f} N" if self.arrows else f"IT band\n{tension:.0f} N")
        f = result.muscle_forces
        bw = float(result.body_weight)
        names = result.muscle_names
        gmed_f = sum(float(f[i]) for i, n in enumerate(names) if n.startswith("gluteus_medius"))
        tfl_f = sum(float(f[i]) for i, n in enumerate(names) if n.startswith("tensor"))
        self.gmed.set_data([gmed_o[0], self._trochanter[0]], [gmed_o[1], self._trochanter[1]])
        self.gmed.set_linewidth(2.0 + 5.0 * min(gmed_f / bw, 2.0))
        tfl_end = (-0.088, -0.1)
        self.tfl.set_data([asis[0], tfl_end[0]], [asis[1], tfl_end[1]])
        self.tfl.set_linewidth(2.0 + 8.0 * min(tfl_f / self.tfl_max_force, 1.0))
        if self.colorbar_mark is not None:
            y = min(tension, TENSION_MAX)
            self.colorbar_mark.set_data([-0.6, 1.0], [y, y])

        if not self.arrows:
            return
        s = ARROW_M_PER_BW
        w_bw = float(result.supported_weight) / bw
        lever = float(result.weight_lever)
        com = np.array([lever, 0.2])
        self.com.set_data([com[0]], [com[1]])
        self.com_dot.set_data([com[0]], [com[1]])
        self.weight_arrow.set_data(x=com[0], y=com[1] - 0.025, dx=0.0, dy=-w_bw * s)
        self.weight_text.set_data([max(com[0], swing_hip[0] - 0.04) + 0.045], [com[1] + 0.01])
        dim_y = -0.13
        self.lever_lines.set_data([0.0, 0.0, NAN, lever, lever],
                                  [-0.02, dim_y - 0.02, NAN, com[1] - 0.03 - w_bw * s, dim_y - 0.02])
        self.lever_dim.set_data([0.0, lever], [dim_y, dim_y])
        self.lever_text.set_data([lever / 2], [dim_y - 0.025])

        a_bw = float(result.total_abductor_force) / bw
        ang = self.abductor_angle
        pull = np.array([-math.sin(ang), -math.cos(ang)])  # on the pelvis: toward the trochanter
        tail = gmed_o + (-0.01, 0.025)
        self.abductor_arrow.set_data(x=tail[0], y=tail[1], dx=pull[0] * a_bw * s, dy=pull[1] * a_bw * s)
        tip = tail + pull * a_bw * s
        self.abductor_text.set_data([min(tip[0], -0.12) - 0.03], [tip[1] + 0.03])

        h_bw = float(result.hip_contact_force_bw)
        h_ang = float(result.hip_contact_angle)
        push = np.array([math.sin(h_ang), math.cos(h_ang)])  # on the pelvis: up and medial
        start = -push * h_bw * s
        self.contact_arrow.set_data(x=start[0], y=start[1], dx=-start[0], dy=-start[1])
        self.contact_text.set_data([min(start[0], -0.12) - 0.03], [start[1] - 0.02])
        self.band_text.set_y(min(start[1] - 0.14, -0.4))


# --------------------------------------------------------------------------------------------------
# Bar charts
# --------------------------------------------------------------------------------------------------


def _group_max_forces(params: Parameters) -> dict[str, tuple[float, str | None]]:
    """Maximum force (N) of each displayed group, and which strength control scales it."""
    scaled_by = {"gluteus_medius": "glute_med_strength", "gluteus_maximus_upper": "glute_max_strength"}
    out: dict[str, tuple[float, str | None]] = {}
    for group, prefix in style.MUSCLE_GROUPS.items():
        f0 = sum(m.max_isometric_force for m in params.muscles if m.name.startswith(prefix))
        out[group] = (f0, scaled_by.get(group))
    return out


class MuscleForceBars:
    """Forces (N) of the four abductor groups, each inside a dashed outline of its maximum force.

    Gluteus medius and minimus are the sums of their three parts. Each bar carries its colour, its
    hatch and a label with the force and the percentage of the maximum (activation).
    """

    def __init__(self, ax: Axes, *, ylim: float = 4300.0, params: Parameters | None = None) -> None:
        p = params or default_parameters()
        self.ax = ax
        self.groups = list(style.MUSCLE_GROUPS)
        self.max_forces = _group_max_forces(p)
        self.ylim = ylim
        x = np.arange(len(self.groups))
        self.outline = ax.bar(x, [1.0] * len(x), width=0.74, fill=False, edgecolor="black",
                              linestyle="--", linewidth=1.8, zorder=3, label="maximum force")
        self.bars = ax.bar(x, [0.0] * len(x), width=0.6, zorder=2, edgecolor="black", linewidth=1.2,
                           color=[style.MUSCLE_COLOURS[g] for g in self.groups],
                           hatch=[style.MUSCLE_HATCHES[g] for g in self.groups], label="force")
        self.labels = [ax.text(float(i), 0, "", ha="center", va="bottom", fontsize=style.SMALL_FONT_SIZE - 1)
                       for i in x]
        ax.set_xticks(x, [style.MUSCLE_LABELS[g] for g in self.groups])
        ax.set_xlim(-0.55, len(x) - 0.45)
        ax.set_ylim(0, ylim)
        ax.set_ylabel("force (N)")
        ax.grid(axis="x", visible=False)
        # the two muscles whose force reaches the band
        ax.annotate("", xy=(1.65, ylim * 0.97), xytext=(3.35, ylim * 0.97),
                    arrowprops=dict(arrowstyle="|-|, widthA=0.4, widthB=0.4", lw=2, color="black",
                                    shrinkA=0, shrinkB=0))
        ax.text(2.5, ylim * 0.955, "pull on the IT band", ha="center", va="top",
                fontsize=style.SMALL_FONT_SIZE - 1)
        self.artists = [*self.bars, *self.outline, *self.labels]

    def update(self, result: StanceResult, values: Mapping[str, Any]) -> None:
        for i, g in enumerate(self.groups):
            force = float(result.force_of(style.MUSCLE_GROUPS[g]))
            f0, control = self.max_forces[g]
            f_max = f0 * float(values.get(control, 1.0)) if control else f0
            self.bars[i].set_height(force)
            self.outline[i].set_height(f_max)
            pct = 100.0 * force / f_max if f_max > 0 else 0.0
            self.labels[i].set_position((i, min(max(f_max, force) + 40.0, self.ylim * 0.8)))
            self.labels[i].set_text(f"{force:.0f} N\n{pct:.0f} %")


class ForceBars:
    """Horizontal bars of the three forces of single-leg stance, in body weights."""

    ITEMS = (("W′ (supported\nweight)", style.WEIGHT_COLOUR, ""),
             ("abductors", style.ABDUCTOR_COLOUR, ""),
             ("hip contact", style.HIP_CONTACT_COLOUR, "//"))

    def __init__(self, ax: Axes, *, xmax: float = 4.2) -> None:
        self.ax = ax
        y = np.arange(len(self.ITEMS))[::-1]
        self.bars = ax.barh(y, [0.0] * len(y), height=0.62, color=[c for _, c, _ in self.ITEMS],
                            hatch=[h for _, _, h in self.ITEMS], edgecolor="black", linewidth=1.2)
        self.bars[0].set_facecolor("#444444")
        self.labels = [ax.text(0, yi, "", va="center", ha="left", fontsize=style.SMALL_FONT_SIZE) for yi in y]
        ax.set_yticks(y, [name for name, _, _ in self.ITEMS])
        ax.set_xlim(0, xmax)
        ax.set_ylim(-0.5, len(y) - 0.2)
        ax.set_xlabel("force (body weights, BW)")
        ax.grid(axis="y", visible=False)
        ax.axvline(1.0, color="black", lw=1.2, ls="--", zorder=1)
        ax.text(1.05, len(y) - 0.62, "1 BW", ha="left", va="bottom", fontsize=style.SMALL_FONT_SIZE - 2)
        self.xmax = xmax
        self.artists = [*self.bars, *self.labels]

    def update(self, result: StanceResult) -> None:
        bw = float(result.body_weight)
        vals = (float(result.supported_weight) / bw, float(result.total_abductor_force) / bw,
                float(result.hip_contact_force_bw))
        for bar, label, v in zip(self.bars, self.labels, vals, strict=True):
            bar.set_width(min(v, self.xmax))
            label.set_text(f"{v:.2f} BW")
            if v > self.xmax - 1.1:  # no room right of the bar: inside it, on a white patch
                label.set_x(min(v, self.xmax) - 0.06)
                label.set_horizontalalignment("right")
                label.set_bbox(dict(facecolor="white", edgecolor="none", pad=1.5, alpha=0.9))
            else:
                label.set_x(v + 0.06)
                label.set_horizontalalignment("left")
                label.set_bbox(None)


class StrainBars:
    """Strain (% of resting length) of the band, its muscle and a rubber band, on a log scale.

    A log axis because the three differ by orders of magnitude; zero is drawn at the axis floor and
    written "0 %". Every bar carries its value.
    """

    ITEMS = (
        ("IT band", "itb"),
        ("relaxed\nTFL muscle", "tensor_fasciae_latae"),
        ("rubber band\n(same size)", "rubber"),
    )
    FLOOR = 1e-3  # % (the left edge of the axis)

    def __init__(self, ax: Axes, *, xmax: float = 1e4) -> None:
        self.ax = ax
        y = np.arange(len(self.ITEMS))[::-1]
        self.xmax = xmax
        keys = [k for _, k in self.ITEMS]
        self.bars = ax.barh(y, [0.0] * len(y), left=self.FLOOR, height=0.62,
                            color=[style.MUSCLE_COLOURS[k] for k in keys],
                            hatch=[style.MUSCLE_HATCHES[k] for k in keys], edgecolor="black", linewidth=1.2)
        ax.set_xscale("log")
        ax.set_xlim(self.FLOOR, xmax)
        ax.set_ylim(-0.6, len(y) - 0.4)
        ax.set_xticks([1e-3, 1e-1, 10, 1000], ["0.001", "0.1", "10", "1000"])
        ax.set_xticks([1e-2, 1, 100, 1e4], minor=True)
        ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())
        ax.set_yticks(y, [name for name, _ in self.ITEMS])
        ax.set_xlabel("strain (%, log scale)")
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", which="minor", visible=True)
        self.labels = [ax.text(self.FLOOR, yi, "", va="center", fontsize=style.SMALL_FONT_SIZE) for yi in y]
        self.artists = [*self.bars, *self.labels]

    def update(self, result: BandStretchResult) -> None:
        vals = (float(result.band_strain_percent), float(result.muscle_strain_percent),
                float(result.rubber_strain_percent))
        for bar, label, v in zip(self.bars, self.labels, vals, strict=True):
            shown = min(max(v, self.FLOOR), self.xmax)
            bar.set_width(shown - self.FLOOR)
            label.set_text(_percent(v))
            if shown > 100:  # no room right of the bar: write it inside, right-aligned
                label.set_x(shown / 1.3)
                label.set_horizontalalignment("right")
                label.set_bbox(dict(facecolor="white", edgecolor="none", pad=1.5, alpha=0.85))
            else:
                label.set_x(shown * 1.3)
                label.set_horizontalalignment("left")
                label.set_bbox(None)


def _percent(v: float) -> str:
    if v <= 0:
        return "0 %"
    if v < 10:
        return f"{v:.2g} %"
    return f"{v:,.0f} %"


class StretchShareBars:
    """Who takes the lengthening: stacked 0-100 % bars for band + muscle and rubber + muscle."""

    NAMES = ("band", "rubber")

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.y = y = np.array([1.0, 0.0])
        self.stiff = ax.barh(y, [0.0, 0.0], height=0.5, edgecolor="black", linewidth=1.2,
                             color=[style.ITB_COLOUR, style.RUBBER_COLOUR],
                             hatch=[style.MUSCLE_HATCHES["itb"], style.MUSCLE_HATCHES["rubber"]])
        self.muscle = ax.barh(y, [100.0, 100.0], height=0.5, edgecolor="black", linewidth=1.2,
                              color=style.TFL_COLOUR, hatch=style.MUSCLE_HATCHES["tensor_fasciae_latae"])
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.35, 1.65)
        ax.set_yticks(y, ["TFL +\nIT band", "TFL +\nrubber"])
        ax.set_xticks([0, 50, 100])
        ax.set_xlabel("share of lengthening (%)")
        ax.grid(axis="y", visible=False)
        box = dict(facecolor="white", edgecolor="none", pad=1.5, alpha=0.9)
        kw: dict[str, Any] = dict(va="bottom", fontsize=style.SMALL_FONT_SIZE)
        # labels sit just above each bar: the stiff part from the left, the muscle from the right
        self.stiff_text = [ax.text(0, yi + 0.27, "", ha="left", **kw) for yi in y]
        self.muscle_text = [ax.text(100, yi + 0.27, "", ha="right", **kw) for yi in y]
        self.box = box
        self.artists = [*self.stiff, *self.muscle, *self.stiff_text, *self.muscle_text]

    def update(self, result: BandStretchResult) -> None:
        shares = (float(result.band_share), float(result.rubber_share))
        for i, (sh, name) in enumerate(zip(shares, self.NAMES, strict=True)):
            pct = 100.0 * sh
            self.stiff[i].set_width(pct)
            self.muscle[i].set_x(pct)
            self.muscle[i].set_width(100.0 - pct)
            self.stiff_text[i].set_text(f"{name} {pct:.1f} %" if pct < 10 else f"{name} {pct:.0f} %")
            self.muscle_text[i].set_text(f"muscle {100 - pct:.0f} %" if pct < 90 else f"muscle {100 - pct:.1f} %")


# --------------------------------------------------------------------------------------------------
# The explorer figures (fixed layout, one per explorer)
# --------------------------------------------------------------------------------------------------


class BandFigure:
    """Lesson 01: strain of band vs muscle vs rubber (left), who takes the lengthening (right)."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        ax_strain = fig.add_axes((0.2, 0.25, 0.34, 0.6))
        ax_share = fig.add_axes((0.69, 0.25, 0.27, 0.6))
        fig.text(0.01, 0.97, "How much does each stretch?", fontsize=style.BASE_FONT_SIZE + 1,
                 weight="bold", va="top")
        fig.text(0.575, 0.97, "Who takes the lengthening?", fontsize=style.BASE_FONT_SIZE + 1,
                 weight="bold", va="top")
        self.strain = StrainBars(ax_strain)
        self.share = StretchShareBars(ax_share)
        self.caption = fig.text(0.01, 0.015, "", fontsize=style.SMALL_FONT_SIZE, ha="left", va="bottom")
        self.axes = (ax_strain, ax_share)
        _declare_dynamic(fig, [*self.strain.artists, *self.share.artists, self.caption])

    def update(self, result: BandStretchResult, values: Mapping[str, Any]) -> None:
        self.strain.update(result)
        self.share.update(result)
        total = float(result.stretch) * 1000.0
        band = float(result.band_elongation) * 1000.0
        muscle = float(result.muscle_elongation) * 1000.0
        if values.get("mode", "stretch") == "stretch":
            head = f"Stretch {total:.1f} mm"
        else:
            head = f"Pull {float(result.load):.0f} N"
        band_txt = f"{band:.2f}" if band < 1 else f"{band:.1f}"
        self.caption.set_text(f"{head}: band +{band_txt} mm, muscle +{muscle:.1f} mm")


class StanceFigure:
    """Lesson 02: stick figure with the forces (left), the forces as bars in body weights (right)."""

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        self.fig = fig
        ax_fig = fig.add_axes((0.0, 0.01, 0.46, 0.98))
        ax_bars = fig.add_axes((0.68, 0.3, 0.3, 0.42))
        fig.text(0.5, 0.97, "Forces on the pelvis", fontsize=style.BASE_FONT_SIZE + 1, weight="bold", va="top")
        self.stick = StickFigure(ax_fig, arrows=True, params=params)
        self.bars = ForceBars(ax_bars)
        fig.text(0.5, 0.1, "moment needed  M = W′ × d", fontsize=style.SMALL_FONT_SIZE, ha="left", va="bottom")
        self.moment_text = fig.text(0.5, 0.03, "", fontsize=style.SMALL_FONT_SIZE, ha="left", va="bottom")
        self.warning = fig.text(0.5, 0.89, "", fontsize=style.SMALL_FONT_SIZE, ha="left", va="top",
                                color=style.OKABE_ITO["vermillion"], weight="bold")
        self.axes = (ax_fig, ax_bars)
        _declare_dynamic(fig, [*self.stick.artists, *self.bars.artists, self.moment_text, self.warning])

    def update(self, result: StanceResult, values: Mapping[str, Any]) -> None:
        self.stick.update(result, trunk_lean_deg=float(values.get("trunk_lean_deg", 0.0)),
                          pelvic_drop_deg=float(values.get("pelvic_drop_deg", 0.0)))
        self.bars.update(result)
        self.moment_text.set_text(
            f"= {float(result.supported_weight):.0f} N × "
            f"{float(result.weight_lever) * 100:.1f} cm = {float(result.required_moment):.1f} N m")
        self.warning.set_text(_deficit_text(result))


class SharingFigure:
    """Lesson 03: forces of the four abductor groups (left), stick figure with the band (right)."""

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        self.fig = fig
        ax_bars = fig.add_axes((0.1, 0.17, 0.5, 0.7))
        ax_fig = fig.add_axes((0.6, 0.01, 0.27, 0.98))
        ax_cbar = fig.add_axes((0.87, 0.2, 0.018, 0.6))
        fig.text(0.01, 0.97, "Who supplies the hip-abduction moment?", fontsize=style.BASE_FONT_SIZE + 1,
                 weight="bold", va="top")
        self.bars = MuscleForceBars(ax_bars, params=params)
        self.stick = StickFigure(ax_fig, arrows=False, colorbar_ax=ax_cbar, xlim=(-0.4, 0.36), params=params)
        self.warning = fig.text(0.12, 0.84, "", fontsize=style.SMALL_FONT_SIZE, ha="left", va="top",
                                color=style.OKABE_ITO["vermillion"], weight="bold")
        self.axes = (ax_bars, ax_fig, ax_cbar)
        _declare_dynamic(fig, [*self.stick.artists, *self.bars.artists, self.warning])

    def update(self, result: StanceResult, values: Mapping[str, Any]) -> None:
        self.bars.update(result, values)
        self.stick.update(result, trunk_lean_deg=float(values.get("trunk_lean_deg", 0.0)),
                          pelvic_drop_deg=float(values.get("pelvic_drop_deg", 0.0)))
        self.warning.set_text(_deficit_text(result))


def _declare_dynamic(fig: Figure, artists: list[Any]) -> None:
    if isinstance(fig, LayeredFigure):
        fig.set_dynamic(artists)


def _deficit_text(result: StanceResult) -> str:
    if bool(result.feasible):
        return ""
    return (f"✗ abductors at their maximum: {float(result.moment_deficit):.0f} N m missing\n"
            "  (in life the pelvis would drop or the trunk lean)")
