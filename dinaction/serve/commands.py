"""The commands ``serve``, ``serve --check`` and ``route``: plain functions, exit codes, one output stream.

The command line only turns flags into these calls. Exit codes: 0 done, 1 the
routes cannot be served (every finding is printed), 2 a usage error (one line
saying what to do).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from dinaction.reporters import TEXT_FORMATS, format_name, get_reporter
from dinaction.serve.load import ActionCheck, Loaded, load_routes
from dinaction.usage import UsageError

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "bind", "check", "route", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _error(stream: TextIO, message: str) -> int:
    stream.write(f"dinaction: error: {message}\n")
    return 2


def _load(directory: Path, stream: TextIO, action_check: ActionCheck | None = None) -> Loaded | int:
    try:
        return load_routes(directory, action_check=action_check)
    except UsageError as exc:
        return _error(stream, str(exc))


def check(
    directory: Path, output_format: str = "text", *, stream: TextIO, action_check: ActionCheck | None = None
) -> int:
    """Load and check a routes directory, print every finding; 0 when it can be served, else 1.

    ``action_check`` runs on every action besides the linter (the command line passes the media check).
    """
    try:
        reporter = get_reporter(output_format)
    except ValueError as exc:
        return _error(stream, str(exc))
    loaded = _load(directory, stream, action_check)
    if isinstance(loaded, int):
        return loaded
    stream.write(reporter(loaded.reports))
    if format_name(output_format) in TEXT_FORMATS:
        stream.write(_verdict(loaded) + "\n")
    return 0 if loaded.ok else 1


def _verdict(loaded: Loaded) -> str:
    shown = loaded.reports[0].path
    if loaded.routes is None:
        count = len(loaded.errors)
        return f"{shown}: cannot be served: {count} error{'s' if count != 1 else ''}"
    count = len(loaded.routes.routes)
    return f"{shown}: {count} route{'s' if count != 1 else ''}, ready to serve"


def route(
    directory: Path,
    *,
    caller: str | None,
    recipient: str,
    at: str | None = None,
    as_json: bool = False,
    stream: TextIO,
) -> int:
    """Say which route a call takes at ``at`` (ISO 8601; without an offset, in the routes' time zone; default now)."""
    from dinaction.serve.explain import explanation_json, explanation_text

    when = None
    if at is not None:
        try:
            when = dt.datetime.fromisoformat(at)
        except ValueError:
            return _error(stream, f"--at {at!r}: give an ISO 8601 date and time, such as 2026-12-24T20:00")
    loaded = _load(directory, stream)
    if isinstance(loaded, int):
        return loaded
    if loaded.routes is None:
        stream.write(get_reporter("text")(loaded.reports))
        stream.write(_verdict(loaded) + "\n")
        return 1
    decision = loaded.routes.decide(caller, recipient, when, explain=True)
    if as_json:
        body = explanation_json(loaded.routes, decision, caller=caller, recipient=recipient)
        stream.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        stream.write(explanation_text(loaded.routes, decision, caller=caller, recipient=recipient))
    return 0


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0 picks a free port); OSError when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto named: asyncio turns Nagle off only on sockets that say they are TCP, and a small answer
    # written in two parts (head, body) would otherwise wait for the client's delayed ACK (~40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve(
    directory: Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    reload_interval: float = 1.0,
    mask_numbers: bool = True,
    stream: TextIO,
) -> int:
    """Check the routes, then serve them on uvicorn until interrupted; the log goes to ``stream``."""
    from dinaction.serve import RoutesFileError, app_from

    try:
        app = app_from(
            directory, reload=reload_interval > 0, reload_interval=reload_interval, mask_numbers=mask_numbers
        )
    except RoutesFileError as exc:
        stream.write(get_reporter("text")(exc.loaded.reports))
        stream.write(_verdict(exc.loaded) + "; not serving\n")
        return 1
    except UsageError as exc:
        return _error(stream, str(exc))
    try:
        sock = bind(host, port)
    except OSError as exc:
        return _error(stream, f"cannot listen on {host}:{port}: {exc.strerror or exc} (try another --port)")
    import gc

    import uvicorn

    app.warm()
    # what start-up loaded (the routes, phonenumbers' metadata, holidays) lives as long as the
    # process: out of the collector's sight, a full collection during a call stays short
    gc.collect()
    gc.freeze()
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    count = len(app.routes.routes)
    with _logging_to(stream):
        logging.getLogger("dinaction.serve").info(
            "serving %d route%s from %s on http://%s:%d/",
            count,
            "s" if count != 1 else "",
            directory,
            shown,
            bound_port,
        )
        config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", server_header=False)
        try:
            uvicorn.Server(config).run(sockets=[sock])
        finally:
            sock.close()
    return 0


@contextmanager
def _logging_to(stream: TextIO) -> Iterator[None]:
    """Our log and uvicorn's, one line per record, to ``stream`` while serving.

    Records carry no process or thread names (the lines do not show them, and
    gathering them is a good part of a record's cost), and the stream is
    flushed every ``FLUSH_INTERVAL`` seconds rather than after each line: at
    thousands of calls a second, a system call per access log line is most of
    what logging costs.
    """
    handler = _BatchedHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    loggers = [logging.getLogger(name) for name in ("dinaction.serve", "uvicorn")]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    switches = (logging.logThreads, logging.logProcesses, logging.logMultiprocessing)
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, (level, propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
        logging.logThreads, logging.logProcesses, logging.logMultiprocessing = switches
        handler.close()


#: seconds a log line may wait in the buffer
FLUSH_INTERVAL = 0.2


class _BatchedHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that writes each record into a buffer and flushes it from a timer thread."""

    def __init__(self, stream: TextIO) -> None:
        try:  # a buffer of our own: stderr is line-buffered, a flush per line
            buffered: TextIO = open(  # noqa: SIM115 - closed in close()
                stream.fileno(), "w", buffering=1 << 16, encoding="utf-8", errors="replace", closefd=False
            )
        except (AttributeError, OSError, io.UnsupportedOperation):
            buffered = stream
        super().__init__(buffered)
        self._own = buffered is not stream
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._flushing, name="dinaction-log-flush", daemon=True)
        self._thread.start()

    def flush(self) -> None:
        """Flushed by the timer (and on close), not after every record."""

    def _flushing(self) -> None:
        while not self._done.wait(FLUSH_INTERVAL):
            self._flush_now()

    def _flush_now(self) -> None:
        with self.lock, contextlib.suppress(OSError, ValueError):  # type: ignore[union-attr]
            self.stream.flush()

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self._flush_now()
        if self._own:
            self.stream.close()
        super().close()
