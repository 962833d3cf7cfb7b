"""``mbcwatch serve --demo`` and ``mbcwatch create-admin`` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from mbcwatch.accounts import Role, User
from mbcwatch.accounts.service import sign_in
from mbcwatch.monitor.db import session_scope
from mbcwatch.monitor.models import Checkin
from mbcwatch.web.demo import DEMO_ACCOUNTS, DEMO_CHECKINS, DEMO_PASSWORD, load_demo_data

MAIN = [sys.executable, "-c", "from mbcwatch.cli import main; main()"]


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "MBCWATCH_DATABASE_URL": url, "MBCWATCH_ENVIRONMENT": "test"}


def test_demo_data_loads_twice_without_change(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    load_demo_data(url)
    load_demo_data(url)
    with session_scope(url) as session:
        assert session.scalar(select(func.count(User.id))) == len(DEMO_ACCOUNTS)
        assert session.scalar(select(func.count(Checkin.id))) == len(DEMO_CHECKINS)
        assert all(session.scalars(select(User.is_demo)))
        assert sign_in(session, username="demo-nurse", password=DEMO_PASSWORD, address="t")


def test_serve_demo_prints_the_demo_accounts_and_serves(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [*MAIN, "serve", "--demo", "--port", str(port)],
            env=environment(url),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "mbcwatch web app on" not in log.read_text():
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        printed = log.read_text()
        assert "DEMO DATA" in printed
        for account in DEMO_ACCOUNTS:
            assert account.username in printed
        for _ in range(100):
            try:
                reply = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert reply.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_create_admin_makes_an_admin_and_refuses_a_duplicate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    command = [*MAIN, "create-admin", "--username", "chief", "--password", "a long password"]
    first = subprocess.run(command, env=environment(url), capture_output=True, text=True)
    assert (first.returncode, first.stdout.strip()) == (0, "Created admin account 'chief'.")
    again = subprocess.run(command, env=environment(url), capture_output=True, text=True)
    assert again.returncode == 1
    assert again.stderr.startswith("Error: username 'chief' is already taken")
    with session_scope(url) as session:
        assert session.scalar(select(User.role).where(User.username == "chief")) == Role.ADMIN


@pytest.mark.parametrize("password", ["short"])
def test_create_admin_refuses_a_short_password(tmp_path: Path, password: str) -> None:
    url = f"sqlite:///{tmp_path / 'short.sqlite3'}"
    reply = subprocess.run(
        [*MAIN, "create-admin", "--username", "chief", "--password", password],
        env=environment(url),
        capture_output=True,
        text=True,
    )
    assert reply.returncode == 1
    assert reply.stderr.startswith("Error: password: at least")
    assert "Traceback" not in reply.stderr


def test_web_bench_prints_the_api_beside_the_library_baseline(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    reply = subprocess.run(
        [*MAIN, "web-bench", "--repeat", "1"],
        env=environment(url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert reply.returncode == 0, reply.stderr
    names = [line.split("  ")[0] for line in reply.stdout.splitlines()[1:]]
    assert names == ["library (baseline)", "POST /api/v1/assess"]
