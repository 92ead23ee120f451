"""The model against published results, read from ``data/published_results.csv``.

Each row gives a published value, a tolerance, a unit, a source key (``data/references.csv``) and a
note saying where the number comes from and why the tolerance is what it is. This module tests the
rows whose names start with ``stance.``, ``sharing.``, ``tissue.``, ``gait.``, ``knee.`` or ``chain.``. Every row of
ours must have a test here and every test a row.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from itband_edu import band_stretch, default_parameters, references, single_leg_stance
from itband_edu.knee import knee_compression

DATA = Path(__file__).resolve().parents[1] / "data"
OURS = ("stance.", "sharing.", "tissue.", "gait.", "knee.", "chain.")
COLUMNS = ["name", "value", "tolerance", "unit", "source", "note"]


def _rows() -> list[dict[str, str]]:
    with (DATA / "published_results.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def row(name: str) -> tuple[float, float, str]:
    """(value, tolerance, unit) of the published result ``name``."""
    hits = [r for r in _rows() if r["name"] == name]
    assert len(hits) == 1, f"published_results.csv should have exactly one row {name!r}"
    return float(hits[0]["value"]), float(hits[0]["tolerance"]), hits[0]["unit"]


def _pauwels():  # type: ignore[no-untyped-def]
    return single_leg_stance(body_mass=58.7, supported_weight_fraction=0.814, weight_lever=0.1099,
                             abductor_lever=0.04, abductor_angle_deg=21)


# --------------------------------------------------------------------------------------------------
# the file itself


def test_file_is_well_formed() -> None:
    rows = _rows()
    refs = references()
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), "duplicate names"
    for i, r in enumerate(rows, start=2):
        where = f"published_results.csv, row {i} ({r['name']})"
        assert r["source"] in refs, f"{where}: source {r['source']!r} is not in references.csv"
        assert math.isfinite(float(r["value"])), where
        assert float(r["tolerance"]) >= 0.0, where
        assert r["unit"].strip(), where
        assert len(r["note"]) >= 40, f"{where}: the note must say where the value comes from and why the tolerance"
    assert len(rows) >= 8


def test_every_row_of_ours_has_a_test_and_every_test_a_row() -> None:
    ours = {r["name"] for r in _rows() if r["name"].startswith(OURS)}
    tested = set(TESTED)
    assert ours - tested == set(), f"rows without a test: {sorted(ours - tested)}"
    assert tested - ours == set(), f"tests without a row: {sorted(tested - ours)}"
    assert len(ours) >= 8


TESTED: list[str] = []


def published(name: str):  # type: ignore[no-untyped-def]
    TESTED.append(name)
    return lambda f: f


# --------------------------------------------------------------------------------------------------
# Pauwels' textbook case


@published("stance.pauwels_abductor_force")
def test_pauwels_abductor_force() -> None:
    """Pauwels (1965/1976) one-leg stance: abductor force 2.24 BW (0.814 x 10.99 / 4.0, derived from
    his inputs as transcribed by Fischer et al. 2022). Tolerance 0.01 BW, the rounding of the inputs."""
    value, tol, unit = row("stance.pauwels_abductor_force")
    assert unit == "BW"
    r = _pauwels()
    assert r.feasible
    assert abs(r.total_abductor_force / r.body_weight - value) <= tol


@published("stance.pauwels_hip_contact_force")
def test_pauwels_hip_contact_force() -> None:
    """Pauwels' case: hip contact force 3.01 BW (vector sum of W' and the abductor force at 21 deg,
    derived). Tolerance 0.02 BW, rounding of the inputs."""
    value, tol, unit = row("stance.pauwels_hip_contact_force")
    assert unit == "BW"
    assert abs(_pauwels().hip_contact_force_bw - value) <= tol


@published("stance.pauwels_hip_contact_angle")
def test_pauwels_hip_contact_angle() -> None:
    """Pauwels' case: the hip force tilts 15.4 deg from vertical (derived). Tolerance 0.1 deg."""
    value, tol, unit = row("stance.pauwels_hip_contact_angle")
    assert unit == "deg"
    assert abs(_pauwels().hip_contact_angle_deg - value) <= tol


@published("stance.pauwels_hip_contact_angle_printed")
def test_pauwels_printed_angle() -> None:
    """Pauwels' printed 'about 16 deg' (via a restatement in Int Orthop). Tolerance 1 deg: he rounded."""
    value, tol, _ = row("stance.pauwels_hip_contact_angle_printed")
    assert abs(_pauwels().hip_contact_angle_deg - value) <= tol


# --------------------------------------------------------------------------------------------------
# in-vivo hip contact forces (instrumented implants)


@published("stance.bergmann2016_one_leg_stance_force")
def test_bergmann2016_one_leg_stance_force() -> None:
    """Bergmann et al. 2016 (OrthoLoad standard loads, 10 patients): one-leg stance 2.61 +/- 0.29 BW.
    The default model (75 kg, level pelvis, upright trunk) must lie within 1 between-patient SD."""
    value, tol, unit = row("stance.bergmann2016_one_leg_stance_force")
    assert unit == "BW"
    assert abs(single_leg_stance().hip_contact_force_bw - value) <= tol


@published("stance.bergmann2016_one_leg_stance_angle")
def test_bergmann2016_one_leg_stance_angle() -> None:
    """Bergmann et al. 2016: force direction 16.4 +/- 3.7 deg from the femoral axis in the frontal
    plane. The model's femur is vertical, so its angle from vertical is compared; tolerance 1 SD."""
    value, tol, unit = row("stance.bergmann2016_one_leg_stance_angle")
    assert unit == "deg"
    assert abs(single_leg_stance().hip_contact_angle_deg - value) <= tol


@published("stance.bergmann2001_walking_upper_bound")
def test_bergmann2001_one_leg_stance_not_above_walking() -> None:
    """Bergmann et al. 2001: walking 2.38 BW; one-leg stance reported 'slightly less' (number not
    reached). One-sided: the model's one-leg stance must not exceed 2.38 BW by more than 0.29 BW
    (1 SD of the 2016 one-leg-stance data). Also checks the model's stance is a realistic 2-3.3 BW."""
    value, tol, _ = row("stance.bergmann2001_walking_upper_bound")
    f = single_leg_stance().hip_contact_force_bw
    assert f <= value + tol
    assert f >= 2.0


# --------------------------------------------------------------------------------------------------
# who does the work


@published("stance.kummer1993_trochanteric_share")
def test_kummer1993_trochanteric_share() -> None:
    """Kummer 1993 (via Grimaldi et al. 2015): gluteus medius + minimus supply about 70 % of the
    abductor force in one-leg stance. One-sided [0.70, 0.85]: the model lacks vastus lateralis (one
    of Kummer's ITB tensioners), so its trochanteric share should be at or above 70 %."""
    value, tol, _ = row("stance.kummer1993_trochanteric_share")
    r = single_leg_stance()
    share = (r.force_of("gluteus_medius") + r.force_of("gluteus_minimus")) / r.total_abductor_force
    assert value <= share <= value + tol


@published("sharing.rajagopal2016_capacity_neutral")
def test_rajagopal_capacity_neutral() -> None:
    """Rajagopal et al. 2016 model, computed in OpenSim 4.6 (SOURCES.md 2b): sum F_max r = 210 N m at
    0 deg adduction for the 8 abductors. Tolerance 1 N m, the rounding of the tabulated moment arms."""
    value, tol, unit = row("sharing.rajagopal2016_capacity_neutral")
    assert unit == "N m"
    assert abs(single_leg_stance().abductor_capacity - value) <= tol


@published("sharing.rajagopal2016_capacity_adducted_ratio")
def test_rajagopal_capacity_adducted() -> None:
    """Same model: at 10 deg adduction the capacity falls to 188 N m, 90 % of neutral. The model's
    10 deg pelvic drop is 10 deg hip adduction. Tolerance 0.02 (scaled GMin/GMax1 moment arms)."""
    value, tol, _ = row("sharing.rajagopal2016_capacity_adducted_ratio")
    ratio = single_leg_stance(pelvic_drop_deg=10).abductor_capacity / single_leg_stance().abductor_capacity
    assert abs(ratio - value) <= tol


@published("stance.fredericson2000_abductor_deficit")
def test_fredericson2000_weak_abductors_load_the_band() -> None:
    """Fredericson et al. 2000: runners with ITBS had 23-29 % weaker hip abductors. Trend test over
    that whole range (value +/- tolerance): weakening gluteus medius by that much raises TFL force
    and ITB tension (the model's mechanism for ITB overload) and one-leg stance stays possible."""
    value, tol, _ = row("stance.fredericson2000_abductor_deficit")
    normal = single_leg_stance()
    for deficit in (value - tol, value, value + tol):
        weak = single_leg_stance(glute_med_strength=1.0 + deficit)
        assert weak.feasible
        assert weak.forces["tensor_fasciae_latae"] > 1.1 * normal.forces["tensor_fasciae_latae"]
        assert weak.itb_tension > 1.1 * normal.itb_tension
        assert weak.force_of("gluteus_medius") < normal.force_of("gluteus_medius")


# --------------------------------------------------------------------------------------------------
# the band


@published("tissue.falvey2010_itb_lengthening_bound")
def test_falvey2010_band_lengthens_less_than_half_a_percent() -> None:
    """Falvey et al. 2010 (5 cadavers): clinical ITB stretches lengthened the band by < 0.5 %. A 20 deg
    hip-adduction stretch imposes about 2 cm on the TFL-ITB unit; the band's strain must stay below
    the bound (tolerance 0: a bound), and for the whole clinical range up to 3 cm."""
    bound, tol, unit = row("tissue.falvey2010_itb_lengthening_bound")
    assert unit == "%"
    assert band_stretch(stretch=0.02).band_strain_percent < bound + tol
    assert np.all(band_stretch(stretch=np.linspace(0.0, 0.03, 31)).band_strain_percent < bound + tol)


@published("tissue.otsuka2020_modulus")
def test_otsuka2020_distal_modulus() -> None:
    """Otsuka et al. 2020: ITB Young's modulus 219.4 +/- 68.8 MPa at the distal site. The model's band
    must behave there with a modulus inside 1 SD: load / (distal local strain x cross-section)."""
    value, tol, unit = row("tissue.otsuka2020_modulus")
    assert unit == "MPa"
    load = 500.0
    r = band_stretch(load=load)
    modulus_mpa = load / (r.band_peak_strain * default_parameters().itb_cross_section) / 1e6
    assert abs(modulus_mpa - value) <= tol


@published("tissue.otsuka2020_modulus_proximal")
def test_otsuka2020_proximal_modulus() -> None:
    """Otsuka et al. 2020: 337.9-362.7 MPa at the proximal and middle sites. What is left of the band's
    elongation once the distal region's share is taken out must correspond to such a modulus."""
    value, tol, unit = row("tissue.otsuka2020_modulus_proximal")
    p = default_parameters()
    load = 500.0
    r = band_stretch(load=load)
    f = p.itb_proximal_length_fraction
    distal_el = r.band_peak_strain * (1 - f) * p.itb_length
    proximal_strain = (r.band_elongation - distal_el) / (f * p.itb_length)
    modulus_mpa = load / (proximal_strain * p.itb_cross_section) / 1e6
    assert abs(modulus_mpa - value) <= tol


@published("gait.tomiyama2016_path_strain")
def test_tomiyama2016_path_strain_in_running() -> None:
    """OpenSim running studies report the path's strain as "ITB strain": the model's running path
    strain must lie within Tomiyama et al. 2016's two speeds, mean +/- 1 SD; the band tissue's own
    strain is another quantity (larger here: all the tension goes through a narrow band)."""
    from itband_edu import running_stance

    value, tol, unit = row("gait.tomiyama2016_path_strain")
    run = running_stance()
    assert unit == "%" and abs(run.path_strain_percent.max() - value) <= tol
    assert run.tissue_strain.max() > run.path_strain.max()


@published("knee.orchard1996_impingement_angle")
def test_orchard1996_angle_comes_out_of_the_knee_geometry() -> None:
    """Orchard et al. 1996: the band meets the epicondyle at or slightly below 30 deg of flexion. The
    knee model has no angle among its inputs (data/knee.csv holds lengths and the peer model's coupled
    rotation): the flexion at which its band's line crosses the epicondyle must come out within the
    tolerance. The compression index keeps rising a little past the crossing (internal tibial rotation
    presses the band deeper), so its peak is reported, not tested here: see tests/test_knee.py."""
    from itband_edu.knee_angles import crossing_angle

    value, tol, unit = row("knee.orchard1996_impingement_angle")
    assert unit == "deg" and abs(crossing_angle() - value) <= tol


@published("chain.mills2010_tibial_rotation")
def test_mills2010_orthosis_tibial_rotation_through_the_chain() -> None:
    """Mills et al. 2010: orthoses that reduce rearfoot eversion by 2.12 deg reduce tibial internal
    rotation by 1.33 deg (in vivo, pooled). The chain's first link (Fischer et al. 2018, cadavers)
    must turn the same eversion change into a tibial rotation within Mills' confidence interval."""
    from itband_edu import chain_from_foot

    value, tol, unit = row("chain.mills2010_tibial_rotation")
    assert unit == "deg" and abs(chain_from_foot(2.12).tibial_rotation_deg - value) <= tol


@published("knee.jelsing2013_band_movement")
def test_jelsing2013_the_band_moves_more_than_ultrasound_sees() -> None:
    """Jelsing et al. 2013 (ultrasound, 20 runners): the band's anterior fibres come 3.8 mm (supine) to
    7.1 mm (standing) closer to the epicondyle between 0 and 45 deg of flexion. NOT an agreement: the
    model's line moves about 11 mm, 1.5 to 3 times as far (no tether over the fat pad). Fails if the
    model ever moves the band less than the standing value, or more than three times the supine one, so
    that lesson 06's text, which states the ratio, gets revisited."""
    value, _, unit = row("knee.jelsing2013_band_movement")
    assert unit == "mm"
    r = knee_compression(np.array([0.0, 45.0]), 100.0)
    moved_mm = float(r.band_position[0] - r.band_position[1]) * 1e3
    assert value < moved_mm < 3.0 * 3.8 + 0.5


@published("tissue.chaudhry2008_force_for_1pct")
def test_chaudhry2008_discrepancy_is_still_true() -> None:
    """Chaudhry et al. 2008: 9075 N for 1 % deformation of fascia lata (compression and shear in
    manual therapy). NOT an agreement: the model's longitudinal force for 1 % band strain is about
    100 N. The note in published_results.csv says so; this test fails if the band's stiffness ever
    moves within a factor 10 of Chaudhry's figure, so that the note gets revisited."""
    value, _, unit = row("tissue.chaudhry2008_force_for_1pct")
    assert unit == "N"
    # find the load that gives 1 % band strain from the model itself (bisection on band_stretch)
    lo, hi = 0.0, 5000.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if band_stretch(load=mid).band_strain < 0.01 else (lo, mid)
    force_1pct = 0.5 * (lo + hi)
    assert force_1pct < value / 10.0
    # and a 1 % strain is still far beyond what a 2 cm stretch of the relaxed unit produces
    assert band_stretch(stretch=0.02).load < force_1pct


@published("tissue.falvey2010_gauge_strain")
def test_falvey2010_gauges_read_far_less_than_the_model() -> None:
    """Falvey et al. 2010's gauges read medians of 9.4, 15.4 and 21.1 microstrain under three clinical stretches.
    NOT an agreement: the model strains its band about 1050 microstrain under a 20 mm stretch. Fails if the model
    ever comes within ten times the largest reading, so that lessons 01 and 10, which state the ratio, get revisited;
    the readings quoted in the note must be the ones of shared/SOURCES.md, the value their largest."""
    value, tol, unit = row("tissue.falvey2010_gauge_strain")
    assert unit == "microstrain" and tol == 0.0
    note = next(r["note"] for r in _rows() if r["name"] == "tissue.falvey2010_gauge_strain")
    readings = [9.4, 15.4, 21.1]
    assert all(f"{x:g}" in note for x in readings) and value == max(readings)
    # strain = elongation / length, from the model's own result (not its percent property)
    r = band_stretch(stretch=0.02)
    model_microstrain = r.band_elongation / default_parameters().itb_length * 1e6
    assert model_microstrain > 10.0 * value
    assert 40 < model_microstrain / value < 60 and 100 < model_microstrain / min(readings) < 120   # "50 to 110 times"


@published("gait.heiderscheit2011_peak_hip_abduction_moment")
def test_heiderscheit2011_running_hip_moment() -> None:
    """Heiderscheit et al. 2011 (45 runners): peak hip abduction moment 1.8 +/- 0.4 N m/kg at the preferred step
    rate. The model's quasi-static peak (ground force x lever, per kg) must lie within 1 SD; the row must be the
    same measurement that data/gait.csv records for lesson 07."""
    from itband_edu import running_stance

    value, tol, unit = row("gait.heiderscheit2011_peak_hip_abduction_moment")
    with (DATA / "gait.csv").open(newline="", encoding="utf-8") as fh:
        gait = {r["name"]: r for r in csv.DictReader(fh)}
    g = gait["peak_hip_abduction_moment"]
    assert (float(g["value"]), g["unit"], g["source"]) == (value, unit, "heiderscheit2011") and "SD 0.4" in g["note"]
    run = running_stance(body_mass=75.0)
    per_kg = run.hip_abduction_moment / 75.0
    assert abs(float(np.max(per_kg)) - value) <= tol


# --------------------------------------------------------------------------------------------------
# the comparisons earlier lessons make and the model misses (lesson 10 shows them as MISS)


def _gait_csv() -> dict[str, dict[str, str]]:
    with (DATA / "gait.csv").open(newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


@published("gait.heiderscheit2011_step_rate_moment_trend")
def test_heiderscheit2011_moment_falls_with_quicker_steps_and_the_model_misses_it() -> None:
    """Heiderscheit et al. 2011: the peak hip abduction moment fell 1.8 -> 1.7 N m/kg at +10 % step rate and rose
    to 1.9 at -10 % (data/gait.csv, read here). The row's value is that change; the model's quasi-static moment does
    not move with the step rate, so the trend is a MISS: this test fails if the model ever starts to reproduce it
    (then lessons 07, 08 and 10, which say it does not, must be revisited) or if the row stops matching gait.csv."""
    from itband_edu import running_stance

    value, tol, unit = row("gait.heiderscheit2011_step_rate_moment_trend")
    g = _gait_csv()
    base, fast, slow = (float(g[f"{k}peak_hip_abduction_moment"]["value"])
                        for k in ("", "step_rate_plus10_", "step_rate_minus10_"))
    assert unit == "N m/kg" and tol == 0.0 and abs(value - (fast - base)) < 1e-9 and slow > base > fast
    peaks = [float(np.max(running_stance(step_rate_change_percent=s).hip_abduction_moment)) / 75.0
             for s in (-10, 0, 10)]
    reproduced = peaks[2] < peaks[1] < peaks[0]
    assert not reproduced and abs(peaks[2] - peaks[1]) < 1e-9        # unchanged: the recorded miss


@published("knee.orchard1996_peak_compression_angle")
def test_orchard1996_the_model_presses_hardest_too_late() -> None:
    """Orchard et al. 1996 / Fairclough et al. 2006: the band presses at about 30 deg. The knee model's angle of
    peak compression (found here by scanning the compression index over flexion, not by the library's search) lies
    outside 30 +/- 5 deg: lesson 06's 'about 11 deg later', a MISS. Fails if the peak moves inside the tolerance or
    the size of the gap changes (lessons 06 and 10 state it)."""
    from itband_edu.knee import knee_compression as kc

    value, tol, unit = row("knee.orchard1996_peak_compression_angle")
    crossing_value, crossing_tol, _ = row("knee.orchard1996_impingement_angle")
    assert unit == "deg" and (value, tol) == (crossing_value, crossing_tol)
    flexion = np.linspace(0.0, 140.0, 14001)                         # a 0.01 deg grid, at constant tension
    peak = float(flexion[int(np.argmax(np.asarray(kc(flexion, 100.0).compression_force)))])
    assert abs(peak - value) > tol and round(peak - value) == 11


@published("gait.miller2007_itbs_landing_strain")
def test_miller2007_a_more_bent_landing_does_not_strain_the_models_path() -> None:
    """Miller et al. 2007: the ITBS group landed at 20.6 against 15.3 deg (data/gait.csv, read here) with a higher
    ITB strain in their model. The row's value is the landing difference; the model's path strain is the same for
    both landings (its path does not cross the knee): a MISS. Fails if the model ever reproduces the direction."""
    from itband_edu import running_stance

    value, tol, unit = row("gait.miller2007_itbs_landing_strain")
    g = _gait_csv()
    itbs, ctrl = (float(g[f"fatigued_{k}_knee_flexion_contact"]["value"]) for k in ("itbs", "control"))
    assert unit == "deg" and tol == 0.0 and abs(value - (itbs - ctrl)) < 1e-9
    a, b = (running_stance(knee_flexion_contact_deg=k) for k in (itbs, ctrl))
    strain = [float(np.max(r.path_strain)) for r in (a, b)]
    assert not strain[0] > strain[1] and np.allclose(a.path_strain, b.path_strain, rtol=0, atol=1e-15)


@published("chain.day2015_wedge_hip_rotation")
def test_day2015_a_medial_wedge_raised_hip_rotation_the_chain_lowers_it() -> None:
    """Day 2015: a 7 deg medial wedge raised hip internal rotation. The chain, given lesson 05's wedge (1.62 deg less
    eversion from 12.37 deg, data/chain.csv and gait.csv read here), lowers it by about half the tibia's change
    (0.68 x 1.62 x 0.5 deg, computed by hand from chain.csv's couplings): the opposite direction, a MISS."""
    from itband_edu import chain_from_foot

    value, tol, unit = row("chain.day2015_wedge_hip_rotation")
    assert unit == "deg" and tol == 0.0 and value == 7.0
    with (DATA / "chain.csv").open(newline="", encoding="utf-8") as fh:
        ch = {r["name"]: float(r["value"]) for r in csv.DictReader(fh)}
    typical = float(_gait_csv()["peak_rearfoot_eversion"]["value"])
    wedge = ch["orthosis_eversion_change"]
    change = float(chain_from_foot(typical - wedge).hip_internal_rotation_deg
                   - chain_from_foot(typical).hip_internal_rotation_deg)
    by_hand = -ch["eversion_to_tibial_rotation"] * wedge * ch["tibial_to_hip_rotation"]
    assert abs(change - by_hand) < 1e-9 and not change > 0.0
