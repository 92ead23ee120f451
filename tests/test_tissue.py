"""Band and muscle in series: hand calculations from ``data/tissue.csv`` and properties of band_stretch.

Hand values: band strain = F / (E A) with E (MPa -> Pa) and A = thickness x width (mm -> m) read from
the CSV here; passive muscle force F0 (exp(k e / e0) - 1) / (exp(k) - 1) with k, e0 from the CSV.
"""

from __future__ import annotations

import csv
import math
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from itband_edu import BandStretchResult, band_stretch
from itband_edu.tissue import MAX_LOAD, MAX_STRETCH, passive_muscle_force, passive_muscle_strain, series_force

DATA = Path(__file__).resolve().parents[1] / "data"
PROP = settings(max_examples=300, deadline=None, database=None)


def _raw(filename: str) -> dict[str, float]:
    with (DATA / filename).open(newline="", encoding="utf-8") as fh:
        return {r["name"]: float(r["value"]) for r in csv.DictReader(fh)}


TIS, MUS = _raw("tissue.csv"), _raw("muscles.csv")
E_BAND = TIS["itb_youngs_modulus"] * 1e6  # MPa -> Pa
E_RUBBER = TIS["rubber_youngs_modulus"] * 1e6
AREA = TIS["itb_thickness"] / 1000 * TIS["itb_width"] / 1000  # mm x mm -> m^2
L_BAND = TIS["itb_length"]
# the band: two regions in series, the proximal fraction at the proximal modulus (data/tissue.csv);
# E_EFF is the one modulus a uniform band of the same size would need to stretch as much
E_PROX, F_PROX = TIS["itb_youngs_modulus_proximal"] * 1e6, TIS["itb_proximal_length_fraction"]
BAND_COMPLIANCE = L_BAND * (F_PROX / E_PROX + (1.0 - F_PROX) / E_BAND) / AREA  # m/N
E_EFF = L_BAND / (BAND_COMPLIANCE * AREA)
L_M = TIS["tfl_optimal_fibre_length"]
K, E0 = TIS["passive_shape_factor"], TIS["passive_strain_at_max_force"]
F0_TFL = MUS["tensor_fasciae_latae.max_isometric_force"]


def hand_muscle_strain(force: float) -> float:
    """Inverse of Thelen's passive curve: e = e0 / k ln(1 + F / F0 (e^k - 1))."""
    return E0 / K * math.log1p(force / F0_TFL * math.expm1(K))


# --------------------------------------------------------------------------------------------------
# hand calculations


@pytest.mark.parametrize("load", [1.0, 50.0, 411.2, 2000.0, 5000.0])
def test_band_strain_is_force_over_EA(load: float) -> None:
    r = band_stretch(load=load)
    assert r.load == load
    assert r.band_strain == pytest.approx(load / (E_EFF * AREA), rel=1e-12)
    assert r.band_elongation == pytest.approx(load * L_BAND / (E_EFF * AREA), rel=1e-12)
    assert r.muscle_strain == pytest.approx(hand_muscle_strain(load), rel=1e-12)
    assert r.muscle_elongation == pytest.approx(L_M * hand_muscle_strain(load), rel=1e-12)
    assert r.stretch == pytest.approx(r.band_elongation + r.muscle_elongation, rel=1e-12)
    assert r.band_strain_percent == pytest.approx(100 * load / (E_EFF * AREA), rel=1e-12)


@pytest.mark.parametrize("load", [10.0, 300.0, 4000.0])
def test_rubber_strain_ratio_is_the_modulus_ratio_under_equal_load(load: float) -> None:
    r = band_stretch(load=load)
    assert r.rubber_load == load
    assert r.rubber_strain / r.band_strain == pytest.approx(E_EFF / E_RUBBER, rel=1e-12)
    assert r.rubber_strain == pytest.approx(load / (E_RUBBER * AREA), rel=1e-12)


def test_passive_curve_by_hand() -> None:
    # by definition of Thelen's curve, the passive force equals F0 at strain e0 and is 0 at and below 0
    assert float(passive_muscle_force(E0, F0_TFL)) == pytest.approx(F0_TFL, rel=1e-12)
    assert float(passive_muscle_force(0.0, F0_TFL)) == 0.0
    assert float(passive_muscle_force(-0.2, F0_TFL)) == 0.0
    e = 0.3
    expected = F0_TFL * (math.exp(K * e / E0) - 1) / (math.exp(K) - 1)
    assert float(passive_muscle_force(e, F0_TFL)) == pytest.approx(expected, rel=1e-12)
    assert float(passive_muscle_strain(F0_TFL, F0_TFL)) == pytest.approx(E0, rel=1e-12)
    for f in (0.0, 1.0, 100.0, 3000.0):
        assert float(passive_muscle_strain(f, F0_TFL)) == pytest.approx(hand_muscle_strain(f), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("stretch", [1e-300, 1e-20, 1e-12, 1e-6, 0.001, 0.005, 0.02, 0.035, 0.05])
@pytest.mark.parametrize("modulus", ["band", "rubber"])
def test_series_force_muscle_plus_band_elongation_equals_imposed_stretch(stretch: float, modulus: str) -> None:
    e = E_EFF if modulus == "band" else E_RUBBER
    f = float(series_force(stretch, youngs_modulus=None if modulus == "band" else e))
    assert f > 0.0
    muscle_el = L_M * hand_muscle_strain(f)
    band_el = f * L_BAND / (e * AREA)
    assert muscle_el + band_el == pytest.approx(stretch, rel=1e-9, abs=0.0)  # no absolute slack for tiny stretches


def test_series_force_is_zero_for_no_or_negative_stretch() -> None:
    assert float(series_force(0.0)) == 0.0
    assert float(series_force(-0.01)) == 0.0


def test_stretch_mode_is_consistent_with_load_mode() -> None:
    s = 0.02
    r = band_stretch(stretch=s)
    assert r.stretch == pytest.approx(s, rel=1e-9)
    assert r.band_elongation + r.muscle_elongation == pytest.approx(s, rel=1e-9)
    assert r.band_share == pytest.approx(r.band_elongation / s, rel=1e-9)
    again = band_stretch(load=r.load)
    assert again.stretch == pytest.approx(s, rel=1e-9)
    # the rubber unit carries less force and the rubber takes most of the stretch
    assert r.rubber_load < r.load
    assert r.rubber_share > 0.5 > r.band_share
    rubber_el = r.rubber_load * L_BAND / (E_RUBBER * AREA)
    assert rubber_el + L_M * hand_muscle_strain(r.rubber_load) == pytest.approx(s, rel=1e-9)


def test_zero_stretch_reports_the_small_stretch_limit_of_the_share() -> None:
    """At zero stretch the share is the ratio of compliances: band L/(EA) vs the muscle's initial
    compliance L_m e0 (e^k - 1) / (k F0) (slope of the inverse passive curve at F = 0)."""
    band_c = L_BAND / (E_EFF * AREA)
    muscle_c = L_M * E0 * (math.exp(K) - 1) / (K * F0_TFL)
    r = band_stretch(stretch=0.0)
    assert r.load == 0.0 and r.band_strain == 0.0
    assert r.band_share == pytest.approx(band_c / (band_c + muscle_c), rel=1e-12)
    assert band_stretch(stretch=1e-7).band_share == pytest.approx(r.band_share, rel=1e-3)


def test_vectorised_equals_loop() -> None:
    s = np.array([0.0, 0.004, 0.02, 0.05])
    ra = band_stretch(stretch=s)
    for i, si in enumerate(s):
        ri = band_stretch(stretch=float(si))
        for f in fields(BandStretchResult):
            np.testing.assert_allclose(np.asarray(getattr(ra, f.name))[i], getattr(ri, f.name), rtol=1e-12, err_msg=f.name)
    assert ra.band_share.shape == (4,)
    with pytest.raises(ValueError):
        ra.load[0] = 1.0


# --------------------------------------------------------------------------------------------------
# bad inputs


def test_exactly_one_of_stretch_or_load() -> None:
    with pytest.raises(ValueError, match="exactly one of stretch .* or load"):
        band_stretch()
    with pytest.raises(ValueError, match="exactly one of stretch .* or load"):
        band_stretch(stretch=0.01, load=10.0)


_BAD: list[tuple[Any, str]] = [
    (float("nan"), "nan"), (float("inf"), "inf"), (-0.001, "-0.001"), (True, "True"), ("0.02", "'0.02'"),
]


@pytest.mark.parametrize(("value", "shown"), [*_BAD, (20.0, "20"), (0.051, "0.051")])
def test_bad_stretch(value: Any, shown: str) -> None:
    with pytest.raises(ValueError) as info:
        band_stretch(stretch=value)
    msg = str(info.value)
    assert "stretch" in msg and shown in msg and "0, 0.05" in msg, msg


def test_stretch_in_millimetres_gets_a_hint() -> None:
    with pytest.raises(ValueError, match="metres"):
        band_stretch(stretch=20)


@pytest.mark.parametrize(("value", "shown"), [*_BAD, (5001.0, "5001"), (1e6, "1e+06")])
def test_bad_load(value: Any, shown: str) -> None:
    with pytest.raises(ValueError) as info:
        band_stretch(load=value)
    msg = str(info.value)
    assert "load" in msg and shown in msg and "0, 5000" in msg, msg


# --------------------------------------------------------------------------------------------------
# properties


@PROP
@given(st.floats(0.0, MAX_STRETCH, allow_subnormal=False))  # subnormals have no precision left
def test_stretch_properties(s: float) -> None:
    r = band_stretch(stretch=s)
    for f in fields(BandStretchResult):
        assert math.isfinite(getattr(r, f.name)), f.name
    # relative only: even a stretch of 1e-300 m must be shared correctly (no exp(x) - 1 cancellation)
    assert r.band_elongation + r.muscle_elongation == pytest.approx(s, rel=1e-9, abs=0.0)
    rubber_el = r.rubber_load * L_BAND / (E_RUBBER * AREA)
    assert rubber_el + L_M * hand_muscle_strain(r.rubber_load) == pytest.approx(s, rel=1e-9, abs=0.0)
    assert 0.0 < r.band_share < 1.0 and 0.0 < r.rubber_share < 1.0
    assert r.band_strain == pytest.approx(r.load / (E_EFF * AREA), rel=1e-12, abs=1e-18)
    assert 0.0 <= r.rubber_load <= r.load
    if s > 0.005:
        assert r.band_share < 0.5, "the relaxed muscle must take most of a stretch above 5 mm"
        assert r.muscle_elongation > r.band_elongation


@PROP
@given(st.floats(0.0, MAX_STRETCH), st.floats(0.0, MAX_STRETCH))
def test_more_stretch_more_load(x: float, y: float) -> None:
    lo, hi = sorted((x, y))
    assume(lo < hi)
    a, b = band_stretch(stretch=lo), band_stretch(stretch=hi)
    assert a.load <= b.load and a.band_strain <= b.band_strain and a.rubber_load <= b.rubber_load


@PROP
@given(st.floats(0.0, MAX_LOAD))
def test_load_properties(f: float) -> None:
    r = band_stretch(load=f)
    for fld in fields(BandStretchResult):
        assert math.isfinite(getattr(r, fld.name)), fld.name
    assert r.band_strain == pytest.approx(f / (E_EFF * AREA), rel=1e-12, abs=1e-18)
    assert 0.0 < r.band_share < 1.0
    assert r.rubber_strain >= r.band_strain
    assert r.stretch == pytest.approx(r.band_elongation + r.muscle_elongation, rel=1e-12, abs=1e-18)


def test_band_is_two_regions_in_series_with_otsukas_moduli() -> None:
    """Hand calculation: half the band at 350.3 MPa (mean of Otsuka et al. 2020's proximal and middle
    sites, 337.9-362.7 MPa), half at 219.4 MPa (distal), on 1.95 x 23 mm: a 100 N pull lengthens it
    by 100 x 0.449 x (0.5 / 350.3e6 + 0.5 / 219.4e6) / 44.85e-6 m; the distal region alone strains
    by 100 / (219.4e6 x 44.85e-6)."""
    from itband_edu import default_parameters

    p = default_parameters()
    assert 337.9e6 <= p.itb_youngs_modulus_proximal <= 362.7e6
    r = band_stretch(load=100.0)
    area = 1.95e-3 * 23e-3
    assert r.band_elongation == pytest.approx(100 * 0.449 * (0.5 / 350.3e6 + 0.5 / 219.4e6) / area, rel=1e-9)
    assert r.band_peak_strain == pytest.approx(100 / (219.4e6 * area), rel=1e-9)
    assert r.band_peak_strain > r.band_strain  # the distal region is the softest
    assert 219.4e6 < p.itb_effective_modulus < 350.3e6
