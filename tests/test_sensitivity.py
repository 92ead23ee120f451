"""itband_edu.sensitivity and lesson 10's sensitivity explorer.

The ranges are read here from ``data/assumption_ranges.csv`` with the csv module; the data rows they name
from the data files; the headline values are computed directly from the model on a copy of ``data/`` with
one row changed, never taken from the code under test.
"""

from __future__ import annotations

import csv
import math
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from itband_edu import band_stretch, chain_from_foot, load_parameters, running_stance, single_leg_stance
from itband_edu.knee_angles import crossing_angle
from itband_edu.parameters import DataError, data_dir
from itband_edu.sensitivity import POSITIONS, SensitivityGrid, load_ranges, sensitivity_grid

COLUMNS = ["file", "name", "low", "high", "unit", "source", "reason"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


RANGES = _rows(data_dir() / "assumption_ranges.csv")


@pytest.fixture(scope="module")
def grid() -> SensitivityGrid:
    return sensitivity_grid()



def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _with_value(folder: Path, filename: str, name: str, value: float) -> Path:
    """``folder`` with row ``name`` of ``filename`` set to ``value`` (file's unit)."""
    rows = _rows(folder / filename)
    [row] = [r for r in rows if r["name"] == name]
    row["value"] = repr(value)
    _write(folder / filename, rows)
    return folder


# the headlines, computed directly from the model (lesson numbers 03, 03, 07, 06, 05, 01)
DIRECT = {
    "stance_itb": lambda p: float(single_leg_stance(params=p).itb_tension),
    "tfl_share": lambda p: 100 * float(single_leg_stance(params=p).forces["tensor_fasciae_latae"]
                                       / single_leg_stance(params=p).total_abductor_force),
    "running_itb": lambda p: float(running_stance(params=p).itb_tension.max()),
    "crossing_angle": lambda p: float(crossing_angle(params=p)),
    "eversion_lengthening": lambda p: 1e3 * float(chain_from_foot(
        math.degrees(p.value("gait.peak_rearfoot_eversion")), params=p).itb_length_change),
    "stretch_strain": lambda p: float(band_stretch(stretch=0.02, params=p).band_strain_percent),
}


# ------------------------------------------------------------------------------------------ the ranges file
def test_every_range_names_an_assumption_row_of_data_with_its_unit() -> None:
    with (data_dir() / "assumption_ranges.csv").open(newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    assert 8 <= len(RANGES) <= 12
    for e in RANGES:
        [row] = [r for r in _rows(data_dir() / e["file"]) if r["name"] == e["name"]]
        assert row["kind"] == "assumption" and row["unit"] == e["unit"], e["name"]
        assert float(e["low"]) <= float(row["value"]) <= float(e["high"]) and float(e["low"]) < float(e["high"])
        assert len(e["reason"]) >= 40, e["name"]


def test_the_grid_takes_its_ranges_from_the_file(grid: SensitivityGrid) -> None:
    assert [(a.file, a.name) for a in grid.assumptions] == [(e["file"], e["name"]) for e in RANGES]
    for a, e in zip(grid.assumptions, RANGES, strict=True):
        assert (a.low, a.high) == (float(e["low"]), float(e["high"]))
        assert a.at(-1.0) == pytest.approx(a.low) and a.at(1.0) == pytest.approx(a.high) and a.at(0.0) == a.value


def test_the_baseline_is_the_model_with_the_course_values(grid: SensitivityGrid) -> None:
    from itband_edu import default_parameters

    p = default_parameters()
    assert list(grid.headlines) == list(DIRECT)
    for k, h in enumerate(grid.headlines):
        assert grid.baseline[k] == pytest.approx(DIRECT[h](p), rel=1e-12), h


@pytest.mark.parametrize("entry", RANGES, ids=lambda e: e["name"])
def test_the_ends_of_each_range_are_the_model_on_a_changed_copy(grid: SensitivityGrid, entry: dict[str, str]) -> None:
    key = f"{entry['file'][:-4]}.{entry['name']}"
    with tempfile.TemporaryDirectory() as tmp:
        for f in data_dir().glob("*.csv"):
            shutil.copy(f, tmp)
        for pos, col in ((-1.0, "low"), (1.0, "high")):
            p = load_parameters(_with_value(Path(tmp), entry["file"], entry["name"], float(entry[col])))
            for h, f in DIRECT.items():
                assert grid.at(key, pos, h) == pytest.approx(f(p), rel=1e-9, abs=1e-12), (key, col, h)


def test_the_grid_finds_a_wrong_end_value(grid: SensitivityGrid) -> None:
    """Negative control: the comparison above fails when the grid holds a value 0.1 % off."""
    import dataclasses

    values = grid.values.copy()
    values[0, -1, 0] *= 1.001
    broken = dataclasses.replace(grid, values=values)
    entry = RANGES[0]
    with tempfile.TemporaryDirectory() as tmp:
        for f in data_dir().glob("*.csv"):
            shutil.copy(f, tmp)
        p = load_parameters(_with_value(Path(tmp), entry["file"], entry["name"], float(entry["high"])))
    key = f"{entry['file'][:-4]}.{entry['name']}"
    assert broken.at(key, 1.0, "stance_itb") != pytest.approx(DIRECT["stance_itb"](p), rel=1e-9)


def test_a_changed_range_in_a_copy_changes_the_spread(grid: SensitivityGrid, data_copy: Path) -> None:
    rows = _rows(data_copy / "assumption_ranges.csv")
    [e] = [r for r in rows if r["name"] == "gluteus_maximus_1.itb_fraction"]
    e["high"] = "0.8"
    _write(data_copy / "assumption_ranges.csv", rows)
    narrow = sensitivity_grid(data=data_copy)
    key = "muscles.gluteus_maximus_1.itb_fraction"
    assert narrow.spread(key, "stance_itb") < grid.spread(key, "stance_itb")
    p = load_parameters(_with_value(data_copy, "muscles.csv", "gluteus_maximus_1.itb_fraction", 0.8))
    assert narrow.extent(key, "stance_itb")[1] == pytest.approx(DIRECT["stance_itb"](p), rel=1e-9)


def test_the_temporary_copy_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The grid's copy of data/ is made in the temp root and removed. The temp root is this test's own folder, so
    other processes building grids at the same time (other tests, a lesson under nbval) cannot change what is seen;
    the copies made are recorded, so the test fails if none was made or one is left behind."""
    made: list[Path] = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*args: object, **kwargs: object) -> str:
        d = real_mkdtemp(*args, **kwargs)  # type: ignore[call-overload]
        made.append(Path(d))
        return d

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(tempfile, "mkdtemp", recording_mkdtemp)
    sensitivity_grid()
    assert made and all(d.parent == tmp_path and d.name.startswith("itband_edu_sensitivity_") for d in made)
    assert not any(d.exists() for d in made) and list(tmp_path.iterdir()) == []


def test_a_left_over_copy_would_be_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Negative control for the test above: with the removal switched off, the copy is found."""
    from itband_edu import sensitivity

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(sensitivity._Variants, "close", lambda self: None)
    sensitivity_grid()
    assert [d.name.startswith("itband_edu_sensitivity_") for d in tmp_path.iterdir()] == [True]


def test_bad_inputs_to_the_views_and_the_grid_are_clear_errors(grid: SensitivityGrid) -> None:
    from itband_edu.views.sensitivity import assumption_table, sensitivity_explorer

    for f in (sensitivity_explorer, assumption_table):
        with pytest.raises(ValueError, match=r"grid must be a SensitivityGrid .* got 'x'"):
            f("x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"position must be between -1 \(low\) and 1 \(high\), as a number"):
        grid.at("knee.anchorage_anterior", np.array([0.5, 1.0]), "crossing_angle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"position must be between -1"):
        grid.assumptions[0].at("0.5")  # type: ignore[arg-type]


BAD = {
    "unknown row": ({"name": "gluteus_maximus_1.no_such_thing"}, r"muscles.csv has no row 'gluteus_maximus_1.no_such"),
    "not an assumption": ({"name": "gluteus_medius_1.max_isometric_force", "unit": "N", "low": "900", "high": "1200"},
                          r"is of kind 'model', not 'assumption'"),
    "low above high": ({"low": "0.9", "high": "0.7"}, r"low \(0.9\) must be below high \(0.7\)"),
    "value outside": ({"low": "0.8", "high": "0.9"}, r"the course's value 0.75 1 lies outside \[0.8, 0.9\]"),
    "wrong unit": ({"unit": "%"}, r"unit '%' differs from muscles.csv's '1'"),
    "unknown file": ({"file": "nothing.csv"}, r"file 'nothing.csv' is not a parameter file"),
    "beyond plausible": ({"high": "1.5"}, r"goes beyond the parameter's plausible range \[0, 1\]"),
    "unknown source": ({"source": "nobody2099"}, r"source 'nobody2099' is not a key"),
    "no reason": ({"reason": ""}, r"reason for the range is missing"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_ranges_file_gets_a_clear_error(data_copy: Path, case: str) -> None:
    changes, message = BAD[case]
    rows = _rows(data_copy / "assumption_ranges.csv")
    [i] = [j for j, r in enumerate(rows) if r["name"] == "gluteus_maximus_1.itb_fraction"]
    rows[i].update(changes)
    _write(data_copy / "assumption_ranges.csv", rows)
    with pytest.raises(DataError, match=message) as err:
        load_ranges(data_copy / "assumption_ranges.csv")
    assert f"assumption_ranges.csv, row {i + 2} (" in str(err.value)
    with pytest.raises(DataError):
        sensitivity_grid(data=data_copy)


def test_a_duplicate_entry_is_an_error(data_copy: Path) -> None:
    rows = _rows(data_copy / "assumption_ranges.csv")
    _write(data_copy / "assumption_ranges.csv", [*rows, rows[0]])
    with pytest.raises(DataError, match="duplicate entry"):
        load_ranges(data_copy / "assumption_ranges.csv")


def test_bad_positions_and_names_are_clear_errors(grid: SensitivityGrid) -> None:
    a = grid.assumptions[0]
    with pytest.raises(ValueError, match="position must be between -1"):
        a.at(1.5)
    with pytest.raises(ValueError, match="assumption = 'nothing.here': no assumption"):
        grid.spread("nothing.here", "stance_itb")
    with pytest.raises(ValueError, match="headline = 'nothing': no headline"):
        grid.spread(a.key, "nothing")
    with pytest.raises(ValueError, match="positions must lie in"):
        sensitivity_grid(positions=(0.0, 0.5))
    assert POSITIONS[0] == -1.0 and POSITIONS[-1] == 1.0


# -------------------------------------------------------------------------------------------- the explorer
def test_the_explorer_shows_the_grid(grid: SensitivityGrid) -> None:
    from view_helpers import fingerprint

    from itband_edu.views.sensitivity import sensitivity_explorer

    ex = sensitivity_explorer(grid)
    assert ex.values == {"assumption": "muscles.gluteus_maximus_1.itb_fraction", "position": 0.0}
    assert list(ex.result.headlines) == pytest.approx(list(grid.baseline))
    h0, n0 = fingerprint(ex.fig), ex.update_count
    ex.set(assumption="knee.anchorage_anterior", position=-1.0)
    assert ex.update_count == n0 + 1 and fingerprint(ex.fig) != h0
    k = grid.headlines.index("crossing_angle")
    assert ex.result.headlines[k] == grid.at("knee.anchorage_anterior", -1.0, "crossing_angle")
    ex.set(position=-0.875)  # between two grid points: linear interpolation
    lo, hi = (grid.at("knee.anchorage_anterior", x, "crossing_angle") for x in (-1.0, -0.75))
    assert ex.result.headlines[k] == pytest.approx(0.5 * (lo + hi))
    assert ex._repr_mimebundle_()["image/png"].startswith("iVBOR")  # base64 of the PNG signature
    with ex.kept():
        ex.apply_preset("all of upper gluteus maximus into the band")
        assert ex.result.value == 1.0
    assert ex.values["position"] == -0.875
    ex.reset()
    assert ex.controls["preset"].value == "the course's values"
    with pytest.raises(ValueError, match="outside the slider's range"):
        ex.set(position=2.0)
    with pytest.raises(ValueError, match="must be one of"):
        ex.set(assumption="no.such")


def test_an_explorer_move_is_well_inside_a_frame(grid: SensitivityGrid) -> None:
    from itband_edu.views.sensitivity import sensitivity_explorer

    ex = sensitivity_explorer(grid)
    ex.set(assumption="knee.anchorage_anterior")
    times = []
    for j in range(50):
        t = time.perf_counter()
        ex.controls["position"].value = POSITIONS[j % 9] if j % 2 else POSITIONS[8 - j % 9]
        times.append(time.perf_counter() - t)
    assert statistics.median(times) < 0.05  # generous for a shared CI machine; measured ~10 ms in the report
