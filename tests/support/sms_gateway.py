"""A local HTTP SMS gateway for tests: records each request, fails on demand, honours the
Idempotency-Key header as the providers that support it do (one SMS per key)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class GatewayRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    def fields(self) -> dict[str, str]:
        """The request's fields, whether JSON or a form."""
        if self.headers.get("Content-Type", "").startswith("application/json"):
            data = json.loads(self.body)
            assert isinstance(data, dict)
            return {str(k): str(v) for k, v in data.items()}
        return dict(urllib.parse.parse_qsl(self.body.decode("ascii")))


@dataclass
class GatewayState:
    requests: list[GatewayRequest] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)  # status codes for the next requests
    delivered: dict[str, GatewayRequest] = field(default_factory=dict)  # key -> the one SMS
    lock: threading.Lock = field(default_factory=threading.Lock)


class SmsGateway:
    """ThreadingHTTPServer on 127.0.0.1 and a free port; `url` is where to post."""

    def __init__(self) -> None:
        state = self.state = GatewayState()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = GatewayRequest(
                    self.path, dict(self.headers.items()), self.rfile.read(length)
                )
                with state.lock:
                    state.requests.append(request)
                    status = state.fail_with.pop(0) if state.fail_with else 200
                    key = request.headers.get("Idempotency-Key") or str(len(state.requests))
                    if status == 200:
                        state.delivered.setdefault(key, request)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}' if status == 200 else b'{"error": "x"}')

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
