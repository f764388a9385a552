"""The pygls server: documents in, library calls, LSP answers out.

Handlers hold no language logic: they find the document, resolve its settings
(the nearest ``dinaction.toml``/``pyproject.toml``, as the CLI does), call the
linter or the formatter through ``features`` and send what comes back.

Diagnostics are pushed (``publishDiagnostics``) to clients that cannot pull,
and served on request (``textDocument/diagnostic``) to every client; a client
that pulls is not pushed to as well, or it would show every finding twice.
Pushes are debounced per document on the trailing edge only: an edit after a
quiet spell is linted at once, edits in a burst wait DEBOUNCE and are linted
together. Each push carries the version it was computed for: a lint that
finishes after a newer edit is dropped, never published.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from dinaction import __version__
from dinaction.config import CONFIG_FILES, EXTENSIONS, ConfigError, clear_cache, settings_for_path
from dinaction.linter import LintResult, lint_source
from dinaction.lsp import features
from dinaction.lsp.text import Document
from dinaction.settings import DEFAULT_SETTINGS, Settings

logger = logging.getLogger("dinaction.lsp")

LANGUAGE_ID = "dinaction"
#: how long edits may keep coming before a document is linted (seconds)
DEBOUNCE = 0.005
_WATCHER_ID = "dinaction-config-files"


@dataclass(frozen=True, slots=True)
class _BadRequest:
    """A request whose params do not fit its method: answered with an error, not dropped."""

    id: int | str
    error: JsonRpcException


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, with documents kept by the server and malformed input answered.

    pygls would store documents itself, splitting lines with ``str.splitlines``
    (which also breaks at U+2028 and friends, unlike LSP); the server keeps
    them in ``dinaction.lsp.text.Document`` instead. A request that fails
    validation gets an "invalid params" error instead of no answer at all.
    """

    _server: DinactionServer

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Generator[Any, Any, None]:
        yield self._server.did_open, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        yield self._server.did_change, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Generator[Any, Any, None]:
        yield self._server.did_close, (params,), None

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            request_id = data.get("id")
            if "method" in data and isinstance(request_id, int | str) and not isinstance(request_id, bool):
                return _BadRequest(request_id, exc)
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _BadRequest):
            logger.warning("request %s: invalid params: %s", message.id, message.error)
            self._send_response(message.id, error=message.error.to_response_error())
            return
        if not hasattr(message, "jsonrpc"):  # valid JSON, but no JSON-RPC message
            logger.warning("ignoring a message that is not JSON-RPC: %.200r", message)
            if isinstance(message, dict) and isinstance(message.get("id"), int | str):
                self._send_response(message["id"], error=JsonRpcInvalidRequest().to_response_error())
            return
        super().handle_message(message)


class DinactionServer(LanguageServer):
    """Open documents, their settings, and the pending lints; one per connection."""

    protocol: _Protocol

    def __init__(self) -> None:
        super().__init__("dinaction", __version__, protocol_cls=_Protocol)
        self.documents: dict[str, Document] = {}
        self._results: dict[str, tuple[str, Settings, LintResult]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        #: when each document's last push loop ended (event-loop time)
        self._quiet_since: dict[str, float] = {}
        self._dirty: set[str] = set()
        self._generation = 0
        self._config_errors: set[str] = set()
        self._serials: dict[str, int] = {}
        self._opened = itertools.count(1)

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

    def settings_for(self, uri: str) -> Settings:
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
        """A configuration file changed: forget settings and results, lint open documents again."""
        logger.info("configuration changed: linting %d open documents again", len(self.documents))
        clear_cache()
        self._generation += 1
        self._results.clear()
        self._config_errors.clear()
        if self.pulls:
            workspace = self.client_capabilities.workspace
            if workspace is not None and workspace.diagnostics is not None and workspace.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in self.documents:
            self.schedule(uri, delay=0.0)

    # --- linting ---------------------------------------------------------------

    def lint(self, document: Document) -> LintResult:
        """The document's findings, computed once per text and settings."""
        return self.lint_text(document.uri, document.text, self.settings_for(document.uri))

    def lint_text(self, uri: str, text: str, settings: Settings) -> LintResult:
        """Findings for a snapshot of ``uri``; safe in a worker thread (it sends nothing)."""
        cached = self._results.get(uri)
        if cached is not None and cached[0] is text and cached[1] == settings:
            return cached[2]
        result = lint_source(text, settings)
        self._results[uri] = (text, settings, result)
        return result

    def result_id(self, document: Document) -> str:
        """Names what a pulled report was computed from: settings, opening, version."""
        return f"{self._generation}:{self._serials.get(document.uri, 0)}:{document.version}"

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Lint ``uri`` soon and push the result, unless the client pulls."""
        if self.pulls:
            return
        self._dirty.add(uri)
        if uri not in self._workers:
            now = asyncio.get_running_loop().time()
            if now - self._quiet_since.get(uri, float("-inf")) >= delay:
                delay = 0.0  # the first edit after a quiet spell: no reason to wait
            self._workers[uri] = asyncio.ensure_future(self._push_loop(uri, delay))

    async def _push_loop(self, uri: str, delay: float) -> None:
        """Lint the latest text until no edit arrived meanwhile; publish only what is current."""
        loop = asyncio.get_running_loop()
        try:
            await asyncio.sleep(delay)
            while uri in self._dirty:
                self._dirty.discard(uri)
                document = self.documents.get(uri)
                if document is None:
                    return
                text, version = document.text, document.version
                settings = self.settings_for(uri)
                result = await loop.run_in_executor(None, lint_source, text, settings)
                current = self.documents.get(uri)
                if current is None or current.version != version or current.text is not text:
                    continue  # edited meanwhile: the edit marked it dirty again
                self._results[uri] = (text, settings, result)
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(
                        uri=uri,
                        version=version,
                        diagnostics=features.lsp_diagnostics(current.index, result.diagnostics),
                    )
                )
        except Exception:  # a failed lint must not stop later ones
            logger.exception("linting %s failed", uri)
        finally:
            self._workers.pop(uri, None)
            self._quiet_since[uri] = loop.time()

    # --- document sync (called by _Protocol) -------------------------------------

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        if not _is_action_file(item.uri, item.language_id):
            return
        self.documents[item.uri] = Document(item.uri, item.text, item.version, item.language_id, self.encoding)
        self._serials[item.uri] = next(self._opened)
        self.schedule(item.uri, delay=0.0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        document = self.documents.get(params.text_document.uri)
        if document is None:
            return
        document.apply(params.content_changes, params.text_document.version)
        self.schedule(document.uri)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if self.documents.pop(uri, None) is None:
            return
        self._results.pop(uri, None)
        self._serials.pop(uri, None)
        self._dirty.discard(uri)
        if not self.pulls:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log to stderr; answer unreadable JSON with a parse error (JSON-RPC: id null)."""
        logger.error("%s: %s", getattr(source, "__name__", source), error)
        if isinstance(error, ValueError) and not isinstance(error, JsonRpcException):
            self.protocol._send_data(
                {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": f"Parse error: {error}"}}
            )


def _path_of(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


def _is_action_file(uri: str, language_id: str) -> bool:
    return language_id == LANGUAGE_ID or uri.endswith(EXTENSIONS)


def _is_config_file(uri: str) -> bool:
    path = _path_of(uri)
    return path is not None and path.name in CONFIG_FILES


def build_server() -> DinactionServer:
    """A server with every feature registered (one per connection; no module state)."""
    server = DinactionServer()
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
        uri = params.text_document.uri
        if _is_config_file(uri):
            server.reload_settings()
        elif uri in server.documents:
            server.schedule(uri, delay=0.0)


def _register_features(server: DinactionServer) -> None:
    """Diagnostics on request, formatting, code actions, hover, completion, symbols, tokens."""

    def document(uri: str) -> Document | None:
        return server.documents.get(uri)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier=LANGUAGE_ID, inter_file_dependencies=False, workspace_diagnostics=False),
    )
    async def pull_diagnostics(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        found = document(params.text_document.uri)
        if found is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = server.result_id(found)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        index, text = found.index, found.text  # a snapshot: edits may arrive while it is linted
        loop = asyncio.get_running_loop()
        settings = server.settings_for(found.uri)  # here: a config problem is told from this thread
        result = await loop.run_in_executor(None, server.lint_text, found.uri, text, settings)
        return types.RelatedFullDocumentDiagnosticReport(
            items=features.lsp_diagnostics(index, result.diagnostics), result_id=result_id
        )

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        found = document(params.text_document.uri)
        if found is None:
            return []
        edits = features.format_edits(found.index, found.text, server.settings_for(found.uri))
        if not edits:
            logger.info("%s: nothing to format, or not formattable until its errors are fixed", found.uri)
        return edits

    @server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
    def range_formatting(params: types.DocumentRangeFormattingParams) -> list[types.TextEdit]:
        found = document(params.text_document.uri)
        if found is None:
            return []
        return features.format_range_edits(found.index, found.text, params.range, server.settings_for(found.uri))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, features.FIX_ALL]),
    )
    def code_actions(params: types.CodeActionParams) -> list[types.CodeAction]:
        found = document(params.text_document.uri)
        if found is None:
            return []
        only: Sequence[str] | None = None
        if params.context.only is not None:
            only = [k.value if isinstance(k, types.CodeActionKind) else str(k) for k in params.context.only]
        return features.code_actions(
            found.uri,
            found.version,
            found.index,
            server.lint(found),
            server.settings_for(found.uri),
            params.range,
            only,
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        found = document(params.text_document.uri)
        if found is None:
            return None
        return features.hover(found.index, server.lint(found), params.position, server.settings_for(found.uri))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "-"]))
    def completion(params: types.CompletionParams) -> types.CompletionList:
        found = document(params.text_document.uri)
        if found is None:
            return types.CompletionList(is_incomplete=False, items=[])
        return features.completion(found.index, found.text, params.position, server.settings_for(found.uri))

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        found = document(params.text_document.uri)
        if found is None:
            return []
        return features.symbols(found.index, found.text, server.lint(found).script)

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, features.LEGEND)
    def semantic_tokens(params: types.SemanticTokensParams) -> types.SemanticTokens:
        found = document(params.text_document.uri)
        if found is None:
            return types.SemanticTokens(data=[])
        return features.semantic_tokens(found.index, found.text, server.lint(found).script)


def serve(tcp: tuple[str, int] | None = None) -> None:
    """Run one server until the client says exit (stdio) or disconnects (TCP).

    The objects of start-up (pygls, lsprotocol, cattrs' converters, the rules)
    live as long as the server: frozen out of the garbage collector's reach, a
    full collection no longer walks them all. Linting a 5,000-line document
    makes one every other edit; it cost ~50 ms, now ~15 (what the linter keeps
    between edits is still walked).
    """
    server = build_server()
    gc.collect()  # start-up's garbage goes first: what is frozen is never collected
    gc.freeze()
    if tcp is None:
        server.start_io()
    else:
        server.start_tcp(*tcp)


__all__ = ["DinactionServer", "build_server", "serve"]
