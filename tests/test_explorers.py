"""The explorers, driven as a learner would, without a kernel (Agg backend, dummy widget comm).

For every explorer: each control at its minimum, middle and maximum and every preset; no exception,
no NaN in the result, the rendered figure changes, exactly one redraw per call, reset restores the
defaults, and the static figure is a plain Agg figure of the default state.
"""

from __future__ import annotations

import dataclasses

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: no display, no ipympl

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import itband_edu as ie
from itband_edu.views import (Control, Explorer, band_explorer, cases_explorer, flexion_explorer, foot_explorer,
                               knee_explorer, plan_explorer, sensitivity_explorer, sharing_explorer, stance_explorer,
                               stride_explorer)
from itband_edu.views.band import clinical_stretch_mm
from itband_edu.views.figure import LayeredFigure
from view_helpers import fingerprint

FACTORIES = {"band": band_explorer, "stance": stance_explorer, "sharing": sharing_explorer,
             "flexion": flexion_explorer, "foot": foot_explorer, "knee": knee_explorer, "stride": stride_explorer,
             "plan": plan_explorer, "cases": cases_explorer, "sensitivity": sensitivity_explorer}

EXPECTED_CONTROLS = {
    "band": {"mode", "stretch_mm", "load", "preset"},
    "stance": {"body_mass", "trunk_lean_deg", "pelvic_drop_deg", "preset"},
    "sharing": {"glute_med_strength", "glute_max_strength", "trunk_lean_deg", "pelvic_drop_deg", "rule", "preset"},
    "flexion": {"hip_flexion_moment", "iliopsoas_strength", "glute_med_strength", "body_mass", "preset"},
    "foot": {"rearfoot_eversion_deg", "eversion_to_tibial_rotation", "tibial_to_hip_rotation", "tibial_to_hip_adduction",
             "preset"},
    "knee": {"knee_flexion_deg", "itb_tension", "tibial_rotation_deg", "activity", "preset"},
    "stride": {"stance_percent", "step_rate_change_percent", "knee_at_contact", "glute_med_strength", "trunk_lean_deg",
               "body_mass", "preset"},
    "plan": {"strength_gain_percent", "step_rate_change_percent", "trunk_lean_deg", "foot_wedge", "downhill_percent",
             "preset"},
    "cases": {"body_mass", "hip_abduction_torque", "pelvic_drop_deg", "trunk_lean_deg", "step_rate", "rearfoot_eversion_deg",
              "preset"},
    "sensitivity": {"assumption", "position", "preset"},
}
EXPECTED_RANGES = {
    "stretch_mm": (0.0, 50.0), "load": (0.0, 2000.0), "body_mass": (40.0, 150.0),
    "trunk_lean_deg": (-10.0, 20.0), "pelvic_drop_deg": (-5.0, 15.0),
    "glute_med_strength": (0.1, 1.5), "glute_max_strength": (0.1, 1.5),
    "hip_flexion_moment": (-100.0, 120.0), "iliopsoas_strength": (0.1, 1.5),
    "rearfoot_eversion_deg": (-10.0, 20.0), "eversion_to_tibial_rotation": (0.0, 1.5),
    "tibial_to_hip_rotation": (0.0, 1.0), "tibial_to_hip_adduction": (0.0, 1.0),
    "knee_flexion_deg": (0.0, 120.0), "itb_tension": (0.0, 600.0), "tibial_rotation_deg": (-10.0, 10.0),
    "step_rate_change_percent": (-10.0, 10.0), "position": (-1.0, 1.0),
}
#: Where an explorer's slider of the same name has its own range (the running stance's levers).
EXPECTED_RANGES_BY_KIND = {
    "stride": {"glute_med_strength": (0.3, 1.5), "body_mass": (40.0, 120.0), "stance_percent": (0, 100)},
    "plan": {"strength_gain_percent": (0.0, 51.4), "step_rate_change_percent": (0.0, 10.0), "trunk_lean_deg": (0.0, 10.0),
             "downhill_percent": (0.0, 50.0)},
    "cases": {"hip_abduction_torque": (3.0, 14.9), "pelvic_drop_deg": (0.0, 15.0), "trunk_lean_deg": (-15.0, 20.0),
              "step_rate": (157.0, 191.0), "rearfoot_eversion_deg": (0.0, 20.0)},
}


def assert_finite(result: object) -> None:
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        if isinstance(value, (tuple, str)):
            continue
        arr = np.asarray(value, dtype=float)
        assert np.all(np.isfinite(arr)), f"{field.name} = {value!r}"


def same(a: object, b: object) -> bool:
    """Two model results are equal field by field (results hold NumPy arrays, so == is ambiguous)."""
    if type(a) is not type(b):
        return False
    return all(np.array_equal(np.asarray(getattr(a, f.name)), np.asarray(getattr(b, f.name)))
               for f in dataclasses.fields(a))


def slider_names(ex: Explorer) -> list[str]:
    return [k for k, w in ex.controls.items() if isinstance(w, W.FloatSlider)]


def time_slider_names(ex: Explorer) -> list[str]:
    """Integer sliders: the stride explorer's instant in the stance (it moves the figure, never the
    model: its result stays the same object, so the generic "changes the result" tests skip it)."""
    return [k for k, w in ex.controls.items() if isinstance(w, W.IntSlider)]


def activating(name: str, kind: str) -> dict[str, object]:
    """Controls that must be set first for ``name`` to matter (the band explorer's mode; the foot
    explorer's couplings multiply an eversion, so the foot must be everted)."""
    if kind == "foot" and name != "rearfoot_eversion_deg":
        return {"rearfoot_eversion_deg": 8.0}
    if kind == "band" and name == "stretch_mm":
        return {"mode": "stretch"}
    if kind == "band" and name == "load":
        return {"mode": "load"}
    return {}


@pytest.fixture(params=list(FACTORIES))
def explorer(request: pytest.FixtureRequest) -> tuple[str, Explorer]:
    return request.param, FACTORIES[request.param]()


def test_contract_attributes(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    assert isinstance(ex.widget, W.VBox)
    assert "itband-explorer" in ex.widget._dom_classes
    assert set(ex.controls) == EXPECTED_CONTROLS[kind]
    assert isinstance(ex.controls["preset"], W.Dropdown)
    assert set(ex.controls["preset"].options) == set(ex.presets)
    assert isinstance(ex.fig, Figure)
    assert ex.update_count == 0
    assert_finite(ex.result)
    ranges = {**EXPECTED_RANGES, **EXPECTED_RANGES_BY_KIND.get(kind, {})}
    for name in [*slider_names(ex), *time_slider_names(ex)]:
        w = ex.controls[name]
        assert (w.min, w.max) == ranges[name], name
        assert w.continuous_update
    # every control is inside the box, as are the key, a figure and a readout
    children = _descendants(ex.widget)
    for name, w in ex.controls.items():
        assert w in children, name
    assert ex.readout in children and ex.key in children
    assert any(isinstance(c, W.Image) for c in children), "no figure in the widget (Agg fallback is an Image)"


def _descendants(w: W.Widget) -> list[W.Widget]:
    out = [w]
    for c in getattr(w, "children", ()):
        out += _descendants(c)
    return out


def test_slider_key_names_unit_and_range(explorer: tuple[str, Explorer]) -> None:
    _, ex = explorer
    key = ex.key.value
    for name, meta in ex._meta.items():
        w = meta.widget
        assert meta.label in key
        if isinstance(w, W.FloatSlider):
            assert f"{w.min:g} to {w.max:g}" in key, name
            assert meta.unit and meta.unit in key, name


def test_every_slider_min_mid_max(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    for name in slider_names(ex):
        ex.reset()
        ex.set(**activating(name, kind))
        w = ex.controls[name]
        for value in (w.min, (w.min + w.max) / 2, w.max):
            before_hash, before_count = fingerprint(ex.fig), ex.update_count
            before_result = ex.result
            ex.set(**{name: value})
            assert ex.update_count == before_count + 1, (name, value)
            assert ex.controls[name].value == pytest.approx(value)
            assert_finite(ex.result)
            if not same(before_result, ex.result):
                assert fingerprint(ex.fig) != before_hash, f"{kind}: {name}={value} changed the model, not the figure"
            readout = ex.readout.value
            assert "nan" not in readout.lower() and "inf" not in readout.lower()


def test_a_time_slider_changes_the_figure_not_the_result(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    for name in time_slider_names(ex):
        w = ex.controls[name]
        for value in (w.max, (w.min + w.max) // 2, w.min):
            before_hash, before_count, before_result = fingerprint(ex.fig), ex.update_count, ex.result
            w.value = value
            assert ex.update_count == before_count + 1, (name, value)
            assert ex.result is before_result, f"{kind}: {name} re-ran the model"
            assert fingerprint(ex.fig) != before_hash, f"{kind}: {name}={value} did not change the figure"
            assert "nan" not in ex.readout.value.lower()


def test_moving_a_slider_changes_result_and_figure(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    for name in slider_names(ex):
        ex.reset()
        ex.set(**activating(name, kind))
        w = ex.controls[name]
        start = ex.result
        h0 = fingerprint(ex.fig)
        target = w.max if w.value != w.max else w.min
        count = ex.update_count
        w.value = target  # what the front end does when the learner drags
        assert ex.update_count == count + 1
        assert not same(ex.result, start), f"{kind}: {name} did not change the result"
        assert fingerprint(ex.fig) != h0, f"{kind}: {name} did not change the figure"


def test_every_preset(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    assert len(ex.presets) >= 3
    for name, values in ex.presets.items():
        count = ex.update_count
        ex.apply_preset(name)
        assert ex.update_count == count + 1, name
        for k, v in values.items():
            assert ex.controls[k].value == pytest.approx(v) if not isinstance(v, str) else ex.controls[k].value == v
        assert ex.controls["preset"].value == name
        assert_finite(ex.result)
    # choosing in the dropdown, as a learner would, also redraws once
    ex.reset()
    other = [n for n in ex.presets if n != ex.controls["preset"].value][0]
    count = ex.update_count
    ex.controls["preset"].value = other
    assert ex.update_count == count + 1
    assert all(ex.controls[k].value == v for k, v in ex.presets[other].items())


def test_set_several_controls_redraws_once(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    names = slider_names(ex)
    values = {n: ex.controls[n].max for n in names}
    count = ex.update_count
    ex.set(**values)
    assert ex.update_count == count + 1
    ex.set()  # even an empty set is one redraw (the contract: one per call)
    assert ex.update_count == count + 2
    ex.set(**{names[0]: ex.controls[names[0]].value})  # unchanged value
    assert ex.update_count == count + 3


def test_manual_change_clears_the_preset_menu(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    assert ex.controls["preset"].value is not None  # defaults match a preset
    name, value = {"band": ("stretch_mm", 3.5), "flexion": ("hip_flexion_moment", 3.5),
                   "foot": ("rearfoot_eversion_deg", 3.5), "knee": ("knee_flexion_deg", 3.5),
                   "sensitivity": ("position", 0.5)}.get(kind, ("trunk_lean_deg", 3.5))
    ex.set(**{name: value})
    assert ex.controls["preset"].value is None


def test_reset_restores_defaults(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    default_result = ex.result
    default_hash = fingerprint(ex.fig)
    ex.set(**{n: ex.controls[n].max for n in slider_names(ex)})
    ex.apply_preset(list(ex.presets)[-1])
    assert not same(ex.result, default_result)
    count = ex.update_count
    ex.reset()
    assert ex.update_count == count + 1
    assert ex.values == ex.defaults
    assert same(ex.result, default_result)
    assert fingerprint(ex.fig) == default_hash
    # the Reset button does the same
    ex.set(**{slider_names(ex)[0]: ex.controls[slider_names(ex)[0]].max})
    ex.reset_button.click()
    assert ex.values == ex.defaults


def test_bad_set_calls_raise_clear_errors(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    name = slider_names(ex)[0]
    count = ex.update_count
    with pytest.raises(ValueError, match="no control"):
        ex.set(not_a_control=1)
    with pytest.raises(ValueError, match="outside the slider's range"):
        ex.set(**{name: ex.controls[name].max + 1})
    with pytest.raises(ValueError, match="must be a number"):
        ex.set(**{name: "fast"})
    with pytest.raises(ValueError, match="no preset"):
        ex.apply_preset("not a preset")
    assert ex.update_count == count


def test_static_figure_is_agg_default_state(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    ex.set(**{n: ex.controls[n].max for n in slider_names(ex)})
    fig = ex.static_figure()
    assert isinstance(fig, Figure) and fig is not ex.fig
    assert type(fig.canvas) is FigureCanvasAgg
    png = fig._repr_png_()
    assert png.startswith(b"\x89PNG")
    ex.reset()
    assert fingerprint(fig) == fingerprint(ex.fig), "static figure differs from the explorer's default state"


def test_figure_is_a_png_image_updated_on_change(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    image = ex.image
    assert isinstance(image, W.Image) and bytes(image.value).startswith(b"\x89PNG")
    before = bytes(image.value)
    name = slider_names(ex)[0]
    ex.set(**activating(name, kind))
    ex.set(**{name: ex.controls[name].max})
    assert bytes(image.value) != before


def test_mimebundle_has_widget_png_of_current_state_and_stable_text(explorer: tuple[str, Explorer]) -> None:
    """Front ends with widgets show the live explorer; static pages show the PNG of what it shows."""
    import base64
    import io

    from PIL import Image

    kind, ex = explorer
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png == bytes(ex.image.value)
    with Image.open(io.BytesIO(png)) as img:
        assert img.size == (round(ex.fig.get_figwidth() * ex.fig.dpi), round(ex.fig.get_figheight() * ex.fig.dpi))
        pixels = np.asarray(img.convert("RGB"))
    ex.fig.canvas.draw()
    assert np.array_equal(pixels, np.asarray(ex.fig.canvas.buffer_rgba())[..., :3])
    name = slider_names(ex)[-1]
    ex.set(**activating(name, kind))
    ex.set(**{name: ex.controls[name].min})
    assert base64.b64decode(ex._repr_mimebundle_()["image/png"]) == bytes(ex.image.value) != png
    ex.reset()
    text = bundle["text/plain"]
    assert text.startswith(f"{kind} explorer")
    assert "0x" not in text and "VBox" not in text
    assert text == FACTORIES[kind]()._repr_mimebundle_()["text/plain"]


# ---- explorer-specific behaviour ------------------------------------------------------------------


def test_band_explorer_passes_metres_and_matches_the_model() -> None:
    ex = band_explorer()
    ex.set(mode="stretch", stretch_mm=20.0)
    assert same(ex.result, ie.band_stretch(stretch=0.020))
    assert float(ex.result.stretch) == pytest.approx(0.020)
    assert ex.controls["load"].disabled and not ex.controls["stretch_mm"].disabled
    ex.set(mode="load", load=500.0)
    assert same(ex.result, ie.band_stretch(load=500.0))
    assert ex.controls["stretch_mm"].disabled and not ex.controls["load"].disabled
    # the bars show the strains: the rubber bar is far longer than the band bar
    widths = [b.get_width() for b in ex.view.strain.bars]
    assert widths[2] > 30 * widths[0]


def test_band_presets_values() -> None:
    ex = band_explorer()
    p = ex.presets
    clinical = p["clinical stretch (Ober-type, ~20 deg adduction)"]
    # hand calculation: the path lengthens by the integral of the TFL's moment arm over 0-20 deg of
    # adduction; the arm is the parabola through 6.17 / 5.32 / 4.43 cm at -10 / 0 / +10 deg
    # (data/muscles.csv), integrated numerically here: about 15.4 mm (not 5.32 cm x 0.349 = 18.6 mm)
    h = np.radians(10.0)
    x = np.linspace(0.0, np.radians(20.0), 20001)
    arm = (6.17 * x * (x - h) / (2 * h * h) + 5.32 * (h * h - x * x) / (h * h) + 4.43 * x * (x + h) / (2 * h * h)) * 10
    assert clinical["stretch_mm"] == pytest.approx(float(np.sum((arm[1:] + arm[:-1]) / 2 * np.diff(x))), abs=0.01)
    assert clinical["stretch_mm"] == pytest.approx(clinical_stretch_mm(), abs=0.01)
    stance = p["single-leg stance load"]
    assert stance["mode"] == "load"
    assert stance["load"] == pytest.approx(float(ie.single_leg_stance().itb_tension), abs=0.1)
    assert 150 < stance["load"] < 220
    assert p["body weight on the band (75 kg)"]["load"] == pytest.approx(736, abs=1)
    assert p["relaxed"]["stretch_mm"] == 0.0
    ex.apply_preset("relaxed")
    assert "0 %" in [t.get_text() for t in ex.view.strain.labels]


def test_stance_explorer_matches_model_and_draws_lever() -> None:
    ex = stance_explorer()
    ex.set(body_mass=90, trunk_lean_deg=5, pelvic_drop_deg=4)
    ref = ie.single_leg_stance(body_mass=90, trunk_lean_deg=5, pelvic_drop_deg=4)
    assert same(ex.result, ref)
    stick = ex.view.stick
    x, _ = stick.lever_dim.get_data()
    assert x[1] - x[0] == pytest.approx(float(ref.weight_lever))
    bars = [b.get_width() for b in ex.view.bars.bars]
    assert bars == pytest.approx([ref.supported_weight / ref.body_weight, ref.total_abductor_force / ref.body_weight,
                                  ref.hip_contact_force_bw])
    readout = ex.readout.value
    assert f"{ref.required_moment:.1f} N m" in readout
    assert f"{ref.hip_contact_force_bw:.2f} BW" in readout
    assert f"{ref.hip_contact_angle_deg:.1f}°" in readout
    assert f"{ref.itb_tension:.0f} N" in readout
    # trunk lean toward the stance leg shortens the lever and lowers the forces
    ex.apply_preset("trunk lean toward stance leg")
    lean = ex.result
    ex.apply_preset("level pelvis")
    assert lean.required_moment < ex.result.required_moment


def test_sharing_explorer_bars_are_the_model_forces() -> None:
    ex = sharing_explorer()
    ex.apply_preset("weak gluteus medius")
    ref = ie.single_leg_stance(75.0, glute_med_strength=0.5)
    assert same(ex.result, ref)
    heights = [b.get_height() for b in ex.view.bars.bars]
    expected = [ref.force_of(p) for p in ("gluteus_medius", "gluteus_minimus", "tensor_fasciae_latae",
                                          "gluteus_maximus")]
    assert heights == pytest.approx(expected)
    outlines = [b.get_height() for b in ex.view.bars.outline]
    assert outlines[0] == pytest.approx(0.5 * 2730, rel=0.02)
    assert all(h <= o + 1e-6 for h, o in zip(heights, outlines))
    healthy = float(ie.single_leg_stance().itb_tension)
    assert f"{ref.itb_tension / healthy:.1f} × healthy" in ex.readout.value
    # weaker gluteus medius -> more TFL force -> more band tension, and a darker, thicker band
    ex.apply_preset("healthy")
    lw_healthy, col_healthy = ex.view.stick.band.get_linewidth(), ex.view.stick.band.get_color()
    ex.apply_preset("very weak gluteus medius")
    assert ex.result.itb_tension > 2 * healthy
    assert ex.view.stick.band.get_linewidth() > lw_healthy
    assert sum(matplotlib.colors.to_rgb(ex.view.stick.band.get_color())) < sum(matplotlib.colors.to_rgb(col_healthy))


def test_sharing_rule_menu_changes_the_criterion() -> None:
    """The rule menu passes its exponent to the model; "x healthy" compares with healthy under the same rule."""
    ex = sharing_explorer()
    ex.set(glute_med_strength=0.5, rule=3.0)
    cubed = ie.single_leg_stance(75.0, 0.5, activation_exponent=3.0)
    assert ex.result.itb_tension == pytest.approx(float(cubed.itb_tension), rel=1e-12)
    ratio = float(cubed.itb_tension / ie.single_leg_stance(75.0, activation_exponent=3.0).itb_tension)
    assert f"{ratio:.1f} × healthy" in ex.readout.value
    assert "cubed" in ex.key.value and "(3.0" not in ex.key.value  # the key shows the labels
    with pytest.raises(ValueError, match="rule must be one of"):
        ex.set(rule=4.0)


def test_sharing_explorer_reports_infeasible_states() -> None:
    ex = sharing_explorer()
    ex.set(glute_med_strength=0.1, glute_max_strength=0.1, pelvic_drop_deg=15, trunk_lean_deg=-10)
    assert_finite(ex.result)
    if not ex.result.feasible:
        assert "✗" in ex.readout.value and "missing" in ex.readout.value
        assert ex.view.warning.get_text()
    else:  # pragma: no cover - depends on the parameter files
        assert "✓" in ex.readout.value



def test_figures_are_not_registered_with_pyplot() -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    ex = stance_explorer()
    ex.static_figure()
    assert plt.get_fignums() == before
    assert isinstance(ex.fig, LayeredFigure)


def test_layout_controls_beside_the_figure_readout_under_them_key_collapsed(explorer: tuple[str, Explorer]) -> None:
    """The projector layout: [title] / [controls column + readout | figure] / [slider key, closed]."""
    kind, ex = explorer
    header, row, key = ex.widget.children
    assert isinstance(row, W.HBox) and row.children[1] is ex.image
    column = row.children[0]
    assert isinstance(column, W.VBox)
    sliders = [w for w in column.children if isinstance(w, W.FloatSlider)]
    assert sliders and sliders == [w for w in ex.controls.values() if isinstance(w, W.FloatSlider)]
    assert column.children[-1] is ex.readout
    assert key is ex.key and "<details" in key.value and "<details class='itband-key' open" not in key.value
    for control in ex._meta.values():
        assert control.label in key.value


def test_under_ipympl_the_explorer_still_sends_a_png() -> None:
    """A learner who types ``%matplotlib widget`` gets the same explorer: an Image, no ipympl canvas,
    no pyplot figure. Run in a fresh interpreter: the backend is chosen once per process."""
    import subprocess
    import sys

    pytest.importorskip("ipympl")
    code = """
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import matplotlib.pyplot as plt
plt.ion()  # as in a notebook after %matplotlib widget
import ipywidgets as W
from itband_edu.views import sharing_explorer
ex = sharing_explorer()
assert not any(isinstance(w, W.DOMWidget) and type(w).__module__.startswith("ipympl")
               for w in ex.widget.children[1].children), ex.widget.children
before = bytes(ex.image.value)
ex.set(glute_med_strength=0.5, trunk_lean_deg=5)
assert bytes(ex.image.value) != before
print(len(plt.get_fignums()))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "MPLBACKEND": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "0"


def test_kept_puts_the_explorer_back(explorer: tuple[str, Explorer]) -> None:
    kind, ex = explorer
    name = slider_names(ex)[-1]
    ex.set(**activating(name, kind))
    ex.set(**{name: ex.controls[name].min})
    before, image = ex.values, bytes(ex.image.value)
    with ex.kept():
        ex.apply_preset(list(ex.presets)[-1])
        assert ex.values != before
    assert ex.values == before and bytes(ex.image.value) == image
    count = ex.update_count
    with ex.kept():
        pass
    assert ex.update_count == count  # nothing changed, nothing redrawn


def test_band_explorer_flags_strains_beyond_tendon_working_range() -> None:
    """Beyond about 5 % (Maganaris & Paul 2002, data/tissue.csv) the readout says so: with the distal
    band 1.95 mm x 23 mm at 219.4 MPa that is a pull above 0.05 x 219.4e6 x 44.85e-6 = 492 N."""
    ex = band_explorer()
    ex.set(mode="load", load=480.0)
    assert "beyond" not in ex.readout.value and not ex.result.beyond_working_range
    ex.set(load=510.0)
    assert ex.result.beyond_working_range and "beyond what tendon-like tissue works at" in ex.readout.value
    assert f"{ex.result.band_peak_strain_percent:.1f} %" in ex.readout.value


def test_every_default_and_preset_is_a_value_its_slider_can_show(explorer: tuple[str, Explorer]) -> None:
    """A browser slider snaps its value to min + k x step and sends that back to the kernel: an off-grid
    preset would show other numbers in the browser than the lesson asserts (740 N for 735.5 N) and clear
    the preset menu. Every starting and preset value must be exactly a grid value (as the browser
    rounds it)."""
    kind, ex = explorer
    for name, w in ex.controls.items():
        if not isinstance(w, W.FloatSlider):
            continue
        values = {"start": ex.defaults[name], **{p: v[name] for p, v in ex.presets.items() if name in v}}
        for what, v in values.items():
            k = round((v - w.min) / w.step)
            snapped = float(f"{w.min + k * w.step:.10g}")  # what the browser shows and sends back
            assert v == snapped, f"{kind}: {name} of {what!r} is {v!r}, the slider shows {snapped!r} (step {w.step})"


def test_an_explorer_refuses_a_preset_its_slider_cannot_show() -> None:
    def make(step: float, preset_value: float) -> Explorer:
        return Explorer(name="grid", title="grid", controls={"x": Control(W.FloatSlider(value=0.0, min=0.0, max=10.0,
                                                                                            step=step), "x", "N", "x")},
                        presets={"p": {"x": preset_value}}, compute=lambda v: v["x"],
                        make_view=lambda fig: type("V", (), {"update": lambda self, r, v: None})(),
                        readout=lambda r, v: f"{r}")
    assert make(0.1, 7.3).presets["p"]["x"] == 7.3
    assert make(0.1, 0.1 + 0.2).presets["p"]["x"] == 0.3          # float noise is rounded away, as the browser would
    with pytest.raises(ValueError, match=r"preset 'p': x=7\.35 is not on the slider's grid"):
        make(0.1, 7.35)
