"""Bar charts of single-leg stance: the abductor groups' forces, and the three forces in body weights.

Each class creates its bars and labels once; ``update`` changes heights, widths and texts in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from ..parameters import Parameters, default_parameters
from ..stance import StanceResult
from . import style
from .labels import path_label

__all__ = ["MuscleForceBars", "ForceBars"]


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
        self.labels = [path_label(ax, float(i), 0, ha="center", va="bottom",
                                  fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1) for i in x]
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
                fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1)
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
        self.labels = [path_label(ax, 0, yi, va="center", ha="left", fontsize=style.EXPLORER_SMALL_FONT_SIZE,
                                  halo_alpha=0.9) for yi in y]
        ax.set_yticks(y, [name for name, _, _ in self.ITEMS])
        ax.set_xlim(0, xmax)
        ax.set_ylim(-0.5, len(y) - 0.2)
        ax.set_xlabel("force (body weights)")
        ax.grid(axis="y", visible=False)
        ax.axvline(1.0, color="black", lw=1.2, ls="--", zorder=1)
        ax.text(1.05, len(y) - 0.62, "1 BW", ha="left", va="bottom", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 2)
        self.xmax = xmax
        self.artists = [*self.bars, *self.labels]

    def update(self, result: StanceResult) -> None:
        bw = float(result.body_weight)
        vals = (float(result.supported_weight) / bw, float(result.total_abductor_force) / bw,
                float(result.hip_contact_force_bw))
        for bar, label, v in zip(self.bars, self.labels, vals, strict=True):
            bar.set_width(min(v, self.xmax))
            label.set_text(f"{v:.2f} BW")
            inside = v > 0.6 * self.xmax  # no room right of the bar: inside it, on a white patch
            label.set_x(min(v, self.xmax) - 0.06 if inside else v + 0.06)
            label.set_horizontalalignment("right" if inside else "left")
            label.set_halo(inside)

