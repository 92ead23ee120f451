"""The model's side of every row of ``data/published_results.csv`` (lesson 10): a computation for each row,
its kind of comparison, its plain label and what a pass is worth.

Each computation takes the row's published value and tolerance and the parameters and returns a
:class:`Verdict` (the model's value, the criterion, whether it holds), following the row's note (what is
compared, with which inputs); the two Pauwels angle rows (computed and printed) share one. :data:`COMPUTATIONS`
maps each row's name to its kind of comparison and its computation, :data:`LABELS` to a plain name and
:data:`EVIDENCE` to what a pass is worth (one of :data:`EVIDENCE_KINDS`). The table that reads the file and
judges every row is ``validation``, which re-exports these.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .chain import chain_from_foot
from .gait import running_stance
from .knee import knee_compression
from .knee_angles import crossing_angle, peak_compression_angle
from .parameters import Parameters
from .stance import single_leg_stance
from .tissue import band_stretch

__all__ = ["Verdict", "Computation", "COMPUTATIONS", "LABELS", "EVIDENCE", "EVIDENCE_KINDS", "JELSING_SUPINE_MM",
           "ORDER_OF_MAGNITUDE", "FALVEY_STRETCH", "FALVEY_RANGE", "STEP_RATES", "MILLER_LANDINGS"]

#: Jelsing et al. 2013's supine value (mm), from the note of published_results.csv's row
#: knee.jelsing2013_band_movement ("3.8 mm (supine)"): the model must move the band less than three times it
#: (plus half a millimetre of rounding), so that lesson 06's "1.5 to 3 times" stays true.
JELSING_SUPINE_MM = 3.8
#: A recorded discrepancy "stands" while the model stays at least this factor away from the published value
#: (Chaudhry's row: "not the same order of magnitude"; Falvey's gauges: "50 to 110 times more").
ORDER_OF_MAGNITUDE = 10.0


@dataclass(frozen=True)
class Verdict:
    """The model's value for one row (``model``, in ``model_unit``), what it was compared with and how."""

    model: float
    model_unit: str
    criterion: str
    ok: bool
    band: tuple[float, float] | None = None  # what a discrepancy's verdict accepts, in the row's unit


# Each computation takes the row's (value, tolerance) and the parameters, and returns a Verdict. They follow
# the notes of data/published_results.csv (what is compared, with which inputs).


def _pauwels(p: Parameters):  # type: ignore[no-untyped-def]
    # Pauwels's inputs (58.7 kg, W' = 0.814 BW at 10.99 cm, lever 4.0 cm, 21 deg): the note of
    # published_results.csv's stance.pauwels_abductor_force, transcribed by Fischer et al. 2022
    return single_leg_stance(body_mass=58.7, supported_weight_fraction=0.814, weight_lever=0.1099,
                             abductor_lever=0.04, abductor_angle_deg=21, params=p)


def _within(model: float, unit: str, v: float, t: float) -> Verdict:
    return Verdict(model, unit, f"|model - {v:g}| <= {t:g}", abs(model - v) <= t)


def _at_most(model: float, unit: str, v: float, t: float, strict: bool = False) -> Verdict:
    ok = model < v + t if strict else model <= v + t
    return Verdict(model, unit, f"model {'<' if strict else '<='} {v + t:g}", ok)


def _pauwels_force(v: float, t: float, p: Parameters) -> Verdict:
    r = _pauwels(p)
    return _within(float(r.total_abductor_force / r.body_weight), "BW", v, t)


def _pauwels_hip(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(_pauwels(p).hip_contact_force_bw), "BW", v, t)


def _pauwels_angle(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(_pauwels(p).hip_contact_angle_deg), "deg", v, t)


def _default_hip(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(single_leg_stance(params=p).hip_contact_force_bw), "BW", v, t)


def _default_angle(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(single_leg_stance(params=p).hip_contact_angle_deg), "deg", v, t)


def _walking_bound(v: float, t: float, p: Parameters) -> Verdict:
    return _at_most(float(single_leg_stance(params=p).hip_contact_force_bw), "BW", v, t)


def _kummer(v: float, t: float, p: Parameters) -> Verdict:
    r = single_leg_stance(params=p)
    share = float((r.force_of("gluteus_medius") + r.force_of("gluteus_minimus")) / r.total_abductor_force)
    return Verdict(share, "1", f"{v:g} <= model <= {v + t:g}", v <= share <= v + t)


def _capacity(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(single_leg_stance(params=p).abductor_capacity), "N m", v, t)


def _capacity_ratio(v: float, t: float, p: Parameters) -> Verdict:
    ratio = single_leg_stance(pelvic_drop_deg=10, params=p).abductor_capacity / single_leg_stance(
        params=p).abductor_capacity
    return _within(float(ratio), "1", v, t)


#: The stretch imposed on the band for Falvey's rows (m) and the clinical range checked (up to 30 mm): from the
#: note of tissue.falvey2010_itb_lengthening_bound ("about the 1.5-2 cm a 20 deg hip-adduction stretch imposes").
FALVEY_STRETCH, FALVEY_RANGE = 0.02, 0.03


def _falvey(v: float, t: float, p: Parameters) -> Verdict:
    at_20mm = float(band_stretch(stretch=FALVEY_STRETCH, params=p).band_strain_percent)
    whole_range = float(np.max(band_stretch(stretch=np.linspace(0.0, FALVEY_RANGE, 31), params=p).band_strain_percent))
    return Verdict(at_20mm, "%", f"model < {v + t:g} at 20 mm (and up to 30 mm)", whole_range < v + t)


def _falvey_gauges(v: float, t: float, p: Parameters) -> Verdict:
    microstrain = 1e6 * float(band_stretch(stretch=FALVEY_STRETCH, params=p).band_strain)
    low = ORDER_OF_MAGNITUDE * (v + t)
    return Verdict(microstrain, "microstrain", f"model > {low:g} (ten times the largest reading) at 20 mm",
                   microstrain > low, (low, math.inf))


def _heiderscheit(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(running_stance(params=p).hip_abduction_moment_per_kg.max()), "N m/kg", v, t)


def _distal_modulus(v: float, t: float, p: Parameters) -> Verdict:
    load = 500.0
    r = band_stretch(load=load, params=p)
    return _within(float(load / (r.band_peak_strain * p.itb_cross_section) / 1e6), "MPa", v, t)


def _proximal_modulus(v: float, t: float, p: Parameters) -> Verdict:
    load = 500.0
    r = band_stretch(load=load, params=p)
    f = p.itb_proximal_length_fraction
    distal = r.band_peak_strain * (1 - f) * p.itb_length
    strain = (r.band_elongation - distal) / (f * p.itb_length)
    return _within(float(load / (strain * p.itb_cross_section) / 1e6), "MPa", v, t)


def _fredericson(v: float, t: float, p: Parameters) -> Verdict:
    normal = single_leg_stance(params=p)
    ok = True
    for deficit in (v - t, v, v + t):
        weak = single_leg_stance(glute_med_strength=1.0 + deficit, params=p)
        ok = ok and bool(weak.feasible) and bool(
            weak.forces["tensor_fasciae_latae"] > 1.1 * normal.forces["tensor_fasciae_latae"])
        ok = ok and bool(weak.itb_tension > 1.1 * normal.itb_tension) and bool(
            weak.force_of("gluteus_medius") < normal.force_of("gluteus_medius"))
    # 1.1: the trend test's own margin (tests/test_published.py), "raises", not "by how much"
    ratio = float(single_leg_stance(glute_med_strength=1.0 + v, params=p).itb_tension / normal.itb_tension)
    return Verdict(ratio, "x", f"deficits {v - t:g} to {v + t:g}: TFL force and ITB tension > 1.1x, still feasible",
                   ok)


def _force_for_1pct(p: Parameters) -> float:
    lo, hi = 0.0, 5000.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if band_stretch(load=mid, params=p).band_strain < 0.01 else (lo, mid)
    return 0.5 * (lo + hi)


def _chaudhry(v: float, t: float, p: Parameters) -> Verdict:
    force = _force_for_1pct(p)
    ok = force < v / ORDER_OF_MAGNITUDE and float(band_stretch(stretch=FALVEY_STRETCH, params=p).load) < force
    return Verdict(force, "N", f"model < {v / ORDER_OF_MAGNITUDE:g} (a tenth of the published value)", ok,
                   (0.0, v / ORDER_OF_MAGNITUDE))


def _tomiyama(v: float, t: float, p: Parameters) -> Verdict:
    run = running_stance(params=p)
    d = _within(float(run.path_strain_percent.max()), "%", v, t)
    return Verdict(d.model, d.model_unit, d.criterion, d.ok and bool(run.tissue_strain.max() > run.path_strain.max()))


def _orchard(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(crossing_angle(params=p)), "deg", v, t)


def _orchard_peak(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(peak_compression_angle(params=p)), "deg", v, t)


#: Heiderscheit et al. 2011's step-rate changes tested by the moment trend (per cent; data/gait.csv's rows)
STEP_RATES = (-10.0, 10.0)


def _heiderscheit_trend(v: float, t: float, p: Parameters) -> Verdict:
    peak = {s: float(running_stance(step_rate_change_percent=s, params=p).hip_abduction_moment_per_kg.max())
            for s in (STEP_RATES[0], 0.0, STEP_RATES[1])}
    change = peak[STEP_RATES[1]] - peak[0.0]
    ok = change < 0.0 and peak[STEP_RATES[0]] > peak[0.0]
    return Verdict(change, "N m/kg", "lower at +10 % and higher at −10 % than at 0 %", ok)


#: Miller et al. 2007's landing knee flexion (deg) of the ITBS group and of the controls (data/gait.csv)
MILLER_LANDINGS = (20.6, 15.3)


def _miller(v: float, t: float, p: Parameters) -> Verdict:
    itbs, ctrl = (float(running_stance(knee_flexion_contact_deg=k, params=p).path_strain_percent.max())
                  for k in MILLER_LANDINGS)
    return Verdict(itbs - ctrl, "%", "peak path strain higher with the ITBS group's landing", itbs - ctrl > 0.0)


def _day(v: float, t: float, p: Parameters) -> Verdict:
    typical = math.degrees(p.value("gait.peak_rearfoot_eversion"))
    wedge = math.degrees(p.value("chain.orthosis_eversion_change"))
    r = chain_from_foot(np.array([typical, typical - wedge]), params=p)
    change = float(np.diff(r.hip_internal_rotation_deg)[0])
    return Verdict(change, "deg", "hip internal rotation rises with a medial wedge", change > 0.0)


def _mills(v: float, t: float, p: Parameters) -> Verdict:
    return _within(float(chain_from_foot(2.12, params=p).tibial_rotation_deg), "deg", v, t)


def _jelsing(v: float, t: float, p: Parameters) -> Verdict:
    r = knee_compression(np.array([0.0, 45.0]), 100.0, params=p)
    pos = np.asarray(r.band_position)
    moved = float(pos[0] - pos[1]) * 1e3
    high = 3.0 * JELSING_SUPINE_MM + 0.5
    return Verdict(moved, "mm", f"{v:g} < model < {high:g} (1.5-3 times as far)", v < moved < high, (v, high))


Computation = Callable[[float, float, Parameters], Verdict]

#: row name -> (kind of comparison, computation). The kind follows each row's note.
COMPUTATIONS: dict[str, tuple[str, Computation]] = {
    "stance.pauwels_abductor_force": ("two-sided", _pauwels_force),
    "stance.pauwels_hip_contact_force": ("two-sided", _pauwels_hip),
    "stance.pauwels_hip_contact_angle": ("two-sided", _pauwels_angle),
    "stance.pauwels_hip_contact_angle_printed": ("two-sided", _pauwels_angle),
    "stance.bergmann2016_one_leg_stance_force": ("two-sided", _default_hip),
    "stance.bergmann2016_one_leg_stance_angle": ("two-sided", _default_angle),
    "stance.bergmann2001_walking_upper_bound": ("one-sided", _walking_bound),
    "stance.kummer1993_trochanteric_share": ("one-sided", _kummer),
    "sharing.rajagopal2016_capacity_neutral": ("two-sided", _capacity),
    "sharing.rajagopal2016_capacity_adducted_ratio": ("two-sided", _capacity_ratio),
    "tissue.falvey2010_itb_lengthening_bound": ("one-sided", _falvey),
    "tissue.falvey2010_gauge_strain": ("discrepancy", _falvey_gauges),
    "tissue.otsuka2020_modulus": ("two-sided", _distal_modulus),
    "tissue.otsuka2020_modulus_proximal": ("two-sided", _proximal_modulus),
    "stance.fredericson2000_abductor_deficit": ("trend", _fredericson),
    "tissue.chaudhry2008_force_for_1pct": ("discrepancy", _chaudhry),
    "gait.tomiyama2016_path_strain": ("two-sided", _tomiyama),
    "gait.heiderscheit2011_peak_hip_abduction_moment": ("two-sided", _heiderscheit),
    "knee.orchard1996_impingement_angle": ("two-sided", _orchard),
    "chain.mills2010_tibial_rotation": ("two-sided", _mills),
    "knee.jelsing2013_band_movement": ("discrepancy", _jelsing),
    "gait.heiderscheit2011_step_rate_moment_trend": ("trend", _heiderscheit_trend),
    "knee.orchard1996_peak_compression_angle": ("two-sided", _orchard_peak),
    "gait.miller2007_itbs_landing_strain": ("trend", _miller),
    "chain.day2015_wedge_hip_rotation": ("trend", _day),
}
#: plain names of the rows, for tables and plots
LABELS: dict[str, str] = {
    "stance.pauwels_abductor_force": "Pauwels: abductor force",
    "stance.pauwels_hip_contact_force": "Pauwels: hip force",
    "stance.pauwels_hip_contact_angle": "Pauwels: hip force angle",
    "stance.pauwels_hip_contact_angle_printed": "Pauwels: printed angle",
    "stance.bergmann2016_one_leg_stance_force": "Bergmann 2016: hip force",
    "stance.bergmann2016_one_leg_stance_angle": "Bergmann 2016: force angle",
    "stance.bergmann2001_walking_upper_bound": "Bergmann 2001: walking bound",
    "stance.kummer1993_trochanteric_share": "Kummer: gluteus med + min share",
    "sharing.rajagopal2016_capacity_neutral": "Rajagopal: abductor capacity",
    "sharing.rajagopal2016_capacity_adducted_ratio": "Rajagopal: capacity at 10° adduction",
    "tissue.falvey2010_itb_lengthening_bound": "Falvey: stretch bound (< 0.5 %)",
    "tissue.falvey2010_gauge_strain": "Falvey: gauge readings",
    "tissue.otsuka2020_modulus": "Otsuka: distal stiffness",
    "tissue.otsuka2020_modulus_proximal": "Otsuka: upper stiffness",
    "stance.fredericson2000_abductor_deficit": "Fredericson: weak abductors",
    "tissue.chaudhry2008_force_for_1pct": "Chaudhry: force for 1 %",
    "gait.tomiyama2016_path_strain": "Tomiyama: running path strain",
    "gait.heiderscheit2011_peak_hip_abduction_moment": "Heiderscheit: running hip moment",
    "knee.orchard1996_impingement_angle": "Orchard: impingement angle",
    "chain.mills2010_tibial_rotation": "Mills: orthosis tibial rotation",
    "knee.jelsing2013_band_movement": "Jelsing: band movement",
    "gait.heiderscheit2011_step_rate_moment_trend": "Heiderscheit: moment with quicker steps",
    "knee.orchard1996_peak_compression_angle": "Orchard: angle of peak pressing",
    "gait.miller2007_itbs_landing_strain": "Miller: strain with a bent-knee landing",
    "chain.day2015_wedge_hip_rotation": "Day: wedge and hip rotation",
}
#: what each row's comparison is worth (lesson 10 sorts the passes by it)
EVIDENCE_KINDS = ("arithmetic or input", "partly independent", "measured in people or cadavers",
                  "another model or a calculation", "the same number against a bound",
                  "model behaviour with a published input", "recorded discrepancy")
_A, _P, _M, _O, _S, _B, _D = EVIDENCE_KINDS
EVIDENCE: dict[str, str] = {
    "stance.pauwels_abductor_force": _A, "stance.pauwels_hip_contact_force": _A,
    "stance.pauwels_hip_contact_angle": _A, "stance.pauwels_hip_contact_angle_printed": _A,
    "tissue.otsuka2020_modulus": _A, "tissue.otsuka2020_modulus_proximal": _A,
    "sharing.rajagopal2016_capacity_neutral": _A, "sharing.rajagopal2016_capacity_adducted_ratio": _P,
    "stance.bergmann2016_one_leg_stance_force": _M, "stance.bergmann2016_one_leg_stance_angle": _M,
    "knee.orchard1996_impingement_angle": _M, "chain.mills2010_tibial_rotation": _M,
    "tissue.falvey2010_itb_lengthening_bound": _M, "gait.heiderscheit2011_peak_hip_abduction_moment": _M,
    "stance.kummer1993_trochanteric_share": _O, "gait.tomiyama2016_path_strain": _O,
    "stance.bergmann2001_walking_upper_bound": _S, "stance.fredericson2000_abductor_deficit": _B,
    "tissue.falvey2010_gauge_strain": _D, "tissue.chaudhry2008_force_for_1pct": _D,
    "knee.jelsing2013_band_movement": _D,
    "gait.heiderscheit2011_step_rate_moment_trend": _M, "knee.orchard1996_peak_compression_angle": _M,
    "gait.miller2007_itbs_landing_strain": _O, "chain.day2015_wedge_hip_rotation": _M,
}
#: one-sided rows whose allowed range lies above the value (value to value + tolerance), not below it
_RANGE_ABOVE = frozenset({"stance.kummer1993_trochanteric_share"})
