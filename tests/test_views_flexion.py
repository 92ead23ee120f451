"""Lesson 04's explorer (``views.flexion``), driven as a learner would, without a kernel.

Expected values come from outside the code under test: the data files read here with ``csv``
(maximum forces, both moment arms, the band fraction, the published flexion moments), the two moment
balances (physics), and the signs of the source model (Rajagopal et al. 2016: the TFL flexes, the
glutes extend).
"""

from __future__ import annotations

import csv
import re
import dataclasses

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from itband_edu import single_leg_stance
from itband_edu.parameters import data_dir
from itband_edu.views.flexion import GROUPS, flexion_explorer, group_actions
from itband_edu.views.flexion_tables import arms_table, flexion_sweep, flexion_table

GROUP_MUSCLES = {
    "gluteus_medius": ["gluteus_medius_1", "gluteus_medius_2", "gluteus_medius_3"],
    "gluteus_minimus": ["gluteus_minimus_1", "gluteus_minimus_2", "gluteus_minimus_3"],
    "gluteus_maximus_upper": ["gluteus_maximus_1"],
    "tensor_fasciae_latae": ["tensor_fasciae_latae"],
    "iliopsoas": ["iliacus", "psoas"],
    "rectus_femoris": ["rectus_femoris"],
    "sartorius": ["sartorius"],
}


def _csv(name: str) -> dict[str, float]:
    with (data_dir() / name).open(newline="", encoding="utf-8") as fh:
        return {row["name"]: float(row["value"]) for row in csv.DictReader(fh)}


MUSCLES = _csv("muscles.csv")  # forces in N, arms in cm, as written in the file
SAGITTAL = _csv("sagittal.csv")  # N m/kg
ALL = [m for names in GROUP_MUSCLES.values() for m in names]


def f0(muscle: str) -> float:
    return MUSCLES[f"{muscle}.max_isometric_force"]


def arm(muscle: str, plane: str) -> float:
    key = "moment_arm_neutral" if plane == "abduction" else "flexion_moment_arm"
    return MUSCLES[f"{muscle}.{key}"] / 100.0


@pytest.fixture
def ex():  # type: ignore[no-untyped-def]
    return flexion_explorer()


def test_the_seven_groups_are_the_twelve_muscles() -> None:
    assert [g.key for g in GROUPS] == list(GROUP_MUSCLES)
    assert {g.key: list(g.muscles) for g in GROUPS} == GROUP_MUSCLES
    assert sorted(ALL) == sorted(single_leg_stance(hip_flexion_moment=0.0).muscle_names)


def test_bars_are_the_model_forces_inside_maxima_from_the_data(ex) -> None:  # type: ignore[no-untyped-def]
    ex.set(hip_flexion_moment=30.0, iliopsoas_strength=0.5, glute_med_strength=0.8)
    r = ex.result
    forces = dict(zip(r.muscle_names, r.muscle_forces, strict=True))
    heights = [b.get_height() for b in ex.view.bars]
    assert heights == pytest.approx([sum(forces[m] for m in ms) for ms in GROUP_MUSCLES.values()])
    # the dashed outline: open rectangles whose tops are the maxima, scaled by the strength controls
    scale = {"gluteus_medius": 0.8, "iliopsoas": 0.5}
    expected_tops = [sum(f0(m) for m in ms) * scale.get(g, 1.0) for g, ms in GROUP_MUSCLES.items()]
    y = ex.view.outline.get_ydata()
    tops = [float(np.nanmax(y[5 * i: 5 * i + 4])) for i in range(len(GROUPS))]
    assert tops == pytest.approx(expected_tops, rel=1e-3)
    assert all(h <= t + 1e-6 for h, t in zip(heights, tops, strict=True))


@pytest.mark.parametrize("demand", [-60.0, -20.0, 0.0, 20.0, 40.5, 87.75, 120.0])
def test_both_planes_balance_with_the_data_arms(ex, demand: float) -> None:  # type: ignore[no-untyped-def]
    ex.set(hip_flexion_moment=demand)
    r = ex.result
    assert r.feasible
    forces = dict(zip(r.muscle_names, r.muscle_forces, strict=True))
    flexion = sum(forces[m] * arm(m, "flexion") for m in ALL)
    abduction = sum(forces[m] * arm(m, "abduction") for m in ALL)
    assert flexion == pytest.approx(demand, abs=1e-4)
    assert abduction == pytest.approx(float(single_leg_stance(75.0).required_moment), abs=1e-4)
    # the band: all of the TFL and the assumed fraction of the upper gluteus maximus (level pelvis:
    # no passive part), and the split bar shows exactly those two parts
    fraction = MUSCLES["gluteus_maximus_1.itb_fraction"]
    band = forces["tensor_fasciae_latae"] + fraction * forces["gluteus_maximus_1"]
    assert float(r.itb_tension) == pytest.approx(band)
    assert ex.view.band_tfl.get_height() == pytest.approx(forces["tensor_fasciae_latae"])
    assert ex.view.band_tfl.get_height() + ex.view.band_gmax.get_height() == pytest.approx(band)
    assert f"{band:.0f} N" in ex.readout.value and "✓" in ex.readout.value
    assert ex.view.warning.get_text() == ""


def test_presets_borrow_the_published_flexion_moments_only(ex) -> None:  # type: ignore[no-untyped-def]
    level = float(single_leg_stance(75.0).required_moment)
    expected = {"one-leg standing (no flexion demand)": (0.0, 1.0),
                "walking, late stance": (SAGITTAL["walking_late_stance_flexion_moment"] * 75, 1.0),
                "running, late stance": (SAGITTAL["running_late_stance_flexion_moment"] * 75, 1.0),
                "weak iliopsoas, running late stance": (SAGITTAL["running_late_stance_flexion_moment"] * 75, 0.25)}
    assert set(ex.presets) == set(expected)
    for name, (moment, iliopsoas) in expected.items():
        ex.apply_preset(name)
        assert ex.values["hip_flexion_moment"] == pytest.approx(moment, abs=0.125)  # on the 0.25 N m grid
        assert ex.values["iliopsoas_strength"] == iliopsoas and ex.values["body_mass"] == 75.0
        assert float(ex.result.required_moment) == pytest.approx(level)  # the frontal demand stays
        assert ex.controls["preset"].value == name


def test_a_flexion_demand_lowers_the_band_an_extension_demand_raises_it(ex) -> None:  # type: ignore[no-untyped-def]
    # the upper gluteus maximus extends (source sign) and puts part of its force into the band; the TFL flexes
    tension, tfl, gmax = {}, {}, {}
    for m in (-20.0, 0.0, 20.0):
        ex.set(hip_flexion_moment=m)
        forces = dict(zip(ex.result.muscle_names, ex.result.muscle_forces, strict=True))
        tension[m] = float(ex.result.itb_tension)
        tfl[m], gmax[m] = forces["tensor_fasciae_latae"], forces["gluteus_maximus_1"]
    assert tension[-20.0] > tension[0.0] > tension[20.0]
    assert tfl[-20.0] < tfl[0.0] < tfl[20.0]
    assert gmax[-20.0] > gmax[0.0] > gmax[20.0]


def test_infeasible_extension_is_said_in_words_and_shows_no_band_number(ex) -> None:  # type: ignore[no-untyped-def]
    ex.set(hip_flexion_moment=-100.0)
    r = ex.result
    assert not r.feasible
    # the most the model's extensors could give without the abduction balance: sum F0 |r| of the
    # muscles with an extension arm, from the data
    extensors = [m for m in ALL if arm(m, "flexion") < 0]
    assert sum(f0(m) * -arm(m, "flexion") for m in extensors) < 120.0
    text = ex.describe()
    assert "no balance" in text and "extension" in text and "hamstrings" in text
    assert "IT band tension — (no balance)" in text and "✓" not in ex.readout.value
    assert "no balance" in ex.view.warning.get_text() and ex.view.band_label.get_text() == "—"
    assert all(b.get_alpha() < 1 for b in ex.view.bars)
    assert np.all(np.isfinite(np.asarray(r.muscle_forces)))
    ex.reset()
    assert ex.view.warning.get_text() == "" and all(b.get_alpha() == 1 for b in ex.view.bars)


def test_infeasible_flexion_with_a_weak_iliopsoas_names_the_flexors(ex) -> None:  # type: ignore[no-untyped-def]
    ex.set(hip_flexion_moment=120.0, iliopsoas_strength=0.1)
    assert not ex.result.feasible
    assert "of flexion" in ex.readout.value and "flexors are at their maximum" in ex.readout.value


def test_the_sign_strip_follows_the_source_signs() -> None:
    actions = group_actions()
    for g, ms in GROUP_MUSCLES.items():
        flex = sum(f0(m) * arm(m, "flexion") for m in ms)
        assert actions[g][1] == ("flexes" if flex > 0 else "extends"), g
    assert actions["gluteus_medius"] == ("abducts", "extends")
    assert actions["gluteus_maximus_upper"][1] == "extends" and actions["tensor_fasciae_latae"] == ("abducts", "flexes")
    assert actions["iliopsoas"][0] == "≈ 0"  # iliacus abducts a little, psoas adducts a little
    shown = [t.get_text() for t in flexion_explorer().fig.texts]
    assert shown.count("ext") == 3 and shown.count("flex") == 4 and "≈ 0" in shown


def test_every_slider_min_mid_max_is_finite_and_redraws_once(ex) -> None:  # type: ignore[no-untyped-def]
    for name in ("hip_flexion_moment", "iliopsoas_strength", "glute_med_strength", "body_mass"):
        w = ex.controls[name]
        for v in (w.min, (w.min + w.max) / 2, w.max):
            before, image = ex.update_count, bytes(ex.image.value)
            ex.set(**{name: v})
            assert ex.update_count == before + 1
            for field in dataclasses.fields(ex.result):
                value = getattr(ex.result, field.name)
                if not isinstance(value, (tuple, str)):
                    assert np.all(np.isfinite(np.asarray(value, dtype=float))), (name, v, field.name)
            if v != ex.defaults[name]:
                assert bytes(ex.image.value) != image
        ex.reset()
    assert ex.controls["hip_flexion_moment"].min <= -74 and ex.controls["hip_flexion_moment"].max >= 88


def test_tables_refuse_an_infeasible_case_and_show_the_data_arms() -> None:
    ok = single_leg_stance(75.0, hip_flexion_moment=20.0)
    table = flexion_table({"20 N m": ok})
    assert table.rows[0][0] == "20 N m" and table.rows[0][1] == "+20.0"
    with pytest.raises(ValueError, match="cannot balance"):
        flexion_table({"too much": single_leg_stance(75.0, hip_flexion_moment=-100.0)})
    rows = {r[0]: r for r in arms_table().rows}
    assert rows["tensor fasciae latae"][3] == f"{MUSCLES['tensor_fasciae_latae.flexion_moment_arm']:+.2f}"
    assert rows["gluteus maximus 1"][3].startswith("-") and rows["rectus femoris"][3].startswith("+")


def _flexion_moment(r) -> float:  # type: ignore[no-untyped-def]
    """The muscles' flexion moment from the model's forces and the data file's flexion arms."""
    forces = dict(zip(r.muscle_names, r.muscle_forces, strict=True))
    return float(sum(f * arm(m, "flexion") for m, f in forces.items()))


def test_a_one_plane_row_has_no_demand_and_two_plane_tables_do_not_repeat_it() -> None:
    one, both = single_leg_stance(75.0), single_leg_stance(75.0, hip_flexion_moment=0.0)
    table = flexion_table({"one": one, "both": both})
    header = list(table.header)
    row = {r[0]: dict(zip(header, r, strict=True)) for r in table.rows}
    demand, made = "flexion demand (N m)", "muscles' flexion moment (N m)"
    assert row["one"][demand] == "—"  # the one-plane model is never asked for a flexion moment
    assert row["one"][made] == f"{_flexion_moment(one):+.1f}" and _flexion_moment(one) < -1.0
    assert row["both"][demand] == row["both"][made] == "+0.0"
    # every row balanced in both planes: the muscles' moment would repeat the demand, so it is left out
    two = flexion_table({"walk": single_leg_stance(75.0, hip_flexion_moment=40.5),
                         "run": single_leg_stance(75.0, hip_flexion_moment=87.75, iliopsoas_strength=0.25)})
    assert demand in two.header and made not in two.header
    assert [r[1] for r in two.rows] == [f"{40.5:+.1f}", f"{87.75:+.1f}"]


def test_the_sweep_is_one_row_per_demand_with_the_band_from_its_two_muscles() -> None:
    demands = [-20, 0, 10, 20]
    table = flexion_sweep(demands)
    assert [r[0] for r in table.rows] == ["-20 N m", "+0 N m", "+10 N m", "+20 N m"]
    header = list(table.header)
    fraction = MUSCLES["gluteus_maximus_1.itb_fraction"]
    for m, row in zip(demands, table.rows, strict=True):
        cells = dict(zip(header, row, strict=True))
        r = single_leg_stance(75.0, hip_flexion_moment=float(m))
        forces = dict(zip(r.muscle_names, r.muscle_forces, strict=True))
        assert _flexion_moment(r) == pytest.approx(m, abs=1e-4)
        assert cells["flexion demand (N m)"] == f"{m:+.1f}"
        assert cells["IT band (N)"] == f"{forces['tensor_fasciae_latae'] + fraction * forces['gluteus_maximus_1']:.0f}"
        assert cells["iliopsoas (N)"] == f"{forces['iliacus'] + forces['psoas']:.0f}"
    assert int(table.rows[0][header.index("IT band (N)")]) > int(table.rows[-1][header.index("IT band (N)")])


def test_a_balanced_readout_prints_demand_and_supplied_moment_alike(ex) -> None:  # type: ignore[no-untyped-def]
    # 87.75 N m (1.17 N m/kg x 75 kg) is a rounding edge: one decimal of 87.75 and of 87.7499... differ
    ex.apply_preset("weak iliopsoas, running late stance")
    assert ex.result.feasible
    text = ex.describe()
    demanded = text.split("flexion demand ")[1].split(" N m")[0]
    supplied = text.split("flexion moment supplied ")[1].split(" N m")[0]
    assert demanded == supplied == f"{SAGITTAL['running_late_stance_flexion_moment'] * 75:+.1f}"
    assert _flexion_moment(ex.result) == pytest.approx(float(demanded), abs=0.051)


def test_a_small_missing_moment_is_not_printed_as_zero(ex) -> None:  # type: ignore[no-untyped-def]
    ex.set(hip_flexion_moment=-74.0)  # just beyond what the modelled extensors can do
    r = ex.result
    assert not r.feasible
    missing_extension = -74.0 - _flexion_moment(r)  # what the muscles' moment falls short of, from the data arms
    assert -1.0 < missing_extension < 0.0
    text = ex.describe()
    assert f"{-missing_extension:.1f} N m of extension" in text
    numbers = [float(x) for x in re.findall(r"([0-9.]+) N m of (?:extension|abduction)", text)]
    assert numbers and all(x > 0 for x in numbers)
    assert "most the muscles can do" in text


@pytest.mark.parametrize("demand", [-40.0, 0.0, 20.0, 87.75])
def test_the_band_label_and_the_message_overlap_nothing(ex, demand: float) -> None:  # type: ignore[no-untyped-def]
    ex.set(hip_flexion_moment=demand)
    fig = ex.view.fig
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    label = ex.view.band_label.get_window_extent(renderer)
    ticks = [t.get_window_extent(renderer) for t in ex.view.ax_band.get_yticklabels() if t.get_text()]
    assert ticks and not any(label.overlaps(t) for t in ticks)
    assert not label.overlaps(ex.view.ax_band.get_window_extent(renderer))
    assert ex.view.ax_band.get_yticklabels()[-1].get_text().endswith(" N")  # the band's axis says its unit
    ex.set(hip_flexion_moment=-90.0)
    warning = ex.view.warning.get_window_extent(renderer)
    assert ex.view.warning.get_text() and not warning.overlaps(ex.view.ax.get_window_extent(renderer))
