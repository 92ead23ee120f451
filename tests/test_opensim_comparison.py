"""data/opensim_comparison.csv: its provenance, what muscles.csv took from OpenSim, and whether it is stale.

The OpenSim numbers are computed by hand with tools/opensim_compare.py (OpenSim is not installed in CI).
Expected values are read from the CSV files with the csv module, never from the code under test.
"""

from __future__ import annotations

import csv
import re

import pytest

from itband_edu import single_leg_stance
from itband_edu.parameters import data_dir

COLUMNS = ["name", "value", "unit", "method", "opensim_version", "model_file", "model_commit", "note"]


def _rows(filename: str) -> list[dict[str, str]]:
    with (data_dir() / filename).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


OSIM = {r["name"]: r for r in _rows("opensim_comparison.csv")}
MUSCLES = {r["name"]: r for r in _rows("muscles.csv")}


def osim(name: str) -> float:
    return float(OSIM[name]["value"])


def test_every_row_carries_its_provenance() -> None:
    with (data_dir() / "opensim_comparison.csv").open(newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    assert len(OSIM) > 100
    for r in OSIM.values():
        float(r["value"])
        assert r["unit"] and r["method"], r["name"]
        assert r["opensim_version"].startswith("4.6"), r["name"]
        assert r["model_file"].startswith("Models/Rajagopal/Rajagopal2016.osim"), r["name"]
        assert re.fullmatch(r"[0-9a-f]{40}", r["model_commit"]), r["name"]
    assert len({(r["opensim_version"], r["model_file"], r["model_commit"]) for r in OSIM.values()}) == 1


# muscles.csv row (<muscle>.<quantity>) -> opensim_comparison.csv row, for the values muscles.csv says it
# computed from the model file (kind derived or model)
_SAME = {"max_isometric_force": "max_isometric_force", "moment_arm_neutral": "moment_arm_neutral",
         "moment_arm_abducted": "moment_arm_abduction_10deg", "moment_arm_adducted": "moment_arm_adduction_10deg",
         "flexion_moment_arm": "flexion_moment_arm_neutral"}
TRANSCRIBED = [(name, f"{name.split('.')[0]}.{_SAME[name.split('.')[1]]}") for name, r in MUSCLES.items()
               if name.split(".")[1] in _SAME and r["kind"] in ("derived", "model")]


@pytest.mark.parametrize(("ours", "theirs"), TRANSCRIBED)
def test_muscles_csv_holds_what_opensim_computes(ours: str, theirs: str) -> None:
    """A value muscles.csv took from the model file equals OpenSim's to its printed rounding."""
    written = MUSCLES[ours]["value"]
    decimals = len(written.split(".")[1]) if "." in written else 0
    assert float(written) == pytest.approx(osim(theirs), abs=0.5 * 10**-decimals + 1e-9), (ours, theirs)


def test_the_assumed_moment_arms_are_within_a_quarter_of_a_centimetre_of_opensims() -> None:
    """The teaching assumption (gluteus minimus and upper gluteus maximus scaled like gluteus medius away
    from 0 deg) is off by at most 0.23 cm at +-10 deg, the upper gluteus maximus's (OpenSim 2.11 / 1.36 cm)."""
    assumed = [n for n, r in MUSCLES.items() if r["kind"] == "assumption" and n.split(".")[1] in
               ("moment_arm_abducted", "moment_arm_adducted") and n.startswith(("gluteus_min", "gluteus_max"))]
    assert len(assumed) == 8
    worst = max(abs(float(MUSCLES[n]["value"]) - osim(f"{n.split('.')[0]}.{_SAME[n.split('.')[1]]}")) for n in assumed)
    assert 0.1 < worst < 0.25


@pytest.mark.parametrize("drop", [0, 5, 10])
def test_the_comparison_is_not_stale(drop: int) -> None:
    """The sharing rows divided itband_edu's demand as it was when the script ran: still the model's."""
    tag = "level" if drop == 0 else f"drop_{drop}deg"
    assert float(single_leg_stance(75.0, pelvic_drop_deg=drop).required_moment) == pytest.approx(
        osim(f"input.{tag}.abduction_moment"), abs=0.01)


def test_the_demand_agrees_with_opensims_mass_distribution() -> None:
    """Level pelvis: within 0.1 %; with a 10 deg drop the model's 0.315 m trunk height gives 2.5 % less."""
    assert float(single_leg_stance(75.0).required_moment) == pytest.approx(osim("demand.level.abduction_moment"),
                                                                            rel=1e-3)
    ratio = float(single_leg_stance(75.0, pelvic_drop_deg=10).required_moment) / osim(
        "demand.drop_10deg.abduction_moment")
    assert 0.96 < ratio < 0.99


@pytest.mark.parametrize("strength", [1.0, 0.5, 0.25])
def test_the_tfl_share_agrees_with_opensims_muscles(strength: float) -> None:
    """Level pelvis: the TFL's share of the abductor force within 0.1 percentage points of the share among
    OpenSim's muscles; at 10 deg of drop within 1 point (the assumed arms of minimus and upper maximus)."""
    for drop, tol in ((0, 0.001), (10, 0.01)):
        r = single_leg_stance(75.0, strength, pelvic_drop_deg=drop)
        tag = "level" if drop == 0 else f"drop_{drop}deg"
        share = float(r.forces["tensor_fasciae_latae"] / r.total_abductor_force)
        assert share == pytest.approx(osim(f"sharing.{tag}.strength_{strength:g}.tfl_share"), abs=tol)


TIMING = ("opensim_101_poses", "opensim_101_poses_fastest", "opensim_kinematics", "opensim_sharing",
          "itband_edu_running_stance", "itband_edu_running_stance_fastest", "itband_edu_same_work", "ratio",
          "ratio_of_minima", "same_work_ratio", "tfl_share_max_abs_diff", "tfl_share_osim_at_peak",
          "tfl_share_ours_at_peak")


def test_the_speed_comparison_is_recorded_with_its_machine_and_is_self_consistent() -> None:
    """Lesson 10 shows these: one run's timing (machine-specific, so never re-timed in a test), whose
    parts must add up and whose ratios must follow from its times."""
    rows = {k[len("timing."):]: r for k, r in OSIM.items() if k.startswith("timing.")}
    assert set(rows) == set(TIMING)
    t = {k: float(r["value"]) for k, r in rows.items()}
    for k, r in rows.items():
        assert "cores" in r["note"] and "load average" in r["note"] and "101 poses" in r["method"], k
        assert r["unit"] == ("ms" if k in TIMING[:7] else "1"), k
    assert t["opensim_kinematics"] + t["opensim_sharing"] == pytest.approx(t["opensim_101_poses"], rel=0.1)
    assert t["opensim_101_poses_fastest"] <= t["opensim_101_poses"]
    assert t["itband_edu_running_stance_fastest"] <= t["itband_edu_running_stance"]
    # the ratios are medians of per-pass ratios, so close to (not equal to) the ratio of the medians
    assert t["ratio"] == pytest.approx(t["opensim_101_poses"] / t["itband_edu_running_stance"], rel=0.25)
    assert t["ratio_of_minima"] == pytest.approx(t["opensim_101_poses_fastest"] / t["itband_edu_running_stance_fastest"],
                                                 rel=1e-3)
    assert t["same_work_ratio"] == pytest.approx(t["opensim_101_poses"] / t["itband_edu_same_work"], rel=0.25)
    # what both computed agrees: the TFL's share of the abductor force on the same 101 poses
    assert t["tfl_share_max_abs_diff"] < 0.005
    assert abs(t["tfl_share_osim_at_peak"] - t["tfl_share_ours_at_peak"]) <= t["tfl_share_max_abs_diff"] + 1e-9
