"""Point the Celery app at another broker for one test (a closed port: the broker is down)."""

import contextlib
import subprocess
from pathlib import Path

import kombu.pools

from obc_management.celery import app as celery_app
from tests.processes import free_port, wait_for_port


def _reset_pools() -> None:
    # The app caches its connection and producer pools on first use, and kombu keeps a
    # registry of pools per connection: drop them all, they are rebuilt on the next use.
    kombu.pools.reset()
    celery_app.amqp._producer_pool = None
    celery_app._pool = None


@contextlib.contextmanager
def broker_at(url: str):
    """Publish to `url` instead of the suite's broker, and really publish (not eagerly)."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    _reset_pools()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    try:
        yield
    finally:
        _reset_pools()
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved


class RedisServer:
    """A real redis-server of the test's own on 127.0.0.1:port, which the test stops and
    starts again (the broker going down and coming back)."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
