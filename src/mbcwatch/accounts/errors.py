"""Account errors, on the library's one exception tree (mbcwatch.errors.MbcwatchError).

MbcwatchError
├── NotSignedInError      no valid session (401, or a redirect to the sign-in page)
├── ForbiddenError        signed in, but this record is not theirs to see (403)
└── RateLimitedError      too many failed sign-ins (429, with Retry-After)
"""

from __future__ import annotations

from mbcwatch.errors import MbcwatchError


class NotSignedInError(MbcwatchError):
    code = "not_signed_in"


class ForbiddenError(MbcwatchError):
    code = "forbidden"


class RateLimitedError(MbcwatchError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
