"""A readable, cited rendering of one knowledge-base record."""

from __future__ import annotations

from typing import Any

from mbcwatch.kb.load import KnowledgeBase
from mbcwatch.kb.schema import Record


def describe(kb: KnowledgeBase, kind: str, record: Record) -> str:
    """Every field of the record, one per line, then the full titles of the sources it cites."""
    data = record.model_dump(mode="json", exclude_none=True)
    lines = [f"{data.get('label') or data.get('title')}  [{kind.rstrip('s')} {data['id']}]"]
    cited: list[str] = []
    for key, value in data.items():
        if key in ("id", "label"):
            continue
        lines.extend(_field_lines(key, value, cited, indent="  "))
    if cited:
        lines.append("Sources:")
        for source_id in dict.fromkeys(cited):
            source = kb.sources[source_id]
            where = source.url or (f"seed article {source.file}" if source.file else "")
            year = f", {source.year}" if source.year else ""
            line = f"  [{source_id}] {source.title} ({source.publisher}{year}) {where}"
            lines.append(line.rstrip())
    return "\n".join(lines)


def _field_lines(key: str, value: Any, cited: list[str], *, indent: str) -> list[str]:
    if key == "sources" and isinstance(value, list):
        cited.extend(value)
        return [f"{indent}sources: {', '.join(f'[{s}]' for s in value)}"]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [f"{indent}{key}:"]
        for item in value:
            head = item.get("id") or item.get("label") or item.get("code") or ""
            rest = {k: v for k, v in item.items() if v != head}
            summary = "; ".join(_inline(k, v, cited) for k, v in rest.items())
            lines.append(f"{indent}  - {head}" + (f"  ({summary})" if summary else ""))
        return lines
    if isinstance(value, dict):
        lines = [f"{indent}{key}:"]
        for inner_key, inner in value.items():
            lines.extend(_field_lines(inner_key, inner, cited, indent=indent + "  "))
        return lines
    if isinstance(value, list):
        return [f"{indent}{key}: {', '.join(str(v) for v in value)}"]
    return [f"{indent}{key}: {value}"]


def _inline(key: str, value: Any, cited: list[str]) -> str:
    if key == "sources":
        cited.extend(value)
        return " ".join(f"[{s}]" for s in value)
    if isinstance(value, list):
        return f"{key}: {', '.join(str(v) for v in value)}"
    return f"{key}: {value}"
