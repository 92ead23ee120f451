"""The published course (.github/workflows/pages.yml): its build steps' commands, run here as written with
SITE_DIR in a temporary folder, build the static course site (tools/build_site.py) with the JupyterLite site
in its lite/ folder. The checks read the built pages against the lessons' own source, not against the
builder: every lesson has its page, every ``*Figure:`` caption an image with alt text, no error or check
code is on a page, every question's hint and solution is behind a click, every link on the site leads
somewhere, and nothing is loaded from the network. Each check is shown failing on a site or a lesson broken
on purpose (a lesson that raises, a missing image, a dangling link, a remote load)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402
import class_links  # noqa: E402

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def soup_of(html: str) -> Any:
    """The parsed page (Any: bs4's stubs make every lookup Optional)."""
    return BeautifulSoup(html, "html.parser")


def _cells(lesson: Path) -> list[dict]:
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    for c in cells:
        c["text"] = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
    return cells


def captions(lesson: Path) -> list[str]:
    """The lesson's figure captions (markdown cells that start with ``*Figure:``), as written."""
    return [c["text"] for c in _cells(lesson)
            if c["cell_type"] == "markdown" and c["text"].lstrip().startswith("*Figure:")]


def question_cells(lesson: Path) -> int:
    return sum("question" in c["metadata"].get("tags", []) for c in _cells(lesson))


def explorer_cells(lesson: Path) -> int:
    """Code cells (not checks) that make an explorer."""
    return sum(c["cell_type"] == "code" and "check" not in c["metadata"].get("tags", [])
               and bool(re.search(r"\b\w+_explorer\(", c["text"])) for c in _cells(lesson))


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


def page_problems(site: Path, lesson: Path) -> list[str]:
    """What the lesson's page on ``site`` lacks or holds that it must not, read against the lesson's source."""
    page = site / f"{lesson.stem}.html"
    if not page.is_file():
        return [f"{page.name} is missing"]
    html = page.read_text(encoding="utf-8")
    soup = soup_of(html)
    problems = []
    figures = [img for img in soup.find_all("img") if img.get("src", "").startswith("figures/")]
    wanted = captions(lesson)
    if len(figures) < max(len(wanted), explorer_cells(lesson)):
        problems.append(f"{page.name}: {len(figures)} figure(s), but the lesson has {len(wanted)} caption(s) and "
                        f"{explorer_cells(lesson)} explorer cell(s)")
    for img in figures:
        target = site / img["src"]
        if not target.is_file() or not target.read_bytes().startswith(PNG_MAGIC):
            problems.append(f"{page.name}: {img['src']} is not a PNG file on the site")
        if len(img.get("alt", "").strip()) < 20:
            problems.append(f"{page.name}: {img['src']} has no alt text")
    # each caption is some figure's alt text, whole or its beginning (the page shows the whole caption below)
    alts = [_words(img.get("alt", "")) for img in figures]
    for cap in wanted:
        words = _words(cap.split("Figure:", 1)[1])
        if not any(len(alt) >= 3 and words[: len(alt)] == alt for alt in alts):
            problems.append(f"{page.name}: no figure has the caption {' '.join(words[:6])!r}... as its alt text")
    if soup.select(".jp-OutputArea-error, [data-mime-type='application/vnd.jupyter.stderr']") or "Traceback" in html:
        problems.append(f"{page.name}: shows an error or stderr output")
    text = soup.get_text(" ")
    for code in ("choice_question(", "number_question(", "assert ", "# check"):
        if code in text:
            problems.append(f"{page.name}: shows lesson code that holds answers or checks ({code!r})")
    blocks = soup.select(".itband-quiz")
    if len(blocks) != question_cells(lesson):
        problems.append(f"{page.name}: {len(blocks)} question block(s), the lesson has {question_cells(lesson)}")
    for n, block in enumerate(blocks, 1):
        summaries = [s.get_text(strip=True) for s in block.select("details > summary")]
        if "Worked solution" not in summaries:
            problems.append(f"{page.name}: question {n} has no worked solution behind a click")
        if block.select("details[open]"):
            problems.append(f"{page.name}: question {n} shows its answer open")
        shown = soup_of(str(block))
        for d in shown.select("details"):
            d.decompose()
        if re.search(r"Worked solution|Hint", shown.get_text(" ")):
            problems.append(f"{page.name}: question {n} shows its hint or solution outside a <details>")
    nav = soup.select_one("nav.site-bar")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)] if nav else []
    if not any(h.startswith("lite/lab/index.html?path=") for h in hrefs):
        problems.append(f"{page.name}: no link to the lesson in JupyterLite")
    if class_links.binder_url(lesson.stem) not in hrefs:
        problems.append(f"{page.name}: no link to the lesson on Binder")
    dois = set(re.findall(r"https://doi\.org/(?:[^\s()<>\]]|\([^\s()]*\))+", "".join(c["text"] for c in _cells(lesson)
                                                                   if c["cell_type"] == "markdown")))
    linked = {a["href"] for a in soup.find_all("a", href=True)}
    problems += [f"{page.name}: the reference {d} is not a link" for d in sorted(dois - linked)]
    return problems


def link_problems(site: Path) -> list[str]:
    """Every relative link and source on every page of ``site`` that leads nowhere (files and #anchors), and
    every JupyterLite launch link whose lesson the lite site lacks."""
    problems = []
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            s = soup_of(path.read_text(encoding="utf-8"))
            ids[path] = {t["id"] for t in s.find_all(id=True)}
            ids[path] |= {t["name"] for t in s.find_all("a", attrs={"name": True})}
        return ids[path]

    for page in sorted(site.glob("*.html")):
        soup = soup_of(page.read_text(encoding="utf-8"))
        refs = [a["href"] for a in soup.find_all(["a", "link"], href=True)]
        refs += [t["src"] for t in soup.find_all(src=True)]
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto", "data"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                problems.append(f"{page.name}: {ref!r} leads to no file on the site")
                continue
            # a browser looks for the fragment as written, then percent-decoded (HTML's "indicated part")
            fragments = {parts.fragment, unquote(parts.fragment)}
            if parts.fragment and target.suffix == ".html" and not fragments & anchors(target):
                problems.append(f"{page.name}: {ref!r}: {target.name} has no anchor {parts.fragment!r}")
            if parts.path.endswith("lab/index.html") and parts.query:
                for path in parse_qs(parts.query).get("path", []):
                    if not (target.parent.parent / "files" / path).is_file():
                        problems.append(f"{page.name}: {ref!r}: the JupyterLite site has no {path}")
    return problems


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def build_steps() -> list[dict]:
    """The build job's steps that run a command after the set-up: what makes the site."""
    steps = workflow()["jobs"]["build"]["steps"]
    return [s for s in steps if "run" in s and s.get("name") != "Set up"]


def _offline_prefix() -> list[str]:
    """A command prefix that runs in a network namespace of its own with only the loopback up (the kernels talk
    to nbclient over 127.0.0.1), where this user may make one; [] elsewhere."""
    prefix = [shutil.which("unshare") or "unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "offline"]
    try:
        ok = subprocess.run([*prefix, "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return prefix if ok else []


OFFLINE = _offline_prefix()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as the workflow publishes it: its build steps run here, in order, as written, with SITE_DIR in a
    temporary folder. (``.venv/bin/python`` is this checkout's, as the README's set-up makes it.)"""
    site = tmp_path_factory.mktemp("published") / "_site"
    # relative to the checkout, as the workflow's `_site` is
    env = {**os.environ, "SITE_DIR": os.path.relpath(site, ROOT)}
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.fail("the workflow's commands run .venv/bin/python: set up with the README's command first")
    for step in build_steps():
        t0 = time.perf_counter()
        cmd = ["bash", "-euo", "pipefail", "-c", step["run"]]
        if step["name"].startswith("Build") and OFFLINE:  # the builds: with no network but the loopback
            cmd = [*OFFLINE, *cmd]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"step {step['name']!r} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        print(f"{step['name']}: {time.perf_counter() - t0:.1f} s; {proc.stdout.strip()[-300:]}")
    return site


@pytest.fixture()
def broken(published: Path, tmp_path: Path) -> Path:
    """A copy of the published static site to break, with a stand-in lite/ folder (its lab page and one file per
    lesson) instead of the real one."""
    copy = tmp_path / "site"
    shutil.copytree(published, copy, ignore=shutil.ignore_patterns("lite"))
    (copy / "lite" / "lab").mkdir(parents=True)
    (copy / "lite" / "lab" / "index.html").write_text("lab", encoding="utf-8")
    (copy / "lite" / "files").mkdir()
    for lesson in LESSONS:
        (copy / "lite" / "files" / lesson.name).write_text("{}", encoding="utf-8")
    return copy


# --- the workflow ---------------------------------------------------------------------------------------

def test_the_workflow_sets_up_from_the_site_extra_and_publishes_what_it_builds() -> None:
    wf = workflow()
    steps = wf["jobs"]["build"]["steps"]
    setup = next(s for s in steps if s.get("name") == "Set up")["run"]
    assert "-c constraints.txt" in setup and '-e ".[site]"' in setup, setup
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "${{ env.SITE_DIR }}"
    runs = " ; ".join(s["run"] for s in build_steps())
    assert 'tools/build_site.py --out "$SITE_DIR"' in runs and '--out "$SITE_DIR/lite"' in runs, runs
    assert "--offline" in runs and "build_lite.py fetch" in runs, runs
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert wf["jobs"]["deploy"]["needs"] == "build"


def test_the_builds_ran_without_a_network() -> None:
    """Where a network namespace can be made, the workflow's build steps ran in one: the loopback only."""
    if not OFFLINE:
        pytest.skip("unshare -n (or ip) is not available here: the builds ran with the network")
    probe = subprocess.run([*OFFLINE, sys.executable, "-c",
                            "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"],
                           capture_output=True, text=True, timeout=60)
    assert probe.returncode != 0, "inside the offline namespace a connection to pypi.org succeeded"
    loop = subprocess.run([*OFFLINE, sys.executable, "-c", "import socket; s = socket.socket(); "
                           "s.bind(('127.0.0.1', 0)); s.listen(); socket.create_connection(s.getsockname())"],
                          capture_output=True, text=True, timeout=60)
    assert loop.returncode == 0, loop.stderr


def test_the_site_extra_installs_what_the_builds_import() -> None:
    """The workflow installs only ``.[site]``: the builders' imports must come with it (read from the installed
    distributions' requirements, without installing anything)."""
    from importlib.metadata import distribution

    from packaging.requirements import Requirement

    from importlib.metadata import PackageNotFoundError

    def closure(name: str, extras: set[str]) -> set[str]:
        seen: set[str] = set()
        todo = [(name, extras)]
        while todo:
            n, ex = todo.pop()
            key = re.sub(r"[-_.]+", "-", n).lower()
            if key in seen:
                continue
            seen.add(key)
            try:
                requires = distribution(n).requires or []
            except PackageNotFoundError:  # not for this platform (its marker said so) or not installed
                continue
            for req in map(Requirement, requires):
                envs = [{"extra": e} for e in ex] or [{"extra": ""}]
                if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                    todo.append((req.name, set(req.extras)))
        return seen

    got = closure("itband-edu", {"site"})
    for needed in ("nbclient", "nbconvert", "nbformat", "ipykernel", "beautifulsoup4", "mistune", "matplotlib",
                   "jupyterlite-core", "jupyterlite-pyodide-kernel", "jupyter-server", "hatchling"):
        assert needed in got, f"{needed} does not come with itband-edu[site]"
    assert "jupyterlab" not in got, "the site extra pulls in JupyterLab: the workflow installs more than it needs"


def test_the_readme_gives_the_commands_the_workflow_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for step in build_steps():
        cmd = step["run"].replace('"$SITE_DIR"', "artifacts/site").replace('"$SITE_DIR/lite"', "artifacts/site/lite")
        assert cmd in readme, f"the README does not give the workflow's command {cmd!r}"


# --- the published site ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lesson_has_its_page_with_its_figures_questions_and_launch_links(published: Path, lesson: Path) -> None:
    assert page_problems(published, lesson) == []


def test_every_link_on_the_site_leads_somewhere(published: Path) -> None:
    assert link_problems(published) == []
    index = soup_of((published / "index.html").read_text(encoding="utf-8"))
    assert [a["href"] for a in index.select("tbody td:first-child a")] == [f"{p.stem}.html" for p in LESSONS]


def test_nothing_on_the_site_loads_from_the_network(published: Path) -> None:
    for page in sorted(published.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert build_site.remote_loads(html) == [], page.name
        assert "<script" not in html, f"{page.name} runs a script"
    for css in (published / "assets").glob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css.read_text(encoding="utf-8")), css.name


def test_lesson_links_become_page_links_and_repository_files_github_links(published: Path) -> None:
    start = soup_of((published / "00_start_here.html").read_text(encoding="utf-8"))
    hrefs = {a["href"] for a in start.select("main a[href]")}
    relative = {h for h in hrefs if not urlsplit(h).scheme}
    assert "01_the_band.html" in relative and not any(".ipynb" in h for h in relative), sorted(relative)
    assert "https://github.com/itband-edu/itband-edu/blob/main/docs/instructor.md" in hrefs


# --- each check, failing on a broken case ---------------------------------------------------------------

def test_a_missing_image_and_a_lost_caption_are_found(broken: Path) -> None:
    lesson = ROOT / "notebooks" / "01_the_band.ipynb"
    page = broken / "01_the_band.html"
    soup = soup_of(page.read_text(encoding="utf-8"))
    first = soup.find("img", src=re.compile("^figures/"))
    (broken / first["src"]).unlink()  # the file of the first figure is gone
    found = page_problems(broken, lesson)
    assert any("is not a PNG file" in p for p in found), found
    first.decompose()  # and now the image itself
    second = soup.find("img", src=re.compile("^figures/"))
    del second["alt"]
    page.write_text(str(soup), encoding="utf-8")
    found = page_problems(broken, lesson)
    assert any("1 figure(s), but the lesson has 2 caption(s)" in p for p in found), found
    assert any("has no alt text" in p for p in found), found


def test_error_output_check_code_and_open_answers_are_found(broken: Path) -> None:
    lesson = ROOT / "notebooks" / "02_standing_on_one_leg.ipynb"
    page = broken / "02_standing_on_one_leg.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace("<details>", "<details open>", 1)
    html = html.replace("</main>", "<div class='jp-OutputArea-error'><pre>Traceback (most recent call last)</pre>"
                        "</div><pre># check: the numbers\nassert x == 1</pre></main>", 1)
    page.write_text(html, encoding="utf-8")
    found = page_problems(broken, lesson)
    assert any("shows an error" in p for p in found), found
    assert any("'assert '" in p for p in found) and any("'# check'" in p for p in found), found
    assert any("shows its answer open" in p for p in found), found


def test_a_dangling_link_a_lost_anchor_and_a_missing_lite_lesson_are_found(broken: Path) -> None:
    page = broken / "03_who_pulls_on_the_band.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace("</main>", "<a href='11_not_a_lesson.html'>x</a><a href='01_the_band.html#no-such-part'>y</a>"
                        "</main>", 1)
    page.write_text(html, encoding="utf-8")
    (broken / "lite" / "files" / "04_hip_flexor_dominance.ipynb").unlink()
    found = link_problems(broken)
    assert any("'11_not_a_lesson.html' leads to no file" in p for p in found), found
    assert any("has no anchor 'no-such-part'" in p for p in found), found
    assert any("has no 04_hip_flexor_dominance.ipynb" in p for p in found), found


def test_a_remote_load_is_found(broken: Path) -> None:
    html = (broken / "05_from_the_foot_up.html").read_text(encoding="utf-8")
    html = html.replace("</main>", "<img alt='x' src='https://example.org/figure.png'></main>", 1)
    assert build_site.remote_loads(html), "an image from example.org was not found"


def _tiny_lessons(folder: Path, *cells: list[tuple[str, str]]) -> Path:
    """A notebooks folder of small lessons, each a list of (cell type, source)."""
    import nbformat

    folder.mkdir()
    for k, spec in enumerate(cells):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
                    for kind, src in spec]
        nbformat.write(nb, folder / f"{k:02d}_tiny_{k}.ipynb")
    return folder


FIGURE = ("code", "from itband_edu.views.band import band_explorer\nband_explorer()")
CAPTION = ("md", "*Figure: the band explorer in stretch mode, as a tiny lesson shows it.*")


@pytest.mark.timeout(300)
def test_the_build_stops_on_a_lesson_that_raises_and_names_it(tmp_path: Path) -> None:
    folder = _tiny_lessons(tmp_path / "nb", [("md", "# Fine"), FIGURE, CAPTION],
                           [("md", "# Broken"), ("code", "x = 1"), ("code", "raise ValueError('boom')")])
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the site before", encoding="utf-8")
    with pytest.raises(build_site.SiteError) as err:
        build_site.build(out, folder=folder)
    assert """01_tiny_1: cell 2 ("raise ValueError('boom')") raised ValueError: boom""" in str(err.value), err.value
    assert (out / "index.html").read_text(encoding="utf-8") == "the site before", "a failed build changed the site"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    # the same lessons without the error build, and the checks above pass on them
    (folder / "01_tiny_1.ipynb").unlink()
    summary = build_site.build(out, folder=folder)
    assert summary["lessons"] == ["00_tiny_0"] and summary["figures"] == 1, summary
    # its only dangling links are the launch links to a JupyterLite site this test did not build
    found = link_problems(out)
    assert (out / "00_tiny_0.html").is_file() and sorted(p.split(":")[0] for p in found) == ["00_tiny_0.html",
                                                                                            "index.html"], found
    assert all("'lite/lab/index.html?path=00_tiny_0.ipynb' leads to no file" in p for p in found), found


@pytest.mark.timeout(300)
def test_the_build_refuses_a_figure_without_caption_a_caption_without_figure_and_a_dead_link(tmp_path: Path) -> None:
    folder = _tiny_lessons(tmp_path / "nb", [("md", "# No caption"), FIGURE, ("md", "Some text.")],
                           [("md", "# No figure"), ("code", "1 + 1"), CAPTION],
                           [("md", "# Dead link: see [the guide](../docs/no_such_guide.md)")])
    with pytest.raises(build_site.SiteError) as err:
        build_site.build(tmp_path / "site", folder=folder)
    msg = str(err.value)
    assert "00_tiny_0: cell 1 ('from itband_edu.views.band import band_explorer') shows a figure with no" in msg, msg
    assert "01_tiny_1: the caption in cell 2" in msg and "has no figure" in msg, msg
    assert "02_tiny_2: the link '../docs/no_such_guide.md'" in msg, msg


def test_a_degree_sign_in_maths_is_drawn_as_a_degree() -> None:
    """mathtext's Computer Modern draws a literal ° as a gamma: the pages (and the handouts) draw ^\\circ."""
    import io

    import matplotlib
    import static_html
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    def glyphs(svg: str | None) -> list[str]:
        assert svg is not None
        return re.findall(r'\sd="([^"]+)"', svg)

    def raw(tex: str) -> str:  # mathtext as it is, at the pages' size
        buf = io.BytesIO()
        with matplotlib.rc_context({"mathtext.fontset": "cm", "svg.hashsalt": "itband"}):
            mathtext.math_to_image(f"${tex}$", buf, format="svg", dpi=72, prop=FontProperties(size=11))
        return buf.getvalue().decode()

    assert glyphs(raw(r"\theta = 10°")) != glyphs(raw(r"\theta = 10^{\circ}")), "mathtext now draws ° itself"
    assert glyphs(static_html.math_svg(r"\theta = 10°")) == glyphs(raw(r"\theta = 10^{\circ}"))


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_a_number_of_workers_that_is_no_number_of_kernels_is_refused(workers: object, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=rf"workers={workers!r} is not a number of kernels: allowed values are"):
        build_site.build(tmp_path / "site", workers=workers)  # type: ignore[arg-type]
    assert not (tmp_path / "site").exists()


def test_an_unknown_lesson_is_refused_with_the_allowed_names(tmp_path: Path) -> None:
    with pytest.raises(build_site.SiteError, match=r"lessons \['01_the_bnad'\] are not in .*: allowed values are"):
        build_site.build(tmp_path / "site", lessons=["01_the_bnad"])


@pytest.mark.parametrize("lite_url", ["", "  ", "lite/?x=1", "lite/#top", "ftp://example.org/lite/", "https:lite"])
def test_a_lite_url_that_is_no_site_address_is_refused(lite_url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"lite_url=.* is not where a JupyterLite site is: allowed values are"):
        build_site.build(tmp_path / "site", lite_url=lite_url)


@pytest.mark.parametrize("lite_url", ["lite/", "../lite", "https://example.org/course/lite/"])
def test_a_lite_url_may_be_relative_or_absolute(lite_url: str) -> None:
    assert build_site.check_lite_url(lite_url) == lite_url
    link = build_site.lite_link(lite_url, "01_the_band")
    assert link == f"{lite_url.rstrip('/')}/lab/index.html?path=01_the_band.ipynb"
