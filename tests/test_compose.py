"""The shipped docker-compose.yml publishes only the reverse proxy: the app port stays on the
compose network, so nobody reaches gunicorn directly and forges X-Forwarded-For past the
NUM_PROXIES=1 rule (issue 11, security gap 2)."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
PROXY_IMAGES = ("caddy", "nginx")


def _published(service: dict) -> list[str]:
    """Each published port as "host_ip:host_port" (host_ip empty means every interface)."""
    published = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            published.append(f"{port.get('host_ip', '')}:{port.get('published', port.get('target'))}")
            continue
        parts = str(port).split(":")
        host_ip = parts[0] if len(parts) == 3 else ""
        published.append(f"{host_ip}:{parts[-2] if len(parts) >= 2 else parts[0]}")
    return published


def test_only_a_reverse_proxy_publishes_ports_beyond_loopback():
    for name, service in COMPOSE["services"].items():
        image = service.get("image", "")
        if image.split(":")[0] in PROXY_IMAGES:
            continue
        for binding in _published(service):
            host_ip = binding.rsplit(":", 1)[0]
            assert host_ip in ("127.0.0.1", "::1", "[::1]"), f"{name} publishes {binding} beyond loopback"


def test_the_app_port_is_internal_and_the_proxy_forwards_to_it():
    web = COMPOSE["services"]["web"]
    assert not web.get("ports"), "the app port must not be published"
    proxies = [s for s in COMPOSE["services"].values() if s.get("image", "").split(":")[0] in PROXY_IMAGES]
    assert len(proxies) == 1
    assert {binding.split(":")[-1] for binding in _published(proxies[0])} >= {"443"}
    caddyfile = (REPO / "docker" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile


def test_the_environment_example_trusts_exactly_one_proxy():
    env = (REPO / ".env.example").read_text().splitlines()
    assert "NUM_PROXIES=1" in env
