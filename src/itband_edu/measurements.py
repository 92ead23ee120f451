"""The measurements a learner can take on themselves or a partner (lesson 09), checked one field at a time,
and read from or written to a CSV file.

The six fields (their units, ranges, healthy references) and the check of one value are in
``measurement_fields``, re-exported here (:data:`FIELD_NAMES`, :func:`field_specs`, :func:`parse_value`,
:func:`parse_measurements`, :func:`reference_values`, :class:`Measurements`, :class:`MeasurementError`). This
module holds the file: :func:`parse_csv` reads an uploaded file (header ``field,value`` with an optional
``unit`` column) and, like :func:`parse_measurements`, never raises for bad input: it returns a
:class:`Measurements` with the valid values in ``values`` and one message per bad field in ``errors`` (the key
``"csv"`` for problems of the file itself). Nothing is evaluated; an upload is limited to :data:`MAX_CSV_BYTES`.
:func:`measurements_csv` writes values as a file that :func:`parse_csv` reads back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from .measurement_fields import (_UNIT_WORDS, FIELD_NAMES, FieldSpec, MeasurementError, Measurements, field_specs,
                                 parse_measurements, parse_value, reference_values)

__all__ = ["FieldSpec", "Measurements", "MeasurementError", "FIELD_NAMES", "MAX_CSV_BYTES", "MAX_CSV_ROWS",
           "field_specs", "parse_value", "parse_measurements", "parse_csv", "measurements_csv", "reference_values"]

MAX_CSV_BYTES = 4096  # six rows need about 150 bytes
MAX_CSV_ROWS = 20


def _decode(data: bytes) -> str | None:
    for enc in ("utf-8-sig", "cp1252"):  # Excel's plain "CSV" on Windows is cp1252
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None


def _delimiter(first_line: str) -> str:
    """``,`` normally; ``;`` (Excel in a comma-decimal language) or a tab when the header uses one."""
    for d in (";", "\t"):
        if d in first_line and "," not in first_line.replace('","', ""):
            return d
    return ","


def parse_csv(data: str | bytes) -> Measurements:
    """Read an uploaded CSV: header ``field,value`` (optionally ``field,value,unit``), one row per field.

    The delimiter may be ``,``, ``;`` (then a comma decimal such as ``75,5`` is read as 75.5) or a tab; the
    text UTF-8 (with or without a byte-order mark) or Windows cp1252. Problems of the file (too large, not
    text, wrong header, a missing or unknown column, an unknown field, a row of the wrong length) go to
    ``errors["csv"]``; a duplicated field, a wrong unit or a bad value to ``errors[field]``; a field absent
    from the file to ``errors[field]`` ("not in the file") and ``missing``. Every valid row is kept in
    ``values``. ``data`` that is not text or bytes raises :class:`MeasurementError`."""
    if not isinstance(data, (str, bytes, bytearray)):
        raise MeasurementError(f"data must be the file's text (str) or bytes; got {type(data).__name__}")
    size = len(data if isinstance(data, (bytes, bytearray)) else data.encode("utf-8"))
    if size > MAX_CSV_BYTES:
        return Measurements({}, {"csv": f"the file is too large ({size} bytes; at most {MAX_CSV_BYTES}): it "
                                        "should hold six rows, field,value"}, {})
    if isinstance(data, (bytes, bytearray)):
        decoded = _decode(bytes(data))
        if decoded is None:
            return Measurements({}, {"csv": "the file is not UTF-8 text: save it as CSV (UTF-8)"}, {})
        data = decoded
    text_all = data.lstrip("\ufeff")
    delim = _delimiter(text_all.splitlines()[0] if text_all.strip() else "")
    rows = [r for r in csv.reader(io.StringIO(text_all), delimiter=delim) if any(c.strip() for c in r)]
    if not rows:
        return Measurements({}, {"csv": "the file is empty: the first row must be the header field,value"}, {})
    header = [c.strip().lower() for c in rows[0]]
    if header[:2] == ["section", "quantity"]:
        return Measurements({}, {"csv": "this is the summary file (itband_summary.csv): upload your measurements, "
                                        "my_measurements.csv, instead"}, {})
    if len(rows) > MAX_CSV_ROWS + 1:
        return Measurements({}, {"csv": f"the file has {len(rows) - 1} rows (at most {MAX_CSV_ROWS})"}, {})
    problems: list[str] = []
    unknown_cols = [c for c in header if c not in ("field", "value", "unit")]
    if "field" not in header or header.count("field") > 1 or header.count("value") > 1:
        semi = (" (your file seems to use ';' between cells, as Excel does in a comma-decimal language: save it as "
                "CSV (comma delimited), or use field;value)") if ";" in rows[0][0] else ""
        return Measurements({}, {"csv": f"wrong header {delim.join(rows[0])!r}: the first row must be field,value "
                                        f"(or field,value,unit){semi}"}, {})
    if "value" not in header:
        return Measurements({}, {"csv": "the file has no 'value' column: the header must be field,value"}, {})
    if unknown_cols:
        problems.append("unknown column(s) " + ", ".join(map(repr, unknown_cols)) + ": the columns are field, "
                        "value and (optional) unit; the others were ignored")
    i_f, i_v = header.index("field"), header.index("value")
    i_u = header.index("unit") if "unit" in header else None
    specs = field_specs()
    seen: dict[str, list[int]] = {}
    values: dict[str, float] = {}
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    for n, row in enumerate(rows[1:], start=2):
        name = row[i_f].strip() if len(row) > i_f else ""
        if len(row) != len(header):
            if (name in specs and len(row) == len(header) + 1 and delim == ","
                    and row[i_v + 1].strip().isdigit() and re.match(r"^[+-]?\d+$", row[i_v].strip())):
                seen.setdefault(name, []).append(n)
                errors[name] = (f"{name}, row {n}: {row[i_v].strip()},{row[i_v + 1].strip()} looks like a comma "
                                f"decimal: write {row[i_v].strip()}.{row[i_v + 1].strip()}, or put the value in "
                                "quotes")
            else:
                problems.append(f"row {n} has {len(row)} cells, the header {len(header)}")
            continue
        text = row[i_v].strip()
        if delim == ";" and re.match(r"^[+-]?\d+,\d+$", text):
            text = text.replace(",", ".")  # a comma-decimal file: 75,5 is 75.5
        if name not in specs:
            problems.append(f"row {n}: unknown field {name!r} (the fields are {', '.join(FIELD_NAMES)})")
            continue
        if name in seen:
            seen[name].append(n)
            rows_txt = ", ".join(map(str, seen[name][:-1])) + f" and {n}"
            errors[name] = f"{name} appears more than once in the file (rows {rows_txt}): keep one row"
            values.pop(name, None)
            texts.pop(name, None)
            continue
        seen[name] = [n]
        unit_ok = {specs[name].unit.lower(), *_UNIT_WORDS[specs[name].unit]}
        if i_u is not None and row[i_u].strip() and row[i_u].replace(" ", "").lower() not in unit_ok:
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
    """The measurements as CSV text, ``field,value,unit``, that :func:`parse_csv` reads back unchanged.

    Every value is checked like a learner's (a bad one, or an unknown key, raises :class:`MeasurementError`);
    fields not in ``values`` are left out."""
    specs = field_specs()
    if not isinstance(values, Mapping):
        raise MeasurementError(f"values must be a mapping of the fields; got {type(values).__name__}")
    unknown = [k for k in values if k not in specs]
    if unknown:
        raise MeasurementError(f"unknown field(s) {', '.join(map(repr, unknown))}; the fields are "
                               f"{', '.join(FIELD_NAMES)}")
    checked = {k: parse_value(k, v, specs) for k, v in values.items()}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["field", "value", "unit"])
    for name in FIELD_NAMES:
        if name in checked:
            w.writerow([name, repr(checked[name]), specs[name].unit])
    return out.getvalue()
