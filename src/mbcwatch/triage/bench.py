"""Benchmark assessments on one core: throughput and p50/p99 latency, beside a named baseline.

The structured path (no free text) is the baseline each text workload is compared with, on the
same process and core; a stored accepted run (``evals/triage/bench-baseline.json``) may be given
too. Figures are printed, never asserted by tests: wall time depends on the machine.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from mbcwatch.contract import AssessResponse

STRUCTURED: list[dict[str, Any]] = [
    {"symptoms": [{"id": "back_pain", "severity": "severe", "trend": "worse"}]},
    {
        "symptoms": [{"id": "fever"}, {"id": "shivering"}],
        "context": {"treatments": ["chemotherapy"], "days_since_last_chemotherapy": 9},
    },
    {
        "symptoms": [{"id": "hot_flushes", "onset_days_ago": 30}],
        "context": {"treatments": ["endocrine_therapy"]},
    },
    {"symptoms": [{"id": "cough", "onset_days_ago": 14}, {"id": "shortness_of_breath"}]},
]

SENTENCES = [
    "My lower back has been aching for about two weeks and it is worse at night.",
    "Since yesterday my legs feel weak and wobbly.",
    "I have had no fever and I am not coughing.",
    "My sister had a bad headache last week.",
    "I am a bit more tired than usual after chemo.",
    "Yesterday evening my temperature was 38.4 and I felt shivery.",
    "I keep needing to wee and I am so thirsty all the time.",
    "The hot flushes since starting tamoxifen are about the same.",
    "There is a new lump in my armpit that I found on Sunday.",
    "I am not breathless but my cough has lasted three weeks.",
]


@dataclass(frozen=True)
class Figures:
    """One workload's figures."""

    name: str
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def pin_to_one_core() -> int | None:
    """Pin this process to one core (Linux) so figures are per core; the core, or None."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def text_requests(sentences: int) -> list[dict[str, Any]]:
    """Requests whose text holds ``sentences`` sentences, rotating so each request differs."""
    return [
        {"text": " ".join(SENTENCES[(start + k) % len(SENTENCES)] for k in range(sentences))}
        for start in range(len(SENTENCES))
    ]


def measure(
    name: str,
    requests: list[dict[str, Any]],
    assess: Callable[[dict[str, Any]], AssessResponse],
    *,
    repeat: int,
) -> Figures:
    """Run each request ``repeat`` times after one warm-up pass; per-request latencies."""
    for request in requests:
        assess(request)
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(repeat):
        for request in requests:
            begin = time.perf_counter()
            assess(request)
            latencies.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return Figures(
        name=name,
        requests=len(latencies),
        per_second=round(len(latencies) / elapsed, 1),
        p50_ms=round(statistics.median(ordered) * 1000, 3),
        p99_ms=round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3),
    )


def run(assess: Callable[[dict[str, Any]], AssessResponse], *, repeat: int = 50) -> list[Figures]:
    """The structured baseline first, then free text of one to five sentences."""
    figures = [measure("structured (baseline)", STRUCTURED, assess, repeat=repeat)]
    for count in range(1, 6):
        figures.append(
            measure(
                f"text, {count} sentence{'s' if count > 1 else ''}",
                text_requests(count),
                assess,
                repeat=repeat,
            )
        )
    return figures


def table(figures: list[Figures], accepted: dict[str, Any] | None = None) -> str:
    """Figures side by side with the in-run baseline and, when given, the accepted run."""
    baseline = figures[0]
    stored = {row["name"]: row for row in (accepted or {}).get("figures", [])}
    header = f"{'workload':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'x baseline':>12}"
    if stored:
        header += f"{'accepted req/s':>16}"
    lines = [header]
    for row in figures:
        ratio = row.per_second / baseline.per_second if baseline.per_second else 0.0
        line = (
            f"{row.name:<24}{row.per_second:>10.1f}{row.p50_ms:>10.3f}"
            f"{row.p99_ms:>10.3f}{ratio:>12.2f}"
        )
        if stored:
            before = stored.get(row.name, {}).get("per_second")
            line += f"{before:>16.1f}" if isinstance(before, int | float) else f"{'-':>16}"
        lines.append(line)
    return "\n".join(lines)
