"""The client's address, from X-Forwarded-For only when the request came through a trusted proxy.

`ADMIN_TRUSTED_PROXIES` lists the reverse proxies (addresses or networks, comma-separated). When
the direct peer is one of them, the header is read from the right, skipping trusted hops; the
first address that is not a trusted proxy is the client. Without the setting, or from any other
peer, the header is ignored (a client could write anything into it).
"""

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """Networks from a comma-separated list ("10.0.0.1, 172.16.0.0/12"); raises ValueError."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    )


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: str, proxies: Iterable[Network]) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in proxies)


def client_ip(remote: str | None, forwarded_for: str | None, proxies: tuple[Network, ...]) -> str:
    """The address limits and lockouts are keyed on."""
    peer = remote or "unknown"
    if not proxies or not forwarded_for or not _trusted(peer, proxies):
        return peer
    for hop in reversed(forwarded_for.split(",")[:32]):
        parsed = _address(hop)
        if parsed is None:
            return peer  # a malformed header: do not guess
        if not any(parsed in network for network in proxies):
            return str(parsed)
    return peer
