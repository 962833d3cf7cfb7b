"""The reader's accepted quality: a drop below these targets fails CI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mbcwatch.errors import InputError
from mbcwatch.kb import load_kb
from mbcwatch.nlp import assertion, extract
from mbcwatch.nlp.evaluate import load_dev, score_dev, score_negex

# Targets from issue 3.
MENTION_F1 = 0.90
ATTRIBUTE_ACCURACY = 0.95
NEGEX_F1_TO_BEAT = 0.949  # negspacy 1.1.0 on the same data; GenNegEx published 0.946


@pytest.fixture(scope="module")
def dev_report(nlp_dev_set: Path):  # type: ignore[no-untyped-def]
    cases = load_dev(nlp_dev_set)
    return score_dev(cases, lambda text, day: extract(text, today=day), today=date(2026, 11, 20))


def test_dev_set_is_large_and_covers_every_kb_symptom(nlp_dev_set: Path) -> None:
    cases = load_dev(nlp_dev_set)
    assert len(cases) >= 300
    covered = {m.symptom for case in cases for m in case.mentions}
    assert covered == set(load_kb().symptoms)


def test_dev_set_has_negations_other_people_past_and_hypothetical_mentions(
    nlp_dev_set: Path,
) -> None:
    mentions = [m for case in load_dev(nlp_dev_set) for m in case.mentions]
    assert sum(m.negated for m in mentions) >= 30
    assert sum(m.experiencer == "other" for m in mentions) >= 30
    assert sum(m.temporality == "historical" for m in mentions) >= 15
    assert sum(m.temporality == "hypothetical" for m in mentions) >= 15
    assert sum(m.duration_days is not None for m in mentions) >= 30
    assert sum(m.temperature_c is not None for m in mentions) >= 10


def test_mention_f1_meets_the_target(dev_report) -> None:  # type: ignore[no-untyped-def]
    assert dev_report.mentions.f1 >= MENTION_F1


@pytest.mark.parametrize("attribute", ["negation", "experiencer", "temporality"])
def test_context_accuracy_meets_the_target(dev_report, attribute: str) -> None:  # type: ignore[no-untyped-def]
    assert getattr(dev_report, attribute).value >= ATTRIBUTE_ACCURACY


@pytest.mark.parametrize("attribute", ["duration", "temperature"])
def test_quantity_accuracy_meets_the_target(dev_report, attribute: str) -> None:  # type: ignore[no-untyped-def]
    assert getattr(dev_report, attribute).value >= ATTRIBUTE_ACCURACY


def test_negex_f1_beats_negspacy(negex_dev_file: Path) -> None:
    report = score_negex(negex_dev_file, lambda s, t: assertion(s, t, writer="clinician"))
    assert report.rows == 1188
    assert report.negation.f1 > NEGEX_F1_TO_BEAT


def test_a_malformed_dev_line_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "dev.jsonl"
    bad.write_text('{"text": "ok", "mentions": []}\n{"text": 3}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        load_dev(bad)


def test_a_missing_dev_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_dev(tmp_path / "absent.jsonl")


def test_scoring_counts_misses_and_extras() -> None:
    from mbcwatch.nlp.evaluate import DevCase

    cases = [
        DevCase.model_validate(
            {
                "text": "no fever, cough",
                "mentions": [{"symptom": "fever", "negated": True}, {"symptom": "headache"}],
            }
        )
    ]
    report = score_dev(cases, lambda text, day: extract(text, today=day), today=date(2026, 11, 20))
    assert (report.mentions.tp, report.mentions.fp, report.mentions.fn) == (1, 1, 1)
    assert report.negation.value == 1.0
