"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port) that keeps what arrives."""

from __future__ import annotations

import email
import socket
import threading
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    """What the server accepted: envelope recipients and the parsed message."""

    rcpt: list[str]
    message: Message

    @property
    def body(self) -> str:
        payload = self.message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        return payload.decode(self.message.get_content_charset() or "utf-8")


@dataclass
class Mailbox:
    """The messages delivered to the test server, in order."""

    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Event = field(default_factory=threading.Event)  # set at each message

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), message))
        self.arrived.set()
        return "250 Message accepted for delivery"

    def seen_by_reader(self) -> list[Received]:
        """What a mail reader shows: copies with a Message-ID already shown are hidden."""
        shown: dict[str, Received] = {}
        for item in self.received:
            shown.setdefault(str(item.message["Message-ID"]), item)
        return list(shown.values())


class SmtpServer:
    """aiosmtpd in a thread, on a fixed port, that can be stopped and started again; with
    `login` = (user, password) it refuses mail until the client has logged in with them."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None
        self.login = login

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (data.login.decode(), data.password.decode()) == self.login
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 535

    def start(self) -> None:
        auth: dict[str, Any] = {}
        if self.login is not None:  # plain-text login on 127.0.0.1 only: no TLS in tests
            auth = {
                "auth_required": True,
                "auth_require_tls": False,
                "authenticator": self._authenticate,
                "auth_exclude_mechanism": ["CRAM-MD5"],
            }
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **auth)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
