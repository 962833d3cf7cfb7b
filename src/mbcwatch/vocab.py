"""Closed vocabularies of the public assessment contract (ASSESS-CONTRACT.md).

These names are part of the stable contract: they may grow, never be renamed or dropped.
"""

from __future__ import annotations

from enum import StrEnum


class Urgency(StrEnum):
    """How soon a person should be assessed, mildest first (order matters: see ``rank``)."""

    ROUTINE = "routine"  # mention at the next scheduled visit
    SOON = "soon"  # be seen within days, up to about a week
    URGENT = "urgent"  # contact the oncology team today
    EMERGENCY = "emergency"  # assessment now: emergency services or the 24-hour line

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)

    @classmethod
    def highest(cls, levels: list[Urgency]) -> Urgency:
        return max(levels, key=lambda level: level.rank, default=cls.ROUTINE)


SITES = ("bone", "lung", "liver", "brain", "lymph_nodes", "chest_wall")

RED_FLAGS = (
    "spinal_cord_compression",
    "hypercalcemia",
    "pathological_fracture",
    "neutropenic_sepsis",
    "raised_intracranial_pressure",
    "seizure",
    "superior_vena_cava_obstruction",
    "hemoptysis",
    "acute_breathlessness",
    "jaundice",
    "osteonecrosis_of_jaw",
    "hypocalcemia",
    "opioid_toxicity",
)

TREATMENTS = (
    "chemotherapy",
    "endocrine_therapy",
    "her2_targeted",
    "immunotherapy",
    "cdk46_inhibitor",
    "bisphosphonate",
    "denosumab",
    "opioid",
    "radiotherapy",
    "steroid",
)

SEVERITIES = ("mild", "moderate", "severe", "very_severe")
TRENDS = ("better", "same", "worse")
EXPERIENCERS = ("patient", "other")
TEMPORALITIES = ("current", "historical", "hypothetical")
METASTATIC_STATUSES = ("yes", "no", "unknown")
