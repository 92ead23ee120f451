"""Compare itband_edu with a research-grade model: OpenSim 4.6 and Rajagopal et al. 2016 (lesson 10).

DEVELOPMENT ONLY, never run by CI or the lessons. It needs OpenSim, which the course does not install,
and the Rajagopal 2016 model file, which has no licence for redistribution and must never be copied
into this repository. Set up a separate environment and extract the file to a temporary folder:

    python3 -m venv /tmp/osim && /tmp/osim/bin/pip install opensim numpy scipy && /tmp/osim/bin/pip install -e .
    git -C <opensim-models clone> show 20a888b:Models/Rajagopal/Rajagopal2016.osim > /tmp/Rajagopal2016.osim
    /tmp/osim/bin/python tools/opensim_compare.py /tmp/Rajagopal2016.osim

What it computes, right leg in one-leg stance (hip flexion and rotation 0, the poses itband_edu uses):
- hip-abduction moment arms (OpenSim's ``Muscle.computeMomentArm`` about ``hip_adduction_r``, sign
  flipped so that abduction is positive) of the eight abductor parts itband_edu has, at hip adduction
  -10, -5, 0, +5 and +10 deg; hip-flexion arms (about ``hip_flexion_r``) of the same eight and of the
  four hip flexors at -10, 0 and +10 deg; the flexors' abduction arms there too; the TFL's length;
- the one-leg-stance abduction demand in the OpenSim model: the moment of gravity on every body that is
  not the right leg (pelvis, torso, arms, left leg) about the right hip's adduction axis, from the
  model's own masses and centres of mass, scaled to the course's 75 kg subject (all masses x 75 / the
  model's 75.337 kg, geometry unchanged). A pelvic drop phi is ``pelvis_list = -phi`` with the lumbar
  joint fixed (the trunk turns with the pelvis, itband_edu's uncompensated drop), the right hip adducted
  by phi and the left hip abducted by phi, so that both femurs stay vertical (checked);
- itband_edu's own demand shared among OpenSim's abductors (maximum isometric forces from the model
  file) by minimising the sum of squared activations with scipy's SLSQP, an iterative solver
  independent of itband_edu's closed form; at gluteus medius strength 1.0, 0.5 and 0.25, level and
  with a pelvic drop; and with a hip-flexion demand (lesson 04's walking preset) shared among the
  abductors and the four flexors in two planes. A second variant gives each muscle the force OpenSim's
  static optimisation would use: ``calcInextensibleTendonActiveFiberForce(state, 1)`` (active
  force-length curve and pennation, rigid tendon, no velocity; passive fibre force left out);
- timing, in one run, of 101 poses: itband_edu's whole running stance phase (``running_stance``, one
  vectorised call) against OpenSim setting each of its 101 postures (hip adduction, pelvic drop, knee
  flexion), computing the eight abduction moment arms and the TFL length, and sharing the same demand
  by SLSQP, pose by pose; with the agreement of what both computed (the TFL's share) beside it.

Writes the OpenSim numbers (and, marked ``itband_edu`` in ``method``, the inputs taken from our model) to
``data/opensim_comparison.csv`` with their provenance, prints the comparison table and the timing.
Self-checks (femurs vertical, SLSQP and itband_edu's closed form agree on identical inputs, moment
balance) stop the script with an AssertionError rather than write doubtful numbers.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "opensim_comparison.csv"
BODY_MASS = 75.0  # kg, the course's default subject (single_leg_stance(body_mass=75))

#: The model file this script was written against: sha256 -> (path in opensim-org/opensim-models, commit).
KNOWN_MODELS = {
    "3f5c5f23e486073f2ad2aa4a4967ffe2fcdd582b1e355512bc54f70c36376bf4":
        ("Models/Rajagopal/Rajagopal2016.osim", "20a888b9655e73fb84963d6e03eee3752cf6074b"),
}

#: itband_edu muscle name -> Rajagopal 2016 muscle name (right leg).
OSIM_NAME = {
    "gluteus_medius_1": "glmed1_r", "gluteus_medius_2": "glmed2_r", "gluteus_medius_3": "glmed3_r",
    "gluteus_minimus_1": "glmin1_r", "gluteus_minimus_2": "glmin2_r", "gluteus_minimus_3": "glmin3_r",
    "tensor_fasciae_latae": "tfl_r", "gluteus_maximus_1": "glmax1_r",
    "iliacus": "iliacus_r", "psoas": "psoas_r", "rectus_femoris": "recfem_r", "sartorius": "sart_r",
}
ABDUCTOR_ANGLES = (-10, -5, 0, 5, 10)  # deg of hip adduction (negative: abduction)
FLEXION_ANGLES = (-10, 0, 10)
STRENGTHS = (1.0, 0.5, 0.25)  # gluteus medius strength, x normal
DROPS = (5, 10)  # deg of contralateral pelvic drop
TFL = "tensor_fasciae_latae"
CALLS = 30  # single itband_edu calls timed per pass


def angle_tag(deg: float) -> str:
    """Row-name fragment for a hip adduction angle, in muscles.csv's words at +-10 deg."""
    if deg == 0:
        return "neutral"
    return f"{'adduction' if deg > 0 else 'abduction'}_{abs(deg):g}deg"


# --------------------------------------------------------------------------------------------- OpenSim side
@dataclass
class Osim:
    """The loaded model, its working state and what the script needs from it."""

    osim: Any
    model: Any
    state: Any
    coords: Any
    muscles: dict[str, Any]  # itband_edu name -> OpenSim muscle
    upper_bodies: list[Any]  # every body that is not the right leg
    total_mass: float
    version: str

    def set_pose(self, hip_adduction_deg: float = 0.0, pelvic_drop_deg: float = 0.0,
                 knee_flexion_deg: float = 0.0) -> None:
        """Posture of itband_edu's stance: contralateral pelvic drop (``pelvis_list`` = -drop), right hip
        adduction, right knee flexion (the patella's coupled coordinate set equal, as the model's coupler
        constraint does, so no assembly is needed); every other coordinate at its default (0)."""
        c, s = self.coords, self.state
        rad = math.radians
        c.get("pelvis_list").setValue(s, rad(-pelvic_drop_deg), False)
        c.get("hip_adduction_r").setValue(s, rad(hip_adduction_deg), False)
        c.get("hip_adduction_l").setValue(s, rad(-pelvic_drop_deg), False)  # left femur vertical
        c.get("knee_angle_r").setValue(s, rad(knee_flexion_deg), False)
        c.get("knee_angle_r_beta").setValue(s, rad(knee_flexion_deg), False)
        self.model.realizePosition(s)

    def femur_angle_deg(self, side: str) -> float:
        """Frontal-plane angle of a femur's long axis from the vertical in the room (deg)."""
        v = self.model.getBodySet().get(f"femur_{side}").expressVectorInGround(self.state, self.osim.Vec3(0, 1, 0))
        return math.degrees(math.atan2(v.get(2), v.get(1)))

    def abduction_arm(self, name: str) -> float:
        """Hip-abduction moment arm (m) at the current pose; OpenSim's adduction arm with its sign flipped."""
        return -float(self.muscles[name].computeMomentArm(self.state, self.coords.get("hip_adduction_r")))

    def flexion_arm(self, name: str) -> float:
        return float(self.muscles[name].computeMomentArm(self.state, self.coords.get("hip_flexion_r")))

    def max_force(self, name: str) -> float:
        return float(self.muscles[name].getMaxIsometricForce())

    def active_force(self, name: str) -> float:
        """Force along the tendon at full activation, rigid tendon, zero velocity (static optimisation's)."""
        self.model.realizeVelocity(self.state)
        return float(self.muscles[name].calcInextensibleTendonActiveFiberForce(self.state, 1.0))

    def tfl_length(self) -> float:
        return float(self.muscles[TFL].getLength(self.state))

    def abduction_demand(self) -> tuple[float, float, float]:
        """Moment (N m) the right hip's abductors must supply to hold every body but the right leg still,
        for the course's 75 kg subject; with the supported mass (kg) and its lever (m) about the hip."""
        s, osim = self.state, self.osim
        joint = self.model.getJointSet().get("hip_r")
        hip = joint.getChildFrame().getPositionInGround(s)
        axis = joint.getParentFrame().expressVectorInGround(s, osim.Vec3(1, 0, 0))  # hip_adduction_r's axis
        g = self.model.getGravity()
        hip_v, ax, gv = (np.array([v.get(k) for k in range(3)]) for v in (hip, axis, g))
        scale = BODY_MASS / self.total_mass
        torque = 0.0
        mass = 0.0
        for b in self.upper_bodies:
            com = b.findStationLocationInGround(s, b.getMassCenter())
            r = np.array([com.get(k) for k in range(3)]) - hip_v
            m = b.getMass() * scale
            torque += float(np.cross(r, m * gv) @ ax)
            mass += m
        moment = -torque  # gravity adducts the hip (drops the far side); the abductors hold it
        return moment, mass, moment / (mass * float(np.linalg.norm(gv)))


def load_osim(model_path: Path) -> Osim:
    try:
        import opensim as osim
    except ImportError:
        raise SystemExit("opensim is not installed in this Python: run the script with the OpenSim venv "
                         "(see the module docstring)") from None
    osim.Logger.setLevelString("error")
    model = osim.Model(str(model_path))
    state = model.initSystem()
    ms = model.getMuscles()
    muscles = {ours: ms.get(theirs) for ours, theirs in OSIM_NAME.items()}
    # the right leg: femur_r and every body below it in the tree
    parent: dict[str, str] = {}
    joints = model.getJointSet()
    for i in range(joints.getSize()):
        j = joints.get(i)
        parent[j.getChildFrame().findBaseFrame().getName()] = j.getParentFrame().findBaseFrame().getName()

    def in_right_leg(name: str) -> bool:
        while name in parent:
            if name == "femur_r":
                return True
            name = parent[name]
        return False

    bodies = model.getBodySet()
    upper = [bodies.get(i) for i in range(bodies.getSize()) if not in_right_leg(bodies.get(i).getName())]
    assert {b.getName() for b in upper} >= {"pelvis", "torso", "femur_l"} and not any(
        b.getName() in ("femur_r", "tibia_r", "calcn_r") for b in upper), "right-leg bodies misidentified"
    version = f"{osim.__version__} (PyPI wheel, build {osim.GetVersion()})"
    return Osim(osim, model, state, model.getCoordinateSet(), muscles, upper, float(model.getTotalMass(state)),
                version)


# ----------------------------------------------------------------------------------------------- sharing
def share_slsqp(moments: np.ndarray, f0: np.ndarray, arms: np.ndarray) -> tuple[np.ndarray, bool]:
    """Activations minimising sum(a^2) with arms @ (a * f0) = moments, 0 <= a <= 1, by scipy SLSQP.

    ``moments`` (k,) N m, ``f0`` (n,) N, ``arms`` (k, n) m. Returns ``(activations, converged)``;
    ``converged`` is False when SLSQP finds no point meeting the demand (e.g. beyond the capacity).
    """
    from scipy.optimize import minimize

    c = arms * f0
    start = np.full(f0.size, min(1.0, max(0.0, float(moments[0]) / max(float(c[0].sum()), 1e-12))))  # equal a
    res = minimize(lambda a: a @ a, start, jac=lambda a: 2.0 * a, method="SLSQP",
                   bounds=[(0.0, 1.0)] * f0.size,
                   constraints=[{"type": "eq", "fun": lambda a: c @ a - moments, "jac": lambda a: c}],
                   options={"ftol": 1e-12, "maxiter": 500})
    a = np.clip(res.x, 0.0, 1.0)
    ok = bool(res.success) and bool(np.all(np.abs(c @ a - moments) <= 1e-6 * (1.0 + np.abs(moments))))
    return a, ok


def check_solver_agrees(moments: np.ndarray, f0: np.ndarray, arms: np.ndarray, a: np.ndarray) -> None:
    """SLSQP and itband_edu's closed form (one plane) or Newton dual (two planes) on IDENTICAL inputs
    must agree: then any difference in the comparison comes from the inputs, not the solvers."""
    from itband_edu.sharing import share_moment, share_two_moments

    if moments.size == 1:
        ours, _, _ = share_moment(float(moments[0]), f0, arms[0])
    else:
        ours, _, _ = share_two_moments(moments, f0, arms)
    err = float(np.max(np.abs(np.asarray(ours) - a)))
    assert err < 1e-5, f"SLSQP and itband_edu's solver disagree by {err:.2e} in activation on the same inputs"


# -------------------------------------------------------------------------------------------- the report
@dataclass
class Row:
    name: str
    value: float
    unit: str
    method: str
    note: str = ""
    ours: float | None = None  # itband_edu's number, printed beside (not written)


def fmt(v: float) -> str:
    return f"{v:.6g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.3e}"


def collect(o: Osim) -> list[Row]:
    from itband_edu import single_leg_stance
    from itband_edu.parameters import default_parameters

    p = default_parameters()
    abd = [mu.name for mu in p.muscles]
    flexors = [mu.name for mu in p.flexors]
    assert set(abd + flexors) == set(OSIM_NAME), "itband_edu's muscles are not the ones this script maps"
    rows: list[Row] = []
    add_ = rows.append
    arm_m = "Muscle.computeMomentArm about hip_adduction_r, sign flipped (abduction positive); hip flexion, " \
            "rotation and every other coordinate 0"
    flex_m = "Muscle.computeMomentArm about hip_flexion_r (flexion positive) at that hip adduction; other coordinates 0"

    # maximum isometric forces (muscles.csv took them from the same file: a transcription check)
    for name in abd + flexors:
        add_(Row(f"{name}.max_isometric_force", o.max_force(name), "N", "max_isometric_force of "
                 f"{OSIM_NAME[name]} in the model file", ours=p.muscle(name).max_isometric_force))
    # moment arms over hip adduction
    arms_at: dict[int, np.ndarray] = {}
    flex_at: dict[int, np.ndarray] = {}
    for deg in sorted(set(ABDUCTOR_ANGLES) | set(FLEXION_ANGLES)):
        o.set_pose(hip_adduction_deg=deg)
        arms_at[deg] = np.array([o.abduction_arm(n) for n in abd + flexors])
        flex_at[deg] = np.array([o.flexion_arm(n) for n in abd + flexors])
        for i, name in enumerate(abd + flexors):
            ours_abd = float(p.muscle(name).moment_arm(math.radians(deg)))
            if name in abd and deg in ABDUCTOR_ANGLES or name in flexors and deg in FLEXION_ANGLES:
                add_(Row(f"{name}.moment_arm_{angle_tag(deg)}", arms_at[deg][i] * 100, "cm", arm_m,
                         "hip-abduction moment arm at hip adduction " f"{deg:+d} deg", ours=ours_abd * 100))
            if deg in FLEXION_ANGLES:
                add_(Row(f"{name}.flexion_moment_arm_{angle_tag(deg)}", flex_at[deg][i] * 100, "cm", flex_m,
                         f"hip-flexion moment arm at hip adduction {deg:+d} deg",
                         ours=p.muscle(name).flexion_moment_arm * 100))
    # the TFL's length change (itband_edu integrates its moment arm; knee flexion is not in that path)
    o.set_pose()
    l0 = o.tfl_length()
    for deg in (-10, 10):
        o.set_pose(hip_adduction_deg=deg)
        add_(Row(f"{TFL}.length_change_{angle_tag(deg)}", (o.tfl_length() - l0) * 1000, "mm",
                 "Muscle.getLength of tfl_r minus its length at the neutral pose",
                 f"musculotendon length change from hip adduction 0 to {deg:+d} deg, knee straight",
                 ours=float(p.muscle(TFL).length_change(math.radians(deg))) * 1000))
    o.set_pose(knee_flexion_deg=46.3)
    add_(Row(f"{TFL}.length_change_knee_flexion_46deg", (o.tfl_length() - l0) * 1000, "mm",
             "Muscle.getLength of tfl_r minus its length at the neutral pose",
             "knee flexed 46.3 deg (Heiderscheit 2011's peak in running stance), hip neutral: itband_edu's TFL "
             "length change does not depend on knee flexion", ours=0.0))

    # one-leg-stance demand
    demand_m = (f"moment of gravity on every body but the right leg about hip_adduction_r's axis through the "
                f"right hip centre, masses x {BODY_MASS:g}/{o.total_mass:.3f} (the 75 kg subject, the model's "
                "geometry); pelvis_list = -drop with the lumbar joint at 0 (trunk turns with the pelvis), both "
                "femurs vertical, arms hanging at the model's default posture")
    ours_demand = {}
    for drop in (0, *DROPS):
        o.set_pose(hip_adduction_deg=drop, pelvic_drop_deg=drop)
        assert abs(o.femur_angle_deg("r")) < 1e-6 and abs(o.femur_angle_deg("l")) < 1e-6, "femurs not vertical"
        moment, mass, lever = o.abduction_demand()
        r = single_leg_stance(BODY_MASS, pelvic_drop_deg=drop)
        ours_demand[drop] = float(r.required_moment)
        tag = "level" if drop == 0 else f"drop_{drop}deg"
        add_(Row(f"demand.{tag}.abduction_moment", moment, "N m", demand_m,
                 f"one-leg stance, pelvic drop {drop} deg", ours=float(r.required_moment)))
        if drop == 0:
            add_(Row("demand.level.supported_mass", mass, "kg", demand_m, "mass above the stance hip (all but the "
                     "right leg)", ours=float(r.supported_weight) / p.gravity))
        add_(Row(f"demand.{tag}.lever", lever * 100, "cm", demand_m, "lever of the supported weight about the "
                 "right hip (moment / supported weight)", ours=float(r.weight_lever) * 100))

    # what static optimisation would let each abductor give at full activation (the physiology variant)
    for deg in (0, *DROPS):
        o.set_pose(hip_adduction_deg=deg, pelvic_drop_deg=deg)
        for name in abd:
            add_(Row(f"{name}.active_force_fraction_{angle_tag(deg)}", o.active_force(name) / o.max_force(name), "1",
                     "Muscle.calcInextensibleTendonActiveFiberForce(state, 1.0) / max_isometric_force (active "
                     "force-length curve and pennation, rigid tendon, no velocity)",
                     f"hip adduction {deg:+d} deg; itband_edu's ideal force generators always give 1", ours=1.0))

    # sharing of OUR demand among OpenSim's abductors
    n_abd = len(abd)
    med = np.array([n.startswith("gluteus_medius") for n in abd + flexors])
    f0_all = np.array([o.max_force(n) for n in abd + flexors])
    solver_m = "share_slsqp (min sum a^2, scipy SLSQP)"

    def share_case(tag: str, drop: int, strength: float, flex_moment: float | None, physiology: bool) -> None:
        o.set_pose(hip_adduction_deg=drop, pelvic_drop_deg=drop)
        names = abd if flex_moment is None else abd + flexors
        k = len(names)
        f0 = f0_all[:k] * np.where(med[:k], strength, 1.0)
        if physiology:
            f0 = f0 * np.array([o.active_force(n) / o.max_force(n) for n in names])
        arms = np.array([[o.abduction_arm(n) for n in names]])
        moments = np.array([ours_demand[drop]])
        if flex_moment is not None:
            arms = np.vstack([arms, [o.flexion_arm(n) for n in names]])
            moments = np.array([ours_demand[drop], flex_moment])
        a, ok = share_slsqp(moments, f0, arms)
        assert ok, f"SLSQP did not meet the demand in case {tag}"
        check_solver_agrees(moments, f0, arms, a)
        forces = a * f0
        total = float(forces[:n_abd].sum())
        r = single_leg_stance(BODY_MASS, strength, pelvic_drop_deg=drop, hip_flexion_moment=flex_moment)
        ours_tfl = float(r.forces[TFL])
        what = (f"gluteus medius strength {strength:g}, pelvic drop {drop} deg"
                + ("" if flex_moment is None else f", hip-flexion demand {flex_moment:.1f} N m (two planes, "
                   "8 abductors + 4 flexors)"))
        method = (f"{solver_m} of itband_edu's demand among OpenSim's "
                  + ("abductors" if flex_moment is None else "abductors and hip flexors")
                  + " with their max isometric forces (gluteus medius x strength)"
                  + (" x calcInextensibleTendonActiveFiberForce(a = 1)/F0 (force-length, pennation)" if physiology
                     else " (ideal force generators, as in itband_edu)")
                  + " and moment arms at the pose")
        i_tfl = names.index(TFL)
        add_(Row(f"sharing.{tag}.tfl_force", forces[i_tfl], "N", method, what, ours=ours_tfl))
        add_(Row(f"sharing.{tag}.tfl_share", forces[i_tfl] / total, "1", method,
                 what + "; TFL force / force of the 8 abductor parts", ours=ours_tfl / float(r.total_abductor_force)))
        add_(Row(f"sharing.{tag}.abductor_force", total, "N", method, what + "; sum over the 8 abductor parts",
                 ours=float(r.total_abductor_force)))
        add_(Row(f"sharing.{tag}.gluteus_medius_force", float(forces[:3].sum()), "N", method, what,
                 ours=float(r.force_of("gluteus_medius"))))

    for physiology in (False, True):
        for drop in (0, *DROPS):
            for s in STRENGTHS if drop in (0, 10) else (1.0,):
                pre = "physiology." if physiology else ""
                share_case(f"{pre}{'level' if drop == 0 else f'drop_{drop}deg'}.strength_{s:g}", drop, s, None,
                           physiology)
    flex_moment = p.value("sagittal.walking_late_stance_flexion_moment") * BODY_MASS
    for drop, s in ((0, 1.0), (0, 0.5), (0, 0.25), (10, 1.0)):
        share_case(f"{'level' if drop == 0 else f'drop_{drop}deg'}.walking_flexion.strength_{s:g}", drop, s,
                   flex_moment, False)
    # the inputs taken from itband_edu (so a reader can tell whether the comparison is stale)
    for drop, m in ours_demand.items():
        add_(Row(f"input.{'level' if drop == 0 else f'drop_{drop}deg'}.abduction_moment", m, "N m",
                 f"itband_edu.single_leg_stance(body_mass={BODY_MASS:g}, pelvic_drop_deg={drop}).required_moment "
                 "at the time of the run", "itband_edu's demand that the sharing rows divide among OpenSim's muscles",
                 ours=m))
    add_(Row("input.walking_flexion.flexion_moment", flex_moment, "N m",
             "data/sagittal.csv walking_late_stance_flexion_moment x 75 kg",
             "the hip-flexion demand of the walking_flexion rows (lesson 04's walking preset)", ours=flex_moment))
    return rows


# ---------------------------------------------------------------------------------------------- timing
def timing(o: Osim, repeats: int) -> dict[str, float]:
    """101 poses in one run: itband_edu's running stance (one call) vs OpenSim pose by pose.

    ``repeats`` passes, interleaved (an OpenSim pass over the 101 poses, then ``CALLS`` single calls of
    each itband_edu function), so that the machine's load drifts on both alike. Two estimates: the median
    over passes of (OpenSim pass) / (mean itband_edu call), and the ratio of minima, each pose's
    fastest OpenSim time summed against the fastest itband_edu call (timeit's advice for the cost
    without interference; both taken at the same, millisecond granularity).
    """
    from itband_edu import running_stance
    from itband_edu.frontal import abductor_forces
    from itband_edu.parameters import default_parameters

    p = default_parameters()
    abd = [mu.name for mu in p.muscles]
    run = running_stance(n_samples=101)
    add, drop, knee = run.hip_adduction_deg, run.pelvic_drop_deg, run.knee_flexion_deg
    demand = run.hip_abduction_moment
    f0 = np.array([o.max_force(n) for n in abd])
    i_tfl = abd.index(TFL)
    tfl_muscle = p.muscle(TFL)

    def osim_pass() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per pose: (kinematics s, sharing s), the TFL's share and its force."""
        t = np.empty((101, 2))
        share, force = np.zeros(101), np.empty(101)
        for i in range(101):
            t0 = time.perf_counter()
            o.set_pose(float(add[i]), float(drop[i]), float(knee[i]))
            arms = np.array([[o.abduction_arm(n) for n in abd]])
            o.tfl_length()
            t1 = time.perf_counter()
            a, ok = share_slsqp(np.array([demand[i]]), f0, arms)
            t[i] = t1 - t0, time.perf_counter() - t1
            assert ok, f"SLSQP did not meet the demand at pose {i}"
            forces = a * f0
            force[i] = forces[i_tfl]
            if demand[i] > 0:  # no demand (the instant of contact): no force, no share
                share[i] = forces[i_tfl] / forces.sum()
        return t, share, force

    def whole_stance() -> None:
        running_stance(n_samples=101)

    def same_work() -> None:  # what the OpenSim pass does, in itband_edu: 101 poses' arms, TFL length, sharing
        abductor_forces(demand, run.hip_adduction, params=p)
        tfl_muscle.length_change(run.hip_adduction)

    def calls(fn: Any) -> np.ndarray:
        out = np.empty(CALLS)
        for j in range(CALLS):
            t0 = time.perf_counter()
            fn()
            out[j] = time.perf_counter() - t0
        return out

    osim_pass()  # warm up
    calls(whole_stance)
    calls(same_work)
    o_t, ours_t, same_t = [], [], []
    for _ in range(repeats):
        t, share, force = osim_pass()
        o_t.append(t)
        ours_t.append(calls(whole_stance))
        same_t.append(calls(same_work))
    o_all = np.array(o_t)  # (repeats, 101, 2)
    totals = o_all.sum(axis=(1, 2))
    mid = int(np.argsort(totals)[len(totals) // 2])
    o_min = float(o_all.sum(axis=2).min(axis=0).sum())
    ours_mean = [float(x.mean()) for x in ours_t]
    same_mean = [float(x.mean()) for x in same_t]
    ours_share = run.muscle_forces[:, i_tfl] / np.where(demand > 0, run.muscle_forces.sum(axis=-1), 1.0)
    peak = int(np.argmax(demand))
    return {
        "itband_edu_s": statistics.median(ours_mean), "itband_edu_min_s": float(np.min(ours_t)),
        "opensim_s": float(np.median(totals)), "opensim_min_s": o_min,
        "opensim_kinematics_s": float(o_all[mid, :, 0].sum()), "opensim_sharing_s": float(o_all[mid, :, 1].sum()),
        "ratio": statistics.median(float(t) / u for t, u in zip(totals, ours_mean, strict=True)),
        "ratio_of_minima": o_min / float(np.min(ours_t)),
        "same_work_s": statistics.median(same_mean), "same_work_min_s": float(np.min(same_t)),
        "same_work_ratio": statistics.median(float(t) / u for t, u in zip(totals, same_mean, strict=True)),
        "same_work_ratio_of_minima": o_min / float(np.min(same_t)),
        "tfl_share_max_abs_diff": float(np.max(np.abs(share - ours_share))),
        "tfl_share_ours_at_peak": float(ours_share[peak]), "tfl_share_osim_at_peak": float(share[peak]),
        "tfl_force_max_abs_diff": float(np.max(np.abs(force - run.muscle_forces[:, i_tfl]))),
        "peak_demand": float(demand[peak]), "zero_demand_samples": int(np.sum(demand <= 0)),
    }


def timing_rows(t: dict[str, float], repeats: int) -> list[Row]:
    """The timing as rows of the CSV (lesson 10 shows them; they are one machine's measurement, not a test)."""
    import platform

    load = Path("/proc/loadavg")
    where = (f"{platform.processor() or platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
             f"load average {load.read_text().split()[0] if load.is_file() else 'unknown'} at the end of the run; "
             f"{repeats} interleaved passes in one run")
    method = ("tools/opensim_compare.py timing(): the same 101 poses of itband_edu's running stance; OpenSim sets each "
              "posture (hip adduction, pelvic drop, knee flexion), computes the 8 abduction moment arms and the TFL "
              "length, then shares the demand by SLSQP (min sum a^2), pose by pose")
    spec = [
        ("timing.opensim_101_poses", t["opensim_s"] * 1e3, "ms", "median over the passes of OpenSim's 101 poses"),
        ("timing.opensim_101_poses_fastest", t["opensim_min_s"] * 1e3, "ms", "each pose's fastest time, summed"),
        ("timing.opensim_kinematics", t["opensim_kinematics_s"] * 1e3, "ms",
         "of the median pass: posture, arms, length"),
        ("timing.opensim_sharing", t["opensim_sharing_s"] * 1e3, "ms", "of the median pass: SLSQP sharing"),
        ("timing.itband_edu_running_stance", t["itband_edu_s"] * 1e3, "ms",
         "itband_edu running_stance(n_samples=101), one call: median over the passes of the mean of "
         f"{CALLS} calls (the whole stance phase: curves, demand, sharing, band, knee)"),
        ("timing.itband_edu_running_stance_fastest", t["itband_edu_min_s"] * 1e3, "ms", "its fastest call"),
        ("timing.itband_edu_same_work", t["same_work_s"] * 1e3, "ms",
         "like for like: frontal.abductor_forces + the TFL's length change for the same 101 poses, one call"),
        ("timing.ratio", t["ratio"], "1", "OpenSim / running_stance, median over the passes (target >= 300)"),
        ("timing.ratio_of_minima", t["ratio_of_minima"], "1", "fastest against fastest"),
        ("timing.same_work_ratio", t["same_work_ratio"], "1", "OpenSim / the like-for-like call"),
        ("timing.tfl_share_max_abs_diff", t["tfl_share_max_abs_diff"], "1",
         "largest difference of the TFL's share of the abductor force over the 101 poses, OpenSim vs itband_edu"),
        ("timing.tfl_share_osim_at_peak", t["tfl_share_osim_at_peak"], "1", "OpenSim's TFL share at the peak demand"),
        ("timing.tfl_share_ours_at_peak", t["tfl_share_ours_at_peak"], "1", "itband_edu's TFL share there"),
    ]
    return [Row(name, value, unit, method, f"{what}. Measured on {where}.") for name, value, unit, what in spec]


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# ------------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_path", type=Path, help="path to Rajagopal2016.osim (outside this repository)")
    ap.add_argument("--model-commit", help="opensim-models commit the file came from (required for a file "
                    "other than the known Rajagopal2016.osim of commit 20a888b)")
    ap.add_argument("--model-file", help="the file's path inside opensim-models (default: the known file's)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"CSV to write (default {DEFAULT_OUT})")
    ap.add_argument("--no-write", action="store_true", help="print only; do not write the CSV")
    ap.add_argument("--repeats", type=int, default=5, help="timed passes over the 101 poses (default 5)")
    args = ap.parse_args(argv)
    path: Path = args.model_path
    if not path.is_file():
        raise ValueError(f"model_path {str(path)!r} is not a file: give the path to Rajagopal2016.osim")
    if ROOT in path.resolve().parents:
        raise ValueError(f"model_path {str(path)!r} is inside the repository: the model file has no licence for "
                         "redistribution, keep it outside (e.g. /tmp)")
    if not 1 <= args.repeats <= 100:
        raise ValueError(f"repeats must be 1-100, got {args.repeats}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    known_file, known_commit = KNOWN_MODELS.get(digest, (None, None))
    commit = args.model_commit or known_commit
    model_file = args.model_file or known_file
    if commit is None or model_file is None:
        raise ValueError(f"model_path {str(path)!r} (sha256 {digest[:12]}) is not the known Rajagopal2016.osim: "
                         "give --model-commit and --model-file for its provenance")

    o = load_osim(path)
    rows = collect(o)
    t = timing(o, args.repeats)

    print(f"OpenSim {o.version}; {model_file} @ {commit[:7]} (sha256 {digest[:12]}); model mass "
          f"{o.total_mass:.3f} kg, demand scaled to {BODY_MASS:g} kg\n")
    print(f"{'quantity':58s} {'OpenSim':>10s} {'itband_edu':>10s} {'diff':>9s}  unit")
    for r in rows:
        ours = "" if r.ours is None else f"{r.ours:10.4g}"
        diff = "" if r.ours is None else f"{r.value - r.ours:+9.3g}"
        print(f"{r.name:58s} {r.value:10.4g} {ours:>10s} {diff:>9s}  {r.unit}")
    print(f"\nTiming, 101 poses, {args.repeats} interleaved passes in one run: median (fastest in brackets)")
    print(f"  itband_edu running_stance(n_samples=101), one call: {t['itband_edu_s'] * 1e3:8.3f} ms "
          f"({t['itband_edu_min_s'] * 1e3:.3f})")
    print(f"  OpenSim, 101 poses (posture + 8 moment arms + TFL length, then SLSQP sharing): "
          f"{t['opensim_s'] * 1e3:8.1f} ms ({t['opensim_min_s'] * 1e3:.1f}, each pose's fastest); of which "
          f"kinematics {t['opensim_kinematics_s'] * 1e3:.1f} ms, sharing {t['opensim_sharing_s'] * 1e3:.1f} ms")
    print(f"  OpenSim / itband_edu: {t['ratio']:.0f}x (median of the passes), {t['ratio_of_minima']:.0f}x (fastest "
          f"against fastest); target >= 300x: {'met' if min(t['ratio'], t['ratio_of_minima']) >= 300 else 'MISSED'}")
    print(f"  like for like, itband_edu's moment arms + TFL length + sharing of the same 101 poses (frontal."
          f"abductor_forces, one call): {t['same_work_s'] * 1e3:.3f} ms ({t['same_work_min_s'] * 1e3:.3f}); "
          f"OpenSim / that: {t['same_work_ratio']:.0f}x ({t['same_work_ratio_of_minima']:.0f}x)")
    print(f"  agreement on the same poses: TFL share of the abductor force differs by at most "
          f"{t['tfl_share_max_abs_diff'] * 100:.2f} percentage points, TFL force by at most "
          f"{t['tfl_force_max_abs_diff']:.1f} N ({t['zero_demand_samples']} samples with no demand); at the peak "
          f"demand ({t['peak_demand']:.1f} N m) OpenSim {t['tfl_share_osim_at_peak'] * 100:.2f} % vs itband_edu "
          f"{t['tfl_share_ours_at_peak'] * 100:.2f} %")
    load = Path("/proc/loadavg")
    if load.is_file():
        print(f"  machine load average during the run: {load.read_text().split()[0]} (on {_cores()} cores)")

    if not args.no_write:
        rows += timing_rows(t, args.repeats)
        with args.out.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["name", "value", "unit", "method", "opensim_version", "model_file", "model_commit", "note"])
            for r in rows:
                w.writerow([r.name, fmt(r.value), r.unit, r.method, o.version,
                            f"{model_file} (sha256 {digest[:12]})", commit, r.note])
        print(f"\nwrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
