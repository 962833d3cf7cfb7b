"""``mbcwatch nlp``: read free text, score the reader, benchmark it."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mbcwatch.errors import InputError
from mbcwatch.nlp import assertion, extract
from mbcwatch.nlp.evaluate import load_dev, score_dev, score_negex
from mbcwatch.nlp.metrics import PRF, Accuracy

if TYPE_CHECKING:  # the bench module imports spaCy and negspacy: load it only to run it
    from mbcwatch.nlp.bench import Interleave

DEFAULT_DEV = "evals/nlp/dev.jsonl"
DEFAULT_NEGEX = "../shared/external/negex/negex_dev.tsv"
ATTRIBUTES = ("negation", "experiencer", "temporality", "duration", "temperature", "severity")
_HEADER = ("pipeline", "texts/s", "p50 ms", "p99 ms", "F1", "neg acc")


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today: not a date (YYYY-MM-DD): {value!r}", field="today") from None


def _path(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise InputError(f"no such file: {value}", field="file")
    return path


@click.group("nlp")
def nlp_group() -> None:
    """Read free text into findings, and measure how well and how fast it reads."""


@nlp_group.command("read")
@click.argument("text")
@click.option("--today", help="Reference date for 'since last Tuesday' (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def read_command(text: str, today: str | None, as_json: bool) -> None:
    """Print the findings in TEXT.

    Example: mbcwatch nlp read "no fever but my back has hurt for a fortnight"
    """
    findings = extract(text, today=_date(today))
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(f) for f in findings], indent=2))
        return
    if not findings:
        click.echo("No symptoms recognised. (Not a diagnosis.)")
    for f in findings:
        context = [
            "negated" if f.negated else "affirmed",
            f.experiencer,
            f.temporality,
            *([f"severity {f.severity}"] if f.severity else []),
            *([f"score {f.severity_score:g}/10"] if f.severity_score is not None else []),
            *([f"{f.duration_days:g} days"] if f.duration_days is not None else []),
            *([f"trend {f.trend}"] if f.trend else []),
            *([f"at {f.location}"] if f.location else []),
            *(f"{q.kind} {q.value:g}" for q in f.quantities),
        ]
        click.echo(f"{f.symptom_id:<28} {f.text!r:<32} {', '.join(context)}")


def _prf_line(name: str, score: PRF) -> str:
    return (
        f"{name:<14} precision {score.precision:.3f}  recall {score.recall:.3f}  "
        f"F1 {score.f1:.3f}  (tp {score.tp}, fp {score.fp}, fn {score.fn})"
    )


def _accuracy_line(name: str, score: Accuracy) -> str:
    return f"{name:<14} accuracy {score.value:.3f}  ({score.correct}/{score.total})"


@nlp_group.command("eval")
@click.argument("file", default=DEFAULT_DEV)
@click.option("--today", help="Reference date where a case gives none (default 2026-11-20).")
@click.option("--errors", "show_errors", is_flag=True, help="List every miss and mismatch.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def eval_command(file: str, today: str | None, show_errors: bool, as_json: bool) -> None:
    """Score mentions and attributes on an annotated dev set (default: evals/nlp/dev.jsonl).

    Example: mbcwatch nlp eval evals/nlp/dev.jsonl --errors
    """
    cases = load_dev(_path(file))
    anchor = _date(today) or date(2026, 11, 20)
    report = score_dev(cases, lambda text, day: extract(text, today=day), today=anchor)
    if as_json:
        click.echo(json.dumps({"cases": len(cases), **report.as_dict()}, indent=2))
    else:
        click.echo(f"{len(cases)} texts, {report.mentions.tp + report.mentions.fn} gold mentions")
        click.echo(_prf_line("mentions", report.mentions))
        for name in (
            "negation",
            "experiencer",
            "temporality",
            "duration",
            "temperature",
            "severity",
        ):
            click.echo(_accuracy_line(name, getattr(report, name)))
    if show_errors:
        for line in report.errors:
            click.echo(f"  {line}")


@nlp_group.command("negex")
@click.argument("path", default=DEFAULT_NEGEX)
@click.option("--errors", "show_errors", is_flag=True, help="List every negation error.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def negex_command(path: str, show_errors: bool, as_json: bool) -> None:
    """Score the assertion function on a NegEx-format TSV (clinician text).

    Default: ../shared/external/negex/negex_dev.tsv (run from the repository root).
    Example: mbcwatch nlp negex ../shared/external/negex/negex_dev.tsv
    """
    report = score_negex(
        _path(path), lambda sentence, target: assertion(sentence, target, writer="clinician")
    )
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(f"{report.rows} annotated conditions")
        click.echo(_prf_line("negation", report.negation))
        click.echo(_accuracy_line("temporality", report.temporality))
        click.echo(_accuracy_line("experiencer", report.experiencer))
        click.echo("References on the full file: GenNegEx F1 0.946, negspacy 1.1.0 F1 0.949.")
    if show_errors:
        for line in report.errors:
            click.echo(f"  {line[:240]}")


@nlp_group.command("bench")
@click.argument("file", default=DEFAULT_DEV)
@click.option("--texts", "repeat_to", default=3000, show_default=True, help="Texts per round.")
@click.option("--rounds", default=5, show_default=True, help="Rounds (order alternates).")
@click.option(
    "--interleave",
    type=click.Choice(["text", "round"]),
    default="text",
    show_default=True,
    help="Alternate the pipelines every text, or let each run a whole round in turn.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def bench_command(
    file: str, repeat_to: int, rounds: int, interleave: Interleave, as_json: bool
) -> None:
    """Time extract() against the spaCy + EntityRuler + negspacy baseline on one core.

    Both read the dev-set texts repeated to --texts, interleaved text by text (or, with
    --interleave round, each through a whole round in turn), in --rounds rounds; texts/s is
    each pipeline's median round; accuracy is on the dev set.
    Example: mbcwatch nlp bench --texts 3000 --rounds 5 --interleave text
    """
    from mbcwatch.nlp.bench import pin_to_one_core, run_bench
    from mbcwatch.nlp.lexicon import kb_symptoms

    if repeat_to < 1:
        raise InputError("--texts: must be at least 1", field="texts")
    if rounds < 1:
        raise InputError("--rounds: must be at least 1", field="rounds")
    cases = load_dev(_path(file))
    core = pin_to_one_core()
    rows = run_bench(
        cases,
        kb_symptoms(),
        repeat_to=repeat_to,
        today=date(2026, 11, 20),
        rounds=rounds,
        interleave=interleave,
    )
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(r) for r in rows], indent=2))
        return
    click.echo(
        f"{rows[0].texts if rows else 0} texts in {rounds} rounds, interleaved by {interleave}, "
        f"pinned to CPU {core}"
    )
    click.echo(
        f"{'pipeline':<52} {'texts/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'F1':>6} {'neg acc':>8}"
    )
    for r in rows:
        click.echo(
            f"{r.name:<52} {r.texts_per_second:>9.0f} {r.p50_ms:>8.3f} {r.p99_ms:>8.3f} "
            f"{r.mention_f1:>6.3f} {r.negation_accuracy:>8.3f}"
        )
    if len(rows) == 2 and rows[1].texts_per_second and rows[0].p50_ms:
        throughput = rows[0].texts_per_second / rows[1].texts_per_second
        median = rows[1].p50_ms / rows[0].p50_ms
        # Throughput includes pauses when other processes take the core; p50 barely moves.
        each = [
            mine / theirs
            for mine, theirs in zip(
                rows[0].round_texts_per_second, rows[1].round_texts_per_second, strict=True
            )
            if theirs
        ]
        spread = f" (rounds {min(each):.2f}x to {max(each):.2f}x)" if each else ""
        click.echo(f"speed-up: {throughput:.2f}x texts/s{spread}, {median:.2f}x at p50")
