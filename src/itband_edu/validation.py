"""The model against published results: every row of ``data/published_results.csv``, computed now.

Each row of that file gives a published value, a tolerance, a unit, a source and a note saying what kind
of comparison it is. :func:`validation_table` computes the model's value for every row at run time (from
the parameters it is given) and judges it by the row's kind of comparison:

* ``two-sided``: pass when ``|model - value| <= tolerance``;
* ``one-sided``: a bound; pass when the model stays on the allowed side (``model <= value + tolerance``
  for an upper bound; ``value <= model <= value + tolerance`` where the note allows only one direction);
* ``trend``: pass when the model moves the way the study's finding implies, over the whole published
  range (value +/- tolerance);
* ``discrepancy``: a result the model is known NOT to reproduce (the note starts "NOT reproduced"): the
  verdict says whether the recorded disagreement still stands, so that a change of the model is noticed.

A row with no computation here is an error (the table never drops a row silently), and so is a row whose
note calls it a discrepancy while its computation does not, or the other way round. Each row's
computation, label and kind of evidence are in ``validation_rows`` (re-exported here). The independent
tests of each row are in ``tests/test_published.py``; this module is the library version the lesson uses.
"""

from __future__ import annotations

import csv
import math
import numbers
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .parameters import DataError, Parameters, data_dir, default_parameters, load_parameters, read_exact_csv
from .stance import single_leg_stance
from .validation_rows import _RANGE_ABOVE, COMPUTATIONS, EVIDENCE, EVIDENCE_KINDS, LABELS

__all__ = ["KINDS", "ValidationRow", "ValidationTable", "validation_table", "read_published", "COMPUTATIONS",
           "LABELS", "EVIDENCE", "EVIDENCE_KINDS", "abductor_force_with_opensim_flexor_arms"]

KINDS = ("two-sided", "one-sided", "trend", "discrepancy")
COLUMNS = ("name", "value", "tolerance", "unit", "source", "note")


@dataclass(frozen=True)
class ValidationRow:
    """One published result beside the model's value and the verdict."""

    name: str
    source: str
    kind: str
    value: float
    tolerance: float
    unit: str
    model: float
    model_unit: str
    criterion: str
    ok: bool
    note: str
    band: tuple[float, float] | None = None

    @property
    def label(self) -> str:
        """A plain name for the row (:data:`LABELS`), for tables and plots."""
        return LABELS.get(self.name, self.name.split(".", 1)[-1].replace("_", " "))

    @property
    def evidence(self) -> str:
        """What a pass of this row is worth: one of :data:`EVIDENCE_KINDS` (lesson 10, section 1)."""
        return EVIDENCE[self.name]

    @property
    def tolerance_left(self) -> float:
        """The fraction of the tolerance left before the verdict turns (nan for a tolerance of 0, a trend or a
        recorded discrepancy)."""
        if self.kind in ("trend", "discrepancy") or self.tolerance == 0:
            return math.nan
        lo, hi = self.low_high
        return min(self.model - lo, hi - self.model) / self.tolerance

    @property
    def by_tolerance_only(self) -> bool:
        """An upper bound met only thanks to its tolerance: the model lies above the published value itself."""
        return self.kind == "one-sided" and self.name not in _RANGE_ABOVE and self.ok and self.model > self.value

    @property
    def verdict(self) -> str:
        """``pass``/``MISS`` for an agreement; for a recorded discrepancy ``as recorded`` while it still
        stands and ``CHANGED`` when the model no longer disagrees as the note says."""
        if self.kind == "discrepancy":
            return "as recorded" if self.ok else "CHANGED"
        return "pass" if self.ok else "MISS"

    @property
    def low_high(self) -> tuple[float, float]:
        """The interval of the published value the model is judged against (in ``unit``; inf for a bound)."""
        v, t = self.value, self.tolerance
        if self.band is not None:
            return self.band
        if self.kind == "two-sided":
            return v - t, v + t
        if self.kind == "one-sided":
            return (v, v + t) if self.name in _RANGE_ABOVE else (-math.inf, v + t)
        return v - t, v + t


@dataclass(frozen=True)
class ValidationTable:
    """Every published result with the model's value and verdict, in the file's order."""

    rows: tuple[ValidationRow, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, name: str) -> ValidationRow:
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(f"no published result named {name!r}; known: {', '.join(r.name for r in self.rows)}")

    def of_kind(self, kind: str) -> tuple[ValidationRow, ...]:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        return tuple(r for r in self.rows if r.kind == kind)

    @property
    def passes(self) -> tuple[ValidationRow, ...]:
        """Agreements the model meets (the discrepancies are counted apart)."""
        return tuple(r for r in self.rows if r.kind != "discrepancy" and r.ok)

    @property
    def misses(self) -> tuple[ValidationRow, ...]:
        """Agreements the model misses."""
        return tuple(r for r in self.rows if r.kind != "discrepancy" and not r.ok)

    @property
    def discrepancies(self) -> tuple[ValidationRow, ...]:
        return self.of_kind("discrepancy")

    @property
    def changed(self) -> tuple[ValidationRow, ...]:
        """Recorded discrepancies that no longer stand as the note says (their note needs revisiting)."""
        return tuple(r for r in self.discrepancies if not r.ok)


def read_published(folder: Path | None = None) -> list[dict[str, str]]:
    """The rows of ``published_results.csv`` in ``folder`` (default :func:`data_dir`), checked: the columns,
    numbers that are numbers, a tolerance >= 0. Raises :class:`DataError` naming the file and row."""
    rows = read_exact_csv(Path(folder or data_dir()) / "published_results.csv", COLUMNS)
    for i, r in enumerate(rows, start=2):
        where = f"published_results.csv, row {i} ({r['name']})"
        try:
            value, tol = float(r["value"]), float(r["tolerance"])
        except (TypeError, ValueError):
            raise DataError(f"{where}: value {r['value']!r} or tolerance {r['tolerance']!r} is not a number") from None
        if not (math.isfinite(value) and math.isfinite(tol) and tol >= 0):
            raise DataError(f"{where}: value must be finite and tolerance finite and >= 0, got {value!r}, {tol!r}")
    return rows


def validation_table(params: Parameters | None = None, data: Path | str | None = None) -> ValidationTable:
    """Every row of ``published_results.csv`` beside the model's value computed now, and the verdict.

    ``data``: a folder holding ``published_results.csv`` (default: :func:`data_dir`, which honours
    ``ITBAND_EDU_DATA``); ``params``: the model's parameters (default: loaded from ``data`` when it is
    given, else the course's defaults). A changed tolerance in the file or a changed parameter changes
    the table. Raises ``ValueError`` for a row that has no computation here, or whose note and kind
    disagree about being a recorded discrepancy.
    """
    if params is not None and not isinstance(params, Parameters):
        raise ValueError(f"params must be a Parameters object (itband_edu.load_parameters) or None, got {params!r}")
    if data is not None and not isinstance(data, (str, os.PathLike)):
        raise ValueError(f"data must be a folder (a path or a string) or None, got {data!r}")
    folder = Path(data) if data is not None else data_dir()
    p = params if params is not None else (load_parameters(folder) if data is not None else default_parameters())
    out = []
    for i, r in enumerate(read_published(folder), start=2):
        name = r["name"]
        if name not in COMPUTATIONS:
            raise ValueError(f"published_results.csv, row {i}: {name!r} has no computation in itband_edu.validation "
                             f"(add one to COMPUTATIONS); rows with one: {', '.join(COMPUTATIONS)}")
        if name not in EVIDENCE:
            raise ValueError(f"published_results.csv, row {i}: {name!r} has no kind of evidence in "
                             "itband_edu.validation.EVIDENCE")
        kind, compute = COMPUTATIONS[name]
        if (kind == "discrepancy") != r["note"].startswith("NOT reproduced"):
            raise ValueError(f"published_results.csv, row {i}: {name!r} is computed as {kind!r} but its note "
                             f"{'does not start' if kind == 'discrepancy' else 'starts'} with 'NOT reproduced'")
        value, tol = float(r["value"]), float(r["tolerance"])
        v = compute(value, tol, p)
        out.append(ValidationRow(name, r["source"], kind, value, tol, r["unit"], v.model, v.model_unit, v.criterion,
                                 bool(v.ok), r["note"], v.band))
    return ValidationTable(tuple(out))


def abductor_force_with_opensim_flexor_arms(pelvic_drop_deg: int = 10, params: Parameters | None = None,
                                            data: Path | str | None = None) -> tuple[float, float]:
    """Why OpenSim needs more abductor force with a pelvic drop and a hip-flexion demand (lesson 10).

    The total force (N) of the eight abductor parts sharing lesson 04's walking demand (75 kg; frontal
    and sagittal, the model's two-plane solver) at a ``pelvic_drop_deg`` of 0 or 10: with the model's
    own moment arms, and with only the four hip flexors' abduction arms replaced by OpenSim's at that
    hip adduction (``data/opensim_comparison.csv``). Returns ``(model's, with OpenSim's flexor arms)``.
    """
    from .sharing import share_two_moments

    if (isinstance(pelvic_drop_deg, bool) or not isinstance(pelvic_drop_deg, numbers.Real)
            or pelvic_drop_deg not in (0, 10)):
        raise ValueError(f"pelvic_drop_deg must be 0 or 10 (the poses at which OpenSim's flexor arms were "
                         f"computed), got {pelvic_drop_deg!r}")
    pelvic_drop_deg = int(pelvic_drop_deg)
    p = params if params is not None else default_parameters()
    folder = Path(data) if data is not None else data_dir()
    with (folder / "opensim_comparison.csv").open(newline="", encoding="utf-8") as fh:
        osim = {r["name"]: float(r["value"]) for r in csv.DictReader(fh)}
    tag = "neutral" if pelvic_drop_deg == 0 else f"adduction_{pelvic_drop_deg}deg"
    flex = osim["input.walking_flexion.flexion_moment"]
    muscles = p.muscles + p.flexors
    f0 = np.array([m.max_isometric_force for m in muscles])
    add = math.radians(pelvic_drop_deg)
    ours = np.array([[float(m.moment_arm(add)) for m in muscles], [m.flexion_moment_arm for m in muscles]])
    swapped = ours.copy()
    for j, m in enumerate(p.flexors, start=len(p.muscles)):
        swapped[0, j] = osim[f"{m.name}.moment_arm_{tag}"] / 100.0
    demand = np.array([float(single_leg_stance(75.0, pelvic_drop_deg=pelvic_drop_deg, params=p).required_moment), flex])
    totals = []
    for arms in (ours, swapped):
        act, _, _ = share_two_moments(demand, f0, arms)
        totals.append(float((np.asarray(act) * f0)[: len(p.muscles)].sum()))
    return totals[0], totals[1]
