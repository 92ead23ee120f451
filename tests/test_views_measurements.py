"""Lesson 09's views, driven as a learner would without a browser: the measurements form (typing, the CSV upload,
the summary, the download links) and the case explorer (its explorer contract, the case presets from
data/case_studies.csv)."""

from __future__ import annotations

import base64
import csv
import io
import math
import re
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W
import numpy as np
import pytest

from itband_edu import running_stance
from itband_edu.measurements import FIELD_NAMES, MAX_CSV_BYTES, field_specs
from itband_edu.views.cases import cases_explorer
from itband_edu.views.measurements import measurements_form
from test_assessment import cases_by_hand, good_csv, inputs_by_hand, reference_by_hand
from view_helpers import fingerprint

DATA_HREF = re.compile(r"download='([^']+)' href='data:text/csv;base64,([A-Za-z0-9+/=]+)'")


def downloads(form) -> dict[str, str]:  # noqa: ANN001
    """The download links' files, decoded from their data: URLs (what a browser would save)."""
    return {name: base64.b64decode(b64).decode("utf-8") for name, b64 in DATA_HREF.findall(form.downloads.value)}


# ---- the form ------------------------------------------------------------------------------------


def test_the_form_starts_at_the_healthy_reference_with_its_summary() -> None:
    form = measurements_form()
    ref = reference_by_hand()
    assert form.values == pytest.approx(ref) and not form.errors and form.summary is not None
    for k, s in field_specs().items():
        label = form.fields[k].description
        assert s.unit in label and s.range_text == form.fields[k].placeholder  # unit and range on every field
    bundle = form._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG") and "not a diagnosis" in bundle["text/plain"]
    assert "not a diagnosis" in form.summary_html.value and set(downloads(form)) == {"itband_summary.csv",
                                                                                      "my_measurements.csv"}
    assert isinstance(form.upload, W.FileUpload) and form.upload.accept == ".csv"


FORM_BAD = [
    ("empty", "body_mass", "", "required"),
    ("text", "step_rate", "fast", "not a number"),
    ("grams", "body_mass", "75000", "did you type grams"),
    ("out of range", "pelvic_drop_deg", "30", "outside the allowed range"),
    ("negative", "rearfoot_eversion_deg", "-4", "outside the allowed range"),
    ("nan", "trunk_lean_deg", "nan", "not a finite number"),
    ("inf", "hip_abduction_torque", "inf", "not a finite number"),
    ("outside the model's step rates", "step_rate", "200", "does not extrapolate"),
]


@pytest.mark.parametrize(("name", "field", "typed", "words"), FORM_BAD, ids=[b[0] for b in FORM_BAD])
def test_a_bad_field_gets_its_message_beside_it_and_keeps_the_others(name: str, field: str, typed: str,
                                                                     words: str) -> None:
    form = measurements_form()
    case = cases_by_hand()["weak gluteus medius with a pelvic drop"]
    form.fill(case)
    form.fill({field: typed})
    assert form.submit() is None and form.summary is None
    assert set(form.errors) == {field} and words in form.errors[field] and field in form.errors[field]
    assert words.split()[0] in form.messages[field].value  # shown next to its field
    assert form.values == pytest.approx({k: v for k, v in case.items() if k != field})
    assert all(form.fields[k].value == f"{case[k]:g}" for k in FIELD_NAMES if k != field)
    assert form.downloads.value == ""
    assert form.image.value == b"" and "image/png" not in form._repr_mimebundle_()  # no figure of older values
    form.fill({field: f"{case[field]:g}"})  # corrected: the summary comes back
    assert form.submit() is not None and not form.errors


def test_typing_checks_the_field_as_it_changes() -> None:
    form = measurements_form()
    form.fields["body_mass"].value = "75000"
    assert "did you type grams" in form.errors["body_mass"] and "grams" in form.messages["body_mass"].value
    form.fields["body_mass"].value = "68"
    assert "body_mass" not in form.errors and form.values["body_mass"] == 68.0


FORM_CSV = [
    ("missing column", "field\nbody_mass\n", "csv", "no 'value' column"),
    ("wrong header", "mass,kg\n70,1\n", "csv", "wrong header"),
    ("unknown field", good_csv(body_mass="68") + "height,1.7\n", "csv", "unknown field 'height'"),
    ("duplicate", good_csv(body_mass="68") + "step_rate,180\n", "step_rate", "appears more than once"),
    ("non-numeric", good_csv(body_mass="68", step_rate="quick"), "step_rate", "not a number"),
    ("grams", good_csv(body_mass="68000"), "body_mass", "did you type grams"),
    ("too large", good_csv() + "x" * MAX_CSV_BYTES, "csv", "too large"),
]


@pytest.mark.parametrize(("name", "text", "key", "words"), FORM_CSV, ids=[c[0] for c in FORM_CSV])
def test_a_bad_csv_gets_its_message_and_the_valid_rows_still_fill_the_form(name: str, text: str, key: str,
                                                                           words: str) -> None:
    form = measurements_form()
    form.fill({"trunk_lean_deg": "3"})  # typed before the upload
    form.load_csv(text)
    assert key in form.errors and words in form.errors[key], form.errors
    fatal = key == "csv" and name in ("missing column", "wrong header", "too large")
    if fatal:  # nothing read: the form is as it was
        assert form.values["trunk_lean_deg"] == 3.0 and form.values["body_mass"] == 75.0
    else:  # every valid row went into its field; a field the file rejected kept the form's value or shows the text
        if key != "body_mass":
            assert form.values["body_mass"] == 68.0
        assert form.values["trunk_lean_deg"] == 0.0  # the file's row replaced the typed value
    if key == "csv":
        assert words in form.csv_message.value.replace("&#x27;", "'")
    else:
        assert form.messages[key].value


def test_the_summary_says_it_is_out_of_date_until_the_button_is_pressed() -> None:
    form = measurements_form()
    assert not form.stale and form.stale_html.value == ""
    form.fields["body_mass"].value = "90"
    assert form.stale and "out of date" in form.stale_html.value and form.summary.values["body_mass"] == 75.0
    form.submit()
    assert not form.stale and form.stale_html.value == "" and form.summary.values["body_mass"] == 90.0


def test_a_clean_upload_updates_the_summary_and_says_so() -> None:
    form = measurements_form()
    form.load_csv("field,value\nbody_mass,90\n")
    assert form.summary is not None and form.summary.values["body_mass"] == 90.0 and not form.stale
    assert "Read 1 field(s) from the file" in form.csv_message.value
    form.load_csv("field,value\nbody_mass,90\nstep_rate,quick\n")  # a bad row: the summary is marked stale
    assert form.errors and "out of date" in form.stale_html.value


def test_excel_files_from_a_comma_decimal_language_fill_the_form() -> None:
    form = measurements_form()
    form.load_csv("field;value\nbody_mass;75,5\n")
    assert form.values["body_mass"] == 75.5 and not form.errors
    form.load_csv("field,value\nbody_mass,75,5\nstep_rate,170\n")
    assert "looks like a comma decimal" in form.errors["body_mass"] and "body_mass" not in form.notes
    assert form.values["step_rate"] == 170.0


def test_a_field_missing_from_the_file_keeps_the_forms_value() -> None:
    form = measurements_form()
    form.fill({"rearfoot_eversion_deg": "15"})
    form.load_csv("field,value\nbody_mass,68\n")
    assert form.values["rearfoot_eversion_deg"] == 15.0 and form.values["body_mass"] == 68.0
    assert "kept its value" in form.notes["rearfoot_eversion_deg"] and not form.errors
    assert form.submit() is not None


def test_the_upload_widget_feeds_load_csv_and_limits_the_size() -> None:
    form = measurements_form()
    content = good_csv(body_mass="66").encode()
    form._on_upload({"new": ({"name": "me.csv", "size": len(content), "content": memoryview(content)},)})
    assert form.values["body_mass"] == 66.0 and not form.errors
    form._on_upload({"new": ({"name": "big.csv", "size": MAX_CSV_BYTES + 1, "content": memoryview(b"")},)})
    assert "too large" in form.errors["csv"] and form.values["body_mass"] == 66.0


def test_the_downloaded_measurements_load_back_unchanged() -> None:
    form = measurements_form()
    case = cases_by_hand()["low step rate, long strides"]
    form.fill({**case, "body_mass": 61.3, "trunk_lean_deg": 2.5})
    assert form.submit() is not None
    saved = downloads(form)["my_measurements.csv"]
    other = measurements_form()
    other.load_csv(saved)
    assert other.values == form.values and not other.errors and not other.notes
    assert other.submit() is not None and other.summary.peak_tension == form.summary.peak_tension


def test_the_downloaded_summary_holds_the_models_numbers() -> None:
    form = measurements_form()
    values = cases_by_hand()["weak gluteus medius with a pelvic drop"]
    form.fill(values)
    form.submit()
    saved = downloads(form)["itband_summary.csv"]
    rows = {(r["section"], r["quantity"]): r for r in csv.DictReader(io.StringIO(saved))}
    run = running_stance(**inputs_by_hand(values))
    assert float(rows[("running stance", "peak ITB tension")]["you"]) == pytest.approx(float(run.itb_tension.max()))
    assert any("not a diagnosis" in k[1] for k in rows)
    table = form.summary_html.value
    assert f"<b>{float(run.itb_tension.max()):.0f}</b>" in table  # the page shows the same number, rounded


def test_the_download_check_fails_a_wrong_link() -> None:
    """Negative control for ``downloads``: a link whose data: URL holds other text decodes to that text."""
    form = measurements_form()
    b64 = base64.b64encode(b"field,value\nbody_mass,1\n").decode()
    form.downloads.value = f"<a download='my_measurements.csv' href='data:text/csv;base64,{b64}'>x</a>"
    other = measurements_form()
    other.load_csv(downloads(form)["my_measurements.csv"])
    assert other.values != form.values and "body_mass" in other.errors


# ---- the case explorer -------------------------------------------------------------------------


def test_the_case_explorer_follows_the_explorer_contract() -> None:
    ex = cases_explorer()
    assert set(ex.controls) == set(FIELD_NAMES) | {"preset"}
    specs = field_specs()
    for k, s in specs.items():
        w = ex.controls[k]
        assert isinstance(w, W.FloatSlider) and (w.min, w.max) == (s.low, s.high)
    assert list(ex.presets) == ["healthy reference", *cases_by_hand()]
    start = fingerprint(ex.fig)
    seen = {start}
    for name, values in cases_by_hand().items():
        n = ex.update_count
        ex.apply_preset(name)
        assert ex.update_count == n + 1 and ex.values == pytest.approx(values)
        assert ex.controls["preset"].value == name
        seen.add(fingerprint(ex.fig))
    assert len(seen) == 4  # every case draws differently
    for k in FIELD_NAMES:
        w = ex.controls[k]
        for v in (w.min, w.max):
            ex.set(**{k: v})
            assert np.all(np.isfinite(ex.result.assessment.run.itb_tension))
            assert math.isfinite(ex.result.time_in_zone_ms)
    ex.reset()
    assert ex.values == pytest.approx(reference_by_hand()) and fingerprint(ex.fig) == start
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"].startswith("cases explorer (interactive") and "image/png" in bundle
    assert fingerprint(ex.static_figure()) == start


def test_the_case_explorer_moves_within_a_frame() -> None:
    """Kernel-side move time, median of 50 slider moves with the figure drawn (a generous CI bound; the
    report gives the measured value)."""
    ex = cases_explorer()
    w = ex.controls["hip_abduction_torque"]
    values = np.linspace(w.min, w.max, 50)
    times = []
    for v in values:
        t = time.perf_counter()
        ex.set(hip_abduction_torque=float(v))
        times.append(time.perf_counter() - t)
    assert 1000 * statistics.median(times) < 50


def test_the_case_explorer_offers_only_the_presets_asked_for() -> None:
    cases = list(cases_by_hand())
    ex = cases_explorer(presets=(cases[0],))
    assert list(ex.presets) == ["healthy reference", cases[0]]
    with pytest.raises(ValueError, match="presets = .*case of data/case_studies.csv"):
        cases_explorer(presets=("no such runner",))


def test_the_readout_and_figure_say_when_the_model_cannot_rank() -> None:
    ex = cases_explorer()
    ex.set(hip_abduction_torque=3.0, trunk_lean_deg=-15.0)
    assert "cannot rank" in ex.describe() and ex.result.most_important == ""
    ex.set(hip_abduction_torque=9.94, trunk_lean_deg=0.0, body_mass=90.0)
    assert "none (all within 0.5 N)" in ex.describe()
    texts = [lab.get_text() for lab in ex.view.labels_l]
    assert texts[0] == "not ranked: × 1.20"


def test_case_figure_is_the_explorers_figure_at_that_case() -> None:
    """Lesson 09's still pictures: the explorer's figure at a case's preset, as a PNG, with its case named."""
    from itband_edu.assessment import load_case_studies
    from itband_edu.views.cases import case_figure, cases_explorer

    cases = list(load_case_studies())
    ex = cases_explorer()
    for case in cases:
        fig = case_figure(case)
        assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n" and f"case: {case}" in [t.get_text() for t in fig.texts]
        ex.apply_preset(case)
        widths = [p.get_width() for p in fig.axes[1].patches][:4]
        assert np.allclose(widths, np.clip(ex.result.chain_ratios, 0, 2.5)), (case, widths)
        left = [p.get_width() for p in fig.axes[0].patches][:6]
        assert np.allclose(left, np.clip(ex.result.peak_tension_change, -400, 400)), (case, left)
    with pytest.raises(ValueError, match="case = 'nobody'"):
        case_figure("nobody")
