"""Load the knowledge base from the package's data files and cross-check it.

Any problem raises KnowledgeBaseError naming the file, the record and the field, so a broken
knowledge base never reaches a patient.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from mbcwatch.errors import KnowledgeBaseError
from mbcwatch.kb.schema import Record, RedFlag, Site, Source, Symptom, Test, Treatment
from mbcwatch.vocab import RED_FLAGS, SITES, TREATMENTS

R = TypeVar("R", bound=Record)

FILES: dict[str, type[Record]] = {
    "sources.yaml": Source,
    "sites.yaml": Site,
    "red_flags.yaml": RedFlag,
    "symptoms.yaml": Symptom,
    "tests.yaml": Test,
    "treatments.yaml": Treatment,
}


# A symptom may carry the id of the red flag it is the sign of (``seizure``, ``jaundice``): both
# vocabularies are fixed by the contract and docs/symptom-ids.md. Every other id is unique.
_MAY_SHARE_IDS = {"symptoms.yaml", "red_flags.yaml"}


@dataclass(frozen=True)
class KnowledgeBase:
    """Every record by id, plus a version fingerprint of the data that produced it."""

    sources: Mapping[str, Source]
    sites: Mapping[str, Site]
    red_flags: Mapping[str, RedFlag]
    symptoms: Mapping[str, Symptom]
    tests: Mapping[str, Test]
    treatments: Mapping[str, Treatment]
    version: str

    def find(self, record_id: str) -> tuple[str, Record] | None:
        """The (kind, record) holding this id, searching every kind."""
        for kind in ("sources", "sites", "red_flags", "symptoms", "tests", "treatments"):
            table: Mapping[str, Record] = getattr(self, kind)
            if record_id in table:
                return kind, table[record_id]
        return None

    def find_all(self, record_id: str) -> list[tuple[str, Record]]:
        """Every (kind, record) holding this id: a symptom and a red flag may share one."""
        found: list[tuple[str, Record]] = []
        for kind in ("sources", "sites", "red_flags", "symptoms", "tests", "treatments"):
            table: Mapping[str, Record] = getattr(self, kind)
            if record_id in table:
                found.append((kind, table[record_id]))
        return found

    def all_ids(self) -> list[str]:
        kinds = (self.sources, self.sites, self.red_flags, self.symptoms, self.tests)
        return [record_id for table in (*kinds, self.treatments) for record_id in table]

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "sites": len(self.sites),
            "red_flags": len(self.red_flags),
            "symptoms": len(self.symptoms),
            "phrasings": sum(len(s.phrasings) for s in self.symptoms.values()),
            "tests": len(self.tests),
            "treatments": len(self.treatments),
        }


def data_dir() -> Traversable:
    return resources.files("mbcwatch.kb").joinpath("data")


@cache
def load_kb() -> KnowledgeBase:
    """The packaged knowledge base, validated once per process."""
    return load_from(data_dir())


def load_from(folder: Traversable) -> KnowledgeBase:
    """Load and cross-check the knowledge base held in ``folder`` (any Traversable)."""
    digest = hashlib.sha256()
    tables: dict[str, dict[str, Any]] = {}
    for file_name, model in FILES.items():
        entry = folder.joinpath(file_name)
        if not entry.is_file():
            raise KnowledgeBaseError("file is missing", file=file_name)
        raw = entry.read_bytes()
        digest.update(file_name.encode() + b"\0" + raw)
        tables[file_name] = _parse(file_name, raw, model)
    kb = KnowledgeBase(
        sources=tables["sources.yaml"],
        sites=tables["sites.yaml"],
        red_flags=tables["red_flags.yaml"],
        symptoms=tables["symptoms.yaml"],
        tests=tables["tests.yaml"],
        treatments=tables["treatments.yaml"],
        version=digest.hexdigest()[:12],
    )
    _cross_check(kb)
    return kb


def _parse(file_name: str, raw: bytes, model: type[R]) -> dict[str, R]:
    try:
        items = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"not valid YAML: {exc}", file=file_name) from None
    if not isinstance(items, list):
        raise KnowledgeBaseError("must hold a list of records", file=file_name)
    records: dict[str, R] = {}
    for position, item in enumerate(items):
        label = item.get("id") if isinstance(item, dict) else None
        record_name = str(label) if label else f"#{position + 1}"
        try:
            record = model.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or None
            raise KnowledgeBaseError(
                error["msg"], file=file_name, record=record_name, field=field
            ) from None
        record_id: str = getattr(record, "id")  # noqa: B009 - every record type has an id
        if record_id in records:
            raise KnowledgeBaseError("duplicate id", file=file_name, record=record_id, field="id")
        records[record_id] = record
    return records


def _cross_check(kb: KnowledgeBase) -> None:
    _require_vocabulary("sites.yaml", kb.sites, SITES)
    _require_vocabulary("red_flags.yaml", kb.red_flags, RED_FLAGS)
    _require_vocabulary("treatments.yaml", kb.treatments, TREATMENTS)

    seen: dict[str, str] = {}
    tables: tuple[tuple[str, Mapping[str, Record]], ...] = (
        ("sources.yaml", kb.sources),
        ("sites.yaml", kb.sites),
        ("red_flags.yaml", kb.red_flags),
        ("symptoms.yaml", kb.symptoms),
        ("tests.yaml", kb.tests),
        ("treatments.yaml", kb.treatments),
    )
    for kind, table in tables:
        for record_id in table:
            if record_id in seen and {seen[record_id], kind} != _MAY_SHARE_IDS:
                raise KnowledgeBaseError(
                    f"id also used in {seen[record_id]}", file=kind, record=record_id, field="id"
                )
            seen[record_id] = kind
        for record_id, record in table.items():
            _check_sources(kb, kind, record_id, record)

    for symptom in kb.symptoms.values():
        for position, link in enumerate(symptom.sites):
            if link.id not in kb.sites:
                raise KnowledgeBaseError(
                    f"unknown site {link.id!r}", file="symptoms.yaml", record=symptom.id,
                    field=f"sites.{position}.id",
                )  # fmt: skip
        for position, link in enumerate(symptom.red_flags):
            if link.id not in kb.red_flags:
                raise KnowledgeBaseError(
                    f"unknown red flag {link.id!r}", file="symptoms.yaml", record=symptom.id,
                    field=f"red_flags.{position}.id",
                )  # fmt: skip
    _check_phrasings_unique(kb)
    for treatment in kb.treatments.values():
        for position, effect in enumerate(treatment.side_effects):
            if effect.symptom is not None and effect.symptom not in kb.symptoms:
                raise KnowledgeBaseError(
                    f"unknown symptom {effect.symptom!r}", file="treatments.yaml",
                    record=treatment.id, field=f"side_effects.{position}.symptom",
                )  # fmt: skip


def _check_phrasings_unique(kb: KnowledgeBase) -> None:
    """A phrasing names one symptom, or the reader could not tell which was meant."""
    owner: dict[str, str] = {}
    for symptom in kb.symptoms.values():
        for position, phrasing in enumerate(symptom.phrasings):
            if phrasing in owner:
                raise KnowledgeBaseError(
                    f"phrasing {phrasing!r} also belongs to {owner[phrasing]!r}",
                    file="symptoms.yaml",
                    record=symptom.id,
                    field=f"phrasings.{position}",
                )
            owner[phrasing] = symptom.id


def _require_vocabulary(
    file_name: str, table: Mapping[str, Record], vocabulary: tuple[str, ...]
) -> None:
    missing = [name for name in vocabulary if name not in table]
    if missing:
        raise KnowledgeBaseError(f"contract ids missing: {', '.join(missing)}", file=file_name)


def _check_sources(kb: KnowledgeBase, file_name: str, record_id: str, record: BaseModel) -> None:
    """Every ``sources`` list anywhere inside the record must name known sources."""
    for path, source_id in _source_refs(record.model_dump(), ""):
        if source_id not in kb.sources:
            raise KnowledgeBaseError(
                f"unknown source {source_id!r}", file=file_name, record=record_id, field=path
            )


def _source_refs(value: Any, path: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            inner_path = f"{path}.{key}" if path else key
            if key == "sources" and isinstance(inner, list):
                found.extend((f"{inner_path}.{i}", str(s)) for i, s in enumerate(inner))
            else:
                found.extend(_source_refs(inner, inner_path))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found.extend(_source_refs(inner, f"{path}.{i}"))
    return found
