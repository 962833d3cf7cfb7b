"""Clinical behaviour of the rules, on findings built by hand (text reading is tested apart)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mbcwatch.contract import Context
from mbcwatch.kb import load_kb
from mbcwatch.nlp.findings import Finding, Quantity
from mbcwatch.triage import compile_rules, evaluate, load_rules
from mbcwatch.vocab import Urgency

MakeFinding = Callable[..., Finding]

KB = load_kb()


def run(findings: list[Finding], **context: Any) -> tuple[Urgency, set[str]]:
    trace = evaluate(findings, Context(**context), load_rules(), KB)
    return trace.urgency, {hit.red_flag for hit in trace.hits if hit.red_flag}


def temperature(value: float) -> tuple[Quantity, ...]:
    return (Quantity("temperature_c", value, f"{value}"),)


# Each row: findings (symptom id or (id, fields)), context, expected urgency, expected red flag.
CASES: list[tuple[str, list[Any], dict[str, Any], Urgency, str | None]] = [
    (
        "back pain with weak legs",
        ["back_pain", "leg_weakness"],
        {},
        Urgency.EMERGENCY,
        "spinal_cord_compression",
    ),
    (
        "back pain with pins and needles",
        ["back_pain", "tingling"],
        {},
        Urgency.EMERGENCY,
        "spinal_cord_compression",
    ),
    (
        "band of pain round the chest",
        ["band_like_trunk_pain"],
        {},
        Urgency.EMERGENCY,
        "spinal_cord_compression",
    ),
    (
        "new bowel loss alone",
        ["bowel_incontinence"],
        {},
        Urgency.EMERGENCY,
        "spinal_cord_compression",
    ),
    (
        "saddle numbness alone",
        ["saddle_numbness"],
        {},
        Urgency.EMERGENCY,
        "spinal_cord_compression",
    ),
    ("pain worse lying flat", ["pain_worse_lying_flat"], {}, Urgency.URGENT, None),
    ("upper back pain", [("back_pain", {"location": "upper back"})], {}, Urgency.URGENT, None),
    ("back pain getting worse", [("back_pain", {"trend": "worse"})], {}, Urgency.URGENT, None),
    (
        "fever 38.2 on chemotherapy",
        [("fever", {"quantities": temperature(38.2)})],
        {"treatments": ["chemotherapy"]},
        Urgency.EMERGENCY,
        "neutropenic_sepsis",
    ),
    (
        "37.6 within weeks of chemotherapy",
        [("fever", {"quantities": temperature(37.6)})],
        {"days_since_last_chemotherapy": 10},
        Urgency.EMERGENCY,
        "neutropenic_sepsis",
    ),
    (
        "unwell without fever on chemotherapy",
        ["feeling_unwell"],
        {"treatments": ["chemotherapy"]},
        Urgency.EMERGENCY,
        "neutropenic_sepsis",
    ),
    (
        "fever long after chemotherapy",
        ["fever"],
        {"treatments": ["endocrine_therapy"], "days_since_last_chemotherapy": 400},
        Urgency.URGENT,
        None,
    ),
    (
        "thirst and constipation",
        ["excessive_thirst", "constipation"],
        {},
        Urgency.URGENT,
        "hypercalcemia",
    ),
    ("new confusion", ["confusion"], {}, Urgency.EMERGENCY, "hypercalcemia"),
    ("a crack in the thigh", ["fracture"], {}, Urgency.EMERGENCY, "pathological_fracture"),
    (
        "severe bone pain",
        [("bone_pain", {"severity": "severe"})],
        {},
        Urgency.EMERGENCY,
        "pathological_fracture",
    ),
    ("cannot move a leg", ["movement_difficulty"], {}, Urgency.EMERGENCY, None),
    (
        "numb legs alone",
        [("numbness", {"location": "legs"})],
        {},
        Urgency.EMERGENCY,
        "spinal_cord_compression",
    ),
    ("a fit", ["seizure"], {}, Urgency.EMERGENCY, "seizure"),
    (
        "morning headache and vomiting",
        ["morning_headache", "vomiting"],
        {},
        Urgency.EMERGENCY,
        "raised_intracranial_pressure",
    ),
    (
        "headache with double vision",
        ["headache", "vision_change"],
        {},
        Urgency.EMERGENCY,
        "raised_intracranial_pressure",
    ),
    ("swollen face", ["face_swelling"], {}, Urgency.EMERGENCY, "superior_vena_cava_obstruction"),
    (
        "breathless since an hour ago",
        [("shortness_of_breath", {"duration_days": 0.04})],
        {},
        Urgency.EMERGENCY,
        "acute_breathlessness",
    ),
    (
        "breathless on stairs for three weeks",
        [("shortness_of_breath", {"duration_days": 21})],
        {},
        Urgency.SOON,
        None,
    ),
    ("coughing blood", ["coughing_blood"], {}, Urgency.EMERGENCY, "hemoptysis"),
    ("breathless at rest", ["breathless_at_rest"], {}, Urgency.EMERGENCY, "acute_breathlessness"),
    ("yellow eyes", ["jaundice"], {}, Urgency.URGENT, "jaundice"),
    (
        "jaw pain on denosumab",
        ["jaw_problem"],
        {"treatments": ["denosumab"]},
        Urgency.URGENT,
        "osteonecrosis_of_jaw",
    ),
    (
        "tingling on denosumab",
        ["tingling"],
        {"treatments": ["denosumab"]},
        Urgency.URGENT,
        "hypocalcemia",
    ),
    (
        "cramps on a bisphosphonate",
        ["muscle_cramps"],
        {"treatments": ["bisphosphonate"]},
        Urgency.URGENT,
        "hypocalcemia",
    ),
    (
        "pinpoint pupils on morphine",
        ["pinpoint_pupils"],
        {"treatments": ["opioid"]},
        Urgency.EMERGENCY,
        "opioid_toxicity",
    ),
    (
        "hot flushes on tamoxifen",
        [("hot_flushes", {"duration_days": 30})],
        {"treatments": ["endocrine_therapy"]},
        Urgency.ROUTINE,
        None,
    ),
    (
        "opioid constipation",
        [("constipation", {"duration_days": 20})],
        {"treatments": ["opioid"]},
        Urgency.ROUTINE,
        None,
    ),
    ("cough for two weeks", [("cough", {"duration_days": 14})], {}, Urgency.SOON, None),
    (
        "cough for two days, easing",
        [("cough", {"duration_days": 2, "trend": "better"})],
        {},
        Urgency.ROUTINE,
        None,
    ),
    ("severe new pain", [("abdominal_pain", {"severity": "severe"})], {}, Urgency.URGENT, None),
    (
        "two concerns for days",
        [("cough", {"duration_days": 10}), ("weight_loss", {"duration_days": 20})],
        {},
        Urgency.URGENT,
        None,
    ),
]


def build(make_finding: MakeFinding, spec: Any) -> Finding:
    if isinstance(spec, str):
        return make_finding(spec)
    symptom_id, fields = spec
    return make_finding(symptom_id, **fields)


@pytest.mark.parametrize(
    ("name", "specs", "context", "urgency", "flag"), CASES, ids=[c[0] for c in CASES]
)
def test_clinical_rule(
    make_finding: MakeFinding,
    name: str,
    specs: list[Any],
    context: dict[str, Any],
    urgency: Urgency,
    flag: str | None,
) -> None:
    got, flags = run([build(make_finding, s) for s in specs], **context)
    assert got == urgency, name
    if flag:
        assert flag in flags, name


@pytest.mark.parametrize(
    "fields",
    [
        {"negated": True},
        {"experiencer": "other"},
        {"temporality": "historical"},
        {"temporality": "hypothetical"},
    ],
)
def test_a_finding_that_does_not_apply_now_fires_nothing(
    make_finding: MakeFinding, fields: dict[str, Any]
) -> None:
    trace = evaluate([make_finding("leg_weakness", **fields)], Context(), load_rules(), KB)
    assert trace.hits == ()
    assert trace.urgency == Urgency.ROUTINE


def test_a_side_effect_never_hides_a_red_flag(make_finding: MakeFinding) -> None:
    # Fever is a listed side effect of chemotherapy; it must still raise neutropenic sepsis.
    urgency, flags = run([make_finding("fever")], treatments=["chemotherapy"])
    assert urgency == Urgency.EMERGENCY
    assert "neutropenic_sepsis" in flags


def test_jaw_pain_without_bone_medicine_is_not_osteonecrosis(make_finding: MakeFinding) -> None:
    _, flags = run([make_finding("jaw_problem")], treatments=["endocrine_therapy"])
    assert "osteonecrosis_of_jaw" not in flags


def test_the_trace_names_clauses_evidence_and_sources(make_finding: MakeFinding) -> None:
    findings = [
        make_finding("back_pain", text="my back"),
        make_finding("leg_weakness", text="legs gave way"),
    ]
    trace = evaluate(findings, Context(), load_rules(), KB)
    hit = next(h for h in trace.hits if h.rule.startswith("mscc_spinal_pain_with_neuro@"))
    assert [len(c.evidence) for c in hit.clauses] == [1, 1]
    assert hit.evidence == ("my back", "legs gave way")
    assert "nice_ng234" in hit.sources


def test_aggregation_cites_ukons_and_quotes_the_concerns(make_finding: MakeFinding) -> None:
    findings = [
        make_finding("cough", text="cough for ten days", duration_days=10),
        make_finding("weight_loss", text="lost weight", duration_days=20),
    ]
    trace = evaluate(findings, Context(), load_rules(), KB)
    assert trace.base_urgency == Urgency.SOON
    assert trace.urgency == Urgency.URGENT
    escalation = trace.hits[-1]
    assert escalation.kind == "aggregation"
    assert escalation.sources == ("ukons_triage",)
    assert escalation.evidence == ("cough for ten days", "lost weight")


def test_one_concern_at_a_level_does_not_escalate(make_finding: MakeFinding) -> None:
    trace = evaluate([make_finding("cough", duration_days=10)], Context(), load_rules(), KB)
    assert trace.urgency == Urgency.SOON


@pytest.mark.parametrize(
    ("reading", "expected"), [(37.8, Urgency.EMERGENCY), (36.8, Urgency.ROUTINE)]
)
def test_a_measured_temperature_counts_even_when_the_words_deny_fever(
    make_finding: MakeFinding, reading: float, expected: Urgency
) -> None:
    # The reader marks "temp 37.8" (below its own threshold) as a negated fever with the reading.
    finding = make_finding("fever", negated=True, quantities=temperature(reading))
    urgency, _ = run([finding], treatments=["chemotherapy"])
    assert urgency == expected


def test_someone_elses_temperature_never_counts(make_finding: MakeFinding) -> None:
    finding = make_finding("fever", negated=True, experiencer="other", quantities=temperature(39.0))
    urgency, _ = run([finding], treatments=["chemotherapy"])
    assert urgency == Urgency.ROUTINE


CONTEXT_RULES = """
version: 0.0.1
aggregation:
  escalate_from: [soon]
  min_concerns: 2
  explanation: two concerns at once
  sources: [ukons_triage]
rules:
  - id: bone_pain_with_known_bone_spread
    version: 1
    when:
      - symptoms: [bone_pain]
    context_any:
      - metastatic: ["yes"]
        known_sites_any: [bone]
        age_at_least: 50
    urgency: urgent
    explanation: a rule that needs context, for testing its semantics
    sources: [seed_000_everyday_health]
"""


@pytest.mark.parametrize(
    ("context", "fires"),
    [
        ({}, True),
        ({"metastatic": "yes", "known_metastatic_sites": ["bone"], "age": 60}, True),
        ({"metastatic": "yes"}, True),
        ({"metastatic": "no"}, False),
        ({"metastatic": "yes", "known_metastatic_sites": ["liver"]}, False),
        ({"age": 40}, False),
    ],
)
def test_unknown_context_lets_a_rule_fire_and_known_context_can_stop_it(
    make_finding: MakeFinding, context: dict[str, Any], fires: bool
) -> None:
    rules = compile_rules(CONTEXT_RULES, KB)
    trace = evaluate([make_finding("bone_pain")], Context(**context), rules, KB)
    assert bool(trace.hits) is fires
