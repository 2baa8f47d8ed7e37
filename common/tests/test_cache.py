"""computed_once: of the callers that miss a cached answer at the same moment, one computes
it and the others wait for it (no stampede); a failed computation does not strand them."""

import threading
import time
import uuid

from django.core.cache import cache

from common.cache import computed_once
from tests.helpers import run_at_once


def _key() -> str:
    return f"test:computed-once:{uuid.uuid4()}"


def test_callers_missing_at_once_compute_the_answer_once():
    key, computations = _key(), []
    lock = threading.Lock()

    def compute():
        with lock:
            computations.append(1)
        time.sleep(0.3)  # long enough for every caller to miss while it runs
        return {"answer": 42}

    results, errors = run_at_once(lambda: computed_once(key, compute, 60), times=6)

    assert errors == []
    assert len(computations) == 1
    assert [answer for answer, _ in results] == [{"answer": 42}] * 6
    assert sorted(computed_here for _, computed_here in results) == [False] * 5 + [True]
    assert cache.get(f"{key}:computing") is None


def test_a_kept_answer_is_read_not_computed():
    key = _key()
    assert computed_once(key, lambda: "first", 60) == ("first", True)
    assert computed_once(key, lambda: "second", 60) == ("first", False)


def test_a_waiter_computes_when_the_first_caller_fails():
    key = _key()
    started = threading.Event()

    def failing():
        started.set()
        time.sleep(0.2)
        raise RuntimeError("the database went away")

    outcome = {}

    def first():
        try:
            computed_once(key, failing, 60)
        except RuntimeError as error:
            outcome["first"] = error

    thread = threading.Thread(target=first)
    thread.start()
    started.wait(5)
    answer = computed_once(key, lambda: "computed by the waiter", 60)
    thread.join(5)

    assert isinstance(outcome["first"], RuntimeError)
    assert answer == ("computed by the waiter", True)
    assert cache.get(key) == "computed by the waiter"
