"""Lesson 02's explorer: standing on the right leg, the pelvis as a lever.

``stance_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.single_leg_stance`. Its figure: the stick figure with the three forces on the body
above the stance hip and the lever arm d (left), the forces as bars in body weights (right).
The posture controls (trunk lean, pelvic drop) are shared with the sharing explorer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from ..parameters import Parameters
from ..stance import StanceResult, single_leg_stance
from . import style
from .bars import ForceBars
from .labels import path_label
from .explorer import Control, Explorer, readout_table, slider
from .figure import declare_dynamic
from .stick import StickFigure

__all__ = ["stance_explorer", "StanceFigure", "posture_controls", "deficit_text"]



class StanceFigure:
    """Lesson 02: stick figure with the forces (left), the forces as bars in body weights (right)."""

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        self.fig = fig
        ax_fig = fig.add_axes((0.0, 0.0, 0.5, 1.0))
        ax_bars = fig.add_axes((0.70, 0.36, 0.25, 0.44))
        small = style.EXPLORER_SMALL_FONT_SIZE
        fig.text(0.52, 0.99, "Forces on the pelvis", fontsize=style.EXPLORER_FONT_SIZE, weight="bold", va="top")
        self.stick = StickFigure(ax_fig, arrows=True, params=params)
        self.bars = ForceBars(ax_bars, xmax=4.5)
        fig.text(0.52, 0.1, "moment needed  M = W′ × d", fontsize=small, ha="left", va="bottom")
        self.moment_text = path_label(fig, 0.52, 0.02, fontsize=small, ha="left", va="bottom")
        self.warning = path_label(fig, 0.52, 0.91, fontsize=small, ha="left", va="top",
                                  color=style.OKABE_ITO["vermillion"], weight="bold")
        self.axes = (ax_fig, ax_bars)
        declare_dynamic(fig, [*self.stick.artists, *self.bars.artists, self.moment_text, self.warning])

    def update(self, result: StanceResult, values: Mapping[str, Any]) -> None:
        self.stick.update(result, trunk_lean_deg=float(values.get("trunk_lean_deg", 0.0)),
                          pelvic_drop_deg=float(values.get("pelvic_drop_deg", 0.0)))
        self.bars.update(result)
        self.moment_text.set_text(
            f"= {float(result.supported_weight):.0f} N × "
            f"{float(result.weight_lever) * 100:.1f} cm = {float(result.required_moment):.1f} N m")
        self.warning.set_text(deficit_text(result))



def deficit_text(result: StanceResult) -> str:
    if bool(result.feasible):
        return ""
    return (f"✗ abductors at their maximum: {float(result.moment_deficit):.0f} N m missing\n"
            "  (in life the pelvis would drop or the trunk lean)")


def posture_controls() -> dict[str, Control]:
    return {
        "trunk_lean_deg": Control(slider(0.0, -10.0, 20.0, 0.5, "Trunk lean (deg)"), "Trunk lean", "deg",
                                  "sideways lean toward the stance leg, relative to the pelvis (negative: away)"),
        "pelvic_drop_deg": Control(slider(0.0, -5.0, 15.0, 0.5, "Pelvic drop (deg)"), "Pelvic drop", "deg",
                                   "the swing-leg side of the pelvis drops (negative: hikes)"),
    }


def stance_explorer() -> Explorer:
    """Standing on the right leg: the pelvis as a lever (lesson 02).

    Controls: ``body_mass`` (40-150 kg), ``trunk_lean_deg`` (-10 to 20 deg), ``pelvic_drop_deg``
    (-5 to 15 deg), ``preset``. ``result`` is a :class:`~itband_edu.StanceResult` from
    :func:`itband_edu.single_leg_stance`.
    """
    controls = {
        "body_mass": Control(slider(75.0, 40.0, 150.0, 1.0, "Body mass (kg)", ".0f"), "Body mass", "kg",
                             "the whole body"),
        **posture_controls(),
    }
    presets = {
        "level pelvis": {"body_mass": 75.0, "trunk_lean_deg": 0.0, "pelvic_drop_deg": 0.0},
        "trunk lean toward stance leg": {"body_mass": 75.0, "trunk_lean_deg": 10.0, "pelvic_drop_deg": 0.0},
        "pelvic drop, trunk turns with the pelvis (Trendelenburg)": {"body_mass": 75.0, "trunk_lean_deg": 0.0,
                                                                     "pelvic_drop_deg": 8.0},
        "pelvic drop, trunk kept upright (compensated)": {"body_mass": 75.0, "trunk_lean_deg": 8.0,
                                                          "pelvic_drop_deg": 8.0},
    }

    def compute(v: dict[str, Any]) -> StanceResult:
        return single_leg_stance(body_mass=v["body_mass"], trunk_lean_deg=v["trunk_lean_deg"],
                                 pelvic_drop_deg=v["pelvic_drop_deg"])

    def readout(r: StanceResult, v: dict[str, Any]) -> str:
        bw = float(r.body_weight)
        rows = [
            ("hip-abduction moment needed", f"{float(r.required_moment):.1f} N m"),
            ("abductor force",
             f"{float(r.total_abductor_force) / bw:.2f} BW ({float(r.total_abductor_force):.0f} N)"),
            ("hip contact force",
             f"{float(r.hip_contact_force_bw):.2f} BW, {r.hip_contact_angle_deg:.1f}° from vertical"),
            ("IT band tension", f"{float(r.itb_tension):.0f} N"),
        ]
        if not bool(r.feasible):
            rows.append(("abductors", f"✗ at maximum, {float(r.moment_deficit):.1f} N m missing"))
        return readout_table(rows)

    return Explorer(name="stance", title="Standing on one leg: the pelvis as a lever", controls=controls,
                    presets=presets, compute=compute, make_view=StanceFigure, readout=readout)
