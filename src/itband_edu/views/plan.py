"""Lesson 08's explorer: build a plan from the model's levers and see it beside the baseline.

``plan_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.interventions.plan_effect` for lesson 03's weak-abductor runner
(:func:`~itband_edu.interventions.weak_abductor_runner`), one control per lever; the slider key says
each lever's evidence (``interventions.LEVER_EVIDENCE``). It starts at the baseline (no change), so it
shows no answer before the lesson's questions.

Controls (names are the contract lesson 08 uses):

* ``strength_gain_percent``: 0 to the largest gain measured in runners with ITBS (the men's 51.4 %),
  gluteus medius;
* ``step_rate_change_percent``: 0 to +10 % (Heiderscheit et al. 2011's range);
* ``trunk_lean_deg``: 0 to 10 deg toward the stance leg (model only, a compensation);
* ``foot_wedge``: "no wedge" or "medial wedge" (Sinclair 2017's 1.62 deg less eversion, lesson 05);
* ``downhill_percent``: the plan's share of running time downhill, 0-50 %; it starts at the runner's own
  share (``downhill_now``, an argument: a property of the runner's routes, not of the model).

Figure (:class:`PlanFigure`): one row per metric, the baseline as a thin grey bar at 100 % and the plan as
a coloured bar in per cent of it, with both numbers written beside them; a dashed line marks 100 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from .._validate import check_range
from ..interventions import (LEVER_EVIDENCE, Plan, PlanEffect, Runner, max_strength_gain, plan_effect,
                             stance_tension_for_gains, weak_abductor_runner)
from . import style
from .explorer import CONTROLS_WIDTH, Control, Explorer, readout_table, slider
from .figure import declare_dynamic
from .labels import path_label
from .tables import Table

__all__ = ["plan_explorer", "PlanFigure", "plan_presets", "ROWS", "WEDGE_OPTIONS", "metric_text", "strength_table",
           "lever_table"]

WEDGE_OPTIONS = ("no wedge", "medial wedge")

#: The figure's rows, top to bottom: (metric of ``interventions.METRICS``, label, unit shown, scale to it).
ROWS = (
    ("stance_itb_tension", "band tension,\none-leg stance", "N", 1.0),
    ("running_peak_itb_tension", "peak band tension,\nrunning", "N", 1.0),
    ("zone_s_per_min", "knee in the zone\n(per min running)", "s", 1.0),
    ("foot_itb_length_change", "stretch from\nthe foot", "mm", 1000.0),
)
#: The readout's one-line names of the rows (baseline → plan).
READOUT_LABELS = ("one-leg stance", "running peak", "zone, per min", "stretch from the foot")
#: The x axis: the plan in per cent of the baseline.
XLIM = (0.0, 130.0)


def metric_text(value: float, unit: str) -> str:
    """A metric as the figure and the readout write it."""
    if unit == "mm":
        return f"{value:.2f} mm"
    if unit == "s":
        return f"{value:.1f} s"
    return f"{value:.0f} {unit}"


class PlanFigure:
    """Baseline (grey) and plan (blue) for each metric, the plan in per cent of the baseline."""

    PLAN_COLOUR = style.OKABE_ITO["blue"]
    BASE_COLOUR = "#BBBBBB"

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        small = style.EXPLORER_SMALL_FONT_SIZE
        fig.text(0.01, 0.99, "Baseline and plan, side by side", fontsize=style.EXPLORER_FONT_SIZE,
                 weight="bold", va="top")
        fig.text(0.01, 0.925, "synthetic running curves; bars: per cent of the baseline", fontsize=small - 2,
                 va="top", style="italic")
        ax = fig.add_axes((0.30, 0.14, 0.44, 0.68))
        self.ax = ax
        n = len(ROWS)
        y = np.arange(n)[::-1].astype(float)
        self.y = y
        # the baseline is always 100 %: a thin reference bar; the plan, the bar that moves, is the wide one
        self.base = ax.barh(y + 0.2, [100.0] * n, height=0.16, color=self.BASE_COLOUR, edgecolor="black",
                            linewidth=0.6, label="baseline")
        self.bars = ax.barh(y - 0.2, [100.0] * n, height=0.36, color=self.PLAN_COLOUR, edgecolor="black",
                            linewidth=0.8, label="plan")
        ax.axvline(100.0, color="black", ls="--", lw=1.2, zorder=1)
        ax.set_yticks(y, [r[1] for r in ROWS], fontsize=small - 2, linespacing=1.0)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(*XLIM)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xticks((0, 50, 100))
        ax.tick_params(axis="x", labelsize=small - 2)
        ax.set_xlabel("% of baseline", fontsize=small - 2)
        ax.grid(axis="y", visible=False)
        fig.legend(handles=[self.base, self.bars], labels=["baseline", "plan"], loc="upper right",
                   bbox_to_anchor=(0.995, 0.995), ncols=2, fontsize=small - 2, frameon=False, handlelength=1.2)
        # the numbers, right of the axes: baseline above, plan (bold) below
        to_fig = ax.transData + fig.transFigure.inverted()
        self.base_labels, self.plan_labels = [], []
        for yi in y:
            fy_b = float(to_fig.transform((0.0, yi + 0.2))[1])
            fy_p = float(to_fig.transform((0.0, yi - 0.2))[1])
            self.base_labels.append(path_label(fig, 0.755, fy_b, ha="left", va="center", fontsize=small - 2))
            self.plan_labels.append(path_label(fig, 0.755, fy_p, ha="left", va="center", fontsize=small - 1,
                                               weight="bold", color=self.PLAN_COLOUR))
        self.warning = path_label(fig, 0.30, 0.835, ha="left", va="bottom", fontsize=small - 2,
                                  color=style.OKABE_ITO["vermillion"], weight="bold")
        self.artists = [*self.bars, *self.base_labels, *self.plan_labels, self.warning]
        declare_dynamic(fig, self.artists)

    def update(self, result: PlanEffect, values: Mapping[str, Any]) -> None:
        for i, (metric, _label, unit, scale) in enumerate(ROWS):
            base = float(getattr(result, f"baseline_{metric}"))
            plan = float(getattr(result, f"plan_{metric}"))
            pct = 100.0 * plan / base if base > 0 else 100.0
            self.bars[i].set_width(min(pct, XLIM[1]))
            self.base_labels[i].set_text(metric_text(base * scale, unit))
            self.plan_labels[i].set_text(f"{metric_text(plan * scale, unit)} ({pct - 100.0:+.0f} %)")
        self.warning.set_text("" if result.plan_running_feasible else "abductors cannot hold the hip in running")


def plan_presets(params: Any = None) -> dict[str, dict[str, Any]]:
    """Baseline; one lever at a time; everything on the list (the trunk lean left out: a compensation).

    The strength presets use the largest gain a programme measured (the men's, the slider's top), a dose
    well away from the lesson's question of how much strength is enough."""
    top = round(100.0 * max_strength_gain(params), 1)
    base = {"strength_gain_percent": 0.0, "step_rate_change_percent": 0.0, "trunk_lean_deg": 0.0,
            "foot_wedge": WEDGE_OPTIONS[0]}
    return {
        "baseline (no change)": dict(base),
        f"strengthen only (+{top:g} %)": {**base, "strength_gain_percent": top},
        "step rate only (+10 %)": {**base, "step_rate_change_percent": 10.0},
        "wedge only": {**base, "foot_wedge": WEDGE_OPTIONS[1]},
        "everything but a lean": {**base, "strength_gain_percent": top, "step_rate_change_percent": 10.0,
                                  "foot_wedge": WEDGE_OPTIONS[1], "downhill_percent": 0.0},
    }


def plan_explorer(downhill_now: float = 0.2) -> Explorer:
    """What helps: a plan of five levers for lesson 03's weak-abductor runner (lesson 08).

    ``downhill_now``: the runner's own share of running time downhill (0-0.5), where the downhill
    slider starts. ``result`` is the :class:`~itband_edu.interventions.PlanEffect` of the controls.
    """
    top = round(100.0 * max_strength_gain(), 1)
    share_now = round(100.0 * float(check_range("downhill_now", downhill_now, 0.0, 0.5, "of running time")), 1)
    runner = weak_abductor_runner(share_now / 100.0)
    ev = LEVER_EVIDENCE
    wedge = W.Dropdown(options=list(WEDGE_OPTIONS), value=WEDGE_OPTIONS[0], description="Foot wedge",
                       style={"description_width": "9.6em"}, layout=W.Layout(width=CONTROLS_WIDTH))
    controls = {
        "strength_gain_percent": Control(slider(0.0, 0.0, top, 0.1, "Strength gain (%)", ".1f"),
                                         "Strength gain", "% of now",
                                         f"gluteus medius stronger than now, up to the largest gain measured "
                                         f"(the men's {top:g} %); {ev['abductor_strength_gain']}"),
        "step_rate_change_percent": Control(slider(0.0, 0.0, 10.0, 0.5, "Step rate (+%)", ".1f"),
                                            "Step rate", "% more steps",
                                            f"at the same speed; {ev['step_rate_change_percent']}"),
        "trunk_lean_deg": Control(slider(0.0, 0.0, 10.0, 0.5, "Trunk lean (°)", ".1f"), "Trunk lean", "deg",
                                  f"toward the stance leg; {ev['trunk_lean_deg']}"),
        "foot_wedge": Control(wedge, "Foot wedge", "", f"a medial wedge: less eversion; {ev['foot_wedge']}"),
        "downhill_percent": Control(slider(share_now, 0.0, 50.0, 1.0, "Downhill (%)", ".0f"), "Downhill",
                                    "% of running time",
                                    f"starts at the runner's own {share_now:g} %; {ev['downhill_share']}"),
    }
    presets = plan_presets()
    for values in presets.values():
        values.setdefault("downhill_percent", share_now)

    def compute(v: dict[str, Any]) -> PlanEffect:
        plan = Plan(abductor_strength_gain=v["strength_gain_percent"] / 100.0,
                    step_rate_change_percent=float(v["step_rate_change_percent"]),
                    trunk_lean_deg=float(v["trunk_lean_deg"]), foot_wedge=v["foot_wedge"] == WEDGE_OPTIONS[1],
                    downhill_share=v["downhill_percent"] / 100.0)
        return plan_effect(plan, runner)

    def readout(r: PlanEffect, v: dict[str, Any]) -> str:
        rows = []
        for (metric, _label, unit, scale), short in zip(ROWS, READOUT_LABELS, strict=True):
            base, plan = (float(getattr(r, f"{s}_{metric}")) * scale for s in ("baseline", "plan"))
            rows.append((short, f"{metric_text(base, unit).split()[0]} → {metric_text(plan, unit)}"))
        rows.append(("gluteus medius",
                     f"{r.baseline_glute_med_strength:.2f} → {r.plan_glute_med_strength:.2f} × normal"))
        if not r.plan_running_feasible:
            rows.append(("abductors", "cannot hold the hip in running"))
        return readout_table(rows)

    return Explorer(name="plan", title="What helps? A plan for a runner with weak hip abductors",
                    controls=controls, presets=presets, compute=compute, make_view=PlanFigure, readout=readout)


def strength_table(gains_percent: Any, runner: Runner | None = None) -> Table:
    """How much strength is enough: for each gain (per cent of the runner's strength now), gluteus
    medius strength (x normal), the band's tension standing on one leg (one vectorised call,
    ``interventions.stance_tension_for_gains``) and its peak in a running stance (``plan_effect``)."""
    r = runner or weak_abductor_runner()
    top = 100.0 * max_strength_gain()
    try:
        pct = np.atleast_1d(np.asarray(gains_percent, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"gains_percent must be numbers in per cent (0 to {top:g}); got {gains_percent!r}") from None
    if pct.ndim != 1 or pct.size == 0:
        raise ValueError(f"gains_percent must be a non-empty list of gains in per cent (0 to {top:g}); "
                         f"got {gains_percent!r}")
    check_range("gains_percent", pct, 0.0, top, "%", hint="per cent of the runner's strength now, up to the "
                "largest gain measured in runners with ITBS (data/evidence.csv)")
    gains = pct / 100.0
    stance = stance_tension_for_gains(gains, r)
    rows = []
    for g, t in zip(gains, stance, strict=True):
        run = plan_effect(Plan(abductor_strength_gain=float(g)), r).plan_running_peak_itb_tension
        rows.append((f"{100 * g:g} %", f"{r.glute_med_strength * (1 + g):.2f}", f"{t:.0f}", f"{run:.0f}"))
    return Table(header=("strength gain", "gluteus medius (x normal)", "band, one-leg stance (N)",
                         "band, running peak (N)"), rows=tuple(rows))


def lever_table(runner: Runner | None = None, lean_deg: float = 5.0) -> Table:
    """Each lever alone at lesson 08's doses, then "everything but a lean": the four numbers of the explorer's
    figure, baseline first (a still version of the explorer, for a printed page or a projector)."""
    r = runner or weak_abductor_runner()
    check_range("lean_deg", lean_deg, 0.0, 10.0, "deg", hint="toward the stance leg, the explorer's range")
    top = max_strength_gain()
    plans = (("baseline (no change)", Plan()),
             (f"strength +{100 * top:g} %", Plan(abductor_strength_gain=top)),
             (f"trunk lean {lean_deg:g}°", Plan(trunk_lean_deg=float(lean_deg))),
             ("step rate +10 %", Plan(step_rate_change_percent=10.0)),
             ("medial wedge", Plan(foot_wedge=True)),
             ("no downhill running", Plan(downhill_share=0.0)),
             ("everything but a lean", Plan(abductor_strength_gain=top, step_rate_change_percent=10.0,
                                            foot_wedge=True, downhill_share=0.0)))
    rows = []
    for name, plan in plans:
        e = plan_effect(plan, r)
        rows.append((name, f"{e.plan_stance_itb_tension:.0f}", f"{e.plan_running_peak_itb_tension:.0f}",
                     f"{e.plan_zone_s_per_min:.1f}", f"{1000 * e.plan_foot_itb_length_change:.2f}"))
    return Table(header=("lever (alone)", "band, one-leg stance (N)", "band, running peak (N)",
                         "knee in the zone (s per min)", "stretch from the foot (mm)"), rows=tuple(rows))
