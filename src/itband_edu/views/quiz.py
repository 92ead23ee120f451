"""Quiz widgets: answer by clicking an option or typing a number, then press Check.

::

    choice_question("Which way is a positive trunk lean?",
                    {"toward the stance leg": "Right: ...", "away from it": "No: ..."},
                    correct="toward the stance leg", hint="...", solution="...")
    number_question("How many newtons is one body weight of a 60 kg runner?", expected=588.4,
                    unit="N", rel_tol=0.02, too_low="...", too_high="...", hint="...", solution="...")

The feedback comes from :mod:`itband_edu.quiz` (plain functions). The hint and the worked
solution appear after the first real attempt (right or wrong; an empty box or text that is not a
number does not count). Prompts, hints and solutions are HTML with ``$...$`` maths.

On a page without widgets the question shows as text: the prompt and the options, with the hint and
the solution behind a click (``<details>``), never the answer in plain sight.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as W

from ..quiz import Feedback, NumberAnswer, judge_choice, judge_number

__all__ = ["Question", "ChoiceQuestion", "NumberQuestion", "choice_question", "number_question"]

CSS_CLASS = "itband-quiz"


class Question:
    """Shared parts: prompt, the answer control, Check, feedback, hint and solution."""

    kind = "question"

    def __init__(self, prompt: str, control: W.Widget, *, hint: str, solution: str) -> None:
        if not prompt.strip() or not hint.strip() or not solution.strip():
            raise ValueError("a question needs a prompt, a hint and a solution")
        self.prompt, self.hint, self.solution = prompt, hint, solution
        self.attempts = 0
        self.feedback: Feedback | None = None
        self.check_button = W.Button(description="Check", icon="check", button_style="primary",
                                     layout=W.Layout(width="8em"))
        self.check_button.on_click(lambda _b: self.check())
        self.feedback_box = W.HTMLMath()  # feedback may contain $...$ maths, as prompts and hints do
        self.feedback_box.add_class("itband-quiz-feedback")
        self.help_box = W.HTMLMath(layout=W.Layout(display="none"))
        self.help_box.add_class("itband-quiz-help")
        self.widget = W.VBox([W.HTMLMath(f"<div class='itband-quiz-prompt'><b>Question.</b> {prompt}</div>"),
                              control, self.check_button, self.feedback_box, self.help_box])
        self.widget.add_class(CSS_CLASS)
        self.widget.add_class(f"{CSS_CLASS}-{self.kind}")

    def current(self) -> Any:
        """What the learner has entered so far."""
        raise NotImplementedError

    def judge(self, answer: Any) -> Feedback:
        """The feedback ``answer`` would get, without touching the widget (for check cells)."""
        raise NotImplementedError

    def check(self) -> Feedback:
        """Judge what is entered, as the Check button does; show the feedback (and, after the first
        real attempt, the hint and the solution)."""
        fb = self.judge(self.current())
        self.feedback = fb
        if fb.counts:
            self.attempts += 1
        self.feedback_box.value = fb.html()
        if self.attempts:
            self.help_box.value = (f"<details><summary>Hint</summary>{self.hint}</details>"
                                   f"<details><summary>Worked solution</summary>{self.solution}</details>")
            self.help_box.layout.display = None
        return fb

    def _static_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        bundle["text/html"] = (f"<div class='{CSS_CLASS}'><p><b>Question.</b> {self.prompt}</p>{self._static_html()}"
                               f"<details><summary>Hint</summary>{self.hint}</details>"
                               f"<details><summary>Worked solution</summary>{self.solution}</details></div>")
        bundle["text/plain"] = f"Question ({self.kind}; run the notebook to answer it)"
        return bundle


class ChoiceQuestion(Question):
    """Click one option, press Check; each option has its own explanation."""

    kind = "choice"

    def __init__(self, prompt: str, options: Mapping[str, str], correct: str | Sequence[str], *, hint: str,
                 solution: str) -> None:
        if len(options) < 2:
            raise ValueError(f"a choice question needs at least two options, got {len(options)}")
        judge_choice(None, correct, options)  # checks that the right option(s) are among the options
        self.options = dict(options)
        self.correct = correct
        self.choices = W.RadioButtons(options=list(options), value=None, layout=W.Layout(width="auto"))
        super().__init__(prompt, self.choices, hint=hint, solution=solution)

    def current(self) -> Any:
        return self.choices.value

    def judge(self, answer: Any) -> Feedback:
        return judge_choice(answer, self.correct, self.options)

    def answer(self, option: str | None) -> Feedback:
        """Choose ``option`` and press Check, as a learner would (tests; a check cell uses ``judge``)."""
        if option is not None and option not in self.options:
            raise ValueError(f"{option!r} is not one of the options {list(self.options)}")
        self.choices.value = option
        return self.check()

    def _static_html(self) -> str:
        return "<ul>" + "".join(f"<li>{html.escape(o)}</li>" for o in self.options) + "</ul>"


class NumberQuestion(Question):
    """Type a number (its unit is shown beside the box), press Check."""

    kind = "number"

    def __init__(self, prompt: str, spec: NumberAnswer, *, hint: str, solution: str) -> None:
        self.spec = spec
        self.box = W.Text(value="", placeholder="a number", layout=W.Layout(width="10em"))
        unit = W.HTML(f"<span style='padding-left:0.4em'>{html.escape(spec.unit)}</span>")
        super().__init__(prompt, W.HBox([W.HTML("Your answer:&nbsp;"), self.box, unit]), hint=hint,
                         solution=solution)

    def current(self) -> Any:
        return self.box.value

    def judge(self, answer: Any) -> Feedback:
        return judge_number(answer, self.spec)

    def answer(self, typed: str | float) -> Feedback:
        """Type ``typed`` into the box and press Check, as a learner would (tests; a check cell uses
        ``judge``)."""
        self.box.value = str(typed)
        return self.check()

    def _static_html(self) -> str:
        unit = f" ({html.escape(self.spec.unit)})" if self.spec.unit else ""
        return f"<p>Your answer{unit}: ______</p>"


def choice_question(prompt: str, options: Mapping[str, str], correct: str | Sequence[str], *, hint: str,
                    solution: str) -> ChoiceQuestion:
    """A multiple-choice question: ``options`` maps each option's text to its explanation."""
    return ChoiceQuestion(prompt, options, correct, hint=hint, solution=solution)


def number_question(prompt: str, expected: float, *, unit: str = "", rel_tol: float = 0.1, abs_tol: float = 0.0,
                    right: str = "", too_low: str = "", too_high: str = "",
                    ranges: Sequence[tuple[float, float, str]] = (), hint: str, solution: str) -> NumberQuestion:
    """A number question; see :class:`itband_edu.quiz.NumberAnswer` for the tolerance and the hints."""
    spec = NumberAnswer(float(expected), unit=unit, rel_tol=rel_tol, abs_tol=abs_tol, right=right,
                        too_low=too_low, too_high=too_high, ranges=tuple(ranges))
    return NumberQuestion(prompt, spec, hint=hint, solution=solution)
