"""The static course site: every lesson executed at build time and written as an HTML page, for reading the
course without running anything (a phone, a school laptop, a slow connection).

Usage::

    .venv/bin/python tools/build_site.py                         # all lessons -> artifacts/site/
    .venv/bin/python tools/build_site.py --lessons 01_the_band --out /tmp/site

Each page holds the lesson's text, equations (drawn as SVG by matplotlib's mathtext: no MathJax, no script at
all), tables, every figure in its starting state (the PNG in each explorer's display bundle, as a file in
``figures/`` with the lesson's ``*Figure: ...*`` caption as its alt text), every question with its options or
number box and its hint and worked solution behind a click (the quiz's static fallback, views/quiz.py), the
references as links, and a bar with the previous and next lesson and two launch links: the lesson in
JupyterLite (``--lite-url``, the site tools/build_lite.py builds; ``lite/`` beside the pages by default) and on
Binder. ``index.html`` lists the lessons with the claim each examines (the README's lesson table).

The build refuses, naming the lesson and the cell: a cell that raises or writes to stderr, a figure without a
caption beside it, a caption without a figure, a link to a file that is neither a lesson nor in the
repository, and a page that would load anything from the network.

Why nbconvert: the course already exports lessons with it (the README's export command, the handouts), it
is installed with JupyterLab, it shows each explorer's PNG (no widget state is stored), and it runs offline
in seconds. Jupyter Book 1 builds through Sphinx and loads MathJax and its theme's assets from a CDN when the
page is read; MyST's ``mystmd`` is a Node tool that downloads its theme at build time. Both would add a
toolchain to keep for what a template and a stylesheet do here.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html as htmllib
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from class_links import DEFAULT_REPO_URL, binder_url  # noqa: E402  (tools/ is no package)
from static_html import (  # noqa: E402
    NOTEBOOKS,
    ROOT,
    drop_scripts,
    execute,
    export_html,
    lesson_names,
    notebook_title,
    plain_text,
    remote_loads,
    render_maths,
)

DEFAULT_OUT = ROOT / "artifacts" / "site"
README = ROOT / "README.md"
#: Where a link to a repository file (not a lesson) points: the file on GitHub.
REPO_BLOB = f"{DEFAULT_REPO_URL}/blob/main/"
#: JupyterLite's lab, relative to the pages; ``?path=`` opens a lesson from the site's files/.
DEFAULT_LITE_URL = "lite/"
CAPTION = re.compile(r"^\s*\*Figure:\s*")
#: How many cells a caption may be from its figure (the lessons put it right below).
CAPTION_REACH = 1

#: Said once on every lesson page: what a static page cannot do.
STATIC_NOTE = ("A page to read: each figure shows its explorer as the lesson starts, and each question's hint and "
               "worked solution open with a click. The sliders, presets and Check buttons the lesson mentions work "
               "when you run it: Run in your browser, or on Binder, above.")

SITE_CSS = """
body { margin: 0; background: #fff; }
.site-bar { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em;
  align-items: center; padding: 0.5em 1em; background: #f3f5f7; border-bottom: 1px solid #ccd;
  font: 15px/1.4 system-ui, sans-serif; }
.site-bar a { color: #0b57a4; text-decoration: none; }
.site-bar a:hover, .site-bar a:focus { text-decoration: underline; }
.site-bar .home { font-weight: 600; }
.site-bar .launch { margin-left: auto; display: flex; gap: 0.8em; }
.site-bar .launch a { border: 1px solid #0b57a4; border-radius: 4px; padding: 0.1em 0.6em; }
.site-foot { display: flex; justify-content: space-between; padding: 1em; border-top: 1px solid #ccd;
  font: 15px/1.4 system-ui, sans-serif; }
:root { --jp-content-font-size1: 16px; --jp-code-font-size: 14px; }
body > main { max-width: 62em; margin: 0 auto; padding: 1em; }
h1, h2, h3, h4, :target { scroll-margin-top: 3.5em; }
.jp-InputArea-editor, .jp-CodeMirrorEditor, .highlight, .jp-OutputArea-output pre { overflow-x: auto !important; }
.jp-RenderedHTMLCommon table { display: block; overflow-x: auto; max-width: 100%; }
.site-static { font: italic 15px/1.4 system-ui, sans-serif; color: #444; border-left: 3px solid #b8c2cc;
  padding: 0.2em 0.8em; }
a.figure-link { display: inline-block; }
.jp-OutputArea-output img { max-width: 100%; height: auto; }
svg.math { display: inline; }
.math-display { display: block; text-align: center; margin: 0.6em 0; overflow-x: auto; }
.site-index { font: 16px/1.5 system-ui, sans-serif; }
.site-index table { border-collapse: collapse; width: 100%; }
.site-index th, .site-index td { border-bottom: 1px solid #dde; padding: 0.4em; text-align: left;
  vertical-align: top; }
@media (max-width: 40em) { .site-bar { position: static; } .site-bar .launch { margin-left: 0; }
  body > main { padding: 0.4em; } }
.site-index td:last-child { white-space: nowrap; }
.itband-quiz { border: 1px solid #b8c2cc; border-radius: 6px; padding: 0.2em 1em 0.6em; margin: 0.6em 0; }
.itband-quiz summary { cursor: pointer; color: #0b57a4; margin-top: 0.4em; }
"""


class SiteError(RuntimeError):
    """A lesson the site cannot show as it is (the message names the lesson and the cell)."""


@dataclass
class Page:
    """One lesson page: its name, title, the executed notebook and the figures written for it."""

    name: str
    title: str
    nb: Any
    figures: dict[str, str] = field(default_factory=dict)  # figures/<file> -> alt text


# --- executing: a kernel per lesson, two lessons at a time ------------------------------------------------

def run_lesson(path: Path) -> tuple[Any, list[str], float]:
    """Execute one lesson; returns the executed notebook, its problems (a cell that raised or wrote to
    stderr, naming the cell) and the seconds it took."""
    import nbformat

    t0 = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    try:
        execute(nb, path.parent)
        error = None
    except Exception as err:  # nbclient's CellExecutionError (its cell's error output names it), a dead kernel
        error = f"{type(err).__name__}: {str(err).strip()[-1500:]}"
    found = output_problems(nb)
    if error and not found:
        found = [error]
    return nb, found, time.perf_counter() - t0


def _cell_name(nb: Any, i: int) -> str:
    first = next((ln for ln in nb.cells[i].source.splitlines() if ln.strip()), "")
    return f"cell {i} ({first[:60]!r})"


def output_problems(nb: Any) -> list[str]:
    """Error outputs and stderr text in the executed notebook, each naming its cell."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"{_cell_name(nb, i)} raised {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"{_cell_name(nb, i)} wrote to stderr: {''.join(out.get('text', ''))[:300]!r}")
    return found


# --- figures: each PNG to a file, its caption as its alt text ------------------------------------------

def _caption_near(nb: Any, i: int) -> int | None:
    for j in [i + d for d in range(1, CAPTION_REACH + 1)] + [i - d for d in range(1, CAPTION_REACH + 1)]:
        if 0 <= j < len(nb.cells) and nb.cells[j].cell_type == "markdown" and CAPTION.match(nb.cells[j].source):
            return j
    return None


def alt_text(caption: str) -> str:
    """A figure's alt text: its caption's first sentence (the whole caption is on the page, right below the
    figure, so a screen reader does not read the long description twice)."""
    m = re.match(r"(.{20,}?[.;])\s+(?=[A-Z])", caption)
    return m.group(1) if m else caption


def caption_text(markdown: str) -> str:
    """A ``*Figure: ...*`` caption as plain alt text (emphasis and code marks removed)."""
    text = CAPTION.sub("", markdown).strip().rstrip("*").strip()
    return " ".join(re.sub(r"[`*]", "", text).split())


def place_figures(page: Page, figures_dir: Path) -> list[str]:
    """Write every PNG output of ``page`` to ``figures_dir`` and point the output at the file; pair each with
    the caption next to its cell. Returns the problems (a figure without a caption, a caption without one)."""
    nb, problems, used = page.nb, [], set()
    k = 0
    for i, cell in enumerate(nb.cells):
        if "check" in cell.metadata.get("tags", []):
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" not in data:
                continue
            j = _caption_near(nb, i)
            if j is None:
                problems.append(f"{page.name}: {_cell_name(nb, i)} shows a figure with no '*Figure: ...*' caption "
                                f"in the cell below it (the caption is the figure's alt text)")
                continue
            used.add(j)
            k += 1
            png = base64.b64decode(data["image/png"])
            name = f"{page.name}-{k}-{hashlib.sha256(png).hexdigest()[:8]}.png"
            (figures_dir / name).write_bytes(png)
            out.setdefault("metadata", {}).setdefault("filenames", {})["image/png"] = f"figures/{name}"
            page.figures[f"figures/{name}"] = alt_text(caption_text(nb.cells[j].source))
    for j, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and CAPTION.match(cell.source) and j not in used:
            problems.append(f"{page.name}: the caption in cell {j} ({plain_text(cell.source)[:60]!r}) has no figure "
                            "in the cell above it")
    return problems


# --- the page: links, launch bar, maths, no scripts ------------------------------------------------------

@dataclass
class Links:
    """Where a page's bar points."""

    lite_url: str
    binder: bool


def check_lite_url(lite_url: str) -> str:
    """``lite_url`` if it can be where a JupyterLite site is: a folder relative to the pages, or an http(s)
    address with a host; a ValueError naming it otherwise."""
    u = urlsplit(lite_url)
    relative = not u.scheme and not u.netloc
    if not lite_url.strip() or u.query or u.fragment or not relative and (u.scheme not in ("http", "https")
                                                                           or not u.netloc):
        raise ValueError(f"lite_url={lite_url!r} is not where a JupyterLite site is: allowed values are a folder "
                         "relative to the pages (e.g. 'lite/') or an http(s) address, without a query or fragment")
    return lite_url


def lite_link(lite_url: str, name: str) -> str:
    return f"{lite_url.rstrip('/')}/lab/index.html?path={quote(name)}.ipynb"


def rewrite_link(href: str, page: str, folder: Path, lessons: set[str]) -> tuple[str | None, str | None]:
    """Where a lesson's relative link points on the site: another lesson's page, a repository file on GitHub,
    or (None, problem) when it points at nothing. Absolute links and anchors are kept."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("#") or not parts.path:
        return href, None
    frag = f"#{parts.fragment}" if parts.fragment else ""
    stem = Path(parts.path).stem
    if parts.path.endswith(".ipynb") and "/" not in parts.path and stem in lessons:
        return f"{stem}.html{frag}", None
    target = (folder / parts.path).resolve()
    try:
        rel = target.relative_to(ROOT)
    except ValueError:
        return None, f"{page}: the link {href!r} points outside the repository"
    if not target.exists() or rel.parts[0] in {".git", ".venv", "artifacts", "build"}:
        return None, f"{page}: the link {href!r} points at {rel}, which is not in the repository or the site"
    return REPO_BLOB + rel.as_posix() + frag, None


def _bar(soup: Any, page: Page, prev: Page | None, nxt: Page | None, links: Links, *, foot: bool = False) -> Any:
    def a(href: str, text: str, cls: str | None = None, title: str | None = None) -> Any:
        tag = soup.new_tag("a", href=href)
        tag.string = text
        if cls:
            tag["class"] = cls
        if title:
            tag["title"] = title
        return tag

    bar = soup.new_tag("footer" if foot else "nav", attrs={"class": "site-foot" if foot else "site-bar",
                                                            "aria-label": "lessons"})
    if not foot:
        bar.append(a("index.html", "itband-edu", "home", "all lessons"))
    bar.append(a(f"{prev.name}.html", f"\u2190 {prev.title}", "prev") if prev else soup.new_tag("span"))
    bar.append(a(f"{nxt.name}.html", f"{nxt.title} \u2192", "next") if nxt else soup.new_tag("span"))
    if not foot:
        launch = soup.new_tag("span", attrs={"class": "launch"})
        launch.append(a(lite_link(links.lite_url, page.name), "Run in your browser", "lite",
                        "JupyterLite: Python in this browser tab, nothing to install"))
        if links.binder:
            launch.append(a(binder_url(page.name), "Run on Binder", "binder",
                            "mybinder.org: a full JupyterLab, a few minutes to start"))
        bar.append(launch)
    return bar


def site_page(html: str, page: Page, prev: Page | None, nxt: Page | None, *, folder: Path, lessons: set[str],
              links: Links, css: list[str]) -> tuple[str, list[str], dict[str, str]]:
    """The exported lesson as a site page; returns the page, its problems and its inline styles (by file)."""
    from bs4 import BeautifulSoup

    soup: Any = BeautifulSoup(html, "html.parser")  # (bs4's stubs make every lookup Optional)
    problems: list[str] = []
    drop_scripts(soup)
    styles: dict[str, str] = {}
    for tag in soup.find_all("style"):  # the lab template's theme, the same on every page: one cached file
        text = tag.string or ""
        name = f"assets/notebook-{hashlib.sha256(text.encode()).hexdigest()[:10]}.css"
        styles[name] = text
        tag.replace_with(soup.new_tag("link", rel="stylesheet", href=name))
    head = soup.head
    for href in css:
        head.append(soup.new_tag("link", rel="stylesheet", href=href))
    if head.find("meta", attrs={"name": "viewport"}) is None:
        viewport = {"name": "viewport", "content": "width=device-width, initial-scale=1"}
        head.insert(0, soup.new_tag("meta", attrs=viewport))
    for a in soup.find_all("a", href=True):
        new, problem = rewrite_link(a["href"], page.name, folder, lessons)
        if problem:
            problems.append(problem)
        elif new != a["href"]:
            a["href"] = new
    for img in soup.find_all("img"):
        src = img.get("src", "")
        if src in page.figures:
            img["alt"] = page.figures[src]
            img["loading"] = "lazy"
            full = soup.new_tag("a", href=src, attrs={"class": "figure-link", "title": "the figure at full size"})
            img.wrap(full)
        elif not img.get("alt"):
            problems.append(f"{page.name}: an image ({src[:60]}) has no alt text")
    failed = render_maths(soup)
    if failed:
        problems.append(f"{page.name}: {failed} formula(s) could not be drawn by mathtext")
    body = soup.body
    note = soup.new_tag("p", attrs={"class": "site-static"})
    note.string = STATIC_NOTE
    (body.find("main") or body).insert(0, note)
    body.insert(0, _bar(soup, page, prev, nxt, links))
    body.append(_bar(soup, page, prev, nxt, links, foot=True))
    out = str(soup)
    problems += [f"{page.name}: {x}" for x in remote_loads(out)]
    return out, problems, styles


# --- the index ------------------------------------------------------------------------------------------

def readme_claims(text: str) -> dict[str, str]:
    """The README's lesson table: lesson name -> the claim it examines (markdown)."""
    rows = re.findall(r"^\|\s*\[[^\]]+\]\(notebooks/(\d\d_[\w-]+)\.ipynb\)\s*\|\s*(.+?)\s*\|\s*$", text, re.M)
    return dict(rows)


def readme_intro(text: str) -> tuple[str, str]:
    """The README's first paragraph and its disclaimer line (markdown)."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text.split("\n", 1)[1]) if p.strip()]
    disclaimer = next((p.lstrip("> ").strip() for p in paras if p.startswith(">")), "")
    return paras[0], disclaimer


def index_html(pages: list[Page], links: Links, css: list[str]) -> str:
    import mistune

    text = README.read_text(encoding="utf-8")
    claims, (intro, disclaimer) = readme_claims(text), readme_intro(text)
    render = mistune.create_markdown(escape=False)

    def md(text: str) -> str:
        return str(render(text))

    rows = []
    for p in pages:
        claim = md(claims.get(p.name, "")).strip().removeprefix("<p>").removesuffix("</p>")
        run = f'<a href="{htmllib.escape(lite_link(links.lite_url, p.name))}">in your browser</a>'
        if links.binder:
            run += f' · <a href="{htmllib.escape(binder_url(p.name))}">on Binder</a>'
        rows.append(f'<tr><td>{p.name[:2]} <a href="{p.name}.html">{htmllib.escape(p.title)}</a></td><td>{claim}</td>'
                    f"<td>{run}</td></tr>")
    links_css = "".join(f'<link rel="stylesheet" href="{h}">' for h in css)
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>itband-edu: what the IT band really does</title>{links_css}</head><body>"
            "<main class='site-index'><h1>itband-edu: what the IT band really does</h1>"
            f"{md(intro)}<p><strong>{md(disclaimer).strip().removeprefix('<p>').removesuffix('</p>')}</strong></p>"
            "<p>These pages show each lesson as it runs: its text, its figures in their starting state and its "
            "questions, with the hints and worked solutions behind a click. To move the sliders, run the lesson "
            "in your browser (JupyterLite: nothing to install; the first start downloads Python and its "
            "libraries) or on Binder (a full JupyterLab; a few minutes to start).</p>"
            "<table><thead><tr><th>lesson</th><th>the claim it examines</th><th>run it</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></main></body></html>")


# --- the build --------------------------------------------------------------------------------------------

@dataclass
class Job:
    """What a worker needs to render one page."""

    path: Path
    title: str
    prev: Page | None
    next: Page | None
    lessons: set[str]
    links: Links
    staging: Path


@dataclass
class Rendered:
    name: str
    html: str | None
    styles: dict[str, str]
    problems: list[str]
    figures: int
    seconds: float


def render(job: Job) -> Rendered:
    """One lesson, executed and written as its page (in a worker process: its kernel and its export run
    beside the other worker's). The page's figures go to the staging folder's figures/."""
    # the kernel inherits this process's stderr: keep its start-up warnings off the build's output (a cell's
    # own stderr is in its outputs, and refused there)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    name = job.path.stem
    nb, problems, seconds = run_lesson(job.path)
    if problems:
        return Rendered(name, None, {}, [f"{name}: {p}" for p in problems], 0, seconds)
    page = Page(name, job.title, nb)
    problems = place_figures(page, job.staging / "figures")
    html = export_html(nb, job.title, embed_images=False)
    text, found, styles = site_page(html, page, job.prev, job.next, folder=job.path.parent, lessons=job.lessons,
                                    links=job.links, css=["assets/site.css"])
    return Rendered(name, text, styles, problems + found, len(page.figures), seconds)


def build(out: Path = DEFAULT_OUT, *, lessons: list[str] | None = None, folder: Path = NOTEBOOKS,
          lite_url: str = DEFAULT_LITE_URL, workers: int = 2) -> dict[str, Any]:
    """Build the site into ``out``: its pages, figures/ and assets/ are replaced once every page is built (a
    lite/ folder beside them is kept). Raises SiteError listing every problem, by lesson and cell."""
    import nbformat

    # imported here once, before the workers fork, so each inherits them (seconds each, mostly jsonschema's
    # format checkers, imported by nbformat)
    import bs4  # noqa: F401
    import matplotlib.mathtext  # noqa: F401
    import nbclient  # noqa: F401
    import nbconvert  # noqa: F401

    t0 = time.perf_counter()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers={workers!r} is not a number of kernels: allowed values are whole numbers from 1")
    check_lite_url(lite_url)
    allowed = lesson_names(folder)
    names = lessons or allowed
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise SiteError(f"lessons {unknown} are not in {folder}: allowed values are {allowed}")
    heads = [Page(n, notebook_title(nbformat.read(folder / f"{n}.ipynb", as_version=4), n), None) for n in names]
    links = Links(lite_url, binder=folder.resolve() == NOTEBOOKS.resolve())
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    try:
        (staging / "figures").mkdir()
        (staging / "assets").mkdir()
        jobs = [Job(folder / f"{p.name}.ipynb", p.title, heads[k - 1] if k else None,
                    heads[k + 1] if k + 1 < len(heads) else None, set(names), links, staging)
                for k, p in enumerate(heads)]
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=get_context("fork")) as pool:
            # the longest lessons first (by size, a fair guess of their run time), so no worker is left with
            # one at the end while the other waits
            order = sorted(jobs, key=lambda j: j.path.stat().st_size, reverse=True)
            futures = {j.path.stem: pool.submit(render, j) for j in order}
            done = [futures[p.name].result() for p in heads]
        problems = [p for r in done for p in r.problems]
        if problems:
            raise SiteError("the site was not built:\n  " + "\n  ".join(problems))
        (staging / "assets" / "site.css").write_text(SITE_CSS, encoding="utf-8")
        for r in done:
            for name, text in r.styles.items():
                (staging / name).write_text(text, encoding="utf-8")
            (staging / f"{r.name}.html").write_text(r.html or "", encoding="utf-8")
        (staging / "index.html").write_text(index_html(heads, links, ["assets/site.css"]), encoding="utf-8")
        for sub in ("figures", "assets"):
            shutil.rmtree(out / sub, ignore_errors=True)
        for old in out.glob("*.html"):
            old.unlink()
        for item in staging.iterdir():
            item.rename(out / item.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and "lite" not in p.relative_to(out).parts)
    return {"lessons": names, "figures": sum(r.figures for r in done), "bytes": size,
            "seconds": round(time.perf_counter() - t0, 1), "slowest": max((r.seconds, r.name) for r in done)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default %(default)s)")
    ap.add_argument("--lessons", nargs="+", metavar="NAME", help="only these lessons, e.g. 01_the_band")
    ap.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="the folder the lessons are read from")
    ap.add_argument("--lite-url", default=DEFAULT_LITE_URL,
                    help="where the JupyterLite site is, relative to the pages or absolute (default %(default)s)")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="kernels at a time")
    args = ap.parse_args(argv)
    if args.workers < 1:
        ap.error(f"--workers {args.workers}: allowed values are whole numbers from 1")
    try:
        s = build(args.out, lessons=[n.removesuffix(".ipynb") for n in args.lessons] if args.lessons else None,
                  folder=args.notebooks, lite_url=args.lite_url, workers=args.workers)
    except (SiteError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"course site in {args.out}: {len(s['lessons'])} lessons, {s['figures']} figures, "
          f"{s['bytes'] / 1e6:.1f} MB, in {s['seconds']} s (slowest lesson {s['slowest'][1]}, "
          f"{s['slowest'][0]:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
