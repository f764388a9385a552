"""Facts about URLs that Xoxzo must fetch from the public internet.

Shared by the URL rules (an mp3 on a private host fails the call) and by the
API client's pre-flight (an action URL on a private host can never be called).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from typing import NamedTuple
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_PORTS",
    "SplitUrl",
    "address_reason",
    "port_problem",
    "require_http_url",
    "split_url",
    "unreachable_reason",
]

#: names that resolve only inside a machine or a site (RFC 6761, 6762, 8375, ICANN .internal)
_PRIVATE_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".lan",
    ".home.arpa",
    ".intranet",
    ".corp",
    ".test",
    ".invalid",
    ".example",
)
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


class SplitUrl(NamedTuple):
    """The parts of a URL that the rules look at; ``ok`` is False when unparsable.

    ``port`` is the port as written after the host's `:` (``""`` for a bare
    `:`), None when the URL names none; ``port_at`` is where that `:` stands.
    """

    ok: bool
    scheme: str
    host: str
    path: str
    port: str | None = None
    port_at: int = -1


#: the port each scheme is fetched from when the URL names none (RFC 9110, 4.2)
DEFAULT_PORTS = {"http": 80, "https": 443}


@functools.lru_cache(maxsize=8192)  # several URL rules ask, of every URL of a document
def split_url(url: str) -> SplitUrl:
    """Split without raising (``urlsplit`` raises on bad ports and brackets)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return SplitUrl(False, "", "", "")
    port, port_at = _port(url, parts.netloc)
    return SplitUrl(True, parts.scheme.lower(), host.lower(), parts.path, port, port_at)


def _port(url: str, netloc: str) -> tuple[str | None, int]:
    """The port as written in ``netloc`` and the offset of its `:` in ``url``; (None, -1) without one."""
    hostinfo = netloc.rpartition("@")[2]
    after = hostinfo.partition("]")[2] if hostinfo.startswith("[") else hostinfo
    colon = after.find(":")
    if colon < 0 or not netloc:
        return None, -1
    port = after[colon + 1 :]
    return port, url.find(netloc) + len(netloc) - len(port) - 1


def port_problem(port: str) -> str | None:
    """Why ``port`` (as written) is no TCP port a server can listen on, or None when it is one."""
    if not (port.isascii() and port.isdigit()):
        return f"`{port}` is not a port number"
    if not 0 < int(port) <= 65535:
        return f"port {int(port)} is not a TCP port (1-65535)"
    return None


@functools.lru_cache(maxsize=1024)  # hosts repeat across the files of a run
def unreachable_reason(host: str) -> str | None:
    """Why the public internet cannot reach ``host``, or None when it may.

    Only facts that hold without DNS: special names and address ranges.
    """
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        return "the URL has no host"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return _name_reason(host)
    return _address_reason(address)


def require_http_url(url: str) -> str:
    """``url`` without surrounding blanks, when it is an absolute http(s) URL with a host; ValueError otherwise.

    The one argument check of every front door that sends a URL somewhere (the
    API client's ``set_action_url``, the pre-flight, the media check, the simulator).
    """
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        ok = False
    if not ok or any(c.isspace() for c in stripped):
        raise ValueError(
            f"not an http:// or https:// URL: {url!r}; give an absolute http:// or https:// URL "
            "such as https://ivr.example.com/action"
        )
    return stripped


def address_reason(address: str) -> str | None:
    """Why the public internet cannot reach the IP ``address``, or None when it may.

    ValueError when ``address`` is no IP address.
    """
    return _address_reason(ipaddress.ip_address(address.strip().strip("[]")))


def _name_reason(host: str) -> str | None:
    if host == "localhost":
        return "`localhost` is the machine itself"
    for suffix in _PRIVATE_SUFFIXES:
        if host.endswith(suffix) or host == suffix[1:]:
            return f"`{suffix}` names are not resolvable on the public internet"
    if "." not in host:
        return f"`{host}` is a single-label name, resolvable only inside a local network"
    if host.isascii() and not all(_LABEL.match(label) for label in host.split(".")):
        return f"`{host}` is not a valid host name"
    return None


def _address_reason(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded(address)
        if embedded is not None:
            how, inner = embedded
            why = _address_reason(inner)
            return None if why is None else f"{address} embeds {inner} ({how}): {why}"
    if address.is_loopback:
        return f"{address} is a loopback address (the machine itself)"
    if address.is_link_local:
        return f"{address} is a link-local address"
    if address.is_unspecified:
        return f"{address} is the unspecified address"
    if address.is_multicast:
        return f"{address} is a multicast address"
    if isinstance(address, ipaddress.IPv6Address) and address in _ULA:
        return f"{address} is a unique-local address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return f"{address} is a carrier-grade NAT address"
    if address.is_private or address.is_reserved:
        return f"{address} is a private address"
    return None


def _embedded(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 transition address leads to, and the mechanism's name.

    Such an address is reached through whatever it embeds: ``2002:7f00:1::``
    (6to4) is 127.0.0.1 to a host with a 6to4 relay, so it is judged as 127.0.0.1.
    """
    if address.ipv4_mapped is not None:
        return "IPv4-mapped", address.ipv4_mapped
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address.teredo is not None:
        return "Teredo", address.teredo[1]
    if address in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix (RFC 6052); 64:ff9b:1::/48 is local use
_ULA = ipaddress.ip_network("fc00::/7")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
