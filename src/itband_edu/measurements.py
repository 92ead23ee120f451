"""The measurements a learner can take on themselves or a partner (lesson 09), checked one field at a time.

Six fields, each with its unit, its allowed range and what it feeds in the model (:data:`FIELD_NAMES`,
:func:`field_specs`):

============================  ===========  ================================================================
field                         unit         model input
============================  ===========  ================================================================
``body_mass``                 kg           ``body_mass`` (40-150 kg: the course's explorers' range)
``hip_abduction_torque``      %BWh         ``glute_med_strength`` = torque / the healthy reference
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

Parsing never raises for bad input: :func:`parse_measurements` (a mapping, e.g. a form's text boxes) and
:func:`parse_csv` (an uploaded file, header ``field,value`` with an optional ``unit`` column) return a
:class:`Measurements` with the valid values in ``values`` and one message per bad field in ``errors``
(the key ``"csv"`` for problems of the file itself). Nothing is evaluated: numbers are matched by a
regular expression before ``float``; an upload is limited to :data:`MAX_CSV_BYTES`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from .parameters import default_parameters

__all__ = ["FieldSpec", "Measurements", "MeasurementError", "FIELD_NAMES", "MAX_CSV_BYTES", "MAX_CSV_ROWS",
           "field_specs", "parse_value", "parse_measurements", "parse_csv", "measurements_csv", "reference_values"]

FIELD_NAMES = ("body_mass", "hip_abduction_torque", "pelvic_drop_deg", "trunk_lean_deg", "step_rate",
               "rearfoot_eversion_deg")
MAX_CSV_BYTES = 4096  # six rows need about 150 bytes
MAX_CSV_ROWS = 20
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NOT_FINITE = re.compile(r"^[+-]?(nan|inf|infinity)$", re.I)


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
    if v > 14.9:
        return "a value this large looks like the dynamometer's force reading, not the torque per body weight x height"
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
                  "the range of the course's explorers; the model's maximum muscle forces do not grow with mass",
                  "bathroom scales, light clothes", _mass_hint),
        FieldSpec("hip_abduction_torque", "Hip-abduction torque", "%BWh",
                  math.ceil(0.3 * torque_reference * 10) / 10, math.floor(1.5 * torque_reference * 10) / 10,
                  torque_reference,
                  "0.3 to 1.5 times the healthy reference, the range of the running explorer's gluteus medius",
                  "side-lying isometric hip abduction against a handheld dynamometer just above the knee; "
                  "torque = force x lever (hip to dynamometer), divided by body weight x height, x 100",
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
    from .assessment import torque_reference  # the case file holds the sourced reference

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


def parse_csv(data: str | bytes) -> Measurements:
    """Read an uploaded CSV: header ``field,value`` (optionally ``field,value,unit``), one row per field.

    Problems of the file (too large, not UTF-8, wrong header, a missing or unknown column, an unknown field,
    a row of the wrong length) go to ``errors["csv"]``; a duplicated field, a wrong unit or a bad value to
    ``errors[field]``; a field absent from the file to ``errors[field]`` ("not in the file"). Every valid
    row is kept in ``values``."""
    size = len(data if isinstance(data, bytes) else data.encode("utf-8"))
    if size > MAX_CSV_BYTES:
        return Measurements({}, {"csv": f"the file is too large ({size} bytes; at most {MAX_CSV_BYTES}): it "
                                        "should hold six rows, field,value"}, {})
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return Measurements({}, {"csv": "the file is not UTF-8 text: save it as CSV (UTF-8)"}, {})
    rows = [r for r in csv.reader(io.StringIO(data.lstrip("\ufeff"))) if any(c.strip() for c in r)]
    if not rows:
        return Measurements({}, {"csv": "the file is empty: the first row must be the header field,value"}, {})
    if len(rows) > MAX_CSV_ROWS + 1:
        return Measurements({}, {"csv": f"the file has {len(rows) - 1} rows (at most {MAX_CSV_ROWS})"}, {})
    header = [c.strip().lower() for c in rows[0]]
    problems: list[str] = []
    unknown_cols = [c for c in header if c not in ("field", "value", "unit")]
    if "field" not in header or header.count("field") > 1 or header.count("value") > 1:
        return Measurements({}, {"csv": f"wrong header {','.join(rows[0])!r}: the first row must be field,value "
                                        "(or field,value,unit)"}, {})
    if "value" not in header:
        return Measurements({}, {"csv": "the file has no 'value' column: the header must be field,value"}, {})
    if unknown_cols:
        problems.append("unknown column(s) " + ", ".join(map(repr, unknown_cols)) + ": the columns are field, "
                        "value and (optional) unit; the others were ignored")
    i_f, i_v = header.index("field"), header.index("value")
    i_u = header.index("unit") if "unit" in header else None
    specs = field_specs()
    seen: dict[str, int] = {}
    values: dict[str, float] = {}
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problems.append(f"row {n} has {len(row)} cells, the header {len(header)}")
            continue
        name, text = row[i_f].strip(), row[i_v].strip()
        if name not in specs:
            problems.append(f"row {n}: unknown field {name!r} (the fields are {', '.join(FIELD_NAMES)})")
            continue
        if name in seen:
            errors[name] = f"{name} appears twice in the file (rows {seen[name]} and {n}): keep one row"
            values.pop(name, None)
            texts.pop(name, None)
            continue
        seen[name] = n
        if i_u is not None and row[i_u].strip() and row[i_u].replace(" ", "").lower() != specs[name].unit.lower():
            errors[name] = (f"{name}, row {n}: unit {row[i_u].strip()!r} is not the field's unit "
                            f"{specs[name].unit!r}; convert the value to {specs[name].unit}")
            continue
        texts[name] = text
        try:
            values[name] = parse_value(name, text, specs)
        except MeasurementError as exc:
            errors[name] = f"row {n}: {exc}"
    missing = frozenset(name for name in FIELD_NAMES if name not in seen)
    for name in missing:
        errors[name] = f"{name} is not in the file"
    if problems:
        errors["csv"] = "; ".join(problems)
    return Measurements(values, errors, texts, missing)


def measurements_csv(values: Mapping[str, float]) -> str:
    """The measurements as CSV text, ``field,value,unit``, that :func:`parse_csv` reads back unchanged."""
    specs = field_specs()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["field", "value", "unit"])
    for name in FIELD_NAMES:
        if name in values:
            w.writerow([name, repr(float(values[name])), specs[name].unit])
    return out.getvalue()
