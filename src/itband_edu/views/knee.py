"""Lesson 06's explorer: the band's line over the lateral femoral epicondyle as the knee bends.

``knee_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.knee.knee_compression` with the knee's flexion, the band's tension and an extra tibial
rotation as controls, and a menu of activities (``knee_angles.activity_flexion_ranges``). Its figure:

* left, a side (lateral) view of a right knee in millimetres, anterior to the right: the femur's end
  with the lateral epicondyle drawn as a circle of the model's radius centred on E, the tibia turned by
  the flexion angle about the model's flexion axis K, Gerdy's tubercle G, and the band: held on the
  femur down to its anchorage A (the distal Kaplan fibres), then its distal segment A-G, drawn as a
  ribbon of the band's width with its centre line. A dashed tick from E to the centre line shows the
  band's signed position. G and the line come from the model's own ``knee._line`` (which includes the
  internal rotation that goes with flexion and the extra rotation); the tibia's outline is turned by
  the flexion only (its axial rotation cannot be seen from the side);
* right, the compression index (N) against knee flexion 0-120 deg at the tension and rotation of the
  controls, the model's zone (``knee_angles.compression_zone``, at least 90 % of the largest value)
  shaded and labelled in the top right corner (where the curve never reaches), the selected activity's
  flexion range as a bar, and the current flexion marked (a line drawn over the y-axis at 0 deg).

The readout says whether the knee is inside the zone; with no tension it says that nothing presses
(the zone is the geometry's, at any tension). Lesson 06's tables are in ``knee_tables``.

The curve and the zone depend on tension and rotation only: they are recomputed when those change,
never on a flexion move (the hot path moves the tibia, G, the band and the marker). A new rotation
value costs one curve and one ``compression_zone`` sweep (cached per value afterwards).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon, Rectangle

from ..knee import KneeGeometry, KneeResult, _line, knee_compression
from ..knee_angles import activity_flexion_ranges, compression_zone, crossing_angle, peak_compression_angle
from ..parameters import Parameters, default_parameters
from . import style
from .draw import drawing_axes, line
from .explorer import CONTROLS_WIDTH, Control, Explorer, readout_table, slider
from .figure import declare_dynamic
from .knee_tables import OVER_CENTRE_MM
from .labels import path_label

__all__ = ["knee_explorer", "KneeFigure", "KneeSideView", "CompressionCurve", "band_line_mm", "FLEXION_RANGE",
           "TENSION_RANGE", "ROTATION_RANGE", "DEFAULT_TENSION", "CURVE_FLEXION", "COMPRESSION_AXIS_N",
           "position_words"]

#: The explorer's flexion slider and the curve's axis (deg): the activities' ranges all lie inside.
FLEXION_RANGE = (0.0, 120.0)
TENSION_RANGE = (0.0, 600.0)  # N, the band's tension above its anchorage
ROTATION_RANGE = (-10.0, 10.0)  # deg, extra internal rotation of the tibia on top of the coupled one
#: Starting tension (N): a teaching choice of "a few hundred newtons", about half the model's running
#: peak (``gait.running_stance``, about 600 N). It scales the index, not where it peaks.
DEFAULT_TENSION = 300.0
#: Flexion samples of the compression curve (deg).
CURVE_FLEXION = np.arange(FLEXION_RANGE[0], FLEXION_RANGE[1] + 0.5, 1.0)
#: The compression axis (N): fixed so that the static layer stays cached; 600 N with 10 deg of extra
#: rotation peaks at about 109 N with the default geometry.
COMPRESSION_AXIS_N = (0.0, 130.0)


def _f(x: Any) -> float:
    return float(np.asarray(x))


def band_line_mm(flexion_deg: float, rotation_deg: float, g: KneeGeometry
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The band's distal segment in the lateral view (mm, femur frame, E at the origin, x anterior,
    y proximal), from the model's own line (``knee._line``): anchorage A, Gerdy's tubercle G and the
    point P of the line nearest E. ``rotation_deg`` is the tibia's whole internal rotation (coupled +
    extra, ``KneeResult.tibial_rotation``).

    ``_line`` gives the line as (signed distance s of E, fraction lam along A-G of P, length L); with
    E at the origin, -A = lam L u - s n (u along A-G, n its anterior normal), which fixes u, and
    G = A + L u."""
    s, lam, length, _depth = (float(np.asarray(v)) for v in _line(np.asarray(math.radians(flexion_deg)),
                                                                    np.asarray(math.radians(rotation_deg)), g))
    a = np.array([g.anchorage_anterior, g.anchorage_proximal])
    angle = math.atan2(-a[1], -a[0]) - math.atan2(-s, lam * length)
    u = np.array([math.cos(angle), math.sin(angle)])
    return 1e3 * a, 1e3 * (a + length * u), 1e3 * (a + lam * length * u)


def position_words(position_mm: float) -> str:
    """The band's signed position (anterior positive) in words."""
    if abs(position_mm) < OVER_CENTRE_MM:
        return "0.0 mm, over the epicondyle's centre"
    side = "in front of" if position_mm > 0 else "behind"
    return f"{abs(position_mm):.1f} mm {side} the epicondyle"


# ---- the figure ------------------------------------------------------------------------------------

#: The tibia's outline with the knee straight (mm, femur frame): plateau, anterior crest, shaft.
_TIBIA = np.array([(-24.0, -27.0), (27.0, -27.0), (28.0, -36.0), (22.0, -46.0), (14.0, -62.0), (14.0, -78.0),
                   (-14.0, -78.0), (-14.0, -58.0), (-22.0, -44.0), (-26.0, -34.0)])
_FEMUR_TOP = 60.0  # mm, where the femur's shaft leaves the view


class KneeSideView:
    """A right knee from the lateral side, in mm (anterior to the right, proximal up), to scale for the
    model's points: E (origin), the epicondyle's radius, K, A, G and the band's width. The femur's and
    tibia's outlines are schematic."""

    def __init__(self, ax: Axes, g: KneeGeometry) -> None:
        self.ax, self.g = ax, g
        mm = g.in_mm()
        self.k = np.array([mm["flexion_axis_anterior"], mm["flexion_axis_proximal"]])
        self.width = mm["band_width"]
        drawing_axes(ax, (-80.0, 45.0), (-82.0, _FEMUR_TOP))
        small = style.EXPLORER_SMALL_FONT_SIZE - 2
        # femur (static): shaft and lateral condyle, the epicondyle on it
        ax.add_patch(Rectangle((-15.0, 5.0), 30.0, _FEMUR_TOP - 5.0, facecolor="#e4e4e4", edgecolor="none",
                               zorder=1))
        ax.add_patch(Circle((-2.0, -2.0), 25.0, facecolor="#e4e4e4", edgecolor=style.BODY_COLOUR, lw=1.5, zorder=1))
        line(ax, [-15.0, -15.0], [_FEMUR_TOP, 17.0], color=style.BODY_COLOUR, lw=1.5, zorder=1)
        line(ax, [15.0, 15.0], [_FEMUR_TOP, 19.0], color=style.BODY_COLOUR, lw=1.5, zorder=1)
        self.epicondyle = Circle((0.0, 0.0), mm["epicondyle_radius"], facecolor="#bdbdbd",
                                 edgecolor="black", lw=1.5, zorder=2)
        ax.add_patch(self.epicondyle)
        line(ax, [0.0], [0.0], marker="+", ls="none", color="black", ms=7, mew=1.5, zorder=2)
        ax.text(-mm["epicondyle_radius"] - 1.5, -0.5 * mm["epicondyle_radius"], "E", ha="right", va="top",
                fontsize=small, zorder=2)
        # the band proximal to its anchorage, held on the femur (static)
        a = np.array([mm["anchorage_anterior"], mm["anchorage_proximal"]])
        self.a = a
        w2 = self.width / 2
        ax.add_patch(Polygon([(a[0] - w2, _FEMUR_TOP), (a[0] + w2, _FEMUR_TOP), (a[0] + w2, a[1]),
                              (a[0] - w2, a[1])], closed=True, facecolor=style.ITB_COLOUR, alpha=0.35,
                             edgecolor="none", zorder=4))
        line(ax, [a[0], a[0]], [_FEMUR_TOP, a[1]], color=style.ITB_COLOUR, lw=2.5, zorder=5)
        line(ax, [a[0] - w2 - 3, a[0] + w2 + 3], [a[1], a[1]], color="black", lw=1.5, ls=(0, (2, 1.5)), zorder=6)
        # right of the femur's shaft, above A: the flexed tibia swings up behind (left), the band runs below
        ax.text(17.0, a[1] + 1.0, "A (Kaplan\nfibres)", ha="left", va="bottom", fontsize=small)
        ax.text(44.0, -81.0, "front →", ha="right", va="bottom", fontsize=small, color="#555555")
        # moving parts
        self.tibia = Polygon(_TIBIA, closed=True, facecolor="#e4e4e4", edgecolor=style.BODY_COLOUR, lw=1.5, zorder=3)
        ax.add_patch(self.tibia)
        self.ribbon = Polygon(np.zeros((4, 2)), closed=True, facecolor=style.ITB_COLOUR, alpha=0.35,
                              edgecolor="none", zorder=4)
        ax.add_patch(self.ribbon)
        self.band = line(ax, [], [], color=style.ITB_COLOUR, lw=2.5, zorder=5)
        self.offset = line(ax, [], [], color="black", lw=1.2, ls=(0, (2, 1.5)), zorder=6)
        self.gerdy = line(ax, [], [], marker="o", ls="none", color=style.ITB_COLOUR, mec="black", mew=1.2, ms=7,
                          zorder=7)
        self.gerdy_text = path_label(ax, 0.0, 0.0, "G", fontsize=small, ha="left", va="center", zorder=7)
        self.artists = [self.tibia, self.ribbon, self.band, self.offset, self.gerdy, self.gerdy_text]

    def tibia_outline(self, flexion_deg: float) -> np.ndarray:
        """The tibia's outline turned by the flexion about K (distal points move posteriorly)."""
        phi = math.radians(flexion_deg)
        c, s = math.cos(phi), math.sin(phi)
        r = _TIBIA - self.k
        return self.k + np.column_stack([r[:, 0] * c + r[:, 1] * s, -r[:, 0] * s + r[:, 1] * c])

    def update(self, result: KneeResult) -> None:
        flex = _f(result.flexion_deg)
        self.tibia.set_xy(self.tibia_outline(flex))
        a, gt, p = band_line_mm(flex, math.degrees(_f(result.tibial_rotation)), self.g)
        d = (gt - a) / np.linalg.norm(gt - a)
        n = np.array([-d[1], d[0]]) * self.width / 2
        self.ribbon.set_xy(np.array([a - n, a + n, gt + n, gt - n]))
        self.band.set_data([a[0], gt[0]], [a[1], gt[1]])
        self.offset.set_data([0.0, p[0]], [0.0, p[1]])
        self.gerdy.set_data([gt[0]], [gt[1]])
        self.gerdy_text.set_position((gt[0] + 4.0, gt[1] - 4.0))


class CompressionCurve:
    """The compression index (N) against knee flexion at the controls' tension and rotation, with the
    model's zone shaded, an activity's flexion range as a bar and the current flexion marked."""

    TOP_N = 120.0  # the curve is clipped here, below the bar
    BAR_N = 125.0  # the activity bar's height on the compression axis (N), above the curve's ticks
    ZONE_LABEL_XY = (118.0, 117.0)  # deg, N: the zone's label, right-aligned under the bar's level

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        small = style.EXPLORER_SMALL_FONT_SIZE - 1
        lo, hi = COMPRESSION_AXIS_N
        ax.set_xlim(*FLEXION_RANGE)
        ax.set_ylim(lo, hi)
        ax.set_xticks([0, 30, 60, 90, 120])
        ax.set_yticks(np.arange(0.0, 121.0, 20.0))
        ax.set_xlabel("knee flexion (°)", fontsize=small)
        ax.set_ylabel("compression index (N)", fontsize=small)
        ax.tick_params(labelsize=small)
        self.bar_y = self.BAR_N
        self.zone = Polygon(np.zeros((4, 2)), closed=True, facecolor=style.OKABE_ITO["orange"], alpha=0.25,
                            edgecolor="none", zorder=1)
        ax.add_patch(self.zone)
        # the zone's label sits in the top right corner, which the curve never reaches (beyond 95 deg it
        # stays below 60 N at any tension and rotation of the sliders), not on the strip, where it did
        self.zone_text = path_label(ax, self.ZONE_LABEL_XY[0], self.ZONE_LABEL_XY[1], fontsize=small - 1, ha="right",
                                    va="top", color="#7a4a00")
        self.curve = line(ax, [], [], color="black", lw=2.2, zorder=3)
        self.activity = line(ax, [], [], color=style.OKABE_ITO["blue"], lw=6, solid_capstyle="butt", zorder=4)
        # the activity's name above the axes (figure coordinates), in the bar's colour
        self.activity_text = path_label(ax.figure, 0.6, 0.865, fontsize=small - 1, ha="left", va="bottom",
                                        color=style.OKABE_ITO["blue"])
        # unclipped and above the spines: at 0 deg (the knee straight) the line lies on the y-axis
        self.marker_line = line(ax, [], [], color=style.OKABE_ITO["vermillion"], lw=2.0, zorder=5, clip_on=False)
        self.marker = line(ax, [], [], marker="o", ls="none", color=style.OKABE_ITO["vermillion"], mec="black",
                           mew=1.0, ms=8, zorder=6, clip_on=False)
        self.artists = [self.zone, self.zone_text, self.curve, self.activity, self.activity_text, self.marker_line,
                        self.marker]

    def set_curve(self, compression: np.ndarray, zone: tuple[float, float]) -> None:
        lo, hi = COMPRESSION_AXIS_N
        self.curve.set_data(CURVE_FLEXION, np.minimum(compression, self.TOP_N))
        z0, z1 = zone
        self.zone.set_xy(np.array([(z0, lo), (z1, lo), (z1, hi), (z0, hi)]))
        self.zone_text.set_text(f"shaded: zone\n{z0:.0f}–{z1:.0f}°")

    def set_activity(self, name: str, span: tuple[float, float]) -> None:
        self.activity.set_data([span[0], span[1]], [self.bar_y, self.bar_y])
        self.activity_text.set_text(f"bar: {name.split(' (')[0]}, {span[0]:.0f}–{span[1]:.0f}°")

    def set_flexion(self, flexion_deg: float, compression: float) -> None:
        lo, hi = COMPRESSION_AXIS_N
        self.marker_line.set_data([flexion_deg, flexion_deg], [lo, hi])
        self.marker.set_data([flexion_deg], [min(compression, self.TOP_N)])


@lru_cache(maxsize=64)
def _zone(rotation_deg: float) -> tuple[float, float]:
    return compression_zone(tibial_rotation_deg=rotation_deg)


class KneeFigure:
    """Lesson 06: the knee from the side (left), the compression index against flexion (right)."""

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        self.fig = fig
        self.params = params
        self.geometry = KneeGeometry.from_parameters(params)
        self.ranges = activity_flexion_ranges(params)
        ax_knee = fig.add_axes((0.0, 0.0, 0.45, 0.88))
        ax_curve = fig.add_axes((0.6, 0.16, 0.37, 0.68))
        fig.text(0.01, 0.99, "Over the epicondyle: where the band presses", fontsize=style.EXPLORER_FONT_SIZE,
                 weight="bold", va="top")
        fig.text(0.01, 0.9, "right knee, from the side", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2, va="top")
        self.knee = KneeSideView(ax_knee, self.geometry)
        self.curve = CompressionCurve(ax_curve)
        self.axes = (ax_knee, ax_curve)
        self._curve_key: tuple[float, float] | None = None
        self._activity: str | None = None
        declare_dynamic(fig, [*self.knee.artists, *self.curve.artists])

    def zone(self, rotation_deg: float) -> tuple[float, float]:
        """The model's zone (deg) at this extra rotation (default data only; cached per value)."""
        if self.params is None:
            return _zone(float(rotation_deg))
        return compression_zone(tibial_rotation_deg=rotation_deg, params=self.params)

    def update(self, result: KneeResult, values: Mapping[str, Any]) -> None:
        tension, rotation = float(values["itb_tension"]), float(values["tibial_rotation_deg"])
        if self._curve_key != (tension, rotation):  # not on a flexion move
            curve = knee_compression(CURVE_FLEXION, tension, tibial_rotation_deg=rotation, geometry=self.geometry)
            self.curve.set_curve(np.asarray(curve.compression_force), self.zone(rotation))
            self._curve_key = (tension, rotation)
        activity = str(values["activity"])
        if activity != self._activity:
            self.curve.set_activity(activity, self.ranges[activity])
            self._activity = activity
        self.knee.update(result)
        self.curve.set_flexion(_f(result.flexion_deg), _f(result.compression_force))


# ---- the explorer ------------------------------------------------------------------------------------

def knee_explorer() -> Explorer:
    """Over the epicondyle: the band's line and its compression as the knee bends (lesson 06).

    Controls: ``knee_flexion_deg`` (0-120 deg), ``itb_tension`` (0-600 N, the band's tension above its
    anchorage), ``tibial_rotation_deg`` (-10 to 10 deg of internal rotation on top of the one that goes
    with flexion), ``activity`` (an activity of ``activity_flexion_ranges``: its range is drawn on the
    curve), ``preset``. Starts with the knee straight. ``result`` is a :class:`~itband_edu.knee.KneeResult`
    from :func:`itband_edu.knee.knee_compression` (default geometry, data/knee.csv).
    """
    p = default_parameters()
    g = KneeGeometry.from_parameters(p)
    ranges = activity_flexion_ranges(p)
    activities = list(ranges)
    cross = round(crossing_angle(geometry=g), 1)
    peak = round(peak_compression_angle(geometry=g), 1)
    frac = p.value("knee.zone_fraction")
    controls = {
        "knee_flexion_deg": Control(slider(0.0, *FLEXION_RANGE, 0.1, "Knee flexion (deg)"), "Knee flexion", "deg",
                                    "0 = straight knee; the tibia turns back about the flexion axis"),
        "itb_tension": Control(slider(DEFAULT_TENSION, *TENSION_RANGE, 10.0, "Band tension (N)", ".0f"),
                               "Band tension", "N",
                               "the band's tension above its anchorage; half of it passes to the knee (assumption)"),
        "tibial_rotation_deg": Control(slider(0.0, *ROTATION_RANGE, 0.5, "Extra tibial rotation"),
                                       "Extra tibial rotation", "deg",
                                       "internal rotation of the tibia on top of the one that goes with flexion "
                                       "(negative: external)"),
        "activity": Control(W.Dropdown(options=activities, value=activities[0], description="Activity",
                                       style={"description_width": "4em"}, layout=W.Layout(width=CONTROLS_WIDTH)),
                            "Activity", "", "whose knee-flexion range is drawn as a bar on the curve"),
    }
    base = {"itb_tension": DEFAULT_TENSION, "tibial_rotation_deg": 0.0}
    presets: dict[str, dict[str, Any]] = {
        "straight knee": {**base, "knee_flexion_deg": 0.0},
        f"crossing the epicondyle ({cross:.1f}°)": {**base, "knee_flexion_deg": cross},
        f"peak compression ({peak:.1f}°)": {**base, "knee_flexion_deg": peak},
    }
    for name, (lo, hi) in ranges.items():
        presets[f"{name}: middle of its range"] = {**base, "activity": name,
                                                   "knee_flexion_deg": round((lo + hi) / 2, 1)}

    def compute(v: dict[str, Any]) -> KneeResult:
        return knee_compression(v["knee_flexion_deg"], v["itb_tension"], tibial_rotation_deg=v["tibial_rotation_deg"],
                                geometry=g)

    def readout(r: KneeResult, v: dict[str, Any]) -> str:
        z0, z1 = _zone(float(v["tibial_rotation_deg"]))
        flex = _f(r.flexion_deg)
        if float(v["itb_tension"]) <= 0.0:  # the zone is the geometry's; with no tension nothing presses
            where = "no tension, so no compression anywhere"
        else:
            where = f"the knee is {'inside' if z0 <= flex <= z1 else 'outside'}"
        return readout_table([
            ("knee flexion", f"{flex:.1f}°"),
            ("band's centre line", position_words(_f(r.band_position_mm))),
            ("band touches the epicondyle", "yes" if bool(r.in_contact) else "no"),
            ("compression index", f"{_f(r.compression_force):.1f} N"),
            (f"zone (≥ {100 * frac:.0f} % of the peak)", f"{z0:.0f}–{z1:.0f}°, {where}"),
        ])

    return Explorer(name="knee", title="Over the epicondyle: the band as the knee bends",
                    controls=controls, presets=presets, compute=compute,
                    make_view=KneeFigure, readout=readout)
