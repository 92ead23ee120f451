"""The figure style and the explorers' drawing pieces (Agg, no kernel)."""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import itband_edu as ie
from itband_edu.views import style
from itband_edu.views.band import BandFigure, StrainBars, StretchShareBars
from itband_edu.views.bars import MuscleForceBars
from itband_edu.views.figure import new_agg_figure
from itband_edu.views.sharing import SharingFigure
from itband_edu.views.stance import StanceFigure
from itband_edu.views.stick import ARROW_M_PER_BW, StickFigure


def render(fig: Figure) -> str:
    fig.canvas.draw()
    return hashlib.sha1(bytes(fig.canvas.buffer_rgba())).hexdigest()


# ---- style ----------------------------------------------------------------------------------------


def test_importing_the_views_does_not_touch_rcparams() -> None:
    code = (
        "import matplotlib as mpl; mpl.use('Agg'); before = dict(mpl.rcParams)\n"
        "import itband_edu.views, itband_edu.views.style, itband_edu.quiz\n"
        "after = dict(mpl.rcParams)\n"
        "changed = sorted(k for k in before if str(before[k]) != str(after[k]))\n"
        "assert not changed, changed\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


def test_use_course_style_as_context_and_as_call() -> None:
    base = mpl.rcParams["font.size"]
    with style.use_course_style():
        assert mpl.rcParams["font.size"] == style.BASE_FONT_SIZE >= 14
        assert mpl.rcParams["lines.linewidth"] >= 2.5
        assert tuple(mpl.rcParams["figure.figsize"]) == style.FIGSIZE
    assert mpl.rcParams["font.size"] == base
    saved = dict(mpl.rcParams)
    try:
        handle = style.use_course_style()  # a bare call applies it for good
        assert mpl.rcParams["font.size"] == style.BASE_FONT_SIZE
        assert repr(handle) == "course figure style on"
    finally:
        mpl.rcParams.update(saved)


def test_palette_is_okabe_ito_and_muscles_differ_without_colour() -> None:
    assert set(style.PALETTE) == set(style.OKABE_ITO.values())
    assert style.OKABE_ITO["vermillion"] == "#D55E00" and style.OKABE_ITO["bluish_green"] == "#009E73"
    keys = ["gluteus_medius", "gluteus_minimus", "tensor_fasciae_latae", "gluteus_maximus_upper", "itb"]
    colours = [style.MUSCLE_COLOURS[k] for k in keys]
    assert len(set(colours)) == len(colours)
    assert all(c in style.OKABE_ITO.values() for c in colours)
    hatches = [style.MUSCLE_HATCHES[k] for k in keys]
    assert len(set(hatches)) == len(hatches)
    # the line cycle varies markers and line styles together with colours
    with style.use_course_style():
        cyc = list(mpl.rcParams["axes.prop_cycle"])
    assert len({c["marker"] for c in cyc}) == len(cyc)


def test_tension_colour_map_darkens_with_tension() -> None:
    cmap = style.tension_cmap()
    lum = [sum(cmap(x)[:3]) for x in np.linspace(0, 1, 11)]
    assert all(a > b for a, b in zip(lum, lum[1:]))
    assert lum[0] < 2.9  # a slack band is still visible on white


# ---- helpers --------------------------------------------------------------------------------------


def new_axes() -> tuple[Figure, mpl.axes.Axes]:
    fig = new_agg_figure()
    return fig, fig.add_axes((0.05, 0.05, 0.9, 0.9))


def test_stick_figure_follows_the_posture_and_the_model() -> None:
    fig, ax = new_axes()
    stick = StickFigure(ax, arrows=True)
    level = ie.single_leg_stance()
    stick.update(level, trunk_lean_deg=0, pelvic_drop_deg=0)
    xs, ys = stick.hips.get_data()
    assert ys[1] == pytest.approx(0.0)
    drop = ie.single_leg_stance(pelvic_drop_deg=10)
    stick.update(drop, trunk_lean_deg=0, pelvic_drop_deg=10)
    xs, ys = stick.hips.get_data()
    d = ie.default_parameters().inter_hip_distance
    assert ys[1] == pytest.approx(-d * math.sin(math.radians(10)))  # the swing side drops
    assert ys[0] == 0.0  # about the stance hip
    # lever arm drawn = the model's; the arrows are in body weights
    x, _ = stick.lever_dim.get_data()
    assert x[1] - x[0] == pytest.approx(drop.weight_lever)
    w_len = np.ptp(stick.weight_arrow.get_xy()[:, 1])
    assert w_len == pytest.approx(drop.supported_weight / drop.body_weight * ARROW_M_PER_BW)
    h_len = np.ptp(stick.contact_arrow.get_xy()[:, 1])
    assert h_len > 2.5 * w_len  # the hip is loaded by far more than the weight it carries
    assert stick.weight_text.get_label() == "W′" and stick.contact_text.get_label() == "hip contact"
    assert stick.weight_text.get_xdata()[0] > drop.weight_lever  # the W' label sits beside its arrow
    assert f"{drop.itb_tension:.0f} N" in stick.band_text.get_text()


def test_stick_figure_trunk_leans_toward_the_stance_side() -> None:
    fig, ax = new_axes()
    stick = StickFigure(ax, arrows=False)
    r = ie.single_leg_stance()
    stick.update(r, trunk_lean_deg=0, pelvic_drop_deg=0)
    head_upright = stick.head.center[0]
    stick.update(r, trunk_lean_deg=15, pelvic_drop_deg=0)
    assert stick.head.center[0] < head_upright - 0.05  # stance side is the viewer's left (x < 0)


def test_muscle_bars_heights_outline_and_labels() -> None:
    fig, ax = new_axes()
    bars = MuscleForceBars(ax)
    r = ie.single_leg_stance(glute_med_strength=0.5, glute_max_strength=1.2)
    bars.update(r, {"glute_med_strength": 0.5, "glute_max_strength": 1.2})
    heights = [b.get_height() for b in bars.bars]
    assert heights[2] == pytest.approx(r.force_of("tensor_fasciae_latae"))
    outline = [b.get_height() for b in bars.outline]
    p = ie.default_parameters()
    gmax = p.muscle("gluteus_maximus_1").max_isometric_force
    assert outline[3] == pytest.approx(1.2 * gmax)
    assert outline[2] == pytest.approx(p.muscle("tensor_fasciae_latae").max_isometric_force)
    assert bars.labels[2].get_text().startswith(f"{r.force_of('tensor_fasciae_latae'):.0f} N")
    assert [b.get_hatch() for b in bars.bars][2] == style.MUSCLE_HATCHES["tensor_fasciae_latae"]


def test_strain_bars_log_axis_and_zero() -> None:
    fig, ax = new_axes()
    bars = StrainBars(ax)
    assert ax.get_xscale() == "log"
    bars.update(ie.band_stretch(stretch=0.0))
    assert [t.get_text() for t in bars.labels] == ["0 %"] * 3
    assert all(b.get_width() == 0 for b in bars.bars)
    r = ie.band_stretch(load=736.0)
    bars.update(r)
    right_edges = [b.get_x() + b.get_width() for b in bars.bars]
    assert right_edges == pytest.approx([r.band_strain_percent, r.muscle_strain_percent, r.rubber_strain_percent])
    assert bars.labels[2].get_text() == f"{r.rubber_strain_percent:,.0f} %"


def test_share_bars_add_to_100() -> None:
    fig, ax = new_axes()
    share = StretchShareBars(ax)
    r = ie.band_stretch(stretch=0.02)
    share.update(r)
    for i, s in enumerate((r.band_share, r.rubber_share)):
        assert share.stiff[i].get_width() == pytest.approx(100 * s)
        assert share.stiff[i].get_width() + share.muscle[i].get_width() == pytest.approx(100)


# ---- the layered (cached) figure ------------------------------------------------------------------


@pytest.mark.parametrize("view_cls, result, values", [
    (SharingFigure, ie.single_leg_stance(75.0, 0.3, pelvic_drop_deg=6),
     {"glute_med_strength": 0.3, "glute_max_strength": 1.0, "trunk_lean_deg": 0.0, "pelvic_drop_deg": 6.0}),
    (StanceFigure, ie.single_leg_stance(120.0, trunk_lean_deg=12), {"trunk_lean_deg": 12.0, "pelvic_drop_deg": 0.0}),
    (BandFigure, ie.band_stretch(load=900.0), {"mode": "load"}),
])
def test_fast_redraw_is_pixel_identical_to_a_fresh_figure(view_cls, result, values) -> None:  # noqa: ANN001
    """The cached static layer must never leave stale pixels behind."""
    with style.use_course_style():
        fig_a = new_agg_figure()
        view_a = view_cls(fig_a)
        fig_b = new_agg_figure()
        view_b = view_cls(fig_b)
    if view_cls is BandFigure:
        first, first_values = ie.band_stretch(stretch=0.03), {"mode": "stretch"}
    else:
        first, first_values = ie.single_leg_stance(), {}
    view_a.update(first, first_values)
    render(fig_a)  # full draw, caches the static layer
    view_a.update(result, values)
    fast = render(fig_a)  # fast path
    assert fig_a._background is not None
    view_b.update(result, values)
    assert fast == render(fig_b)


def test_static_change_invalidates_the_cache() -> None:
    fig = new_agg_figure()
    view = SharingFigure(fig)
    view.update(ie.single_leg_stance(), {})
    h0 = render(fig)
    view.bars.ax.set_ylim(0, 2000)  # a change to a static part
    assert render(fig) != h0


def test_savefig_and_repr_png_draw_everything(tmp_path) -> None:  # noqa: ANN001
    fig = new_agg_figure()
    view = StanceFigure(fig)
    view.update(ie.single_leg_stance(), {})
    path = tmp_path / "stance.png"
    fig.savefig(path, dpi=80)
    assert path.stat().st_size > 10_000
    assert fig._repr_png_().startswith(b"\x89PNG")
    assert type(fig.canvas) is FigureCanvasAgg


def test_helpers_work_on_a_plain_figure() -> None:
    """The helpers are plain Matplotlib: on an ordinary Figure everything is drawn every time."""
    fig = Figure(figsize=(4, 4))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    stick = StickFigure(ax)
    stick.update(ie.single_leg_stance(), trunk_lean_deg=0, pelvic_drop_deg=0)
    h0 = render(fig)
    stick.update(ie.single_leg_stance(glute_med_strength=0.3), trunk_lean_deg=0, pelvic_drop_deg=0)
    assert render(fig) != h0


def test_course_style_cycle_does_not_leak_into_drawings() -> None:
    """The style's marker/markevery cycle must not hide single-point markers (COM, labels)."""
    with style.use_course_style():
        fig = new_agg_figure()
        view = StanceFigure(fig)
    view.update(ie.single_leg_stance(), {})
    stick = view.stick
    for line in (stick.com, stick.weight_text, stick.abductor_text, stick.contact_text, stick.lever_text):
        assert line.get_markevery() is None, line.get_label()
    assert stick.body.get_marker() in ("none", "None", None) and stick.body.get_linestyle() == "-"
    # the W' label really is painted: dark pixels right of the centre-of-mass marker
    fig.canvas.draw()
    x, y = stick.weight_text.get_xydata()[0]
    px, py = stick.ax.transData.transform((x, y))
    buf = np.asarray(fig.canvas.buffer_rgba())
    h = buf.shape[0]
    patch = buf[int(h - py) - 8:int(h - py) + 8, int(px):int(px) + 20, :3]
    assert (patch < 100).any()


def test_encode_png_round_trips_exactly() -> None:
    """The explorers' own PNG writer: a decoder reads back exactly the pixels it was given."""
    import io

    from PIL import Image

    from itband_edu.views.figure import encode_png

    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    with Image.open(io.BytesIO(encode_png(rgba))) as img:
        assert img.mode == "RGBA" and img.size == (53, 37)
        assert np.array_equal(np.asarray(img), rgba)


# ---- PathLabel: changing labels drawn as one path -------------------------------------------------


def _label_axes() -> tuple[Figure, mpl.axes.Axes]:
    fig = Figure(figsize=(5, 2), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    return fig, ax


def _ink_box(fig: Figure) -> tuple[int, int, int, int]:
    """(x0, x1, y0, y1) in pixels of everything darker than light grey."""
    fig.canvas.draw()
    grey = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].min(axis=2)
    ys, xs = np.nonzero(grey < 200)
    return int(xs.min()), int(xs.max()), int(ys.min()), int(ys.max())


def test_path_label_text_round_trips_and_moves() -> None:
    from itband_edu.views.labels import PathLabel, path_label

    fig, ax = _label_axes()
    label = path_label(ax, 0.2, 0.3, "935 N\n34 %", ha="center", va="bottom", fontsize=10)
    assert isinstance(label, PathLabel) and label in ax.get_children()
    assert label.get_text() == "935 N\n34 %"
    label.set_text("0.11 % × ′ ✗ ✓ ° −")
    assert label.get_text() == "0.11 % × ′ ✗ ✓ ° −"
    label.set_text(None)
    assert label.get_text() == ""
    fig.canvas.draw()  # an empty label draws nothing, without error
    label.set_position((0.5, 0.6))
    assert label.get_position() == (0.5, 0.6)
    label.set_x(0.7)
    label.set_y(0.1)
    assert label.get_position() == (0.7, 0.1)
    assert ax.get_xlim() == (0, 1) and ax.dataLim.bounds == mpl.transforms.Bbox.null().bounds  # no data
    with pytest.raises(ValueError):
        label.set_horizontalalignment("middle")


def test_path_label_multiline_and_alignment_move_the_extent() -> None:
    from itband_edu.views.labels import path_label

    fig, ax = _label_axes()
    r = fig.canvas.get_renderer()
    label = path_label(ax, 0.5, 0.5, "IT band 182 N", fontsize=11)
    one = label.get_window_extent(r)
    label.set_text("IT band\n182 N")
    two = label.get_window_extent(r)
    assert two.width < one.width
    ref = ax.text(0.5, 0.5, "IT band\n182 N", fontsize=11)
    with mpl.rc_context(style.DRAW_RC):  # unhinted metrics, as the explorers draw text
        assert two.height == pytest.approx(ref.get_window_extent(r).height, abs=0.1)
    ref.remove()
    size_px = 11 * fig.dpi / 72
    label.set_text("T")
    cap = _ink_box(fig)
    label.set_text("T\nT")
    twice = _ink_box(fig)
    assert cap[2] - twice[2] == pytest.approx(1.2 * size_px, abs=1)  # baseline to baseline: 1.2 x the size
    label.set_text("IT band\n182 N")
    extents = {}
    for ha in ("left", "center", "right"):
        label.set_horizontalalignment(ha)
        assert label.get_horizontalalignment() == ha
        extents[ha] = label.get_window_extent(r)
    x = ax.transData.transform((0.5, 0.5))[0]
    assert extents["left"].x0 == pytest.approx(x)
    assert extents["center"].x0 == pytest.approx(x - two.width / 2)
    assert extents["right"].x1 == pytest.approx(x)
    # and the pixels move with it
    label.set_horizontalalignment("left")
    left = _ink_box(fig)
    label.set_horizontalalignment("right")
    right = _ink_box(fig)
    assert left[0] - right[0] == pytest.approx(two.width, abs=2)
    label.set_verticalalignment("top")
    top = _ink_box(fig)
    label.set_verticalalignment("bottom")
    bottom = _ink_box(fig)
    assert top[2] - bottom[2] == pytest.approx(two.height, abs=2)  # image rows grow downwards


def test_unchanged_path_label_does_not_mark_the_figure_stale() -> None:
    from itband_edu.views.labels import path_label
    from itband_edu.views.figure import declare_dynamic

    fig = new_agg_figure()
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    label = path_label(ax, 0.5, 0.5, "band 2.7 %", va="center")
    caption = path_label(fig, 0.01, 0.01, "Stretch 18.6 mm", va="bottom")
    declare_dynamic(fig, [label, caption])
    fig.canvas.draw()
    assert not fig.stale
    for artist in (label, caption):
        artist.set_text(artist.get_text())
        artist.set_position(artist.get_position())
        artist.set_horizontalalignment(artist.get_horizontalalignment())
        artist.set_halo(artist.get_halo())
        assert not fig.stale
    label.set_text("band 2.8 %")
    assert fig.stale
    fig.canvas.draw()
    caption.set_halo(True)
    assert fig.stale


@pytest.mark.parametrize("text, ha, va, weight", [
    ("935 N\n34 %", "center", "bottom", "normal"),
    ("Stretch 18.6 mm: band +0.49 mm, muscle +18.1 mm", "left", "bottom", "normal"),
    ("= 589 N × 9.6 cm = 56.3 N m", "left", "center", "normal"),
    ("✗ abductors at their maximum: 12 N m missing\n  (in life the pelvis would drop)", "left", "top", "bold"),
    ("IT band 182 N", "right", "center", "normal"),
    ("2,230 % −3° ′ ✓ To", "right", "baseline", "normal"),
])
def test_path_label_looks_like_text(text: str, ha: str, va: str, weight: str) -> None:
    """Same ink, in the same place, as a regular Text of the same string (within a few %)."""
    from itband_edu.views.labels import path_label

    fig_t, ax_t = _label_axes()
    ref = ax_t.text(0.5, 0.5, text, ha=ha, va=va, fontsize=11, weight=weight)
    fig_p, ax_p = _label_axes()
    label = path_label(ax_p, 0.5, 0.5, text, ha=ha, va=va, fontsize=11, weight=weight)
    with mpl.rc_context(style.DRAW_RC):  # unhinted, as the explorers draw text
        ink_t, ink_p = _ink_box(fig_t), _ink_box(fig_p)
        box_t = ref.get_window_extent(fig_t.canvas.get_renderer())
        box_p = label.get_window_extent(fig_p.canvas.get_renderer())
    w_t, h_t = ink_t[1] - ink_t[0], ink_t[3] - ink_t[2]
    w_p, h_p = ink_p[1] - ink_p[0], ink_p[3] - ink_p[2]
    assert w_p == pytest.approx(w_t, rel=0.1) and h_p == pytest.approx(h_t, rel=0.1)
    assert all(abs(a - b) <= 1 for a, b in zip(ink_t, ink_p, strict=True))  # pixels
    assert np.allclose(box_t.extents, box_p.extents, atol=0.5)


def test_figure_path_label_sits_where_fig_text_does() -> None:
    from itband_edu.views.labels import path_label

    fig = Figure(figsize=(5.4, 3.7), dpi=100)
    FigureCanvasAgg(fig)
    label = path_label(fig, 0.52, 0.91, "✗ abductors at their maximum", ha="left", va="top", weight="bold",
                       color=style.OKABE_ITO["vermillion"])
    ref = fig.text(0.52, 0.91, "✗ abductors at their maximum", ha="left", va="top", weight="bold")
    r = fig.canvas.get_renderer()
    with mpl.rc_context(style.DRAW_RC):  # unhinted metrics, as the explorers draw text
        assert np.allclose(label.get_window_extent(r).extents, ref.get_window_extent(r).extents, atol=0.5)
    assert label.get_fontweight() == "bold"


def test_path_label_halo_paints_a_white_box_behind() -> None:
    from itband_edu.views.labels import path_label

    fig, ax = _label_axes()
    ax.set_facecolor("black")
    ax.set_axis_on()
    label = path_label(ax, 0.5, 0.5, "2,230 %", ha="right", va="center", color="black")
    r = fig.canvas.get_renderer()
    box = label.get_window_extent(r)
    fig.canvas.draw()
    h = fig.canvas.get_width_height()[1]

    def pixel(x: float, y: float) -> np.ndarray:
        return np.asarray(fig.canvas.buffer_rgba())[int(h - y), int(x), :3]

    corner = (box.x0 + 1, box.y0 + 1)  # inside the layout box, below the baseline: no glyph there
    assert (pixel(*corner) < 50).all()  # black on black: no halo
    label.set_halo(True)
    fig.canvas.draw()
    assert (pixel(*corner) > 200).all()  # the white box
    assert (pixel(box.x0 - 5, box.y0 - 5) < 50).all()  # only around the text


def test_path_label_without_a_glyph_falls_back() -> None:
    import warnings

    from itband_edu.views.labels import path_label

    fig, ax = _label_axes()
    r = fig.canvas.get_renderer()
    label = path_label(ax, 0.1, 0.5, "ab")
    width = label.get_window_extent(r).width
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Matplotlib's "Glyph missing from font(s)"
        label.set_text("a\U0001d54fb")  # a character DejaVu Sans lacks: another font's, or the missing box
    assert label.get_window_extent(r).width > width
    fig.canvas.draw()


def test_path_label_draw_does_no_text_layout(monkeypatch) -> None:  # noqa: ANN001
    """Drawing a changed PathLabel never calls Matplotlib's text layout (what made labels slow); the
    speed itself is measured by benchmarks/explorer_latency.py, not asserted here."""
    import matplotlib.text

    from itband_edu.views.labels import path_label

    fig = new_agg_figure()
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()  # no tick labels: the only text in the figure is the label
    lab = path_label(ax, 0.5, 0.5, "935 N\n34 %")
    fig.canvas.draw()
    calls = []
    monkeypatch.setattr(matplotlib.text.Text, "_get_layout", lambda *a, **k: calls.append(a))
    lab.set_text("936 N\n35 %")
    fig.canvas.draw()
    assert not calls and lab.get_text() == "936 N\n35 %"



@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4, 4), np.float64), np.zeros((0, 4, 4), np.uint8)])
def test_encode_png_refuses_what_is_not_rgba_bytes(bad: np.ndarray) -> None:
    from itband_edu.views.figure import encode_png

    with pytest.raises(ValueError, match="rgba must be"):
        encode_png(bad)


def test_a_fast_redraw_keeps_every_pixel_row_of_a_figure_with_a_fractional_height():
    # 4.6 in x 100 dpi is 459.99999999999994 px in floating point: a background copied from the
    # figure's own bbox lost the top row, and the live figure no longer matched a full redraw
    import numpy as np

    from itband_edu.views.figure import declare_dynamic, new_agg_figure

    fig = new_agg_figure((5.4, 4.6))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_facecolor("0.8")
    ax.plot([0, 1], [0, 1])
    (pt,) = ax.plot([0.5], [0.5], "o")
    declare_dynamic(fig, [pt])
    fig.canvas.draw()
    pt.set_data([0.2], [0.9])
    fig.canvas.draw()  # the fast path: cached background + the moved point
    fast = np.asarray(fig.canvas.buffer_rgba()).copy()
    ax.stale = True
    fig.canvas.draw()  # a full redraw
    assert np.array_equal(fast, np.asarray(fig.canvas.buffer_rgba()))
