"""Account operations: create users, sign in and out, find the user behind a session cookie,
and decide who may see whose record."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mbcwatch.accounts import ratelimit
from mbcwatch.accounts.errors import ForbiddenError
from mbcwatch.accounts.models import Role, User, WebSession
from mbcwatch.accounts.passwords import hash_password, needs_rehash, verify_password
from mbcwatch.errors import ConflictError, InputError, NotFoundError
from mbcwatch.monitor.models import Person

SESSION_LIFETIME = timedelta(hours=12)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    person_id: int | None = None,
    care_team_id: int | None = None,
    is_demo: bool = False,
) -> User:
    """A new account; patients and carers need a person, clinicians a care team."""
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise InputError(
            "username: 2-64 letters, digits, dots, dashes or underscores", field="username"
        )
    if role in {Role.PATIENT, Role.CARER} and person_id is None:
        raise InputError(f"person: a {role} account needs a person", field="person_id")
    if role is Role.CLINICIAN and care_team_id is None:
        raise InputError("care_team: a clinician account needs a care team", field="care_team_id")
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ConflictError(f"username {name!r} is already taken")
    user = User(
        username=name,
        display_name=display_name or name,
        password_hash=hash_password(password),
        role=role.value,
        person_id=person_id,
        care_team_id=care_team_id,
        is_demo=is_demo,
    )
    session.add(user)
    session.flush()
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    token: str
    """The session cookie's value; only its hash is stored."""
    role: Role


def sign_in(session: Session, *, username: str, password: str, address: str) -> SignedIn | None:
    """A new session, or None for a wrong username or password.

    Raises RateLimitedError before checking the password when there were too many failures.
    A failure is recorded in ``session``: the caller must commit it even though sign-in failed.
    """
    name = username.strip().lower()
    ratelimit.check_allowed(session, username=name, address=address)
    user = session.scalar(select(User).where(User.username == name))
    if not verify_password(user.password_hash if user else None, password) or user is None:
        ratelimit.record_failure(session, username=name, address=address)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    ratelimit.clear_account(session, username=name)
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    session.add(
        WebSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return SignedIn(token=token, role=user.role_enum)


def user_for_token(session: Session, token: str | None) -> User | None:
    if not token:
        return None
    row = session.scalar(select(WebSession).where(WebSession.token_hash == _token_hash(token)))
    if row is None or row.expires_at <= datetime.now(UTC):
        return None
    return row.user


def sign_out(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _token_hash(token)))


def can_view_person(user: User, person: Person) -> bool:
    role = user.role_enum
    if role is Role.ADMIN:
        return True
    if role is Role.CLINICIAN:
        return user.care_team_id is not None and person.care_team_id == user.care_team_id
    return user.person_id == person.id


def require_view(user: User, person: Person) -> None:
    """Someone else's record answers "not found", so pseudonyms cannot be probed."""
    if not can_view_person(user, person):
        raise NotFoundError(f"person: no record {person.pseudonym!r} that you can see")


def require_role(user: User, *roles: Role) -> None:
    if user.role_enum not in roles:
        raise ForbiddenError(f"this page is for {' or '.join(str(r) for r in roles)} accounts")
