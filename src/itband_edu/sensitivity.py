"""How much the course's headline numbers depend on its teaching assumptions (lesson 10).

``data/assumption_ranges.csv`` lists the teaching assumptions varied here: for each, the data file and
row it lives in, a plausible low and high value (in the row's own unit) and why that range (a measured
spread, a range in the literature, or the row's own note). :func:`load_ranges` checks every entry
against ``data/``: the row must exist, be of kind ``assumption``, have the same unit, and its value must
lie inside [low, high]; otherwise a :class:`~itband_edu.parameters.DataError` names the file and row.

:func:`sensitivity_grid` changes one assumption at a time (the others at their values) to points across
its range and recomputes the headline numbers (:data:`HEADLINES`). A changed parameter is written into
a temporary copy of the data folder and loaded with :func:`~itband_edu.parameters.load_parameters`, so it
passes the same checks as the course's own data; the copy is removed afterwards. The grid's extreme
points are the range's ends, so ``grid.spread(assumption, headline)`` is the spread over the range
(taken over the grid's points, which also catches a headline that peaks inside the range).
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ._schema import SPEC
from .chain import chain_from_foot
from .gait import running_stance
from .knee_angles import crossing_angle
from .parameters import DataError, Parameters, data_dir, load_parameters, read_exact_csv, references
from .stance import single_leg_stance
from .tissue import band_stretch

__all__ = ["Assumption", "Headline", "HEADLINES", "SensitivityGrid", "load_ranges", "sensitivity_grid",
           "RANGE_COLUMNS", "POSITIONS", "LABELS"]

RANGE_COLUMNS = ("file", "name", "low", "high", "unit", "source", "reason")
#: Where in its range each assumption is evaluated: -1 = low, 0 = the course's value, +1 = high (linear on
#: each side of the course's value). Nine points; the explorer's slider steps through them.
POSITIONS: tuple[float, ...] = (-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0)


#: plain names of the assumptions varied (tables, menus, the explorer's title); a key not here shows its row name
LABELS: dict[str, str] = {
    "muscles.gluteus_maximus_1.itb_fraction": "upper gluteus maximus's share into the band",
    "muscles.gluteus_maximus_1.moment_arm_adducted": "upper gluteus maximus's arm at 10° adduction",
    "anthropometry.hat_com_height": "height of the trunk's centre of mass",
    "chain.tibial_to_hip_rotation": "tibial rotation passed to the hip",
    "chain.tibial_to_hip_adduction": "hip adduction per tibial rotation",
    "chain.knee_rotation_lever": "knee rotation lever",
    "chain.hip_rotation_lever": "hip rotation lever",
    "gait.peak_pelvic_drop": "peak pelvic drop in running",
    "gait.hip_adduction_contact_fraction": "hip adduction at foot contact",
    "knee.anchorage_anterior": "band's position at its anchorage",
    "tissue.itb_proximal_length_fraction": "length of the band's stiffer upper part",
}


def _position(position: object) -> float:
    if isinstance(position, bool) or not isinstance(position, numbers.Real) or not -1.0 <= float(position) <= 1.0:
        raise ValueError(f"position must be between -1 (low) and 1 (high), as a number, got {position!r}")
    return float(position)


@dataclass(frozen=True)
class Assumption:
    """One row of ``assumption_ranges.csv``: the data row varied, its range (file's unit) and why."""

    file: str
    name: str
    value: float  # the course's value, from the data row
    low: float
    high: float
    unit: str
    source: str
    reason: str
    note: str  # the data row's own note

    @property
    def key(self) -> str:
        return f"{self.file[:-4]}.{self.name}"

    @property
    def label(self) -> str:
        """A plain name (:data:`LABELS`), else the row's name."""
        return LABELS.get(self.key, self.name.replace("_", " "))

    def at(self, position: float) -> float:
        """The value at ``position`` in the range (-1 low, 0 the course's value, +1 high)."""
        position = _position(position)
        if position < 0:
            return self.value + position * (self.value - self.low)
        return self.value + position * (self.high - self.value)


@dataclass(frozen=True)
class Headline:
    """A headline number of the course: what it is, its unit, how it is printed and the lesson it is from."""

    label: str
    unit: str
    fmt: str
    lesson: str
    compute: Callable[[Parameters], float]


def _tfl_share(p: Parameters) -> float:
    r = single_leg_stance(params=p)
    return 100.0 * float(r.forces["tensor_fasciae_latae"] / r.total_abductor_force)


HEADLINES: dict[str, Headline] = {
    "stance_itb": Headline("IT band tension, one-leg stance", "N", ".0f", "03",
                           lambda p: float(single_leg_stance(params=p).itb_tension)),
    "tfl_share": Headline("TFL's share of the abductor force", "%", ".1f", "03", _tfl_share),
    "running_itb": Headline("peak IT band tension, running", "N", ".0f", "07",
                            lambda p: float(running_stance(params=p).itb_tension.max())),
    "crossing_angle": Headline("knee flexion where the band crosses the epicondyle", "deg", ".1f", "06",
                               lambda p: float(crossing_angle(params=p))),
    "eversion_lengthening": Headline(
        "unit lengthening at the running peak of rearfoot eversion", "mm", ".2f", "05",
        lambda p: 1e3 * float(chain_from_foot(math.degrees(p.value("gait.peak_rearfoot_eversion")),
                                              params=p).itb_length_change)),
    "stretch_strain": Headline("band strain under a 20 mm stretch", "%", ".3f", "01",
                               lambda p: float(band_stretch(stretch=0.02, params=p).band_strain_percent)),
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_ranges(path: Path | str | None = None, data: Path | str | None = None) -> tuple[Assumption, ...]:
    """Read and check ``assumption_ranges.csv`` (default: in :func:`data_dir`) against the data folder
    ``data`` (default: the file's own folder). Raises ``DataError`` naming the file, the row and the problem:
    unknown file or row, a row that is not a teaching assumption, a different unit, low >= high, the
    course's value outside [low, high], a range outside the plausible range of the parameter, an unknown
    source, a missing reason, a duplicate."""
    path = Path(path) if path is not None else data_dir() / "assumption_ranges.csv"
    folder = Path(data) if data is not None else path.parent
    entries = read_exact_csv(path, RANGE_COLUMNS)
    refs = references(folder)
    out: list[Assumption] = []
    seen: set[tuple[str, str]] = set()
    for i, e in enumerate(entries, start=2):
        where = f"{path.name}, row {i} ({e['file']}, {e['name']})"
        if e["file"] not in SPEC or not (folder / e["file"]).is_file():
            raise DataError(f"{where}: file {e['file']!r} is not a parameter file in {folder}")
        if (e["file"], e["name"]) in seen:
            raise DataError(f"{where}: duplicate entry")
        seen.add((e["file"], e["name"]))
        rows = {r["name"]: r for r in _read(folder / e["file"])}
        if e["name"] not in rows:
            raise DataError(f"{where}: {e['file']} has no row {e['name']!r}")
        row = rows[e["name"]]
        if row["kind"] != "assumption":
            raise DataError(f"{where}: {e['file']} row {e['name']!r} is of kind {row['kind']!r}, not 'assumption'")
        if e["unit"] != row["unit"]:
            raise DataError(f"{where}: unit {e['unit']!r} differs from {e['file']}'s {row['unit']!r}")
        try:
            low, high, value = float(e["low"]), float(e["high"]), float(row["value"])
        except ValueError:
            raise DataError(f"{where}: low {e['low']!r} or high {e['high']!r} is not a number") from None
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise DataError(f"{where}: low ({low:g}) must be below high ({high:g})")
        if not low <= value <= high:
            raise DataError(f"{where}: the course's value {value:g} {row['unit']} lies outside [{low:g}, {high:g}]")
        _unit, lo_ok, hi_ok = SPEC[e["file"]][e["name"]]
        if low < lo_ok or high > hi_ok:
            raise DataError(f"{where}: [{low:g}, {high:g}] goes beyond the parameter's plausible range "
                            f"[{lo_ok:g}, {hi_ok:g}] {row['unit']}")
        if e["source"] not in refs:
            raise DataError(f"{where}: source {e['source']!r} is not a key in references.csv")
        if len(e["reason"].strip()) < 20:
            raise DataError(f"{where}: the reason for the range is missing or too short")
        out.append(Assumption(e["file"], e["name"], value, low, high, e["unit"], e["source"], e["reason"],
                              row["note"]))
    if not out:
        raise DataError(f"{path.name}: no assumptions listed")
    return tuple(out)


class _Variants:
    """A temporary copy of a data folder in which one row at a time gets another value."""

    def __init__(self, folder: Path) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="itband_edu_sensitivity_"))
        for f in folder.glob("*.csv"):
            shutil.copy(f, self._dir / f.name)
        self._text = {f.name: f.read_text(encoding="utf-8") for f in folder.glob("*.csv")}

    def load(self, a: Assumption, value: float) -> Parameters:
        rows = list(csv.DictReader(io.StringIO(self._text[a.file])))
        for r in rows:
            if r["name"] == a.name:
                r["value"] = repr(float(value))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        target = self._dir / a.file
        target.write_text(buf.getvalue(), encoding="utf-8")
        try:
            return load_parameters(self._dir)
        finally:
            target.write_text(self._text[a.file], encoding="utf-8")

    def base(self) -> Parameters:
        return load_parameters(self._dir)

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)


@dataclass(frozen=True)
class SensitivityGrid:
    """Headline numbers with each assumption at each of :data:`POSITIONS` in its range.

    ``values[i, j, k]``: headline ``k`` (order of ``headlines``) with assumption ``i`` at ``positions[j]``.
    """

    assumptions: tuple[Assumption, ...]
    headlines: tuple[str, ...]
    positions: tuple[float, ...]
    values: NDArray[np.float64]
    baseline: NDArray[np.float64]  # the headlines with every assumption at the course's value

    def _ij(self, assumption: str, headline: str) -> tuple[int, int]:
        keys = [a.key for a in self.assumptions] + [a.name for a in self.assumptions]
        if assumption not in keys:
            raise ValueError(f"assumption = {assumption!r}: no assumption of that name; known: "
                             f"{', '.join(a.key for a in self.assumptions)}")
        if headline not in self.headlines:
            raise ValueError(f"headline = {headline!r}: no headline of that name; known: {', '.join(self.headlines)}")
        return keys.index(assumption) % len(self.assumptions), self.headlines.index(headline)

    def assumption(self, name: str) -> Assumption:
        return self.assumptions[self._ij(name, self.headlines[0])[0]]

    def at(self, assumption: str, position: float, headline: str) -> float:
        """The headline with the assumption at one of the grid's positions."""
        i, k = self._ij(assumption, headline)
        position = _position(position)
        if position not in self.positions:
            raise ValueError(f"position must be one of {self.positions}, got {position!r}")
        return float(self.values[i, self.positions.index(position), k])

    def extent(self, assumption: str, headline: str) -> tuple[float, float]:
        """(smallest, largest) headline value over the assumption's range."""
        i, k = self._ij(assumption, headline)
        return float(self.values[i, :, k].min()), float(self.values[i, :, k].max())

    def spread(self, assumption: str, headline: str) -> float:
        """Largest minus smallest headline value over the assumption's range (headline's unit)."""
        lo, hi = self.extent(assumption, headline)
        return hi - lo

    def relative_spread(self, assumption: str, headline: str) -> float:
        """The spread as a percentage of the course's value of the headline."""
        k = self.headlines.index(headline)
        return 100.0 * self.spread(assumption, headline) / abs(float(self.baseline[k]))

    def largest(self, headline: str) -> Assumption:
        """The assumption whose range moves ``headline`` most."""
        spreads = [self.spread(a.key, headline) for a in self.assumptions]
        return self.assumptions[int(np.argmax(spreads))]


def sensitivity_grid(ranges: Path | str | None = None, data: Path | str | None = None,
                     positions: tuple[float, ...] = POSITIONS) -> SensitivityGrid:
    """Every headline with every assumption of ``ranges`` (default ``data/assumption_ranges.csv``) at each
    of ``positions`` in its range, one assumption at a time. ``data``: the data folder (default: the ranges
    file's folder, or :func:`data_dir`). Takes about a second."""
    if ranges is None:
        folder = Path(data) if data is not None else data_dir()
        ranges = folder / "assumption_ranges.csv"
    folder = Path(data) if data is not None else Path(ranges).parent
    if not positions or any(not -1.0 <= x <= 1.0 for x in positions) or -1.0 not in positions or 1.0 not in positions:
        raise ValueError(f"positions must lie in [-1, 1] and include both ends, got {positions!r}")
    assumptions = load_ranges(ranges, folder)
    names = tuple(HEADLINES)
    variants = _Variants(folder)
    try:
        base = variants.base()
        baseline = np.array([HEADLINES[h].compute(base) for h in names])
        values = np.empty((len(assumptions), len(positions), len(names)))
        for i, a in enumerate(assumptions):
            for j, pos in enumerate(positions):
                p = base if pos == 0.0 else variants.load(a, a.at(pos))
                values[i, j] = baseline if pos == 0.0 else [HEADLINES[h].compute(p) for h in names]
    finally:
        variants.close()
    values.flags.writeable = False
    baseline.flags.writeable = False
    return SensitivityGrid(assumptions, names, tuple(positions), values, baseline)
