"""Care-team pages: the worklist, acting on alerts, and marking baseline symptoms.

A clinician sees only the people of their own care team; an admin sees everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from mbcwatch.accounts.models import Role, User
from mbcwatch.accounts.service import require_view
from mbcwatch.errors import NotFoundError
from mbcwatch.monitor import (
    AlertPublic,
    acknowledge_alert,
    list_alerts,
    mark_baseline,
    resolve_alert,
)
from mbcwatch.monitor.models import Alert, Person
from mbcwatch.web.deps import ClinicianUser, CsrfForm, SettingsDep, database
from mbcwatch.web.pages_account import _safe_next
from mbcwatch.web.pages_person import actor, visible_person
from mbcwatch.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class WorklistRow:
    alert: AlertPublic
    """The person's most urgent, longest-waiting open alert."""
    more: int


def team_pseudonyms(session: Session, user: User) -> list[str]:
    query = select(Person.pseudonym).order_by(Person.pseudonym)
    if user.role_enum is not Role.ADMIN:
        query = query.where(Person.care_team_id == user.care_team_id)
    return list(session.scalars(query))


def worklist_rows(alerts: list[AlertPublic], visible: set[str]) -> list[WorklistRow]:
    """One row per person, in the order of their first alert (``list_alerts`` sorts by urgency,
    then by waiting time), so the most urgent, longest-waiting person comes first."""
    first: dict[str, AlertPublic] = {}
    counts: dict[str, int] = {}
    for alert in alerts:
        if alert.pseudonym not in visible:
            continue
        first.setdefault(alert.pseudonym, alert)
        counts[alert.pseudonym] = counts.get(alert.pseudonym, 0) + 1
    return [WorklistRow(alert, counts[name] - 1) for name, alert in first.items()]


@router.get("/worklist", response_class=HTMLResponse)
def worklist(request: Request, user: ClinicianUser, settings: SettingsDep) -> HTMLResponse:
    with database(settings) as session:
        people = team_pseudonyms(session, user)
        visible = set(people)
        open_alerts = list_alerts(session, status="open", actor=actor(user))
        acknowledged = list_alerts(session, status="acknowledged", actor=actor(user))
    return render(
        request,
        "worklist.html",
        {
            "user": user,
            "rows": worklist_rows(open_alerts, visible),
            "acknowledged": [a for a in acknowledged if a.pseudonym in visible],
            "people": people,
        },
    )


def _alert_person(session: Session, user: User, alert_id: int) -> Person:
    alert = session.get(Alert, alert_id)
    person = session.get(Person, alert.person_id) if alert else None
    if person is None:
        raise NotFoundError(f"alert: no alert with id {alert_id}")
    require_view(user, person)
    return person


Note = Annotated[str, Form(max_length=2000)]


@router.post("/alerts/{alert_id}/acknowledge", dependencies=[CsrfForm])
def acknowledge(
    alert_id: int, user: ClinicianUser, settings: SettingsDep, note: Note = "", back: Note = ""
) -> Response:
    with database(settings) as session:
        person = _alert_person(session, user, alert_id)
        acknowledge_alert(session, alert_id=alert_id, by=actor(user), note=note.strip() or None)
    return RedirectResponse(_safe_next(back) or f"/people/{person.pseudonym}", status_code=303)


@router.post("/alerts/{alert_id}/resolve", dependencies=[CsrfForm])
def resolve(
    alert_id: int, user: ClinicianUser, settings: SettingsDep, note: Note = "", back: Note = ""
) -> Response:
    with database(settings) as session:
        person = _alert_person(session, user, alert_id)
        resolve_alert(session, alert_id=alert_id, by=actor(user), note=note)
    return RedirectResponse(_safe_next(back) or f"/people/{person.pseudonym}", status_code=303)


@router.post("/people/{pseudonym}/baseline", dependencies=[CsrfForm])
def baseline(
    pseudonym: str,
    user: ClinicianUser,
    settings: SettingsDep,
    symptom_id: Annotated[str, Form(max_length=64)],
    severity: Annotated[str, Form(max_length=16)] = "",
    note: Note = "",
) -> Response:
    with database(settings) as session:
        visible_person(session, user, pseudonym)
        mark_baseline(
            session,
            pseudonym=pseudonym,
            symptom_id=symptom_id,
            severity=severity or None,
            by=actor(user),
            note=note.strip() or None,
        )
    return RedirectResponse(f"/people/{pseudonym}", status_code=303)
