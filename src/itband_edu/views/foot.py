"""Lesson 05's explorer: from the foot up, rearfoot eversion followed link by link to the IT band.

``foot_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.chain_from_foot`, with the rearfoot eversion and the chain's three coupling
constants as controls. Its figure: the right leg seen from behind (heel, shank, thigh and band, every
angle drawn to scale), two dials seen from above for the rotations of shank and thigh, and a bar of
how much the TFL + band unit lengthens beside the same bar for one-leg stance with a pelvic drop and
for the peak of the running stance (fixed references, so the sizes can be compared).

For the lesson: :func:`orthosis_table` (what less eversion takes off the tibia's rotation),
:func:`chain_table` (the chain's links for a few cases) and :func:`comparison_table` (the unit's
length change and path strain for the foot, a pelvic drop and running), built on
:func:`extra_eversion_change`, :func:`pelvic_drop_length_change` and :func:`running_peak`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon, Rectangle

from ..chain import LIMITS as CHAIN_LIMITS
from ..chain import ChainResult, chain_from_foot
from ..parameters import Parameters, default_parameters
from . import style
from .draw import drawing_axes, line, rot
from .explorer import Control, Explorer, readout_table, slider
from .figure import declare_dynamic
from .labels import path_label
from .foot_cases import (  # noqa: F401 - the lesson imports its cases from here too
    COMPARISON_DROP_DEG,
    FISCHER_SD,
    LENGTH_AXIS_MM,
    OVERPRONATION_EXTRA_DEG,
    ExtraEversion,
    ReferenceEversions,
    as_float,
    RunningPeak,
    chain_table,
    comparison_table,
    extra_eversion_change,
    orthosis_table,
    pelvic_drop_length_change,
    reference_eversions,
    running_peak,
)

__all__ = ["foot_explorer", "FootFigure", "LegFromBehind", "RotationDials", "LengthBars", "chain_table",
           "orthosis_table", "comparison_table", "extra_eversion_change", "ExtraEversion",
           "pelvic_drop_length_change", "running_peak", "RunningPeak", "reference_eversions", "FISCHER_SD",
           "OVERPRONATION_EXTRA_DEG", "COMPARISON_DROP_DEG"]

# ---- the figure ------------------------------------------------------------------------------------

THIGH = 0.42  # m, hip to knee in the drawing
ANKLE = np.array([0.0, -0.84])  # the ankle stays over the planted foot
HEEL_HEIGHT = 0.075


class LegFromBehind:
    """The right leg seen from behind, every angle to scale: lateral is on the viewer's right.

    The heel (calcaneus, with its bisecting line) tilts by the rearfoot eversion about the ankle; the
    thigh adducts about the hip by the chain's hip adduction, carrying the knee medially (left), and
    the shank joins the knee to the ankle, which stays over the planted foot. The band runs from the
    iliac crest down the outside of the thigh to Gerdy's tubercle below the knee. Rotations about
    the long axes cannot be seen from behind: :class:`RotationDials` shows them from above.
    """

    #: where the hip's label goes (data coordinates), and from which hip adduction (deg) it moves to
    #: the lateral side, clear of a thigh that swings medially
    HIP_LABEL_MEDIAL = (-0.33, -0.08)
    HIP_LABEL_LATERAL = (0.255, -0.3)
    HIP_LABEL_LATERAL_FROM_DEG = 12.0

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        drawing_axes(ax, (-0.34, 0.26), (-1.0, 0.2))
        # ground and a pelvis fragment (static): the pelvis reaches medially (left) from the hip
        ground = ANKLE[1] - HEEL_HEIGHT - 0.012
        line(ax, [-0.2, 0.2], [ground, ground], color="black", lw=2, solid_capstyle="butt")
        ax.add_patch(Rectangle((-0.2, ground - 0.03), 0.4, 0.03, facecolor="none", edgecolor="#999999",
                               hatch="///", linewidth=0))
        ax.add_patch(Polygon([(0.085, 0.14), (0.03, 0.17), (-0.1, 0.14), (-0.22, 0.1), (-0.22, 0.02),
                              (-0.09, -0.04), (-0.03, -0.05), (0.05, 0.04)], closed=True, facecolor="#e4e4e4",
                             edgecolor=style.BODY_COLOUR, linewidth=2.0, zorder=2))
        line(ax, [0.0], [0.0], marker="o", ls="none", color="white", mec=style.BODY_COLOUR, mew=2.5, ms=10,
             zorder=6)
        # low on the medial side: near the ankle even a fully adducted leg's shank stays clear of it
        self.view_text = ax.text(-0.33, -0.72, "right leg,\nfrom\nbehind",
                                 fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2, va="top")
        ax.text(0.25, ground - 0.035, "lateral →", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2, ha="right",
                va="top", color="#555555")
        ax.text(-0.33, ground - 0.035, "← medial", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2, ha="left",
                va="top", color="#555555")
        # the neutral leg, dashed, for reference
        line(ax, [0.0, 0.0, ANKLE[0]], [0.0, -THIGH, ANKLE[1]], color="#aaaaaa", lw=1.2, ls="--", zorder=1)
        line(ax, [ANKLE[0], ANKLE[0]], [ANKLE[1], ground], color="#aaaaaa", lw=1.2, ls="--", zorder=1)
        self.leg = line(ax, [], [], color=style.BODY_COLOUR, lw=6, solid_capstyle="round", zorder=3)
        self.knee = line(ax, [], [], marker="o", ls="none", color="white", mec=style.BODY_COLOUR, mew=2.5,
                         ms=9, zorder=6)
        self._heel_local = np.array([(-0.032, 0.0), (0.032, 0.0), (0.036, -0.055), (0.02, -HEEL_HEIGHT),
                                     (-0.02, -HEEL_HEIGHT), (-0.036, -0.055)])
        self.heel = Polygon(self._heel_local + ANKLE, closed=True, facecolor="#e4e4e4",
                            edgecolor=style.BODY_COLOUR, linewidth=2.0, zorder=4)
        ax.add_patch(self.heel)
        self.heel_line = line(ax, [], [], color="black", lw=1.8, zorder=5)
        self.band = line(ax, [], [], color=style.ITB_COLOUR, lw=5, solid_capstyle="round",
                         solid_joinstyle="round", zorder=5)
        self.gerdy = line(ax, [], [], marker="o", ls="none", color=style.ITB_COLOUR, mec="black", mew=1.2,
                          ms=7, zorder=7)
        small = style.EXPLORER_SMALL_FONT_SIZE - 1
        self.heel_text = path_label(ax, 0.075, ANKLE[1] - 0.03, fontsize=small, ha="left", va="center")
        self.hip_text = path_label(ax, *self.HIP_LABEL_MEDIAL, fontsize=small, ha="left", va="top")
        self.artists = [self.leg, self.knee, self.heel, self.heel_line, self.band, self.gerdy, self.heel_text,
                        self.hip_text]

    def update(self, result: ChainResult) -> None:
        add = as_float(result.hip_adduction)
        ev = as_float(result.rearfoot_eversion)
        knee = np.array([-THIGH * math.sin(add), -THIGH * math.cos(add)])  # adduction: the knee moves medially
        self.leg.set_data([0.0, knee[0], ANKLE[0]], [0.0, knee[1], ANKLE[1]])
        self.knee.set_data([knee[0]], [knee[1]])
        # eversion: the heel's underside swings laterally (right) about the ankle; seen from behind
        # that is an anticlockwise turn of the right heel
        self.heel.set_xy(rot(self._heel_local, ev) + ANKLE)
        axis = rot(np.array([[0.0, 0.02], [0.0, -HEEL_HEIGHT - 0.02]]), ev) + ANKLE
        self.heel_line.set_data(axis[:, 0], axis[:, 1])
        # the band: iliac crest, past the greater trochanter, down the lateral thigh to Gerdy's tubercle
        thigh_dir = knee / THIGH
        side = np.array([-thigh_dir[1], thigh_dir[0]])  # lateral, perpendicular to the thigh
        troch = 0.075 * side + 0.03 * thigh_dir
        mid = 0.55 * knee + 0.055 * side
        gerdy = knee + 0.042 * side + 0.045 * thigh_dir
        band = np.array([(0.07, 0.13), troch, mid, knee + 0.05 * side, gerdy])
        self.band.set_data(band[:, 0], band[:, 1])
        self.gerdy.set_data([gerdy[0]], [gerdy[1]])
        self.heel_text.set_text(f"heel everts\n{math.degrees(ev):.1f}°")
        # medial of the thigh below the pelvis; once the thigh swings far in, lateral of the band
        lateral = math.degrees(add) >= self.HIP_LABEL_LATERAL_FROM_DEG
        self.hip_text.set_position(self.HIP_LABEL_LATERAL if lateral else self.HIP_LABEL_MEDIAL)
        self.hip_text.set_horizontalalignment("right" if lateral else "left")
        self.hip_text.set_text(f"hip\nadducts\n{math.degrees(add):.1f}°")


class RotationDials:
    """Shank and thigh seen from above: a needle per bone, turned by its internal rotation (to scale).

    Looking down on the right leg with the toes toward the top of the dial, internal rotation turns
    the front of the bone toward medial, the viewer's left (as in the view from behind). The dashed
    needle is the neutral direction.
    """

    RADIUS = 1.0

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        drawing_axes(ax, (-1.5, 1.5), (-4.9, 1.7))
        self.centres = {"shank": np.array([0.0, -0.6]), "thigh": np.array([0.0, -3.25])}
        small = style.EXPLORER_SMALL_FONT_SIZE - 1
        ax.text(0.0, 1.7, "from above\n(turning in)", ha="center", va="top", fontsize=small)
        self.needles = {}
        self.texts = {}
        for name, c in self.centres.items():
            ax.add_patch(Circle(tuple(c), self.RADIUS, facecolor="white", edgecolor=style.BODY_COLOUR, lw=1.5))
            line(ax, [c[0], c[0]], [c[1], c[1] + self.RADIUS], color="#999999", lw=1.2, ls="--")
            self.needles[name] = line(ax, [], [], color=style.BODY_COLOUR, lw=2.5, marker="o", markevery=[1],
                                      ms=5, zorder=4)
            self.texts[name] = path_label(ax, c[0], c[1] - self.RADIUS - 0.12, fontsize=small, ha="center",
                                          va="top")
        self.artists = [*self.needles.values(), *self.texts.values()]

    def update(self, result: ChainResult) -> None:
        angles = {"shank": as_float(result.tibial_rotation), "thigh": as_float(result.hip_internal_rotation)}
        for name, a in angles.items():
            c = self.centres[name]
            tip = c + self.RADIUS * np.array([-math.sin(a), math.cos(a)])  # internal: toward medial (left)
            self.needles[name].set_data([c[0], tip[0]], [c[1], tip[1]])
            self.texts[name].set_text(f"{name} {math.degrees(a):.1f}°")


class LengthBars:
    """How much the TFL + band unit lengthens (mm): the current foot, a pelvic drop, the running peak.

    Only the first bar moves; the two references are fixed. A value beyond the axis is clipped at its
    edge and written beside the bar.
    """

    def __init__(self, ax: Axes, params: Parameters | None = None) -> None:
        p = params or default_parameters()
        self.ax = ax
        lo, hi = LENGTH_AXIS_MM
        self.lo, self.hi = lo, hi
        drop_mm = 1000 * pelvic_drop_length_change(COMPARISON_DROP_DEG, p)
        run_mm = 1000 * running_peak(params).itb_length_change
        y = np.array([2.0, 1.0, 0.0])
        self.references = {"drop": drop_mm, "running": run_mm}
        self.bar = ax.barh([y[0]], [0.0], height=0.5, color=style.ITB_COLOUR, hatch=style.MUSCLE_HATCHES["itb"],
                           edgecolor="black", linewidth=1.2, zorder=3)[0]
        ax.barh(y[1:], [drop_mm, run_mm], height=0.5, color=["#cccccc", "#888888"], hatch=["", "//"],
                edgecolor="black", linewidth=1.2, zorder=2)
        small = style.EXPLORER_SMALL_FONT_SIZE - 1
        for yi, v in zip(y[1:], (drop_mm, run_mm), strict=True):
            ax.text(v + 0.25, yi, f"{v:.1f} mm", va="center", ha="left", fontsize=small)
        # each bar's name above it, inside the axes (no room for tick labels beside a 540 px figure)
        names = ("this foot (chain)", f"one-leg stance, {COMPARISON_DROP_DEG:.0f}° pelvic drop",
                 "running stance, peak (model)")
        for yi, name in zip(y, names, strict=True):
            ax.text(lo + 0.2, yi + 0.36, name, va="bottom", ha="left", fontsize=small)
        self.label = path_label(ax, 0.25, y[0], fontsize=small, va="center", ha="left", zorder=5)
        ax.set_yticks([])
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.4, 2.85)
        ax.axvline(0.0, color="black", lw=1.2, zorder=4)
        ax.set_xlabel("TFL + band unit lengthens (mm)", fontsize=small)
        ax.tick_params(axis="x", labelsize=small)
        ax.spines["left"].set_visible(False)
        ax.grid(axis="y", visible=False)
        self.artists = [self.bar, self.label]

    def update(self, result: ChainResult) -> None:
        mm = 1000 * as_float(result.itb_length_change)
        shown = min(max(mm, self.lo), self.hi)
        self.bar.set_width(shown)
        clipped = mm > self.hi or mm < self.lo
        text = f"{mm:.1f} mm" + (" (beyond the axis)" if clipped else "")
        if shown > 0.55 * self.hi:  # no room right of the bar: inside it, on a white patch
            self.label.set_x(shown - 0.25)
            self.label.set_horizontalalignment("right")
            self.label.set_halo(True)
        else:
            self.label.set_x(max(shown, 0.0) + 0.25)
            self.label.set_horizontalalignment("left")
            self.label.set_halo(False)
        self.label.set_text(text)


class FootFigure:
    """Lesson 05: the leg from behind (left), rotations from above (middle), length bars (right)."""

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        self.fig = fig
        ax_leg = fig.add_axes((0.0, 0.0, 0.28, 0.92))
        ax_dials = fig.add_axes((0.28, 0.08, 0.16, 0.8))
        ax_bars = fig.add_axes((0.5, 0.3, 0.47, 0.56))
        fig.text(0.01, 0.99, "From the foot up: what reaches the band?", fontsize=style.EXPLORER_FONT_SIZE,
                 weight="bold", va="top")
        fig.text(0.5, 0.1, "all angles drawn to scale", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2,
                 ha="left", va="bottom", color="#555555")
        self.leg = LegFromBehind(ax_leg)
        self.dials = RotationDials(ax_dials)
        self.bars = LengthBars(ax_bars, params=params)
        self.band_text = path_label(fig, 0.5, 0.02, fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1, ha="left",
                                    va="bottom")
        self.axes = (ax_leg, ax_dials, ax_bars)
        declare_dynamic(fig, [*self.leg.artists, *self.dials.artists, *self.bars.artists, self.band_text])

    def update(self, result: ChainResult, values: Mapping[str, Any]) -> None:
        self.leg.update(result)
        self.dials.update(result)
        self.bars.update(result)
        um = 1e6 * as_float(result.band_elongation)
        self.band_text.set_text(f"band's own stretch: {um:.0f} µm" if um >= 1 or um == 0
                                else f"band's own stretch: {um:.1f} µm")


# ---- the explorer ------------------------------------------------------------------------------------

def foot_explorer() -> Explorer:
    """From the foot up: rearfoot eversion through the chain to the TFL + band unit (lesson 05).

    Controls: ``rearfoot_eversion_deg`` (-10 to 20 deg, negative: inversion), and the chain's couplings
    ``eversion_to_tibial_rotation`` (0-1.5 deg/deg, measured: Fischer et al. 2018),
    ``tibial_to_hip_rotation`` (0-1, assumption) and ``tibial_to_hip_adduction`` (0-1 deg/deg,
    assumption), ``preset``. Starts from a neutral foot. ``result`` is a
    :class:`~itband_edu.ChainResult` from :func:`itband_edu.chain_from_foot`.
    """
    p = default_parameters()
    c_et = p.value("chain.eversion_to_tibial_rotation")
    k_rot = p.value("chain.tibial_to_hip_rotation")
    k_add = p.value("chain.tibial_to_hip_adduction")
    ev = reference_eversions(p)
    lo, hi, _unit = CHAIN_LIMITS["rearfoot_eversion_deg"]
    controls = {
        "rearfoot_eversion_deg": Control(
            slider(0.0, lo, hi, 0.01, "Rearfoot eversion", ".2f"), "Rearfoot eversion", "deg",
            "seen from behind, the heel bone leans inward and its underside turns outward, from a neutral foot "
            "(negative: inversion)"),
        "eversion_to_tibial_rotation": Control(
            slider(c_et, *CHAIN_LIMITS["eversion_to_tibial_rotation"][:2], 0.01, "Eversion → tibia", ".2f"),
            "Eversion → tibia", "deg/deg",
            "tibial internal rotation per degree of eversion (measured in cadavers: 0.68, Fischer et al. 2018)"),
        "tibial_to_hip_rotation": Control(
            slider(k_rot, *CHAIN_LIMITS["tibial_to_hip_rotation"][:2], 0.05, "Hip share of rotation", ".2f"),
            "Hip share of rotation", "fraction",
            "share of the tibia's rotation passed up to the hip; the rest turns the knee (assumption: 0.5)"),
        "tibial_to_hip_adduction": Control(
            slider(k_add, *CHAIN_LIMITS["tibial_to_hip_adduction"][:2], 0.05, "Hip adduction per deg", ".2f"),
            "Hip adduction per deg", "deg/deg",
            "hip adduction per degree of tibial rotation (assumption: 0.3)"),
    }
    base = {"rearfoot_eversion_deg": 0.0, "eversion_to_tibial_rotation": c_et, "tibial_to_hip_rotation": k_rot,
            "tibial_to_hip_adduction": k_add}
    presets = {
        "neutral foot": dict(base),
        f"typical running peak ({ev.running_peak:.1f}°)": {**base, "rearfoot_eversion_deg": ev.running_peak},
        f"overpronation ({OVERPRONATION_EXTRA_DEG:.0f}° more than typical)":
            {**base, "rearfoot_eversion_deg": ev.overpronation},
        f"with a medial orthosis (−{ev.orthosis_change:.1f}°)": {**base, "rearfoot_eversion_deg": ev.with_orthosis},
        "stiff coupling (Fischer +1 SD)": {**base, "rearfoot_eversion_deg": ev.running_peak,
                                           "eversion_to_tibial_rotation": round(c_et + FISCHER_SD, 4)},
        "no hip adduction link": {**base, "rearfoot_eversion_deg": ev.running_peak, "tibial_to_hip_adduction": 0.0},
    }

    def compute(v: dict[str, Any]) -> ChainResult:
        return chain_from_foot(v["rearfoot_eversion_deg"], eversion_to_tibial_rotation=v["eversion_to_tibial_rotation"],
                               tibial_to_hip_rotation=v["tibial_to_hip_rotation"],
                               tibial_to_hip_adduction=v["tibial_to_hip_adduction"], params=p)

    def readout(r: ChainResult, v: dict[str, Any]) -> str:
        dl = 1000 * as_float(r.itb_length_change)
        return readout_table([
            ("tibial rotation", f"{as_float(r.tibial_rotation_deg):.2f}° inward"),
            ("hip rotation", f"{as_float(r.hip_internal_rotation_deg):.2f}° inward "
                             f"(knee {as_float(r.knee_internal_rotation_deg):.2f}°)"),
            ("hip adduction", f"{as_float(r.hip_adduction_deg):.2f}°"),
            ("TFL + band unit", f"{dl:+.2f} mm"),
            ("path strain", f"{as_float(r.unit_strain_percent):.2f} %"),
            ("band's own strain", f"{as_float(r.band_strain_percent):.4f} % (relaxed TFL)"),
        ])

    return Explorer(name="foot", title="From the foot up: heel, shank, thigh and band",
                    controls=controls, presets=presets, compute=compute,
                    make_view=lambda fig: FootFigure(fig, params=p), readout=readout)
