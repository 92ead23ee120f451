"""Helpers for the frozen result dataclasses: scalars come back as floats, arrays read-only."""

from __future__ import annotations

from typing import Any

import numpy as np


def freeze(value: Any) -> Any:
    """A 0-d result becomes a Python float (or bool); an array becomes a read-only array."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return bool(arr) if arr.dtype == bool else float(arr)
    arr = np.array(arr, copy=True)
    arr.flags.writeable = False
    return arr


def sum_muscles(names: tuple[str, ...], forces: Any, prefix: str) -> Any:
    """Sum over the last axis of ``forces`` of the muscles whose name starts with ``prefix``."""
    idx = [i for i, n in enumerate(names) if n.startswith(prefix)]
    if not idx:
        raise KeyError(f"no muscle name starts with {prefix!r}; known: {', '.join(names)}")
    return freeze(np.asarray(forces)[..., idx].sum(axis=-1))
