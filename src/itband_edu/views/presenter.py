"""The presenter dashboard: every explorer of the course, one tab each, large, with one-click presets.

What an instructor puts on the projector when the notebook itself would distract: ``apps/presenter.ipynb``
is one call to :func:`presenter_app`, served without code by Voila::

    .venv/bin/voila apps/presenter.ipynb --no-browser     # then open the address it prints

Each tab, in lesson order (``KINDS``), holds a one-line title naming the lesson, a row of buttons, one
per preset of the explorer (a click applies it: :meth:`Explorer.apply_preset`; the button of the
preset on screen is highlighted), and the explorer itself with its figure drawn larger than in the
lessons (``dpi``, capped so the tallest figure still fits a 1280x720 projector with the controls).

Tabs are built lazily: only the first tab's explorer is created when the app starts; another one is
created the first time its tab is opened (``Presenter.build_ms`` records how long each took, kernel
side). Measured here (loaded 2-core machine): building the app with its first tab took 0.13-0.19 s
after a 1.4-2.0 s import; opening each tab the first time 0.14-0.32 s (lesson 10's, which computes its
sensitivity grid, 1.7 s); all ten at once would take about 3.3 s.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import ipywidgets as W

from .._validate import check_range
from .explorer import Explorer
from .figure import png_bytes

__all__ = ["KINDS", "LESSONS", "Lesson", "Presenter", "presenter_app", "enlarge", "PRESENTER_DPI"]


class Lesson(NamedTuple):
    """Where an explorer is taught: the lesson's number, its title (the notebook's H1) and a short tab label."""

    number: str
    title: str
    tab: str


#: The explorers of the course in lesson order (the names of ``itband_edu.views``' factories, without
#: ``_explorer``).
KINDS: tuple[str, ...] = ("band", "stance", "sharing", "flexion", "foot", "knee", "stride", "plan", "cases",
                          "sensitivity")
LESSONS: Mapping[str, Lesson] = {
    "band": Lesson("01", "The band: a seatbelt, not a bungee cord", "01 Band"),
    "stance": Lesson("02", "Standing on one leg: the pelvis as a lever", "02 One leg"),
    "sharing": Lesson("03", "Who pulls on the band?", "03 Who pulls"),
    "flexion": Lesson("04", "Hip-flexor dominance", "04 Hip flexors"),
    "foot": Lesson("05", "From the foot up", "05 Foot"),
    "knee": Lesson("06", "At the knee", "06 Knee"),
    "stride": Lesson("07", "A running stride", "07 Stride"),
    "plan": Lesson("08", "What helps", "08 What helps"),
    "cases": Lesson("09", "Assess the whole chain", "09 Whole chain"),
    "sensitivity": Lesson("10", "How good is this model?", "10 How good"),
}

#: Figure resolution in the presenter (dots per inch; the lessons draw at 100): 25 % larger lines and text.
PRESENTER_DPI = 125.0
#: The tallest figure (px) that still leaves room for the tab bar, the title, two rows of preset buttons
#: and the explorer's header and slider key on a 720 px high screen.
MAX_FIGURE_HEIGHT_PX = 470.0
CSS_CLASS = "itband-presenter"


def _factory(kind: str) -> Callable[[], Explorer]:
    """The explorer factory of ``kind`` (imported here, so the app starts without building any)."""
    from . import band, cases, flexion, foot, knee, plan, sharing, stance, stride, validation

    modules: dict[str, Any] = {"band": band, "stance": stance, "sharing": sharing, "flexion": flexion, "foot": foot,
                               "knee": knee, "stride": stride, "plan": plan, "cases": cases,
                               "sensitivity": validation}
    factory: Callable[[], Explorer] = getattr(modules[kind], f"{kind}_explorer")
    return factory


def _check_kinds(kinds: Sequence[str] | str | None) -> tuple[str, ...]:
    allowed = ", ".join(KINDS)
    if kinds is None:
        return KINDS
    if isinstance(kinds, str):
        kinds = (kinds,)
    try:
        chosen = tuple(kinds)
    except TypeError:
        raise ValueError(f"kinds must be a list of explorer names, got {kinds!r}; allowed kinds: {allowed}") from None
    if not chosen:
        raise ValueError(f"kinds must name at least one explorer, got {kinds!r}; allowed kinds: {allowed}")
    for k in chosen:
        if not isinstance(k, str) or k not in LESSONS:
            raise ValueError(f"kinds: {k!r} is not an explorer of the course; allowed kinds: {allowed}")
    repeated = sorted({k for k in chosen if chosen.count(k) > 1})
    if repeated:
        raise ValueError(f"kinds: {', '.join(map(repr, repeated))} named more than once (one tab each); "
                         f"allowed kinds: {allowed}")
    return chosen


def enlarge(ex: Explorer, dpi: float = PRESENTER_DPI) -> float:
    """Draw ``ex``'s figure at ``dpi`` (50-200 dots per inch), lowered so that it is at most
    ``MAX_FIGURE_HEIGHT_PX`` high, and show it at that size. Returns the dpi used.

    Lines and text grow with the figure (they are sized in points); the explorer keeps moving its
    artists in place (its cached static layer is redrawn once, at the new size).
    """
    dpi = float(check_range("dpi", dpi, 50.0, 200.0, "dots per inch"))
    width_in, height_in = ex.figsize
    used = min(dpi, MAX_FIGURE_HEIGHT_PX / height_in)
    ex.fig.set_dpi(used)
    ex.image.layout.width = f"{round(width_in * used)}px"
    ex.image.value = png_bytes(ex.fig)
    return used


class Presenter(W.VBox):
    """The dashboard widget: a ``Tab`` of explorer pages (see the module docstring).

    Attributes: ``kinds`` (the tabs' explorers, in order), ``tabs`` (the ``ipywidgets.Tab``),
    ``explorers`` (kind -> :class:`Explorer`, only those built so far), ``build_ms`` (kind -> kernel
    time to build its page, ms), ``dpi``. Methods: :meth:`select` (select a tab, as a click on it does),
    :meth:`explorer` (build without selecting), :meth:`preset_buttons`.
    """

    def __init__(self, kinds: tuple[str, ...], dpi: float) -> None:
        pages = []
        for kind in kinds:
            page = W.VBox([W.HTML(f"<p>Opening {html.escape(LESSONS[kind].tab)}…</p>")],
                          layout=W.Layout(padding="2px 4px"))
            page.add_class("itband-presenter-page")
            page.add_class(f"itband-presenter-page-{kind}")
            pages.append(page)
        tabs = W.Tab(children=pages, titles=[LESSONS[k].tab for k in kinds], selected_index=0)
        super().__init__([tabs])
        self.add_class(CSS_CLASS)
        self.kinds = kinds
        self.dpi = dpi
        self.tabs = tabs
        self.explorers: dict[str, Explorer] = {}
        self.build_ms: dict[str, float] = {}
        self._buttons: dict[str, list[W.Button]] = {}
        self._pages = dict(zip(kinds, pages, strict=True))
        tabs.observe(self._on_tab, names="selected_index")
        self.explorer(kinds[0])

    def select(self, kind: str) -> Explorer:
        """Select ``kind``'s tab (building its explorer the first time) and return the explorer."""
        self.tabs.selected_index = self.kinds.index(self._known(kind))
        return self.explorers[kind]

    def explorer(self, kind: str) -> Explorer:
        """``kind``'s explorer, built (with its page) if this is the first time it is asked for."""
        kind = self._known(kind)
        if kind not in self.explorers:
            t0 = time.perf_counter()
            ex = _factory(kind)()
            enlarge(ex, self.dpi)
            buttons = _preset_buttons(ex)
            lesson = LESSONS[kind]
            title = W.HTML(f"<h2 style='margin:0 0 0.25em 0;font-size:1.45em;white-space:nowrap'>Lesson "
                           f"{lesson.number}: {html.escape(lesson.title)}</h2>")
            title.add_class("itband-presenter-title")
            row = W.Box(buttons, layout=W.Layout(display="flex", flex_flow="row wrap", margin="0 0 0.3em 0"))
            row.add_class("itband-presenter-presets")
            self._pages[kind].children = (title, row, ex.widget)
            self.explorers[kind], self._buttons[kind] = ex, buttons
            self.build_ms[kind] = 1000.0 * (time.perf_counter() - t0)
        return self.explorers[kind]

    def preset_buttons(self, kind: str) -> list[W.Button]:
        """The preset buttons of ``kind``'s page (built if needed), in the explorer's preset order."""
        self.explorer(kind)
        return list(self._buttons[kind])

    def _known(self, kind: str) -> str:
        if kind not in self.kinds:
            raise ValueError(f"kind {kind!r} is not a tab of this presenter; its tabs: {', '.join(self.kinds)}")
        return kind

    def _on_tab(self, change: dict[str, Any]) -> None:
        index = change["new"]
        if index is not None:
            self.explorer(self.kinds[index])


def _preset_buttons(ex: Explorer) -> list[W.Button]:
    """One button per preset of ``ex``: a click applies it; the preset on screen is highlighted."""
    buttons = []
    for name in ex.presets:
        b = W.Button(description=name, tooltip=f"preset: {name}",
                     layout=W.Layout(width="auto", max_width="100%", margin="0 4px 4px 0"))
        b.add_class("itband-preset-button")
        b.on_click(lambda _b, n=name: ex.apply_preset(n))
        buttons.append(b)
    menu = ex.controls["preset"]

    def mark(_change: object = None) -> None:
        for n, b in zip(ex.presets, buttons, strict=True):
            b.button_style = "info" if n == menu.value else ""

    menu.observe(mark, names="value")
    mark()
    return buttons


def presenter_app(kinds: Sequence[str] | str | None = None, *, dpi: float = PRESENTER_DPI) -> Presenter:
    """The presenter dashboard: one tab per explorer in ``kinds`` (default: all ten, ``KINDS``, in
    lesson order), each explorer built when its tab is first opened, figures drawn at ``dpi``
    (50-200; see :func:`enlarge`).

    ``kinds`` are names from ``KINDS`` (a single name is one tab), each at most once, in the order
    the tabs should have. Anything else raises ``ValueError`` naming it and the allowed kinds.
    """
    chosen = _check_kinds(kinds)
    used = float(check_range("dpi", dpi, 50.0, 200.0, "dots per inch"))
    return Presenter(chosen, used)
