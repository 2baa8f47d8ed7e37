"""A real HTTP receiver on 127.0.0.1 for webhook tests: records every request it gets and
answers with the statuses it is told (the last one repeats)."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Sink:
    server: ThreadingHTTPServer
    statuses: list[int]
    received: list[Received] = field(default_factory=list)
    extra_headers: dict[str, str] = field(default_factory=dict)
    connections: int = 0

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/obcms"

    def next_status(self) -> int:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_sink(statuses=(200,), extra_headers=None) -> Sink:
    sink: Sink

    class Handler(BaseHTTPRequestHandler):
        def setup(self):
            sink.connections += 1
            super().setup()

        def do_POST(self):  # noqa: N802 - http.server's naming
            length = int(self.headers.get("content-length", 0))
            body = self.rfile.read(length)
            sink.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(sink.next_status())
            for name, value in sink.extra_headers.items():
                self.send_header(name, value)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    sink = Sink(server=server, statuses=list(statuses), extra_headers=dict(extra_headers or {}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return sink
