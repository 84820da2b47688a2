"""The API's one error shape, `{"error": {"status", "code", "message", "details"}}` (`ErrorOut`), for every failure:
a bad or unknown parameter, a missing event, a missing login or a bug."""

from __future__ import annotations

import difflib
import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd.errors import ConfigError, QueryTimeout, RasdError, StoreError
from rasd.web.models import ErrorOut

__all__ = ["RESPONSES", "add_handlers", "error_response", "known_parameters", "not_found"]

log = logging.getLogger("rasd.web")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "invalid_request", 429: "too_many_requests", 500: "server_error",
          503: "store_unavailable"}
# The error answers of the routes, for the OpenAPI document.
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": code.replace("_", " ")}
    for status, code in _CODES.items() if status != 405
}


def error_response(status: int, message: str, details: list[dict[str, str]] | None = None,
                   headers: dict[str, str] | None = None, *, code: str | None = None,
                   current: dict[str, Any] | None = None) -> JSONResponse:
    """An answer in the one error shape; `code` is the status's own unless given; with `current`, the event a stale
    change was refused for."""
    body: dict[str, Any] = {"error": {"status": status, "code": code or _CODES.get(status, "error"),
                                      "message": message, "details": details or []}}
    if current is not None:
        body["current"] = current
    return JSONResponse(body, status_code=status, headers=headers)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such path {request.url.path!r}; the API is described at /openapi.json"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}; see /openapi.json"
    return error_response(exc.status_code, message, getattr(exc, "details", None),
                          headers=getattr(exc, "headers", None))


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
               for e in exc.errors()]
    where = ", ".join(d["where"] for d in details) or "the request"
    return error_response(422, f"invalid {where}; fix the value and send the request again", details)


def _rasd_error(request: Request, exc: Exception) -> Response:
    return error_response(400, str(exc))


def _store_error(request: Request, exc: Exception) -> Response:
    """The store failed or took too long: 503, with `query_timeout` for a query it cancelled."""
    log.warning("store failure on %s %s: %s", request.method, request.url.path, exc)
    code = "query_timeout" if isinstance(exc, QueryTimeout) else None
    return error_response(503, str(exc), headers={"Retry-After": "10"}, code=code)


def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "the server failed to answer this request; its log has the details, please report it")


def not_found(what: str, ident: str) -> HTTPException:
    return HTTPException(404, f"no {what} {ident!r}; it may have been merged into another event or deleted")


class _Refused(HTTPException):
    """An HTTP error with field details (`where`, `message`) for the error shape."""

    def __init__(self, status: int, message: str, details: list[dict[str, str]]) -> None:
        super().__init__(status, message)
        self.details = details


def _parameters(route: APIRoute) -> tuple[str, ...]:
    """The query parameters a route takes, its dependencies' too (the filters), as clients spell them."""
    def names(dependant: Dependant) -> set[str]:
        return {p.alias for p in dependant.query_params}.union(*(names(d) for d in dependant.dependencies))

    return tuple(sorted(names(route.dependant)))


async def known_parameters(request: Request) -> None:
    """Refuse a query parameter the route does not take (400), naming those it does: a misspelt filter such as
    `admin_1=Idlib` would otherwise be ignored and the answer hold every event."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _parameters(route)
    unknown = sorted({name for name in request.query_params if name not in allowed})
    if not unknown:
        return
    details, hints = [], []
    for name in unknown:
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else "not a parameter of this path"
        details.append({"where": f"query.{name}", "message": f"unknown parameter; {hint}"})
        hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise _Refused(400, f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(hints)} for {route.path}; "
                        f"it takes {', '.join(allowed) or 'no parameters'} (see /openapi.json)", details)


def add_handlers(app: FastAPI) -> None:
    """Answer every failure in the one error shape."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ConfigError, _rasd_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(RasdError, _rasd_error)
    app.add_exception_handler(Exception, _server_error)
