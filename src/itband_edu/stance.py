"""Standing on one leg: the pelvis as a lever (Pauwels), and who supplies the abduction moment.

Frontal plane, right leg in stance, looking from the front. The body above the stance hip (everything
but the stance leg, weight W') hangs on the medial side of the hip joint; to keep the pelvis level
the hip abductors must supply the moment M = W' d, where d is the horizontal distance from the stance
hip centre to the centre of mass of W'. The abductors pull on a short lever (about 4-5 cm), so they
need a force of about two body weights, and the hip joint is pressed together by the sum of muscle
force and W' (Pauwels 1976).

Geometry (each line a stated assumption):
- W' = (1 - leg fraction) m g; leg fraction from de Leva (1996);
- the centre of mass of W' combines the head-arms-trunk (HAT) mass, centred over the mid-point
  between the hips, and the swing leg hanging below its own hip: for a level pelvis
  d = D (0.5 m_HAT + m_leg) / (m_HAT + m_leg), about 0.096 m with D, the inter-hip distance,
  0.1545 m;
- contralateral pelvic drop phi rotates the pelvis about the stance hip, and the trunk turns with it
  (an *uncompensated* drop: the trunk is rigid on the pelvis), so the head-arms-trunk (HAT) centre
  of mass, a height h above the hips, swings toward the swing side by h sin(phi) while horizontal
  distances along the pelvis shrink by cos(phi); the swing leg hangs vertically below its hip. With
  the femur kept vertical the stance hip adducts by phi (a teaching simplification), which shortens
  the abductors' moment arms (Rajagopal et al. 2016 model);
- trunk lean theta is measured *relative to the pelvis*, toward the stance side: it moves the HAT
  centre of mass by h sin(theta) toward the stance hip. A drop with an equal lean (theta = phi)
  keeps the trunk upright in the room: the compensated posture;
- in the room the HAT centre of mass therefore lies (D/2) cos(phi) + h sin(phi - theta) medial to
  the stance hip;
- all abductors pull along one line of action, 21 deg from vertical (Pauwels); the hip contact force
  balances W' and the muscle forces (force balance on the body above the stance hip).

Two planes (lesson 04): given ``hip_flexion_moment``, the abductors and the main hip flexors supply the
abduction and the flexion moment together (``sagittal``). Without it (the default, lessons 01-03) only
the frontal plane is balanced, and the abductors' own flexion-extension moment is left to the posture.

ITB tension = TFL force + the upper gluteus maximus force times the fraction that inserts into the
band (a teaching assumption, ``data/muscles.csv``) + passive tension when hip adduction stretches the
relaxed TFL-band unit (``tissue.series_force``; the active muscle's own stiffness is ignored).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._results import freeze, sum_muscles
from ._validate import Limits, check_limit
from .parameters import Parameters, default_parameters
from .frontal import abductor_demand, abductor_forces, itb_passive_tension
from .sagittal import two_plane_forces
from .sharing import EXPONENT_RANGE

# abductor_demand, abductor_forces and itb_passive_tension (``frontal``) are unchecked SI building blocks
# shared with ``gait``; learners call single_leg_stance, which checks its inputs.
__all__ = ["StanceResult", "single_leg_stance", "LIMITS"]

# Allowed input ranges: (low, high, unit). Physiological or model-validity limits, documented here once.
LIMITS: Limits = {
    "body_mass": (30.0, 200.0, "kg"),
    "glute_med_strength": (0.0, 1.5, "x normal"),  # low end exclusive
    "glute_max_strength": (0.0, 1.5, "x normal"),  # low end exclusive
    "trunk_lean_deg": (-15.0, 20.0, "deg"),
    "pelvic_drop_deg": (-10.0, 15.0, "deg"),
    "supported_weight_fraction": (0.5, 1.0, "of body weight"),
    "weight_lever": (0.02, 0.2, "m"),
    "abductor_lever": (0.01, 0.1, "m"),
    "abductor_angle_deg": (0.0, 45.0, "deg"),
    "activation_exponent": (*EXPONENT_RANGE, ""),  # the one range, kept in sharing.py
    "hip_flexion_moment": (-300.0, 300.0, "N m"),
    "iliopsoas_strength": (0.0, 1.5, "x normal"),  # low end exclusive
}



def _check(name: str, value: ArrayLike) -> NDArray[np.float64]:
    return check_limit(LIMITS, name, value)


@dataclass(frozen=True)
class StanceResult:
    """Single-leg stance: demand, muscle forces, ITB tension and hip contact force (SI units).

    Arrays have the broadcast shape of the inputs; per-muscle arrays have one more, last axis over
    ``muscle_names``. Scalars in give floats out.
    """

    body_weight: float | NDArray[np.float64]  # N
    supported_weight: float | NDArray[np.float64]  # N, W'
    weight_lever: float | NDArray[np.float64]  # m, lever of W' about the stance hip
    required_moment: float | NDArray[np.float64]  # N m
    hip_adduction: float | NDArray[np.float64]  # rad
    muscle_names: tuple[str, ...]
    muscle_forces: NDArray[np.float64]  # N, (..., n)
    activations: NDArray[np.float64]  # 0-1, (..., n)
    moment_arms: NDArray[np.float64]  # m, (..., n)
    abductor_capacity: float | NDArray[np.float64]  # N m, moment at full activation
    feasible: bool | NDArray[np.bool_]  # can the abductors supply the moment?
    moment_deficit: float | NDArray[np.float64]  # N m, unsupplied moment (0 when feasible)
    total_abductor_force: float | NDArray[np.float64]  # N
    itb_active_tension: float | NDArray[np.float64]  # N, from TFL and upper gluteus maximus
    itb_passive_tension: float | NDArray[np.float64]  # N, from the stretch of hip adduction
    itb_length_change: float | NDArray[np.float64]  # m, of the TFL + band unit from hip adduction
    itb_tension: float | NDArray[np.float64]  # N, active + passive
    hip_contact_force: float | NDArray[np.float64]  # N
    hip_contact_angle: float | NDArray[np.float64]  # rad from vertical, the force tilts medially
    two_planes: bool  # was the sagittal plane balanced too (hip_flexion_moment given)?
    flexion_moment_arms: NDArray[np.float64]  # m, (..., n), flexion positive
    required_flexion_moment: float | NDArray[np.float64]  # N m; one plane: what the muscles happen to make
    muscle_flexion_moment: float | NDArray[np.float64]  # N m, sum of F r_flex the muscles supply
    flexion_moment_deficit: float | NDArray[np.float64]  # N m, unsupplied flexion moment (0 when feasible)

    @property
    def hip_contact_force_bw(self) -> float | NDArray[np.float64]:
        """Hip contact force in body weights."""
        return self.hip_contact_force / self.body_weight

    @property
    def hip_contact_angle_deg(self) -> float | NDArray[np.float64]:
        return freeze(np.degrees(self.hip_contact_angle))

    @property
    def forces(self) -> dict[str, float | NDArray[np.float64]]:
        """Muscle forces (N) by muscle name."""
        return {n: freeze(self.muscle_forces[..., i]) for i, n in enumerate(self.muscle_names)}

    def force_of(self, prefix: str) -> float | NDArray[np.float64]:
        """Sum of the forces (N) of the muscles whose name starts with ``prefix`` (e.g. 'gluteus_medius')."""
        return sum_muscles(self.muscle_names, self.muscle_forces, prefix)


def _stance(
    body_weight: NDArray[np.float64],
    glute_med_strength: ArrayLike,
    glute_max_strength: ArrayLike,
    trunk_lean: ArrayLike,
    pelvic_drop: ArrayLike,
    supported_weight_fraction: ArrayLike | None,
    weight_lever: ArrayLike | None,
    abductor_lever: ArrayLike | None,
    abductor_angle: ArrayLike,
    p: Parameters,
    exponent: float = 2.0,
    hip_flexion_moment: ArrayLike | None = None,
    iliopsoas_strength: ArrayLike = 1.0,
) -> StanceResult:
    """Unchecked SI core of :func:`single_leg_stance`; ``gait`` reuses it with a ground force."""
    w_sup, lever, moment = abductor_demand(
        body_weight, trunk_lean, pelvic_drop,
        supported_weight_fraction=supported_weight_fraction, weight_lever=weight_lever, params=p,
    )
    demand = np.maximum(moment, 0.0)  # a lean past the hip needs adductors, not modelled: demand 0
    if hip_flexion_moment is None:
        muscles = p.muscles
        forces, act, arms, feasible, deficit, capacity = abductor_forces(
            demand, pelvic_drop, glute_med_strength, glute_max_strength, abductor_lever=abductor_lever, params=p,
            exponent=exponent,
        )
        flex_arms = np.broadcast_to(np.array([mu.flexion_moment_arm for mu in muscles]), forces.shape)
        made = np.sum(forces * flex_arms, axis=-1)
        required, flex_deficit = made, np.zeros_like(made)
    else:
        muscles, forces, act, arms, flex_arms, feasible, deficit, flex_deficit, capacity = two_plane_forces(
            demand, hip_flexion_moment, pelvic_drop, glute_med_strength, glute_max_strength, iliopsoas_strength,
            p, exponent)
        required = np.broadcast_to(np.asarray(hip_flexion_moment, dtype=float), demand.shape)
        made = np.sum(forces * flex_arms, axis=-1)
    itb_frac = np.array([mu.itb_fraction for mu in muscles])
    itb_active = np.sum(forces * itb_frac, axis=-1)
    itb_passive = itb_passive_tension(pelvic_drop, p)
    total = forces[..., : len(p.muscles)].sum(axis=-1)  # the abductors
    # force balance on the body above the stance hip: muscles pull it down and laterally (in two
    # planes the flexors' pull is taken along the same line, a simplification)
    pulling = forces.sum(axis=-1)
    fx = pulling * np.sin(abductor_angle)
    fy = pulling * np.cos(abductor_angle) + w_sup
    return StanceResult(
        body_weight=freeze(np.broadcast_to(body_weight, moment.shape)),
        supported_weight=freeze(w_sup),
        weight_lever=freeze(lever),
        required_moment=freeze(moment),
        hip_adduction=freeze(np.broadcast_to(pelvic_drop, moment.shape)),
        muscle_names=tuple(mu.name for mu in muscles),
        muscle_forces=_ro(forces),
        activations=_ro(act),
        moment_arms=_ro(arms),
        abductor_capacity=freeze(capacity),
        feasible=freeze(feasible),
        moment_deficit=freeze(deficit),
        total_abductor_force=freeze(total),
        itb_active_tension=freeze(itb_active),
        itb_passive_tension=freeze(np.broadcast_to(itb_passive, moment.shape)),
        itb_length_change=freeze(np.broadcast_to(
            p.muscle("tensor_fasciae_latae").length_change(np.asarray(pelvic_drop, dtype=float)), moment.shape)),
        itb_tension=freeze(itb_active + itb_passive),
        hip_contact_force=freeze(np.hypot(fx, fy)),
        hip_contact_angle=freeze(np.arctan2(fx, fy)),
        two_planes=hip_flexion_moment is not None,
        flexion_moment_arms=_ro(flex_arms),
        required_flexion_moment=freeze(required),
        muscle_flexion_moment=freeze(made),
        flexion_moment_deficit=freeze(flex_deficit),
    )


def _ro(a: NDArray[np.float64]) -> NDArray[np.float64]:
    a = np.array(a, copy=True)
    a.flags.writeable = False
    return a


def single_leg_stance(
    body_mass: ArrayLike = 75.0,
    glute_med_strength: ArrayLike = 1.0,
    trunk_lean_deg: ArrayLike = 0.0,
    pelvic_drop_deg: ArrayLike = 0.0,
    *,
    glute_max_strength: ArrayLike = 1.0,
    supported_weight_fraction: ArrayLike | None = None,
    weight_lever: ArrayLike | None = None,
    abductor_lever: ArrayLike | None = None,
    abductor_angle_deg: ArrayLike | None = None,
    activation_exponent: float = 2.0,
    hip_flexion_moment: ArrayLike | None = None,
    iliopsoas_strength: ArrayLike = 1.0,
    params: Parameters | None = None,
) -> StanceResult:
    """Standing on the right leg: required abduction moment, abductor forces, ITB tension, hip load.

    Parameters (all broadcast together; arrays give arrays):
    - ``body_mass``: kg, 30-200.
    - ``glute_med_strength``: gluteus medius strength as a fraction of normal, 0 < s <= 1.5
      (scales the maximum force of its three parts).
    - ``trunk_lean_deg``: lateral trunk lean toward the stance side *relative to the pelvis*, deg,
      -15 to 20 (negative: away).
    - ``pelvic_drop_deg``: contralateral pelvic drop, deg, -10 (hiked) to 15; equals stance-hip
      adduction in this model (femur vertical). The trunk turns with the pelvis (uncompensated);
      ``trunk_lean_deg`` equal to the drop keeps it upright in the room (compensated).
    - ``glute_max_strength``: upper gluteus maximus strength, fraction of normal, 0 < s <= 1.5.
    - Pauwels-style overrides: ``supported_weight_fraction`` (0.5-1 of body weight),
      ``weight_lever`` (m, 0.02-0.2, level pelvis, upright trunk), ``abductor_lever`` (m, 0.01-0.1,
      replaces every muscle's moment arm) and ``abductor_angle_deg`` (0-45, default 21; Pauwels 1976).
    - ``activation_exponent``: p of the sharing criterion sum(a_i^p), 1.5-5; 2 (default) is squared
      activations, 3 the cubed stresses of Crowninshield & Brand (1981). A scalar.
    - ``hip_flexion_moment``: N m, -300 to 300, the internal hip-flexion moment the muscles must supply
      as well (negative: an extension demand). ``None`` (default): the frontal plane only, as in
      lessons 01-03; a number (0 included) balances both planes with the hip flexors added to the
      muscles (``muscle_names`` then has 12 entries). Not with ``abductor_lever``.
    - ``iliopsoas_strength``: iliacus and psoas strength, fraction of normal, 0 < s <= 1.5 (two planes).

    Equations: M = W' d (Pauwels 1976); activations minimise sum(a_i^p) subject to
    sum(a_i F0_i r_i) = M with 0 <= a_i <= 1 (``sharing``); F0_i and r_i from Rajagopal et al. (2016);
    hip contact force from the force balance with all abductors at ``abductor_angle_deg``.

    Returns a :class:`StanceResult`. When the abductors cannot supply the moment even at full
    activation, forces are capped at their maxima, ``feasible`` is False and ``moment_deficit`` (N m)
    says how much is missing: in life the pelvis would drop or the trunk would lean.
    """
    p = params or default_parameters()
    mass = _check("body_mass", body_mass)
    s_med = _check("glute_med_strength", glute_med_strength)
    s_max = _check("glute_max_strength", glute_max_strength)
    lean = np.radians(_check("trunk_lean_deg", trunk_lean_deg))
    drop = np.radians(_check("pelvic_drop_deg", pelvic_drop_deg))
    frac = None if supported_weight_fraction is None else _check("supported_weight_fraction", supported_weight_fraction)
    wl = None if weight_lever is None else _check("weight_lever", weight_lever)
    al = None if abductor_lever is None else _check("abductor_lever", abductor_lever)
    angle = p.abductor_line_of_action if abductor_angle_deg is None else np.radians(
        _check("abductor_angle_deg", abductor_angle_deg))
    exponent_arr = _check("activation_exponent", activation_exponent)
    if exponent_arr.ndim != 0:
        raise ValueError(f"activation_exponent must be one number (1.5-5), got an array of shape {exponent_arr.shape}")
    exponent = float(exponent_arr)
    flex = None if hip_flexion_moment is None else _check("hip_flexion_moment", hip_flexion_moment)
    s_ilio = _check("iliopsoas_strength", iliopsoas_strength)
    if flex is not None and al is not None:
        raise ValueError("abductor_lever replaces the abductors' moment arms in the frontal plane only; it cannot be "
                         "combined with hip_flexion_moment (each muscle needs its own arms in two planes)")
    try:
        shape = np.broadcast_shapes(*(np.shape(x) for x in (mass, s_med, s_max, lean, drop, angle, s_ilio)
                                      + tuple(x for x in (frac, wl, al, flex) if x is not None)))
    except ValueError as exc:
        raise ValueError(
            f"single_leg_stance: the array inputs have shapes that cannot be broadcast together ({exc})"
        ) from None
    b = lambda x: np.broadcast_to(x, shape)  # noqa: E731
    return _stance(
        b(mass * p.gravity), b(s_med), b(s_max), b(lean), b(drop),
        None if frac is None else b(frac), None if wl is None else b(wl), None if al is None else b(al),
        b(angle), p, exponent, None if flex is None else b(flex), b(s_ilio),
    )
