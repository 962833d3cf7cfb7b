"""Score the reader on annotated sets: the lay dev set (evals/nlp/dev.jsonl) and NegEx.

Dev set lines: {"text", "today" (reference date, optional), "mentions": [{"symptom", "negated",
"experiencer", "temporality", and optionally "duration_days", "temperature_c", "severity"}]}.
A predicted finding matches a gold mention of the same symptom id in the same text (in order);
attributes are scored on matched pairs only, and optional ones only where the gold gives them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from mbcwatch.contract import Experiencer, Severity, Temporality
from mbcwatch.errors import InputError
from mbcwatch.nlp.extract import Assertion
from mbcwatch.nlp.findings import Finding
from mbcwatch.nlp.metrics import PRF, Accuracy

Extractor = Callable[[str, date], list[Finding]]
# A duration counts as right within half a day or 10 %, whichever is larger ("a few days").
DURATION_TOLERANCE = (0.5, 0.10)
TEMPERATURE_TOLERANCE_C = 0.05


class GoldMention(BaseModel):
    model_config = ConfigDict(extra="forbid")

    symptom: str
    negated: bool = False
    experiencer: Experiencer = "patient"
    temporality: Temporality = "current"
    duration_days: float | None = None
    temperature_c: float | None = None
    severity: Severity | None = None


class DevCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    today: date | None = None
    mentions: list[GoldMention]


@dataclass
class DevReport:
    mentions: PRF = field(default_factory=PRF)
    negation: Accuracy = field(default_factory=Accuracy)
    experiencer: Accuracy = field(default_factory=Accuracy)
    temporality: Accuracy = field(default_factory=Accuracy)
    duration: Accuracy = field(default_factory=Accuracy)
    temperature: Accuracy = field(default_factory=Accuracy)
    severity: Accuracy = field(default_factory=Accuracy)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        attributes = (
            "negation",
            "experiencer",
            "temporality",
            "duration",
            "temperature",
            "severity",
        )
        return {
            "mentions": self.mentions.as_dict(),
            **{name: getattr(self, name).as_dict() for name in attributes},
        }


def load_dev(path: Path) -> list[DevCase]:
    """Read a dev-set file; a malformed line is an InputError naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", field="file") from None
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(DevCase.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            message = str(exc).splitlines()[0]
            raise InputError(f"{path.name} line {number}: {message}", field="file") from None
    return cases


def _temperature(finding: Finding) -> float | None:
    return next((q.value for q in finding.quantities if q.kind == "temperature_c"), None)


def _close(found: float | None, expected: float) -> bool:
    if found is None:
        return False
    absolute, relative = DURATION_TOLERANCE
    return abs(found - expected) <= max(absolute, relative * expected)


def score_dev(cases: Iterable[DevCase], extractor: Extractor, *, today: date) -> DevReport:
    report = DevReport()
    for case in cases:
        found = extractor(case.text, case.today or today)
        unused = list(found)
        for gold in case.mentions:
            match = next((f for f in unused if f.symptom_id == gold.symptom), None)
            if match is None:
                report.mentions.fn += 1
                report.errors.append(f"missed {gold.symptom}: {case.text}")
                continue
            unused.remove(match)
            report.mentions.tp += 1
            _score_pair(report, case.text, gold, match)
        for extra in unused:
            report.mentions.fp += 1
            report.errors.append(f"extra {extra.symptom_id} ({extra.text!r}): {case.text}")
    return report


def _score_pair(report: DevReport, text: str, gold: GoldMention, found: Finding) -> None:
    checks = [
        ("negation", report.negation, found.negated == gold.negated),
        ("experiencer", report.experiencer, found.experiencer == gold.experiencer),
        ("temporality", report.temporality, found.temporality == gold.temporality),
    ]
    if gold.duration_days is not None:
        checks.append(
            ("duration", report.duration, _close(found.duration_days, gold.duration_days))
        )
    if gold.temperature_c is not None:
        reading = _temperature(found)
        right = reading is not None and abs(reading - gold.temperature_c) <= TEMPERATURE_TOLERANCE_C
        checks.append(("temperature", report.temperature, right))
    if gold.severity is not None:
        checks.append(("severity", report.severity, found.severity == gold.severity))
    for name, accuracy, right in checks:
        accuracy.add(right)
        if not right:
            report.errors.append(f"{name} of {gold.symptom} ({found.text!r}): {text}")


# NegEx annotations use clinical words for the same three attributes.
_NEGEX_TEMPORALITY: dict[str, Temporality] = {
    "recent": "current",
    "historical": "historical",
    "hypothetical": "hypothetical",
}


@dataclass
class NegexReport:
    negation: PRF = field(default_factory=PRF)
    temporality: Accuracy = field(default_factory=Accuracy)
    experiencer: Accuracy = field(default_factory=Accuracy)
    rows: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "negation": self.negation.as_dict(),
            "temporality": self.temporality.as_dict(),
            "experiencer": self.experiencer.as_dict(),
        }


def score_negex(path: Path, assertion: Callable[[str, str], Assertion]) -> NegexReport:
    """Score ``assertion`` on a NegEx-format TSV (header line; condition, sentence, labels)."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", field="file") from None
    report = NegexReport()
    with handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for number, row in enumerate(reader, start=2):
            if len(row) < 6:
                raise InputError(f"{path.name} line {number}: expected 6 columns", field="file")
            _, condition, sentence, negation, temporality, experiencer = row[:6]
            result = assertion(sentence, condition)
            report.rows += 1
            expected = negation.strip().lower() == "negated"
            report.negation.add(predicted=result.negated, expected=expected)
            if result.negated != expected:
                report.errors.append(
                    f"negation {'missed' if expected else 'extra'}: {condition}: {sentence}"
                )
            gold_time = _NEGEX_TEMPORALITY.get(temporality.strip().lower())
            if gold_time is not None:
                report.temporality.add(result.temporality == gold_time)
            gold_who = "patient" if experiencer.strip().lower() == "patient" else "other"
            report.experiencer.add(result.experiencer == gold_who)
    return report
