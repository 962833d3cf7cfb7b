"""What free-text reading produces: one Finding per symptom mention, with its context."""

from __future__ import annotations

from dataclasses import dataclass, field
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
