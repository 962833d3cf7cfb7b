"""``mbcwatch diary ...`` and ``mbcwatch db upgrade`` through click's CliRunner, on SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mbcwatch.cli import main
from mbcwatch.monitor.db import get_engine


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = CliRunner().invoke(main, ["db", "--database", url, "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.output == "database at revision 0003\n"
    yield url
    get_engine(url).dispose()


def diary(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["diary", "--database", url, *args])


@pytest.fixture
def person(database: str) -> str:
    result = diary(database, "add-person", "p-001", "--metastatic", "yes", "--site", "bone",
                   "--treatment", "chemotherapy:2026-01-05", "--care-team", "Ward 7")  # fmt: skip
    assert (result.exit_code, result.output) == (0, "added p-001\n")
    return database


def test_commands_before_the_schema_exists_say_how_to_create_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    result = diary(url, "alerts")
    assert result.exit_code == 1
    assert "Error: the database has no diary tables yet; run `mbcwatch db upgrade`" in result.stderr
    get_engine(url).dispose()


def test_check_in_prints_urgency_alert_and_id_and_a_retry_is_stored_once(person: str) -> None:
    first = diary(person, "checkin", "p-001", "I coughed up blood this morning", "--key", "k1",
                  "--at", "2026-03-02T09:00:00Z")  # fmt: skip
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert lines[0].startswith("check-in 1 stored; urgency: ")
    assert lines[1].startswith("alert: #1 [")
    assert "not a diagnosis" in first.output.lower()
    again = diary(person, "checkin", "p-001", "I coughed up blood this morning", "--key", "k1")
    assert again.output.splitlines()[0].startswith("check-in 1 already stored (same key)")


def test_check_in_from_a_json_file(person: str, tmp_path: Path) -> None:
    entry = tmp_path / "entry.json"
    answers = {"symptoms": [{"id": "fatigue", "severity": "mild"}], "weight_kg": 61.5}
    entry.write_text(json.dumps(answers | {"recorded_at": "2026-03-02T09:00:00Z"}))
    result = diary(person, "checkin", "p-001", "--json", str(entry), "--output", "json")
    assert result.exit_code == 0, result.output
    stored = json.loads(result.output)
    assert stored["created"] is True
    assert stored["checkin"]["weight_kg"] == 61.5
    assert stored["checkin"]["answers"] == [{"id": "fatigue", "severity": "mild"}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["checkin", "nobody", "sore back"], "Error: person: no person with id 'nobody'"),
        (["checkin", "p-001", "sore back", "--weight", "-3"], "Error: weight_kg:"),
        (["checkin", "p-001", "sore back", "--at", "2099-01-01T00:00:00Z"], "Error: recorded_at:"),
        (["checkin", "p-001", "--json", "missing.json"], "Error: json: cannot read missing.json"),
        (["ack", "42", "--by", "nurse A"], "Error: alert: no alert with id 42"),
        (["baseline", "p-001", "fatigue", "--by", "Dr B", "--severity", "awful"],
         "Error: severity: unknown severity 'awful'"),
        (["add-person", "p-001"], "Error: pseudonym: a person with id 'p-001' already exists"),
    ],
)  # fmt: skip
def test_bad_input_prints_an_error_exits_1_and_stores_nothing(
    person: str, args: list[str], message: str
) -> None:
    result = diary(person, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output
    listed = diary(person, "export", "p-001")
    assert json.loads(listed.output)["checkins"] == []


def test_alerts_are_listed_acknowledged_and_resolved(person: str) -> None:
    diary(person, "checkin", "p-001", "I coughed up blood this morning")
    listed = diary(person, "alerts")
    assert listed.output.startswith("#1 [")
    acked = diary(person, "ack", "1", "--by", "nurse A", "--note", "calling her")
    assert acked.exit_code == 0
    assert "acknowledged" in acked.output
    assert diary(person, "alerts").output == "no open alerts\n"
    resolved = diary(person, "resolve", "1", "--by", "Dr B", "--note", "seen today")
    assert resolved.exit_code == 0
    (alert,) = json.loads(diary(person, "alerts", "--status", "all", "--output", "json").output)
    assert (alert["status"], alert["acknowledged_by"], alert["resolved_note"]) == (
        "resolved", "nurse A", "seen today"
    )  # fmt: skip


def test_baseline_and_missed_check_ins(person: str) -> None:
    marked = diary(person, "baseline", "p-001", "fatigue", "--by", "Dr B", "--severity", "mild")
    assert marked.output == "fatigue marked as baseline for p-001\n"
    missed = diary(person, "missed", "--now", "2099-01-01T00:00:00Z")
    assert missed.output.endswith("1 missed check-in alert(s) raised\n")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_another_database_gives_the_same_record(
    person: str, tmp_path: Path, fmt: str
) -> None:
    diary(person, "checkin", "p-001", "tired and my back aches", "--weight", "60.5")
    diary(person, "baseline", "p-001", "fatigue", "--by", "Dr B")
    out = tmp_path / ("p-001.json" if fmt == "json" else "p-001-csv")
    exported = diary(person, "export", "p-001", "--format", fmt, "--out", str(out))
    assert exported.exit_code == 0, exported.output
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    CliRunner().invoke(main, ["db", "--database", other, "upgrade"])
    imported = diary(other, "import", str(out))
    assert imported.output == "imported p-001\n"
    assert diary(other, "export", "p-001").output == diary(person, "export", "p-001").output
    get_engine(other).dispose()


def test_a_malformed_database_url_is_a_clear_error() -> None:
    result = diary("not a url", "alerts")
    assert result.exit_code == 1
    assert result.stderr == "Error: database: not a database URL: 'not a url'\n"


def test_an_unreachable_database_is_a_clear_error_not_a_traceback() -> None:
    result = diary("postgresql+psycopg://nobody@127.0.0.1:1/none", "alerts")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: database: ")
    assert "Traceback" not in result.output


def test_bench_prints_the_diary_beside_the_assess_only_baseline_on_the_same_check_ins() -> None:
    result = CliRunner().invoke(main, ["diary", "bench", "--seed", "3", "--people", "3"])
    assert result.exit_code == 0, result.output
    header, baseline, measured = result.output.splitlines()
    assert header.split() == ["run", "check-ins", "seconds", "per", "second", "ms", "each"]
    assert baseline.startswith("assess-only (baseline)")
    assert measured.startswith("diary (record_checkin)")
    assert baseline.split()[2] == measured.split()[2]  # the same number of check-ins
