"""Real servers on loopback for the watch tests and the latency benchmark: an RSS feed, a webhook receiver that
checks signatures, and an SMTP server (aiosmtpd)."""

from __future__ import annotations

import hmac
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from rasd.watches.notice import SIGNATURE_HEADER, sign

__all__ = ["FeedServer", "Receiver", "Smtp", "feed_server", "receiver", "rss", "self_signed", "smtp_server"]


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document of (guid, title, text) items, all published now."""
    from datetime import UTC, datetime

    now = format_datetime(datetime.now(UTC))
    entries = "".join(f"<item><guid>{escape(g)}</guid><title>{escape(t)}</title><link>http://127.0.0.1/{escape(g)}"
                      f"</link><description>{escape(x)}</description><pubDate>{now}</pubDate></item>"
                      for g, t, x in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>loopback outlet</title>'
            f"<link>http://127.0.0.1/</link><description>reports</description>{entries}</channel></rss>"
            ).encode()


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler], state: Any) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class FeedServer:
    """The feed's document (change `body` to publish) and the URL it is served at."""

    body: bytes = b""
    url: str = ""


class _FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.server.state.body  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return None


@contextmanager
def feed_server(body: bytes = b"") -> Iterator[FeedServer]:
    state = FeedServer(body)
    with _serving(_FeedHandler, state) as base:
        state.url = f"{base}/feed.xml"
        yield state


@dataclass
class Receiver:
    """A webhook receiver: the calls it accepted, whether each signature was valid, and how it answers.

    `statuses` are answered in turn (then 204); `gate`, when set, holds every call until it is opened, and
    `entered` is set when a call arrives.
    """

    secret: str = ""
    statuses: list[int] = field(default_factory=list)
    calls: list[tuple[bytes, bool]] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    gate: threading.Event | None = None
    entered: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    on_call: Callable[[], None] | None = None


class _HookHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        state: Receiver = self.server.state  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if state.on_call is not None:
            state.on_call()
        state.entered.set()
        if state.gate is not None:
            state.gate.wait(60)
        valid = hmac.compare_digest(self.headers.get(SIGNATURE_HEADER, ""), sign(state.secret, body))
        status = state.statuses.pop(0) if state.statuses else 204
        state.answered.append(status)
        if 200 <= status < 300:
            state.calls.append((body, valid))
        self.send_response(status if valid else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return None


@contextmanager
def receiver(**options: Any) -> Iterator[Receiver]:
    state = Receiver(**options)
    with _serving(_HookHandler, state) as base:
        state.url = f"{base}/hook"
        yield state


@dataclass
class Smtp:
    """The messages an SMTP server on loopback accepted, and its port; with `users`, the logins it accepted and
    whether each message came over TLS."""

    messages: list[bytes] = field(default_factory=list)
    port: int = 0
    users: dict[str, str] = field(default_factory=dict)
    logins: list[str] = field(default_factory=list)
    encrypted: list[bool] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        self.encrypted.append(server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(data, LoginPassword) and self.users.get(data.login.decode()) == data.password.decode()
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)  # handled: aiosmtpd would answer nothing to a refusal


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 and its key, made by the `openssl` command; None when it is not installed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


@contextmanager
def smtp_server(*, users: dict[str, str] | None = None, tls: str = "none",
                cert: tuple[Path, Path] | None = None) -> Iterator[Smtp]:
    """An SMTP server; with `users` it takes logins (over TLS only when `tls` is not none); `tls` is none, starttls
    or tls (encrypted from the start), with `cert` (certificate and key files)."""
    from aiosmtpd.controller import Controller

    state = Smtp(port=_free_port(), users=dict(users or {}))
    options: dict[str, Any] = {}
    if users is not None:
        # PLAIN only: aiosmtpd 1.4 answers no AUTH LOGIN with an initial response, which smtplib sends after a refusal
        # Logins only over TLS when there is TLS (aiosmtpd 1.4 checks STARTTLS alone; a TLS socket counts as plain).
        options.update(authenticator=state.authenticate, auth_require_tls=tls == "starttls",
                       auth_exclude_mechanism=["LOGIN"])
    if tls != "none":
        assert cert is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert[0]), str(cert[1]))
        if tls == "starttls":
            options.update(tls_context=context, require_starttls=True)
        else:
            options.update(ssl_context=context)
    controller = Controller(state, hostname="127.0.0.1", port=state.port, **options)
    controller.start()
    try:
        yield state
    finally:
        controller.stop()
