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

__all__ = ["share_moment"]


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
    over samples (one loop over the n + 1 possible numbers of saturated muscles). Raises ``ValueError``
    naming the argument for a negative or non-finite moment, a non-positive force or moment arm,
    or an ``exponent`` p outside 1.5-5.
    """
    p = float(check_range("exponent", exponent, *EXPONENT_RANGE, ""))
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
    # unsaturated activations are mu * w with w = c^q (same order as c, since q > 0; q <= 2 and
    # c <= F0 r of a few hundred N m, so c^q stays well inside float range; p = 2 gives w = c)
    q = 1.0 / (p - 1.0)
    ws = cs if p == 2.0 else cs**q
    # prefix sums: moment of the k strongest at full activation, and sum(c w) of the rest
    top = np.concatenate([np.zeros(cs.shape[:-1] + (1,)), np.cumsum(cs, axis=-1)], axis=-1)
    cw = cs * ws
    rest_sq = np.concatenate([np.cumsum(cw[..., ::-1], axis=-1)[..., ::-1], np.zeros(cs.shape[:-1] + (1,))], axis=-1)
    capacity = top[..., n]
    lam = np.full(m.shape, np.inf)
    k_sat = np.full(m.shape, n)
    found = np.zeros(m.shape, dtype=bool)
    for k in range(n):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # tiny strengths
            lam_k = (m - top[..., k]) / rest_sq[..., k]
        ok = ~found & (lam_k * ws[..., k] <= 1.0) & (lam_k >= 0.0)
        lam = np.where(ok, lam_k, lam)
        k_sat = np.where(ok, k, k_sat)
        found |= ok
    rank = np.arange(n)
    a_sorted = np.where(rank < k_sat[..., None], 1.0,
                        np.minimum(1.0, np.where(np.isfinite(lam), lam, 0.0)[..., None] * ws))
    a_sorted = np.where(found[..., None], a_sorted, 1.0)
    activations = np.empty_like(a_sorted)
    np.put_along_axis(activations, order, a_sorted, axis=-1)
    feasible = found
    deficit = np.where(feasible, 0.0, m - capacity)
    return activations, feasible, deficit
