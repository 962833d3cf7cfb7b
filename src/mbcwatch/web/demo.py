"""Demo data for trying the web app: clearly marked demo accounts, people and check-ins.

Loading it twice changes nothing: people and accounts are created only when missing, and the
check-ins carry fixed idempotency keys. The check-ins are invented examples, not real people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from mbcwatch.accounts.models import Role, User
from mbcwatch.accounts.schema import upgrade_all
from mbcwatch.accounts.service import create_user
from mbcwatch.monitor import add_care_team, add_person, record_checkin
from mbcwatch.monitor.db import session_scope
from mbcwatch.monitor.models import Person

DEMO_TEAM = "Demo oncology team"
DEMO_PASSWORD = "demo-password"  # printed on start; demo accounts are marked in the database


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    pseudonym: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("demo-patient", Role.PATIENT, "Demo patient", "demo-001"),
    DemoAccount("demo-carer", Role.CARER, "Demo carer", "demo-002"),
    DemoAccount("demo-nurse", Role.CLINICIAN, "Demo oncology nurse"),
    DemoAccount("demo-admin", Role.ADMIN, "Demo administrator"),
)

# (pseudonym, days ago, words): a slowly worsening back pain, and a carer's report.
DEMO_CHECKINS = (
    ("demo-001", 21, "Feeling fairly well, just a little tired in the evenings."),
    ("demo-001", 14, "Some ache in my lower back for a few days, mild."),
    ("demo-001", 7, "The back pain is worse, it wakes me at night now."),
    ("demo-002", 2, "She has had a bad headache every morning this week and was sick today."),
)


def load_demo_data(url: str | None = None) -> list[DemoAccount]:
    """Create the schema if needed, then the demo team, people, accounts and check-ins."""
    upgrade_all(url)
    now = datetime.now(UTC)
    with session_scope(url) as session:
        team = add_care_team(session, name=DEMO_TEAM, contact="demo line", actor="demo")
        for pseudonym, metastatic in (("demo-001", "yes"), ("demo-002", "unknown")):
            if session.scalar(select(Person.id).where(Person.pseudonym == pseudonym)) is None:
                add_person(
                    session,
                    person={
                        "pseudonym": pseudonym,
                        "metastatic": metastatic,
                        "known_sites": ["bone"] if metastatic == "yes" else [],
                        "treatments": [{"name": "endocrine_therapy"}],
                        "care_team": DEMO_TEAM,
                    },
                    actor="demo",
                )
        for account in DEMO_ACCOUNTS:
            if session.scalar(select(User.id).where(User.username == account.username)):
                continue
            person_id = (
                session.scalar(select(Person.id).where(Person.pseudonym == account.pseudonym))
                if account.pseudonym
                else None
            )
            create_user(
                session,
                username=account.username,
                password=DEMO_PASSWORD,
                role=account.role,
                display_name=account.display_name,
                person_id=person_id,
                care_team_id=team.id if account.role is Role.CLINICIAN else None,
                is_demo=True,
            )
    for number, (pseudonym, days_ago, text) in enumerate(DEMO_CHECKINS):
        with session_scope(url) as session:
            record_checkin(
                session,
                pseudonym=pseudonym,
                checkin={
                    "idempotency_key": f"demo-{number}",
                    "recorded_at": now - timedelta(days=days_ago),
                    "text": text,
                },
                actor="demo",
            )
    return list(DEMO_ACCOUNTS)
