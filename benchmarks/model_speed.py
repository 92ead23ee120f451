"""How fast is the model? A script, not a test: run it with the project's Python.

    .venv/bin/python benchmarks/model_speed.py [--repeats N]

Prints the median time of
- one ``single_leg_stance`` evaluation (scalar inputs);
- one ``running_stance`` call with 101 samples (a whole stance phase, vectorised);
- the extra time ``import itband_edu`` adds on top of ``import numpy, matplotlib``, each measured in a
  fresh subprocess (median of several), so caches of this process do not help.

Targets (the design notes): a stance phase under 1 ms; the import under 150 ms on top of numpy+matplotlib.
Timings depend on the machine; the script exits with status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import timeit

TARGET_STANCE_PHASE_S = 1e-3
TARGET_IMPORT_S = 0.150


def _per_call(stmt, number: int, repeats: int) -> float:
    """Median over ``repeats`` of the time per call, each repeat timing ``number`` calls."""
    times = timeit.repeat(stmt, number=number, repeat=repeats)
    return statistics.median(times) / number


def _subprocess_time(code: str) -> float:
    """Wall time of a fresh interpreter running ``code`` (includes interpreter start-up)."""
    start = timeit.default_timer()
    subprocess.run([sys.executable, "-c", code], check=True)
    return timeit.default_timer() - start


def import_overhead(runs: int) -> tuple[float, float, float]:
    """Median wall time (s) of a subprocess importing numpy+matplotlib, of one also importing
    itband_edu, and their difference. The two kinds of run are interleaved so drift cancels."""
    base_code = "import numpy, matplotlib"
    full_code = "import numpy, matplotlib, itband_edu"
    _subprocess_time(full_code)  # warm the file cache and write the .pyc files
    base, full = [], []
    for _ in range(runs):
        base.append(_subprocess_time(base_code))
        full.append(_subprocess_time(full_code))
    b, f = statistics.median(base), statistics.median(full)
    return b, f, f - b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=15, help="timeit repeats (default 15)")
    ap.add_argument("--import-runs", type=int, default=9, help="fresh subprocesses per import case (default 9)")
    args = ap.parse_args(argv)

    from itband_edu import running_stance, single_leg_stance

    single_leg_stance()  # load and cache the parameters once, as a notebook would
    running_stance()
    t_stance = _per_call(lambda: single_leg_stance(75.0, 0.7, 0.0, 5.0), number=500, repeats=args.repeats)
    t_run = _per_call(lambda: running_stance(n_samples=101), number=200, repeats=args.repeats)
    b, f, extra = import_overhead(args.import_runs)

    print(f"single_leg_stance, one evaluation:        {t_stance * 1e6:8.1f} us (median of {args.repeats} x 500)")
    print(f"running_stance, 101 samples (one stance):  {t_run * 1e6:8.1f} us (median of {args.repeats} x 200)"
          f"   target < {TARGET_STANCE_PHASE_S * 1e3:.0f} ms")
    print(f"python -c 'import numpy, matplotlib':      {b * 1e3:8.1f} ms (median of {args.import_runs} fresh processes)")
    print(f"  ... plus 'import itband_edu':            {f * 1e3:8.1f} ms")
    print(f"import itband_edu adds:                    {extra * 1e3:8.1f} ms   target < {TARGET_IMPORT_S * 1e3:.0f} ms")
    ok = t_run < TARGET_STANCE_PHASE_S and extra < TARGET_IMPORT_S
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
