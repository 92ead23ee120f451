"""The numbers, presets and answers the instructor guide (docs/instructor.md) quotes, and how to check each.

The guide is plain markdown for people. Three kinds of text in it are machine-checked by
tests/test_instructor_guide.py, with the helpers here:

* **Quoted numbers.** Every number followed by a unit of the model's kinds (N, N m, mm, %, °, deg, ms, s,
  BW, MPa, times, ...) outside an answer or a preset name must be listed in :data:`QUOTES` for its lesson,
  with the expression that recomputes it (from the model, or from ``data/`` read with :mod:`csv`) and the
  guide's rounding. An unlisted number fails, so a new, unchecked number cannot slip in.
* **Answers**, written ``Answer: «...»`` under ``**Qn** `name` (kind)``: judged by the lesson's own quiz
  object (see the test, which builds the quizzes by executing each lesson once).
* **Preset names**, written `` `preset: name` ``: must be a preset of an explorer the lesson builds.

::

    python tools/guide_numbers.py            # every quoted number, its source and its value now
"""

from __future__ import annotations

import csv
import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "instructor.md"
DATA = ROOT / "data"

# a number with a unit: "182 N", "2.58 BW", "56.8 N m", "-16 N", "33.1°", a range "22–58°", a spread
# "2.61 ± 0.29 BW". A bare number ("0.74") is not read; in "0.42 to 1.01 mm" only "1.01 mm" is.
UNITS = ("N m/kg", "N m", "N", "kN", "MPa", "mm/°", "mm", "cm", "µm", "m", "%BWh", "%", "°", "deg", "ms", "s",
         "BW", "kg", "times", "x", "steps/min", "poses", "Hz")
NUMBER = r"[-−+]?\d+(?:\.\d+)?"
QUOTED = re.compile(rf"(?<![\w.]){NUMBER}(?:\s?(?:–|±)\s?{NUMBER})?\s?(?:"
                    + "|".join(re.escape(u) for u in UNITS) + r")(?![\w/])")
ANSWER = re.compile(r"\*\*(Q\d+)\*\* `(\w+)` \((choice|number)\)\. Answer: «(.+?)»", re.S)
PRESET = re.compile(r"`preset: ([^`]+)`")
SECTION = re.compile(r"^## Lesson (\d\d)\b.*$", re.M)


def sections(text: str) -> dict[str, str]:
    """The guide's text per lesson ("00" ... "10"); the text before the first lesson is "intro"."""
    parts = SECTION.split(text)
    out = {"intro": parts[0]}
    for number, body in zip(parts[1::2], parts[2::2], strict=True):
        out[number] = body
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def prose(text: str) -> str:
    """The text the number check reads: answers and preset names removed (they are checked apart)."""
    return PRESET.sub(" ", ANSWER.sub(" ", text))


def quoted_numbers(text: str) -> list[str]:
    """Every number with a unit in ``text`` (outside answers and preset names), as written."""
    return [squash(m.group(0)) for m in QUOTED.finditer(prose(text))]


@cache
def _rows(file: str) -> dict[str, dict[str, str]]:
    with open(DATA / file, newline="", encoding="utf-8") as f:
        return {row["name"]: row for row in csv.DictReader(f)}


def data(file: str, name: str, column: str = "value") -> float:
    """A published or data value, read from ``data/<file>`` with csv (not through the model)."""
    return float(_rows(file)[name][column])


@dataclass(frozen=True)
class Quote:
    """One number the guide quotes: where (its lesson section), as written, and how to recompute it.

    ``source`` is "model" (recomputed from the model now, compared to the guide's rounding ``fmt``), "data"
    (read from ``data/`` with csv, same comparison) or "lesson" (a setting the lesson itself poses, such as
    a 20 mm stretch or a 10° lean: it must appear as written in the lesson's text or question prompts).
    """

    lesson: str
    text: str
    source: str
    value: Callable[[], object] | None = None
    fmt: str = ""

    def computed(self) -> str:
        assert self.value is not None, f"{self.text}: a {self.source} quote has no expression"
        v = self.value()
        return self.fmt.format(*v) if isinstance(v, tuple) else self.fmt.format(v)


# ---- executing a lesson (once per process): its namespace, its quizzes in order, its explorers, its text ----

@dataclass
class Lesson:
    path: Path
    namespace: dict
    questions: list[tuple[str, Any]]      # (variable name, quiz object) in the order of the question cells
    explorers: list[Any]
    text: str                             # the markdown, the prompts and the options, as a reader sees them


def _plain(text: str) -> str:
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", text)))


@cache
def lesson(number: str) -> Lesson:
    """Execute lesson ``number``'s code cells except its check cells (no lesson cell needs one: see
    tests/test_static_pages.py), as nbval would, in this process and with matplotlib's Agg backend."""
    import matplotlib
    matplotlib.use("Agg")
    import nbformat

    from itband_edu.views.explorer import Explorer
    from itband_edu.views.quiz import ChoiceQuestion, Question

    (path,) = sorted((ROOT / "notebooks").glob(f"{number}_*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    ns: dict = {"__name__": f"lesson_{number}"}
    questions: list[tuple[str, Any]] = []
    explorers: list[Any] = []
    texts: list[str] = []
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                texts.append(cell.source)
                continue
            if cell.cell_type != "code" or "check" in cell.metadata.get("tags", []):
                continue
            before = {k: id(v) for k, v in ns.items()}
            exec(compile(cell.source, f"{path.name}[{i}]", "exec"), ns)
            for name, obj in ns.items():
                if before.get(name) == id(obj):
                    continue
                if isinstance(obj, Question) and "question" in cell.metadata.get("tags", []):
                    questions.append((name, obj))
                    texts.append(obj.prompt)
                    if isinstance(obj, ChoiceQuestion):
                        texts.extend(obj.options)
                elif isinstance(obj, Explorer):
                    explorers.append(obj)
    finally:
        os.chdir(here)
    return Lesson(path, ns, questions, explorers, _plain("\n".join(texts)))


# ---- the model, imported lazily ----

@cache
def _p():
    from itband_edu import default_parameters
    return default_parameters()


@cache
def _stance(**kw):
    from itband_edu import single_leg_stance
    return single_leg_stance(body_mass=75, **kw)


def _bw(r) -> float:
    """Total abductor force in body weights."""
    return float(r.total_abductor_force / r.body_weight)


@cache
def _band(**kw):
    from itband_edu import band_stretch
    return band_stretch(**kw)


@cache
def _run(**kw):
    from itband_edu import running_stance
    return running_stance(**kw)


def _zone(**kw):
    from itband_edu.knee_angles import stance_time_in_zone
    return stance_time_in_zone(_run(**kw))


def _crossing(anchorage_anterior: float | None = None) -> float:
    from itband_edu.knee import KneeGeometry
    from itband_edu.knee_angles import crossing_angle
    g = KneeGeometry.from_parameters()
    return float(crossing_angle(geometry=g if anchorage_anterior is None else
                                g.with_changes(anchorage_anterior=anchorage_anterior)))


def _plan_peak(**kw) -> float:
    from itband_edu.interventions import Plan, plan_effect, weak_abductor_runner
    lena = weak_abductor_runner(downhill_share=0.2)
    if not kw:
        return float(plan_effect(baseline=lena).baseline_running_peak_itb_tension)
    return float(plan_effect(Plan(**kw), lena).plan_running_peak_itb_tension)


def _case_peak(case: str | None = None) -> float:
    """The band's running peak for a case of data/case_studies.csv (by name), or the healthy reference."""
    from itband_edu.assessment import load_case_studies, model_inputs
    from itband_edu.measurements import reference_values
    inputs = reference_values() if case is None else load_case_studies()[case]
    return float(_run(**model_inputs(inputs)).itb_tension.max())


def _running_flexion() -> float:
    """Running's late-stance hip-flexion moment for 75 kg (N m), from data/sagittal.csv."""
    return 75 * data("sagittal.csv", "running_late_stance_flexion_moment")


@cache
def _grid():
    from itband_edu.sensitivity import sensitivity_grid
    return sensitivity_grid()


def _foot(name: str):
    from itband_edu.views import foot
    return getattr(foot, name)


@cache
def _chain(eversion_deg: float):
    from itband_edu import chain_from_foot
    return chain_from_foot(eversion_deg)


@cache
def _case(name: str):
    """The assessment of a case of data/case_studies.csv against the healthy reference."""
    from itband_edu.assessment import assess, load_case_studies
    return assess(load_case_studies()[name])


def _miller(itbs: bool) -> float:
    """Knee flexion at contact at the end of an exhaustive run (Miller et al. 2007), through the model."""
    from itband_edu.gait import fatigued_knee_flexion_contact
    return float(fatigued_knee_flexion_contact(itbs))


def _chain_no_hip(eversion_deg: float) -> float:
    from itband_edu import chain_from_foot
    return float(chain_from_foot(eversion_deg, tibial_to_hip_adduction=0).itb_length_change)


def _knee_peak() -> float:
    from itband_edu.knee import KneeGeometry
    from itband_edu.knee_angles import peak_compression_angle
    return float(peak_compression_angle(geometry=KneeGeometry.from_parameters()))


def _max_gain() -> float:
    from itband_edu.interventions import max_strength_gain
    return float(max_strength_gain())


def M(lesson_: str, text: str, value: Callable[[], object], fmt: str) -> Quote:
    return Quote(lesson_, text, "model", value, fmt)


def D(lesson_: str, text: str, value: Callable[[], object], fmt: str) -> Quote:
    return Quote(lesson_, text, "data", value, fmt)


def S(lesson_: str, text: str) -> Quote:
    return Quote(lesson_, text, "lesson")


def _bergmann() -> tuple[float, float]:
    """Bergmann et al. 2016's one-leg-stance hip force, mean and SD (BW), from data/published_results.csv."""
    name = "stance.bergmann2016_one_leg_stance_force"
    return data("published_results.csv", name), data("published_results.csv", name, "tolerance")

QUOTES: list[Quote] = [
    # 01 the band
    S("01", "20 mm"),
    M("01", "0.1 %", lambda: _band(stretch=0.020).band_strain_percent, "{:.1f} %"),
    M("01", "1.5 %", lambda: _band(load=float(_stance().itb_tension)).band_strain_percent, "{:.1f} %"),
    M("01", "270 MPa", lambda: _p().itb_effective_modulus / 1e6, "{:.0f} MPa"),
    M("01", "180 times", lambda: _p().itb_effective_modulus / _p().rubber_youngs_modulus, "{:.0f} times"),
    M("01", "98 %", lambda: 100 * _band(stretch=0.020).muscle_elongation / 0.020, "{:.0f} %"),
    S("01", "1 %"),
    M("01", "182 N", lambda: _stance().itb_tension, "{:.0f} N"),
    S("01", "1 cm"),
    M("01", "2 %", lambda: 100 * 0.01 / _p().itb_length, "{:.0f} %"),
    # 02 standing on one leg
    M("02", "0.80 BW", lambda: _stance().supported_weight / _stance().body_weight, "{:.2f} BW"),
    M("02", "2.58 BW", lambda: _stance().hip_contact_force_bw, "{:.2f} BW"),
    S("02", "10°"),
    M("02", "1.04 BW", lambda: _bw(_stance(trunk_lean_deg=10)), "{:.2f} BW"),
    M("02", "1.81 BW", lambda: _bw(_stance()), "{:.2f} BW"),
    M("02", "2.6 BW", lambda: _stance().hip_contact_force_bw, "{:.1f} BW"),
    M("02", "43 %", lambda: 100 * (1 - _bw(_stance(trunk_lean_deg=10)) / _bw(_stance())), "{:.0f} %"),
    M("02", "56.8 N m", lambda: _stance().required_moment, "{:.1f} N m"),
    M("02", "75.7 N m", lambda: _stance(pelvic_drop_deg=8).required_moment, "{:.1f} N m"),
    D("02", "2.61 ± 0.29 BW", _bergmann, "{:.2f} ± {:.2f} BW"),
    # 03 who pulls on the band
    M("03", "182 N", lambda: _stance().itb_tension, "{:.0f} N"),
    M("03", "414 N", lambda: _stance(glute_med_strength=0.5).itb_tension, "{:.0f} N"),
    M("03", "2.27 times", lambda: _stance(glute_med_strength=0.5).itb_tension / _stance().itb_tension,
      "{:.2f} times"),
    M("03", "1.74 times", lambda: (_stance(glute_med_strength=0.5, activation_exponent=3).itb_tension
                                   / _stance(activation_exponent=3).itb_tension), "{:.2f} times"),
    D("03", "26 %", lambda: -100 * data("published_results.csv", "stance.fredericson2000_abductor_deficit"),
      "{:.0f} %"),
    M("03", "1.5 times", lambda: _stance(glute_med_strength=0.74).itb_tension / _stance().itb_tension,
      "{:.1f} times"),
    M("03", "237 N", lambda: _stance(glute_med_strength=0.5, trunk_lean_deg=10).itb_tension, "{:.0f} N"),
    M("03", "585 N", lambda: _stance(glute_med_strength=0.5, pelvic_drop_deg=8).itb_tension, "{:.0f} N"),
    M("03", "435 N", lambda: _stance(glute_med_strength=0.5, pelvic_drop_deg=8, trunk_lean_deg=8).itb_tension,
      "{:.0f} N"),
    # 04 hip-flexor dominance
    S("04", "20 N m"),
    M("04", "75.9 N", lambda: _stance(hip_flexion_moment=20).force_of("tensor_fasciae_latae"), "{:.1f} N"),
    M("04", "96 N", lambda: _stance(hip_flexion_moment=20).itb_tension, "{:.0f} N"),
    M("04", "107 N", lambda: _stance(hip_flexion_moment=_running_flexion()).force_of("tensor_fasciae_latae"),
      "{:.0f} N"),
    M("04", "268 N", lambda: _stance(hip_flexion_moment=_running_flexion(), iliopsoas_strength=0.25).force_of(
        "tensor_fasciae_latae"), "{:.0f} N"),
    M("04", "3.12 BW", lambda: _stance(hip_flexion_moment=0).hip_contact_force_bw, "{:.2f} BW"),
    D("04", "2.61 ± 0.29 BW", _bergmann, "{:.2f} ± {:.2f} BW"),
    # 05 from the foot up
    S("05", "4°"),
    S("05", "8°"),
    S("05", "2°"),
    D("05", "0.68°", lambda: data("chain.csv", "eversion_to_tibial_rotation"), "{:.2f}°"),
    M("05", "6.94 mm", lambda: 1000 * _foot("pelvic_drop_length_change")(8.0), "{:.2f} mm"),
    M("05", "0.96 mm", lambda: 1000 * _foot("extra_eversion_change")().itb_length_change, "{:.2f} mm"),
    M("05", "0.73 mm", lambda: 1000 * _chain_no_hip(12.37), "{:.2f} mm"),
    M("05", "0.39 mm", lambda: 1000 * (_chain(12.37).itb_length_change - _chain(12.37 - 1.62).itb_length_change),
      "{:.2f} mm"),
    # 06 at the knee
    M("06", "33.1°", _crossing, "{:.1f}°"),
    D("06", "30°", lambda: data("published_results.csv", "knee.orchard1996_impingement_angle"), "{:.0f}°"),
    M("06", "41°", lambda: _knee_peak(), "{:.0f}°"),
    S("06", "5 mm"),
    M("06", "21°", lambda: _crossing(-5.0), "{:.0f}°"),
    M("06", "45°", lambda: _crossing(5.0), "{:.0f}°"),
    # 07 a running stride
    S("07", "10 %"),
    M("07", "596 N", lambda: _run().itb_tension.max(), "{:.0f} N"),
    M("07", "188 ms", lambda: 1000 * _zone().per_phase_s, "{:.0f} ms"),
    M("07", "180 ms", lambda: 1000 * _zone(step_rate_change_percent=10).per_phase_s, "{:.0f} ms"),
    M("07", "16.3 s", lambda: _zone().per_minute_s, "{:.1f} s"),
    M("07", "17.3 s", lambda: _zone(step_rate_change_percent=10).per_minute_s, "{:.1f} s"),
    M("07", "198 ms", lambda: 1000 * _zone(knee_flexion_contact_deg=_miller(True)).per_phase_s, "{:.0f} ms"),
    M("07", "182 ms", lambda: 1000 * _zone(knee_flexion_contact_deg=_miller(False)).per_phase_s, "{:.0f} ms"),
    S("07", "20 %"),
    # 08 what helps
    M("08", "913 N", lambda: _plan_peak(), "{:.0f} N"),
    M("08", "489 N", lambda: _plan_peak(abductor_strength_gain=_max_gain()), "{:.0f} N"),
    M("08", "30 N", lambda: _plan_peak() - _plan_peak(step_rate_change_percent=10), "{:.0f} N"),
    M("08", "633 N", lambda: _plan_peak(trunk_lean_deg=5), "{:.0f} N"),
    D("08", "228 N", lambda: data("evidence.csv", "roller_force_foam"), "{:.0f} N"),
    S("08", "5°"),
    # 09 assess the whole chain
    M("09", "596 N", lambda: _case_peak(), "{:.0f} N"),
    M("09", "893 N", lambda: _case_peak("weak gluteus medius with a pelvic drop"), "{:.0f} N"),
    M("09", "1.5 %", lambda: 100 * (_case("low step rate, long strides").peak_tension
                                    / _case("low step rate, long strides").peak_tension_reference - 1), "{:.1f} %"),
    M("09", "10 %", lambda: 100 * (_case("low step rate, long strides").time_in_zone_ms
                                   / _case("low step rate, long strides").time_in_zone_reference_ms - 1), "{:.0f} %"),
    S("09", "4°"),
    # 10 how good is this model
    S("10", "101 poses"),
    M("10", "556–716 N", lambda: _grid().extent("muscles.gluteus_maximus_1.itb_fraction", "running_itb"),
      "{:.0f}–{:.0f} N"),
    M("10", "9.1–55.1°", lambda: _grid().extent("knee.anchorage_anterior", "crossing_angle"), "{:.1f}–{:.1f}°"),
    M("09", "0.1 N", lambda: _case_peak("marked rearfoot eversion, normal hip strength") - _case_peak(), "{:.1f} N"),
]


def main() -> None:
    for q in QUOTES:
        now = q.computed() if q.value else "(in the lesson's text)"
        print(f"{q.lesson}  {q.text:<16} {q.source:<7} {now}")


if __name__ == "__main__":
    main()
