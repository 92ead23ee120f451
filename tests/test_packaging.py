"""Packaging: the pins Binder gets, a wheel that carries its data, and a light ``import itband_edu``."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PINNED = ("jupyterlab", "ipywidgets", "ipympl", "matplotlib", "numpy", "jupyterlab-deck")
PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)\s*$")


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _env_pip_lines() -> list[str]:
    deps = _environment()["dependencies"]
    pip = [d["pip"] for d in deps if isinstance(d, dict) and "pip" in d]
    assert len(pip) == 1, "environment.yml needs exactly one pip: section"
    return [str(x) for x in pip[0]]


def _pins(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        m = PIN.match(line)
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def _constraints() -> dict[str, str]:
    lines = [ln.split("#", 1)[0] for ln in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()]
    return _pins([ln for ln in lines if ln.strip()])


# --------------------------------------------------------------------------------------------------
# (a), (b): Binder's pins == CI's constraints == what is installed here


def test_environment_pins_equal_constraints() -> None:
    env, cons = _pins(_env_pip_lines()), _constraints()
    for name in PINNED:
        assert name in env, f"environment.yml does not pin {name}"
        assert name in cons, f"constraints.txt does not pin {name}"
    assert env == cons, f"environment.yml pins {env} differ from constraints.txt pins {cons}"


@pytest.mark.parametrize("name", PINNED)
def test_installed_version_is_the_pinned_one(name: str) -> None:
    """CI tests exactly what Binder gets: the installed version must equal the pin."""
    assert importlib.metadata.version(name) == _constraints()[name]


def test_environment_yml_shape() -> None:
    deps = _environment()["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    assert "python=3.11" in [d.replace(" ", "") for d in conda]
    assert "pip" in conda
    pip = _env_pip_lines()
    assert "-e .[lab]" in pip
    assert not [x for x in pip if x.strip().startswith(("-r", "--requirement"))], "no -r in environment.yml"
    unpinned = [x for x in pip if not x.startswith("-e") and not PIN.match(x)]
    assert not unpinned, f"every pip requirement in environment.yml must be pinned with ==: {unpinned}"


# --------------------------------------------------------------------------------------------------
# (c): a non-editable wheel carries the data and works without the repository


def _build_wheel(out: Path) -> Path:
    if importlib.util.find_spec("uv") is not None:
        cmd = [sys.executable, "-m", "uv", "build", "--wheel", "--out-dir", str(out), str(ROOT)]
    elif shutil.which("uv"):
        cmd = [str(shutil.which("uv")), "build", "--wheel", "--out-dir", str(out), str(ROOT)]
    elif importlib.util.find_spec("build") is not None:
        cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    else:  # pragma: no cover
        pytest.fail("neither uv nor build is installed; the [test] extra installs build")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=out)
    assert proc.returncode == 0, f"wheel build failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = list(out.glob("itband_edu-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("wheel"))


def test_wheel_contains_the_data_and_the_lab_settings(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    csvs = sorted(p.name for p in (ROOT / "data").glob("*.csv"))
    assert {"anthropometry.csv", "muscles.csv", "tissue.csv", "references.csv"} <= set(csvs)
    with zipfile.ZipFile(wheel) as z:
        for name in csvs:
            assert f"itband_edu/data/{name}" in names, f"{name} missing from the wheel"
            assert z.read(f"itband_edu/data/{name}") == (ROOT / "data" / name).read_bytes()
        settings = [n for n in names if n.endswith(".data/data/share/jupyter/lab/settings/overrides.json")]
        assert len(settings) == 1, names
        assert json.loads(z.read(settings[0])) == json.loads((ROOT / "jupyter-config" / "overrides.json").read_text())
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "src/"))]


def test_installed_wheel_finds_its_data_without_the_repository(wheel: Path, tmp_path: Path) -> None:
    """Unpack the wheel (a pure-Python wheel is a zip of site-packages) and import it in a fresh
    interpreter that cannot see the repository: no site (so no editable-install .pth), the target
    first on the path, only NumPy's folder after it, and a working directory outside the repository."""
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(target)
    numpy_dir = Path(numpy.__file__).resolve().parents[1]
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        import itband_edu
        from itband_edu.parameters import data_dir
        target, repo = Path({str(target)!r}).resolve(), Path({str(ROOT)!r}).resolve()
        assert Path(itband_edu.__file__).resolve().is_relative_to(target), itband_edu.__file__
        # the venv may live inside the checkout; what matters is that src/ and the checkout root are absent
        assert not [p for p in sys.path if Path(p or '.').resolve() in (repo, repo / 'src')], sys.path
        assert data_dir().resolve().is_relative_to(target), data_dir()
        p = itband_edu.default_parameters()
        r = itband_edu.single_leg_stance()
        assert 1.0 < r.hip_contact_force_bw < 5.0
        b = itband_edu.band_stretch(stretch=0.02)
        assert 0.0 < b.band_share < 0.5
        print("ok", len(p.muscles), round(r.hip_contact_force_bw, 3))
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(target), str(numpy_dir)])
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok 8 ")


# --------------------------------------------------------------------------------------------------
# (d): importing the model stays light


def test_import_does_not_pull_in_widgets_or_pyplot() -> None:
    code = (
        "import sys, itband_edu; "
        "print(','.join(sorted(m for m in ('ipywidgets', 'matplotlib.pyplot', 'ipympl') if m in sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"import itband_edu imported: {proc.stdout.strip()}"
