"""Lesson 06's tables (the explorer is in ``knee``): where the band's line lies as the knee bends
(``position_table``), how far the peak and the crossing move with each uncertain dimension
(``sensitivity_table``), level and downhill running in one study and another (``slope_table``), and
each activity's time in a zone of knee flexion (``zone_time_table``).

The zones are named, never typed: ``"model"`` is the model's zone (``knee_angles.compression_zone``,
at least 90 % of the largest compression index) and ``"Orchard"`` the 20-30 deg often attributed to
Orchard et al. 1996 (``orchard_zone``: data/knee.csv, as Ferber et al. 2010 paraphrase them; Orchard's
own words are "at, or slightly below, 30 deg").

Cycling's loaded phase: ``knee_angles.time_in_zone`` counts the whole pedal revolution as loaded (a
teaching assumption). The pedal is pushed mainly on the downstroke, so ``downstroke_time_in_zone``
counts only the half revolution from top to bottom dead centre, on the same sinusoidal flexion curve,
and ``zone_time_table`` gives both rows.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence

import numpy as np

from ..gait import running_stance
from ..knee import KneeGeometry, knee_compression
from ..knee_angles import (
    TimeInZone,
    _seconds_inside,
    activity_flexion_ranges,
    compression_zone,
    crossing_angle,
    peak_angle_sensitivity,
    stance_time_in_zone,
    time_in_zone,
)
from ..parameters import Parameters, data_dir, default_parameters
from .tables import Table

__all__ = ["position_table", "sensitivity_table", "slope_table", "zone_time_table", "orchard_zone", "zone_range",
           "downstroke_time_in_zone", "DIMENSION_NAMES", "ZONES", "OVER_CENTRE_MM"]

#: Below this distance (mm) a table (and the explorer's readout) says the band's centre line is over
#: the epicondyle's centre.
OVER_CENTRE_MM = 0.05

#: Plain names of the knee's uncertain dimensions (``peak_angle_sensitivity`` rows), with their sign.
DIMENSION_NAMES = {
    "anchorage_anterior": "band's line at its anchorage A, front-back (+ in front)",
    "anchorage_proximal": "anchorage's height above the epicondyle",
    "epicondyle_radius": "epicondyle's footprint (radius)",
    "epicondyle_height": "epicondyle's height",
    "band_width": "band's width",
    "gerdy_anterior": "Gerdy's tubercle, front-back (+ in front)",
    "gerdy_distal": "Gerdy's tubercle, below the axis",
    "flexion_axis_anterior": "flexion axis, front-back (+ in front)",
    "flexion_axis_proximal": "flexion axis, up-down (+ up)",
}

#: The zone names ``zone_time_table`` and ``zone_range`` accept.
ZONES = ("model", "Orchard")


def _kinds() -> dict[str, str]:
    """The ``kind`` column of data/knee.csv (measured, derived, assumption, ...) by row name."""
    with (data_dir() / "knee.csv").open(newline="", encoding="utf-8") as fh:
        return {row["name"]: row["kind"] for row in csv.DictReader(fh)}


def _side(s: float) -> str:
    return "over the centre" if abs(s) < OVER_CENTRE_MM else ("in front" if s > 0 else "behind")


def position_table(flexions_deg: Sequence[float], params: Parameters | None = None, *,
                   with_crossing: bool = False) -> Table:
    """Where the band's centre line lies relative to the epicondyle's centre at each knee flexion (deg):
    the tibia's internal rotation that goes with it and the signed distance (mm, anterior positive),
    from :func:`itband_edu.knee.knee_compression` (the position does not depend on the tension).
    ``with_crossing`` adds, in its place among the angles, a row at the crossing angle
    (``knee_angles.crossing_angle``, to 0.1 deg)."""
    g = KneeGeometry.from_parameters(params)
    flex = [float(f) for f in flexions_deg]
    labels = [f"{f:.0f}" for f in flex]
    if with_crossing:
        cross = crossing_angle(geometry=g)
        at = int(np.searchsorted(flex, cross))
        flex.insert(at, cross)
        labels.insert(at, f"{cross:.1f} (the crossing)")
    r = knee_compression(np.asarray(flex, dtype=float), 0.0, geometry=g)
    rows = tuple((label, f"{np.degrees(psi):.1f}", f"{s:+.1f}", _side(s))
                 for label, psi, s in zip(labels, np.atleast_1d(r.tibial_rotation), np.atleast_1d(r.band_position_mm),
                                          strict=True))
    return Table(("knee flexion (°)", "tibia's internal rotation (°)", "band's centre line (mm, + in front)", "where"),
                 rows)


def sensitivity_table(params: Parameters | None = None) -> Table:
    """The angle of peak compression and the crossing angle with each uncertain dimension at its value
    minus and plus its spread (``data/knee.csv`` ``*_uncertainty``: "measured" where the spread is a
    measured SD or error bound, "assumption" where it is a teaching assumption), the others held;
    largest swing of the peak first."""
    p = params or default_parameters()
    g = KneeGeometry.from_parameters(p)

    kinds = _kinds()

    def kind(dimension: str) -> str:
        return kinds.get(f"{dimension}_uncertainty", "?")

    def cross(dimension: str, value_mm: float) -> str:
        try:
            return f"{crossing_angle(geometry=g.with_changes(**{dimension: value_mm})):.0f}"
        except ValueError:  # the line does not pass over the epicondyle's centre within 0-140 deg
            return "none"

    rows = tuple((DIMENSION_NAMES.get(r.dimension, r.dimension), f"{r.low_mm:.1f} to {r.high_mm:.1f}",
                  kind(r.dimension), f"{r.peak_at_low_deg:.0f}", f"{r.peak_at_high_deg:.0f}",
                  cross(r.dimension, r.low_mm), cross(r.dimension, r.high_mm))
                 for r in peak_angle_sensitivity(params=p))
    return Table(("dimension", "low to high (mm)", "spread", "peak at low (°)", "peak at high (°)",
                  "crossing at low (°)", "crossing at high (°)"), rows)


def orchard_zone(params: Parameters | None = None) -> tuple[float, float]:
    """The 20-30 deg often attributed to Orchard et al. 1996 (deg, low and high): ``data/knee.csv``
    ``orchard_zone_low`` and ``orchard_zone_high``, the range as Ferber et al. 2010 paraphrase them."""
    p = params or default_parameters()
    return (math.degrees(p.value("knee.orchard_zone_low")), math.degrees(p.value("knee.orchard_zone_high")))


def zone_range(zone: str = "model", params: Parameters | None = None) -> tuple[float, float]:
    """The flexion range (deg) of a named zone: ``"model"`` (``compression_zone``) or ``"Orchard"``
    (``orchard_zone``). Raises ``ValueError`` naming the allowed names."""
    if zone == "model":
        return compression_zone(params=params)
    if zone == "Orchard":
        return orchard_zone(params)
    raise ValueError(f"zone={zone!r} is not a zone this table knows; allowed: {', '.join(map(repr, ZONES))}")


def downstroke_time_in_zone(zone: str = "model", *, n_samples: int = 2001,
                            params: Parameters | None = None) -> TimeInZone:
    """Seconds one knee spends inside a named zone (see :func:`zone_range`) during the DOWNSTROKE of a
    pedal revolution only: the half revolution from top dead centre (largest flexion) to bottom dead
    centre (smallest), when the pedal is pushed. The flexion curve is ``time_in_zone``'s sinusoid
    between ``cycling_min_flexion`` and ``cycling_max_flexion`` over one revolution at
    ``cycling_cadence`` (a teaching shape); per minute: one downstroke per revolution."""
    p = params or default_parameters()
    if not isinstance(n_samples, int) or not 101 <= n_samples <= 10001:
        raise ValueError(f"n_samples={n_samples!r} is outside the allowed range [101, 10001]")
    lo, hi = zone_range(zone, p)
    a, b = (math.degrees(p.value(f"knee.cycling_{x}_flexion")) for x in ("min", "max"))
    cadence = p.value("knee.cycling_cadence")
    rev = 60.0 / cadence
    t = np.linspace(0.5 * rev, rev, n_samples)  # top dead centre at half a revolution, bottom at a whole one
    flex = a + (b - a) * 0.5 * (1.0 - np.cos(2.0 * np.pi * t / rev))
    return TimeInZone("cycling (downstroke only)", _seconds_inside(t - t[0], flex, lo, hi), 0.5 * rev, cadence, True)


def zone_time_table(zone: str = "model", params: Parameters | None = None) -> Table:
    """For each activity: its knee-flexion range, what is counted as its loaded phase, the time one knee
    spends inside the named zone (``"model"`` or ``"Orchard"``, :func:`zone_range`) per loaded phase
    and per minute, and whether its flexion curve is measured or a synthetic shape. Cycling has two
    rows: the whole revolution counted as loaded (``knee_angles.time_in_zone``, a teaching assumption)
    and the downstroke only (:func:`downstroke_time_in_zone`)."""
    p = params or default_parameters()
    lo_hi = zone_range(zone, p)
    ranges = activity_flexion_ranges(p)
    found = {r.activity: r for r in time_in_zone(lo_hi, params=p)}
    counted = {"level running (stance)": "stance", "downhill running (stance)": "stance",
               "cycling (pedal stroke)": "whole revolution (assumption)", "walking (stance)": "stance"}
    order = [("level running", "level running (stance)", found["level running (stance)"]),
             ("downhill running", "downhill running (stance)", found["downhill running (stance)"]),
             ("cycling", "cycling (pedal stroke)", found["cycling (pedal stroke)"]),
             ("cycling", "cycling (pedal stroke)", downstroke_time_in_zone(zone, params=p)),
             ("walking", "walking (stance)", found["walking (stance)"])]
    rows = []
    for name, key, r in order:
        what = "downstroke only" if r.activity.endswith("(downstroke only)") else counted[key]
        rows.append((name, "{:.0f}–{:.0f}".format(*ranges[key]), f"{what}, {r.phase_s:.2f} s",
                     f"{1000 * r.per_phase_s:.0f}", f"{r.phases_per_min:.1f}", f"{r.per_minute_s:.1f}",
                     "synthetic shape" if r.synthetic else "measured (one subject)"))
    return Table(("activity", "knee flexion (°)", "counted as loaded", "in the zone per phase (ms)",
                  "phases a minute, one knee", "in the zone per minute (s)", "flexion curve"), tuple(rows))


def slope_table(params: Parameters | None = None) -> Table:
    """One running stance (the course's synthetic knee curve, ``gait.running_stance``, 0.25 s) through
    each study's measured knee flexion at foot strike and at its peak, back to the landing angle at
    toe-off (a teaching assumption): Pigos 2006's level and 9 %
    downhill running (the same runners, ``data/knee.csv``) and Heiderscheit et al. 2011's level
    running (``data/gait.csv``); the time spent in the model's zone and in Orchard's 20-30 deg."""
    p = params or default_parameters()
    d = lambda name: math.degrees(p.value(name))  # noqa: E731
    cases = [("level, Pigos 2006", d("knee.pigos_level_flexion_contact"), d("knee.pigos_level_peak_flexion")),
             ("9 % downhill, Pigos 2006", d("knee.downhill_flexion_contact"), d("knee.downhill_peak_flexion")),
             ("level, Heiderscheit et al. 2011", d("gait.knee_flexion_contact"), d("gait.peak_knee_flexion"))]
    zones = [zone_range(z, p) for z in ZONES]
    rows = []
    for label, contact, peak in cases:
        # the knee leaves the ground as bent as it landed (a teaching assumption, as time_in_zone's downhill)
        run = running_stance(n_samples=2001, knee_flexion_contact_deg=contact, knee_flexion_toe_off_deg=contact,
                             peak_knee_flexion_deg=peak, params=p)
        times = [stance_time_in_zone(run, z, params=p).per_phase_s for z in zones]
        rows.append((label, f"{contact:.1f} → {peak:.1f}", *(f"{1000 * t:.0f}" for t in times)))
    (m0, m1), (o0, o1) = zones
    return Table(("running", "knee flexion (°), foot strike → peak",
                  f"in the model's zone, {m0:.0f}–{m1:.0f}° (ms)", f"in Orchard's {o0:.0f}–{o1:.0f}° (ms)"),
                 tuple(rows))
