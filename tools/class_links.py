"""Class links: open one lesson on mybinder.org, or on an institution's JupyterHub with nbgitpuller.

::

    binder_url("01_the_band")
    # https://mybinder.org/v2/gh/itband-edu/itband-edu/main?urlpath=lab%2Ftree%2Fnotebooks%2F01_the_band.ipynb
    nbgitpuller_url("https://hub.example.edu", "01_the_band")
    # https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fitband-edu%2Fitband-edu
    #     &branch=main&urlpath=lab%2Ftree%2Fitband-edu%2Fnotebooks%2F01_the_band.ipynb
    print(markdown_table(hub="https://hub.example.edu"))

Command line (prints the markdown table for the README or lesson 00)::

    python tools/class_links.py                                  # Binder links only
    python tools/class_links.py --hub https://hub.example.edu    # plus the hub's nbgitpuller links

nbgitpuller (https://nbgitpuller.readthedocs.io/en/latest/topic/url-options.html, "Options in an
nbgitpuller URL"): the link is ``<hub>/hub/user-redirect/git-pull`` with the query parameters ``repo``
(anything ``git clone`` accepts), ``branch`` (it defaults to ``master``, so we always give it) and
``urlpath`` (where to go after the pull, relative to the user's server; for JupyterLab
``lab/tree/<path>``). The clone lands in the user's working directory in a folder named after the
repository (the last part of its URL without ``.git``), so ``urlpath`` must start with that folder:
``lab/tree/itband-edu/notebooks/<lesson>.ipynb``. The project's own link generator
(docs/_static/link_gen/link.js) builds the same query with ``URLSearchParams``, i.e. every value
percent-encoded, as here. The hub's single-user image needs the course's environment
(``environment.yml``, the same file Binder builds from) plus the ``nbgitpuller`` package.

Binder (mybinder.org v2): ``https://mybinder.org/v2/gh/<owner>/<repo>/<ref>?urlpath=lab/tree/<path>``,
the path relative to the repository's root.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

__all__ = ["NOTEBOOKS", "lessons", "lesson_title", "binder_url", "nbgitpuller_url", "markdown_table", "main"]

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
BINDER = "https://mybinder.org"
DEFAULT_REPO = "itband-edu/itband-edu"
DEFAULT_REPO_URL = "https://github.com/itband-edu/itband-edu"
_OWNER_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
_REF = re.compile(r"[A-Za-z0-9._/-]{1,200}")


def lessons(folder: Path = NOTEBOOKS) -> list[str]:
    """The lessons in ``folder``: the names of its ``NN_slug.ipynb`` notebooks, without ``.ipynb``, in order."""
    return sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb"))


def _check_lesson(lesson: str, folder: Path = NOTEBOOKS) -> str:
    allowed = lessons(folder)
    if lesson not in allowed:
        raise ValueError(f"lesson={lesson!r} is not a lesson in {folder}: allowed values are {allowed}")
    return lesson


def lesson_title(lesson: str, folder: Path = NOTEBOOKS) -> str:
    """The lesson's H1 (its first markdown line starting with ``# ``), or its name if it has none."""
    nb = json.loads((folder / f"{_check_lesson(lesson, folder)}.ipynb").read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            for line in ("".join(source) if isinstance(source, list) else source).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return lesson


def binder_url(lesson: str, repo: str = DEFAULT_REPO, ref: str = "main") -> str:
    """The mybinder.org v2 URL that builds ``repo`` (GitHub ``owner/name``) at ``ref`` and opens
    ``notebooks/<lesson>.ipynb`` in JupyterLab."""
    _check_lesson(lesson)
    if not _OWNER_NAME.fullmatch(repo):
        raise ValueError(f"repo={repo!r} is not a GitHub 'owner/name' (letters, digits, '-', '.', '_')")
    if not _REF.fullmatch(ref) or ".." in ref:
        raise ValueError(f"ref={ref!r} is not a branch, tag or commit name (letters, digits, '.', '_', '-', '/')")
    query = urlencode({"urlpath": f"lab/tree/notebooks/{lesson}.ipynb"}, quote_via=quote, safe="")
    return f"{BINDER}/v2/gh/{repo}/{quote(ref, safe='')}?{query}"


def _check_hub(hub: str) -> str:
    parts = urlsplit(hub)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password or "/hub/" in parts.path + "/":
        raise ValueError(f"hub={hub!r} is not a JupyterHub address: allowed values are an http(s) URL with a host "
                         "and an optional path prefix, without '/hub', a query, a fragment or a password, "
                         "e.g. 'https://hub.example.edu'")
    return hub.rstrip("/")


def _check_repo_url(repo_url: str) -> str:
    parts = urlsplit(repo_url)
    name = parts.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or not name:
        raise ValueError(f"repo_url={repo_url!r} is not a git repository address: allowed values are an https URL "
                         "ending in the repository's name, e.g. 'https://github.com/itband-edu/itband-edu'")
    return name


def nbgitpuller_url(hub: str, lesson: str, repo_url: str = DEFAULT_REPO_URL, branch: str = "main") -> str:
    """The nbgitpuller link that clones (or updates) ``repo_url`` at ``branch`` into the user's home on
    ``hub`` and opens ``<repo name>/notebooks/<lesson>.ipynb`` in JupyterLab (see the module docstring)."""
    base = _check_hub(hub)
    _check_lesson(lesson)
    folder = _check_repo_url(repo_url)
    if not _REF.fullmatch(branch) or ".." in branch:
        raise ValueError(f"branch={branch!r} is not a branch name (letters, digits, '.', '_', '-', '/')")
    query = urlencode({"repo": repo_url, "branch": branch, "urlpath": f"lab/tree/{folder}/notebooks/{lesson}.ipynb"},
                      quote_via=quote, safe="")
    return f"{base}/hub/user-redirect/git-pull?{query}"


def markdown_table(hub: str | None = None, *, repo: str = DEFAULT_REPO, ref: str = "main",
                   repo_url: str = DEFAULT_REPO_URL, branch: str = "main") -> str:
    """A markdown table, one row per lesson: its title, its Binder link and (with ``hub``) its nbgitpuller link."""
    head = "| lesson | on Binder |" + (" on your hub (nbgitpuller) |" if hub else "")
    rule = "|---|---|" + ("---|" if hub else "")
    rows = [head, rule]
    for lesson in lessons():
        row = f"| {lesson[:2]} {lesson_title(lesson)} | [open on Binder]({binder_url(lesson, repo, ref)}) |"
        if hub:
            row += f" [open on the hub]({nbgitpuller_url(hub, lesson, repo_url, branch)}) |"
        rows.append(row)
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the per-lesson Binder (and nbgitpuller) links as markdown.")
    parser.add_argument("--hub", help="your JupyterHub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", default=DEFAULT_REPO, help="GitHub owner/name for Binder (default %(default)s)")
    parser.add_argument("--ref", default="main", help="branch, tag or commit for Binder (default %(default)s)")
    parser.add_argument("--repo-url", default=DEFAULT_REPO_URL, help="git URL for nbgitpuller (default %(default)s)")
    parser.add_argument("--branch", default="main", help="branch for nbgitpuller (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        print(markdown_table(args.hub, repo=args.repo, ref=args.ref, repo_url=args.repo_url, branch=args.branch))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
