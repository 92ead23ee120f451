"""The stride figure's time-series panels (lesson 07): fixed axes, the curves of a running stance, the
zone's and the abductors' shortfall spans, off-scale marks and the cursor; and the pure helpers that
find those spans. :class:`~itband_edu.views.stride_plots.StrideFigure` puts them beside the stick figure
and the knee; the design (what is static, what is drawn at every frame) is in that module's docstring.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from ..gait import RunningStanceResult
from ..knee_angles import compression_zone
from . import style
from .draw import line
from .labels import path_label

__all__ = ["AXES", "TIME_AXIS_MS", "FIGSIZE", "SYNTHETIC_LABEL", "CURSOR_COLOUR", "SHORT_LABEL", "zone_spans",
           "short_spans", "off_scale", "instant_index", "default_zone", "Panels", "line_in_figure"]

#: The stride explorer's figure (inches at 100 dpi): as wide as the other explorers' (it sits beside
#: the 300 px controls column), taller for two drawings and five panels.
FIGSIZE = (5.4, 4.5)
#: The time axis (ms): the longest stance of the levers is 250 / 0.9 = 278 ms (-10 % step rate).
TIME_AXIS_MS = (0.0, 280.0)
#: Fixed y-axes per panel (name -> (low, high)), top panel first; sized for what the model can hold
#: (module docstring): the highest band tension, 1153 N, is the abductors' ceiling with weak glutes,
#: and the path strain rate depends on the step rate only (-23 to +17 %/s).
AXES: dict[str, tuple[float, float]] = {
    "angles": (-5.0, 60.0),  # deg (the zone's upper edge, 58 deg, stays on the axes)
    "tension": (0.0, 1200.0),  # N
    "strain": (-1.0, 10.0),  # %
    "strain_rate": (-200.0, 300.0),  # %/s, band tissue
    "path_strain_rate": (-30.0, 30.0),  # %/s, TFL + band path
}
SYNTHETIC_LABEL = "synthetic curves shaped to published peaks, not measured data"
SHORT_LABEL = "abductors short"
#: The cursor is neutral grey: vermillion is the path's colour, orange the zone's.
CURSOR_COLOUR = "#777777"
_ZONE_COLOUR = style.OKABE_ITO["orange"]
_ZONE_EDGE_COLOUR = "#7a4a00"  # the zone's label and flexion edges: darker than its fill
_SHORT_COLOUR = "#444444"
_TISSUE_COLOUR = style.ITB_COLOUR
_PATH_COLOUR = style.OKABE_ITO["vermillion"]
#: (panel, attribute of RunningStanceResult, legend name, colour, line style), top panel first.
_SERIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("angles", "knee_flexion_deg", "knee flexion", style.OKABE_ITO["black"], "-"),
    ("angles", "hip_adduction_deg", "hip add.", style.OKABE_ITO["blue"], "--"),
    ("angles", "pelvic_drop_deg", "pelvic drop", style.OKABE_ITO["reddish_purple"], ":"),
    ("tension", "itb_tension", "IT band tension", _TISSUE_COLOUR, "-"),
    ("strain", "tissue_strain_percent", "band tissue", _TISSUE_COLOUR, "-"),
    ("strain", "path_strain_percent", "TFL + band path", _PATH_COLOUR, "--"),
    ("strain_rate", "strain_rate_percent_per_s", "tissue strain rate", _TISSUE_COLOUR, "-"),
    ("path_strain_rate", "path_strain_rate_percent_per_s", "path strain rate", _PATH_COLOUR, "--"),
)
_YLABELS = {"angles": "angle\n(°)", "tension": "tension\n(N)", "strain": "strain\n(%)",
            "strain_rate": "tissue rate\n(%/s)", "path_strain_rate": "path rate\n(%/s)"}
_YTICKS = {"angles": [0, 20, 40], "tension": [0, 500, 1000], "strain": [0, 5, 10], "strain_rate": [-200, 0, 200],
           "path_strain_rate": [-20, 0, 20]}
_UNITS = {"angles": "°", "tension": " N", "strain": " %", "strain_rate": " %/s", "path_strain_rate": " %/s"}


def instant_index(stance_percent: float, n_samples: int) -> int:
    """The sample of a stance phase of ``n_samples`` nearest ``stance_percent`` (0-100 % of stance)."""
    return int(round(float(stance_percent) / 100.0 * (n_samples - 1)))


def zone_spans(time: NDArray[np.float64], flexion_deg: NDArray[np.float64],
               zone_deg: tuple[float, float]) -> list[tuple[float, float]]:
    """The spans of time (same unit as ``time``) in which the piecewise-linear flexion curve lies
    inside ``zone_deg`` (low, high), edges interpolated between samples (as
    ``knee_angles.stance_time_in_zone`` counts them, so the spans add up to its time)."""
    lo, hi = zone_deg
    t, f = np.asarray(time, dtype=float), np.asarray(flexion_deg, dtype=float)
    # every crossing of either edge, plus the ends, cut the curve into pieces that are inside or out
    cuts = [float(t[0]), float(t[-1])]
    for edge in (lo, hi):
        d = f - edge
        for k in np.flatnonzero(d[:-1] * d[1:] < 0):
            cuts.append(float(t[k] + d[k] / (d[k] - d[k + 1]) * (t[k + 1] - t[k])))
    cuts = sorted(set(cuts))
    spans: list[tuple[float, float]] = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        mid = float(np.interp(0.5 * (a + b), t, f))
        if lo <= mid <= hi:
            if spans and math.isclose(spans[-1][1], a):
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
    return spans


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(first, last) sample index of each run of True in ``mask``."""
    m = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    d = np.diff(m.astype(int))
    return list(zip(np.flatnonzero(d == 1).tolist(), (np.flatnonzero(d == -1) - 1).tolist(), strict=True))


def short_spans(time: NDArray[np.float64], feasible: NDArray[np.bool_]) -> list[tuple[float, float]]:
    """The spans of time (same unit as ``time``, from the first to the last sample of each run) in
    which the abductors cannot supply the hip moment (``feasible`` false)."""
    t = np.asarray(time, dtype=float)
    return [(float(t[a]), float(t[b])) for a, b in _runs(~np.asarray(feasible, dtype=bool))]


def off_scale(values: NDArray[np.float64], lo: float, hi: float) -> list[tuple[int, float]]:
    """Where a curve leaves the axis (lo, hi): for each run of samples above ``hi`` or below ``lo``,
    the sample of its extreme and the extreme value, in time order."""
    v = np.asarray(values, dtype=float)
    found: list[tuple[int, float]] = []
    if lo <= v.min() and v.max() <= hi:  # the usual case, quickly
        return found
    for mask, pick in ((v > hi, np.argmax), (v < lo, np.argmin)):
        for a, b in _runs(mask):
            k = a + int(pick(v[a:b + 1]))
            found.append((k, float(v[k])))
    return sorted(found)


@lru_cache(maxsize=1)
def default_zone() -> tuple[float, float]:
    """The model's impingement zone (deg) with the default data and no extra tibial rotation, as
    ``knee_angles.stance_time_in_zone`` uses it (cached: one sweep per session)."""
    return compression_zone()


class Panels:
    """The five time-series panels, the shaded zone spans, the hatched spans where the abductors are
    short, the off-scale marks and the cursor at the instant.

    Everything that changes is drawn over the cached static layer (axes, ticks, labels, legends):
    the curves, spans and marks when a lever moves, the cursor and its dots at every instant. The
    curves, the spans, the cursor and the dots of all panels are one artist each, in figure
    coordinates (``to_figure``; every artist costs a draw call at every frame). ``_SERIES`` gives the
    curves' order in ``curves``; values beyond a panel's axis are drawn at its edge (``off_scale``
    lists them in ``offscale``)."""

    def __init__(self, fig: Figure, rect: tuple[float, float, float, float], zone: tuple[float, float]) -> None:
        left, bottom, width, height = rect
        names = list(AXES)
        gap = 0.036
        h = (height - gap * (len(names) - 1)) / len(names)
        small = style.EXPLORER_SMALL_FONT_SIZE - 1.5
        self.axes: dict[str, Axes] = {}
        #: each panel's box in figure coordinates (left, bottom, width, height)
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        for k, name in enumerate(names):
            box = (left, bottom + (len(names) - 1 - k) * (h + gap), width, h)
            ax = fig.add_axes(box)
            ax.set_xlim(*TIME_AXIS_MS)
            ax.set_ylim(*AXES[name])
            ax.set_xticks([0, 100, 200])
            ax.set_yticks(_YTICKS[name])
            ax.tick_params(labelsize=small, length=3, pad=2)
            ax.set_ylabel(_YLABELS[name], fontsize=small - 0.5, labelpad=2)
            if k < len(names) - 1:
                ax.tick_params(labelbottom=False)
            self.axes[name], self.boxes[name] = ax, box
        self.axes[names[-1]].set_xlabel("time in stance (ms)", fontsize=small, labelpad=1)
        # the curves are one artist (one draw call a frame); the legends name them
        self.curves = LineCollection([], colors=[c for *_, c, _ls in _SERIES], linestyles=[ls for *_, ls in _SERIES],
                                     linewidths=2.0, zorder=3, transform=fig.transFigure)
        fig.add_artist(self.curves)
        for panel in ("angles", "strain"):
            handles = [Line2D([], [], color=c, ls=ls, lw=2.0, label=label) for p, _a, label, c, ls in _SERIES
                       if p == panel]
            self.axes[panel].legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.97), ncol=3,
                                    fontsize=small - 1.5, handlelength=1.2, columnspacing=0.5, handletextpad=0.3,
                                    borderaxespad=0.0, borderpad=0.1, frameon=False)
        # the zone's flexion edges on the angle panel: the shaded spans are where the knee is between them
        ax = self.axes["angles"]
        for edge in zone:
            line(ax, list(TIME_AXIS_MS), [edge, edge], color=_ZONE_EDGE_COLOUR, lw=1.0, ls=(0, (2, 2)), zorder=2)
        ax.text(TIME_AXIS_MS[0] + 4, zone[1] - 1.5, f"zone {zone[0]:.0f}–{zone[1]:.0f}°", ha="left", va="top",
                fontsize=small - 1, color=_ZONE_EDGE_COLOUR, zorder=2)
        self.zone = PolyCollection([], facecolors=_ZONE_COLOUR, alpha=0.25, edgecolors="none", zorder=1,
                                   transform=fig.transFigure)
        fig.add_artist(self.zone)
        # where the abductors cannot hold the moment: hatched in the tension panel, and said in words
        self.short = PolyCollection([], facecolors="none", edgecolors=_SHORT_COLOUR, hatch="////", linewidths=0.0,
                                    zorder=2, transform=fig.transFigure)
        fig.add_artist(self.short)
        self.short_text = path_label(fig, 0.0, 0.0, "", fontsize=small - 0.5, ha="center", va="center",
                                     color=_SHORT_COLOUR, weight="bold", halo=True, zorder=7)
        # values beyond an axis: a triangle at the edge at each clipped run's extreme, and the value
        self.clip_up = line_in_figure(fig, marker="^", ls="none", ms=7, color="black", zorder=7)
        self.clip_down = line_in_figure(fig, marker="v", ls="none", ms=7, color="black", zorder=7)
        self.clip_text = {name: path_label(fig, 0.0, 0.0, "", fontsize=small - 0.5, ha="right", va="top",
                                           color="black", halo=True, zorder=7) for name in names}
        self.cursor = line_in_figure(fig, color=CURSOR_COLOUR, lw=1.5, zorder=5)
        self.dots = line_in_figure(fig, marker="o", ls="none", ms=6, mfc="white", mec="black", mew=1.2, zorder=6)
        self.artists = [self.zone, self.short, self.curves, self.cursor, self.dots, self.clip_up, self.clip_down,
                        self.short_text, *self.clip_text.values()]
        self.spans: list[tuple[float, float]] = []
        #: the spans (ms) in which the abductors are short, hatched in the tension panel
        self.short_spans: list[tuple[float, float]] = []
        #: (attribute, sample, value) of every clipped run's extreme, for the current lever setting
        self.offscale: list[tuple[str, int, float]] = []

    def to_figure(self, name: str, x: Any, y: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Data coordinates of panel ``name`` (ms, its unit) to figure coordinates."""
        left, bottom, width, height = self.boxes[name]
        (x0, x1), (y0, y1) = TIME_AXIS_MS, AXES[name]
        return (left + (np.asarray(x, dtype=float) - x0) / (x1 - x0) * width,
                bottom + (np.asarray(y, dtype=float) - y0) / (y1 - y0) * height)

    def set_curves(self, r: RunningStanceResult, zone: tuple[float, float]) -> None:
        t = np.asarray(r.time) * 1e3
        segments = []
        up: list[tuple[float, float]] = []
        down: list[tuple[float, float]] = []
        self.offscale = []
        notes: dict[str, list[str]] = {name: [] for name in self.axes}
        for panel, attr, *_ in _SERIES:
            lo, hi = AXES[panel]
            v = np.asarray(getattr(r, attr), dtype=float)
            beyond = off_scale(v, lo, hi)
            segments.append(np.column_stack(self.to_figure(panel, t, np.clip(v, lo, hi) if beyond else v)))
            for k, value in beyond:
                self.offscale.append((attr, k, value))
                xs, ys = self.to_figure(panel, [t[k]], [hi if value > hi else lo])
                (up if value > hi else down).append((float(xs[0]), float(ys[0])))
                notes[panel].append(f"{value:.0f}")
        self.curves.set_segments(segments)
        self.clip_up.set_data([p[0] for p in up], [p[1] for p in up])
        self.clip_down.set_data([p[0] for p in down], [p[1] for p in down])
        self.clip_up.set_visible(bool(up))  # (an invisible artist costs nothing at a frame)
        self.clip_down.set_visible(bool(down))
        for name, label in self.clip_text.items():
            left, bottom, width, height = self.boxes[name]
            label.set_position((left + width - 0.005, bottom + height - 0.004))
            label.set_text(f"off scale: {', '.join(notes[name])}{_UNITS[name]}" if notes[name] else "")
            label.set_visible(bool(notes[name]))
        self.spans = zone_spans(t, np.asarray(r.knee_flexion_deg), zone)
        verts = []
        for name in self.axes:
            for a, b in self.spans:
                xs, ys = self.to_figure(name, [a, b, b, a], [AXES[name][0]] * 2 + [AXES[name][1]] * 2)
                verts.append(np.column_stack([xs, ys]))
        self.zone.set_verts(verts)
        self.short_spans = short_spans(t, np.asarray(r.feasible))
        lo, hi = AXES["tension"]
        boxes = [np.column_stack(self.to_figure("tension", [a, b, b, a], [lo, lo, hi, hi]))
                 for a, b in self.short_spans]
        self.short.set_verts(boxes)
        self.short.set_visible(bool(boxes))
        self.short_text.set_visible(bool(boxes))
        if self.short_spans:
            a, b = self.short_spans[0][0], self.short_spans[-1][1]
            xs, ys = self.to_figure("tension", [0.5 * (a + b)], [lo + 0.5 * (hi - lo)])
            self.short_text.set_position((float(xs[0]), float(ys[0])))
        self.short_text.set_text(SHORT_LABEL if self.short_spans else "")

    def set_instant(self, r: RunningStanceResult, i: int) -> None:
        t = float(r.time[i]) * 1e3
        cx: list[float] = []
        cy: list[float] = []
        dx: list[float] = []
        dy: list[float] = []
        for name in self.axes:
            lo, hi = AXES[name]
            xs, ys = self.to_figure(name, [t, t], [lo, hi])
            cx += [*xs, np.nan]
            cy += [*ys, np.nan]
            values = [min(max(float(getattr(r, attr)[i]), lo), hi) for panel, attr, *_ in _SERIES if panel == name]
            xs, ys = self.to_figure(name, [t] * len(values), values)
            dx += list(xs)
            dy += list(ys)
        self.cursor.set_data(cx, cy)
        self.dots.set_data(dx, dy)


def line_in_figure(fig: Figure, **kw: Any) -> Any:
    """A ``Line2D`` in figure coordinates (``draw.line``'s defaults: no marker cycle)."""
    kw.setdefault("marker", "none")
    kw.setdefault("linestyle", kw.pop("ls", "-"))
    artist = Line2D([], [], transform=fig.transFigure, **kw)
    fig.add_artist(artist)
    return artist


