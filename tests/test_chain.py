"""Tests of the foot-to-ITB kinetic chain (itband_edu.chain)."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itband_edu import chain_from_foot, default_parameters, running_stance
from itband_edu.parameters import data_dir

P = default_parameters()


def test_fischer_coupling_reproduced():
    # Fischer et al. 2018 (J Anat 233:64), in vitro: 0.68 (SD 0.15) deg of tibial internal rotation per
    # deg of calcaneal eversion. The chain must pass it on exactly (tolerance 1e-12 deg/deg).
    ev = np.array([-10.0, -2.5, 1.0, 5.0, 12.37, 20.0])
    r = chain_from_foot(ev)
    np.testing.assert_allclose(r.tibial_rotation_deg / ev, 0.68, rtol=0, atol=1e-12)
    assert P.value("chain.eversion_to_tibial_rotation") == pytest.approx(0.68, abs=1e-12)


def test_rotation_is_split_between_hip_and_knee():
    r = chain_from_foot(np.linspace(-10, 20, 31))
    np.testing.assert_allclose(r.hip_internal_rotation + r.knee_internal_rotation, r.tibial_rotation, atol=1e-15)


def test_monotonic_in_eversion():
    ev = np.linspace(-10.0, 20.0, 301)
    r = chain_from_foot(ev)
    for field in ("tibial_rotation", "hip_internal_rotation", "hip_adduction", "itb_length_change", "unit_strain"):
        assert np.all(np.diff(getattr(r, field)) > 0), field
    assert np.all(np.diff(r.band_strain) >= 0)
    assert np.all(np.diff(r.band_strain[ev > 0]) > 0)
    assert np.all(np.diff(r.passive_tension[ev > 0]) > 0)


def test_length_change_shared_and_mostly_taken_by_the_muscle():
    r = chain_from_foot(np.linspace(0.5, 20, 40))
    np.testing.assert_allclose(r.band_elongation + r.muscle_elongation, r.itb_length_change, rtol=1e-12)
    np.testing.assert_allclose(
        r.length_change_from_hip_adduction + r.length_change_from_rotation, r.itb_length_change, rtol=1e-12)
    # seatbelt in series with a relaxed muscle: the band takes only a few percent of the lengthening
    assert np.all(r.band_share < 0.05)
    assert np.all(r.muscle_elongation > 10 * r.band_elongation)


def test_inversion_leaves_the_unit_slack():
    r = chain_from_foot(np.array([-10.0, -5.0, 0.0]))
    assert np.all(r.itb_length_change <= 0)
    np.testing.assert_array_equal(r.passive_tension, 0.0)
    np.testing.assert_array_equal(r.band_strain, 0.0)


def test_wedge_sized_change_barely_changes_itb_strain():
    # A medial 5 deg orthosis lowers peak eversion from 12.37 to 10.75 deg (Sinclair 2017: 1.62 deg).
    # Day & Gillette 2019 found no effect of 7 deg wedges on ITB strain. The model must agree: the
    # band's strain changes by under 0.01 % (1e-4), under 1 % of the band strain a running stance
    # puts on it, and the whole unit's path strain by under 0.1 percentage points.
    delta = math.degrees(P.value("chain.orthosis_eversion_change"))
    assert delta == pytest.approx(1.62, abs=1e-9)
    peak = math.degrees(P.value("gait.peak_rearfoot_eversion"))
    r = chain_from_foot(np.array([peak - delta, peak]))
    d_band = float(np.diff(r.band_strain)[0])
    d_unit = float(np.diff(r.unit_strain)[0])
    assert 0 < d_band < 1e-4
    assert d_band < 0.01 * running_stance().tissue_strain.max()
    assert 0 < d_unit < 1e-3
    # and the tibial rotation does change (about 1.1 deg): the foot is linked, the band barely cares
    assert float(np.diff(r.tibial_rotation_deg)[0]) == pytest.approx(0.68 * delta, rel=1e-9)


def test_coupling_overrides():
    r = chain_from_foot(10.0, eversion_to_tibial_rotation=0.0)
    assert r.tibial_rotation == 0.0 and r.itb_length_change == 0.0
    stronger = chain_from_foot(10.0, tibial_to_hip_adduction=0.6)
    assert stronger.itb_length_change > chain_from_foot(10.0).itb_length_change


def test_shapes_and_scalars():
    r = chain_from_foot(5.0)
    assert isinstance(r.band_strain, float) and isinstance(r.tibial_rotation, float)
    grid = chain_from_foot(np.zeros((4, 3)) + 5.0)
    assert grid.band_strain.shape == (4, 3)
    assert not grid.band_strain.flags.writeable
    both = chain_from_foot(np.array([0.0, 10.0])[:, None], tibial_to_hip_adduction=np.array([0.1, 0.3, 0.5]))
    assert both.itb_length_change.shape == (2, 3)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"rearfoot_eversion_deg": 25.0}, "rearfoot_eversion_deg"),
        ({"rearfoot_eversion_deg": -10.5}, "rearfoot_eversion_deg"),
        ({"rearfoot_eversion_deg": float("nan")}, "rearfoot_eversion_deg"),
        ({"rearfoot_eversion_deg": "5"}, "rearfoot_eversion_deg"),
        ({"rearfoot_eversion_deg": True}, "rearfoot_eversion_deg"),
        ({"rearfoot_eversion_deg": [0.0, 30.0]}, "rearfoot_eversion_deg"),
        ({"rearfoot_eversion_deg": 5.0, "eversion_to_tibial_rotation": 2.0}, "eversion_to_tibial_rotation"),
        ({"rearfoot_eversion_deg": 5.0, "tibial_to_hip_rotation": -0.1}, "tibial_to_hip_rotation"),
        ({"rearfoot_eversion_deg": 5.0, "tibial_to_hip_adduction": 1.5}, "tibial_to_hip_adduction"),
    ],
)
def test_bad_inputs_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        chain_from_foot(**kwargs)


def test_unbroadcastable_shapes():
    with pytest.raises(ValueError, match="broadcast"):
        chain_from_foot(np.zeros(3), tibial_to_hip_adduction=np.full(2, 0.3))


def test_couplings_marked_in_the_data():
    rows = {r["name"]: r for r in csv.DictReader((data_dir() / "chain.csv").open(encoding="utf-8"))}
    assert rows["eversion_to_tibial_rotation"]["kind"] == "measured"
    assert rows["eversion_to_tibial_rotation"]["source"] == "fischer2018"
    for name in ("tibial_to_hip_rotation", "tibial_to_hip_adduction", "knee_rotation_lever", "hip_rotation_lever"):
        assert rows[name]["kind"] == "assumption", name
        assert "teaching assumption" in rows[name]["note"], name


@settings(max_examples=60, deadline=None)
@given(
    ev=st.floats(-10.0, 20.0),
    c=st.floats(0.0, 1.5),
    kr=st.floats(0.0, 1.0),
    ka=st.floats(0.0, 1.0),
)
def test_property_finite_and_consistent(ev, c, kr, ka):
    r = chain_from_foot(ev, eversion_to_tibial_rotation=c, tibial_to_hip_rotation=kr, tibial_to_hip_adduction=ka)
    values = [getattr(r, f) for f in r.__dataclass_fields__]
    assert all(math.isfinite(v) for v in values)
    assert r.band_strain >= 0 and 0 <= r.band_share <= 1
    assert r.band_elongation + r.muscle_elongation == pytest.approx(r.itb_length_change, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(ev=st.floats(-10.0, 20.0))
def test_property_foot_alone_barely_strains_the_band(ev):
    """With the couplings in data/ (Fischer 2018 and the stated assumptions), no eversion in the
    allowed range strains the band by even 0.1 %. (With every coupling overridden to its maximum the
    foot drives 30 deg of hip adduction, which is the hip's doing, and the bound rightly fails.)"""
    assert chain_from_foot(ev).band_strain < 1e-3
