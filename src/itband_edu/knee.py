"""At the knee: where the band lies relative to the lateral femoral epicondyle, and how hard it presses.

Runners with ITB syndrome feel it at the lateral knee. Orchard et al. (1996) placed the impingement of
the band's posterior fibres on the lateral femoral epicondyle "at, or slightly below" 30 deg of knee
flexion, near foot strike; Fairclough et al. (2006) saw the band compressed against the epicondyle at
30 deg on MRI. Fairclough et al. also argue that the band does not really slide to and fro: it is
anchored to the femur by fibrous strands over a richly innervated fat pad (no bursa), and what seems to
move is which fibres are loaded. So ``band_position`` below is the APPARENT position of the loaded
fibres, not a sliding strap.

The model (every line a TEACHING ASSUMPTION, constants in ``data/knee.csv``):
- apparent position, anterior positive:  x(phi) = x0 (1 - phi / phi_c), x0 = 6 mm anterior in full
  extension, 0 over the epicondyle at the crossing angle phi_c = 30 deg, posterior beyond;
- the band wraps over the epicondyle by the angle
      alpha(phi) = alpha_max exp(-(phi - phi_c)^2 / (2 sigma^2)),   alpha_max = 20 deg, sigma = 8.5 deg
  (largest when the loaded fibres lie right over the bump, falling off either side);
- a band under tension T bent through alpha presses on what it wraps with the resultant
      N = 2 T sin(alpha / 2)      (a belt over a pulley; frictionless capstan resultant);
- the "impingement zone" is where alpha is at least half its peak: |phi - phi_c| <= sigma sqrt(2 ln 2),
  i.e. 20 to 40 deg with the defaults. Running passes through it at every foot strike (knee flexion
  goes from about 18 deg at contact to about 46 deg, Heiderscheit et al. 2011).

N is a compression INDEX for teaching (a force in newtons on an idealised pulley), not a measured
contact pressure: the real load is spread over the fat pad and depends on tibial rotation, which
Fairclough et al. name as the cause of the compression.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._results import freeze
from ._validate import Limits, check_limit
from .parameters import Parameters, default_parameters

__all__ = ["KneeResult", "knee_compression", "LIMITS"]

LIMITS: Limits = {
    "knee_flexion_deg": (0.0, 120.0, "deg"),
    "itb_tension": (0.0, 3000.0, "N"),
    "crossing_angle_deg": (10.0, 60.0, "deg"),
    "zone_width_deg": (2.0, 30.0, "deg"),
    "peak_wrap_angle_deg": (1.0, 60.0, "deg"),
}


def _check(name: str, value: ArrayLike) -> NDArray[np.float64]:
    return check_limit(LIMITS, name, value)


@dataclass(frozen=True)
class KneeResult:
    """Band over the lateral epicondyle (SI units: rad, m, N). Arrays have the broadcast input shape."""

    flexion: float | NDArray[np.float64]  # rad
    itb_tension: float | NDArray[np.float64]  # N
    band_position: float | NDArray[np.float64]  # m, loaded fibres' apparent position, anterior positive
    wrap_angle: float | NDArray[np.float64]  # rad
    compression_force: float | NDArray[np.float64]  # N, 2 T sin(alpha / 2)
    in_impingement_zone: bool | NDArray[np.bool_]  # wrap angle >= half its peak

    @property
    def flexion_deg(self) -> float | NDArray[np.float64]:
        if isinstance(self.flexion, np.ndarray):
            return np.degrees(self.flexion)
        return float(np.degrees(self.flexion))

    @property
    def wrap_angle_deg(self) -> float | NDArray[np.float64]:
        if isinstance(self.wrap_angle, np.ndarray):
            return np.degrees(self.wrap_angle)
        return float(np.degrees(self.wrap_angle))

    @property
    def band_position_mm(self) -> float | NDArray[np.float64]:
        return self.band_position * 1e3


def _knee(
    flexion: NDArray[np.float64],
    tension: NDArray[np.float64],
    crossing: ArrayLike,
    width: ArrayLike,
    peak_wrap: ArrayLike,
    p: Parameters,
) -> KneeResult:
    """Unchecked SI core of :func:`knee_compression` (angles in rad, inputs of one shape).

    ``gait`` reuses it.
    """
    crossing = np.asarray(crossing, dtype=float)
    width = np.asarray(width, dtype=float)
    peak_wrap = np.asarray(peak_wrap, dtype=float)
    x0 = p.value("knee.band_position_at_extension")
    position = x0 * (1.0 - flexion / crossing)
    z = (flexion - crossing) / width
    wrap = peak_wrap * np.exp(-0.5 * z * z)
    compression = 2.0 * tension * np.sin(0.5 * wrap)
    zone = np.abs(flexion - crossing) <= width * np.sqrt(2.0 * np.log(2.0))
    return KneeResult(
        flexion=freeze(flexion),
        itb_tension=freeze(tension),
        band_position=freeze(position),
        wrap_angle=freeze(wrap),
        compression_force=freeze(compression),
        in_impingement_zone=freeze(zone),
    )


def knee_compression(
    knee_flexion_deg: ArrayLike,
    itb_tension: ArrayLike,
    *,
    crossing_angle_deg: ArrayLike | None = None,
    zone_width_deg: ArrayLike | None = None,
    peak_wrap_angle_deg: ArrayLike | None = None,
    params: Parameters | None = None,
) -> KneeResult:
    """Apparent band position over the lateral femoral epicondyle and the compression it causes.

    Parameters (broadcast together; arrays give arrays, e.g. a flexion sweep x a set of tensions):
    - ``knee_flexion_deg``: deg, 0 (straight) to 120.
    - ``itb_tension``: N, 0 to 3000 (running puts a few hundred newtons on the band, ``gait``).
    - ``crossing_angle_deg``: flexion at which the loaded fibres lie over the epicondyle, 10-60 deg;
      default 30 (teaching assumption from Orchard et al. 1996 and Fairclough et al. 2006).
    - ``zone_width_deg``: Gaussian width of the wrap angle in flexion, 2-30 deg; default 8.5
      (teaching assumption: wrap above half its peak from 20 deg).
    - ``peak_wrap_angle_deg``: wrap angle over the epicondyle, 1-60 deg; default 20 (teaching assumption).

    Equations (module docstring): x = x0 (1 - phi / phi_c); alpha = alpha_max exp(-(phi - phi_c)^2 /
    (2 sigma^2)); N = 2 T sin(alpha / 2); zone where alpha >= alpha_max / 2.

    The band is anchored (Fairclough et al. 2006): ``band_position`` is the loaded fibres' apparent
    position, and ``compression_force`` an index on an idealised pulley, not a measured pressure.

    Returns a :class:`KneeResult`. Raises ``ValueError`` naming the parameter when an input is out of
    range or the arrays cannot be broadcast together.
    """
    p = params or default_parameters()
    phi = np.radians(_check("knee_flexion_deg", knee_flexion_deg))
    t = _check("itb_tension", itb_tension)
    crossing = p.value("knee.crossing_angle") if crossing_angle_deg is None else np.radians(
        _check("crossing_angle_deg", crossing_angle_deg))
    width = p.value("knee.zone_width") if zone_width_deg is None else np.radians(
        _check("zone_width_deg", zone_width_deg))
    peak = p.value("knee.peak_wrap_angle") if peak_wrap_angle_deg is None else np.radians(
        _check("peak_wrap_angle_deg", peak_wrap_angle_deg))
    try:
        shape = np.broadcast_shapes(*(np.shape(x) for x in (phi, t, crossing, width, peak)))
    except ValueError as exc:
        raise ValueError(
            f"knee_compression: the array inputs have shapes that cannot be broadcast together ({exc})"
        ) from None
    b = lambda x: np.broadcast_to(x, shape)  # noqa: E731
    return _knee(b(phi), b(t), b(crossing), b(width), b(peak), p)
