"""``mbcwatch kb``: check the knowledge base and show its entries."""

from __future__ import annotations

import json

import click

from mbcwatch.errors import NotFoundError, did_you_mean
from mbcwatch.kb import load_kb
from mbcwatch.kb.show import describe


@click.group("kb")
def kb_group() -> None:
    """Inspect the cited knowledge base."""


@kb_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def kb_check(as_json: bool) -> None:
    """Validate every knowledge-base file and print counts.

    Example: mbcwatch kb check
    """
    kb = load_kb()
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
    found = kb.find(record_id)
    if found is None:
        raise NotFoundError(f"no knowledge-base entry {record_id!r}{did_you_mean(record_id, kb.all_ids())}")
    kind, record = found
    if as_json:
        click.echo(json.dumps({"kind": kind, **record.model_dump(mode="json")}, indent=2))
        return
    click.echo(describe(kb, kind, record))
