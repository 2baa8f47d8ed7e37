"""The webhook client never connects where it must not (SSRF): every forbidden address,
numeric spelling, DNS name resolving to one, and redirect is refused, and a local sink
sees no connection."""

import socket

import pytest

from external_api import http
from external_api.tests.sink import start_sink

FORBIDDEN = [
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # carrier-grade NAT
    "0.0.0.0",
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.10",  # documentation
    "[::1]",
    "[::]",
    "[fe80::1]",
    "[fc00::1]",  # unique local
    "[fd12:3456::1]",
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[::ffff:10.0.0.1]",
    "[2002:7f00:1::1]",  # 6to4 around 127.0.0.1
    "[ff02::1]",
]
NUMERIC_TRICKS = ["2130706433", "0x7f000001", "127.1", "0177.0.0.1", "0x7f.0.0.1", "017700000001", "127.0.1"]


@pytest.fixture
def no_loopback(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False


@pytest.fixture
def no_connections(monkeypatch):
    """Fail the test if the client tries to open any socket."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("host", FORBIDDEN + NUMERIC_TRICKS)
def test_forbidden_addresses_are_refused_without_a_connection(host, no_loopback, no_connections):
    with pytest.raises(http.Refused):
        http.post(f"https://{host}/hook", b"{}", {})
    with pytest.raises(http.Refused):
        http.check_url(f"https://{host}:443/hook")


def test_a_dns_name_resolving_to_a_forbidden_address_is_refused(no_loopback, no_connections):
    with pytest.raises(http.Refused, match="loopback"):
        http.post("https://localhost/hook", b"{}", {})


@pytest.mark.parametrize("answer", ["10.1.2.3", "169.254.169.254", "::ffff:192.168.0.1", "fd00::5"])
def test_a_name_with_any_forbidden_address_is_refused_as_a_whole(
    answer, monkeypatch, no_loopback, no_connections
):
    def resolver(host, port, *args, **kwargs):
        family = socket.AF_INET6 if ":" in answer else socket.AF_INET
        public = (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))
        return [public, (family, socket.SOCK_STREAM, 6, "", (answer, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(http.Refused):
        http.post("https://partner.example.org/hook", b"{}", {})


def test_a_local_sink_sees_no_connection_when_loopback_is_not_allowed(no_loopback):
    sink = start_sink()
    try:
        with pytest.raises(http.Refused):
            http.post(sink.url, b"{}", {})
        with pytest.raises(http.Refused):
            http.post(sink.url.replace("127.0.0.1", "localhost"), b"{}", {})
        assert sink.connections == 0 and sink.received == []
    finally:
        sink.close()


def test_plain_http_and_odd_ports_are_refused_for_public_hosts(monkeypatch, no_connections):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, 1, 6, "", ("93.184.215.14", port))],
    )
    with pytest.raises(http.Refused, match="https"):
        http.post("http://partner.example.org/hook", b"{}", {})
    with pytest.raises(http.Refused, match="port"):
        http.post("https://partner.example.org:22/hook", b"{}", {})
    with pytest.raises(http.Refused, match="credentials"):
        http.post("https://user:pw@partner.example.org/hook", b"{}", {})


def test_the_checked_address_is_the_one_connected_to(monkeypatch, settings):
    """No second lookup: a rebinding resolver cannot answer differently at connect time."""
    sink = start_sink()
    answers = iter(["127.0.0.1", "10.0.0.1"])
    lookups = []

    def rebinding(host, port, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    port = sink.server.server_address[1]
    result = http.post(f"http://rebind.example.org:{port}/hook", b"{}", {})
    assert result.status_code == 200 and lookups == ["rebind.example.org"]
    sink.close()


def test_redirects_are_not_followed():
    sink = start_sink(statuses=(302,), extra_headers={"location": "http://169.254.169.254/latest/meta-data/"})
    try:
        result = http.post(sink.url, b"{}", {})
        assert result.status_code == 302 and not result.ok and result.error == "redirect not followed"
        assert len(sink.received) == 1
    finally:
        sink.close()


def test_the_response_is_capped(settings):
    sink = start_sink()
    try:
        result = http.post(sink.url, b"{}", {}, max_bytes=1)
        assert result.body == b"o" and "larger" in result.error
    finally:
        sink.close()


def test_a_silent_receiver_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
        result = http.post(url, b"{}", {}, total_timeout=0.5)
        assert result.status_code is None and "no answer" in result.error
    finally:
        listener.close()


def test_production_settings_refuse_to_start_with_loopback_allowed():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "SECRET_KEY": "k3" * 30,
        "JWT_SIGNING_KEY": "j7" * 30,
        "FIELD_ENCRYPTION_KEYS": "f5" * 20,
        "ALLOWED_HOSTS": "obcms.example.org",
        "DATABASE_URL": "postgres://u@db/obcms",
        "SITE_URL": "https://obcms.example.org",
        "EMAIL_URL": "smtp://relay.example.org:587",
        "WEBHOOK_ALLOW_LOOPBACK": "true",
    }
    command = [sys.executable, "-c", "import obc_management.settings.production"]
    refused = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "WEBHOOK_ALLOW_LOOPBACK" in refused.stderr
    env["WEBHOOK_ALLOW_LOOPBACK"] = "false"
    accepted = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert accepted.returncode == 0, accepted.stderr
