"""The API's one error shape, `{"error": {"status", "code", "message", "details"}}` (`ErrorOut`), for every failure:
a bad parameter, a missing event, a missing login or a bug."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd.errors import ConfigError, RasdError
from rasd.web.models import ErrorOut

__all__ = ["RESPONSES", "add_handlers", "error_response", "not_found"]

log = logging.getLogger("rasd.web")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "invalid_request", 429: "too_many_requests", 500: "server_error"}
# The error answers of the routes, for the OpenAPI document.
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": code.replace("_", " ")}
    for status, code in _CODES.items() if status != 405
}


def error_response(status: int, message: str, details: list[dict[str, str]] | None = None,
                   headers: dict[str, str] | None = None, *, current: dict[str, Any] | None = None) -> JSONResponse:
    """An answer in the one error shape (with `current`, the event a stale change was refused for)."""
    body: dict[str, Any] = {"error": {"status": status, "code": _CODES.get(status, "error"), "message": message,
                                      "details": details or []}}
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
    return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
               for e in exc.errors()]
    where = ", ".join(d["where"] for d in details) or "the request"
    return error_response(422, f"invalid {where}; fix the value and send the request again", details)


def _rasd_error(request: Request, exc: Exception) -> Response:
    return error_response(400, str(exc))


def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "the server failed to answer this request; its log has the details, please report it")


def not_found(what: str, ident: str) -> HTTPException:
    return HTTPException(404, f"no {what} {ident!r}; it may have been merged into another event or deleted")


def add_handlers(app: FastAPI) -> None:
    """Answer every failure in the one error shape."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ConfigError, _rasd_error)
    app.add_exception_handler(RasdError, _rasd_error)
    app.add_exception_handler(Exception, _server_error)
