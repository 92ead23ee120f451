"""The parameter loader: SI conversion checked by hand, and one corruption at a time must fail loudly.

Each corruption test copies ``data/`` to a temporary folder, breaks exactly one thing, and expects a
:class:`DataError` whose message names the file, the row (the line number in the CSV file, header =
row 1, found here by scanning the text, not by asking the loader) and the problem.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from itband_edu import DataError, default_parameters, load_parameters, references
from itband_edu.parameters import MUSCLE_NAMES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


# --------------------------------------------------------------------------------------------------
# helpers (independent of the loader: plain csv module)


def _raw(filename: str) -> dict[str, tuple[float, str]]:
    with (DATA / filename).open(newline="", encoding="utf-8") as fh:
        return {r["name"]: (float(r["value"]), r["unit"]) for r in csv.DictReader(fh)}


def _read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _line_of(path: Path, name: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line starting with ``name,`` (header = line 1)."""
    seen = 0
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(name + ","):
            seen += 1
            if seen == occurrence:
                return i
    raise AssertionError(f"{name} not found in {path}")


def _set_field(path: Path, name: str, column: str, new: str) -> None:
    rows = _read_rows(path)
    col = rows[0].index(column)
    hits = [r for r in rows[1:] if r and r[0] == name]
    assert len(hits) == 1, f"{name} should occur once in {path.name}"
    hits[0][col] = new
    _write_rows(path, rows)



# --------------------------------------------------------------------------------------------------
# the real data load, and the units are converted to SI (checked against the CSV by hand)


def test_default_parameters_load_and_are_cached() -> None:
    p = default_parameters()
    assert p is default_parameters()
    assert p.muscle_names == MUSCLE_NAMES


def test_si_conversion_by_hand() -> None:
    anth, mus, tis = _raw("anthropometry.csv"), _raw("muscles.csv"), _raw("tissue.csv")
    p = default_parameters()
    assert anth["abductor_line_of_action"][1] == "deg"
    assert p.abductor_line_of_action == pytest.approx(anth["abductor_line_of_action"][0] * math.pi / 180, rel=1e-12)
    assert p.gravity == pytest.approx(anth["gravity"][0], rel=1e-12)
    assert p.inter_hip_distance == pytest.approx(anth["inter_hip_distance"][0], rel=1e-12)
    assert tis["itb_youngs_modulus"][1] == "MPa"
    assert p.itb_youngs_modulus == pytest.approx(tis["itb_youngs_modulus"][0] * 1e6, rel=1e-12)
    assert tis["itb_thickness"][1] == "mm" and tis["itb_width"][1] == "mm"
    assert p.itb_thickness == pytest.approx(tis["itb_thickness"][0] / 1000, rel=1e-12)
    assert p.itb_cross_section == pytest.approx(tis["itb_thickness"][0] / 1000 * tis["itb_width"][0] / 1000, rel=1e-12)
    assert p.rubber_youngs_modulus == pytest.approx(tis["rubber_youngs_modulus"][0] * 1e6, rel=1e-12)
    for m in p.muscles:
        assert m.max_isometric_force == pytest.approx(mus[f"{m.name}.max_isometric_force"][0], rel=1e-12)
        for field in ("neutral", "abducted", "adducted"):
            value, unit = mus[f"{m.name}.moment_arm_{field}"]
            assert unit == "cm"
            assert getattr(m, f"moment_arm_{field}") == pytest.approx(value / 100, rel=1e-12)
        assert m.itb_fraction == pytest.approx(mus[f"{m.name}.itb_fraction"][0])


@pytest.mark.parametrize("name", MUSCLE_NAMES)
def test_moment_arm_curve_passes_through_the_three_tabulated_points(name: str) -> None:
    """The quadratic moment-arm curve must reproduce the CSV values at -10, 0 and +10 deg adduction."""
    mus = _raw("muscles.csv")
    m = default_parameters().muscle(name)
    for deg, field in ((-10, "abducted"), (0, "neutral"), (10, "adducted")):
        assert float(m.moment_arm(math.radians(deg))) == pytest.approx(mus[f"{name}.moment_arm_{field}"][0] / 100, rel=1e-12)


def test_parameters_are_immutable_and_lookups_fail_clearly() -> None:
    p = default_parameters()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.gravity = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.muscles[0].max_isometric_force = 1.0  # type: ignore[misc]
    with pytest.raises(KeyError, match="no muscle named 'vastus_lateralis'"):
        p.muscle("vastus_lateralis")
    with pytest.raises(KeyError, match="no parameter named"):
        p.value("no_such.thing")
    assert p.value("itb_length") == pytest.approx(_raw("tissue.csv")["itb_length"][0])


def test_unmodified_copy_loads_the_same_values(data_copy: Path) -> None:
    p, q = load_parameters(data_copy), default_parameters()
    assert p.table == q.table
    assert p.sources == q.sources


# --------------------------------------------------------------------------------------------------
# one corruption at a time


Corruption = Callable[[Path], None]


def _unit(file: str, name: str, unit: str) -> Corruption:
    return lambda d: _set_field(d / file, name, "unit", unit)


def _value(file: str, name: str, value: str) -> Corruption:
    return lambda d: _set_field(d / file, name, "value", value)


def _rename(file: str, name: str, new: str) -> Corruption:
    return lambda d: _set_field(d / file, name, "name", new)


def _duplicate(file: str, name: str) -> Corruption:
    def f(d: Path) -> None:
        rows = _read_rows(d / file)
        rows.append(next(r for r in rows if r and r[0] == name))
        _write_rows(d / file, rows)

    return f


def _delete(file: str, name: str) -> Corruption:
    def f(d: Path) -> None:
        _write_rows(d / file, [r for r in _read_rows(d / file) if not (r and r[0] == name)])

    return f


def _drop_column(file: str, column: str) -> Corruption:
    def f(d: Path) -> None:
        rows = _read_rows(d / file)
        col = rows[0].index(column)
        _write_rows(d / file, [r[:col] + r[col + 1:] for r in rows])

    return f


def _truncate_row(file: str, name: str) -> Corruption:
    def f(d: Path) -> None:
        rows = _read_rows(d / file)
        for r in rows:
            if r and r[0] == name:
                del r[-2:]
        _write_rows(d / file, rows)

    return f


# (id, file, corruption, name whose row the message must cite (None: no row), [fragments])
CASES: list[tuple[str, str, Corruption, str | None, list[str]]] = [
    ("wrong unit mm for cm", "muscles.csv", _unit("muscles.csv", "tensor_fasciae_latae.moment_arm_neutral", "mm"),
     "tensor_fasciae_latae.moment_arm_neutral", ["tensor_fasciae_latae.moment_arm_neutral", "'cm'", "'mm'"]),
    ("wrong unit mm for m", "anthropometry.csv", _unit("anthropometry.csv", "inter_hip_distance", "mm"),
     "inter_hip_distance", ["inter_hip_distance", "'m'", "'mm'"]),
    ("wrong unit Pa for MPa", "tissue.csv", _unit("tissue.csv", "itb_youngs_modulus", "Pa"),
     "itb_youngs_modulus", ["itb_youngs_modulus", "'MPa'", "'Pa'"]),
    ("out of range (cm typed into m)", "anthropometry.csv", _value("anthropometry.csv", "inter_hip_distance", "15.45"),
     "inter_hip_distance", ["inter_hip_distance=15.45", "plausible range"]),
    ("out of range (m typed into cm)", "muscles.csv", _value("muscles.csv", "gluteus_medius_2.moment_arm_neutral", "0.0436"),
     "gluteus_medius_2.moment_arm_neutral", ["gluteus_medius_2.moment_arm_neutral=0.0436", "plausible range"]),
    ("out of range force", "muscles.csv", _value("muscles.csv", "tensor_fasciae_latae.max_isometric_force", "41120"),
     "tensor_fasciae_latae.max_isometric_force", ["41120", "plausible range"]),
    ("negative fraction", "muscles.csv", _value("muscles.csv", "gluteus_maximus_1.itb_fraction", "-0.1"),
     "gluteus_maximus_1.itb_fraction", ["gluteus_maximus_1.itb_fraction=-0.1", "plausible range"]),
    ("nan value", "tissue.csv", _value("tissue.csv", "itb_width", "nan"), "itb_width", ["itb_width", "nan"]),
    ("unknown name", "anthropometry.csv", _rename("anthropometry.csv", "gravity", "gravitation"),
     "gravitation", ["unknown parameter", "'gravitation'"]),
    ("duplicate", "muscles.csv", _duplicate("muscles.csv", "tensor_fasciae_latae.max_isometric_force"),
     "tensor_fasciae_latae.max_isometric_force#2", ["duplicate", "tensor_fasciae_latae.max_isometric_force"]),
    ("missing row", "tissue.csv", _delete("tissue.csv", "itb_width"), None, ["missing parameter", "itb_width"]),
    ("missing muscle row", "muscles.csv", _delete("muscles.csv", "gluteus_minimus_3.moment_arm_adducted"), None,
     ["missing parameter", "gluteus_minimus_3.moment_arm_adducted"]),
    ("unknown source key", "tissue.csv", lambda d: _set_field(d / "tissue.csv", "itb_thickness", "source", "goh2004"),
     "itb_thickness", ["'goh2004'", "references.csv"]),
    ("assumption without note", "anthropometry.csv",
     lambda d: _set_field(d / "anthropometry.csv", "hat_com_height", "note", ""),
     "hat_com_height", ["hat_com_height", "assumption", "note"]),
    ("unknown kind", "tissue.csv", lambda d: _set_field(d / "tissue.csv", "itb_length", "kind", "guess"),
     "itb_length", ["'guess'", "itb_length"]),
    ("empty meaning", "tissue.csv", lambda d: _set_field(d / "tissue.csv", "itb_length", "meaning", " "),
     "itb_length", ["itb_length", "meaning"]),
    ("missing column", "tissue.csv", _drop_column("tissue.csv", "note"), None, ["missing column", "note"]),
    ("missing unit column", "muscles.csv", _drop_column("muscles.csv", "unit"), None, ["missing column", "unit"]),
    ("non-numeric value", "tissue.csv", _value("tissue.csv", "itb_youngs_modulus", "2l9.4"),
     "itb_youngs_modulus", ["'2l9.4'", "not a number"]),
    ("decimal comma", "anthropometry.csv", _value("anthropometry.csv", "leg_mass_fraction", "0,1986"),
     "leg_mass_fraction", ["'0,1986'", "not a number"]),
    ("row with too few fields", "anthropometry.csv", _truncate_row("anthropometry.csv", "leg_mass_fraction"),
     "leg_mass_fraction", ["wrong number of fields"]),
    ("missing file", "tissue.csv", lambda d: (d / "tissue.csv").unlink(), None, ["not found"]),
    ("reference duplicate key", "references.csv", _duplicate("references.csv", "otsuka2020"),
     "otsuka2020#2", ["duplicate", "'otsuka2020'"]),
    ("reference without DOI or URL", "references.csv",
     lambda d: _set_field(d / "references.csv", "thelen2003", "doi_or_url", ""),
     "thelen2003", ["'thelen2003'", "neither a DOI nor a URL"]),
    ("reference year not a number", "references.csv",
     lambda d: _set_field(d / "references.csv", "goh2003", "year", "2003a"),
     "goh2003", ["'2003a'", "year"]),
]


@pytest.mark.parametrize(("file", "corrupt", "row_name", "fragments"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_corrupt_data_raises_data_error(data_copy: Path, file: str, corrupt: Corruption, row_name: str | None,
                                        fragments: list[str]) -> None:
    corrupt(data_copy)
    expected_row = None
    if row_name is not None:
        name, _, occ = row_name.partition("#")
        expected_row = _line_of(data_copy / file, name, int(occ or 1))
    with pytest.raises(DataError) as info:
        load_parameters(data_copy)
    msg = str(info.value)
    assert msg.startswith(file), f"message should start with the file name {file}: {msg}"
    if expected_row is not None:
        assert re.search(rf"\brow {expected_row}\b", msg), f"message should name row {expected_row}: {msg}"
    for frag in fragments:
        assert frag in msg, f"{frag!r} missing from: {msg}"


def test_data_error_is_a_value_error() -> None:
    assert issubclass(DataError, ValueError)


# --------------------------------------------------------------------------------------------------
# every source exists and every reference can be found


def _csv_files_with_source() -> list[Path]:
    out = []
    for path in sorted(DATA.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            if "source" in (csv.DictReader(fh).fieldnames or ()):
                out.append(path)
    return out


def test_every_source_key_exists_in_references() -> None:
    keys = set(references())
    files = _csv_files_with_source()
    assert {"anthropometry.csv", "muscles.csv", "tissue.csv"} <= {f.name for f in files}
    for path in files:
        with path.open(newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                assert row["source"].strip() in keys, f"{path.name}, row {i}: unknown source {row['source']!r}"


def test_every_reference_has_a_doi_or_url_and_a_verified_status() -> None:
    refs = references()
    assert len(refs) >= 10
    for key, ref in refs.items():
        link = ref.doi_or_url.strip()
        assert re.fullmatch(r"10\.\d{4,9}/\S+", link) or link.startswith(("https://", "http://")), f"{key}: {link!r}"
        assert ref.verified in ("yes", "partly"), f"{key}: verified={ref.verified!r}"
        assert ref.authors.strip() and ref.title.strip() and ref.journal.strip(), key
        assert 1800 <= ref.year <= 2100, key
        assert ("doi.org/" + link if link.startswith("10.") else link) in ref.citation()


def test_no_two_references_share_a_doi() -> None:
    """No two references share a DOI (a duplicate key under two names)."""
    links = [r.doi_or_url.strip().lower() for r in references().values()]
    dupes = {x for x in links if links.count(x) > 1}
    assert not dupes, f"references share a DOI/URL: {dupes}"


def test_data_folder_from_the_environment(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """ITBAND_EDU_DATA points the loader at another copy of data/ (a what-if, or the mutation test)."""
    import shutil

    from itband_edu import parameters

    shutil.copytree(parameters.data_dir(), tmp_path / "data")
    monkeypatch.setenv(parameters.DATA_ENV, str(tmp_path / "data"))
    assert parameters.data_dir() == tmp_path / "data"
    monkeypatch.setenv(parameters.DATA_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(parameters.DataError, match="ITBAND_EDU_DATA='.*nowhere' is not a folder"):
        parameters.data_dir()
