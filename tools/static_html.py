"""What the printable handouts (tools/build_handouts.py) and the static course site (tools/build_site.py) share:
running a lesson as a static page sees it, exporting it with nbconvert, drawing its maths without MathJax,
and finding anything a page would fetch from the network.

A static page is the lesson executed with no widget state stored, so every explorer shows the PNG in its
display bundle; the check cells are removed and each question cell keeps only its output (nbconvert's
TagRemovePreprocessor, tags ``check`` and ``question``, as in the README's export command).
"""

from __future__ import annotations

import copy
import html as htmllib
import io
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 180  # s, per cell, as generous as tests/test_static_pages.py's 120 s
#: The README's export: check cells leave the page, question cells keep only their output, no prompts.
EXPORT_CONFIG: dict[str, Any] = {
    "TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": ["check"], "remove_input_tags": ["question"]},
    "HTMLExporter": {"exclude_input_prompt": True, "exclude_output_prompt": True, "embed_images": True},
}


def lesson_names(folder: Path = NOTEBOOKS) -> list[str]:
    """The lessons in ``folder``: its ``NN_slug.ipynb`` notebooks' names without ``.ipynb``, in order."""
    return sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb"))


def notebook_title(nb: Any, default: str) -> str:
    """The text of the notebook's first ``# `` heading (``default`` if it has none)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default


def html_of(output: Any) -> str:
    """An output's ``text/html`` as one string ('' if it has none)."""
    value = output.get("data", {}).get("text/html", "")
    return value if isinstance(value, str) else "".join(value)


def execute(nb: Any, cwd: Path, *, timeout: int = CELL_TIMEOUT) -> Any:
    """Run ``nb`` in place as a static page needs it: in ``cwd``, no widget state stored (so explorers fall
    back to their PNG), stopping at the first error (nbclient's CellExecutionError names the cell)."""
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def export_html(nb: Any, title: str, **exporter: Any) -> str:
    """nbconvert's lab-template HTML of an executed lesson with EXPORT_CONFIG (``exporter`` overrides or adds
    HTMLExporter settings)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = copy.deepcopy(EXPORT_CONFIG)
    config["HTMLExporter"].update(exporter)
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    body, _ = HTMLExporter(config=Config(config), template_name="lab").from_notebook_node(nb)
    return body


def drop_scripts(soup: Any) -> None:
    """Remove every ``<script>`` (the lab template loads require.js and MathJax from a CDN; a static page runs
    no code) and every stylesheet ``<link>`` to another site."""
    for tag in soup.find_all("script"):
        tag.decompose()
    for tag in soup.find_all("link", href=re.compile(r"^(https?:)?//")):
        tag.decompose()


# --- maths without MathJax: matplotlib's mathtext draws each $...$ as an inline SVG -----------------------
_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$]+?)\$", re.S)
_NO_MATH_IN = {"pre", "code", "script", "style", "textarea", "svg", "title"}
_svg_cache: dict[tuple[str, bool], str | None] = {}


def math_svg(tex: str, display: bool = False) -> str | None:
    """``tex`` drawn by matplotlib's mathtext as an SVG element (text as paths), or None if it cannot parse it."""
    key = (tex, display)
    if key not in _svg_cache:
        import matplotlib
        from matplotlib import mathtext
        from matplotlib.font_manager import FontProperties

        matplotlib.use("Agg")
        buf = io.BytesIO()
        try:
            with matplotlib.rc_context({"mathtext.fontset": "cm", "svg.hashsalt": "itband"}):
                # mathtext's Computer Modern has no degree sign: a literal ° comes out as a gamma
                drawn = " ".join(tex.replace("°", r"^{\circ}").split())
                depth = mathtext.math_to_image(f"${drawn}$", buf, format="svg", dpi=72,
                                               prop=FontProperties(size=14 if display else 11))
        except ValueError:
            _svg_cache[key] = None
            return None
        svg = buf.getvalue().decode("utf-8")
        svg = re.sub(r"<metadata>.*?</metadata>|<!--.*?-->", "", svg[svg.index("<svg"):], flags=re.S)
        tag = len(_svg_cache)
        svg = re.sub(r'id="([^"]+)"', rf'id="m{tag}-\1"', svg)
        svg = re.sub(r'(href="#|url\(#)([^")]+)', rf"\1m{tag}-\2", svg)
        style = "" if display else f' style="vertical-align:-{float(depth):.1f}pt"'
        _svg_cache[key] = svg.replace("<svg ", f'<svg class="math" role="img" aria-label="{htmllib.escape(tex)}"'
                                      f"{style} ", 1)
    return _svg_cache[key]


def render_maths(soup: Any) -> int:
    """Replace every ``$...$`` / ``$$...$$`` in the page's text (not in code) by its SVG; returns how many
    could not be drawn (they stay as TeX)."""
    from bs4 import BeautifulSoup, NavigableString

    failed = 0
    for node in list(soup.find_all(string=_MATH)):
        if any(p.name in _NO_MATH_IN for p in node.parents) or type(node) is not NavigableString:
            continue
        parts: list[Any] = []
        pos = 0
        for m in _MATH.finditer(str(node)):
            display = m.group(1) is not None
            svg = math_svg(m.group(1) if display else m.group(2), display)
            if svg is None:
                failed += 1
                continue
            parts.append(NavigableString(str(node)[pos:m.start()]))
            drawn = BeautifulSoup(f'<span class="math-display">{svg}</span>' if display else svg, "html.parser")
            parts.extend(list(drawn.contents))
            pos = m.end()
        parts.append(NavigableString(str(node)[pos:]))
        node.replace_with(*parts)
    return failed


_LOADS = re.compile(r"<(script|link|img|iframe|embed|object|source|video|audio|track|input)\b[^>]*?\s"
                    r"(?:src|href|data|srcset|poster)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)
_CSS_LOADS = re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//|url\(\s*[\"']?(?:https?:)?//", re.I)


def remote_loads(page: str) -> list[str]:
    """What in the page would be fetched from the network: script, link, image or frame tags with an
    http(s) (or protocol-relative) address, and CSS @import/url() of one. Hyperlinks (<a>) are not loads."""
    found = [f"<{m.group(1)} ...> loads {page[m.end() - 2:m.end() + 60].split()[0]}" for m in _LOADS.finditer(page)]
    found += [f"CSS loads {page[m.start():m.end() + 60].split()[0]}" for m in _CSS_LOADS.finditer(page)]
    return found


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed, entities decoded, white space collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
