"""Lesson 08's plan model (interventions.py): each lever moves each metric the way the model it reuses
says, a plan of no change is the baseline exactly, bad levers get a clear ValueError, and the vectorised
strength sweep equals a loop of single plans.

Expected values are computed independently: straight from the model functions each lever is meant to
reuse (``single_leg_stance``, ``running_stance``, ``chain_from_foot``, ``stance_time_in_zone``) with inputs
read from data/ by the csv module (Fredericson's deficit, the strength gains, Sinclair's orthosis change,
Pigos's downhill angles), never from the module under test.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import shutil
import timeit
from pathlib import Path

import numpy as np
import pytest

from itband_edu import chain_from_foot, load_parameters, running_stance, single_leg_stance
from itband_edu.interventions import (METRICS, Plan, PlanEffect, Runner, plan_effect, stance_tension_for_gains,
                                      weak_abductor_runner)
from itband_edu.knee_angles import compression_zone, stance_time_in_zone
from itband_edu.parameters import data_dir


def _rows(filename: str, folder: Path | None = None) -> dict[str, dict[str, str]]:
    with ((folder or data_dir()) / filename).open(newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


EVIDENCE = _rows("evidence.csv")
DEFICIT = float(_rows("published_results.csv")["stance.fredericson2000_abductor_deficit"]["value"])
S0 = 1.0 + DEFICIT  # lesson 03's runner: 0.74
MAX_GAIN = max(float(EVIDENCE[f"abductor_torque_gain_{s}"]["value"]) for s in ("female", "male")) / 100.0
EVERSION = float(_rows("gait.csv")["peak_rearfoot_eversion"]["value"])  # deg
WEDGE = float(_rows("chain.csv")["orthosis_eversion_change"]["value"])  # deg
KNEE = _rows("knee.csv")
DOWNHILL = {"knee_flexion_contact_deg": float(KNEE["downhill_flexion_contact"]["value"]),
            "knee_flexion_toe_off_deg": float(KNEE["downhill_flexion_contact"]["value"]),
            "peak_knee_flexion_deg": float(KNEE["downhill_peak_flexion"]["value"])}
RUNNER = weak_abductor_runner(downhill_share=0.25)


def run(**kw: float) -> object:
    return running_stance(glute_med_strength=kw.pop("s", S0), peak_rearfoot_eversion_deg=kw.pop("ev", EVERSION), **kw)


def zone_per_min(share: float, **kw: float) -> float:
    zone = compression_zone()
    level = stance_time_in_zone(run(**kw), zone).per_minute_s
    down = stance_time_in_zone(run(**kw, **DOWNHILL), zone).per_minute_s
    return (1 - share) * level + share * down


def test_the_baseline_runner_is_lesson_03s() -> None:
    assert weak_abductor_runner().glute_med_strength == pytest.approx(0.74)
    assert RUNNER.glute_med_strength == S0 and RUNNER.downhill_share == 0.25


def test_no_change_is_the_baseline_exactly() -> None:
    e = plan_effect(Plan(), RUNNER)
    for m in METRICS:
        assert getattr(e, f"plan_{m}") == getattr(e, f"baseline_{m}"), m
        assert e.change(m) == 0.0
    assert e.baseline_stance_itb_tension == float(single_leg_stance(glute_med_strength=S0).itb_tension)
    assert e.baseline_running_peak_itb_tension == float(np.max(run().itb_tension))
    assert e.baseline_zone_s_per_min == pytest.approx(zone_per_min(0.25), rel=1e-12)
    assert e.baseline_foot_itb_length_change == float(chain_from_foot(EVERSION).itb_length_change)
    # a plan that names the runner's own downhill share is no change either
    assert plan_effect(Plan(downhill_share=0.25), RUNNER) == e


@pytest.mark.parametrize("gain", [0.1, 0.349, MAX_GAIN])
def test_strength_gain_is_single_leg_stance_and_running_with_a_stronger_gluteus_medius(gain: float) -> None:
    e = plan_effect(Plan(abductor_strength_gain=gain), RUNNER)
    s = S0 * (1 + gain)
    assert e.plan_glute_med_strength == pytest.approx(s)
    assert e.plan_stance_itb_tension == pytest.approx(float(single_leg_stance(glute_med_strength=s).itb_tension))
    assert e.plan_running_peak_itb_tension == pytest.approx(float(np.max(run(s=s).itb_tension)))
    assert e.change("stance_itb_tension") < 0 and e.change("running_peak_itb_tension") < 0
    # strength acts at the hip: the knee's zone and the foot's chain do not move
    assert e.change("zone_s_per_min") == 0 and e.change("foot_itb_length_change") == 0


def test_more_strength_always_lowers_the_pull() -> None:
    gains = np.linspace(0, MAX_GAIN, 8)
    peaks = [plan_effect(Plan(abductor_strength_gain=float(g)), RUNNER).plan_running_peak_itb_tension for g in gains]
    assert np.all(np.diff(peaks) < 0)
    # back to normal strength (1 / 0.74 - 1 = 35.1 %): back to the healthy runner's band
    back = plan_effect(Plan(abductor_strength_gain=1 / S0 - 1), RUNNER)
    assert back.plan_running_peak_itb_tension == pytest.approx(float(np.max(running_stance().itb_tension)))
    assert back.plan_stance_itb_tension == pytest.approx(float(single_leg_stance().itb_tension))


def test_step_rate_is_heiderscheits_lever_of_running_stance() -> None:
    e = plan_effect(Plan(step_rate_change_percent=10), RUNNER)
    assert e.plan_running_peak_itb_tension == pytest.approx(float(np.max(run(step_rate_change_percent=10).itb_tension)))
    assert e.change("running_peak_itb_tension") < 0  # less hip adduction at +10 % (Heiderscheit's means)
    assert e.change("stance_itb_tension") == 0  # a running lever: standing is unchanged
    assert e.plan_zone_s_per_min == pytest.approx(zone_per_min(0.25, step_rate_change_percent=10), rel=1e-12)
    assert e.change("zone_s_per_min") > 0  # more steps a minute, each a little shorter in the zone (lesson 07)


def test_trunk_lean_shortens_the_lever() -> None:
    e = plan_effect(Plan(trunk_lean_deg=5), RUNNER)
    assert e.plan_running_peak_itb_tension == pytest.approx(float(np.max(run(trunk_lean_deg=5).itb_tension)))
    assert e.change("running_peak_hip_moment") < 0 and e.change("running_peak_itb_tension") < 0
    assert e.change("stance_itb_tension") == 0


def test_the_wedge_follows_the_chain_and_barely_reaches_the_band() -> None:
    e = plan_effect(Plan(foot_wedge=True), RUNNER)
    expected = float(chain_from_foot(EVERSION - WEDGE).itb_length_change)
    assert e.plan_foot_itb_length_change == pytest.approx(expected)
    assert e.change("foot_itb_length_change") < 0
    # Day & Gillette 2019: no change of ITB strain with wedges; in the model a fraction of a newton
    assert e.plan_running_peak_itb_tension == pytest.approx(float(np.max(run(ev=EVERSION - WEDGE).itb_tension)))
    assert -0.5 < e.change("running_peak_itb_tension") <= 0


def test_downhill_share_weights_pigos_stances_and_moves_only_the_zone() -> None:
    shares = (0.0, 0.25, 0.5, 1.0)
    zones = [plan_effect(Plan(downhill_share=s), RUNNER).plan_zone_s_per_min for s in shares]
    assert zones == pytest.approx([zone_per_min(s) for s in shares], rel=1e-12)
    assert np.allclose(np.diff(zones) / np.diff(shares), (zones[-1] - zones[0]))  # straight in the share
    # the model's downhill stance (Pigos 2006) spends less time in the zone than the level one (lesson 06)
    assert zones[0] > zones[-1]
    e = plan_effect(Plan(downhill_share=0.0), RUNNER)
    for m in ("stance_itb_tension", "running_peak_itb_tension", "foot_itb_length_change"):
        assert e.change(m) == 0, m


def test_downhill_stances_carry_the_plans_other_levers() -> None:
    e = plan_effect(Plan(downhill_share=0.5, step_rate_change_percent=5, abductor_strength_gain=0.2), RUNNER)
    assert e.plan_zone_s_per_min == pytest.approx(zone_per_min(0.5, s=S0 * 1.2, step_rate_change_percent=5), rel=1e-12)


@pytest.mark.parametrize(("kw", "fragments"), [
    ({"abductor_strength_gain": 35}, ["abductor_strength_gain=35", f"[0, {MAX_GAIN:g}]", "fraction"]),
    ({"abductor_strength_gain": -0.1}, ["abductor_strength_gain=-0.1", f"[0, {MAX_GAIN:g}]"]),
    ({"step_rate_change_percent": -5}, ["step_rate_change_percent=-5", "[0, 10]"]),
    ({"step_rate_change_percent": float("nan")}, ["step_rate_change_percent=nan", "[0, 10]"]),
    ({"step_rate_change_percent": np.array([5.0, 10.0])}, ["step_rate_change_percent", "single number"]),
    ({"trunk_lean_deg": 12}, ["trunk_lean_deg=12", "[0, 10]"]),
    ({"trunk_lean_deg": "5"}, ["trunk_lean_deg", "'5'"]),
    ({"foot_wedge": 1}, ["foot_wedge", "True or False", "1"]),
    ({"downhill_share": 20}, ["downhill_share=20", "[0, 1]"]),
])
def test_bad_levers_name_the_lever_the_value_and_the_range(kw: dict[str, object], fragments: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        Plan(**kw)  # type: ignore[arg-type]
    for frag in fragments:
        assert frag in str(info.value), (frag, str(info.value))


def test_other_bad_inputs() -> None:
    with pytest.raises(ValueError, match="glute_med_strength=0.1"):
        Runner(glute_med_strength=0.1)
    with pytest.raises(ValueError, match="plan must be a Plan"):
        plan_effect({"trunk_lean_deg": 5}, RUNNER)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="baseline must be a Runner"):
        plan_effect(Plan(), 0.74)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="above the model's 1.5"):
        plan_effect(Plan(abductor_strength_gain=0.5), Runner(glute_med_strength=1.2))
    with pytest.raises(ValueError, match="metric must be one of"):
        plan_effect(Plan(), RUNNER).change("pain")
    with pytest.raises(ValueError, match=r"gains=0.6 \(element 1\)"):
        stance_tension_for_gains([0.1, 0.6])


def test_vectorised_strength_sweep_equals_a_loop_of_plans() -> None:
    gains = np.linspace(0, MAX_GAIN, 11)
    swept = stance_tension_for_gains(gains, RUNNER)
    looped = [plan_effect(Plan(abductor_strength_gain=float(g)), RUNNER).plan_stance_itb_tension for g in gains]
    assert swept.shape == gains.shape
    np.testing.assert_allclose(swept, looped, rtol=1e-12)


def test_results_are_frozen_and_flat() -> None:
    e = plan_effect(Plan(trunk_lean_deg=2), RUNNER)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.plan_stance_itb_tension = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Plan().trunk_lean_deg = 3.0  # type: ignore[misc]
    for f in dataclasses.fields(PlanEffect):
        assert isinstance(getattr(e, f.name), (float, bool)), f.name
    assert e.baseline() == {m: getattr(e, f"baseline_{m}") for m in METRICS}


def test_the_strength_range_is_read_from_the_evidence(tmp_path: Path) -> None:
    """The largest gain comes from data/evidence.csv: in a copy with a smaller largest gain, the old maximum
    is refused, so the range is not a number typed into the code."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "evidence.csv"
    text = path.read_text(encoding="utf-8").replace("abductor_torque_gain_male,51.4,", "abductor_torque_gain_male,40,")
    path.write_text(text, encoding="utf-8")
    params = load_parameters(copy)
    plan = Plan(abductor_strength_gain=MAX_GAIN)
    with pytest.raises(ValueError, match=r"\[0, 0.4\]"):
        plan_effect(plan, RUNNER, params=params)
    assert plan_effect(Plan(abductor_strength_gain=0.4), RUNNER, params=params).change("stance_itb_tension") < 0


def test_the_wedge_follows_the_data(tmp_path: Path) -> None:
    """A copy of data/ with twice Sinclair's orthosis change gives the wedge about twice the effect on the chain."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "chain.csv"
    text = path.read_text(encoding="utf-8")
    assert "orthosis_eversion_change,1.62," in text
    path.write_text(text.replace("orthosis_eversion_change,1.62,", "orthosis_eversion_change,3.24,"), encoding="utf-8")
    params = load_parameters(copy)
    one = plan_effect(Plan(foot_wedge=True), RUNNER).change("foot_itb_length_change")
    two = plan_effect(Plan(foot_wedge=True), RUNNER, params=params).change("foot_itb_length_change")
    assert two == pytest.approx(float(chain_from_foot(EVERSION - 2 * WEDGE).itb_length_change
                                      - chain_from_foot(EVERSION).itb_length_change))
    assert 1.8 < two / one < 2.2


def test_one_plan_is_fast() -> None:
    plan = Plan(abductor_strength_gain=0.2, step_rate_change_percent=5, foot_wedge=True, downhill_share=0.1)
    plan_effect(plan, RUNNER)
    per_call = timeit.timeit(lambda: plan_effect(plan, RUNNER), number=20) / 20
    assert per_call < 0.0167  # the explorer calls it at every move: well inside a 60 Hz frame
    assert math.isfinite(per_call)
