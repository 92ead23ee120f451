"""A running stance phase: ITB tension, strain and strain rate along one foot contact.

SYNTHETIC CURVES SHAPED TO PUBLISHED PEAKS, NEVER MEASURED DATA. Each input curve (vertical ground
force, hip adduction, contralateral pelvic drop, knee flexion, rearfoot eversion) is a smooth
raised-cosine shape that starts at a contact value, reaches a published peak at a fraction s_p of
stance (0.4, a teaching assumption) and returns to a toe-off value:

    v(s) = v0 + (vp - v0) (1 - cos(pi s / s_p)) / 2                    for s <= s_p
    v(s) = v1 + (vp - v1) (1 + cos(pi (s - s_p) / (1 - s_p))) / 2      for s >  s_p

(continuous with zero slope at the peak). Peaks and contact values, all in ``data/gait.csv``:
hip adduction 10.4 deg, knee flexion 17.8 deg at contact and 46.3 deg peak, peak hip abduction moment
1.8 N m/kg for comparison (Heiderscheit et al. 2011, Table 3, preferred step rate); rearfoot eversion
12.37 deg (Sinclair 2017); vertical force 2.5 body weights over 0.25 s (Hamner et al. 2010 example
data; Cavanagh & Lafortune 1980); pelvic drop 6 deg (teaching assumption). Real curves differ in
shape and timing (e.g. the impact peak of a rearfoot striker).

Hip abduction moment: a QUASI-STATIC FRONTAL-PLANE ESTIMATE. The single-leg-stance model
(``frontal.abductor_demand``) is reused with the body weight replaced by the vertical ground force:
the body above the stance hip is taken to be supported and accelerated in proportion to its mass, so
W'(t) = (1 - leg fraction) F_v(t) and M(t) = W'(t) d(t), with the lever d shrinking with pelvic drop
and trunk lean as in ``stance``. Inertia of the segments, the horizontal ground force and the
sagittal/transverse planes are ignored. Its peak (about 1.9 N m/kg for 75 kg at 2.5 BW) lands within
Heiderscheit's 1.8 (SD 0.4) N m/kg, which is checked by the tests, not tuned.

The moment is shared among the abductors at the instantaneous hip adduction (``frontal.abductor_forces``,
minimum sum of squared activations). ITB tension = TFL force + the upper gluteus maximus share
(``data/muscles.csv``) + the passive tension of the relaxed-unit stretch (``tissue.series_force``)
from hip adduction and, through the foot chain (``chain``), knee internal rotation. Hip adduction is
taken from its curve (it already contains whatever the foot contributes), so the chain's own hip
adduction is not added again. Band strain = T / (E A) (band tissue only; E, A from ``data/tissue.csv``);
strain rate = ``np.gradient`` of strain over time, for the tissue strain and for the path strain. The
knee compression (``knee``) uses the knee flexion curve, the chain's knee internal rotation and the ITB
tension, on the geometry of ``data/knee.csv``. Everything is computed in one vectorised pass per stance phase.

Levers (lesson 07): ``step_rate_change_percent`` takes the kinematic peaks from Heiderscheit et al.'s
measured means at -10 to +10 % of the preferred step rate (``step_rate_measures``), with the stance time
scaled with the step time (a teaching assumption); ``fatigued_knee_flexion_contact`` gives Miller et
al. 2007's knee flexion at heel strike after a run to exhaustion, to pass as ``knee_flexion_contact_deg``.
"""

from __future__ import annotations

from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._results import freeze
from ._validate import Limits, check_int, check_scalar_limit
from .chain import chain_rotations
from .knee import KneeGeometry, _knee
from .parameters import Parameters, default_parameters
from .stance import LIMITS as STANCE_LIMITS
from .frontal import abductor_demand, abductor_forces
from .gait_levers import LIMITS as LEVER_LIMITS
from .gait_result import RunningStanceResult
from .gait_levers import STEP_RATE_CONDITIONS, StepRateMeasures, fatigued_knee_flexion_contact, step_rate_measures
from .tissue import series_force

__all__ = ["RunningStanceResult", "running_stance", "LIMITS", "SYNTHETIC_NOTE", "StepRateMeasures",
           "step_rate_measures", "fatigued_knee_flexion_contact", "STEP_RATE_CONDITIONS"]

LIMITS: Limits = {
    "stance_time": (0.1, 0.6, "s"),
    # the same person and posture inputs as single_leg_stance, with the same ranges
    **{k: STANCE_LIMITS[k] for k in ("body_mass", "glute_med_strength", "glute_max_strength", "trunk_lean_deg")},
    "peak_hip_adduction_deg": (0.0, 25.0, "deg"),
    "knee_flexion_contact_deg": (0.0, 40.0, "deg"),
    "knee_flexion_toe_off_deg": (0.0, 40.0, "deg"),
    "peak_knee_flexion_deg": (20.0, 80.0, "deg"),
    "peak_rearfoot_eversion_deg": (0.0, 20.0, "deg"),
    "peak_vertical_grf_bw": (1.0, 5.0, "body weights"),
    "peak_pelvic_drop_deg": (0.0, 15.0, "deg"),
    **LEVER_LIMITS,
}

N_SAMPLES = (11, 10001)

SYNTHETIC_NOTE = (
    "Synthetic curves shaped to published peaks, never measured data: vertical ground force, hip "
    "adduction, pelvic drop, knee flexion and rearfoot eversion are smooth raised-cosine shapes through "
    "published peak values (Heiderscheit et al. 2011; Sinclair 2017; Hamner et al. 2010; Cavanagh & "
    "Lafortune 1980) with a common peak time. The hip abduction moment is a quasi-static frontal-plane "
    "estimate (ground force in place of body weight, no segment inertia)."
)


def _check(name: str, value: ArrayLike) -> float:
    return check_scalar_limit(LIMITS, name, value, "one stance phase per call")


def stance_curve(s: ArrayLike, contact: float, peak: float, toe_off: float, peak_time: float) -> NDArray[np.float64]:
    """Synthetic raised-cosine curve over stance fraction ``s`` (0-1): ``contact`` -> ``peak`` at
    ``peak_time`` -> ``toe_off``, with zero slope at the peak (module docstring). Units are those of the
    values. A teaching shape, never measured data. Internal helper, unchecked.
    """
    return _stance_curve(_stance_shapes(s, peak_time), contact, peak, toe_off)


_Shapes = tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]


def _stance_shapes(s: ArrayLike, peak_time: float) -> _Shapes:
    """The raised-cosine shapes every stance curve shares (computed once per stance phase)."""
    s = np.asarray(s, dtype=float)
    return (s <= peak_time, 1.0 - np.cos(np.pi * np.minimum(s / peak_time, 1.0)),
            1.0 + np.cos(np.pi * np.maximum(s - peak_time, 0.0) / (1.0 - peak_time)))


def _stance_curve(shapes: _Shapes, contact: float, peak: float, toe_off: float) -> NDArray[np.float64]:
    rising, up, down = shapes
    return np.where(rising, contact + (peak - contact) * 0.5 * up, toe_off + (peak - toe_off) * 0.5 * down)


def running_stance(
    n_samples: int = 101,
    stance_time: float | None = None,
    body_mass: float = 75.0,
    glute_med_strength: float = 1.0,
    *,
    glute_max_strength: float = 1.0,
    trunk_lean_deg: float = 0.0,
    peak_hip_adduction_deg: float | None = None,
    knee_flexion_contact_deg: float | None = None,
    knee_flexion_toe_off_deg: float | None = None,
    peak_knee_flexion_deg: float | None = None,
    peak_rearfoot_eversion_deg: float | None = None,
    peak_vertical_grf_bw: float | None = None,
    peak_pelvic_drop_deg: float | None = None,
    step_rate_change_percent: float = 0.0,
    params: Parameters | None = None,
) -> RunningStanceResult:
    """ITB tension, strain and strain rate over one running stance phase, built on synthetic curves.

    SYNTHETIC CURVES SHAPED TO PUBLISHED PEAKS, NEVER MEASURED DATA (the result says so in
    ``synthetic`` and ``note``). One call computes a whole stance phase, vectorised over samples.

    Parameters (single numbers; ``None`` takes the sourced default in ``data/gait.csv``):
    - ``n_samples``: samples over stance, 11-10001 (default 101, every 1 %).
    - ``stance_time``: s, 0.1-0.6 (default 0.25; Hamner et al. 2010 example data).
    - ``body_mass``: kg, 30-200.
    - ``glute_med_strength``, ``glute_max_strength``: fraction of normal, 0 < s <= 1.5.
    - ``trunk_lean_deg``: lateral trunk lean toward the stance side *in the room*, deg, -15 to 20
      (constant). 0 keeps the trunk upright while the pelvis drops: the lumbar spine takes up the
      drop (a teaching assumption; gait laboratories report trunk lean in the room, and a running
      trunk stays near vertical). With the trunk rigid on the pelvis instead, as
      ``single_leg_stance`` assumes for a standing Trendelenburg, the peak hip-abduction moment
      would be higher, above Heiderscheit et al.'s mean + 1 SD.
    - ``peak_hip_adduction_deg``: 0-25 (default 10.4; Heiderscheit et al. 2011).
    - ``knee_flexion_contact_deg``: 0-40 (default 17.8; Heiderscheit et al. 2011). It sets the landing
      only: the toe-off value has its own parameter.
    - ``knee_flexion_toe_off_deg``: 0-40 (default: ``knee_flexion_toe_off_fraction`` (1) x the step
      rate's knee flexion at contact, 17.8 at the preferred rate: a TEACHING ASSUMPTION, the knee leaves
      the ground as bent as it landed; no measured toe-off value is in data/).
    - ``peak_knee_flexion_deg``: 20-80 and not below the contact value (default 46.3; Heiderscheit).
    - ``peak_rearfoot_eversion_deg``: 0-20 (default 12.37; Sinclair 2017).
    - ``peak_vertical_grf_bw``: body weights, 1-5 (default 2.5; Hamner et al. 2010 data).
    - ``peak_pelvic_drop_deg``: 0-15 (default 6; teaching assumption).
    - ``step_rate_change_percent``: -10 to +10 % of the preferred step rate (default 0). It sets the
      defaults of the peak hip adduction, the knee flexion at contact and its peak to Heiderscheit et
      al.'s measured means at that step rate, and the stance time to 0.25 s / (1 + change) (a teaching
      assumption: see :func:`step_rate_measures`); a value passed explicitly for any of these wins.

    Equations (module docstring): curves v(s) by raised cosines; M = (1 - leg fraction) F_v d
    (quasi-static frontal-plane estimate, ``frontal.abductor_demand``); forces by minimum sum of squared
    activations (``frontal.abductor_forces``); T = F_TFL + f_GMax F_GMax1 + F_passive(dL);
    strain = T / (E A); strain rate = d(strain)/dt by ``np.gradient``; knee compression
    from the band's line over the epicondyle (``knee.knee_compression``).

    Returns a :class:`RunningStanceResult`. Raises ``ValueError`` naming the parameter when an input is
    not a single number in its range.
    """
    p = params or default_parameters()
    g = p.value
    n = check_int("n_samples", n_samples, *N_SAMPLES)
    rate = step_rate_measures(step_rate_change_percent, p)
    t_stance = _check("stance_time", rate.stance_time if stance_time is None else stance_time)
    mass = _check("body_mass", body_mass)
    s_med = _check("glute_med_strength", glute_med_strength)
    s_max = _check("glute_max_strength", glute_max_strength)
    lean = np.radians(_check("trunk_lean_deg", trunk_lean_deg))

    def deg_or_default(name: str, value: float | None, key: str) -> float:
        return g(key) if value is None else float(np.radians(_check(name, value)))

    def deg_or(name: str, value: float | None, default_deg: float) -> float:
        return float(np.radians(_check(name, default_deg if value is None else value)))

    add_pk = deg_or("peak_hip_adduction_deg", peak_hip_adduction_deg, rate.peak_hip_adduction_deg)
    knee_0 = deg_or("knee_flexion_contact_deg", knee_flexion_contact_deg, rate.knee_flexion_contact_deg)
    knee_pk = deg_or("peak_knee_flexion_deg", peak_knee_flexion_deg, rate.peak_knee_flexion_deg)
    knee_1 = deg_or("knee_flexion_toe_off_deg", knee_flexion_toe_off_deg,
                    g("gait.knee_flexion_toe_off_fraction") * rate.knee_flexion_contact_deg)
    ev_pk = deg_or_default("peak_rearfoot_eversion_deg", peak_rearfoot_eversion_deg, "gait.peak_rearfoot_eversion")
    drop_pk = deg_or_default("peak_pelvic_drop_deg", peak_pelvic_drop_deg, "gait.peak_pelvic_drop")
    grf_pk = (g("gait.peak_vertical_grf") if peak_vertical_grf_bw is None
              else _check("peak_vertical_grf_bw", peak_vertical_grf_bw))
    if knee_pk < knee_0:
        raise ValueError(
            f"peak_knee_flexion_deg={np.degrees(knee_pk):g} deg is below knee_flexion_contact_deg="
            f"{np.degrees(knee_0):g} deg; the knee flexes during the loading response"
        )
    if knee_pk < knee_1:
        raise ValueError(
            f"peak_knee_flexion_deg={np.degrees(knee_pk):g} deg is below knee_flexion_toe_off_deg="
            f"{np.degrees(knee_1):g} deg; the knee straightens again before toe-off"
        )

    # synthetic curves (shaped to published peaks, never measured data)
    s = np.linspace(0.0, 1.0, n)
    time = s * t_stance
    sp = g("gait.peak_time_fraction")
    bw = mass * p.gravity
    shapes = _stance_shapes(s, sp)
    grf = _stance_curve(shapes, 0.0, grf_pk * bw, 0.0)
    hip_add = _stance_curve(shapes, g("gait.hip_adduction_contact_fraction") * add_pk, add_pk,
                            g("gait.hip_adduction_toe_off_fraction") * add_pk)
    drop = _stance_curve(shapes, 0.0, drop_pk, 0.0)
    knee = _stance_curve(shapes, knee_0, knee_pk, knee_1)
    ever = _stance_curve(shapes, 0.0, ev_pk, 0.0)

    # quasi-static frontal-plane estimate: the ground force takes the place of body weight
    # the lean is given in the room; stance's lean is relative to the pelvis (see stance.py), so a
    # trunk upright in the room while the pelvis drops is a lean of `drop` relative to the pelvis
    w_sup, lever, moment = abductor_demand(grf, lean + drop, drop, params=p)
    demand = np.maximum(moment, 0.0)
    forces, _act, _arms, feasible, deficit, _cap = abductor_forces(demand, hip_add, s_med, s_max, params=p)
    itb_frac = np.array([mu.itb_fraction for mu in p.muscles])
    active = forces @ itb_frac
    total = forces.sum(axis=-1)
    angle = p.abductor_line_of_action
    contact = np.hypot(total * np.sin(angle), total * np.cos(angle) + w_sup)

    # the foot chain (rotation only: hip adduction is already in its own curve)
    tib_rot, _hip_rot, knee_rot, dl_rot = chain_rotations(ever, p.value("chain.eversion_to_tibial_rotation"),
                                                          p.value("chain.tibial_to_hip_rotation"), p)
    dl = p.muscle("tensor_fasciae_latae").length_change(hip_add) + dl_rot
    passive = series_force(np.maximum(dl, 0.0), p=p)
    tension = active + passive
    # two different "strains": the band tissue's own (it carries the tension) and the whole path's
    # (what the joint angles do to the muscle + band length; OpenSim studies report this one)
    strain = tension * p.itb_compliance / p.itb_length
    peak_strain = tension / (p.itb_youngs_modulus * p.itb_cross_section)
    path = dl / p.tfl_path_length
    strain_rate, path_rate = np.gradient(np.stack([strain, path]), time, axis=-1)  # one call: same arithmetic

    # the knee: its flexion curve, and the chain's knee internal rotation turning the tibia under it
    kn = _knee(knee, knee_rot, tension, KneeGeometry.from_parameters(p))
    # the chain and knee inputs are length-n arrays, so their results are arrays, not floats
    return RunningStanceResult(
        synthetic=True,
        note=SYNTHETIC_NOTE,
        step_rate_change_percent=rate.change_percent,
        steps_per_minute=rate.steps_per_minute,
        body_mass=mass,
        body_weight=float(bw),
        time=freeze(time),
        stance_fraction=freeze(s),
        vertical_grf=freeze(grf),
        hip_adduction=freeze(hip_add),
        pelvic_drop=freeze(drop),
        knee_flexion=freeze(knee),
        rearfoot_eversion=freeze(ever),
        tibial_rotation=freeze(tib_rot),
        knee_internal_rotation=freeze(knee_rot),
        hip_abduction_moment=freeze(moment),
        muscle_names=p.muscle_names,
        muscle_forces=freeze(forces),
        feasible=freeze(feasible),
        moment_deficit=freeze(deficit),
        hip_contact_force=freeze(contact),
        itb_active_tension=freeze(active),
        itb_passive_tension=freeze(passive),
        itb_tension=freeze(tension),
        itb_length_change=freeze(dl),
        tissue_strain=freeze(strain),
        tissue_peak_strain=freeze(peak_strain),
        path_strain=freeze(path),
        strain_rate=freeze(strain_rate),
        path_strain_rate=freeze(path_rate),
        band_position=cast("NDArray[np.float64]", kn.band_position),
        wrap_angle=cast("NDArray[np.float64]", kn.wrap_angle),
        compression_force=cast("NDArray[np.float64]", kn.compression_force),
        in_contact=cast("NDArray[np.bool_]", kn.in_contact),
    )
