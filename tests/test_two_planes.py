"""Two-plane sharing (lesson 04): the abductors and the hip flexors supply an abduction and a flexion
moment together (``sharing.share_two_moments``, ``single_leg_stance(hip_flexion_moment=...)``).

Expected values come from the physics, not from the code: both moment balances, the box 0 <= a <= 1,
optimality checked by moving along the constraints' null space (no feasible move may lower
sum(a^p)), the one-plane solver as a special case, and the reachable set computed by brute force
over the corners of the activation box.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itband_edu import default_parameters, single_leg_stance
from itband_edu.sharing import share_moment, share_two_moments

P = default_parameters()
ALL = P.muscles + P.flexors
F0 = np.array([m.max_isometric_force for m in ALL])
ARMS = np.array([[m.moment_arm_neutral for m in ALL], [m.flexion_moment_arm for m in ALL]])
C = F0 * ARMS


def _objective(a: np.ndarray, p: float) -> float:
    return float(np.sum(a**p))


def _null_space(c: np.ndarray) -> np.ndarray:
    _u, _s, vt = np.linalg.svd(c)
    return vt[2:]


def test_signs_are_the_sources_not_textbook_memory() -> None:
    # Rajagopal et al. 2016 at neutral (shared/SOURCES.md section 2b): the TFL flexes, every gluteus
    # medius and minimus part and the upper gluteus maximus extend, the flexors flex
    arm = {m.name: m.flexion_moment_arm for m in ALL}
    assert arm["tensor_fasciae_latae"] == pytest.approx(0.0272)
    assert all(arm[f"gluteus_medius_{i}"] < 0 and arm[f"gluteus_minimus_{i}"] < 0 for i in (1, 2, 3))
    assert arm["gluteus_maximus_1"] == pytest.approx(-0.0491)
    assert all(arm[n] > 0 for n in ("iliacus", "psoas", "rectus_femoris", "sartorius"))
    assert P.muscle("psoas").moment_arm_neutral == pytest.approx(-0.0045)  # a slight adductor


@pytest.mark.parametrize("p", [1.5, 2.0, 3.0, 5.0])
@pytest.mark.parametrize("flex", [-40.0, -10.0, 0.0, 10.0, 40.0, 100.0])
def test_both_balances_and_the_box(p: float, flex: float) -> None:
    a, feasible, deficit = share_two_moments(np.array([56.8, flex]), F0, ARMS, p)
    assert feasible and np.all(deficit == 0.0)
    assert np.all(a >= 0.0) and np.all(a <= 1.0)
    np.testing.assert_allclose(C @ a, [56.8, flex], atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(abd=st.floats(0.0, 120.0), flex=st.floats(-60.0, 100.0), p=st.sampled_from([1.5, 2.0, 3.0]),
       seed=st.integers(0, 2**16))
def test_property_no_feasible_move_lowers_the_effort(abd: float, flex: float, p: float, seed: int) -> None:
    a, feasible, _ = share_two_moments(np.array([abd, flex]), F0, ARMS, p)
    if not feasible:
        return
    best = _objective(a, p)
    rng = np.random.default_rng(seed)
    basis = _null_space(C)
    for _ in range(200):
        step = rng.normal(size=basis.shape[0]) @ basis * rng.choice([1e-3, 1e-2, 5e-2])
        b = a + step
        if np.all(b >= 0.0) and np.all(b <= 1.0):  # still a valid set of activations, same moments
            assert _objective(b, p) >= best - 1e-9


def test_one_plane_is_the_special_case() -> None:
    # with no flexion arms and no flexion demand the two-plane rule must give the one-plane answer
    f0 = F0[:8]
    arms = np.stack([ARMS[0, :8], np.zeros(8)])
    for m in (10.0, 56.8, 150.0):
        for p in (2.0, 3.0):
            two, ok2, _ = share_two_moments(np.array([m, 0.0]), f0, arms, p)
            one, ok1, _ = share_moment(m, f0, arms[0], p)
            assert ok2 == ok1
            np.testing.assert_allclose(two, one, atol=1e-7)


def _reachable_fraction(m: np.ndarray, c: np.ndarray) -> float:
    # brute force: the reachable set is the convex hull of C a over the 2^n corners of the box (a
    # monotone-chain hull); the largest tau with tau m inside it, from the hull's edges
    pts = sorted({tuple(np.round(c @ np.array(bits, dtype=float), 9))
                  for bits in itertools.product((0, 1), repeat=c.shape[1])})

    def cross(o, a, b):  # type: ignore[no-untyped-def]
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    upper: list = []
    for pt in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], pt) <= 0:
            lower.pop()
        lower.append(pt)
    for pt in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], pt) <= 0:
            upper.pop()
        upper.append(pt)
    hull = lower[:-1] + upper[:-1]  # counter-clockwise
    tau = np.inf
    for (x1, y1), (x2, y2) in zip(hull, hull[1:] + hull[:1]):
        nx, ny = y2 - y1, -(x2 - x1)  # outward normal of a counter-clockwise edge
        along = nx * m[0] + ny * m[1]
        if along > 1e-12:
            tau = min(tau, (nx * x1 + ny * y1) / along)
    return min(1.0, tau)


def test_infeasible_demand_gives_the_largest_reachable_share_and_a_deficit() -> None:
    few = [0, 6, 7, 8, 10]  # gluteus medius 1, TFL, upper gluteus maximus, iliacus, rectus femoris
    f0, arms = F0[few], ARMS[:, few]
    m = np.array([60.0, 300.0])
    a, feasible, deficit = share_two_moments(m, f0, arms)
    assert not feasible and np.all(deficit > 0)
    tau = _reachable_fraction(m, f0 * arms)
    np.testing.assert_allclose((f0 * arms) @ a, tau * m, rtol=1e-6)
    np.testing.assert_allclose(deficit, (1 - tau) * m, rtol=1e-6)


def test_saturation_weak_flexors_work_flat_out() -> None:
    f0 = F0 * np.where(np.arange(len(ALL)) >= 8, 0.05, 1.0)  # every flexor at 5 % strength
    a, feasible, _ = share_two_moments(np.array([56.8, 12.0]), f0, ARMS)
    assert feasible
    assert np.any(np.isclose(a[8:], 1.0))
    np.testing.assert_allclose((f0 * ARMS) @ a, [56.8, 12.0], atol=1e-6)


def test_vectorised_equals_loop() -> None:
    m = np.stack([np.linspace(0, 100, 7), np.linspace(-50, 80, 7)], axis=-1)
    a, ok, d = share_two_moments(m, F0, np.broadcast_to(ARMS, (7, 2, len(ALL))))
    for i in range(7):
        ai, oki, di = share_two_moments(m[i], F0, ARMS)
        np.testing.assert_allclose(a[i], ai, atol=1e-9)
        assert ok[i] == oki


@pytest.mark.parametrize(
    "moments, arms, name",
    [
        (np.array([np.nan, 0.0]), ARMS, "moments"),
        (np.array([10.0, 0.0, 1.0]), ARMS, "moments must have a last axis of 2"),
        (np.array([10.0, 0.0]), ARMS[0], "moment_arms a shape"),
        (np.array([10.0, 0.0]), ARMS * 100, "moment_arms"),
    ],
)
def test_bad_input_names_the_argument(moments, arms, name) -> None:
    with pytest.raises(ValueError, match=name):
        share_two_moments(moments, F0, arms)


# --------------------------------------------------------------------------------------------------
# single_leg_stance in two planes


def test_default_is_the_frontal_plane_of_lessons_01_to_03() -> None:
    r = single_leg_stance()
    assert not r.two_planes and len(r.muscle_names) == 8
    assert r.flexion_moment_deficit == 0.0
    # the abductors' own sagittal moment is left to the posture: they extend the hip
    assert r.muscle_flexion_moment == pytest.approx(np.sum(r.muscle_forces * r.flexion_moment_arms))
    assert r.muscle_flexion_moment < 0


def test_two_planes_balance_both_and_keep_every_field() -> None:
    for flex in (-20.0, 0.0, 20.0):
        r = single_leg_stance(hip_flexion_moment=flex)
        assert r.two_planes and len(r.muscle_names) == 12 and r.feasible
        assert np.sum(r.muscle_forces * r.moment_arms) == pytest.approx(r.required_moment, abs=1e-6)
        assert r.muscle_flexion_moment == pytest.approx(flex, abs=1e-6)
        assert r.required_flexion_moment == flex
        assert r.itb_tension == pytest.approx(r.forces["tensor_fasciae_latae"]
                                              + 0.75 * r.forces["gluteus_maximus_1"] + r.itb_passive_tension)


def test_a_flexion_demand_raises_the_tfl_but_not_the_band() -> None:
    # the TFL flexes and abducts, so it gains; the upper gluteus maximus extends, so it loses: the
    # band's tension (TFL + 75 % of upper gluteus maximus) falls while the TFL's force rises
    rest = single_leg_stance(hip_flexion_moment=0.0)
    flexing = single_leg_stance(hip_flexion_moment=20.0)
    assert flexing.forces["tensor_fasciae_latae"] > rest.forces["tensor_fasciae_latae"]
    assert flexing.forces["gluteus_maximus_1"] < rest.forces["gluteus_maximus_1"]
    assert flexing.itb_tension < rest.itb_tension
    extending = single_leg_stance(hip_flexion_moment=-20.0)
    assert extending.itb_tension > rest.itb_tension


def test_a_weak_iliopsoas_shifts_work_to_the_other_flexors() -> None:
    strong = single_leg_stance(hip_flexion_moment=20.0)
    weak = single_leg_stance(hip_flexion_moment=20.0, iliopsoas_strength=0.25)
    assert weak.force_of("iliacus") + weak.force_of("psoas") < strong.force_of("iliacus") + strong.force_of("psoas")
    for other in ("tensor_fasciae_latae", "rectus_femoris", "sartorius"):
        assert weak.forces[other] >= strong.forces[other] - 1e-9, other


def test_an_impossible_flexion_demand_is_reported() -> None:
    r = single_leg_stance(hip_flexion_moment=300.0, iliopsoas_strength=0.1)
    assert not r.feasible and r.flexion_moment_deficit > 0
    assert np.all(r.activations <= 1.0)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"hip_flexion_moment": 400.0}, "hip_flexion_moment=400 N m is outside"),
        ({"hip_flexion_moment": float("nan")}, "hip_flexion_moment"),
        ({"hip_flexion_moment": 0.0, "iliopsoas_strength": 0.0}, "iliopsoas_strength"),
        ({"hip_flexion_moment": 0.0, "abductor_lever": 0.04}, "abductor_lever"),
    ],
)
def test_bad_two_plane_input(kwargs, name) -> None:
    with pytest.raises(ValueError, match=name):
        single_leg_stance(**kwargs)


@settings(max_examples=40, deadline=None)
@given(flex=st.floats(-150.0, 150.0), ilio=st.floats(0.05, 1.5), gmed=st.floats(0.05, 1.5),
       drop=st.floats(-10.0, 15.0), lean=st.floats(-15.0, 20.0))
def test_property_no_nan_over_the_slider_ranges(flex, ilio, gmed, drop, lean) -> None:
    r = single_leg_stance(glute_med_strength=gmed, pelvic_drop_deg=drop, trunk_lean_deg=lean,
                          hip_flexion_moment=flex, iliopsoas_strength=ilio)
    for name in ("itb_tension", "hip_contact_force", "muscle_flexion_moment", "flexion_moment_deficit",
                 "moment_deficit"):
        assert np.isfinite(getattr(r, name)), name
    assert np.all((r.activations >= 0) & (r.activations <= 1))
    if r.feasible:
        assert r.muscle_flexion_moment == pytest.approx(flex, abs=1e-5)


def test_stance_carries_the_units_length_change_from_hip_adduction() -> None:
    # the lengthening is the integral of the TFL's abduction moment arm over the adduction angle
    # (virtual work); integrate the sampled quadratic numerically, independently of Muscle.length_change
    tfl = P.muscle("tensor_fasciae_latae")
    for drop in (-5.0, 0.0, 8.0):
        x = np.linspace(0.0, np.radians(drop), 2001)
        expected = np.trapezoid(tfl.moment_arm(x), x) if hasattr(np, "trapezoid") else np.trapz(tfl.moment_arm(x), x)
        assert single_leg_stance(pelvic_drop_deg=drop).itb_length_change == pytest.approx(expected, rel=1e-6, abs=1e-12)
