"""Kernel-side latency of the explorers: slider value change -> finished redraw.

For each explorer, a slider is moved >= 50 times across its range and the median time is reported for

- ``explorer, draw``: the explorer's in-place update, then ``fig.canvas.draw()`` (the work ipympl
  does when the browser asks for the new image), Agg canvas;
- ``explorer, Agg+PNG``: the explorer as it runs without ipympl (inline backend, plain Python):
  update, draw and re-encode the ``ipywidgets.Image`` it shows;
- ``explorer, ipympl``: the same with the ipympl canvas (run in a subprocess with
  ``module://ipympl.backend_nbagg``; the front end's "initialized" message is simulated so that
  ipympl sends diff images as it does in a live notebook), if ipympl can be imported;
- ``naive, draw`` and ``naive, +PNG``: an ``ipywidgets.interact``-style callback that rebuilds the
  figure every move (``plt.figure`` + the same drawing code + ``fig.canvas.draw()``, and a PNG as the
  inline backend would send), measured in the same run.

Target: ``explorer, draw`` median <= 16 ms (one 60 Hz frame) and >= 5x faster than ``naive, draw``.
Run: ``python benchmarks/explorer_latency.py [--moves N]``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

SLIDERS = {"band": "stretch_mm", "stance": "trunk_lean_deg", "sharing": "glute_med_strength"}
VIEWS = {"band": "BandFigure", "stance": "StanceFigure", "sharing": "SharingFigure"}


def _values(widget, n: int) -> list[float]:  # noqa: ANN001
    """n slider positions sweeping back and forth, never twice the same value in a row."""
    import numpy as np

    up = np.linspace(widget.min, widget.max, n // 2 + 1)
    path = list(up) + list(up[::-1][1:])
    return [float(v) for v in path[:n]]


def _median_ms(fn: Callable[[float], None], values: list[float]) -> float:
    fn(values[-1])  # warm-up (fonts, caches)
    times = []
    for v in values:
        t = time.perf_counter()
        fn(v)
        times.append(time.perf_counter() - t)
    return 1000.0 * statistics.median(times)


def measure_agg(moves: int) -> dict[str, dict[str, float]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from itband_edu import plots, style, widgets

    factories = {"band": widgets.band_explorer, "stance": widgets.stance_explorer,
                 "sharing": widgets.sharing_explorer}
    out: dict[str, dict[str, float]] = {}
    for name, factory in factories.items():
        row: dict[str, float] = {}
        ex = factory()
        slider = ex.controls[SLIDERS[name]]
        values = _values(slider, moves)

        def fallback(v: float, slider=slider) -> None:  # noqa: ANN001
            slider.value = v  # observer: model, artists, draw, PNG into the Image widget

        row["explorer, Agg+PNG"] = _median_ms(fallback, values)

        ex2 = factory()
        ex2._image = None  # as under ipympl: the explorer only asks for draw_idle ...
        ex2.fig.canvas.draw_idle = lambda: None  # ... which on a bare Agg canvas would draw at once
        slider2 = ex2.controls[SLIDERS[name]]

        def in_place(v: float, slider=slider2, fig=ex2.fig) -> None:  # noqa: ANN001
            slider.value = v
            fig.canvas.draw()

        row["explorer, draw"] = _median_ms(in_place, values)

        view_cls = getattr(plots, VIEWS[name])
        compute, base = ex._compute, dict(ex.defaults)
        key = SLIDERS[name]

        def naive(v: float, png: bool = False) -> None:
            # the whole callback under the course style, so the naive figure renders text exactly
            # as the explorer does (same fonts, same hinting): only the architecture differs
            with style.use_course_style():
                fig = plt.figure(figsize=style.FIGSIZE)
                view = view_cls(fig)
                values_now = {**base, key: v}
                view.update(compute(values_now), values_now)
                fig.canvas.draw()
                if png:
                    fig.savefig(io.BytesIO(), format="png")  # what the inline backend sends
                plt.close(fig)

        row["naive, draw"] = _median_ms(naive, values)
        row["naive, +PNG"] = _median_ms(lambda v: naive(v, png=True), values)
        out[name] = row
    return out


def measure_ipympl(moves: int) -> dict[str, dict[str, float]] | str:
    """Run the ipympl measurement in a fresh interpreter (the backend is chosen once per process)."""
    code = f"""
import json, sys
sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import ipywidgets
from itband_edu import widgets
from explorer_latency import SLIDERS, _values, _median_ms
out = {{}}
for name, factory in (("band", widgets.band_explorer), ("stance", widgets.stance_explorer),
                      ("sharing", widgets.sharing_explorer)):
    ex = factory()
    canvas = ex.fig.canvas
    assert isinstance(canvas, ipywidgets.DOMWidget), type(canvas)
    canvas._handle_message(canvas, {{"type": "initialized"}}, [])  # as the browser does on display
    slider = ex.controls[SLIDERS[name]]
    def move(v, slider=slider, canvas=canvas):
        slider.value = v
        canvas.draw()
    out[name] = {{"explorer, ipympl": _median_ms(move, _values(slider, {moves}))}}
print(json.dumps(out))
"""
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                              env={**os.environ, "MPLBACKEND": ""})
    except subprocess.TimeoutExpired:
        return "ipympl: timed out"
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return f"ipympl canvas not measured ({last})"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=60, help="slider moves per measurement (>= 50)")
    parser.add_argument("--no-ipympl", action="store_true", help="skip the ipympl subprocess")
    args = parser.parse_args()
    moves = max(args.moves, 50)
    results = measure_agg(moves)
    ipympl = "skipped" if args.no_ipympl else measure_ipympl(moves)
    if isinstance(ipympl, dict):
        for name, row in ipympl.items():
            results[name].update(row)
    cols = ["explorer, draw", "explorer, ipympl", "explorer, Agg+PNG", "naive, draw", "naive, +PNG"]
    print(f"Kernel-side latency, median of {moves} slider moves, ms (figure 9 x 4.5 in, 100 dpi)")
    header = f"{'explorer':<10}" + "".join(f"{c:>19}" for c in cols) + f"{'speed-up':>10}{'target':>8}"
    print(header)
    print("-" * len(header))
    ok = True
    for name, row in results.items():
        cells = "".join(f"{row[c]:>19.1f}" if c in row else f"{'-':>19}" for c in cols)
        speed = row["naive, draw"] / row["explorer, draw"]
        passed = row["explorer, draw"] <= 16.0 and speed >= 5.0
        ok &= passed
        print(f"{name:<10}{cells}{speed:>9.1f}x{'ok' if passed else 'MISS':>8}")
    print("speed-up = naive, draw / explorer, draw; target: explorer, draw <= 16 ms and speed-up >= 5x")
    if not isinstance(ipympl, dict):
        print(f"note: {ipympl}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
