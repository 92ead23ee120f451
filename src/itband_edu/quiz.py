"""Predict, then check: the feedback logic of the lessons' questions, as plain functions.

The widgets in :mod:`itband_edu.views.quiz` call these; nothing here needs a browser or a kernel::

    q = NumberAnswer(expected=2.27, unit="x", rel_tol=0.1, too_low="...", too_high="...")
    judge_number("2.3", q)          # Feedback(kind="right", ...)
    judge_number("", q)             # Feedback(kind="input", message="Type a number ...")
    judge_choice("b", "b", {"a": "No: ...", "b": "Yes: ..."})

A :class:`Feedback` has a ``kind``: ``"right"``, ``"wrong"`` (both count as an attempt) or
``"input"`` (empty, not a number, not an option: the learner is asked again, no attempt counted).
Wrong numbers get the most specific hint that fits, in this order: a message written for that range
of answers; a fraction where a per cent is wanted; the right size with the wrong sign; the right
digits in a unit 1000 times too large or too small; then "too low" or "too high" with their hints.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Feedback", "NumberAnswer", "judge_number", "judge_choice", "parse_number"]

Kind = Literal["right", "wrong", "input"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: its ``kind`` and a specific ``message`` saying why."""

    kind: Kind
    message: str

    @property
    def correct(self) -> bool:
        return self.kind == "right"

    @property
    def counts(self) -> bool:
        """True for a real attempt (right or wrong); False when the input must be fixed first."""
        return self.kind != "input"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message

    def html(self) -> str:
        """The verdict as HTML: a mark and a word, never colour alone."""
        mark, word, colour = {"right": ("✓", "Right", "#009E73"), "wrong": ("✗", "Not yet", "#D55E00"),
                              "input": ("?", "One more thing", "#555555")}[self.kind]
        text = html.escape(self.message).replace("\n", "<br>")
        return (f"<div class='itband-feedback itband-feedback-{self.kind}' role='status' "
                f"style='border-left:5px solid {colour};padding:0.3em 0.7em;margin:0.3em 0'>"
                f"<b>{mark} {word}.</b> {text}</div>")


@dataclass(frozen=True)
class NumberAnswer:
    """What a number question expects, and what to say to each kind of answer.

    ``expected`` in ``unit`` (shown beside the box; ``"%"`` makes "a fraction instead of a per
    cent" recognisable). Right when ``|answer - expected| <= max(rel_tol * |expected|, abs_tol)``.
    ``ranges``: ``(low, high, message)`` for wrong answers in ``[low, high)``, checked first, so a
    lesson can answer the typical wrong guesses specifically.
    """

    expected: float
    unit: str = ""
    rel_tol: float = 0.1
    abs_tol: float = 0.0
    right: str = ""
    too_low: str = ""
    too_high: str = ""
    ranges: Sequence[tuple[float, float, str]] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not math.isfinite(float(self.expected)):
            raise ValueError(f"expected must be a finite number, got {self.expected!r}")
        if self.rel_tol < 0 or self.abs_tol < 0 or (self.rel_tol == 0 and self.abs_tol == 0):
            raise ValueError(f"rel_tol={self.rel_tol} and abs_tol={self.abs_tol}: both must be >= 0 and "
                             "one of them > 0")
        for lo, hi, _msg in self.ranges:
            if not lo < hi:
                raise ValueError(f"a range must have low < high, got ({lo}, {hi})")

    @property
    def tolerance(self) -> float:
        return max(self.rel_tol * abs(float(self.expected)), self.abs_tol)

    def close(self, value: float) -> bool:
        return abs(value - float(self.expected)) <= self.tolerance


_MINUS = str.maketrans({"−": "-", "–": "-", "\u2009": "", "\u00a0": "", " ": ""})


def parse_number(typed: Any, unit: str = "") -> float | str:
    """The typed answer as a finite float, or the message to show when it is not one.

    Accepts what people type: spaces, a Unicode minus, a trailing unit equal to ``unit``
    (``"3 %"``, ``"180 N"``), ``1e3``, a thousands comma (``1,000``) or a decimal comma (``2,5``).
    """
    if typed is None or typed is Ellipsis or isinstance(typed, bool):
        return "Type a number in the box first, then press Check."
    if isinstance(typed, (int, float)):
        value = float(typed)
    else:
        text = str(typed).translate(_MINUS)
        if not text:
            return "Type a number in the box first, then press Check."
        if unit and text.lower().endswith(unit.replace(" ", "").lower()):
            text = text[: len(text) - len(unit.replace(" ", ""))]
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d*)?", text):
            text = text.replace(",", "")
        elif re.fullmatch(r"-?\d+,\d+", text):
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            shown = str(typed).strip()[:40]
            return (f"{shown!r} is not a number. Type just the number" + (f" (the unit, {unit}, is already there)"
                    if unit else "") + ", for example 12.5.")
    if not math.isfinite(value):
        return "That is not a finite number: type an ordinary number, for example 12.5."
    return value


def _fmt(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def judge_number(typed: Any, q: NumberAnswer) -> Feedback:
    """Judge a typed number against ``q`` (see the module docstring for the order of hints)."""
    value = parse_number(typed, q.unit)
    if isinstance(value, str):
        return Feedback("input", value)
    u = f" {q.unit}" if q.unit else ""
    said = f"You said {_fmt(value)}{u}."
    if q.close(value):
        return Feedback("right", _join(f"You said {_fmt(value)}{u}; the model gives {_fmt(q.expected)}{u}.", q.right))
    for lo, hi, msg in q.ranges:
        if lo <= value < hi:
            return Feedback("wrong", _join(said, msg))
    expected = float(q.expected)
    if q.unit == "%" and q.close(100.0 * value):
        return Feedback("wrong", _join(said, "That looks like a fraction: the answer is wanted in per cent "
                                             "(multiply by 100)."))
    if expected != 0 and q.close(-value):
        return Feedback("wrong", _join(said, "The size is right, but the sign is not: think about which way "
                                             "it goes."))
    if q.close(1000.0 * value) or q.close(value / 1000.0):
        unit_text = f" ({q.unit})" if q.unit else ""
        return Feedback("wrong", _join(said, f"The digits look right but the size is 1000 times off: check the "
                                             f"unit{unit_text}."))
    if value < expected:
        return Feedback("wrong", _join(_verdict("Too low", q.too_low, said), q.too_low))
    return Feedback("wrong", _join(_verdict("Too high", q.too_high, said), q.too_high))


def _verdict(word: str, hint: str, said: str) -> str:
    """'Too low: you said 3 N.', or just 'You said 3 N.' when the hint itself starts with 'Too low'."""
    if hint.strip().lower().startswith(word.lower()):
        return said
    return f"{word}: {said[0].lower()}{said[1:]}"


def judge_choice(chosen: Any, correct: str | Iterable[str], explanations: Mapping[str, str]) -> Feedback:
    """Judge a multiple-choice answer: the message is the explanation written for that option.

    ``explanations`` maps each option to why it is right or wrong; ``correct`` is one option or
    several. Nothing chosen, or an unknown option, is an ``"input"`` verdict.
    """
    right = {correct} if isinstance(correct, str) else set(correct)
    unknown = right - set(explanations)
    if unknown or not right:
        raise ValueError(f"correct option(s) {sorted(unknown)} are not among the options {list(explanations)}")
    if chosen is None or chosen == "":
        return Feedback("input", "Choose one of the options first, then press Check.")
    if chosen not in explanations:
        return Feedback("input", f"{chosen!r} is not one of the options: {', '.join(map(repr, explanations))}.")
    return Feedback("right" if chosen in right else "wrong", explanations[chosen])


def _join(first: str, second: str) -> str:
    return f"{first} {second}".strip() if second else first
