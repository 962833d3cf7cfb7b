"""Errors as problem details (RFC 9457, ``application/problem+json``), with the field named.

The library raises domain errors (mbcwatch.errors); this edge translates them:

    InputError (and request validation)  -> 422, ``field`` names the offending field
    malformed JSON body                  -> 400
    NotFoundError                        -> 404
    ConflictError                        -> 409
    KnowledgeBaseError, RuleError        -> 503 (the service cannot assess safely right now)

Bad input never becomes a 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from mbcwatch.errors import (
    ConflictError,
    InputError,
    KnowledgeBaseError,
    MbcwatchError,
    NotFoundError,
    RuleError,
    did_you_mean,
)
from mbcwatch.vocab import RED_FLAGS, SITES, TREATMENTS

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:mbcwatch:problem:"

_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    422: "Invalid input",
    429: "Too many requests",
    503: "Service unavailable",
}
_CHOICES = {"known_metastatic_sites": SITES, "treatments": TREATMENTS, "red_flags": RED_FLAGS}


def problem(
    status: int,
    detail: str,
    *,
    code: str,
    instance: str | None = None,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem+json body: RFC 9457's members plus our ``code`` and the ``field`` at fault."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + code,
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance is not None:
        body["instance"] = instance
    if field is not None:
        body["field"] = field
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_for(exc: MbcwatchError) -> int:
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, KnowledgeBaseError | RuleError):
        return 503
    return 400


def from_domain_error(request: Request, exc: MbcwatchError) -> JSONResponse:
    field = exc.field if isinstance(exc, InputError | KnowledgeBaseError) else None
    if isinstance(exc, KnowledgeBaseError):
        field = None  # a server-side data problem: the caller's fields are not at fault
    return problem(
        status_for(exc), exc.message, code=exc.code, instance=request.url.path, field=field
    )


def from_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors: Sequence[Any] = exc.errors()
    if not errors:
        return problem(422, "invalid request", code="invalid_input", instance=request.url.path)
    first = errors[0]
    if first.get("type") == "json_invalid":
        return problem(
            400, "the body is not valid JSON", code="malformed_json", instance=request.url.path
        )
    field, message = describe_validation_error(first)
    return problem(
        422,
        f"{field}: {message}" if field else message,
        code="invalid_input",
        instance=request.url.path,
        field=field,
    )


def describe_validation_error(error: dict[str, Any]) -> tuple[str | None, str]:
    """The dotted field path (without FastAPI's ``body``/``query`` prefix) and a plain message."""
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] in {"body", "query", "path", "form"}:
        location = location[1:]
    field = ".".join(location) or None
    message = str(error.get("msg", "invalid value"))
    kind = error.get("type")
    named = [part for part in location if part in _CHOICES]
    if kind == "literal_error" and named:
        value = str(error.get("input"))
        message = f"unknown {named[-1].rstrip('s').replace('_', ' ')} {value!r}" + did_you_mean(
            value, _CHOICES[named[-1]]
        )
    elif kind == "extra_forbidden" and location:
        message = f"unknown field {location[-1]!r}"
    elif kind == "missing":
        message = "required"
    return field, message
