"""Benchmark the reader against a baseline spaCy pipeline built from the same lexicon.

The baseline is the textbook spaCy build: ``spacy.blank("en")`` + sentencizer + EntityRuler
(every lexicon phrasing as a lower-case phrase pattern) + negspacy's NegEx. Both run on the
same texts in one process pinned to one core, interleaved text by text (alternating which goes
first; or, with ``interleave="round"``, each through a whole round in turn) so both meet the same
machine load, in several rounds: a round's throughput is its texts
over the sum of its latencies, each pipeline's figure is its median round, and the speed-up is
given per round too (its range shows the noise from other work on the machine). Latency
percentiles are over every timed text. The figures are printed side by side with both
pipelines' accuracy on the dev set. Not a test: nothing asserts on time.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import spacy
from negspacy import negation  # noqa: F401 - importing registers the "negex" factory
from negspacy.termsets import termset
from spacy.language import Language

from mbcwatch.nlp.evaluate import DevCase, score_dev
from mbcwatch.nlp.extract import Reader
from mbcwatch.nlp.findings import Finding
from mbcwatch.nlp.lexicon import SymptomTerms, with_other_possessives
from mbcwatch.nlp.resources import lexicon_data

BASELINE_NAME = "spaCy blank + sentencizer + EntityRuler + negspacy"
Interleave = Literal["text", "round"]


@dataclass(frozen=True)
class BenchRow:
    name: str
    texts: int
    texts_per_second: float  # the median round
    round_texts_per_second: tuple[float, ...]
    p50_ms: float
    p99_ms: float
    mention_f1: float
    negation_accuracy: float


def pin_to_one_core() -> int | None:
    """Run on one CPU (the first allowed) so both pipelines get the same machine."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def baseline_pipeline(symptoms: Sequence[SymptomTerms]) -> Language:
    """The textbook spaCy build over the same phrasings (KB + data/lexicon.yaml)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    extra = lexicon_data().expanded()
    # The same phrasings the reader's lexicon holds, "my" variants ("his legs") included.
    rules = [
        {"label": "SYMPTOM", "pattern": phrase.lower(), "id": symptom.id}
        for symptom in symptoms
        for phrase in set(with_other_possessives([*symptom.phrasings, *extra.get(symptom.id, ())]))
    ]
    ruler.add_patterns(rules)  # type: ignore[attr-defined]
    patterns = termset("en").get_patterns()  # type: ignore[no-untyped-call]
    nlp.add_pipe("negex", config={"neg_termset": patterns})
    return nlp


def baseline_extractor(nlp: Language, hpo: dict[str, str | None]) -> Callable[[str], list[Finding]]:
    def run(text: str) -> list[Finding]:
        doc = nlp(text)
        return [
            Finding(
                symptom_id=ent.ent_id_,
                hpo=hpo.get(ent.ent_id_),
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                negated=bool(ent._.negex),
            )
            for ent in doc.ents
        ]

    return run


def _interleaved(
    runs: Sequence[Callable[[str], object]], texts: Sequence[str]
) -> list[list[float]]:
    """Per-text latencies of each run, alternating which goes first (same machine load)."""
    latencies: list[list[float]] = [[] for _ in runs]
    clock = time.perf_counter
    for position, text in enumerate(texts):
        order = range(len(runs)) if position % 2 == 0 else reversed(range(len(runs)))
        for index in order:
            before = clock()
            runs[index](text)
            latencies[index].append(clock() - before)
    return latencies


def _in_turn(runs: Sequence[Callable[[str], object]], texts: Sequence[str]) -> list[list[float]]:
    """Per-text latencies of each run, one run through all the texts after the other."""
    latencies: list[list[float]] = [[] for _ in runs]
    clock = time.perf_counter
    for index, run in enumerate(runs):
        for text in texts:
            before = clock()
            run(text)
            latencies[index].append(clock() - before)
    return latencies


def _row(
    name: str,
    run: Callable[[str], list[Finding]],
    rounds: Sequence[list[float]],
    cases: Sequence[DevCase],
    today: date,
) -> BenchRow:
    ordered = sorted(latency for latencies in rounds for latency in latencies)
    per_round = tuple(len(lat) / sum(lat) if sum(lat) else 0.0 for lat in rounds)
    report = score_dev(cases, lambda text, _: run(text), today=today)
    return BenchRow(
        name=name,
        texts=len(ordered),
        texts_per_second=statistics.median(per_round),
        round_texts_per_second=per_round,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        mention_f1=report.mentions.f1,
        negation_accuracy=report.negation.value,
    )


def run_bench(
    cases: Sequence[DevCase],
    symptoms: Sequence[SymptomTerms],
    *,
    repeat_to: int,
    today: date,
    rounds: int = 5,
    interleave: Interleave = "text",
) -> list[BenchRow]:
    """Both pipelines on the dev texts repeated to ``repeat_to`` texts, in ``rounds`` rounds.

    ``interleave="text"`` alternates the pipelines text by text, so each evicts the other's
    data from the CPU caches before every text (a mixed workload); ``"round"`` lets each run
    through a round's texts alone, one after the other (each pipeline's own steady state).
    Either way the order alternates from round to round."""
    texts = [case.text for case in cases]
    if not texts:
        return []
    timed = (texts * (repeat_to // len(texts) + 1))[: max(repeat_to, 1)]
    reader = Reader(symptoms)
    baseline = baseline_extractor(baseline_pipeline(symptoms), {s.id: s.hpo for s in symptoms})

    def ours(text: str) -> list[Finding]:
        return reader.read(text, today=today)

    for text in texts:
        ours(text)  # warm both up on every text once: caches filled alike
        baseline(text)
    mine: list[list[float]] = []
    theirs: list[list[float]] = []
    timer = _interleaved if interleave == "text" else _in_turn
    for number in range(max(rounds, 1)):
        # Alternate which pipeline opens the round.
        first, second = timer([ours, baseline] if number % 2 == 0 else [baseline, ours], timed)
        mine.append(first if number % 2 == 0 else second)
        theirs.append(second if number % 2 == 0 else first)
    return [
        _row("mbcwatch.nlp.extract", ours, mine, cases, today),
        _row(BASELINE_NAME, baseline, theirs, cases, today),
    ]
