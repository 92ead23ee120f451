"""Lesson 07's explorer: one running stance phase, played in time, and the levers that change it.

``stride_explorer()`` returns a :class:`StrideExplorer` around :func:`itband_edu.gait.running_stance`
(SYNTHETIC CURVES SHAPED TO PUBLISHED PEAKS, NEVER MEASURED DATA) with a time slider and a Play
control, and the levers of lesson 07: the step rate (Heiderscheit et al. 2011's measured means),
fatigue (Miller et al. 2007's knee flexion at heel strike after an exhaustive run), gluteus medius
strength, trunk lean and body mass. Its figure is :class:`~itband_edu.views.stride_plots.StrideFigure`.

Controls (names are the contract lesson 07 uses):

* ``stance_percent``: 0-100 % of stance, the instant shown (starts at 0, foot contact). ``ex.play``,
  an ``ipywidgets.Play`` beside the Reset button, is linked to it in the browser (``W.jslink``), so
  pressing its play button advances the instant without a key press;
* ``step_rate_change_percent``: -10 to +10 % of the preferred step rate, step 1 (Heiderscheit's
  conditions are -10, -5, 0, +5, +10; between them the measured means are interpolated);
* ``fatigue``: "fresh" (the step rate's knee flexion at contact), or the end of an exhaustive run
  without / with a history of ITB syndrome (``gait.fatigued_knee_flexion_contact``, 15.3 / 20.6 deg);
* ``glute_med_strength`` 0.3-1.5 (fraction of normal), ``trunk_lean_deg`` -10 to 20 (toward the
  stance side, in the room), ``body_mass`` 40-120 kg.

``ex.result`` is the :class:`~itband_edu.gait.RunningStanceResult` (101 samples) of the current levers.
Model runs are cached per lever setting: moving the instant (the slider or the Play) never runs the
model again, and ``ex.result`` stays the same object.

Readout: at the instant, its time (ms and % of stance), the knee's flexion (and whether it is in the
zone) and the band's tension; over the whole stance, the peak band tension (N), peak path strain (%),
peak tissue strain rate (%/s), the time the knee spends in the model's impingement zone per step (ms)
and per minute of running, one knee (s) (``knee_angles.stance_time_in_zone``), and the steps per minute.

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
from ..knee_angles import stance_time_in_zone
from ..parameters import default_parameters
from . import stride_plots
from .explorer import CONTROLS_WIDTH, Control, Explorer, readout_table, slider
from .stride_plots import StrideFigure, instant_index

__all__ = ["stride_explorer", "StrideExplorer", "stance_levers", "FATIGUE_OPTIONS", "N_SAMPLES", "PLAY_STEP",
           "PLAY_INTERVAL_MS", "STEP_RATE_RANGE", "GLUTE_MED_RANGE", "TRUNK_LEAN_RANGE", "BODY_MASS_RANGE"]

#: Samples of one stance phase: one per % of stance, so the time slider's value is the sample's index.
N_SAMPLES = 101
FATIGUE_OPTIONS = ("fresh", "end of an exhaustive run, no ITBS history", "end of an exhaustive run, ITBS history")
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
    ``ex.result``. The fatigue options set ``knee_flexion_contact_deg`` (Miller et al. 2007); "fresh"
    leaves it to the step rate."""
    fatigue = values["fatigue"]
    if fatigue not in FATIGUE_OPTIONS:
        raise ValueError(f"fatigue must be one of {list(FATIGUE_OPTIONS)}, got {fatigue!r}")
    levers: dict[str, Any] = {
        "n_samples": N_SAMPLES,
        "step_rate_change_percent": float(values["step_rate_change_percent"]),
        "glute_med_strength": float(values["glute_med_strength"]),
        "trunk_lean_deg": float(values["trunk_lean_deg"]),
        "body_mass": float(values["body_mass"]),
    }
    if fatigue != FATIGUE_OPTIONS[0]:
        levers["knee_flexion_contact_deg"] = fatigued_knee_flexion_contact(fatigue == FATIGUE_OPTIONS[2])
    return levers


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
    return readout_table([
        ("time", f"{1e3 * float(r.time[i]):.0f} ms, {v['stance_percent']:.0f} % of stance"),
        ("knee flexion", f"{flex:.1f}° ({inside})"),
        ("band tension", f"{float(r.itb_tension[i]):.0f} N"),
        ("peak tension", f"{float(np.max(r.itb_tension)):.0f} N"),
        ("peak path strain", f"{float(np.max(r.path_strain_percent)):.2f} %"),
        ("peak strain rate", f"{float(np.max(r.strain_rate_percent_per_s)):.0f} %/s"),
        (f"in zone {z0:.0f}–{z1:.0f}°", f"{1e3 * tz.per_phase_s:.0f} ms a step"),
        ("in zone, per minute", f"{tz.per_minute_s:.1f} s (one knee)"),
        ("steps per minute", f"{r.steps_per_minute:.0f}"),
    ])


def stride_explorer() -> StrideExplorer:
    """A running stance phase, played in time: stick figure, knee and curves (lesson 07).

    See the module docstring for the controls, ``play``, ``result`` and the readout. Starts at foot
    contact (0 % of stance) at the preferred step rate, fresh, with normal glutes, no trunk lean, 75 kg.
    """
    default_parameters()  # fail early (a clear message) if data/ cannot be read
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
        "fatigue": Control(W.Dropdown(options=list(FATIGUE_OPTIONS), value=FATIGUE_OPTIONS[0], description="Fatigue",
                                      style={"description_width": "4em"}, layout=W.Layout(width=CONTROLS_WIDTH)),
                           "Fatigue", "", "knee flexion at contact after a run to exhaustion (Miller et al. 2007); "
                           "fresh: the step rate's"),
        "glute_med_strength": Control(slider(1.0, *GLUTE_MED_RANGE, 0.05, "Glute med strength", ".2f"),
                                      "Glute med strength", "× normal", "gluteus medius strength, fraction of normal"),
        "trunk_lean_deg": Control(slider(0.0, lo_lean, hi_lean, 1.0, "Trunk lean (deg)", ".0f"), "Trunk lean",
                                  "deg", "lean toward the stance leg, in the room (negative: away)"),
        "body_mass": Control(slider(75.0, *BODY_MASS_RANGE, 1.0, "Body mass (kg)", ".0f"), "Body mass", "kg",
                             "the runner's mass"),
    }
    base = {"step_rate_change_percent": 0.0, "fatigue": FATIGUE_OPTIONS[0], "glute_med_strength": 1.0,
            "trunk_lean_deg": 0.0, "body_mass": 75.0}
    presets: dict[str, dict[str, Any]] = {
        "preferred step rate": dict(base),
        "+10 % step rate": {**base, "step_rate_change_percent": 10.0},
        "-10 % step rate": {**base, "step_rate_change_percent": -10.0},
        "end of an exhaustive run, ITBS history": {**base, "fatigue": FATIGUE_OPTIONS[2]},
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
