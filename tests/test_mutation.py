"""A taught parameter changed by 1 % in data/ makes the lesson that teaches it fail under nbval.

The lessons' check cells assert every model number the prose states, to the prose's rounding;
this shows they are strict enough to notice a 1 % change in what the lesson is about. The lesson
runs against a copy of data/ (``ITBAND_EDU_DATA``) in a subprocess; the count of failing cells is
printed with the result.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: (lesson, file in data/, parameter) — one taught parameter per lesson.
MUTATIONS = [
    ("01_the_band", "tissue.csv", "itb_youngs_modulus"),
    ("02_standing_on_one_leg", "anthropometry.csv", "hat_com_height"),
    ("03_who_pulls_on_the_band", "muscles.csv", "tensor_fasciae_latae.max_isometric_force"),
    ("04_hip_flexor_dominance", "muscles.csv", "tensor_fasciae_latae.flexion_moment_arm"),
    ("05_from_the_foot_up", "chain.csv", "eversion_to_tibial_rotation"),
    ("06_at_the_knee", "knee.csv", "epicondyle_height"),
    ("07_a_running_stride", "gait.csv", "peak_hip_adduction"),
    ("08_what_helps", "evidence.csv", "roller_force_foam"),
    ("09_assess_the_whole_chain", "gait.csv", "peak_rearfoot_eversion"),
    ("10_how_good_is_this_model", "muscles.csv", "gluteus_maximus_1.itb_fraction"),
]


def mutated_data(dest: Path, filename: str, name: str, factor: float) -> Path:
    from itband_edu.parameters import data_dir

    shutil.copytree(data_dir(), dest)
    path = dest / filename
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    hits = [r for r in rows if r["name"] == name]
    assert len(hits) == 1, f"{name} not found once in {filename}"
    hits[0]["value"] = repr(float(hits[0]["value"]) * factor)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return dest


def run_nbval(lesson: str, data: Path | None) -> tuple[int, int, str]:
    """(failed, passed) cells of one lesson under nbval, with ``data`` as the parameter folder."""
    env = {k: v for k, v in os.environ.items() if k != "ITBAND_EDU_DATA"}
    if data is not None:
        env["ITBAND_EDU_DATA"] = str(data)
    out = subprocess.run(
        # nbval's options come from pyproject.toml's addopts, as in the main run
        [sys.executable, "-m", "pytest", "-q", str(ROOT / "notebooks" / f"{lesson}.ipynb")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    tail = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-500:]
    failed = int(m.group(1)) if (m := re.search(r"(\d+) failed", tail)) else 0
    passed = int(m.group(1)) if (m := re.search(r"(\d+) passed", tail)) else 0
    return failed, passed, tail


@pytest.mark.timeout(600)
@pytest.mark.parametrize("lesson, filename, name", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_one_percent_change_of_a_taught_parameter_fails_the_lesson(
    lesson: str, filename: str, name: str, tmp_path: Path
) -> None:
    failed, passed, tail = run_nbval(lesson, mutated_data(tmp_path / "data", filename, name, 1.01))
    print(f"{lesson}: {name} x 1.01 -> {failed} failing cell(s), {passed} passing ({tail})")
    assert failed >= 1 and passed >= 1, tail
