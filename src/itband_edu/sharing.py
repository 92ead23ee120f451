"""How the hip abductors share a required moment: minimum sum of squared activations.

Given a required hip-abduction moment M and muscles with maximum forces F0_i and moment arms r_i,
choose activations a_i in [0, 1] that minimise sum(a_i^2) subject to sum(a_i F0_i r_i) = M
(the squared-activation member of the family of optimisation criteria that began with
Crowninshield & Brand 1981, who minimised the sum of cubed muscle stresses). Without saturation the
answer is closed form: a_i = lambda c_i with c_i = F0_i r_i, so F_i = lambda F0_i^2 r_i: strong muscles with long levers
do most of the work, and weakening one muscle (smaller F0) shifts work to the others - in particular
to the TFL, which pulls on the IT band.

Saturation: a muscle whose a_i would exceed 1 is capped at 1 and the rest share what is left
(the KKT solution: a_i = min(1, lambda c_i)). When even all muscles at full activation cannot supply
M, every activation is 1, ``feasible`` is False and ``moment_deficit`` says by how much (N m):
the model never returns forces a muscle cannot produce.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import check_range

__all__ = ["share_moment"]


def share_moment(
    moment: ArrayLike, max_forces: ArrayLike, moment_arms: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """Activations (..., n) minimising sum(a^2) with sum(a F0 r) = moment, 0 <= a <= 1.

    ``moment`` (N m, >= 0) has shape (...); ``max_forces`` (N) shape (..., n) or (n,); ``moment_arms``
    (m, > 0) shape (..., n). Returns ``(activations, feasible, deficit)`` where ``deficit`` (N m) is
    the part of the moment the muscles cannot supply (0 when feasible). Vectorised; no Python loop
    over samples (one loop over the n + 1 possible numbers of saturated muscles). Raises ``ValueError``
    naming the argument for a negative or non-finite moment, a non-positive force or moment arm.
    """
    m = check_range("moment", moment, 0.0, 1e4, "N m")
    f0 = check_range("max_forces", max_forces, 0.0, 1e5, "N", low_inclusive=False)
    arms = check_range("moment_arms", moment_arms, 0.0, 1.0, "m", low_inclusive=False,
                       hint="moment arms are in metres and must be positive (abductors only)")
    c = f0 * arms
    c, m = np.broadcast_arrays(c, m[..., None])
    m = m[..., 0]
    n = c.shape[-1]
    order = np.argsort(-c, axis=-1)
    cs = np.take_along_axis(c, order, axis=-1)  # descending
    # prefix sums: moment of the k strongest at full activation, and sum of squares of the rest
    top = np.concatenate([np.zeros(cs.shape[:-1] + (1,)), np.cumsum(cs, axis=-1)], axis=-1)
    sq = cs**2
    rest_sq = np.concatenate([np.cumsum(sq[..., ::-1], axis=-1)[..., ::-1], np.zeros(cs.shape[:-1] + (1,))], axis=-1)
    capacity = top[..., n]
    lam = np.full(m.shape, np.inf)
    k_sat = np.full(m.shape, n)
    found = np.zeros(m.shape, dtype=bool)
    for k in range(n):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # tiny strengths
            lam_k = (m - top[..., k]) / rest_sq[..., k]
        ok = ~found & (lam_k * cs[..., k] <= 1.0) & (lam_k >= 0.0)
        lam = np.where(ok, lam_k, lam)
        k_sat = np.where(ok, k, k_sat)
        found |= ok
    rank = np.arange(n)
    a_sorted = np.where(rank < k_sat[..., None], 1.0,
                        np.minimum(1.0, np.where(np.isfinite(lam), lam, 0.0)[..., None] * cs))
    a_sorted = np.where(found[..., None], a_sorted, 1.0)
    activations = np.empty_like(a_sorted)
    np.put_along_axis(activations, order, a_sorted, axis=-1)
    feasible = found
    deficit = np.where(feasible, 0.0, m - capacity)
    return activations, feasible, deficit
