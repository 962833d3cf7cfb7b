"""``/api/v1``: assess without storing; sign in; people, check-ins and alerts.

Signed-in calls use the same session cookie as the pages; calls that change anything also send
the CSRF token (returned when signing in) in the ``X-CSRF-Token`` header. Errors are problem+json.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from mbcwatch.accounts.errors import NotSignedInError
from mbcwatch.accounts.models import Role
from mbcwatch.accounts.service import create_user, require_role, sign_in, sign_out
from mbcwatch.contract import AssessRequest, AssessResponse
from mbcwatch.monitor import (
    AlertPublic,
    CheckinCreate,
    CheckinPublic,
    PersonCreate,
    PersonPublic,
    acknowledge_alert,
    add_care_team,
    add_person,
    audit,
    get_person,
    list_alerts,
    list_checkins,
    record_checkin,
    resolve_alert,
)
from mbcwatch.monitor.models import CareTeam
from mbcwatch.monitor.people import find_person, person_public
from mbcwatch.triage import assess as run_assessment
from mbcwatch.web.access import (
    actor,
    alert_person,
    client_address,
    set_session_cookie,
    team_pseudonyms,
    visible_person,
)
from mbcwatch.web.deps import (
    SESSION_COOKIE,
    ClinicianUser,
    CsrfHeader,
    CurrentUser,
    SettingsDep,
    database,
)

router = APIRouter(prefix="/api/v1", tags=["api"])

_PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed JSON", **_PROBLEM},
    401: {"description": "Not signed in", **_PROBLEM},
    403: {"description": "Not allowed, or CSRF token missing", **_PROBLEM},
    404: {"description": "Not found", **_PROBLEM},
    409: {"description": "Conflict with stored state", **_PROBLEM},
    422: {"description": "Invalid input; `field` names it", **_PROBLEM},
}


class SignInRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class SignedInPublic(BaseModel):
    username: str
    role: str
    csrf_token: str = Field(description="send back in X-CSRF-Token on every write")


class UserCreate(BaseModel):
    """A new account. Patients and carers name their person; clinicians their care team."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=64)
    password: str = Field(max_length=1000)
    role: Role
    display_name: str | None = Field(default=None, max_length=200)
    pseudonym: str | None = Field(default=None, max_length=64)
    care_team: str | None = Field(default=None, max_length=200)


class UserPublic(BaseModel):
    username: str
    role: Role
    display_name: str
    pseudonym: str | None
    care_team: str | None


class AlertAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=2000)


@router.post("/assess", responses=_ERRORS, summary="Assess without storing anything")
def assess(body: AssessRequest, settings: SettingsDep) -> AssessResponse:
    """The assessment contract (ASSESS-CONTRACT.md). Not a diagnosis."""
    return run_assessment(body, emergency_number=settings.emergency_number)


@router.post("/session", responses={**_ERRORS, 429: {"description": "Rate limited", **_PROBLEM}})
def create_session(
    body: SignInRequest, request: Request, response: Response, settings: SettingsDep
) -> SignedInPublic:
    """Sign in. Failed attempts are limited per account and per client address."""
    with database(settings) as session:
        signed_in = sign_in(
            session, username=body.username, password=body.password, address=client_address(request)
        )
    if signed_in is None:
        raise NotSignedInError("the username or password is not right")
    set_session_cookie(response, signed_in.token, secure=settings.environment == "production")
    return SignedInPublic(
        username=body.username.strip().lower(),
        role=signed_in.role,
        csrf_token=request.state.csrf_token,
    )


@router.delete("/session", status_code=204, dependencies=[CsrfHeader])
def delete_session(request: Request, settings: SettingsDep) -> Response:
    with database(settings) as session:
        sign_out(session, request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/users", status_code=201, responses=_ERRORS, dependencies=[CsrfHeader])
def create_account(body: UserCreate, user: ClinicianUser, settings: SettingsDep) -> UserPublic:
    """Create an account (admins only)."""
    require_role(user, Role.ADMIN)
    with database(settings) as session:
        person = find_person(session, body.pseudonym) if body.pseudonym else None
        team = (
            add_care_team(session, name=body.care_team, actor=actor(user))
            if body.care_team
            else None
        )
        created = create_user(
            session,
            username=body.username,
            password=body.password,
            role=body.role,
            display_name=body.display_name,
            person_id=person.id if person else None,
            care_team_id=team.id if team else None,
        )
        audit(
            session,
            actor=actor(user),
            action="create",
            entity="web_user",
            entity_id=created.username,
            person_id=person.id if person else None,
        )
        return UserPublic(
            username=created.username,
            role=created.role_enum,
            display_name=created.display_name,
            pseudonym=person.pseudonym if person else None,
            care_team=team.name if team else None,
        )


@router.get("/people", responses=_ERRORS)
def people(user: ClinicianUser, settings: SettingsDep) -> list[PersonPublic]:
    """The people of the signed-in clinician's care team (everyone, for an admin)."""
    with database(settings) as session:
        found = [find_person(session, name) for name in team_pseudonyms(session, user)]
        return [person_public(person) for person in found]


@router.post("/people", status_code=201, responses=_ERRORS, dependencies=[CsrfHeader])
def create_person(body: PersonCreate, user: ClinicianUser, settings: SettingsDep) -> PersonPublic:
    with database(settings) as session:
        if user.role_enum is Role.CLINICIAN:
            team = session.get(CareTeam, user.care_team_id)
            body = body.model_copy(update={"care_team": team.name if team else None})
        return add_person(session, person=body, actor=actor(user))


@router.get("/people/{pseudonym}", responses=_ERRORS)
def person(pseudonym: str, user: CurrentUser, settings: SettingsDep) -> PersonPublic:
    with database(settings) as session:
        visible_person(session, user, pseudonym)
        return get_person(session, pseudonym=pseudonym, actor=actor(user))


@router.get("/people/{pseudonym}/checkins", responses=_ERRORS)
def checkins(pseudonym: str, user: CurrentUser, settings: SettingsDep) -> list[CheckinPublic]:
    with database(settings) as session:
        visible_person(session, user, pseudonym)
        return list_checkins(session, pseudonym=pseudonym, actor=actor(user))


@router.post(
    "/people/{pseudonym}/checkins",
    status_code=201,
    responses=_ERRORS,
    dependencies=[CsrfHeader],
    summary="Record a check-in (idempotent by idempotency_key)",
)
def add_checkin(
    pseudonym: str,
    body: Annotated[CheckinCreate, Body()],
    response: Response,
    user: CurrentUser,
    settings: SettingsDep,
) -> CheckinPublic:
    """Stored and assessed; answered only after the commit. A repeated key returns 200."""
    with database(settings) as session:
        visible_person(session, user, pseudonym)
        result = record_checkin(session, pseudonym=pseudonym, checkin=body, actor=actor(user))
    if not result.created:
        response.status_code = 200
    return result.checkin


@router.get("/alerts", responses=_ERRORS)
def alerts(
    user: ClinicianUser,
    settings: SettingsDep,
    status: Annotated[Literal["open", "acknowledged", "resolved"] | None, Query()] = "open",
) -> list[AlertPublic]:
    """The team's alerts, most urgent first, then the longest waiting."""
    with database(settings) as session:
        visible = set(team_pseudonyms(session, user))
        return [
            a
            for a in list_alerts(session, status=status, actor=actor(user))
            if a.pseudonym in visible
        ]


@router.post("/alerts/{alert_id}/acknowledge", responses=_ERRORS, dependencies=[CsrfHeader])
def acknowledge(
    alert_id: int, user: ClinicianUser, settings: SettingsDep, body: AlertAction | None = None
) -> AlertPublic:
    with database(settings) as session:
        alert_person(session, user, alert_id)
        return acknowledge_alert(
            session, alert_id=alert_id, by=actor(user), note=body.note if body else None
        )


@router.post("/alerts/{alert_id}/resolve", responses=_ERRORS, dependencies=[CsrfHeader])
def resolve(
    alert_id: int, body: AlertAction, user: ClinicianUser, settings: SettingsDep
) -> AlertPublic:
    require_role(user, Role.CLINICIAN, Role.ADMIN)
    with database(settings) as session:
        alert_person(session, user, alert_id)
        return resolve_alert(session, alert_id=alert_id, by=actor(user), note=body.note or "")
