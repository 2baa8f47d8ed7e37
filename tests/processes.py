"""Helpers for tests that run OBCMS in another process (manage.py, a Celery worker, a server)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# Variables a child must not inherit from the test run (it chooses its own mode).
_MODE_VARIABLES = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER", "DEBUG")


def child_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _MODE_VARIABLES}
    env.update(overrides)
    return env


def production_env(**overrides: str) -> dict[str, str]:
    """Dummy secrets, good enough for the production settings to start."""
    defaults = {
        "DJANGO_SETTINGS_MODULE": "obc_management.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "JWT_SIGNING_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "obcms.example.org",
        "SITE_URL": "https://obcms.example.org",
        "DATABASE_URL": "sqlite:////tmp/obcms-deploy-check.sqlite3",
        "EMAIL_URL": "smtp+tls://obcms:secret@smtp.example.org:587",
    }
    return child_env(**{**defaults, **overrides})


def manage(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


def wait_until(predicate, timeout: float = 30, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"condition not met within {timeout}s")
