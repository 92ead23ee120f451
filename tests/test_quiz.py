"""Predict-then-check helpers: specific feedback, friendly with placeholders, not colour alone."""

from __future__ import annotations

import numpy as np
import pytest

from itband_edu.quiz import Feedback, check_choice, check_number


def test_right_answer_within_tolerance() -> None:
    fb = check_number(2.4, 2.58, rel_tol=0.1, unit="BW", right="The muscles add to the weight.")
    assert fb.correct and bool(fb)
    assert "2.58 BW" in fb.message and "The muscles add to the weight." in fb.message


def test_too_low_and_too_high_are_specific() -> None:
    low = check_number(1.0, 2.58, unit="BW", too_low="Add the muscle force.", too_high="Not all of it is vertical.")
    high = check_number(5.0, 2.58, unit="BW", too_low="Add the muscle force.", too_high="Not all of it is vertical.")
    assert not low.correct and not high.correct
    assert low.message.startswith("Too low") and "Add the muscle force." in low.message
    assert "Not all of it is vertical." not in low.message
    assert high.message.startswith("Too high") and "Not all of it is vertical." in high.message
    assert "Add the muscle force." not in high.message
    assert "2.58" not in low.message  # the answer is not given away
    assert "2.58" in check_number(1.0, 2.58, reveal=True).message


def test_verdict_not_repeated_when_the_hint_says_it() -> None:
    fb = check_number(500, 588, unit="N", too_low="Too low. Did you use g = 9.8?")
    assert fb.message == "You said 500 N. Too low. Did you use g = 9.8?"
    fb = check_number(500, 588, unit="N", too_low="Did you use g = 9.8?")
    assert fb.message == "Too low: you said 500 N. Did you use g = 9.8?"


def test_tolerance_edges() -> None:
    assert check_number(110, 100, rel_tol=0.1).correct
    assert not check_number(111, 100, rel_tol=0.1).correct
    assert check_number(0.4, 0.0, abs_tol=0.5).correct
    assert not check_number(0.6, 0.0, abs_tol=0.5).correct


@pytest.mark.parametrize("placeholder", [..., None, float("nan"), "", [1, 2], True])
def test_placeholders_get_a_friendly_message(placeholder: object) -> None:
    fb = check_number(placeholder, 180.0, unit="N")
    assert isinstance(fb, Feedback) and not fb.correct
    assert "replace ... with your prediction" in fb.message.lower()


def test_numbers_in_other_forms() -> None:
    assert check_number("180", 182.0).correct
    assert check_number(np.float32(182.0), 182.0).correct
    assert check_number(np.array(182.0), 182.0).correct
    fb = check_number("180 N", 182.0, unit="N")
    assert not fb.correct and "without the unit" in fb.message


def test_display_has_a_mark_and_a_word_not_only_colour() -> None:
    ok = check_number(1.0, 1.0)
    bad = check_number(3.0, 1.0)
    assert "✓" in ok._repr_html_() and "Right" in ok._repr_html_()
    assert "✗" in bad._repr_html_() and "Not yet" in bad._repr_html_()
    assert ok._repr_markdown_().startswith("**✓ Right.**")
    assert repr(bad) == bad.message == str(bad)
    assert "<" not in check_number(3.0, 1.0, too_high="a < b")._repr_html_().split("</b>", 1)[1].replace("</div>", "")


EXPLAIN = {
    "rises": "Right: with a weaker gluteus medius the TFL takes a larger share, and it pulls on the band.",
    "falls": "No: the moment is still needed; someone else must supply it.",
    "stays the same": "No: the share of each muscle depends on its strength.",
}


def test_choice_gives_the_explanation_of_the_chosen_option() -> None:
    fb = check_choice("Rises ", "rises", EXPLAIN)
    assert fb.correct and fb.message == EXPLAIN["rises"]
    fb = check_choice("falls", "rises", EXPLAIN)
    assert not fb.correct and fb.message == EXPLAIN["falls"]
    assert check_choice("stays  the same", "rises", EXPLAIN).message == EXPLAIN["stays the same"]


def test_choice_several_right_answers_and_bad_input() -> None:
    assert check_choice("a", {"a", "b"}, {"a": "yes", "b": "also", "c": "no"}).correct
    fb = check_choice(..., "rises", EXPLAIN)
    assert not fb.correct and "replace ..." in fb.message.lower() and "'rises'" in fb.message
    fb = check_choice("up", "rises", EXPLAIN)
    assert not fb.correct and "not one of the options" in fb.message
    with pytest.raises(ValueError, match="not among"):
        check_choice("a", "d", {"a": "x", "b": "y"})
