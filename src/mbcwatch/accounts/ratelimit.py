"""Sign-in rate limiting, stored in the database so every server worker sees the same count.

Failed attempts are counted per account and per client address over a sliding window
(OWASP Authentication Cheat Sheet: limit failed logins per account and per source).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mbcwatch.accounts.errors import RateLimitedError
from mbcwatch.accounts.models import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    return [
        (f"user:{username.strip().lower()}", MAX_FAILURES_PER_ACCOUNT),
        (f"addr:{address}", MAX_FAILURES_PER_ADDRESS),
    ]


def check_allowed(session: Session, *, username: str, address: str) -> None:
    """Raise RateLimitedError when the account or the address has failed too often lately."""
    since = datetime.now(UTC) - WINDOW
    for key, limit in _keys(username, address):
        count, oldest = session.execute(
            select(func.count(LoginAttempt.id), func.min(LoginAttempt.at)).where(
                LoginAttempt.key == key, LoginAttempt.at >= since
            )
        ).one()
        if count >= limit:
            oldest_at = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
            retry = max(1, int((oldest_at + WINDOW - datetime.now(UTC)).total_seconds()))
            raise RateLimitedError(
                "too many failed sign-in attempts: please wait and try again "
                f"in about {max(1, retry // 60)} minute(s)",
                retry_after_s=retry,
            )


def record_failure(session: Session, *, username: str, address: str) -> None:
    # Attempts older than the window no longer count: drop them so the table stays small.
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < datetime.now(UTC) - WINDOW))
    session.add_all(LoginAttempt(key=key) for key, _ in _keys(username, address))


def clear_account(session: Session, *, username: str) -> None:
    """A successful sign-in forgives the account's earlier failures (not the address's)."""
    key = f"user:{username.strip().lower()}"
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
