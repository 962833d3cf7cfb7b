"""The JSON API against the live server: problem+json, sign-in, roles, CSRF, rate limiting."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Client = Callable[..., httpx.Client]
PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}
FIELDS = [
    "id",
    "text",
    "symptoms",
    "context",
    "hpo",
    "severity",
    "onset_days_ago",
    "trend",
    "treatments",
    "known_metastatic_sites",
    "metastatic",
    "age",
    "location",
]


def assert_problem(reply: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = reply.json()
    assert body.keys() >= PROBLEM_KEYS
    assert (body["status"], body["code"]) == (status, code)
    return body


def test_assess_returns_the_contract_without_signing_in(api_client: Client) -> None:
    reply = api_client().post(
        "/api/v1/assess", json={"id": "q1", "text": "My back hurts and my legs are weak."}
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["id"] == "q1"
    assert body["urgency"] in {"emergency", "urgent", "soon", "routine"}
    assert body["disclaimer"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "ok", "context": {"treatments": ["chemotherapie"]}}, "context.treatments.0"),
        ({"text": "ok", "surprise": 1}, "surprise"),
        ({"text": "x" * 10_001}, "text"),
        ({"symptoms": [{"id": "back_pain", "onset_days_ago": -1}]}, "symptoms.0.onset_days_ago"),
        (
            {"text": "ok", "context": {"known_metastatic_sites": ["bones"]}},
            "context.known_metastatic_sites.0",
        ),
    ],
)
def test_bad_assess_input_is_a_422_problem_naming_the_field(
    api_client: Client, payload: dict[str, object], field: str
) -> None:
    body = assert_problem(api_client().post("/api/v1/assess", json=payload), 422, "invalid_input")
    assert body["field"] == field
    assert str(body["detail"]).startswith(field)


def test_unknown_treatment_suggests_the_closest_name(api_client: Client) -> None:
    payload = {"text": "ok", "context": {"treatments": ["chemotherapie"]}}
    body = assert_problem(api_client().post("/api/v1/assess", json=payload), 422, "invalid_input")
    assert "did you mean 'chemotherapy'" in str(body["detail"])


def test_a_request_without_text_or_symptoms_is_refused(api_client: Client) -> None:
    assert_problem(api_client().post("/api/v1/assess", json={}), 422, "invalid_input")


def test_malformed_json_is_a_400_problem(api_client: Client) -> None:
    reply = api_client().post(
        "/api/v1/assess", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_problem(reply, 400, "malformed_json")


def test_unknown_path_is_a_404_problem(api_client: Client) -> None:
    assert_problem(api_client().get("/api/v1/nothing-here"), 404, "http_error")


def test_openapi_documents_the_api(api_client: Client) -> None:
    paths = api_client().get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/assess",
        "/api/v1/people",
        "/api/v1/people/{pseudonym}/checkins",
        "/api/v1/alerts",
        "/api/v1/alerts/{alert_id}/acknowledge",
    } <= paths.keys()


def test_people_need_a_signed_in_user(api_client: Client) -> None:
    assert_problem(api_client().get("/api/v1/people"), 401, "not_signed_in")


def test_wrong_password_is_a_401_problem(api_client: Client) -> None:
    reply = api_client().post(
        "/api/v1/session", json={"username": "nurse-a", "password": "not the password"}
    )
    assert_problem(reply, 401, "not_signed_in")


def test_a_clinician_sees_only_their_own_team(api_client: Client) -> None:
    nurse = api_client("nurse-a")
    names = {p["pseudonym"] for p in nurse.get("/api/v1/people").json()}
    assert names == {"wa-1", "wa-2"}
    assert_problem(nurse.get("/api/v1/people/wb-1/checkins"), 404, "not_found")


def test_a_patient_cannot_read_someone_elses_record(api_client: Client) -> None:
    patient = api_client("patient-a")
    assert patient.get("/api/v1/people/wa-1").status_code == 200
    assert_problem(patient.get("/api/v1/people/wa-2"), 404, "not_found")
    assert_problem(patient.get("/api/v1/people/wa-2/checkins"), 404, "not_found")


def test_a_patient_cannot_list_alerts(api_client: Client) -> None:
    assert_problem(api_client("patient-a").get("/api/v1/alerts"), 403, "forbidden")


def test_a_write_without_the_csrf_header_is_refused_and_stores_nothing(
    api_client: Client,
) -> None:
    patient = api_client("patient-a2")
    before = len(patient.get("/api/v1/people/wa-2/checkins").json())
    token = patient.headers.pop("X-CSRF-Token")
    reply = patient.post("/api/v1/people/wa-2/checkins", json={"text": "tired today"})
    assert_problem(reply, 403, "csrf_failed")
    reply = patient.post(
        "/api/v1/people/wa-2/checkins",
        json={"text": "tired today"},
        headers={"X-CSRF-Token": token + "x"},
    )
    assert_problem(reply, 403, "csrf_failed")
    assert len(patient.get("/api/v1/people/wa-2/checkins").json()) == before


def test_a_checkin_is_stored_once_per_idempotency_key(api_client: Client) -> None:
    patient = api_client("patient-a2")
    payload = {"idempotency_key": "api-test-1", "text": "A little tired, otherwise well."}
    first = patient.post("/api/v1/people/wa-2/checkins", json=payload)
    again = patient.post("/api/v1/people/wa-2/checkins", json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    ids = [c["id"] for c in patient.get("/api/v1/people/wa-2/checkins").json()]
    assert ids.count(first.json()["id"]) == 1


def test_a_bad_checkin_names_the_field(api_client: Client) -> None:
    reply = api_client("patient-a2").post(
        "/api/v1/people/wa-2/checkins", json={"text": "hot", "temperature_c": 99}
    )
    body = assert_problem(reply, 422, "invalid_input")
    assert body["field"] == "temperature_c"


def test_a_clinician_acknowledges_an_alert_once(api_client: Client) -> None:
    nurse = api_client("nurse-b")
    [alert] = [a for a in nurse.get("/api/v1/alerts").json() if a["pseudonym"] == "wb-2"]
    reply = nurse.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={"note": "called"})
    assert reply.status_code == 200, reply.text
    assert (reply.json()["status"], reply.json()["acknowledged_note"]) == ("acknowledged", "called")
    again = nurse.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={})
    assert_problem(again, 409, "conflict")
    other_team = api_client("nurse-a").post(
        f"/api/v1/alerts/{alert['id']}/resolve", json={"note": "x"}
    )
    assert_problem(other_team, 404, "not_found")


def test_failed_sign_ins_are_rate_limited_per_account(api_client: Client) -> None:
    client = api_client()
    for _ in range(5):
        reply = client.post("/api/v1/session", json={"username": "ratelimited", "password": "no"})
        assert reply.status_code == 401
    blocked = client.post(
        "/api/v1/session", json={"username": "ratelimited", "password": "test-password-123"}
    )
    assert_problem(blocked, 429, "rate_limited")
    assert int(blocked.headers["Retry-After"]) > 0


def test_an_admin_creates_accounts_and_others_cannot(api_client: Client) -> None:
    admin = api_client("admin")
    reply = admin.post(
        "/api/v1/users",
        json={
            "username": "New-Nurse",
            "password": "test-password-123",
            "role": "clinician",
            "care_team": "Team A",
        },
    )
    assert reply.status_code == 201, reply.text
    assert reply.json() == {
        "username": "new-nurse",
        "role": "clinician",
        "display_name": "new-nurse",
        "pseudonym": None,
        "care_team": "Team A",
    }
    names = {p["pseudonym"] for p in api_client("new-nurse").get("/api/v1/people").json()}
    assert names == {"wa-1", "wa-2"}
    duplicate = admin.post(
        "/api/v1/users",
        json={"username": "new-nurse", "password": "a long enough password", "role": "admin"},
    )
    assert_problem(duplicate, 409, "conflict")
    no_person = admin.post(
        "/api/v1/users",
        json={"username": "lost", "password": "a long enough password", "role": "patient"},
    )
    assert assert_problem(no_person, 422, "invalid_input")["field"] == "person_id"
    nurse = api_client("nurse-a").post(
        "/api/v1/users",
        json={"username": "sneaky", "password": "a long enough password", "role": "admin"},
    )
    assert_problem(nurse, 403, "forbidden")


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=_json)
def test_any_json_body_gets_an_answer_or_a_4xx_problem_never_a_500(
    api_client: Client, body: object
) -> None:
    reply = api_client().post("/api/v1/assess", json=body)
    assert reply.status_code in (200, 400, 422), reply.text
    if reply.status_code != 200:
        assert reply.headers["content-type"] == "application/problem+json"


def test_signing_out_over_the_api_ends_the_session(api_client: Client) -> None:
    patient = api_client("patient-a")
    assert patient.delete("/api/v1/session").status_code == 204
    assert_problem(patient.get("/api/v1/people/wa-1"), 401, "not_signed_in")
