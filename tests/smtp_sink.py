"""A minimal SMTP server on 127.0.0.1 that keeps what it receives: a local stand-in for the
mail relay, for tests where a separate process (a Celery worker) sends the mail."""

import socketserver
import threading
from collections.abc import Callable


class SmtpSink:
    def __init__(self, on_message: Callable[[bytes], None] | None = None):
        self.messages: list[bytes] = []
        self.on_message = on_message
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())
                self.wfile.flush()

            def handle(self) -> None:
                self.reply("220 sink ESMTP")
                while line := self.rfile.readline():
                    verb = line.strip().split(b" ")[0].upper()
                    if verb == b"EHLO":
                        self.reply("250 sink")
                    elif verb == b"DATA":
                        self.reply("354 go ahead")
                        data = b""
                        while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                            data += chunk
                        # Received: the message is delivered from here on, whatever the sender
                        # learns of it (the callback may kill the sender before it hears 250).
                        sink.messages.append(data)
                        if sink.on_message is not None:
                            sink.on_message(data)
                        self.reply("250 queued")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    else:  # HELO, MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> "SmtpSink":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
