"""Paths, Chromium settings, timeouts, and whether the browser tests can run here."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS_DIR = REPO_ROOT / "artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"
LATENCY_REPORT = ARTIFACTS_DIR / "browser_latency.txt"

#: Lessons are ``notebooks/NN_slug.ipynb``; new ones are picked up without editing the tests.
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
#: Sub-folder of each served root that holds the generated self-test notebooks.
SELFTEST_DIR = "_selftest"

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_INSTALL_HINT = "install Debian's chromium: apt-get install -y chromium"
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
#: A classroom projector's 1280x720: every lesson is checked at this size (JupyterLab's default
#: layout, file browser open).
VIEWPORT = {"width": 1280, "height": 720}
#: Fraction of an explorer's figure, and of its readout, that must be visible when one of its
#: sliders is scrolled into view (the projector check).
PROJECTOR_MIN_VISIBLE = 0.75

#: Seconds. Every wait in this module is bounded by one of these.
SERVER_START_TIMEOUT = 90.0
SERVER_STOP_TIMEOUT = 10.0
PAGE_LOAD_TIMEOUT = 90.0
RUN_ALL_TIMEOUT = 150.0
WIDGETS_RENDER_TIMEOUT = 45.0
FIGURE_SETTLE_TIMEOUT = 30.0
FIGURE_CHANGE_TIMEOUT = 10.0

# The control a test moves: the first slider the user can actually drag. An explorer may disable a
# slider that does not apply in its current mode (noUiSlider marks its target with [disabled]).
ENABLED_SLIDER_HANDLE = ".widget-slider .noUi-target:not([disabled]) .noUi-handle"
VOILA_RENDER_TIMEOUT = 180.0

#: Path fragments of the ipywidgets front ends: JupyterLab loads jupyterlab_widgets from
#: /lab/extensions/..., Voila from /voila/labextensions/... plus its own widgets manager.
WIDGET_FRONTEND_PATHS: tuple[str, ...] = (
    "/@jupyter-widgets/jupyterlab-manager/",
    "/@voila-dashboards/widgets-manager",
)


def is_widget_frontend_url(url: str) -> bool:
    """True for the scripts of the ipywidgets front end. Self-tests block them to imitate a hub
    whose widget extension is missing or skewed."""
    return any(fragment in url for fragment in WIDGET_FRONTEND_PATHS)


#: Text that must never be visible in an output: a widget that did not come alive.
WIDGET_FAILURE_TEXTS: tuple[str, ...] = (
    "Loading widget",
    "Error displaying widget",
    "Failed to load model class",
    "model not found",
)
#: Regular expressions (JavaScript syntax) for text reprs of widgets: what a notebook shows when
#: the widget manager is missing or the widget state was lost.
WIDGET_REPR_PATTERNS: tuple[str, ...] = (
    r"\b(?:VBox|HBox|Box|GridBox|Tab|Accordion|Stack|AppLayout)\(children=",
    r"\b(?:Int|Float)(?:Log)?(?:Range)?Slider\(",
    r"\b(?:Dropdown|Button|Checkbox|ToggleButtons?|RadioButtons|SelectionSlider|Output|Label)"
    r"\((?:value|description|options|layout|outputs|style|icon|index)=",
    r"\bCanvas\(toolbar=",
)


# --------------------------------------------------------------------------------------------
# Can the browser tests run here?
# --------------------------------------------------------------------------------------------

_FALSE_VALUES = frozenset({"", "0", "false", "no", "off", "n", "f"})


def running_in_ci(environ: Mapping[str, str] | None = None) -> bool:
    """True when ``CI`` is set to a true value (GitHub and GitLab set ``CI=true``)."""
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() not in _FALSE_VALUES


def browser_unavailable_reason(chromium: Path = CHROMIUM_PATH) -> str | None:
    """Why the browser tests cannot run here, or None if they can."""
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        return f"{chromium} not found: {CHROMIUM_INSTALL_HINT}"
    if importlib.util.find_spec("playwright") is None:
        return 'the Playwright Python package is missing: pip install -e ".[test]"'
    return None
