"""The one way dinaction fetches a URL on Xoxzo's behalf: pre-flight, media check, simulator.

The URL's server is a stranger, so every fetch is bounded:

- **where it connects.** The host is resolved once, every address it resolves
  to must be public (unless ``allow_private``), and the connection goes to an
  address that was checked: there is no second lookup for a rebinding DNS
  server to answer differently. The Host header, TLS SNI and certificate
  verification stay with the name.
- **how long it takes.** One deadline runs from the first connect to the last
  byte, redirects included; every socket operation waits at most what is left
  of it, so a server that trickles header bytes cannot stretch it.
- **how much it costs.** The body is capped as it is decoded: at most one
  content-coding (gzip or deflate), inflated in bounded steps, so a
  compression bomb costs the cap and not what it expands to.

httpx and httpcore are imported with this module, which only the front doors
that fetch import (never ``import dinaction``).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple
from urllib.parse import urljoin

import httpcore
import httpx

from dinaction.facts.urls import unreachable_reason

__all__ = [
    "MAX_REDIRECTS",
    "Answer",
    "BodyTooLargeError",
    "FetchError",
    "Fetcher",
    "Redirect",
    "Resolver",
    "system_resolve",
]

MAX_REDIRECTS: Final = 3
REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
PRIVATE_HINT: Final = " (use --allow-private to test a server on your own network)"
_CODINGS: Final = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
_STEP: Final = 1 << 16

#: host name → its addresses, in the order to try them
Resolver = Callable[[str], Sequence[str]]


class Redirect(NamedTuple):
    """One redirect followed: its status and where it led."""

    status: int
    target: str


class FetchError(Exception):
    """Why a fetch gave no usable answer, in one line for people.

    ``redirects`` are the redirects followed before it happened, ``fetched``
    whether any request was sent (not when the host was refused up front).
    """

    def __init__(self, message: str, *, redirects: Sequence[Redirect] = (), fetched: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.redirects = tuple(redirects)
        self.fetched = fetched

    def __str__(self) -> str:
        return self.message


class BodyTooLargeError(FetchError):
    """The body is over the cap; ``size`` is the declared length when the server declared one."""

    def __init__(self, cap: int, size: int | None, **kw: Any) -> None:
        what = f"body is {size} bytes, over the {_size(cap)} cap" if size else f"body is over the {_size(cap)} cap"
        super().__init__(what, **kw)
        self.cap = cap
        self.size = size


def system_resolve(host: str) -> list[str]:
    """The addresses of ``host`` in the resolver's order of preference; empty when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True, slots=True)
class Fetcher:
    """How to fetch: the same rules for every URL of one check or one simulation.

    ``resolve`` maps a host name to its addresses (the system resolver by
    default). ``verify`` is what TLS trusts (a context for a private CA in
    tests). ``transport`` replaces the network entirely (httpx's
    ``MockTransport`` in tests): the reachability checks still run, but
    nothing is pinned. The object holds no connection: it is safe to share
    between threads.
    """

    allow_private: bool = False
    timeout: float = 10.0
    max_redirects: int = MAX_REDIRECTS
    resolve: Resolver = system_resolve
    verify: ssl.SSLContext | bool = True
    transport: httpx.BaseTransport | None = None
    user_agent: str = "dinaction-preflight"
    _tls: list[ssl.SSLContext] = field(default_factory=list, init=False, repr=False, compare=False)

    @contextmanager
    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> Iterator[Answer]:
        """GET ``url``, following up to ``max_redirects`` redirects, each target checked anew.

        Yields the last answer with its headers read and its body not yet;
        raises :class:`FetchError` when there is none to give.
        """
        deadline = time.monotonic() + self.timeout
        pins: dict[str, tuple[str, ...]] = {}
        redirects: list[Redirect] = []
        target = url
        sent = False
        with self._client(pins, deadline, headers) as http:
            while True:
                try:
                    host = _host(target)
                    pins[host] = self._addresses(host)
                except FetchError as exc:
                    raise FetchError(exc.message, redirects=redirects, fetched=sent) from None
                sent = True
                try:
                    with http.stream("GET", target) as response:
                        location = response.headers.get("location")
                        if response.status_code in REDIRECTS and location is not None:
                            if len(redirects) >= self.max_redirects:
                                message = f"more than {self.max_redirects} redirects; the last one to {target}"
                                raise FetchError(message, redirects=redirects)
                            target = urljoin(target, location)
                            redirects.append(Redirect(response.status_code, target))
                            continue
                        yield Answer(self, target, response, tuple(redirects), deadline)
                        return
                except httpx.TimeoutException:
                    message = f"timed out after {self.timeout:g} s fetching {target}"
                    raise FetchError(message, redirects=redirects) from None
                except httpx.RequestError as exc:
                    message = f"could not fetch {target}: {_network_reason(exc)}"
                    raise FetchError(message, redirects=redirects) from None

    def _addresses(self, host: str) -> tuple[str, ...]:
        """The addresses to connect to for ``host``: resolved once, each checked."""
        if not self.allow_private:
            reason = unreachable_reason(host)
            if reason:
                raise FetchError(f"Xoxzo cannot reach {host} from the public internet: {reason}{PRIVATE_HINT}")
        if _is_address(host):
            return (host,)
        addresses = tuple(self.resolve(host))
        if not addresses:
            raise FetchError(f"could not fetch from {host}: the name does not resolve", fetched=False)
        if not self.allow_private:
            refused = [why for why in map(unreachable_reason, addresses) if why]
            if len(refused) == len(addresses):
                raise FetchError(
                    f"Xoxzo cannot reach {host} from the public internet: it resolves only to non-public "
                    f"addresses: {refused[0]}{PRIVATE_HINT}"
                )
            if refused:
                raise FetchError(
                    f"Xoxzo cannot be sure to reach {host}: of its {len(addresses)} addresses, {refused[0]}; "
                    "every address must be public, or a caller's call may go to the wrong one"
                    f"{PRIVATE_HINT}"
                )
        return addresses

    def _client(
        self, pins: dict[str, tuple[str, ...]], deadline: float, headers: Mapping[str, str] | None
    ) -> httpx.Client:
        transport = self.transport
        if transport is None:
            transport = _PinnedTransport(_PinnedBackend(pins, deadline), self._tls_context())
        return httpx.Client(
            transport=transport,
            timeout=self.timeout,
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "text/plain, */*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
                **(headers or {}),
            },
        )

    def _tls_context(self) -> ssl.SSLContext:
        """One TLS context per fetcher (loading the CA bundle takes milliseconds)."""
        if not self._tls:
            verify = self.verify
            self._tls.append(verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify))
        return self._tls[0]


class Answer:
    """The response at the end of the redirects: status and headers now, the body on :meth:`read`."""

    def __init__(
        self, fetcher: Fetcher, url: str, response: httpx.Response, redirects: tuple[Redirect, ...], deadline: float
    ) -> None:
        self._fetcher = fetcher
        self._response = response
        self._deadline = deadline
        self.url = url
        self.redirects = redirects
        self.status = response.status_code
        self.reason = response.reason_phrase
        self.headers = response.headers
        self.content_type = response.headers.get("content-type")

    @property
    def charset(self) -> str | None:
        return self._response.charset_encoding

    @property
    def declared_length(self) -> int | None:
        declared = self.headers.get("content-length", "")
        return int(declared) if declared.isdigit() else None

    def read(self, cap: int, *, partial: bool = False) -> bytes:
        """The decoded body, at most ``cap`` bytes of it.

        A longer body raises :class:`BodyTooLargeError`, or with ``partial`` is cut at
        ``cap`` (enough to judge a file by its beginning). Raises
        :class:`FetchError` for a timeout, a broken stream or an encoding
        refused.
        """
        declared = self.declared_length
        coding = _coding(self.headers.get("content-encoding", ""))
        if coding is not None and coding not in _CODINGS:
            raise self._error(
                f"served with Content-Encoding: {self.headers['content-encoding']}; one content-coding at most, "
                "gzip or deflate, is decoded (several are a compression bomb's trick)"
            )
        if not partial and coding is None and declared is not None and declared > cap:
            raise BodyTooLargeError(cap, declared, redirects=self.redirects)
        inflate = None if coding is None else _Inflater(_CODINGS[coding])
        body = bytearray()
        try:
            response = self._response
            # a response made in memory (httpx's MockTransport) has its bytes already
            for chunk in [response.content] if response.is_stream_consumed else response.iter_raw():
                for piece in [chunk] if inflate is None else inflate(chunk, cap - len(body) + 1):
                    body += piece
                    if len(body) > cap:
                        if partial:
                            return bytes(body[:cap])
                        raise BodyTooLargeError(cap, None, redirects=self.redirects)
                if time.monotonic() > self._deadline:
                    raise httpx.ReadTimeout("the deadline passed")
        except httpx.TimeoutException:
            raise self._error(f"timed out after {self._fetcher.timeout:g} s reading the body of {self.url}") from None
        except httpx.RemoteProtocolError as exc:
            raise self._error(f"the body of {self.url} is incomplete: {_network_reason(exc)}") from None
        except httpx.RequestError as exc:
            raise self._error(f"could not read the body of {self.url}: {_network_reason(exc)}") from None
        except zlib.error as exc:
            raise self._error(f"the {coding} body of {self.url} is corrupt: {exc}") from None
        return bytes(body)

    def _error(self, message: str) -> FetchError:
        return FetchError(message, redirects=self.redirects)


class _Inflater:
    """Decodes one content-coding in steps of bounded output (``max_length``)."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._inflate = zlib.decompressobj(wbits)
        self._started = False

    def __call__(self, chunk: bytes, room: int) -> Iterator[bytes]:
        """The decoded pieces of ``chunk``; stops once ``room`` bytes came out (the caller stops then too)."""
        data = chunk
        while data and room > 0 and not self._inflate.eof:
            try:
                out = self._inflate.decompress(data, min(room, _STEP))
            except zlib.error:
                if self._started or self._wbits != zlib.MAX_WBITS:
                    raise
                # "deflate" is meant to be zlib-wrapped (RFC 9110), some servers send it raw
                self._wbits = -zlib.MAX_WBITS
                self._inflate = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            room -= len(out)
            data = self._inflate.unconsumed_tail
            if out:
                yield out


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects only to the addresses checked for a host, and keeps the fetch's deadline."""

    def __init__(self, pins: Mapping[str, tuple[str, ...]], deadline: float) -> None:
        self._pins = pins
        self._deadline = deadline
        self._real = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get(_host_key(host))
        if not addresses:
            raise httpcore.ConnectError(f"{host} was not checked before connecting")
        error: Exception = httpcore.ConnectError(f"{host}: no address")
        for address in addresses:
            wait = _left(self._deadline, timeout, httpcore.ConnectTimeout)
            try:
                stream = self._real.connect_tcp(address, port, wait, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise httpcore.ConnectError("no Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation waits at most what is left of the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(self._deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        wait = _left(self._deadline, timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, wait), self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool that uses :class:`_PinnedBackend`."""

    def __init__(self, backend: _PinnedBackend, tls: ssl.SSLContext) -> None:
        super().__init__(verify=tls, trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=tls, network_backend=backend, max_connections=4)


def _left(deadline: float, timeout: float | None, late: type[Exception]) -> float:
    """Seconds an operation may wait: its own timeout, but never past the deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise late("the deadline passed")
    return left if timeout is None else min(timeout, left)


def _coding(header: str) -> str | None:
    """The one content-coding of ``header`` (``identity`` is none); several come back as they are."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
    if not codings:
        return None
    return codings[0] if len(codings) == 1 else ", ".join(codings)


def _host(url: str) -> str:
    """The host as it goes on the wire (IDNA-encoded), the key of the pins."""
    try:
        return _host_key(httpx.URL(url).raw_host.decode("ascii"))
    except (httpx.InvalidURL, ValueError):
        raise FetchError(f"could not fetch {url}: not a valid URL", fetched=False) from None


def _host_key(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _network_reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _size(n: int) -> str:
    return f"{n // (1 << 20)} MiB" if n % (1 << 20) == 0 else f"{n} bytes"
