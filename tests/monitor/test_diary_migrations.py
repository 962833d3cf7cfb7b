"""The packaged Alembic migrations: an empty database, and real rows from the previous revision."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, text

from mbcwatch.monitor.db import current_revision, get_engine, session_scope, upgrade_database
from mbcwatch.monitor.models import DIARY_TABLES, Base
from mbcwatch.monitor.people import get_person


def test_empty_database_upgrades_to_a_schema_matching_the_models(empty_diary_url: str) -> None:
    assert current_revision(empty_diary_url) is None
    upgrade_database(empty_diary_url)
    assert current_revision(empty_diary_url) == "0003"
    ours = MetaData(naming_convention=Base.metadata.naming_convention)
    for name in DIARY_TABLES:  # other areas add their own tables to the same Base
        Base.metadata.tables[name].to_metadata(ours)
    with get_engine(empty_diary_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), ours)
    assert differences == []


def test_upgrading_twice_changes_nothing(empty_diary_url: str) -> None:
    upgrade_database(empty_diary_url)
    upgrade_database(empty_diary_url)
    assert current_revision(empty_diary_url) == "0003"


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
    assert current_revision(empty_diary_url) == "0003"
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


def test_check_ins_from_the_previous_revision_gain_an_empty_pattern_list(
    empty_diary_url: str,
) -> None:
    upgrade_database(empty_diary_url, revision="0002")
    with get_engine(empty_diary_url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (pseudonym, metastatic, known_sites, locale,"
                " checkin_interval_days, created_at) VALUES ('p2', 'no', '[]', 'GB', 7,"
                " '2026-02-01 08:00:00+00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO checkin (person_id, idempotency_key, recorded_at, text, answers,"
                " request, assessment, urgency, kb_version, rules_version, created_at)"
                " SELECT id, 'k', '2026-02-02 08:00:00+00:00', 'tired', '[]', '{}', '{}',"
                " 'routine', 'kb', 'rules', '2026-02-02 08:00:00+00:00' FROM person"
            )
        )
    upgrade_database(empty_diary_url)
    with get_engine(empty_diary_url).connect() as connection:
        row = connection.execute(text("SELECT text, patterns FROM checkin")).one()
    patterns = json.loads(row[1]) if isinstance(row[1], str) else row[1]
    assert (row[0], patterns) == ("tired", [])
