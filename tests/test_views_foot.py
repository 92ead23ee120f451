"""Lesson 05's explorer (views/foot.py), driven as a learner would, without a kernel.

The expected values are worked out here from data/ (read with the csv module) or from the geometry
of the drawing, not taken from the code under test: the chain's first link by hand (0.68 deg/deg),
the drawn angles from the artists' coordinates, the pelvic-drop bar by numerical integration of
the TFL's moment arm.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.figure import Figure
from view_helpers import data_value, fingerprint

from itband_edu import chain_from_foot, default_parameters
from itband_edu.views.explorer import Explorer
from itband_edu.views.foot import THIGH, comparison_table, extra_eversion_change, foot_explorer, orthosis_table

ROOT = Path(__file__).resolve().parents[1]

SLIDERS = ("rearfoot_eversion_deg", "eversion_to_tibial_rotation", "tibial_to_hip_rotation",
           "tibial_to_hip_adduction")




def finite(result: object) -> bool:
    return all(np.all(np.isfinite(np.asarray(getattr(result, f.name), dtype=float)))
               for f in dataclasses.fields(result))  # type: ignore[arg-type]


@pytest.fixture
def ex() -> Explorer:
    return foot_explorer()


def test_starts_from_a_neutral_foot_with_the_data_couplings(ex: Explorer) -> None:
    assert set(ex.controls) == {*SLIDERS, "preset"}
    assert ex.values["rearfoot_eversion_deg"] == 0.0
    assert ex.values["eversion_to_tibial_rotation"] == data_value("chain.csv", "eversion_to_tibial_rotation")
    assert ex.values["tibial_to_hip_rotation"] == data_value("chain.csv", "tibial_to_hip_rotation")
    assert ex.values["tibial_to_hip_adduction"] == data_value("chain.csv", "tibial_to_hip_adduction")
    assert float(ex.result.itb_length_change) == 0.0 and float(ex.result.tibial_rotation) == 0.0
    assert ex.controls["preset"].value == "neutral foot"
    w = ex.controls["rearfoot_eversion_deg"]
    assert (w.min, w.max) == (-10.0, 20.0) and w.continuous_update


def test_readout_follows_the_first_link_by_hand(ex: Explorer) -> None:
    c = data_value("chain.csv", "eversion_to_tibial_rotation")  # 0.68 deg per deg (Fischer et al. 2018)
    ex.set(rearfoot_eversion_deg=4.0)
    text = ex.describe()
    assert f"tibial rotation {c * 4:.2f}° inward" in text
    # hip split 0.5 and adduction 0.3 per degree of tibial rotation, from data/chain.csv
    k_r, k_a = data_value("chain.csv", "tibial_to_hip_rotation"), data_value("chain.csv", "tibial_to_hip_adduction")
    assert f"hip rotation {k_r * c * 4:.2f}° inward" in text
    assert f"hip adduction {k_a * c * 4:.2f}°" in text
    mm = float(re.search(r"TFL \+ band unit \+(\d+\.\d+) mm", text).group(1))  # type: ignore[union-attr]
    # path strain = length change / (TFL fibre + band length), from data/tissue.csv's lengths
    path = float(re.search(r"path strain (\d+\.\d+) %", text).group(1))  # type: ignore[union-attr]
    p = default_parameters()
    assert path == pytest.approx(100 * mm / 1000 / (p.itb_length + p.tfl_optimal_fibre_length), abs=0.006)


def test_presets_are_the_published_eversions(ex: Explorer) -> None:
    peak = data_value("gait.csv", "peak_rearfoot_eversion")  # Sinclair 2017, deg
    orthosis = data_value("chain.csv", "orthosis_eversion_change")  # deg
    c = data_value("chain.csv", "eversion_to_tibial_rotation")
    expected = {"typical running peak (12.4°)": peak, "with a medial orthosis (−1.6°)": peak - orthosis,
                "overpronation (4° more than typical)": peak + 4.0, "neutral foot": 0.0}
    for name, eversion in expected.items():
        ex.apply_preset(name)
        assert ex.values["rearfoot_eversion_deg"] == pytest.approx(eversion), name
        assert ex.controls["preset"].value == name
    ex.apply_preset("stiff coupling (Fischer +1 SD)")
    assert ex.values["eversion_to_tibial_rotation"] == pytest.approx(c + 0.15)  # 0.68 (SD 0.15)
    ex.apply_preset("no hip adduction link")
    assert float(ex.result.hip_adduction) == 0.0 and float(ex.result.length_change_from_hip_adduction) == 0.0


def test_the_drawing_turns_each_link_by_its_angle(ex: Explorer) -> None:
    leg, dials = ex.view.leg, ex.view.dials
    ex.set(rearfoot_eversion_deg=12.0, tibial_to_hip_adduction=0.5)
    c = data_value("chain.csv", "eversion_to_tibial_rotation")
    # the heel's bisecting line: seen from behind, eversion swings its lower end laterally (right)
    x, y = (np.asarray(a, dtype=float) for a in leg.heel_line.get_data())
    heel_angle = math.degrees(math.atan2(x[-1] - x[0], y[0] - y[-1]))
    assert heel_angle == pytest.approx(12.0, abs=1e-9)
    # the thigh adducts by 0.5 x the tibial rotation: the knee moves medially (left) by THIGH sin(a)
    add = math.radians(0.5 * c * 12.0)
    kx, ky = (float(np.asarray(a)[0]) for a in leg.knee.get_data())
    assert kx == pytest.approx(-THIGH * math.sin(add)) and ky == pytest.approx(-THIGH * math.cos(add))
    # the shank's needle, seen from above, turns toward medial (left) by the tibial rotation
    nx, ny = (np.asarray(a, dtype=float) for a in dials.needles["shank"].get_data())
    assert math.degrees(math.atan2(nx[0] - nx[1], ny[1] - ny[0])) == pytest.approx(c * 12.0)
    hx, hy = (np.asarray(a, dtype=float) for a in dials.needles["thigh"].get_data())
    assert math.degrees(math.atan2(hx[0] - hx[1], hy[1] - hy[0])) == pytest.approx(0.5 * c * 12.0)


def test_the_foot_bar_and_the_reference_bars(ex: Explorer) -> None:
    bars = ex.view.bars
    ex.set(rearfoot_eversion_deg=10.0)
    assert bars.bar.get_width() == pytest.approx(1000 * float(ex.result.itb_length_change))
    # the pelvic-drop reference: the TFL path over 8 deg of hip adduction, integrated numerically
    tfl = default_parameters().muscle("tensor_fasciae_latae")
    x = np.linspace(0.0, math.radians(8.0), 2001)
    r = tfl.moment_arm(x)
    integral_mm = 1000 * float(np.sum((r[1:] + r[:-1]) / 2 * np.diff(x)))
    drop_bar = [p for p in ex.view.axes[2].patches if p is not bars.bar and p.get_y() == pytest.approx(0.75)]
    assert len(drop_bar) == 1 and drop_bar[0].get_width() == pytest.approx(integral_mm, rel=1e-6)
    # the running reference: Tomiyama et al. 2016's path strain range (1.4-2.2 %) times the path length
    p = default_parameters()
    run_mm = bars.references["running"]
    assert 1.4 <= 100 * run_mm / 1000 / (p.itb_length + p.tfl_optimal_fibre_length) <= 2.2
    # a value beyond the axis is clipped at its edge and says so
    ex.set(rearfoot_eversion_deg=20.0, eversion_to_tibial_rotation=1.5, tibial_to_hip_adduction=1.0)
    assert bars.bar.get_width() == bars.hi and "beyond the axis" in bars.label.get_text()
    ex.set(rearfoot_eversion_deg=-10.0, eversion_to_tibial_rotation=1.5, tibial_to_hip_adduction=1.0)
    assert bars.bar.get_width() == bars.lo < 0 and "beyond the axis" in bars.label.get_text()


def test_the_lessons_comparison_is_ordered_and_consistent() -> None:
    """The lesson's comparison, in its table: the foot's lengthening is below a pelvic drop's, which
    is below running's; the first row is the 4 deg on top of the typical peak (not from neutral, as the
    explorer's "overpronation" preset shows it); only the lessons' 8 deg drop appears."""
    rows = comparison_table().rows
    mm = [float(r[1]) for r in rows]
    assert mm == sorted(mm) and len(mm) == 5
    peak = data_value("gait.csv", "peak_rearfoot_eversion")
    extra = data_value("chain.csv", "overpronation_extra_eversion")
    at_peak = chain_from_foot(peak + extra).itb_length_change - chain_from_foot(peak).itb_length_change
    assert mm[0] == pytest.approx(1000 * float(at_peak), abs=0.005)
    assert mm[0] < 1000 * float(chain_from_foot(extra).itb_length_change) - 0.02  # from neutral is more
    assert mm[2] == pytest.approx(1000 * float(chain_from_foot(peak + extra).itb_length_change), abs=0.005)
    assert [r[0] for r in rows if "pelvic drop" in r[0]] == ["one-leg stance, 8° pelvic drop"]
    assert all(float(r[2]) == pytest.approx(float(r[1]) / 544.0 * 100, abs=0.006) for r in rows)  # 95 + 449 mm


def test_extra_eversion_splits_into_hip_adduction_and_knee_by_hand() -> None:
    """4 deg on top of the typical peak: the knee's part is linear (10 mm/rad x half of 0.68 x 4 deg);
    the hip's part is the TFL's moment arm integrated between the two hip adduction angles."""
    peak = data_value("gait.csv", "peak_rearfoot_eversion")
    c = data_value("chain.csv", "eversion_to_tibial_rotation")
    k_r, k_a = data_value("chain.csv", "tibial_to_hip_rotation"), data_value("chain.csv", "tibial_to_hip_adduction")
    lever = data_value("chain.csv", "knee_rotation_lever") / 1000  # m per rad
    x = extra_eversion_change(4.0)
    assert x.length_change_from_rotation == pytest.approx(lever * (1 - k_r) * c * math.radians(4.0), rel=1e-9)
    tfl = default_parameters().muscle("tensor_fasciae_latae")
    a = np.linspace(math.radians(k_a * c * peak), math.radians(k_a * c * (peak + 4.0)), 2001)
    r = tfl.moment_arm(a)
    assert x.length_change_from_hip_adduction == pytest.approx(float(np.sum((r[1:] + r[:-1]) / 2 * np.diff(a))),
                                                               rel=1e-6)
    assert x.itb_length_change == pytest.approx(x.length_change_from_hip_adduction + x.length_change_from_rotation)


def test_orthosis_table_gives_signed_changes_of_the_first_link_only() -> None:
    """Less eversion is a negative change, and so is the tibia's: 0.68 deg per deg (data/chain.csv).
    No length column: the lesson asks for the lengths later."""
    c = data_value("chain.csv", "eversion_to_tibial_rotation")
    t = orthosis_table({"two": 2.0, "Mills": 2.12})
    assert len(t.header) == 3 and not any("mm" in h or "length" in h for h in t.header)
    assert [r[1:] for r in t.rows] == [(f"−{2.0:.2f}", f"−{c * 2.0:.2f}"), (f"−{2.12:.2f}", f"−{c * 2.12:.2f}")]


def test_every_slider_min_mid_max_changes_result_and_figure(ex: Explorer) -> None:
    for name in SLIDERS:
        ex.reset()
        ex.set(rearfoot_eversion_deg=8.0)  # a couplings' change shows only with some eversion
        w = ex.controls[name]
        for value in (w.min, (w.min + w.max) / 2, w.max):
            before_hash, before_count = fingerprint(ex.fig), ex.update_count
            before = float(ex.result.itb_length_change), float(ex.result.tibial_rotation)
            ex.set(**{name: value})
            assert ex.update_count == before_count + 1
            assert finite(ex.result)
            assert "nan" not in ex.readout.value.lower()
            after = float(ex.result.itb_length_change), float(ex.result.tibial_rotation)
            if after != before:
                assert fingerprint(ex.fig) != before_hash, (name, value)


def test_readout_does_not_split_the_length_before_question_3(ex: Explorer) -> None:
    """Lesson 05's question 3 asks which link supplies most of the lengthening: the readout gives the
    angles of every link and the whole length, not the millimetres from hip adduction."""
    ex.apply_preset("overpronation (4° more than typical)")
    text = ex.describe()
    mm_from_hip = 1000 * float(ex.result.length_change_from_hip_adduction)
    assert f"{mm_from_hip:.2f}" not in text and "of it from" not in text
    assert f"{1000 * float(ex.result.itb_length_change):+.2f} mm" in text
    assert ex.view.band_text.get_text().startswith("band's own stretch:")


def _gap_px(fig: Figure, text: object, line: object) -> float:
    """Smallest distance (px) between a text's box and a drawn line (minus half its width); < 0: they touch."""
    r = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    bb = text.get_window_extent(r)  # type: ignore[attr-defined]
    x, y = (np.asarray(v, dtype=float) for v in line.get_data())  # type: ignore[attr-defined]
    pts = np.concatenate([np.linspace((x[i], y[i]), (x[i + 1], y[i + 1]), 300) for i in range(len(x) - 1)])
    d = line.axes.transData.transform(pts)  # type: ignore[attr-defined]
    half_width = line.get_linewidth() * fig.dpi / 72 / 2  # type: ignore[attr-defined]
    outside = np.maximum.reduce([bb.x0 - d[:, 0], d[:, 0] - bb.x1, bb.y0 - d[:, 1], d[:, 1] - bb.y1])
    return float(np.min(outside)) - half_width


def test_the_leg_drawings_labels_stay_clear_of_leg_and_band(ex: Explorer) -> None:
    """Over the sliders' whole range (hip adduction from -15 to +30 deg), the view label, the hip's and
    the heel's labels touch neither the leg nor the band."""
    leg = ex.view.leg
    for eversion in np.linspace(-10.0, 20.0, 7):
        for k_add in (0.0, 0.3, 0.6, 1.0):
            ex.set(rearfoot_eversion_deg=float(eversion), eversion_to_tibial_rotation=1.5,
                   tibial_to_hip_adduction=k_add)
            ex.fig.canvas.draw()
            for label in (leg.view_text, leg.hip_text, leg.heel_text):
                for drawn in (leg.leg, leg.band):
                    assert _gap_px(ex.fig, label, drawn) > 0, (label.get_text(), eversion, k_add)


def test_lesson_05_runs_without_its_check_cells() -> None:
    """The README's static-page export removes the check cells before it runs the lesson: every other
    cell must run on what the setup and the student's cells define."""
    nb = json.loads((ROOT / "notebooks" / "05_from_the_foot_up.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "setup" in code[0]["metadata"].get("tags", [])
    namespace: dict[str, object] = {}
    for cell in code:
        if "check" in cell["metadata"].get("tags", []):
            continue
        exec(compile("".join(cell["source"]), "<lesson 05 cell>", "exec"), namespace)  # noqa: S102
    assert {"q1", "q2", "q3", "q4", "ex"} <= set(namespace)


def test_kept_and_reset_put_the_explorer_back(ex: Explorer) -> None:
    start = fingerprint(ex.fig)
    with ex.kept():
        ex.apply_preset("overpronation (4° more than typical)")
        assert float(ex.result.itb_length_change) > 0
    assert ex.values == ex.defaults and fingerprint(ex.fig) == start
    ex.set(rearfoot_eversion_deg=15.0)
    ex.reset()
    assert ex.values == ex.defaults and fingerprint(ex.fig) == start
    assert fingerprint(ex.static_figure()) == start
    assert isinstance(ex.image, W.Image) and bytes(ex.image.value).startswith(b"\x89PNG")


def test_bad_values_raise_clear_errors(ex: Explorer) -> None:
    with pytest.raises(ValueError, match="outside the slider's range"):
        ex.set(rearfoot_eversion_deg=25.0)
    with pytest.raises(ValueError, match="no preset"):
        ex.apply_preset("flat feet")
