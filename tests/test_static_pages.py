"""Each lesson, executed and exported to HTML with nbconvert: every explorer shows a figure on the
static page (one PNG image per explorer, next to the figure's alt text in the markdown), and every
check cell ran silently (a passing check prints nothing into the student's page).

Static renderers (nbconvert, nbviewer, GitHub) show a widget view only when the notebook carries
widget state; JupyterLab saves none by default, and the export command in the README asks for none
(``--ExecutePreprocessor.store_widget_state=False``), so they fall back to the explorer's
``image/png``. This is the page a course site, a handout or a shared, saved notebook shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from traitlets.config import Config

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
EXPLORER_TEXT = re.compile(r"^\w+ explorer \(interactive")
#: As the README's export command: check cells leave the page, question cells keep only their widget.
EXPORT_CONFIG = Config({"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": ["check"],
                                                  "remove_input_tags": ["question"]}})
IMG = re.compile(r'<img[^>]+src="data:image/png;base64,([A-Za-z0-9+/=]{200,})"')


def execute(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    """Run a notebook as the README's export command does: no widget state stored."""
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def explorer_outputs(nb: nbformat.NotebookNode) -> list[tuple[int, dict]]:
    """(cell index, output) of every displayed explorer."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/plain", "")
            if EXPLORER_TEXT.match(text if isinstance(text, str) else "".join(text)):
                found.append((i, out))
    return found


def static_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What a static page of this executed notebook lacks: an image per explorer, alt text."""
    problems = []
    explorers = explorer_outputs(nb)
    html, _ = HTMLExporter(config=EXPORT_CONFIG).from_notebook_node(nb)
    images = IMG.findall(html)
    if len(images) < len(explorers):
        problems.append(f"{len(explorers)} explorer(s) but {len(images)} PNG image(s) in the exported page")
    for i, out in explorers:
        if "image/png" not in out.get("data", {}):
            problems.append(f"cell {i}: the explorer's output carries no image/png")
        near = nb.cells[max(0, i - 2): i + 3]
        if not any(c.cell_type == "markdown" and c.source.lstrip().startswith("*Figure:") for c in near):
            problems.append(f"cell {i}: no '*Figure: ...' alt text in the markdown next to the explorer")
    text = re.sub(r"<[^>]+>", "", html)  # code is highlighted token by token
    for code in ("choice_question(", "number_question(", "assert "):
        if code in text:
            problems.append(f"the page shows lesson code that holds answers or checks ({code!r})")
    questions = sum(1 for c in nb.cells if "question" in c.metadata.get("tags", []))
    if html.count("<b>Question.</b>") < questions:
        problems.append(f"{questions} question(s) but {html.count('<b>Question.</b>')} on the page")
    return problems


@pytest.mark.timeout(180)
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_explorer_has_an_image_on_the_static_page(lesson: Path) -> None:
    nb = execute(nbformat.read(lesson, as_version=4), lesson.parent)
    assert explorer_outputs(nb), "the lesson shows no explorer"
    assert not static_problems(nb)
    loud = [i for i, c in enumerate(nb.cells) if "check" in c.metadata.get("tags", []) and c.get("outputs")]
    assert not loud, f"check cells {loud} printed something"


@pytest.mark.timeout(120)
def test_the_check_fails_an_explorer_without_its_png(tmp_path: Path) -> None:
    """Negative control: an explorer whose display bundle lacks the PNG (a live canvas only, as
    before) is reported."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("*Figure: the sharing explorer.*"),
        nbformat.v4.new_code_cell(
            "from itband_edu.views import sharing_explorer\n"
            "ex = sharing_explorer()\n"
            "bundle = ex._repr_mimebundle_()\n"
            "del bundle['image/png']\n"
            "display(bundle, raw=True)"
        ),
    ]
    problems = static_problems(execute(nb, tmp_path))
    assert any("0 PNG image(s)" in p for p in problems), problems
    assert any("carries no image/png" in p for p in problems), problems


@pytest.mark.timeout(120)
def test_the_check_fails_a_page_that_shows_answer_code(tmp_path: Path) -> None:
    """Negative control: a question cell without the tag shows its code, answer and all."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from itband_edu.views import number_question\n"
        "number_question('How much?', 2.27, unit='x', hint='h', solution='s')")]
    problems = static_problems(execute(nb, tmp_path))
    assert any("number_question(" in p for p in problems), problems



README = NOTEBOOKS.parent / "README.md"
EXPORT_COMMAND = re.compile(r"`\.venv/bin/(jupyter nbconvert --to html --execute [^`]*?) (notebooks/\S+\.ipynb)`")


def readme_export_command() -> tuple[list[str], str]:
    """The README's static-export command as a newcomer would copy it, and the lesson it names."""
    found = EXPORT_COMMAND.search(README.read_text(encoding="utf-8"))
    assert found, "the README no longer shows a 'jupyter nbconvert --to html --execute ...' command"
    return found.group(1).split(), found.group(2)


def names_only_checks_bind(nb: nbformat.NotebookNode) -> list[str]:
    """Names a non-check code cell reads that only check cells bind (assign, import, def, for).

    The README's export removes the check cells before it executes the lesson, so such a name is a
    NameError on the static page (the test above executes first and removes the cells afterwards).
    """
    import ast
    import builtins

    def bound(tree: ast.AST) -> set[str]:
        out: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                out.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                out |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                out.add(node.name)
        return out

    by_checks: set[str] = set()
    by_others: set[str] = set(dir(builtins))
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        if "check" in cell.metadata.get("tags", []):
            by_checks |= bound(tree)
            continue
        reads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        mine = bound(tree)
        problems += [f"cell {i} reads {name!r}, bound only in a check cell" for name in
                     sorted(reads & by_checks - by_others - mine)]
        by_others |= mine
    return problems


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_no_lesson_cell_needs_a_check_cell(lesson: Path) -> None:
    assert not names_only_checks_bind(nbformat.read(lesson, as_version=4))


def test_names_only_checks_bind_finds_the_problem() -> None:
    nb = nbformat.v4.new_notebook()
    check = nbformat.v4.new_code_cell("import math\nx = 2")
    check.metadata["tags"] = ["check"]
    nb.cells = [check, nbformat.v4.new_code_cell("print(math.pi, x, len([]))")]
    assert names_only_checks_bind(nb) == ["cell 1 reads 'math', bound only in a check cell",
                                          "cell 1 reads 'x', bound only in a check cell"]


@pytest.mark.timeout(240)
def test_the_readmes_export_command_builds_its_page(tmp_path: Path) -> None:
    # the command exactly as the README prints it, on the lesson it names
    import shutil
    import subprocess
    import sys

    args, named = readme_export_command()
    lesson = NOTEBOOKS.parent / named
    copy = tmp_path / lesson.name
    shutil.copy(lesson, copy)
    cmd = [str(Path(sys.executable).with_name("jupyter")), *args[1:], "--output-dir", str(tmp_path), str(copy)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=220, cwd=lesson.parent)
    assert proc.returncode == 0, proc.stderr[-2000:]
    html = (tmp_path / lesson.with_suffix(".html").name).read_text(encoding="utf-8")
    assert len(IMG.findall(html)) >= 1, "the exported page has no explorer image"
    assert "assert " not in re.sub(r"<[^>]+>", "", html)
