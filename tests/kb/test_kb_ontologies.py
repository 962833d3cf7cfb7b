"""Every HPO and ICD-10-CM code in the knowledge base exists in the code sets shipped offline.

HPO comes from the ontology inside the installed hpo3 wheel; ICD-10-CM from simple-icd-10-cm.
No invented codes: a wrong id or a mismatched name fails here.
"""

from __future__ import annotations

import pytest
import simple_icd_10_cm as icd
from pyhpo import Ontology

from mbcwatch.kb import KnowledgeBase, load_kb
from mbcwatch.kb.schema import Icd10Code, Symptom

KB = load_kb()
HPO_SYMPTOMS = [symptom for symptom in KB.symptoms.values() if symptom.hpo is not None]
ICD_CODES = [(site.id, code) for site in KB.sites.values() for code in site.icd10cm]


@pytest.fixture(scope="module")
def ontology() -> type[Ontology]:
    Ontology()
    return Ontology


@pytest.mark.parametrize("symptom", HPO_SYMPTOMS, ids=lambda symptom: symptom.id)
def test_hpo_id_exists_with_its_label(ontology: type[Ontology], symptom: Symptom) -> None:
    term = ontology.get_hpo_object(symptom.hpo)
    assert term.name == symptom.hpo_label
    assert not term.name.startswith("obsolete")


def test_every_hpo_symptom_names_its_term(kb: KnowledgeBase) -> None:
    for symptom in kb.symptoms.values():
        assert (symptom.hpo is None) == (symptom.hpo_label is None), symptom.id


def test_hpo_ids_are_unique_so_a_structured_symptom_maps_to_one_entry(kb: KnowledgeBase) -> None:
    hpo_ids = [symptom.hpo for symptom in kb.symptoms.values() if symptom.hpo]
    assert len(hpo_ids) == len(set(hpo_ids))


def test_most_symptoms_have_an_hpo_term(kb: KnowledgeBase) -> None:
    assert len(HPO_SYMPTOMS) >= 0.6 * len(kb.symptoms)


def test_a_wrong_hpo_id_is_caught(ontology: type[Ontology]) -> None:
    """Guards the check above: an id that is not in the ontology raises."""
    with pytest.raises(RuntimeError):
        ontology.get_hpo_object("HP:9999999")


@pytest.mark.parametrize(
    ("site_id", "code"),
    ICD_CODES,
    ids=lambda value: value if isinstance(value, str) else value.code,
)
def test_icd10cm_code_is_a_valid_secondary_neoplasm_code(site_id: str, code: Icd10Code) -> None:
    value = code.code
    assert icd.is_valid_item(value), f"{site_id}: {value} is not an ICD-10-CM code"
    assert icd.is_leaf(value), f"{site_id}: {value} is a category, not a billable code"
    assert value[:3] in {"C77", "C78", "C79"}, f"{site_id}: {value} is not a secondary neoplasm"
    assert icd.get_description(value) == code.title


def test_every_site_has_an_icd10cm_code(kb: KnowledgeBase) -> None:
    assert all(site.icd10cm for site in kb.sites.values())
