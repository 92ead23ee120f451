"""Predict, then check: self-checking questions with specific feedback.

A lesson asks the learner to write a prediction in a code cell, then checks it::

    my_prediction = ...   # hip contact force in body weights
    check_number(my_prediction, stance.result.hip_contact_force_bw, unit="BW", rel_tol=0.15,
                 too_low="Remember the abductors pull the pelvis down too: add their force to W'.",
                 too_high="The abductors pull at a slant, so not all of their force adds up vertically.")

The result is a :class:`Feedback`: ``correct`` (bool) and ``message`` (str). In a notebook it shows
as a short box starting with ✓ or ✗ and a word ("Right", "Not yet"), so the verdict never depends on
colour; its plain-text form is the message alone (stable for nbval). A placeholder (``...``), ``None``
or text that is not a number is not an error: the learner is asked to replace it.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Feedback", "check_number", "check_choice"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` and a specific ``message`` saying why."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        mark, word, colour = ("✓", "Right", "#009E73") if self.correct else ("✗", "Not yet", "#D55E00")
        text = html.escape(self.message).replace("\n", "<br>")
        return (f"<div class='itband-feedback' role='status' style='border-left:5px solid {colour};"
                f"padding:0.3em 0.7em;margin:0.3em 0;font-size:1.1em'>"
                f"<b>{mark} {word}.</b> {text}</div>")

    def _repr_markdown_(self) -> str:
        mark, word = ("✓", "Right") if self.correct else ("✗", "Not yet")
        return f"**{mark} {word}.** {self.message}"


def _placeholder_message(what: str) -> str:
    return f"Replace ... with your prediction ({what}) and run the cell again."


def _as_number(answer: Any) -> float | None:
    """The answer as a finite float, or None when it is a placeholder or not a number."""
    if answer is None or answer is Ellipsis or isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        value = float(answer)
    elif isinstance(answer, str):
        try:
            value = float(answer.strip().replace(",", ""))
        except ValueError:
            return None
    else:
        try:  # a 0-d or one-element NumPy array
            value = float(answer)
        except (TypeError, ValueError):
            return None
    return value if math.isfinite(value) else None


def _fmt(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def check_number(
    answer: Any,
    expected: float,
    *,
    rel_tol: float = 0.1,
    abs_tol: float = 0.0,
    unit: str = "",
    too_low: str = "",
    too_high: str = "",
    right: str = "",
    reveal: bool = False,
) -> Feedback:
    """Check a numerical prediction against ``expected``.

    Counted right when ``|answer - expected| <= max(rel_tol * |expected|, abs_tol)``. The message
    says whether the answer is right, too low or too high, followed by the matching hint
    (``right``, ``too_low``, ``too_high``). The expected value is shown when the answer is right,
    or always with ``reveal=True`` (e.g. for a second attempt).
    A placeholder (``...``), ``None``, a non-number or NaN gives ``correct=False`` and asks the
    learner to write a number; a string such as ``"180"`` is read as a number.
    """
    u = f" {unit}" if unit else ""
    value = _as_number(answer)
    if value is None:
        what = f"a number, in {unit}" if unit else "a number"
        if isinstance(answer, str) and answer.strip():
            return Feedback(False, f"{answer!r} is not a number: write just the number, without the unit "
                                   f"(e.g. 180, not '180 N'). " + _placeholder_message(what))
        return Feedback(False, _placeholder_message(what))
    expected = float(expected)
    tol = max(rel_tol * abs(expected), abs_tol)
    model = f" The model gives {_fmt(expected)}{u}."
    if abs(value - expected) <= tol:
        msg = f"You said {_fmt(value)}{u}; the model gives {_fmt(expected)}{u}."
        return Feedback(True, _join(msg, right))
    if value < expected:
        hint = too_low or "Think again about what adds to it, then try a larger value."
        return Feedback(False, _join(_verdict("Too low", hint, value, u) + (model if reveal else ""), hint))
    hint = too_high or "Think again about what it depends on, then try a smaller value."
    return Feedback(False, _join(_verdict("Too high", hint, value, u) + (model if reveal else ""), hint))


def _verdict(word: str, hint: str, value: float, u: str) -> str:
    """'Too low: you said 3 N.', or just 'You said 3 N.' when the hint already says 'Too low'."""
    if hint.strip().lower().startswith(word.lower()):
        return f"You said {_fmt(value)}{u}."
    return f"{word}: you said {_fmt(value)}{u}."


def _join(first: str, second: str) -> str:
    return f"{first} {second}".strip() if second else first


def _norm(x: Any) -> str:
    return " ".join(str(x).strip().lower().split())


def check_choice(
    answer: Any,
    correct: str | Iterable[str],
    explanations: Mapping[str, str],
) -> Feedback:
    """Check a multiple-choice answer; the message is the explanation written for that choice.

    ``explanations`` maps each option (e.g. ``"a"``, ``"b"``, or short phrases such as ``"rises"``)
    to why it is right or wrong; ``correct`` is one option or several. Matching ignores case and
    extra spaces. A placeholder (``...`` or ``None``) or an unknown option gives ``correct=False``
    and lists the options.
    """
    options = {_norm(k): k for k in explanations}
    right = {_norm(correct)} if isinstance(correct, str) else {_norm(c) for c in correct}
    unknown = right - set(options)
    if unknown:
        raise ValueError(f"check_choice: correct option(s) {sorted(unknown)} not among the explanations' keys "
                         f"{list(explanations)}")
    listed = ", ".join(repr(k) for k in explanations)
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"Replace ... with your choice, one of {listed}, and run the cell again.")
    key = _norm(answer)
    if key not in options:
        return Feedback(False, f"{answer!r} is not one of the options; choose one of {listed}.")
    text = explanations[options[key]]
    if key in right:
        return Feedback(True, text)
    return Feedback(False, text)
