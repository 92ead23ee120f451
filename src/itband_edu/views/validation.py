"""Lesson 10's tables and plot: the published-results table and plot, the OpenSim comparison, the speed table.

::

    table = validation_table()                 # itband_edu.validation: computed now, from data/
    published_table(table); published_plot(table); evidence_table(table)
    opensim_table(); speed_table()             # data/opensim_comparison.csv beside the model now

Tables are :class:`~itband_edu.views.tables.Table` (HTML in a notebook); the plot is a static figure that
shows itself as a PNG anywhere. The lesson's sensitivity explorer and its table (:func:`assumption_table`,
:func:`sensitivity_explorer`) are in ``views.sensitivity``, re-exported here.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass

from matplotlib.figure import Figure

from ..parameters import data_dir, default_parameters
from ..stance import single_leg_stance
from ..validation import ValidationRow, ValidationTable
from . import style
from .figure import StaticFigure
from .sensitivity import SHORT, assumption_table, sensitivity_explorer
from .tables import Table

__all__ = ["published_table", "published_plot", "evidence_table", "opensim_table", "opensim_rows", "speed_table",
           "timing",
           "assumption_table", "sensitivity_explorer", "SHORT"]

PASS, MISS, OTHER = style.OKABE_ITO["blue"], style.OKABE_ITO["vermillion"], "#777777"


def _u(unit: str) -> str:
    """A unit as the prose writes it after a number: degrees as °, none for a ratio ("1"), else " unit"."""
    return "°" if unit == "deg" else "" if unit == "1" else "×" if unit == "x" else f" {unit}"


def _num(x: float, unit: str) -> str:
    if unit == "1":  # a share or a ratio: in per cent, as the prose writes it
        return f"{100 * x:.3g} %"
    return f"{x:.3g}{_u(unit)}" if abs(x) < 1000 else f"{x:.0f}{_u(unit)}"


def _need_table(table: object, what: str = "table") -> ValidationTable:
    if not isinstance(table, ValidationTable):
        raise ValueError(f"{what} must be a ValidationTable (itband_edu.validation.validation_table()), got {table!r}")
    return table


#: what a direction-only trend row's study found, in words (the row's value filled in)
_TREND_FINDINGS = {
    "gait.heiderscheit2011_step_rate_moment_trend": "{v:+g} N m/kg with 10 % quicker steps",
    "gait.miller2007_itbs_landing_strain": "higher, landing {v:g}° more bent",
    "chain.day2015_wedge_hip_rotation": "hip internal rotation up with a {v:g}° medial wedge",
}


def _published(r: ValidationRow) -> str:
    if r.name in _TREND_FINDINGS:
        return _TREND_FINDINGS[r.name].format(v=r.value)
    if r.unit == "1":
        return f"{100 * r.value:g} ± {100 * r.tolerance:g} %" if r.kind == "two-sided" else f"{100 * r.value:g} %"
    unit = _u(r.unit)
    return f"{r.value:g} ± {r.tolerance:g}{unit}" if r.kind == "two-sided" else f"{r.value:g}{unit}"


def accepted(r: ValidationRow) -> str:
    """What the verdict accepts, in words: a two-sided range, a bound (``≤``/``<``), a trend's condition or
    the range a recorded discrepancy is expected in."""
    unit = _u(r.unit)
    lo, hi = r.low_high
    if r.name == "stance.fredericson2000_abductor_deficit":
        return f"band and TFL force > 1.1× at deficits {100 * lo:g} to {100 * hi:g} %"
    if r.kind == "trend":  # a direction: the row's criterion says which
        return r.criterion
    if r.unit == "1":
        lo, hi, unit = 100 * lo, 100 * hi, " %"
    if r.name == "tissue.falvey2010_itb_lengthening_bound":
        return f"< {hi:g}{unit} up to a 30 mm stretch"
    if not math.isfinite(lo):
        return f"≤ {hi:.3g}{unit}"
    if lo <= 0 < hi:
        return f"< {hi:.4g}{unit} (a tenth)" if r.kind == "discrepancy" else f"≤ {hi:.3g}{unit}"
    if not math.isfinite(hi):
        return f"> {lo:.3g}{unit}"
    return f"{lo:.3g} to {hi:.3g}{unit}"


def _verdict(r: ValidationRow) -> str:
    return "pass (tolerance only)" if r.by_tolerance_only else r.verdict


# ------------------------------------------------------------------------------------------ published results
def published_table(table: ValidationTable) -> Table:
    """One row per published result: source, kind of comparison, published value (+/- tolerance for a two-sided
    row), what the verdict accepts, the model's value now, the verdict ("pass (tolerance only)" for a bound met
    only thanks to its tolerance)."""
    rows = tuple((r.label, r.source, r.kind, _published(r), accepted(r), _num(r.model, r.model_unit), _verdict(r))
                 for r in _need_table(table).rows)
    return Table(("result", "source", "comparison", "published", "accepted", "model now", "verdict"), rows)


def evidence_table(table: ValidationTable) -> Table:
    """The rows grouped by what a pass is worth (:data:`itband_edu.validation.EVIDENCE_KINDS`), with how much
    of the tolerance is left ("–" for a bound without tolerance, a trend or a discrepancy)."""
    from ..validation import EVIDENCE_KINDS

    t = _need_table(table)
    rows = []
    for kind in EVIDENCE_KINDS:
        for r in (r for r in t.rows if r.evidence == kind):
            left = ("none (a miss)" if r.kind != "discrepancy" and not r.ok else
                    "–" if math.isnan(r.tolerance_left) else f"{100 * r.tolerance_left:.0f} %")
            rows.append((kind, r.label, _num(r.model, r.model_unit), accepted(r), left, _verdict(r)))
    return Table(("kind of evidence", "result", "model now", "accepted", "tolerance left", "verdict"), tuple(rows))


def published_plot(table: ValidationTable) -> Figure:
    """Model / published for every row, with the range the verdict accepts (shaded) and the published value
    at 1; blue dots pass, vermillion crosses miss, grey diamonds are recorded discrepancies (hatched: where
    the note expects them). The trend row has no ratio: its verdict is written at the right."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    n = len(_need_table(table))
    with style.use_course_style():
        fig = StaticFigure(figsize=(9.0, 0.38 * n + 1.6))
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.36, 0.9 / (0.38 * n + 1.6), 0.56, 1 - 1.5 / (0.38 * n + 1.6)))
    xmax = 2.0
    for i, r in enumerate(table.rows):
        y = n - 1 - i
        if r.kind == "trend":
            ax.text(xmax * 0.98, y, f"trend: {r.verdict}", ha="right", va="center", fontsize=11,
                    color=PASS if r.ok else MISS)
            continue
        lo, hi = r.low_high
        a = max(lo / r.value, 0.0) if math.isfinite(lo) else 0.0
        b = min(hi / r.value, xmax) if math.isfinite(hi) else xmax
        ax.barh(y, max(b - a, 0.0), left=a, height=0.6, color="#dddddd" if r.kind == "discrepancy" else "#c6dbef",
                hatch="//" if r.kind == "discrepancy" else None, edgecolor="#999999", linewidth=0.5)
        ax.vlines(1.0, y - 0.35, y + 0.35, color="black", lw=1.5)
        x = min(r.model / r.value, xmax)
        colour = OTHER if r.kind == "discrepancy" else (PASS if r.ok else MISS)
        marker = "D" if r.kind == "discrepancy" else ("o" if r.ok else "X")
        ax.scatter([x], [y], marker=marker, s=70, zorder=3, linewidths=2, edgecolors=colour,
                   facecolors="white" if r.kind == "discrepancy" else colour)
        if r.by_tolerance_only:
            ax.annotate("tolerance only", (x, y), xytext=(8, -4), textcoords="offset points", fontsize=9)
        if r.model / r.value > xmax:
            ax.annotate(f"{r.model / r.value:.1f}×", (xmax, y), xytext=(-4, 6), textcoords="offset points",
                        ha="right", fontsize=10)
    ax.set_yticks(range(n), [r.label for r in reversed(table.rows)], fontsize=10)
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("model ÷ published value (published = 1, black tick)", fontsize=12)
    ax.tick_params(axis="x", labelsize=11)
    fig.text(0.02, 0.995, f"The model against {n} published results: {len(table.passes)} pass, "
             f"{len(table.misses)} miss, {len(table.discrepancies)} recorded discrepancies", fontsize=13,
             weight="bold", va="top")
    fig.text(0.02, 0.995 - 0.3 / (0.38 * n + 1.6), "shaded: what the verdict accepts (hatched: where a discrepancy is "
             "expected); model: ● pass, ✕ miss, ◇ discrepancy", fontsize=10, va="top")
    return fig


# ---------------------------------------------------------------------------------------------------- OpenSim
def _osim_rows() -> dict[str, dict[str, str]]:
    with (data_dir() / "opensim_comparison.csv").open(newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


@dataclass(frozen=True)
class Comparison:
    """One quantity computed by both: OpenSim's stored value and the model's, computed now."""

    quantity: str
    unit: str
    opensim: float
    ours: float
    method: str
    kind: str = "independent"  # input / same by construction / solver check / independent / disagreement

    @property
    def difference(self) -> float:
        return self.ours - self.opensim


def opensim_rows() -> tuple[Comparison, ...]:
    """The model now against the OpenSim 4.6 numbers stored in ``data/opensim_comparison.csv``."""
    o = _osim_rows()
    p = default_parameters()
    tfl = p.muscle("tensor_fasciae_latae")

    def osim(name: str, scale: float = 1.0) -> tuple[float, str]:
        return float(o[name]["value"]) * scale, o[name]["method"]

    def share(drop: float, s: float, flex: float | None = None) -> float:
        r = single_leg_stance(75.0, s, pelvic_drop_deg=drop, hip_flexion_moment=flex)
        return 100.0 * float(r.forces["tensor_fasciae_latae"] / r.total_abductor_force)

    flex = float(o["input.walking_flexion.flexion_moment"]["value"])
    ind, dis = "independent (Winter's segments vs OpenSim's bodies)", "disagreement"
    solver = "same inputs: a solver check"
    rows = [("one-leg-stance demand, level pelvis", "N m", "demand.level.abduction_moment", 1.0,
             float(single_leg_stance(75.0).required_moment), ind),
            ("one-leg-stance demand, 10° pelvic drop", "N m", "demand.drop_10deg.abduction_moment", 1.0,
             float(single_leg_stance(75.0, pelvic_drop_deg=10).required_moment), ind),
            ("TFL abduction moment arm, hip neutral", "cm", "tensor_fasciae_latae.moment_arm_neutral", 1.0,
             100 * tfl.moment_arm_neutral, "input (the model's value is OpenSim's)"),
            ("upper gluteus maximus arm, 10° adduction", "cm", "gluteus_maximus_1.moment_arm_adduction_10deg", 1.0,
             100 * p.muscle("gluteus_maximus_1").moment_arm_adducted, dis + " (the model's is an assumption)")]
    rows += [(f"TFL share, gluteus medius strength {s:g}, level", "%", f"sharing.level.strength_{s:g}.tfl_share",
              100.0, share(0, s), solver) for s in (1.0, 0.5, 0.25)]
    rows += [("TFL share, strength 1, 10° drop", "%", "sharing.drop_10deg.strength_1.tfl_share", 100.0, share(10, 1.0),
              solver + ", one assumed arm"),
             ("abductor force, 10° drop + walking flexion demand", "N",
              "sharing.drop_10deg.walking_flexion.strength_1.abductor_force", 1.0,
              float(single_leg_stance(75.0, pelvic_drop_deg=10, hip_flexion_moment=flex).total_abductor_force),
              dis + " (flexor arms held constant)"),
             ("TFL path lengthening, hip 10° adducted", "mm", "tensor_fasciae_latae.length_change_adduction_10deg",
              1.0, 1e3 * float(tfl.length_change(math.radians(10.0))), "same by construction (from OpenSim's arms)"),
             ("TFL path lengthening, knee flexed 46°", "mm", "tensor_fasciae_latae.length_change_knee_flexion_46deg",
              1.0, 0.0, dis + " (no knee in the model's path)")]
    out = []
    for quantity, unit, name, scale, ours, kind in rows:
        value, method = osim(name, scale)
        out.append(Comparison(quantity, unit, value, ours, method, kind))
    return tuple(out)


def opensim_table() -> Table:
    """The agreement table: OpenSim 4.6's stored value, the model's value now, the difference (percentage points
    for shares) and what kind of comparison the row is."""
    return Table(("quantity", "OpenSim 4.6", "itband_edu now", "difference", "kind"),
                 tuple((c.quantity, f"{c.opensim:.2f} {c.unit}", f"{c.ours:.2f} {c.unit}",
                        f"{c.difference:+.2f} {'points' if c.unit == '%' else c.unit}", c.kind)
                       for c in opensim_rows()))


def timing() -> dict[str, float]:
    """The ``timing.*`` rows of ``data/opensim_comparison.csv`` (name without the prefix -> value);
    empty when the file has none yet."""
    return {k[len("timing."):]: float(r["value"]) for k, r in _osim_rows().items() if k.startswith("timing.")}


def speed_table(target: float = 300.0) -> Table:
    """The speed of the two on the same 101 poses, measured in one run (``timing.*`` rows)."""
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not (math.isfinite(target) and target > 0):
        raise ValueError(f"target must be a positive finite number (a speed ratio), got {target!r}")
    t = timing()
    if not t:
        return Table(("", ""), (("timing", "not recorded yet in data/opensim_comparison.csv"),))
    ratio = t["ratio"]
    return Table(("", "time for 101 poses", "OpenSim ÷ itband_edu"), (
        ("OpenSim 4.6: posture, 8 moment arms, TFL length, pose by pose", f"{t['opensim_kinematics']:.0f} ms", ""),
        ("SciPy's SLSQP: the sharing, pose by pose (for OpenSim's static optimisation)",
         f"{t['opensim_sharing']:.0f} ms", ""),
        ("the research side in all (OpenSim + SLSQP)", f"{t['opensim_101_poses']:.0f} ms", ""),
        ("itband_edu: the whole running stance, one call", f"{t['itband_edu_running_stance']:.2f} ms",
         f"{ratio:.0f}× ({'meets' if ratio >= target else 'misses'} the {target:.0f}× target)"),
        ("itband_edu: the same work only (arms, TFL length, sharing)", f"{t['itband_edu_same_work']:.2f} ms",
         f"{t['same_work_ratio']:.0f}×"),
        ("agreement: largest difference of the TFL's share over the 101 poses", "",
         f"{100 * t['tfl_share_max_abs_diff']:.2f} percentage points")))
