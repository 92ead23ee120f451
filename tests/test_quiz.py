"""The quiz: feedback logic as plain functions, and the widgets that call it (no browser)."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itband_edu.quiz import Feedback, NumberAnswer, judge_choice, judge_number, parse_number
from itband_edu.views.quiz import choice_question, number_question

Q = NumberAnswer(2.86, unit="%", rel_tol=0.35, too_low="Low hint.", too_high="High hint.",
                 right="Right hint.", ranges=((5.0, 20.0, "Between a seatbelt and a bungee."),
                                              (50.0, 101.0, "That is how a bungee would behave.")))


# ---- numbers ----------------------------------------------------------------------------------


def test_right_within_tolerance_and_says_the_model_value() -> None:
    fb = judge_number("3", Q)
    assert fb.kind == "right" and fb.correct and fb.counts
    assert "2.86 %" in fb.message and "Right hint." in fb.message
    assert judge_number(2.86 * 1.349, Q).correct and not judge_number(2.86 * 1.351, Q).correct


def test_too_low_and_too_high_get_their_own_hint_and_no_answer() -> None:
    low, high = judge_number("1", Q), judge_number("30", Q)
    assert low.kind == high.kind == "wrong"
    assert low.message.startswith("Too low") and "Low hint." in low.message and "High hint." not in low.message
    assert high.message.startswith("Too high") and "High hint." in high.message
    assert "2.86" not in low.message + high.message


def test_verdict_is_not_repeated_when_the_hint_says_it() -> None:
    q = NumberAnswer(588.0, unit="N", rel_tol=0.02, too_low="Too low. Did you use g = 9.8?", too_high="Use g once.")
    assert judge_number("500", q).message == "You said 500 N. Too low. Did you use g = 9.8?"
    assert judge_number("700", q).message == "Too high: you said 700 N. Use g once."


def test_ranges_answer_the_typical_wrong_guesses() -> None:
    assert "between a seatbelt" in judge_number("8", Q).message.lower()
    assert "bungee would behave" in judge_number("70", Q).message
    assert "bungee" not in judge_number("30", Q).message


def test_a_fraction_where_a_per_cent_is_wanted() -> None:
    fb = judge_number("0.0286", Q)
    assert fb.kind == "wrong" and "per cent" in fb.message and "multiply by 100" in fb.message
    ea = NumberAnswer(1.85, unit="%", rel_tol=0.25)
    assert "per cent" in judge_number("0.0185", ea).message  # F/(EA) typed as a fraction


def test_right_size_wrong_sign_and_unit_scale() -> None:
    q = NumberAnswer(-12.0, unit="N m", rel_tol=0.1)
    assert "sign" in judge_number("12", q).message
    mm = NumberAnswer(36.0, unit="mm", rel_tol=0.1)
    assert "1000 times" in judge_number("0.036", mm).message and "(mm)" in judge_number("0.036", mm).message
    kn = NumberAnswer(0.59, unit="kN", rel_tol=0.1)
    assert "1000 times" in judge_number("588", kn).message


@pytest.mark.parametrize("typed, message", [
    ("", "Type a number"), ("   ", "Type a number"), (None, "Type a number"), (..., "Type a number"),
    ("b", "is not a number"), ("up", "is not a number"), ("three", "is not a number"),
    ("nan", "not a finite number"), ("inf", "not a finite number"), (float("nan"), "not a finite number"),
    (True, "Type a number"),
])
def test_bad_input_is_asked_again_never_raises_never_counts(typed: object, message: str) -> None:
    fb = judge_number(typed, Q)
    assert fb.kind == "input" and not fb.counts and message in fb.message


@pytest.mark.parametrize("typed, value", [
    ("3 %", 3.0), ("3%", 3.0), ("−2.5", -2.5), ("1e3", 1000.0), ("1,000", 1000.0), ("2,5", 2.5), (" 7 ", 7.0),
])
def test_numbers_as_people_type_them(typed: str, value: float) -> None:
    assert parse_number(typed, "%") == pytest.approx(value)


def test_unit_typed_with_the_number() -> None:
    assert judge_number("588 N", NumberAnswer(588.4, unit="N", rel_tol=0.02)).correct
    assert judge_number("588N", NumberAnswer(588.4, unit="N", rel_tol=0.02)).correct


@given(st.text(max_size=30))
def test_any_text_gets_a_message_never_a_traceback(text: str) -> None:
    fb = judge_number(text, Q)
    assert isinstance(fb, Feedback) and fb.message


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_verdict_matches_the_tolerance(value: float) -> None:
    fb = judge_number(value, Q)
    assert fb.correct == (abs(value - 2.86) <= 0.35 * 2.86)


def test_bad_question_specs_are_refused() -> None:
    with pytest.raises(ValueError, match="expected"):
        NumberAnswer(math.nan)
    with pytest.raises(ValueError, match="rel_tol"):
        NumberAnswer(1.0, rel_tol=0.0)
    with pytest.raises(ValueError, match="low < high"):
        NumberAnswer(1.0, ranges=((5.0, 2.0, "x"),))


# ---- choices ----------------------------------------------------------------------------------

EXPLAIN = {"rises": "Yes: the TFL takes a larger share.", "falls": "No: someone must supply the moment.",
           "stays the same": "No: shares depend on strength."}


def test_each_option_gets_its_own_explanation() -> None:
    assert judge_choice("rises", "rises", EXPLAIN) == Feedback("right", EXPLAIN["rises"])
    assert judge_choice("falls", "rises", EXPLAIN) == Feedback("wrong", EXPLAIN["falls"])
    assert judge_choice("stays the same", {"rises", "stays the same"}, EXPLAIN).correct


def test_nothing_chosen_or_unknown_is_asked_again() -> None:
    assert judge_choice(None, "rises", EXPLAIN).kind == "input"
    assert judge_choice("up", "rises", EXPLAIN).kind == "input"
    with pytest.raises(ValueError, match="not among"):
        judge_choice("a", "d", {"a": "x", "b": "y"})


def test_feedback_html_has_a_mark_and_a_word_and_escapes() -> None:
    assert "✓ Right" in Feedback("right", "ok").html()
    assert "✗ Not yet" in Feedback("wrong", "a < b").html() and "a &lt; b" in Feedback("wrong", "a < b").html()
    assert "One more thing" in Feedback("input", "x").html()


# ---- widgets ----------------------------------------------------------------------------------


def make_number() -> object:
    return number_question("The band's share of a 20 mm stretch?", 2.86, unit="%", rel_tol=0.35,
                           too_low="Low.", too_high="High.", hint="Same force through both.",
                           solution="About 2.9 %.")


def test_number_widget_reveals_hint_and_solution_after_the_first_real_attempt() -> None:
    q = make_number()
    assert q.help_box.layout.display == "none" and q.attempts == 0
    assert q.answer("").kind == "input" and q.attempts == 0 and q.help_box.layout.display == "none"
    assert q.answer("b").kind == "input" and q.attempts == 0
    fb = q.answer("40")
    assert fb.kind == "wrong" and q.attempts == 1 and q.help_box.layout.display is None
    assert "Same force through both." in q.help_box.value and "About 2.9 %." in q.help_box.value
    assert "Too high" in q.feedback_box.value
    assert q.answer("3").correct and q.attempts == 2


def test_choice_widget_click_then_check() -> None:
    q = choice_question("Which way?", EXPLAIN, "rises", hint="Think of the TFL.", solution="It rises.")
    assert q.check().kind == "input"  # nothing clicked yet
    q.choices.value = "falls"
    q.check_button.click()
    assert q.feedback is not None and q.feedback.kind == "wrong" and q.attempts == 1
    assert EXPLAIN["falls"] in q.feedback_box.value
    assert q.answer("rises").correct
    with pytest.raises(ValueError, match="not one of the options"):
        q.answer("sideways")


def test_static_page_shows_the_question_and_hides_the_answer_behind_a_click() -> None:
    q = make_number()
    bundle = q._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    outside = re.sub(r"<details>.*?</details>", "", page, flags=re.S)
    assert "share of a 20 mm stretch" in outside and "2.9" not in outside
    assert "<details><summary>Worked solution</summary>About 2.9 %.</details>" in page
    c = choice_question("Which way?", EXPLAIN, "rises", hint="h", solution="s")
    html_c = c._repr_mimebundle_()["text/html"]
    assert all(option in html_c for option in EXPLAIN) and "Yes: the TFL" not in html_c


def test_widget_specs_are_checked() -> None:
    with pytest.raises(ValueError, match="two options"):
        choice_question("?", {"a": "x"}, "a", hint="h", solution="s")
    with pytest.raises(ValueError, match="not among"):
        choice_question("?", {"a": "x", "b": "y"}, "c", hint="h", solution="s")
    with pytest.raises(ValueError, match="hint"):
        number_question("?", 1.0, hint="", solution="s")
