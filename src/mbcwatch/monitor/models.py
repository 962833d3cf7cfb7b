"""The diary's tables (SQLAlchemy 2 declarative models) on one shared ``Base``.

Other areas (the web accounts) add their tables to ``Base.metadata`` with their own Alembic
revisions after ours. Times are stored in UTC and always come back timezone-aware, on SQLite
(which keeps no zone) as on PostgreSQL, so an exported record round-trips exactly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DIARY_TABLES = (
    "care_team", "person", "treatment", "checkin", "alert", "baseline_symptom", "audit_event",
)  # fmt: skip
"""The tables these migrations own (other areas add theirs to the same metadata)."""

DEFAULT_CHECKIN_INTERVAL_DAYS = 7
"""Weekly check-ins by default (the weekly ePRO schedule the issue describes); per person."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored in UTC and read back timezone-aware on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class CareTeam(Base):
    __tablename__ = "care_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact: Mapped[str | None] = mapped_column(String(200))


class Person(Base):
    """Someone being monitored, known only by a pseudonymous id."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(64), unique=True)
    breast_cancer_history: Mapped[bool | None]
    metastatic: Mapped[str] = mapped_column(String(16), default="unknown")
    known_sites: Mapped[list[Any]] = mapped_column(default=list)
    locale: Mapped[str] = mapped_column(String(8), default="GB")
    age: Mapped[int | None]
    checkin_interval_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_CHECKIN_INTERVAL_DAYS, server_default="7"
    )
    care_team_id: Mapped[int | None] = mapped_column(ForeignKey("care_team.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    care_team: Mapped[CareTeam | None] = relationship()
    treatments: Mapped[list[Treatment]] = relationship(
        back_populates="person", order_by="Treatment.id", cascade="all, delete-orphan"
    )


class Treatment(Base):
    __tablename__ = "treatment"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    started_on: Mapped[date | None] = mapped_column(Date)
    stopped_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="treatments")


class Checkin(Base):
    """One diary entry: what the person said, as given, and the assessment it produced."""

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("person_id", "idempotency_key", name="uq_checkin_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime]
    text: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[list[Any]] = mapped_column(default=list)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    temperature_c: Mapped[float | None] = mapped_column(Float)
    request: Mapped[dict[str, Any]]
    assessment: Mapped[dict[str, Any]]
    urgency: Mapped[str] = mapped_column(String(16))
    kb_version: Mapped[str] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(64))
    patterns: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Alert(Base):
    """Something the care team should look at: an urgent assessment or a pattern over time."""

    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkin.id"))
    kind: Mapped[str] = mapped_column(String(16))  # assessment | pattern
    urgency: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    summary: Mapped[str] = mapped_column(Text)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    patterns: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    acknowledged_at: Mapped[datetime | None]
    acknowledged_note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None]
    resolved_note: Mapped[str | None] = mapped_column(Text)


class BaselineSymptom(Base):
    """A symptom a clinician marked as known for this person: it alerts again only if it worsens."""

    __tablename__ = "baseline_symptom"
    __table_args__ = (UniqueConstraint("person_id", "symptom_id", name="uq_baseline_symptom"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    symptom_id: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str | None] = mapped_column(String(16))
    marked_by: Mapped[str] = mapped_column(String(200))
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class AuditEvent(Base):
    """Who read or changed what, and when."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    detail: Mapped[str | None] = mapped_column(Text)
