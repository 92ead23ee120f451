"""Helpers shared by the explorer tests: a data value read straight from data/ (never from the code
under test) and a fingerprint of what a figure shows."""

from __future__ import annotations

import csv
import hashlib

from matplotlib.figure import Figure

from itband_edu.parameters import data_dir


def data_value(filename: str, name: str) -> float:
    """The value of row ``name`` of ``data/<filename>``, as written there (no unit conversion)."""
    with (data_dir() / filename).open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"] == name]
    assert len(rows) == 1, (filename, name)
    return float(rows[0]["value"])


def fingerprint(fig: Figure) -> str:
    """Hash of what the figure shows now (a full Agg render of its current state)."""
    fig.canvas.draw()
    return hashlib.sha1(bytes(fig.canvas.buffer_rgba())).hexdigest()
