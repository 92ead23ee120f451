"""The presenter dashboard (apps/presenter.ipynb) without a browser: one tab per explorer in lesson order,
each tab built when first opened, every preset button applies its preset, figures drawn larger, errors.

Expected lesson numbers and titles are read from the lesson notebooks themselves (the notebook that
creates an explorer and its H1), never from the module under test.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot

import ipywidgets as W
import pytest

import itband_edu.views as views
from itband_edu.views.explorer import Explorer
from itband_edu.views.presenter import KINDS, LESSONS, MAX_FIGURE_HEIGHT_PX, Presenter, enlarge, presenter_app

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
APP = Path(__file__).resolve().parents[1] / "apps" / "presenter.ipynb"


def _lessons_by_kind() -> dict[str, tuple[str, str]]:
    """kind -> (lesson number, H1) of the lesson (not 00) whose code creates ``<kind>_explorer(``."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        if path.name.startswith("00"):
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        h1 = next(line[2:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                  for line in "".join(c["source"]).splitlines() if line.startswith("# "))
        for kind in re.findall(r"\b([a-z]+)_explorer\(", code):
            found.setdefault(kind, (path.name[:2], h1))
    return found


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _page_explorers(page: W.Widget) -> list[W.Widget]:
    """Explorer boxes (CSS class itband-explorer) anywhere inside a page."""
    found, stack = [], [page]
    while stack:
        w = stack.pop()
        if "itband-explorer" in getattr(w, "_dom_classes", ()):
            found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found


@pytest.fixture(scope="module")
def full_app() -> Presenter:
    """All ten tabs, every explorer built (about 2 s)."""
    app = presenter_app()
    for kind in app.kinds:
        app.explorer(kind)
    return app


# ---- tabs: every explorer of the course, in lesson order -------------------------------------------


def test_every_explorer_of_the_course_has_a_tab() -> None:
    factories = {n.removesuffix("_explorer") for n in views.__all__ if n.endswith("_explorer")}
    assert set(KINDS) == factories
    assert presenter_app().kinds == KINDS


def test_tabs_follow_the_lessons_and_name_them() -> None:
    lessons = _lessons_by_kind()
    app = presenter_app()
    numbers = [lessons[k][0] for k in app.kinds]
    assert numbers == sorted(numbers), f"tabs not in lesson order: {list(zip(app.kinds, numbers, strict=True))}"
    assert len(set(numbers)) == len(numbers)
    for kind, title in zip(app.kinds, app.tabs.titles, strict=True):
        number, h1 = lessons[kind]
        assert LESSONS[kind].number == number and LESSONS[kind].title == h1, kind
        assert title.startswith(number), (kind, title)


def test_a_tab_shows_its_lessons_title_presets_and_explorer(full_app: Presenter) -> None:
    lessons = _lessons_by_kind()
    for kind, page in zip(full_app.kinds, full_app.tabs.children, strict=True):
        number, h1 = lessons[kind]
        title, row, box = page.children
        text = re.sub(r"<[^>]+>", "", title.value)
        assert text == f"Lesson {number}: {h1}", kind
        assert box is full_app.explorers[kind].widget
        assert list(row.children) == full_app.preset_buttons(kind)


def test_the_app_notebook_is_one_call_and_prints_nothing() -> None:
    nb = json.loads(APP.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) == 1 and not code[0]["outputs"]
    lines = [ln for ln in "".join(code[0]["source"]).splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines == ["from itband_edu.views.presenter import presenter_app", "presenter_app()"]
    assert all(c["cell_type"] == "code" for c in nb["cells"]), "Voila would show markdown above the tabs"


# ---- built lazily -----------------------------------------------------------------------------------


def test_only_the_first_tab_is_built_at_start() -> None:
    app = presenter_app()
    assert list(app.explorers) == [KINDS[0]]
    assert app.tabs.selected_index == 0
    assert [len(_page_explorers(p)) for p in app.tabs.children] == [1] + [0] * (len(KINDS) - 1)


def test_opening_a_tab_builds_its_explorer_once() -> None:
    app = presenter_app()
    app.tabs.selected_index = KINDS.index("knee")  # what a click on the tab does
    assert set(app.explorers) == {"band", "knee"}
    ex, built = app.explorers["knee"], app.build_ms["knee"]
    assert _page_explorers(app.tabs.children[KINDS.index("knee")]) == [ex.widget]
    app.tabs.selected_index = 0
    assert app.select("knee") is ex and app.build_ms["knee"] == built  # not built again
    assert app.tabs.selected_index == KINDS.index("knee")


def test_a_subset_of_kinds_in_the_order_given() -> None:
    app = presenter_app(["knee", "band"])
    assert app.kinds == ("knee", "band") and app.tabs.titles == (LESSONS["knee"].tab, LESSONS["band"].tab)
    assert list(app.explorers) == ["knee"]
    assert presenter_app("stride").kinds == ("stride",)


# ---- presets: one click each ------------------------------------------------------------------------


def assert_buttons_apply_presets(ex: Explorer, buttons: list[W.Button]) -> None:
    """Each button, clicked, puts exactly its preset's values on the controls in one redraw and is the
    one highlighted; the figure changes whenever the values do."""
    assert [b.description for b in buttons] == list(ex.presets)
    for name, button in zip(ex.presets, buttons, strict=True):
        ex.reset()
        before_values, before_png, count = ex.values, ex.image.value, ex.update_count
        button.click()
        values = ex.values
        assert all(values[k] == v for k, v in ex.presets[name].items()), (ex.name, name, values)
        assert ex.update_count == count + 1, (ex.name, name)
        if values != before_values:
            assert ex.image.value != before_png, f"{ex.name}: preset {name!r} did not change the figure"
        lit = [b.description for b in buttons if b.button_style == "info"]
        assert lit and lit[0] == ex.controls["preset"].value and name in [
            n for n, p in ex.presets.items() if all(values[k] == v for k, v in p.items())], (ex.name, name, lit)
    ex.reset()


@pytest.mark.parametrize("kind", KINDS)
def test_every_preset_button_applies_its_preset(full_app: Presenter, kind: str) -> None:
    ex = full_app.explorers[kind]
    assert_buttons_apply_presets(ex, full_app.preset_buttons(kind))


def test_the_preset_check_fails_a_button_that_does_nothing() -> None:
    app = presenter_app(["sharing"])
    buttons = app.preset_buttons("sharing")
    buttons[1]._click_handlers.callbacks.clear()  # a dead button
    with pytest.raises(AssertionError):
        assert_buttons_apply_presets(app.explorers["sharing"], buttons)


def test_a_manual_change_clears_the_highlight() -> None:
    app = presenter_app(["sharing"])
    ex, buttons = app.explorers["sharing"], app.preset_buttons("sharing")
    buttons[1].click()
    assert [b.button_style for b in buttons].count("info") == 1
    ex.set(glute_med_strength=0.77)
    assert all(b.button_style == "" for b in buttons)


# ---- large figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_figures_are_drawn_larger_and_shown_at_their_size(full_app: Presenter, kind: str) -> None:
    ex = full_app.explorers[kind]
    w_in, h_in = ex.figsize
    dpi = min(125.0, 470.0 / h_in)  # the module's documented rule, computed here
    width, height = _png_size(ex.image.value)
    assert abs(width - w_in * dpi) <= 1 and abs(height - h_in * dpi) <= 1, (kind, width, height, dpi)
    assert width > 100 * w_in and height <= MAX_FIGURE_HEIGHT_PX + 1
    shown = int(ex.image.layout.width.removesuffix("px"))
    assert abs(shown - width) <= 1, (kind, ex.image.layout.width, width)  # shown 1:1, not scaled by the browser
    static = ex.static_figure()  # the lesson's figure is untouched by the presenter
    assert static.dpi == 100


def test_a_larger_figure_still_moves_in_place() -> None:
    ex = views.knee_explorer()
    enlarge(ex, 150)
    size = _png_size(ex.image.value)
    ex.set(knee_flexion_deg=40.0)
    assert _png_size(ex.image.value) == size and ex.update_count == 1


# ---- errors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kinds, named", [("knees", "'knees'"), (["band", "Band"], "'Band'"), ([3], "3"),
                                          (["band", "knee", "band"], "'band'"), ([], "[]"), (7, "7")])
def test_bad_kinds_raise_naming_them_and_the_allowed_kinds(kinds: object, named: str) -> None:
    with pytest.raises(ValueError) as info:
        presenter_app(kinds)  # type: ignore[arg-type]
    message = str(info.value)
    assert named in message and "kinds" in message
    assert all(k in message for k in KINDS), message


@pytest.mark.parametrize("dpi", [0.0, 20.0, 500.0, float("nan"), "big"])
def test_bad_dpi_raises_naming_it(dpi: object) -> None:
    with pytest.raises(ValueError, match=r"dpi.*50.*200"):
        presenter_app(["band"], dpi=dpi)  # type: ignore[arg-type]


def test_selecting_a_kind_that_is_not_a_tab_raises() -> None:
    app = presenter_app(["band", "knee"])
    with pytest.raises(ValueError, match=r"'stride'.*band, knee"):
        app.select("stride")
    with pytest.raises(ValueError, match=r"'stride'"):
        app.preset_buttons("stride")
