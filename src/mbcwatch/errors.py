"""The one exception tree of mbcwatch.

    MbcwatchError (code)                 base: every error the library raises on purpose
    ├── KnowledgeBaseError               a data file is missing, malformed or inconsistent
    │                                    (names the file, the record and the field)
    ├── RuleError                        a triage rule does not compile against the knowledge base
    ├── InputError (field)               a caller's request is malformed, oversized or unknown
    │   └── TextTooLongError             free text over the documented size limit
    ├── NotFoundError                    an id (person, alert, entry) does not exist
    └── ConflictError                    a write conflicts with the stored state

The library raises these; each edge translates them: the CLI prints ``Error: ...`` and exits 1,
the REST API answers problem+json 4xx. ``code`` is a stable machine-readable string.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class MbcwatchError(Exception):
    """Base of every error mbcwatch raises on purpose."""

    code = "mbcwatch_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class KnowledgeBaseError(MbcwatchError):
    """A knowledge-base file is missing, malformed or inconsistent."""

    code = "knowledge_base_invalid"

    def __init__(
        self, message: str, *, file: str, record: str | None = None, field: str | None = None
    ) -> None:
        where = (
            file
            + (f", record {record!r}" if record else "")
            + (f", field {field!r}" if field else "")
        )
        super().__init__(f"{where}: {message}")
        self.file = file
        self.record = record
        self.field = field


class RuleError(MbcwatchError):
    """A triage rule failed to compile against the knowledge base."""

    code = "rule_invalid"


class InputError(MbcwatchError):
    """A request is malformed, oversized or names something unknown."""

    code = "invalid_input"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class TextTooLongError(InputError):
    """Free text longer than the documented limit."""

    code = "text_too_long"


class NotFoundError(MbcwatchError):
    """An id that does not exist."""

    code = "not_found"


class ConflictError(MbcwatchError):
    """A write that conflicts with what is stored."""

    code = "conflict"


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' suffix naming the closest known choices, or ''."""
    close = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def unknown(kind: str, value: str, choices: Iterable[str], *, field: str) -> InputError:
    """An InputError for an unknown id, listing close matches."""
    return InputError(f"unknown {kind} {value!r}{did_you_mean(value, choices)}", field=field)
