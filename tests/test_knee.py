"""Tests of the band over the lateral femoral epicondyle (itband_edu.knee).

What is ASSUMED and what is TESTED: the crossing angle (30 deg, after Orchard et al. 1996 and
Fairclough et al. 2006), the zone width and the peak wrap angle are teaching assumptions in
data/knee.csv. The tests check that the implementation turns them into a compression that peaks inside
the 20-30 deg zone of the literature at constant tension, that the zone covers 20-30 deg, and the
physics that does not depend on the assumptions (no tension, no compression; linear in tension).
"""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itband_edu import default_parameters, knee_compression
from itband_edu.parameters import data_dir

P = default_parameters()


def test_peak_compression_between_20_and_30_deg():
    # Orchard et al. 1996 (impingement "at, or slightly below, 30 deg"); Ferber et al. 2010 (20-30 deg).
    # Tolerance: the peak must lie in the closed interval [20, 30] deg on a 0.05 deg grid.
    flex = np.arange(0.0, 120.0 + 1e-9, 0.05)
    for tension in (50.0, 500.0, 3000.0):
        r = knee_compression(flex, tension)
        peak = flex[np.argmax(r.compression_force)]
        assert 20.0 <= peak <= 30.0, (tension, peak)


def test_zone_covers_20_to_30_deg_and_not_extension():
    r = knee_compression(np.arange(20.0, 30.01, 0.5), 400.0)
    assert np.all(r.in_impingement_zone)
    r = knee_compression(np.array([0.0, 10.0, 60.0, 90.0]), 400.0)
    assert not np.any(r.in_impingement_zone)


def test_zero_tension_zero_compression():
    r = knee_compression(np.linspace(0, 120, 121), 0.0)
    np.testing.assert_array_equal(r.compression_force, 0.0)


def test_compression_is_linear_in_tension_and_below_the_belt_bound():
    flex = np.linspace(0, 120, 61)
    r1 = knee_compression(flex, 100.0)
    r3 = knee_compression(flex, 300.0)
    np.testing.assert_allclose(r3.compression_force, 3 * r1.compression_force, rtol=1e-12)
    alpha_max = P.value("knee.peak_wrap_angle")
    assert np.all(r3.compression_force <= 2 * 300.0 * math.sin(alpha_max / 2) + 1e-9)


def test_band_position_anterior_in_extension_posterior_in_flexion():
    flex = np.linspace(0, 120, 121)
    r = knee_compression(flex, 100.0)
    assert r.band_position[0] > 0  # anterior of the epicondyle when straight
    assert r.band_position[-1] < 0  # posterior when flexed
    assert knee_compression(30.0, 100.0).band_position == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(r.band_position) < 0)


def test_moving_the_assumed_crossing_angle_moves_the_peak():
    flex = np.arange(0.0, 120.0, 0.1)
    r = knee_compression(flex, 500.0, crossing_angle_deg=45.0)
    assert flex[np.argmax(r.compression_force)] == pytest.approx(45.0, abs=0.1)


def test_vectorised_shapes_and_scalars():
    r = knee_compression(np.linspace(0, 120, 13)[:, None], np.array([0.0, 100.0, 1000.0]))
    for f in ("flexion", "itb_tension", "band_position", "wrap_angle", "compression_force", "in_impingement_zone"):
        assert getattr(r, f).shape == (13, 3), f
    assert r.in_impingement_zone.dtype == bool
    s = knee_compression(25.0, 300.0)
    assert isinstance(s.compression_force, float) and isinstance(s.in_impingement_zone, bool)


@pytest.mark.parametrize(
    "args, kwargs, name",
    [
        ((130.0, 100.0), {}, "knee_flexion_deg"),
        ((-1.0, 100.0), {}, "knee_flexion_deg"),
        ((float("nan"), 100.0), {}, "knee_flexion_deg"),
        ((30.0, -5.0), {}, "itb_tension"),
        ((30.0, 4000.0), {}, "itb_tension"),
        ((30.0, "100"), {}, "itb_tension"),
        ((30.0, 100.0), {"crossing_angle_deg": 5.0}, "crossing_angle_deg"),
        ((30.0, 100.0), {"zone_width_deg": 0.0}, "zone_width_deg"),
        ((30.0, 100.0), {"peak_wrap_angle_deg": 90.0}, "peak_wrap_angle_deg"),
    ],
)
def test_bad_inputs_name_the_parameter(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        knee_compression(*args, **kwargs)


def test_unbroadcastable_shapes():
    with pytest.raises(ValueError, match="broadcast"):
        knee_compression(np.zeros(3), np.zeros(2))


def test_knee_constants_marked_as_assumptions():
    rows = list(csv.DictReader((data_dir() / "knee.csv").open(encoding="utf-8")))
    assert rows and all(r["kind"] == "assumption" and "teaching assumption" in r["note"] for r in rows)


@settings(max_examples=80, deadline=None)
@given(flex=st.floats(0.0, 120.0), tension=st.floats(0.0, 3000.0))
def test_property_bounded_and_finite(flex, tension):
    r = knee_compression(flex, tension)
    assert math.isfinite(r.compression_force) and math.isfinite(r.band_position)
    assert 0.0 <= r.compression_force <= 2 * tension * math.sin(P.value("knee.peak_wrap_angle") / 2) + 1e-9
    assert 0.0 <= r.wrap_angle <= P.value("knee.peak_wrap_angle")
