"""Reading one JSON object from a file named on the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mbcwatch.errors import InputError


def read_json_object(path: Path, *, field: str, prefix: str = "") -> dict[str, Any]:
    """The JSON object in ``path``; an unreadable or malformed file is an InputError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{prefix}cannot read {path.name}: {exc.strerror}", field=field) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{prefix}{path.name} is not valid JSON: {exc.msg}", field=field) from None
    if not isinstance(data, dict):
        raise InputError(f"{prefix}{path.name} must hold one JSON object", field=field)
    return data
