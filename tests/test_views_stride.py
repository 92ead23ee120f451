"""Lesson 07's stride explorer (views/stride.py, views/stride_plots.py), driven as a learner would,
without a kernel.

Expected values come from data/ (read here with the csv module), from the model functions the
explorer is meant to show (``gait.running_stance``, ``knee_angles.compression_zone``) or from hand
calculations; what the explorer draws is read back from its artists through the axes' own
transforms, not through the module's coordinate helpers.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import timeit

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot

import ipywidgets as W
import numpy as np
import pytest
from ipywidgets.widgets.widget_link import Link
from matplotlib.axes import Axes
from view_helpers import data_value, fingerprint

import itband_edu.views.stride as stride_module
from itband_edu.gait import LIMITS as GAIT_LIMITS
from itband_edu.gait import running_stance
from itband_edu.knee_angles import compression_zone, stance_time_in_zone
from itband_edu.views import stride_explorer
from itband_edu.views.explorer import Explorer
from itband_edu.views.stride import peak_tension, zone_definition_table
from itband_edu.views.stride_plots import zone_spans

LEVERS = ("step_rate_change_percent", "knee_at_contact", "glute_med_strength", "trunk_lean_deg", "body_mass")
#: where the knee's flexion at contact comes from: Heiderscheit's mean at the step rate, Miller's two groups
KNEE = ("Heiderscheit mean", "Miller, controls", "Miller, ITBS history")
PRESETS = ("preferred step rate", "+10 % step rate", "-10 % step rate", "Miller: ITBS history (exhausted)",
           "Miller: controls (exhausted)", "weak gluteus medius (50 %)")
#: panel -> the result's series drawn in it, top panel first (the figure's reading order)
PANELS = {"angles": ("knee_flexion_deg", "hip_adduction_deg", "pelvic_drop_deg"), "tension": ("itb_tension",),
          "strain": ("tissue_strain_percent", "path_strain_percent"), "strain_rate": ("strain_rate_percent_per_s",),
          "path_strain_rate": ("path_strain_rate_percent_per_s",)}
#: panel -> the first line of its y-axis label
YLABELS = {"angles": "angle", "tension": "tension", "strain": "strain", "strain_rate": "tissue rate",
           "path_strain_rate": "path rate"}



def gait(name: str) -> float:
    return data_value("gait.csv", name)



def panel_axes(ex: Explorer) -> dict[str, Axes]:
    """The five panels, found by their y-axis labels (top to bottom on the figure)."""
    found = {}
    for ax in ex.fig.axes:
        label = ax.get_ylabel().split("\n")[0]
        for name, words in YLABELS.items():
            if label == words:
                found[name] = ax
    assert list(found) != [] and set(found) == set(PANELS), [a.get_ylabel() for a in ex.fig.axes]
    tops = [found[n].get_position().y1 for n in PANELS]
    assert tops == sorted(tops, reverse=True), "panels not in reading order"
    return found


def to_data(ex: Explorer, ax: Axes, xy: np.ndarray) -> np.ndarray:
    """Figure coordinates -> the data coordinates of ``ax`` (through Matplotlib's transforms)."""
    return ax.transData.inverted().transform(ex.fig.transFigure.transform(np.asarray(xy, dtype=float)))


def drawn_curves(ex: Explorer) -> dict[str, np.ndarray]:
    """Each series as drawn: (n, 2) arrays of (ms, value) in its panel's data coordinates (a value
    beyond the panel's axis is drawn at its edge)."""
    axes = panel_axes(ex)
    segments = ex.view.panels.curves.get_segments()
    names = [(panel, attr) for panel, attrs in PANELS.items() for attr in attrs]
    assert len(segments) == len(names)
    return {attr: to_data(ex, axes[panel], seg) for (panel, attr), seg in zip(names, segments, strict=True)}


def cursor_times(ex: Explorer) -> dict[str, float]:
    """The cursor's time (ms) in each panel, read from its drawn line."""
    axes = panel_axes(ex)
    x, y = (np.asarray(a, dtype=float) for a in ex.view.panels.cursor.get_data())
    pieces = np.split(np.column_stack([x, y]), np.flatnonzero(np.isnan(x)))
    pieces = [p[~np.isnan(p[:, 0])] for p in pieces if np.any(~np.isnan(p[:, 0]))]
    out = {}
    for name, ax in axes.items():
        bottom, top = ax.get_position().y0, ax.get_position().y1
        mine = [p for p in pieces if bottom - 1e-9 <= p[:, 1].min() and p[:, 1].max() <= top + 1e-9]
        assert len(mine) == 1, name
        data = to_data(ex, ax, mine[0])
        assert np.allclose(data[:, 0], data[0, 0])
        assert tuple(data[:, 1]) == pytest.approx(ax.get_ylim())  # from the panel's bottom to its top
        out[name] = float(data[0, 0])
    return out


@pytest.fixture
def ex() -> Explorer:
    return stride_explorer()


# ---- the contract -------------------------------------------------------------------------------------


def test_controls_ranges_and_presets_per_the_contract(ex: Explorer) -> None:
    assert set(ex.controls) == {"stance_percent", *LEVERS, "preset"}
    t = ex.controls["stance_percent"]
    assert isinstance(t, W.IntSlider) and (t.min, t.max, t.step, t.value) == (0, 100, 1, 0)
    sr = ex.controls["step_rate_change_percent"]
    assert (sr.min, sr.max, sr.value) == (-10, 10, 0) and sr.step in (1, 5)
    assert ((-10 - sr.min) / sr.step).is_integer() and all(((c - sr.min) / sr.step).is_integer()
                                                           for c in (-10, -5, 0, 5, 10))  # Heiderscheit's
    knee = ex.controls["knee_at_contact"]
    assert isinstance(knee, W.Dropdown) and tuple(knee.options) == KNEE
    assert ex.controls["knee_at_contact"].description == "Knee at contact"  # what it is, not "fatigue"
    g = ex.controls["glute_med_strength"]
    assert (g.min, g.max, g.value) == (0.3, 1.5, 1.0)
    lean = ex.controls["trunk_lean_deg"]
    lo, hi, _unit = GAIT_LIMITS["trunk_lean_deg"]
    assert lo <= lean.min < 0 < lean.max <= hi and lean.value == 0
    m = ex.controls["body_mass"]
    assert (m.min, m.max, m.value) == (40, 120, 75)
    assert all(ex.controls[k].continuous_update for k in ("stance_percent", "step_rate_change_percent",
                                                          "glute_med_strength", "trunk_lean_deg", "body_mass"))
    assert tuple(ex.presets) == PRESETS
    assert ex.controls["preset"].value == "preferred step rate"
    assert all("stance_percent" not in v for v in ex.presets.values())  # a preset never moves the instant


def test_play_is_linked_to_the_time_slider_in_the_browser(ex: Explorer) -> None:
    play, t = ex.play, ex.controls["stance_percent"]
    assert isinstance(play, W.Play) and "play" not in ex.controls
    assert (play.min, play.max, play.value) == (t.min, t.max, 0)
    link = ex.play_link
    assert isinstance(link, Link)  # jslink: a front-end link (the Play advances without the kernel's help)
    assert {link.source, link.target} == {(play, "value"), (t, "value")}
    # it is on screen, beside the Reset button, above the time slider
    column = ex.widget.children[1].children[0]
    row = next(c for c in column.children if isinstance(c, W.HBox))
    assert play in row.children and ex.reset_button in row.children
    kids = list(column.children)
    assert kids.index(row) < kids.index(t)
    # the pace is the one the docstring states and the browser test measured
    assert f"{play.step} % every {play.interval} ms" in (stride_module.__doc__ or "").replace("\n", " ")
    assert 100 / play.step * play.interval / 1000 == pytest.approx(5.0)  # a stance plays in 5 s


def test_result_is_the_model_run_of_the_levers(ex: Explorer) -> None:
    ex.set(step_rate_change_percent=5, glute_med_strength=0.8, trunk_lean_deg=4, body_mass=90,
           knee_at_contact=KNEE[1], stance_percent=30)
    ref = running_stance(101, step_rate_change_percent=5.0, glute_med_strength=0.8, trunk_lean_deg=4.0,
                         body_mass=90.0, knee_flexion_contact_deg=gait("fatigued_control_knee_flexion_contact"))
    for f in dataclasses.fields(ref):
        mine, theirs = getattr(ex.result, f.name), getattr(ref, f.name)
        if isinstance(theirs, (str, tuple)):
            assert mine == theirs
        else:  # degrees -> radians round trips of the contact angle may differ in the last bit
            np.testing.assert_allclose(np.asarray(mine, dtype=float), np.asarray(theirs, dtype=float),
                                       rtol=1e-12, atol=1e-12, err_msg=f.name)


# ---- time moves ---------------------------------------------------------------------------------------


def test_a_time_move_never_recomputes_and_moves_the_cursor_to_its_time(ex: Explorer,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    real = stride_module.running_stance

    def counting(*args: object, **kw: object) -> object:
        calls.append(kw)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(stride_module, "running_stance", counting)
    start = ex.result
    stance_ms = 1000 * gait("stance_time")
    for percent in (1, 17, 40, 63, 100, 0, 55):
        ex.set(stance_percent=percent)
        assert ex.result is start  # the same object: the model did not run again
        times = cursor_times(ex)
        assert list(times.values()) == pytest.approx([percent / 100 * stance_ms] * len(PANELS)), times
        assert f"{percent / 100 * stance_ms:.0f} ms" in ex.view.time_text.get_text()
        flex = float(ex.result.knee_flexion_deg[percent])
        assert ex.describe().startswith(f"knee flexion {flex:.1f}°")  # the readout's instant row
    assert calls == []
    # a lever move runs the model once; coming back to a setting already seen does not
    ex.set(step_rate_change_percent=10)
    assert len(calls) == 1 and ex.result is not start
    ex.set(stance_percent=20)
    assert len(calls) == 1
    ex.set(step_rate_change_percent=0)
    assert len(calls) == 1 and ex.result is start
    # with the stance 10 % shorter in time (+10 %: 250 ms / 1.1), the same percentage sits earlier
    ex.set(step_rate_change_percent=10, stance_percent=50)
    assert list(cursor_times(ex).values()) == pytest.approx([0.5 * stance_ms / 1.1] * len(PANELS))


def test_the_dots_sit_on_the_curves_at_the_instant(ex: Explorer) -> None:
    axes = panel_axes(ex)
    ex.set(stance_percent=40, glute_med_strength=0.7)
    x, y = (np.asarray(a, dtype=float) for a in ex.view.panels.dots.get_data())
    dots = np.column_stack([x, y])
    k = 0
    for panel, attrs in PANELS.items():
        for attr in attrs:
            t, v = to_data(ex, axes[panel], dots[k])
            assert t == pytest.approx(0.4 * 1000 * gait("stance_time"))
            assert v == pytest.approx(float(getattr(ex.result, attr)[40]), abs=1e-6), attr
            k += 1
    assert k == len(dots)
    # the synthetic curves peak at peak_time_fraction of stance (data/gait.csv): 40 % is the knee's peak
    assert gait("peak_time_fraction") == 0.4
    assert float(ex.result.knee_flexion_deg[40]) == pytest.approx(gait("peak_knee_flexion"))


def test_the_knee_and_the_stick_figure_move_with_the_instant(ex: Explorer) -> None:
    def tibia_angle() -> float:
        a, b = ex.view.knee.tibia.get_xy()[:2]
        return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))

    def pelvis_angle() -> float:
        pts = ex.view.stick.pelvis.get_xy()
        a, b = pts[0], pts[9]  # the two outer corners of the iliac crests (stick.py's outline)
        return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))

    contact_tibia, contact_pelvis = tibia_angle(), pelvis_angle()
    ex.set(stance_percent=40)
    # the tibia turns (clockwise seen from the side) by the flexion gained since contact: 46.3 - 17.8 deg
    assert contact_tibia - tibia_angle() == pytest.approx(gait("peak_knee_flexion") - gait("knee_flexion_contact"))
    # the pelvis has dropped by the peak pelvic drop (6 deg, a teaching assumption in data/gait.csv)
    assert contact_pelvis - pelvis_angle() == pytest.approx(gait("peak_pelvic_drop"))
    assert ex.view.stick.band_text.get_text() == f"IT band\n{float(ex.result.itb_tension[40]):.0f} N"
    ex.set(stance_percent=100)
    assert tibia_angle() == pytest.approx(contact_tibia)  # back to the contact flexion at toe-off


# ---- the zone -----------------------------------------------------------------------------------------


def test_zone_spans_match_compression_zone_on_the_curve(ex: Explorer) -> None:
    lo, hi = compression_zone()
    for preset in ("preferred step rate", "-10 % step rate", "Miller: ITBS history (exhausted)"):
        ex.apply_preset(preset)
        r = ex.result
        t_ms = 1000 * np.asarray(r.time)
        # by brute force: the straight-line flexion curve between samples, on a grid 100x finer
        fine_t = np.linspace(t_ms[0], t_ms[-1], 100 * (len(t_ms) - 1) + 1)
        fine_f = np.interp(fine_t, t_ms, np.asarray(r.knee_flexion_deg))
        inside = (fine_f >= lo) & (fine_f <= hi)
        starts = fine_t[1:][inside[1:] & ~inside[:-1]]
        ends = fine_t[:-1][inside[:-1] & ~inside[1:]]
        spans = ex.view.panels.spans
        step = fine_t[1] - fine_t[0]
        assert len(spans) == len(starts) == len(ends) == 1, (preset, spans)
        assert spans[0][0] == pytest.approx(starts[0], abs=step) and spans[0][1] == pytest.approx(ends[0], abs=step)
        # the shaded rectangles: in every panel, from its bottom to its top, over the span
        axes = panel_axes(ex)
        paths = ex.view.panels.zone.get_paths()
        assert len(paths) == len(axes) * len(spans)
        for path, (name, ax) in zip(paths, axes.items(), strict=True):
            box = to_data(ex, ax, path.vertices[:4])
            assert (box[:, 0].min(), box[:, 0].max()) == pytest.approx(spans[0], abs=1e-6)
            assert (box[:, 1].min(), box[:, 1].max()) == pytest.approx(ax.get_ylim(), abs=1e-6), name
        # the readout's time in the zone is the shaded width, and the model's
        width = spans[0][1] - spans[0][0]
        assert width == pytest.approx(1000 * stance_time_in_zone(r).per_phase_s, abs=1e-6)
        assert f"{width:.0f} ms a step" in ex.describe()


def test_zone_spans_of_a_curve_that_enters_twice() -> None:
    """Hand case: 40 + 30 sin(2 pi t) is inside 22-58 where |sin| <= 0.6, i.e. t in [0, a], [1/2 - a,
    1/2 + a] and [1 - a, 1] with a = asin(0.6) / (2 pi)."""
    t = np.linspace(0.0, 1.0, 20001)
    a = math.asin(0.6) / (2 * math.pi)
    spans = zone_spans(t, 40 + 30 * np.sin(2 * np.pi * t), (22.0, 58.0))
    expected = [(0.0, a), (0.5 - a, 0.5 + a), (1.0 - a, 1.0)]
    assert len(spans) == 3
    for got, want in zip(spans, expected, strict=True):
        assert got == pytest.approx(want, abs=1e-6)
    assert zone_spans(t, np.full_like(t, 10.0), (22.0, 58.0)) == []
    assert zone_spans(t, np.full_like(t, 30.0), (22.0, 58.0)) == [(0.0, 1.0)]


# ---- levers in the published direction ----------------------------------------------------------------


def test_step_rate_presets_move_the_curves_as_heiderscheit_measured(ex: Explorer) -> None:
    curves = drawn_curves(ex)
    pref_hip, pref_knee = curves["hip_adduction_deg"][:, 1].max(), curves["knee_flexion_deg"][:, 1].max()
    assert pref_hip == pytest.approx(gait("peak_hip_adduction"))
    assert pref_knee == pytest.approx(gait("peak_knee_flexion"))
    cadence = data_value("knee.csv", "running_cadence")
    for preset, prefix, change in (("+10 % step rate", "step_rate_plus10_", 10), ("-10 % step rate",
                                                                                "step_rate_minus10_", -10)):
        ex.apply_preset(preset)
        curves = drawn_curves(ex)
        hip, knee = curves["hip_adduction_deg"], curves["knee_flexion_deg"]
        assert hip[:, 1].max() == pytest.approx(gait(f"{prefix}peak_hip_adduction"))
        assert knee[:, 1].max() == pytest.approx(gait(f"{prefix}peak_knee_flexion"))
        assert knee[0, 1] == pytest.approx(gait(f"{prefix}knee_flexion_contact"))
        # the stance lasts the step time's share: 250 ms / (1 + change) (a teaching assumption)
        assert knee[-1, 0] == pytest.approx(1000 * gait("stance_time") / (1 + change / 100))
        assert ex.result.steps_per_minute == pytest.approx(cadence * (1 + change / 100))
        if change > 0:  # faster steps: less hip adduction and less knee flexion (Heiderscheit et al. 2011)
            assert hip[:, 1].max() < pref_hip and knee[:, 1].max() < pref_knee
        else:
            assert hip[:, 1].max() > pref_hip and knee[:, 1].max() > pref_knee
    assert gait("step_rate_plus10_peak_hip_adduction") == 8.7 and gait("step_rate_plus10_peak_knee_flexion") == 42.8


def test_knee_at_contact_sets_the_landing_to_millers_groups(ex: Explorer) -> None:
    ex.apply_preset("Miller: ITBS history (exhausted)")
    knee = drawn_curves(ex)["knee_flexion_deg"]
    assert knee[0, 1] == pytest.approx(gait("fatigued_itbs_knee_flexion_contact"))
    assert ex.result.knee_flexion_deg.max() == pytest.approx(gait("peak_knee_flexion"))  # the peak stays
    # the landing only: the knee leaves the ground at Heiderscheit's landing angle (the toe-off assumption)
    assert knee[-1, 1] == pytest.approx(gait("knee_flexion_contact"))
    ex.apply_preset("Miller: controls (exhausted)")
    assert ex.values["knee_at_contact"] == KNEE[1]
    knee = drawn_curves(ex)["knee_flexion_deg"]
    assert knee[0, 1] == pytest.approx(gait("fatigued_control_knee_flexion_contact"))
    assert knee[-1, 1] == pytest.approx(gait("knee_flexion_contact"))
    # Heiderscheit's option leaves the step rate's own value, at contact and at toe-off
    ex.set(knee_at_contact=KNEE[0], step_rate_change_percent=10)
    assert ex.result.knee_flexion_deg[0] == pytest.approx(gait("step_rate_plus10_knee_flexion_contact"))
    assert ex.result.knee_flexion_deg[-1] == pytest.approx(gait("step_rate_plus10_knee_flexion_contact"))
    assert gait("fatigued_itbs_knee_flexion_contact") == 20.6 and gait("fatigued_control_knee_flexion_contact") == 15.3
    # the key says what the menu is: a landing angle from two groups, with Miller's numbers from data/
    key = ex.key.value
    assert "Knee at contact" in key and "two groups" in key and "fatigue" not in key.lower()
    assert all(f"{gait(n):.1f}°" in key for n in ("fatigued_control_knee_flexion_contact",
                                                   "fatigued_itbs_knee_flexion_contact", "knee_flexion_contact"))


def test_weak_gluteus_medius_raises_the_band_tension(ex: Explorer) -> None:
    healthy = drawn_curves(ex)["itb_tension"][:, 1].max()
    ex.apply_preset("weak gluteus medius (50 %)")
    weak = drawn_curves(ex)["itb_tension"][:, 1].max()
    assert weak > 1.5 * healthy
    assert f"peak tension {weak:.0f} N" in ex.describe()
    # the tension curve and the tissue-strain curve are the same shape: strain = T / (E A) of the band
    curves = drawn_curves(ex)
    loaded = curves["itb_tension"][:, 1] > 10.0  # (near zero the drawn values are round-off)
    ratio = curves["tissue_strain_percent"][loaded, 1] / curves["itb_tension"][loaded, 1]
    assert loaded.sum() > 50 and np.allclose(ratio, ratio[0], rtol=1e-6)


# ---- ranges, axes, errors -----------------------------------------------------------------------------


def test_no_nan_at_every_slider_range_end(ex: Explorer) -> None:
    ends = {k: (ex.controls[k].min, ex.controls[k].max) for k in LEVERS if k != "knee_at_contact"}
    seen = set()
    for combo in itertools.product(*ends.values(), KNEE):
        values = dict(zip([*ends, "knee_at_contact"], combo, strict=True))
        for percent in (0, 50, 100):
            ex.set(**values, stance_percent=percent)
            for f in dataclasses.fields(ex.result):
                v = getattr(ex.result, f.name)
                if not isinstance(v, (str, tuple)):
                    assert np.all(np.isfinite(np.asarray(v, dtype=float))), (values, f.name)
            text = ex.readout.value.lower()
            assert "nan" not in text and "inf" not in text, values
            seen.add(fingerprint(ex.fig))
    assert len(seen) > 90  # every setting drew something of its own


def one_lever_settings(ex: Explorer) -> list[dict[str, object]]:
    """Every lever moved alone over its whole slider range, in slider steps, with each landing."""
    out: list[dict[str, object]] = []
    for name in ("step_rate_change_percent", "glute_med_strength", "trunk_lean_deg", "body_mass"):
        w = ex.controls[name]
        for v in np.arange(w.min, w.max + 0.5 * w.step, w.step):
            out += [{name: round(float(v), 6), "knee_at_contact": k} for k in KNEE]
    return out


def test_feasible_settings_stay_inside_the_fixed_axes(ex: Explorer) -> None:
    """The axes are sized for what the model can hold: every setting the abductors can hold, with
    the levers moved one at a time over their whole range, and every preset, stays inside every
    panel (no clipping), and every stance fits the time axis."""
    axes = panel_axes(ex)
    limits = {name: ax.get_ylim() for name, ax in axes.items()}
    x_hi = axes["angles"].get_xlim()[1]
    feasible = 0
    settings = [*one_lever_settings(ex), *({k: v for k, v in p.items()} for p in ex.presets.values())]
    for values in settings:
        r = running_stance(**stride_module.stance_levers({**ex.defaults, **values}))
        assert 1000 * r.time[-1] <= x_hi
        if not r.feasible.all():
            continue
        feasible += 1
        for name, attrs in PANELS.items():
            lo, hi = limits[name]
            for attr in attrs:
                v = np.asarray(getattr(r, attr))
                assert lo <= v.min() and v.max() <= hi, (values, attr, v.min(), v.max(), limits[name])
    assert feasible > 0.8 * len(settings)
    for name in [n for n, p in ex.presets.items() if p["glute_med_strength"] == 1.0]:  # the healthy presets
        ex.apply_preset(name)
        assert ex.view.panels.offscale == [], name


def offscale_problems(ex: Explorer) -> list[str]:
    """What the figure gets wrong about values beyond an axis, for the current lever setting: every
    curve must be drawn clipped to its panel, and every run of samples beyond an edge must have a
    triangle at the edge at the run's extreme and its value in the panel's "off scale" note (and no
    marks where nothing leaves the panel). Runs are found here, from the result, not by the module."""
    problems: list[str] = []
    axes = panel_axes(ex)
    curves = drawn_curves(ex)
    t = 1000 * np.asarray(ex.result.time)
    marks = {}
    for kind, artist in (("up", ex.view.panels.clip_up), ("down", ex.view.panels.clip_down)):
        x, y = (np.asarray(a, dtype=float) for a in artist.get_data())
        marks[kind] = np.column_stack([x, y]) if x.size else np.zeros((0, 2))
    expected_marks = {"up": 0, "down": 0}
    for name, attrs in PANELS.items():
        lo, hi = axes[name].get_ylim()
        note = ex.view.panels.clip_text[name].get_text()
        runs_here = []
        for attr in attrs:
            v = np.asarray(getattr(ex.result, attr), dtype=float)
            if not np.allclose(curves[attr][:, 1], np.clip(v, lo, hi), atol=1e-6):
                problems.append(f"{attr}: not drawn clipped to {lo:g}..{hi:g}")
            for above in (True, False):
                outside = v > hi if above else v < lo
                k = 0
                while k < len(v):
                    if not outside[k]:
                        k += 1
                        continue
                    j = k
                    while j + 1 < len(v) and outside[j + 1]:
                        j += 1
                    m = k + int(np.argmax(v[k:j + 1]) if above else np.argmin(v[k:j + 1]))
                    runs_here.append((attr, m, float(v[m])))
                    kind = "up" if above else "down"
                    expected_marks[kind] += 1
                    edge = hi if above else lo
                    pts = to_data(ex, axes[name], marks[kind]) if len(marks[kind]) else np.zeros((0, 2))
                    if not np.any(np.all(np.isclose(pts, [t[m], edge], atol=1e-6), axis=1)):
                        problems.append(f"{attr}: no {kind} triangle at ({t[m]:.1f} ms, {edge:g})")
                    if f"{v[m]:.0f}" not in note:
                        problems.append(f"{attr}: {v[m]:.0f} not in the panel's note {note!r}")
                    k = j + 1
        if runs_here and "off scale" not in note:
            problems.append(f"{name}: values beyond the axis but no 'off scale' note")
        if not runs_here and note:
            problems.append(f"{name}: an off-scale note {note!r} with nothing off scale")
    for kind, n in expected_marks.items():
        if len(marks[kind]) != n:
            problems.append(f"{len(marks[kind])} {kind} triangles for {n} clipped runs")
    return problems


#: Combinations of levers near the abductors' ceilings, where the tissue strain rate's corner is sharpest.
CORNERS = [dict(step_rate_change_percent=s, glute_med_strength=g, trunk_lean_deg=lt, body_mass=m)
           for s, g, lt, m in itertools.product((-10.0, 10.0), (0.3, 1.0, 1.3, 1.5), (-10.0, 0.0, 20.0), (40.0, 120.0))]


def test_values_beyond_an_axis_are_clipped_and_marked(ex: Explorer) -> None:
    """Some combinations leave the tissue strain rate's axis, feasible ones too (the corner of the
    sharing rule: 353 %/s at +10 % steps, glutes 1.5, 6 deg lean away, 104 kg): they are drawn clipped
    and marked, never outside the panel and never silently."""
    off = 0
    for values in [*CORNERS, dict(step_rate_change_percent=10.0, glute_med_strength=1.5, trunk_lean_deg=-6.0,
                                  body_mass=104.0)]:
        ex.set(**values)
        assert not offscale_problems(ex), (values, offscale_problems(ex))
        off += bool(ex.view.panels.offscale)
    assert off >= 5  # the check saw clipping, not only curves that fit
    feasible_off = ex.result  # the last setting: feasible, and off the tissue strain rate's scale
    assert feasible_off.feasible.all() and feasible_off.strain_rate_percent_per_s.max() > 300
    ex.reset()
    assert not offscale_problems(ex) and ex.view.panels.offscale == []


def test_the_off_scale_check_fails_a_figure_that_does_not_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    """Negative control: with the marks switched off (curves still clipped), the check reports it."""
    from itband_edu.views import stride_panels
    monkeypatch.setattr(stride_panels, "off_scale", lambda values, lo, hi: [])
    broken = stride_explorer()
    broken.set(body_mass=120.0)
    problems = offscale_problems(broken)
    assert any("triangle" in p for p in problems) and any("not in the panel's note" in p for p in problems), problems


def abductor_problems(ex: Explorer) -> list[str]:
    """Whether the explorer says when the abductors cannot hold the moment: the readout's row, the
    hatched span in the tension panel and its label, against the result's own ``feasible`` samples."""
    r = ex.result
    text = ex.describe()
    axes = panel_axes(ex)
    hatched = [to_data(ex, axes["tension"], path.vertices[:4]) for path in ex.view.panels.short.get_paths()]
    label = ex.view.panels.short_text.get_text()
    short = np.flatnonzero(~np.asarray(r.feasible))
    if short.size == 0:
        found = [] if "abductors hold the moment" in text else ["feasible, but the readout does not say so"]
        return found + (["feasible, but hatched"] if hatched else []) + ([f"feasible, but labelled {label!r}"]
                                                                         if label else [])
    t0, t1 = 1000 * r.time[short[0]], 1000 * r.time[short[-1]]
    problems = []
    row = f"abductors short {float(np.max(r.moment_deficit)):.1f} N m, {t0:.0f}–{t1:.0f} ms"
    if row not in text:
        problems.append(f"the readout lacks {row!r}")
    if not hatched:
        problems.append("short, but nothing hatched")
    else:
        xs = np.concatenate([h[:, 0] for h in hatched])
        if not (xs.min() == pytest.approx(t0, abs=1e-6) and xs.max() == pytest.approx(t1, abs=1e-6)):
            problems.append(f"hatched {xs.min():.1f}-{xs.max():.1f} ms, short {t0:.1f}-{t1:.1f} ms")
        ys = np.concatenate([h[:, 1] for h in hatched])
        if (ys.min(), ys.max()) != pytest.approx(axes["tension"].get_ylim(), abs=1e-6):
            problems.append("the hatch does not span the tension panel")
    if label != "abductors short":
        problems.append(f"label {label!r}")
    return problems


def test_the_explorer_says_when_the_abductors_cannot_hold_the_moment(ex: Explorer) -> None:
    kinds = set()
    for g, m, lt in itertools.product((0.3, 0.5, 0.6, 0.8, 1.0), (60.0, 75.0, 120.0), (-10.0, 0.0)):
        ex.set(glute_med_strength=g, body_mass=m, trunk_lean_deg=lt)
        assert not abductor_problems(ex), ((g, m, lt), abductor_problems(ex))
        kinds.add(bool(ex.result.feasible.all()))
    assert kinds == {True, False}
    # the lesson's case: weak gluteus medius (50 %), 5.9 N m short from 88 to 118 ms (data/ and the model)
    ex.reset()
    ex.apply_preset("weak gluteus medius (50 %)")
    assert "abductors short 5.9 N m, 88–118 ms" in ex.describe()


def test_the_abductor_check_fails_a_readout_that_does_not_warn(ex: Explorer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Negative control: a readout that always says "hold the moment" is caught."""
    monkeypatch.setattr(stride_module, "_abductors", lambda r: ("abductors", "hold the moment"))
    broken = stride_explorer()
    broken.set(glute_med_strength=0.5)
    assert any("readout lacks" in p for p in abductor_problems(broken))


def test_the_figure_says_its_curves_are_synthetic(ex: Explorer) -> None:
    texts = [t.get_text() for t in ex.fig.texts]
    assert any("synthetic curves shaped to published peaks" in t and "not measured data" in t for t in texts)
    assert ex.result.synthetic
    static = ex.static_figure()
    assert any("not measured data" in t.get_text() for t in static.texts)
    assert static._repr_png_().startswith(b"\x89PNG")
    assert fingerprint(static) == fingerprint(ex.fig)  # the default state: foot contact


def test_bad_values_raise_clear_errors(ex: Explorer) -> None:
    with pytest.raises(ValueError, match=r"stance_percent=101 is outside the slider's range 0 to 100"):
        ex.set(stance_percent=101)
    with pytest.raises(ValueError, match=r"step_rate_change_percent=12 is outside the slider's range -10 to 10"):
        ex.set(step_rate_change_percent=12)
    with pytest.raises(ValueError, match="body_mass=30 is outside the slider's range 40 to 120 kg"):
        ex.set(body_mass=30)
    with pytest.raises(ValueError, match="knee_at_contact must be one of"):
        ex.set(knee_at_contact="tired")
    with pytest.raises(ValueError, match="knee_at_contact must be one of .* got 'tired'"):
        stride_module.stance_levers({**ex.values, "knee_at_contact": "tired"})
    with pytest.raises(ValueError, match="step_rate_change_percent"):
        zone_definition_table(step_rate_change_percent=15)
    with pytest.raises(ValueError, match="no preset"):
        ex.apply_preset("sprint finish")
    assert ex.values == ex.defaults


def test_readout_numbers(ex: Explorer) -> None:
    ex.set(stance_percent=40)
    r = ex.result
    text = ex.describe()
    assert f"knee flexion {gait('peak_knee_flexion'):.1f}° (in zone)" in text
    # the band's tension at the instant is written beside the stick figure, the peak in the readout
    assert ex.view.stick.band_text.get_text() == f"IT band\n{float(r.itb_tension[40]):.0f} N"
    assert f"peak tension {float(np.max(r.itb_tension)):.0f} N" in text
    # the two rates, named apart: the path's from the path strain by hand, the tissue's from the result
    path_rate = np.gradient(np.asarray(r.path_strain), np.asarray(r.time))
    assert f"path strain rate peak {100 * float(np.max(path_rate)):.1f} %/s" in text
    assert f"tissue strain rate peak {100 * float(np.max(r.strain_rate)):.0f} %/s" in text
    assert not re.search(r"(?<!tissue )(?<!path )strain rate", text)  # never an unnamed "strain rate"
    # per minute: one knee takes half the steps (174 steps/min, data/knee.csv)
    cadence = data_value("knee.csv", "running_cadence")
    per_step = stance_time_in_zone(r).per_phase_s
    assert f"in zone a minute {per_step * cadence / 2:.1f} s" in text
    assert "abductors hold the moment" in text
    assert len(text.splitlines()) == 7  # a short readout for the projector (tests/browser checks the fit)
    ex.set(stance_percent=0)
    assert f"knee flexion {gait('knee_flexion_contact'):.1f}° (not in zone)" in ex.describe()


def test_the_figure_names_its_colours_and_keeps_the_cursor_neutral(ex: Explorer) -> None:
    """The stick figure's muscles have a colour key; the cursor is not the path's vermillion nor the
    zone's orange; the tissue curves share one colour and the path curves another."""
    from matplotlib.colors import to_hex

    from itband_edu.views import style
    texts = {t.get_text(): to_hex(t.get_color()) for t in ex.fig.texts}
    assert texts["gluteus medius"] == to_hex(style.GLUTE_MED_COLOUR) and texts["TFL"] == to_hex(style.TFL_COLOUR)
    cursor = to_hex(ex.view.panels.cursor.get_color())
    assert cursor not in {to_hex(style.OKABE_ITO["vermillion"]), to_hex(style.OKABE_ITO["orange"])}
    colours = dict(zip([a for attrs in PANELS.values() for a in attrs],
                       [to_hex(c) for c in ex.view.panels.curves.get_colors()], strict=True))
    assert colours["tissue_strain_percent"] == colours["strain_rate_percent_per_s"] == colours["itb_tension"]
    assert colours["path_strain_percent"] == colours["path_strain_rate_percent_per_s"] != colours["itb_tension"]


def test_peak_tension_and_the_zone_definition_table() -> None:
    """The lesson's two helpers, against the model and data/ read here."""
    r = running_stance(step_rate_change_percent=10)
    assert peak_tension(r) == round(float(r.itb_tension.max())) and isinstance(peak_tension(r), int)
    table = zone_definition_table(step_rate_change_percent=10)
    zones = [compression_zone(data_value("knee.csv", "zone_fraction")), compression_zone(0.95),
             (data_value("knee.csv", "orchard_zone_low"), data_value("knee.csv", "orchard_zone_high"))]
    runs = (running_stance(), r)
    assert len(table.rows) == 3 and "+10 %" in table.header[3] and "Orchard" in table.rows[2][0]
    for row, z in zip(table.rows, zones, strict=True):
        a, b = (stance_time_in_zone(run, z) for run in runs)
        assert row[1:] == ("{:.0f}–{:.0f}".format(*z), f"{1000 * a.per_phase_s:.0f}", f"{1000 * b.per_phase_s:.0f}",
                           f"{a.per_minute_s:.1f}", f"{b.per_minute_s:.1f}")
    assert "90 %" in table.rows[0][0] and "95 %" in table.rows[1][0]


def test_time_moves_are_fast(ex: Explorer) -> None:
    values = iter(np.tile(np.arange(0, 101, 4), 4))
    ex.set(stance_percent=2)
    per_move = timeit.timeit(lambda: ex.set(stance_percent=int(next(values))), number=50) / 50
    assert per_move < 0.0167 * 2  # budget one 60 Hz frame (benchmarks/explorer_latency.py); slack for load


def test_kept_and_reset_put_the_explorer_back(ex: Explorer) -> None:
    start = fingerprint(ex.fig)
    with ex.kept():
        ex.apply_preset("weak gluteus medius (50 %)")
        ex.set(stance_percent=70, trunk_lean_deg=10)
    assert ex.values == ex.defaults and fingerprint(ex.fig) == start
    ex.set(stance_percent=35, step_rate_change_percent=-5, knee_at_contact=KNEE[2])
    ex.reset()
    assert ex.values == ex.defaults and fingerprint(ex.fig) == start
