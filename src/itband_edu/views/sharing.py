"""Lesson 03's explorer: who pulls on the band when the glutes are weak, the trunk leans or the
pelvis drops.

``sharing_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.single_leg_stance` with the strengths of gluteus medius and upper gluteus maximus
as controls. Its figure: the four abductor groups' forces inside their maximum (left), the stick
figure with the band coloured by its tension (right).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import ipywidgets as W
from matplotlib.figure import Figure

from ..parameters import Parameters
from ..stance import StanceResult, single_leg_stance
from . import style
from .bars import MuscleForceBars
from .labels import path_label
from .explorer import Control, Explorer, readout_table, slider
from .figure import declare_dynamic
from .stance import deficit_text, posture_controls
from .stick import StickFigure

__all__ = ["sharing_explorer", "SharingFigure"]



class SharingFigure:
    """Lesson 03: forces of the four abductor groups (left), stick figure with the band (right)."""

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        self.fig = fig
        ax_bars = fig.add_axes((0.13, 0.16, 0.5, 0.7))
        ax_fig = fig.add_axes((0.62, 0.0, 0.26, 1.0))
        ax_cbar = fig.add_axes((0.89, 0.2, 0.022, 0.6))
        fig.text(0.01, 0.99, "Who supplies the hip-abduction moment?", fontsize=style.EXPLORER_FONT_SIZE,
                 weight="bold", va="top")
        self.bars = MuscleForceBars(ax_bars, params=params)
        self.stick = StickFigure(ax_fig, arrows=False, colorbar_ax=ax_cbar, xlim=(-0.3, 0.3), params=params)
        self.warning = path_label(fig, 0.14, 0.84, fontsize=style.EXPLORER_SMALL_FONT_SIZE, ha="left", va="top",
                                  color=style.OKABE_ITO["vermillion"], weight="bold")
        self.axes = (ax_bars, ax_fig, ax_cbar)
        declare_dynamic(fig, [*self.stick.artists, *self.bars.artists, self.warning])

    def update(self, result: StanceResult, values: Mapping[str, Any]) -> None:
        self.bars.update(result, values)
        self.stick.update(result, trunk_lean_deg=float(values.get("trunk_lean_deg", 0.0)),
                          pelvic_drop_deg=float(values.get("pelvic_drop_deg", 0.0)))
        self.warning.set_text(deficit_text(result))




#: The sharing rules the explorer offers: sum of activations squared (the course's default) or cubed
#: (Crowninshield & Brand 1981's cubed muscle stresses).
RULES = (("squared activations (p = 2)", 2.0), ("cubed, Crowninshield & Brand (p = 3)", 3.0))


@lru_cache(maxsize=4)
def _healthy_itb(exponent: float = 2.0) -> float:
    """ITB tension (N) of the healthy stance under a sharing rule, the reference for "x healthy"."""
    return float(single_leg_stance(activation_exponent=exponent).itb_tension)


def sharing_explorer() -> Explorer:
    """Who pulls on the band: abductor force sharing with weak glutes, trunk lean, pelvic drop (lesson 03).

    Controls: ``glute_med_strength`` and ``glute_max_strength`` (0.1-1.5 x normal),
    ``trunk_lean_deg`` (-10 to 20 deg, relative to the pelvis), ``pelvic_drop_deg`` (-5 to 15 deg),
    ``rule`` (the sharing criterion's exponent: 2.0 or 3.0), ``preset``. Body mass is 75 kg.
    ``result`` is a :class:`~itband_edu.StanceResult`.
    """
    controls = {
        "glute_med_strength": Control(slider(1.0, 0.1, 1.5, 0.05, "Glute med strength", ".2f"),
                                      "Glute med strength", "x normal", "gluteus medius maximum force, 1 = normal"),
        "glute_max_strength": Control(slider(1.0, 0.1, 1.5, 0.05, "Glute max strength", ".2f"),
                                      "Glute max strength", "x normal",
                                      "upper gluteus maximus maximum force, 1 = normal"),
        **posture_controls(),
        "rule": Control(W.Dropdown(options=list(RULES), value=2.0, description="Sharing rule",
                                   style={"description_width": "6em"}, layout=W.Layout(width="300px")),
                        "Sharing rule", "", "which sum of activations the muscles minimise: squared or cubed"),
    }
    base = {"glute_med_strength": 1.0, "glute_max_strength": 1.0, "trunk_lean_deg": 0.0, "pelvic_drop_deg": 0.0,
            "rule": 2.0}
    presets = {
        "healthy": dict(base),
        "weak gluteus medius": {**base, "glute_med_strength": 0.5},
        "very weak gluteus medius": {**base, "glute_med_strength": 0.25},
        "weak glute med + trunk lean": {**base, "glute_med_strength": 0.5, "trunk_lean_deg": 10.0},
        "weak glute med + pelvic drop": {**base, "glute_med_strength": 0.5, "pelvic_drop_deg": 8.0},
        "weak glute med + pelvic drop, trunk upright": {**base, "glute_med_strength": 0.5, "pelvic_drop_deg": 8.0,
                                                        "trunk_lean_deg": 8.0},
    }

    def compute(v: dict[str, Any]) -> StanceResult:
        return single_leg_stance(75.0, glute_med_strength=v["glute_med_strength"],
                                 glute_max_strength=v["glute_max_strength"],
                                 trunk_lean_deg=v["trunk_lean_deg"], pelvic_drop_deg=v["pelvic_drop_deg"],
                                 activation_exponent=v["rule"])

    def readout(r: StanceResult, v: dict[str, Any]) -> str:
        itb = float(r.itb_tension)
        i_tfl = r.muscle_names.index("tensor_fasciae_latae")
        if bool(r.feasible):
            used = float(r.required_moment) / float(r.abductor_capacity) if float(r.abductor_capacity) > 0 else 0.0
            can = f"✓ yes, using {100 * used:.0f} % of their capacity"
        else:
            can = (f"✗ no: {float(r.moment_deficit):.1f} N m missing "
                   "(the pelvis would drop or the trunk lean)")
        return readout_table([
            ("IT band tension", f"{itb:.0f} N ({itb / _healthy_itb(v['rule']):.1f} × healthy)"),
            ("TFL force",
             f"{float(r.muscle_forces[i_tfl]):.0f} N, activation {100 * float(r.activations[i_tfl]):.0f} %"),
            ("can the abductors hold the pelvis?", can),
        ])

    return Explorer(name="sharing", title="Who pulls on the band? Weak glutes, trunk lean, pelvic drop",
                    controls=controls, presets=presets, compute=compute, make_view=SharingFigure,
                    readout=readout)
