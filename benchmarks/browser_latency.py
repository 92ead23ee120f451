"""Browser latency of the explorers: key press on a slider -> the figure's new pixels are drawn.

What: in one run, in a real JupyterLab (127.0.0.1) and headless Debian Chromium, ``--moves`` keyboard moves
(ArrowRight/ArrowLeft alternating, so the value always changes) of one slider of each of nine explorers in one
throw-away notebook: the six course explorers (``band_explorer`` moving ``stretch_mm``, ``stance_explorer``
``trunk_lean_deg``, ``sharing_explorer`` ``glute_med_strength``, ``flexion_explorer`` ``hip_flexion_moment``,
``foot_explorer`` ``rearfoot_eversion_deg``, ``knee_explorer`` ``knee_flexion_deg``, ``stride_explorer`` ``stance_percent``,
its time slider; each marked with a CSS class), the sharing
figure on an ipympl canvas (``%matplotlib widget``), a naive ``interact`` that rebuilds the sharing figure with
pyplot and the inline backend every move, and a floor (a 200x200 PNG pushed into an ``ipywidgets.Image``).

How (instrumentation, all in the page, ``performance.now()``): an init script, installed before JupyterLab
loads, adds a capturing ``keydown`` listener on document (t_key), wraps ``WebSocket.prototype.send`` (t_send:
the first send after t_key, the comm message leaving the browser) and ``CanvasRenderingContext2D.prototype
.drawImage`` (for ``<canvas>`` figures: the first call on a canvas inside the watched explorer after t_key is
t_src = t_paint). For ``<img>`` figures a MutationObserver on the explorer (subtree, ``src`` attribute,
childList) gives t_src when an ``<img>`` with a new source appears; ``await img.decode()`` gives t_paint
(decoded and ready: the same point as a canvas's ``drawImage``; either reaches the screen at the next frame).
Latency = t_paint - t_key, split into browser -> ws (t_send - t_key), round trip: server, kernel, back
(t_src - t_send) and decode (t_paint - t_src). Before the next move the
page must be quiet (no mutation in the explorer, no draw on its canvas) for 150 ms.

Play animation (lesson 07's stride explorer): its Play button is clicked with the mouse and the figure is watched,
untouched, for ``--play-seconds`` (page_helpers.js ``watchFrames``: a poll every 5 ms notes each change of the
figure's pixels); reported as frames shown per second and ms per frame, at the explorer's own pace and at a faster
pace (1 % every 40 ms) on a second stride explorer, to show where the kernel round trip, not the Play, sets the
frame rate (frames asked for faster than the round trip are merged by the widget front end).

Targets: every course explorer <= 0.4 x the naive median and <= 80 ms median. The script always exits 0 (it
is a report); rows that miss a target say MISS. The table also goes to artifacts/browser_latency_benchmark.txt.
The servers and the browser come from tests/browser/browser_harness.

Run: ``.venv/bin/python benchmarks/browser_latency.py [--moves N]`` (about 1-2 minutes).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

NOTEBOOK = "browser_latency_bench.ipynb"
REPORT = REPO / "artifacts" / "browser_latency_benchmark.txt"
MOVE_TIMEOUT_MS = 8000
QUIET_MS, QUIET_TIMEOUT_MS = 150, 3000
#: (row label, is a course explorer), in cell order; the explorers are found in this order in the page.
ROWS = [("band", True), ("stance", True), ("sharing", True), ("flexion", True), ("foot", True), ("knee", True),
        ("stride", True), ("ipympl sharing", False), ("naive interact", False), ("floor 200x200", False)]
#: Play animations measured after the rows: (label, index of the explorer in the page); the second is an extra
#: stride explorer at a faster pace (its own cell, after the rows' cells).
PLAY_ROWS = [("stride Play, explorer's pace", ROWS.index(("stride", True))), ("stride Play, 1 % every 40 ms", len(ROWS))]

_IPYMPL = """\
%matplotlib widget
import matplotlib.pyplot as plt, ipywidgets as W
from matplotlib._pylab_helpers import Gcf
from itband_edu import single_leg_stance
from itband_edu.views import style
from itband_edu.views.sharing import SharingFigure
with style.use_course_style(explorer=True):
    with plt.ioff():
        mpl_fig = plt.figure(figsize=style.EXPLORER_FIGSIZE, dpi=100)
    mpl_view = SharingFigure(mpl_fig)
# Out of pyplot's registry: the inline backend of the next cell shows and closes every pyplot figure.
Gcf.figs.pop(mpl_fig.number, None)
mpl_values = {"glute_med_strength": 1.0, "glute_max_strength": 1.0, "trunk_lean_deg": 0.0, "pelvic_drop_deg": 0.0}
def mpl_redraw(v):
    with style.use_course_style(explorer=True):
        mpl_view.update(single_leg_stance(75.0, glute_med_strength=v), {**mpl_values, "glute_med_strength": v})
    mpl_fig.canvas.draw_idle()
mpl_redraw(1.0)
mpl_slider = W.FloatSlider(value=1.0, min=0.1, max=1.5, step=0.05)
mpl_slider.observe(lambda change: mpl_redraw(change["new"]), names="value")
mpl_fig.canvas.header_visible = mpl_fig.canvas.toolbar_visible = mpl_fig.canvas.footer_visible = False
mpl_fig.canvas.resizable = False
mpl_box = W.VBox([mpl_slider, mpl_fig.canvas])
mpl_box.add_class("itband-explorer")
mpl_box"""

_NAIVE = """\
%matplotlib inline
import matplotlib.pyplot as plt, ipywidgets as W
from itband_edu import single_leg_stance
from itband_edu.views import style
from itband_edu.views.sharing import SharingFigure
def naive(glute_med_strength=1.0):
    with style.use_course_style(explorer=True):
        fig = plt.figure(figsize=style.EXPLORER_FIGSIZE, dpi=100)
        view = SharingFigure(fig)
        values = {"glute_med_strength": glute_med_strength, "glute_max_strength": 1.0, "trunk_lean_deg": 0.0, \
"pelvic_drop_deg": 0.0}
        view.update(single_leg_stance(75.0, glute_med_strength=glute_med_strength), values)
        plt.show()
box = W.interactive(naive, glute_med_strength=W.FloatSlider(value=1.0, min=0.1, max=1.5, step=0.05))
box.add_class("itband-explorer")
box"""

_FLOOR = """\
import io
import ipywidgets as W
import numpy as np
from PIL import Image as PILImage
def floor_png(a):
    buf = io.BytesIO()
    PILImage.fromarray(a).save(buf, format="PNG")
    return buf.getvalue()
yy, xx = np.mgrid[0:200, 0:200]
floor_pngs = [floor_png(((xx + yy) % 256).astype(np.uint8)), floor_png((255 - (xx + yy) % 256).astype(np.uint8))]
floor_image = W.Image(value=floor_pngs[0], format="png", width=200, height=200)
floor_flip = [0]
def floor_push(change):
    floor_flip[0] ^= 1
    floor_image.value = floor_pngs[floor_flip[0]]
floor_slider = W.FloatSlider(value=1.0, min=0.1, max=1.5, step=0.05)
floor_slider.observe(floor_push, names="value")
floor_box = W.VBox([floor_slider, floor_image])
floor_box.add_class("itband-explorer")
floor_box"""

#: The slider each course explorer's row moves. It is marked with a CSS class in the kernel: the first enabled
#: slider is not always the one (stance's first is body mass).
SLIDERS = {"band": "stretch_mm", "stance": "trunk_lean_deg", "sharing": "glute_med_strength",
           "flexion": "hip_flexion_moment", "foot": "rearfoot_eversion_deg", "knee": "knee_flexion_deg",
           "stride": "stance_percent"}
MARK = "itband-bench-slider"
_COURSE = """\
from itband_edu.views import {name}_explorer
{name} = {name}_explorer()
{name}.controls["{key}"].add_class("{mark}")  # the slider the benchmark moves
{name}"""
_FAST_PLAY = """\
from itband_edu.views import stride_explorer
stride_fast = stride_explorer()
stride_fast.play.step, stride_fast.play.interval = 1, 40  # faster than a kernel round trip
stride_fast"""
CELLS = [*(_COURSE.format(name=n, key=k, mark=MARK) for n, k in SLIDERS.items()), _IPYMPL, _NAIVE, _FLOOR,
         _FAST_PLAY]

BENCH_JS = """
(() => {
  if (window.__bench) return;
  const now = () => performance.now();
  const B = { armed: false, t: {}, el: null, last: 0, obs: null, done: null, finish: () => {} };
  window.__bench = B;
  document.addEventListener('keydown', () => { if (B.armed && B.t.key == null) B.t.key = now(); }, true);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...args) {
    if (B.armed && B.t.key != null && B.t.send == null) B.t.send = now();
    return send.apply(this, args);
  };
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const out = drawImage.apply(this, args);
    if (B.el && this.canvas && B.el.contains(this.canvas)) {
      B.last = now();
      if (B.armed && B.t.key != null && B.t.paint == null) { B.t.src = B.t.paint = B.last; B.finish(); }
    }
    return out;
  };
  const figureImgs = (el) => {
    const marked = el.querySelectorAll('img.itband-figure');
    return Array.from(marked.length ? marked : el.querySelectorAll('img'));
  };
  /** Watch `el` for the next key press; B.done resolves to the times, or {timeout: true}. */
  B.arm = (el, timeoutMs) => {
    if (B.obs) B.obs.disconnect();
    B.el = el; B.t = {}; B.armed = true;
    const before = new Set(figureImgs(el).map((img) => img.src));
    B.done = new Promise((resolve) => {
      const timer = setTimeout(() => { B.armed = false; resolve({ ...B.t, timeout: true }); }, timeoutMs);
      B.finish = () => { clearTimeout(timer); B.armed = false; resolve({ ...B.t }); };
    });
    B.obs = new MutationObserver(() => {
      B.last = now();
      if (!B.armed || B.t.key == null || B.t.src != null) return;
      const img = figureImgs(el).find((i) => i.src && !before.has(i.src));
      if (!img) return;
      B.t.src = B.last;
      img.decode().catch(() => {}).then(() => { B.t.paint = now(); B.finish(); });
    });
    B.obs.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
    return true;
  };
  /** Resolve true once nothing happened in the watched explorer for `ms` (false after timeoutMs). */
  B.quiet = async (ms, timeoutMs) => {
    const t0 = now();
    while (now() - B.last < ms) {
      if (now() - t0 > timeoutMs) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  };
})();
"""


def write_notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in CELLS])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, str(path))


def measure_row(page, index: int, moves: int) -> dict:  # noqa: ANN001
    """``moves`` keyboard moves of explorer ``index``'s marked (else first enabled) slider; the in-page times."""
    from browser_harness.checks import is_at_max, settle_explorer, slider_state
    from browser_harness.config import ENABLED_SLIDER_HANDLE

    explorer = page.locator(f'[data-itband-explorer="{index}"]')
    row: dict = {"moves": [], "misses": 0, "slider": "?", "note": ""}
    if explorer.count() == 0 or explorer.locator(ENABLED_SLIDER_HANDLE).count() == 0:
        row.update(misses=moves, note="explorer or slider not found")
        return row
    if not settle_explorer(explorer, stable_ms=600, timeout=30.0):
        row["note"] = "figure did not settle"
    marked = explorer.locator(f".{MARK} .noUi-target:not([disabled]) .noUi-handle")
    handle = (marked if marked.count() else explorer.locator(ENABLED_SLIDER_HANDLE)).first
    row["slider"] = handle.evaluate(
        "(h) => (h.closest('.widget-slider').querySelector('.widget-label') || {}).textContent || ''").strip()
    now, _low, high, _ = slider_state(handle)
    first = 1 if is_at_max(now, high) else 0
    for i in range(moves):
        key = ("ArrowRight", "ArrowLeft")[(i + first) % 2]
        handle.focus(timeout=10_000)
        before = slider_state(handle)[0]
        explorer.evaluate("(el, t) => window.__bench.arm(el, t)", MOVE_TIMEOUT_MS)
        page.keyboard.press(key)
        t = page.evaluate("() => window.__bench.done")  # resolves by itself after MOVE_TIMEOUT_MS
        page.evaluate("([ms, tmo]) => window.__bench.quiet(ms, tmo)", [QUIET_MS, QUIET_TIMEOUT_MS])
        if t.get("timeout") or slider_state(handle)[0] == before or t.get("paint") is None or t.get("key") is None:
            row["misses"] += 1
            continue
        send = t.get("send", t["src"])
        row["moves"].append({"latency": t["paint"] - t["key"], "ws": send - t["key"],
                             "trip": t["src"] - send, "paint": t["paint"] - t["src"]})
    return row


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def report(rows: dict[str, dict], moves: int, elapsed: float, notes: list[str],
           plays: dict[str, object] | None = None) -> str:
    med = {name: statistics.median([m["latency"] for m in r["moves"]]) if r["moves"] else float("nan")
           for name, r in rows.items()}
    naive = med.get("naive interact", float("nan"))
    head = (f"{'row':<16}{'median':>8}{'p90':>8}{'key->ws':>9}{'round trip':>12}{'decode':>14}"
            f"{'n':>5}{'miss':>6}{'ratio':>8}  target")
    lines = [f"Browser latency, key press -> new figure pixels drawn (ms; JupyterLab + headless Chromium, "
             f"{moves} keyboard moves per row)", head, "-" * len(head)]
    for name, course in ROWS:
        r = rows.get(name, {"moves": [], "misses": moves, "slider": "?"})
        ms = r["moves"]
        if not ms:
            lines.append(f"{name:<16}{'-':>8}{'-':>8}{'-':>9}{'-':>12}{'-':>14}{0:>5}{r['misses']:>6}{'-':>8}  "
                         + ("MISS" if course else ""))
            continue
        ratio = med[name] / naive if naive == naive else float("nan")
        phases = [statistics.median([m[k] for m in ms]) for k in ("ws", "trip", "paint")]
        target = ""
        if course:
            target = "ok" if med[name] <= 80.0 and ratio <= 0.4 else "MISS"
        lines.append(f"{name:<16}{med[name]:>8.1f}{p90([m['latency'] for m in ms]):>8.1f}{phases[0]:>9.1f}"
                     f"{phases[1]:>12.1f}{phases[2]:>14.1f}{len(ms):>5}{r['misses']:>6}{ratio:>8.2f}  {target}")
    lines.append("phases (medians): key->ws = keydown -> first WebSocket send; round trip = send -> new <img> "
                 "src / canvas draw (server, kernel, back); decode = img.decode() "
                 "(0 for a canvas: its drawImage comes after its own decode)")
    lines.append("targets: every course explorer (" + ", ".join(n for n, c in ROWS if c)
                 + ") <= 0.4 x naive median and <= 80 ms median")
    lines.append("sliders moved: " + ", ".join(f"{n}: {rows[n]['slider'] or '(unlabelled)'}" for n, _ in ROWS
                                               if n in rows))
    for label, play in (plays or {}).items():
        lines.append(f"{label}: {play.text()}")  # type: ignore[attr-defined]
    lines.extend(notes)
    lines.append(f"run time: {elapsed:.1f} s")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=30, help="keyboard moves per explorer (default 30)")
    parser.add_argument("--play-seconds", type=float, default=4.0, help="seconds each Play animation is watched")
    args = parser.parse_args()
    moves = max(1, args.moves)
    started = time.monotonic()
    from browser_harness import (LAB_SCOPE, open_lab_notebook, prepare_served_root, run_all_in_lab,
                                 start_browser, start_jupyterlab, wait_widgets_rendered, watch_play)

    tmp = Path(tempfile.mkdtemp(prefix="itband-browser-latency-"))
    lab = session = None
    rows: dict[str, dict] = {}
    plays: dict[str, object] = {}
    notes: list[str] = []
    try:
        root = prepare_served_root(tmp / "root")
        write_notebook(root / NOTEBOOK)
        lab = start_jupyterlab(root, tmp / "state")
        session = start_browser(tmp / "profile")
        session.context.add_init_script(BENCH_JS)
        page = session.new_page()
        page.set_viewport_size({"width": 1280, "height": 720})
        open_lab_notebook(page, lab, NOTEBOOK)
        for attempt in range(3):  # the views may be mid-edit by someone else: a failed import is retried
            run_all_in_lab(page)
            wait_widgets_rendered(page, LAB_SCOPE)
            errors = page.evaluate("() => window.__itband.labErrors()")
            if not errors:
                break
            print(f"run all, attempt {attempt + 1}: cell errors, retrying: {errors}", file=sys.stderr)
            time.sleep(2.0)
        notes.extend(f"cell error: {e}" for e in errors)
        infos = page.locator(LAB_SCOPE).evaluate("(root) => window.__itband.markExplorers(root)")
        if len(infos) != len(ROWS) + 1:
            notes.append(f"found {len(infos)} explorers, expected {len(ROWS) + 1}: {json.dumps(infos)}")
        for index, (name, _course) in enumerate(ROWS):
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            rows[name] = measure_row(page, index, moves)
            if rows[name]["note"]:
                notes.append(f"{name}: {rows[name]['note']}")
        for label, index in PLAY_ROWS:
            print(f"measuring {label} ...", file=sys.stderr, flush=True)
            plays[label] = watch_play(page, page.locator(f'[data-itband-explorer="{index}"]'), args.play_seconds)
    except Exception as exc:  # a report, not a test: say what broke and print what was measured
        traceback.print_exc()
        notes.append(f"run aborted: {exc!r}")
    finally:
        try:
            if session is not None:
                session.stop()
        finally:
            if lab is not None:
                lab.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    text = report(rows, moves, time.monotonic() - started, notes, plays)
    print(text)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
