"""CSRF protection by a signed double-submit token.

Every visitor gets a random token in a signed, HttpOnly, SameSite cookie; every form carries the
same token in a hidden field (API clients send it in ``X-CSRF-Token``). A request that changes
anything must present both, and they must match. A forged cross-site form cannot read the cookie,
so it cannot know the token; the signature stops a planted cookie from being accepted.
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer

from mbcwatch.accounts.errors import ForbiddenError

COOKIE = "mbcwatch_csrf"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


class CsrfError(ForbiddenError):
    code = "csrf_failed"


class CsrfTokens:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="mbcwatch-csrf")

    def new(self) -> tuple[str, str]:
        """A fresh (token, cookie value) pair."""
        token = secrets.token_urlsafe(32)
        return token, self._serializer.dumps(token)

    def token_from_cookie(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            token = self._serializer.loads(cookie)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None

    def verify(self, cookie: str | None, presented: str | None) -> None:
        expected = self.token_from_cookie(cookie)
        if not expected or not presented or not hmac.compare_digest(expected, presented):
            raise CsrfError(
                "the form's security token is missing or out of date: reload the page and try again"
            )
