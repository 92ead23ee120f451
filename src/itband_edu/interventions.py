"""What helps (lesson 08): a plan of changes to a runner, and what each does to the model's band.

A :class:`Plan` holds five levers, each of which the course's model can pull, with the strength of the
evidence behind it (``LEVER_EVIDENCE``):

- ``abductor_strength_gain``: a gain in gluteus medius strength, as a fraction of the runner's own
  strength now, 0 to the largest gain a programme measured in runners with IT band syndrome (ITBS):
  51.4 % (the men of Fredericson et al. 2000's 6-week case series; the women gained 34.9 %;
  ``data/evidence.csv``, read in Table 1 of Beals & Flanigan 2013). The trial measured the torque of all
  hip abductors; the model puts the whole gain into gluteus medius (its three parts), as lesson 03 put
  Fredericson's deficit there: the model has no strength control for gluteus minimus, and a stronger
  upper gluteus maximus would pull on the band itself. ``glute_med_strength = s0 (1 + gain)``.
- ``step_rate_change_percent``: 0 to +10 % of the preferred step rate, Heiderscheit et al. 2011's measured
  range (``gait.running_stance``'s lever: their measured kinematic means; the stance time scales with
  the step time, a teaching assumption of lesson 07).
- ``trunk_lean_deg``: 0 to 10 deg of lateral trunk lean toward the stance leg, in the room, over the
  whole stance (lesson 07's lever; 10 deg is the largest lean lesson 07 tried). It is a compensation with
  costs (the trunk is thrown sideways at every step), not a recommendation, and no study found for the
  course measured what it does to the band in running: ``model only``.
- ``foot_wedge``: a medial wedge or orthosis, True or False: it lowers the peak rearfoot eversion by
  ``chain.orthosis_eversion_change`` (1.62 deg, Sinclair 2017, the change lesson 05 used; Mills et al.
  2010's meta-analysis found 2.12 deg) and the foot chain (lesson 05) carries that up to the band. Day &
  Gillette (2019) estimated, with a musculoskeletal model from measured running, no change of ITB strain or
  strain rate with wedges.
- ``downhill_share``: the share of running time spent running downhill in the plan, 0 to 1; ``None``
  keeps the runner's own share (:class:`Runner`). Only the knee's time in the compression zone depends
  on it: the model's band tension comes from the hip, which has no downhill data (lesson 06).

:func:`plan_effect` returns a frozen :class:`PlanEffect` with, for the baseline runner and for the plan:
the band's tension standing on one leg (``stance.single_leg_stance``; only the strength lever acts there,
the other levers are about running), its peak tension over a running stance (``gait.running_stance``,
SYNTHETIC CURVES SHAPED TO PUBLISHED PEAKS), the knee's time in lesson 06's compression zone per minute
of running (level and downhill stances weighted by the downhill share; ``knee_angles``), the length
change of the TFL + band unit that the foot's peak eversion causes through the chain
(``chain.chain_from_foot``), the peak hip-abduction moment and whether the abductors can hold it.

Downhill stances use Pigos 2006's knee flexion (17 deg at foot strike and at toe-off, 43.1 deg peak, as
``knee_angles.time_in_zone`` does) with the plan's other levers; a step-rate change scales the downhill
stance time as on the level but keeps Pigos's knee angles (a TEACHING ASSUMPTION: no downhill data at other
step rates).

The baseline runner (:func:`weak_abductor_runner`) is lesson 03's: gluteus medius weaker by Fredericson
et al. 2000's mean deficit (-26 %, ``data/published_results.csv``), so ``s0 = 0.74``.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import check_range
from .chain import chain_from_foot
from .gait import RunningStanceResult, running_stance
from .knee_angles import compression_zone, stance_time_in_zone
from .parameters import Parameters, data_dir, default_parameters
from .stance import single_leg_stance

__all__ = ["Plan", "Runner", "PlanEffect", "plan_effect", "weak_abductor_runner", "max_strength_gain",
           "stance_tension_for_gains", "LEVERS", "LEVER_EVIDENCE", "METRICS"]

#: The levers of a plan, in the order the explorer shows them.
LEVERS = ("abductor_strength_gain", "step_rate_change_percent", "trunk_lean_deg", "foot_wedge", "downhill_share")

#: Each lever's evidence in a few words (the explorer's labels and the lesson's table use these).
LEVER_EVIDENCE = {
    "abductor_strength_gain": ("trials in IT band syndrome (ITBS): small (a randomised trial of 32, a pilot "
                               "randomised trial of 24, a case series of 24)"),
    "step_rate_change_percent": "measured mechanics in 45 healthy runners; one case report in ITBS",
    "trunk_lean_deg": "model only; a compensation with costs, not advice",
    "foot_wedge": "no change of ITB strain, estimated from measured running (Day & Gillette 2019)",
    "downhill_share": "model only; it misses downhill braking (lesson 06)",
}

#: The metrics of a :class:`PlanEffect`: name -> (label, unit). Each has a ``baseline_`` and a ``plan_`` field.
METRICS = {
    "stance_itb_tension": ("band tension, standing on one leg", "N"),
    "running_peak_itb_tension": ("peak band tension, running stance", "N"),
    "zone_s_per_min": ("knee in the compression zone", "s per min of running"),
    "foot_itb_length_change": ("stretch of the TFL + band unit from the foot's eversion", "m"),
    "running_peak_hip_moment": ("peak hip-abduction moment, running", "N m"),
}

_STEP_RATE_RANGE = (0.0, 10.0, "%")
_GAIN_HINT = ("a fraction of the runner's own strength (0.35 = 35 % stronger), up to the largest gain measured in "
              "runners with ITBS (data/evidence.csv)")
_TRUNK_LEAN_RANGE = (0.0, 10.0, "deg toward the stance leg")
_SHARE_RANGE = (0.0, 1.0, "of running time")


def max_strength_gain(params: Parameters | None = None) -> float:
    """The largest hip-abductor strength gain (fraction) a programme measured in runners with ITBS:
    the larger of ``evidence.abductor_torque_gain_female`` and ``_male`` (``data/evidence.csv``, in %)."""
    p = params or default_parameters()
    return max(p.value("evidence.abductor_torque_gain_female"), p.value("evidence.abductor_torque_gain_male")) / 100.0


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False (a wedge is worn or not); got {value!r}")
    return bool(value)


def _check_number(name: str, value: Any, low: float, high: float, unit: str, hint: str = "") -> float:
    if np.ndim(value) != 0:
        raise ValueError(f"{name} must be a single number (one plan); got an array of shape {np.shape(value)}")
    return float(check_range(name, value, low, high, unit, hint=hint))


@dataclass(frozen=True)
class Runner:
    """The runner before the plan: gluteus medius strength (fraction of normal, 0.3-1.5) and the share
    of running time spent downhill (0-1). :func:`weak_abductor_runner` gives lesson 03's runner."""

    glute_med_strength: float = 1.0
    downhill_share: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "glute_med_strength",
                           _check_number("glute_med_strength", self.glute_med_strength, 0.3, 1.5, "x normal"))
        object.__setattr__(self, "downhill_share", _check_number("downhill_share", self.downhill_share, *_SHARE_RANGE))


def weak_abductor_runner(downhill_share: float = 0.0, *, folder: Path | None = None) -> Runner:
    """Lesson 03's runner: gluteus medius weaker by Fredericson et al. 2000's mean abductor deficit
    (``stance.fredericson2000_abductor_deficit`` in ``published_results.csv`` of ``folder``, default
    :func:`~itband_edu.parameters.data_dir`: -26 %, so strength 0.74), with ``downhill_share`` of her
    running time downhill (0-1; a property of her routes, not of the model)."""
    path = (Path(folder) if folder is not None else data_dir()) / "published_results.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    deficit = float(rows["stance.fredericson2000_abductor_deficit"]["value"])
    return Runner(glute_med_strength=1.0 + deficit, downhill_share=downhill_share)


@dataclass(frozen=True)
class Plan:
    """A plan: five levers (module docstring). ``Plan()`` changes nothing: its effect equals the baseline.

    Raises ``ValueError`` naming the lever, its value and the allowed range for a bad value (the
    strength gain's range comes from ``data/evidence.csv``: :func:`max_strength_gain`).
    """

    abductor_strength_gain: float = 0.0
    step_rate_change_percent: float = 0.0
    trunk_lean_deg: float = 0.0
    foot_wedge: bool = False
    downhill_share: float | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self, params: Parameters | None = None) -> None:
        """Check every lever (against ``params``' evidence for the strength gain)."""
        top = max_strength_gain(params)
        object.__setattr__(self, "abductor_strength_gain", _check_number(
            "abductor_strength_gain", self.abductor_strength_gain, 0.0, top, "", _GAIN_HINT))
        object.__setattr__(self, "step_rate_change_percent", _check_number(
            "step_rate_change_percent", self.step_rate_change_percent, *_STEP_RATE_RANGE))
        object.__setattr__(self, "trunk_lean_deg", _check_number("trunk_lean_deg", self.trunk_lean_deg,
                                                                 *_TRUNK_LEAN_RANGE))
        object.__setattr__(self, "foot_wedge", _check_bool("foot_wedge", self.foot_wedge))
        if self.downhill_share is not None:
            object.__setattr__(self, "downhill_share", _check_number("downhill_share", self.downhill_share,
                                                                     *_SHARE_RANGE))


@dataclass(frozen=True)
class PlanEffect:
    """Baseline and plan side by side (SI units: N, s per minute of running, m, N m).

    For each name in ``METRICS`` there are two fields, ``baseline_<name>`` and ``plan_<name>``;
    :meth:`change` gives plan minus baseline. The levers and the two runners' strengths and downhill
    shares are kept as plain numbers (``foot_wedge`` as 0 or 1) so that the result is flat.
    """

    abductor_strength_gain: float
    step_rate_change_percent: float
    trunk_lean_deg: float
    foot_wedge: float
    baseline_glute_med_strength: float
    plan_glute_med_strength: float
    baseline_downhill_share: float
    plan_downhill_share: float
    baseline_stance_itb_tension: float
    plan_stance_itb_tension: float
    baseline_running_peak_itb_tension: float
    plan_running_peak_itb_tension: float
    baseline_zone_s_per_min: float
    plan_zone_s_per_min: float
    baseline_foot_itb_length_change: float
    plan_foot_itb_length_change: float
    baseline_running_peak_hip_moment: float
    plan_running_peak_hip_moment: float
    baseline_running_feasible: bool
    plan_running_feasible: bool
    synthetic: bool  # the running curves are synthetic shapes (gait.running_stance)

    def change(self, metric: str) -> float:
        """Plan minus baseline for one of ``METRICS``."""
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}; got {metric!r}")
        return float(getattr(self, f"plan_{metric}") - getattr(self, f"baseline_{metric}"))

    def percent_change(self, metric: str) -> float:
        """(plan - baseline) / baseline in per cent for one of ``METRICS``."""
        diff = self.change(metric)
        return 100.0 * diff / float(getattr(self, f"baseline_{metric}"))

    def baseline(self) -> dict[str, float]:
        return {m: float(getattr(self, f"baseline_{m}")) for m in METRICS}

    def plan(self) -> dict[str, float]:
        return {m: float(getattr(self, f"plan_{m}")) for m in METRICS}


# ---- the computation ---------------------------------------------------------------------------------

_ZONES: dict[int, tuple[Parameters, tuple[float, float]]] = {}
_BASELINES: dict[tuple[int, Runner], tuple[Parameters, dict[str, float]]] = {}


def _zone(p: Parameters) -> tuple[float, float]:
    hit = _ZONES.get(id(p))
    if hit is None or hit[0] is not p:
        hit = (p, compression_zone(params=p))
        _ZONES[id(p)] = hit
    return hit[1]


def _downhill_knee(p: Parameters) -> dict[str, float]:
    contact = math.degrees(p.value("knee.downhill_flexion_contact"))
    return {"knee_flexion_contact_deg": contact, "knee_flexion_toe_off_deg": contact,
            "peak_knee_flexion_deg": math.degrees(p.value("knee.downhill_peak_flexion"))}


def _metrics(strength: float, step_rate: float, lean: float, wedge: bool, share: float,
             p: Parameters) -> dict[str, float]:
    eversion = math.degrees(p.value("gait.peak_rearfoot_eversion"))
    if wedge:
        eversion -= math.degrees(p.value("chain.orthosis_eversion_change"))
    kw = dict(glute_med_strength=strength, trunk_lean_deg=lean, step_rate_change_percent=step_rate,
              peak_rearfoot_eversion_deg=eversion, params=p)
    level: RunningStanceResult = running_stance(**kw)  # type: ignore[arg-type]
    zone = _zone(p)
    per_min = stance_time_in_zone(level, zone, params=p).per_minute_s
    if share > 0.0:
        down = running_stance(**kw, **_downhill_knee(p))  # type: ignore[arg-type]
        per_min = (1.0 - share) * per_min + share * stance_time_in_zone(down, zone, params=p).per_minute_s
    return {
        "stance_itb_tension": float(single_leg_stance(glute_med_strength=strength, params=p).itb_tension),
        "running_peak_itb_tension": float(np.max(level.itb_tension)),
        "zone_s_per_min": float(per_min),
        "foot_itb_length_change": float(chain_from_foot(eversion, params=p).itb_length_change),
        "running_peak_hip_moment": float(np.max(level.hip_abduction_moment)),
        "running_feasible": float(bool(np.all(level.feasible))),
    }


def plan_effect(plan: Plan | None = None, baseline: Runner | None = None, *,
                params: Parameters | None = None) -> PlanEffect:
    """What ``plan`` (default ``Plan()``, no change) does for ``baseline`` (default
    :func:`weak_abductor_runner`), baseline and plan side by side (module docstring for the equations).

    One call runs the running stance once or twice for the plan (level, and downhill when the plan has
    any); the baseline's numbers are cached per runner. Raises ``ValueError`` naming the lever for a bad
    plan (the strength gain is checked against ``params``' evidence).
    """
    p = params or default_parameters()
    plan = Plan() if plan is None else plan
    if not isinstance(plan, Plan):
        raise ValueError(f"plan must be a Plan; got {type(plan).__name__}")
    runner = weak_abductor_runner() if baseline is None else baseline
    if not isinstance(runner, Runner):
        raise ValueError(f"baseline must be a Runner; got {type(runner).__name__}")
    plan.validate(p)
    key = (id(p), runner)
    hit = _BASELINES.get(key)
    if hit is None or hit[0] is not p:
        hit = (p, _metrics(runner.glute_med_strength, 0.0, 0.0, False, runner.downhill_share, p))
        _BASELINES[key] = hit
    base = hit[1]
    strength = runner.glute_med_strength * (1.0 + plan.abductor_strength_gain)
    if strength > 1.5:
        raise ValueError(f"abductor_strength_gain={plan.abductor_strength_gain:g} takes gluteus medius to "
                         f"{strength:.2f} x normal, above the model's 1.5 (baseline strength "
                         f"{runner.glute_med_strength:g})")
    share = runner.downhill_share if plan.downhill_share is None else plan.downhill_share
    # the plan always goes through the model (no shortcut for "no change"), so Plan() == baseline is a test
    new = _metrics(strength, plan.step_rate_change_percent, plan.trunk_lean_deg, plan.foot_wedge, share, p)
    values = {f"{side}_{m}": src[m] for side, src in (("baseline", base), ("plan", new)) for m in METRICS}
    return PlanEffect(
        abductor_strength_gain=plan.abductor_strength_gain,
        step_rate_change_percent=plan.step_rate_change_percent,
        trunk_lean_deg=plan.trunk_lean_deg,
        foot_wedge=float(plan.foot_wedge),
        baseline_glute_med_strength=runner.glute_med_strength,
        plan_glute_med_strength=strength,
        baseline_downhill_share=runner.downhill_share,
        plan_downhill_share=share,
        baseline_running_feasible=bool(base["running_feasible"]),
        plan_running_feasible=bool(new["running_feasible"]),
        synthetic=True,
        **values,
    )


def stance_tension_for_gains(gains: ArrayLike, baseline: Runner | None = None, *,
                             params: Parameters | None = None) -> NDArray[np.float64]:
    """The band's tension standing on one leg (N) for an array of strength gains (fractions, 0 to
    :func:`max_strength_gain`), in one vectorised call of ``single_leg_stance``: how much strength is
    enough. The same numbers as ``plan_effect(Plan(abductor_strength_gain=g)).plan_stance_itb_tension``."""
    p = params or default_parameters()
    runner = weak_abductor_runner() if baseline is None else baseline
    g = check_range("gains", gains, 0.0, max_strength_gain(p), hint=_GAIN_HINT)
    return np.asarray(single_leg_stance(glute_med_strength=runner.glute_med_strength * (1.0 + g),
                                        params=p).itb_tension, dtype=float)

