"""Fast checks of the browser suite's pure-Python parts: lesson discovery, the skip rule and the
text-repr patterns. No browser, no server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_harness import (
    CHROMIUM_INSTALL_HINT,
    WIDGET_REPR_PATTERNS,
    browser_unavailable_reason,
    lesson_notebooks,
    running_in_ci,
)


def test_lessons_are_discovered_by_number_prefix(tmp_path: Path) -> None:
    """NN_slug.ipynb only, sorted; helpers, drafts and checkpoints are not lessons."""
    for name in (
        "03_who_pulls.ipynb",
        "00_start_here.ipynb",
        "3_short.ipynb",
        "scratch.ipynb",
        "10_later.ipynb",
        "01_notes.md",
    ):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "04_x-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    assert [p.name for p in lesson_notebooks(tmp_path)] == [
        "00_start_here.ipynb",
        "03_who_pulls.ipynb",
        "10_later.ipynb",
    ]
    assert lesson_notebooks(tmp_path / "missing") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("1", True),
        ("yes", True),
        ("True", True),
        ("", False),
        ("0", False),
        ("false", False),
        ("no", False),
        (None, False),
    ],
)
def test_ci_truthiness(value: str | None, expected: bool) -> None:
    environ = {} if value is None else {"CI": value}
    assert running_in_ci(environ) is expected


def test_missing_chromium_names_the_fix(tmp_path: Path) -> None:
    reason = browser_unavailable_reason(tmp_path / "no-chromium")
    assert reason is not None and CHROMIUM_INSTALL_HINT in reason


@pytest.mark.parametrize(
    "text",
    [
        "VBox(children=(FloatSlider(value=1.0),))",
        "IntSlider(value=3)",
        "FloatLogSlider(value=1.0)",
        "Dropdown(description='preset', options=('a',))",
        "Canvas(toolbar=Toolbar(...))",
        "Button(description='Reset', style=ButtonStyle())",
    ],
)
def test_text_reprs_are_recognised(text: str) -> None:
    assert any(re.search(p, text) for p in WIDGET_REPR_PATTERNS)


@pytest.mark.parametrize(
    "text",
    [
        "The band's tension rises with hip adduction.",
        "Move the slider to the right.",
        "Output: 412 N",
        "<Figure size 640x480 with 1 Axes>",
    ],
)
def test_prose_is_not_mistaken_for_a_repr(text: str) -> None:
    assert not any(re.search(p, text) for p in WIDGET_REPR_PATTERNS)
