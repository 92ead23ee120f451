"""Tests of the band over the lateral femoral epicondyle (itband_edu.knee).

What is ASSUMED and what is TESTED: the geometry in data/knee.csv is measured (Sayac et al. 2021's
anchorage distance, Everhart et al. 2019's epicondyle height), taken from a peer model (Gerdy's
tubercle and the coupled tibial rotation of Rajagopal et al. 2016) or marked as a teaching assumption
(the band's line at its anchorage, the epicondyle's footprint, the share of tension past the anchorage).
Nothing in it says where compression peaks. The tests check the physics that does not depend on those
values (no tension, no compression; linear in tension; bounded by the largest bend), that the peak and the
crossing move when the geometry moves, and Fairclough et al.'s mechanism (internal tibial rotation presses
the band harder). Orchard et al.'s angle, an output, is in tests/test_published.py.
"""

from __future__ import annotations

import csv
import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itband_edu import default_parameters, knee_compression
from itband_edu.knee import N_FIBRES, KneeGeometry, _knee
from itband_edu.knee_angles import (
    activity_flexion_ranges,
    crossing_angle,
    peak_angle_sensitivity,
    peak_compression_angle,
)
from itband_edu.parameters import data_dir

P = default_parameters()
G = KneeGeometry.from_parameters()
FLEX = np.arange(0.0, 140.0 + 1e-9, 0.5)


def test_band_in_front_when_straight_behind_when_flexed():
    r = knee_compression(FLEX, 100.0)
    assert r.band_position[0] > 0  # anterior of the epicondyle when straight (the classic description)
    assert r.band_position[FLEX == 90.0][0] < 0  # posterior in deep flexion
    assert np.all(np.diff(r.band_position[FLEX <= 120.0]) < 0)  # it moves back steadily as the knee bends


def test_crossing_is_where_the_position_changes_sign():
    c = crossing_angle()
    assert knee_compression(c, 100.0).band_position == pytest.approx(0.0, abs=1e-5)
    assert knee_compression(c - 1.0, 100.0).band_position > 0 > knee_compression(c + 1.0, 100.0).band_position


def test_crossing_angle_by_hand_without_rotation():
    # With the flexion axis through the epicondyle, no tibial rotation and the anchorage straight above
    # the epicondyle, the band's line passes over it when Gerdy's tubercle is straight below it:
    # phi = atan(gerdy_anterior / gerdy_distal), from the triangle alone.
    g = dataclasses.replace(G, coupled_rotation=(0.0,) * len(G.coupled_rotation))
    expected = math.degrees(math.atan2(G.gerdy_anterior, G.gerdy_distal))
    assert crossing_angle(geometry=g) == pytest.approx(expected, abs=0.01)


def test_zero_tension_zero_compression():
    r = knee_compression(FLEX, 0.0)
    np.testing.assert_array_equal(r.compression_force, 0.0)


def test_linear_in_tension_and_in_the_share_past_the_anchorage():
    r1 = knee_compression(FLEX, 100.0)
    r3 = knee_compression(FLEX, 300.0)
    np.testing.assert_allclose(r3.compression_force, 3 * r1.compression_force, rtol=1e-12)
    half = knee_compression(FLEX, 300.0, geometry=G.with_changes(tension_past_anchorage=0.25))
    np.testing.assert_allclose(half.compression_force, r3.compression_force * 0.25 / G.tension_past_anchorage,
                               rtol=1e-12)
    np.testing.assert_allclose(r3.tension_at_knee, 300.0 * G.tension_past_anchorage)


def test_compression_below_the_bound_of_the_largest_bend():
    # every fibre presses with at most 2 t sin(alpha_max / 2), so the sum with at most the whole tension
    r = knee_compression(FLEX, 500.0)
    bound = 2 * np.asarray(r.tension_at_knee) * np.sin(np.asarray(r.wrap_angle) / 2)
    assert np.all(r.compression_force <= bound + 1e-9)
    assert np.all((r.compression_force > 0) == r.in_contact)


def test_the_peak_is_an_output_and_moves_with_the_geometry():
    base = peak_compression_angle()
    # the band's line further forward at its anchorage: it reaches the epicondyle later
    later = peak_compression_angle(geometry=G.with_changes(anchorage_anterior=5.0))
    earlier = peak_compression_angle(geometry=G.with_changes(anchorage_anterior=-5.0))
    assert earlier + 5.0 < base < later - 5.0
    assert crossing_angle(geometry=G.with_changes(anchorage_anterior=-5.0)) < crossing_angle() < \
        crossing_angle(geometry=G.with_changes(anchorage_anterior=5.0))


@settings(max_examples=40, deadline=None)
@given(ant=st.floats(10.0, 24.0), step=st.floats(1.0, 6.0))
def test_property_crossing_later_when_gerdys_tubercle_lies_further_forward(ant, step):
    lo = crossing_angle(geometry=G.with_changes(gerdy_anterior=ant))
    hi = crossing_angle(geometry=G.with_changes(gerdy_anterior=ant + step))
    assert hi > lo


def test_internal_tibial_rotation_presses_harder_at_30_deg():
    # Fairclough et al. 2006: the band is compressed against the epicondyle at 30 deg because of
    # internal rotation of the tibia. Rotating Gerdy's tubercle inward (deeper) must raise the index.
    r = knee_compression(30.0, 400.0, tibial_rotation_deg=np.array([-5.0, 0.0, 5.0, 10.0]))
    assert np.all(np.diff(r.compression_force) > 0)


def test_the_epicondyle_height_sets_the_size_and_hardly_the_place():
    # over Everhart et al.'s whole range (5.5-11 mm) the peak moves by under 2 deg (the bend is
    # atan(h / a), not exactly proportional to h), while the compression grows
    low = peak_compression_angle(geometry=G.with_changes(epicondyle_height=5.5))
    high = peak_compression_angle(geometry=G.with_changes(epicondyle_height=11.0))
    assert abs(low - high) <= 2.0
    assert knee_compression(30.0, 400.0, geometry=G.with_changes(epicondyle_height=11.0)).compression_force > \
        knee_compression(30.0, 400.0, geometry=G.with_changes(epicondyle_height=5.5)).compression_force


def test_fibre_count_is_converged():
    phi = np.radians(FLEX)
    fine = _knee(phi, np.zeros_like(phi), np.ones_like(phi), G, 801)
    coarse = _knee(phi, np.zeros_like(phi), np.ones_like(phi), G, N_FIBRES)
    assert abs(FLEX[np.argmax(fine.compression_force)] - FLEX[np.argmax(coarse.compression_force)]) <= 1.0
    np.testing.assert_allclose(coarse.compression_force, fine.compression_force, atol=0.01 * fine.compression_force.max())


def test_every_activity_range_meets_the_epicondyle():
    # the old curve (a Gaussian on 30 deg) pressed on nothing beyond about 60 deg, so cycling loaded
    # almost nothing; the geometric band presses over part of every activity's range
    ranges = activity_flexion_ranges()
    assert set(ranges) == {"level running (stance)", "downhill running (stance)", "cycling (pedal stroke)",
                           "walking (stance)"}
    for name, (lo, hi) in ranges.items():
        assert lo < hi, name
        r = knee_compression(np.linspace(lo, hi, 50), 300.0)
        assert np.any(r.in_contact), name
    assert ranges["cycling (pedal stroke)"] == pytest.approx((33.0, 110.0))  # Farrell 2003, Scoz 2021


def test_sensitivity_rows_from_the_data_and_sorted():
    rows = peak_angle_sensitivity()
    names = {r.dimension for r in rows}
    assert {"anchorage_anterior", "gerdy_anterior", "epicondyle_radius", "flexion_axis_anterior"} <= names
    swings = [r.swing_deg for r in rows]
    assert swings == sorted(swings, reverse=True)
    top = rows[0]
    assert top.swing_deg > 10.0  # the band's unmeasured position at its anchorage matters most
    assert rows[-1].dimension == "epicondyle_height" and rows[-1].swing_deg <= 2.0
    one = peak_angle_sensitivity({"gerdy_anterior": 2.0})
    assert len(one) == 1 and one[0].low_mm == pytest.approx(16.9) and one[0].high_mm == pytest.approx(20.9)


def test_vectorised_shapes_and_scalars():
    r = knee_compression(np.linspace(0, 120, 13)[:, None], np.array([0.0, 100.0, 1000.0]))
    for f in ("flexion", "tibial_rotation", "tension_at_knee", "band_position", "wrap_angle", "compression_force",
              "in_contact"):
        assert getattr(r, f).shape == (13, 3), f
    assert r.in_contact.dtype == bool
    s = knee_compression(25.0, 300.0)
    assert isinstance(s.compression_force, float) and isinstance(s.in_contact, bool)


@pytest.mark.parametrize(
    "args, kwargs, name",
    [
        ((150.0, 100.0), {}, "knee_flexion_deg"),
        ((-1.0, 100.0), {}, "knee_flexion_deg"),
        ((float("nan"), 100.0), {}, "knee_flexion_deg"),
        ((30.0, -5.0), {}, "itb_tension"),
        ((30.0, 4000.0), {}, "itb_tension"),
        ((30.0, "100"), {}, "itb_tension"),
        ((30.0, 100.0), {"tibial_rotation_deg": 45.0}, "tibial_rotation_deg"),
    ],
)
def test_bad_inputs_name_the_parameter(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        knee_compression(*args, **kwargs)


def test_bad_geometry_names_the_dimension():
    with pytest.raises(ValueError, match="gerdy_anterior=80 mm is outside the allowed range"):
        G.with_changes(gerdy_anterior=80.0)
    with pytest.raises(ValueError, match="unknown knee dimension 'gerdy'"):
        G.with_changes(gerdy=1.0)
    with pytest.raises(ValueError, match="unknown knee length 'tension_past_anchorage'"):
        peak_angle_sensitivity({"tension_past_anchorage": 0.1})


def test_a_band_that_never_touches_is_an_error_not_a_nan():
    # Gerdy's tubercle 10 mm lateral of the anchorage's level lifts the band clear of a 0.5 mm bump
    g = G.with_changes(gerdy_depth=-10.0, epicondyle_height=0.5)
    assert not np.any(knee_compression(FLEX, 100.0, geometry=g).in_contact)
    with pytest.raises(ValueError, match="never touches"):
        peak_compression_angle(geometry=g)


def test_unbroadcastable_shapes():
    with pytest.raises(ValueError, match="broadcast"):
        knee_compression(np.zeros(3), np.zeros(2))


def test_every_knee_row_is_sourced_and_assumptions_say_so():
    rows = list(csv.DictReader((data_dir() / "knee.csv").open(encoding="utf-8")))
    refs = {r["key"] for r in csv.DictReader((data_dir() / "references.csv").open(encoding="utf-8"))}
    assert rows
    for r in rows:
        assert r["source"] in refs, r["name"]
        if r["kind"] == "assumption":
            assert "teaching assumption" in r["note"], r["name"]
    kinds = {r["name"]: r["kind"] for r in rows}
    assert kinds["anchorage_proximal"] == "measured" and kinds["epicondyle_height"] == "measured"
    assert kinds["anchorage_anterior"] == "assumption" and kinds["tension_past_anchorage"] == "assumption"


@settings(max_examples=60, deadline=None)
@given(flex=st.floats(0.0, 140.0), tension=st.floats(0.0, 3000.0), rot=st.floats(-30.0, 30.0))
def test_property_bounded_and_finite(flex, tension, rot):
    r = knee_compression(flex, tension, tibial_rotation_deg=rot)
    assert math.isfinite(r.compression_force) and math.isfinite(r.band_position)
    assert 0.0 <= r.compression_force <= r.tension_at_knee * 2 * math.sin(r.wrap_angle / 2) + 1e-9
    assert 0.0 <= r.wrap_angle < math.pi / 2


def test_the_numbers_the_module_docstring_states():
    # knee.py's docstring quotes these model outputs; a change to the model must update the text
    assert crossing_angle() == pytest.approx(33.0, abs=0.5)
    assert peak_compression_angle() == pytest.approx(41.0, abs=1.0)
    c = np.asarray(knee_compression(FLEX, 1.0).compression_force)
    near = FLEX[c >= 0.9 * c.max()]
    assert near.min() == pytest.approx(22.0, abs=1.0) and near.max() == pytest.approx(58.0, abs=1.0)
    row = {r.dimension: r for r in peak_angle_sensitivity()}["anchorage_anterior"]
    assert (row.low_mm, row.high_mm) == pytest.approx((-10.0, 10.0))
    assert row.peak_at_low_deg == pytest.approx(25.0, abs=1.0) and row.peak_at_high_deg == pytest.approx(60.0, abs=1.0)
    r = knee_compression(np.array([0.0, 45.0]), 100.0)
    assert (r.band_position[0] - r.band_position[1]) * 1e3 == pytest.approx(11.0, abs=0.5)
    assert math.degrees(G.coupled_tibial_rotation(math.radians(30.0))) == pytest.approx(9.0, abs=0.5)


def test_compression_zone_is_where_the_index_is_near_its_peak():
    from itband_edu.knee_angles import compression_zone

    lo, hi = compression_zone()
    assert lo < peak_compression_angle() < hi
    c = knee_compression(np.array([lo - 0.5, lo + 0.5, hi - 0.5, hi + 0.5]), 1.0).compression_force
    top = knee_compression(np.arange(0.0, 140.0, 0.05), 1.0).compression_force.max()
    assert c[0] < 0.9 * top <= c[1] and c[2] >= 0.9 * top > c[3]
    wide = compression_zone(0.5)
    assert wide[0] <= lo and wide[1] >= hi
    with pytest.raises(ValueError, match="fraction"):
        compression_zone(1.2)


def test_time_in_zone_cycling_by_hand_and_running_by_counting():
    import math as m

    from itband_edu import running_stance
    from itband_edu.knee_angles import time_in_zone

    zone = (40.0, 60.0)
    rows = {r.activity: r for r in time_in_zone(zone)}
    # cycling: flexion a + (b - a)(1 - cos th)/2 over one revolution; inside while cos th lies between
    # the two levels, twice per revolution: T/pi (acos(c_hi) - acos(c_lo))
    a, b, rev = 33.0, 110.0, 60.0 / 90.0
    c_lo, c_hi = 1 - 2 * (zone[0] - a) / (b - a), 1 - 2 * (zone[1] - a) / (b - a)
    expected = rev / m.pi * (m.acos(c_hi) - m.acos(c_lo))
    cyc = rows["cycling (pedal stroke)"]
    assert cyc.per_phase_s == pytest.approx(expected, rel=2e-3)
    assert cyc.per_minute_s == pytest.approx(expected * 90.0, rel=2e-3)
    # running: the share of equally spaced samples of the stance curve inside the zone
    run = running_stance(n_samples=10001)
    share = np.mean((run.knee_flexion_deg >= zone[0]) & (run.knee_flexion_deg <= zone[1]))
    level = rows["level running (stance)"]
    assert level.per_phase_s == pytest.approx(share * run.time[-1], rel=2e-3)
    assert level.phases_per_min == pytest.approx(87.0)  # 174 steps a minute, one knee
    # Orchard's 20-30 deg: cycling, whose smallest flexion is 33 deg (Farrell 2003), never enters it
    assert {r.activity: r for r in time_in_zone((20.0, 30.0))}["cycling (pedal stroke)"].per_phase_s == 0.0
    with pytest.raises(ValueError, match="low to high"):
        time_in_zone((30.0, 20.0))
    with pytest.raises(ValueError, match="two flexion angles"):
        time_in_zone(25.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"zone_deg\[1\]=200 deg is outside"):
        time_in_zone((20.0, 200.0))


def test_walking_time_in_zone_by_counting_and_its_curve_from_the_data():
    from itband_edu.knee_angles import activity_flexion_ranges, time_in_zone, walking_knee_flexion

    frac, flex = walking_knee_flexion()
    assert frac[0] == 0.0 and frac[-1] == 1.0 and len(frac) == 21
    # the shape of walking (Perry's phases): nearly straight at contact, a loading-response bend of about
    # 20-25 deg in the first quarter of stance, near-straight in mid-stance, about 40-50 deg at toe-off
    early = flex[frac <= 0.3]
    assert flex[0] < 5.0 and 18.0 < early.max() < 28.0 and flex[(frac > 0.5) & (frac < 0.8)].min() < 10.0
    assert 40.0 < flex[-1] < 60.0
    assert activity_flexion_ranges()["walking (stance)"] == (pytest.approx(flex.min()), pytest.approx(flex.max()))
    zone = (15.0, 30.0)
    walk = {r.activity: r for r in time_in_zone(zone)}["walking (stance)"]
    # counting: the share of densely resampled points of the straight-segment curve inside the zone
    dense = np.linspace(0.0, 1.0, 200001)
    f = np.interp(dense, frac, flex)
    share = np.mean((f >= zone[0]) & (f <= zone[1]))
    assert walk.per_phase_s == pytest.approx(share * 0.79, rel=1e-3)
    assert walk.phases_per_min == pytest.approx(97.0 / 2)
    assert not walk.synthetic
    # the whole range: the whole stance; above the largest flexion: never
    assert {r.activity: r for r in time_in_zone((0.0, 140.0))}["walking (stance)"].per_phase_s == pytest.approx(0.79)
    assert {r.activity: r for r in time_in_zone((50.0, 140.0))}["walking (stance)"].per_phase_s == 0.0
