"""JupyterLab and Voila on 127.0.0.1, each in its own process group, stopped (with the kernels
they started) by process id."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import SERVER_START_TIMEOUT, SERVER_STOP_TIMEOUT


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_root() -> bool:
    """True when running as root (JupyterLab then needs ``--allow-root``)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (Linux ``/proc``; empty elsewhere)."""
    found: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    if not task_dir.is_dir():
        return found
    for task in task_dir.iterdir():
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return found


def start_time(pid: int) -> int | None:
    """Start time of ``pid`` in clock ticks since boot (``/proc/<pid>/stat`` field 22), or None
    if it is gone; with the pid it identifies a process even if the pid is later reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 2 (the command) may contain spaces; it ends at the last ")".
    return int(stat.rsplit(")", 1)[1].split()[19])


def descendants(pid: int) -> list[tuple[int, int]]:
    """(pid, start time) of all descendants of ``pid``. Kernels run in their own sessions, so a
    process-group kill alone would miss them."""
    result: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [pid]
    while stack:
        for child in _children(stack.pop()):
            started = start_time(child)
            if child not in seen and started is not None:
                seen.add(child)
                result.append((child, started))
                stack.append(child)
    return result


def signal_pid(pid: int, sig: signal.Signals, started: int | None = None) -> None:
    """Send ``sig`` to ``pid`` if it still exists (and, given ``started``, is still the same
    process rather than a reuse of its pid)."""
    if started is not None and start_time(pid) != started:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def stop_process_tree(proc: subprocess.Popen[bytes], timeout: float = SERVER_STOP_TIMEOUT) -> None:
    """Stop ``proc`` (started with ``start_new_session=True``), its process group and every
    process it started (kernels), by their ids: SIGTERM, then SIGKILL after ``timeout`` s."""
    offspring = descendants(proc.pid)
    if proc.poll() is None:
        _signal_group(proc.pid, signal.SIGTERM)  # the server shuts its kernels down
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)
    _signal_group(proc.pid, signal.SIGKILL)  # the group may outlive its leader
    for pid, started in offspring:
        signal_pid(pid, signal.SIGKILL, started)


@dataclass
class ServerProcess:
    """A server the tests started: its process, base URL (no trailing slash) and token."""

    name: str
    proc: subprocess.Popen[bytes]
    base_url: str
    token: str
    log_path: Path

    def url(self, path: str, **query: str) -> str:
        """Absolute URL for ``path`` (relative to the base URL), with the token if there is one."""
        params = dict(query)
        if self.token:
            params["token"] = self.token
        qs = urllib.parse.urlencode(params)
        return f"{self.base_url}/{path.lstrip('/')}" + (f"?{qs}" if qs else "")

    def log_tail(self, lines: int = 40) -> str:
        """Last lines of the server's log, for failure messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def get_json(self, path: str, timeout: float = 10.0) -> Any:
        """GET ``path`` and decode JSON."""
        with urllib.request.urlopen(self.url(path), timeout=timeout) as response:
            return json.load(response)

    def request(self, method: str, path: str, timeout: float = 10.0) -> int:
        """Send a body-less request; return the HTTP status."""
        req = urllib.request.Request(self.url(path), method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def stop(self) -> None:
        """Stop the server and everything it started."""
        stop_process_tree(self.proc)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        """``with start_jupyterlab(...) as server:`` stops the server however the block ends."""
        self.stop()


def _isolated_env(state_dir: Path) -> dict[str, str]:
    """Environment for a server: this interpreter's env first on PATH, and fresh Jupyter/IPython
    config, data and runtime dirs so nothing from ``~`` leaks in. ``sys.prefix`` stays on the
    Jupyter data path, so the project's installed settings override still applies."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "matplotlib"),
    ):
        path = state_dir / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTERLAB_SETTINGS_DIR", None)
    env.pop("JUPYTERLAB_WORKSPACES_DIR", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_until_serving(server: ServerProcess, probe_path: str, timeout: float) -> None:
    """Poll ``probe_path`` until it answers 200; fail with the log if the server dies or is slow."""
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.proc.returncode} before serving:\n"
                f"{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.url(probe_path), timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.25)
    server.stop()
    raise TimeoutError(
        f"{server.name} not serving {probe_path} after {timeout:.0f} s ({last_error}):\n"
        f"{server.log_tail()}"
    )


def _spawn(
    name: str, cmd: list[str], cwd: Path, env: dict[str, str], log_path: Path
) -> subprocess.Popen[bytes]:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start_jupyterlab(root_dir: Path, state_dir: Path) -> ServerProcess:
    """Start JupyterLab from this environment on 127.0.0.1, a free port and a random token.

    Fresh workspaces and user-settings dirs; the app object is exposed as ``window.jupyterapp``
    so the tests can scope selectors to the current notebook; cells are all attached to the DOM
    (``windowingMode: none``) so that explorers far down a lesson can be found; the default kernel
    starts without a dialog.
    """
    settings_dir = state_dir / "lab-user-settings"
    workspaces_dir = state_dir / "lab-workspaces"
    tracker = settings_dir / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(
        json.dumps({"windowingMode": "none", "autoStartDefaultKernel": True}), encoding="utf-8"
    )
    workspaces_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    token = uuid.uuid4().hex
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={workspaces_dir}",
        "--LabServerApp.open_browser=False",
    ]
    if is_root():
        cmd.append("--allow-root")
    proc = _spawn("jupyterlab", cmd, root_dir, _isolated_env(state_dir), state_dir / "lab.log")
    server = ServerProcess(
        "JupyterLab", proc, f"http://127.0.0.1:{port}", token, state_dir / "lab.log"
    )
    _wait_until_serving(server, "api/status", SERVER_START_TIMEOUT)
    return server


def start_voila(root_dir: Path, state_dir: Path) -> ServerProcess:
    """Start Voila serving ``root_dir`` (tree mode: ``/voila/render/<nb>``) on 127.0.0.1.

    Token-less is acceptable on loopback. Tracebacks are shown so that errors are detectable.
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(root_dir),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=True",
    ]
    log_path = state_dir / "voila.log"
    proc = _spawn("voila", cmd, root_dir, _isolated_env(state_dir), log_path)
    server = ServerProcess("Voila", proc, f"http://127.0.0.1:{port}", "", log_path)
    _wait_until_serving(server, "voila/tree", SERVER_START_TIMEOUT)
    return server
