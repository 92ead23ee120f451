"""Class links (tools/class_links.py): the form of every Binder and nbgitpuller URL, decoded back to the lesson.

The checks here parse each URL independently of the generator (urllib's split and parse_qs) and compare it
with what mybinder.org and nbgitpuller expect: scheme, host, path, the exact query keys, and the decoded
``urlpath`` pointing at a notebook that exists. The README's and lesson 00's Binder links must match the
generator's output. Negative controls show the checks failing on broken links.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import class_links  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
#: Lessons found here without the module under test: every NN_slug.ipynb in notebooks/.
LESSONS = sorted(p.name[: -len(".ipynb")] for p in NOTEBOOKS.iterdir() if re.fullmatch(r"\d\d_\w+\.ipynb", p.name))
REPO_URL = "https://github.com/itband-edu/itband-edu"
CLONE_FOLDER = "itband-edu"  # nbgitpuller clones into a folder named after the repository (url-options page)
HUB = "https://hub.example.edu"
BINDER_LINK = re.compile(r"https?://mybinder\.org/v2/[^\s)\"'<>\]]+")


def _query(url: str) -> tuple[dict[str, list[str]], str]:
    raw = urlsplit(url).query
    return parse_qs(raw, keep_blank_values=True, strict_parsing=True), raw


def binder_problems(url: str, lesson: str, *, strict_encoding: bool = True) -> list[str]:
    """What is wrong with ``url`` as the mybinder.org v2 link that opens ``lesson`` in JupyterLab."""
    problems = []
    parts = urlsplit(url)
    if parts.scheme != "https":
        problems.append(f"scheme {parts.scheme!r}, not https")
    if parts.netloc != "mybinder.org":
        problems.append(f"host {parts.netloc!r}, not mybinder.org")
    if parts.path != "/v2/gh/itband-edu/itband-edu/main":
        problems.append(f"path {parts.path!r}, not /v2/gh/itband-edu/itband-edu/main")
    if parts.fragment:
        problems.append(f"a fragment {parts.fragment!r}")
    try:
        query, raw = _query(url)
    except ValueError as err:
        return [*problems, f"query {parts.query!r} does not parse: {err}"]
    if sorted(query) != ["urlpath"] or len(query["urlpath"]) != 1:
        return [*problems, f"query keys {sorted(query)}, not exactly one 'urlpath'"]
    path = query["urlpath"][0]
    if path != f"lab/tree/notebooks/{lesson}.ipynb":
        problems.append(f"urlpath decodes to {path!r}, not 'lab/tree/notebooks/{lesson}.ipynb'")
    elif not (ROOT / path.removeprefix("lab/tree/")).is_file():
        problems.append(f"urlpath {path!r} names no file in the repository")
    if strict_encoding and ("/" in raw or " " in raw):
        problems.append(f"the urlpath value is not percent-encoded: {raw!r}")
    return problems


def hub_problems(url: str, hub: str, lesson: str) -> list[str]:
    """What is wrong with ``url`` as the nbgitpuller link on ``hub`` that opens ``lesson`` in JupyterLab."""
    problems = []
    parts, want = urlsplit(url), urlsplit(hub)
    if (parts.scheme, parts.netloc) != (want.scheme, want.netloc):
        problems.append(f"{parts.scheme}://{parts.netloc} is not the hub {want.scheme}://{want.netloc}")
    if parts.path != want.path.rstrip("/") + "/hub/user-redirect/git-pull":
        problems.append(f"path {parts.path!r}, not {want.path.rstrip('/')}/hub/user-redirect/git-pull")
    try:
        query, raw = _query(url)
    except ValueError as err:
        return [*problems, f"query {parts.query!r} does not parse: {err}"]
    if sorted(query) != ["branch", "repo", "urlpath"] or any(len(v) != 1 for v in query.values()):
        return [*problems, f"query keys {sorted(query)}, not exactly one each of branch, repo, urlpath"]
    if query["repo"][0] != REPO_URL:
        problems.append(f"repo {query['repo'][0]!r}, not {REPO_URL}")
    if query["branch"][0] != "main":
        problems.append(f"branch {query['branch'][0]!r}, not main")
    path = query["urlpath"][0]
    if path != f"lab/tree/{CLONE_FOLDER}/notebooks/{lesson}.ipynb":
        problems.append(f"urlpath decodes to {path!r}, not 'lab/tree/{CLONE_FOLDER}/notebooks/{lesson}.ipynb'")
    elif not (ROOT / path.removeprefix(f"lab/tree/{CLONE_FOLDER}/")).is_file():
        problems.append(f"urlpath {path!r} names no file in the clone")
    if "/" in raw or ":" in raw:
        problems.append(f"a query value is not percent-encoded: {raw!r}")
    return problems


def test_the_lessons_are_read_from_notebooks() -> None:
    assert LESSONS and class_links.lessons() == LESSONS
    assert "00_start_here" in LESSONS and "10_how_good_is_this_model" in LESSONS


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_gets_a_binder_link_of_the_right_form(lesson: str) -> None:
    url = class_links.binder_url(lesson)
    assert binder_problems(url, lesson) == []
    assert unquote(urlsplit(url).query) == f"urlpath=lab/tree/notebooks/{lesson}.ipynb"


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("hub", [HUB, "https://hub.example.edu/", "https://uni.example.org/jupyter"])
def test_every_lesson_gets_an_nbgitpuller_link_of_the_right_form(lesson: str, hub: str) -> None:
    assert hub_problems(class_links.nbgitpuller_url(hub, lesson), hub, lesson) == []


def test_the_table_has_one_row_per_lesson_with_both_links() -> None:
    table = class_links.markdown_table(hub=HUB)
    rows = [r for r in table.splitlines() if r.startswith("| ") and "](" in r]
    assert len(rows) == len(LESSONS)
    for lesson, row in zip(LESSONS, rows, strict=True):
        binder, hub = re.findall(r"\]\((https://[^)]+)\)", row)
        assert binder_problems(binder, lesson) == [] and hub_problems(hub, HUB, lesson) == []
        title = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
        h1 = next(ln for c in title if c["cell_type"] == "markdown" for ln in "".join(c["source"]).splitlines()
                  if ln.startswith("# "))
        assert row.startswith(f"| {lesson[:2]} {h1[2:].strip()} |")
    assert "on your hub" not in class_links.markdown_table()


def test_the_command_line_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert class_links.main(["--hub", HUB]) == 0
    out = capsys.readouterr().out
    assert out.count("/hub/user-redirect/git-pull?") == len(LESSONS) == out.count("mybinder.org/v2/gh/")
    assert class_links.main(["--hub", "hub.example.edu"]) == 2
    assert "hub='hub.example.edu'" in capsys.readouterr().err


@pytest.mark.parametrize("lesson", ["01_band", "01_the_band.ipynb", "", "notebooks/01_the_band", "../README"])
def test_a_bad_lesson_name_is_a_value_error_naming_it_and_the_allowed_values(lesson: str) -> None:
    for call in (lambda: class_links.binder_url(lesson), lambda: class_links.nbgitpuller_url(HUB, lesson)):
        with pytest.raises(ValueError, match=re.escape(f"lesson={lesson!r}")) as err:
            call()
        assert "01_the_band" in str(err.value) and "allowed values" in str(err.value)


@pytest.mark.parametrize("hub", ["hub.example.edu", "ftp://hub.example.edu", "https://", "https://hub.example.edu/hub",
                                 "https://hub.example.edu/?next=x", "https://u:p@hub.example.edu", ""])
def test_a_bad_hub_is_a_value_error_naming_it(hub: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"hub={hub!r}")) as err:
        class_links.nbgitpuller_url(hub, "01_the_band")
    assert "allowed values" in str(err.value)


@pytest.mark.parametrize(("kwargs", "name"), [({"repo": "itband-edu"}, "repo"), ({"ref": "main branch"}, "ref"),
                                              ({"ref": "../x"}, "ref")])
def test_a_bad_binder_repo_or_ref_is_a_value_error(kwargs: dict[str, str], name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name}="):
        class_links.binder_url("01_the_band", **kwargs)


def test_the_checks_fail_on_broken_links() -> None:
    """Negative control: each kind of broken link is reported."""
    good = class_links.binder_url("01_the_band")
    assert binder_problems(good.replace("01_the_band", "02_standing_on_one_leg"), "01_the_band")
    assert binder_problems(good.replace("lab%2Ftree%2Fnotebooks", "lab%2Ftree"), "01_the_band")
    assert binder_problems(good.replace("https://mybinder.org", "http://mybinder.org"), "01_the_band")
    assert binder_problems(good.replace("/main?", "/master?"), "01_the_band")
    assert binder_problems(good.replace("urlpath=", "filepath="), "01_the_band")
    assert binder_problems(unquote(good), "01_the_band") and not binder_problems(unquote(good), "01_the_band",
                                                                                 strict_encoding=False)
    hub = class_links.nbgitpuller_url(HUB, "01_the_band")
    assert hub_problems(hub.replace("%2Fitband-edu%2Fnotebooks", "%2Fnotebooks"), HUB, "01_the_band")
    assert hub_problems(hub.replace("&branch=main", ""), HUB, "01_the_band")
    assert hub_problems(hub.replace("git-pull", "gitpull"), HUB, "01_the_band")
    assert hub_problems(hub, "https://other.example.edu", "01_the_band")
    assert hub_problems(hub + "&depth=1", HUB, "01_the_band")


def _binder_links(text: str) -> list[str]:
    return [u.rstrip(".,") for u in BINDER_LINK.findall(text)]


def _lesson_of(url: str) -> str:
    path = parse_qs(urlsplit(url).query).get("urlpath", [""])[0]
    return path.removeprefix("lab/tree/notebooks/").removesuffix(".ipynb")


def doc_link_problems(text: str, where: str) -> list[str]:
    """Every Binder link in ``text`` must be the generator's link for the lesson it opens (compared decoded);
    a "For instructors" section must link every lesson."""
    problems = []
    for url in _binder_links(text):
        lesson = _lesson_of(url)
        if lesson not in LESSONS:
            problems.append(f"{where}: {url} opens no lesson ({lesson!r})")
            continue
        problems += [f"{where}: {url}: {p}" for p in binder_problems(url, lesson, strict_encoding=False)]
        made = class_links.binder_url(lesson)
        if (urlsplit(url)[:3], parse_qs(urlsplit(url).query)) != (urlsplit(made)[:3], parse_qs(urlsplit(made).query)):
            problems.append(f"{where}: {url} differs from the generator's {made}")
    section = re.search(r"^#+ *For instructors\b(.*?)(?=^#{1,2} |\Z)", text, re.M | re.S | re.I)
    if section:
        linked = {_lesson_of(u) for u in _binder_links(section.group(1))}
        problems += [f"{where}: the 'For instructors' section has no Binder link for {m}"
                     for m in LESSONS if m not in linked]
    return problems


def test_the_readmes_binder_links_match_the_generator() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _binder_links(text), "the README has no Binder link"
    assert doc_link_problems(text, "README.md") == []


def test_lesson_00s_binder_links_match_the_generator() -> None:
    nb = json.loads((NOTEBOOKS / "00_start_here.ipynb").read_text(encoding="utf-8"))
    text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert text.strip(), "lesson 00 has no markdown"
    assert doc_link_problems(text, "00_start_here") == []


def test_the_document_check_fails_on_a_broken_or_missing_link() -> None:
    """Negative control for the README/lesson 00 check: the generator's own table passes; a wrong urlpath,
    a lesson that does not exist and a lesson left out of the section are each reported."""
    section = "## For instructors\n\n" + class_links.markdown_table(hub=HUB) + "\n"
    assert doc_link_problems(section, "doc") == []
    wrong = section.replace("notebooks%2F03_who_pulls_on_the_band", "notebooks%2F04_hip_flexor_dominance", 1)
    assert any("no Binder link for 03_who_pulls_on_the_band" in p for p in doc_link_problems(wrong, "doc"))
    ghost = section.replace("notebooks%2F03_who_pulls_on_the_band", "notebooks%2F03_ghost", 1)
    assert any("opens no lesson ('03_ghost')" in p for p in doc_link_problems(ghost, "doc"))
    off_branch = section.replace("itband-edu/main?urlpath", "itband-edu/dev?urlpath", 1)
    assert any("differs from the generator's" in p for p in doc_link_problems(off_branch, "doc"))
