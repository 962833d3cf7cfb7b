"""``mbcwatch kb``: check the knowledge base and show its entries."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mbcwatch.errors import NotFoundError, did_you_mean
from mbcwatch.kb import load_from, load_kb
from mbcwatch.kb.show import describe


@click.group("kb")
def kb_group() -> None:
    """Inspect the cited knowledge base."""


@kb_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Check the knowledge-base files in this folder instead of the packaged ones.",
)
def kb_check(as_json: bool, data_dir: Path | None) -> None:
    """Validate every knowledge-base file and print counts.

    Example: mbcwatch kb check   (or: mbcwatch kb check --data path/to/edited/data)
    """
    kb = load_kb() if data_dir is None else load_from(data_dir)
    counts = kb.counts()
    if as_json:
        click.echo(json.dumps({"version": kb.version, "counts": counts}))
        return
    click.echo(f"Knowledge base {kb.version}: OK")
    for kind, count in counts.items():
        click.echo(f"  {kind:<11} {count:>5}")


@kb_group.command("show")
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def kb_show(record_id: str, as_json: bool) -> None:
    """Print one entry (symptom, site, red flag, test, treatment or source) with its citations.

    Example: mbcwatch kb show spinal_cord_compression
    """
    kb = load_kb()
    found = kb.find_all(record_id)
    if not found:
        suggestion = did_you_mean(record_id, dict.fromkeys(kb.all_ids()))
        raise NotFoundError(f"no knowledge-base entry {record_id!r}{suggestion}")
    if as_json:
        entries = [{"table": kind, **record.model_dump(mode="json")} for kind, record in found]
        click.echo(json.dumps(entries[0] if len(entries) == 1 else entries, indent=2))
        return
    click.echo("\n\n".join(describe(kb, kind, record) for kind, record in found))
