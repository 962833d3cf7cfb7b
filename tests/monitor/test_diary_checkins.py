"""Recording check-ins on a real database: stored once, assessed with history, alerts raised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from mbcwatch import monitor
from mbcwatch.errors import ConflictError, InputError, MbcwatchError, NotFoundError
from mbcwatch.monitor.db import session_scope
from mbcwatch.monitor.models import Alert, AuditEvent, Base, Checkin

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = START + timedelta(days=120)


@pytest.fixture
def person(diary_url: str) -> str:
    with session_scope(diary_url) as session:
        monitor.add_person(
            session,
            person={"pseudonym": "p-001", "metastatic": "yes", "known_sites": ["bone"],
                    "treatments": [{"name": "endocrine_therapy", "started_on": "2025-06-01"}]},
            actor="nurse",
        )  # fmt: skip
    return diary_url


def record(url: str, at: datetime, **checkin: Any) -> monitor.CheckinResult:
    checkin.setdefault("recorded_at", at.isoformat())
    with session_scope(url) as session:
        return monitor.record_checkin(
            session, pseudonym="p-001", checkin=checkin, actor="p-001", now=NOW
        )


def weekly(url: str, answers: list[list[dict[str, Any]]]) -> list[monitor.CheckinResult]:
    """One check-in a week with these structured answers (none: "nothing new this week")."""
    return [
        record(url, START + timedelta(days=7 * week), idempotency_key=f"w{week}",
               **({"symptoms": symptoms} if symptoms else {"text": "nothing new this week"}))
        for week, symptoms in enumerate(answers)
    ]  # fmt: skip


def counts(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name in {t.__tablename__ for t in (Checkin, Alert, AuditEvent)}
            or table.name in ("person", "baseline_symptom")
        }


def test_check_in_is_stored_with_its_assessment_and_versions(person: str) -> None:
    result = record(person, START, text="my hip has been aching", weight_kg=64.2)
    assert result.created
    with session_scope(person) as session:
        (stored,) = monitor.list_checkins(session, pseudonym="p-001", actor="nurse")
    assert stored == result.checkin
    assert stored.text == "my hip has been aching"
    assert stored.weight_kg == 64.2
    assert stored.assessment["urgency"] == stored.urgency
    assert stored.assessment["disclaimer"]
    assert stored.kb_version
    assert stored.rules_version


def test_retry_with_the_same_key_is_stored_once_and_returns_the_stored_one(person: str) -> None:
    first = record(person, START, text="headache again", idempotency_key="abc")
    again = record(person, START, text="headache again", idempotency_key="abc")
    assert (first.created, again.created) == (True, False)
    assert again.checkin == first.checkin
    assert counts(person)["checkin"] == 1


@pytest.mark.parametrize(
    ("pseudonym", "checkin", "error", "field"),
    [
        ("nobody", {"text": "sore back"}, NotFoundError, None),
        ("p-001", {"symptoms": [{"id": "back_pain", "severity": "awful"}]}, InputError,
         "symptoms.0.severity"),
        ("p-001", {"text": "sore back", "recorded_at": "2099-01-01T00:00:00Z"}, InputError,
         "recorded_at"),
        ("p-001", {"text": "sore back", "weight_kg": -3}, InputError, "weight_kg"),
        ("p-001", {"text": "sore back", "temperature_c": 380}, InputError, "temperature_c"),
        ("p-001", {"text": "   "}, InputError, "text"),
        ("p-001", {"text": "sore back", "mood": "low"}, InputError, "mood"),
        ("p-001", {"symptoms": [{"id": "back_pian"}]}, InputError, "symptoms.0.id"),
        ("p-001", {"text": "sore back", "recorded_at": "2026-03-01T09:00:00"}, InputError,
         "recorded_at"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_error_and_writes_nothing(
    person: str, pseudonym: str, checkin: dict[str, Any], error: type[MbcwatchError],
    field: str | None,
) -> None:  # fmt: skip
    before = counts(person)
    with pytest.raises(error) as raised, session_scope(person) as session:
        monitor.record_checkin(session, pseudonym=pseudonym, checkin=checkin, actor="x")
    if field is not None:
        assert isinstance(raised.value, InputError)
        assert raised.value.field == field
        assert field.split(".")[0] in raised.value.message
    assert counts(person) == before


def test_emergency_check_in_raises_an_alert_with_reasons_and_evidence(person: str) -> None:
    result = record(
        person, START, text="since yesterday my legs are weak and numb and I can't pass urine"
    )
    assert result.checkin.urgency in ("urgent", "emergency")
    assert result.alert is not None
    assert result.alert.kind == "assessment"
    assert result.alert.urgency == result.checkin.urgency
    assert result.alert.reasons == result.checkin.assessment["reasons"]
    assert result.alert.reasons


def test_quiet_first_check_in_raises_no_alert(person: str) -> None:
    result = record(person, START, text="I feel well today, nothing new")
    assert result.checkin.urgency in ("routine", "soon")
    assert result.alert is None


def test_persistent_symptom_alerts_once_per_run_and_reaches_the_assessment(person: str) -> None:
    mild = [{"id": "fatigue", "severity": "mild"}]
    results = weekly(person, [mild, mild, mild, mild])
    alerted = [r.alert.patterns if r.alert else None for r in results]
    assert alerted[0] is None
    assert [p["pattern"] for p in alerted[1] or []] == ["persistence"]
    assert alerted[2:] == [None, None]
    sent = results[3].checkin.assessment  # the stored request carries the onset history gave
    assert sent["urgency"] == results[3].checkin.urgency
    with session_scope(person) as session:
        request = session.scalars(select(Checkin.request).where(Checkin.idempotency_key == "w3"))
        (symptom,) = next(iter(request))["symptoms"]
    assert symptom == {"id": "fatigue", "severity": "mild", "onset_days_ago": 21}


def test_rising_severity_alerts_and_sends_a_worse_trend(person: str) -> None:
    results = weekly(
        person,
        [[{"id": "headache", "severity": "mild"}], [{"id": "headache", "severity": "moderate"}]],
    )
    assert results[1].alert is not None
    assert "rising_severity" in {p["pattern"] for p in results[1].alert.patterns}
    with session_scope(person) as session:
        sent = session.scalar(select(Checkin.request).where(Checkin.idempotency_key == "w1"))
    assert sent is not None
    assert sent["symptoms"][0]["trend"] == "worse"


def test_baseline_symptom_does_not_alert_again_unless_it_worsens(person: str) -> None:
    with session_scope(person) as session:
        monitor.mark_baseline(
            session, pseudonym="p-001", symptom_id="fatigue", severity="moderate", by="Dr B"
        )
    moderate = [{"id": "fatigue", "severity": "moderate"}]
    severe = [{"id": "fatigue", "severity": "severe"}]
    results = weekly(person, [moderate, moderate, moderate, severe])
    assert [r.alert is None for r in results[:3]] == [True, True, True]
    assert results[3].alert is not None
    assert [p["pattern"] for p in results[3].alert.patterns] == ["rising_severity"]


def test_weight_falling_over_weeks_raises_a_weight_loss_alert(person: str) -> None:
    results = [
        record(person, START + timedelta(days=14 * i), text="no new symptoms", weight_kg=weight)
        for i, weight in enumerate([70.0, 69.0, 67.8, 66.4])
    ]
    assert [r.alert is None for r in results[:3]] == [True, True, True]
    assert results[3].alert is not None
    assert [p["pattern"] for p in results[3].alert.patterns] == ["weight_loss"]


def test_measured_fever_reaches_the_assessment_as_the_symptom_fever(person: str) -> None:
    result = record(person, START, text="feeling shivery", temperature_c=38.4)
    with session_scope(person) as session:
        sent = session.scalar(select(Checkin.request).where(Checkin.id == result.checkin.id))
    assert sent is not None
    assert {"id": "fever"} in sent["symptoms"]
    assert result.checkin.temperature_c == 38.4


def test_missed_check_in_alerts_once_per_silence(person: str) -> None:
    record(person, START, text="all fine", idempotency_key="k0")
    with session_scope(person) as session:
        early = monitor.scan_missed_checkins(session, now=START + timedelta(days=8), actor="cron")
        late = monitor.scan_missed_checkins(session, now=START + timedelta(days=10), actor="cron")
        later = monitor.scan_missed_checkins(session, now=START + timedelta(days=20), actor="cron")
    assert early == []
    assert [a.patterns[0]["pattern"] for a in late] == ["missed_checkin"]
    assert later == []


def test_alert_is_acknowledged_then_resolved_with_who_when_and_a_note(person: str) -> None:
    alert = record(person, START, text="I coughed up blood this morning").alert
    assert alert is not None
    moment = START + timedelta(hours=1)
    with session_scope(person) as session:
        acked = monitor.acknowledge_alert(
            session, alert_id=alert.id, by="nurse A", note="calling her", now=moment
        )
    with session_scope(person) as session:
        done = monitor.resolve_alert(session, alert_id=alert.id, by="Dr B", note="seen in AOS")
    assert (acked.status, acked.acknowledged_by, acked.acknowledged_at) == (
        "acknowledged", "nurse A", moment
    )  # fmt: skip
    assert (done.status, done.resolved_by, done.resolved_note) == (
        "resolved",
        "Dr B",
        "seen in AOS",
    )
    with session_scope(person) as session:
        assert monitor.list_alerts(session, actor="nurse") == []
        with pytest.raises(ConflictError):
            monitor.acknowledge_alert(session, alert_id=alert.id, by="nurse A")


def test_acting_on_an_unknown_alert_or_without_a_name_is_refused(person: str) -> None:
    with session_scope(person) as session, pytest.raises(NotFoundError):
        monitor.acknowledge_alert(session, alert_id=999, by="nurse A")
    alert = record(person, START, text="I coughed up blood this morning").alert
    assert alert is not None
    with session_scope(person) as session, pytest.raises(InputError, match="note"):
        monitor.resolve_alert(session, alert_id=alert.id, by="Dr B", note=" ")


def test_open_alerts_are_listed_most_urgent_first(person: str) -> None:
    weekly(person, [[{"id": "fatigue", "severity": "mild"}]] * 2)
    record(person, START + timedelta(days=15), text="I coughed up blood this morning")
    with session_scope(person) as session:
        listed = monitor.list_alerts(session, actor="nurse")
    ranks = ["routine", "soon", "urgent", "emergency"]
    assert len(listed) == 2
    assert [ranks.index(a.urgency) for a in listed] == sorted(
        (ranks.index(a.urgency) for a in listed), reverse=True
    )


def test_every_read_of_a_person_is_audited(person: str) -> None:
    with session_scope(person) as session:
        monitor.get_person(session, pseudonym="p-001", actor="Dr B")
    with session_scope(person) as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.actor == "Dr B")).all()
    assert [(e.action, e.entity, e.entity_id) for e in events] == [("read", "person", "p-001")]


def test_adding_the_same_pseudonym_twice_is_a_conflict(person: str) -> None:
    with session_scope(person) as session, pytest.raises(ConflictError, match="p-001"):
        monitor.add_person(session, person={"pseudonym": "p-001"}, actor="nurse")


def test_mild_new_symptom_is_recorded_and_alerts_only_once_it_persists(person: str) -> None:
    quiet = [{"id": "hot_flushes", "severity": "mild"}]
    results = weekly(person, [[], quiet, quiet])
    assert [p["pattern"] for p in results[1].checkin.patterns] == ["new_symptom"]
    assert results[1].checkin.patterns[0]["alerted"] is False
    if results[1].checkin.urgency not in ("urgent", "emergency"):
        assert results[1].alert is None
    assert results[2].alert is not None
    assert [p["pattern"] for p in results[2].alert.patterns] == ["persistence"]


def test_severe_new_symptom_alerts_at_once(person: str) -> None:
    results = weekly(person, [[], [{"id": "headache", "severity": "severe"}]])
    assert results[1].alert is not None
    assert "new_symptom" in [p["pattern"] for p in results[1].alert.patterns]


@pytest.mark.parametrize(("locale", "number"), [("US", "911"), ("GB", "999")])
def test_advice_gives_the_emergency_number_of_the_persons_locale(
    diary_url: str, locale: str, number: str
) -> None:
    with session_scope(diary_url) as session:
        monitor.add_person(session, person={"pseudonym": "p-001", "locale": locale}, actor="nurse")
    result = record(diary_url, START, text="I had a fit this morning and can't stop shaking")
    assert result.checkin.urgency == "emergency"
    assert number in result.checkin.assessment["advice"]


def test_weight_loss_alerts_once_per_peak_even_after_the_alert_is_resolved(person: str) -> None:
    weights = [70.0, 66.0, 65.5, 65.0]
    results = [
        record(person, START + timedelta(days=14 * i), text="no new symptoms", weight_kg=weight)
        for i, weight in enumerate(weights[:2])
    ]
    alert = results[1].alert
    assert alert is not None
    with session_scope(person) as session:
        monitor.resolve_alert(session, alert_id=alert.id, by="Dr B", note="dietitian referral")
    later = [
        record(person, START + timedelta(days=14 * i), text="no new symptoms", weight_kg=weight)
        for i, weight in enumerate(weights[2:], start=2)
    ]
    assert [r.alert for r in later] == [None, None]
    assert [p["pattern"] for p in later[1].checkin.patterns] == ["weight_loss"]


def test_an_urgent_check_in_carries_the_patterns_that_would_otherwise_wait(person: str) -> None:
    results = weekly(person, [[], []])
    assert results[1].alert is None
    urgent = record(person, START + timedelta(days=14), text="I coughed up blood this morning")
    assert urgent.alert is not None
    assert urgent.alert.kind == "assessment"
    carried = {(p["pattern"], p["symptom_id"]) for p in urgent.alert.patterns}
    assert ("new_symptom", "coughing_blood") in carried
