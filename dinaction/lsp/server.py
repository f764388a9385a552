"""The pygls server: documents in, library calls, LSP answers out.

Handlers hold no language logic: they find the document's record
(``documents.OpenDocument``), resolve its settings (the nearest
``dinaction.toml``/``pyproject.toml``, as the CLI does), call the linter or
the formatter through ``features`` and send what comes back.

Three kinds of file are served. Action files (language id ``dinaction``,
``*.din``, ``*.dinaction``) get every feature. Routes files (``routes.toml``,
as the routes package says (``RoutesFiles``, given to the server), or language id ``dinaction-routes``) and
configuration files (``dinaction.toml``; ``pyproject.toml``, only its
``[tool.dinaction]`` table) get diagnostics, completion and hover through
``tomlfiles``: their buffer is checked by the reader that owns them, the
routes loader or the configuration's. Any other document is not kept.

Diagnostics are pushed (``publishDiagnostics``) to clients that cannot pull,
and served on request (``textDocument/diagnostic``) to every client; a client
that pulls is not pushed to as well, or it would show every finding twice.
Pushes are debounced per document on the trailing edge only: an edit after a
quiet spell is linted at once, edits in a burst wait DEBOUNCE and are linted
together. Each push carries the version it was computed for: a lint that
finishes after a newer edit is dropped, never published.

The wire is read by ``wire`` (frames with limits), not by pygls: a broken
frame ends the server with exit code 1 and one line on stderr, for the client
to start it again, instead of leaving it alive and deaf. Messages follow the
LSP lifecycle: requests before ``initialize`` are refused (-32002), requests
after ``shutdown`` are invalid, and ``exit`` ends the server with 0 after a
``shutdown`` and 1 without one.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import logging
import socket
import sys
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidRequest,
    JsonRpcServerNotInitialized,
)
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from dinaction.config import CONFIG_FILES, EXTENSIONS, ConfigError, clear_cache, settings_for_path
from dinaction.linter import LintResult, lint_source
from dinaction.lsp import features, tomlfiles
from dinaction.lsp.documents import Checked, Kind, OpenDocument, View
from dinaction.lsp.text import TextIndex
from dinaction.lsp.wire import FrameReader, FrameSource, FramingError, RawStream
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.version import __version__

logger = logging.getLogger("dinaction.lsp")

LANGUAGE_ID = "dinaction"
#: how long edits may keep coming before a document is linted (seconds)
DEBOUNCE = 0.005
_WATCHER_ID = "dinaction-config-files"
#: the methods a client may send before ``initialize`` (LSP: everything else is refused or dropped)
_BEFORE_INITIALIZE = frozenset({types.INITIALIZE, types.EXIT})


@dataclass(frozen=True, slots=True)
class _BadRequest:
    """A request whose params do not fit its method: answered with an error, not dropped."""

    id: int | str
    error: JsonRpcException


def _usable_id(value: object) -> bool:
    """LSP ids are integers or strings (JSON-RPC's null, fractions and the rest are of no use)."""
    return isinstance(value, int | str) and not isinstance(value, bool)


def _request_id(data: dict[str, Any]) -> int | str | None:
    """The id of a request (a message with a method and a usable id); None for anything else."""
    found = data.get("id")
    return found if "method" in data and _usable_id(found) else None


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, with documents kept by the server and every message answered or dropped.

    pygls would store documents itself, splitting lines with ``str.splitlines``
    (which also breaks at U+2028 and friends, unlike LSP); the server keeps
    them in its own records instead. The document notifications are plain
    methods: pygls keeps a future for every generator or coroutine handler it
    runs until a response is sent, which a notification never has, so each
    would stay in ``_request_futures`` for good; ``_execute_handler`` forgets
    every handler's future once it is done, for the built-in ones as well.
    """

    _server: DinactionServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initialized = False

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self._server.did_open(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self._server.did_change(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        self._server.did_close(params)

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> None:  # type: ignore[override]  # pygls': a generator, kept as a future
        """End the server: 0 after a shutdown request, 1 without one (LSP)."""
        self._server.exit_code = 0 if self._shutdown else 1

    @property
    def shut_down(self) -> bool:
        return self._shutdown

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        def done(future: Future[Any]) -> None:
            callback(future)
            try:  # later, not now: shutdown cancels pending futures while iterating over them
                asyncio.get_running_loop().call_soon(self._forget_future, msg_id, future)
            except RuntimeError:  # no loop (a thread's future done after it ended): nothing iterates
                self._forget_future(msg_id, future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)

    def _forget_future(self, msg_id: Any, future: Future[Any]) -> None:
        if self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]

    def handle_frame(self, body: bytes | bytearray) -> None:
        """One message body off the wire: answered, handled or dropped (logged); never raises.

        A ``bytearray`` is emptied once decoded: a document of megabytes is
        then held as the decoded message and its parse, not a third time.
        """
        try:
            decoded = body.decode("utf-8")  # LSP: UTF-8 only
            if isinstance(body, bytearray):
                body.clear()
            data = json.loads(decoded)
            del decoded
        except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, nested too deep
            logger.warning("unreadable message: %.200s", exc)
            self._send_data({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": f"Parse error: {exc}"}})
            return
        if not isinstance(data, dict) or "jsonrpc" not in data:  # valid JSON, but no JSON-RPC message
            logger.warning("ignoring a message that is not JSON-RPC: %.200r", data)
            if isinstance(data, dict) and (request_id := _request_id(data)) is not None:
                self._send_response(request_id, error=JsonRpcInvalidRequest().to_response_error())
            return
        if "id" in data and not _usable_id(data["id"]):
            logger.warning("ignoring a message with an unusable id: %.80r", data["id"])
            if "method" in data:  # a request no answer can name: JSON-RPC answers it with id null
                error = {
                    "code": JsonRpcInvalidRequest.CODE,
                    "message": "Invalid Request: an id is a string or an integer",
                }
                self._send_data({"jsonrpc": "2.0", "id": None, "error": error})
            return
        try:
            message = self.structure_message(data)
        except JsonRpcException as exc:  # a notification that does not fit its method: no one to answer
            logger.warning("ignoring %s: %s", data.get("method", "a message"), exc)
            return
        self.handle_message(message)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            request_id = _request_id(data)
            if request_id is not None:
                return _BadRequest(request_id, exc)
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _BadRequest):
            logger.warning("request %s: invalid params: %s", message.id, message.error)
            self._send_response(message.id, error=message.error.to_response_error())
            return
        method = getattr(message, "method", None)
        request_id = getattr(message, "id", None) if method is not None else None
        if message.jsonrpc != self.VERSION:
            logger.warning("ignoring a message of JSON-RPC %.20r", message.jsonrpc)
            if request_id is not None:
                self._send_response(request_id, error=JsonRpcInvalidRequest().to_response_error())
            return
        if method is not None and not self.initialized and method not in _BEFORE_INITIALIZE:
            if request_id is not None:
                error: JsonRpcException = JsonRpcServerNotInitialized(
                    f"{method}: the server is not initialized (send initialize first)"
                )
                self._send_response(request_id, error=error.to_response_error())
            else:
                logger.warning("ignoring %s before initialize", method)
            return
        if method is not None and self._shutdown and method != types.EXIT:
            if request_id is not None:
                error = JsonRpcInvalidRequest(f"{method}: the server is shutting down (send exit)")
                self._send_response(request_id, error=error.to_response_error())
            return
        if method == types.INITIALIZE:
            self.initialized = True
        super().handle_message(message)


class DinactionServer(LanguageServer):
    """The open documents (one record each) and the configuration generation; one per connection."""

    protocol: _Protocol

    def __init__(self, *, routes: tomlfiles.RoutesFiles | None = None, **kwargs: Any) -> None:
        super().__init__("dinaction", __version__, protocol_cls=_Protocol, **kwargs)
        #: what the server knows of routes files (None: it serves none)
        self.routes = routes
        self.documents: dict[str, OpenDocument] = {}
        #: bumped when a configuration file changes: every document resolves its settings again
        self._generation = 0
        self._config_errors: set[str] = set()
        self._openings = itertools.count(1)
        #: bumped when a document is saved: a routes file's findings depend on the action files on disk
        self._saves = 0
        #: set by ``exit``: what the process exits with
        self.exit_code: int | None = None

    # --- client facts ------------------------------------------------------

    @property
    def pulls(self) -> bool:
        """Whether the client asks for diagnostics itself (LSP 3.17 pull model)."""
        text_document = self.client_capabilities.text_document
        return text_document is not None and text_document.diagnostic is not None

    @property
    def encoding(self) -> str:
        chosen = self.server_capabilities.position_encoding
        return str(chosen.value if isinstance(chosen, types.PositionEncodingKind) else chosen or "utf-16")

    # --- settings ------------------------------------------------------------

    def settings_of(self, document: OpenDocument) -> Settings:
        """The document's settings, resolved once per configuration generation."""
        if document.settings is None or document.generation != self._generation:
            document.settings = self._resolve_settings(document.uri)
            document.generation = self._generation
        return document.settings

    @staticmethod
    def settings_or_defaults(path: Path) -> Settings:
        """A file's settings, the defaults when its configuration cannot be used (told by ``settings_of``)."""
        try:
            return settings_for_path(path)
        except ConfigError as exc:
            logger.info("configuration: %s (the default settings apply)", exc)
            return DEFAULT_SETTINGS

    def _resolve_settings(self, uri: str) -> Settings:
        """The settings of the nearest configuration file above the document."""
        path = _path_of(uri)
        if path is None:
            root = self.workspace.root_path
            if root is None:
                return DEFAULT_SETTINGS
            path = Path(root) / "untitled.din"
        try:
            return settings_for_path(path)
        except ConfigError as exc:
            message = str(exc)
            if message not in self._config_errors:  # tell once, not on every keystroke
                self._config_errors.add(message)
                logger.warning("configuration: %s", message)
                self.window_show_message(
                    types.ShowMessageParams(
                        type=types.MessageType.Warning,
                        message=f"dinaction: {message} (linting with the default settings)",
                    )
                )
            return DEFAULT_SETTINGS

    def reload_settings(self) -> None:
        """A configuration file changed: resolve settings again, lint open documents again."""
        logger.info("configuration changed: linting %d open documents again", len(self.documents))
        clear_cache()
        self._generation += 1
        self._config_errors.clear()
        if self.pulls:
            workspace = self.client_capabilities.workspace
            if workspace is not None and workspace.diagnostics is not None and workspace.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for document in self.documents.values():
            self.schedule(document, delay=0.0)

    # --- linting ---------------------------------------------------------------

    def document(self, uri: str) -> OpenDocument | None:
        return self.documents.get(uri)

    def view(self, document: OpenDocument) -> View:
        """The current version with its findings (linted here unless the last lint was of it)."""
        settings = self.settings_of(document)
        return document.view(self.lint_text(document, document.text, settings), settings)

    def lint_text(self, document: OpenDocument, text: str, settings: Settings) -> LintResult:
        """Findings for a snapshot of ``document``; safe in a worker thread (it sends nothing)."""
        cached = document.cached(text, settings)
        if cached is not None:
            return cached
        result = lint_source(text, settings)
        if document.text is text:  # still current: worth keeping
            document.linted = (text, settings, result)
        return result

    def kind_of(self, uri: str, language_id: str) -> Kind | None:
        """What a document is: an action file, a routes file, a configuration file, or none the server reads."""
        if language_id == LANGUAGE_ID or uri.endswith(EXTENSIONS):
            return "action"
        if self.routes is not None and language_id == tomlfiles.ROUTES_LANGUAGE_ID:
            return "routes"
        path = _path_of(uri)
        if path is None:
            return None
        if self.routes is not None and self.routes.is_routes_file(path):
            return "routes"
        return "config" if path.name in CONFIG_FILES else None

    def file_name(self, uri: str) -> str:
        """The file name of a document (a routes file named by its language id may have none: ``routes.toml``)."""
        path = _path_of(uri)
        if path is not None:
            return path.name
        return self.routes.file_name if self.routes is not None else CONFIG_FILES[0]

    def check_text(self, document: OpenDocument, text: str) -> Checked:
        """Findings for a snapshot of a routes or configuration file; safe in a worker thread (it sends nothing)."""
        stamp = (self._generation, self._saves)
        cached = document.checked_for(text, stamp)
        if cached is not None:
            return cached
        path = _path_of(document.uri) or Path(self.workspace.root_path or Path.cwd()) / self.file_name(document.uri)
        checked = tomlfiles.check(document.kind, text, path, self.settings_or_defaults, self.routes)
        if document.text is text:  # still current: worth keeping
            document.checked = (text, stamp, checked)
        return checked

    async def diagnostics_of(self, document: OpenDocument, text: str, settings: Settings) -> list[types.Diagnostic]:
        """The findings of a snapshot of ``document`` (found in a worker thread), placed in the text they are of."""
        loop = asyncio.get_running_loop()
        if document.kind != "action":
            checked = await loop.run_in_executor(None, self.check_text, document, text)
            index = document.index if document.text is text else TextIndex(checked.text, document.encoding)
            return tomlfiles.diagnostics(index, checked)
        result = await loop.run_in_executor(None, self.lint_text, document, text, settings)
        # edited meanwhile: the report is of the snapshot, placed in the text the linter read of it
        current = document.text is text
        index = document.view(result, settings).index if current else TextIndex(result.text, document.encoding)
        return features.lsp_diagnostics(index, result.diagnostics)

    def result_id(self, document: OpenDocument) -> str:
        """Names what a pulled report was computed from: settings, opening, version (and the saves, for TOML)."""
        found = f"{self._generation}:{document.serial}:{document.version}"
        return found if document.kind == "action" else f"{found}:{self._saves}"

    def schedule(self, document: OpenDocument, delay: float = DEBOUNCE) -> None:
        """Lint the document soon and push the result, unless the client pulls."""
        if self.pulls:
            return
        document.dirty = True
        if document.push is None:
            now = asyncio.get_running_loop().time()
            if now - document.quiet_since >= delay:
                delay = 0.0  # the first edit after a quiet spell: no reason to wait
            document.push = asyncio.ensure_future(self._push_loop(document, delay))

    def _is_open(self, document: OpenDocument) -> bool:
        return self.documents.get(document.uri) is document

    async def _push_loop(self, document: OpenDocument, delay: float) -> None:
        """Lint the latest text until no edit arrived meanwhile; publish only what is current."""
        loop = asyncio.get_running_loop()
        try:
            await asyncio.sleep(delay)
            while document.dirty and self._is_open(document):
                document.dirty = False
                text, version = document.text, document.version
                settings = self.settings_of(document)
                diagnostics = await self.diagnostics_of(document, text, settings)
                if not self._is_open(document):
                    return  # closed meanwhile: its diagnostics were cleared
                if document.version != version or document.text is not text:
                    continue  # edited meanwhile: the edit marked it dirty again
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=document.uri, version=version, diagnostics=diagnostics)
                )
        except Exception:  # a failed lint must not stop later ones
            logger.exception("linting %s failed", document.uri)
        finally:
            document.push = None
            document.quiet_since = loop.time()

    # --- document sync (called by _Protocol) -------------------------------------

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        kind = self.kind_of(item.uri, item.language_id)
        if kind is None:
            return
        self._forget(item.uri)
        document = OpenDocument(
            item.uri, item.text, item.version, item.language_id, self.encoding, serial=next(self._openings), kind=kind
        )
        self.documents[item.uri] = document
        self.schedule(document, delay=0.0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        document = self.documents.get(params.text_document.uri)
        if document is None:
            return
        document.apply(params.content_changes, params.text_document.version)
        self.schedule(document)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if not self._forget(uri):
            return
        if not self.pulls:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def did_save(self, uri: str) -> None:
        """A saved configuration file applies everywhere; a saved action file is linted with fresh settings.

        An action file on disk may be named by a routes file: open routes files are checked again.
        """
        if _is_config_file(uri):
            self.reload_settings()
            return
        self._saves += 1
        document = self.documents.get(uri)
        if document is not None:
            document.generation = -1  # without a watcher, saving is when an edited config is seen
            self.schedule(document, delay=0.0)
        if not uri.endswith(EXTENSIONS):
            return
        routes = [d for d in self.documents.values() if d.kind == "routes" and d is not document]
        if routes and self.pulls:
            workspace = self.client_capabilities.workspace
            if workspace is not None and workspace.diagnostics is not None and workspace.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
        for found in routes:
            self.schedule(found, delay=0.0)

    def _forget(self, uri: str) -> bool:
        """Drop the record of ``uri`` whole (its push stops); whether there was one."""
        document = self.documents.pop(uri, None)
        if document is None:
            return False
        if document.push is not None:
            document.push.cancel()
        return True

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log to stderr (the client hears of a failed request in its response).

        A request the client got wrong (unknown method or command, bad params)
        is a warning; anything else failed here, and is an error.
        """
        level = logging.ERROR
        if isinstance(error, JsonRpcException) and not isinstance(error, JsonRpcInternalError):
            level = logging.WARNING
        logger.log(level, "%s: %s", getattr(source, "__name__", source), error)

    # --- the connection --------------------------------------------------------------

    async def run(self, frames: FrameSource) -> int:
        """Handle frames until ``exit``; the exit code (1 for a broken stream or an end without shutdown)."""
        while self.exit_code is None:
            try:
                body = await frames.next()
            except FramingError as exc:
                logger.error("unreadable input, stopping (the client may start the server again): %s", exc)
                return 1
            if body is None:
                logger.info("the client closed the connection")
                return 0 if self.protocol.shut_down else 1
            try:
                self.protocol.handle_frame(body)
            except Exception:  # a bug of ours: the server goes on with the next message
                logger.exception("handling a message failed")
        return self.exit_code

    def run_streams(self, reader: RawStream, writer: BinaryIO) -> int:
        """Serve one client on a pair of streams: raw bytes in (stdin's, a socket's), a buffered writer out."""
        self.protocol.set_writer(StdoutWriter(writer))
        try:
            return asyncio.run(self.run(FrameReader(reader)))
        except BrokenPipeError:
            logger.error("the client is gone (its end of the connection is closed)")
            return 1


def _path_of(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


def _is_config_file(uri: str) -> bool:
    path = _path_of(uri)
    return path is not None and path.name in CONFIG_FILES


def build_server(*, routes: tomlfiles.RoutesFiles | None = None, **kwargs: Any) -> DinactionServer:
    """A server with every feature registered (one per connection; no module state).

    ``routes``: what the server knows of routes files (none without it). ``kwargs``
    go to pygls (``converter_factory``: a converter to share among many servers).
    """
    server = DinactionServer(routes=routes, **kwargs)
    _register_configuration(server)
    _register_features(server)
    return server


def _register_configuration(server: DinactionServer) -> None:
    """Watch configuration files; a change re-lints every open document."""

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        workspace = server.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is None or not watched.dynamic_registration:
            return  # no watcher: a saved action file still picks up an edited config (mtime)
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
        server.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id=_WATCHER_ID,
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                    )
                ]
            )
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(params: types.DidChangeWatchedFilesParams) -> None:
        if any(_is_config_file(change.uri) for change in params.changes):
            server.reload_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def client_settings_changed(params: types.DidChangeConfigurationParams) -> None:
        """Nothing to take: settings live in configuration files (clients send this unasked)."""

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        server.did_save(params.text_document.uri)


def _register_features(server: DinactionServer) -> None:
    """Diagnostics on request, formatting, code actions, hover, completion, symbols, tokens."""

    def view(uri: str) -> View | None:
        """An action file's view; None for any other document (routes and configuration files answer below)."""
        found = server.document(uri)
        return None if found is None or found.kind != "action" else server.view(found)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier=LANGUAGE_ID, inter_file_dependencies=False, workspace_diagnostics=False),
    )
    async def pull_diagnostics(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        found = server.document(params.text_document.uri)
        if found is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = server.result_id(found)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        text = found.text  # a snapshot: edits may arrive while it is linted
        settings = server.settings_of(found)  # here: a config problem is told from this thread
        items = await server.diagnostics_of(found, text, settings)
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        found = view(params.text_document.uri)
        if found is None:
            return []
        edits = features.format_edits(found)
        if not edits:
            logger.info("%s: nothing to format, or not formattable until its errors are fixed", found.uri)
        return edits

    @server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
    def range_formatting(params: types.DocumentRangeFormattingParams) -> list[types.TextEdit]:
        found = view(params.text_document.uri)
        return [] if found is None else features.format_range_edits(found, params.range)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, features.FIX_ALL]),
    )
    def code_actions(params: types.CodeActionParams) -> list[types.CodeAction]:
        found = view(params.text_document.uri)
        if found is None:
            return []
        only: Sequence[str] | None = None
        if params.context.only is not None:
            only = [k.value if isinstance(k, types.CodeActionKind) else str(k) for k in params.context.only]
        return features.code_actions(found, params.range, only)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        document = server.document(params.text_document.uri)
        if document is not None and document.kind != "action":
            checked = server.check_text(document, document.text)
            name = server.file_name(document.uri)
            return tomlfiles.hover(
                document.kind, name, document.text, document.index, checked, params.position, server.routes
            )
        found = view(params.text_document.uri)
        return None if found is None else features.hover(found, params.position)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "-", '"', "["]))
    def completion(params: types.CompletionParams) -> types.CompletionList:
        found = server.document(params.text_document.uri)
        if found is not None and found.kind != "action":
            name = server.file_name(found.uri)
            return tomlfiles.completion(found.kind, name, found.text, found.index, params.position, server.routes)
        settings = server.settings_of(found) if found is not None else DEFAULT_SETTINGS
        if found is None or found.unread(settings):
            return types.CompletionList(is_incomplete=False, items=[])
        return features.completion(found.index, found.text, params.position, settings)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        found = view(params.text_document.uri)
        return [] if found is None else features.symbols(found)

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, features.LEGEND)
    def semantic_tokens(params: types.SemanticTokensParams) -> types.SemanticTokens:
        found = view(params.text_document.uri)
        return types.SemanticTokens(data=[]) if found is None else features.semantic_tokens(found)


def serve(tcp: tuple[str, int] | None = None, routes: tomlfiles.RoutesFiles | None = None) -> int:
    """Serve one client on stdio, or the first to connect on TCP; the process's exit code.

    The objects of start-up (pygls, lsprotocol, cattrs' converters, the rules)
    live as long as the server: frozen out of the garbage collector's reach, a
    full collection no longer walks them all.
    """
    server = build_server(routes=routes)
    gc.collect()  # start-up's garbage goes first: what is frozen is never collected
    gc.freeze()
    if tcp is None:
        stdin: Any = sys.stdin.buffer
        return server.run_streams(getattr(stdin, "raw", stdin), sys.stdout.buffer)  # FileIO: no lock to hold
    host, port = tcp
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.create_server((host, port), family=family) as listener:
            logger.info("listening on %s:%d", host, port)
            connection, _ = listener.accept()
    except OSError as exc:
        logger.error("cannot listen on %s:%d: %s", host, port, exc)
        return 1
    with connection, connection.makefile("rb", buffering=0) as reader, connection.makefile("wb") as writer:
        return server.run_streams(reader, writer)


__all__ = ["DinactionServer", "build_server", "serve"]
