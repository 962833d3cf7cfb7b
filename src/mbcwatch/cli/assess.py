"""``mbcwatch assess``, ``mbcwatch eval`` and ``mbcwatch assess-bench``: thin layers over triage."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from mbcwatch.cli.jsonfile import read_json_object
from mbcwatch.contract import AssessResponse
from mbcwatch.errors import InputError, MbcwatchError
from mbcwatch.triage import assess
from mbcwatch.triage import bench as benchmark
from mbcwatch.triage.evaluation import gate, read_cases, report, run_cases, score

LOCALES = click.Choice(["US", "CA", "GB", "EU"], case_sensitive=False)
COLOURS = {"emergency": "red", "urgent": "magenta", "soon": "yellow", "routine": "green"}


@click.command("assess")
@click.argument("text", required=False)
@click.option("--input", "input_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read one JSON request from this file.")  # fmt: skip
@click.option("--jsonl", "jsonl_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Batch: one JSON request a line; one response (or error) a line.")  # fmt: skip
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Batch output file (default: standard output).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the contract's JSON response.")
@click.option("--locale", type=LOCALES, help="Emergency number: US/CA 911, GB 999, EU 112.")
def assess_command(
    text: str | None,
    input_file: Path | None,
    jsonl_file: Path | None,
    out_file: Path | None,
    as_json: bool,
    locale: str | None,
) -> None:
    """Assess symptoms in the person's own words, or a JSON request. Not a diagnosis.

    Example: mbcwatch assess "my back hurts and my legs feel weak"
    """
    if sum(x is not None for x in (text, input_file, jsonl_file)) != 1:
        raise InputError("give exactly one of TEXT, --input FILE or --jsonl FILE", field=None)
    if jsonl_file is not None:
        _batch(jsonl_file, out_file, locale)
        return
    request: dict[str, Any] = {"text": text} if text is not None else _read_json(input_file)
    response = assess(request, locale=locale)
    if as_json:
        click.echo(response.model_dump_json(indent=2))
    else:
        click.echo(readable(response))


def _read_json(path: Path | None) -> dict[str, Any]:
    if path is None:
        raise InputError("give TEXT or --input FILE", field="input")
    return read_json_object(path, field="input")


def _batch(path: Path, out_file: Path | None, locale: str | None) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", field="jsonl") from None
    try:
        out: TextIO = out_file.open("w", encoding="utf-8") if out_file else sys.stdout
    except OSError as exc:
        raise InputError(f"cannot write {out_file}: {exc.strerror}", field="out") from None
    try:
        if sys.stderr.isatty():
            with click.progressbar(lines, label="Assessing", file=sys.stderr) as bar:
                for line in bar:
                    out.write(batch_line(line, locale) + "\n")
        else:
            for line in lines:
                out.write(batch_line(line, locale) + "\n")
    finally:
        if out_file:
            out.close()


def batch_line(line: str, locale: str | None) -> str:
    """One response line for one request line; a bad line becomes an error object."""
    request_id: Any = None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error_line(None, "invalid_json", f"not valid JSON: {exc.msg}", None)
    if isinstance(data, dict):
        request_id = data.get("id")
    try:
        return assess(data, locale=locale).model_dump_json()
    except InputError as exc:
        return _error_line(request_id, exc.code, exc.message, exc.field)
    except MbcwatchError as exc:
        return _error_line(request_id, exc.code, exc.message, None)


def _error_line(request_id: Any, code: str, message: str, field: str | None) -> str:
    error = {"code": code, "message": message, "field": field}
    return json.dumps({"id": request_id, "error": error})


def readable(response: AssessResponse) -> str:
    """The response for a person: coloured urgency, advice, flags, sites, reasons with sources."""
    level = response.urgency.value
    lines = [
        click.style(f"Urgency: {level.upper()}", fg=COLOURS[level], bold=True),
        response.advice,
    ]
    if response.red_flags:
        lines.append("")
        lines.append(click.style("Warning signs", bold=True))
        for flag in response.red_flags:
            lines.append(f"  - {flag.label}: {', '.join(repr(e) for e in flag.evidence)}")
    if response.sites:
        lines.append("")
        lines.append(click.style("Where it may point to (not a diagnosis)", bold=True))
        for site in response.sites[:3]:
            lines.append(f"  - {site.id} ({site.score:.2f}): {', '.join(site.evidence)}")
    if response.reasons:
        lines.append("")
        lines.append(click.style("Why", bold=True))
        for reason in response.reasons:
            lines.append(f"  - {reason.explanation} [{', '.join(reason.sources)}]")
    if response.tests_to_discuss:
        lines.append("")
        lines.append(click.style("Tests a doctor may consider", bold=True))
        lines.extend(f"  - {test}" for test in response.tests_to_discuss)
    if response.symptoms:
        lines.append("")
        lines.append(click.style("What was understood", bold=True))
        for item in response.symptoms:
            notes = [
                note
                for note, present in (
                    ("negated", item.negated),
                    ("someone else", item.experiencer == "other"),
                    (item.temporality, item.temporality != "current"),
                )
                if present
            ]
            lines.append(
                f"  - {item.text} -> {item.id}" + (f" ({', '.join(notes)})" if notes else "")
            )
    if response.sources:
        lines.append("")
        lines.append(click.style("Sources", bold=True))
        lines.extend(
            f"  [{s.id}] {s.title}" + (f" {s.url}" if s.url else "") for s in response.sources
        )
    lines += ["", response.disclaimer]
    return "\n".join(lines)


@click.command("eval")
@click.argument("cases_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Accepted metrics (JSON); fail if a safety metric drops below.")  # fmt: skip
def eval_command(cases_file: Path, as_json: bool, baseline: Path | None) -> None:
    """Score the triage engine on labelled cases; exit 1 when the safety gate fails.

    Example: mbcwatch eval evals/triage/dev.jsonl
    """
    metrics = score(run_cases(read_cases(cases_file), assess))
    accepted = _read_baseline(baseline) if baseline else None
    failures = gate(metrics, accepted)
    if as_json:
        click.echo(json.dumps({**metrics.as_dict(), "failures": failures}, indent=2))
    else:
        click.echo(report(metrics))
        for failure in failures:
            click.echo(click.style(f"FAIL: {failure}", fg="red", bold=True))
    if failures:
        sys.exit(1)


def _read_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the baseline {path.name}: {exc}", field="baseline") from None
    if not isinstance(data, dict):
        raise InputError(f"{path.name} must hold one JSON object", field="baseline")
    return data


@click.command("assess-bench")
@click.option("--repeat", default=50, show_default=True, type=click.IntRange(1, 10_000),
              help="Passes over each workload.")  # fmt: skip
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Accepted figures (JSON) to print beside this run.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_command(repeat: int, baseline: Path | None, as_json: bool) -> None:
    """Assessments per second on one core, p50/p99 latency: structured baseline vs free text.

    Example: mbcwatch assess-bench --baseline evals/triage/bench-baseline.json
    """
    core = benchmark.pin_to_one_core()
    figures = benchmark.run(assess, repeat=repeat)
    accepted = _read_baseline(baseline) if baseline else None
    if as_json:
        click.echo(json.dumps({"core": core, "figures": [f.as_dict() for f in figures]}, indent=2))
        return
    click.echo(f"one core ({core}), {repeat} passes; baseline: the structured workload")
    click.echo(benchmark.table(figures, accepted))
