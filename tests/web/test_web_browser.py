"""Journeys in Debian Chromium (Playwright) against the live server, each checked with axe-core
for serious or critical accessibility violations and saved as a screenshot in test-artifacts/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "test-password-123"
EMERGENCY_WORDS = (
    "My legs suddenly went weak and numb this morning, I cannot walk, "
    "and I have lost control of my bladder."
)
_axe = Axe()


def assert_accessible(page: Page) -> None:
    violations = _axe.run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: " + "; ".join(serious)


def sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def banner(page: Page) -> tuple[str | None, str]:
    locator = page.locator(".urgency-banner")
    return locator.get_attribute("data-urgency"), locator.inner_text()


def test_patient_checks_in_and_sees_urgency_and_reasons(page: Page, artifacts_dir: Path) -> None:
    sign_in(page, "patient-a")
    expect(page.get_by_role("heading", name="Tell us how you have been")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tell us how you have been").fill(
        "For three weeks I have had a pain in my lower back that is getting worse "
        "and wakes me up at night."
    )
    page.get_by_role("button", name="Send check-in").click()
    urgency, text = banner(page)
    assert urgency in {"urgent", "soon"}, text
    expect(page.locator(".reasons li").first).to_contain_text("Source:")
    expect(page.locator("mark.finding--current").first).to_be_visible()
    expect(page.locator(".disclaimer")).to_contain_text("Not a diagnosis")
    expect(page.get_by_text("Saved to the diary of wa-1")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "patient-checkin-result.png", full_page=True)
    page.get_by_role("link", name="See the diary").click()
    expect(page.get_by_role("heading", name="Diary of wa-1")).to_be_visible()
    expect(page.locator(".severity-chart").first).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "patient-diary.png", full_page=True)


def test_carer_reports_an_emergency_and_sees_the_action_first(
    page: Page, artifacts_dir: Path
) -> None:
    sign_in(page, "carer-b")
    page.get_by_label("Tell us how you have been").fill(EMERGENCY_WORDS)
    page.get_by_role("button", name="Send check-in").click()
    urgency, text = banner(page)
    assert urgency == "emergency", text
    first_in_main = page.locator("#main-content > *").first
    expect(first_in_main).to_have_class("usa-alert usa-alert--emergency urgency-banner")
    expect(first_in_main.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "carer-emergency.png", full_page=True)


def test_clinician_sees_the_emergency_at_the_top_and_acknowledges_it(
    page: Page, artifacts_dir: Path, api_client: Callable[..., httpx.Client]
) -> None:
    carer = api_client("carer-b")
    reply = carer.post(
        "/api/v1/people/wb-1/checkins",
        json={"idempotency_key": "clinician-journey", "text": EMERGENCY_WORDS},
    )
    assert reply.status_code in (200, 201), reply.text
    sign_in(page, "nurse-b")
    expect(page.get_by_role("heading", name="Worklist")).to_be_visible()
    rows = page.locator("table.worklist tbody tr")
    expect(rows.first).to_have_attribute("data-pseudonym", "wb-1")
    expect(rows.first).to_contain_text("emergency")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "clinician-worklist.png", full_page=True)
    alerts_before = rows.count()
    rows.first.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("heading", name="Worklist")).to_be_visible()
    still_open = page.locator("table.worklist tbody tr[data-pseudonym='wb-1']")
    remaining = api_client("nurse-b").get("/api/v1/alerts").json()
    open_for_wb1 = [a for a in remaining if a["pseudonym"] == "wb-1"]
    assert len(open_for_wb1) < alerts_before + 10  # sanity: the list was read
    if not open_for_wb1:
        expect(still_open).to_have_count(0)
    acknowledged = api_client("nurse-b").get("/api/v1/alerts?status=acknowledged").json()
    assert any(
        a["pseudonym"] == "wb-1" and a["acknowledged_by"] == "clinician:nurse-b"
        for a in acknowledged
    )
    page.goto("/people/wb-1")
    expect(page.get_by_role("heading", name="Diary of wb-1")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "clinician-person.png", full_page=True)


def test_the_check_in_form_works_with_the_keyboard_alone(page: Page, artifacts_dir: Path) -> None:
    page.goto("/assess")

    def tab_to(predicate: str) -> None:
        for _ in range(120):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        pytest.fail(f"could not reach {predicate} with Tab")

    tab_to("document.activeElement.id === 'text'")
    page.keyboard.type("I have a headache.")
    tab_to("document.activeElement.id === 'temperature_c'")
    page.keyboard.type("37.1")
    tab_to("document.activeElement.textContent.trim().startsWith('Back pain')")
    page.keyboard.press("Enter")  # opens the guided questions
    tab_to("document.activeElement.id === 'back_pain_severity_none'")
    page.keyboard.press("ArrowDown")  # radio group: moves to "Mild" and selects it
    assert page.evaluate("document.activeElement.id") == "back_pain_severity_mild"
    page.screenshot(path=artifacts_dir / "keyboard-checkin.png", full_page=True)
    tab_to("document.activeElement.type === 'submit'")
    page.keyboard.press("Enter")
    urgency, text = banner(page)
    assert urgency is not None, text
    expect(page.get_by_text("This result was not stored.")).to_be_visible()
    expect(page.locator(".your-words")).to_contain_text("I have a headache.")


def test_a_patient_cannot_open_another_persons_pages(page: Page, artifacts_dir: Path) -> None:
    sign_in(page, "patient-a")
    page.wait_for_url("**/check-in")
    for path in ("/people/wa-2", "/people/wb-1/checkins/1", "/worklist"):
        response = page.goto(path)
        assert response is not None
        assert response.status in (403, 404), path
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "patient-forbidden.png", full_page=True)


def test_the_public_pages_have_no_serious_accessibility_violations(
    page: Page, artifacts_dir: Path
) -> None:
    for name, path in (
        ("home", "/"),
        ("assess", "/assess"),
        ("login", "/login"),
        ("not-found", "/no-such-page"),
    ):
        page.goto(path)
        assert_accessible(page)
        page.screenshot(path=artifacts_dir / f"public-{name}.png", full_page=True)


@pytest.mark.parametrize("path", ["/assess", "result"])
def test_phone_screens_need_no_horizontal_scrolling(
    browser: Browser, base_url: str, artifacts_dir: Path, path: str
) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto("/assess")
    if path == "result":
        page.get_by_label("Tell us how you have been").fill(
            "Pain in my right side under the ribs, my belly is swollen and my eyes look yellow. "
            + "averyveryverylongwordwithoutanyspacesatallthatcouldoverflowanarrowscreen" * 2
        )
        page.get_by_role("button", name="Send check-in").click()
        expect(page.locator(".urgency-banner")).to_be_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.screenshot(path=artifacts_dir / f"phone-{path.strip('/')}.png", full_page=True)
    context.close()
    assert widths[0] <= widths[1], widths


def test_checking_in_works_without_javascript(
    browser: Browser, base_url: str, artifacts_dir: Path
) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/assess")
    page.get_by_label("Tell us how you have been").fill("I have had a cough for a month.")
    page.locator("summary", has_text="Shortness of breath").click()
    page.locator("label[for=shortness_of_breath_severity_moderate]").click()
    expect(page.locator("#shortness_of_breath_severity_moderate")).to_be_checked()
    page.get_by_role("button", name="Send check-in").click()
    urgency, text = banner(page)
    assert urgency is not None, text
    expect(page.locator(".your-words")).to_contain_text("cough for a month")
    page.screenshot(path=artifacts_dir / "no-javascript-result.png", full_page=True)
    context.close()
