"""The composite cases of lesson 09 and the healthy reference, read and checked from ``data/case_studies.csv``.

The file's columns are ``case,field,value,unit,kind,source,note``, one row per field of a case: the value a
number or ``reference`` (then the field's healthy reference, with kind ``reference``), the unit the field's
own (``measurement_fields``), the kind one of measured, derived, assumption or reference, the source a key of
``references.csv`` and a note saying where the value comes from. The case ``healthy reference`` has exactly
two rows: the hip-abduction torque of Fredericson et al.'s (2000) control runners (:func:`torque_reference`)
and the body mass the model's muscles belong to (:func:`reference_mass`, a teaching assumption); every other
case has a row for each of the six fields, checked like a learner's (:func:`load_case_studies`). A malformed
file raises :class:`CaseStudyError` naming the file, the row and the column. Re-exported by ``assessment``.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from .measurement_fields import FIELD_NAMES, MeasurementError, _specs, parse_value, reference_values
from .parameters import DataError, data_dir, references

__all__ = ["CaseStudyError", "REFERENCE_CASE", "load_case_studies", "case_sources", "torque_reference",
           "reference_mass"]

REFERENCE_CASE = "healthy reference"
CASE_COLUMNS = ("case", "field", "value", "unit", "kind", "source", "note")
KINDS = ("measured", "derived", "assumption", "reference")


class CaseStudyError(DataError):
    """``data/case_studies.csv`` is malformed; the message names the file, the row and the column."""


def _case_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != CASE_COLUMNS:
            raise CaseStudyError(f"{path.name}, row 1: the header must be {','.join(CASE_COLUMNS)}; "
                                 f"got {','.join(reader.fieldnames or [])}")
        out = []
        for i, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise CaseStudyError(f"{path.name}, row {i}: wrong number of columns")
            out.append((i, row))
        return out


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[dict[str, dict[str, float | None]], dict[str, dict[str, str]]]:
    path = Path(folder) / "case_studies.csv"
    refs = references(Path(folder))
    specs = _specs(1.0)  # the specs without the torque reference, to check units
    cases: dict[str, dict[str, float | None]] = {}
    sources: dict[str, dict[str, str]] = {}
    for i, row in _case_rows(path):
        where = f"{path.name}, row {i}"
        case, name, text = row["case"].strip(), row["field"].strip(), row["value"].strip()
        if not case:
            raise CaseStudyError(f"{where}, column case: empty")
        if name not in specs:
            raise CaseStudyError(f"{where}, column field: unknown field {name!r} (fields: {', '.join(FIELD_NAMES)})")
        if row["unit"].strip() != specs[name].unit:
            raise CaseStudyError(f"{where}, column unit: {row['unit']!r} for {name}, expected {specs[name].unit!r}")
        if row["kind"].strip() not in KINDS:
            raise CaseStudyError(f"{where}, column kind: {row['kind']!r} is not one of {', '.join(KINDS)}")
        if row["source"].strip() not in refs:
            raise CaseStudyError(f"{where}, column source: {row['source']!r} is not a key of references.csv")
        if not row["note"].strip():
            raise CaseStudyError(f"{where}, column note: empty (say where the value comes from)")
        if name in cases.get(case, {}):
            raise CaseStudyError(f"{where}, column field: {name} appears twice for case {case!r}")
        if text == "reference":
            if row["kind"].strip() != "reference":
                raise CaseStudyError(f"{where}, column kind: a 'reference' value needs kind 'reference'")
            value: float | None = None
        else:
            if not text:
                raise CaseStudyError(f"{where}, column value: missing (a number, or 'reference')")
            try:
                value = float(text)
            except ValueError:
                raise CaseStudyError(f"{where}, column value: {text!r} is not a number or 'reference'") from None
        cases.setdefault(case, {})[name] = value
        sources.setdefault(case, {})[name] = row["source"].strip()
    ref = cases.pop(REFERENCE_CASE, None)
    if ref is None or set(ref) != {"hip_abduction_torque", "body_mass"} or None in ref.values():
        raise CaseStudyError(f"{path.name}: case {REFERENCE_CASE!r} must have exactly two numeric rows, "
                             "hip_abduction_torque and body_mass (the other references are the model's defaults)")
    for case, vals in cases.items():
        missing = [f for f in FIELD_NAMES if f not in vals]
        if missing:
            raise CaseStudyError(f"{path.name}: case {case!r} has no row for {', '.join(missing)}")
    return {REFERENCE_CASE: ref, **cases}, sources


def torque_reference(folder: Path | None = None) -> float:
    """The healthy hip-abduction torque (%BWh): Fredericson et al.'s controls, from data/case_studies.csv."""
    value = _load(str(folder or data_dir()))[0][REFERENCE_CASE]["hip_abduction_torque"]
    assert value is not None  # checked by the loader
    return value


def reference_mass(folder: Path | None = None) -> float:
    """The body mass (kg) the model's muscles belong to, from data/case_studies.csv (a teaching assumption:
    forces are scaled from it by the learner's mass)."""
    value = _load(str(folder or data_dir()))[0][REFERENCE_CASE]["body_mass"]
    assert value is not None  # checked by the loader
    return value


def load_case_studies(folder: Path | None = None) -> dict[str, dict[str, float]]:
    """The composite cases of data/case_studies.csv, by name, each a full set of measurements.

    A value written ``reference`` is the healthy reference; every value is checked like a learner's
    (unit, range). Raises :class:`CaseStudyError` naming the file, the row and the column."""
    cases = _load(str(folder or data_dir()))[0]
    ref = reference_values()
    out: dict[str, dict[str, float]] = {}
    for case, given in cases.items():
        if case == REFERENCE_CASE:
            continue
        full = {k: ref[k] if (v := given[k]) is None else v for k in FIELD_NAMES}
        for k, v in full.items():
            try:
                parse_value(k, v)
            except MeasurementError as exc:
                raise CaseStudyError(f"case_studies.csv, case {case!r}, column value: {exc}") from None
        out[case] = full
    return out


def case_sources(case: str, folder: Path | None = None) -> dict[str, str]:
    """The reference key behind each field of ``case``."""
    return dict(_load(str(folder or data_dir()))[1][case])
