"""Lesson 04's explorer: the hip must flex (or extend) as well as abduct; who does it, and what
happens to the IT band.

``flexion_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.single_leg_stance` with ``hip_flexion_moment`` given, so that the abductors and the
main hip flexors share the abduction and the flexion moment together (lesson 04's two-plane model).
Its figure: the forces of seven muscle groups inside their maximum, with each group's action in the
frontal and the sagittal plane written under it (left), and the band's tension split into what the
TFL and the upper gluteus maximus put into it (right).

``flexion_table``, ``flexion_sweep`` and ``arms_table`` are the lesson's tables of two-plane
results, of a row of flexion demands and of the two moment arms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from ..parameters import Parameters, default_parameters
from ..stance import StanceResult, single_leg_stance
from . import style
from .explorer import Control, Explorer, readout_table, slider
from .draw import line, polyline
from .figure import declare_dynamic
from .labels import path_label

__all__ = ["flexion_explorer", "FlexionFigure", "Group", "GROUPS", "group_actions", "flexion_presets", "FLEXION_RANGE",
           "NEAR_ZERO_ARM", "infeasible_text", "moment_text"]


@dataclass(frozen=True)
class Group:
    """A displayed muscle group: its model muscles (summed), label, colour and hatch."""

    key: str
    muscles: tuple[str, ...]
    label: str
    colour: str
    hatch: str
    strength: str | None  # the control that scales its maximum force


#: The seven groups, extensors first, then the flexors; TFL and upper gluteus maximus side by side
#: (the two that pull on the band). Every bar is named under it, so the bars carry no hatch (a hatched
#: bar costs about 1 ms a redraw); the band's split bar keeps the course hatches of its two muscles.
GROUPS: tuple[Group, ...] = (
    Group("gluteus_medius", ("gluteus_medius_1", "gluteus_medius_2", "gluteus_medius_3"), "glut.\nmed.",
          style.GLUTE_MED_COLOUR, "", "glute_med_strength"),
    Group("gluteus_minimus", ("gluteus_minimus_1", "gluteus_minimus_2", "gluteus_minimus_3"), "glut.\nmin.",
          style.GLUTE_MIN_COLOUR, "", None),
    Group("gluteus_maximus_upper", ("gluteus_maximus_1",), "upper\nglut.max",
          style.GLUTE_MAX_COLOUR, "", None),
    Group("tensor_fasciae_latae", ("tensor_fasciae_latae",), "TFL",
          style.TFL_COLOUR, "", None),
    Group("iliopsoas", ("iliacus", "psoas"), "ilio-\npsoas", style.OKABE_ITO["orange"], "", "iliopsoas_strength"),
    Group("rectus_femoris", ("rectus_femoris",), "rectus\nfem.", style.OKABE_ITO["yellow"], "", None),
    Group("sartorius", ("sartorius",), "sarto-\nrius", "#BBBBBB", "", None),
)

#: Flexion demand slider (N m): from an extension demand beyond what the modelled extensors can
#: supply (about 74 N m at 75 kg: there are no hamstrings and no lower gluteus maximus in the model)
#: to about the late-stance flexion moment of running for a 100 kg runner.
FLEXION_RANGE = (-100.0, 120.0)
#: The words under the bars (short, to fit a bar's width) and their colours.
SHORT = {"abducts": "abd", "adducts": "add", "flexes": "flex", "extends": "ext", "≈ 0": "≈ 0"}
WORD_COLOURS = {"abducts": "black", "adducts": "black", "flexes": style.OKABE_ITO["vermillion"],
                "extends": style.OKABE_ITO["blue"], "≈ 0": "#555555"}
#: A group whose mean moment arm (sum F0 r / sum F0) is smaller than this (m) is shown as "≈ 0".
NEAR_ZERO_ARM = 0.005


def _by_name(params: Parameters) -> dict[str, Any]:
    return {m.name: m for m in params.muscles + params.flexors}


def group_actions(params: Parameters | None = None) -> dict[str, tuple[str, str]]:
    """Each group's action in the frontal and the sagittal plane, from the model's moment arms at the
    neutral posture: ("abducts" | "adducts" | "≈ 0", "flexes" | "extends" | "≈ 0"). A group's arm is
    its F0-weighted mean, sum(F0 r) / sum(F0)."""
    muscles = _by_name(params or default_parameters())
    out: dict[str, tuple[str, str]] = {}
    for g in GROUPS:
        f0 = np.array([muscles[n].max_isometric_force for n in g.muscles])
        abd = float(np.sum(f0 * [muscles[n].moment_arm_neutral for n in g.muscles]) / np.sum(f0))
        flex = float(np.sum(f0 * [muscles[n].flexion_moment_arm for n in g.muscles]) / np.sum(f0))
        out[g.key] = ("≈ 0" if abs(abd) < NEAR_ZERO_ARM else "abducts" if abd > 0 else "adducts",
                      "≈ 0" if abs(flex) < NEAR_ZERO_ARM else "flexes" if flex > 0 else "extends")
    return out


def _force(result: StanceResult, group: Group) -> float:
    names = result.muscle_names
    return float(sum(result.muscle_forces[..., names.index(n)] for n in group.muscles if n in names))


def moment_text(value: float) -> str:
    """A missing moment in words: one decimal below 10 N m (so that 0.5 N m does not read "0 N m"),
    whole newton-metres above."""
    return f"{value:.1f} N m" if value < 9.95 else f"{value:.0f} N m"


def infeasible_text(result: StanceResult) -> str:
    """In words, what the muscles cannot do (empty when they can balance both planes)."""
    if bool(result.feasible):
        return ""
    abd, flex = float(result.moment_deficit), float(result.flexion_moment_deficit)
    parts = []
    if flex < -0.05:
        parts.append(f"{moment_text(-flex)} of extension")
    elif flex > 0.05:
        parts.append(f"{moment_text(flex)} of flexion")
    if abd > 0.05:
        parts.append(f"{moment_text(abd)} of abduction")
    missing = ", ".join(parts) if parts else "a small part of the moments"
    why = ("no hamstrings or lower glut. max in the model" if flex < -0.05
           else "the hip flexors are at their maximum" if flex > 0.05 else "the abductors are at their maximum")
    return f"✗ no balance possible; missing:\n  {missing}\n  ({why})"


def _outline_xy(tops: list[float], width: float) -> tuple[np.ndarray, np.ndarray]:
    """x and y of open-bottomed rectangles of height ``tops[i]`` round bar i, NaN-separated."""
    xy = polyline(*([(i - width / 2, 0.0), (i - width / 2, h), (i + width / 2, h), (i + width / 2, 0.0)]
                    for i, h in enumerate(tops)))
    return xy[:, 0], xy[:, 1]


class FlexionFigure:
    """Lesson 04: seven muscle groups' forces with their actions in two planes (left), the band (right)."""

    YLIM = 4200.0
    OUTLINE_WIDTH = 0.8
    BAND_YLIM = 800.0
    BAND_TICKS = (0.0, 200.0, 400.0, 600.0)

    def __init__(self, fig: Figure, params: Parameters | None = None) -> None:
        p = params or default_parameters()
        muscles = _by_name(p)
        self.fig = fig
        self.f0 = {g.key: sum(muscles[n].max_isometric_force for n in g.muscles) for g in GROUPS}
        small = style.EXPLORER_SMALL_FONT_SIZE
        fig.text(0.01, 0.99, "Two planes: who abducts, who flexes?", fontsize=style.EXPLORER_FONT_SIZE,
                 weight="bold", va="top")
        # the axes stop below the red message of an impossible balance (three lines under the title)
        ax = fig.add_axes((0.115, 0.28, 0.70, 0.50))
        ax_band = fig.add_axes((0.838, 0.28, 0.08, 0.50))
        self.ax, self.ax_band = ax, ax_band
        x = np.arange(len(GROUPS))
        # the maximum forces: one dashed line round all seven bars (one artist draws faster than seven)
        self.outline = line(ax, [], [], color="black", ls="--", lw=1.4, zorder=3)
        self.bars = ax.bar(x, [0.0] * len(x), width=0.64, zorder=2, edgecolor="black", linewidth=1.0,
                           color=[g.colour for g in GROUPS], hatch=[g.hatch for g in GROUPS])
        self.labels = [path_label(ax, float(i), 0.0, ha="center", va="bottom", fontsize=small - 2)
                       for i in x]
        ax.set_xticks(x, [g.label for g in GROUPS], fontsize=small - 2, linespacing=1.0)
        ax.tick_params(axis="x", length=0, pad=2)
        ax.set_xlim(-0.55, len(x) - 0.45)
        ax.set_ylim(0, self.YLIM)
        ax.set_ylabel("force (N)", fontsize=small - 1)
        ax.tick_params(axis="y", labelsize=small - 2)
        ax.grid(axis="x", visible=False)
        # each group's action in the two planes, under its name (from the model's moment arms)
        actions = group_actions(p)
        to_fig = ax.transData + fig.transFigure.inverted()
        for row, (plane, y) in enumerate((("frontal:", 0.105), ("sagittal:", 0.04))):
            fig.text(0.005, y, plane, fontsize=small - 2, va="center", ha="left", style="italic")
            for i, g in enumerate(GROUPS):
                word = actions[g.key][row]
                fx = float(to_fig.transform((i, 0.0))[0])
                fig.text(fx, y, SHORT[word], fontsize=small - 2, ha="center", va="center", color=WORD_COLOURS[word],
                         weight="normal" if word == "≈ 0" else "bold")
        # the two muscles whose force reaches the band
        ax.annotate("", xy=(1.62, self.YLIM * 0.97), xytext=(3.38, self.YLIM * 0.97),
                    arrowprops=dict(arrowstyle="|-|, widthA=0.3, widthB=0.3", lw=1.6, color="black",
                                    shrinkA=0, shrinkB=0))
        ax.text(2.5, self.YLIM * 0.94, "pull on the band", ha="center", va="top", fontsize=small - 2)
        # the band: TFL + the upper gluteus maximus share (+ passive, zero without pelvic drop)
        self.band_tfl = ax_band.bar([0], [0.0], width=0.7, color=style.TFL_COLOUR,
                                    hatch=style.MUSCLE_HATCHES["tensor_fasciae_latae"], edgecolor="black",
                                    linewidth=1.0)[0]
        self.band_gmax = ax_band.bar([0], [0.0], width=0.7, color=style.GLUTE_MAX_COLOUR,
                                     hatch=style.MUSCLE_HATCHES["gluteus_maximus_upper"], edgecolor="black",
                                     linewidth=1.0)[0]
        # the band's tension, written above its axes (beside the bar it would meet the tick labels)
        self.band_label = path_label(fig, 0.878, 0.79, ha="center", va="bottom", fontsize=small - 2, weight="bold")
        ax_band.set_xlim(-0.6, 0.6)
        ax_band.set_ylim(0, self.BAND_YLIM)
        ax_band.set_xticks([0], ["IT band"], fontsize=small - 2)
        ax_band.tick_params(axis="x", length=0)
        # the band's own scale, in newtons, on the right (clear of the bar's label)
        ax_band.yaxis.tick_right()
        ax_band.tick_params(axis="y", labelsize=small - 3, length=2, pad=1)
        ax_band.grid(axis="x", visible=False)
        tick_text = [f"{t:.0f}" for t in self.BAND_TICKS]
        ax_band.set_yticks(self.BAND_TICKS, tick_text[:-1] + [f"{tick_text[-1]} N"])
        fig.text(0.878, 0.925, "TFL +\n¾ glut.max", fontsize=small - 3, ha="center", va="top", linespacing=1.0)
        self.warning = path_label(fig, 0.10, 0.925, fontsize=small - 2, ha="left", va="top",
                                  color=style.OKABE_ITO["vermillion"], weight="bold", halo=True)
        self.artists = [*self.bars, self.outline, *self.labels, self.band_tfl, self.band_gmax, self.band_label,
                        self.warning]
        declare_dynamic(fig, self.artists)

    def update(self, result: StanceResult, values: Mapping[str, Any]) -> None:
        ok = bool(result.feasible)
        alpha = 1.0 if ok else 0.35
        tops = []
        for i, g in enumerate(GROUPS):
            force = _force(result, g)
            f_max = self.f0[g.key] * (float(values.get(g.strength, 1.0)) if g.strength else 1.0)
            self.bars[i].set_height(force)
            self.bars[i].set_alpha(alpha)
            tops.append(f_max)
            pct = 100.0 * force / f_max if f_max > 0 else 0.0
            self.labels[i].set_position((i, min(max(f_max, force) + 40.0, self.YLIM * 0.72)))
            self.labels[i].set_text(f"{force:.0f} N\n{pct:.0f} %")
        self.outline.set_data(*_outline_xy(tops, self.OUTLINE_WIDTH))
        tfl = _force(result, GROUPS[3])
        itb = float(result.itb_tension)
        self.band_tfl.set_height(min(tfl, self.BAND_YLIM))
        self.band_gmax.set_y(min(tfl, self.BAND_YLIM))
        self.band_gmax.set_height(min(itb, self.BAND_YLIM) - min(tfl, self.BAND_YLIM))
        self.band_tfl.set_alpha(alpha)
        self.band_gmax.set_alpha(alpha)
        self.band_label.set_text(f"{itb:.0f} N" if ok else "—")
        self.warning.set_text(infeasible_text(result))


def flexion_presets(params: Parameters | None = None, body_mass: float = 75.0) -> dict[str, dict[str, float]]:
    """The explorer's presets: published late-stance hip-flexion moments (``data/sagittal.csv``,
    N m/kg) times the body mass; the frontal demand stays that of one-leg standing in every one."""
    p = params or default_parameters()
    # rounded to the slider's 0.25 N m step (75 kg: 40.5 and 87.75 N m, exact)
    walk = round(4 * p.value("sagittal.walking_late_stance_flexion_moment") * body_mass) / 4
    run = round(4 * p.value("sagittal.running_late_stance_flexion_moment") * body_mass) / 4
    base = {"hip_flexion_moment": 0.0, "iliopsoas_strength": 1.0, "glute_med_strength": 1.0, "body_mass": body_mass}
    return {
        "one-leg standing (no flexion demand)": dict(base),
        "walking, late stance": {**base, "hip_flexion_moment": walk},
        "running, late stance": {**base, "hip_flexion_moment": run},
        "weak iliopsoas, running late stance": {**base, "hip_flexion_moment": run, "iliopsoas_strength": 0.25},
    }


def flexion_explorer() -> Explorer:
    """Two planes at the stance hip: a flexion (or extension) demand on top of one-leg standing (lesson 04).

    Controls: ``hip_flexion_moment`` (N m, -100 to 120; flexion positive, the internal moment the
    muscles must supply), ``iliopsoas_strength`` and ``glute_med_strength`` (0.1-1.5 x normal),
    ``body_mass`` (40-150 kg), ``preset``. ``result`` is a :class:`~itband_edu.StanceResult` of
    ``single_leg_stance(body_mass, glute_med_strength, hip_flexion_moment=..., iliopsoas_strength=...)``
    (level pelvis, upright trunk). When the muscles cannot balance both planes the figure and the
    readout say so in words and show no band tension.
    """
    controls = {
        "hip_flexion_moment": Control(slider(0.0, *FLEXION_RANGE, 0.25, "Flexion demand (N m)", ".1f"),
                                      "Flexion demand", "N m",
                                      "hip-flexion moment the muscles must supply on top of one-leg standing "
                                      "(negative: an extension demand)"),
        "iliopsoas_strength": Control(slider(1.0, 0.1, 1.5, 0.05, "Iliopsoas strength", ".2f"),
                                      "Iliopsoas strength", "x normal", "iliacus and psoas maximum force, 1 = normal"),
        "glute_med_strength": Control(slider(1.0, 0.1, 1.5, 0.05, "Glute med strength", ".2f"),
                                      "Glute med strength", "x normal", "gluteus medius maximum force, 1 = normal"),
        "body_mass": Control(slider(75.0, 40.0, 150.0, 1.0, "Body mass (kg)", ".0f"), "Body mass", "kg",
                             "the whole body (the presets are for 75 kg)"),
    }
    presets = flexion_presets()

    def compute(v: dict[str, Any]) -> StanceResult:
        return single_leg_stance(v["body_mass"], glute_med_strength=v["glute_med_strength"],
                                 hip_flexion_moment=v["hip_flexion_moment"],
                                 iliopsoas_strength=v["iliopsoas_strength"])

    def readout(r: StanceResult, v: dict[str, Any]) -> str:
        demand = float(r.required_flexion_moment)
        mass = float(v["body_mass"])
        i_tfl = r.muscle_names.index("tensor_fasciae_latae")
        rows = [("flexion demand", f"{demand:+.1f} N m ({demand / mass:+.2f} N m/kg)")]
        if bool(r.feasible):
            rows += [
                ("IT band tension", f"{float(r.itb_tension):.0f} N"),
                ("TFL force", f"{float(r.muscle_forces[i_tfl]):.0f} N, activation "
                              f"{100 * float(r.activations[i_tfl]):.0f} %"),
                # balanced: the muscles supply the demand (to solver precision), so both rows print the
                # same number (87.75 would otherwise show as +87.8 demanded and +87.7 supplied)
                ("flexion moment supplied", f"{demand:+.1f} N m, all of it ✓"),
                ("hip contact force", f"{float(r.hip_contact_force_bw):.2f} BW"),
            ]
        else:
            rows += [
                ("IT band tension", "— (no balance)"),
                ("can the muscles do it?", infeasible_text(r).replace("\n", "<br>")),
                ("the faded bars", "the most the muscles can do: the largest part of both moments they can "
                                   "supply together"),
            ]
        return readout_table(rows)

    return Explorer(name="flexion", title="Hip-flexor dominance: a flexion demand on top of one-leg standing",
                    controls=controls, presets=presets, compute=compute, make_view=FlexionFigure, readout=readout)
