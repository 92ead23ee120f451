"""One figure style for the whole course: legible on a projector, safe for colour-blind readers.

Every lesson figure and every explorer uses this module, so a muscle has the same colour, hatch and
name everywhere. The palette is Okabe & Ito's (2008), distinguishable with every common form of
colour blindness; on top of that nothing is told by colour alone: bars carry hatches and value labels,
lines carry markers and line styles, arrows carry text.

Importing this module changes nothing. ``use_course_style()`` applies the style, either for a block::

    with use_course_style():
        fig, ax = plt.subplots()

or, called on its own in a lesson's first cell, for the rest of the session (like ``plt.ioff()``).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from types import TracebackType
from typing import Any, cast

import matplotlib as mpl
from cycler import cycler

__all__ = [
    "OKABE_ITO",
    "PALETTE",
    "GLUTE_MED_COLOUR",
    "GLUTE_MIN_COLOUR",
    "TFL_COLOUR",
    "GLUTE_MAX_COLOUR",
    "ITB_COLOUR",
    "RUBBER_COLOUR",
    "BODY_COLOUR",
    "WEIGHT_COLOUR",
    "ABDUCTOR_COLOUR",
    "HIP_CONTACT_COLOUR",
    "MUSCLE_GROUPS",
    "MUSCLE_COLOURS",
    "MUSCLE_HATCHES",
    "MUSCLE_LABELS",
    "TENSION_CMAP",
    "FIGSIZE",
    "EXPLORER_FIGSIZE",
    "DRAW_RC",
    "BASE_FONT_SIZE",
    "SMALL_FONT_SIZE",
    "EXPLORER_FONT_SIZE",
    "EXPLORER_SMALL_FONT_SIZE",
    "course_rc",
    "use_course_style",
    "tension_cmap",
]

# Okabe, M. & Ito, K. (2008) Color Universal Design, https://jfly.uni-koeln.de/color/
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Default colour order for lines and bars (black last: it is kept for forces and text).
PALETTE: tuple[str, ...] = tuple(OKABE_ITO[k] for k in (
    "blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "yellow", "black",
))

# Muscles: cool colours for the pure abductors, warm ones for the two muscles that pull on the band.
GLUTE_MED_COLOUR = OKABE_ITO["blue"]
GLUTE_MIN_COLOUR = OKABE_ITO["sky_blue"]
TFL_COLOUR = OKABE_ITO["vermillion"]
GLUTE_MAX_COLOUR = OKABE_ITO["reddish_purple"]  # upper (superficial) gluteus maximus
ITB_COLOUR = OKABE_ITO["bluish_green"]
RUBBER_COLOUR = OKABE_ITO["yellow"]  # always drawn with a black edge and a hatch: yellow is pale
BODY_COLOUR = "#555555"  # bones and outline of the stick figure
# Forces in the free-body pictures
WEIGHT_COLOUR = OKABE_ITO["black"]
ABDUCTOR_COLOUR = GLUTE_MED_COLOUR
HIP_CONTACT_COLOUR = OKABE_ITO["orange"]

#: The four abductor groups shown in the course, in display order, with the prefix of their
#: model names (``StanceResult.force_of(prefix)`` sums the parts).
MUSCLE_GROUPS: dict[str, str] = {
    "gluteus_medius": "gluteus_medius",
    "gluteus_minimus": "gluteus_minimus",
    "tensor_fasciae_latae": "tensor_fasciae_latae",
    "gluteus_maximus_upper": "gluteus_maximus",
}
MUSCLE_COLOURS: dict[str, str] = {
    "gluteus_medius": GLUTE_MED_COLOUR,
    "gluteus_minimus": GLUTE_MIN_COLOUR,
    "tensor_fasciae_latae": TFL_COLOUR,
    "gluteus_maximus_upper": GLUTE_MAX_COLOUR,
    "itb": ITB_COLOUR,
    "rubber": RUBBER_COLOUR,
}
#: Hatches so that bars differ without colour (printouts, projectors, colour-blind readers).
MUSCLE_HATCHES: dict[str, str] = {
    "gluteus_medius": "",
    "gluteus_minimus": "||",  # lines, not dots: a dotted hatch costs about 1.5 ms a redraw
    "tensor_fasciae_latae": "//",
    "gluteus_maximus_upper": "\\\\",
    "itb": "xx",
    "rubber": "--",  # not circles: they cost ~1 ms a redraw
}
#: Short names for axis labels (two lines where long, for projector-size fonts).
MUSCLE_LABELS: dict[str, str] = {
    "gluteus_medius": "gluteus\nmedius",
    "gluteus_minimus": "gluteus\nminimus",
    "tensor_fasciae_latae": "TFL",
    "gluteus_maximus_upper": "upper glut.\nmaximus",
    "itb": "IT band",
    "rubber": "rubber",
}

#: Band tension colour map: the band's own green, darker with more tension. Lightness falls steadily
#: (readable in grey-scale and by colour-blind readers; the line also thickens with tension); the
#: palest end is cut so that a slack band still shows on white.
TENSION_CMAP = "Greens"
_TENSION_RANGE = (0.35, 1.0)

FIGSIZE = (9.0, 4.5)  # inches: a lesson figure, fills a lesson column and a projected slide at 100 dpi
#: An explorer's figure (inches, at 100 dpi): beside a 300 px controls column it fills the
#: 850 px that a lesson's output area has at 1280x720 with JupyterLab's file browser open.
EXPLORER_FIGSIZE = (5.4, 3.7)
BASE_FONT_SIZE = 15.0
SMALL_FONT_SIZE = 13.0
#: Font sizes (pt) in explorer figures: 12 pt at 100 dpi is 17 px, the size of the lesson text
#: beside them, which keeps a 540 px figure legible on a projector.
EXPLORER_FONT_SIZE = 12.0
EXPLORER_SMALL_FONT_SIZE = 11.0

_RC: dict[str, Any] = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    "font.size": BASE_FONT_SIZE,
    "axes.titlesize": BASE_FONT_SIZE + 1,
    "axes.titleweight": "bold",
    "axes.labelsize": BASE_FONT_SIZE,
    "xtick.labelsize": SMALL_FONT_SIZE,
    "ytick.labelsize": SMALL_FONT_SIZE,
    "legend.fontsize": SMALL_FONT_SIZE,
    "legend.frameon": False,
    "figure.titlesize": BASE_FONT_SIZE + 2,
    "lines.linewidth": 3.0,
    "lines.markersize": 8.0,
    "patch.linewidth": 1.5,
    "hatch.linewidth": 1.2,
    "axes.linewidth": 1.5,
    "xtick.major.width": 1.5,
    "ytick.major.width": 1.5,
    "xtick.major.size": 6.0,
    "ytick.major.size": 6.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d0d0d0",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    # colour, marker and line style all change together, so lines differ without colour
    "axes.prop_cycle": (
        cycler(color=PALETTE[:7])
        + cycler(marker=["o", "s", "^", "D", "v", "P", "X"])
        + cycler(linestyle=["-", "--", "-.", ":", "-", "--", "-."])
        + cycler(markevery=[0.1] * 7)
    ),
    "image.cmap": "cividis",
    # Unhinted glyphs: smooth at projector sizes and ~25 % faster to render, which matters because
    # text is most of an explorer's redraw. Explorer figures apply this at every draw (DRAW_RC).
    "text.hinting": "no_hinting",
}
#: The course style at explorer size (``use_course_style(explorer=True)``).
_EXPLORER_RC: dict[str, Any] = {
    **_RC,
    "figure.figsize": EXPLORER_FIGSIZE,
    "font.size": EXPLORER_FONT_SIZE,
    "axes.titlesize": EXPLORER_FONT_SIZE,
    "axes.labelsize": EXPLORER_FONT_SIZE,
    "xtick.labelsize": EXPLORER_SMALL_FONT_SIZE,
    "ytick.labelsize": EXPLORER_SMALL_FONT_SIZE,
    "legend.fontsize": EXPLORER_SMALL_FONT_SIZE,
    "lines.linewidth": 2.5,
    "axes.linewidth": 1.2,
    "xtick.major.width": 1.2,
    "ytick.major.width": 1.2,
    "xtick.major.size": 4.0,
    "ytick.major.size": 4.0,
}
#: rcParams an explorer figure applies while it draws (figures are drawn after any style block).
DRAW_RC: dict[str, Any] = {"text.hinting": "no_hinting"}


def course_rc() -> dict[str, Any]:
    """A copy of the course's rcParams (for ``matplotlib.rc_context`` or ``plt.style.use``)."""
    return dict(_RC)


class use_course_style:  # noqa: N801 - used like a function, as plt.ioff() is
    """Apply the course style: as a context manager (restored on exit) or, called alone, for good.

    ``explorer=True`` gives the explorers' smaller figure and fonts (``EXPLORER_FIGSIZE``).

    >>> with use_course_style():
    ...     pass  # figures made here use the course style

    Figures keep the style they were created with (fonts, line widths and colours are stored in
    the artists), so an explorer built inside the block looks the same when drawn later.
    """

    def __init__(self, *, explorer: bool = False) -> None:
        # the stubs key rcParams by a Literal of known names; ours are plain str (all valid names)
        rc = cast("MutableMapping[str, Any]", mpl.rcParams)
        new = _EXPLORER_RC if explorer else _RC
        self._saved = {k: rc[k] for k in new}
        rc.update(new)

    def __enter__(self) -> use_course_style:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        cast("MutableMapping[str, Any]", mpl.rcParams).update(self._saved)

    def __repr__(self) -> str:  # a bare call in a notebook cell prints this, not an object address
        return "course figure style on"


def tension_cmap() -> mpl.colors.Colormap:
    """The colour map used for band tension (a cut of ``TENSION_CMAP`` that never turns white)."""
    base = mpl.colormaps[TENSION_CMAP]
    lo, hi = _TENSION_RANGE
    return mpl.colors.LinearSegmentedColormap.from_list(
        "itb_tension", base(tuple(lo + (hi - lo) * i / 255 for i in range(256)))
    )
