"""A real SMTP server on a free loopback port (aiosmtpd), recording what it accepts.

It can refuse given recipients with a chosen reply (4xx or 5xx), slow down each message, and be
stopped and started again on the same port to play a mail server that goes down.
"""

import asyncio
import email
import logging
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO; a failing test's output should show the test.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.sink.refuse.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.sink.lock:
            self.sink.messages.append(message)
        if set(envelope.rcpt_tos) & self.sink.hang_up_after_data:
            # Accepted, but the link breaks before the client hears so.
            server.transport.close()
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list = []
        self.refuse: dict[str, str] = {}
        self.delay = 0.0
        self.hang_up_after_data: set[str] = set()
        self.lock = threading.Lock()
        self._controller = None

    def start(self) -> "SmtpSink":
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def outbox_ids(self) -> list[int]:
        with self.lock:
            return [int(m["X-PESNET-Outbox-Id"]) for m in self.messages]

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    @property
    def email_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"
