"""The frontal-plane building blocks of single-leg stance (geometry and assumptions: ``stance``'s
module docstring): the supported weight and its lever, the abductors' sharing of the moment, and the
passive tension of the TFL + band unit. Internal, SI, unchecked; ``stance`` and ``gait`` call them."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._schema import GMAX, GMED
from .parameters import Parameters, default_parameters
from ._validate import check_range
from .sharing import EXPONENT_RANGE, _share_moment, check_moment_arms
from .tissue import series_force

__all__ = ["abductor_demand", "abductor_forces", "itb_passive_tension"]


def abductor_demand(
    body_weight: ArrayLike,
    trunk_lean: ArrayLike = 0.0,
    pelvic_drop: ArrayLike = 0.0,
    *,
    supported_weight_fraction: ArrayLike | None = None,
    weight_lever: ArrayLike | None = None,
    params: Parameters | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Supported weight W' (N), its lever d (m) and the required abduction moment M = W' d (N m).

    Internal, SI: ``body_weight`` in N, angles in rad, no input checks (the public functions check).
    ``supported_weight_fraction`` and ``weight_lever`` (level pelvis, upright trunk) override the
    anthropometric defaults, e.g. to reproduce Pauwels' textbook case.
    """
    p = params or default_parameters()
    bw = np.asarray(body_weight, dtype=float)
    leg = p.leg_mass_fraction
    frac = 1.0 - leg if supported_weight_fraction is None else np.asarray(supported_weight_fraction, dtype=float)
    hat = frac - leg  # HAT share of body weight (the swing leg is the rest of W')
    if weight_lever is None:
        lever0 = p.inter_hip_distance * (0.5 * hat + leg) / frac
    else:
        lever0 = np.asarray(weight_lever, dtype=float)
    # the pelvis turns about the stance hip by the drop and carries the trunk with it; the lean is
    # relative to the pelvis (lean = drop: trunk upright in the room, the compensated posture)
    lever = lever0 * np.cos(pelvic_drop) + (hat / frac) * p.hat_com_height * np.sin(
        np.asarray(pelvic_drop, dtype=float) - trunk_lean)
    w_sup = frac * bw
    return w_sup, lever, w_sup * lever


_ARRAYS: dict[int, tuple[Parameters, tuple]] = {}


def _abductor_arrays(p: Parameters) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_],
                                             tuple[NDArray[np.float64], ...]]:
    """Per-muscle arrays of ``p.muscles``: maximum forces, which are gluteus medius and which upper
    gluteus maximus, and the moment arms' quadratic coefficients (r0, b, c) of :meth:`Muscle.moment_arm`.

    ``Parameters`` is frozen but holds dicts (unhashable), so the arrays are cached by identity, with
    the object kept alive beside them (its id cannot be reused while cached); read-only."""
    hit = _ARRAYS.get(id(p))
    if hit is not None and hit[0] is p:
        return hit[1]
    f0 = np.array([mu.max_isometric_force for mu in p.muscles])
    med = np.array([mu.name in GMED for mu in p.muscles])
    gmax = np.array([mu.name in GMAX for mu in p.muscles])
    coef = tuple(np.array(col) for col in zip(*(mu._quadratic() for mu in p.muscles), strict=True))
    for a in (f0, med, gmax, *coef):
        a.flags.writeable = False
    if len(_ARRAYS) >= 16:  # a few parameter sets at a time (defaults, a lesson's what-if, a mutation)
        _ARRAYS.clear()
    _ARRAYS[id(p)] = (p, (f0, med, gmax, coef))
    return f0, med, gmax, coef


def abductor_forces(
    moment: ArrayLike,
    hip_adduction: ArrayLike,
    glute_med_strength: ArrayLike = 1.0,
    glute_max_strength: ArrayLike = 1.0,
    *,
    abductor_lever: ArrayLike | None = None,
    params: Parameters | None = None,
    exponent: float = 2.0,
) -> tuple[
    NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64],
    NDArray[np.float64],
]:
    """Share ``moment`` (N m) among the abductors at ``hip_adduction`` (rad). Internal, SI, unchecked.

    Returns ``(forces, activations, moment_arms, feasible, deficit, capacity)``, the first three with
    a last axis over ``params.muscles``; ``capacity`` (N m) is the moment at full activation.
    ``abductor_lever`` (m) replaces every moment arm by one value; ``exponent`` is p of the sharing
    criterion sum(a^p).
    """
    p = params or default_parameters()
    add = np.asarray(hip_adduction, dtype=float)
    f0, med, gmax, (r0, b, c) = _abductor_arrays(p)
    if abductor_lever is None:
        x = add[..., None]
        arms = r0 + b * x + c * x * x  # Muscle.moment_arm for every muscle at once (the same arithmetic)
    else:
        arms = np.broadcast_to(np.asarray(abductor_lever, dtype=float)[..., None], add.shape + (len(p.muscles),))
    s_med = np.asarray(glute_med_strength, dtype=float)[..., None]
    s_max = np.asarray(glute_max_strength, dtype=float)[..., None]
    f0 = f0 * np.where(med, s_med, 1.0) * np.where(gmax, s_max, 1.0)
    f0, arms = np.broadcast_arrays(f0, arms)
    moment = np.asarray(moment, dtype=float)
    # the callers check the inputs; the moment arms extrapolated from them are checked here (cheaply when fine)
    if not np.all(arms > 0.0):
        check_moment_arms(arms)
    act, feasible, deficit = _share_moment(moment, f0, arms, float(check_range("exponent", exponent, *EXPONENT_RANGE)))
    return act * f0, act, arms, feasible, deficit, np.sum(f0 * arms, axis=-1)


def itb_passive_tension(hip_adduction: ArrayLike, params: Parameters | None = None) -> NDArray[np.float64]:
    """Passive tension (N) in the relaxed TFL + band unit when the hip adducts by ``hip_adduction`` (rad).

    The unit lengthens by the integral of the TFL moment arm over the adduction angle (zero when the
    hip is abducted: the unit is assumed slack at 0 deg, a teaching assumption).
    """
    p = params or default_parameters()
    x = np.maximum(np.asarray(hip_adduction, dtype=float), 0.0)
    return series_force(p.muscle("tensor_fasciae_latae").length_change(x), p=p)
