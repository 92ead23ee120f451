"""Kernel-side latency of the explorers: slider value change -> PNG ready to send, and where it goes.

For each explorer a slider is moved >= 50 times across its range; medians (ms) are reported for

- ``model``: the model function alone (``Explorer._compute``);
- ``artists``: moving the figure's artists to the new result (``view.update``);
- ``draw``: drawing the figure on its Agg canvas (cached static layer + the moving artists);
- ``png``: encoding the pixels (``views.figure.png_bytes`` minus its draw);
- ``move``: the whole callback as a learner triggers it (``slider.value = v``: all of the above, the
  readout, the preset menu, and the widget messages, here to a dummy comm);
- ``naive``: an ``interact``-style callback that rebuilds the same figure every move and encodes it
  as the inline backend does (``plt.figure`` + the same drawing code + ``savefig`` PNG), same run.

Target: ``move`` <= 16 ms (one 60 Hz frame). The browser side is ``browser_latency.py``.

The stride explorer (lesson 07) has two rows: ``stride`` moves its time slider (the hot path, also what
its Play control does: the model run is cached per lever setting, so ``model`` is a cache look-up) and
``stride lever`` moves the step rate with the cache emptied before every move, so each move runs
``running_stance`` once (101 samples). Its ``naive`` always runs the model (an ``interact`` has no cache).
Run: ``python benchmarks/explorer_latency.py [--moves N]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

#: (row, explorer, the slider moved, whether the explorer's model cache is emptied before every move)
ROWS = [("band", "band", "stretch_mm", False), ("stance", "stance", "trunk_lean_deg", False),
        ("sharing", "sharing", "glute_med_strength", False), ("flexion", "flexion", "hip_flexion_moment", False),
        ("foot", "foot", "rearfoot_eversion_deg", False), ("knee", "knee", "knee_flexion_deg", False),
        ("stride", "stride", "stance_percent", False), ("stride lever", "stride", "step_rate_change_percent", True),
        ("plan", "plan", "strength_gain_percent", False), ("cases", "cases", "hip_abduction_torque", False),
        ("sensitivity", "sensitivity", "position", False)]


def _values(widget, n: int) -> list[float]:  # noqa: ANN001
    """n slider positions sweeping back and forth, never twice the same value in a row."""
    import numpy as np

    up = np.linspace(widget.min, widget.max, n // 2 + 1)
    path = list(up) + list(up[::-1][1:])
    return [float(v) for v in path[:n]]


def _median_ms(fn: Callable[[float], object], values: list[float]) -> float:
    fn(values[-1])  # warm-up (fonts, caches)
    times = []
    for v in values:
        t = time.perf_counter()
        fn(v)
        times.append(time.perf_counter() - t)
    return 1000.0 * statistics.median(times)


def measure(moves: int) -> dict[str, dict[str, float]]:
    import matplotlib.pyplot as plt

    from itband_edu import views
    from itband_edu.views import style
    from itband_edu.views.figure import png_bytes

    out: dict[str, dict[str, float]] = {}
    for label, name, key, cold in ROWS:
        ex = getattr(views, f"{name}_explorer")()
        cache = getattr(ex, "cache", None)

        def empty(force: bool = cold, c: Any = cache) -> None:
            if force and c is not None:
                c.clear()

        slider = ex.controls[key]
        values = _values(slider, moves)
        base = dict(ex.values)
        row: dict[str, float] = {}
        row["model"] = _median_ms(lambda v: (empty(), ex._compute({**base, key: v})), values)
        results = {v: ex._compute({**base, key: v}) for v in values}
        row["artists"] = _median_ms(lambda v: ex.view.update(results[v], {**base, key: v}), values)

        def draw(v: float) -> None:
            ex.view.update(results[v], {**base, key: v})
            ex.fig.canvas.draw()

        row["draw"] = _median_ms(draw, values) - row["artists"]
        row["png"] = _median_ms(lambda v: (ex.view.update(results[v], {**base, key: v}), png_bytes(ex.fig)),
                                values) - row["artists"] - row["draw"]

        def move(v: float) -> None:
            empty()
            slider.value = v

        row["move"] = _median_ms(move, values)
        view_cls = type(ex.view)
        figsize = tuple(ex.fig.get_size_inches())

        def naive(v: float) -> None:
            # the whole callback under the explorer style, so the naive figure renders text exactly
            # as the explorer does: only the architecture differs
            empty(force=True)
            with style.use_course_style(explorer=True):
                fig = plt.figure(figsize=figsize)
                view = view_cls(fig)
                now = {**base, key: v}
                view.update(ex._compute(now), now)
                fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)  # what the inline backend sends
                plt.close(fig)

        row["naive"] = _median_ms(naive, values)
        out[label] = row
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=60, help="slider moves per measurement (>= 50)")
    args = parser.parse_args()
    moves = max(args.moves, 50)
    results = measure(moves)
    cols = ["model", "artists", "draw", "png", "move", "naive"]
    print(f"Kernel-side latency, median of {moves} slider moves, ms (explorer figure, 100 dpi)")
    header = f"{'explorer':<13}" + "".join(f"{c:>9}" for c in cols) + f"{'naive/move':>12}{'target':>8}"
    print(header)
    print("-" * len(header))
    ok = True
    for name, row in results.items():
        cells = "".join(f"{row[c]:>9.2f}" for c in cols)
        passed = row["move"] <= 16.0
        ok &= passed
        print(f"{name:<13}{cells}{row['naive'] / row['move']:>11.1f}x{'ok' if passed else 'MISS':>8}")
    print("target: move <= 16 ms (one 60 Hz frame)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
