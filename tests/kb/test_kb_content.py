"""What the knowledge base must say: citations, contract vocabularies, phrasings, red flags."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mbcwatch.kb import KnowledgeBase
from mbcwatch.kb.load import data_dir
from mbcwatch.vocab import Urgency

REPO = Path(__file__).resolve().parents[2]

# Single words that also have everyday meanings, so alone they would fire falsely.
AMBIGUOUS_ALONE = {
    "fit",
    "fall",
    "falls",
    "sick",
    "temperature",
    "cold",
    "weak",
    "tired",
    "down",
    "pain",
}


def _cited_sources(kb: KnowledgeBase) -> set[str]:
    cited: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "sources" and isinstance(inner, list):
                    cited.update(inner)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for table in (kb.sites, kb.red_flags, kb.symptoms, kb.tests, kb.treatments):
        for record in table.values():
            walk(record.model_dump())
    return cited


def test_every_source_is_cited_by_a_record(kb: KnowledgeBase) -> None:
    assert set(kb.sources) - _cited_sources(kb) == set()


def test_every_seed_article_is_a_source(kb: KnowledgeBase, shared_dir: Path) -> None:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip("seed articles not found beside the repository (../shared/seeds)")
    files = {source.file for source in kb.sources.values() if source.kind == "seed_article"}
    assert files == {path.name for path in seeds.glob("*.txt")}


def test_seed_sources_carry_their_title(kb: KnowledgeBase, shared_dir: Path) -> None:
    """The title is the one printed in the article, or listed for it in the seeds README."""
    readme = shared_dir / "seeds" / "README.md"
    if not readme.is_file():
        pytest.skip("seed articles not found beside the repository (../shared/seeds)")
    listed = {
        line.split("|")[1].strip(): line for line in readme.read_text(encoding="utf-8").splitlines()
        if line.startswith("| 0")
    }  # fmt: skip
    seeds = [source for source in kb.sources.values() if source.kind == "seed_article"]
    assert len(seeds) == 5
    for source in seeds:
        assert source.file is not None
        assert source.url is None, "seed articles print no URL: never invent one"
        text = (shared_dir / "seeds" / source.file).read_text(encoding="utf-8")
        assert source.title in text or source.title in listed[source.file], source.id


def test_guidance_sources_have_a_url_and_publisher(kb: KnowledgeBase) -> None:
    for source in kb.sources.values():
        if source.kind != "seed_article":
            assert source.url is not None, source.id
            assert source.publisher, source.id
            assert source.covers, source.id


@pytest.mark.parametrize(
    "source_id",
    ["nice_ng234", "nice_cg151", "ukons_triage", "asco_followup", "esmo_abc5", "macmillan_mscc",
     "acs_bone_metastases"],
)  # fmt: skip
def test_required_guidance_is_present(kb: KnowledgeBase, source_id: str) -> None:
    assert source_id in kb.sources


def test_symptom_ids_match_the_shared_vocabulary(kb: KnowledgeBase) -> None:
    table = (REPO / "docs" / "symptom-ids.md").read_text(encoding="utf-8")
    rows = [
        line.split("|")[2]
        for line in table.splitlines()
        if line.startswith("| ") and "ids" not in line
    ]
    documented = {name.strip() for row in rows for name in row.split(",") if name.strip()}
    assert documented == set(kb.symptoms)


def test_phrasings_are_lower_case_words(kb: KnowledgeBase) -> None:
    for symptom in kb.symptoms.values():
        for phrasing in symptom.phrasings:
            assert re.fullmatch(r"[a-z0-9' ]+", phrasing), f"{symptom.id}: {phrasing!r}"
            assert phrasing == " ".join(phrasing.split()), f"{symptom.id}: {phrasing!r}"


def test_each_symptom_has_six_to_twenty_phrasings(kb: KnowledgeBase) -> None:
    for symptom in kb.symptoms.values():
        assert 6 <= len(symptom.phrasings) <= 20, symptom.id


def test_no_phrasing_belongs_to_two_symptoms(kb: KnowledgeBase) -> None:
    counts = Counter(p for symptom in kb.symptoms.values() for p in symptom.phrasings)
    assert [phrasing for phrasing, n in counts.items() if n > 1] == []


def test_no_phrasing_is_an_ambiguous_everyday_word(kb: KnowledgeBase) -> None:
    phrasings = {p for symptom in kb.symptoms.values() for p in symptom.phrasings}
    assert phrasings & AMBIGUOUS_ALONE == set()


@pytest.mark.parametrize(
    ("phrasing", "symptom_id"),
    [("my wee is dark", "dark_urine"), ("legs feel wobbly", "leg_weakness"),
     ("can't catch my breath", "shortness_of_breath"), ("throwing up", "vomiting"),
     ("chucking up", "vomiting"), ("pins and needles", "tingling"),
     ("tummy ache", "abdominal_pain"), ("puffed", "shortness_of_breath"), ("knackered", "fatigue"),
     ("constantly going to the dunny", "frequent_urination"),
     ("back and forth to the loo", "frequent_urination")],
)  # fmt: skip
def test_lay_words_from_the_brief_are_phrasings(
    kb: KnowledgeBase, phrasing: str, symptom_id: str
) -> None:
    assert phrasing in kb.symptoms[symptom_id].phrasings


def test_red_flags_are_emergency_or_urgent_and_cite_guidance(kb: KnowledgeBase) -> None:
    for flag in kb.red_flags.values():
        assert flag.urgency in (Urgency.EMERGENCY, Urgency.URGENT), flag.id
        kinds = {kb.sources[source_id].kind for source_id in flag.sources}
        assert kinds - {"seed_article"}, f"{flag.id} cites no professional or patient guidance"


def test_every_red_flag_is_signalled_by_a_symptom(kb: KnowledgeBase) -> None:
    signalled = {link.id for symptom in kb.symptoms.values() for link in symptom.red_flags}
    assert set(kb.red_flags) - signalled == set()


def test_every_site_is_pointed_to_by_a_symptom(kb: KnowledgeBase) -> None:
    pointed = {link.id for symptom in kb.symptoms.values() for link in symptom.sites}
    assert set(kb.sites) - pointed == set()


def test_bone_records_where_spread_is_rare(kb: KnowledgeBase) -> None:
    rarely = kb.sites["bone"].rarely_involved
    assert rarely is not None
    assert set(rarely.parts) == {"elbows", "hands", "wrists", "knees", "ankles", "feet"}
    assert rarely.sources == ["seed_001_dana_farber"]


def test_bisphosphonates_are_given_every_three_months(kb: KnowledgeBase) -> None:
    interval = kb.treatments["bisphosphonate"].dosing_interval
    assert interval is not None
    assert "every three months" in interval


def test_blood_biomarkers_are_investigational_and_other_tests_are_not(kb: KnowledgeBase) -> None:
    assert {t.id for t in kb.tests.values() if t.investigational} == {"blood_biomarkers"}


def test_data_files_ship_inside_the_package() -> None:
    assert data_dir().joinpath("symptoms.yaml").is_file()


@pytest.mark.parametrize(
    "sentence",
    ["I feel full of energy today", "the toilet flushes fine now", "my new shoes are fitting well",
     "my nose is blocked up", "the room temperature is fine", "I am fit and well",
     "the fluid was drained yesterday", "the leaves are falling",
     "I went for a walk with my sister", "we watched a film about a fall from grace",
     "my daughter is spewing about her exam"],
)  # fmt: skip
def test_everyday_sentences_contain_no_phrasing(kb: KnowledgeBase, sentence: str) -> None:
    """Phrasings match as word sequences: none may hide inside ordinary talk."""
    words = " " + " ".join(re.findall(r"[a-z0-9']+", sentence.lower())) + " "
    hits = [
        (symptom.id, phrasing)
        for symptom in kb.symptoms.values()
        for phrasing in symptom.phrasings
        if f" {phrasing} " in words
    ]
    assert hits == []


# Signs that must stay warnings: triage treats a symptom linked as a side effect as explained by
# the treatment, so none of these may be linked (infection, low calcium, jaw bone damage,
# fracture, opioid toxicity, spinal cord and brain signs).
DANGER_SIGNS = {
    "fever", "shivering", "feeling_unwell", "collapse", "muscle_cramps", "tingling", "jaw_problem",
    "fracture", "cannot_bear_weight", "slow_breathing", "pinpoint_pupils", "hallucinations",
    "drowsiness", "confusion", "leg_weakness", "numbness", "seizure", "coughing_blood", "jaundice",
    "breathless_at_rest", "face_swelling", "neck_vein_swelling",
}  # fmt: skip


def test_no_side_effect_explains_away_a_danger_sign(kb: KnowledgeBase) -> None:
    linked = {
        (treatment.id, effect.symptom)
        for treatment in kb.treatments.values()
        for effect in treatment.side_effects
        if effect.symptom in DANGER_SIGNS
    }
    assert linked == set()


def test_professional_guidelines_carry_their_year(kb: KnowledgeBase) -> None:
    for source_id in ("nice_ng234", "nice_cg151", "nice_cg140", "ukons_triage", "asco_followup",
                      "esmo_abc5"):  # fmt: skip
        assert kb.sources[source_id].year is not None, source_id


def test_a_lay_term_names_one_subsite(kb: KnowledgeBase) -> None:
    subsites = [subsite for site in kb.sites.values() for subsite in site.subsites]
    terms = Counter(term for subsite in subsites for term in subsite.lay_terms)
    assert [term for term, n in terms.items() if n > 1] == []
