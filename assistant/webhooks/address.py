"""Where a webhook may be sent: public internet addresses only, unless WEBHOOK_ALLOW_PRIVATE.

A webhook URL is chosen by its owner, so without a check a lifter (or a leaked API key) could make
the server POST to its own network: loopback, the cloud's metadata address, private ranges. The
host is resolved once per try and every address it resolves to must be global; the POST then goes
to the checked address itself (Host header and TLS server name kept as the URL says), so a name
that resolves differently a moment later (DNS rebinding) does not get past the check.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

ALLOW_HINT = "WEBHOOK_ALLOW_PRIVATE=true allows it (development, tests)"


class Refused(Exception):
    """The URL's host is (or resolves to) an address webhooks may not reach."""


@dataclass(frozen=True)
class Target:
    """What to connect to for one try: the URL (host replaced by the checked address), and the
    headers and request extensions that keep the original name for the server and for TLS."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scoped IPv6 address ends in %interface
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def literal_refusal(url: str) -> str | None:
    """Why `url` can never be delivered to, judged without DNS (a private IP literal or localhost);
    None when it may be (names are checked when sent)."""
    host = httpx.URL(url).host.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return f"{host} is this machine: webhooks go to public addresses ({ALLOW_HINT})"
    try:
        public = _public(host)
    except ValueError:
        return None  # a name, not an address
    return None if public else f"{host} is not a public address ({ALLOW_HINT})"


Resolve = Callable[[str, int], Awaitable[list[str]]]


async def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` has, in the resolver's order."""
    found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


async def target(url: str, resolver: Resolve = resolve) -> Target:
    """The checked address to POST `url` to; Refused when the host resolves to any non-public one."""
    parsed = httpx.URL(url)
    host = parsed.host
    if (why := literal_refusal(url)) is not None:
        raise Refused(why)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = await resolver(host, port)
    except socket.gaierror as exc:
        raise Refused(f"{host} did not resolve: {exc.strerror or exc}") from exc
    if not addresses:
        raise Refused(f"{host} did not resolve")
    private = [a for a in addresses if not _public(a)]
    if private:
        raise Refused(f"{host} resolves to {private[0]}, not a public address ({ALLOW_HINT})")
    try:
        ipaddress.ip_address(host)
        return Target(url)  # already an address: nothing to pin
    except ValueError:
        pass
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    return Target(str(parsed.copy_with(host=addresses[0])), {"Host": parsed.netloc.decode("ascii")}, extensions)
