"""A small local webhook receiver for the demo: verifies each Standard Webhooks signature
and prints the event. `manage.py webhook_receiver` listens where the demo partner's endpoint
points (http://127.0.0.1:8765/webhooks/obcms) with the demo's signing secret."""

import json
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.core.management.base import BaseCommand

from external_api.demo import DEMO_WEBHOOK_SECRET
from external_api.signing import verify


class Command(BaseCommand):
    help = "Run a local receiver that verifies and prints OBCMS webhooks (demo and development only)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--secret", default=DEMO_WEBHOOK_SECRET, help="The endpoint's whsec_ secret.")
        parser.add_argument("--status", type=int, default=204, help="Status to answer verified events with.")

    def handle(self, *args, port, secret, status, **options):
        out = self.stdout

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                ok = verify([secret], dict(self.headers.items()), body, now=int(time.time()))
                self.send_response(status if ok else 400)
                self.send_header("content-length", "0")
                self.end_headers()
                if ok:
                    event = json.loads(body)
                    out.write(
                        f"verified {self.headers['webhook-id']} {event['type']}: {json.dumps(event['data'])}"
                    )
                else:
                    out.write(f"REJECTED a request with a bad or missing signature ({len(body)} bytes)")

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", port), Handler)
        out.write(f"Listening on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
