"""Explorers: one interactive widget per idea of the course, built on ``plots`` and the model.

Every factory returns an :class:`Explorer`::

    from itband_edu.widgets import band_explorer, stance_explorer, sharing_explorer
    ex = sharing_explorer()        # a cell ending in `ex` shows the widget
    ex.set(glute_med_strength=0.5, trunk_lean_deg=5)   # as a learner would; one redraw
    ex.apply_preset("weak gluteus medius"); ex.reset()
    ex.result                      # the model result for what is on screen (SI units)

How it stays fast and flicker-free: the figure is built once (under ``plt.ioff()`` when the ipympl
backend is active, so it is not shown twice), control changes move artists in place and ask for one
``draw_idle``; changing several controls at once (``set``, presets, reset) holds the redraw until all
are set. Without ipympl (the inline backend, plain Python, tests) the figure is an Agg canvas shown
through an ``ipywidgets.Image`` that is re-encoded after each change, so the explorer still works.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import ipywidgets as W
import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from . import plots, style
from .stance import StanceResult, single_leg_stance
from .tissue import BandStretchResult, band_stretch

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = ["Explorer", "Control", "band_explorer", "stance_explorer", "sharing_explorer"]

Result = StanceResult | BandStretchResult
CSS_CLASS = "itband-explorer"

# An Ober-type stretch takes the hip about 20 deg into adduction; the TFL + band unit lengthens by
# about its hip-abduction moment arm at 0 deg (5.32 cm, Rajagopal et al. 2016) x 0.35 rad = 18.6 mm.
CLINICAL_STRETCH_ADDUCTION_DEG = 20.0


def clinical_stretch_mm() -> float:
    """Stretch (mm) of the TFL + band unit in the explorer's "clinical stretch" preset."""
    from .parameters import default_parameters

    arm = default_parameters().muscle("tensor_fasciae_latae").moment_arm_neutral
    return arm * math.radians(CLINICAL_STRETCH_ADDUCTION_DEG) * 1000.0


class Control:
    """What the slider key says about one control: label, unit, meaning (range comes from the widget)."""

    def __init__(self, widget: W.ValueWidget, label: str, unit: str, meaning: str) -> None:
        self.widget, self.label, self.unit, self.meaning = widget, label, unit, meaning


def _slider(value: float, lo: float, hi: float, step: float, label: str, fmt: str = ".1f") -> W.FloatSlider:
    return W.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=label, readout_format=fmt,
        continuous_update=True, style={"description_width": "11em"}, layout=W.Layout(width="36em"),
    )


def _ipympl_active() -> bool:
    backend = str(mpl.get_backend()).lower()
    return "ipympl" in backend or backend in ("widget", "nbagg_widget")


class Explorer:
    """An explorer: controls + slider key + figure + readout, around one model function.

    Attributes (the contract the lessons use): ``widget`` (an ``ipywidgets.VBox`` with the CSS class
    ``itband-explorer``), ``controls`` (name -> widget, including ``"preset"``), ``presets``
    (name -> dict of control values), ``defaults``, ``result`` (model result for the current state),
    ``fig`` (the live Matplotlib figure), ``update_count`` (redraws so far). Methods: ``set``,
    ``apply_preset``, ``reset``, ``static_figure``, ``values``, ``describe``.
    """

    def __init__(
        self,
        *,
        name: str,
        title: str,
        controls: Mapping[str, Control],
        presets: Mapping[str, Mapping[str, Any]],
        compute: Callable[[dict[str, Any]], Result],
        make_view: Callable[[Figure], Any],
        readout: Callable[[Result, dict[str, Any]], str],
        after_change: Callable[[Explorer], None] | None = None,
    ) -> None:
        self.name = name
        self._meta = dict(controls)
        self._compute = compute
        self._make_view = make_view
        self._readout = readout
        self._after_change = after_change
        self.presets: dict[str, dict[str, Any]] = {k: dict(v) for k, v in presets.items()}
        self.defaults: dict[str, Any] = {k: c.widget.value for k, c in self._meta.items()}
        for pname, pvals in self.presets.items():
            unknown = set(pvals) - set(self.defaults)
            if unknown:
                raise ValueError(f"preset {pname!r} names unknown control(s) {sorted(unknown)}")
        self.update_count = 0
        self._hold = 0
        self._dirty = False
        self._syncing_preset = False

        preset = W.Dropdown(options=list(self.presets), value=None, description="Preset",
                            style={"description_width": "5em"}, layout=W.Layout(width="30em"))
        reset = W.Button(description="Reset", icon="undo", tooltip="back to the starting values",
                         layout=W.Layout(width="8em"))
        reset.on_click(lambda _b: self.reset())
        self.controls: dict[str, W.ValueWidget] = {k: c.widget for k, c in self._meta.items()}
        self.controls["preset"] = preset
        self.reset_button = reset

        with style.use_course_style():
            if _ipympl_active():
                import matplotlib.pyplot as plt

                with plt.ioff():
                    fig = plt.figure(figsize=style.FIGSIZE, FigureClass=plots.LayeredFigure)
                # pyplot's auto-draw hook would ask the browser for a redraw at every artist change
                # (about 40 messages per slider move); the explorer asks once itself
                fig.stale_callback = None
            else:
                fig = plots.new_agg_figure()
            self.view = make_view(fig)
        self.fig = fig
        self._image: W.Image | None = None
        if isinstance(fig.canvas, W.DOMWidget):  # ipympl
            canvas = fig.canvas
            canvas.header_visible = False
            canvas.footer_visible = False
            canvas.toolbar_visible = False
            canvas.resizable = False
            canvas.layout.width = f"{int(style.FIGSIZE[0] * fig.dpi)}px"
            canvas.layout.max_width = "100%"
            figure_box: W.Widget = canvas
        else:
            self._image = W.Image(format="png", layout=W.Layout(width=f"{int(style.FIGSIZE[0] * 100)}px",
                                                                max_width="100%"))
            figure_box = self._image

        self.readout = W.HTML(layout=W.Layout(margin="0.3em 0 0 0"))
        self.key = W.HTML(self._key_html())
        header = W.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(title)}</h3>")
        sliders = [c.widget for c in self._meta.values()]
        self.widget = W.VBox([header, W.HBox([preset, reset]), *sliders, self.key, figure_box, self.readout])
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

    def static_figure(self) -> Figure:
        """A new, non-interactive (Agg) figure of the default state, for pages that cannot run widgets."""
        with style.use_course_style():
            fig = plots.new_agg_figure()
            view = self._make_view(fig)
        defaults = dict(self.defaults)
        view.update(self._compute(defaults), defaults)
        return fig

    def describe(self) -> str:
        """The readout as plain text (also the text shown where widgets cannot be displayed)."""
        import re

        text = re.sub(r"<br\s*/?>|</tr>|</li>", "\n", self.readout.value)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        return "\n".join(line for line in lines if line)

    # ---- display --------------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata)
            bundle = bundle[0]
        bundle = dict(bundle or {})
        # a stable text for nbval and for front ends without widgets (no object ids)
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
        self.readout.value = self._readout(self.result, values)
        if self._after_change is not None:
            self._after_change(self)
        self._sync_preset(values)
        self._draw()
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

    def _draw(self) -> None:
        if self._image is None:
            self.fig.canvas.draw_idle()
            return
        # a PNG explorer's figure comes from plots.new_agg_figure, so its canvas is an Agg canvas
        canvas = cast("FigureCanvasAgg", self.fig.canvas)
        canvas.draw()
        self._image.value = _png(np.asarray(canvas.buffer_rgba()))

    def _key_html(self) -> str:
        rows = []
        for c in self._meta.values():
            w = c.widget
            if isinstance(w, (W.FloatSlider, W.IntSlider)):
                rng = f"{w.min:g} to {w.max:g}"
            else:
                rng = " / ".join(str(o) for o in w.options)
            unit = html.escape(c.unit) if c.unit else "&ndash;"
            rows.append(f"<tr><td><b>{html.escape(c.label)}</b></td><td>{unit}</td><td>{html.escape(rng)}</td>"
                        f"<td>{html.escape(c.meaning)}</td></tr>")
        return ("<details class='itband-key' open><summary>Slider key</summary>"
                "<table style='font-size:0.95em;border-collapse:collapse'>"
                "<tr><th align='left'>control</th><th align='left'>unit</th><th align='left'>range</th>"
                f"<th align='left'>what it means</th></tr>{''.join(rows)}</table></details>")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    return a == b


def _png(rgba: np.ndarray) -> bytes:
    """Fast PNG of an RGBA buffer (low compression: this runs after every control change)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def _readout_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td style='padding-right:1.2em'>{html.escape(k)}</td><td><b>{v}</b></td></tr>"
                    for k, v in rows)
    return f"<table class='itband-readout' style='font-size:1.15em'>{cells}</table>"


# --------------------------------------------------------------------------------------------------
# Lesson 01: seatbelt, not bungee
# --------------------------------------------------------------------------------------------------


def band_explorer() -> Explorer:
    """Stretch or pull the TFL + IT band unit; compare band, muscle and rubber strain (lesson 01).

    Controls: ``mode`` ("stretch" or "load"), ``stretch_mm`` (0-50 mm imposed on the unit, passed to
    :func:`itband_edu.band_stretch` as metres), ``load`` (0-2000 N), ``preset``.
    ``result`` is a :class:`~itband_edu.BandStretchResult`.
    """
    stance_load = float(single_leg_stance().itb_tension)  # healthy single-leg stance, about 180 N
    body_weight = 75.0 * _gravity()
    controls = {
        "mode": Control(W.ToggleButtons(options=["stretch", "load"], value="stretch", description="Impose a",
                                        style={"description_width": "11em"},
                                        tooltips=["lengthen the unit by a distance", "pull on the unit with a force"]),
                        "Impose a", "", "stretch: lengthen the unit; load: pull on it"),
        "stretch_mm": Control(_slider(round(clinical_stretch_mm(), 2), 0.0, 50.0, 0.5, "Stretch (mm)"),
                              "Stretch", "mm", "how far the TFL + band unit is lengthened"),
        "load": Control(_slider(round(stance_load, 1), 0.0, 2000.0, 10.0, "Load (N)", ".0f"),
                        "Load", "N", "pull on the unit (750 N is about a 75 kg body weight)"),
    }
    presets = {
        "relaxed": {"mode": "stretch", "stretch_mm": 0.0},
        "clinical stretch (Ober-type, ~20 deg adduction)": {"mode": "stretch",
                                                            "stretch_mm": round(clinical_stretch_mm(), 2)},
        "single-leg stance load": {"mode": "load", "load": round(stance_load, 1)},
        "body weight on the band (75 kg)": {"mode": "load", "load": round(body_weight, 1)},
    }

    def compute(v: dict[str, Any]) -> BandStretchResult:
        if v["mode"] == "stretch":
            return band_stretch(stretch=v["stretch_mm"] / 1000.0)
        return band_stretch(load=v["load"])

    def readout(r: Result, v: dict[str, Any]) -> str:
        assert isinstance(r, BandStretchResult)
        return _readout_table([
            ("IT band strain", f"{r.band_strain_percent:.3g} %"),
            ("relaxed TFL muscle strain", f"{r.muscle_strain_percent:.3g} %"),
            ("rubber band strain", f"{r.rubber_strain_percent:.3g} %"),
            ("band's share of the lengthening", f"{100 * r.band_share:.1f} %"),
            ("force in the unit", f"{float(r.load):.0f} N"),
        ])

    def after(ex: Explorer) -> None:
        stretch = ex.controls["mode"].value == "stretch"
        ex.controls["stretch_mm"].disabled = not stretch
        ex.controls["load"].disabled = stretch

    return Explorer(name="band", title="Seatbelt or bungee? Stretch or pull the TFL + IT band",
                    controls=controls, presets=presets, compute=compute, make_view=plots.BandFigure,
                    readout=readout, after_change=after)


# --------------------------------------------------------------------------------------------------
# Lessons 02 and 03: single-leg stance
# --------------------------------------------------------------------------------------------------


def _gravity() -> float:
    from .parameters import default_parameters

    return default_parameters().gravity


def _posture_controls() -> dict[str, Control]:
    return {
        "trunk_lean_deg": Control(_slider(0.0, -10.0, 20.0, 0.5, "Trunk lean (deg)"), "Trunk lean", "deg",
                                  "sideways lean toward the stance leg (negative: away from it)"),
        "pelvic_drop_deg": Control(_slider(0.0, -5.0, 15.0, 0.5, "Pelvic drop (deg)"), "Pelvic drop", "deg",
                                   "the swing-leg side of the pelvis drops (negative: hikes)"),
    }


def stance_explorer() -> Explorer:
    """Standing on the right leg: the pelvis as a lever (lesson 02).

    Controls: ``body_mass`` (40-150 kg), ``trunk_lean_deg`` (-10 to 20 deg), ``pelvic_drop_deg``
    (-5 to 15 deg), ``preset``. ``result`` is a :class:`~itband_edu.StanceResult` from
    :func:`itband_edu.single_leg_stance`.
    """
    controls = {
        "body_mass": Control(_slider(75.0, 40.0, 150.0, 1.0, "Body mass (kg)", ".0f"), "Body mass", "kg",
                             "the whole body"),
        **_posture_controls(),
    }
    presets = {
        "level pelvis": {"trunk_lean_deg": 0.0, "pelvic_drop_deg": 0.0},
        "trunk lean toward stance leg": {"trunk_lean_deg": 10.0, "pelvic_drop_deg": 0.0},
        "pelvic drop (Trendelenburg)": {"trunk_lean_deg": 0.0, "pelvic_drop_deg": 8.0},
    }

    def compute(v: dict[str, Any]) -> StanceResult:
        return single_leg_stance(body_mass=v["body_mass"], trunk_lean_deg=v["trunk_lean_deg"],
                                 pelvic_drop_deg=v["pelvic_drop_deg"])

    def readout(r: Result, v: dict[str, Any]) -> str:
        assert isinstance(r, StanceResult)
        bw = float(r.body_weight)
        rows = [
            ("hip-abduction moment needed", f"{float(r.required_moment):.1f} N m"),
            ("abductor force",
             f"{float(r.total_abductor_force) / bw:.2f} BW ({float(r.total_abductor_force):.0f} N)"),
            ("hip contact force",
             f"{float(r.hip_contact_force_bw):.2f} BW, {r.hip_contact_angle_deg:.1f}° from vertical"),
            ("IT band tension", f"{float(r.itb_tension):.0f} N"),
        ]
        if not bool(r.feasible):
            rows.append(("abductors", f"✗ at maximum, {float(r.moment_deficit):.1f} N m missing"))
        return _readout_table(rows)

    return Explorer(name="stance", title="Standing on one leg: the pelvis as a lever", controls=controls,
                    presets=presets, compute=compute, make_view=plots.StanceFigure, readout=readout)


@lru_cache(maxsize=1)
def _healthy_itb() -> float:
    """ITB tension (N) of the default healthy stance, the reference for "x healthy" (computed once)."""
    return float(single_leg_stance().itb_tension)


def sharing_explorer() -> Explorer:
    """Who pulls on the band: abductor force sharing with weak glutes, trunk lean, pelvic drop (lesson 03).

    Controls: ``glute_med_strength`` and ``glute_max_strength`` (0.1-1.5 x normal),
    ``trunk_lean_deg`` (-10 to 20 deg), ``pelvic_drop_deg`` (-5 to 15 deg), ``preset``. Body mass is
    75 kg. ``result`` is a :class:`~itband_edu.StanceResult`.
    """
    controls = {
        "glute_med_strength": Control(_slider(1.0, 0.1, 1.5, 0.05, "Glute med strength", ".2f"),
                                      "Glute med strength", "x normal", "gluteus medius maximum force, 1 = normal"),
        "glute_max_strength": Control(_slider(1.0, 0.1, 1.5, 0.05, "Glute max strength", ".2f"),
                                      "Glute max strength", "x normal",
                                      "upper gluteus maximus maximum force, 1 = normal"),
        **_posture_controls(),
    }
    base = {"glute_med_strength": 1.0, "glute_max_strength": 1.0, "trunk_lean_deg": 0.0, "pelvic_drop_deg": 0.0}
    presets = {
        "healthy": dict(base),
        "weak gluteus medius": {**base, "glute_med_strength": 0.5},
        "very weak gluteus medius": {**base, "glute_med_strength": 0.25},
        "weak glute med + trunk lean": {**base, "glute_med_strength": 0.5, "trunk_lean_deg": 10.0},
        "weak glute med + pelvic drop": {**base, "glute_med_strength": 0.5, "pelvic_drop_deg": 8.0},
    }

    def compute(v: dict[str, Any]) -> StanceResult:
        return single_leg_stance(75.0, glute_med_strength=v["glute_med_strength"],
                                 glute_max_strength=v["glute_max_strength"],
                                 trunk_lean_deg=v["trunk_lean_deg"], pelvic_drop_deg=v["pelvic_drop_deg"])

    def readout(r: Result, v: dict[str, Any]) -> str:
        assert isinstance(r, StanceResult)
        itb = float(r.itb_tension)
        i_tfl = r.muscle_names.index("tensor_fasciae_latae")
        if bool(r.feasible):
            used = float(r.required_moment) / float(r.abductor_capacity) if float(r.abductor_capacity) > 0 else 0.0
            can = f"✓ yes, using {100 * used:.0f} % of their capacity"
        else:
            can = (f"✗ no: {float(r.moment_deficit):.1f} N m missing "
                   "(the pelvis would drop or the trunk lean)")
        return _readout_table([
            ("IT band tension", f"{itb:.0f} N ({itb / _healthy_itb():.1f} × healthy)"),
            ("TFL force",
             f"{float(r.muscle_forces[i_tfl]):.0f} N, activation {100 * float(r.activations[i_tfl]):.0f} %"),
            ("can the abductors hold the pelvis?", can),
        ])

    return Explorer(name="sharing", title="Who pulls on the band? Weak glutes, trunk lean, pelvic drop",
                    controls=controls, presets=presets, compute=compute, make_view=plots.SharingFigure,
                    readout=readout)
