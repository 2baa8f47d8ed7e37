"""The load generator of bench/bench_load.py: locust used as a library, in its own process
(gevent patches this process only), one run after another in a closed loop (no think time).

Reads {"host": ..., "runs": [{"name", "path", "headers", "clients", "seconds"}, ...]} as
JSON on stdin; writes one JSON result per run on stdout. Anything but a 200 is an error.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402


def reader(host: str, run: dict) -> type[FastHttpUser]:
    class Reader(FastHttpUser):
        wait_time = constant(0)

        @task
        def read(self) -> None:
            with self.client.get(
                run["path"], headers=run["headers"], name=run["name"], catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")

    Reader.host = host
    return Reader


def measure(host: str, run: dict) -> dict:
    environment = Environment(user_classes=[reader(host, run)])
    runner = environment.create_local_runner()
    started = time.monotonic()
    runner.start(run["clients"], spawn_rate=run["clients"])
    gevent.sleep(run["seconds"])
    runner.quit()
    elapsed = time.monotonic() - started
    stats = environment.stats.get(run["name"], "GET")
    percentile = stats.get_response_time_percentile if stats.num_requests else (lambda _share: 0)
    return {
        "name": run["name"],
        "clients": run["clients"],
        "requests": stats.num_requests,
        "failures": stats.num_failures,
        "p50": percentile(0.50),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "rps": stats.num_requests / elapsed,
    }


def main() -> None:
    config = json.load(sys.stdin)
    for run in config["runs"]:
        print(json.dumps(measure(config["host"], run)), flush=True)


if __name__ == "__main__":
    main()
