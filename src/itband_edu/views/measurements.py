"""Lesson 09's form: the learner's own measurements, typed or uploaded as CSV, and a one-page summary.

``form = measurements_form()`` shows six text fields (each labelled with its unit, range and healthy
reference), an upload button for a CSV (``field,value`` with an optional ``unit`` column), "Use these
values", and below them the summary of the whole chain (:func:`itband_edu.assessment.assess`): a table,
a figure (its PNG also in the display bundle, so static pages show it) and two download links (the
summary and the measurements as CSV, ``data:`` links made in the kernel: nothing is sent anywhere).

Drivable without a browser: ``form.fill({...})``, ``form.load_csv(text)``, ``form.submit()``; read
``form.errors`` (field -> message, ``"csv"`` for the file), ``form.notes`` (e.g. a field not in the file),
``form.values`` (the valid values now in the form) and ``form.summary`` (an
:class:`~itband_edu.assessment.Assessment`, or None while a field is bad). A bad entry never clears the others.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as W

from ..assessment import DISCLAIMER, Assessment, assess, summary_csv
from ..measurements import (FIELD_NAMES, MAX_CSV_BYTES, MeasurementError, field_specs, measurements_csv,
                            parse_csv, parse_value, reference_values)
from . import style
from .cases import CaseResult, CasesFigure
from .figure import new_agg_figure, png_bytes

__all__ = ["MeasurementsForm", "measurements_form", "summary_table_html", "download_link", "CSV_HELP"]

CSS_CLASS = "itband-measurements"
CSV_HELP = ("CSV upload: a header row <code>field,value</code> (a third column <code>unit</code> is allowed), then "
            "one row per field, e.g. <code>body_mass,68</code>. The field names are: "
            + ", ".join(f"<code>{k}</code>" for k in FIELD_NAMES) + f". At most {MAX_CSV_BYTES} bytes. The file is "
            "read by the notebook's own Python; nothing is sent anywhere.")
_FORMATS = {"N": ".0f", "mm": ".1f", "ms": ".0f", "N m": ".1f", "N m/kg": ".2f", "x": ".2f"}


def _fmt(v: float, unit: str) -> str:
    return format(v, _FORMATS[unit]) if unit in _FORMATS else f"{v:g}"


def download_link(text: str, filename: str, label: str) -> str:
    """An HTML anchor that saves ``text`` as ``filename`` from a ``data:`` URL (works offline)."""
    b64 = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f"<a download='{html.escape(filename)}' href='data:text/csv;base64,{b64}' "
            f"target='_blank'>{html.escape(label)}</a>")


def summary_table_html(a: Assessment) -> str:
    """The summary as an HTML table (sections as header rows), the disclaimer above it."""
    rows, section = [], None
    for r in a.rows():
        if r.section != section:
            section = r.section
            rows.append(f"<tr><th colspan='4' align='left' style='padding-top:0.4em'>{html.escape(section)}</th></tr>")
        rows.append(f"<tr><td>{html.escape(r.quantity)}</td><td align='right'><b>{_fmt(r.learner, r.unit)}</b></td>"
                    f"<td align='right'>{_fmt(r.reference, r.unit)}</td><td>{html.escape(r.unit)}</td></tr>")
    return (f"<p><b>{html.escape(DISCLAIMER)}</b></p>"
            f"<p>Moves the band most: <b>{html.escape(a.verdict)}</b>.</p>"
            "<table style='border-collapse:collapse;font-size:0.95em'><tr><th align='left'>quantity</th>"
            "<th>you</th><th>healthy</th><th align='left'>unit</th></tr>" + "".join(rows) + "</table>"
            "<p style='font-size:0.9em'>Healthy, for the links: a healthy runner of your body mass. The model's "
            "muscles are one 75 kg subject's; here they are scaled with your mass, a teaching assumption that "
            "cannot show a heavier runner with the same muscles.</p>")


class MeasurementsForm:
    """The form, its messages, the upload, the summary and the downloads (module docstring)."""

    def __init__(self, initial: Mapping[str, Any] | None = None) -> None:
        specs = field_specs()
        start = {**reference_values(), **(initial or {})}
        self.fields: dict[str, W.Text] = {}
        self.messages: dict[str, W.HTML] = {}
        rows = []
        for k, s in specs.items():
            box = W.Text(value=f"{start[k]:g}" if isinstance(start[k], float) else str(start[k]),
                         description=f"{s.label} ({s.unit})", placeholder=s.range_text,
                         style={"description_width": "13em"}, layout=W.Layout(width="22em"))
            box.observe(lambda _c, name=k: self._check_field(name), names="value")
            info = W.HTML(f"<span style='font-size:0.9em'>{html.escape(s.range_text)}; healthy "
                          f"{s.reference:g}</span>", layout=W.Layout(width="16em"))
            msg = W.HTML(layout=W.Layout(width="auto"))
            self.fields[k], self.messages[k] = box, msg
            rows.append(W.HBox([box, info, msg]))
        self.upload = W.FileUpload(accept=".csv", multiple=False, description="Upload CSV")
        self.upload.observe(self._on_upload, names="value")
        self.csv_message = W.HTML()
        self.submit_button = W.Button(description="Use these values", button_style="primary", icon="check")
        self.submit_button.on_click(lambda _b: self.submit())
        self.reset_button = W.Button(description="Healthy reference", icon="undo")
        self.reset_button.on_click(lambda _b: self.fill(reference_values()))
        self.summary_html = W.HTML()
        self.stale_html = W.HTML()  # "out of date" while the fields differ from the summary's values
        with style.use_course_style(explorer=True):
            self.fig = new_agg_figure(style.EXPLORER_FIGSIZE)
            self.view = CasesFigure(self.fig)
        self.image = W.Image(format="png", layout=W.Layout(width=f"{round(style.EXPLORER_FIGSIZE[0] * 100)}px"))
        self.downloads = W.HTML()
        how = "".join(f"<li><b>{html.escape(s.label)}</b> ({html.escape(s.unit)}): {html.escape(s.meaning)}</li>"
                      for s in specs.values())
        help_html = W.HTML(f"<details><summary>How each field is measured, and the CSV format</summary><ul>{how}</ul>"
                           f"<p>{CSV_HELP}</p></details>")
        self.widget = W.VBox([W.HTML("<h3 style='margin:0.1em 0'>Your measurements</h3>"), *rows,
                              W.HBox([self.submit_button, self.reset_button, self.upload]), self.csv_message,
                              help_html, self.stale_html, W.HBox([self.summary_html, self.image]), self.downloads])
        self.widget.add_class(CSS_CLASS)
        self.errors: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.values: dict[str, float] = {}
        self.summary: Assessment | None = None
        self._file_errors: dict[str, str] = {}
        self._validate()
        self.submit()

    # ---- the driving API ------------------------------------------------------------------------

    def fill(self, values: Mapping[str, Any]) -> None:
        """Type ``values`` into their fields (others unchanged); unknown names are reported in ``errors``."""
        self._file_errors, self.notes = {}, {}
        for k, v in values.items():
            if k not in self.fields:
                self._file_errors[str(k)] = f"unknown field {k!r}; the fields are {', '.join(FIELD_NAMES)}"
                continue
            self.fields[k].value = "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
        self._validate()
        self._mark_stale()

    def load_csv(self, data: str | bytes) -> None:
        """Fill the form from CSV text: every row read goes into its field; problems are reported, the
        fields the file does not hold keep their values. A file without any problem updates the summary;
        otherwise the summary is marked out of date."""
        m = parse_csv(data)
        self._file_errors, self.notes = {}, {}
        for k, text in m.texts.items():
            self.fields[k].value = text
        for k, msg in m.errors.items():
            if k in m.missing:
                self.notes[k] = f"{msg}: the form kept its value"
            elif k not in m.texts:  # the file itself, a duplicated field, a wrong unit: the box is unchanged
                self._file_errors[k] = msg
        self._validate()
        if not self.errors:
            self.submit()
            self.csv_message.value = (f"<div>Read {len(m.values)} field(s) from the file; the summary below is "
                                      "for them.</div>")
        else:
            self._mark_stale()

    def submit(self) -> Assessment | None:
        """Check every field; with all six valid, run the whole chain and show the summary."""
        self._validate()
        self.stale_html.value = ""
        if any(k in FIELD_NAMES for k in self.errors):
            self.summary = None
            self.summary_html.value = ("<p><b>Fix the fields marked in red, then press Use these values.</b> "
                                       f"{html.escape(DISCLAIMER)}</p>")
            self.image.value = b""  # no figure of older values beside a failed submit
            self.downloads.value = ""
            return None
        self.summary = assess(self.values)
        self.view.update(CaseResult.from_assessment(self.summary), self.values)
        self.image.value = png_bytes(self.fig)
        self.summary_html.value = summary_table_html(self.summary)
        self.downloads.value = ("Download: " + download_link(summary_csv(self.summary), "itband_summary.csv",
                                                             "the summary (CSV)") + " · "
                                + download_link(measurements_csv(self.values), "my_measurements.csv",
                                                "your measurements (CSV, loads back into this form)"))
        return self.summary

    def summary_csv(self) -> str:
        """The summary's CSV text (what the download link holds); empty before a valid submit."""
        return "" if self.summary is None else summary_csv(self.summary)

    def measurements_csv(self) -> str:
        """The valid measurements as CSV text (what the second download link holds)."""
        return measurements_csv(self.values)

    @property
    def stale(self) -> bool:
        """The summary shown is not for the values now in the fields (press Use these values)."""
        return self.summary is not None and self.values != self.summary.values

    # ---- internals --------------------------------------------------------------------------------

    def _mark_stale(self) -> None:
        self.stale_html.value = ("<p style='color:#D55E00'><b>The summary below is out of date:</b> press "
                                 "<b>Use these values</b> to update it.</p>" if self.stale else "")

    def _check_field(self, name: str) -> None:
        try:
            self.values[name] = parse_value(name, self.fields[name].value)
            self.errors.pop(name, None)
        except MeasurementError as exc:
            self.values.pop(name, None)
            self.errors[name] = str(exc)
        self._show(name)
        self._mark_stale()

    def _validate(self) -> None:
        self.errors = dict(self._file_errors)
        for k in FIELD_NAMES:
            if k in self._file_errors:
                self._show(k)
                continue
            try:
                self.values[k] = parse_value(k, self.fields[k].value)
            except MeasurementError as exc:
                self.values.pop(k, None)
                self.errors[k] = str(exc)
            self._show(k)
        file_msgs = [m for k, m in self.errors.items() if k not in FIELD_NAMES]
        self.csv_message.value = "".join(f"<div style='color:{style.OKABE_ITO['vermillion']}'><b>✗</b> "
                                         f"{html.escape(m)}</div>" for m in file_msgs)

    def _show(self, name: str) -> None:
        if name in self.errors:
            self.messages[name].value = (f"<span style='color:{style.OKABE_ITO['vermillion']}'><b>✗</b> "
                                         f"{html.escape(self.errors[name])}</span>")
        elif name in self.notes:
            self.messages[name].value = f"<span style='color:#555'>{html.escape(self.notes[name])}</span>"
        else:
            self.messages[name].value = "<span style='color:#009E73'>✓</span>"

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        size = int(item.get("size", 0)) if isinstance(item, Mapping) else 0
        if size > MAX_CSV_BYTES:
            self._file_errors = {"csv": f"the file is too large ({size} bytes; at most {MAX_CSV_BYTES})"}
            self._validate()
        else:
            self.load_csv(bytes(item["content"]))
        self.upload.value = ()  # the same file can be chosen again

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        if self.image.value and self.summary is not None:
            bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        text = "\n".join(f"{r.quantity}: {_fmt(r.learner, r.unit)} {r.unit}" for r in self.summary.rows()) \
            if self.summary else "no summary yet"
        bundle["text/plain"] = f"measurements form (interactive: run the notebook to use it)\n{DISCLAIMER}\n{text}"
        return bundle


def measurements_form(initial: Mapping[str, Any] | None = None) -> MeasurementsForm:
    """The learner's measurements form (lesson 09), filled with the healthy reference (or ``initial``)."""
    return MeasurementsForm(initial)
