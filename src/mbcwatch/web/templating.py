"""Jinja2 rendering with autoescaping on, so anything a person typed always shows as text."""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from mbcwatch import __version__
from mbcwatch.web.present import URGENCY_DISPLAY, alert_why

templates = Jinja2Templates(directory=str(files("mbcwatch.web") / "templates"))
templates.env.autoescape = True  # every template, whatever its file name
templates.env.globals["version"] = __version__
templates.env.globals["urgency_display"] = URGENCY_DISPLAY
templates.env.globals["alert_why"] = alert_why


def _when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%d %b %Y, %H:%M UTC")


def _label(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _duration(days: float) -> str:
    if days < 1:
        return "since today"
    whole = round(days)
    return f"for {whole} day{'s' if whole != 1 else ''}"


templates.env.filters["when"] = _when
templates.env.filters["duration"] = _duration
templates.env.filters["quote"] = lambda text: f"\u201c{text}\u201d"
templates.env.filters["label"] = _label


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    settings = request.app.state.settings
    values: dict[str, Any] = {
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "emergency_number": settings.emergency_number,
        "user": None,
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, values, status_code=status)
