"""Every clinical term of the five seed articles resolves to a knowledge-base entry.

The checklist is tests/kb/article_terms.yaml. A term resolves when its words (or the `kb:` name
given for it) appear, as whole words, in an id, label, phrasing, subsite, lay term, rarely-involved
part or side-effect label of the knowledge base.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mbcwatch.kb import KnowledgeBase, load_kb

CHECKLIST = Path(__file__).with_name("article_terms.yaml")


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("_", " ")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


def _names(kb: KnowledgeBase) -> list[str]:
    names: list[str] = []
    for table in (kb.sites, kb.red_flags, kb.symptoms, kb.tests, kb.treatments):
        for record in table.values():
            names += [record.id, record.label]
    for site in kb.sites.values():
        names.append(site.lay_label)
        for subsite in site.subsites:
            names += [subsite.id, subsite.label, *subsite.lay_terms]
        if site.rarely_involved is not None:
            names += site.rarely_involved.parts
    for symptom in kb.symptoms.values():
        names += symptom.phrasings
    for treatment in kb.treatments.values():
        names += [effect.label for effect in treatment.side_effects]
    return [f" {_normalise(name)} " for name in names]


def _checklist() -> list[tuple[str, str, str]]:
    data = yaml.safe_load(CHECKLIST.read_text(encoding="utf-8"))
    entries: list[tuple[str, str, str]] = []
    for article, terms in data.items():
        for item in terms:
            term, kb_name = (item["term"], item["kb"]) if isinstance(item, dict) else (item, item)
            entries.append((article, term, kb_name))
    return entries


CHECKLIST_ENTRIES = _checklist()


@pytest.fixture(scope="module")
def kb_names() -> list[str]:
    return _names(load_kb())


@pytest.mark.parametrize(("article", "term", "kb_name"), CHECKLIST_ENTRIES)
def test_article_term_resolves_to_a_kb_entry(
    kb_names: list[str], article: str, term: str, kb_name: str
) -> None:
    wanted = f" {_normalise(kb_name)} "
    assert any(wanted in name for name in kb_names), f"{term!r} ({article}) resolves to nothing"


@pytest.mark.parametrize(("article", "term", "kb_name"), CHECKLIST_ENTRIES)
def test_checklist_term_is_worded_as_in_its_article(
    shared_dir: Path, article: str, term: str, kb_name: str
) -> None:
    path = shared_dir / "seeds" / article
    if not path.is_file():
        pytest.skip(f"seed article {article} not found beside the repository (../shared/seeds)")
    text = f" {_normalise(path.read_text(encoding='utf-8'))} "
    assert f" {_normalise(term)} " in text, f"{term!r} does not occur in {article}"


def test_checklist_covers_every_seed_article(shared_dir: Path) -> None:
    articles = {article for article, _, _ in CHECKLIST_ENTRIES}
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip("seed articles not found beside the repository (../shared/seeds)")
    assert articles == {path.name for path in seeds.glob("*.txt")}


def test_resolution_rejects_an_unknown_term(kb_names: list[str]) -> None:
    """Guards the resolver itself: a made-up term must not resolve."""
    assert not any(" zebra fever " in name for name in kb_names)
