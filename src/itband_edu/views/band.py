"""Lesson 01's explorer: stretch or pull the TFL + IT band unit; band, muscle and rubber strain.

``band_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.band_stretch`. Its figure: the strain of band, relaxed muscle and a same-size rubber
band on a log axis (left), and who takes the lengthening (right).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import ipywidgets as W
import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..parameters import default_parameters
from ..stance import single_leg_stance
from ..tissue import BandStretchResult, band_stretch
from . import style
from .labels import path_label
from .explorer import Control, Explorer, readout_table, slider
from .figure import declare_dynamic

__all__ = ["band_explorer", "BandFigure", "StrainBars", "StretchShareBars", "clinical_stretch_mm",
           "CLINICAL_STRETCH_ADDUCTION_DEG"]

# An Ober-type stretch takes the hip about 20 deg into adduction; the TFL + band unit lengthens by
# the integral of its moment arm over that angle (Muscle.length_change, the same path the model uses
# for the passive band tension): about 15.4 mm, less than 5.32 cm x 0.35 rad because the TFL's
# moment arm shrinks as the hip adducts (Rajagopal et al. 2016).
CLINICAL_STRETCH_ADDUCTION_DEG = 20.0


def clinical_stretch_mm() -> float:
    """Stretch (mm) of the TFL + band unit in the explorer's "clinical stretch" preset."""
    tfl = default_parameters().muscle("tensor_fasciae_latae")
    return float(tfl.length_change(math.radians(CLINICAL_STRETCH_ADDUCTION_DEG))) * 1000.0


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
        self.labels = [path_label(ax, self.FLOOR, yi, va="center", fontsize=style.EXPLORER_SMALL_FONT_SIZE,
                                  halo_alpha=0.85) for yi in y]
        self.artists = [*self.bars, *self.labels]

    def update(self, result: BandStretchResult) -> None:
        vals = (float(result.band_strain_percent), float(result.muscle_strain_percent),
                float(result.rubber_strain_percent))
        for bar, label, v in zip(self.bars, self.labels, vals, strict=True):
            shown = min(max(v, self.FLOOR), self.xmax)
            bar.set_width(shown - self.FLOOR)
            label.set_text(_percent(v))
            inside = shown > 100  # no room right of the bar: write it inside, right-aligned, on a white patch
            label.set_x(shown / 1.3 if inside else shown * 1.3)
            label.set_horizontalalignment("right" if inside else "left")
            label.set_halo(inside)


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
        self.stiff = ax.barh(y, [0.0, 0.0], height=0.42, edgecolor="black", linewidth=1.2,
                             color=[style.ITB_COLOUR, style.RUBBER_COLOUR],
                             hatch=[style.MUSCLE_HATCHES["itb"], style.MUSCLE_HATCHES["rubber"]])
        self.muscle = ax.barh(y, [100.0, 100.0], height=0.42, edgecolor="black", linewidth=1.2,
                              color=style.TFL_COLOUR, hatch=style.MUSCLE_HATCHES["tensor_fasciae_latae"])
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.3, 1.8)
        ax.set_yticks(y, ["TFL +\nIT band", "TFL +\nrubber"])
        ax.set_xticks([0, 50, 100], ["0 %", "50 %", "100 %"])
        ax.grid(axis="y", visible=False)
        box = dict(facecolor="white", edgecolor="none", pad=1.5, alpha=0.9)
        kw: dict[str, Any] = dict(va="bottom", fontsize=style.EXPLORER_SMALL_FONT_SIZE)
        # labels sit just above each bar: the stiff part from the left, the muscle from the right
        self.stiff_text = [path_label(ax, 0, yi + 0.24, ha="left", **kw) for yi in y]
        self.muscle_text = [path_label(ax, 100, yi + 0.24, ha="right", **kw) for yi in y]
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




class BandFigure:
    """Lesson 01: strain of band vs muscle vs rubber (top), who takes the lengthening (bottom)."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        ax_strain = fig.add_axes((0.25, 0.62, 0.7, 0.3))
        ax_share = fig.add_axes((0.25, 0.15, 0.7, 0.25))
        title: dict[str, Any] = dict(fontsize=style.EXPLORER_FONT_SIZE, weight="bold", va="top")
        fig.text(0.01, 0.99, "How much does each stretch?", **title)
        fig.text(0.01, 0.485, "Who takes the lengthening?", **title)
        self.strain = StrainBars(ax_strain)
        self.share = StretchShareBars(ax_share)
        self.caption = path_label(fig, 0.01, 0.01, fontsize=style.EXPLORER_SMALL_FONT_SIZE, ha="left", va="bottom")
        self.axes = (ax_strain, ax_share)
        declare_dynamic(fig, [*self.strain.artists, *self.share.artists, self.caption])

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



def band_explorer() -> Explorer:
    """Stretch or pull the TFL + IT band unit; compare band, muscle and rubber strain (lesson 01).

    Controls: ``mode`` ("stretch" or "load"), ``stretch_mm`` (0-50 mm imposed on the unit, passed to
    :func:`itband_edu.band_stretch` as metres), ``load`` (0-2000 N), ``preset``.
    ``result`` is a :class:`~itband_edu.BandStretchResult`.
    """
    stance_load = float(single_leg_stance().itb_tension)  # healthy single-leg stance, about 180 N
    body_weight = 75.0 * default_parameters().gravity
    controls = {
        "mode": Control(W.ToggleButtons(options=["stretch", "load"], value="stretch", description="Impose a",
                                        style={"description_width": "5em", "button_width": "7.5em"},
                                        tooltips=["lengthen the unit by a distance", "pull on the unit with a force"]),
                        "Impose a", "", "stretch: lengthen the unit; load: pull on it"),
        "stretch_mm": Control(slider(round(clinical_stretch_mm(), 2), 0.0, 50.0, 0.01, "Stretch (mm)", ".2f"),
                              "Stretch", "mm", "how far the TFL + band unit is lengthened"),
        # starts at 0 N: a lesson asks for the band's strain under the stance load before showing it
        "load": Control(slider(0.0, 0.0, 2000.0, 0.1, "Load (N)", ".1f"),
                        "Load", "N", "pull on the unit (750 N is about a 75 kg body weight)"),
    }
    presets = {
        "relaxed": {"mode": "stretch", "stretch_mm": 0.0},
        "clinical stretch (Ober-type, ~20 deg adduction)": {"mode": "stretch",
                                                            "stretch_mm": round(clinical_stretch_mm(), 2)},
        "single-leg stance load": {"mode": "load", "load": round(stance_load, 1)},
        "body weight on the band (75 kg)": {"mode": "load", "load": round(body_weight, 1)},
    }

    def compute(v: dict[str, Any]) -> BandStretchResult:
        if v["mode"] == "stretch":
            return band_stretch(stretch=v["stretch_mm"] / 1000.0)
        return band_stretch(load=v["load"])

    working = default_parameters().tendon_working_strain

    def readout(r: BandStretchResult, v: dict[str, Any]) -> str:
        rows = [
            ("IT band strain", f"{r.band_strain_percent:.3g} %"),
            ("relaxed TFL muscle strain", f"{r.muscle_strain_percent:.3g} %"),
            ("rubber band strain", f"{r.rubber_strain_percent:.3g} %"),
            ("band's share of the lengthening", f"{100 * r.band_share:.1f} %"),
            ("force in the unit", f"{float(r.load):.0f} N"),
        ]
        if bool(r.beyond_working_range):
            rows.append(("⚠ beyond what tendon-like tissue works at",
                         f"near the knee {r.band_peak_strain_percent:.1f} % (tendons: up to about "
                         f"{100 * working:.0f} % in life, Maganaris &amp; Paul 2002)"))
        return readout_table(rows)

    def after(ex: Explorer) -> None:
        stretch = ex.controls["mode"].value == "stretch"
        ex.controls["stretch_mm"].disabled = not stretch
        ex.controls["load"].disabled = stretch

    return Explorer(name="band", title="Seatbelt or bungee? Stretch or pull the TFL + IT band",
                    controls=controls, presets=presets, compute=compute, make_view=BandFigure,
                    readout=readout, after_change=after)

