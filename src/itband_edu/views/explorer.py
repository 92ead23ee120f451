"""The explorer machinery: controls, presets, reset, held redraws, layout and display.

Every explorer of the course is an :class:`Explorer` around one model function::

    ex = sharing_explorer()        # a cell ending in `ex` shows the widget
    ex.set(glute_med_strength=0.5, trunk_lean_deg=5)   # as a learner would; one redraw
    ex.apply_preset("weak gluteus medius"); ex.reset()
    ex.result                      # the model result for what is on screen (SI units)

Layout (made for a 1280x720 projector with JupyterLab's file browser open): the title on top, then
the controls in a compact column with the readout directly under them, beside the figure; the slider
key below, collapsed. The whole explorer is about 420 px tall, so a slider scrolled into view brings
its figure and readout with it.

How it stays fast: the figure is built once and its artists are moved in place; the static layer is
cached (:class:`~itband_edu.views.figure.LayeredFigure`); a change draws once and sends one PNG to
an ``ipywidgets.Image`` before anything else; changing several controls at once (``set``, presets,
reset) holds the redraw until all are set.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from . import style
from .controls import CONTROLS_WIDTH, Control, on_grid, readout_table, slider
from .figure import new_agg_figure, png_bytes

__all__ = ["Explorer", "Control", "slider", "readout_table", "CSS_CLASS"]

CSS_CLASS = "itband-explorer"


class View(Protocol):
    """What an explorer figure provides: built on an empty figure, updated from a model result."""

    def update(self, result: Any, values: Mapping[str, Any]) -> None: ...


class Explorer:
    """An explorer: controls + readout + figure + slider key, around one model function.

    Attributes (the contract the lessons use): ``widget`` (an ``ipywidgets.VBox`` with the CSS class
    ``itband-explorer``), ``controls`` (name -> widget, including ``"preset"``), ``presets``
    (name -> dict of control values), ``defaults``, ``result`` (model result for the current state),
    ``fig`` (the Matplotlib figure), ``image`` (the ``ipywidgets.Image`` showing it), ``update_count``
    (redraws so far). Methods: ``set``, ``apply_preset``, ``reset``, ``static_figure``, ``values``,
    ``describe``, ``kept``.

    Optional: ``figsize`` (inches at 100 dpi; default ``style.EXPLORER_FIGSIZE``) for a figure that
    needs more height, and ``toolbar``, widgets placed beside the Reset button (e.g. an
    ``ipywidgets.Play``); they are not controls (no key row, no preset, no redraw of their own).
    """

    def __init__(
        self,
        *,
        name: str,
        title: str,
        controls: Mapping[str, Control],
        presets: Mapping[str, Mapping[str, Any]],
        compute: Callable[[dict[str, Any]], Any],
        make_view: Callable[[Figure], View],
        readout: Callable[[Any, dict[str, Any]], str],
        after_change: Callable[[Explorer], None] | None = None,
        figsize: tuple[float, float] | None = None,
        toolbar: Sequence[W.Widget] = (),
    ) -> None:
        self.name = name
        self.figsize = figsize or style.EXPLORER_FIGSIZE
        self._meta = dict(controls)
        self._compute = compute
        self._make_view = make_view
        self._readout = readout
        self._after_change = after_change
        self.presets: dict[str, dict[str, Any]] = {k: dict(v) for k, v in presets.items()}
        for k, c in self._meta.items():
            c.widget.value = on_grid(c.widget, c.widget.value, f"{k}'s starting value")
        self.defaults: dict[str, Any] = {k: c.widget.value for k, c in self._meta.items()}
        for pname, pvals in self.presets.items():
            unknown = set(pvals) - set(self.defaults)
            if unknown:
                raise ValueError(f"preset {pname!r} names unknown control(s) {sorted(unknown)}")
            for k, v in pvals.items():
                pvals[k] = on_grid(self._meta[k].widget, v, f"preset {pname!r}: {k}")
        self.update_count = 0
        self._hold = 0
        self._dirty = False
        self._syncing_preset = False

        preset = W.Dropdown(options=list(self.presets), value=None, description="Preset",
                            style={"description_width": "4em"}, layout=W.Layout(width=CONTROLS_WIDTH))
        reset = W.Button(description="Reset", icon="undo", tooltip="back to the starting values",
                         layout=W.Layout(width="7em"))
        reset.on_click(lambda _b: self.reset())
        self.controls: dict[str, W.ValueWidget] = {k: c.widget for k, c in self._meta.items()}
        self.controls["preset"] = preset
        self.reset_button = reset

        with style.use_course_style(explorer=True):
            self.fig = new_agg_figure(self.figsize)
            self.view = make_view(self.fig)
        width = f"{round(self.figsize[0] * self.fig.dpi)}px"
        # align_self: never stretched to the height of a taller controls column (it keeps its aspect)
        self.image = W.Image(format="png", layout=W.Layout(width=width, max_width="100%", flex="0 0 auto",
                                                           align_self="flex-start"))
        self.image.add_class("itband-figure")
        self.readout = W.HTML(layout=W.Layout(margin="0.4em 0 0 0", width=CONTROLS_WIDTH))
        self.readout.add_class("itband-readout")
        self.key = W.HTML(self._key_html())
        header = W.HTML(f"<h3 style='margin:0.1em 0 0.2em 0'>{html.escape(title)}</h3>")
        sliders = [c.widget for c in self._meta.values()]
        # extra widgets (e.g. a Play control) share the Reset button's row: no extra height
        buttons = W.HBox([reset, *toolbar], layout=W.Layout(align_items="center")) if toolbar else reset
        column = W.VBox([preset, buttons, *sliders, self.readout],
                        layout=W.Layout(width=CONTROLS_WIDTH, flex="0 0 auto", margin="0 12px 0 0"))
        self.widget = W.VBox([header, W.HBox([column, self.image]), self.key])
        self.widget.add_class(CSS_CLASS)
        self.widget.add_class(f"{CSS_CLASS}-{name}")

        for k, w in self.controls.items():
            if k == "preset":
                w.observe(self._on_preset, names="value")
            else:
                w.observe(self._on_change, names="value")
        self._refresh()
        self.update_count = 0  # the first drawing is not a redraw

    # ---- the contract ---------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        """Current control values (without the preset menu)."""
        return {k: c.widget.value for k, c in self._meta.items()}

    def set(self, **values: Any) -> None:
        """Set controls as a learner would (checked against their ranges); exactly one redraw.

        ``preset=...`` is allowed and is applied before the other values.
        """
        preset = values.pop("preset", None)
        self._check(values)
        with self._held():
            if preset is not None:
                self._apply(preset)
            for k, v in values.items():
                self.controls[k].value = v
            self._dirty = True

    def apply_preset(self, name: str) -> None:
        """Set every control named in preset ``name``; one redraw."""
        with self._held():
            self._apply(name)
            self._dirty = True

    def reset(self) -> None:
        """Back to the starting values; one redraw."""
        with self._held():
            for k, v in self.defaults.items():
                self.controls[k].value = v
            self._dirty = True

    @contextmanager
    def kept(self) -> Iterator[Explorer]:
        """Try things on the explorer and put it back as it was (a lesson's check cells use this,
        so the learner finds the explorer where they left it)::

            with ex.kept():
                ex.apply_preset("weak gluteus medius")
                assert ex.result.itb_tension > 400
        """
        saved = self.values
        try:
            yield self
        finally:
            if self.values != saved:
                self.set(**saved)

    def static_figure(self) -> Figure:
        """A new, non-interactive figure of the default state (shows itself as a PNG anywhere)."""
        with style.use_course_style(explorer=True):
            fig = new_agg_figure(self.figsize)
            view = self._make_view(fig)
        defaults = dict(self.defaults)
        view.update(self._compute(defaults), defaults)
        return fig

    def describe(self) -> str:
        """The readout as plain text (also the text shown where widgets cannot be displayed)."""
        text = re.sub(r"<br\s*/?>|</tr>|</li>", "\n", self.readout.value)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        return "\n".join(line for line in lines if line)

    # ---- display --------------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The live widget for front ends with widgets; a PNG of the current state and a stable
        text for everything else (static pages, nbval, a terminal)."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata)
            bundle = bundle[0]
        bundle = dict(bundle or {})
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = f"{self.name} explorer (interactive: run the notebook to use it)\n" + self.describe()
        return bundle

    def __repr__(self) -> str:
        vals = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"<{self.name} explorer: {vals}>"

    # ---- internals ------------------------------------------------------------------------------

    def _check(self, values: Mapping[str, Any]) -> None:
        for k, v in values.items():
            if k not in self._meta:
                raise ValueError(f"{self.name} explorer has no control {k!r}; controls: {', '.join(self.controls)}")
            w = self._meta[k].widget
            if isinstance(w, (W.FloatSlider, W.IntSlider)):
                if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or not math.isfinite(float(v)):
                    raise ValueError(f"{k} must be a number, got {v!r}")
                if not w.min <= v <= w.max:
                    raise ValueError(f"{k}={v} is outside the slider's range {w.min:g} to {w.max:g} "
                                     f"{self._meta[k].unit}".rstrip())
            elif hasattr(w, "options"):
                opts = [o[1] if isinstance(o, tuple) else o for o in w.options]
                if v not in opts:
                    raise ValueError(f"{k} must be one of {opts}, got {v!r}")

    def _apply(self, name: str) -> None:
        if name not in self.presets:
            raise ValueError(f"{self.name} explorer has no preset {name!r}; presets: {', '.join(self.presets)}")
        for k, v in self.presets[name].items():
            self.controls[k].value = v

    @contextmanager
    def _held(self) -> Iterator[None]:
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1
            if self._hold == 0 and self._dirty:
                self._refresh()

    def _on_change(self, _change: dict[str, Any]) -> None:
        if self._hold:
            self._dirty = True
        else:
            self._refresh()

    def _on_preset(self, change: dict[str, Any]) -> None:
        if self._syncing_preset or change["new"] is None:
            return
        self.apply_preset(change["new"])

    def _refresh(self) -> None:
        self._dirty = False
        values = self.values
        self.result = self._compute(values)
        self.view.update(self.result, values)
        # the figure first: it is what the learner watches, and its message then leaves first
        self.image.value = png_bytes(self.fig)
        self.readout.value = self._readout(self.result, values)
        if self._after_change is not None:
            self._after_change(self)
        self._sync_preset(values)
        self.update_count += 1

    def _sync_preset(self, values: Mapping[str, Any]) -> None:
        """Show the preset that matches what is on screen, or none after a manual change."""
        match = None
        for pname, pvals in self.presets.items():
            if all(_same(values[k], v) for k, v in pvals.items()):
                match = pname
                break
        dd = self.controls["preset"]
        if dd.value != match:
            self._syncing_preset = True
            try:
                dd.value = match
            finally:
                self._syncing_preset = False

    def _key_html(self) -> str:
        rows = []
        for c in self._meta.values():
            w = c.widget
            if isinstance(w, (W.FloatSlider, W.IntSlider)):
                rng = f"{w.min:g} to {w.max:g}"
            else:
                rng = " / ".join(str(o[0]) if isinstance(o, tuple) else str(o) for o in w.options)
            unit = html.escape(c.unit) if c.unit else "&ndash;"
            rows.append(f"<tr><td><b>{html.escape(c.label)}</b></td><td>{unit}</td><td>{html.escape(rng)}</td>"
                        f"<td>{html.escape(c.meaning)}</td></tr>")
        rows.append("<tr><td><b>Preset</b></td><td>&ndash;</td><td>the menu</td>"
                    "<td>sets several controls at once; Reset goes back to the start</td></tr>")
        return ("<details class='itband-key'><summary>Slider key (what each control means)</summary>"
                "<table style='font-size:0.95em;border-collapse:collapse'>"
                "<tr><th align='left'>control</th><th align='left'>unit</th><th align='left'>range</th>"
                f"<th align='left'>what it means</th></tr>{''.join(rows)}</table></details>")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    return a == b
