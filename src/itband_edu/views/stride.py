"""Lesson 07's explorer: one running stance phase, played in time, and the levers that change it.

``stride_explorer()`` returns a :class:`StrideExplorer` around :func:`itband_edu.gait.running_stance`
(SYNTHETIC CURVES SHAPED TO PUBLISHED PEAKS, NEVER MEASURED DATA) with a time slider and a Play
control, and the levers of lesson 07: the step rate (Heiderscheit et al. 2011's measured means),
the knee's flexion at foot contact (Heiderscheit's mean at that step rate, or one of Miller et al.
2007's two groups at the end of a run to exhaustion), gluteus medius strength, trunk lean and body
mass. Its figure is :class:`~itband_edu.views.stride_plots.StrideFigure`. For the lesson's cells:
:func:`peak_tension` (a run's peak band tension) and :func:`zone_definition_table` (the time in the
zone under three definitions of the zone).

Controls (names are the contract lesson 07 uses):

* ``stance_percent``: 0-100 % of stance, the instant shown (starts at 0, foot contact). ``ex.play``,
  an ``ipywidgets.Play`` beside the Reset button, is linked to it in the browser (``W.jslink``), so
  pressing its play button advances the instant without a key press;
* ``step_rate_change_percent``: -10 to +10 % of the preferred step rate, step 1 (Heiderscheit's
  conditions are -10, -5, 0, +5, +10; between them the measured means are interpolated);
* ``knee_at_contact``: where the knee's flexion at foot contact comes from (``KNEE_AT_CONTACT_OPTIONS``):
  Heiderscheit et al.'s mean at the step rate (17.8 deg at the preferred rate), or Miller et al.
  2007's controls / runners with a history of ITB syndrome at the end of a treadmill run to
  exhaustion (``gait.fatigued_knee_flexion_contact``, 15.3 / 20.6 deg). Two groups of runners, not
  one runner fresh and tired. Only the landing changes: the toe-off angle stays the step rate's
  landing angle (``running_stance``'s teaching assumption);
* ``glute_med_strength`` 0.3-1.5 (fraction of normal), ``trunk_lean_deg`` -10 to 20 (toward the
  stance side, in the room), ``body_mass`` 40-120 kg.

``ex.result`` is the :class:`~itband_edu.gait.RunningStanceResult` (101 samples) of the current levers.
Model runs are cached per lever setting: moving the instant (the slider or the Play) never runs the
model again, and ``ex.result`` stays the same object.

Readout (seven one-line rows, for the projector; the instant's time is written on the figure, beside
the stick figure, and so is the band's tension at the instant): the knee's flexion at the instant (and
whether it is in the zone); over the whole stance, the peak band tension (N), the two strain rates
named apart, the path strain rate (the one comparable with Hamill et al. 2008's "ITB strain rate") and
the tissue strain rate (their peaks, %/s), the time the knee spends in the model's impingement zone per
step (ms) and per minute of running, one knee (s) (``knee_angles.stance_time_in_zone``), and whether
the abductors can hold the hip moment: "abductors: hold the moment", or "abductors short" by how much
at most (N m) and from when to when (ms, the first and last sample short; the figure hatches that
span).

The Play's pace (``PLAY_STEP`` % of stance every ``PLAY_INTERVAL_MS`` ms) was chosen by measuring:
every frame is a kernel round trip (the new instant goes to the kernel, the new PNG comes back; the
kernel's share is about 11 ms, ``benchmarks/explorer_latency.py``), and frames asked for faster than
that are merged by the widget front end, so the animation skips instants. The course's budget for
that trip is 80 ms (``benchmarks/browser_latency.py``); on a loaded machine here it took 106-120 ms.
At 2 % every 100 ms a stance plays in 5 s: measured 8-12 frames shown per second (median 97-126 ms
a frame), dropping at most a few frames under load, where asking for 1 % every 40 ms gave no more
frames (9-12 per second), only bigger jumps between them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import ipywidgets as W
from ipywidgets.widgets.widget_link import Link
import numpy as np

from ..gait import LIMITS as GAIT_LIMITS
from ..gait import RunningStanceResult, fatigued_knee_flexion_contact, running_stance
from ..knee_angles import compression_zone, stance_time_in_zone
from ..parameters import Parameters, default_parameters
from . import stride_plots
from .explorer import CONTROLS_WIDTH, Control, Explorer, readout_table, slider
from .stride_plots import StrideFigure, instant_index, short_spans
from .tables import Table

__all__ = ["stride_explorer", "StrideExplorer", "stance_levers", "peak_tension", "zone_definition_table",
           "KNEE_AT_CONTACT_OPTIONS", "N_SAMPLES", "PLAY_STEP", "PLAY_INTERVAL_MS", "STEP_RATE_RANGE",
           "GLUTE_MED_RANGE", "TRUNK_LEAN_RANGE", "BODY_MASS_RANGE", "NARROW_ZONE_FRACTION"]

#: Samples of one stance phase: one per % of stance, so the time slider's value is the sample's index.
N_SAMPLES = 101
#: Where the knee's flexion at foot contact comes from: Heiderscheit et al. 2011's mean at the step
#: rate, or Miller et al. 2007's two groups (controls, ITBS history) at the end of an exhaustive run.
KNEE_AT_CONTACT_OPTIONS = ("Heiderscheit mean", "Miller, controls", "Miller, ITBS history")
#: The narrower zone of the lesson's what-if: compression within 95 % of its largest value (lesson 06's
#: zone uses 90 %, ``data/knee.csv`` zone_fraction; both are definitions, not measurements).
NARROW_ZONE_FRACTION = 0.95
STEP_RATE_RANGE = (-10.0, 10.0)  # % of the preferred step rate (Heiderscheit et al. 2011's conditions)
GLUTE_MED_RANGE = (0.3, 1.5)  # fraction of normal
TRUNK_LEAN_RANGE = (-10.0, 20.0)  # deg, toward the stance side in the room (gait.LIMITS allows -15 to 20)
BODY_MASS_RANGE = (40.0, 120.0)  # kg
#: The Play control's pace: PLAY_STEP % of stance every PLAY_INTERVAL_MS (see the module docstring).
PLAY_STEP = 2
PLAY_INTERVAL_MS = 100
#: Lever settings whose model runs are kept (a learner's session rarely visits more).
_CACHE_SIZE = 64

def _check_ranges() -> None:
    """The sliders stay inside what the model accepts (an import-time check of the constants above)."""
    for name, (lo, hi) in {"step_rate_change_percent": STEP_RATE_RANGE, "glute_med_strength": GLUTE_MED_RANGE,
                           "trunk_lean_deg": TRUNK_LEAN_RANGE, "body_mass": BODY_MASS_RANGE}.items():
        if not (GAIT_LIMITS[name][0] <= lo and hi <= GAIT_LIMITS[name][1]):
            raise ValueError(f"the {name} slider ({lo:g} to {hi:g}) leaves gait.LIMITS {GAIT_LIMITS[name][:2]}")


_check_ranges()


def stance_levers(values: Mapping[str, Any]) -> dict[str, Any]:
    """The :func:`~itband_edu.gait.running_stance` keywords for the explorer's lever values (the
    controls other than ``stance_percent``): ``running_stance(**stance_levers(ex.values))`` is
    ``ex.result``. Miller's two options set ``knee_flexion_contact_deg`` (Miller et al. 2007, the
    landing only); Heiderscheit's leaves it to the step rate."""
    source = values["knee_at_contact"]
    if source not in KNEE_AT_CONTACT_OPTIONS:
        raise ValueError(f"knee_at_contact must be one of {list(KNEE_AT_CONTACT_OPTIONS)}, got {source!r}")
    levers: dict[str, Any] = {
        "n_samples": N_SAMPLES,
        "step_rate_change_percent": float(values["step_rate_change_percent"]),
        "glute_med_strength": float(values["glute_med_strength"]),
        "trunk_lean_deg": float(values["trunk_lean_deg"]),
        "body_mass": float(values["body_mass"]),
    }
    if source != KNEE_AT_CONTACT_OPTIONS[0]:
        levers["knee_flexion_contact_deg"] = fatigued_knee_flexion_contact(source == KNEE_AT_CONTACT_OPTIONS[2])
    return levers


def peak_tension(run: RunningStanceResult) -> int:
    """The band's peak tension over a running stance phase, in whole newtons."""
    return int(round(float(np.max(run.itb_tension))))


def zone_definition_table(step_rate_change_percent: float = 10.0, params: Parameters | None = None) -> Table:
    """The time one knee spends in the zone at the preferred step rate and at
    ``step_rate_change_percent`` (-10 to +10), per step (ms) and per minute (s), for three definitions
    of the zone: lesson 06's (compression within ``knee.zone_fraction`` = 90 % of its largest value), a
    narrower one (``NARROW_ZONE_FRACTION``, 95 %) and the 20-30 deg often attributed to Orchard et al.
    1996 (``knee.orchard_zone_low``/``high``, as Ferber et al. 2010 give it). All are definitions, none
    a measurement. Raises ``ValueError`` naming ``step_rate_change_percent`` outside -10 to +10."""
    p = params or default_parameters()
    runs = (running_stance(params=p), running_stance(step_rate_change_percent=step_rate_change_percent, params=p))
    fraction = p.value("knee.zone_fraction")
    zones = (
        (f"lesson 06's ({100 * fraction:.0f} % of the peak compression)", compression_zone(fraction, params=p)),
        (f"narrower ({100 * NARROW_ZONE_FRACTION:.0f} % of the peak)",
         compression_zone(NARROW_ZONE_FRACTION, params=p)),
        ("Orchard's 20–30° (Ferber et al. 2010)",
         (float(np.degrees(p.value("knee.orchard_zone_low"))), float(np.degrees(p.value("knee.orchard_zone_high"))))),
    )
    change = f"{runs[1].step_rate_change_percent:+.0f} %"
    rows = []
    for name, zone in zones:
        pref, other = (stance_time_in_zone(r, zone, params=p) for r in runs)
        rows.append((name, "{:.0f}–{:.0f}".format(*zone), f"{1000 * pref.per_phase_s:.0f}",
                     f"{1000 * other.per_phase_s:.0f}", f"{pref.per_minute_s:.1f}", f"{other.per_minute_s:.1f}"))
    return Table(("zone", "knee flexion (°)", "per step, preferred (ms)", f"per step, {change} (ms)",
                  "per minute, preferred (s)", f"per minute, {change} (s)"), tuple(rows))


class StrideExplorer(Explorer):
    """An :class:`Explorer` with a Play control: ``play`` (an ``ipywidgets.Play`` linked to the
    ``stance_percent`` slider in the browser by ``play_link``) and the cache of model runs."""

    play: W.Play
    play_link: Link
    cache: OrderedDict[tuple[Any, ...], RunningStanceResult]


def _readout(r: RunningStanceResult, v: dict[str, Any]) -> str:
    i = instant_index(v["stance_percent"], len(r.time))
    zone = stride_plots.default_zone()
    z0, z1 = zone
    flex = float(r.knee_flexion_deg[i])
    inside = "in zone" if z0 <= flex <= z1 else "not in zone"
    tz = stance_time_in_zone(r, zone)
    # seven short rows, one line each: with the time slider centred on a 1280x720 projector the readout
    # must still show (the instant's time is on the figure, the strains' peaks on the strain panel)
    return readout_table([
        ("knee flexion", f"{flex:.1f}° ({inside})"),
        ("peak tension", f"{float(np.max(r.itb_tension)):.0f} N"),
        ("path strain rate", f"peak {float(np.max(r.path_strain_rate_percent_per_s)):.1f} %/s"),
        ("tissue strain rate", f"peak {float(np.max(r.strain_rate_percent_per_s)):.0f} %/s"),
        (f"in zone {z0:.0f}–{z1:.0f}°", f"{1e3 * tz.per_phase_s:.0f} ms a step"),
        ("in zone a minute", f"{tz.per_minute_s:.1f} s, one knee"),
        _abductors(r),
    ])


def _abductors(r: RunningStanceResult) -> tuple[str, str]:
    """The readout's row on whether the abductors can hold the hip moment, and if not, how far short."""
    short = short_spans(1e3 * np.asarray(r.time), np.asarray(r.feasible))
    if not short:
        return ("abductors", "hold the moment")
    return ("abductors short", f"{float(np.max(r.moment_deficit)):.1f} N m, {short[0][0]:.0f}–{short[-1][1]:.0f} ms")


def stride_explorer() -> StrideExplorer:
    """A running stance phase, played in time: stick figure, knee and curves (lesson 07).

    See the module docstring for the controls, ``play``, ``result`` and the readout. Starts at foot
    contact (0 % of stance) at the preferred step rate, the knee landing at Heiderscheit's mean, with
    normal glutes, no trunk lean, 75 kg.
    """
    p = default_parameters()  # fail early (a clear message) if data/ cannot be read
    controls_deg, itbs_deg = (fatigued_knee_flexion_contact(h, p) for h in (False, True))
    preferred_deg = float(np.degrees(p.value("gait.knee_flexion_contact")))
    lo_lean, hi_lean = TRUNK_LEAN_RANGE
    time_slider = W.IntSlider(value=0, min=0, max=100, step=1, description="Stance (%)", continuous_update=True,
                              style={"description_width": "9.6em"}, layout=W.Layout(width=CONTROLS_WIDTH))
    controls = {
        "stance_percent": Control(time_slider, "Stance (%)", "% of stance",
                                  "the instant shown: 0 = foot contact, 100 = toe-off; ▶ plays the stance"),
        "step_rate_change_percent": Control(slider(0.0, *STEP_RATE_RANGE, 1.0, "Step rate (%)", ".0f"),
                                            "Step rate (%)", "% of preferred",
                                            "change of the step rate at the same speed (Heiderscheit et al. 2011 "
                                            "measured -10, -5, 0, +5, +10 %)"),
        "knee_at_contact": Control(W.Dropdown(options=list(KNEE_AT_CONTACT_OPTIONS), value=KNEE_AT_CONTACT_OPTIONS[0],
                                              description="Knee at contact", style={"description_width": "9.6em"},
                                              layout=W.Layout(width=CONTROLS_WIDTH)),
                                   "Knee at contact", "",
                                   f"knee flexion at foot contact: Heiderscheit et al. 2011's mean at the step "
                                   f"rate ({preferred_deg:.1f}° at the preferred rate), or Miller et al. 2007's two "
                                   f"groups at the end of a treadmill run to exhaustion: controls {controls_deg:.1f}°, "
                                   f"runners with a history of IT band syndrome (ITBS) {itbs_deg:.1f}°. The toe-off "
                                   "angle stays the step rate's landing angle (an assumption)"),
        "glute_med_strength": Control(slider(1.0, *GLUTE_MED_RANGE, 0.05, "Glute med strength", ".2f"),
                                      "Glute med strength", "× normal", "gluteus medius strength, fraction of normal"),
        "trunk_lean_deg": Control(slider(0.0, lo_lean, hi_lean, 1.0, "Trunk lean (deg)", ".0f"), "Trunk lean",
                                  "deg", "lean toward the stance leg, in the room (negative: away)"),
        "body_mass": Control(slider(75.0, *BODY_MASS_RANGE, 1.0, "Body mass (kg)", ".0f"), "Body mass", "kg",
                             "the runner's mass"),
    }
    base = {"step_rate_change_percent": 0.0, "knee_at_contact": KNEE_AT_CONTACT_OPTIONS[0], "glute_med_strength": 1.0,
            "trunk_lean_deg": 0.0, "body_mass": 75.0}
    presets: dict[str, dict[str, Any]] = {
        "preferred step rate": dict(base),
        "+10 % step rate": {**base, "step_rate_change_percent": 10.0},
        "-10 % step rate": {**base, "step_rate_change_percent": -10.0},
        "Miller: ITBS history (exhausted)": {**base, "knee_at_contact": KNEE_AT_CONTACT_OPTIONS[2]},
        "Miller: controls (exhausted)": {**base, "knee_at_contact": KNEE_AT_CONTACT_OPTIONS[1]},
        "weak gluteus medius (50 %)": {**base, "glute_med_strength": 0.5},
    }
    cache: OrderedDict[tuple[Any, ...], RunningStanceResult] = OrderedDict()

    def compute(v: dict[str, Any]) -> RunningStanceResult:
        levers = stance_levers(v)
        key = tuple(sorted(levers.items()))
        run = cache.get(key)
        if run is None:
            run = running_stance(**levers)
            cache[key] = run
            if len(cache) > _CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return run

    play = W.Play(value=0, min=0, max=100, step=PLAY_STEP, interval=PLAY_INTERVAL_MS, description="Play",
                  tooltip="play the stance", layout=W.Layout(width="170px"))
    ex = StrideExplorer(name="stride", title="A running stride: one stance phase in time", controls=controls,
                        presets=presets, compute=compute, make_view=StrideFigure, readout=_readout,
                        figsize=stride_plots.FIGSIZE, toolbar=[play])
    ex.play = play
    ex.play_link = W.jslink((play, "value"), (time_slider, "value"))
    ex.cache = cache
    return ex
