"""Fair serving: what keeps one client from starving the others, checked before a request reaches a route.

`Guard` is a pure ASGI middleware in front of the API. Before any body is read it refuses, in the API's one error
shape: a path or query holding a NUL (400); a body announced larger than `ServeLimits.max_body` (413; a body
streamed without a length is counted as it is read, and the read fails with 413 past the limit); a change (a POST,
PUT, PATCH or DELETE a route takes) without a known token (401, so a bad body from a stranger is never parsed); and
a client over its share (429 with `Retry-After`). Shares are token buckets per client address: anonymous reads
spend one token each (an export one more per hundred events it may hold), and every token that turns out unknown
spends one of the client's few token attempts. Logged-in reads are not limited. Behind a reverse proxy on the same
machine, uvicorn takes the client address from `X-Forwarded-For` (its `--forwarded-allow-ips`, 127.0.0.1 by
default); elsewhere set `FORWARDED_ALLOW_IPS` to the proxy's address, or every visitor shares the proxy's share.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from anyio import to_thread
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasd.settings import Settings
from rasd.web.errors import error_response

__all__ = ["Bucket", "Guard", "ServeLimits"]

_CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_CLIENTS_KEPT = 10_000  # buckets remembered; full ones (idle clients) are forgotten first


@dataclass(frozen=True, slots=True)
class ServeLimits:
    """What one client may ask of `rasd serve` (the `api_*` settings)."""

    rate: float = 10.0  # anonymous requests a second, sustained; 0: no limit
    burst: int = 100  # anonymous requests at once
    token_attempts: int = 10  # unknown tokens a client may send a minute
    max_body: int = 65_536  # bytes of a request body
    anonymous_export: int = 5_000  # events an anonymous export may hold

    @classmethod
    def from_settings(cls, settings: Settings) -> ServeLimits:
        """The limits the settings give."""
        return cls(rate=settings.api_rate, burst=settings.api_burst, token_attempts=settings.api_token_attempts,
                   max_body=settings.api_max_body, anonymous_export=settings.api_anonymous_export)


@dataclass(slots=True)
class Bucket:
    """A token bucket: `capacity` tokens, refilled at `rate` a second."""

    capacity: float
    rate: float
    tokens: float = field(default=-1.0)
    at: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def level(self, now: float) -> float:
        """The tokens held at `now`."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        return self.tokens

    def take(self, cost: float, now: float) -> float:
        """Spend `cost` tokens and return 0, or spend none and return the seconds until they are there."""
        if self.level(now) >= cost:
            self.tokens -= cost
            return 0.0
        return (cost - self.tokens) / self.rate if self.rate > 0 else float("inf")


class _Buckets:
    """One bucket per client, forgetting idle clients when too many are kept."""

    def __init__(self, capacity: float, rate: float) -> None:
        self.capacity, self.rate = capacity, rate
        self.by_client: dict[str, Bucket] = {}

    def of(self, client: str, now: float) -> Bucket:
        bucket = self.by_client.get(client)
        if bucket is None:
            if len(self.by_client) >= _CLIENTS_KEPT:
                self.by_client = {k: b for k, b in self.by_client.items() if b.level(now) < b.capacity}
            bucket = self.by_client[client] = Bucket(self.capacity, self.rate, at=now)
        return bucket


class Guard:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, *, limits: ServeLimits, known: Callable[[str], bool],
                 routes: Sequence[BaseRoute] = (), clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.limits, self.known, self.routes, self.clock = app, limits, known, routes, clock
        self.reads = _Buckets(limits.burst, limits.rate)
        self.attempts = _Buckets(limits.token_attempts, limits.token_attempts / 60)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = await self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        receive = _Counted(receive, self.limits.max_body)
        if not _header(scope, b"authorization"):
            await self.app(scope, receive, send)
            return
        client = _client(scope)

        async def count_unknown_tokens(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                self.attempts.of(client, self.clock()).take(1, self.clock())
            await send(message)

        await self.app(scope, receive, count_unknown_tokens)

    async def _refusal(self, scope: Scope) -> Callable[[Scope, Receive, Send], Awaitable[None]] | None:
        path: str = scope["path"]
        query: bytes = scope.get("query_string", b"")
        if "\x00" in path or b"\x00" in query or b"%00" in query:
            return error_response(400, "a NUL character is not allowed in a path or parameter; remove it")
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limits.max_body):
            return error_response(413, f"the request body is larger than {self.limits.max_body} bytes; send less")
        if not path.startswith("/api/"):
            return None
        client, now = _client(scope), self.clock()
        authorization = _header(scope, b"authorization")
        if authorization is not None:
            attempts = self.attempts.of(client, now)
            if self.limits.token_attempts and attempts.level(now) < 1:
                return _too_many((1 - attempts.tokens) / attempts.rate, "unknown tokens from this address")
            if self._change(scope):
                token = authorization.removeprefix("Bearer ").strip()
                if not authorization.startswith("Bearer ") or not await to_thread.run_sync(self.known, token):
                    self.attempts.of(client, now).take(1, now)
                    return error_response(401, "this change needs a known token; send `Authorization: Bearer "
                                               "<token>` (`rasd users add NAME --role reviewer`)",
                                          headers={"WWW-Authenticate": "Bearer"})
            return None
        if self._change(scope):
            return error_response(401, "this change needs a login; send `Authorization: Bearer <token>`",
                                  headers={"WWW-Authenticate": "Bearer"})
        if self.limits.rate <= 0:
            return None
        wait = self.reads.of(client, now).take(self._cost(path, query), now)
        return _too_many(wait, "requests from this address (log in to read without this limit)") if wait else None

    def _change(self, scope: Scope) -> bool:
        """Whether a request is a change a route takes (an unknown path or method is left to answer 404 or 405)."""
        return scope["method"] in _CHANGES and any(r.matches(scope)[0] == Match.FULL for r in self.routes)

    def _cost(self, path: str, query: bytes) -> float:
        """One token a read; an export one more per hundred events it may hold."""
        if path != "/api/export":
            return 1.0
        asked = dict(parse_qsl(query.decode("latin-1"))).get("limit", "10000")
        limit = min(int(asked) if asked.isdigit() else 10_000, self.limits.anonymous_export)
        return min(1.0 + limit / 100, float(self.limits.burst))


class _Counted:
    """A body read that fails with 413 (in the error shape, as the app's handlers answer it) past `most` bytes."""

    def __init__(self, receive: Receive, most: int) -> None:
        self.receive, self.most, self.seen = receive, most, 0

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.most:
                raise HTTPException(413, f"the request body is larger than {self.most} bytes; send less")
        return message


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _client(scope: Scope) -> str:
    client: Any = scope.get("client")
    return str(client[0]) if client else "unknown"


def _too_many(wait: float, what: str) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    seconds = max(1, int(wait + 0.999)) if wait != float("inf") else 3600
    return error_response(429, f"too many {what}; wait {seconds} s",
                          headers={"Retry-After": str(seconds)})
