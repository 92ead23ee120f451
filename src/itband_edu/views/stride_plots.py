"""Lesson 07's figure: one running stance phase, at one instant and over time.

:class:`StrideFigure` draws a :class:`~itband_edu.gait.RunningStanceResult` (SYNTHETIC CURVES SHAPED
TO PUBLISHED PEAKS, NEVER MEASURED DATA; the figure says so under its title):

* left, the frontal stick figure (``stick.StickFigure``: pelvic drop, trunk, gluteus medius, TFL and
  the band coloured by its tension) above the knee from the side (``knee.KneeSideView``: the tibia at
  the instant's flexion, turned by the coupled and the foot chain's internal rotation), both at the
  current instant. The stick figure's stance femur stays vertical, as in lessons 02-03, so the hip
  adduction is read from the curves, not from the drawing;
* right, four small panels on one time axis (ms): the angles (knee flexion, hip adduction, pelvic
  drop), the band's tension, the two strains (the band tissue's own, T / (E A), and the whole TFL +
  band path's, the one OpenSim studies call "ITB strain") and the tissue's strain rate. The spans of
  stance in which the knee's flexion lies inside the model's impingement zone
  (``knee_angles.compression_zone``) are shaded in every panel; a cursor marks the instant.

The y-axes are fixed (``AXES``) and hold every setting of the explorer's levers, so that a lever's
effect shows as a change of the curve, never as a rescaled axis (``tests/test_views_stride.py``
sweeps the levers against them).

Speed: axes, ticks, labels and legends are the cached static layer. Everything else is drawn over
it at every frame (declared dynamic): the stick figure, the knee, the cursor and its dots, which move
at every instant, and the curves and the shaded spans, which move only with a lever but would force a
full redraw (about 200 ms of text) if they were static. Curves, spans, cursor and dots are one artist
each across the four panels, in figure coordinates (``_Panels.to_figure``): about 11 ms a time move
and 15 ms a lever move, model included (``benchmarks/explorer_latency.py``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from ..gait import RunningStanceResult
from ..knee import KneeGeometry, KneeResult
from ..knee_angles import compression_zone
from ..parameters import Parameters, default_parameters
from . import style
from .draw import line
from .figure import declare_dynamic
from .knee import KneeSideView
from .labels import path_label
from .stick import StickFigure

if TYPE_CHECKING:
    from ..stance import StanceResult

__all__ = ["StrideFigure", "zone_spans", "instant_index", "default_zone", "AXES", "TIME_AXIS_MS", "FIGSIZE",
           "SYNTHETIC_LABEL"]

#: The stride explorer's figure (inches at 100 dpi): as wide as the other explorers' (it sits beside
#: the 300 px controls column), taller for two drawings and four panels.
FIGSIZE = (5.4, 4.5)
#: The time axis (ms): the longest stance of the levers is 250 / 0.9 = 278 ms (-10 % step rate).
TIME_AXIS_MS = (0.0, 280.0)
#: Fixed y-axes per panel (name -> (low, high)); they hold every lever setting of the explorer (the
#: highest band tension, 1153 N, is the abductors' saturation with weak glutes; strain rate -422 to
#: +623 %/s on a sweep of the levers).
AXES: dict[str, tuple[float, float]] = {
    "angles": (-5.0, 60.0),  # deg (the zone's upper edge, 58 deg, stays on the axes)
    "tension": (0.0, 1200.0),  # N
    "strain": (-1.0, 10.0),  # %
    "strain_rate": (-500.0, 700.0),  # %/s
}
SYNTHETIC_LABEL = "synthetic curves shaped to published peaks, not measured data"
_ZONE_COLOUR = style.OKABE_ITO["orange"]
#: (panel, attribute of RunningStanceResult, legend name, colour, line style), top panel first.
_SERIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("angles", "knee_flexion_deg", "knee flexion", style.OKABE_ITO["black"], "-"),
    ("angles", "hip_adduction_deg", "hip add.", style.OKABE_ITO["blue"], "--"),
    ("angles", "pelvic_drop_deg", "pelvic drop", style.OKABE_ITO["reddish_purple"], ":"),
    ("tension", "itb_tension", "IT band tension", style.ITB_COLOUR, "-"),
    ("strain", "tissue_strain_percent", "band tissue", style.ITB_COLOUR, "-"),
    ("strain", "path_strain_percent", "TFL + band path", style.OKABE_ITO["vermillion"], "--"),
    ("strain_rate", "strain_rate_percent_per_s", "tissue strain rate", style.OKABE_ITO["blue"], "-"),
)
_YLABELS = {"angles": "angle\n(°)", "tension": "tension\n(N)", "strain": "strain\n(%)",
            "strain_rate": "strain rate\n(%/s)"}


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


@lru_cache(maxsize=1)
def default_zone() -> tuple[float, float]:
    """The model's impingement zone (deg) with the default data and no extra tibial rotation, as
    ``knee_angles.stance_time_in_zone`` uses it (cached: one sweep per session)."""
    return compression_zone()


@dataclass(frozen=True)
class _StickInstant:
    """What ``StickFigure.update`` reads from a stance result, at one instant of a running stance."""

    itb_tension: float
    muscle_forces: NDArray[np.float64]
    muscle_names: tuple[str, ...]
    body_weight: float


class _Panels:
    """The four time-series panels, the shaded zone spans and the cursor at the instant.

    Everything that changes is drawn over the cached static layer (axes, ticks, labels, legends):
    the curves and the spans when a lever moves, the cursor and its dots at every instant. The
    curves, the spans, the cursor and the dots of all four panels are one artist each, in figure
    coordinates (``to_figure``; every artist costs a draw call at every frame). ``_SERIES`` gives the
    curves' order in ``curves``."""

    def __init__(self, fig: Figure, rect: tuple[float, float, float, float], zone: tuple[float, float]) -> None:
        left, bottom, width, height = rect
        names = list(AXES)
        gap = 0.045
        h = (height - gap * (len(names) - 1)) / len(names)
        small = style.EXPLORER_SMALL_FONT_SIZE - 2
        self.axes: dict[str, Axes] = {}
        #: each panel's box in figure coordinates (left, bottom, width, height)
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        for k, name in enumerate(names):
            box = (left, bottom + (len(names) - 1 - k) * (h + gap), width, h)
            ax = fig.add_axes(box)
            ax.set_xlim(*TIME_AXIS_MS)
            ax.set_ylim(*AXES[name])
            ax.set_xticks([0, 100, 200])
            ax.tick_params(labelsize=small, length=3, pad=2)
            ax.set_ylabel(_YLABELS[name], fontsize=small, labelpad=2)
            if k < len(names) - 1:
                ax.tick_params(labelbottom=False)
            self.axes[name], self.boxes[name] = ax, box
        self.axes["angles"].set_yticks([0, 20, 40])
        self.axes["tension"].set_yticks([0, 500, 1000])
        self.axes["strain"].set_yticks([0, 5, 10])
        self.axes["strain_rate"].set_yticks([-400, 0, 400])
        self.axes["strain_rate"].set_xlabel("time in stance (ms)", fontsize=small, labelpad=1)
        # the seven curves are one artist (one draw call a frame); the legends name them
        self.curves = LineCollection([], colors=[c for *_, c, _ls in _SERIES], linestyles=[ls for *_, ls in _SERIES],
                                     linewidths=2.0, zorder=3, transform=fig.transFigure)
        fig.add_artist(self.curves)
        for panel in ("angles", "strain"):
            handles = [Line2D([], [], color=c, ls=ls, lw=2.0, label=label) for p, _a, label, c, ls in _SERIES
                       if p == panel]
            self.axes[panel].legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.97), ncol=3,
                                    fontsize=small - 1, handlelength=1.3, columnspacing=0.6, handletextpad=0.3,
                                    borderaxespad=0.0, borderpad=0.1, frameon=False)
        # the zone's flexion edges on the angle panel: the shaded spans are where the knee is between them
        ax = self.axes["angles"]
        for edge in zone:
            line(ax, list(TIME_AXIS_MS), [edge, edge], color=_ZONE_COLOUR, lw=1.2, ls=(0, (3, 2)), zorder=2)
        ax.text(TIME_AXIS_MS[0] + 4, zone[1] - 1.5, f"zone {zone[0]:.0f}–{zone[1]:.0f}°", ha="left", va="top",
                fontsize=small - 1, color="#7a4a00", zorder=2)
        self.zone = PolyCollection([], facecolors=_ZONE_COLOUR, alpha=0.25, edgecolors="none", zorder=1,
                                   transform=fig.transFigure)
        fig.add_artist(self.zone)
        self.cursor = line_in_figure(fig, color=style.OKABE_ITO["vermillion"], lw=1.5, zorder=5)
        self.dots = line_in_figure(fig, marker="o", ls="none", ms=6, mfc="white", mec="black", mew=1.2, zorder=6)
        self.artists = [self.zone, self.curves, self.cursor, self.dots]
        self.spans: list[tuple[float, float]] = []

    def to_figure(self, name: str, x: Any, y: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Data coordinates of panel ``name`` (ms, its unit) to figure coordinates."""
        left, bottom, width, height = self.boxes[name]
        (x0, x1), (y0, y1) = TIME_AXIS_MS, AXES[name]
        return (left + (np.asarray(x, dtype=float) - x0) / (x1 - x0) * width,
                bottom + (np.asarray(y, dtype=float) - y0) / (y1 - y0) * height)

    def set_curves(self, r: RunningStanceResult, zone: tuple[float, float]) -> None:
        t = np.asarray(r.time) * 1e3
        self.curves.set_segments([np.column_stack(self.to_figure(panel, t, getattr(r, attr)))
                                  for panel, attr, *_ in _SERIES])
        self.spans = zone_spans(t, np.asarray(r.knee_flexion_deg), zone)
        verts = []
        for name in self.axes:
            for a, b in self.spans:
                xs, ys = self.to_figure(name, [a, b, b, a], [AXES[name][0]] * 2 + [AXES[name][1]] * 2)
                verts.append(np.column_stack([xs, ys]))
        self.zone.set_verts(verts)

    def set_instant(self, r: RunningStanceResult, i: int) -> None:
        t = float(r.time[i]) * 1e3
        cx: list[float] = []
        cy: list[float] = []
        dx: list[float] = []
        dy: list[float] = []
        for name in self.axes:
            xs, ys = self.to_figure(name, [t, t], list(AXES[name]))
            cx += [*xs, np.nan]
            cy += [*ys, np.nan]
            values = [float(getattr(r, attr)[i]) for panel, attr, *_ in _SERIES if panel == name]
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


class StrideFigure:
    """Lesson 07: the stick figure and the knee at the instant (left), the stance's curves (right)."""

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        p = params or default_parameters()
        self.fig = fig
        self.params = params
        self.geometry = KneeGeometry.from_parameters(p)
        self.zone = default_zone() if params is None else compression_zone(params=p)
        fig.text(0.01, 0.995, "A running stance, instant by instant", fontsize=style.EXPLORER_FONT_SIZE,
                 weight="bold", va="top")
        fig.text(0.01, 0.945, SYNTHETIC_LABEL, fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2, style="italic",
                 va="top", color="#333333")
        ax_stick = fig.add_axes((0.0, 0.5, 0.36, 0.42))
        ax_knee = fig.add_axes((0.0, 0.0, 0.36, 0.45))
        self.stick = StickFigure(ax_stick, arrows=False, params=p)
        self.knee = KneeSideView(ax_knee, self.geometry)
        self.panels = _Panels(fig, (0.51, 0.1, 0.475, 0.76), self.zone)
        small = style.EXPLORER_SMALL_FONT_SIZE - 1
        fig.text(0.02, 0.875, "from the front", fontsize=small - 1, va="top", color="#555555")
        fig.text(0.02, 0.475, "right knee, from the side", fontsize=small - 1, va="top", color="#555555")
        self.time_text = path_label(fig, 0.37, 0.875, fontsize=small, ha="right", va="top",
                                    color=style.OKABE_ITO["vermillion"], weight="bold")
        self.axes = (ax_stick, ax_knee, *self.panels.axes.values())
        self._run: RunningStanceResult | None = None
        self._rotation: NDArray[np.float64] = np.zeros(0)
        self._at_knee = 1.0
        declare_dynamic(fig, [*self.stick.artists, *self.knee.artists, *self.panels.artists, self.time_text])

    def _set_run(self, r: RunningStanceResult) -> None:
        """Once per lever setting: the curves, the zone spans and the knee's whole rotation."""
        self.panels.set_curves(r, self.zone)
        # the tibia's whole internal rotation: coupled to flexion + the foot chain's (as gait passes it)
        self._rotation = np.asarray(r.knee_internal_rotation) + self.geometry.coupled_tibial_rotation(
            np.asarray(r.knee_flexion))
        self._at_knee = self.geometry.tension_past_anchorage
        self._run = r

    def knee_at(self, r: RunningStanceResult, i: int) -> KneeResult:
        """The knee at sample ``i`` of the stance, from the run's own knee arrays (no recomputation)."""
        tension = float(r.itb_tension[i])
        return KneeResult(flexion=float(r.knee_flexion[i]), tibial_rotation=float(self._rotation[i]),
                          itb_tension=tension, tension_at_knee=self._at_knee * tension,
                          band_position=float(r.band_position[i]), wrap_angle=float(r.wrap_angle[i]),
                          compression_force=float(r.compression_force[i]), in_contact=bool(r.in_contact[i]))

    def update(self, result: RunningStanceResult, values: Mapping[str, Any]) -> None:
        if result is not self._run:  # a lever moved (never on a time move: the result is cached)
            self._set_run(result)
        i = instant_index(values["stance_percent"], len(result.time))
        drop = float(result.pelvic_drop_deg[i])
        instant = _StickInstant(float(result.itb_tension[i]), np.asarray(result.muscle_forces[i]),
                                result.muscle_names, result.body_weight)
        # running's trunk lean is in the room; the stick figure's is relative to the pelvis
        self.stick.update(cast("StanceResult", instant), trunk_lean_deg=float(values["trunk_lean_deg"]) + drop,
                          pelvic_drop_deg=drop)
        self.knee.update(self.knee_at(result, i))
        self.panels.set_instant(result, i)
        self.time_text.set_text(f"{1e3 * float(result.time[i]):.0f} ms")
