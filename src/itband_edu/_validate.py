"""Input checks shared by every public function.

Each public model function checks its inputs at the boundary, so that a learner who types 75000 for a
body mass in kilograms, or drags a value out of range from their own code, gets a sentence that names
the parameter, the value and the allowed range instead of a NaN plot or a NumPy traceback.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["check_range", "check_choice", "check_int", "check_limit", "Limits"]

# name -> (low, high, unit): each public module keeps its allowed input ranges in one such table.
Limits = dict[str, tuple[float, float, str]]

# Inputs whose lower bound is excluded (a muscle of zero strength is not a weak muscle).
OPEN_LOW = frozenset({"glute_med_strength", "glute_max_strength", "iliopsoas_strength"})

# What a likely unit mistake looks like, added to the error message.
UNIT_HINTS = {
    "body_mass": "body_mass is in kilograms (75 kg, not 75000 g)",
    "stance_time": "stance_time is in seconds (0.25 s, not 250 ms)",
    "weight_lever": "weight_lever is in metres (4 cm = 0.04)",
    "abductor_lever": "abductor_lever is in metres (4 cm = 0.04)",
    "itb_tension": "itb_tension is in newtons",
    "hip_flexion_moment": "hip_flexion_moment is in newton metres (1 N m/kg x 75 kg = 75 N m)",
}


def _describe(value: Any) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item()) if arr.dtype.kind in "biuf" else repr(value)
    return f"an array of shape {arr.shape}"


def check_range(
    name: str,
    value: ArrayLike,
    low: float,
    high: float,
    unit: str = "",
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    hint: str = "",
) -> NDArray[np.float64]:
    """Return ``value`` as a float array after checking it lies in ``[low, high]``.

    Raises ``ValueError`` naming the parameter, the offending value and the allowed range when the
    value is not a real number (bool, string, complex, None), is NaN or infinite, or is out of range.
    Arrays are accepted (the model is vectorised); the message then names the first bad element.
    ``hint`` is appended to the message, e.g. to point out a likely unit mistake.
    """
    # fast path for the common case, a plain Python number inside the range (the explorers call the model
    # once per slider move); anything else, and every failure, takes the full path and its message
    if type(value) is float or type(value) is int:
        v = float(value)
        if ((low <= v) if low_inclusive else (low < v)) and ((v <= high) if high_inclusive else (v < high)):
            return np.asarray(v)
    unit_txt = f" {unit}" if unit else ""
    lo_b, hi_b = ("[" if low_inclusive else "("), ("]" if high_inclusive else ")")
    allowed = f"{lo_b}{low:g}, {high:g}{hi_b}{unit_txt}"
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be a number in {allowed}; got {value!r}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - exotic objects
        raise ValueError(f"{name} must be a number in {allowed}; got {value!r}") from exc
    if arr.dtype.kind not in "biuf" or arr.dtype.kind == "b":
        raise ValueError(f"{name} must be a real number in {allowed}; got {_describe(value)}")
    arr = arr.astype(np.float64, copy=False)
    bad = ~np.isfinite(arr)
    if low_inclusive:
        bad |= arr < low
    else:
        bad |= arr <= low
    if high_inclusive:
        bad |= arr > high
    else:
        bad |= arr >= high
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else arr.item()
        where = "" if arr.ndim == 0 else f" (element {int(np.flatnonzero(bad.ravel())[0])})"
        shown = "nan" if math.isnan(first) else f"{first:g}"
        msg = f"{name}={shown}{unit_txt}{where} is outside the allowed range {allowed}"
        if hint:
            msg += f"; {hint}"
        raise ValueError(msg)
    return arr


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Check that ``value`` is one of ``choices`` (strings); raise ``ValueError`` naming them."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_int(name: str, value: Any, low: int, high: int) -> int:
    """Check an integer count (e.g. number of samples) lies in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer in [{low}, {high}]; got {value!r}")
    if not low <= int(value) <= high:
        raise ValueError(f"{name}={value} is outside the allowed range [{low}, {high}]")
    return int(value)


def check_limit(limits: Limits, name: str, value: ArrayLike, *, hint: str | None = None) -> NDArray[np.float64]:
    """:func:`check_range` with the range and unit looked up in a module's ``limits`` table.

    The hint defaults to the unit reminder for ``name`` (``UNIT_HINTS``; "is in degrees" for names
    ending in ``_deg``); names in ``OPEN_LOW`` exclude their lower bound.
    """
    low, high, unit = limits[name]
    if hint is None:
        hint = UNIT_HINTS.get(name, f"{name} is in degrees" if name.endswith("_deg") else "")
    return check_range(name, value, low, high, unit, low_inclusive=name not in OPEN_LOW, hint=hint)


def check_scalar_limit(limits: Limits, name: str, value: ArrayLike, why: str = "") -> float:
    """:func:`check_limit` for a parameter that must be one number (``why`` says why, in the message)."""
    if np.ndim(value) != 0:
        reason = f" ({why})" if why else ""
        raise ValueError(f"{name} must be a single number{reason}; got an array of shape {np.shape(value)}")
    return float(check_limit(limits, name, value))
