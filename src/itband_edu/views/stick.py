"""The frontal-plane stick figure in single-leg stance, shared by the stance and sharing explorers.

Drawn from the front: the learner's right leg is in stance and appears on the viewer's left, so
"lateral" is to the left of the stance hip and "medial" to its right. Units: the model is SI; the
drawing is in metres, forces are drawn at ``ARROW_M_PER_BW`` metres per body weight.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrow, Polygon, Rectangle

from ..parameters import Parameters, default_parameters
from ..stance import StanceResult
from . import style
from .draw import NAN, drawing_axes, line, polyline, rot, text_marker
from .labels import path_label

__all__ = ["StickFigure", "ARROW_M_PER_BW", "TENSION_MAX"]

#: Length of a force arrow per body weight, in metres of the drawing.
ARROW_M_PER_BW = 0.1
#: Band tension (N) at the dark end of the colour map and for the widest line.
TENSION_MAX = 1500.0


class StickFigure:
    """Frontal-plane stick figure in single-leg stance on the right leg (viewer's left).

    Draws the pelvis (rotated by the pelvic drop about the stance hip), the stance femur, tibia and foot
    (fixed: the model keeps the stance femur vertical), the swing leg, the trunk (turning with the
    pelvis, and leaning by ``trunk_lean_deg`` relative to it toward the stance side), the head, the TFL
    and gluteus medius (line width grows with their force), and the IT band along the lateral thigh,
    coloured and thickened by its tension, with its value written beside it. With ``arrows=True`` also
    the three forces on the body above the stance hip, in body weights (BW): the supported weight W' at
    its centre of mass, the abductor pull and the hip contact force, and the lever arm d of W'.

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
        drawing_axes(ax, xlim, (-0.64, 0.56))

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
        line(ax, [-0.2, 0.16], [ground_y, ground_y], color="black", lw=2, solid_capstyle="butt")
        ax.add_patch(Rectangle((-0.2, ground_y - 0.03), 0.36, 0.03, facecolor="none",
                               edgecolor="#999999", hatch="///", linewidth=0))
        # stance leg (fixed): femoral neck and shaft, tibia, foot
        knee = (-0.032, -0.29)
        stance = polyline(
            [(0, 0), self._trochanter + (0.005, 0.0), knee],
            [knee, (-0.035, -0.565)],
            [(-0.07, ground_y + 0.01), (-0.035, -0.572), (0.03, ground_y + 0.01)],
        )
        line(ax, stance[:, 0], stance[:, 1], color=style.BODY_COLOUR, lw=5, solid_capstyle="round")
        line(ax, [knee[0]], [knee[1]], marker="o", ls="none", color="white", mec=style.BODY_COLOUR, mew=2.5, ms=9,
              zorder=4)
        self.pelvis = Polygon(self._pelvis_local, closed=True, facecolor="#e4e4e4",
                              edgecolor=style.BODY_COLOUR, linewidth=2.5, zorder=2)
        ax.add_patch(self.pelvis)
        self.hips = line(ax, [0, d], [0, 0], marker="o", ls="none", color="white", mec=style.BODY_COLOUR,
                          mew=2.5, ms=11, zorder=4)
        self.body = line(ax, [], [], color=style.BODY_COLOUR, lw=5, solid_capstyle="round", zorder=3)
        self.head = Circle((d / 2, 0.45), 0.06, facecolor="#e4e4e4", edgecolor=style.BODY_COLOUR,
                           linewidth=2.5, zorder=3)
        ax.add_patch(self.head)
        # muscles: line width grows with force, so their work is visible without colour
        self.gmed = line(ax, [], [], color=style.GLUTE_MED_COLOUR, lw=4, alpha=0.85, solid_capstyle="round",
                          zorder=5)
        self.tfl = line(ax, [], [], color=style.TFL_COLOUR, lw=4, solid_capstyle="round", zorder=6)
        self.band = line(ax, [], [], lw=5, solid_capstyle="round", solid_joinstyle="round", zorder=5)
        self.band_text = path_label(ax, -0.12 if arrows else -0.135, -0.3 if arrows else -0.2, ha="right",
                                    va="center",
                                    fontsize=style.EXPLORER_SMALL_FONT_SIZE, color="black", zorder=7)
        self.colorbar = None
        self.colorbar_mark = None
        if colorbar_ax is not None:
            sm = mpl.cm.ScalarMappable(norm=self.norm, cmap=self.cmap)
            self.colorbar = ax.figure.colorbar(sm, cax=colorbar_ax)
            self.colorbar.set_label("IT band tension (N)", fontsize=style.EXPLORER_SMALL_FONT_SIZE)
            self.colorbar.set_ticks([0, 500, 1000, 1500])
            colorbar_ax.tick_params(labelsize=style.EXPLORER_SMALL_FONT_SIZE - 1)
            self.colorbar_mark = line(colorbar_ax, [-0.6, 1.0], [0, 0], color="black", lw=3, marker=">",
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
            self.com = line(ax, [], [], marker="o", ls="none", ms=13, color="white", mec="black", mew=2.5,
                             zorder=9)
            self.com_dot = line(ax, [], [], marker="+", ls="none", ms=13, color="black", mew=2.5, zorder=10)
            self.lever_lines = line(ax, [], [], color="black", lw=1.5, ls=":", zorder=3)
            self.lever_dim = line(ax, [], [], color="black", lw=2, marker="|", ms=12, mew=2, zorder=9)
            # names only (values are on the bars): drawn as marker paths, cheap to move
            self.lever_text = text_marker(ax, "d", ha="center", va="top", zorder=9)
            self.weight_text = text_marker(ax, "W′", ha="left", zorder=9)
            self.abductor_text = text_marker(ax, "abductors", ha="right", color=style.ABDUCTOR_COLOUR, zorder=9)
            self.contact_text = text_marker(ax, "hip contact", ha="right", zorder=9)
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
        # the lean is relative to the pelvis, which turns by the drop (stance.py): in the room the
        # trunk leans toward the stance side by lean - drop (lean = drop: upright, compensated)
        lean = math.radians(trunk_lean_deg - pelvic_drop_deg)
        turn = -drop  # contralateral drop: the swing side goes down, clockwise about the stance hip
        self.pelvis.set_xy(rot(self._pelvis_local, turn))
        swing_hip = rot(np.array([[d, 0.0]]), turn)[0]
        self.hips.set_data([0.0, swing_hip[0]], [0.0, swing_hip[1]])
        base = rot(self._sacrum_top[None, :], turn)[0]
        up = np.array([-math.sin(lean), math.cos(lean)])  # trunk axis, leaning toward the stance side
        side = np.array([up[1], -up[0]])
        neck = base + 0.3 * up
        shoulder_r, shoulder_l = neck - 0.02 * up - 0.13 * side, neck - 0.02 * up + 0.13 * side
        knee_l = swing_hip + (0.01, -0.28)
        body = polyline(
            [base, neck],
            [shoulder_r, shoulder_l],
            [shoulder_r, shoulder_r - 0.3 * up - 0.02 * side],  # arms hang along the trunk
            [shoulder_l, shoulder_l - 0.3 * up + 0.02 * side],
            [swing_hip, knee_l, knee_l + (-0.005, -0.2), knee_l + (0.05, -0.215)],  # knee bent, foot up
        )
        self.body.set_data(body[:, 0], body[:, 1])
        self.head.set_center(tuple(neck + 0.075 * up))

        crest, asis, gmed_o = (rot(v[None, :], turn)[0] for v in (self._crest_r, self._asis_r, self._gmed_origin))
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

