"""Lesson 08's evidence (data/evidence.csv): every row loads in SI units with the value the paper prints,
cites a reference that exists, and says how the study was done; derived rows equal their calculation.

The expected values below were typed from the papers' abstracts (or the table named in the row's note),
not read from the CSV file or the loader. The folder is the loader's own (``data_dir()``), so pointing
``ITBAND_EDU_DATA`` at a broken copy of ``data/`` makes these tests fail.
"""

from __future__ import annotations

import csv
import math
import re
import shutil
from pathlib import Path

import pytest

from itband_edu import DataError, load_parameters, references
from itband_edu.parameters import KINDS, Parameters, data_dir

DEG = math.pi / 180.0

# name -> value in SI units (Pa, m^2, rad; '%', '1/min' and dimensionless numbers as printed), as published.
EXPECTED_SI: dict[str, float] = {
    # Wilke et al. 2020 (acute foam rolling, 26 trials)
    "foam_rolling_rom_smd": 0.74,
    "foam_rolling_rom_smd_ci_low": 0.42,
    "foam_rolling_rom_smd_ci_high": 1.01,
    "foam_rolling_trials_count": 26,
    "foam_rolling_vs_stretching_smd": -0.02,
    "foam_rolling_vs_stretching_smd_ci_low": -0.73,
    "foam_rolling_vs_stretching_smd_ci_high": 0.69,
    # Konrad et al. 2022, Grabow et al. 2018, Pepper et al. 2021, Park et al. 2022
    "foam_rolling_training_rom_es": 0.823,
    "roller_massage_passive_rom_gain": 15.4,
    "hip_adduction_prom_change_one_session": 0.8 * DEG,
    "itbs_rolling_trial_n": 22,
    # Curran et al. 2008: kPa -> Pa, cm^2 -> m^2; the forces are pressure x area
    "roller_pressure_foam": 33_400.0,
    "roller_contact_area_foam": 68.4e-4,
    "roller_pressure_rigid": 51_800.0,
    "roller_contact_area_rigid": 47.0e-4,
    "roller_force_foam": 228.0,
    "roller_force_rigid": 243.0,
    # Chaudhry et al. 2014 (model)
    "fascia_normal_force_9pct_compression": 100.0,
    "fascia_tangential_force_4pct_shear": 22.0,
    # Wilke et al. 2016, Burk et al. 2020
    "lateral_line_transitions_verified_count": 2,
    "lateral_line_transitions_count": 5,
    "remote_myofascial_rom_smd": 0.23,
    "remote_myofascial_rom_smd_ci_low": -0.09,
    "remote_myofascial_rom_smd_ci_high": 0.55,
    # Cramer et al. 2020, Arganbright et al. 2024
    "cupping_pain_vs_sham_smd": -0.27,
    "cupping_pain_vs_sham_smd_ci_low": -0.58,
    "cupping_pain_vs_sham_smd_ci_high": 0.05,
    "cupping_pain_vs_none_smd": -1.03,
    "cupping_rom_gain_one_session": 4.42 * DEG,
    "straight_leg_raise_mdd": 10.0 * DEG,
    # Tang et al. 2024, Parr et al. 2017
    "iastm_rom_md_deficit": 4.94 * DEG,
    "iastm_rom_md_healthy": 2.32 * DEG,
    "gluteal_activation_emg_d": 0.30,
    # Fredericson et al. 2000 as in Beals & Flanigan 2013 Table 1; Imeri & Gheitasi 2020; McKay et al. 2020;
    # Sanchez-Alvarado et al. 2024
    "abductor_torque_gain_female": 34.9,
    "abductor_torque_gain_male": 51.4,
    "strengthening_case_series_n": 24,
    "strengthening_pain_free_count": 22,
    "strengthening_rct_n": 32,
    "itbs_pilot_rct_n": 24,
    "itbs_review_pain_reduction_min": 27.0,
    "itbs_review_pain_reduction_max": 100.0,
    # Gunter & Schwellnus 2004
    "steroid_pain_day0": 222.0,
    "steroid_pain_day14": 103.0,
    "anaesthetic_pain_day0": 197.0,
    "anaesthetic_pain_day14": 157.0,
    "steroid_pain_reduction": 53.6,
    "anaesthetic_pain_reduction": 20.3,
    # Allen 2014 (case report), Meardon et al. 2012
    "case_step_rate_before": 168.0,
    "case_step_rate_after": 176.0,
    "step_width_study_n": 15,
}

# The references this file added to references.csv (all read from abstracts or a table: 'partly').
NEW_REFERENCES = (
    "konrad2022", "konrad2023", "grabow2018", "curran2008", "pepper2021", "park2022", "chaudhry2014", "wilke2016",
    "wilke2016sra", "krause2016", "burk2020", "cramer2020", "arganbright2024", "tang2024", "schwellnus1992",
    "gunter2004", "beals2013", "beers2008", "imeri2020", "mckay2020", "sanchezalvarado2024", "vanderworp2012",
    "foch2020", "parr2017", "willy2011", "allen2014", "meardon2012",
)

# Words that name a study design; every note must use one, and give a sample (a number) or say there is none.
DESIGNS = ("meta-analysis", "systematic review", "trial", "RCT", "case series", "case report", "study",
           "critically appraised topic", "model")


def _rows(folder: Path, filename: str) -> list[dict[str, str]]:
    with (folder / filename).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def folder() -> Path:
    return data_dir()


@pytest.fixture(scope="module")
def params(folder: Path) -> Parameters:
    return load_parameters(folder)


@pytest.fixture(scope="module")
def evidence(folder: Path) -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in _rows(folder, "evidence.csv")}


def test_every_row_has_a_typed_expectation(evidence: dict[str, dict[str, str]]) -> None:
    assert sorted(evidence) == sorted(EXPECTED_SI)


@pytest.mark.parametrize("name", sorted(EXPECTED_SI))
def test_row_loads_in_si_units_with_the_published_value(params: Parameters, name: str) -> None:
    assert params.value(f"evidence.{name}") == pytest.approx(EXPECTED_SI[name], rel=1e-9, abs=1e-12)


def test_every_source_exists_and_new_references_are_partly(folder: Path,
                                                          evidence: dict[str, dict[str, str]]) -> None:
    keys = {r["key"]: r for r in _rows(folder, "references.csv")}  # plain csv, not the loader
    for name, row in evidence.items():
        assert row["source"] in keys, f"{name}: unknown source {row['source']!r}"
    for key in NEW_REFERENCES:
        assert key in keys, key
        assert keys[key]["verified"] == "partly", f"{key} was read from an abstract or a table only"


@pytest.mark.parametrize("key", NEW_REFERENCES)
def test_new_reference_citation_formats(folder: Path, key: str) -> None:
    ref = references(folder)[key]
    cit = ref.citation()
    assert cit.startswith(f"{ref.authors} ({ref.year}). "), cit
    assert f"*{ref.journal}*" in cit
    for bad in ("?.", "..", " .", ",.", "()", "not captured", "inferred"):
        assert bad not in cit, f"{key}: {bad!r} in {cit}"
    assert re.search(r"\. (https://doi\.org/10\.\d{4,9}/\S+|https?://\S+)$", cit), cit


def test_kinds_meanings_and_notes_say_design_and_sample(evidence: dict[str, dict[str, str]]) -> None:
    for name, row in evidence.items():
        assert row["kind"] in KINDS and row["kind"] != "assumption", f"{name}: kind {row['kind']!r}"
        assert row["meaning"].strip(), name
        note = row["note"]
        assert any(d.lower() in note.lower() for d in DESIGNS), f"{name}: no study design in {note!r}"
        assert re.search(r"\d", note) or "no participants" in note, f"{name}: no sample size in {note!r}"


# derived row -> (its calculation from other rows, in SI; relative tolerance for the rounding in the CSV)
DERIVATIONS = {
    "roller_force_foam": (lambda v: v["roller_pressure_foam"] * v["roller_contact_area_foam"], 0.005),
    "roller_force_rigid": (lambda v: v["roller_pressure_rigid"] * v["roller_contact_area_rigid"], 0.005),
    "steroid_pain_reduction": (
        lambda v: 100.0 * (v["steroid_pain_day0"] - v["steroid_pain_day14"]) / v["steroid_pain_day0"], 0.001),
    "anaesthetic_pain_reduction": (
        lambda v: 100.0 * (v["anaesthetic_pain_day0"] - v["anaesthetic_pain_day14"]) / v["anaesthetic_pain_day0"],
        0.001),
}


def test_derived_rows_equal_their_calculation(params: Parameters, evidence: dict[str, dict[str, str]]) -> None:
    derived = {n for n, r in evidence.items() if r["kind"] == "derived"}
    assert derived == set(DERIVATIONS), "every derived row needs its calculation checked here"
    v = {k.split(".", 1)[1]: x for k, x in params.table.items() if k.startswith("evidence.")}
    for name, (calc, rel) in DERIVATIONS.items():
        assert v[name] == pytest.approx(calc(v), rel=rel), name
        assert "=" in evidence[name]["note"], f"{name}: the note should show the calculation"


def test_confidence_limits_bracket_their_estimates(evidence: dict[str, dict[str, str]]) -> None:
    lows = [n for n in evidence if n.endswith("_ci_low")]
    assert len(lows) == 4
    for low in lows:
        base = low.removesuffix("_ci_low")
        lo, est, hi = (float(evidence[n]["value"]) for n in (low, base, f"{base}_ci_high"))
        assert lo < est < hi, base


def test_counts_are_whole_and_consistent(evidence: dict[str, dict[str, str]]) -> None:
    counts = {n: float(r["value"]) for n, r in evidence.items() if n.endswith(("_n", "_count"))}
    assert len(counts) == 9
    for name, x in counts.items():
        assert x == int(x) >= 1 and evidence[name]["unit"] == "1", name
    assert counts["strengthening_pain_free_count"] <= counts["strengthening_case_series_n"]
    assert counts["lateral_line_transitions_verified_count"] <= counts["lateral_line_transitions_count"]


# --------------------------------------------------------------------------------------------------
# a broken copy of the evidence must not load


def _corrupt(folder: Path, name: str, column: str, new: str) -> int:
    """Set one field of evidence.csv's row ``name``; return that row's line number (header = 1)."""
    path = folder / "evidence.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index(column)
    line = next(i for i, r in enumerate(rows, start=1) if r and r[0] == name)
    rows[line - 1][col] = new
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return line


@pytest.mark.parametrize(("name", "column", "new", "fragments"), [
    ("roller_pressure_foam", "source", "curran2080", ["'curran2080'", "references.csv"]),
    ("roller_pressure_foam", "unit", "Pa", ["'kPa'", "'Pa'"]),
    ("roller_pressure_foam", "value", "33400", ["roller_pressure_foam=33400", "plausible range"]),
    ("roller_contact_area_foam", "value", "0.00684", ["roller_contact_area_foam=0.00684", "plausible range"]),
    ("case_step_rate_after", "unit", "steps/min", ["'1/min'", "'steps/min'"]),
    ("cupping_pain_vs_sham_smd", "kind", "guess", ["'guess'"]),
], ids=["typo'd source key", "Pa for kPa", "Pa value in a kPa row", "m^2 value in a cm^2 row", "steps/min",
        "unknown kind"])
def test_broken_copy_raises_data_error(tmp_path: Path, folder: Path, name: str, column: str, new: str,
                                       fragments: list[str]) -> None:
    copy = tmp_path / "data"
    shutil.copytree(folder, copy)
    line = _corrupt(copy, name, column, new)
    with pytest.raises(DataError) as info:
        load_parameters(copy)
    msg = str(info.value)
    assert msg.startswith(f"evidence.csv, row {line}:"), msg
    for frag in fragments:
        assert frag in msg, f"{frag!r} missing from: {msg}"
