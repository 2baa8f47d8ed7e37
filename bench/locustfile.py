"""One endpoint read in a closed loop by every simulated client (no think time), for
bench/bench_load.py, which runs locust headless once per endpoint and client count.

Environment: BENCH_LOAD_NAME (the row's name), BENCH_LOAD_PATH (path and query),
BENCH_LOAD_HEADERS (JSON: Authorization or Cookie). Anything but a 200 counts as an error.
"""

import json
import os

from locust import FastHttpUser, constant, task

NAME = os.environ.get("BENCH_LOAD_NAME", "endpoint")
PATH = os.environ.get("BENCH_LOAD_PATH", "/healthz")
HEADERS = json.loads(os.environ.get("BENCH_LOAD_HEADERS", "{}"))


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self) -> None:
        with self.client.get(PATH, headers=HEADERS, name=NAME, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
