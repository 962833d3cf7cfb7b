"""Typed dependencies shared by the pages and the API: settings, database sessions, the signed-in
user, and CSRF checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from mbcwatch.accounts.csrf import COOKIE as CSRF_COOKIE
from mbcwatch.accounts.csrf import FORM_FIELD, HEADER, CsrfTokens
from mbcwatch.accounts.errors import NotSignedInError
from mbcwatch.accounts.models import Role, User
from mbcwatch.accounts.service import require_role, user_for_token
from mbcwatch.monitor.db import session_scope
from mbcwatch.settings import Settings

SESSION_COOKIE = "mbcwatch_session"


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


@contextmanager
def database(settings: Settings) -> Iterator[Session]:
    """One transaction: committed when the block ends, so a write is acknowledged only after."""
    with session_scope(settings.database_url) as session:
        yield session


def optional_user(request: Request, settings: SettingsDep) -> User | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with database(settings) as session:
        user = user_for_token(session, token)
        if user is not None:
            session.expunge(user)
        return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


def signed_in_user(user: OptionalUser) -> User:
    if user is None:
        raise NotSignedInError("please sign in to see this page")
    return user


CurrentUser = Annotated[User, Depends(signed_in_user)]


def clinician(user: CurrentUser) -> User:
    require_role(user, Role.CLINICIAN, Role.ADMIN)
    return user


ClinicianUser = Annotated[User, Depends(clinician)]


def csrf_tokens(request: Request) -> CsrfTokens:
    tokens: CsrfTokens = request.app.state.csrf
    return tokens


async def check_csrf_form(request: Request) -> None:
    """For form posts: the hidden field must match the cookie."""
    form = await request.form()
    presented = form.get(FORM_FIELD)
    csrf_tokens(request).verify(
        request.cookies.get(CSRF_COOKIE), presented if isinstance(presented, str) else None
    )


def check_csrf_header(request: Request) -> None:
    """For JSON API writes made with the session cookie: the header must match the cookie."""
    csrf_tokens(request).verify(request.cookies.get(CSRF_COOKIE), request.headers.get(HEADER))


async def posted_form(request: Request) -> FormData:
    """The posted form, read here so the route itself can be a plain function: FastAPI runs
    those in its thread pool, keeping the slow assessment off the event loop."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]
CsrfForm = Depends(check_csrf_form)
CsrfHeader = Depends(check_csrf_header)
