"""What free-text reading produces: one Finding per symptom mention, with its context."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal

from mbcwatch.contract import Experiencer, Severity, Temporality, Trend

QuantityKind = Literal["temperature_c", "count_per_day", "weight_kg"]


@dataclass(frozen=True)
class Quantity:
    """A normalised measurement read from the text (°F becomes °C, '38,2' becomes 38.2)."""

    kind: QuantityKind
    value: float
    text: str


@dataclass(frozen=True)
class Finding:
    """One mention of a knowledge-base symptom in a person's words."""

    symptom_id: str
    hpo: str | None
    text: str
    start: int
    end: int
    negated: bool = False
    experiencer: Experiencer = "patient"
    temporality: Temporality = "current"
    severity: Severity | None = None
    severity_score: float | None = None
    duration_days: float | None = None
    trend: Trend | None = None
    location: str | None = None
    quantities: tuple[Quantity, ...] = field(default_factory=tuple)

    @property
    def applies_now(self) -> bool:
        """True when the finding may fire a rule: affirmed, about the patient, current."""
        return not self.negated and self.experiencer == "patient" and self.temporality == "current"


def new_finding(
    symptom_id: str,
    hpo: str | None,
    text: str,
    start: int,
    end: int,
    negated: bool,
    experiencer: Experiencer,
    temporality: Temporality,
    severity: Severity | None,
    severity_score: float | None,
    duration_days: float | None,
    trend: Trend | None,
    location: str | None,
    quantities: tuple[Quantity, ...],
) -> Finding:
    """``Finding(...)`` with every field given, at a third of the cost: for the reader's last step.

    A frozen dataclass's ``__init__`` sets each of the 14 fields through ``object.__setattr__``
    (about 1.2 us a Finding); this fills the new instance's ``__dict__`` in one call. The
    object is the same (equality, hash, repr, ``asdict``); there is no ``__post_init__`` to skip.
    """
    finding = object.__new__(Finding)
    finding.__dict__.update(
        symptom_id=symptom_id,
        hpo=hpo,
        text=text,
        start=start,
        end=end,
        negated=negated,
        experiencer=experiencer,
        temporality=temporality,
        severity=severity,
        severity_score=severity_score,
        duration_days=duration_days,
        trend=trend,
        location=location,
        quantities=quantities,
    )
    return finding


# new_finding must set exactly Finding's fields: a field added there must be added here too.
if tuple(f.name for f in fields(Finding)) != tuple(new_finding.__code__.co_varnames[:14]):
    raise RuntimeError("new_finding's parameters differ from Finding's fields")
