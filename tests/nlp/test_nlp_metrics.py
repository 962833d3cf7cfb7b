"""The metric objects the evaluation reports."""

from __future__ import annotations

import pytest

from mbcwatch.nlp.metrics import PRF, Accuracy


def test_prf_from_counts() -> None:
    score = PRF(tp=8, fp=2, fn=8)
    assert score.precision == pytest.approx(0.8)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)


def test_prf_add_counts_each_kind_of_decision() -> None:
    score = PRF()
    score.add(predicted=True, expected=True)
    score.add(predicted=True, expected=False)
    score.add(predicted=False, expected=True)
    score.add(predicted=False, expected=False)
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_prf_of_nothing_is_zero_not_an_error() -> None:
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)


def test_accuracy() -> None:
    accuracy = Accuracy()
    for right in (True, True, False, True):
        accuracy.add(right)
    assert accuracy.value == pytest.approx(0.75)
    assert accuracy.as_dict() == {"accuracy": 0.75, "correct": 3, "total": 4}


def test_accuracy_of_nothing_is_zero() -> None:
    assert Accuracy().value == 0.0
