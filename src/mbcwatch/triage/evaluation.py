"""Score the engine on labelled cases: urgency accuracy, safety rates, site and red-flag recall.

A case is one JSON object a line: ``{"id", "input": <request>, "gold": {"urgency",
"acceptable": [...], "sites": [...], "red_flags": [...]}, "source"}``. The answer is right when it
is one of the acceptable levels; under-triage is an answer below every acceptable level. The
safety gate (emergency sensitivity 100%, under-triage at most 2%) and the accepted baseline are
checked by ``gate`` so a drop in safety fails CI like a failing test.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mbcwatch.contract import AssessResponse, SiteId
from mbcwatch.errors import InputError, MbcwatchError
from mbcwatch.vocab import Urgency

MIN_EMERGENCY_SENSITIVITY = 1.0
MAX_UNDER_TRIAGE = 0.02
# Compared with the accepted baseline (under-triage too, in the other direction); urgency accuracy
# and site recall are held to the targets in the tests instead.
SAFETY_METRICS = ("emergency_sensitivity", "red_flag_recall")


class Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urgency: Urgency
    acceptable: list[Urgency] = Field(min_length=1)
    sites: list[SiteId] = Field(default_factory=list)
    red_flags: list[str] = Field(default_factory=list)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    input: dict[str, Any]
    gold: Gold
    source: str = Field(min_length=3)
    note: str | None = None


@dataclass(frozen=True)
class CaseResult:
    id: str
    gold: Urgency
    acceptable: tuple[Urgency, ...]
    predicted: Urgency
    sites_top3: tuple[str, ...]
    gold_sites: tuple[str, ...]
    red_flags: tuple[str, ...]
    gold_red_flags: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.predicted in self.acceptable

    @property
    def under_triaged(self) -> bool:
        return all(self.predicted.rank < level.rank for level in self.acceptable)

    @property
    def over_triaged(self) -> bool:
        return all(self.predicted.rank > level.rank for level in self.acceptable)


@dataclass(frozen=True)
class Metrics:
    """The figures a run is judged by (rates in 0..1)."""

    cases: int
    urgency_accuracy: float
    emergency_sensitivity: float
    under_triage_rate: float
    over_triage_rate: float
    site_recall_at_3: float
    red_flag_recall: float
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_cases(path: Path) -> list[Case]:
    """Every case in a JSONL file; a malformed line is an InputError naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror}", field="cases") from None
    cases: list[Case] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(Case.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: not valid JSON: {exc.msg}", field="cases") from None
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            raise InputError(f"line {number}: {where}: {error['msg']}", field=where) from None
    if not cases:
        raise InputError(f"{path.name} holds no cases", field="cases")
    return cases


def run_cases(
    cases: Iterable[Case], assess: Callable[[dict[str, Any]], AssessResponse]
) -> list[CaseResult]:
    results: list[CaseResult] = []
    for case in cases:
        try:
            response = assess(case.input)
        except MbcwatchError as exc:
            raise InputError(f"case {case.id}: {exc.message}", field="input") from None
        results.append(
            CaseResult(
                id=case.id,
                gold=case.gold.urgency,
                acceptable=tuple(case.gold.acceptable),
                predicted=response.urgency,
                sites_top3=tuple(site.id for site in response.sites[:3]),
                gold_sites=tuple(case.gold.sites),
                red_flags=tuple(flag.id for flag in response.red_flags),
                gold_red_flags=tuple(case.gold.red_flags),
            )
        )
    return results


def score(results: list[CaseResult]) -> Metrics:
    total = len(results)
    emergencies = [r for r in results if r.gold == Urgency.EMERGENCY]
    site_total = sum(len(r.gold_sites) for r in results)
    site_found = sum(1 for r in results for s in r.gold_sites if s in r.sites_top3)
    flag_total = sum(len(r.gold_red_flags) for r in results)
    flag_found = sum(1 for r in results for f in r.gold_red_flags if f in r.red_flags)
    confusion = {g.value: {p.value: 0 for p in Urgency} for g in Urgency}
    for r in results:
        confusion[r.gold.value][r.predicted.value] += 1
    return Metrics(
        cases=total,
        urgency_accuracy=_rate(sum(r.correct for r in results), total),
        emergency_sensitivity=_rate(
            sum(r.predicted == Urgency.EMERGENCY for r in emergencies), len(emergencies)
        ),
        under_triage_rate=_rate(sum(r.under_triaged for r in results), total, empty=0.0),
        over_triage_rate=_rate(sum(r.over_triaged for r in results), total, empty=0.0),
        site_recall_at_3=_rate(site_found, site_total),
        red_flag_recall=_rate(flag_found, flag_total),
        confusion=confusion,
        misses=[
            f"{r.id}: got {r.predicted.value}, acceptable {'/'.join(a.value for a in r.acceptable)}"
            for r in results
            if not r.correct
        ],
    )


def _rate(hits: int, total: int, *, empty: float = 1.0) -> float:
    return round(hits / total, 4) if total else empty


def gate(metrics: Metrics, baseline: dict[str, Any] | None = None) -> list[str]:
    """Why this run fails the safety gate (empty when it passes)."""
    failures: list[str] = []
    if metrics.emergency_sensitivity < MIN_EMERGENCY_SENSITIVITY:
        failures.append(f"emergency sensitivity {metrics.emergency_sensitivity:.1%} < 100%")
    if metrics.under_triage_rate > MAX_UNDER_TRIAGE:
        failures.append(f"under-triage {metrics.under_triage_rate:.1%} > {MAX_UNDER_TRIAGE:.0%}")
    for name in SAFETY_METRICS if baseline else ():
        accepted = baseline.get(name) if baseline else None
        if isinstance(accepted, int | float) and getattr(metrics, name) < accepted:
            failures.append(f"{name} {getattr(metrics, name):.4f} below the baseline {accepted}")
    accepted_under = (baseline or {}).get("under_triage_rate")
    if isinstance(accepted_under, int | float) and metrics.under_triage_rate > accepted_under:
        failures.append(
            f"under_triage_rate {metrics.under_triage_rate:.4f} above the baseline {accepted_under}"
        )
    return failures


def report(metrics: Metrics) -> str:
    """A readable summary with the confusion matrix (rows: gold, columns: predicted)."""
    levels = [u.value for u in Urgency]
    lines = [
        f"cases                  {metrics.cases}",
        f"urgency accuracy       {metrics.urgency_accuracy:.1%}",
        f"emergency sensitivity  {metrics.emergency_sensitivity:.1%}",
        f"under-triage rate      {metrics.under_triage_rate:.1%}",
        f"over-triage rate       {metrics.over_triage_rate:.1%}",
        f"site recall at 3       {metrics.site_recall_at_3:.1%}",
        f"red-flag recall        {metrics.red_flag_recall:.1%}",
        "",
        "confusion (rows gold, columns predicted)",
        "gold \\ predicted " + "".join(f"{level:>10}" for level in levels),
    ]
    for gold in levels:
        row = metrics.confusion.get(gold, {})
        lines.append(f"{gold:<17}" + "".join(f"{row.get(p, 0):>10}" for p in levels))
    if metrics.misses:
        lines += ["", "not acceptable:", *(f"  {miss}" for miss in metrics.misses)]
    return "\n".join(lines)
