"""Lesson 09's explorer: three composite cases (and any other set of measurements) along the whole chain.

``cases_explorer()`` returns an :class:`~itband_edu.views.explorer.Explorer` around
:func:`itband_edu.assessment.assess`. Its six sliders are the measurements of the lesson's form
(:mod:`itband_edu.measurements`, same units and ranges); its presets are the healthy reference and the
cases of ``data/case_studies.csv``. The figure: left, each measurement set alone to its value, the
change of the running stance's peak ITB tension (the ranking's yardstick); right, the whole chain as
"x healthy": one-leg stance tension, running peak tension, the knee's time in its zone, the foot chain's
length change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray

from ..assessment import REFERENCE_CASE, TIE_N, Assessment, assess, load_case_studies
from ..measurements import FIELD_NAMES, field_specs, reference_values
from . import style
from .explorer import Control, Explorer, readout_table, slider
from .figure import StaticFigure, declare_dynamic
from .labels import path_label

__all__ = ["cases_explorer", "case_figure",
           "CasesFigure", "CaseResult", "SHORT_LABELS", "CHAIN_LABELS", "TENSION_AXIS_N",
           "chain_ratios"]

#: The form's labels (measurements.field_specs), lower case: the figure, the form and the prose use the same names.
SHORT_LABELS = {"body_mass": "body mass", "hip_abduction_torque": "hip-abduction torque",
                "pelvic_drop_deg": "pelvic drop", "trunk_lean_deg": "trunk lean", "step_rate": "step rate",
                "rearfoot_eversion_deg": "rearfoot eversion"}
CHAIN_LABELS = ("stand", "run", "knee zone", "foot")
#: The left panel's fixed axis (N): a larger change is drawn to the edge, its label gives the value.
TENSION_AXIS_N = 400.0
RATIO_AXIS = 2.5
#: Slider steps: a tenth of a unit, whole kilograms and steps per minute.
STEPS = {"body_mass": 1.0, "hip_abduction_torque": 0.01, "pelvic_drop_deg": 0.5, "trunk_lean_deg": 0.5,
         "step_rate": 1.0, "rearfoot_eversion_deg": 0.01}


def chain_ratios(a: Assessment) -> tuple[float, ...]:
    """The right panel's four bars: each link's result over the healthy reference's."""
    return (a.stance_itb_tension / a.stance_itb_tension_reference,
            a.peak_tension / a.peak_tension_reference,
            a.time_in_zone_ms / a.time_in_zone_reference_ms,
            float(a.foot.itb_length_change) / float(a.foot_reference.itb_length_change))


@dataclass(frozen=True)
class CaseResult:
    """What the case explorer shows, as plain numbers (arrays in form order, ``field_names``); the full
    :class:`~itband_edu.assessment.Assessment` is ``assessment``."""

    field_names: tuple[str, ...]
    values: NDArray[np.float64]
    reference: NDArray[np.float64]
    peak_tension_change: NDArray[np.float64]  # N, each measurement alone (the ranking's yardstick)
    time_in_zone_change_ms: NDArray[np.float64]  # ms per stance, each alone
    chain_ratios: NDArray[np.float64]  # the right panel: CHAIN_LABELS, x healthy
    peak_tension: float  # N, running stance
    peak_tension_reference: float
    time_in_zone_ms: float
    time_in_zone_reference_ms: float
    stance_itb_tension: float  # N, one-leg stance
    stance_feasible: bool
    foot_length_change_mm: float
    most_important: str  # the one field that moves the band most, "" for none, a tie or the ceiling
    most_important_change: float  # N (0 when most_important is "")
    verdict: str  # the ranking in words (Assessment.verdict): one field, a tie, none, or the ceiling
    force_scale: float  # every force x mass / 75 kg (a teaching assumption)

    @classmethod
    def from_assessment(cls, a: Assessment) -> CaseResult:
        by = {c.field: c for c in a.ranking}  # body mass is not ranked: it scales runner and reference alike (0)
        top = a.most_important
        out = cls(FIELD_NAMES, np.array([a.values[k] for k in FIELD_NAMES]),
                  np.array([a.reference[k] for k in FIELD_NAMES]),
                  np.array([by[k].peak_tension_change if k in by else 0.0 for k in FIELD_NAMES]),
                  np.array([by[k].time_in_zone_change_ms if k in by else 0.0 for k in FIELD_NAMES]),
                  np.array(chain_ratios(a)),
                  a.peak_tension, a.peak_tension_reference, a.time_in_zone_ms, a.time_in_zone_reference_ms,
                  a.stance_itb_tension, bool(a.stance.feasible), 1000 * float(a.foot.itb_length_change),
                  "" if top is None else top.field, 0.0 if top is None else top.peak_tension_change, a.verdict,
                  a.force_scale)
        object.__setattr__(out, "_assessment", a)  # not a field: the result's fields stay plain numbers
        return out

    @property
    def assessment(self) -> Assessment:
        return self.__dict__["_assessment"]  # type: ignore[no-any-return]


class CasesFigure:
    """Left: each measurement alone, change of running peak ITB tension (N). Right: the chain, x healthy."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        ax_l = fig.add_axes((0.34, 0.25, 0.27, 0.58))
        ax_r = fig.add_axes((0.8, 0.25, 0.18, 0.58))
        fig.text(0.01, 0.99, "The whole chain against the healthy reference", fontsize=style.EXPLORER_FONT_SIZE,
                 weight="bold", va="top")
        fig.text(0.01, 0.925, "running stance: synthetic curves shaped to published peaks",
                 fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1, va="top", style="italic")
        y = np.arange(len(FIELD_NAMES))[::-1].astype(float)
        self.bars_l = ax_l.barh(y, np.zeros(len(y)), height=0.6, color=style.OKABE_ITO["vermillion"],
                                edgecolor="black", hatch="//")
        ax_l.axvline(0.0, color="black", lw=1.2)
        ax_l.set_xlim(-TENSION_AXIS_N, TENSION_AXIS_N)
        ax_l.set_xticks([-TENSION_AXIS_N, -TENSION_AXIS_N / 2, 0.0, TENSION_AXIS_N / 2, TENSION_AXIS_N],
                        [f"{-TENSION_AXIS_N:.0f}".replace("-", "−"), "", "0", "", f"{TENSION_AXIS_N:.0f}"])  # apart
        ax_l.set_ylim(-0.6, len(y) - 0.4)
        ax_l.set_yticks(y, [SHORT_LABELS[k] for k in FIELD_NAMES])
        ax_l.set_xlabel("each alone: change of\npeak ITB tension (N)", fontsize=style.EXPLORER_SMALL_FONT_SIZE)
        ax_l.tick_params(axis="x", labelsize=style.EXPLORER_SMALL_FONT_SIZE - 2)
        self.labels_l = [path_label(ax_l, 0.0, yi, ha="left", va="center", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1,
                                    halo=True) for yi in y]
        yr = np.arange(len(CHAIN_LABELS))[::-1].astype(float)
        self.bars_r = ax_r.barh(yr, np.ones(len(yr)), height=0.6, color=style.OKABE_ITO["sky_blue"],
                                edgecolor="black")
        ax_r.axvline(1.0, color="black", lw=1.2, ls="--")
        ax_r.set_xlim(0.0, RATIO_AXIS)
        ax_r.set_ylim(-0.6, len(yr) - 0.4)
        ax_r.set_yticks(yr, list(CHAIN_LABELS))
        ax_r.set_xlabel("× healthy\n(dashed line)", fontsize=style.EXPLORER_SMALL_FONT_SIZE)
        ax_r.tick_params(axis="both", labelsize=style.EXPLORER_SMALL_FONT_SIZE - 1)
        self.labels_r = [path_label(ax_r, 0.05, yi, ha="left", va="center", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1,
                                    halo=True) for yi in yr]
        self.axes = (ax_l, ax_r)
        declare_dynamic(fig, [*self.bars_l, *self.labels_l, *self.bars_r, *self.labels_r])

    def update(self, r: CaseResult, values: Mapping[str, Any]) -> None:
        for name, bar, label, d in zip(FIELD_NAMES, self.bars_l, self.labels_l, r.peak_tension_change, strict=True):
            w = float(np.clip(d, -TENSION_AXIS_N, TENSION_AXIS_N))
            bar.set_width(w)
            edge = "›" if d > TENSION_AXIS_N else "‹" if d < -TENSION_AXIS_N else ""
            label.set_text(f"not ranked: × {r.force_scale:.2f}" if name == "body_mass" else
                           "0 N" if abs(d) < 0.05 else f"{d:+.0f} N{edge}" if abs(d) >= TIE_N else f"{d:+.1f} N")
            # the label sits beside the bar, inside the axes
            x = w + (8 if w >= 0 else -8)
            if abs(w) > 0.6 * TENSION_AXIS_N:
                x = w - 8 if w > 0 else w + 8
                label.set_horizontalalignment("right" if w > 0 else "left")
            else:
                label.set_horizontalalignment("left" if w >= 0 else "right")
            if name == "body_mass":  # no bar: the factor, from the left edge, clear of the right panel
                x = -0.95 * TENSION_AXIS_N
                label.set_horizontalalignment("left")
            label.set_x(x)
        for bar, label, q in zip(self.bars_r, self.labels_r, r.chain_ratios, strict=True):
            bar.set_width(float(np.clip(q, 0.0, RATIO_AXIS)))
            label.set_text(f"{q:.2f}" + (" ›" if q > RATIO_AXIS else ""))


@lru_cache(maxsize=256)
def _assess(items: tuple[tuple[str, float], ...]) -> CaseResult:
    return CaseResult.from_assessment(assess(dict(items)))


def cases_explorer(presets: tuple[str, ...] | None = None) -> Explorer:
    """The whole chain for a case or any measurements (lesson 09).

    Controls: ``body_mass`` (40-150 kg), ``hip_abduction_torque`` (%BWh), ``pelvic_drop_deg`` (0-15),
    ``trunk_lean_deg`` (-15 to 20), ``step_rate`` (steps/min, the model's -10 to +10 %),
    ``rearfoot_eversion_deg`` (0-20), ``preset`` (the healthy reference and the cases of
    ``data/case_studies.csv``; ``presets`` names the cases to offer, default all, so a lesson can keep a case
    for a later question). ``result`` is a :class:`CaseResult` (its ``assessment`` the full
    :class:`~itband_edu.assessment.Assessment`). Forces are for the slider's body mass under the course's
    scaling assumption (:mod:`itband_edu.assessment`).
    """
    specs = field_specs()
    ref = reference_values()
    controls = {k: Control(slider(ref[k], s.low, s.high, STEPS[k], SHORT_LABELS[k].capitalize(),
                                  ".2f" if STEPS[k] < 0.1 else ".1f" if STEPS[k] < 1 else ".0f"),
                           s.label, s.unit, f"{s.meaning}; healthy {s.reference:g}")
                for k, s in specs.items()}
    cases = load_case_studies()
    chosen = tuple(cases) if presets is None else presets
    unknown = [c for c in chosen if c not in cases]
    if unknown or isinstance(chosen, str):
        raise ValueError(f"presets = {presets!r}: each must be a case of data/case_studies.csv "
                         f"({', '.join(map(repr, cases))})")
    offered: dict[str, dict[str, Any]] = {REFERENCE_CASE: dict(ref)}
    offered.update({c: cases[c] for c in chosen})

    def compute(v: dict[str, Any]) -> CaseResult:
        return _assess(tuple((k, float(v[k])) for k in FIELD_NAMES))

    def readout(r: CaseResult, _v: dict[str, Any]) -> str:
        # short rows: the readout sits under six sliders and must stay on a projector's screen with them
        return readout_table([
            ("moves the band most", r.verdict),
            ("run: peak tension", f"{r.peak_tension:.0f} N (healthy {r.peak_tension_reference:.0f})"),
            ("run: knee in zone", f"{r.time_in_zone_ms:.0f} ms (healthy {r.time_in_zone_reference_ms:.0f})"),
        ])

    return Explorer(name="cases", title="Assess the whole chain: a case against the healthy reference",
                    controls=controls, presets=offered, compute=compute, make_view=CasesFigure, readout=readout)


def case_figure(case: str) -> StaticFigure:
    """The explorer's figure for one case of ``data/case_studies.csv`` (or the healthy reference), as a static
    PNG: what a reader of the static page, or a projector without a kernel, sees of that case."""
    cases = load_case_studies()
    known = {REFERENCE_CASE: dict(reference_values()), **cases}
    if not isinstance(case, str) or case not in known:
        raise ValueError(f"case = {case!r}: must be one of {', '.join(map(repr, known))}")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = StaticFigure(figsize=style.EXPLORER_FIGSIZE, dpi=100)  # as the explorer draws it
    FigureCanvasAgg(fig)
    view = CasesFigure(fig)
    values = known[case]
    view.update(_assess(tuple((k, float(values[k])) for k in FIELD_NAMES)), values)
    fig.text(0.01, 0.02, f"case: {case}", fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1, va="bottom")
    return fig
