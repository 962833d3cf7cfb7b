"""Accounts: users and roles, Argon2 password hashes, database-backed sessions, CSRF tokens and
login rate limiting (stored in the database, so it holds across server workers).

    Role          sees
    patient       their own record only
    carer         the record of the person they care for
    clinician     the people of their care team
    admin         everyone; creates accounts
"""

from mbcwatch.accounts.errors import ForbiddenError, NotSignedInError, RateLimitedError
from mbcwatch.accounts.models import LoginAttempt, Role, User, WebSession

__all__ = [
    "ForbiddenError",
    "LoginAttempt",
    "NotSignedInError",
    "RateLimitedError",
    "Role",
    "User",
    "WebSession",
]
