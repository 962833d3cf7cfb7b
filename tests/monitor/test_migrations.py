"""The packaged Alembic migrations: an empty database, and real rows from the previous revision."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from mbcwatch.monitor.db import current_revision, get_engine, session_scope, upgrade_database
from mbcwatch.monitor.models import Base
from mbcwatch.monitor.people import get_person


def test_empty_database_upgrades_to_a_schema_matching_the_models(empty_diary_url: str) -> None:
    assert current_revision(empty_diary_url) is None
    upgrade_database(empty_diary_url)
    assert current_revision(empty_diary_url) == "0002"
    with get_engine(empty_diary_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrading_twice_changes_nothing(empty_diary_url: str) -> None:
    upgrade_database(empty_diary_url)
    upgrade_database(empty_diary_url)
    assert current_revision(empty_diary_url) == "0002"


def test_rows_written_under_the_first_revision_survive_the_upgrade(empty_diary_url: str) -> None:
    upgrade_database(empty_diary_url, revision="0001")
    assessment = {"urgency": "soon", "symptoms": [], "reasons": []}
    with get_engine(empty_diary_url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (pseudonym, breast_cancer_history, metastatic, known_sites,"
                " locale, age, created_at) VALUES ('old-1', true, 'yes', :sites, 'GB', 61,"
                " '2026-01-05 10:00:00+00:00')"
            ),
            {"sites": json.dumps(["bone"])},
        )
        person_id = connection.execute(text("SELECT id FROM person")).scalar_one()
        connection.execute(
            text(
                "INSERT INTO checkin (person_id, idempotency_key, recorded_at, text, answers,"
                " weight_kg, request, assessment, urgency, kb_version, rules_version, created_at)"
                " VALUES (:p, 'k1', '2026-01-06 09:00:00+00:00', 'sore hip', '[]', 64.5,"
                " :req, :assessment, 'soon', 'kb1', 'rules1', '2026-01-06 09:00:01+00:00')"
            ),
            {"p": person_id, "req": json.dumps({"text": "sore hip"}),
             "assessment": json.dumps(assessment)},
        )  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO alert (person_id, kind, urgency, status, summary, reasons, evidence,"
                " created_at) VALUES (:p, 'assessment', 'urgent', 'open', 'old alert', '[]',"
                " '[]', '2026-01-06 09:00:02+00:00')"
            ),
            {"p": person_id},
        )
    upgrade_database(empty_diary_url)
    assert current_revision(empty_diary_url) == "0002"
    with session_scope(empty_diary_url) as session:
        person = get_person(session, pseudonym="old-1", actor="test")
    assert (person.known_sites, person.age, person.checkin_interval_days) == (["bone"], 61, 7)
    with get_engine(empty_diary_url).connect() as connection:
        checkin = connection.execute(text("SELECT text, weight_kg, assessment FROM checkin")).one()
        patterns = connection.execute(text("SELECT patterns FROM alert")).scalar_one()
        baselines = connection.execute(text("SELECT count(*) FROM baseline_symptom")).scalar_one()
    assert (checkin[0], checkin[1]) == ("sore hip", 64.5)
    stored = checkin[2] if isinstance(checkin[2], dict) else json.loads(checkin[2])
    assert stored == assessment
    assert (json.loads(patterns) if isinstance(patterns, str) else patterns) == []
    assert baselines == 0


def test_downgrade_to_the_first_revision_keeps_the_rows_it_knows(empty_diary_url: str) -> None:
    from alembic import command

    from mbcwatch.monitor.db import alembic_config

    upgrade_database(empty_diary_url)
    with get_engine(empty_diary_url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (pseudonym, metastatic, known_sites, locale,"
                " checkin_interval_days, created_at) VALUES ('p', 'no', '[]', 'US', 14,"
                " '2026-01-05 10:00:00+00:00')"
            )
        )
    command.downgrade(alembic_config(empty_diary_url), "0001")
    assert current_revision(empty_diary_url) == "0001"
    with get_engine(empty_diary_url).connect() as connection:
        assert connection.execute(text("SELECT pseudonym FROM person")).scalar_one() == "p"
