"""Lesson 08's plan explorer (views/plan.py) and verdict tables (views/evidence_tables.py), without a kernel.

The explorer: its controls and their ranges (the strength range from data/evidence.csv read here with the
csv module), that it starts with plan == baseline, that every lever gives the result of ``plan_effect``
for that plan and moves the drawn bar to the plan's per cent of the baseline (read back from the
artists), the presets, the key's evidence labels, the PNG in the display bundle and the move time.
The tables: every number in a cell is a row of evidence.csv, and a changed value in a copy of data/
changes the table (and a missing row is refused by name).
"""

from __future__ import annotations

import base64
import html
import csv
import re
import shutil
import timeit
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot

import ipywidgets as W
import numpy as np
import pytest
from view_helpers import fingerprint

from itband_edu.interventions import METRICS, Plan, plan_effect, weak_abductor_runner
from itband_edu.parameters import data_dir
from itband_edu.views.evidence_tables import CLAIMS, GRADES, TREATMENTS, Claim, short_citation, verdict_table
from itband_edu.views.explorer import Explorer
from itband_edu.views.plan import ROWS, WEDGE_OPTIONS, plan_explorer, strength_table


def _evidence(folder: Path | None = None) -> dict[str, dict[str, str]]:
    with ((folder or data_dir()) / "evidence.csv").open(newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


EV = _evidence()
WOMEN = float(EV["abductor_torque_gain_female"]["value"])
MEN = float(EV["abductor_torque_gain_male"]["value"])
LENA = weak_abductor_runner(0.2)


@pytest.fixture
def ex() -> Explorer:
    return plan_explorer(downhill_now=0.2)


def test_controls_and_ranges(ex: Explorer) -> None:
    assert set(ex.controls) == {"strength_gain_percent", "step_rate_change_percent", "trunk_lean_deg", "foot_wedge",
                                "downhill_percent", "preset"}
    ranges = {k: (w.min, w.max) for k, w in ex.controls.items() if isinstance(w, W.FloatSlider)}
    assert ranges == {"strength_gain_percent": (0.0, max(WOMEN, MEN)), "step_rate_change_percent": (0.0, 10.0),
                      "trunk_lean_deg": (0.0, 10.0), "downhill_percent": (0.0, 50.0)}
    assert list(ex.controls["foot_wedge"].options) == list(WEDGE_OPTIONS)


def test_it_starts_at_the_baseline_and_shows_no_answer(ex: Explorer) -> None:
    r = ex.result
    assert r == plan_effect(Plan(), LENA)
    assert all(r.change(m) == 0 for m in METRICS)
    assert [b.get_width() for b in ex.view.bars] == pytest.approx([100.0] * len(ROWS))
    assert ex.controls["preset"].value == "baseline (no change)"
    text = ex.describe()
    assert f"{r.baseline_running_peak_itb_tension:.0f} → {r.baseline_running_peak_itb_tension:.0f} N" in text
    assert "abductors" not in text  # the warning row appears only when they cannot hold the hip


@pytest.mark.parametrize(("values", "plan"), [
    ({"strength_gain_percent": WOMEN}, Plan(abductor_strength_gain=WOMEN / 100)),
    ({"step_rate_change_percent": 10.0}, Plan(step_rate_change_percent=10)),
    ({"trunk_lean_deg": 5.0}, Plan(trunk_lean_deg=5)),
    ({"foot_wedge": "medial wedge"}, Plan(foot_wedge=True)),
    ({"downhill_percent": 0.0}, Plan(downhill_share=0.0)),
], ids=["strength", "step rate", "lean", "wedge", "downhill"])
def test_each_lever_is_plan_effect_and_moves_its_bars(ex: Explorer, values: dict[str, object], plan: Plan) -> None:
    before = fingerprint(ex.fig)
    ex.set(**values)
    expected = plan_effect(plan, LENA)
    for m in METRICS:
        assert getattr(ex.result, f"plan_{m}") == pytest.approx(getattr(expected, f"plan_{m}"), rel=1e-12), m
    for bar, (metric, *_rest) in zip(ex.view.bars, ROWS, strict=True):
        pct = 100 * getattr(expected, f"plan_{metric}") / getattr(expected, f"baseline_{metric}")
        assert bar.get_width() == pytest.approx(pct), metric
    assert fingerprint(ex.fig) != before
    # the readout states the plan's numbers
    assert f"{expected.plan_running_peak_itb_tension:.0f} N" in ex.describe()


def test_the_figure_writes_the_numbers(ex: Explorer) -> None:
    ex.set(strength_gain_percent=WOMEN)
    r = ex.result
    texts = [lab.get_text() for lab in ex.view.plan_labels]
    pct = 100 * r.change("running_peak_itb_tension") / r.baseline_running_peak_itb_tension
    assert texts[1] == f"{r.plan_running_peak_itb_tension:.0f} N ({pct:+.0f} %)"
    assert [lab.get_text() for lab in ex.view.base_labels][3] == f"{1000 * r.baseline_foot_itb_length_change:.2f} mm"


def test_presets(ex: Explorer) -> None:
    assert {"baseline (no change)", f"strengthen only (+{MEN:g} %)", "step rate only (+10 %)",
            "everything but a lean"} <= set(ex.presets)
    # lesson 08 asks how much strength is enough (1 / 0.74 - 1, about 35 %): no preset may show a dose near it
    for values in ex.presets.values():
        assert not 30 <= values["strength_gain_percent"] <= 40, values
    ex.apply_preset(f"strengthen only (+{MEN:g} %)")
    assert ex.result == plan_effect(Plan(abductor_strength_gain=MEN / 100), LENA)
    ex.apply_preset("everything but a lean")
    r = ex.result
    assert r == plan_effect(Plan(abductor_strength_gain=MEN / 100, step_rate_change_percent=10, foot_wedge=True,
                                 downhill_share=0.0), LENA)
    assert ex.values["trunk_lean_deg"] == 0  # a compensation, not part of a plan
    ex.reset()
    assert ex.result == plan_effect(Plan(), LENA)


def test_the_key_names_each_levers_evidence(ex: Explorer) -> None:
    key = html.unescape(ex.key.value)
    for words in ("trials in IT band syndrome (ITBS): small", "45 healthy runners", "model only",
                  "no change of ITB strain, estimated from measured running", "misses downhill braking",
                  f"the men's {MEN:g} %"):
        assert words in key, words
    assert "measured no" not in key and "glut. med." not in ex.describe()


def test_png_in_the_bundle_is_the_current_state(ex: Explorer) -> None:
    first = base64.b64decode(ex._repr_mimebundle_()["image/png"])
    assert first.startswith(b"\x89PNG") and first == bytes(ex.image.value)
    ex.set(trunk_lean_deg=10)
    second = base64.b64decode(ex._repr_mimebundle_()["image/png"])
    assert second != first and second == bytes(ex.image.value)


def test_bad_arguments(ex: Explorer) -> None:
    with pytest.raises(ValueError, match="downhill_now=0.8"):
        plan_explorer(downhill_now=0.8)
    with pytest.raises(ValueError, match="outside the slider's range"):
        ex.set(strength_gain_percent=60)
    with pytest.raises(ValueError, match="must be one of"):
        ex.set(foot_wedge=True)


def test_a_move_is_well_inside_a_frame(ex: Explorer) -> None:
    values = iter(np.tile(np.linspace(0, MEN, 10), 6))
    ex.set(strength_gain_percent=1.0)
    # the median of 50 moves, as benchmarks/explorer_latency.py measures it (a mean fails when a shared
    # machine stalls one move)
    per_move = float(np.median(timeit.repeat(lambda: ex.set(strength_gain_percent=float(next(values))),
                                             number=1, repeat=50)))
    assert per_move < 0.0167  # measured about 5 ms here


@pytest.mark.parametrize(("gains", "fragments"), [
    (["a"], ["gains_percent", "'a'", "per cent"]),
    ([60], ["gains_percent=60", f"[0, {MEN:g}] %"]),
    ([], ["gains_percent", "non-empty"]),
    ([10, float("nan")], ["gains_percent=nan", f"[0, {MEN:g}]"]),
])
def test_strength_table_bad_gains(gains: list[object], fragments: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        strength_table(gains, LENA)
    for frag in fragments:
        assert frag in str(info.value), (frag, str(info.value))


def test_strength_table_is_the_model() -> None:
    t = strength_table([0, WOMEN], LENA)
    base, gain = plan_effect(Plan(), LENA), plan_effect(Plan(abductor_strength_gain=WOMEN / 100), LENA)
    assert t.rows[0][2:] == (f"{base.baseline_stance_itb_tension:.0f}", f"{base.baseline_running_peak_itb_tension:.0f}")
    assert t.rows[1][2:] == (f"{gain.plan_stance_itb_tension:.0f}", f"{gain.plan_running_peak_itb_tension:.0f}")


# ---- the verdict tables ---------------------------------------------------------------------------------

def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?", text)]


@pytest.mark.parametrize("claims", [CLAIMS, TREATMENTS], ids=["claims", "treatments"])
def test_every_number_in_a_cell_is_a_row_of_the_evidence(claims: tuple[Claim, ...]) -> None:
    t = verdict_table(claims)
    for claim, row in zip(claims, t.rows, strict=True):
        allowed = {float(EV[n]["value"]) for n in claim.rows} | {95.0}  # "95 % CI"
        # a year may appear only as the year of a citation: "(Wilke et al. 2020)", "Gunter and Schwellnus 2004)"
        years = {float(y) for y in re.findall(r"\b((?:19|20)\d\d)[a-z]?\)", row[1])}
        stray = [x for x in _numbers(row[1]) if x not in allowed | years]
        assert not stray, (claim.claim, stray)
        assert not _numbers(row[2]), (claim.claim, row[2])  # the verdict is words: its numbers live in the evidence
        verdict, grade = row[2].rsplit(". Evidence: ", 1)
        assert grade == claim.grade in GRADES and verdict == claim.verdict
        for name in claim.rows:
            assert f"{float(EV[name]['value']):g}" in row[1], (claim.claim, name)


def _copy_with(tmp_path: Path, name: str, new_value: str) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "evidence.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    for r in rows[1:]:
        if r and r[0] == name:
            r[1] = new_value
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return copy


def test_a_changed_value_in_a_copy_changes_the_table(tmp_path: Path) -> None:
    before = verdict_table()
    copy = _copy_with(tmp_path, "cupping_pain_vs_sham_smd", "-0.31")
    after = verdict_table(folder=copy)
    i = [r[0] for r in before.rows].index("myofascial decompression (cupping)")
    assert "SMD -0.27" in before.rows[i][1] and "SMD -0.31" in after.rows[i][1]
    assert [r for j, r in enumerate(after.rows) if j != i] == [r for j, r in enumerate(before.rows) if j != i]


def test_a_missing_row_is_refused_by_name(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "evidence.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith("iastm_rom_md_healthy,")), encoding="utf-8")
    with pytest.raises(ValueError, match="iastm_rom_md_healthy"):
        verdict_table(folder=copy)


def test_the_check_finds_a_typed_number() -> None:
    """Negative control for the stray-number check: a claim whose text types a number not in its rows."""
    typed = Claim("typed", ("iastm_rom_md_healthy",), lambda v, c: f"+{v('iastm_rom_md_healthy')} deg in 9 trials",
                  "x", "weak")
    with pytest.raises(AssertionError):
        test_every_number_in_a_cell_is_a_row_of_the_evidence((typed,))
    a_year = Claim("typed year", ("iastm_rom_md_healthy",), lambda v, c: f"+{v('iastm_rom_md_healthy')} deg by 2021",
                   "x", "weak")
    with pytest.raises(AssertionError):
        test_every_number_in_a_cell_is_a_row_of_the_evidence((a_year,))
    in_verdict = Claim("typed verdict", ("iastm_rom_md_healthy",), lambda v, c: v("iastm_rom_md_healthy"),
                       "a gain in 4 trials", "weak")
    with pytest.raises(AssertionError):
        test_every_number_in_a_cell_is_a_row_of_the_evidence((in_verdict,))
    sneaky = Claim("reads another row", ("iastm_rom_md_healthy",), lambda v, c: v("iastm_rom_md_deficit"), "x",
                   "weak")
    with pytest.raises(ValueError, match="not among its rows"):
        verdict_table((sneaky,))


def test_citations_are_the_reference_table() -> None:
    assert short_citation({"authors": "Gunter P; Schwellnus MP", "year": "2004"}) == "Gunter and Schwellnus 2004"
    assert short_citation({"authors": "Allen DJ", "year": "2014"}) == "Allen 2014"
    t = verdict_table()
    assert "(Wilke et al. 2020)" in _row(t, "foam rolling raises range of motion")[1]
    assert "(Cramer et al. 2020)" in _row(t, "myofascial decompression (cupping)")[1]
    page = t._repr_html_()
    assert page.count("<tr>") == len(t.rows) + 1 and "text-align:right" not in page
    # only the grade is bold, one per row
    assert re.findall(r"<b>(.*?)</b>", page) == [cl.grade for cl in CLAIMS]


def _row(t: object, claim: str) -> tuple[str, ...]:
    return next(r for r in t.rows if r[0] == claim)  # type: ignore[attr-defined]


def test_grades_are_a_fixed_scale() -> None:
    with pytest.raises(ValueError, match="grade='Weak to missing'.*moderate, weak, very weak, none found"):
        Claim("x", ("iastm_rom_md_healthy",), lambda v, c: "", "x", "Weak to missing")
    # the rolling claims are two rows: release is not supported, the range-of-motion gain is moderate
    grades = {cl.claim: cl.grade for cl in CLAIMS}
    assert grades["foam rolling 'releases' the band"] == "none found"
    assert grades["foam rolling raises range of motion"] == "moderate"


@pytest.mark.parametrize(("kw", "match"), [
    ({"claims": "abc"}, "claims must be a non-empty sequence of Claim"),
    ({"claims": []}, "claims must be a non-empty sequence of Claim"),
    ({"claims": [1, 2]}, "claims must be a non-empty sequence of Claim"),
    ({"folder": Path("/no/such/folder")}, "folder='/no/such/folder' has no evidence.csv"),
])
def test_verdict_table_bad_arguments(kw: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        verdict_table(**kw)  # type: ignore[arg-type]


def test_the_copy_check_fails_a_table_that_ignores_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Negative control for the check above: a table that always read the packaged data would not change."""
    import itband_edu.views.evidence_tables as et

    packaged = et.evidence_rows
    monkeypatch.setattr(et, "evidence_rows", lambda folder=None: packaged(None))
    with pytest.raises(AssertionError):
        test_a_changed_value_in_a_copy_changes_the_table(tmp_path)


def test_lever_table_is_plan_effect_lever_by_lever() -> None:
    """The still table of lesson 08 (each lever alone, then the preset) against plan_effect called directly."""
    from itband_edu.interventions import max_strength_gain
    from itband_edu.views.plan import lever_table

    lena = weak_abductor_runner(downhill_share=0.2)
    rows = {r[0]: r[1:] for r in lever_table(lena).rows}
    top = max_strength_gain()
    for name, plan in (("baseline (no change)", Plan()), ("trunk lean 5°", Plan(trunk_lean_deg=5.0)),
                       ("medial wedge", Plan(foot_wedge=True)), ("no downhill running", Plan(downhill_share=0.0)),
                       ("everything but a lean", Plan(abductor_strength_gain=top, step_rate_change_percent=10.0,
                                                      foot_wedge=True, downhill_share=0.0))):
        e = plan_effect(plan, lena)
        assert rows[name] == (f"{e.plan_stance_itb_tension:.0f}", f"{e.plan_running_peak_itb_tension:.0f}",
                              f"{e.plan_zone_s_per_min:.1f}", f"{1000 * e.plan_foot_itb_length_change:.2f}"), name
    assert len(rows) == 7 and rows["medial wedge"][3] != rows["baseline (no change)"][3]
    with pytest.raises(ValueError, match="lean_deg"):
        lever_table(lena, lean_deg=20.0)
