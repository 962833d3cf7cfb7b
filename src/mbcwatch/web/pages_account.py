"""Signing in and out. Failed sign-ins are rate limited per account and per client address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from mbcwatch.accounts.errors import RateLimitedError
from mbcwatch.accounts.service import sign_in, sign_out
from mbcwatch.monitor.models import Person
from mbcwatch.web.access import client_address, landing_page, safe_next, set_session_cookie
from mbcwatch.web.deps import (
    SESSION_COOKIE,
    CsrfForm,
    CurrentUser,
    OptionalUser,
    SettingsDep,
    database,
)
from mbcwatch.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next) or landing_page(user.role), status_code=303)
    return render(request, "login.html", {"next": safe_next(next) or ""})


@router.post("/login", response_class=HTMLResponse, dependencies=[CsrfForm])
def login_submit(
    request: Request,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    context = {"next": safe_next(next) or "", "username": username}
    try:
        # The block commits even when sign-in fails, so the failure counts towards the limit.
        with database(settings) as session:
            signed_in = sign_in(
                session, username=username, password=password, address=client_address(request)
            )
    except RateLimitedError as exc:
        response = render(request, "login.html", {**context, "error": exc.message}, 429)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    if signed_in is None:
        return render(
            request,
            "login.html",
            {**context, "error": "The username or password is not right. Please try again."},
            401,
        )
    target = safe_next(next) or landing_page(signed_in.role)
    redirect = RedirectResponse(target, status_code=303)
    set_session_cookie(redirect, signed_in.token, secure=settings.environment == "production")
    return redirect


@router.post("/logout", dependencies=[CsrfForm])
def logout(request: Request, settings: SettingsDep) -> Response:
    with database(settings) as session:
        sign_out(session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/diary")
def my_diary(user: CurrentUser, settings: SettingsDep) -> Response:
    """A patient's or carer's own diary; care teams go to their worklist."""
    if user.person_id is None:
        return RedirectResponse("/worklist", status_code=303)
    with database(settings) as session:
        pseudonym = session.scalar(select(Person.pseudonym).where(Person.id == user.person_id))
    return RedirectResponse(f"/people/{pseudonym}", status_code=303)
