"""Machinery for the real-browser tests: servers, a browser, and the checks run on each notebook.

The tests in this folder open every lesson the way a student or an instructor does, in a real
JupyterLab and in Voila, driven by Debian's Chromium through Playwright. This package
holds everything that is not a test:

* starting JupyterLab / Voila on 127.0.0.1 in their own process groups, and stopping them (and
  the kernels they started) by process id;
* starting Chromium with a fresh profile, and stopping it;
* small fixture notebooks (one working explorer, one whose slider does not redraw, one that
  breaks) so the machinery itself is tested even before any lesson exists;
* the checks: no cell errored, every widget rendered live, each explorer's figure changes when
  its first slider is moved by keyboard, and the key-press-to-pixels latency of such a move.

An *explorer* is, by the view layer's contract, an ipywidgets box with the CSS class
``itband-explorer`` holding ipywidgets controls and one ipympl canvas. The "figure changed" check
reads the pixels of every ``<canvas>`` (and the source of every ``<img>``) inside the explorer
in the page and compares a hash of them before and after the key press.

Modules: ``config`` (paths, timeouts, can-we-run), ``notebooks`` (lessons, self-test notebooks),
``processes`` (servers), ``browser`` (Chromium), ``page_helpers.js`` (installed in every page),
``checks`` (one notebook in JupyterLab or Voila), ``latency``, ``play`` (an explorer's Play control
animates its figure by itself).

It is imported by ``conftest.py`` and the test modules next to it: pytest puts
``tests/browser`` on ``sys.path`` because that folder has no ``__init__.py`` (default
"prepend" import mode).
"""

from .browser import BrowserSession, processes_using_profile, start_browser
from .checks import (
    LAB_SCOPE,
    VOILA_SCOPE,
    ExplorerResult,
    MoveResult,
    NotebookReport,
    QuizResult,
    answer_quizzes,
    check_in_lab,
    check_in_voila,
    open_lab_notebook,
    run_all_in_lab,
    shutdown_lab_kernels,
    wait_widgets_rendered,
)
from .config import (
    CHROMIUM_ARGS,
    CHROMIUM_INSTALL_HINT,
    CHROMIUM_PATH,
    LATENCY_REPORT,
    NOTEBOOKS_DIR,
    REPO_ROOT,
    SCREENSHOT_DIR,
    SELFTEST_DIR,
    WIDGET_REPR_PATTERNS,
    browser_unavailable_reason,
    is_widget_frontend_url,
    running_in_ci,
)
from .latency import LatencyResult, measure_latency, prepare_first_explorer
from .notebooks import (
    lesson_notebooks,
    prepare_served_root,
    served_path,
    write_broken_notebook,
    write_dead_quiz_notebook,
    write_explorer_notebook,
    write_stride_notebook,
)
from .play import PlayResult, watch_play
from .processes import ServerProcess, start_jupyterlab, start_voila, stop_process_tree

__all__ = [
    "CHROMIUM_ARGS",
    "CHROMIUM_INSTALL_HINT",
    "CHROMIUM_PATH",
    "LAB_SCOPE",
    "LATENCY_REPORT",
    "NOTEBOOKS_DIR",
    "REPO_ROOT",
    "SCREENSHOT_DIR",
    "SELFTEST_DIR",
    "VOILA_SCOPE",
    "WIDGET_REPR_PATTERNS",
    "BrowserSession",
    "ExplorerResult",
    "LatencyResult",
    "MoveResult",
    "NotebookReport",
    "PlayResult",
    "QuizResult",
    "answer_quizzes",
    "ServerProcess",
    "browser_unavailable_reason",
    "check_in_lab",
    "check_in_voila",
    "is_widget_frontend_url",
    "lesson_notebooks",
    "measure_latency",
    "open_lab_notebook",
    "prepare_first_explorer",
    "prepare_served_root",
    "processes_using_profile",
    "run_all_in_lab",
    "running_in_ci",
    "served_path",
    "shutdown_lab_kernels",
    "start_browser",
    "start_jupyterlab",
    "start_voila",
    "stop_process_tree",
    "wait_widgets_rendered",
    "watch_play",
    "write_broken_notebook",
    "write_dead_quiz_notebook",
    "write_explorer_notebook",
    "write_stride_notebook",
]
