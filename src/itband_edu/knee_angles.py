"""Where along the knee's flexion range the band meets the epicondyle: the crossing angle, the angle of
peak compression, their sensitivity to the uncertain dimensions, and the flexion ranges of activities.

All are OUTPUTS of the geometry in ``knee`` (data/knee.csv), found on a 0.05 deg grid over 0-140 deg
at constant tension (the angle does not depend on the tension, which only scales the compression).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ._validate import check_limit, check_range
from .knee import _GEOMETRY, LIMITS, KneeGeometry, KneeResult, _knee
from .parameters import Parameters, default_parameters

if TYPE_CHECKING:
    from .gait import RunningStanceResult

__all__ = ["crossing_angle", "peak_compression_angle", "peak_angle_sensitivity", "SensitivityRow",
           "activity_flexion_ranges", "compression_zone", "time_in_zone", "TimeInZone", "walking_knee_flexion",
           "stance_time_in_zone"]

_SWEEP = np.radians(np.arange(0.0, 140.0 + 1e-9, 0.05))


#: The coarser grid of ``compression_zone``: its edges are interpolated, so 0.25 deg is plenty and the
#: sweep is five times cheaper (an explorer recomputes the zone when the tibial rotation moves).
_ZONE_SWEEP = np.radians(np.arange(0.0, 140.0 + 1e-9, 0.25))


def _sweep(g: KneeGeometry, rotation_deg: float, grid: NDArray[np.float64] = _SWEEP) -> KneeResult:
    psi = np.full(grid.shape, np.radians(float(check_limit(LIMITS, "tibial_rotation_deg", rotation_deg))))
    return _knee(grid, psi, np.ones_like(grid), g)


def peak_compression_angle(*, tibial_rotation_deg: float = 0.0, geometry: KneeGeometry | None = None,
                           params: Parameters | None = None) -> float:
    """The knee flexion (deg) at which the compression is largest, found on a 0.05 deg grid over 0-140
    deg at constant tension: an OUTPUT of the geometry. NaN never: raises ``ValueError`` if the band
    never touches the epicondyle for this geometry."""
    g = geometry or KneeGeometry.from_parameters(params)
    r = _sweep(g, tibial_rotation_deg)
    if not np.any(r.in_contact):
        raise ValueError("peak_compression_angle: with this geometry the band never touches the epicondyle "
                         "between 0 and 140 deg of flexion")
    return float(np.degrees(_SWEEP[int(np.argmax(r.compression_force))]))


def crossing_angle(*, tibial_rotation_deg: float = 0.0, geometry: KneeGeometry | None = None,
                   params: Parameters | None = None) -> float:
    """The knee flexion (deg) at which the band's centre line passes over the epicondyle's centre
    (``band_position`` changes sign), or ``ValueError`` if it does not within 0-140 deg."""
    g = geometry or KneeGeometry.from_parameters(params)
    s = np.asarray(_sweep(g, tibial_rotation_deg).band_position)
    idx = np.flatnonzero((s[:-1] > 0) & (s[1:] <= 0))
    if idx.size == 0:
        raise ValueError("crossing_angle: with this geometry the band's line does not pass over the "
                         "epicondyle between 0 and 140 deg of flexion")
    i = int(idx[0])
    f = s[i] / (s[i] - s[i + 1])
    return float(np.degrees(_SWEEP[i] + f * (_SWEEP[i + 1] - _SWEEP[i])))


@dataclass(frozen=True)
class SensitivityRow:
    """How far the peak compression angle moves when one dimension takes its low and high value."""

    dimension: str
    low_mm: float
    high_mm: float
    peak_at_low_deg: float
    peak_at_high_deg: float

    @property
    def swing_deg(self) -> float:
        return abs(self.peak_at_high_deg - self.peak_at_low_deg)


def peak_angle_sensitivity(spans_mm: dict[str, float] | None = None, *, geometry: KneeGeometry | None = None,
                           params: Parameters | None = None) -> tuple[SensitivityRow, ...]:
    """For each uncertain dimension, the peak compression angle with the dimension at its value minus
    and plus its span (mm), the others held. Default spans: the ``*_uncertainty`` rows of
    ``data/knee.csv``. Rows are sorted by swing, largest first."""
    p = params or default_parameters()
    g = geometry or KneeGeometry.from_parameters(p)
    if spans_mm is None:
        spans_mm = {name: p.value(f"knee.{name}_uncertainty") * 1e3 for name in _GEOMETRY
                    if f"knee.{name}_uncertainty" in p.table}
    rows = []
    mm = g.in_mm()
    for name, span in spans_mm.items():
        if name not in _GEOMETRY or _GEOMETRY[name][3] != "mm":
            raise ValueError(f"unknown knee length {name!r}; known: "
                             f"{', '.join(n for n, v in _GEOMETRY.items() if v[3] == 'mm')}")
        span = float(check_range(f"spans_mm[{name!r}]", span, 0.0, 30.0, "mm"))
        lo, hi = mm[name] - span, mm[name] + span
        rows.append(SensitivityRow(name, lo, hi, peak_compression_angle(geometry=g.with_changes(**{name: lo})),
                                   peak_compression_angle(geometry=g.with_changes(**{name: hi}))))
    return tuple(sorted(rows, key=lambda r: -r.swing_deg))


#: Stance fractions (0-1) of the walking knee-flexion knots in data/knee.csv (``walking_flexion_000``...).
_WALKING_KNOTS = np.arange(0, 101, 5)


def walking_knee_flexion(params: Parameters | None = None) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Knee flexion (deg) over one stance phase of level walking: (stance fraction 0-1, flexion), the 21
    knots of ``data/knee.csv`` (every 5 % of stance). A MEASURED curve of one subject, not a synthetic
    shape: the OpenSim example subject01's inverse kinematics (Delp et al. 2007). It has two passes near
    the zone: the loading-response peak (about 24 deg at a fifth of stance) and the bend before toe-off,
    when the foot is already unloading."""
    p = params or default_parameters()
    flex = np.array([np.degrees(p.value(f"knee.walking_flexion_{k:03d}")) for k in _WALKING_KNOTS])
    return _WALKING_KNOTS / 100.0, flex


def activity_flexion_ranges(params: Parameters | None = None) -> dict[str, tuple[float, float]]:
    """Knee flexion (deg, low and high) while the foot is loaded, by activity, from ``data/``:
    level running's stance (Heiderscheit et al. 2011), downhill running's stance, the cycling pedal
    stroke and level walking's stance (sources in ``data/knee.csv``)."""
    p = params or default_parameters()
    d = lambda name: float(np.degrees(p.value(name)))  # noqa: E731
    walk = walking_knee_flexion(p)[1]
    return {
        "level running (stance)": (d("gait.knee_flexion_contact"), d("gait.peak_knee_flexion")),
        "downhill running (stance)": (d("knee.downhill_flexion_contact"), d("knee.downhill_peak_flexion")),
        "cycling (pedal stroke)": (d("knee.cycling_min_flexion"), d("knee.cycling_max_flexion")),
        "walking (stance)": (float(walk.min()), float(walk.max())),
    }


def compression_zone(fraction: float | None = None, *, tibial_rotation_deg: float = 0.0,
                     geometry: KneeGeometry | None = None, params: Parameters | None = None) -> tuple[float, float]:
    """The flexion range (deg, low and high) where the compression index is at least ``fraction`` of
    its largest value: the model's "impingement zone", an OUTPUT of the geometry. ``fraction``
    defaults to ``data/knee.csv`` ``zone_fraction`` (0.9, a definition); allowed 0.5-0.99."""
    p = params or default_parameters()
    frac = p.value("knee.zone_fraction") if fraction is None else float(check_range("fraction", fraction, 0.5, 0.99))
    g = geometry or KneeGeometry.from_parameters(p)
    c = np.asarray(_sweep(g, tibial_rotation_deg, _ZONE_SWEEP).compression_force)
    if c.max() <= 0.0:
        raise ValueError("compression_zone: with this geometry the band never touches the epicondyle")
    x = np.degrees(_ZONE_SWEEP)
    level = frac * c.max()
    idx = np.flatnonzero(c >= level)
    i, j = int(idx[0]), int(idx[-1])

    def edge(k: int, m: int) -> float:  # linear interpolation between grid points k (outside) and m (inside)
        if k < 0 or k >= len(c):
            return float(x[m])
        return float(x[k] + (level - c[k]) / (c[m] - c[k]) * (x[m] - x[k]))

    return edge(i - 1, i), edge(j + 1, j)


@dataclass(frozen=True)
class TimeInZone:
    """How long one knee spends inside a flexion zone, per loaded phase and per minute of activity."""

    activity: str
    per_phase_s: float  # s in the zone in one stance phase or one pedal revolution
    phase_s: float  # s, duration of that phase
    phases_per_min: float  # loaded phases of one knee per minute
    synthetic: bool  # the flexion curve is a teaching shape, not measured data

    @property
    def per_minute_s(self) -> float:
        return self.per_phase_s * self.phases_per_min


def _seconds_inside(time: NDArray[np.float64], flexion_deg: NDArray[np.float64], lo: float, hi: float) -> float:
    """Time the piecewise-linear flexion curve spends in [lo, hi]: each segment contributes the share
    of its flexion span that lies inside (exact for straight segments)."""
    f0, f1, dt = flexion_deg[:-1], flexion_deg[1:], np.diff(time)
    a, b = np.minimum(f0, f1), np.maximum(f0, f1)
    overlap = np.clip(np.minimum(b, hi) - np.maximum(a, lo), 0.0, None)
    span = b - a
    flat = span <= 1e-12
    share = np.where(flat, ((a >= lo) & (a <= hi)).astype(float), overlap / np.where(flat, 1.0, span))
    return float(np.sum(share * dt))


def _zone_or_default(zone_deg: tuple[float, float] | None, p: Parameters) -> tuple[float, float]:
    if zone_deg is None:
        return compression_zone(params=p)
    if np.shape(zone_deg) != (2,):
        raise ValueError(f"zone_deg must be two flexion angles (low, high) in deg; got {zone_deg!r}")
    lo = float(check_range("zone_deg[0]", zone_deg[0], 0.0, 140.0, "deg"))
    hi = float(check_range("zone_deg[1]", zone_deg[1], 0.0, 140.0, "deg"))
    if lo >= hi:
        raise ValueError(f"zone_deg must run from low to high; got {zone_deg!r}")
    return lo, hi


def stance_time_in_zone(run: RunningStanceResult, zone_deg: tuple[float, float] | None = None, *,
                        params: Parameters | None = None) -> TimeInZone:
    """Seconds the knee of one running stance phase (a :class:`~itband_edu.gait.RunningStanceResult`,
    synthetic curves) spends inside ``zone_deg`` (default :func:`compression_zone`), and per minute at
    the result's own step rate (one knee: half the steps)."""
    p = params or default_parameters()
    lo, hi = _zone_or_default(zone_deg, p)
    t = np.asarray(run.time)
    return TimeInZone("running (stance)", _seconds_inside(t, np.asarray(run.knee_flexion_deg), lo, hi), float(t[-1]),
                      run.steps_per_minute / 2.0, True)


def time_in_zone(zone_deg: tuple[float, float] | None = None, *, n_samples: int = 2001,
                 params: Parameters | None = None) -> tuple[TimeInZone, ...]:
    """Seconds one knee spends inside ``zone_deg`` (default :func:`compression_zone`) per stance phase
    or pedal revolution, for level running, downhill running, cycling and level walking.

    Flexion curves (all SYNTHETIC shapes through sourced values): running and downhill running use
    ``gait.running_stance``'s raised-cosine knee curve (Heiderscheit et al. 2011; Pigos 2006 for
    downhill) over the running stance time (``gait.csv``; downhill keeps it, a teaching assumption
    supported by Sundström et al. 2021, who found contact time unchanged at -5 and -10 deg slopes);
    cycling is a sinusoid between the minimum and maximum flexion of ``data/knee.csv`` over one
    revolution at ``cycling_cadence`` (the shape is a teaching assumption); walking is the measured
    curve of :func:`walking_knee_flexion` (straight between its knots) over ``walking_stance_time``
    (``synthetic`` False). Per minute: running's and walking's steps per minute halved (one knee),
    cycling's revolutions.
    """
    from ._validate import check_int
    from .gait import running_stance

    p = params or default_parameters()
    n = check_int("n_samples", n_samples, 101, 10001)
    lo, hi = _zone_or_default(zone_deg, p)
    d = lambda name: float(np.degrees(p.value(name)))  # noqa: E731
    per_knee = p.value("knee.running_cadence") / 2.0
    out = []
    # downhill: Pigos's landing angle, and (as on the level) the knee leaves as bent as it landed
    downhill = {"knee_flexion_contact_deg": d("knee.downhill_flexion_contact"),
                "knee_flexion_toe_off_deg": d("knee.downhill_flexion_contact"),
                "peak_knee_flexion_deg": d("knee.downhill_peak_flexion")}
    for name, kw in (("level running (stance)", {}), ("downhill running (stance)", downhill)):
        run = running_stance(n_samples=n, params=p, **kw)
        t = np.asarray(run.time)
        out.append(TimeInZone(name, _seconds_inside(t, np.asarray(run.knee_flexion_deg), lo, hi), float(t[-1]),
                              per_knee, True))
    rev = 60.0 / p.value("knee.cycling_cadence")
    t = np.linspace(0.0, rev, n)
    a, b = d("knee.cycling_min_flexion"), d("knee.cycling_max_flexion")
    flex = a + (b - a) * 0.5 * (1.0 - np.cos(2.0 * np.pi * t / rev))
    out.append(TimeInZone("cycling (pedal stroke)", _seconds_inside(t, flex, lo, hi), rev,
                          p.value("knee.cycling_cadence"), True))
    frac, walk = walking_knee_flexion(p)
    stance = p.value("knee.walking_stance_time")
    out.append(TimeInZone("walking (stance)", _seconds_inside(frac * stance, walk, lo, hi), stance,
                          p.value("knee.walking_cadence") / 2.0, False))
    return tuple(out)
