"""Helpers for the serve tests: routes directories on disk, and uvicorn on loopback in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dinaction.serve.app import RoutesApp
from dinaction.serve.commands import bind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "routes"
TOKYO_DIN = "+815012345678"

#: action files every test directory may name
ACTIONS = {
    "reception.din": "transfer +81336042000\n",
    "closed.din": 'voicemail say en "We are closed. Please leave a message."\n',
    "typo.din": "tranfer +81336042000\n",
}

MakeRoutes = Callable[..., Path]


@pytest.fixture
def make_routes(tmp_path: Path) -> MakeRoutes:
    """Write a routes.toml (and the action files it may name) into a fresh directory."""

    def make(text: str, files: dict[str, str] | None = None, *, config: str = "") -> Path:
        directory = tmp_path / "routes"
        directory.mkdir(exist_ok=True)
        (directory / "dinaction.toml").write_text(config, encoding="utf-8")
        for name, content in {**ACTIONS, **(files or {})}.items():
            (directory / name).write_text(content, encoding="utf-8")
        (directory / "routes.toml").write_text(text, encoding="utf-8")
        return directory

    return make


@contextmanager
def running(app: RoutesApp) -> Iterator[str]:
    """``app`` on a real uvicorn on 127.0.0.1 (a free port); yields its base URL."""
    import uvicorn

    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
