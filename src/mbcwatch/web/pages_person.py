"""A person's pages: check in, one result, the diary (timeline and charts), the PDF summary.

Every view of a person's data is audited by the diary services (or here, for the summary).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from mbcwatch.accounts.models import Role, User
from mbcwatch.errors import InputError, NotFoundError
from mbcwatch.monitor import (
    CheckinPublic,
    audit,
    list_alerts,
    list_checkins,
    record_checkin,
)
from mbcwatch.monitor.models import Person
from mbcwatch.monitor.people import baselines
from mbcwatch.settings import EMERGENCY_NUMBERS, Settings
from mbcwatch.web.access import actor, own_person, visible_person
from mbcwatch.web.charts import axis, severity_charts
from mbcwatch.web.checkin_form import CheckinForm, read_form
from mbcwatch.web.deps import CsrfForm, CurrentUser, PostedForm, SettingsDep, database
from mbcwatch.web.pages_assess import form_context
from mbcwatch.web.present import result_view
from mbcwatch.web.summary import summary_pdf
from mbcwatch.web.templating import render

router = APIRouter(include_in_schema=False)


def emergency_number_for(person: Person, settings: Settings) -> str:
    """The number of the person's own locale, as their stored assessment's advice gives it."""
    return EMERGENCY_NUMBERS.get(person.locale, settings.emergency_number)


@router.get("/check-in", response_class=HTMLResponse)
def checkin_form(request: Request, user: CurrentUser, settings: SettingsDep) -> HTMLResponse:
    with database(settings) as session:
        person = own_person(session, user)
    context = form_context(
        CheckinForm(), "/check-in", user=user, person=person, idempotency_key=uuid.uuid4().hex
    )
    return render(request, "checkin.html", context)


@router.post("/check-in", dependencies=[CsrfForm])
def checkin_submit(
    request: Request, user: CurrentUser, settings: SettingsDep, data: PostedForm
) -> Response:
    form = read_form(data)
    key = str(data.get("idempotency_key") or uuid.uuid4().hex)[:128]
    with database(settings) as session:
        person = own_person(session, user)
        if form.errors:
            context = form_context(form, "/check-in", user=user, person=person, idempotency_key=key)
            return render(request, "checkin.html", context, status=422)
        payload: dict[str, Any] = {
            "idempotency_key": key,
            "text": form.text.strip() or None,
            "symptoms": form.symptoms,
            "temperature_c": form.temperature_c,
            "weight_kg": form.weight_kg,
            # A carer's "Mum" or "she" is the person cared for.
            "writer": "carer" if user.role == Role.CARER else "patient",
        }
        if not payload["text"] and not form.symptoms:
            # A temperature alone is still worth assessing: say it in words.
            payload["text"] = form.assess_text()
        result = record_checkin(
            session, pseudonym=person.pseudonym, checkin=payload, actor=actor(user)
        )
        pseudonym = person.pseudonym
    # Redirect after the commit, so the result page is shown only for a stored check-in.
    return RedirectResponse(f"/people/{pseudonym}/checkins/{result.checkin.id}", status_code=303)


def _checkins(session: Session, user: User, pseudonym: str) -> list[CheckinPublic]:
    return list_checkins(session, pseudonym=pseudonym, actor=actor(user))


@router.get("/people/{pseudonym}/checkins/{checkin_id}", response_class=HTMLResponse)
def checkin_result(
    request: Request, pseudonym: str, checkin_id: int, user: CurrentUser, settings: SettingsDep
) -> HTMLResponse:
    with database(settings) as session:
        person = visible_person(session, user, pseudonym)
        found = [c for c in _checkins(session, user, pseudonym) if c.id == checkin_id]
        if not found:
            raise NotFoundError(f"check-in: no check-in {checkin_id} for {pseudonym!r}")
        checkin = found[0]
        alerts = [
            a
            for a in list_alerts(session, status=None, pseudonym=pseudonym, actor=actor(user))
            if a.checkin_id == checkin_id
        ]
    number = emergency_number_for(person, settings)
    view = result_view(checkin.assessment, checkin.text, number)
    return render(
        request,
        "result.html",
        {
            **view,
            "emergency_number": number,
            "user": user,
            "stored": True,
            "person": person,
            "checkin": checkin,
            "alert": alerts[0] if alerts else None,
            "again_url": "/check-in" if user.person_id == person.id else f"/people/{pseudonym}",
        },
    )


@router.get("/people/{pseudonym}", response_class=HTMLResponse)
def diary(
    request: Request, pseudonym: str, user: CurrentUser, settings: SettingsDep
) -> HTMLResponse:
    with database(settings) as session:
        person = visible_person(session, user, pseudonym)
        checkins = _checkins(session, user, pseudonym)
        alerts = list_alerts(session, status=None, pseudonym=pseudonym, actor=actor(user))
        known = baselines(session, person.id)
    reported = sorted(
        {
            f["id"]
            for c in checkins
            for f in c.assessment.get("symptoms", [])
            if not f.get("negated")
        }
    )
    return render(
        request,
        "diary.html",
        {
            "user": user,
            "person": person,
            "checkins": list(reversed(checkins)),
            "charts": severity_charts(checkins),
            "axis": axis(),
            "alerts": alerts,
            "open_alerts": [a for a in alerts if a.status != "resolved"],
            "baselines": known,
            "reported": reported,
            "is_team": user.role in (Role.CLINICIAN, Role.ADMIN),
        },
    )


@router.get("/people/{pseudonym}/summary.pdf")
def summary(request: Request, pseudonym: str, user: CurrentUser, settings: SettingsDep) -> Response:
    with database(settings) as session:
        person = visible_person(session, user, pseudonym)
        checkins = _checkins(session, user, pseudonym)
        audit(
            session,
            actor=actor(user),
            action="export",
            entity="summary_pdf",
            entity_id=pseudonym,
            person_id=person.id,
        )
    if not checkins:
        raise InputError("summary: there are no check-ins to summarise yet", field="pseudonym")
    pdf = summary_pdf(person, checkins, emergency_number_for(person, settings))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="mbcwatch-{pseudonym}-summary.pdf"'},
    )
