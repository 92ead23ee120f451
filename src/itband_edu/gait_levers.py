"""The running stance's levers from published studies (lesson 07): the step rate (Heiderscheit et al.
2011) and the knee's landing angle after an exhaustive run (Miller et al. 2007).

``gait.running_stance(step_rate_change_percent=...)`` uses :func:`step_rate_measures`; a landing angle
from :func:`fatigued_knee_flexion_contact` is passed as ``knee_flexion_contact_deg``. Both re-exported
by ``gait``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validate import Limits, check_scalar_limit
from .parameters import Parameters, default_parameters

__all__ = ["StepRateMeasures", "step_rate_measures", "fatigued_knee_flexion_contact", "STEP_RATE_CONDITIONS",
           "LIMITS"]

LIMITS: Limits = {"step_rate_change_percent": (-10.0, 10.0, "% of the preferred step rate")}

#: Heiderscheit et al. 2011's step-rate conditions (% change of the preferred step rate) and the row
#: names of their measured means in data/gait.csv (the preferred condition is the curves' default rows).
STEP_RATE_CONDITIONS = {-10: "step_rate_minus10_", -5: "step_rate_minus5_", 0: "", 5: "step_rate_plus5_",
                        10: "step_rate_plus10_"}


def _check(name: str, value: ArrayLike) -> float:
    return check_scalar_limit(LIMITS, name, value)


@dataclass(frozen=True)
class StepRateMeasures:
    """What running at ``change_percent`` of the preferred step rate does, from Heiderscheit et al. 2011
    (Table 3, 45 runners at their own speed): the measured means, straight between the published
    conditions (-10, -5, 0, +5, +10 %), and the stance time (a teaching assumption, below)."""

    change_percent: float
    peak_hip_adduction_deg: float  # measured
    knee_flexion_contact_deg: float  # measured
    peak_knee_flexion_deg: float  # measured
    peak_hip_abduction_moment_per_kg: float  # measured, N m/kg: to compare the model with, never an input
    stance_time: float  # s, ASSUMPTION: scales with the step time (gait.stance_time_step_time_exponent)
    steps_per_minute: float  # both legs: the preferred cadence (data/knee.csv running_cadence) x (1 + change)


def step_rate_measures(change_percent: float = 0.0, params: Parameters | None = None) -> StepRateMeasures:
    """Heiderscheit et al. 2011's measured means at a step rate ``change_percent`` (-10 to +10 % of the
    preferred step rate), interpolated straight between their five conditions; at 0 the preferred values
    of ``data/gait.csv``. The stance time is the default stance time x (1 + change)^-k with k =
    ``stance_time_step_time_exponent`` (1: a TEACHING ASSUMPTION that contact time scales with the step
    time, the duty factor staying constant; contact time was not found in the paper). With the vertical
    impulse of a step fixed at body weight x step time, a constant duty factor also keeps the peak
    vertical force, so the ground force is left as it is. Raises ``ValueError`` naming
    ``step_rate_change_percent`` outside -10 to +10."""
    p = params or default_parameters()
    change = _check("step_rate_change_percent", change_percent)
    pct = np.array(list(STEP_RATE_CONDITIONS), dtype=float)

    def measured(quantity: str, in_degrees: bool = True) -> float:
        vals = np.array([p.value(f"gait.{prefix}{quantity}") for prefix in STEP_RATE_CONDITIONS.values()])
        v = float(np.interp(change, pct, vals))
        return float(np.degrees(v)) if in_degrees else v

    exponent = p.value("gait.stance_time_step_time_exponent")
    return StepRateMeasures(
        change_percent=change,
        peak_hip_adduction_deg=measured("peak_hip_adduction"),
        knee_flexion_contact_deg=measured("knee_flexion_contact"),
        peak_knee_flexion_deg=measured("peak_knee_flexion"),
        peak_hip_abduction_moment_per_kg=measured("peak_hip_abduction_moment", in_degrees=False),
        stance_time=p.value("gait.stance_time") * (1.0 + change / 100.0) ** -exponent,
        steps_per_minute=p.value("knee.running_cadence") * (1.0 + change / 100.0),
    )


def fatigued_knee_flexion_contact(itbs_history: bool, params: Parameters | None = None) -> float:
    """Knee flexion at heel strike (deg) at the end of a treadmill run to exhaustion, measured by Miller
    et al. 2007 (8 runners with a history of ITB syndrome: 20.6 deg; 8 without: 15.3 deg; abstract).
    Pass it as ``running_stance(knee_flexion_contact_deg=...)``: a different group of runners from
    Heiderscheit et al.'s 17.8 deg, so compare the two Miller values with each other."""
    p = params or default_parameters()
    key = "gait.fatigued_itbs_knee_flexion_contact" if itbs_history else "gait.fatigued_control_knee_flexion_contact"
    return float(np.degrees(p.value(key)))
