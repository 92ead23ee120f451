"""Where along the knee's flexion range the band meets the epicondyle: the crossing angle, the angle of
peak compression, their sensitivity to the uncertain dimensions, and the flexion ranges of activities.

All are OUTPUTS of the geometry in ``knee`` (data/knee.csv), found on a 0.05 deg grid over 0-140 deg
at constant tension (the angle does not depend on the tension, which only scales the compression).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import check_limit, check_range
from .knee import _GEOMETRY, LIMITS, KneeGeometry, KneeResult, _knee
from .parameters import Parameters, default_parameters

__all__ = ["crossing_angle", "peak_compression_angle", "peak_angle_sensitivity", "SensitivityRow",
           "activity_flexion_ranges"]

_SWEEP = np.radians(np.arange(0.0, 140.0 + 1e-9, 0.05))


def _sweep(g: KneeGeometry, rotation_deg: float) -> KneeResult:
    psi = np.full(_SWEEP.shape, np.radians(float(check_limit(LIMITS, "tibial_rotation_deg", rotation_deg))))
    return _knee(_SWEEP, psi, np.ones_like(_SWEEP), g)


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


def activity_flexion_ranges(params: Parameters | None = None) -> dict[str, tuple[float, float]]:
    """Knee flexion (deg, low and high) while the band is loaded, by activity, from ``data/``:
    level running's stance (Heiderscheit et al. 2011), downhill running's stance and the cycling pedal
    stroke (sources in ``data/knee.csv``)."""
    p = params or default_parameters()
    d = lambda name: float(np.degrees(p.value(name)))  # noqa: E731
    return {
        "level running (stance)": (d("gait.knee_flexion_contact"), d("gait.peak_knee_flexion")),
        "downhill running (stance)": (d("knee.downhill_flexion_contact"), d("knee.downhill_peak_flexion")),
        "cycling (pedal stroke)": (d("knee.cycling_min_flexion"), d("knee.cycling_max_flexion")),
    }
