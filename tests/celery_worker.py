"""A real Celery worker process, consuming a queue of its own, against the test database.

Used by tests whose behaviour depends on a worker (delivery, redelivery after a crash).
The test must use `transactional_db`, so the rows it writes are visible to the worker.
"""

import signal
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from obc_management.celery import app as celery_app
from tests.processes import PYTHON, REPO, child_env, wait_until


@dataclass
class WorkerProcess:
    queue: str
    nodename: str
    process: subprocess.Popen
    log_path: Path

    def send(self, task_name: str, *args, **kwargs):
        return celery_app.send_task(task_name, args=args, kwargs=kwargs, queue=self.queue)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would: no chance to clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(tmp_path: Path, *, extra_env: dict[str, str] | None = None) -> WorkerProcess:
    queue = f"test-{uuid.uuid4().hex[:10]}"
    nodename = f"{queue}@localhost"
    log_path = tmp_path / f"{queue}.log"
    env = child_env(
        DJANGO_SETTINGS_MODULE="obc_management.settings.base",
        DEBUG="false",
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        LOG_FORMAT="text",
        **(extra_env or {}),
    )
    command = [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "obc_management",
        "worker",
        "-Q",
        queue,
        "-n",
        nodename,
        "--pool",
        "solo",
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "INFO",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    worker = WorkerProcess(queue=queue, nodename=nodename, process=process, log_path=log_path)

    def answers_ping():
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited early:\n{worker.log()}")
        return celery_app.control.ping(destination=[nodename], timeout=0.5)

    wait_until(answers_ping, timeout=60)
    return worker


def stop_worker(worker: WorkerProcess) -> None:
    if worker.process.poll() is None:
        worker.process.terminate()
        try:
            worker.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
