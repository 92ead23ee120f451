"""The JupyterLite site in Chromium, with every request outside 127.0.0.1 aborted: Pyodide's kernel starts
from the site alone, the course wheel installs from the site's own index, ipywidgets renders a live slider,
and the only requests for outside are the compiled wheels (numpy, matplotlib and theirs) on Pyodide's CDN,
which a real reader's browser fetches once. A probe that leaks a request elsewhere is caught."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect
from browser_harness import REPO_ROOT, ServerProcess
from browser_harness.lite import CURRENT, DONE_MARK, cut_off, run_cell, run_in_lite, start_static_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

sys.path.insert(0, str(REPO_ROOT / "tools"))
import build_lite  # noqa: E402

pytestmark = pytest.mark.browser

PROBE = [
    "import sys\nprint('PYTHON', sys.version.split()[0], sys.platform)",
    "import piplite\nawait piplite.install('itband-edu', deps=False)\nimport importlib.metadata\n"
    "print('COURSE', importlib.metadata.version('itband-edu'))",
    "import ipywidgets\nprint('WIDGETS', ipywidgets.__version__)\nipywidgets.IntSlider(3, description='probe')",
    # What a lesson's install cell asks for: offline, numpy and matplotlib cannot arrive
    "await piplite.install('itband-edu')\ntry:\n    import numpy\n    print('NUMPY', numpy.__version__)\n"
    "except ImportError as e:\n    print('NO-NUMPY', e)",
    f"print('{DONE_MARK}')",
]
LEAK = [
    "from js import fetch\ntry:\n    await fetch('https://example.org/leak.json')\nexcept Exception as e:\n"
    "    print('FETCH-FAILED', type(e).__name__)",
    f"print('{DONE_MARK}')",
]


def _notebook(path: Path, cells: list[str]) -> Path:
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}},
          "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None, "outputs": [],
                     "source": src} for i, src in enumerate(cells)]}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lite_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Path]]:
    """The site of lessons 00 and 01 plus two probe notebooks, built offline, served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("lite-browser")
    probes = base / "probes"
    probes.mkdir()
    lessons = [REPO_ROOT / "notebooks" / "00_start_here.ipynb", REPO_ROOT / "notebooks" / "01_the_band.ipynb",
               _notebook(probes / "lite_probe.ipynb", PROBE), _notebook(probes / "lite_leak.ipynb", LEAK)]
    out = base / "site"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import build_lite; from pathlib import Path; "
            "build_lite.build(Path(sys.argv[2]), lessons=[Path(p) for p in sys.argv[3:]], offline=True)")
    proc = subprocess.run([sys.executable, "-c", code, str(REPO_ROOT / "tools"), str(out), *map(str, lessons)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with start_static_server(out, base / "state") as server:
        yield server, out


@pytest.mark.timeout(300)
def test_the_kernel_starts_and_installs_the_course_from_the_site_alone(lite_site: tuple[ServerProcess, Path],
                                                                        page: Page) -> None:
    server, site = lite_site
    run = run_in_lite(page, server, "lite_probe.ipynb")
    print(run.summary())
    assert run.finished, run.summary()
    assert (run.output_with("PYTHON") or "").startswith("PYTHON 3.14"), run.summary()
    assert run.output_with("COURSE") == "COURSE 0.1.0", run.summary()
    assert any(u.startswith("pypi/itband_edu-0.1.0-py3-none-any.whl") for u in run.local), run.local
    assert run.output_with("WIDGETS") == "WIDGETS 8.1.9" and run.sliders == 1, run.summary()
    assert (run.output_with("NO-NUMPY") or "").startswith("NO-NUMPY"), run.summary()
    # every request for outside was one of the expected CDN wheels, and each of them was asked for
    assert build_lite.unexpected_requests(run.outside, site) == [], run.summary()
    assert set(run.outside) == build_lite.expected_cdn_urls(site), run.summary()


@pytest.mark.timeout(300)
def test_a_request_for_anywhere_else_is_caught(lite_site: tuple[ServerProcess, Path], page: Page) -> None:
    """The check on a probe broken on purpose: it fetches a file from example.org."""
    server, site = lite_site
    run = run_in_lite(page, server, "lite_leak.ipynb")
    assert run.finished and run.output_with("FETCH-FAILED"), run.summary()
    assert build_lite.unexpected_requests(run.outside, site) == ["https://example.org/leak.json"], run.summary()


@pytest.mark.timeout(300)
def test_a_lesson_opens_and_its_install_cell_asks_only_for_the_cdn_wheels(lite_site: tuple[ServerProcess, Path],
                                                                          page: Page) -> None:
    server, site = lite_site
    local: list[str] = []
    outside: list[str] = []
    with cut_off(page, server, local, outside):
        page.goto(f"{server.base_url}/lab/index.html?path=01_the_band.ipynb")
        first = page.locator(f"{CURRENT} .jp-Cell").first
        # the cell's editor fills in after the cell appears: wait for its text
        expect(first).to_contain_text("%pip install -q itband-edu", timeout=90_000)
        expect(page.locator(f"{CURRENT} h1").first).to_contain_text("seatbelt, not a bungee cord")
        prompt = run_cell(page, first)
    assert prompt == "[1]:", f"the install cell never finished (its prompt: {prompt!r})"
    assert any(u.startswith("pypi/itband_edu-0.1.0-py3-none-any.whl") for u in local), local
    assert outside and build_lite.unexpected_requests(outside, site) == [], outside
