"""The JupyterLab settings override shipped with the project is installed into the environment.

``jupyter-config/overrides.json`` reaches ``<env>/share/jupyter/lab/settings/overrides.json``
through hatchling's ``shared-data`` (pyproject.toml), also for an editable install. The file is
copied at install time, so after editing it, reinstall the project. No browser needed (the
server test starts JupyterLab, or reuses the worker's one).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from browser_harness import REPO_ROOT, ServerProcess

SHIPPED = REPO_ROOT / "jupyter-config" / "overrides.json"
INSTALLED = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"
SCHEMA = (
    Path(sys.prefix)
    / "share"
    / "jupyter"
    / "lab"
    / "schemas"
    / "@jupyterlab"
    / "apputils-extension"
    / "notification.json"
)


def test_shipped_override_switches_off_news_and_update_check() -> None:
    """fetchNews is the *string* "false" (the schema's "Never"), checkForUpdates a boolean."""
    override = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert override[NOTIFICATION] == {"fetchNews": "false", "checkForUpdates": False}


def test_override_keys_exist_in_jupyterlab_schema() -> None:
    """A renamed setting would make the override a silent no-op."""
    properties = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]
    override = json.loads(SHIPPED.read_text(encoding="utf-8"))[NOTIFICATION]
    assert set(override) <= set(properties), sorted(properties)
    fetch_news_values = {choice["const"] for choice in properties["fetchNews"]["oneOf"]}
    assert override["fetchNews"] in fetch_news_values


def test_override_installed_in_environment() -> None:
    """Installed by `uv pip install -e ".[test]"`; equal to the shipped file."""
    assert INSTALLED.is_file(), (
        f"{INSTALLED} missing: reinstall the project (uv pip install -e '.[test]'); "
        "pyproject.toml needs [tool.hatch.build.targets.wheel.shared-data]"
    )
    installed = json.loads(INSTALLED.read_text(encoding="utf-8"))
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert installed == shipped, "installed overrides.json is stale: reinstall the project"


@pytest.mark.timeout(120)
def test_settings_override_in_effect_in_server(lab_server: ServerProcess) -> None:
    """The running server serves the override as the notification settings' defaults: news
    never fetched, no update check, and no user setting involved."""
    settings = lab_server.get_json(f"lab/api/settings/{NOTIFICATION}")
    defaults = {
        name: spec.get("default") for name, spec in settings["schema"]["properties"].items()
    }
    assert defaults["fetchNews"] == "false", defaults
    assert defaults["checkForUpdates"] is False, defaults
    assert settings["raw"].strip() in ("", "{}"), settings["raw"]
