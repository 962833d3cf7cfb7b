"""``mbcwatch diary ...`` and ``mbcwatch db ...``: the symptom diary from the command line.

A thin layer over ``mbcwatch.monitor``: each command is one transaction, and anything reported as
stored is printed only after the commit. ``--database URL`` overrides ``MBCWATCH_DATABASE_URL``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import click
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from mbcwatch import monitor
from mbcwatch.cli.jsonfile import read_json_object
from mbcwatch.errors import InputError, MbcwatchError
from mbcwatch.monitor.bench import bench
from mbcwatch.monitor.db import current_revision, session_scope, upgrade_database
from mbcwatch.monitor.schemas import AlertPublic, AlertStatus
from mbcwatch.monitor.simulate import generate, run
from mbcwatch.monitor.transfer import (
    CSV_TABLES,
    export_person,
    import_person,
    record_from_csv,
    record_to_csv,
)

DATABASE_OPTION = click.option(
    "--database", "database", default=None, metavar="URL",
    help="SQLAlchemy database URL (default: the MBCWATCH_DATABASE_URL setting).",
)  # fmt: skip
ACTOR_OPTION = click.option(
    "--as", "actor", default="cli", show_default=True, help="Who is acting (for the audit log)."
)


class DatabaseError(MbcwatchError):
    code = "database_error"


@contextmanager
def _session(ctx: click.Context) -> Iterator[Session]:
    url: str | None = ctx.find_root().meta.get("mbcwatch.database")
    try:
        revision = current_revision(url)
        if revision is None:
            raise DatabaseError(
                "the database has no diary tables yet; run `mbcwatch db upgrade` first"
            )
        with session_scope(url) as session:
            yield session
    except SQLAlchemyError as exc:
        raise DatabaseError(f"database: {getattr(exc, 'orig', None) or exc}") from None


def _remember_database(ctx: click.Context, database: str | None) -> None:
    if database:
        ctx.find_root().meta["mbcwatch.database"] = database


def _emit(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _alert_line(alert: AlertPublic) -> str:
    return (
        f"#{alert.id} [{alert.urgency}] {alert.pseudonym} ({alert.kind}, {alert.status}, "
        f"{alert.created_at:%Y-%m-%d %H:%M}): {alert.summary}"
    )


@click.group("db")
@DATABASE_OPTION
@click.pass_context
def db_group(ctx: click.Context, database: str | None) -> None:
    """The diary database's schema."""
    _remember_database(ctx, database)


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Create or upgrade the schema (example: mbcwatch db upgrade)."""
    url = ctx.find_root().meta.get("mbcwatch.database")
    try:
        upgrade_database(url, revision=revision)
        click.echo(f"database at revision {current_revision(url)}")
    except SQLAlchemyError as exc:
        raise DatabaseError(f"database: {getattr(exc, 'orig', None) or exc}") from None


@click.group("diary")
@DATABASE_OPTION
@click.pass_context
def diary_group(ctx: click.Context, database: str | None) -> None:
    """Symptom diary: people, check-ins, alerts for the care team. Not a diagnosis."""
    _remember_database(ctx, database)


@diary_group.command("add-person")
@click.argument("pseudonym")
@click.option("--metastatic", type=click.Choice(["yes", "no", "unknown"]), default="unknown")
@click.option("--site", "sites", multiple=True, help="Known metastatic site (repeatable).")
@click.option(
    "--treatment", "treatments", multiple=True, metavar="NAME[:START[:STOP]]",
    help="A treatment with optional ISO start and stop dates (repeatable).",
)  # fmt: skip
@click.option("--locale", default="GB", show_default=True)
@click.option("--age", type=int, default=None)
@click.option("--interval-days", type=int, default=7, show_default=True)
@click.option("--care-team", default=None)
@ACTOR_OPTION
@click.pass_context
def add_person_cmd(
    ctx: click.Context,
    pseudonym: str,
    metastatic: str,
    sites: tuple[str, ...],
    treatments: tuple[str, ...],
    locale: str,
    age: int | None,
    interval_days: int,
    care_team: str | None,
    actor: str,
) -> None:
    """Start monitoring someone (example: mbcwatch diary add-person p-001 --metastatic yes)."""
    parsed = []
    for entry in treatments:
        name, *dates = entry.split(":")
        started, stopped = [*dates, "", ""][:2]
        parsed.append({"name": name, "started_on": started or None, "stopped_on": stopped or None})
    data = {
        "pseudonym": pseudonym, "metastatic": metastatic, "known_sites": list(sites),
        "treatments": parsed, "locale": locale, "age": age,
        "checkin_interval_days": interval_days, "care_team": care_team,
    }  # fmt: skip
    with _session(ctx) as session:
        person = monitor.add_person(session, person=data, actor=actor)
    click.echo(f"added {person.pseudonym}")


@diary_group.command("checkin")
@click.argument("pseudonym")
@click.argument("text", required=False)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A JSON file holding the check-in (text, symptoms, weight_kg, ...).",
)
@click.option("--weight", "weight_kg", type=float, default=None, help="Weight in kg.")
@click.option("--temperature", "temperature_c", type=float, default=None, help="In Celsius.")
@click.option("--at", "recorded_at", default=None, help="ISO time with zone (default: now).")
@click.option("--key", "idempotency_key", default=None, help="Idempotency key for retries.")
@click.option("--output", type=click.Choice(["text", "json"]), default="text")
@ACTOR_OPTION
@click.pass_context
def checkin_cmd(
    ctx: click.Context,
    pseudonym: str,
    text: str | None,
    json_file: Path | None,
    weight_kg: float | None,
    temperature_c: float | None,
    recorded_at: str | None,
    idempotency_key: str | None,
    output: str,
    actor: str,
) -> None:
    """Record a check-in (example: mbcwatch diary checkin p-001 "my back hurts at night")."""
    data: dict[str, Any] = _read_json(json_file) if json_file else {}
    given = {"text": text, "weight_kg": weight_kg, "temperature_c": temperature_c,
             "recorded_at": recorded_at, "idempotency_key": idempotency_key}  # fmt: skip
    data |= {key: value for key, value in given.items() if value is not None}
    with _session(ctx) as session:
        result = monitor.record_checkin(session, pseudonym=pseudonym, checkin=data, actor=actor)
    # Only here, after the commit, is the check-in reported as stored.
    if output == "json":
        _emit(result.model_dump(mode="json"))
        return
    stored = "stored" if result.created else "already stored (same key)"
    click.echo(f"check-in {result.checkin.id} {stored}; urgency: {result.checkin.urgency}")
    click.echo(f"alert: {_alert_line(result.alert)}" if result.alert else "no alert raised")
    click.echo(result.checkin.assessment.get("disclaimer", "This is not a diagnosis."))


def _read_json(path: Path) -> dict[str, Any]:
    return read_json_object(path, field="json", prefix="json: ")


@diary_group.command("alerts")
@click.option(
    "--status",
    type=click.Choice(["open", "acknowledged", "resolved", "all"]),
    default="open",
    show_default=True,
)
@click.option("--person", "pseudonym", default=None)
@click.option("--output", type=click.Choice(["text", "json"]), default="text")
@ACTOR_OPTION
@click.pass_context
def alerts_cmd(
    ctx: click.Context, status: str, pseudonym: str | None, output: str, actor: str
) -> None:
    """List alerts, most urgent first (example: mbcwatch diary alerts --status open)."""
    chosen = None if status == "all" else cast(AlertStatus, status)
    with _session(ctx) as session:
        alerts = monitor.list_alerts(
            session,
            status=chosen,
            pseudonym=pseudonym,
            actor=actor,
        )
    if output == "json":
        _emit([alert.model_dump(mode="json") for alert in alerts])
        return
    for alert in alerts:
        click.echo(_alert_line(alert))
    if not alerts:
        click.echo(f"no {status} alerts")


@diary_group.command("ack")
@click.argument("alert_id", type=int)
@click.option("--by", required=True, help="Who acknowledges.")
@click.option("--note", default=None)
@click.pass_context
def ack_cmd(ctx: click.Context, alert_id: int, by: str, note: str | None) -> None:
    """Acknowledge an alert (example: mbcwatch diary ack 3 --by "nurse A" --note "calling")."""
    with _session(ctx) as session:
        alert = monitor.acknowledge_alert(session, alert_id=alert_id, by=by, note=note)
    click.echo(f"acknowledged {_alert_line(alert)}")


@diary_group.command("resolve")
@click.argument("alert_id", type=int)
@click.option("--by", required=True, help="Who resolves.")
@click.option("--note", required=True, help="What was done.")
@click.pass_context
def resolve_cmd(ctx: click.Context, alert_id: int, by: str, note: str) -> None:
    """Resolve an alert (example: mbcwatch diary resolve 3 --by "Dr B" --note "scan booked")."""
    with _session(ctx) as session:
        alert = monitor.resolve_alert(session, alert_id=alert_id, by=by, note=note)
    click.echo(f"resolved {_alert_line(alert)}")


@diary_group.command("baseline")
@click.argument("pseudonym")
@click.argument("symptom_id")
@click.option("--by", required=True, help="The clinician marking it.")
@click.option("--severity", default=None, help="mild, moderate, severe or very_severe.")
@click.option("--note", default=None)
@click.pass_context
def baseline_cmd(
    ctx: click.Context, pseudonym: str, symptom_id: str, by: str, severity: str | None,
    note: str | None,
) -> None:  # fmt: skip
    """Mark a known symptom (example: mbcwatch diary baseline p-001 fatigue --by "Dr B")."""
    with _session(ctx) as session:
        monitor.mark_baseline(
            session, pseudonym=pseudonym, symptom_id=symptom_id, severity=severity, by=by,
            note=note,
        )  # fmt: skip
    click.echo(f"{symptom_id} marked as baseline for {pseudonym}")


@diary_group.command("missed")
@click.option("--now", "now_text", default=None, help="ISO time with zone (default: now).")
@ACTOR_OPTION
@click.pass_context
def missed_cmd(ctx: click.Context, now_text: str | None, actor: str) -> None:
    """Raise alerts for overdue scheduled check-ins (example: mbcwatch diary missed)."""
    now = _parse_time(now_text, field="now") if now_text else None
    with _session(ctx) as session:
        alerts = monitor.scan_missed_checkins(session, now=now, actor=actor)
    for alert in alerts:
        click.echo(_alert_line(alert))
    click.echo(f"{len(alerts)} missed check-in alert(s) raised")


def _parse_time(text: str, *, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field}: not an ISO time: {text!r}", field=field) from None
    if moment.tzinfo is None:
        raise InputError(f"{field}: give a timezone, e.g. {text}Z", field=field)
    return moment


@diary_group.command("export")
@click.argument("pseudonym")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="File (JSON) or folder (CSV); JSON goes to standard output by default.",
)
@ACTOR_OPTION
@click.pass_context
def export_cmd(ctx: click.Context, pseudonym: str, fmt: str, out: Path | None, actor: str) -> None:
    """Export one person's full record (example: mbcwatch diary export p-001 --out p-001.json)."""
    with _session(ctx) as session:
        record = export_person(session, pseudonym=pseudonym, actor=actor)
    if fmt == "json":
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        if out is None:
            click.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
            click.echo(f"wrote {out}")
        return
    if out is None:
        raise InputError("out: CSV export needs --out FOLDER", field="out")
    out.mkdir(parents=True, exist_ok=True)
    for name, text in record_to_csv(record).items():
        (out / f"{name}.csv").write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(CSV_TABLES)} CSV files to {out}")


@diary_group.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@ACTOR_OPTION
@click.pass_context
def import_cmd(ctx: click.Context, path: Path, actor: str) -> None:
    """Import a record exported as JSON (a file) or CSV (a folder)."""
    if path.is_dir():
        texts = {
            name: (path / f"{name}.csv").read_text(encoding="utf-8")
            for name in CSV_TABLES
            if (path / f"{name}.csv").is_file()
        }
        record = record_from_csv(texts)
    else:
        record = _read_json(path)
    with _session(ctx) as session:
        person = import_person(session, record=record, actor=actor)
    click.echo(f"imported {person.pseudonym}")


@diary_group.command("simulate")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--people", type=click.IntRange(1, 2000), default=60, show_default=True)
@click.option(
    "--histories",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the generated diaries here (JSON lines).",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Accepted figures (JSON) to print beside this run's.",
)
@click.option("--output", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def simulate_cmd(
    ctx: click.Context, seed: int, people: int, histories: Path | None, baseline: Path | None,
    output: str,
) -> None:  # fmt: skip
    """Alert rate on simulated diaries from a seed (example: mbcwatch diary simulate --seed 7).

    Runs on a throwaway SQLite database unless --database is given.
    """
    simulated = generate(seed=seed, people=people)
    if histories is not None:
        lines = (person.model_dump_json() for person in simulated)
        histories.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    url = ctx.find_root().meta.get("mbcwatch.database")
    report = run(simulated, seed=seed, url=url).model_dump()
    if output == "json":
        _emit(report)
        return
    accepted = _read_json(baseline) if baseline else {}
    click.echo(f"{'figure':<32}{'this run':>14}{'baseline':>14}")
    for name, value in report.items():
        if isinstance(value, dict):
            continue
        click.echo(f"{name:<32}{value!s:>14}{accepted.get(name, '-')!s:>14}")
    for name in (
        "days_from_first_sign_to_alert",
        "checkins_by_urgency",
        "alerts_by_pattern",
        "alert_rate_by_archetype",
    ):
        click.echo(f"{name}:")
        for key, value in report[name].items():
            theirs = accepted.get(name, {}).get(key, "-")
            click.echo(f"  {key:<30}{value!s:>14}{theirs!s:>14}")


@diary_group.command("bench")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--people", type=click.IntRange(1, 2000), default=30, show_default=True)
@click.pass_context
def bench_cmd(ctx: click.Context, seed: int, people: int) -> None:
    """Check-ins per second, beside the assess-only baseline on the same simulated check-ins.

    Example: mbcwatch diary bench --seed 7 --people 30 (a throwaway SQLite file unless
    --database is given).
    """
    rows = bench(seed=seed, people=people, url=ctx.find_root().meta.get("mbcwatch.database"))
    click.echo(f"{'run':<26}{'check-ins':>10}{'seconds':>10}{'per second':>12}{'ms each':>10}")
    for row in rows:
        click.echo(
            f"{row.name:<26}{row.checkins:>10}{row.seconds:>10}{row.per_second:>12}"
            f"{row.ms_per_checkin:>10}"
        )
