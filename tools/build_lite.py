"""The course in JupyterLite: JupyterLab and a Python kernel (Pyodide) running in the reader's browser.

Usage::

    .venv/bin/python tools/build_lite.py                    # -> artifacts/site/lite/ (fetches once, then offline)
    .venv/bin/python tools/build_lite.py --out DIR          # another folder
    .venv/bin/python tools/build_lite.py --offline          # refuse to fetch: fail if the cache is missing
    .venv/bin/python tools/build_lite.py fetch              # only fill the cache (build/lite-cache/)
    .venv/bin/python tools/build_lite.py lock               # maintainers: re-pin lite/browser-wheels.txt

What the site holds, and what it does not:

- **Pyodide's core** (the CPython interpreter compiled to WebAssembly and its standard library), from the
  npm package ``pyodide`` at the version jupyterlite-pyodide-kernel was built for, checked against the
  integrity hash pinned in ``lite/pyodide.json``.
- **Every pure-Python wheel the kernel starts with** (micropip, IPython and its dependencies, jedi) and the
  pure-Python dependencies of matplotlib, downloaded from PyPI at the versions Pyodide's lock file names,
  with the hashes pinned in ``lite/browser-wheels.txt``. PyPI's files are not byte-identical to the ones
  Pyodide repackaged, so the site's ``pyodide-lock.json`` carries the hash of the file the site serves.
- **The course wheel** (built here from the checkout, data included) and the pure-Python wheels it needs
  beyond Pyodide's own (ipywidgets, comm, jupyterlab_widgets, ipympl), in the site's piplite index; PyPI
  itself is never asked (``disablePyPIFallback``).
- **Not** the compiled wheels (numpy, matplotlib, Pillow, kiwisolver, contourpy): they are WebAssembly
  builds that only Pyodide's CDN serves (not PyPI, not npm). The site's lock file points at them on
  ``cdn.jsdelivr.net`` with their published hashes, so a reader needs a connection the first time a lesson
  runs ``%pip install itband-edu``; the browser caches them afterwards.

Each lesson is copied into the site with one cell added at its top: ``%pip install itband-edu`` (piplite,
from this site). The explorers draw with matplotlib's Agg canvas into a PNG (``views/figure.py``), so they
need no ipympl canvas; ipympl is bundled only because the package depends on it.

The build itself (``jupyter lite build``) reads only the cache and the checkout: ``tests/test_lite.py``
runs it with the network cut off.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LITE = ROOT / "lite"  # the committed inputs: config, pins
CACHE = ROOT / "build" / "lite-cache"
DEFAULT_OUT = ROOT / "artifacts" / "site" / "lite"
PYODIDE_PIN = LITE / "pyodide.json"
BROWSER_WHEELS = LITE / "browser-wheels.txt"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: Pyodide packages the kernel loads when it starts (worker: micropip, then piplite installs these).
KERNEL_START = ("micropip", "ipython", "jedi")
#: Packages the course imports that Pyodide provides (their dependencies follow from the lock file).
COURSE_FROM_PYODIDE = ("numpy", "matplotlib")
#: Pure-Python wheels the course needs that Pyodide does not provide: served from the site's piplite index.
PIPLITE = ("ipywidgets", "comm", "jupyterlab-widgets", "ipympl")
#: The federated JupyterLab extensions the site carries (the Pyodide kernel, the widget manager, ipympl).
EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib")
#: Files of the npm package that a browser never loads.
PYODIDE_SKIP = re.compile(r"\.(map|d\.ts|md|html)$")
#: The Python of Pyodide's kernel (its lock file's info.python, checked when the site is staged).
BROWSER_PYTHON = "3.14"
#: What pip downloads for that kernel: pure-Python wheels only.
BROWSER_TARGET = ("--only-binary=:all:", "--python-version", BROWSER_PYTHON, "--implementation", "py",
                  "--abi", "none", "--platform", "any")
INSTALL_CELL_ID = "lite-install"
INSTALL_SOURCE = (
    "# JupyterLite only: install the course into this browser tab from this site. numpy and matplotlib come\n"
    "# from Pyodide's CDN: the first run needs a connection, later runs use the browser's cache.\n"
    "%pip install -q itband-edu"
)


def norm(name: str) -> str:
    """A package name as PEP 503 normalises it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kernel_pyodide_version() -> str:
    """The Pyodide version the installed jupyterlite-pyodide-kernel was built for."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return str(PYODIDE_VERSION)


def pyodide_pin() -> dict[str, str]:
    pin = json.loads(PYODIDE_PIN.read_text(encoding="utf-8"))
    if pin["version"] != kernel_pyodide_version():
        raise SystemExit(f"lite/pyodide.json pins Pyodide {pin['version']} but jupyterlite-pyodide-kernel "
                         f"{_version('jupyterlite-pyodide-kernel')} needs {kernel_pyodide_version()}: "
                         "re-pin with `tools/build_lite.py lock`")
    return pin


def _version(dist: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(dist)


def cdn_url(version: str) -> str:
    return f"https://cdn.jsdelivr.net/pyodide/v{version}/full/"


# --- which wheels ------------------------------------------------------------------------------------------

def lock_closure(packages: dict[str, Any], roots: Iterable[str]) -> set[str]:
    """Normalised names of ``roots`` and everything they depend on in a Pyodide lock file's packages."""
    by_norm = {norm(k): v for k, v in packages.items()}
    seen: set[str] = set()
    todo = [norm(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in by_norm:
            raise SystemExit(f"Pyodide's lock file has no package {name!r}")
        seen.add(name)
        todo.extend(norm(d) for d in by_norm[name]["depends"])
    return seen


def is_pure(entry: dict[str, Any]) -> bool:
    return str(entry["file_name"]).endswith("-none-any.whl")


def local_from_lock(packages: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Lock entries the site serves itself: the pure-Python wheels of the kernel and of the course's imports."""
    wanted = lock_closure(packages, (*KERNEL_START, *COURSE_FROM_PYODIDE))
    return {norm(k): v for k, v in packages.items() if norm(k) in wanted and is_pure(v)}


def cdn_only(packages: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Lock entries of the course's imports that only Pyodide's CDN has (compiled WebAssembly wheels)."""
    wanted = lock_closure(packages, COURSE_FROM_PYODIDE)
    return {norm(k): v for k, v in packages.items() if norm(k) in wanted and not is_pure(v)}


def read_requirements(path: Path = BROWSER_WHEELS) -> dict[str, tuple[str, str]]:
    """``name -> (version, sha256)`` from lite/browser-wheels.txt (``name==version --hash=sha256:...``)."""
    reqs: dict[str, tuple[str, str]] = {}
    line_re = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})$")
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = line_re.match(line)
        if not m:
            raise SystemExit(f"{path.name} line {n}: expected 'name==version --hash=sha256:<64 hex>', got {raw!r}")
        reqs[norm(m.group(1))] = (m.group(2), m.group(3))
    return reqs


# --- fetching (registries only: npm for Pyodide's core, PyPI for wheels) --------------------------------

def _run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, text=True, capture_output=True, **kw)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}")
    return proc


def pyodide_tarball(cache: Path = CACHE, *, offline: bool = False) -> Path:
    """The pinned npm tarball of Pyodide's core, fetched once and checked against its pinned integrity."""
    pin = pyodide_pin()
    tgz = cache / f"pyodide-{pin['version']}.tgz"
    if not tgz.exists():
        if offline:
            raise SystemExit(f"{tgz} is missing and --offline forbids fetching: run `tools/build_lite.py fetch` "
                             "(it downloads from the npm registry and PyPI)")
        cache.mkdir(parents=True, exist_ok=True)
        _run(["npm", "pack", "--silent", f"pyodide@{pin['version']}", "--pack-destination", str(cache)])
    got = "sha512-" + base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if got != pin["integrity"]:
        raise SystemExit(f"{tgz} has integrity {got}, lite/pyodide.json pins {pin['integrity']}")
    return tgz


def browser_wheels(cache: Path = CACHE, *, offline: bool = False) -> dict[str, Path]:
    """The pinned pure-Python wheels for the browser, fetched once from PyPI and checked against their hashes."""
    reqs = read_requirements()
    folder = cache / "wheels"
    have = {norm(p.name.split("-")[0]): p for p in folder.glob("*.whl")} if folder.exists() else {}
    missing = [n for n, (v, h) in reqs.items() if n not in have or sha256(have[n]) != h]
    if missing:
        if offline:
            raise SystemExit(f"wheels {missing} are missing from {folder} and --offline forbids fetching")
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("\n".join(f"{n}=={v} --hash=sha256:{h}" for n, (v, h) in reqs.items() if n in missing))
        _run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes", *BROWSER_TARGET,
              "-d", str(folder), "-r", fh.name])
        os.unlink(fh.name)
        have = {norm(p.name.split("-")[0]): p for p in folder.glob("*.whl")}
    out = {}
    for n, (v, h) in reqs.items():
        if n not in have or sha256(have[n]) != h:
            raise SystemExit(f"{n}=={v}: no wheel with the pinned hash in {folder}")
        out[n] = have[n]
    return out


def lock(cache: Path = CACHE) -> None:
    """Maintainers: pin every browser wheel (from Pyodide's lock and PIPLITE at the course's constraints)."""
    packages = _npm_lock(pyodide_tarball(cache))
    wanted = {n: str(e["version"]) for n, e in local_from_lock(packages).items()}
    constraints = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (ROOT / "constraints.txt").read_text(), re.M))
    constraints = {norm(k): v for k, v in constraints.items()}
    for name in PIPLITE:
        wanted[norm(name)] = constraints.get(norm(name)) or _version(name)
    with tempfile.TemporaryDirectory() as tmp:
        _run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", *BROWSER_TARGET, "-d", tmp,
              *[f"{n}=={v}" for n, v in sorted(wanted.items())]])
        lines = ["# Pure-Python wheels the JupyterLite site serves (tools/build_lite.py; re-pin with its `lock`).",
                 f"# From Pyodide {pyodide_pin()['version']}'s lock file: the kernel's start and matplotlib's "
                 "pure dependencies;",
                 "# the rest: what the course needs beyond Pyodide, at constraints.txt's versions."]
        for n in sorted(wanted):
            whl = next(p for p in Path(tmp).glob("*.whl") if norm(p.name.split("-")[0]) == n)
            lines.append(f"{n}=={wanted[n]} --hash=sha256:{sha256(whl)}")
    BROWSER_WHEELS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _npm_lock(tgz: Path) -> dict[str, Any]:
    with tarfile.open(tgz) as tar:
        member = tar.extractfile("package/pyodide-lock.json")
        assert member is not None
        return json.load(member)["packages"]


# --- building (offline) ----------------------------------------------------------------------------------

def site_lock(lock_json: dict[str, Any], served: dict[str, Path], version: str) -> dict[str, Any]:
    """Pyodide's lock file as the site serves it: the wheels the site holds with their own file and hash,
    every other package at its absolute address on Pyodide's CDN (with the hash Pyodide published)."""
    out = copy.deepcopy(lock_json)
    for key, entry in out["packages"].items():
        whl = served.get(norm(key))
        if whl is not None:
            if not whl.name.startswith(entry["file_name"].split("-")[0]) or f"-{entry['version']}-" not in whl.name:
                raise SystemExit(f"{whl.name} is not {entry['name']} {entry['version']} of Pyodide's lock file")
            entry["file_name"] = whl.name
            entry["sha256"] = sha256(whl)
        else:
            entry["file_name"] = cdn_url(version) + entry["file_name"]
    return out


def lite_notebook(lesson: Path) -> dict[str, Any]:
    """A lesson as the site carries it: unchanged, with the install cell on top."""
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    cell: dict[str, Any] = {"cell_type": "code", "execution_count": None, "id": INSTALL_CELL_ID,
                            "metadata": {"tags": ["lite-install"]}, "outputs": [], "source": INSTALL_SOURCE}
    nb["cells"].insert(0, cell)
    return nb


def build_course_wheel(dest: Path) -> Path:
    """The course's wheel from this checkout (its data inside), built without reaching an index."""
    dest.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(dest), str(ROOT)])
    wheels = sorted(dest.glob("itband_edu-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one course wheel in {dest}, found {wheels}")
    return wheels[0]


def extension_dirs() -> list[Path]:
    share = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    dirs = [share / name for name in EXTENSIONS]
    missing = [str(d) for d in dirs if not (d / "package.json").exists()]
    if missing:
        raise SystemExit(f"JupyterLab extensions missing from this environment: {missing}")
    return dirs


def stage(stage_dir: Path, lessons: list[Path], *, offline: bool, cache: Path = CACHE) -> dict[str, Any]:
    """Lay out the lite directory ``jupyter lite build`` reads; returns what it holds, for the report."""
    tgz = pyodide_tarball(cache, offline=offline)
    wheels = browser_wheels(cache, offline=offline)
    version = pyodide_pin()["version"]
    pyodide = stage_dir / "static" / "pyodide"
    pyodide.mkdir(parents=True)
    with tarfile.open(tgz) as tar:
        for m in tar.getmembers():
            name = m.name.removeprefix("package/")
            if m.isfile() and not PYODIDE_SKIP.search(name) and name != "package.json":
                src = tar.extractfile(m)
                assert src is not None
                (pyodide / name).write_bytes(src.read())
    lock_json = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    python = str(lock_json["info"]["python"])
    if python != BROWSER_PYTHON and not python.startswith(f"{BROWSER_PYTHON}."):
        raise SystemExit(f"Pyodide {version} runs Python {python}, but the browser wheels are pinned for "
                         f"{BROWSER_PYTHON} (BROWSER_PYTHON): change it and re-pin with `tools/build_lite.py lock`")
    from_lock = local_from_lock(lock_json["packages"])
    served = {}
    for n in from_lock:
        if n not in wheels:
            raise SystemExit(f"lite/browser-wheels.txt lacks {n} (Pyodide's lock needs it): run `lock`")
        served[n] = Path(shutil.copy2(wheels[n], pyodide / wheels[n].name))
    (pyodide / "pyodide-lock.json").write_text(json.dumps(site_lock(lock_json, served, version)), encoding="utf-8")
    pypi = stage_dir / "pypi"
    course = build_course_wheel(pypi)
    for n in map(norm, PIPLITE):
        shutil.copy2(wheels[n], pypi / wheels[n].name)
    files = stage_dir / "files"
    files.mkdir()
    for lesson in lessons:
        (files / lesson.name).write_text(json.dumps(lite_notebook(lesson), indent=1), encoding="utf-8")
    for name in ("jupyter-lite.json", "jupyter_lite_config.json"):
        shutil.copy2(LITE / name, stage_dir / name)
    return {"pyodide": version, "served_from_lock": sorted(served),
            "piplite": sorted(p.name for p in pypi.glob("*.whl")), "course_wheel": course.name,
            "cdn_only": sorted(cdn_only(lock_json["packages"]))}


def build(out: Path = DEFAULT_OUT, *, lessons: list[Path] | None = None, offline: bool = False,
          cache: Path = CACHE) -> dict[str, Any]:
    """Build the JupyterLite site into ``out`` (replaced); returns a summary with the time and size."""
    lessons = lessons or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    out = out.resolve()  # `jupyter lite build` runs in the staging folder: a relative --out would land there
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="itband-lite-") as tmp:
        stage_dir = Path(tmp) / "lite"
        summary = stage(stage_dir, lessons, offline=offline, cache=cache)
        if out.exists():
            shutil.rmtree(out)
        cmd = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(stage_dir),
               "--output-dir", str(out), "--contents", str(stage_dir / "files"), "--ignore-sys-prefix",
               "--no-sourcemaps"]
        for d in extension_dirs():
            cmd += ["--LiteBuildConfig.federated_extensions", str(d)]
        _run(cmd, cwd=stage_dir, env={**os.environ, "JUPYTERLITE_NO_LIBARCHIVE": "1"})
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    summary["bytes"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    summary["lessons"] = [p.name for p in lessons]
    return summary


# --- what a built site must be (tests/test_lite.py, tests/browser/test_lite_offline.py) --------------------

def read_site_lock(site: Path) -> dict[str, Any]:
    return json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))


def expected_cdn_urls(site: Path) -> set[str]:
    """The only addresses outside the site a lesson may ask for: the course's compiled wheels on the CDN."""
    packages = read_site_lock(site)["packages"]
    return {str(e["file_name"]) for n, e in packages.items() if norm(n) in lock_closure(packages, COURSE_FROM_PYODIDE)
            and str(e["file_name"]).startswith("https://")}


def unexpected_requests(outside: Iterable[str], site: Path) -> list[str]:
    """Requests for outside the site that are not one of :func:`expected_cdn_urls`, in order, once each."""
    expected = expected_cdn_urls(site)
    return list(dict.fromkeys(u for u in outside if u not in expected))


def site_problems(site: Path) -> list[str]:
    """What is wrong with a built site: its Pyodide, lock file, wheel index, settings or lessons."""
    problems: list[str] = []
    pyodide = site / "static" / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        if not (pyodide / name).is_file():
            problems.append(f"static/pyodide/{name} is missing")
    if problems:
        return problems
    lock_json = read_site_lock(site)
    version = pyodide_pin()["version"]
    cdn = cdn_url(version)
    for key, entry in lock_json["packages"].items():
        name = str(entry["file_name"])
        if name.startswith("https://"):
            if not name.startswith(cdn):
                problems.append(f"lock entry {key}: {name} is outside Pyodide {version}'s CDN")
            continue
        local = pyodide / name
        if not local.is_file():
            problems.append(f"lock entry {key}: {name} is not in static/pyodide/")
        elif sha256(local) != entry["sha256"]:
            problems.append(f"lock entry {key}: {name} does not have the sha256 the lock file gives")
    start = lock_closure(lock_json["packages"], KERNEL_START)
    remote_start = sorted(n for n, e in lock_json["packages"].items()
                          if norm(n) in start and str(e["file_name"]).startswith("https://"))
    if remote_start:
        problems.append(f"the kernel cannot start offline: {remote_start} would come from the CDN")
    settings = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = settings.get("litePluginSettings", {}).get(KERNEL_PLUGIN, {})
    if kernel.get("pyodideUrl") != "./static/pyodide/pyodide.mjs":
        problems.append(f"pyodideUrl is {kernel.get('pyodideUrl')!r}, not the site's own Pyodide")
    if kernel.get("disablePyPIFallback") is not True:
        problems.append("the kernel may fall back to PyPI (disablePyPIFallback is not true)")
    for url in kernel.get("pipliteUrls", []):
        if not url.startswith("./"):
            problems.append(f"piplite index {url} is outside the site")
    names = {e["name"] for e in settings.get("federated_extensions", [])}
    problems += [f"JupyterLab extension {e} is missing" for e in EXTENSIONS if e not in names]
    index = json.loads((site / "pypi" / "all.json").read_text(encoding="utf-8"))
    for dist in ("itband-edu", *PIPLITE):
        releases = index.get(norm(dist), {}).get("releases", {})
        files = [f for rel in releases.values() for f in rel]
        if not files:
            problems.append(f"the site's wheel index has no {dist}")
        for f in files:
            if not (site / "pypi" / Path(f["url"]).name.split("?")[0]).is_file():
                problems.append(f"the wheel index lists {f['url']} but the site has no such file")
    for lesson in sorted((site / "files").glob("*.ipynb")):
        cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
        if not cells or cells[0].get("id") != INSTALL_CELL_ID:
            problems.append(f"files/{lesson.name} does not start with the install cell")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", nargs="?", default="build", choices=("build", "fetch", "lock"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (replaced)")
    ap.add_argument("--offline", action="store_true", help="never fetch: fail if the cache lacks a file")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where fetched files are kept (build/lite-cache)")
    ap.add_argument("--lessons", nargs="+", metavar="NAME", help="only these lessons (names without .ipynb)")
    args = ap.parse_args(argv)
    if args.action == "lock":
        lock(args.cache)
        print(f"wrote {BROWSER_WHEELS.relative_to(ROOT)}")
        return 0
    if args.action == "fetch":
        pyodide_tarball(args.cache)
        browser_wheels(args.cache)
        print(f"cache ready in {args.cache}")
        return 0
    lessons = None
    if args.lessons:
        lessons = [NOTEBOOKS / f"{name.removesuffix('.ipynb')}.ipynb" for name in args.lessons]
        unknown = [p.stem for p in lessons if not p.exists()]
        if unknown:
            raise SystemExit(f"no such lesson(s) in notebooks/: {unknown}")
    s = build(args.out, lessons=lessons, offline=args.offline, cache=args.cache)
    print(f"JupyterLite site in {args.out} ({s['bytes'] / 1e6:.1f} MB, {len(s['lessons'])} lessons, "
          f"Pyodide {s['pyodide']}) in {s['seconds']} s; from Pyodide's CDN at run time: {', '.join(s['cdn_only'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
