"""Shared fixtures for every test area (one conftest, per house style)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mbcwatch.kb import KnowledgeBase
    from mbcwatch.nlp.findings import Finding

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared/ folder beside the repository (seed articles, external data)."""
    return SHARED


# --- Monitor (diary) area: one fresh database per test, on SQLite and on PostgreSQL ----------


def _postgres_schema_url(base: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_diary_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database holding no tables: an SQLite file, or a PostgreSQL schema of its own.

    PostgreSQL needs MBCWATCH_TEST_POSTGRES_URL; without it the test skips, unless
    MBCWATCH_REQUIRE_POSTGRES=1 (CI), where it fails.
    """
    import os
    import uuid

    from sqlalchemy import create_engine, text

    from mbcwatch.monitor.db import get_engine

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
        yield url
        get_engine(url).dispose()
        return
    base = os.environ.get("MBCWATCH_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("MBCWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail("MBCWATCH_REQUIRE_POSTGRES=1 but MBCWATCH_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured: set MBCWATCH_TEST_POSTGRES_URL to run this test")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _postgres_schema_url(base, schema)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def diary_url(empty_diary_url: str) -> str:
    """An empty diary database upgraded to the newest schema (SQLite and PostgreSQL)."""
    from mbcwatch.monitor.db import upgrade_database

    upgrade_database(empty_diary_url)
    return empty_diary_url


# --- Web area: one real uvicorn server and one Chromium per test session ---------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
WEB_PASSWORD = "test-password-123"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def web_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A temporary SQLite database with two care teams, their people and accounts.

    Team A: nurse-a; patient-a (person wa-1), patient-a2 (wa-2).
    Team B: nurse-b; carer-b for wb-1, and wb-2 who already has an urgent alert.
    """
    from sqlalchemy import select

    from mbcwatch.accounts.models import Role
    from mbcwatch.accounts.schema import upgrade_all
    from mbcwatch.accounts.service import create_user
    from mbcwatch.monitor import add_care_team, add_person, record_checkin
    from mbcwatch.monitor.db import session_scope
    from mbcwatch.monitor.models import Person

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}"
    upgrade_all(url)
    with session_scope(url) as session:
        teams = {
            name: add_care_team(session, name=f"Team {name}", actor="test").id
            for name in ("A", "B")
        }
        people = {"wa-1": "A", "wa-2": "A", "wb-1": "B", "wb-2": "B"}
        ids = {}
        for pseudonym, team in people.items():
            add_person(
                session,
                person={"pseudonym": pseudonym, "metastatic": "yes", "care_team": f"Team {team}"},
                actor="test",
            )
            ids[pseudonym] = session.scalar(select(Person.id).where(Person.pseudonym == pseudonym))
        accounts = [
            ("nurse-a", Role.CLINICIAN, None, teams["A"]),
            ("nurse-b", Role.CLINICIAN, None, teams["B"]),
            ("patient-a", Role.PATIENT, ids["wa-1"], None),
            ("patient-a2", Role.PATIENT, ids["wa-2"], None),
            ("carer-b", Role.CARER, ids["wb-1"], None),
            ("ratelimited", Role.PATIENT, ids["wa-2"], None),
            ("admin", Role.ADMIN, None, None),
        ]
        for username, role, person_id, team_id in accounts:
            create_user(
                session,
                username=username,
                password=WEB_PASSWORD,
                role=role,
                person_id=person_id,
                care_team_id=team_id,
            )
    with session_scope(url) as session:
        record_checkin(
            session,
            pseudonym="wb-2",
            checkin={"text": "I have had a new cough for three weeks and I feel breathless."},
            actor="test",
        )
    return url


@pytest.fixture(scope="session")
def web_server(web_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``mbcwatch serve`` (uvicorn) on a free port of 127.0.0.1; yields its base URL."""
    import os
    import subprocess
    import sys
    import time

    import httpx

    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {
        **os.environ,
        "MBCWATCH_DATABASE_URL": web_database,
        "MBCWATCH_ENVIRONMENT": "test",
        "MBCWATCH_SECRET_KEY": "test-secret-key-for-the-web-tests",
    }
    command = [sys.executable, "-c", "from mbcwatch.cli import main; main()", "serve"]
    with log.open("w") as output:
        server = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"the web server exited early:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the web server did not start in 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def base_url(web_server: str) -> str:
    """pytest-playwright's base URL: the live test server."""
    return web_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium (Playwright's own browser download does not work here).

    Without it the browser tests skip, unless MBCWATCH_REQUIRE_BROWSER=1 (CI), where they fail.
    """
    import os

    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium chromium-driver"
        if os.environ.get("MBCWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MBCWATCH_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots of each browser journey (gitignored test-artifacts/)."""
    folder = REPO / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def api_client(web_server: str) -> Iterator[object]:
    """Signs in over the API: ``api_client("nurse-a")`` is an httpx.Client holding the session
    cookie, with the CSRF token already in its ``X-CSRF-Token`` header."""
    import httpx

    clients: list[httpx.Client] = []

    def signed_in(username: str | None = None) -> httpx.Client:
        client = httpx.Client(base_url=web_server, timeout=30)
        clients.append(client)
        if username is not None:
            reply = client.post(
                "/api/v1/session", json={"username": username, "password": WEB_PASSWORD}
            )
            assert reply.status_code == 200, reply.text
            client.headers["X-CSRF-Token"] = reply.json()["csrf_token"]
        return client

    yield signed_in
    for client in clients:
        client.close()


# --- Knowledge-base area: the packaged knowledge base, and editable copies of its files ------


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The packaged knowledge base, loaded and cross-checked once."""
    from mbcwatch.kb import load_kb

    return load_kb()


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A folder holding a copy of every packaged knowledge-base file, free to break."""
    from mbcwatch.kb.load import FILES, data_dir

    folder = tmp_path / "kb-data"
    folder.mkdir()
    for file_name in FILES:
        (folder / file_name).write_bytes(data_dir().joinpath(file_name).read_bytes())
    return folder


# --- Triage area: findings built by hand, so rules are tested apart from free-text reading ----


@pytest.fixture
def make_finding() -> Callable[..., Finding]:
    """Build a Finding for a knowledge-base symptom id; keywords set its context and modifiers."""
    from mbcwatch.nlp.findings import Finding

    def build(symptom_id: str, **fields: Any) -> Finding:
        text = fields.pop("text", symptom_id.replace("_", " "))
        return Finding(symptom_id=symptom_id, hpo=None, text=text, start=0, end=len(text), **fields)

    return build


# --- NLP area: the lay dev set and the external NegEx file (read in place, never copied) ---------


@pytest.fixture(scope="session")
def nlp_dev_set() -> Path:
    """The lay-language development set the reader is scored on (evals/nlp/dev.jsonl)."""
    return REPO / "evals" / "nlp" / "dev.jsonl"


@pytest.fixture(scope="session")
def negex_dev_file() -> Path:
    """The NegEx development half in ../shared/external/negex/; skips when it is not there."""
    path = SHARED / "external" / "negex" / "negex_dev.tsv"
    if not path.is_file():
        pytest.skip(f"NegEx data not found at <repo>/../shared/external/negex/{path.name}")
    return path
