"""Server-rendered charts: each symptom's severity over time, as SVG coordinates.

Only what the person reported is drawn: a symptom they did not mention is not plotted as absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SEVERITY_LEVEL = {"mild": 1, "moderate": 2, "severe": 3, "very_severe": 4}
LEVEL_LABELS = ("not rated", "mild", "moderate", "severe", "very severe")
WIDTH, HEIGHT = 560, 180
LEFT, RIGHT, TOP, BOTTOM = 96, 16, 12, 28


@dataclass
class Point:
    x: float
    y: float
    level: int
    when: datetime


@dataclass
class SymptomChart:
    """One symptom's reports; every chart of a diary shares the same time axis (start to end)."""

    symptom_id: str
    start: datetime
    end: datetime
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f} {p.y:.1f}" for i, p in enumerate(self.points)
        )

    @property
    def description(self) -> str:
        return "; ".join(f"{p.when:%d %b %Y}: {LEVEL_LABELS[p.level]}" for p in self.points)


def level_y(level: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - level / (len(LEVEL_LABELS) - 1))


def severity_charts(checkins: list[Any]) -> list[SymptomChart]:
    """One chart per symptom the person reported as current, from check-ins oldest first."""
    reports: dict[str, list[tuple[datetime, int]]] = {}
    for checkin in checkins:
        seen: dict[str, int] = {}
        for finding in checkin.assessment.get("symptoms", []):
            if (
                finding.get("negated")
                or finding.get("experiencer") != "patient"
                or finding.get("temporality") != "current"
            ):
                continue
            level = SEVERITY_LEVEL.get(str(finding.get("severity")), 0)
            seen[finding["id"]] = max(level, seen.get(finding["id"], 0))
        for symptom_id, level in seen.items():
            reports.setdefault(symptom_id, []).append((checkin.recorded_at, level))
    if not reports:
        return []
    times = [when for series in reports.values() for when, _ in series]
    start, end = min(times), max(times)
    span = (end - start).total_seconds() or 1.0
    charts = []
    for symptom_id in sorted(reports):
        chart = SymptomChart(symptom_id, start, end)
        for when, level in reports[symptom_id]:
            fraction = (when - start).total_seconds() / span if end > start else 0.5
            x = LEFT + fraction * (WIDTH - LEFT - RIGHT)
            chart.points.append(Point(x, level_y(level), level, when))
        charts.append(chart)
    return charts


def axis() -> dict[str, Any]:
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "levels": [(label, level_y(i)) for i, label in enumerate(LEVEL_LABELS)],
    }
