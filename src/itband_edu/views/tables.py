"""Tables of model results for the lessons: one call instead of a loop with format specifiers.

::

    stance_table({"healthy": single_leg_stance(), "weak gluteus medius": weak},
                 "moment", "abductors_bw", "hip_bw", "itb", "tfl_activation")
    group_table({"healthy": healthy, "weak gluteus medius": weak})      # force of each muscle group
    muscle_table()                                                     # the abductors' parameters

Each returns a :class:`Table`, shown as an HTML table in a notebook and as aligned text elsewhere.
The units are in the column headers; values are rounded as the lessons quote them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..parameters import Parameters, default_parameters
from ..stance import StanceResult
from . import style

__all__ = ["Table", "column_table", "stance_table", "group_table", "muscle_table", "STANCE_COLUMNS"]


@dataclass(frozen=True)
class Table:
    """Rows of formatted cells under a header; HTML in a notebook, text elsewhere."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in self.header)
        body = "".join("<tr>" + "".join(f"<td style='text-align:{'left' if j == 0 else 'right'}'>{html.escape(c)}</td>"
                                        for j, c in enumerate(row)) + "</tr>" for row in self.rows)
        return f"<table class='itband-table'><tr>{head}</tr>{body}</table>"

    def __repr__(self) -> str:
        widths = [max(len(r[j]) for r in (self.header, *self.rows)) for j in range(len(self.header))]
        lines = ["  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths, strict=True)))
                 for r in (self.header, *self.rows)]
        return "\n".join(lines)


def _f(x: Any) -> float:
    return float(np.asarray(x))


def _tfl(r: StanceResult) -> int:
    return r.muscle_names.index("tensor_fasciae_latae")


#: name -> (header, value of a scalar StanceResult as text)
STANCE_COLUMNS: dict[str, tuple[str, Callable[[StanceResult], str]]] = {
    "lever": ("lever d (cm)", lambda r: f"{100 * _f(r.weight_lever):.1f}"),
    "moment": ("moment needed (N m)", lambda r: f"{_f(r.required_moment):.1f}"),
    "capacity": ("abductor capacity (N m)", lambda r: f"{_f(r.abductor_capacity):.0f}"),
    "abductors_bw": ("abductor force (BW)", lambda r: f"{_f(r.total_abductor_force) / _f(r.body_weight):.2f}"),
    "hip_bw": ("hip contact (BW)", lambda r: f"{_f(r.hip_contact_force_bw):.2f}"),
    "hip_angle": ("hip contact angle (deg)", lambda r: f"{np.degrees(_f(r.hip_contact_angle)):.1f}"),
    "itb": ("IT band tension (N)", lambda r: f"{_f(r.itb_tension):.0f}"),
    "itb_passive": ("of which from stretch (N)", lambda r: f"{_f(r.itb_passive_tension):.1f}"),
    "tfl": ("TFL force (N)", lambda r: f"{_f(r.muscle_forces[..., _tfl(r)]):.0f}"),
    "tfl_activation": ("TFL activation (%)", lambda r: f"{100 * _f(r.activations[..., _tfl(r)]):.0f}"),
    "feasible": ("abductors can hold it?", lambda r: "yes" if bool(r.feasible) else
                 f"no, {_f(r.moment_deficit):.1f} N m short"),
}


def column_table(results: Mapping[str, Any], columns: Sequence[str],
                 spec: Mapping[str, tuple[str, Callable[[Any], str]]]) -> Table:
    """One row per (label, scalar result), one column per name in ``spec`` (name -> (header, the
    result's value as text)). Raises ``ValueError`` naming the known columns for an unknown one."""
    unknown = [c for c in columns if c not in spec]
    if unknown or not columns:
        raise ValueError(f"columns must be some of {list(spec)}, got {list(columns)}")
    header = ("", *(spec[c][0] for c in columns))
    rows = tuple((label, *(spec[c][1](r) for c in columns)) for label, r in results.items())
    return Table(header, rows)


def stance_table(results: Mapping[str, StanceResult], *columns: str) -> Table:
    """One row per (label, scalar result), one column per name in :data:`STANCE_COLUMNS`."""
    return column_table(results, columns, STANCE_COLUMNS)


def group_table(results: Mapping[str, StanceResult], groups: Sequence[str] | None = None) -> Table:
    """Force (N) of each displayed abductor group (the parts summed) for each labelled result; with
    two results, a last column gives the change from the first to the second."""
    names = list(groups or style.MUSCLE_GROUPS)
    unknown = [g for g in names if g not in style.MUSCLE_GROUPS]
    if unknown:
        raise ValueError(f"groups must be some of {list(style.MUSCLE_GROUPS)}, got {unknown}")
    labels = list(results)
    header = ("muscle group", *(f"{k} (N)" for k in labels)) + (("change (N)",) if len(labels) == 2 else ())
    rows = []
    for g in names:
        forces = [_f(results[k].force_of(style.MUSCLE_GROUPS[g])) for k in labels]
        cells = [f"{f:.0f}" for f in forces] + ([f"{forces[1] - forces[0]:+.0f}"] if len(labels) == 2 else [])
        rows.append((style.MUSCLE_LABELS[g].replace("\n", " "), *cells))
    return Table(header, tuple(rows))


def muscle_table(params: Parameters | None = None) -> Table:
    """The abductors' parameters: maximum force, moment arm at 0 deg, their product, share into the band."""
    p = params or default_parameters()
    rows = tuple((m.name.replace("_", " "), f"{m.max_isometric_force:.0f}", f"{100 * m.moment_arm_neutral:.2f}",
                  f"{m.max_isometric_force * m.moment_arm_neutral:.1f}", f"{m.itb_fraction:.2f}") for m in p.muscles)
    return Table(("muscle part", "F0 (N)", "r (cm)", "F0 r (N m)", "share into the band"), rows)
