"""Numbers as people write them: temperatures, counts, weights and ratings, normalised."""

from __future__ import annotations

import pytest

from mbcwatch.nlp import quantities
from mbcwatch.nlp.resources import modifier_data


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("temp 38,2", 38.2),
        ("100.9F", 38.3),
        ("38.5 degrees", 38.5),
        ("39c", 39.0),
        ("102 °F", 38.9),
        ("temperature was 37.9", 37.9),
        ("39.4 on the thermometer", 39.4),
        ("38.6 ºC", 38.6),
    ],
)
def test_temperatures_are_read_in_celsius(text: str, celsius: float) -> None:
    assert [r.value for r in quantities.temperatures(text)] == [celsius]


@pytest.mark.parametrize(
    "text", ["room was 20c", "took 500 mg", "7/10", "lost 38.5 kg", "in 2019", "10 degrees outside"]
)
def test_no_body_temperature_where_there_is_none(text: str) -> None:
    assert quantities.temperatures(text) == []


@pytest.mark.parametrize(
    ("text", "per_day"),
    [
        ("sick 3 times today", 3.0),
        ("vomited twice since this morning", 2.0),
        ("diarrhoea 6x a day", 6.0),
        ("threw up three times last night", 3.0),
        ("7 times this week", 1.0),
    ],
)
def test_counts_are_per_day(text: str, per_day: float) -> None:
    numbers = modifier_data().numbers
    pattern = quantities.count_pattern(numbers)
    assert [r.value for r in quantities.counts(text, numbers, pattern)] == [per_day]


@pytest.mark.parametrize(
    ("text", "kg", "kind"),
    [
        ("lost 6kg", 6.0, "weight_lost_kg"),
        ("lost 10 lbs", 4.5, "weight_lost_kg"),
        ("I weigh 9 stone 4", 59.0, "weight_kg"),
        ("dropped 2.5 kilos", 2.5, "weight_lost_kg"),
    ],
)
def test_weights_are_in_kg(text: str, kg: float, kind: str) -> None:
    [reading] = quantities.weights(text)
    assert (reading.value, reading.kind) == (kg, kind)


@pytest.mark.parametrize(
    ("text", "score"), [("7/10", 7.0), ("8 out of 10", 8.0), ("pain 10/10", 10.0)]
)
def test_ratings(text: str, score: float) -> None:
    assert [r.value for r in quantities.ratings(text)] == [score]


def test_a_rating_over_ten_is_not_a_rating() -> None:
    assert quantities.ratings("12/10") == []
