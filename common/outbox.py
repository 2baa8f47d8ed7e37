"""The outbox's handler registry: one handler per topic, registered from AppConfig.ready().

`common` sends what the apps above it wrote without importing them: an app registers
`handler(message: OutboxMessage) -> None` for its topics. A handler that raises is retried
with exponential backoff and jitter, up to `max_attempts`, then the message is dead.

Handlers are called at least once. Where the channel allows, a handler makes a second call
harmless with `message.idempotency_key` (or a marker row of its own). A topic whose channel
cannot tell a repeat (an email already handed to SMTP) registers `at_most_once=True`: a
message whose previous attempt was interrupted between claiming and recording (a crash
while sending) is then not sent again but marked dead for a person to look at.
"""

from collections.abc import Callable
from dataclasses import dataclass

Handler = Callable[..., None]
DEFAULT_MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class TopicHandler:
    topic: str
    handler: Handler
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    at_most_once: bool = False


_REGISTRY: dict[str, TopicHandler] = {}


def register(
    topic: str, handler: Handler, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS, at_most_once: bool = False
) -> None:
    """Register the handler of `topic` (registering again replaces it: reloads in tests)."""
    _REGISTRY[topic] = TopicHandler(topic, handler, max_attempts=max_attempts, at_most_once=at_most_once)


def handler_for(topic: str) -> TopicHandler | None:
    return _REGISTRY.get(topic)


def topics() -> list[str]:
    return sorted(_REGISTRY)
