"""What the pages show, computed without a server: highlighting, charts, the check-in form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from starlette.datastructures import FormData

from mbcwatch.web.charts import level_y, severity_charts
from mbcwatch.web.checkin_form import read_form
from mbcwatch.web.present import highlight, not_understood


def finding(text: str, **extra: object) -> dict[str, object]:
    return {
        "id": "back_pain",
        "text": text,
        "negated": False,
        "experiencer": "patient",
        "temporality": "current",
        **extra,
    }


def test_highlight_keeps_every_character_in_order() -> None:
    text = "My back hurts. No fever at all."
    segments = highlight(text, [finding("back hurts"), finding("fever", negated=True)])
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.kind) for s in segments if s.finding] == [
        ("back hurts", "current"),
        ("fever", "negated"),
    ]


def test_highlight_marks_repeated_words_at_their_own_places() -> None:
    text = "pain in my back, and pain in my hip"
    segments = highlight(text, [finding("pain"), finding("pain")])
    starts = []
    cursor = 0
    for segment in segments:
        if segment.finding:
            starts.append(cursor)
        cursor += len(segment.text)
    assert starts == [0, 21]


@pytest.mark.parametrize(
    ("extra", "kind"),
    [({"experiencer": "other"}, "other"), ({"temporality": "historical"}, "historical")],
)
def test_findings_about_others_or_the_past_are_not_shown_as_current(
    extra: dict[str, object], kind: str
) -> None:
    [segment] = highlight("back hurts", [finding("back hurts", **extra)])
    assert segment.kind == kind


def test_a_span_not_in_the_text_is_left_out_rather_than_misplaced() -> None:
    segments = highlight("I feel fine", [finding("back hurts")])
    assert [s.finding for s in segments] == [None]


def test_sentences_without_any_finding_are_reported_as_not_understood() -> None:
    text = "My back hurts. The cat is purple! I slept well"
    segments = highlight(text, [finding("back hurts")])
    assert not_understood(text, segments) == ["The cat is purple", "I slept well"]


def checkin(days: int, *symptoms: dict[str, object]) -> SimpleNamespace:
    when = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(days=days)
    return SimpleNamespace(recorded_at=when, assessment={"symptoms": list(symptoms)})


def test_chart_plots_reported_severity_over_time_and_skips_negated() -> None:
    charts = severity_charts(
        [
            checkin(0, finding("back ache", severity="mild")),
            checkin(
                7,
                finding("back pain", severity="severe"),
                finding("fever", id="fever", negated=True),
            ),
        ]
    )
    assert [c.symptom_id for c in charts] == ["back_pain"]
    [chart] = charts
    assert [p.level for p in chart.points] == [1, 3]
    assert chart.points[0].x < chart.points[1].x
    assert chart.points[1].y == level_y(3) < chart.points[0].y
    assert chart.path.startswith("M")


def test_symptoms_of_other_people_are_not_charted() -> None:
    assert severity_charts([checkin(0, finding("cough", id="cough", experiencer="other"))]) == []


def test_form_reads_guided_answers_as_structured_symptoms() -> None:
    form = read_form(
        FormData(
            [
                ("text", ""),
                ("back_pain_severity", "severe"),
                ("back_pain_days", "10"),
                ("back_pain_trend", "worse"),
                ("cough_severity", "none"),
                ("temperature_c", "38,4"),
            ]
        )
    )
    assert form.errors == {}
    assert form.symptoms == [
        {"id": "back_pain", "severity": "severe", "onset_days_ago": 10, "trend": "worse"}
    ]
    assert form.temperature_c == pytest.approx(38.4)
    assert form.assess_text() == "My temperature is 38.4 °C."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("temperature_c", "hot"),
        ("temperature_c", "99"),
        ("weight_kg", "-3"),
        ("back_pain_days", "lots"),
    ],
)
def test_form_names_the_field_of_a_bad_answer(field: str, value: str) -> None:
    form = read_form(FormData([("text", "tired"), ("back_pain_severity", "mild"), (field, value)]))
    assert field in form.errors


def test_an_empty_form_asks_for_something() -> None:
    assert "text" in read_form(FormData([("text", "   ")])).errors


def test_every_chart_of_a_diary_shares_one_time_axis() -> None:
    charts = severity_charts(
        [
            checkin(0, finding("tired", id="fatigue", severity="mild")),
            checkin(14, finding("back pain", severity="moderate")),
        ]
    )
    assert {(c.start, c.end) for c in charts} == {(checkin(0).recorded_at, checkin(14).recorded_at)}
    by_id = {c.symptom_id: c for c in charts}
    assert by_id["fatigue"].points[0].x < by_id["back_pain"].points[0].x


def test_about_you_answers_become_the_assessment_context() -> None:
    form = read_form(
        FormData(
            [
                ("text", "shivery"),
                ("metastatic", "yes"),
                ("treatments", "chemotherapy"),
                ("treatments", "not-a-treatment"),
                ("days_since_last_chemotherapy", "7"),
            ]
        )
    )
    assert form.errors == {}
    assert form.context == {
        "treatments": ["chemotherapy"],
        "breast_cancer_history": True,
        "metastatic": "yes",
        "days_since_last_chemotherapy": 7,
    }


def test_the_worklist_has_one_row_per_person_in_the_order_of_their_first_alert() -> None:
    from mbcwatch.web.pages_team import worklist_rows

    def alert(name: str, urgency: str) -> SimpleNamespace:
        return SimpleNamespace(pseudonym=name, urgency=urgency)

    # list_alerts gives most urgent first, then longest waiting: the worklist keeps that order.
    alerts = [
        alert("b", "emergency"),
        alert("a", "urgent"),
        alert("b", "urgent"),
        alert("c", "soon"),
        alert("x", "emergency"),
    ]
    rows = worklist_rows(alerts, {"a", "b", "c"})  # type: ignore[arg-type]
    assert [(r.alert.pseudonym, r.alert.urgency, r.more) for r in rows] == [
        ("b", "emergency", 1),
        ("a", "urgent", 0),
        ("c", "soon", 0),
    ]
