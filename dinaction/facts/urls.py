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

__all__ = ["SplitUrl", "split_url", "unreachable_reason"]

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
    """The parts of a URL that the rules look at; ``ok`` is False when unparsable."""

    ok: bool
    scheme: str
    host: str
    path: str


@functools.lru_cache(maxsize=8192)  # five URL rules ask, of every URL of a document
def split_url(url: str) -> SplitUrl:
    """Split without raising (``urlsplit`` raises on bad ports and brackets)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return SplitUrl(False, "", "", "")
    return SplitUrl(True, parts.scheme.lower(), host.lower(), parts.path)


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
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _address_reason(address.ipv4_mapped)
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


_ULA = ipaddress.ip_network("fc00::/7")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
