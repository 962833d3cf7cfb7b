"""Accounts in the database (SQLite, PostgreSQL): hashes, sessions, rate limit, access."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mbcwatch.accounts import RateLimitedError, Role, User
from mbcwatch.accounts.ratelimit import MAX_FAILURES_PER_ACCOUNT
from mbcwatch.accounts.schema import upgrade_all
from mbcwatch.accounts.service import can_view_person, create_user, sign_in, user_for_token
from mbcwatch.errors import ConflictError, InputError
from mbcwatch.monitor import add_care_team, add_person
from mbcwatch.monitor.db import session_scope
from mbcwatch.monitor.models import Person

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts_url(empty_diary_url: str) -> str:
    upgrade_all(empty_diary_url)
    with session_scope(empty_diary_url) as session:
        team = add_care_team(session, name="Ward 1", actor="test")
        for pseudonym in ("p-1", "p-2"):
            add_person(
                session, person={"pseudonym": pseudonym, "care_team": "Ward 1"}, actor="test"
            )
        other = add_care_team(session, name="Ward 2", actor="test")
        ids = dict(session.execute(select(Person.pseudonym, Person.id)).all())
        create_user(
            session, username="Pat", password=PASSWORD, role=Role.PATIENT, person_id=ids["p-1"]
        )
        create_user(
            session, username="nurse", password=PASSWORD, role=Role.CLINICIAN, care_team_id=team.id
        )
        create_user(
            session,
            username="other-nurse",
            password=PASSWORD,
            role=Role.CLINICIAN,
            care_team_id=other.id,
        )
    return empty_diary_url


def test_upgrading_twice_changes_nothing(accounts_url: str) -> None:
    upgrade_all(accounts_url)
    with session_scope(accounts_url) as session:
        assert session.scalar(select(func.count(User.id))) == 3


def test_passwords_are_stored_as_argon2id_hashes(accounts_url: str) -> None:
    with session_scope(accounts_url) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "pat"))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_sign_in_gives_a_session_that_finds_the_user(accounts_url: str) -> None:
    with session_scope(accounts_url) as session:
        signed_in = sign_in(session, username="PAT ", password=PASSWORD, address="10.0.0.1")
    assert signed_in is not None
    assert signed_in.role is Role.PATIENT
    with session_scope(accounts_url) as session:
        user = user_for_token(session, signed_in.token)
        assert user is not None
        assert user.username == "pat"
        assert user_for_token(session, signed_in.token + "x") is None


def test_failed_sign_ins_lock_the_account_even_for_the_right_password(accounts_url: str) -> None:
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        with session_scope(accounts_url) as session:
            assert sign_in(session, username="pat", password="wrong", address="10.0.0.2") is None
    with session_scope(accounts_url) as session, pytest.raises(RateLimitedError) as caught:
        sign_in(session, username="pat", password=PASSWORD, address="10.0.0.3")
    assert caught.value.retry_after_s > 0
    with session_scope(accounts_url) as session:  # another account is not affected
        assert sign_in(session, username="nurse", password=PASSWORD, address="10.0.0.3")


def test_a_clinician_sees_their_team_and_a_patient_only_themselves(accounts_url: str) -> None:
    with session_scope(accounts_url) as session:
        users = {u.username: u for u in session.scalars(select(User))}
        people = {p.pseudonym: p for p in session.scalars(select(Person))}
        assert can_view_person(users["pat"], people["p-1"])
        assert not can_view_person(users["pat"], people["p-2"])
        assert can_view_person(users["nurse"], people["p-2"])
        assert not can_view_person(users["other-nurse"], people["p-1"])


def test_a_taken_username_is_a_conflict(accounts_url: str) -> None:
    with session_scope(accounts_url) as session, pytest.raises(ConflictError):
        create_user(session, username="pat", password=PASSWORD, role=Role.ADMIN)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password": "short"}, "password"),
        ({"username": "no spaces please"}, "username"),
        ({"role": Role.PATIENT}, "person_id"),
        ({"role": Role.CLINICIAN}, "care_team_id"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(
    accounts_url: str, changes: dict[str, object], field: str
) -> None:
    arguments: dict[str, object] = {
        "username": "newbie",
        "password": PASSWORD,
        "role": Role.ADMIN,
        **changes,
    }
    with session_scope(accounts_url) as session, pytest.raises(InputError) as caught:
        create_user(session, **arguments)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_expired_sessions_and_old_attempts_are_cleared(accounts_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    from mbcwatch.accounts import LoginAttempt, WebSession

    long_ago = datetime.now(UTC) - timedelta(days=2)
    with session_scope(accounts_url) as session:
        old = sign_in(session, username="nurse", password=PASSWORD, address="10.0.0.9")
        assert old is not None
    with session_scope(accounts_url) as session:
        for row in session.scalars(select(WebSession)):
            row.expires_at = long_ago
        session.add(LoginAttempt(key="user:pat", at=long_ago))
    with session_scope(accounts_url) as session:
        assert user_for_token(session, old.token) is None
        assert sign_in(session, username="pat", password="wrong", address="10.0.0.9") is None
        assert sign_in(session, username="nurse", password=PASSWORD, address="10.0.0.9")
    with session_scope(accounts_url) as session:
        assert session.scalar(select(func.count(WebSession.id))) == 1
        assert session.scalar(select(func.min(LoginAttempt.at))) > long_ago
