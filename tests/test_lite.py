"""The JupyterLite site (tools/build_lite.py): it builds with the network cut off, from the cache that
``tools/build_lite.py fetch`` fills (the README's test command runs it), and what it holds is what the
kernel needs to start in a browser without a connection. Each check is shown failing on a site broken on
purpose. What the site does in a real browser is tests/browser/test_lite_offline.py's."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _offline_prefix() -> list[str]:
    """``unshare -n`` (a network namespace with no interface but loopback) where this user may make one."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole course's site, built by the documented command with --offline and no network."""
    out = tmp_path_factory.mktemp("lite") / "lite"
    cmd = [*_offline_prefix(), sys.executable, str(ROOT / "tools" / "build_lite.py"), "--offline", "--out", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"the offline build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    print(f"JupyterLite build: {time.perf_counter() - t0:.1f} s, {proc.stdout.strip()}")
    return out


@pytest.fixture()
def broken(site: Path, tmp_path: Path) -> Path:
    """A copy of the built site to break (the pieces a test touches are real files, not links)."""
    copy = tmp_path / "lite"
    shutil.copytree(site, copy, symlinks=False)
    return copy


def test_the_build_ran_without_a_network() -> None:
    """The offline check is real where it can be: a namespace with no route out (root, or a user namespace)."""
    prefix = _offline_prefix()
    if not prefix:
        pytest.skip("unshare -n is not allowed here: the build ran with the network, only --offline held it")
    probe = subprocess.run([*prefix, sys.executable, "-c",
                            "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"],
                           capture_output=True, text=True)
    assert probe.returncode != 0, "inside unshare -n a connection to pypi.org succeeded"


def test_the_built_site_has_no_problem(site: Path) -> None:
    assert build_lite.site_problems(site) == []
    assert (site / "lab" / "index.html").is_file() and (site / "index.html").is_file()


def test_every_lesson_is_in_the_site_with_the_install_cell_on_top(site: Path) -> None:
    assert sorted(p.name for p in (site / "files").glob("*.ipynb")) == [p.name for p in LESSONS]
    for lesson in LESSONS:
        original = json.loads(lesson.read_text(encoding="utf-8"))
        served = json.loads((site / "files" / lesson.name).read_text(encoding="utf-8"))
        first, rest = served["cells"][0], served["cells"][1:]
        assert first["cell_type"] == "code" and "%pip install -q itband-edu" in first["source"], lesson.name
        assert rest == original["cells"], f"{lesson.name}: the site changed the lesson beyond the install cell"


def test_the_course_wheel_carries_the_data_of_this_checkout(site: Path) -> None:
    (wheel,) = (site / "pypi").glob("itband_edu-*.whl")
    assert wheel.name == f"itband_edu-{importlib.metadata.version('itband-edu')}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        for csv in sorted((ROOT / "data").glob("*.csv")):
            assert z.read(f"itband_edu/data/{csv.name}") == csv.read_bytes(), csv.name
        assert "itband_edu/views/explorer.py" in z.namelist()


def test_only_the_course_s_compiled_wheels_come_from_the_cdn(site: Path) -> None:
    """Offline, everything the kernel starts with is local; what a lesson fetches is exactly the compiled
    wheels of numpy and matplotlib (and theirs), each at Pyodide's CDN with Pyodide's own hash."""
    names = {Path(u).name.split("-")[0].lower() for u in build_lite.expected_cdn_urls(site)}
    assert names == {"numpy", "matplotlib", "pillow", "kiwisolver", "contourpy"}
    upstream = build_lite._npm_lock(build_lite.pyodide_tarball(offline=True))
    served = build_lite.read_site_lock(site)["packages"]
    for url in build_lite.expected_cdn_urls(site):
        entry = next(e for e in served.values() if e["file_name"] == url)
        original = upstream[next(k for k, e in upstream.items() if url.endswith("/" + e["file_name"]))]
        assert url == build_lite.cdn_url("314.0.6") + original["file_name"] and entry["sha256"] == original["sha256"]


def test_the_served_wheels_are_pyodide_s_versions_with_their_own_hashes(site: Path) -> None:
    served = build_lite.read_site_lock(site)["packages"]
    local = {k: e for k, e in served.items() if not e["file_name"].startswith("https://")}
    assert {"micropip", "ipython", "jedi", "traitlets", "packaging"} <= set(local)
    for key, entry in local.items():
        data = (site / "static" / "pyodide" / entry["file_name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], key
        assert f"-{entry['version']}-" in entry["file_name"], key


def test_the_browser_s_widgets_match_the_lab_extension_they_talk_to() -> None:
    """ipywidgets in the browser must speak to the jupyterlab_widgets front end the site bundles (this
    environment's): a different version breaks every explorer silently."""
    pins = build_lite.read_requirements()
    for dist in ("ipywidgets", "jupyterlab-widgets", "ipympl", "comm"):
        assert pins[dist][0] == importlib.metadata.version(dist), dist


def test_the_jupyterlite_pair_is_pinned_together_and_to_its_pyodide() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    core = re.search(r'"jupyterlite-core==([^"]+)"', text)
    kernel = re.search(r'"jupyterlite-pyodide-kernel==([^"]+)"', text)
    assert core and kernel and core.group(1) == kernel.group(1), "pin jupyterlite-core and its kernel as a pair"
    assert importlib.metadata.version("jupyterlite-core") == core.group(1)
    assert importlib.metadata.version("jupyterlite-pyodide-kernel") == kernel.group(1)
    assert build_lite.pyodide_pin()["version"] == build_lite.kernel_pyodide_version()


# --- each check, failing on a broken site --------------------------------------------------------------

def test_a_missing_or_altered_wheel_is_found(broken: Path) -> None:
    pyodide = broken / "static" / "pyodide"
    (pyodide / build_lite.read_site_lock(broken)["packages"]["micropip"]["file_name"]).unlink()
    jedi = pyodide / build_lite.read_site_lock(broken)["packages"]["jedi"]["file_name"]
    jedi.write_bytes(jedi.read_bytes() + b"x")
    problems = build_lite.site_problems(broken)
    assert any("micropip" in p and "is not in static/pyodide" in p for p in problems), problems
    assert any("jedi" in p and "sha256" in p for p in problems), problems


def test_a_kernel_that_would_start_from_the_cdn_is_found(broken: Path) -> None:
    lock_path = broken / "static" / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["packages"]["ipython"]["file_name"] = build_lite.cdn_url("314.0.6") + "ipython-9.12.0-py3-none-any.whl"
    lock["packages"]["numpy"]["file_name"] = "https://example.org/numpy.whl"
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    problems = build_lite.site_problems(broken)
    assert any("cannot start offline" in p and "ipython" in p for p in problems), problems
    assert any("example.org" in p for p in problems), problems


def test_settings_that_reach_outside_are_found(broken: Path) -> None:
    path = broken / "jupyter-lite.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][build_lite.KERNEL_PLUGIN]
    kernel["pyodideUrl"] = "https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs"
    kernel["disablePyPIFallback"] = False
    kernel["pipliteUrls"].append("https://pypi.org/simple")
    path.write_text(json.dumps(config), encoding="utf-8")
    problems = build_lite.site_problems(broken)
    assert len([p for p in problems if "pyodideUrl" in p or "PyPI" in p or "pypi.org" in p]) == 3, problems


def test_a_lesson_without_its_install_cell_and_a_lost_wheel_are_found(broken: Path) -> None:
    lesson = broken / "files" / LESSONS[1].name
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    nb["cells"] = nb["cells"][1:]
    lesson.write_text(json.dumps(nb), encoding="utf-8")
    next((broken / "pypi").glob("itband_edu-*.whl")).unlink()
    problems = build_lite.site_problems(broken)
    assert any(LESSONS[1].name in p for p in problems), problems
    assert any("itband_edu-" in p and "no such file" in p for p in problems), problems


def test_unexpected_outside_requests_are_named(site: Path) -> None:
    cdn = sorted(build_lite.expected_cdn_urls(site))
    assert build_lite.unexpected_requests(cdn + cdn[:1], site) == []
    leak = ["https://pypi.org/simple/numpy/", "https://example.org/track.js", "https://pypi.org/simple/numpy/"]
    assert build_lite.unexpected_requests(cdn + leak, site) == leak[:2]


def test_an_offline_build_without_the_cache_says_what_to_run(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_lite.py"), "--offline", "--cache",
                           str(tmp_path / "empty"), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode != 0 and "tools/build_lite.py fetch" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_tampered_download_is_refused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    tgz = build_lite.pyodide_tarball(offline=True)
    data = bytearray(tgz.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    (cache / tgz.name).write_bytes(bytes(data))
    with pytest.raises(SystemExit, match="integrity"):
        build_lite.pyodide_tarball(cache, offline=True)
    (cache / "wheels").mkdir()
    wheel = build_lite.browser_wheels(offline=True)["micropip"]
    (cache / "wheels" / wheel.name).write_bytes(wheel.read_bytes() + b"x")
    with pytest.raises(SystemExit, match="micropip"):
        build_lite.browser_wheels(cache, offline=True)


def test_the_explorers_draw_their_png_without_ipympl() -> None:
    """JupyterLite may lack ipympl's canvas: an explorer's display bundle carries its PNG without it."""
    code = ("import sys; sys.modules['ipympl'] = None\n"
            "from itband_edu.views.band import band_explorer\n"
            "b = band_explorer()._repr_mimebundle_()\n"
            "b = b[0] if isinstance(b, tuple) else b\n"
            "assert 'image/png' in b and len(b['image/png']) > 1000, sorted(b)\n"
            "assert 'ipympl' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
            "print('png ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0 and "png ok" in proc.stdout, proc.stderr[-2000:]


def test_a_pyodide_on_another_python_than_the_pinned_wheels_is_refused(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser wheels are pinned for one Python (BROWSER_PYTHON); a Pyodide running another is named."""
    monkeypatch.setattr(build_lite, "BROWSER_PYTHON", "3.13")
    with pytest.raises(SystemExit, match=r"Pyodide 314\.0\.6 runs Python 3\.14\.2, but the browser wheels are pinned "
                                         r"for 3\.13"):
        build_lite.stage(tmp_path / "lite", LESSONS[:1], offline=True)
