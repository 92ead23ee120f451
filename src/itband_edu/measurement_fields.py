"""The six measurements a learner can take on themselves or a partner (lesson 09): each field's unit,
allowed range and healthy reference, and the check of one typed value. Re-exported by ``measurements``,
which also reads and writes them as a CSV file.

Six fields, each with its unit, its allowed range and what it feeds in the model (:data:`FIELD_NAMES`,
:func:`field_specs`):

============================  ===========  ================================================================
field                         unit         model input
============================  ===========  ================================================================
``body_mass``                 kg           every force x mass / 75 kg (40-150 kg; a teaching assumption)
``hip_abduction_torque``      %BWh         ``glute_med_strength`` = torque / the healthy reference (75 kg body)
``pelvic_drop_deg``           deg          ``running_stance(peak_pelvic_drop_deg=...)`` (0-15)
``trunk_lean_deg``            deg          ``running_stance(trunk_lean_deg=...)`` (-15 to 20, in the room)
``step_rate``                 steps/min    ``step_rate_change_percent`` = 100 (rate / 174 - 1), -10 to +10 %
``rearfoot_eversion_deg``     deg          ``peak_rearfoot_eversion_deg`` and ``chain_from_foot`` (0-20)
============================  ===========  ================================================================

Every range is the model's own (``stance.LIMITS``, ``gait.LIMITS``, ``gait_levers.LIMITS``) or narrower:
a value outside it gets a message saying so, never a silent clip. The hip-abduction torque is in
Fredericson et al.'s (2000) unit, per cent of body weight times height; its reference, the mean of their
30 control runners, is in ``data/case_studies.csv``. Mapping it to gluteus medius alone is a TEACHING
ASSUMPTION: a dynamometer measures all the abductors together.

Checking a form never raises for bad input: :func:`parse_measurements` (a mapping, e.g. a form's text
boxes) returns a :class:`Measurements` with the valid values in ``values`` and one message per bad field in
``errors``; :func:`parse_value` checks one value and raises :class:`MeasurementError` with a clear message.
Nothing is evaluated: numbers are matched by a regular expression before ``float``.

The torque reference is read from ``data/case_studies.csv`` by ``case_studies``, which checks its cases
against these fields and so imports this module: :func:`field_specs` imports ``case_studies`` only when
called, so that the two never import each other at load time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from .parameters import default_parameters

__all__ = ["FieldSpec", "Measurements", "MeasurementError", "FIELD_NAMES", "field_specs", "parse_value",
           "parse_measurements", "reference_values"]

FIELD_NAMES = ("body_mass", "hip_abduction_torque", "pelvic_drop_deg", "trunk_lean_deg", "step_rate",
               "rearfoot_eversion_deg")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_NOT_FINITE = re.compile(r"^[+-]?(nan|inf|infinity)$", re.I)


#: A unit typed after a number ("75 kg", "6°", "170 spm"): the field's own unit is dropped, another is refused.
_UNIT_TAIL = re.compile(r"\s*(°|%\s*bwh|[a-z/%°]+(\s*/\s*[a-z]+)?)\s*$", re.I)
_UNIT_WORDS = {"kg": {"kg", "kgs", "kilograms"}, "%BWh": {"%bwh", "bwh"},
               "deg": {"°", "deg", "degs", "degree", "degrees"},
               "steps/min": {"steps/min", "spm", "steps", "step/min", "/min"}}


class MeasurementError(ValueError):
    """A measurement that cannot be used; the message names the field, the value, its unit and range."""


@dataclass(frozen=True)
class FieldSpec:
    """One measurement: name, label, unit, allowed range, healthy reference and what it means."""

    name: str
    label: str
    unit: str
    low: float
    high: float
    reference: float
    why_range: str  # why these limits
    meaning: str  # what is measured, and how (roughly, safely)
    hint: Callable[[float], str] = field(repr=False, compare=False, default=lambda _v: "")

    @property
    def range_text(self) -> str:
        return f"{self.low:g} to {self.high:g} {self.unit}"


@dataclass(frozen=True)
class Measurements:
    """The result of parsing: the valid values (floats, by field), a message per bad field, the texts read."""

    values: dict[str, float]
    errors: dict[str, str]
    texts: dict[str, str]  # the text read for each field whose value was checked (good or bad)
    missing: frozenset[str] = frozenset()  # fields a CSV file did not hold

    @property
    def ok(self) -> bool:
        """All six fields valid and no problem with the file."""
        return not self.errors and set(self.values) == set(FIELD_NAMES)


def _mass_hint(v: float) -> str:
    if v >= 1000:
        return f"did you type grams? {v:g} g = {v / 1000:g} kg"
    if 150 < v <= 330:
        return f"if that is pounds, {v:g} lb = {v * 0.45359237:.1f} kg"
    return ""


def _torque_hint(v: float) -> str:
    if 0 < v < 3.0:
        return ("values this small look like N m/kg or a fraction of normal; %BWh = 100 x torque (N m) / "
                "(body weight (N) x height (m))")
    if v > 30.0:
        return "a value this large looks like the dynamometer's force reading, not the torque per body weight x height"
    if v > 14.9:
        return ("stronger than the model's range: its gluteus medius goes up to 1.5 times the healthy reference; "
                "type the highest value allowed to see the model's strongest runner")
    return ""


def _step_hint(rate: float) -> Callable[[float], str]:
    def hint(v: float) -> str:
        if 0.45 * rate <= v <= 0.55 * rate:
            return f"did you count one foot only? count both feet: {v:g} x 2 = {2 * v:g} steps/min"
        if 2.0 <= v <= 4.0:
            return f"did you type steps per second? {v:g} steps/s = {60 * v:g} steps/min"
        return "the model does not extrapolate beyond the measured step rates"
    return hint


def _degree_hint(v: float) -> str:
    return "angles are in degrees, measured on one video frame" if abs(v) > 20 else ""


@lru_cache(maxsize=4)
def _specs(torque_reference: float) -> dict[str, FieldSpec]:
    p = default_parameters()
    rate = p.value("knee.running_cadence")
    # degrees as data/gait.csv writes them (the radian round trip leaves 6.000000000000001)
    drop = round(float(np.degrees(p.value("gait.peak_pelvic_drop"))), 9)
    ever = round(float(np.degrees(p.value("gait.peak_rearfoot_eversion"))), 9)
    # the step rate and torque limits are rounded inward, so the model input is always inside its range
    return {s.name: s for s in (
        FieldSpec("body_mass", "Body mass", "kg", 40.0, 150.0, 75.0,
                  "the range of the course's explorers; the model's muscles are one 75 kg subject's, scaled "
                  "here with your mass (a teaching assumption)",
                  "bathroom scales, light clothes", _mass_hint),
        FieldSpec("hip_abduction_torque", "Hip-abduction torque", "%BWh",
                  math.ceil(0.3 * torque_reference * 10) / 10, math.floor(1.5 * torque_reference * 10) / 10,
                  torque_reference,
                  "0.3 to 1.5 times the healthy reference, the range of the running explorer's gluteus medius",
                  "a teaching suggestion, not a published protocol: side-lying isometric hip abduction against a "
                  "handheld dynamometer just above the knee; torque = force x lever (hip to dynamometer), divided "
                  "by body weight x height, x 100",
                  _torque_hint),
        FieldSpec("pelvic_drop_deg", "Pelvic drop", "deg", 0.0, 15.0, drop,
                  "the running model's range of peak contralateral pelvic drop",
                  "from behind, one video frame at midstance: the tilt of the line joining the two dimples "
                  "of the low back (posterior superior iliac spines), the swing side low", _degree_hint),
        FieldSpec("trunk_lean_deg", "Trunk lean", "deg", -15.0, 20.0, 0.0,
                  "the model's range of lateral trunk lean; positive toward the stance leg",
                  "the same frame: the line from the middle of the pelvis to the base of the neck (C7), from "
                  "vertical; toward the stance leg positive", _degree_hint),
        FieldSpec("step_rate", "Step rate", "steps/min", math.ceil(0.9 * rate), math.floor(1.1 * rate), rate,
                  f"-10 to +10 % of the model's {rate:g} steps/min, the step rates Heiderscheit et al. measured",
                  "count every foot strike (both feet) for 30 s at an easy pace and double it", _step_hint(rate)),
        FieldSpec("rearfoot_eversion_deg", "Rearfoot eversion", "deg", 0.0, 20.0, ever,
                  "the running model's range of peak rearfoot eversion",
                  "from behind, the frame of the heel's largest inward tilt: the angle between a line down the "
                  "back of the heel and one down the back of the lower leg, minus the same angle standing",
                  _degree_hint),
    )}


def field_specs() -> dict[str, FieldSpec]:
    """The six fields' specifications, in form order; the torque reference comes from data/case_studies.csv."""
    from .case_studies import torque_reference  # the case file holds the sourced reference

    return _specs(torque_reference())


def reference_values() -> dict[str, float]:
    """The healthy reference of every field (the model's defaults; the torque of Fredericson's controls)."""
    return {k: s.reference for k, s in field_specs().items()}


def parse_value(name: str, raw: Any, specs: Mapping[str, FieldSpec] | None = None) -> float:
    """One field's value from text or a number; raises :class:`MeasurementError` with a clear message.

    ``specs`` (default :func:`field_specs`) saves looking the data folder up again in a loop."""
    specs = specs or field_specs()
    if name not in specs:
        raise MeasurementError(f"unknown field {name!r}; the fields are {', '.join(FIELD_NAMES)}")
    s = specs[name]
    where = f"{s.label} ({name}, {s.unit})"
    if isinstance(raw, bool) or raw is None:
        raise MeasurementError(f"{where} is required: type a number from {s.range_text}")
    if isinstance(raw, (int, float, np.integer, np.floating)):
        v, typed = float(raw), f"{raw!r}"
    else:
        text = str(raw).strip()
        typed = repr(text)
        if not text:
            raise MeasurementError(f"{where} is required: type a number from {s.range_text} "
                                   f"(the healthy reference is {s.reference:g})")
        if _NOT_FINITE.match(text):
            raise MeasurementError(f"{where}: {typed} is not a finite number; type a number from {s.range_text}")
        unit_typed = _UNIT_TAIL.search(text)
        if unit_typed and _NUMBER.match(text[:unit_typed.start()].strip()):
            if unit_typed.group(1).replace(" ", "").lower() in _UNIT_WORDS[s.unit]:
                text = text[:unit_typed.start()].strip()  # "75 kg", "6°": the field's own unit, dropped
            else:
                raise MeasurementError(f"{where}: {typed} has the unit {unit_typed.group(1).strip()!r}, not "
                                       f"{s.unit}; type the number in {s.unit}, without its unit, from {s.range_text}")
        if not _NUMBER.match(text):
            comma = " (use a point for decimals: 7.5, not 7,5)" if re.match(r"^[+-]?\d+,\d+$", text) else ""
            raise MeasurementError(f"{where}: {typed} is not a number{comma}; type a number from {s.range_text}")
        v = float(text)
    if not math.isfinite(v):
        raise MeasurementError(f"{where}: {typed} is not a finite number; type a number from {s.range_text}")
    if not s.low <= v <= s.high:
        hint = s.hint(v)
        raise MeasurementError(f"{where}: {v:g} {s.unit} is outside the allowed range {s.range_text} "
                               f"({s.why_range})" + (f"; {hint}" if hint else ""))
    return v


def parse_measurements(raw: Mapping[str, Any]) -> Measurements:
    """Check every field of ``raw`` (text or numbers); a missing field is 'required', an unknown key an error.

    Valid fields are kept in ``values`` even when others are bad."""
    values: dict[str, float] = {}
    errors: dict[str, str] = {}
    for k in raw:
        if k not in FIELD_NAMES:
            errors[str(k)] = f"unknown field {k!r}; the fields are {', '.join(FIELD_NAMES)}"
    specs = field_specs()
    for name in FIELD_NAMES:
        try:
            values[name] = parse_value(name, raw.get(name), specs)
        except MeasurementError as exc:
            errors[name] = str(exc)
    return Measurements(values, errors, {k: "" if v is None else str(v) for k, v in raw.items()})
