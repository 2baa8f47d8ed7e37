"""An HTTP client that cannot be turned against our own network (SSRF).

Partners choose webhook URLs, so every delivery checks where it is going: the host is
resolved once, every address it resolves to must be global (no loopback, private,
link-local, carrier-grade NAT, multicast, reserved, unspecified, IPv6 unique-local, or IPv4
hidden in IPv6), numeric host spellings that resolvers read as addresses (`2130706433`,
`0x7f000001`, `127.1`, `0177.0.0.1`) are refused outright, and the socket connects to the
very address that was checked: no second lookup a rebinding DNS server could answer
differently. TLS still verifies the certificate against the URL's host name (SNI included).
Redirects are never followed; connect and total timeouts and a response-size cap bound
what a slow or hostile server can cost us.

`WEBHOOK_ALLOW_LOOPBACK` lets loopback targets (and plain http to them) through, for the
test suite and the embedded demo only; production settings refuse to start with it on.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

CGNAT = ipaddress.ip_network("100.64.0.0/10")
NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


class Refused(Exception):
    """The URL or its address is not one we connect to; nothing was sent."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


@dataclass(frozen=True)
class Result:
    status_code: int | None
    duration_ms: int
    error: str = ""
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _allow_loopback() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", False))


def address_refusal(address: str, *, allow_loopback: bool | None = None) -> str | None:
    """Why we will not connect to `address`, or None when it is a global unicast address."""
    allow_loopback = _allow_loopback() if allow_loopback is None else allow_loopback
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour or ip.teredo):
        return "an IPv4 address inside IPv6"
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.version == 4 and ip in CGNAT:
        return "a carrier-grade NAT address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "a reserved address"
    return None


def parse_target(url: str) -> Target:
    """Check the URL's form: https on an allowed port, a real host name or a plain address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused("The URL is not valid.") from exc
    if parts.scheme not in ("https", "http"):
        raise Refused("Webhook URLs must use https.")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise Refused("The URL has no host.")
    if parts.username or parts.password:
        raise Refused("Webhook URLs may not carry credentials.")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        if all(NUMERIC_LABEL.match(label) for label in labels) or NUMERIC_LABEL.match(labels[-1]):
            raise Refused("Numeric host names other than a plain address are refused.") from None
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path)


def resolve(target: Target) -> tuple[int, str]:
    """The address to connect to: every address the host resolves to must pass, so a name
    that also points inside our network is refused as a whole."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"The host {target.host} does not resolve.") from exc
    families = {info[4][0]: info[0] for info in infos}
    addresses = list(families)
    if not addresses:
        raise Refused(f"The host {target.host} does not resolve.")
    for address in addresses:
        why = address_refusal(address)
        if why:
            raise Refused(f"{target.host} resolves to {why}; webhooks go to public addresses only.")
    loopback = all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
    if target.scheme != "https" and not loopback:
        raise Refused("Webhook URLs must use https.")
    if not loopback and target.port not in settings.WEBHOOK_ALLOWED_PORTS:
        allowed = ", ".join(str(port) for port in settings.WEBHOOK_ALLOWED_PORTS)
        raise Refused(f"Webhook URLs must use port {allowed}.")
    return families[addresses[0]], addresses[0]


def check_url(url: str) -> Target:
    """Everything short of connecting: used when a partner registers or changes a URL."""
    target = parse_target(url)
    resolve(target)
    return target


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    connect_timeout: float | None = None,
    total_timeout: float | None = None,
    max_bytes: int | None = None,
) -> Result:
    """POST once. Raises Refused (before any connection) for a forbidden target; network
    errors and timeouts come back as a Result with `error` set."""
    connect_timeout = connect_timeout or settings.WEBHOOK_CONNECT_TIMEOUT
    total_timeout = total_timeout or settings.WEBHOOK_TIMEOUT
    max_bytes = max_bytes or settings.WEBHOOK_MAX_RESPONSE_BYTES
    target = parse_target(url)
    family, address = resolve(target)
    started = time.monotonic()
    deadline = started + total_timeout

    def elapsed_ms() -> int:
        return int((time.monotonic() - started) * 1000)

    connection = None
    try:
        # A plain socket connected to the checked address: socket.create_connection would
        # run getaddrinfo again.
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(connect_timeout)
        try:
            sock.connect((address, target.port))
        except OSError:
            sock.close()
            raise
        if target.scheme == "https":
            context = ssl.create_default_context(cafile=settings.WEBHOOK_CA_BUNDLE or None)
            # server_hostname: SNI and certificate verification against the name, not the address.
            sock = context.wrap_socket(sock, server_hostname=target.host)
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        connection = http.client.HTTPConnection(target.host, target.port)
        connection.sock = sock
        connection.request("POST", target.path, body=body, headers={**headers, "connection": "close"})
        response = connection.getresponse()
        received = b""
        # read1 returns what has arrived (one receive, bounded by the socket timeout), so
        # a server trickling bytes is cut off at the deadline, not after the whole body.
        while len(received) <= max_bytes:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = response.read1(min(8192, max_bytes + 1 - len(received)))
            if not chunk:
                break
            received += chunk
        error = "" if len(received) <= max_bytes else f"response larger than {max_bytes} bytes (cut)"
        if 300 <= response.status < 400:
            error = "redirect not followed"
        return Result(response.status, elapsed_ms(), error, received[:max_bytes])
    except TimeoutError:
        return Result(None, elapsed_ms(), f"no answer within {total_timeout:g} s")
    except ssl.SSLError as exc:
        return Result(None, elapsed_ms(), f"TLS error: {exc.reason or exc}"[:300])
    except (OSError, http.client.HTTPException) as exc:
        return Result(None, elapsed_ms(), f"{type(exc).__name__}: {exc}"[:300])
    finally:
        if connection is not None:
            connection.close()
