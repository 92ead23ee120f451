"""Lesson 10's sensitivity explorer: one teaching assumption at a time across its plausible range (from
``data/assumption_ranges.csv``), and how far each headline number of the course moves.

::

    grid = sensitivity_grid()                  # itband_edu.sensitivity: every assumption's range, computed once
    assumption_table(grid); sensitivity_explorer(grid)

The table is a :class:`~itband_edu.views.tables.Table` (HTML in a notebook). The explorer interpolates in the
precomputed grid, so a move runs no model. Re-exported by ``views.validation`` (lesson 10's other views).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ..parameters import data_dir
from ..sensitivity import HEADLINES, SensitivityGrid, sensitivity_grid
from . import style
from .explorer import Control, Explorer, readout_table, slider
from .figure import declare_dynamic
from .tables import Table

__all__ = ["assumption_table", "sensitivity_explorer", "SensitivityFigure", "SensitivityState", "SHORT"]

#: short names of the headline numbers (figure rows, table columns)
SHORT = {"stance_itb": "band, one-leg stance (N)", "tfl_share": "TFL share (%)", "running_itb": "band, running (N)",
         "crossing_angle": "crossing angle (°)", "eversion_lengthening": "eversion lengthening (mm)",
         "stretch_strain": "strain, 20 mm stretch (%)"}


def assumption_table(grid: SensitivityGrid) -> Table:
    """Per assumption (rows) and headline (columns): the smallest to largest headline value over the
    assumption's range; a dash where it does not move at the headline's printed precision."""
    grid = _need_grid(grid)
    cells = []
    for a in grid.assumptions:
        row = [f"{a.label} ({a.file})", f"{a.low:g} to {a.high:g}{'' if a.unit == '1' else ' ' + a.unit}"]
        for h in grid.headlines:
            lo, hi = grid.extent(a.key, h)
            fmt = HEADLINES[h].fmt
            row.append("–" if f"{lo:{fmt}}" == f"{hi:{fmt}}" else f"{lo:{fmt}}–{hi:{fmt}}")
        cells.append(tuple(row))
    base = ("course's value", "", *(f"{v:{HEADLINES[h].fmt}}" for h, v in zip(grid.headlines, grid.baseline,
                                                                          strict=True)))
    return Table(("assumption (file)", "range", *(SHORT[h] for h in grid.headlines)), (base, *cells))


_GRIDS: dict[str, SensitivityGrid] = {}


def _need_grid(grid: object) -> SensitivityGrid:
    if not isinstance(grid, SensitivityGrid):
        raise ValueError(f"grid must be a SensitivityGrid (itband_edu.sensitivity.sensitivity_grid()), got {grid!r}")
    return grid


def _default_grid() -> SensitivityGrid:
    """The grid of the current data folder, computed once per folder (about a second)."""
    key = str(data_dir())
    if key not in _GRIDS:
        _GRIDS[key] = sensitivity_grid()
    return _GRIDS[key]


@dataclass(frozen=True)
class SensitivityState:
    """What the explorer shows: the assumption's value, the headlines there, and their extent over its range."""

    value: float
    headlines: np.ndarray  # in the order of grid.headlines
    low: np.ndarray  # smallest over the range
    high: np.ndarray  # largest over the range
    baseline: np.ndarray


class SensitivityFigure:
    """Each headline's change from the course's value (%, bar) and its extent over the range (grey)."""

    def __init__(self, fig: Figure, grid: SensitivityGrid | None = None) -> None:
        self.grid = grid = _need_grid(grid) if grid is not None else _default_grid()
        n = len(grid.headlines)
        ax = fig.add_axes((0.44, 0.15, 0.40, 0.68))
        self.ys = np.arange(n)[::-1]
        self.extent = ax.barh(self.ys, np.zeros(n), height=0.7, color="#dddddd", edgecolor="#aaaaaa")
        self.now = ax.barh(self.ys, np.zeros(n), height=0.35, color=style.OKABE_ITO["blue"])
        self.texts = [ax.text(1.03, y, "", fontsize=style.EXPLORER_SMALL_FONT_SIZE, ha="left", va="center",
                              transform=ax.get_yaxis_transform(), weight="bold") for y in self.ys]
        ax.axvline(0, color="black", lw=1)
        change = 100.0 * np.abs(grid.values / grid.baseline - 1.0)
        edge = 100.0 if not np.isfinite(change).all() else max(20.0, 10.0 * math.ceil(float(change.max()) / 10.0 + 0.5))
        ax.set_xlim(-edge, edge)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_yticks(self.ys, [SHORT[h] for h in grid.headlines])
        ax.set_xlabel("change from the course's value (%)")
        self.title = fig.text(0.02, 0.98, "", fontsize=style.EXPLORER_FONT_SIZE, weight="bold", va="top")
        fig.text(0.02, 0.91, "grey: over the assumption's whole range; blue: at the slider's value",
                 fontsize=style.EXPLORER_SMALL_FONT_SIZE - 1, va="top")
        declare_dynamic(fig, [*self.extent, *self.now, *self.texts, self.title])

    def update(self, s: SensitivityState, values: Mapping[str, Any]) -> None:
        a = self.grid.assumption(values["assumption"])
        self.title.set_text(f"{a.label} = {s.value:.3g} {a.unit if a.unit != '1' else ''}".rstrip())
        rel = lambda x: 100.0 * (x / s.baseline - 1.0)  # noqa: E731
        for k, h in enumerate(self.grid.headlines):
            lo, hi, now = rel(s.low)[k], rel(s.high)[k], rel(s.headlines)[k]
            self.extent[k].set_x(lo)
            self.extent[k].set_width(max(hi - lo, 0.4))
            self.now[k].set_width(now)
            self.texts[k].set_text(f"{s.headlines[k]:{HEADLINES[h].fmt}}")


def sensitivity_explorer(grid: SensitivityGrid | None = None) -> Explorer:
    """One teaching assumption at a time, across its plausible range (``data/assumption_ranges.csv``):
    how far each headline number of the course moves. Controls: ``assumption`` (a row of the ranges
    file), ``position`` (-1 = low end, 0 = the course's value, 1 = high end), ``preset``. ``result`` is a
    :class:`SensitivityState`, interpolated in the precomputed ``grid`` (so a move runs no model)."""
    g = _need_grid(grid) if grid is not None else _default_grid()
    keys = [a.key for a in g.assumptions]
    first = "muscles.gluteus_maximus_1.itb_fraction" if "muscles.gluteus_maximus_1.itb_fraction" in keys else keys[0]
    choose = W.Dropdown(options=[(f"{a.label} ({a.file})", a.key) for a in g.assumptions], value=first,
                        description="Assumption", style={"description_width": "6em"}, layout=W.Layout(width="300px"))
    controls = {
        "assumption": Control(choose, "Assumption", "", "a teaching assumption of data/ (its file in brackets)"),
        "position": Control(slider(0.0, -1.0, 1.0, 0.25, "Where in range", ".2f"), "Where in its range", "1",
                            "-1: the low end of its plausible range, 0: the course's value, 1: the high end"),
    }
    presets: dict[str, dict[str, Any]] = {"the course's values": {"position": 0.0},
        "band's anchorage 10 mm further back": {"assumption": "knee.anchorage_anterior", "position": -1.0},
        "all of upper gluteus maximus into the band": {"assumption": "muscles.gluteus_maximus_1.itb_fraction",
                                                       "position": 1.0},
        "no hip adduction from the foot": {"assumption": "chain.tibial_to_hip_adduction", "position": -1.0}}
    presets = {k: v for k, v in presets.items() if v.get("assumption", first) in keys}
    pos = np.array(g.positions)

    def compute(v: dict[str, Any]) -> SensitivityState:
        i = keys.index(v["assumption"])
        a = g.assumptions[i]
        now = np.array([np.interp(v["position"], pos, g.values[i, :, k]) for k in range(len(g.headlines))])
        return SensitivityState(a.at(float(v["position"])), now, g.values[i].min(axis=0), g.values[i].max(axis=0),
                                g.baseline)

    def readout(s: SensitivityState, v: dict[str, Any]) -> str:
        a = g.assumption(v["assumption"])
        unit = "" if a.unit == "1" else f" {a.unit}"
        change = 100.0 * (s.headlines / s.baseline - 1.0)
        k = int(np.argmax(np.abs(change)))
        moved = "none" if abs(change[k]) < 0.05 else f"{SHORT[g.headlines[k]]}: {change[k]:+.1f} %"
        rows = [("value now", f"{s.value:.3g}{unit} (course: {a.value:g}{unit})"),
                ("its range", f"{a.low:g} to {a.high:g}{unit}"),
                ("moved most", html.escape(moved))]
        return readout_table(rows)

    return Explorer(name="sensitivity", title="How much does an assumption move the headline numbers?",
                    controls=controls, presets=presets, compute=compute,
                    make_view=lambda fig: SensitivityFigure(fig, g), readout=readout)

