"""The symptom diary: people, check-ins over time, patterns and alerts for the care team.

Storage and schema (``mbcwatch.monitor.db``, ``mbcwatch.monitor.models``)
    Base                    declarative base; other areas add tables to ``Base.metadata`` and
                            their own Alembic revision after ours (migrations/versions, head 0003)
    get_engine(url=None)    one engine per URL (default: ``settings.database_url``)
    session_scope(url=None) a session committed at the end of the block, rolled back on error
    upgrade_database(url=None, *, revision="head")   run the packaged Alembic migrations

Services (each takes the caller's session first, then keyword-only arguments; the caller commits)
    add_person(session, *, person, actor) -> PersonPublic
    get_person(session, *, pseudonym, actor) -> PersonPublic            (audited read)
    list_people(session, *, actor) -> list[PersonPublic]
    add_care_team(session, *, name, contact=None, actor) -> CareTeam
    record_checkin(session, *, pseudonym, checkin, actor, now=None) -> CheckinResult
    list_checkins(session, *, pseudonym, actor) -> list[CheckinPublic]  (audited read)
    list_alerts(session, *, status="open", pseudonym=None, actor) -> list[AlertPublic]
    acknowledge_alert(session, *, alert_id, by, note=None) -> AlertPublic
    resolve_alert(session, *, alert_id, by, note) -> AlertPublic
    mark_baseline(session, *, pseudonym, symptom_id, severity=None, by, note=None)
    scan_missed_checkins(session, *, now=None, actor) -> list[AlertPublic]
    export_person(session, *, pseudonym, actor) -> dict       (JSON-ready full record)
    export_person_csv(session, *, pseudonym, actor) -> dict[str, str]   (one CSV text per table)
    import_person(session, *, record, actor) -> PersonPublic
    audit(session, *, actor, action, entity, entity_id=None, person_id=None, detail=None)

Evaluation (``mbcwatch.monitor.simulate``, ``mbcwatch.monitor.bench``)
    generate(*, seed, people) / run(simulated, *, seed, url=None)   alert rate on simulated diaries
    bench(*, seed, people, url=None)   check-ins per second beside the assess-only baseline

Errors are the library's own (``mbcwatch.errors``): InputError naming the field, NotFoundError,
ConflictError. Nothing here is a diagnosis.
"""

from __future__ import annotations

from mbcwatch.monitor.alerts import (
    acknowledge_alert,
    list_alerts,
    resolve_alert,
    scan_missed_checkins,
)
from mbcwatch.monitor.checkins import list_checkins, record_checkin
from mbcwatch.monitor.db import get_engine, session_scope, upgrade_database
from mbcwatch.monitor.models import Base
from mbcwatch.monitor.people import (
    add_care_team,
    add_person,
    audit,
    get_person,
    list_people,
    mark_baseline,
)
from mbcwatch.monitor.schemas import (
    AlertPublic,
    CheckinCreate,
    CheckinPublic,
    CheckinResult,
    PersonCreate,
    PersonPublic,
)
from mbcwatch.monitor.transfer import export_person, export_person_csv, import_person

__all__ = [
    "AlertPublic",
    "Base",
    "CheckinCreate",
    "CheckinPublic",
    "CheckinResult",
    "PersonCreate",
    "PersonPublic",
    "acknowledge_alert",
    "add_care_team",
    "add_person",
    "audit",
    "export_person",
    "export_person_csv",
    "get_engine",
    "get_person",
    "import_person",
    "list_alerts",
    "list_checkins",
    "list_people",
    "mark_baseline",
    "record_checkin",
    "resolve_alert",
    "scan_missed_checkins",
    "session_scope",
    "upgrade_database",
]
