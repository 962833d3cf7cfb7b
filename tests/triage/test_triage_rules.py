"""Rules are data, compiled and checked against the knowledge base when they load."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from mbcwatch.errors import RuleError
from mbcwatch.kb import load_kb
from mbcwatch.triage import RULES_VERSION, compile_rules, load_rules
from mbcwatch.triage.cues import compile_cues, load_cues
from mbcwatch.triage.explain import compile_output, load_output

KB = load_kb()


def packaged(name: str) -> dict[str, object]:
    raw = resources.files("mbcwatch.triage").joinpath("data", name).read_bytes()
    data = yaml.safe_load(raw)
    assert isinstance(data, dict)
    return data


def test_packaged_rules_cues_and_output_load_against_the_kb() -> None:
    rules = load_rules()
    assert len(rules.rules) >= 30
    assert rules.version == RULES_VERSION
    assert load_cues().cues
    assert load_output().output.disclaimer.startswith("This is not a diagnosis")


def test_every_rule_cites_a_source_and_explains_itself() -> None:
    for rule in load_rules().rules:
        assert rule.sources, rule.id
        assert all(source in KB.sources for source in rule.sources), rule.id
        assert len(rule.explanation) > 20, rule.id


def test_every_contract_red_flag_has_a_rule() -> None:
    raised = {rule.red_flag for rule in load_rules().rules}
    assert set(KB.red_flags) <= raised


def _broken(path: list[object], value: object) -> str:
    data = packaged("rules.yaml")
    target: object = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return yaml.safe_dump(data)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ["rules", 0, "when", 0, "symptoms", 0],
            "back_payn",
            r"'when\.0\.symptoms\.0'.*'back_payn'.*did you mean 'back_pain'",
        ),
        (["rules", 0, "red_flag"], "spinal_cord", r"'red_flag'.*unknown red flag 'spinal_cord'"),
        (["rules", 0, "sources", 0], "nice_ng999", r"'sources\.0'.*unknown source 'nice_ng999'"),
        (["rules", 0, "sites"], ["spine"], r"'sites\.0'"),
        (["rules", 0, "urgency"], "asap", r"'urgency'"),
        (["rules", 0, "when", 0, "colour"], "red", r"'when\.0\.colour'.*Extra inputs"),
        (["rules", 0, "when", 0, "min_count"], 40, r"'when\.0\.min_count'"),
    ],
)
def test_a_bad_rule_is_refused_naming_the_rule_and_field(
    path: list[object], value: object, expected: str
) -> None:
    first = packaged("rules.yaml")["rules"][0]["id"]  # type: ignore[index]
    with pytest.raises(RuleError, match=rf"rule '{first}', field {expected}"):
        compile_rules(_broken(path, value), KB)


def test_an_unknown_treatment_in_a_rule_context_is_refused() -> None:
    data = packaged("rules.yaml")
    rule = data["rules"][0]  # type: ignore[index]
    rule["context_any"] = [{"treatments_any": ["chemo"]}]
    with pytest.raises(RuleError, match=r"context_any\.0\.treatments_any\.0"):
        compile_rules(yaml.safe_dump(data), KB)


def test_duplicate_rule_ids_are_refused() -> None:
    data = packaged("rules.yaml")
    rules = data["rules"]  # type: ignore[index]
    rules.append(dict(rules[0]))
    with pytest.raises(RuleError, match="duplicate rule id"):
        compile_rules(yaml.safe_dump(data), KB)


def test_a_cue_citing_an_unknown_source_is_refused() -> None:
    data = packaged("cues.yaml")
    data["cues"][0]["sources"] = ["nobody"]  # type: ignore[index]
    with pytest.raises(RuleError, match=r"cue '\w+', field 'sources\.0'"):
        compile_cues(yaml.safe_dump(data), KB)


def test_output_naming_an_unknown_test_is_refused() -> None:
    data = packaged("output.yaml")
    data["tests"]["by_site"]["bone"] = ["xray_scan"]  # type: ignore[index]
    with pytest.raises(RuleError, match=r"tests\.by_site\.bone\.0.*unknown test 'xray_scan'"):
        compile_output(yaml.safe_dump(data), KB)
