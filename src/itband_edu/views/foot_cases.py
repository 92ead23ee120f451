"""Lesson 05's cases and tables: the reference eversions, the pelvic-drop and running comparisons,
and the tables the lesson shows (``orthosis_table``, ``chain_table``, ``comparison_table``). Every
number is read from ``data/`` or computed by the model; the explorer is in ``foot``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..chain import ChainResult, chain_from_foot
from ..gait import running_stance
from ..parameters import Parameters, default_parameters
from ..stance import single_leg_stance
from .tables import Table

__all__ = ["chain_table", "orthosis_table", "comparison_table", "extra_eversion_change", "ExtraEversion",
           "pelvic_drop_length_change", "running_peak", "RunningPeak", "reference_eversions", "ReferenceEversions",
           "FISCHER_SD", "OVERPRONATION_EXTRA_DEG", "COMPARISON_DROP_DEG", "LENGTH_AXIS_MM", "as_float"]

#: Between-specimen SD of Fischer et al. 2018's eversion -> tibial rotation coupling (deg/deg), from
#: data/chain.csv.
FISCHER_SD = default_parameters().value("chain.eversion_to_tibial_rotation_sd")
#: "Overpronation" as this lesson uses it: this many degrees more peak eversion than the typical
#: running peak (data/chain.csv; a teaching assumption: no agreed threshold exists).
OVERPRONATION_EXTRA_DEG = round(math.degrees(default_parameters().value("chain.overpronation_extra_eversion")), 6)
#: The pelvic drop of the one-leg-stance reference bar and of the lesson's comparison (lessons 02-03).
COMPARISON_DROP_DEG = 8.0
#: The length-change axis of the bars (mm); larger values are clipped and written beside the bar.
LENGTH_AXIS_MM = (-3.0, 12.0)


@dataclass(frozen=True)
class ReferenceEversions:
    """The lesson's eversion cases in degrees, from data/: the typical running peak (Sinclair 2017),
    the change a medial orthosis makes (Sinclair 2017) and the "overpronation" teaching case."""

    running_peak: float
    orthosis_change: float
    overpronation: float

    @property
    def with_orthosis(self) -> float:
        return self.running_peak - self.orthosis_change


def reference_eversions(params: Parameters | None = None) -> ReferenceEversions:
    """The eversion cases of the lesson and the explorer's presets (deg), read from data/."""
    p = params or default_parameters()
    peak = math.degrees(p.value("gait.peak_rearfoot_eversion"))
    return ReferenceEversions(running_peak=round(peak, 2),
                              orthosis_change=round(math.degrees(p.value("chain.orthosis_eversion_change")), 2),
                              overpronation=round(peak + OVERPRONATION_EXTRA_DEG, 2))


def pelvic_drop_length_change(pelvic_drop_deg: float, params: Parameters | None = None) -> float:
    """Lengthening (m) of the TFL + band unit in one-leg stance with a contralateral pelvic drop.

    As in ``stance``: the femur stays vertical, so the stance hip adducts by the drop, and the unit
    lengthens by the integral of the TFL's moment arm over that angle (``Muscle.length_change``, the
    path the model uses for the band's passive tension): ``StanceResult.itb_length_change``.
    """
    return float(single_leg_stance(pelvic_drop_deg=pelvic_drop_deg, params=params).itb_length_change)


@dataclass(frozen=True)
class ExtraEversion:
    """What some degrees of eversion on top of the typical running peak add, link by link (SI: m)."""

    base: ChainResult  # the typical running peak
    peak: ChainResult  # the typical peak plus the extra degrees
    itb_length_change: float  # m, peak - base
    length_change_from_hip_adduction: float  # m
    length_change_from_rotation: float  # m
    band_elongation: float  # m


def extra_eversion_change(extra_deg: float | None = None, params: Parameters | None = None) -> ExtraEversion:
    """The chain's difference between the typical running peak of eversion and ``extra_deg`` more
    (default: the lesson's "overpronation", data/chain.csv). Not from neutral: the TFL's moment arm is
    a little shorter where the hip is already adducted, so the same degrees add a little less."""
    p = params or default_parameters()
    ev = reference_eversions(p)
    extra = OVERPRONATION_EXTRA_DEG if extra_deg is None else extra_deg
    base = chain_from_foot(ev.running_peak, params=p)
    peak = chain_from_foot(ev.running_peak + extra, params=p)
    return ExtraEversion(base, peak, as_float(peak.itb_length_change) - as_float(base.itb_length_change),
                         as_float(peak.length_change_from_hip_adduction)
                         - as_float(base.length_change_from_hip_adduction),
                         as_float(peak.length_change_from_rotation) - as_float(base.length_change_from_rotation),
                         as_float(peak.band_elongation) - as_float(base.band_elongation))


@dataclass(frozen=True)
class RunningPeak:
    """The running stance (synthetic curves shaped to published peaks) at its largest length change."""

    itb_length_change: float  # m
    path_strain: float  # 1
    tissue_strain: float  # 1, the band's own strain at that moment (from the whole tension)
    itb_tension: float  # N
    stance_fraction: float  # 0-1


@lru_cache(maxsize=1)
def _running_peak_default() -> RunningPeak:
    return _running_peak(default_parameters())


def _running_peak(p: Parameters) -> RunningPeak:
    run = running_stance(params=p)
    i = int(np.argmax(run.itb_length_change))
    return RunningPeak(float(run.itb_length_change[i]), float(run.path_strain[i]), float(run.tissue_strain[i]),
                       float(run.itb_tension[i]), float(run.stance_fraction[i]))


def running_peak(params: Parameters | None = None) -> RunningPeak:
    """The peak of the unit's length change over :func:`itband_edu.running_stance` (default runner)."""
    return _running_peak_default() if params is None else _running_peak(params)


def as_float(x: Any) -> float:
    return float(np.asarray(x))


def chain_table(results: Mapping[str, ChainResult]) -> Table:
    """One row per labelled (scalar) chain result: every link from the heel to the band."""
    header = ("", "eversion (deg)", "tibial rotation (deg)", "hip rotation (deg)", "hip adduction (deg)",
              "unit lengthens (mm)", "path strain (%)", "band's own strain (%)")
    rows = tuple((label, f"{math.degrees(as_float(r.rearfoot_eversion)):.2f}", f"{as_float(r.tibial_rotation_deg):.2f}",
                  f"{as_float(r.hip_internal_rotation_deg):.2f}", f"{as_float(r.hip_adduction_deg):.2f}",
                  f"{1000 * as_float(r.itb_length_change):.2f}", f"{as_float(r.unit_strain_percent):.2f}",
                  f"{as_float(r.band_strain_percent):.4f}") for label, r in results.items())
    return Table(header, rows)


def orthosis_table(less_eversion: Mapping[str, float], params: Parameters | None = None) -> Table:
    """What less peak eversion (deg, one row per label) does to the tibia's internal rotation in the
    chain's first link, at the typical running peak. Changes are signed: less is negative."""
    p = params or default_parameters()
    peak = reference_eversions(p).running_peak
    base = as_float(chain_from_foot(peak, params=p).tibial_rotation_deg)
    rows = tuple((label, f"{-d:+.2f}".replace("-", "−"),
                  f"{as_float(chain_from_foot(peak - d, params=p).tibial_rotation_deg) - base:+.2f}".replace("-", "−"))
                 for label, d in less_eversion.items())
    return Table(("", "change of peak eversion (deg)", "change of tibial internal rotation (deg)"), rows)


def comparison_table(params: Parameters | None = None) -> Table:
    """How much the TFL + band unit lengthens: the foot through the chain (the overpronation margin
    on top of the typical peak, the typical running peak, the overpronation peak), one-leg stance with
    the lessons' 8 deg pelvic drop, and the running peak."""
    p = params or default_parameters()
    ev = reference_eversions(p)
    path = p.tfl_path_length
    rows: list[tuple[str, str, str]] = []

    def add(label: str, dl: float) -> None:
        rows.append((label, f"{1000 * dl:.2f}", f"{100 * dl / path:.2f}"))

    add(f"foot: {OVERPRONATION_EXTRA_DEG:.0f}° more than the typical peak (chain)",
        extra_eversion_change(params=p).itb_length_change)
    add(f"foot: typical running peak, {ev.running_peak:.1f}° (chain)",
        as_float(chain_from_foot(ev.running_peak, params=p).itb_length_change))
    add(f"foot: overpronation peak, {ev.overpronation:.1f}° (chain)",
        as_float(chain_from_foot(ev.overpronation, params=p).itb_length_change))
    add(f"one-leg stance, {COMPARISON_DROP_DEG:.0f}° pelvic drop", pelvic_drop_length_change(COMPARISON_DROP_DEG, p))
    add("running stance, peak (model)", running_peak(None if params is None else p).itb_length_change)
    return Table(("", "unit lengthens (mm)", "path strain (%)"), tuple(rows))
