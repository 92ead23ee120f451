"""Assess the whole chain (lesson 09): a learner's (or a case's) measurements run through every link of the
model, each beside the healthy reference, and which measurement moves the band most.

The links, each the model's own function called with the measurements (``measurements`` maps them):

1. one-leg stance, level pelvis and upright trunk (:func:`~itband_edu.single_leg_stance`, body mass and
   gluteus medius strength): TFL force, ITB tension, and whether the abductors can hold the pelvis level
   at all (if not, in life the pelvis would drop);
2. the running stance (:func:`~itband_edu.running_stance`, every measurement): peak ITB tension, peak hip
   abduction moment, and the knee's time in the compression zone per stance
   (:func:`~itband_edu.knee_angles.stance_time_in_zone`). SYNTHETIC CURVES shaped to published peaks;
3. the foot chain (:func:`~itband_edu.chain_from_foot` at the peak rearfoot eversion): the length change
   of the TFL + band unit.

Body size (a TEACHING ASSUMPTION, the row ``healthy reference, body_mass`` of data/case_studies.csv): the
model's muscles are one 75 kg subject's (Rajagopal et al. 2016). A learner's muscles are taken to scale with
their body size: the torque in %BWh is strength relative to the learner's own weight x height, so the model is
run for the 75 kg reference body with that relative strength (:func:`model_inputs`), and every force and
moment is multiplied by ``mass / 75 kg`` (:attr:`Assessment.force_scale`; demand and capacities both scale
with weight, so activations are unchanged). The healthy reference of each link is then a healthy runner of
the learner's own mass. This cannot capture a heavier runner with the same muscles.

The ranking (:attr:`Assessment.ranking`) is defined as: for each measurement but body mass alone set to the
learner's value (all others at the healthy reference, at the learner's mass), the change of the running
stance's peak ITB tension; sorted by its size. Body mass is not ranked: under the assumption above it
scales every force of the runner and of the reference alike. Ties (within :data:`TIE_N`) are reported as
ties, and when the abductors reach their maximum in a run that the ranking uses, the tension sits at the
model's ceiling and the yardstick cannot rank (:attr:`Assessment.verdict`). It is one honest yardstick, not
the only one: the time in the knee's zone and the foot chain's length change are listed beside it.

This is an education tool, not a diagnosis (:data:`DISCLAIMER`): it says what this simplified model does with
the numbers, not what causes anyone's pain.

Here: the mapping of the measurements to the model's inputs and the runs. The result, :class:`Assessment`,
its ranking's verdict and the summary (:func:`summary_csv`) are in ``assessment_result``; the composite cases
and the healthy reference's torque and body mass are read from ``data/case_studies.csv`` by ``case_studies``
(:func:`load_case_studies`, :func:`torque_reference`, :func:`reference_mass`, :func:`case_sources`). Both are
re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

from .assessment_result import DISCLAIMER, TIE_N, Assessment, LinkChange, SummaryRow, summary_csv
from .case_studies import (REFERENCE_CASE, CaseStudyError, case_sources, load_case_studies, reference_mass,
                           torque_reference)
from .chain import ChainResult, chain_from_foot
from .gait import RunningStanceResult, running_stance
from .knee_angles import stance_time_in_zone
from .measurement_fields import FIELD_NAMES, MeasurementError, field_specs, parse_value
from .parameters import data_dir, default_parameters
from .stance import StanceResult, single_leg_stance

__all__ = ["Assessment", "LinkChange", "SummaryRow", "CaseStudyError", "DISCLAIMER", "REFERENCE_CASE", "TIE_N",
           "RANKED_FIELDS", "assess", "model_inputs", "force_scale", "load_case_studies", "case_sources",
           "torque_reference", "reference_mass", "summary_csv"]

#: The measurements the ranking compares (body mass scales everything instead: module docstring).
RANKED_FIELDS = tuple(k for k in FIELD_NAMES if k != "body_mass")


def _checked_torque_ref(torque_ref: float | None) -> float:
    if torque_ref is None:
        return torque_reference()
    if isinstance(torque_ref, bool) or not isinstance(torque_ref, (int, float)) or not math.isfinite(torque_ref) \
            or torque_ref <= 0:
        raise ValueError(f"torque_ref = {torque_ref!r} must be a finite number of %BWh above 0 "
                         f"(default: the healthy reference, {torque_reference():g} %BWh)")
    return float(torque_ref)


def model_inputs(values: Mapping[str, float], torque_ref: float | None = None) -> dict[str, float]:
    """Map the six measurements to the model's inputs for the reference body (module docstring): the body
    mass input is :func:`reference_mass` (multiply forces by :func:`force_scale`), gluteus medius strength is
    the torque / ``torque_ref`` (default :func:`torque_reference`), the step rate a per cent change.

    Every field is checked like a learner's (:func:`~itband_edu.measurements.parse_value`): a bad or missing
    field, an unknown key or a ``torque_ref`` not above 0 raises a ``ValueError`` naming it."""
    t_ref = _checked_torque_ref(torque_ref)
    vals = _checked(values)
    rate = default_parameters().value("knee.running_cadence")
    return {
        "body_mass": reference_mass(),
        "glute_med_strength": vals["hip_abduction_torque"] / t_ref,
        "peak_pelvic_drop_deg": vals["pelvic_drop_deg"],
        "trunk_lean_deg": vals["trunk_lean_deg"],
        "step_rate_change_percent": 100.0 * (vals["step_rate"] / rate - 1.0),
        "peak_rearfoot_eversion_deg": vals["rearfoot_eversion_deg"],
    }


def force_scale(values: Mapping[str, float]) -> float:
    """The factor every force and moment of the reference body is multiplied by: the learner's mass / the
    reference mass (a teaching assumption, module docstring)."""
    return parse_value("body_mass", values.get("body_mass")) / reference_mass()


def _checked(values: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(values, Mapping):
        raise MeasurementError(f"values must be a mapping of the fields {', '.join(FIELD_NAMES)}; "
                               f"got {type(values).__name__}")
    unknown = [k for k in values if k not in FIELD_NAMES]
    if unknown:
        raise MeasurementError(f"unknown field(s) {', '.join(map(repr, unknown))}; the fields are "
                               f"{', '.join(FIELD_NAMES)}")
    specs = field_specs()
    return {k: parse_value(k, values.get(k), specs) for k in FIELD_NAMES}


_INPUT_ORDER = ("body_mass", "glute_med_strength", "peak_pelvic_drop_deg", "trunk_lean_deg",
                "step_rate_change_percent", "peak_rearfoot_eversion_deg")


def _run(inputs: Mapping[str, float], folder: str) -> tuple[RunningStanceResult, float]:
    """The running stance and its time in the knee's zone (ms), cached (by the data folder too): an explorer
    move changes one input, so the reference and the one-measurement runs repeat."""
    return _run_key(tuple(float(inputs[k]) for k in _INPUT_ORDER), folder)


@lru_cache(maxsize=128)
def _run_key(key: tuple[float, ...], _folder: str) -> tuple[RunningStanceResult, float]:
    x = dict(zip(_INPUT_ORDER, key, strict=True))
    run = running_stance(body_mass=x["body_mass"], glute_med_strength=x["glute_med_strength"],
                         peak_pelvic_drop_deg=x["peak_pelvic_drop_deg"], trunk_lean_deg=x["trunk_lean_deg"],
                         step_rate_change_percent=x["step_rate_change_percent"],
                         peak_rearfoot_eversion_deg=x["peak_rearfoot_eversion_deg"])
    return run, 1000 * stance_time_in_zone(run).per_phase_s


@lru_cache(maxsize=64)
def _stance(body_mass: float, glute_med_strength: float, _folder: str) -> StanceResult:
    return single_leg_stance(body_mass, glute_med_strength)


@lru_cache(maxsize=64)
def _foot(eversion_deg: float, _folder: str) -> ChainResult:
    return chain_from_foot(eversion_deg)


_KEYED = {"hip_abduction_torque": "glute_med_strength", "pelvic_drop_deg": "peak_pelvic_drop_deg",
          "trunk_lean_deg": "trunk_lean_deg", "step_rate": "step_rate_change_percent",
          "rearfoot_eversion_deg": "peak_rearfoot_eversion_deg"}


def assess(values: Mapping[str, float]) -> Assessment:
    """Run the whole chain with ``values`` (the six measurements, checked again here) and the reference.

    Raises :class:`~itband_edu.measurements.MeasurementError` naming a bad, missing or unknown field."""
    folder, specs = str(data_dir()), field_specs()
    vals = _checked(values)
    ref = {k: s.reference for k, s in specs.items()}
    t_ref = specs["hip_abduction_torque"].reference
    x, x0 = model_inputs(vals, t_ref), model_inputs(ref, t_ref)
    scale = vals["body_mass"] / reference_mass()
    (run, zone), (run0, zone0) = _run(x, folder), _run(x0, folder)
    peak0 = float(run0.itb_tension.max())
    changes = []
    for k in RANKED_FIELDS:
        alone, zone_alone = _run({**x0, _KEYED[k]: x[_KEYED[k]]}, folder)
        changes.append(LinkChange(k, specs[k].label, vals[k], ref[k], specs[k].unit,
                                  scale * (float(alone.itb_tension.max()) - peak0), zone_alone - zone0,
                                  bool(alone.moment_deficit.max() > 0)))
    ranking = tuple(sorted(changes, key=lambda c: -abs(c.peak_tension_change)))  # ties: Assessment.leaders
    return Assessment(
        values=vals, reference=ref, inputs=x,
        stance=_stance(x["body_mass"], x["glute_med_strength"], folder),
        stance_reference=_stance(x0["body_mass"], x0["glute_med_strength"], folder),
        run=run, run_reference=run0, time_in_zone_ms=zone, time_in_zone_reference_ms=zone0,
        foot=_foot(x["peak_rearfoot_eversion_deg"], folder),
        foot_reference=_foot(x0["peak_rearfoot_eversion_deg"], folder),
        ranking=ranking, force_scale=scale,
    )
