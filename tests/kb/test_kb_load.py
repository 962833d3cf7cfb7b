"""Loading the knowledge base: the packaged data loads, and every kind of breakage is named.

Broken copies are built in tmp_path (fixture ``kb_copy``) and loaded with ``load_from``; each
failure must name the file, the record and the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mbcwatch.errors import KnowledgeBaseError
from mbcwatch.kb import KnowledgeBase, load_from, load_kb
from mbcwatch.vocab import RED_FLAGS, SITES, TREATMENTS


def _edit(folder: Path, file_name: str, old: str, new: str) -> None:
    path = folder / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {file_name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_packaged_knowledge_base_loads_with_contract_vocabularies(kb: KnowledgeBase) -> None:
    assert set(SITES) <= set(kb.sites)
    assert set(RED_FLAGS) == set(kb.red_flags)
    assert set(TREATMENTS) <= set(kb.treatments)


def test_load_kb_is_cached(kb: KnowledgeBase) -> None:
    assert load_kb() is kb


def test_a_copy_loads_to_the_same_version(kb: KnowledgeBase, kb_copy: Path) -> None:
    assert load_from(kb_copy).version == kb.version


def test_version_changes_when_the_data_changes(kb: KnowledgeBase, kb_copy: Path) -> None:
    _edit(kb_copy, "tests.yaml", "label: X-ray", "label: X-ray (plain film)")
    assert load_from(kb_copy).version != kb.version


def test_missing_file_is_named(kb_copy: Path) -> None:
    (kb_copy / "tests.yaml").unlink()
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    assert caught.value.file == "tests.yaml"
    assert "file is missing" in str(caught.value)


def test_duplicate_id_names_file_record_and_field(kb_copy: Path) -> None:
    _edit(kb_copy, "tests.yaml", "- id: xray\n", "- id: bone_scan\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    error = caught.value
    assert (error.file, error.record, error.field) == ("tests.yaml", "bone_scan", "id")
    assert "duplicate id" in str(error)


def test_id_shared_across_files_is_refused(kb_copy: Path) -> None:
    _edit(kb_copy, "tests.yaml", "- id: xray\n", "- id: chemotherapy\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    assert caught.value.record == "chemotherapy"
    assert "also used in" in str(caught.value)


def test_unknown_key_names_file_record_and_field(kb_copy: Path) -> None:
    _edit(kb_copy, "symptoms.yaml", "- id: cough\n", "- id: cough\n  colour: red\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    error = caught.value
    assert (error.file, error.record, error.field) == ("symptoms.yaml", "cough", "colour")
    assert "Extra inputs are not permitted" in str(error)


def test_unknown_source_names_the_exact_citation(kb_copy: Path) -> None:
    _edit(
        kb_copy,
        "symptoms.yaml",
        "- id: kidney_stones\n",
        "- id: kidney_stones\n  sites: [{id: bone, sources: [made_up_source]}]\n",
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    error = caught.value
    assert (error.file, error.record) == ("symptoms.yaml", "kidney_stones")
    assert error.field == "sites.0.sources.0"
    assert "unknown source 'made_up_source'" in str(error)


def test_broken_site_reference_is_named(kb_copy: Path) -> None:
    _edit(kb_copy, "symptoms.yaml", "[{id: liver, sources: [seed_001_dana_farber]}]",
          "[{id: kidney, sources: [seed_001_dana_farber]}]")  # fmt: skip
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    error = caught.value
    assert error.file == "symptoms.yaml"
    assert error.field is not None
    assert error.field.startswith("sites.")
    assert "unknown site 'kidney'" in str(error)


def test_broken_red_flag_reference_is_named(kb_copy: Path) -> None:
    _edit(kb_copy, "symptoms.yaml", "  - id: hypercalcemia\n", "  - id: hypercalcaemia_typo\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    error = caught.value
    assert error.file == "symptoms.yaml"
    assert error.record == "bone_pain"
    assert error.field == "red_flags.0.id"


def test_broken_side_effect_reference_is_named(kb_copy: Path) -> None:
    _edit(kb_copy, "treatments.yaml", "symptom: hair_loss", "symptom: baldness")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    error = caught.value
    assert (error.file, error.record) == ("treatments.yaml", "chemotherapy")
    assert error.field == "side_effects.0.symptom"


def test_missing_contract_red_flag_is_named(kb_copy: Path) -> None:
    path = kb_copy / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("- id: opioid_toxicity")[0], encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    assert caught.value.file == "red_flags.yaml"
    assert "opioid_toxicity" in str(caught.value)


def test_malformed_hpo_id_is_named(kb_copy: Path) -> None:
    _edit(kb_copy, "symptoms.yaml", "hpo: HP:0012735", "hpo: HPO12735")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    assert (caught.value.record, caught.value.field) == ("cough", "hpo")


def test_invalid_yaml_is_named(kb_copy: Path) -> None:
    (kb_copy / "sites.yaml").write_text("- id: bone\n  label: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    assert caught.value.file == "sites.yaml"
    assert "not valid YAML" in str(caught.value)


def test_a_file_that_is_not_a_list_is_refused(kb_copy: Path) -> None:
    (kb_copy / "tests.yaml").write_text("id: xray\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="must hold a list"):
        load_from(kb_copy)


def test_phrasing_shared_by_two_symptoms_is_named(kb_copy: Path) -> None:
    _edit(kb_copy, "symptoms.yaml", "  - kidney stone\n", "  - kidney stone\n  - bone pain\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    error = caught.value
    assert (error.file, error.record) == ("symptoms.yaml", "kidney_stones")
    assert error.field is not None
    assert error.field.startswith("phrasings.")
    assert "'bone pain' also belongs to 'bone_pain'" in str(error)


@pytest.mark.parametrize("bad", ["Kidney stone", "kidney  stone", "kidney stone!", " kidney stone"])
def test_phrasing_that_is_not_lower_case_words_is_refused(kb_copy: Path, bad: str) -> None:
    _edit(kb_copy, "symptoms.yaml", "  - kidney stone\n", f"  - {bad!r}\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    assert (caught.value.record, caught.value.field) == ("kidney_stones", "phrasings")


def test_hpo_id_without_its_label_is_refused(kb_copy: Path) -> None:
    _edit(kb_copy, "symptoms.yaml", "  hpo_label: Cough\n", "")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_from(kb_copy)
    assert caught.value.record == "cough"
    assert "hpo and hpo_label go together" in str(caught.value)
