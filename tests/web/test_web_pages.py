"""Server-rendered pages over HTTP (no browser): escaping, cookies, CSRF on forms, the PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

PASSWORD = "test-password-123"
SCRIPT = '<script>alert("x")</script>'


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "the page has no CSRF field"
    return found.group(1)


@contextmanager
def browser_like(web_server: str, username: str) -> Iterator[httpx.Client]:
    """A client that signs in through the sign-in form, as a browser would."""
    with httpx.Client(base_url=web_server, timeout=30) as client:
        token = csrf_of(client.get("/login"))
        reply = client.post(
            "/login", data={"csrf_token": token, "username": username, "password": PASSWORD}
        )
        assert reply.status_code == 303, reply.text
        yield client


@pytest.fixture
def patient(web_server: str) -> Iterator[httpx.Client]:
    with browser_like(web_server, "patient-a") as client:
        yield client


def test_home_page_uses_the_design_system_and_names_the_emergency_number(
    web_server: str,
) -> None:
    page = httpx.get(web_server + "/")
    assert page.status_code == 200
    assert "/static/uswds/css/uswds.min.css" in page.text
    assert "call 999" in page.text.lower()
    assert httpx.get(web_server + "/static/uswds/css/uswds.min.css").status_code == 200


def test_pages_send_security_headers(web_server: str) -> None:
    page = httpx.get(web_server + "/assess")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_session_cookie_is_httponly_and_samesite(web_server: str) -> None:
    with httpx.Client(base_url=web_server) as client:
        token = csrf_of(client.get("/login"))
        reply = client.post(
            "/login", data={"csrf_token": token, "username": "patient-a", "password": PASSWORD}
        )
    cookie = next(
        v
        for k, v in reply.headers.multi_items()
        if k == "set-cookie" and v.startswith("mbcwatch_session=")
    )
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()


def test_a_form_post_without_the_csrf_token_is_refused(patient: httpx.Client) -> None:
    reply = patient.post("/check-in", data={"text": "my back hurts"})
    assert reply.status_code == 403
    assert "security token" in reply.text


def test_a_forged_csrf_cookie_is_refused(web_server: str) -> None:
    with httpx.Client(base_url=web_server) as client:
        client.cookies.set("mbcwatch_csrf", "forged")
        reply = client.post("/assess", data={"csrf_token": "forged", "text": "headache"})
    assert reply.status_code == 403


def test_stored_script_shows_as_text_on_every_page(patient: httpx.Client) -> None:
    form = patient.get("/check-in")
    reply = patient.post(
        "/check-in",
        data={
            "csrf_token": csrf_of(form),
            "text": f"My back hurts {SCRIPT}",
            "idempotency_key": "escape-test",
        },
    )
    assert reply.status_code == 303
    result = patient.get(reply.headers["location"])
    diary = patient.get("/people/wa-1")
    for page in (result, diary):
        assert page.status_code == 200
        assert SCRIPT not in page.text
        assert "&lt;script&gt;alert(" in page.text


def test_the_unstored_check_in_escapes_too(web_server: str) -> None:
    with httpx.Client(base_url=web_server) as client:
        token = csrf_of(client.get("/assess"))
        page = client.post("/assess", data={"csrf_token": token, "text": f"headache {SCRIPT}"})
    assert page.status_code == 200
    assert SCRIPT not in page.text
    assert "This result was not stored." in page.text


def test_a_bad_measurement_shows_the_form_again_with_the_field_named(web_server: str) -> None:
    with httpx.Client(base_url=web_server) as client:
        token = csrf_of(client.get("/assess"))
        page = client.post(
            "/assess", data={"csrf_token": token, "text": "I feel hot", "temperature_c": "hot"}
        )
    assert page.status_code == 422
    assert 'href="#temperature_c"' in page.text
    assert "I feel hot" in page.text  # nothing the person typed is lost


def test_signed_out_visitors_are_sent_to_sign_in(web_server: str) -> None:
    reply = httpx.get(web_server + "/people/wa-1", follow_redirects=False)
    assert (reply.status_code, reply.headers["location"]) == (303, "/login?next=/people/wa-1")


def test_a_patient_gets_not_found_for_another_persons_pages(patient: httpx.Client) -> None:
    for path in ("/people/wa-2", "/people/wa-2/summary.pdf", "/people/wb-1/checkins/1"):
        assert patient.get(path).status_code == 404, path


def test_a_patient_cannot_open_the_worklist(patient: httpx.Client) -> None:
    assert patient.get("/worklist").status_code == 403


def test_the_summary_is_a_pdf(web_server: str) -> None:
    with browser_like(web_server, "nurse-b") as nurse:
        reply = nurse.get("/people/wb-2/summary.pdf")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF")


def test_signing_out_ends_the_session(web_server: str) -> None:
    with browser_like(web_server, "patient-a") as client:
        token = csrf_of(client.get("/check-in"))
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
        assert client.get("/check-in", follow_redirects=False).status_code == 303


def test_every_view_of_a_persons_pages_is_audited(web_server: str, web_database: str) -> None:
    from sqlalchemy import select

    from mbcwatch.monitor.db import session_scope
    from mbcwatch.monitor.models import AuditEvent, Person

    def reads() -> int:
        with session_scope(web_database) as session:
            person_id = session.scalar(select(Person.id).where(Person.pseudonym == "wb-2"))
            events = session.scalars(
                select(AuditEvent).where(
                    AuditEvent.actor == "clinician:nurse-b", AuditEvent.person_id == person_id
                )
            )
            return len(list(events))

    with browser_like(web_server, "nurse-b") as nurse:
        for path in ("/people/wb-2", "/people/wb-2/summary.pdf", "/api/v1/people/wb-2"):
            before = reads()
            assert nurse.get(path).status_code == 200, path
            assert reads() > before, path


def test_a_fever_during_chemotherapy_on_the_public_form_is_an_emergency(web_server: str) -> None:
    """The temperature box and the treatment answers reach the assessment (NICE NG151)."""
    with httpx.Client(base_url=web_server) as client:
        token = csrf_of(client.get("/assess"))
        page = client.post(
            "/assess",
            data={
                "csrf_token": token,
                "text": "I feel shivery and unwell.",
                "temperature_c": "38.6",
                "treatments": "chemotherapy",
                "days_since_last_chemotherapy": "7",
            },
        )
    assert page.status_code == 200
    assert 'data-urgency="emergency"' in page.text
    assert "38.6 °C." in page.text  # the temperature, said in words, is part of what was read


def test_a_clinician_resolves_an_alert_and_marks_a_baseline_with_forms(web_server: str) -> None:
    with (
        browser_like(web_server, "nurse-a") as nurse,
        browser_like(web_server, "patient-a2") as patient,
    ):
        form = patient.get("/check-in")
        reply = patient.post(
            "/check-in",
            data={
                "csrf_token": csrf_of(form),
                "idempotency_key": "baseline-form-test",
                "text": "My lower back pain has been getting worse for three weeks.",
            },
        )
        assert reply.status_code == 303
        alerts = [a for a in nurse.get("/api/v1/alerts").json() if a["pseudonym"] == "wa-2"]
        assert alerts, "the check-in should have raised an alert"
        diary = nurse.get("/people/wa-2")
        token = csrf_of(diary)
        refused = nurse.post(
            f"/alerts/{alerts[0]['id']}/resolve", data={"csrf_token": token, "note": "  "}
        )
        assert refused.status_code == 422
        assert "say how the alert was resolved" in refused.text
        done = nurse.post(
            f"/alerts/{alerts[0]['id']}/resolve",
            data={"csrf_token": token, "note": "Phoned; MRI booked"},
        )
        assert (done.status_code, done.headers["location"]) == (303, "/people/wa-2")
        resolved = nurse.get("/api/v1/alerts?status=resolved").json()
        assert any(
            a["id"] == alerts[0]["id"] and a["resolved_note"] == "Phoned; MRI booked"
            for a in resolved
        )
        marked = nurse.post(
            "/people/wa-2/baseline",
            data={
                "csrf_token": token,
                "symptom_id": "back_pain",
                "severity": "mild",
                "note": "known",
            },
        )
        assert marked.status_code == 303
        assert "back pain (mild)" in nurse.get("/people/wa-2").text
        assert (
            patient.post(
                "/people/wa-2/baseline",
                data={"csrf_token": csrf_of(form), "symptom_id": "back_pain"},
            ).status_code
            == 403
        )


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:x"])
def test_sign_in_never_redirects_off_site(web_server: str, target: str) -> None:
    with httpx.Client(base_url=web_server) as client:
        token = csrf_of(client.get("/login", params={"next": target}))
        reply = client.post(
            "/login",
            data={
                "csrf_token": token,
                "username": "patient-a",
                "password": PASSWORD,
                "next": target,
            },
        )
    assert (reply.status_code, reply.headers["location"]) == (303, "/check-in")


def test_session_cookie_is_secure_in_production(web_database: str) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from mbcwatch.settings import Settings
    from mbcwatch.web import create_app

    settings = Settings(
        environment="production",
        database_url=web_database,
        secret_key="a-production-secret-for-this-test",
    )
    app = create_app(settings)

    async def sign_in() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
            return await client.post(
                "/api/v1/session", json={"username": "nurse-a", "password": PASSWORD}
            )

    # Its own thread: Playwright's sync API may already run an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as worker:
        reply = worker.submit(asyncio.run, sign_in()).result()
    assert reply.status_code == 200
    cookies = [v.lower() for k, v in reply.headers.multi_items() if k == "set-cookie"]
    assert all("; secure" in c and "httponly" in c for c in cookies), cookies


def test_the_sign_in_page_says_when_attempts_are_rate_limited(web_server: str) -> None:
    with httpx.Client(base_url=web_server) as client:
        token = csrf_of(client.get("/login"))
        attempt = {"csrf_token": token, "username": "nobody-here", "password": "wrong"}
        statuses = [client.post("/login", data=attempt).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_a_clinician_sees_only_their_own_teams_people_and_alerts(web_server: str) -> None:
    with browser_like(web_server, "nurse-a") as nurse:
        worklist = nurse.get("/worklist")
        assert worklist.status_code == 200
        assert "wb-1" not in worklist.text
        assert "wb-2" not in worklist.text
        assert nurse.get("/people/wb-1").status_code == 404
        assert nurse.get("/people/wa-1").status_code == 200


def test_a_stored_result_gives_the_emergency_number_of_the_persons_locale(
    web_server: str, web_database: str
) -> None:
    from mbcwatch.monitor import record_checkin
    from mbcwatch.monitor.db import session_scope
    from mbcwatch.monitor.models import Person

    with session_scope(web_database) as session:
        person = session.query(Person).filter_by(pseudonym="wa-1").one()
        person.locale = "US"
    try:
        with session_scope(web_database) as session:
            result = record_checkin(
                session,
                pseudonym="wa-1",
                actor="test",
                checkin={
                    "idempotency_key": "locale-test",
                    "text": "My legs went weak and numb today and I cannot walk.",
                },
            )
        with browser_like(web_server, "patient-a") as patient:
            page = patient.get(f"/people/wa-1/checkins/{result.checkin.id}")
        assert 'data-urgency="emergency"' in page.text
        assert 'href="tel:911"' in page.text
        assert 'href="tel:999"' not in page.text
    finally:
        with session_scope(web_database) as session:
            session.query(Person).filter_by(pseudonym="wa-1").one().locale = "GB"


def test_a_carers_check_in_about_she_counts_as_the_patients(web_server: str) -> None:
    """A carer account writes "she": the words are the person's, so this is an emergency."""
    with browser_like(web_server, "carer-b") as carer:
        form = carer.get("/check-in")
        reply = carer.post(
            "/check-in",
            data={
                "csrf_token": csrf_of(form),
                "idempotency_key": "carer-third-person",
                "text": "She cannot walk and her legs are numb.",
            },
        )
        page = carer.get(reply.headers["location"])
    assert 'data-urgency="emergency"' in page.text


@pytest.mark.parametrize(("writer", "emergency"), [("carer", True), ("patient", False)])
def test_the_public_form_asks_who_the_words_are_about(
    web_server: str, writer: str, emergency: bool
) -> None:
    """ "Mum coughed up blood" is the patient's when a carer writes it, someone else's otherwise."""
    with httpx.Client(base_url=web_server) as client:
        token = csrf_of(client.get("/assess"))
        page = client.post(
            "/assess",
            data={"csrf_token": token, "writer": writer, "text": "Mum coughed up blood tonight."},
        )
    assert page.status_code == 200
    assert ('data-urgency="emergency"' in page.text) is emergency
