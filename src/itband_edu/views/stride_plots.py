"""Lesson 07's figure: one running stance phase, at one instant and over time.

:class:`StrideFigure` draws a :class:`~itband_edu.gait.RunningStanceResult` (SYNTHETIC CURVES SHAPED
TO PUBLISHED PEAKS, NEVER MEASURED DATA; the figure says so under its title):

* left, the frontal stick figure (``stick.StickFigure``: pelvic drop, trunk, gluteus medius in blue,
  TFL in vermillion, the band coloured by its tension; a colour key names them) above the knee from
  the side (``knee.KneeSideView``: the tibia at the instant's flexion, turned by the coupled and the
  foot chain's internal rotation), both at the current instant. The stick figure's stance femur stays
  vertical, as in lessons 02-03, so the hip adduction is read from the curves, not from the drawing;
* right, five small panels on one time axis (ms): the angles (knee flexion, hip adduction, pelvic
  drop), the band's tension, the two strains (the band tissue's own, T / (E A), green, and the whole
  TFL + band path's, vermillion, the one OpenSim studies call "ITB strain") and their two rates, each
  in its own panel: the tissue strain rate and the path strain rate (the one comparable with Hamill et
  al. 2008's "ITB strain rate"). The spans of stance in which the knee's flexion lies inside the
  model's impingement zone (``knee_angles.compression_zone``) are shaded in every panel; the spans in
  which the abductors cannot hold the hip moment (``feasible`` false) are hatched in the tension panel
  and labelled "abductors short"; a grey cursor marks the instant.

The y-axes are fixed (``AXES``), so that a lever's effect shows as a change of the curve, never as a
rescaled axis. They are sized for the settings the model can hold, not for the extremes: the tissue
strain rate's axis (-200 to 300 %/s) holds every lever moved alone from the start (its feasible
settings reach -150 to +211 %/s), so the lesson's 99 to 103 %/s change is visible; near a muscle's
ceiling some combinations of levers (up to about 350 %/s while still feasible, 620 %/s when not)
leave it. Whatever leaves a panel is clipped at its edge and marked there (a triangle at the clipped
run's extreme, and "off scale: ..." with the value in the panel); ``tests/test_views_stride.py``
sweeps the levers against the axes and the markers.

Speed: axes, ticks, labels and legends are the cached static layer. Everything else is drawn over
it at every frame (declared dynamic): the stick figure, the knee, the cursor and its dots, which move
at every instant, and the curves, the shaded and hatched spans and the off-scale marks, which move
only with a lever but would force a full redraw (about 200 ms of text) if they were static. Curves,
spans, cursor and dots are one artist each across the five panels, in figure coordinates
(``Panels.to_figure``); changing labels are ``PathLabel``s (``labels.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray

from ..gait import RunningStanceResult
from ..knee import KneeGeometry, KneeResult
from ..knee_angles import compression_zone
from ..parameters import Parameters, default_parameters
from . import style
from .figure import declare_dynamic
from .knee import KneeSideView
from .labels import path_label
from .stick import StickFigure

if TYPE_CHECKING:
    from ..stance import StanceResult

__all__ = ["StrideFigure", "zone_spans", "short_spans", "off_scale", "instant_index", "default_zone", "AXES",
           "TIME_AXIS_MS", "FIGSIZE", "SYNTHETIC_LABEL", "CURSOR_COLOUR", "SHORT_LABEL"]

from .stride_panels import (AXES, CURSOR_COLOUR, FIGSIZE, SHORT_LABEL, SYNTHETIC_LABEL, TIME_AXIS_MS, Panels,
                            default_zone, instant_index, off_scale, short_spans, zone_spans)


@dataclass(frozen=True)
class _StickInstant:
    """What ``StickFigure.update`` reads from a stance result, at one instant of a running stance."""

    itb_tension: float
    muscle_forces: NDArray[np.float64]
    muscle_names: tuple[str, ...]
    body_weight: float


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
        fig.text(0.01, 0.95, SYNTHETIC_LABEL, fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2, style="italic",
                 va="top", color="#333333")
        ax_stick = fig.add_axes((0.0, 0.5, 0.36, 0.4))
        ax_knee = fig.add_axes((0.0, 0.0, 0.36, 0.45))
        self.stick = StickFigure(ax_stick, arrows=False, params=p)
        self.knee = KneeSideView(ax_knee, self.geometry)
        self.panels = Panels(fig, (0.51, 0.085, 0.475, 0.79), self.zone)
        small = style.EXPLORER_SMALL_FONT_SIZE - 1
        fig.text(0.02, 0.895, "from the front", fontsize=small - 1, va="top", color="#555555")
        # the colour key of the stick figure's muscles (the band's colour is its tension)
        fig.text(0.02, 0.86, "gluteus medius", fontsize=small - 2, va="top", color=style.GLUTE_MED_COLOUR,
                 weight="bold")
        fig.text(0.02, 0.825, "TFL", fontsize=small - 2, va="top", color=style.TFL_COLOUR, weight="bold")
        fig.text(0.02, 0.475, "right knee, from the side", fontsize=small - 1, va="top", color="#555555")
        self.time_text = path_label(fig, 0.37, 0.895, fontsize=small, ha="right", va="top", color="#333333",
                                    weight="bold")
        self.axes = (ax_stick, ax_knee, *self.panels.axes.values())
        self._run: RunningStanceResult | None = None
        self._rotation: NDArray[np.float64] = np.zeros(0)
        self._at_knee = 1.0
        declare_dynamic(fig, [*self.stick.artists, *self.knee.artists, *self.panels.artists, self.time_text])

    def _set_run(self, r: RunningStanceResult) -> None:
        """Once per lever setting: the curves, the spans, the marks and the knee's whole rotation."""
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
