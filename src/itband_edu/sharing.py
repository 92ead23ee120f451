"""How the hip abductors share a required moment: minimum sum of activations to a power p.

Given a required hip-abduction moment M and muscles with maximum forces F0_i and moment arms r_i,
choose activations a_i in [0, 1] that minimise sum(a_i^p) subject to sum(a_i F0_i r_i) = M. This
is the family of optimisation criteria that began with Crowninshield & Brand (1981), who minimised
the sum of *cubed* muscle stresses (stress = force / PCSA, proportional to activation when F0 is
proportional to PCSA, as in Rajagopal et al. 2016, so p = 3); p = 2 (squared activations) is the
course's default. Neither is how the nervous system chooses: it is a rule that reproduces measured
muscle activity reasonably, and the answer depends on p (lesson 03 shows how much).

Without saturation the answer is closed form: with c_i = F0_i r_i, the stationarity condition
p a_i^(p-1) = lambda c_i gives a_i = mu c_i^q with q = 1 / (p - 1). For p = 2, a_i = mu F0_i r_i and
F_i = mu F0_i^2 r_i: strong muscles with long levers do most of the work, and weakening one muscle
(smaller F0) shifts work to the others, in particular to the TFL, which pulls on the IT band. A
larger p spreads the work more evenly (activations closer to one another).

Saturation: a muscle whose a_i would exceed 1 is capped at 1 and the rest share what is left
(the KKT solution: a_i = min(1, mu c_i^q)). When even all muscles at full activation cannot supply
M, every activation is 1, ``feasible`` is False and ``moment_deficit`` says by how much (N m):
the model never returns forces a muscle cannot produce.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import check_range

__all__ = ["share_moment", "share_two_moments"]


#: Allowed exponents p of the criterion sum(a^p): 2 (default) to 5; p near 1 makes the problem
#: degenerate (all work to the best lever), beyond 5 it approaches "minimise the largest activation".
EXPONENT_RANGE = (1.5, 5.0)


def share_moment(
    moment: ArrayLike, max_forces: ArrayLike, moment_arms: ArrayLike, exponent: float = 2.0
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """Activations (..., n) minimising sum(a^p) with sum(a F0 r) = moment, 0 <= a <= 1.

    ``moment`` (N m, >= 0) has shape (...); ``max_forces`` (N) shape (..., n) or (n,); ``moment_arms``
    (m, > 0) shape (..., n). Returns ``(activations, feasible, deficit)`` where ``deficit`` (N m) is
    the part of the moment the muscles cannot supply (0 when feasible). Vectorised; no Python loop
    over samples or muscles (every possible number of saturated muscles is tried at once). Raises ``ValueError``
    naming the argument for a negative or non-finite moment, a non-positive force or moment arm,
    or an ``exponent`` p outside 1.5-5.
    """
    p = float(check_range("exponent", exponent, *EXPONENT_RANGE, ""))
    m = check_range("moment", moment, 0.0, 1e4, "N m")
    f0 = check_range("max_forces", max_forces, 0.0, 1e5, "N", low_inclusive=False)
    arms = check_moment_arms(moment_arms)
    return _share_moment(m, f0, arms, p)


def check_moment_arms(moment_arms: ArrayLike) -> NDArray[np.float64]:
    """The abduction moment arms (m) as an array, after checking each is in (0, 1] m."""
    return check_range("moment_arms", moment_arms, 0.0, 1.0, "m", low_inclusive=False,
                       hint="moment arms are in metres and must be positive (abductors only)")


def _share_moment(
    m: NDArray[np.float64], f0: NDArray[np.float64], arms: NDArray[np.float64], p: float
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """Unchecked core of :func:`share_moment` (inputs already valid float arrays; ``p`` the exponent)."""
    c = f0 * arms
    c, m = np.broadcast_arrays(c, m[..., None])
    m = m[..., 0]
    n = c.shape[-1]
    order = np.argsort(-c, axis=-1)
    cs = np.take_along_axis(c, order, axis=-1)  # descending
    # unsaturated activations are mu * w with w = c^q (same order as c, since q > 0; q <= 2 and
    # c <= F0 r of a few hundred N m, so c^q stays well inside float range; p = 2 gives w = c)
    q = 1.0 / (p - 1.0)
    ws = cs if p == 2.0 else cs**q
    # prefix sums: moment of the k strongest at full activation, and sum(c w) of the rest
    top = np.concatenate([np.zeros(cs.shape[:-1] + (1,)), np.cumsum(cs, axis=-1)], axis=-1)
    cw = cs * ws
    rest_sq = np.concatenate([np.cumsum(cw[..., ::-1], axis=-1)[..., ::-1], np.zeros(cs.shape[:-1] + (1,))], axis=-1)
    capacity = top[..., n]
    # the first k (k strongest saturated) whose multiplier leaves the next muscle unsaturated: every k at
    # once, then the first that works (no Python loop over samples or muscles)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # tiny strengths
        lam_all = (m[..., None] - top[..., :n]) / rest_sq[..., :n]
        ok = (lam_all * ws <= 1.0) & (lam_all >= 0.0)
    found = ok.any(axis=-1)
    k_first = np.argmax(ok, axis=-1)
    lam = np.where(found, np.take_along_axis(lam_all, k_first[..., None], axis=-1)[..., 0], np.inf)
    k_sat = np.where(found, k_first, n)
    rank = np.arange(n)
    a_sorted = np.where(rank < k_sat[..., None], 1.0,
                        np.minimum(1.0, np.where(np.isfinite(lam), lam, 0.0)[..., None] * ws))
    a_sorted = np.where(found[..., None], a_sorted, 1.0)
    activations = np.empty_like(a_sorted)
    np.put_along_axis(activations, order, a_sorted, axis=-1)
    feasible = found
    deficit = np.where(feasible, 0.0, m - capacity)
    return activations, feasible, deficit


#: Newton iterations allowed for the two-plane sharing; it converges in a handful (tests/test_sharing.py).
_MAX_NEWTON = 80


def share_two_moments(
    moments: ArrayLike, max_forces: ArrayLike, moment_arms: ArrayLike, exponent: float = 2.0
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """Activations (..., n) minimising sum(a^p) with sum(a F0 r_j) = M_j in two planes, 0 <= a <= 1.

    ``moments`` (N m) has shape (..., 2): the abduction and the flexion moment the muscles must
    supply (either sign: a negative flexion moment is an extension demand). ``max_forces`` (N, > 0)
    has shape (..., n) or (n,); ``moment_arms`` (m, signed: a muscle can flex or extend) has shape
    (..., 2, n), row 0 about the abduction axis and row 1 about the flexion axis. A muscle only pulls
    (a >= 0), so a muscle with an extension arm helps an abduction demand only at the price of an
    extension moment the others must cancel.

    Method: the Karush-Kuhn-Tucker conditions give a_i = min(1, max(0, s_i)^q) with s = C^T lambda,
    C = F0 r (2 x n) and q = 1 / (p - 1); the two multipliers lambda solve C a(lambda) = M, found by
    Newton's method on the (concave) dual with a backtracking line search, vectorised over samples.
    When no activations in [0, 1] can supply M (the demand lies outside the set the muscles can
    reach), the muscles supply the largest fraction tau of M that they can, in both planes at once,
    ``feasible`` is False and ``deficit`` (..., 2) says what is missing.

    Returns ``(activations, feasible, deficit)``. Raises ``ValueError`` naming the argument for a
    non-finite or implausible moment, a non-positive force, a non-finite moment arm or an exponent
    outside 1.5-5, or arrays of the wrong shape.
    """
    p = float(check_range("exponent", exponent, *EXPONENT_RANGE, ""))
    m = check_range("moments", moments, -1e4, 1e4, "N m")
    f0 = check_range("max_forces", max_forces, 0.0, 1e5, "N", low_inclusive=False)
    arms = check_range("moment_arms", moment_arms, -1.0, 1.0, "m", hint="moment arms are in metres")
    if m.shape[-1:] != (2,) or arms.ndim < 2 or arms.shape[-2] != 2 or arms.shape[-1] != f0.shape[-1]:
        raise ValueError(
            f"share_two_moments: moments must have a last axis of 2 and moment_arms a shape (..., 2, n) with "
            f"n = {f0.shape[-1]} muscles; got moments {m.shape}, moment_arms {arms.shape}"
        )
    c = f0[..., None, :] * arms  # (..., 2, n)
    batch = np.broadcast_shapes(c.shape[:-2], m.shape[:-1])
    c = np.broadcast_to(c, batch + c.shape[-2:])
    m = np.broadcast_to(m, batch + (2,))
    q = 1.0 / (p - 1.0)

    # the largest fraction tau <= 1 of M inside the reachable set (a zonotope whose edges are the
    # columns of C): its facet normals are +-perp(c_k), its support h(d) = sum_j max(0, d . c_j)
    perp = np.stack([-c[..., 1, :], c[..., 0, :]], axis=-1)  # (..., n, 2)
    normals = np.concatenate([perp, -perp], axis=-2)  # (..., 2n, 2)
    support = np.maximum(normals @ c, 0.0).sum(axis=-1)  # (..., 2n)
    along = normals @ m[..., None]  # (..., 2n, 1)
    along = along[..., 0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(along > 1e-12 * (np.abs(support) + 1.0), support / along, np.inf)
    tau = np.minimum(1.0, ratio.min(axis=-1))
    feasible = tau >= 1.0
    # aim a hair inside the boundary when the full demand cannot be met (the dual is unbounded on it)
    target = m * np.where(feasible, 1.0, tau * (1.0 - 1e-9))[..., None]

    def activations_of(lam: NDArray[np.float64], cc: NDArray[np.float64]
                       ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        s = np.einsum("...j,...jn->...n", lam, cc)
        a = np.minimum(np.maximum(s, 0.0) ** q, 1.0)
        return s, a

    def dual(lam: NDArray[np.float64], cc: NDArray[np.float64], tt: NDArray[np.float64]) -> NDArray[np.float64]:
        s, a = activations_of(lam, cc)
        return np.einsum("...j,...j->...", lam, tt) + np.sum(a**p / p - s * a, axis=-1)

    gram = np.einsum("...jn,...kn->...jk", c, c)
    scale = np.trace(gram, axis1=-2, axis2=-1)[..., None, None] + 1e-30
    eye = np.eye(2)
    lam = np.linalg.solve(gram + 1e-12 * scale * eye, target[..., None])[..., 0]
    steps = 0.5 ** np.arange(48)
    for _ in range(_MAX_NEWTON):
        s, a = activations_of(lam, c)
        g = target - np.einsum("...jn,...n->...j", c, a)
        if np.all(np.abs(g) <= 1e-9 * (1.0 + np.abs(target))):
            break
        slope = np.where((s > 0.0) & (s < 1.0), q * np.maximum(s, 1e-300) ** (q - 1.0), 0.0)
        hess = np.einsum("...jn,...n,...kn->...jk", c, slope, c) + 1e-8 * scale * eye
        direction = np.linalg.solve(hess, g[..., None])[..., 0]
        d0 = dual(lam, c, target)
        gain = np.einsum("...j,...j->...", g, direction)
        trial = lam[..., None, :] + steps[:, None] * direction[..., None, :]  # (..., 48, 2)
        ok = dual(trial, c[..., None, :, :], target[..., None, :]) >= d0[..., None] + 1e-4 * steps * gain[..., None]
        first = np.where(ok.any(axis=-1), ok.argmax(axis=-1), len(steps) - 1)
        lam = lam + steps[first][..., None] * direction
    _s, act = activations_of(lam, c)
    miss = target - np.einsum("...jn,...n->...j", c, act)
    if np.any(np.abs(miss) > 1e-6 * (1.0 + np.abs(target))):  # never a silent wrong answer
        raise RuntimeError(f"share_two_moments did not converge in {_MAX_NEWTON} Newton steps (largest residual "
                           f"{np.abs(miss).max():.3g} N m); please report the inputs")
    deficit = m - np.einsum("...jn,...n->...j", c, act)
    deficit = np.where(feasible[..., None], 0.0, deficit)
    return act, feasible, deficit
