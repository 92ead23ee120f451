"""Sourced model parameters, loaded and checked from the CSV files in ``data/``.

Every number the model uses lives in a CSV file with the columns ``name, value, unit, kind, meaning,
source, note`` (see ``data/README.md``, the data dictionary). ``source`` is a key into
``data/references.csv``. This module knows, for every parameter, the unit it must be written in and a
plausible range; loading fails with a :class:`DataError` naming the file, the row and the problem when
a row is missing, unknown, duplicated, in the wrong unit, out of range, or cites an unknown source.

Values are converted to SI on loading (MPa and kPa -> Pa, cm and mm -> m, cm^2 -> m^2, deg -> rad), so
the model works in SI only. The loaded parameters are immutable (frozen dataclasses) and cached.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DataError",
    "Muscle",
    "Parameters",
    "Reference",
    "MUSCLE_NAMES",
    "FLEXOR_NAMES",
    "data_dir",
    "default_parameters",
    "load_parameters",
    "references",
]

from ._schema import (  # noqa: F401 - part of this module's interface
    CORE_FIELDS as _CORE_FIELDS,
    KINDS,
    MOMENT_ARM_SAMPLE_ANGLE,
    FLEXOR_NAMES,
    MUSCLE_NAMES,
    REFERENCE_COLUMNS,
    REQUIRED_COLUMNS,
    SPEC as _SPEC,
    TO_SI,
)


class DataError(ValueError):
    """A parameter file is malformed; the message names the file, the row and the problem."""


@dataclass(frozen=True)
class Reference:
    """One published source (a row of ``data/references.csv``)."""

    key: str
    authors: str
    year: int
    title: str
    journal: str
    volume_pages: str
    doi_or_url: str
    verified: str

    def citation(self) -> str:
        """The reference formatted for a lesson's reference list."""
        vp = f" {self.volume_pages}" if self.volume_pages else ""
        link = self.doi_or_url
        if link and not link.startswith("http"):
            link = f"https://doi.org/{link}"
        link_txt = f" {link}" if link else ""
        title = self.title if self.title.endswith(("?", "!", ".")) else f"{self.title}."
        return f"{self.authors} ({self.year}). {title} *{self.journal}*{vp}.{link_txt}"


@dataclass(frozen=True)
class Muscle:
    """One hip muscle: maximum force (N), abduction moment arms (m), its share into the ITB and its
    hip-flexion moment arm (m, negative for an extensor) at the neutral posture.

    The moment arm depends on hip adduction: a quadratic through the values at 10 deg abduction,
    0 deg and 10 deg adduction (Rajagopal et al. 2016), extrapolated beyond +/-10 deg.
    """

    name: str
    max_isometric_force: float
    moment_arm_abducted: float
    moment_arm_neutral: float
    moment_arm_adducted: float
    itb_fraction: float
    flexion_moment_arm: float

    def _quadratic(self) -> tuple[float, float, float]:
        """Coefficients (r0, b, c) of r(x) = r0 + b x + c x^2 through the three sampled moment arms."""
        h = MOMENT_ARM_SAMPLE_ANGLE
        r0, ra, rd = self.moment_arm_neutral, self.moment_arm_abducted, self.moment_arm_adducted
        return r0, (rd - ra) / (2.0 * h), (rd - 2.0 * r0 + ra) / (2.0 * h * h)

    def moment_arm(self, hip_adduction: ArrayLike) -> NDArray[np.float64]:
        """Hip-abduction moment arm (m) at ``hip_adduction`` (rad, adduction positive)."""
        r0, b, c = self._quadratic()
        x = np.asarray(hip_adduction, dtype=float)
        return r0 + b * x + c * x * x

    def length_change(self, hip_adduction: ArrayLike) -> NDArray[np.float64]:
        """Lengthening (m) of the muscle's path when the hip adducts from 0 to ``hip_adduction`` (rad).

        The principle of virtual work makes a moment arm the rate of change of path length with joint
        angle, so dL = integral_0^a r(x) dx = r0 a + b a^2 / 2 + c a^3 / 3 (negative for abduction).
        """
        r0, b, c = self._quadratic()
        a = np.asarray(hip_adduction, dtype=float)
        return r0 * a + b * a**2 / 2 + c * a**3 / 3


@dataclass(frozen=True)
class Parameters:
    """All model parameters in SI units (see ``data/README.md`` for meanings and sources)."""

    gravity: float
    leg_mass_fraction: float
    inter_hip_distance: float
    hat_com_height: float
    abductor_line_of_action: float
    muscles: tuple[Muscle, ...]  # the hip abductors of the frontal-plane model
    flexors: tuple[Muscle, ...]  # the main hip flexors, added when the sagittal plane is balanced too
    itb_youngs_modulus: float
    itb_youngs_modulus_proximal: float
    itb_proximal_length_fraction: float
    tendon_working_strain: float
    itb_thickness: float
    itb_width: float
    itb_length: float
    tfl_optimal_fibre_length: float
    passive_strain_at_max_force: float
    passive_shape_factor: float
    rubber_youngs_modulus: float
    sources: dict[str, str]
    table: dict[str, float]

    def value(self, name: str) -> float:
        """Any loaded parameter in SI units by its full name, e.g. ``'chain.eversion_to_tibial_rotation'``."""
        try:
            return self.table[name]
        except KeyError:
            raise KeyError(f"no parameter named {name!r} in data/") from None

    @property
    def itb_cross_section(self) -> float:
        """Cross-sectional area of the band (m^2): thickness x width (a rectangle, an assumption)."""
        return self.itb_thickness * self.itb_width

    @property
    def itb_compliance(self) -> float:
        """Elongation per newton of the whole band (m/N): two regions in series, the proximal and
        middle part (fraction ``itb_proximal_length_fraction`` of the length, Otsuka et al.'s stiffer
        sites) and the distal part, on one cross-section: L (f / E_prox + (1 - f) / E_dist) / A."""
        f = self.itb_proximal_length_fraction
        return self.itb_length * (f / self.itb_youngs_modulus_proximal + (1.0 - f) / self.itb_youngs_modulus) \
            / self.itb_cross_section

    @property
    def tfl_path_length(self) -> float:
        """Length (m) of the whole TFL + band path at neutral: optimal fibre length plus band length;
        a path strain is a change of this length over it."""
        return self.tfl_optimal_fibre_length + self.itb_length

    @property
    def itb_effective_modulus(self) -> float:
        """The single modulus (Pa) a uniform band of the same size would need to stretch as much."""
        return self.itb_length / (self.itb_compliance * self.itb_cross_section)

    @property
    def muscle_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.muscles)

    def muscle(self, name: str) -> Muscle:
        for m in self.muscles + self.flexors:
            if m.name == name:
                return m
        known = ", ".join(self.muscle_names + tuple(m.name for m in self.flexors))
        raise KeyError(f"no muscle named {name!r}; known: {known}")


#: Environment variable naming a folder of parameter files to use instead of the packaged ones.
DATA_ENV = "ITBAND_EDU_DATA"


def data_dir() -> Path:
    """The folder holding the CSV files.

    In an installed wheel the files are packaged as ``itband_edu/data``; in an editable install or a
    source checkout they are read from the repository's ``data/`` folder. The environment variable
    ``ITBAND_EDU_DATA`` names another folder instead (a what-if copy of the data, or the test that
    changes a taught parameter by 1 % and expects the lessons' check cells to fail).
    """
    override = os.environ.get(DATA_ENV)
    if override:
        folder = Path(override)
        if not folder.is_dir():
            raise DataError(f"{DATA_ENV}={override!r} is not a folder")
        return folder
    packaged = resources.files("itband_edu") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    raise DataError(f"cannot find the parameter files: neither {packaged} nor {checkout} exists")


def read_exact_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of the CSV file ``path``, whose header must be exactly ``columns``; a missing file or
    another header raises :class:`DataError` naming the file (for data files with their own row checks,
    e.g. ``published_results.csv`` and ``assumption_ranges.csv``)."""
    if not path.is_file():
        raise DataError(f"{path.name}: file not found in {path.parent}")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise DataError(f"{path.name}: columns must be {', '.join(columns)}, found "
                            f"{', '.join(reader.fieldnames or ())}")
        return list(reader)


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise DataError(f"{path.name}: file not found in {path.parent}")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in columns if c not in header]
        if missing:
            raise DataError(f"{path.name}: missing column(s) {', '.join(missing)}; found {', '.join(header)}")
        rows = []
        for i, row in enumerate(reader, start=2):  # row 1 is the header
            if None in row or any(v is None for v in row.values()):
                raise DataError(f"{path.name}, row {i}: wrong number of fields")
            row["_row"] = str(i)
            rows.append(row)
        return rows


@lru_cache(maxsize=4)
def _references(folder: str) -> dict[str, Reference]:
    path = Path(folder) / "references.csv"
    out: dict[str, Reference] = {}
    for row in _read_csv(path, REFERENCE_COLUMNS):
        where = f"{path.name}, row {row['_row']}"
        key = row["key"].strip()
        if not key or key in out:
            raise DataError(f"{where}: empty or duplicate key {key!r}")
        for col in ("authors", "title", "journal"):
            if not row[col].strip():
                raise DataError(f"{where}: empty {col} for {key!r}")
        if not row["doi_or_url"].strip():
            raise DataError(f"{where}: {key!r} has neither a DOI nor a URL")
        try:
            year = int(row["year"])
        except ValueError:
            raise DataError(f"{where}: year {row['year']!r} is not a whole number") from None
        if not 1800 <= year <= 2100:
            raise DataError(f"{where}: year {year} outside [1800, 2100]")
        out[key] = Reference(
            key, row["authors"], year, row["title"], row["journal"], row["volume_pages"],
            row["doi_or_url"], row["verified"],
        )
    return out


def references(folder: Path | None = None) -> dict[str, Reference]:
    """All references, by key, from ``references.csv``."""
    return _references(str(folder or data_dir()))


def _load_file(folder: Path, filename: str, refs: dict[str, Reference]) -> tuple[dict[str, float], dict[str, str]]:
    spec = _SPEC[filename]
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    for row in _read_csv(folder / filename, REQUIRED_COLUMNS):
        where = f"{filename}, row {row['_row']}"
        name = row["name"].strip()
        if name not in spec:
            raise DataError(f"{where}: unknown parameter {name!r}")
        if name in values:
            raise DataError(f"{where}: duplicate parameter {name!r}")
        unit, low, high = spec[name]
        if row["unit"].strip() != unit:
            raise DataError(f"{where}: {name} must be given in {unit!r}, found {row['unit']!r}")
        try:
            value = float(row["value"])
        except ValueError:
            raise DataError(f"{where}: value {row['value']!r} of {name} is not a number") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise DataError(
                f"{where}: {name}={value:g} {unit} is outside the plausible range [{low:g}, {high:g}] {unit}"
            )
        if row["kind"].strip() not in KINDS:
            raise DataError(f"{where}: kind {row['kind']!r} of {name} is not one of {', '.join(KINDS)}")
        if not row["meaning"].strip():
            raise DataError(f"{where}: {name} has no meaning")
        if row["source"].strip() not in refs:
            raise DataError(f"{where}: source {row['source']!r} of {name} is not a key in references.csv")
        if row["kind"].strip() == "assumption" and not row["note"].strip():
            raise DataError(f"{where}: {name} is a teaching assumption and needs a note saying why")
        key = name if filename in ("anthropometry.csv", "tissue.csv", "muscles.csv") else f"{filename[:-4]}.{name}"
        values[key] = value * TO_SI.get(unit, 1.0)
        sources[key] = row["source"].strip()
    missing = sorted(set(spec) - {k.split(".", 1)[1] if k.startswith(filename[:-4] + ".") else k for k in values})
    if missing:
        raise DataError(f"{filename}: missing parameter(s) {', '.join(missing)}")
    return values, sources


def load_parameters(folder: Path | None = None) -> Parameters:
    """Load and check every parameter file in ``folder`` (default: :func:`data_dir`)."""
    folder = Path(folder) if folder is not None else data_dir()
    refs = _references(str(folder))
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    for filename in _SPEC:
        v, s = _load_file(folder, filename, refs)
        values.update(v)
        sources.update(s)
    def muscle(m: str) -> Muscle:
        return Muscle(
            name=m,
            max_isometric_force=values[f"{m}.max_isometric_force"],
            moment_arm_abducted=values[f"{m}.moment_arm_abducted"],
            moment_arm_neutral=values[f"{m}.moment_arm_neutral"],
            moment_arm_adducted=values[f"{m}.moment_arm_adducted"],
            itb_fraction=values[f"{m}.itb_fraction"],
            flexion_moment_arm=values[f"{m}.flexion_moment_arm"],
        )

    scalars = {k: v for k, v in values.items() if "." not in k and k in _CORE_FIELDS}
    return Parameters(muscles=tuple(muscle(m) for m in MUSCLE_NAMES), flexors=tuple(muscle(m) for m in FLEXOR_NAMES),
                      sources=sources, table=dict(values), **scalars)


@lru_cache(maxsize=1)
def default_parameters() -> Parameters:
    """The course's parameters, loaded once from the packaged data."""
    return load_parameters()
