"""Who may see what, shared by the pages and the API: the audit actor name, the records a user
may open, sign-in cookies and safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from mbcwatch.accounts.models import Role, User
from mbcwatch.accounts.service import SESSION_LIFETIME, require_role, require_view
from mbcwatch.errors import NotFoundError
from mbcwatch.monitor.models import Alert, Person
from mbcwatch.monitor.people import find_person
from mbcwatch.web.deps import SESSION_COOKIE


def actor(user: User) -> str:
    """How the audit log names this user."""
    return f"{user.role}:{user.username}"


def visible_person(session: Session, user: User, pseudonym: str) -> Person:
    """The person, if this user may see them; otherwise NotFoundError (no probing)."""
    person = find_person(session, pseudonym)
    require_view(user, person)
    return person


def own_person(session: Session, user: User) -> Person:
    """The person a patient or carer account is tied to."""
    require_role(user, Role.PATIENT, Role.CARER)
    person = session.get(Person, user.person_id)
    if person is None:
        raise NotFoundError("person: this account is not linked to a record")
    return person


def team_pseudonyms(session: Session, user: User) -> list[str]:
    """The people of a clinician's care team (everyone, for an admin)."""
    query = select(Person.pseudonym).order_by(Person.pseudonym)
    if user.role_enum is not Role.ADMIN:
        query = query.where(Person.care_team_id == user.care_team_id)
    return list(session.scalars(query))


def alert_person(session: Session, user: User, alert_id: int) -> Person:
    """The person an alert is about, if this user may see them."""
    alert = session.get(Alert, alert_id)
    person = session.get(Person, alert.person_id) if alert else None
    if person is None:
        raise NotFoundError(f"alert: no alert with id {alert_id}")
    require_view(user, person)
    return person


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, so a link cannot use our redirects to send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def landing_page(role: str) -> str:
    return "/worklist" if role in (Role.CLINICIAN, Role.ADMIN) else "/check-in"


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
        max_age=int(SESSION_LIFETIME.total_seconds()),
    )
