"""Load sharing among the abductors: min sum(a^2) subject to sum(a F0 r) = M, 0 <= a <= 1.

Expected values are worked out by hand in each test (closed form lambda = M / sum c^2 with c = F0 r,
water-filling when a muscle saturates), and the property tests check the optimality (KKT) conditions
and compare with an independent bisection solver.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itband_edu.sharing import share_moment

PROP = settings(max_examples=300, deadline=None, database=None)


def test_closed_form_when_nothing_saturates() -> None:
    f0 = np.array([400.0, 300.0, 200.0])
    r = np.array([0.05, 0.04, 0.03])
    # c = F0 r = [20, 12, 6]; sum c^2 = 400 + 144 + 36 = 580; lambda = 10 / 580
    a, feasible, deficit = share_moment(10.0, f0, r)
    lam = 10.0 / 580.0
    np.testing.assert_allclose(a, [20 * lam, 12 * lam, 6 * lam], rtol=1e-12)
    assert bool(feasible) and float(deficit) == 0.0
    forces = a * f0
    # F_i proportional to F0_i^2 r_i
    np.testing.assert_allclose(forces / (f0**2 * r), lam, rtol=1e-12)
    assert float(np.sum(forces * r)) == pytest.approx(10.0, rel=1e-12)


def test_one_muscle_saturates_and_the_rest_share_the_remainder() -> None:
    # c = [50, 5, 5]; unsaturated lambda = 52 / 2550 gives a_0 = 1.02 > 1, so muscle 0 is capped at 1;
    # the other two share 52 - 50 = 2 N m: lambda = 2 / 50 = 0.04, a = 0.04 x 5 = 0.2.
    a, feasible, deficit = share_moment(52.0, [1000.0, 100.0, 100.0], [0.05, 0.05, 0.05])
    np.testing.assert_allclose(a, [1.0, 0.2, 0.2], rtol=1e-12)
    assert bool(feasible) and float(deficit) == 0.0
    # KKT: the saturated muscle has lambda c >= 1
    assert 0.04 * 50 >= 1.0


def test_two_muscles_saturate() -> None:
    # c = [50, 40, 10, 10]; M = 96: 96/4200 x 50 > 1; (96-50)/1800 x 40 = 1.02 > 1; (96-90)/200 = 0.03 -> a = 0.3
    a, feasible, _ = share_moment(96.0, [500.0, 400.0, 100.0, 100.0], [0.1, 0.1, 0.1, 0.1])
    np.testing.assert_allclose(a, [1.0, 1.0, 0.3, 0.3], rtol=1e-12)
    assert bool(feasible)


def test_order_of_muscles_does_not_matter() -> None:
    f0 = np.array([100.0, 500.0, 100.0, 400.0])
    r = np.full(4, 0.1)
    a, _, _ = share_moment(96.0, f0, r)
    np.testing.assert_allclose(a, [0.3, 1.0, 0.3, 1.0], rtol=1e-12)


def test_infeasible_all_full_and_deficit_is_the_missing_moment() -> None:
    # capacity = 50 + 40 + 10 + 10 = 110 N m; asked for 120
    a, feasible, deficit = share_moment(120.0, [500.0, 400.0, 100.0, 100.0], [0.1, 0.1, 0.1, 0.1])
    assert not bool(feasible)
    np.testing.assert_array_equal(a, 1.0)
    assert float(deficit) == pytest.approx(10.0, rel=1e-12)


def test_exactly_at_capacity_is_feasible_with_every_muscle_full() -> None:
    a, feasible, deficit = share_moment(110.0, [500.0, 400.0, 100.0, 100.0], [0.1, 0.1, 0.1, 0.1])
    assert bool(feasible) and float(deficit) == 0.0
    np.testing.assert_allclose(a, 1.0, rtol=1e-12)


def test_zero_moment_needs_no_muscle() -> None:
    a, feasible, deficit = share_moment(0.0, [500.0, 400.0], [0.05, 0.04])
    np.testing.assert_array_equal(a, 0.0)
    assert bool(feasible) and float(deficit) == 0.0


def test_vectorised_equals_loop_and_broadcasts_max_forces() -> None:
    f0 = np.array([500.0, 400.0, 100.0, 100.0])
    arms = np.array([[0.1, 0.1, 0.1, 0.1], [0.05, 0.04, 0.03, 0.02], [0.02, 0.1, 0.05, 0.01]])
    moments = np.array([96.0, 20.0, 120.0])
    a, feasible, deficit = share_moment(moments, f0, arms)
    assert a.shape == (3, 4) and feasible.shape == (3,) and deficit.shape == (3,)
    for i in range(3):
        ai, fi, di = share_moment(moments[i], f0, arms[i])
        np.testing.assert_allclose(a[i], ai, rtol=1e-12)
        assert bool(feasible[i]) == bool(fi) and float(deficit[i]) == pytest.approx(float(di))


# --------------------------------------------------------------------------------------------------
# properties: optimality conditions, and agreement with an independent solver


def _bisection(m: float, c: np.ndarray) -> np.ndarray:
    """Water-filling by bisection on lambda: a_i = min(1, lambda c_i), sum a_i c_i = m (m <= sum c)."""
    lo, hi = 0.0, 1.0 / c.min()
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.sum(np.minimum(1.0, mid * c) * c) < m:
            lo = mid
        else:
            hi = mid
    return np.minimum(1.0, 0.5 * (lo + hi) * c)


muscle_sets = st.integers(1, 9).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(10.0, 3000.0), min_size=n, max_size=n),
        st.lists(st.floats(0.005, 0.1), min_size=n, max_size=n),
    )
)


@PROP
@given(muscle_sets, st.floats(0.0, 1.5))
def test_kkt_conditions_and_independent_solver(muscles: tuple[list[float], list[float]], frac: float) -> None:
    f0, r = np.array(muscles[0]), np.array(muscles[1])
    c = f0 * r
    cap = float(c.sum())
    m = frac * cap
    a, feasible, deficit = share_moment(m, f0, r)
    assert np.all(np.isfinite(a)) and np.all(a >= 0.0) and np.all(a <= 1.0)
    if m > cap * (1 + 1e-12):
        assert not bool(feasible)
        np.testing.assert_array_equal(a, 1.0)
        assert float(deficit) == pytest.approx(m - cap, rel=1e-9, abs=1e-12)
        return
    if m < cap * (1 - 1e-12):
        assert bool(feasible)
    if not bool(feasible):  # within rounding of the capacity
        return
    assert float(deficit) == 0.0
    assert float(np.sum(a * c)) == pytest.approx(m, rel=1e-9, abs=1e-9)
    free = a < 1.0 - 1e-12
    if np.any(free):
        lam = a[free] / c[free]
        np.testing.assert_allclose(lam, lam.mean(), rtol=1e-9, atol=1e-15)  # a_i = lambda c_i
        assert np.all(lam.mean() * c[~free] >= 1.0 - 1e-9)  # saturated: lambda c_i >= 1
        assert np.all(lam.mean() * c[free] <= 1.0 + 1e-9)
    np.testing.assert_allclose(a, _bisection(m, c), rtol=1e-7, atol=1e-9)


@PROP
@given(muscle_sets, st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_more_moment_never_lowers_any_activation(muscles: tuple[list[float], list[float]], x: float, y: float) -> None:
    f0, r = np.array(muscles[0]), np.array(muscles[1])
    cap = float(np.sum(f0 * r))
    lo, hi = sorted((x * cap, y * cap))
    a_lo, _, _ = share_moment(lo, f0, r)
    a_hi, _, _ = share_moment(hi, f0, r)
    assert np.all(a_hi >= a_lo - 1e-12)


@pytest.mark.parametrize(
    ("moment", "forces", "arms", "name"),
    [
        (-1.0, [100.0, 200.0], [0.05, 0.04], "moment"),
        (float("nan"), [100.0, 200.0], [0.05, 0.04], "moment"),
        (10.0, [0.0, 200.0], [0.05, 0.04], "max_forces"),
        (10.0, [100.0, 200.0], [-0.05, 0.04], "moment_arms"),
        (10.0, [100.0, 200.0], [5.0, 4.0], "moment_arms"),  # cm typed for m
    ],
)
def test_share_moment_rejects_bad_input(moment, forces, arms, name):
    with pytest.raises(ValueError, match=rf"^{name}.*allowed range"):
        share_moment(moment, np.array(forces), np.array(arms))


# ---- the exponent p of sum(a^p) --------------------------------------------------------------


def test_cubed_activations_closed_form() -> None:
    # p = 3: a_i = mu sqrt(c_i). c = [16, 9, 4] (F0 r), sqrt c = [4, 3, 2]; sum(c sqrt c) = 64+27+8 = 99
    # -> mu = M / 99; with M = 9.9: a = [0.4, 0.3, 0.2]
    a, feasible, _ = share_moment(9.9, [160.0, 90.0, 40.0], [0.1, 0.1, 0.1], exponent=3.0)
    np.testing.assert_allclose(a, [0.4, 0.3, 0.2], rtol=1e-12)
    assert bool(feasible)


@PROP
@given(muscle_sets, st.floats(0.0, 0.99), st.floats(1.5, 5.0))
def test_kkt_conditions_for_any_exponent(muscles: tuple[list[float], list[float]], frac: float, p: float) -> None:
    """Stationarity for unsaturated muscles: a^(p-1) / c is one constant; saturated ones would want
    more; the moment is met. Then nudging any pair of activations along the constraint cannot lower
    the objective."""
    f0, r = (np.asarray(x) for x in muscles)
    c = f0 * r
    m = frac * float(np.sum(c))
    a, feasible, _ = share_moment(m, f0, r, exponent=p)
    assert bool(feasible)
    assert float(np.sum(a * c)) == pytest.approx(m, rel=1e-9, abs=1e-9)
    free = (a < 1.0 - 1e-12) & (a > 1e-12)
    if free.sum() >= 2:
        k = a[free] ** (p - 1) / c[free]
        np.testing.assert_allclose(k, k[0], rtol=1e-6)
        full = a >= 1.0 - 1e-12
        assert np.all(c[full] * k[0] >= 1.0 - 1e-6)  # a saturated muscle would want to go above 1
    obj = float(np.sum(a**p))
    i, j = 0, len(a) - 1
    for eps in (1e-4, -1e-4):
        b = a.copy()
        b[i] += eps / c[i]
        b[j] -= eps / c[j]
        if np.all((b >= 0) & (b <= 1)):
            assert float(np.sum(b**p)) >= obj - 1e-12


def test_exponent_out_of_range_is_refused() -> None:
    for bad in (1.0, 6.0, float("nan")):
        with pytest.raises(ValueError, match="exponent"):
            share_moment(10.0, [100.0, 100.0], [0.05, 0.05], exponent=bad)
