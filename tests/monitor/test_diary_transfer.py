"""Export then import round-trips a person's full record exactly (JSON and CSV)."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from mbcwatch import monitor
from mbcwatch.errors import ConflictError, InputError
from mbcwatch.monitor.db import get_engine, session_scope, upgrade_database
from mbcwatch.monitor.models import Alert, AuditEvent, BaselineSymptom, Checkin, Person, Treatment
from mbcwatch.monitor.transfer import (
    PersonExport,
    export_person,
    import_person,
    record_from_csv,
    record_to_csv,
)

text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
maybe_text = st.none() | text
moment = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.isoformat())
json_scalar = st.none() | st.booleans() | st.integers(-1000, 1000) | text
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
severity = st.sampled_from([None, "mild", "moderate", "severe", "very_severe"])
urgency = st.sampled_from(["routine", "soon", "urgent", "emergency"])
weight = st.none() | st.floats(min_value=20, max_value=300, allow_nan=False)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.text(string.ascii_letters + string.digits, min_size=1, max_size=20),
                         unique=True, max_size=4))  # fmt: skip
    checkins = [
        {
            "idempotency_key": key, "recorded_at": draw(moment), "text": draw(maybe_text),
            "answers": draw(st.lists(json_value, max_size=2)), "weight_kg": draw(weight),
            "temperature_c": draw(st.none() | st.floats(min_value=30, max_value=42)),
            "request": draw(st.dictionaries(text, json_value, max_size=3)),
            "assessment": draw(st.dictionaries(text, json_value, max_size=3)),
            "urgency": draw(urgency), "kb_version": draw(text.filter(lambda s: len(s) <= 64)),
            "rules_version": "1.0.0+abc", "created_at": draw(moment),
        }
        for key in keys
    ]  # fmt: skip
    alerts = [
        {
            "checkin_key": draw(st.none() | st.sampled_from(keys)) if keys else None,
            "kind": draw(st.sampled_from(["assessment", "pattern"])), "urgency": draw(urgency),
            "status": draw(st.sampled_from(["open", "acknowledged", "resolved"])),
            "summary": draw(text), "reasons": draw(st.lists(json_value, max_size=2)),
            "evidence": draw(st.lists(json_value, max_size=2)),
            "patterns": draw(st.lists(json_value, max_size=2)), "created_at": draw(moment),
            "acknowledged_by": draw(maybe_text), "acknowledged_at": draw(st.none() | moment),
            "acknowledged_note": draw(maybe_text), "resolved_by": draw(maybe_text),
            "resolved_at": draw(st.none() | moment), "resolved_note": draw(maybe_text),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    treatments = [
        {"name": name, "started_on": draw(st.none() | st.dates().map(str)), "stopped_on": None}
        for name in draw(st.lists(st.sampled_from(["chemotherapy", "opioid", "steroid"]),
                                  max_size=2))
    ]  # fmt: skip
    baseline = [
        {"symptom_id": symptom, "severity": draw(severity), "marked_by": draw(text),
         "marked_at": draw(moment), "note": draw(maybe_text)}
        for symptom in draw(st.lists(st.sampled_from(["fatigue", "cough", "hot_flushes"]),
                                     unique=True, max_size=2))
    ]  # fmt: skip
    person = {
        "pseudonym": "r-1", "breast_cancer_history": draw(st.none() | st.booleans()),
        "metastatic": draw(st.sampled_from(["yes", "no", "unknown"])),
        "known_sites": draw(st.lists(st.sampled_from(["bone", "liver", "brain"]), max_size=2)),
        "locale": draw(st.sampled_from(["US", "GB"])), "age": draw(st.none() | st.integers(18, 99)),
        "checkin_interval_days": draw(st.integers(1, 30)),
        "care_team": draw(st.none() | st.sampled_from(["Ward 7", "Breast team"])),
        "created_at": draw(moment), "treatments": treatments,
    }  # fmt: skip
    exported = {"person": person, "baseline": sorted(baseline, key=lambda b: b["symptom_id"]),
                "checkins": checkins, "alerts": alerts}  # fmt: skip
    # Normalise to the exported form: validation fixes the order and the time format.
    normal = PersonExport.model_validate(exported).model_dump(mode="json")
    # The export lists check-ins by time (not by ISO text: ".000001Z" sorts before "Z").
    normal["checkins"].sort(key=lambda c: datetime.fromisoformat(c["recorded_at"]))
    return normal


def _fresh(tmp_path: Path, name: str) -> str:
    url = f"sqlite:///{tmp_path / name}"
    upgrade_database(url)
    return url


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(record=records())
def test_import_then_export_gives_back_the_same_record(
    diary_url: str, record: dict[str, Any]
) -> None:
    with session_scope(diary_url) as session:
        import_person(session, record=record, actor="test")
    with session_scope(diary_url) as session:
        again = export_person(session, pseudonym="r-1", actor="test")
    with session_scope(diary_url) as session:
        for table in (Alert, AuditEvent, BaselineSymptom, Checkin, Treatment, Person):
            session.execute(delete(table))
    same_order = record | {"alerts": _by_time(record["alerts"]), "checkins": record["checkins"]}
    assert again == same_order


def _by_time(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(alerts, key=lambda alert: datetime.fromisoformat(alert["created_at"]))


@settings(max_examples=25, deadline=None)
@given(record=records())
def test_csv_tables_hold_the_same_record(record: dict[str, Any]) -> None:
    assert record_from_csv(record_to_csv(record)) == record


def test_a_recorded_diary_moves_to_another_database_unchanged(tmp_path: Path) -> None:
    source, target = _fresh(tmp_path, "a.sqlite3"), _fresh(tmp_path, "b.sqlite3")
    with session_scope(source) as session:
        monitor.add_person(session, person={"pseudonym": "m-1", "treatments": [
            {"name": "chemotherapy", "started_on": "2026-01-01"}]}, actor="nurse")  # fmt: skip
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for week, words in enumerate(["tired", "tired and my back aches", "I coughed up blood"]):
        with session_scope(source) as session:
            monitor.record_checkin(
                session, pseudonym="m-1", actor="m-1",
                checkin={"text": words, "weight_kg": 60.0 - week,
                         "recorded_at": (start + timedelta(days=7 * week)).isoformat()},
            )  # fmt: skip
    with session_scope(source) as session:
        monitor.mark_baseline(session, pseudonym="m-1", symptom_id="fatigue", by="Dr B")
        exported = export_person(session, pseudonym="m-1", actor="nurse")
    with session_scope(target) as session:
        import_person(session, record=exported, actor="nurse")
    with session_scope(target) as session:
        assert export_person(session, pseudonym="m-1", actor="nurse") == exported
    for url in (source, target):
        get_engine(url).dispose()


def test_importing_an_existing_person_is_a_conflict_and_writes_nothing(diary_url: str) -> None:
    with session_scope(diary_url) as session:
        monitor.add_person(session, person={"pseudonym": "r-1"}, actor="nurse")
        record = export_person(session, pseudonym="r-1", actor="nurse")
    with pytest.raises(ConflictError), session_scope(diary_url) as session:
        import_person(session, record=record, actor="nurse")


ALERT = {
    "checkin_key": "nope", "kind": "pattern", "urgency": "soon", "status": "open", "summary": "",
    "reasons": [], "evidence": [], "patterns": [], "created_at": "2026-01-01T00:00:00Z",
    "acknowledged_by": None, "acknowledged_at": None, "acknowledged_note": None,
    "resolved_by": None, "resolved_at": None, "resolved_note": None,
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "other"}, "format"),
        ({"person": {"pseudonym": "x"}}, "person.breast_cancer_history"),
        ({"alerts": [ALERT]}, "alerts.checkin_key"),
        ({"alerts": [ALERT | {"urgency": "later"}]}, "alerts.0.urgency"),
        ({"checkins": [{"idempotency_key": "k"}]}, "checkins.0.recorded_at"),
    ],
)
def test_a_malformed_record_is_refused_naming_the_field_and_writes_nothing(
    diary_url: str, change: dict[str, Any], field: str
) -> None:
    with session_scope(diary_url) as session:
        monitor.add_person(session, person={"pseudonym": "r-1"}, actor="nurse")
        record = export_person(session, pseudonym="r-1", actor="nurse")
        session.execute(delete(AuditEvent))
        session.execute(delete(Treatment))
        session.execute(delete(Person))
    with pytest.raises(InputError) as raised, session_scope(diary_url) as session:
        import_person(session, record=record | change, actor="nurse")
    assert raised.value.field == field
    with session_scope(diary_url) as session:
        assert session.scalars(select(Person)).all() == []
