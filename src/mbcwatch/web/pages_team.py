"""Care-team pages: the worklist, acting on alerts, and marking baseline symptoms.

A clinician sees only the people of their own care team; an admin sees everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from mbcwatch.monitor import (
    AlertPublic,
    acknowledge_alert,
    list_alerts,
    mark_baseline,
    resolve_alert,
)
from mbcwatch.web.access import actor, alert_person, safe_next, team_pseudonyms, visible_person
from mbcwatch.web.deps import ClinicianUser, CsrfForm, SettingsDep, database
from mbcwatch.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class WorklistRow:
    alert: AlertPublic
    """The person's most urgent, longest-waiting open alert."""
    more: int


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


Note = Annotated[str, Form(max_length=2000)]


@router.post("/alerts/{alert_id}/acknowledge", dependencies=[CsrfForm])
def acknowledge(
    alert_id: int, user: ClinicianUser, settings: SettingsDep, note: Note = "", back: Note = ""
) -> Response:
    with database(settings) as session:
        person = alert_person(session, user, alert_id)
        acknowledge_alert(session, alert_id=alert_id, by=actor(user), note=note.strip() or None)
    return RedirectResponse(safe_next(back) or f"/people/{person.pseudonym}", status_code=303)


@router.post("/alerts/{alert_id}/resolve", dependencies=[CsrfForm])
def resolve(
    alert_id: int, user: ClinicianUser, settings: SettingsDep, note: Note = "", back: Note = ""
) -> Response:
    with database(settings) as session:
        person = alert_person(session, user, alert_id)
        resolve_alert(session, alert_id=alert_id, by=actor(user), note=note)
    return RedirectResponse(safe_next(back) or f"/people/{person.pseudonym}", status_code=303)


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
