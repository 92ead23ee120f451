"""Standing on one leg in two planes: the muscles supply a hip-flexion moment as well (lesson 04).

Given ``hip_flexion_moment`` (N m, the internal flexion moment the muscles must supply; negative for an
extension demand), the abductors and the main hip flexors (iliacus, psoas, rectus femoris, sartorius)
share the abduction and the flexion moment by the same minimum-effort rule
(``sharing.share_two_moments``), each muscle with its abduction moment arm at the current hip adduction
and its flexion moment arm at the neutral posture (Rajagopal et al. 2016, ``data/muscles.csv``).

Signs are the source's: in that model the TFL flexes (27 mm), while every gluteus medius and minimus
part and the upper gluteus maximus EXTEND the hip at neutral, although textbooks call the anterior
gluteus medius a flexor. A muscle only pulls, so a gluteus medius that helps with abduction adds an
extension moment the flexors must cancel.

Teaching assumptions: the hip stays at 0 deg of flexion (the flexion arms are held constant); the
flexors' abduction arms do not change with adduction; the hamstrings and the lower gluteus maximus are
not in the model, so an extension demand beyond what the modelled extensors give is reported as
infeasible rather than shared with them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._schema import GMAX, GMED, ILIOPSOAS
from .parameters import Muscle, Parameters
from .sharing import share_two_moments

__all__ = ["two_plane_forces"]


def two_plane_forces(
    abduction_moment: NDArray[np.float64],
    hip_flexion_moment: ArrayLike,
    hip_adduction: ArrayLike,
    glute_med_strength: ArrayLike,
    glute_max_strength: ArrayLike,
    iliopsoas_strength: ArrayLike,
    p: Parameters,
    exponent: float = 2.0,
) -> tuple[tuple[Muscle, ...], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64],
           NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Share both moments among the abductors and the hip flexors. Internal, SI, unchecked.

    Returns ``(muscles, forces, activations, abduction_arms, flexion_arms, feasible, abduction_deficit,
    flexion_deficit, abduction_capacity)``; per-muscle arrays have a last axis over ``muscles``.
    """
    muscles = p.muscles + p.flexors
    add = np.asarray(hip_adduction, dtype=float)
    arms = np.stack([np.broadcast_to(mu.moment_arm(add), add.shape) for mu in muscles], axis=-1)
    flex_arms = np.broadcast_to(np.array([mu.flexion_moment_arm for mu in muscles]), arms.shape)
    f0 = np.array([mu.max_isometric_force for mu in muscles])
    scale = [glute_med_strength if mu.name in GMED else glute_max_strength if mu.name in GMAX
             else iliopsoas_strength if mu.name in ILIOPSOAS else 1.0 for mu in muscles]
    f0 = f0 * np.stack([np.broadcast_to(np.asarray(x, dtype=float), add.shape) for x in scale], axis=-1)
    required = np.broadcast_to(np.asarray(hip_flexion_moment, dtype=float), np.shape(abduction_moment))
    act, feasible, both = share_two_moments(np.stack([abduction_moment, required], axis=-1), f0,
                                            np.stack([arms, flex_arms], axis=-2), exponent)
    capacity = np.sum(np.maximum(f0 * arms, 0.0), axis=-1)
    return muscles, act * f0, act, arms, flex_arms, feasible, both[..., 0], both[..., 1], capacity
