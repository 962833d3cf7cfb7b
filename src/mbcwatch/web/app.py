"""The application factory: pages, the JSON API, static assets, and one error translation.

Errors: under ``/api`` every error is problem+json (mbcwatch.api.problems); pages show a plain
error page in the site's layout, and an unsigned-in visitor is sent to the sign-in page.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from mbcwatch import __version__
from mbcwatch.accounts.csrf import COOKIE as CSRF_COOKIE
from mbcwatch.accounts.csrf import CsrfTokens
from mbcwatch.accounts.errors import ForbiddenError, NotSignedInError, RateLimitedError
from mbcwatch.api.problems import (
    describe_validation_error,
    from_domain_error,
    from_validation_error,
    problem,
    status_for,
)
from mbcwatch.api.routes import router as api_router
from mbcwatch.errors import MbcwatchError
from mbcwatch.settings import Settings, get_settings
from mbcwatch.web.assets import STATIC_DIR, check_assets
from mbcwatch.web.pages_account import router as account_router
from mbcwatch.web.pages_assess import router as assess_router
from mbcwatch.web.pages_person import router as person_router
from mbcwatch.web.pages_team import router as team_router
from mbcwatch.web.templating import render

log = logging.getLogger(__name__)

# Pages use only our own files; no inline scripts, no third-party origins.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    check_assets()
    app = FastAPI(
        title="mbcwatch",
        version=__version__,
        summary="Notice when breast cancer may have spread, or when something is an emergency. "
        "Not a diagnosis.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.csrf = CsrfTokens(settings.secret_key)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router)
    for router in (assess_router, account_router, person_router, team_router):
        app.include_router(router)
    _install_middleware(app, settings)
    _install_error_handlers(app)
    return app


def _install_middleware(app: FastAPI, settings: Settings) -> None:
    tokens: CsrfTokens = app.state.csrf
    secure = settings.environment == "production"

    @app.middleware("http")
    async def csrf_cookie_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        existing = tokens.token_from_cookie(request.cookies.get(CSRF_COOKIE))
        fresh: str | None = None
        if existing is None:
            token, fresh = tokens.new()
            request.state.csrf_token = token  # for the forms this response renders
        else:
            request.state.csrf_token = existing
        response = await call_next(request)
        if fresh is not None:
            response.set_cookie(
                CSRF_COOKIE, fresh, httponly=True, samesite="lax", secure=secure, path="/"
            )
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MbcwatchError)
    async def domain_error(request: Request, exc: MbcwatchError) -> Response:
        status = _status(exc)
        if _is_api(request):
            if isinstance(exc, NotSignedInError | ForbiddenError | RateLimitedError):
                headers = (
                    {"Retry-After": str(exc.retry_after_s)}
                    if isinstance(exc, RateLimitedError)
                    else None
                )
                return problem(
                    status, exc.message, code=exc.code, instance=request.url.path, headers=headers
                )
            return from_domain_error(request, exc)
        if isinstance(exc, NotSignedInError):
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return render(request, "error.html", {"status": status, "message": exc.message}, status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return from_validation_error(request, exc)
        errors = exc.errors()
        field, message = describe_validation_error(errors[0]) if errors else (None, "invalid")
        text = f"{field}: {message}" if field else message
        return render(request, "error.html", {"status": 422, "message": text}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = str(exc.detail)
        if _is_api(request):
            return problem(exc.status_code, detail, code="http_error", instance=request.url.path)
        return render(
            request, "error.html", {"status": exc.status_code, "message": detail}, exc.status_code
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        message = "something went wrong on our side; nothing you sent was lost"
        if _is_api(request):
            return problem(500, message, code="internal_error", instance=request.url.path)
        return render(request, "error.html", {"status": 500, "message": message}, 500)


def _status(exc: MbcwatchError) -> int:
    if isinstance(exc, NotSignedInError):
        return 401
    if isinstance(exc, RateLimitedError):
        return 429
    if isinstance(exc, ForbiddenError):
        return 403
    return status_for(exc)
