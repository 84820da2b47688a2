"""The deliverer: turns new changes into notices and pushes the notices due to webhooks and e-mail.

One pass (`Deliverer.run_once`) queues notices from the change log, then tries each webhook notice that is due once
and sends each watch's due e-mail as one message (at once, or gathered hourly or daily). A failed attempt is logged
and tried again after `retry_seconds` doubled per attempt, up to `retries` attempts. Passes run in a thread of
their own (`start`), beside `rasd watch` and `rasd serve`, or once from cron (`rasd watches deliver`); they use a
store connection of their own, so ingestion never waits for an endpoint: the outbox lies between them.
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any, Protocol

from rasd.errors import ConfigError
from rasd.settings import Settings
from rasd.store.base import Store
from rasd.store.notices import Due
from rasd.watches.notice import SIGNATURE_HEADER, payload, sign, text
from rasd.watches.watch import Watch

__all__ = ["Deliverer", "DeliveryOptions", "Pass", "Poster", "UrllibPoster"]

_log = logging.getLogger("rasd.watches")
_DIGEST = {"none": timedelta(0), "hourly": timedelta(hours=1), "daily": timedelta(days=1)}
SMTP_TLS = ("none", "starttls", "tls")
LOCAL_URL = "http://127.0.0.1:8000"  # where notices link to when `public_url` is empty


@dataclass(frozen=True, slots=True)
class DeliveryOptions:
    """Where notices link to, how often passes run, and how webhooks and e-mail are sent."""

    base_url: str = LOCAL_URL
    interval: float = 1.0
    timeout: float = 10.0
    retries: int = 8
    retry_seconds: float = 30.0
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = "rasd@localhost"
    smtp_tls: str = "none"  # none, starttls or tls
    smtp_user: str = ""  # empty: no login
    smtp_password: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.smtp_tls not in SMTP_TLS:
            raise ConfigError(f"smtp_tls={self.smtp_tls!r} is not one of {', '.join(SMTP_TLS)}; fix RASD_SMTP_TLS")

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryOptions:
        """The options of the `public_url`, `watch_*` and `smtp_*` settings."""
        return cls(base_url=settings.public_url or LOCAL_URL, interval=settings.watch_interval,
                   timeout=settings.watch_timeout, retries=settings.watch_retries,
                   retry_seconds=settings.watch_retry_seconds, smtp_host=settings.smtp_host,
                   smtp_port=settings.smtp_port, smtp_sender=settings.smtp_sender, smtp_tls=settings.smtp_tls,
                   smtp_user=settings.smtp_user, smtp_password=settings.smtp_password)

    def masked(self, text: str) -> str:
        """A message with the SMTP password, should a server or library have echoed it, shown as `***`."""
        return text.replace(self.smtp_password, "***") if self.smtp_password else text


@dataclass(slots=True)
class Pass:
    """What passes did: notices queued, deliveries sent and attempts that failed."""

    queued: int = 0
    sent: int = 0
    failed: int = 0


class Poster(Protocol):
    """POSTs a body; returns the HTTP status, or raises `OSError` when the endpoint cannot be reached."""

    def post(self, url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> int: ...


class UrllibPoster:
    """POST with urllib; an HTTP error status is returned, not raised."""

    def post(self, url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
        """Send the body and return the answer's status."""
        import urllib.error
        import urllib.request

        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as err:
            return int(err.code)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Deliverer:
    """Queues and delivers the notices of every watch in a store (see the module docstring)."""

    def __init__(self, store: Store, *, options: DeliveryOptions | None = None, poster: Poster | None = None,
                 clock: Callable[[], datetime] | None = None, tls_context: ssl.SSLContext | None = None) -> None:
        self.store = store
        self.options = options or DeliveryOptions()
        # Checks the SMTP server's certificate: the system's authorities unless the caller trusts others.
        self.tls_context = tls_context
        self.poster = poster or UrllibPoster()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.totals = Pass()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- one pass -----------------------------------------------------------------------------------------------

    def run_once(self) -> Pass:
        """Queue new notices and deliver what is due, once; return what this pass did."""
        done = Pass(queued=self.store.queue_notices())
        watches: dict[str, Watch | None] = {}

        def watch_of(watch_id: str) -> Watch | None:
            if watch_id not in watches:
                watches[watch_id] = self.store.watch(watch_id)
            return watches[watch_id]

        now = self.clock()
        for due in self.store.due("webhook", now=_stamp(now)):
            watch = watch_of(due.notice.watch_id)
            if watch is not None and watch.webhook:
                self._webhook(watch, due, done)
        by_watch: dict[str, list[Due]] = {}
        for due in self.store.due("email", now=_stamp(now), limit=1000):
            by_watch.setdefault(due.notice.watch_id, []).append(due)
        for watch_id, dues in by_watch.items():
            watch = watch_of(watch_id)
            if watch is not None and watch.email and self._digest_due(watch, now):
                self._email(watch, dues, done)
        for name in ("queued", "sent", "failed"):
            setattr(self.totals, name, getattr(self.totals, name) + getattr(done, name))
        return done

    def _body(self, watch: Watch, due: Due) -> dict[str, Any] | None:
        record = self.store.event(due.notice.event_id)
        return None if record is None else payload(watch, due.notice, record, base_url=self.options.base_url)

    def _record(self, due: Due, ok: bool, detail: str, done: Pass) -> None:
        now = self.clock()
        retry = None
        if not ok and due.attempts + 1 < self.options.retries:
            retry = _stamp(now + timedelta(seconds=self.options.retry_seconds * 2 ** due.attempts))
        self.store.record_delivery(due, status="sent" if ok else "failed", detail=detail, at=_stamp(now),
                                   retry_at=retry)
        done.sent += ok
        done.failed += not ok

    def _webhook(self, watch: Watch, due: Due, done: Pass) -> None:
        body = self._body(watch, due)
        if body is None:
            self.store.record_delivery(due, status="dropped", detail="the event was merged or deleted",
                                       at=_stamp(self.clock()))
            return
        data = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: sign(watch.secret, data),
                   "X-Rasd-Watch": watch.watch_id, "X-Rasd-Notice": str(due.notice.notice_id),
                   "User-Agent": "rasd (watches)"}
        assert watch.webhook is not None
        try:
            status = self.poster.post(watch.webhook, data, headers, timeout=self.options.timeout)
        except OSError as err:
            self._record(due, False, f"cannot reach {watch.webhook}: {err}", done)
            return
        self._record(due, 200 <= status < 300, f"HTTP {status}", done)

    def _digest_due(self, watch: Watch, now: datetime) -> bool:
        """Whether a watch's e-mail may go now: always without a digest, else an hour or a day after the last."""
        if watch.mailed_at is None:
            return True
        return now - datetime.fromisoformat(watch.mailed_at) >= _DIGEST[watch.digest]

    def _email(self, watch: Watch, dues: list[Due], done: Pass) -> None:
        bodies = [(due, self._body(watch, due)) for due in dues]
        live = [(due, body) for due, body in bodies if body is not None]
        for due, _ in (pair for pair in bodies if pair[1] is None):
            self.store.record_delivery(due, status="dropped", detail="the event was merged or deleted",
                                       at=_stamp(self.clock()))
        if not live:
            return
        message = EmailMessage()
        n = len(live)
        message["Subject"] = (f"rasd: {live[0][1]['event']['headline']}" if n == 1
                              else f"rasd: {n} events for your watch {watch.name!r}")
        message["From"] = self.options.smtp_sender
        message["To"] = watch.email
        message.set_content(f"Your watch {watch.name!r}:\n\n" + "\n\n----\n\n".join(text(b) for _, b in live))
        options = self.options
        try:
            if not options.smtp_host:
                raise OSError("no SMTP server: set smtp_host (RASD_SMTP_HOST)")
            with self._smtp() as smtp:
                refused = smtp.send_message(message)
            ok, detail = not refused, f"sent to {watch.email}" if not refused else f"refused: {refused}"
        except smtplib.SMTPAuthenticationError as err:
            ok, detail = False, (f"SMTP {options.smtp_host}:{options.smtp_port} refused the login of "
                                 f"{options.smtp_user!r} (check smtp_user and RASD_SMTP_PASSWORD): {err}")
        except (OSError, smtplib.SMTPException) as err:  # ssl.SSLError is an OSError
            ok, detail = False, f"SMTP {options.smtp_host}:{options.smtp_port} ({options.smtp_tls}) failed: {err}"
        detail = options.masked(detail)
        for due, _ in live:
            self._record(due, ok, detail, done)
        if ok:
            self.store.mailed(watch.watch_id, _stamp(self.clock()))

    def _smtp(self) -> smtplib.SMTP:
        """A connection to the SMTP server, encrypted as `smtp_tls` says and logged in when `smtp_user` is set."""
        options = self.options
        context = self.tls_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if options.smtp_tls == "tls":
            smtp = smtplib.SMTP_SSL(options.smtp_host, options.smtp_port, timeout=options.timeout, context=context)
        else:
            smtp = smtplib.SMTP(options.smtp_host, options.smtp_port, timeout=options.timeout)
        try:
            if options.smtp_tls == "starttls":
                smtp.starttls(context=context)
            if options.smtp_user:
                smtp.login(options.smtp_user, options.smtp_password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    # -- in a thread --------------------------------------------------------------------------------------------

    def start(self) -> Deliverer:
        """Run passes in a daemon thread, every `interval` seconds or as soon as `wake` is called."""
        self._thread = threading.Thread(target=self._loop, name="rasd-deliverer", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        """Run the next pass now (ingestion calls this after storing events)."""
        self._wake.set()

    def stop(self, *, timeout: float = 30.0) -> None:
        """Finish the current pass and stop the thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # a broken pass is logged and the next one tries again; the thread must live on
                _log.exception("a delivery pass failed; the next pass tries again")
            self._wake.wait(self.options.interval)
            self._wake.clear()
