"""The instructor guide (docs/instructor.md) keeps its numbers, answers and presets true.

* Every number with a unit the guide quotes (outside answers and preset names) is listed in
  tools/guide_numbers.py's QUOTES for its lesson, and every listed one is recomputed: from the model, from
  ``data/`` read with csv, or found in the lesson's own text (a setting the lesson poses). An unlisted
  number fails, so an unchecked one cannot slip in.
* Every answer is judged by the lesson's own quiz object (each lesson executed once per session, check
  cells left out): one answer per question, in the lesson's order; a number to the quiz's expected value
  at the guide's rounding, in the quiz's unit.
* Every preset the guide names is a preset of an explorer the lesson builds.
* Each lesson's timing table adds up to a 50-minute class and a 90-minute lab.

Each kind of check is also run on a broken copy of the guide (or of the table) and must fail there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import guide_numbers as g  # noqa: E402

GUIDE = g.GUIDE.read_text(encoding="utf-8")
LESSONS = [f"{n:02d}" for n in range(11)]
ALIASES = {"°": "deg"}


# ---- the checks, as functions of the guide's text, so that broken copies can be tried ----

def number_problems(text: str, quotes: list[g.Quote]) -> list[str]:
    """Numbers quoted but not listed, and listed but no longer quoted, per lesson section."""
    found: list[str] = []
    for section, body in g.sections(text).items():
        listed = {q.text for q in quotes if q.lesson == section}
        quoted = g.quoted_numbers(body)
        found += [f"{section}: '{t}' is not in guide_numbers.QUOTES" for t in quoted if t not in listed]
        found += [f"{section}: '{t}' is listed but the guide no longer quotes it" for t in sorted(listed - set(quoted))]
    return found


def value_problems(quotes: list[g.Quote]) -> list[str]:
    """Listed numbers that the model, the data or the lesson no longer give as written."""
    found = []
    for q in quotes:
        if q.source == "lesson":
            if q.text not in g.lesson(q.lesson).text:
                found.append(f"{q.lesson}: '{q.text}' does not appear in the lesson's text or questions")
        elif (now := q.computed()) != q.text:
            found.append(f"{q.lesson}: the guide says '{q.text}', the {q.source} gives '{now}'")
    return found


def answer_problems(text: str, number: str) -> list[str]:
    """The guide's answers for one lesson against that lesson's quizzes."""
    body = g.sections(text).get(number, "")
    given = [(m.group(1), m.group(2), m.group(3), g.squash(m.group(4))) for m in g.ANSWER.finditer(body)]
    questions = g.lesson(number).questions
    found = []
    expected_heads = [(f"Q{i}", name, q.kind) for i, (name, q) in enumerate(questions, 1)]
    if [x[:3] for x in given] != expected_heads:
        found.append(f"{number}: the guide answers {[x[:3] for x in given]}, the lesson asks {expected_heads}")
    quizzes = dict(questions)
    for label, name, kind, answer in given:
        q = quizzes.get(name)
        if q is None:
            continue
        if kind == "choice":
            if answer not in q.options or not q.judge(answer).correct:
                found.append(f"{number} {label}: «{answer}» is not the answer the quiz accepts")
            continue
        m = re.fullmatch(r"([-−+]?\d+(?:\.(\d+))?)\s?(.*)", answer)
        if m is None:
            found.append(f"{number} {label}: «{answer}» is not a number with a unit")
            continue
        typed, decimals, unit = m.group(1).replace("−", "-"), len(m.group(2) or ""), m.group(3)
        if ALIASES.get(unit, unit) != q.spec.unit:
            found.append(f"{number} {label}: unit '{unit}', the quiz asks in '{q.spec.unit}'")
        if f"{q.spec.expected:.{decimals}f}" != typed:
            found.append(f"{number} {label}: «{answer}», the quiz expects {q.spec.expected:.{decimals}f}")
        if not q.judge(typed).correct:
            found.append(f"{number} {label}: the quiz judges «{typed}» wrong")
    return found


def preset_problems(text: str, number: str) -> list[str]:
    body = g.sections(text).get(number, "")
    presets = {name for ex in g.lesson(number).explorers for name in ex.presets}
    return [f"{number}: no explorer of the lesson has the preset '{g.squash(p)}'"
            for p in g.PRESET.findall(body) if g.squash(p) not in presets]


def timing_problems(text: str, number: str) -> list[str]:
    body = g.sections(text).get(number, "")
    head = body.find("| part | class (50) | lab (90) |")
    if head < 0:
        return [f"{number}: no timing table"]
    rows = []
    for line in body[head:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    sums = [sum(int(r[1]) for r in rows), sum(int(r[2]) for r in rows)]
    return [] if sums == [50, 90] else [f"{number}: the timing adds up to {sums[0]} and {sums[1]}, not 50 and 90"]


# ---- the guide as it is ----

def test_every_quoted_number_is_listed_and_every_listed_one_is_quoted() -> None:
    assert number_problems(GUIDE, g.QUOTES) == []


@pytest.mark.parametrize("quote", g.QUOTES, ids=lambda q: f"{q.lesson}-{q.text}")
def test_each_quoted_number_matches_the_model_the_data_or_the_lesson(quote: g.Quote) -> None:
    assert value_problems([quote]) == []


@pytest.mark.parametrize("number", LESSONS)
def test_every_question_has_the_answer_its_quiz_accepts(number: str) -> None:
    assert g.lesson(number).questions, "the lesson has no questions: did its question cells move?"
    assert answer_problems(GUIDE, number) == []


@pytest.mark.parametrize("number", LESSONS)
def test_every_named_preset_exists(number: str) -> None:
    assert preset_problems(GUIDE, number) == []


@pytest.mark.parametrize("number", LESSONS[1:])
def test_each_lesson_plan_fills_a_class_and_a_lab(number: str) -> None:
    assert timing_problems(GUIDE, number) == []


def part_problems(text: str) -> list[str]:
    """Lessons missing from the guide, and parts missing from a lesson's section."""
    parts = ["**Objectives.**", "**Timing.**", "**Demonstration.**", "**Misconceptions.**", "**Discussion.**",
             "**Answers.**", "**What the model cannot say.**"]
    sections = g.sections(text)
    found = [f"no section for lesson {n}" for n in LESSONS if n not in sections]
    for number in LESSONS:
        needed = parts if number != "00" else [p for p in parts if p not in ("**Timing.**", "**Discussion.**")]
        found += [f"{number}: no {p}" for p in needed if p not in sections.get(number, p)]
    return found


def link_problems(text: str) -> list[str]:
    """Contents links without their heading (GitHub's anchors), lesson links to missing notebooks."""
    def slug(heading: str) -> str:
        return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
    found = [f"#{a} has no heading" for a in re.findall(r"\]\(#([^)]+)\)", text) if a not in anchors]
    notebooks = re.findall(r"\]\((\.\./notebooks/[^)]+)\)", text)
    found += [f"{n} does not exist" for n in notebooks if not (g.GUIDE.parent / n).resolve().is_file()]
    if len(notebooks) != len(LESSONS):
        found.append(f"{len(notebooks)} lesson links for {len(LESSONS)} lessons")
    return found


def test_every_lesson_has_its_parts() -> None:
    assert part_problems(GUIDE) == []


def test_the_links_reach_their_sections_and_lessons() -> None:
    assert link_problems(GUIDE) == []


# ---- each kind of check fails on a broken case ----

def test_a_changed_number_fails() -> None:
    broken = GUIDE.replace("Pick `preset: weak gluteus medius`: 414 N.", "Pick `preset: weak gluteus medius`: 415 N.")
    assert broken != GUIDE
    problems = number_problems(broken, g.QUOTES)
    assert "03: '415 N' is not in guide_numbers.QUOTES" in problems
    assert "03: '414 N' is listed but the guide no longer quotes it" in problems


def test_an_unlisted_number_fails() -> None:
    broken = GUIDE.replace("**Discussion.**", "**Discussion.** The band also carries 999 N when you sneeze.", 1)
    assert number_problems(broken, g.QUOTES) == ["01: '999 N' is not in guide_numbers.QUOTES"]


def test_a_listed_value_the_model_does_not_give_fails() -> None:
    wrong = [g.M("01", "183 N", lambda: g._stance().itb_tension, "{:.0f} N"),
             g.D("08", "229 N", lambda: g.data("evidence.csv", "roller_force_foam"), "{:.0f} N"),
             g.S("02", "11°")]
    assert value_problems(wrong) == ["01: the guide says '183 N', the model gives '182 N'",
                                     "08: the guide says '229 N', the data gives '228 N'",
                                     "02: '11°' does not appear in the lesson's text or questions"]


def test_a_wrong_answer_fails() -> None:
    broken = GUIDE.replace("Answer: «about 2 %»", "Answer: «about 30 %»")
    assert answer_problems(broken, "01") == ["01 Q1: «about 30 %» is not the answer the quiz accepts"]
    broken = GUIDE.replace("Answer: «38 mm»", "Answer: «30 mm»")
    assert answer_problems(broken, "01") == ["01 Q4: «30 mm», the quiz expects 38",
                                             "01 Q4: the quiz judges «30» wrong"]
    broken = GUIDE.replace("Answer: «1.5 %»", "Answer: «1.5 mm»")
    assert answer_problems(broken, "01") == ["01 Q2: unit 'mm', the quiz asks in '%'"]


def test_a_missing_answer_fails() -> None:
    broken = re.sub(r"- \*\*Q5\*\* `q_drop`.*?(?=\n\n)", "", GUIDE, flags=re.S)
    assert broken != GUIDE
    (problem,) = answer_problems(broken, "02")
    assert problem.startswith("02: the guide answers") and "('Q5', 'q_drop', 'choice')" in problem


def test_a_renamed_preset_fails() -> None:
    broken = GUIDE.replace("`preset: weak gluteus medius`", "`preset: weak glutes`")
    assert preset_problems(broken, "03") == ["03: no explorer of the lesson has the preset 'weak glutes'"]


def test_a_plan_that_does_not_add_up_fails() -> None:
    broken = GUIDE.replace("| exercise Q4 (set as homework) and recap | 2 | 15 |",
                           "| exercise Q4 (set as homework) and recap | 5 | 15 |")
    assert broken != GUIDE
    assert timing_problems(broken, "01") == ["01: the timing adds up to 53 and 90, not 50 and 90"]


def test_a_missing_part_or_a_broken_link_fails() -> None:
    broken = GUIDE.replace("**Discussion.**", "**Talk.**", 1)
    assert part_problems(broken) == ["01: no **Discussion.**"]
    broken = GUIDE.replace("(../notebooks/05_from_the_foot_up.ipynb)", "(../notebooks/05_from_the_feet_up.ipynb)")
    broken = broken.replace("(#lesson-06-at-the-knee)", "(#lesson-06-the-knee)")
    assert link_problems(broken) == ["#lesson-06-the-knee has no heading",
                                     "../notebooks/05_from_the_feet_up.ipynb does not exist"]
