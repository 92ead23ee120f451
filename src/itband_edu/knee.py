"""At the knee: where the band's line lies relative to the lateral femoral epicondyle, and how hard it
presses on it, from the geometry of its attachments.

Runners with ITB syndrome feel it at the lateral knee. Orchard et al. (1996) placed the impingement of
the band on the lateral femoral epicondyle "at, or slightly below" 30 deg of knee flexion; Fairclough et
al. (2006) saw the band compressed against the epicondyle at 30 deg on MRI and argued that the band is
anchored to the femur by fibrous strands (Kaplan's fibres) over a richly innervated fat pad, so it does
not slide to and fro. This module does NOT take a crossing angle or a peak as an input: it builds the
band's line from where it is attached and lets the angle of peak compression come out.

Geometry (lateral view of a right knee; femur frame, origin at the centre of the lateral epicondyle E;
x anterior, y proximal, z lateral; constants in ``data/knee.csv``, each with its source or marked as a
teaching assumption):
- the band's distal segment runs from its femoral anchorage A (the distal Kaplan fibres, proximal to
  the epicondyle) to Gerdy's tubercle G on the tibia. Proximal to A the band is held on the femur, so
  only the short segment A-G moves with the tibia;
- the knee flexes about an axis parallel to z through K (near E: the transepicondylar axis approximates
  the flexion axis). Flexion phi carries G posteriorly and distally about K;
- the tibia's internal rotation psi (about its long axis, which lies medial of G) carries G anteriorly
  and medially, i.e. deeper under the epicondyle. psi is the rotation that goes with flexion in passive
  motion (the peer model's coupling, Rajagopal et al. 2016, about 9 deg at 30 deg of flexion) plus any
  extra rotation given (``tibial_rotation_deg``; running's foot chain gives a few degrees);
- the epicondyle is a smooth bump on the lateral surface, of height h above the level of A and G and of
  radius r:  z_s(rho) = h (1 - (rho / r)^2)^2  for rho < r, 0 beyond;
- the band is a ribbon of width w at the epicondyle, taken as n parallel fibres sharing the tension
  equally. A fibre whose straight line passes within r of E and below the bump's surface is lifted
  over it at P and bent through  alpha = atan(z_s / a) + atan((z_s - z_G) / b)  (a, b: the lengths
  A-P and P-G in the lateral view; z_G the depth of G below the anchorage's level);
- a fibre of tension t bent through alpha presses on the bump with  2 t sin(alpha / 2)  (the resultant of
  the two pulls; no friction is needed for it, and none is modelled).

Tension: the anchorage takes part of the hip muscles' pull into the femur, and how much is not measured.
The tension that reaches the knee is ``tension_past_anchorage`` x the band's tension (a teaching
assumption, data/knee.csv). It scales the compression but does not move the angle at which it peaks.

Where along the flexion range the band crosses and presses hardest, and how sensitive that is, are in
``knee_angles``.

Outputs: ``band_position`` is the signed distance (anterior positive) of the band's centre line from the
epicondyle's centre in the lateral view: anterior when the knee is straight, posterior in deep flexion,
zero at the crossing angle. With an anchored band this line is where the loaded fibres lie; the model
cannot tell a band that moves from one whose fibres take turns (Fairclough et al.). ``compression_force``
is a compression INDEX in newtons on an idealised bump, not a measured pressure.

What the default geometry gives (tests/test_knee.py and tests/test_published.py check these): the
band's line crosses the epicondyle at 33 deg of flexion (Orchard et al.: at or slightly below 30 deg);
the compression index is broad, within 10 % of its largest value from about 22 to 58 deg and largest at
about 41 deg, because the coupled internal rotation keeps pulling Gerdy's tubercle deeper after the
crossing. Where exactly it peaks depends most on the band's unmeasured position at its anchorage (+/-10
mm moves it from 25 to 60 deg, ``peak_angle_sensitivity``). The model's line moves back about 11 mm
from 0 to 45 deg, 1.5 to 3 times the 3.8-7.1 mm Jelsing et al. (2013) saw by ultrasound: the real band is held by its
anchoring, which the model does not have.

What the model cannot show: the pressure in the fat pad under the band (its area and softness are not
modelled), inflammation or pain, the band's own change of length between its attachments (and so any
tension the knee's motion adds), the tether that holds the band's fibres over the fat pad, and the
knee's rolling and sliding (a fixed flexion axis).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._results import freeze
from ._validate import Limits, check_limit, check_range
from .parameters import Parameters, default_parameters

__all__ = ["KneeGeometry", "KneeResult", "knee_compression", "LIMITS", "N_FIBRES"]

LIMITS: Limits = {
    "knee_flexion_deg": (0.0, 140.0, "deg"),
    "itb_tension": (0.0, 3000.0, "N"),
    "tibial_rotation_deg": (-30.0, 30.0, "deg"),
}

_KNOTS = np.radians(np.arange(0.0, 121.0, 10.0))

#: Number of parallel fibres the band's width is split into, at the centres of equal strips (a numerical
#: choice: 61 and 801 fibres give peak angles within 1 deg of each other, ``tests/test_knee.py``).
N_FIBRES = 61

# field -> (data name in knee.csv, low, high, unit shown in messages); lengths in mm in messages and data
_GEOMETRY: dict[str, tuple[str, float, float, str]] = {
    "anchorage_proximal": ("anchorage_proximal", 5.0, 80.0, "mm"),
    "anchorage_anterior": ("anchorage_anterior", -30.0, 30.0, "mm"),
    "gerdy_distal": ("gerdy_distal", 10.0, 80.0, "mm"),
    "gerdy_anterior": ("gerdy_anterior", -20.0, 50.0, "mm"),
    "gerdy_depth": ("gerdy_depth", -10.0, 20.0, "mm"),
    "gerdy_tibial_axis_anterior": ("gerdy_tibial_axis_anterior", -20.0, 50.0, "mm"),
    "gerdy_tibial_axis_lateral": ("gerdy_tibial_axis_lateral", 0.0, 60.0, "mm"),
    "flexion_axis_anterior": ("flexion_axis_anterior", -20.0, 20.0, "mm"),
    "flexion_axis_proximal": ("flexion_axis_proximal", -20.0, 20.0, "mm"),
    "epicondyle_height": ("epicondyle_height", 0.5, 15.0, "mm"),
    "epicondyle_radius": ("epicondyle_radius", 2.0, 30.0, "mm"),
    "band_width": ("", 2.0, 60.0, "mm"),  # the band's measured width, data/tissue.csv itb_width
    "tension_past_anchorage": ("tension_past_anchorage", 0.0, 1.0, ""),
}


@dataclass(frozen=True)
class KneeGeometry:
    """Where the band's distal segment is attached, and the bump it crosses (SI: metres; see the module
    docstring for the frame). Build it with :meth:`from_parameters`; :meth:`with_changes` gives a
    what-if copy with lengths in millimetres, checked against the allowed ranges."""

    anchorage_proximal: float  # m, A above E
    anchorage_anterior: float  # m, A anterior of E (negative: posterior)
    gerdy_distal: float  # m, G below E, knee straight
    gerdy_anterior: float  # m, G anterior of E, knee straight
    gerdy_depth: float  # m, G medial of the anchorage's level (positive: deeper)
    gerdy_tibial_axis_anterior: float  # m, G anterior of the tibia's long axis
    gerdy_tibial_axis_lateral: float  # m, G lateral of the tibia's long axis
    flexion_axis_anterior: float  # m, K anterior of E
    flexion_axis_proximal: float  # m, K above E
    epicondyle_height: float  # m, bump height above the level of A
    epicondyle_radius: float  # m
    band_width: float  # m, at the epicondyle
    tension_past_anchorage: float  # 1, fraction of the band's tension reaching the knee
    coupled_rotation: tuple[float, ...]  # rad, tibial internal rotation at 0, 10, ..., 120 deg of flexion

    @classmethod
    def from_parameters(cls, params: Parameters | None = None) -> "KneeGeometry":
        p = params or default_parameters()
        dims = {f: p.value(f"knee.{name}") if name else p.itb_width for f, (name, *_r) in _GEOMETRY.items()}
        knots = tuple(p.value(f"knee.coupled_tibial_rotation_{a:03d}") for a in range(0, 121, 10))
        return cls(**dims, coupled_rotation=knots)

    def coupled_tibial_rotation(self, flexion: ArrayLike) -> NDArray[np.float64]:
        """The tibia's internal rotation (rad) that goes with a knee flexion (rad) in passive motion:
        linear between the tabulated knots, held beyond 120 deg."""
        return np.interp(np.asarray(flexion, dtype=float), _KNOTS, np.asarray(self.coupled_rotation))

    def with_changes(self, **changes: float) -> "KneeGeometry":
        """A copy with some dimensions changed, lengths given in mm (``tension_past_anchorage`` as a
        fraction). Raises ``ValueError`` naming an unknown dimension or a value out of its range."""
        new: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in _GEOMETRY:
                raise ValueError(f"unknown knee dimension {name!r}; known: {', '.join(_GEOMETRY)}")
            _n, low, high, unit = _GEOMETRY[name]
            v = float(check_range(name, value, low, high, unit))
            new[name] = v * 1e-3 if unit == "mm" else v
        return replace(self, **new)

    def in_mm(self) -> dict[str, float]:
        """The dimensions as a dict, lengths in mm (for tables)."""
        return {name: getattr(self, name) * (1e3 if unit == "mm" else 1.0)
                for name, (_n, _lo, _hi, unit) in _GEOMETRY.items()}


@dataclass(frozen=True)
class KneeResult:
    """Band over the lateral epicondyle (SI units: rad, m, N). Arrays have the broadcast input shape."""

    flexion: float | NDArray[np.float64]  # rad
    tibial_rotation: float | NDArray[np.float64]  # rad, internal positive: coupled to flexion + extra
    itb_tension: float | NDArray[np.float64]  # N, the band's tension above its femoral anchorage
    tension_at_knee: float | NDArray[np.float64]  # N, the part that passes the anchorage
    band_position: float | NDArray[np.float64]  # m, centre line from the epicondyle, anterior positive
    wrap_angle: float | NDArray[np.float64]  # rad, largest bend of a fibre over the epicondyle
    compression_force: float | NDArray[np.float64]  # N, sum over fibres of 2 t sin(alpha / 2)
    in_contact: bool | NDArray[np.bool_]  # some fibre presses on the epicondyle

    @property
    def flexion_deg(self) -> float | NDArray[np.float64]:
        return _deg(self.flexion)

    @property
    def wrap_angle_deg(self) -> float | NDArray[np.float64]:
        return _deg(self.wrap_angle)

    @property
    def band_position_mm(self) -> float | NDArray[np.float64]:
        return self.band_position * 1e3


def _deg(x: float | NDArray[np.float64]) -> float | NDArray[np.float64]:
    return np.degrees(x) if isinstance(x, np.ndarray) else float(np.degrees(x))


def _line(flexion: NDArray[np.float64], rotation: NDArray[np.float64], g: KneeGeometry
          ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Gerdy's tubercle in the femur frame and the band's centre line A-G in the lateral view.

    Returns (signed distance of E from the line, anterior positive; fraction along A-G of the point
    nearest E; lateral-view length A-G; depth of G below the anchorage's level)."""
    # internal rotation about the tibia's long axis (G lies a_G anterior and l_G lateral of it)
    a_g, l_g = g.gerdy_tibial_axis_anterior, g.gerdy_tibial_axis_lateral
    cr, sr = np.cos(rotation), np.sin(rotation)
    gx = g.gerdy_anterior + a_g * (cr - 1.0) + l_g * sr
    gz = -g.gerdy_depth - a_g * sr + l_g * (cr - 1.0)  # lateral coordinate of G (A at 0)
    gy = np.full_like(gx, -g.gerdy_distal)
    # flexion about K: distal points move posteriorly
    kx, ky = g.flexion_axis_anterior, g.flexion_axis_proximal
    cf, sf = np.cos(flexion), np.sin(flexion)
    rx, ry = gx - kx, gy - ky
    gx, gy = kx + rx * cf + ry * sf, ky - rx * sf + ry * cf
    dx, dy = gx - g.anchorage_anterior, gy - g.anchorage_proximal
    length = np.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    # anterior normal of a line running distally is (-uy, ux); E is the origin
    s = g.anchorage_anterior * -uy + g.anchorage_proximal * ux
    lam = -(g.anchorage_anterior * ux + g.anchorage_proximal * uy) / length
    return s, lam, length, -gz


def _knee(flexion: NDArray[np.float64], rotation: NDArray[np.float64], tension: NDArray[np.float64],
          g: KneeGeometry, n_fibres: int = N_FIBRES) -> KneeResult:
    """Unchecked SI core of :func:`knee_compression` (inputs of one shape; ``rotation`` is the extra
    internal rotation on top of the coupled one). ``gait`` reuses it."""
    rotation = rotation + g.coupled_tibial_rotation(flexion)
    s, lam, length, depth = _line(flexion, rotation, g)
    offsets = ((np.arange(n_fibres) + 0.5) / n_fibres - 0.5) * g.band_width  # strip centres
    rho = np.abs(s[..., None] + offsets)  # each fibre's distance from E in the lateral view
    u = np.minimum(rho / g.epicondyle_radius, 1.0)
    z_s = g.epicondyle_height * (1.0 - u * u) ** 2
    lam_ = np.clip(lam, 1e-6, 1.0 - 1e-6)[..., None]
    z_line = -lam_ * depth[..., None]  # the straight fibre's lateral height at P
    a = lam_ * length[..., None]
    b = (1.0 - lam_) * length[..., None]
    touching = (z_s > z_line) & (rho < g.epicondyle_radius) & ((lam > 0.0) & (lam < 1.0))[..., None]
    alpha = np.where(touching, np.arctan2(z_s, a) + np.arctan2(z_s + depth[..., None], b), 0.0)
    at_knee = g.tension_past_anchorage * tension
    compression = (at_knee / n_fibres) * (2.0 * np.sin(0.5 * alpha)).sum(axis=-1)
    return KneeResult(
        flexion=freeze(flexion),
        tibial_rotation=freeze(rotation),
        itb_tension=freeze(tension),
        tension_at_knee=freeze(at_knee),
        band_position=freeze(s),
        wrap_angle=freeze(alpha.max(axis=-1)),
        compression_force=freeze(compression),
        in_contact=freeze(touching.any(axis=-1)),
    )


def knee_compression(
    knee_flexion_deg: ArrayLike,
    itb_tension: ArrayLike,
    *,
    tibial_rotation_deg: ArrayLike = 0.0,
    geometry: KneeGeometry | None = None,
    params: Parameters | None = None,
) -> KneeResult:
    """The band's line over the lateral femoral epicondyle and the compression it causes.

    Parameters (broadcast together; arrays give arrays, e.g. a flexion sweep x a set of tensions):
    - ``knee_flexion_deg``: deg, 0 (straight) to 140.
    - ``itb_tension``: N, 0 to 3000: the band's tension above its femoral anchorage (running puts a
      few hundred newtons on it, ``gait``).
    - ``tibial_rotation_deg``: deg, -30 to 30: internal rotation of the tibia (positive) on top of the
      rotation that goes with flexion in passive motion (``KneeGeometry.coupled_tibial_rotation``);
      default 0. Running's foot chain gives a few degrees (``chain``).
    - ``geometry``: a :class:`KneeGeometry` (default: ``data/knee.csv``), e.g.
      ``KneeGeometry.from_parameters().with_changes(gerdy_anterior=15)`` for a what-if.

    Equations in the module docstring. Returns a :class:`KneeResult`. Raises ``ValueError`` naming the
    parameter when an input is out of range or the arrays cannot be broadcast together.
    """
    g = geometry or KneeGeometry.from_parameters(params)
    phi = np.radians(check_limit(LIMITS, "knee_flexion_deg", knee_flexion_deg))
    t = check_limit(LIMITS, "itb_tension", itb_tension)
    psi = np.radians(check_limit(LIMITS, "tibial_rotation_deg", tibial_rotation_deg))
    try:
        shape = np.broadcast_shapes(np.shape(phi), np.shape(t), np.shape(psi))
    except ValueError as exc:
        raise ValueError(
            f"knee_compression: the array inputs have shapes that cannot be broadcast together ({exc})"
        ) from None
    b = lambda x: np.broadcast_to(x, shape)  # noqa: E731
    return _knee(b(phi), b(psi), b(t), g)
