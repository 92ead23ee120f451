"""From the foot up: rearfoot eversion -> tibial rotation -> hip -> length of the TFL-ITB unit.

The popular claim is that "poor foot mechanics load the IT band". The chain below follows it link by
link and says how solid each link is:

1. rearfoot eversion e -> tibial internal rotation  t = c e,  c = 0.68 deg/deg
   (Fischer et al. 2018, measured in vitro on 8 cadaver foot-leg specimens; in vivo the transfer varies
   a lot between people, Hintermann et al. 1994, Stacoff et al. 2000);
2. the tibia's rotation is split between the hip and the knee: hip internal rotation  h = k_r t, knee
   internal rotation (tibia relative to femur)  t - h.  k_r = 0.5 is a TEACHING ASSUMPTION;
3. a leg rotating inward over a flexed knee carries the knee medially: hip adduction  a = k_a t,
   k_a = 0.3 deg/deg is a TEACHING ASSUMPTION;
4. length change of the TFL + band unit
       dL = integral_0^a r_TFL(x) dx  +  l_k (t - h)  -  l_h h
   where r_TFL is the TFL's hip-abduction moment arm (Rajagopal et al. 2016, falls with adduction),
   l_k = 10 mm/rad is the band's lengthening per radian of knee internal rotation (TEACHING ASSUMPTION)
   and l_h = 0 mm/rad the unit's shortening per radian of hip internal rotation (TEACHING ASSUMPTION:
   the band is anchored to the femur along its length, so femoral rotation carries it along);
5. the unit is passive (relaxed TFL, a TEACHING ASSUMPTION) and in series with the stiff band, so the
   length change is shared as in :mod:`itband_edu.tissue`: the band takes F L_b / (E A), the muscle
   the rest, with F = ``tissue.series_force(dL)``.

Every coupling constant lives in ``data/chain.csv`` (kind ``measured`` or ``assumption`` with a note).

The honest finding: a medial orthosis or wedge changes peak eversion by about 1.6 deg (Sinclair 2017).
Through this chain that is about 1.1 deg of tibial rotation, 0.3 deg of hip adduction and 0.4 mm of
lengthening of a 0.54 m unit, 99 % of it in the muscle: the band's own strain changes by about 0.001 %
(1e-5), thousands of times less than the strain a running load puts on it (several %, ``gait``), and
the whole unit's path strain by 0.07 percentage points. This agrees with Day & Gillette (2019), who
found no change of ITB strain or strain rate with 7 deg wedges.
The foot can matter for the knee (rotation, see ``knee``) without measurably stretching the band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._results import freeze
from ._validate import Limits, check_limit
from .parameters import Parameters, default_parameters
from .tissue import series_force

__all__ = ["ChainResult", "chain_from_foot", "LIMITS"]

# Allowed input ranges: (low, high, unit).
LIMITS: Limits = {
    "rearfoot_eversion_deg": (-10.0, 20.0, "deg"),  # negative: inversion
    "eversion_to_tibial_rotation": (0.0, 1.5, "deg/deg"),
    "tibial_to_hip_rotation": (0.0, 1.0, "of tibial rotation"),
    "tibial_to_hip_adduction": (0.0, 1.0, "deg/deg"),
}


def _check(name: str, value: ArrayLike) -> NDArray[np.float64]:
    hint = f"{name} is in degrees (negative = inversion)" if name.endswith("_deg") else ""
    return check_limit(LIMITS, name, value, hint=hint)


@dataclass(frozen=True)
class ChainResult:
    """The kinetic chain from rearfoot eversion to the TFL-ITB unit (SI units: rad, m, N).

    Angles are positive for eversion, internal rotation and adduction. ``itb_length_change`` is the
    change of length of the whole TFL + band unit; ``band_elongation`` and ``muscle_elongation`` are its
    two parts (they sum to it). ``band_strain`` is the band tissue's strain, ``muscle_strain`` the TFL
    fibres', ``unit_strain`` the whole path's (what musculoskeletal-model studies call "ITB strain").
    Strains are dimensionless; ``*_percent`` and ``*_deg`` properties convert.
    """

    rearfoot_eversion: float | NDArray[np.float64]  # rad
    tibial_rotation: float | NDArray[np.float64]  # rad, internal positive
    hip_internal_rotation: float | NDArray[np.float64]  # rad
    knee_internal_rotation: float | NDArray[np.float64]  # rad, tibia relative to femur
    hip_adduction: float | NDArray[np.float64]  # rad
    length_change_from_hip_adduction: float | NDArray[np.float64]  # m
    length_change_from_rotation: float | NDArray[np.float64]  # m, knee and hip rotation
    itb_length_change: float | NDArray[np.float64]  # m, whole TFL + band unit
    passive_tension: float | NDArray[np.float64]  # N, in the relaxed unit
    band_elongation: float | NDArray[np.float64]  # m
    muscle_elongation: float | NDArray[np.float64]  # m
    band_share: float | NDArray[np.float64]  # fraction of a lengthening taken by the band (0 if not lengthened)
    band_strain: float | NDArray[np.float64]  # 1
    muscle_strain: float | NDArray[np.float64]  # 1
    unit_strain: float | NDArray[np.float64]  # 1

    @property
    def band_strain_percent(self) -> float | NDArray[np.float64]:
        return self.band_strain * 100.0

    @property
    def muscle_strain_percent(self) -> float | NDArray[np.float64]:
        return self.muscle_strain * 100.0

    @property
    def unit_strain_percent(self) -> float | NDArray[np.float64]:
        return self.unit_strain * 100.0

    @property
    def tibial_rotation_deg(self) -> float | NDArray[np.float64]:
        return _deg(self.tibial_rotation)

    @property
    def hip_internal_rotation_deg(self) -> float | NDArray[np.float64]:
        return _deg(self.hip_internal_rotation)

    @property
    def knee_internal_rotation_deg(self) -> float | NDArray[np.float64]:
        return _deg(self.knee_internal_rotation)

    @property
    def hip_adduction_deg(self) -> float | NDArray[np.float64]:
        return _deg(self.hip_adduction)


def _deg(x: float | NDArray[np.float64]) -> float | NDArray[np.float64]:
    return np.degrees(x) if isinstance(x, np.ndarray) else float(np.degrees(x))


def chain_rotations(eversion: NDArray[np.float64], c_et: ArrayLike, k_rot: ArrayLike, p: Parameters
                    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The rotation links of the chain (unchecked, SI; ``eversion`` in rad): tibial, hip and knee internal
    rotation (rad) and the unit's length change from rotation (m). ``gait`` uses it alone (its hip
    adduction has its own curve); :func:`chain_from_foot` adds the adduction link."""
    tib = np.asarray(c_et, dtype=float) * eversion
    hip_rot = np.asarray(k_rot, dtype=float) * tib
    knee_rot = tib - hip_rot
    # teaching assumptions (data/chain.csv): knee internal rotation lengthens the band at Gerdy's
    # tubercle; hip internal rotation shortens the unit (lever 0 by default: the band is anchored)
    dl_rot = p.value("chain.knee_rotation_lever") * knee_rot - p.value("chain.hip_rotation_lever") * hip_rot
    return tib, hip_rot, knee_rot, dl_rot


def _chain(
    eversion: NDArray[np.float64],
    c_et: ArrayLike,
    k_rot: ArrayLike,
    k_add: ArrayLike,
    p: Parameters,
) -> ChainResult:
    """Unchecked SI core of :func:`chain_from_foot` (``eversion`` in rad)."""
    k_add = np.asarray(k_add, dtype=float)
    tib, hip_rot, knee_rot, dl_rot = chain_rotations(eversion, c_et, k_rot, p)
    hip_add = k_add * tib
    dl_add = p.muscle("tensor_fasciae_latae").length_change(hip_add)  # integral of the moment arm
    dl = dl_add + dl_rot
    stretch = np.maximum(dl, 0.0)
    force = series_force(stretch, p=p)
    band_el = force * p.itb_compliance  # the band's two regions in series (tissue.py)
    muscle_el = dl - band_el  # a shortened (slack) unit: all of it is muscle, the band is unloaded
    lm = p.tfl_optimal_fibre_length
    share = np.where(dl > 0, band_el / np.where(dl > 0, dl, 1.0), 0.0)
    return ChainResult(
        rearfoot_eversion=freeze(eversion),
        tibial_rotation=freeze(tib),
        hip_internal_rotation=freeze(hip_rot),
        knee_internal_rotation=freeze(knee_rot),
        hip_adduction=freeze(hip_add),
        length_change_from_hip_adduction=freeze(dl_add),
        length_change_from_rotation=freeze(dl_rot),
        itb_length_change=freeze(dl),
        passive_tension=freeze(force),
        band_elongation=freeze(band_el),
        muscle_elongation=freeze(muscle_el),
        band_share=freeze(share),
        band_strain=freeze(band_el / p.itb_length),
        muscle_strain=freeze(muscle_el / lm),
        unit_strain=freeze(dl / p.tfl_path_length),
    )


def chain_from_foot(
    rearfoot_eversion_deg: ArrayLike,
    *,
    eversion_to_tibial_rotation: ArrayLike | None = None,
    tibial_to_hip_rotation: ArrayLike | None = None,
    tibial_to_hip_adduction: ArrayLike | None = None,
    params: Parameters | None = None,
) -> ChainResult:
    """Follow rearfoot eversion up the leg to the length and strain of the TFL-ITB unit.

    Parameters (broadcast together; arrays give arrays, e.g. a whole stance phase in one call):
    - ``rearfoot_eversion_deg``: deg, -10 (inverted) to 20, from a neutral foot (0).
    - ``eversion_to_tibial_rotation``: deg of tibial internal rotation per deg of eversion, 0-1.5;
      default 0.68 (Fischer et al. 2018, in vitro, measured).
    - ``tibial_to_hip_rotation``: fraction of the tibial rotation passed on as hip internal rotation,
      0-1; default 0.5 (teaching assumption, ``data/chain.csv``).
    - ``tibial_to_hip_adduction``: deg of hip adduction per deg of tibial rotation, 0-1; default 0.3
      (teaching assumption, ``data/chain.csv``).

    Equations (module docstring): t = c e; h = k_r t; knee rotation t - h; a = k_a t;
    dL = int_0^a r_TFL dx + l_k (t - h) - l_h h; the relaxed unit's force F solves the series model of
    ``tissue.series_force``; band elongation F L_b / (E A), muscle elongation dL - F L_b / (E A).

    Returns a :class:`ChainResult`. Raises ``ValueError`` naming the parameter when an input is out of
    range or the arrays cannot be broadcast together.

    Example: a 1.6 deg change of eversion (a medial orthosis, Sinclair 2017) changes the band's strain
    by about 1e-5 (0.001 %): consistent with Day & Gillette (2019), wedges do not change ITB strain.
    """
    p = params or default_parameters()
    ev = np.radians(_check("rearfoot_eversion_deg", rearfoot_eversion_deg))
    c_et = p.value("chain.eversion_to_tibial_rotation") if eversion_to_tibial_rotation is None else _check(
        "eversion_to_tibial_rotation", eversion_to_tibial_rotation)
    k_rot = p.value("chain.tibial_to_hip_rotation") if tibial_to_hip_rotation is None else _check(
        "tibial_to_hip_rotation", tibial_to_hip_rotation)
    k_add = p.value("chain.tibial_to_hip_adduction") if tibial_to_hip_adduction is None else _check(
        "tibial_to_hip_adduction", tibial_to_hip_adduction)
    try:
        shape = np.broadcast_shapes(*(np.shape(x) for x in (ev, c_et, k_rot, k_add)))
    except ValueError as exc:
        raise ValueError(
            f"chain_from_foot: the array inputs have shapes that cannot be broadcast together ({exc})"
        ) from None
    return _chain(np.broadcast_to(ev, shape), np.asarray(c_et), np.asarray(k_rot), np.asarray(k_add), p)
