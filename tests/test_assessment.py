"""Lesson 09's model side: the measurement fields, their parsing and messages, the CSV format, the whole-chain
assessment against the model's own functions, and data/case_studies.csv.

Expected values are read from data/ with the csv module or computed here by calling the model's functions
directly, never taken from the code under test.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from itband_edu import chain_from_foot, running_stance, single_leg_stance
from itband_edu.assessment import (DISCLAIMER, CaseStudyError, assess, load_case_studies, model_inputs,
                                   summary_csv)
from itband_edu.gait import LIMITS as GAIT_LIMITS
from itband_edu.knee_angles import stance_time_in_zone
from itband_edu.measurements import (FIELD_NAMES, MAX_CSV_BYTES, MeasurementError, field_specs,
                                     measurements_csv, parse_csv, parse_measurements, parse_value,
                                     reference_values)
from itband_edu.parameters import data_dir, references
from view_helpers import data_value

CASE_FILE = data_dir() / "case_studies.csv"
UNITS = {"body_mass": "kg", "hip_abduction_torque": "%BWh", "pelvic_drop_deg": "deg", "trunk_lean_deg": "deg",
         "step_rate": "steps/min", "rearfoot_eversion_deg": "deg"}


def case_rows() -> list[dict[str, str]]:
    with CASE_FILE.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def torque_ref() -> float:
    rows = [r for r in case_rows() if r["case"] == "healthy reference" and r["field"] == "hip_abduction_torque"]
    assert len(rows) == 1
    return float(rows[0]["value"])


def reference_mass_by_hand() -> float:
    """The body the model's muscles belong to (the scaling assumption's row of data/case_studies.csv)."""
    rows = [r for r in case_rows() if r["case"] == "healthy reference" and r["field"] == "body_mass"]
    assert len(rows) == 1 and rows[0]["kind"] == "assumption" and "teaching assumption" in rows[0]["note"]
    return float(rows[0]["value"])


def reference_by_hand() -> dict[str, float]:
    """The healthy reference, read from the data files (not from the code under test)."""
    return {"body_mass": 75.0, "hip_abduction_torque": torque_ref(),
            "pelvic_drop_deg": data_value("gait.csv", "peak_pelvic_drop"), "trunk_lean_deg": 0.0,
            "step_rate": data_value("knee.csv", "running_cadence"),
            "rearfoot_eversion_deg": data_value("gait.csv", "peak_rearfoot_eversion")}


def inputs_by_hand(v: dict[str, float]) -> dict[str, float]:
    rate = data_value("knee.csv", "running_cadence")
    return {"body_mass": reference_mass_by_hand(), "glute_med_strength": v["hip_abduction_torque"] / torque_ref(),
            "peak_pelvic_drop_deg": v["pelvic_drop_deg"], "trunk_lean_deg": v["trunk_lean_deg"],
            "step_rate_change_percent": 100 * (v["step_rate"] / rate - 1),
            "peak_rearfoot_eversion_deg": v["rearfoot_eversion_deg"]}


def cases_by_hand() -> dict[str, dict[str, float]]:
    ref = reference_by_hand()
    out: dict[str, dict[str, float]] = {}
    for r in case_rows():
        if r["case"] == "healthy reference":
            continue
        out.setdefault(r["case"], {})[r["field"]] = ref[r["field"]] if r["value"] == "reference" else float(r["value"])
    return out


def names_everything(msg: str, name: str, typed: str, unit: str, low: float, high: float) -> bool:
    """A message a learner can act on: the field, what was typed, the unit and the allowed range."""
    return name in msg and typed in msg and unit in msg and f"{low:g}" in msg and f"{high:g}" in msg


# ---- the fields ----------------------------------------------------------------------------------


def test_fields_units_references_and_ranges_come_from_the_data_and_the_model() -> None:
    specs = field_specs()
    assert tuple(specs) == FIELD_NAMES
    assert {k: s.unit for k, s in specs.items()} == UNITS
    ref = reference_by_hand()
    assert reference_values() == pytest.approx(ref, abs=1e-9)
    rate = data_value("knee.csv", "running_cadence")
    assert specs["step_rate"].low >= 0.9 * rate and specs["step_rate"].high <= 1.1 * rate
    assert specs["step_rate"].low - 0.9 * rate < 1 and 1.1 * rate - specs["step_rate"].high < 1
    torque = specs["hip_abduction_torque"]
    assert torque.low >= 0.3 * torque_ref() and torque.high <= 1.5 * torque_ref()
    # every range lies inside the model's own limits, so no accepted value can be refused by the model
    for field, key in (("pelvic_drop_deg", "peak_pelvic_drop_deg"), ("trunk_lean_deg", "trunk_lean_deg"),
                       ("rearfoot_eversion_deg", "peak_rearfoot_eversion_deg"), ("body_mass", "body_mass")):
        lo, hi, _unit = GAIT_LIMITS[key]
        assert lo <= specs[field].low and specs[field].high <= hi, field
    assert (specs["body_mass"].low, specs["body_mass"].high) == (40, 150)


def test_every_accepted_extreme_runs_the_whole_chain() -> None:
    specs = field_specs()
    for corner in ("low", "high"):
        values = {k: getattr(s, corner) for k, s in specs.items()}
        a = assess(values)
        assert np.all(np.isfinite(a.run.itb_tension)) and math.isfinite(a.time_in_zone_ms)


# ---- one value -----------------------------------------------------------------------------------

BAD_VALUES = [
    ("empty", "body_mass", "", "required"),
    ("blank", "step_rate", "   ", "required"),
    ("text", "hip_abduction_torque", "strong", "not a number"),
    ("comma decimal", "pelvic_drop_deg", "7,5", "use a point"),
    ("grams for kilograms", "body_mass", "75000", "did you type grams"),
    ("pounds", "body_mass", "165", "pounds"),
    ("out of range", "trunk_lean_deg", "25", "outside the allowed range"),
    ("negative", "rearfoot_eversion_deg", "-3", "outside the allowed range"),
    ("negative mass", "body_mass", "-70", "outside the allowed range"),
    ("nan text", "pelvic_drop_deg", "nan", "not a finite number"),
    ("inf text", "step_rate", "inf", "not a finite number"),
    ("minus infinity", "trunk_lean_deg", "-Infinity", "not a finite number"),
    ("one foot counted", "step_rate", "87", "one foot"),
    ("steps per second", "step_rate", "2.9", "steps per second"),
    ("outside the model's step rates", "step_rate", "150", "does not extrapolate"),
    ("a force, not a torque", "hip_abduction_torque", "180", "force reading"),
    ("N m/kg, not %BWh", "hip_abduction_torque", "1.3", "N m/kg"),
    ("an expression is never evaluated", "body_mass", "__import__('os')", "not a number"),
    ("arithmetic is not evaluated", "body_mass", "70+5", "not a number"),
]


@pytest.mark.parametrize(("name", "field", "typed", "words"), BAD_VALUES, ids=[b[0] for b in BAD_VALUES])
def test_each_bad_value_gets_a_message_naming_field_value_unit_and_range(name: str, field: str, typed: str,
                                                                        words: str) -> None:
    s = field_specs()[field]
    with pytest.raises(MeasurementError) as exc:
        parse_value(field, typed)
    msg = str(exc.value)
    assert isinstance(exc.value, ValueError) and words in msg
    shown = typed.strip() if typed.strip() else field  # an empty field is named, there is nothing to echo
    assert names_everything(msg, field, shown, s.unit, s.low, s.high), msg


@pytest.mark.parametrize("value", [True, None, float("nan"), float("inf")])
def test_non_numbers_passed_from_python_are_refused(value: object) -> None:
    with pytest.raises(MeasurementError, match="body_mass"):
        parse_value("body_mass", value)


def test_the_message_check_fails_a_vague_message() -> None:
    """Negative control for ``names_everything``: a message without the unit, or without the range, fails."""
    assert names_everything("body_mass: 75000 kg is outside 40 to 150 kg", "body_mass", "75000", "kg", 40, 150)
    assert not names_everything("body_mass: 75000 is outside 40 to 150", "step_rate", "75000", "kg", 40, 150)
    assert not names_everything("body_mass: 75000 kg is too large", "body_mass", "75000", "kg", 40, 150)
    assert not names_everything("invalid value", "body_mass", "75000", "kg", 40, 150)


def test_a_mapping_keeps_every_valid_field_beside_the_bad_ones() -> None:
    ref = reference_by_hand()
    raw = {**{k: str(v) for k, v in ref.items()}, "body_mass": "75000", "step_rate": "", "extra": "1"}
    m = parse_measurements(raw)
    assert set(m.errors) == {"body_mass", "step_rate", "extra"} and not m.ok
    assert m.values == pytest.approx({k: v for k, v in ref.items() if k not in ("body_mass", "step_rate")})
    assert "required" in m.errors["step_rate"] and "unknown field" in m.errors["extra"]
    assert parse_measurements({k: str(v) for k, v in ref.items()}).ok


# ---- the CSV format ------------------------------------------------------------------------------


def good_csv(**override: str) -> str:
    ref = reference_by_hand()
    rows = {k: str(v) for k, v in ref.items()} | override
    return "field,value\n" + "".join(f"{k},{v}\n" for k, v in rows.items())


CSV_CASES = [
    # (id, text, error key, words in the message, fields that must still be read)
    ("missing value column", "field\nbody_mass\n", "csv", "no 'value' column", set()),
    ("wrong header", "body_mass,70\nstep_rate,170\n", "csv", "wrong header", set()),
    ("unknown column", "field,value,comment\n" + "".join(f"{ln},x\n" for ln in good_csv().splitlines()[1:]), "csv",
     "unknown column(s) 'comment'", set(FIELD_NAMES)),
    ("unknown field", good_csv() + "mass,70\n", "csv", "unknown field 'mass'", set(FIELD_NAMES)),
    ("duplicated field", good_csv() + "step_rate,170\n", "step_rate", "appears more than once",
     set(FIELD_NAMES) - {"step_rate"}),
    ("non-numeric", good_csv(trunk_lean_deg="left"), "trunk_lean_deg", "not a number",
     set(FIELD_NAMES) - {"trunk_lean_deg"}),
    ("grams", good_csv(body_mass="72000"), "body_mass", "did you type grams", set(FIELD_NAMES) - {"body_mass"}),
    ("nan", good_csv(pelvic_drop_deg="NaN"), "pelvic_drop_deg", "not a finite number",
     set(FIELD_NAMES) - {"pelvic_drop_deg"}),
    ("missing field", "\n".join(good_csv().splitlines()[:-1]) + "\n", "rearfoot_eversion_deg", "not in the file",
     set(FIELD_NAMES) - {"rearfoot_eversion_deg"}),
    ("row of the wrong length", good_csv() + "step_rate\n", "csv", "row 8 has 1 cells", set(FIELD_NAMES)),
    ("too large", good_csv() + "# " + "x" * MAX_CSV_BYTES + "\n", "csv", "too large", set()),
    ("too many rows", "field,value\n" + "body_mass,70\n" * 30, "csv", "rows (at most", set()),
    ("empty file", "", "csv", "empty", set()),
]


@pytest.mark.parametrize(("case", "text", "key", "words", "kept"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_each_bad_csv_gets_its_message_and_keeps_the_valid_rows(case: str, text: str, key: str, words: str,
                                                                kept: set[str]) -> None:
    m = parse_csv(text)
    assert key in m.errors and words in m.errors[key], m.errors
    if key in FIELD_NAMES:
        assert key in m.errors[key]
    assert set(m.values) == kept
    ref = reference_by_hand()
    assert all(math.isclose(m.values[k], ref[k]) for k in kept)


def test_a_wrong_unit_in_the_unit_column_is_named() -> None:
    lines = good_csv().splitlines()[1:]
    text = "field,value,unit\n" + "".join(f"{ln},{UNITS[ln.split(',')[0]]}\n" for ln in lines)
    text = text.replace("body_mass,75.0,kg", "body_mass,75000,g")
    assert "75000,g" in text
    m = parse_csv(text)
    assert "unit 'g'" in m.errors["body_mass"] and "'kg'" in m.errors["body_mass"] and "body_mass" not in m.values
    assert set(m.values) == set(FIELD_NAMES) - {"body_mass"}


def test_not_utf8_and_a_byte_order_mark() -> None:
    assert "not UTF-8" in parse_csv(good_csv().encode("utf-16")).errors["csv"]
    assert parse_csv(b"\xef\xbb\xbf" + good_csv().encode()).ok


def test_a_windows_cp1252_file_with_a_degree_sign_is_read() -> None:
    text = "field,value,unit\npelvic_drop_deg,9,\u00b0\nbody_mass,70,kg\n"
    m = parse_csv(text.encode("cp1252"))
    assert m.values == {"pelvic_drop_deg": 9.0, "body_mass": 70.0} and "csv" not in m.errors


def test_a_semicolon_file_with_comma_decimals_is_read() -> None:
    """European Excel: ';' between cells and ',' for decimals."""
    m = parse_csv("field;value\nbody_mass;75,5\nstep_rate;170\n")
    assert m.values == {"body_mass": 75.5, "step_rate": 170.0} and "csv" not in m.errors
    assert parse_csv("field\tvalue\nbody_mass\t70\n").values == {"body_mass": 70.0}


def test_an_unquoted_comma_decimal_is_named_and_not_called_missing() -> None:
    m = parse_csv("field,value\nbody_mass,75,5\nstep_rate,170\n")
    assert "looks like a comma decimal" in m.errors["body_mass"] and "75.5" in m.errors["body_mass"]
    assert "body_mass" not in m.missing and "csv" not in m.errors and m.values == {"step_rate": 170.0}


def test_the_summary_file_is_recognised_and_a_threefold_duplicate_said_so() -> None:
    a = assess(reference_by_hand())
    assert "this is the summary file" in parse_csv(summary_csv(a)).errors["csv"]
    m = parse_csv("field,value\nbody_mass,70\nbody_mass,71\nbody_mass,72\n")
    assert "more than once" in m.errors["body_mass"] and "2, 3 and 4" in m.errors["body_mass"]


@pytest.mark.parametrize("bad", [None, 5, 3.5, ["field,value"]])
def test_parse_csv_refuses_what_is_not_text(bad: object) -> None:
    with pytest.raises(MeasurementError, match="data must be"):
        parse_csv(bad)  # type: ignore[arg-type]


def test_measurements_csv_refuses_a_bad_value_or_an_unknown_key() -> None:
    with pytest.raises(MeasurementError, match="body_mass.*not a finite"):
        measurements_csv({"body_mass": float("nan")})
    with pytest.raises(MeasurementError, match="unknown field.*'height'"):
        measurements_csv({"height": 1.8})


@pytest.mark.parametrize(("field", "typed", "value"), [("body_mass", "75 kg", 75.0),
                                                        ("pelvic_drop_deg", "6\u00b0", 6.0),
                                                        ("step_rate", "170 spm", 170.0),
                                                        ("hip_abduction_torque", "9.5 %BWh", 9.5)])
def test_a_number_typed_with_its_own_unit_is_read(field: str, typed: str, value: float) -> None:
    assert parse_value(field, typed) == value


def test_a_number_typed_with_another_unit_is_refused_naming_it() -> None:
    with pytest.raises(MeasurementError, match="unit 'lb', not kg.*without its unit.*40 to 150"):
        parse_value("body_mass", "165 lb")


def test_the_torque_hint_tells_a_strong_athlete_from_a_force_reading() -> None:
    with pytest.raises(MeasurementError) as strong:
        parse_value("hip_abduction_torque", "15.5")
    assert "above" not in str(strong.value) or "force reading" not in str(strong.value)
    assert "force reading" not in str(strong.value) and "stronger than the model's range" in str(strong.value)
    with pytest.raises(MeasurementError, match="force reading"):
        parse_value("hip_abduction_torque", "120")


def test_a_valid_csv_round_trips() -> None:
    rng = np.random.default_rng(9)
    specs = field_specs()
    for _ in range(20):
        values = {k: float(rng.uniform(s.low, s.high)) for k, s in specs.items()}
        back = parse_csv(measurements_csv(values))
        assert back.ok and back.values == values  # exactly: repr() round-trips floats
    for case in cases_by_hand().values():
        assert parse_csv(measurements_csv(case)).values == case


# ---- the assessment against the model's own functions ---------------------------------------------


@pytest.mark.parametrize("case", sorted(cases_by_hand()))
def test_the_summary_numbers_are_the_models(case: str) -> None:
    values = cases_by_hand()[case]
    a = assess(values)
    x = inputs_by_hand(values)
    assert model_inputs(values) == pytest.approx(x)
    run = running_stance(**x)
    ref_run = running_stance(**inputs_by_hand(reference_by_hand()))
    stance = single_leg_stance(values["body_mass"], x["glute_med_strength"])
    foot = chain_from_foot(values["rearfoot_eversion_deg"])
    rows = {(r.section, r.quantity): r for r in a.rows()}
    peak = rows[("running stance", "peak ITB tension")]
    assert peak.learner == pytest.approx(float(run.itb_tension.max()), rel=1e-12)
    assert rows[("running stance", "peak ITB tension")].reference == pytest.approx(float(ref_run.itb_tension.max()))
    assert rows[("running stance", "time in the knee's zone per stance")].learner == pytest.approx(
        1000 * stance_time_in_zone(run).per_phase_s)
    assert rows[("one-leg stance", "ITB tension")].learner == pytest.approx(float(stance.itb_tension))
    i = stance.muscle_names.index("tensor_fasciae_latae")
    assert rows[("one-leg stance", "TFL force")].learner == pytest.approx(float(stance.muscle_forces[i]))
    assert rows[("foot chain", "length change of the TFL + band unit")].learner == pytest.approx(
        1000 * float(foot.itb_length_change))
    # the CSV carries the same numbers, and the disclaimer
    text = summary_csv(a)
    parsed = list(csv.DictReader(io.StringIO(text)))
    by = {(r["section"], r["quantity"]): r for r in parsed}
    assert float(by[("running stance", "peak ITB tension")]["you"]) == pytest.approx(float(run.itb_tension.max()))
    assert by[("note", DISCLAIMER)] and "not a diagnosis" in DISCLAIMER


def ranking_by_hand(values: dict[str, float]) -> list[tuple[str, float]]:
    """Each measurement but body mass alone, at the reference body, its change scaled by mass / reference mass."""
    ref = reference_by_hand()
    scale = values["body_mass"] / reference_mass_by_hand()
    base = float(running_stance(**inputs_by_hand(ref)).itb_tension.max())
    out = []
    for k in FIELD_NAMES:
        if k == "body_mass":
            continue
        alone = float(running_stance(**inputs_by_hand({**ref, k: values[k]})).itb_tension.max())
        out.append((k, scale * (alone - base)))
    return sorted(out, key=lambda kv: -abs(kv[1]))


@pytest.mark.parametrize("case", sorted(cases_by_hand()))
def test_the_ranking_is_each_measurement_alone(case: str) -> None:
    values = cases_by_hand()[case]
    got = [(c.field, c.peak_tension_change) for c in assess(values).ranking]
    want = ranking_by_hand(values)
    assert [k for k, _ in got][:2] == [k for k, _ in want][:2]
    assert dict(got) == pytest.approx(dict(want), abs=1e-9)


def test_each_case_ranks_as_the_lesson_says() -> None:
    """Lesson 09's claims, computed here: A's weak abductors outrank its drop, which lowers the peak; B's step rate
    is its only link and matters more for the knee's zone; C's eversion moves the peak by less than 0.5 N."""
    c = cases_by_hand()
    ra = ranking_by_hand(c["weak gluteus medius with a pelvic drop"])
    assert ra[0][0] == "hip_abduction_torque" and ra[0][1] > 250
    assert ra[1][0] == "pelvic_drop_deg" and ra[1][1] < 0
    rb = ranking_by_hand(c["low step rate, long strides"])
    assert rb[0][0] == "step_rate" and 0 < rb[0][1] < 20
    rc = ranking_by_hand(c["marked rearfoot eversion, normal hip strength"])
    assert rc[0][0] == "rearfoot_eversion_deg" and 0 < rc[0][1] < 0.5
    assert all(abs(v) < 1e-9 for _k, v in rc[1:])


def test_body_mass_scales_every_force_and_is_not_ranked() -> None:
    """The scaling assumption: a heavier learner with the same %BWh is the reference body, forces x mass / 75."""
    ref = reference_by_hand()
    base = running_stance(**inputs_by_hand(ref))
    for mass in (40.0, 90.0, 150.0):
        a = assess({**ref, "body_mass": mass})
        k = mass / reference_mass_by_hand()
        assert a.peak_tension == pytest.approx(k * float(base.itb_tension.max()), rel=1e-12)
        assert a.peak_tension_reference == pytest.approx(a.peak_tension, rel=1e-12)
        assert a.stance_itb_tension == pytest.approx(k * float(single_leg_stance(75.0, 1.0).itb_tension), rel=1e-12)
        assert "body_mass" not in [c.field for c in a.ranking] and a.most_important is None
        assert a.verdict.startswith("none") and not a.at_ceiling
    heavy_weak = assess({**ref, "body_mass": 90.0, "hip_abduction_torque": 7.42})
    assert heavy_weak.most_important is not None and heavy_weak.most_important.field == "hip_abduction_torque"
    want = 1.2 * (float(running_stance(**inputs_by_hand({**ref, "hip_abduction_torque": 7.42})).itb_tension.max())
                  - float(base.itb_tension.max()))
    assert heavy_weak.most_important.peak_tension_change == pytest.approx(want, rel=1e-12)


def test_at_the_ceiling_the_ranking_says_it_cannot_rank_and_ties_are_ties() -> None:
    """Two measurements each alone at the model's ceiling (the abductors at their maximum)."""
    ref = reference_by_hand()
    a = assess({**ref, "hip_abduction_torque": 3.0, "trunk_lean_deg": -15.0})
    lo = running_stance(**inputs_by_hand({**ref, "hip_abduction_torque": 3.0}))
    lean = running_stance(**inputs_by_hand({**ref, "trunk_lean_deg": -15.0}))
    assert lo.moment_deficit.max() > 0 and lean.moment_deficit.max() > 0  # both at the ceiling, computed here
    assert set(a.ceiling_fields) == {"hip_abduction_torque", "trunk_lean_deg"} and a.most_important is None
    assert a.verdict.startswith("cannot rank") and "ceiling" in a.verdict and "hip-abduction torque" in a.verdict
    assert "at the model's ceiling" in " ".join(r.quantity for r in a.rows())
    # below the ceiling, a tie within 0.5 N is reported as a tie (two copies of one change)
    from itband_edu.assessment import Assessment, LinkChange
    one = LinkChange("pelvic_drop_deg", "Pelvic drop", 9.0, 6.0, "deg", 10.0, 0.0)
    two = LinkChange("trunk_lean_deg", "Trunk lean", 3.0, 0.0, "deg", -10.2, 0.0)
    b = assess(ref)
    tied = Assessment(**{**b.__dict__, "ranking": (one, two)})
    assert tied.most_important is None and tied.verdict.startswith("a tie: pelvic drop and trunk lean")
    apart = Assessment(**{**b.__dict__, "ranking": (one, LinkChange(*list(two.__dict__.values())[:5], 9.0, 0.0))})
    assert apart.most_important == one and apart.verdict == "pelvic drop, +10 N"


@pytest.mark.parametrize(("values", "torque_ref", "words"), [
    ({"step_rate": 500.0}, None, "step_rate.*outside"),
    ({"body_mass": float("nan")}, None, "body_mass.*not a finite"),
    ({"height": 1.8}, None, "unknown field.*'height'"),
    ({"trunk_lean_deg": "upright"}, None, "trunk_lean_deg.*not a number"),
    ({}, 0.0, r"torque_ref = 0\.0 must be a finite number of %BWh above 0"),
    ({}, -1.0, r"torque_ref = -1\.0 must be"),
    ({}, float("inf"), "torque_ref = inf must be"),
])
def test_model_inputs_refuses_bad_input_naming_it(values: dict[str, object], torque_ref: float | None,
                                                   words: str) -> None:
    with pytest.raises(ValueError, match=words):
        model_inputs({**reference_by_hand(), **values}, torque_ref)  # type: ignore[dict-item]


def test_assess_reports_an_unknown_key() -> None:
    with pytest.raises(MeasurementError, match="unknown field.*'height'"):
        assess({**reference_by_hand(), "height": 1.8})


def test_assess_refuses_a_value_outside_the_models_range_instead_of_clipping() -> None:
    with pytest.raises(MeasurementError, match="step_rate.*outside"):
        assess({**reference_by_hand(), "step_rate": 200.0})
    with pytest.raises(MeasurementError, match="required"):
        assess({k: v for k, v in reference_by_hand().items() if k != "body_mass"})


# ---- data/case_studies.csv ----------------------------------------------------------------------


def test_the_case_file_is_well_formed() -> None:
    rows = case_rows()
    refs = references()
    assert list(rows[0]) == ["case", "field", "value", "unit", "kind", "source", "note"]
    cases = cases_by_hand()
    assert len(cases) == 3 and all(set(v) == set(FIELD_NAMES) for v in cases.values())
    assert {r["field"] for r in rows if r["case"] == "healthy reference"} == {"hip_abduction_torque", "body_mass"}
    for r in rows:
        assert r["unit"] == UNITS[r["field"]] and r["source"] in refs and r["note"].strip()
        assert r["kind"] in ("measured", "derived", "assumption", "reference")
        if r["case"] != "healthy reference":
            assert "composite case built from published group means" in r["note"]
        if r["kind"] == "assumption":
            assert "teaching assumption" in r["note"]
    loaded = load_case_studies()
    assert set(loaded) == set(cases)
    for name in cases:
        assert loaded[name] == pytest.approx(cases[name])


A_DROP = "weak gluteus medius with a pelvic drop,"
C_EVER = "normal hip strength\",rearfoot_eversion_deg,"
B_RATE = "\"low step rate, long strides\",step_rate,157,"
BROKEN = [
    ("unknown field", (A_DROP + "step_rate,", A_DROP + "cadence,"), "column field"),
    ("missing value", (C_EVER + "16.37", C_EVER), "column value"),
    ("unit mismatch", (B_RATE + "steps/min", B_RATE + "Hz"), "column unit"),
    ("unknown source", (",fredericson2000,\"mean isometric", ",fredericson2001,\"mean isometric"), "column source"),
    ("wrong header", ("case,field,value,unit", "case,field,amount,unit"), "row 1"),
    ("a number out of range", (C_EVER + "16.37", C_EVER + "25"), "rearfoot_eversion_deg"),
]


@pytest.mark.parametrize(("name", "edit", "where"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_case_file_is_refused_naming_row_and_column(tmp_path: Path, name: str, edit: tuple[str, str],
                                                             where: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    text = CASE_FILE.read_text(encoding="utf-8")
    assert edit[0] in text, name
    (folder / "case_studies.csv").write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(CaseStudyError) as exc:
        load_case_studies(folder)
    assert "case_studies.csv" in str(exc.value) and where in str(exc.value), str(exc.value)
    if name not in ("wrong header", "a number out of range"):
        assert "row " in str(exc.value)


def test_an_unbroken_copy_loads(tmp_path: Path) -> None:
    """The control for the broken copies: the same copying, no edit, no error."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    assert set(load_case_studies(folder)) == set(cases_by_hand())


def test_the_model_comparison_fails_a_one_percent_error() -> None:
    """Negative control for the summary-equals-model checks: a torque 1 % off (a wrong mapping) gives a peak
    tension the comparison tells apart."""
    values = cases_by_hand()["weak gluteus medius with a pelvic drop"]
    wrong = assess({**values, "hip_abduction_torque": values["hip_abduction_torque"] * 1.01})
    right = float(running_stance(**inputs_by_hand(values)).itb_tension.max())
    assert wrong.peak_tension != pytest.approx(right, rel=1e-6)


def test_the_round_trip_check_fails_a_rounded_file() -> None:
    """Negative control for the round trip: a file written to two decimals does not give the same values back."""
    values = {k: s.low + (s.high - s.low) / 3 for k, s in field_specs().items()}
    rounded = "field,value\n" + "".join(f"{k},{v:.2f}\n" for k, v in values.items())
    assert parse_csv(rounded).values != values and parse_csv(measurements_csv(values)).values == values
