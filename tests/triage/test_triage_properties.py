"""Safety properties of the evaluation, checked with Hypothesis over every KB symptom."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mbcwatch.contract import Context
from mbcwatch.kb import load_kb
from mbcwatch.nlp.findings import Finding, Quantity
from mbcwatch.triage import evaluate, load_rules
from mbcwatch.vocab import SITES, TREATMENTS

SYMPTOMS = sorted(load_kb().symptoms)

current = st.builds(
    Finding,
    symptom_id=st.sampled_from(SYMPTOMS),
    hpo=st.none(),
    text=st.sampled_from(["pain", "my upper back", "it", "legs"]),
    start=st.just(0),
    end=st.just(0),
    severity=st.none() | st.sampled_from(["mild", "moderate", "severe", "very_severe"]),
    duration_days=st.none() | st.floats(min_value=0, max_value=400),
    trend=st.none() | st.sampled_from(["better", "same", "worse"]),
    location=st.none() | st.sampled_from(["upper back", "leg", "head"]),
    quantities=st.just(())
    | st.tuples(st.builds(Quantity, st.just("temperature_c"), st.floats(35, 41), st.just("t"))),
)
not_applying = st.builds(
    Finding,
    symptom_id=st.sampled_from(SYMPTOMS),
    hpo=st.none(),
    text=st.just("x"),
    start=st.just(0),
    end=st.just(0),
    negated=st.booleans(),
    experiencer=st.sampled_from(["patient", "other"]),
    temporality=st.sampled_from(["current", "historical", "hypothetical"]),
).filter(lambda f: not f.applies_now)
contexts = st.fixed_dictionaries(
    {},
    optional={
        "metastatic": st.sampled_from(["yes", "no", "unknown"]),
        "known_metastatic_sites": st.lists(st.sampled_from(SITES), unique=True, max_size=3),
        "treatments": st.lists(st.sampled_from(TREATMENTS), unique=True, max_size=4),
        "days_since_last_chemotherapy": st.integers(0, 400),
        "age": st.integers(18, 100),
    },
)


def rank(findings: list[Finding], context: dict[str, Any]) -> int:
    return evaluate(findings, Context(**context), load_rules(), load_kb()).urgency.rank


@settings(max_examples=300, deadline=None)
@given(st.lists(current, max_size=5), current, contexts)
def test_adding_a_finding_never_lowers_urgency(
    findings: list[Finding], extra: Finding, context: dict[str, Any]
) -> None:
    assert rank([*findings, extra], context) >= rank(findings, context)


@settings(max_examples=300, deadline=None)
@given(st.lists(current, max_size=5), contexts, st.data())
def test_removing_context_never_lowers_urgency(
    findings: list[Finding], context: dict[str, Any], data: st.DataObject
) -> None:
    if not context:
        return
    dropped = data.draw(st.sampled_from(sorted(context)))
    fewer = {key: value for key, value in context.items() if key != dropped}
    assert rank(findings, fewer) >= rank(findings, context)


@settings(max_examples=300, deadline=None)
@given(st.lists(current, max_size=4), st.lists(not_applying, min_size=1, max_size=4), contexts)
def test_findings_that_do_not_apply_now_never_fire_a_rule(
    findings: list[Finding], ignored: list[Finding], context: dict[str, Any]
) -> None:
    rules, kb = load_rules(), load_kb()
    alone = evaluate(ignored, Context(**context), rules, kb)
    assert alone.hits == ()
    mixed = evaluate([*findings, *ignored], Context(**context), rules, kb)
    assert mixed == evaluate(findings, Context(**context), rules, kb)


@settings(max_examples=100, deadline=None)
@given(st.lists(current, max_size=5), contexts)
def test_the_result_is_deterministic(findings: list[Finding], context: dict[str, Any]) -> None:
    rules, kb = load_rules(), load_kb()
    first = evaluate(findings, Context(**context), rules, kb)
    again = evaluate(list(findings), Context(**dict(context)), rules, kb)
    assert first == again
