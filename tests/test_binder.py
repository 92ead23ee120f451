"""What Binder would build, checked without Docker.

``repo2docker --no-build --debug --no-run .`` prints the Dockerfile Binder would build and needs
no Docker daemon (the test points DOCKER_HOST at nothing to prove it). It runs on a clean copy
of the repository: the files git tracks plus the untracked files that are not ignored, i.e. what
the next commit would contain, never ``.venv/`` or ``artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
REPO2DOCKER_TIMEOUT = 120.0
#: Directories that never belong in the copy, used only when git is unavailable.
_NOT_COMMITTED = (
    ".git",
    ".venv",
    "artifacts",
    "build",
    "dist",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
    "*.egg-info",
)


def _committable_files(repo: Path) -> list[Path] | None:
    """Tracked files plus untracked, non-ignored ones (read-only git query); None without git."""
    git = shutil.which("git")
    if git is None or not (repo / ".git").exists():
        return None
    result = subprocess.run(
        [git, "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    if result.returncode != 0:
        return None
    names = [n for n in result.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    return [Path(n) for n in names if (repo / n).is_file()]  # tracked-but-deleted files drop out


def clean_copy(repo: Path, dest: Path) -> Path:
    """Copy what a commit of ``repo`` would hold into ``dest``."""
    files = _committable_files(repo)
    if files is None:
        shutil.copytree(repo, dest, ignore=shutil.ignore_patterns(*_NOT_COMMITTED))
        return dest
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / rel, target)
    return dest


@pytest.fixture(scope="module")
def repo2docker_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(Dockerfile on stdout, log on stderr) of repo2docker for a clean copy of the repo."""
    repo2docker = Path(sys.executable).parent / "repo2docker"
    if not repo2docker.exists():
        pytest.fail(f"{repo2docker} missing: jupyter-repo2docker is in the [test] extra")
    copy = clean_copy(REPO_ROOT, tmp_path_factory.mktemp("binder") / "repo")
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent/docker.sock")
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", "--no-run", "."],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=REPO2DOCKER_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"repo2docker failed:\n{result.stderr[-3000:]}"
    return result.stdout, result.stderr


@pytest.mark.timeout(60)
def test_no_binder_folder_at_repo_root() -> None:
    """A binder/ or .binder/ folder would make Binder ignore the root environment.yml."""
    found = [name for name in ("binder", ".binder") if (REPO_ROOT / name).exists()]
    assert not found, f"remove {found}: repo2docker would ignore the root environment.yml"


@pytest.mark.timeout(180)
def test_binder_builds_from_environment_yml(repo2docker_output: tuple[str, str]) -> None:
    """The conda buildpack is chosen, with Python 3.11 (not repo2docker's 3.10 default), and
    the environment is created from environment.yml after the repository is copied in."""
    dockerfile, log = repo2docker_output
    assert "Building conda environment for python=3.11" in log, log[-2000:]
    update = re.search(
        r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"', dockerfile
    )
    assert update, "the Dockerfile does not create the environment from environment.yml"
    copy_repo = re.search(r"^COPY --chown=\S+ src/ \$\{REPO_DIR\}/", dockerfile, re.MULTILINE)
    assert copy_repo, "the Dockerfile does not copy the repository"
    assert copy_repo.start() < update.start(), (
        "environment.yml is applied before the repository is copied: `-e .` would fail"
    )
    assert "requirements.txt" not in dockerfile


@pytest.mark.timeout(60)
def test_environment_yml_installs_the_project() -> None:
    """environment.yml (which the Dockerfile applies) installs this project editable: `-e .`."""
    yaml = pytest.importorskip("yaml")
    spec = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_lists = [
        d["pip"] for d in spec.get("dependencies", []) if isinstance(d, dict) and "pip" in d
    ]
    pip_entries = [str(e).strip() for entries in pip_lists for e in entries]
    assert any(re.fullmatch(r"-e\s+\.(\[[\w,\s-]+\])?", e) for e in pip_entries), pip_entries
