"""Numbers people write: temperatures, counts per day, weights and 0-10 ratings.

Read from the raw text with regular expressions (the numbers' shapes, "38,2", "100.9F", "3x",
"7/10", do not survive tokenisation well), each normalised: °F becomes °C, a comma decimal a
point, stones and pounds kilograms. Unit conversions are exact definitions, not clinical facts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from mbcwatch.nlp.findings import QuantityKind

POUND_KG = 0.45359237
STONE_KG = 14 * POUND_KG
# A body temperature outside this range is a misreading (a room, a dose, a date), not a reading.
PLAUSIBLE_BODY_C = (34.0, 43.5)

_NUMBER = r"(\d{2,3}(?:[.,]\d{1,2})?)"
_TEMPERATURE_WITH_UNIT = re.compile(
    rf"(?<![\d.,]){_NUMBER}\s*(?:°|º|deg(?:rees?)?\.?)?\s*(celsius|centigrade|fahrenheit|c|f)\b",
    re.IGNORECASE,
)
_TEMPERATURE_DEGREES = re.compile(
    rf"(?<![\d.,]){_NUMBER}\s*(?:°|º|degrees?\b|deg\b)", re.IGNORECASE
)
_TEMPERATURE_AFTER_WORD = re.compile(
    rf"\b(?:temp(?:erature)?s?|fever|pyrexia|temo|tmp|thermometer)\b[^\d\n.!?]{{0,20}}?{_NUMBER}"
    r"(?!\s*(?:/|out of|%|kg|lb|st\b|stone|times|x\b|days?|weeks?|hours?|hrs?|min|mg|ml))",
    re.IGNORECASE,
)
# A bare reading with one decimal in the body range ("39.4 on the thermometer").
_TEMPERATURE_BARE = re.compile(
    r"(?<![\d.,/])((?:3[5-9]|4[0-2])[.,]\d)(?![\d.,/])"
    r"(?!\s*(?:%|kg|kilos?|lbs?|st\b|stone|times|x\b|days?|weeks?|hours?|hrs?|min|mg|ml|cm|mm))",
    re.IGNORECASE,
)
_TWO_DIGITS = re.compile(r"\d\d")
_WEIGHT_UNIT = re.compile(r"\d\s*(?:k|lb|pound|st)", re.IGNORECASE)
_RATING = re.compile(
    r"(?<![\d.,/])(\d{1,2}(?:\.\d)?)\s*(?:/|out of|outta|on a scale of)\s*10\b", re.IGNORECASE
)
_WEIGHT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(kgs?|kilos?|kilograms?|lbs?|pounds?|stones?|st)\b"
    r"(?:\s*(?:and\s*)?(\d{1,2})\s*(?:lbs?|pounds?)?\b)?",
    re.IGNORECASE,
)
_WEIGHT_LOST = re.compile(
    r"\b(?:lost|lose|losing|dropped|dropping|down|gone down|shed)\b[^.!?\n]{0,25}$", re.IGNORECASE
)


# The words _TEMPERATURE_AFTER_WORD starts from, as lower-case substrings.
_TEMPERATURE_WORDS = ("temp", "fever", "pyrexia", "temo", "tmp", "thermometer")
_COUNT_WORDS = ("x", "time", "once", "twice", "thrice")


def _holds(lower: str | None, words: tuple[str, ...]) -> bool:
    """Whether lower-case text holds any of ``words`` (a cheap check before a regex).

    ``lower`` is None outside ASCII, where regex case folding goes beyond str.lower()
    (dotless i, long s, Kelvin sign): then the check passes and the regex decides.
    """
    return lower is None or any(word in lower for word in words)


def _lower_ascii(text: str) -> str | None:
    return text.lower() if text.isascii() else None


@dataclass(frozen=True)
class Reading:
    """One number read from the text, normalised, with where it was written."""

    kind: QuantityKind | str
    value: float
    start: int
    end: int
    text: str


def temperatures(text: str) -> list[Reading]:
    """Body temperatures in °C from °C or °F, comma decimals allowed, implausible ones dropped."""
    found: list[Reading] = []
    if not _TWO_DIGITS.search(text):
        return found
    lower = _lower_ascii(text)
    patterns = [_TEMPERATURE_WITH_UNIT]
    # Each other pattern only where the text holds what it cannot match without.
    if _holds(lower, ("\u00b0", "\u00ba", "deg")):
        patterns.append(_TEMPERATURE_DEGREES)
    if _holds(lower, _TEMPERATURE_WORDS):
        patterns.append(_TEMPERATURE_AFTER_WORD)
    if _holds(lower, (".", ",")):
        patterns.append(_TEMPERATURE_BARE)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(r.start < match.end() and match.start() < r.end for r in found):
                continue
            value = float(match.group(1).replace(",", "."))
            unit = match.group(2).lower() if pattern is _TEMPERATURE_WITH_UNIT else ""
            fahrenheit = unit.startswith("f") or (not unit and value > 45)
            celsius = round((value - 32) * 5 / 9, 1) if fahrenheit else value
            if PLAUSIBLE_BODY_C[0] <= celsius <= PLAUSIBLE_BODY_C[1]:
                # Placed at the number, so "no fever, my temperature is 36.6" joins the
                # "temperature" it reads, not the "fever" the pattern started from.
                at = match.start(1)
                found.append(Reading("temperature_c", celsius, at, match.end(), match.group(0)))
    return sorted(found, key=lambda r: r.start)


def ratings(text: str) -> list[Reading]:
    """0-10 ratings ("7/10", "8 out of 10")."""
    found: list[Reading] = []
    if "10" not in text:
        return found
    for match in _RATING.finditer(text):
        value = float(match.group(1))
        if value <= 10:
            found.append(Reading("rating", value, match.start(), match.end(), match.group(0)))
    return found


def weights(text: str) -> list[Reading]:
    """Weights in kg from kg, lb or stone (and "10 stone 4")."""
    found: list[Reading] = []
    if not _WEIGHT_UNIT.search(text):
        return found
    for match in _WEIGHT.finditer(text):
        value = float(match.group(1).replace(",", "."))
        unit = match.group(2).lower()
        if unit.startswith(("lb", "pound")):
            kg = value * POUND_KG
        elif unit.startswith("st"):
            kg = value * STONE_KG + float(match.group(3) or 0) * POUND_KG
        else:
            kg = value
        lost = bool(_WEIGHT_LOST.search(text[max(0, match.start() - 40) : match.start()]))
        kind = "weight_lost_kg" if lost else "weight_kg"
        found.append(Reading(kind, round(kg, 1), match.start(), match.end(), match.group(0)))
    return found


def count_pattern(numbers: Mapping[str, float]) -> re.Pattern[str]:
    """The counting expression for these number words (build once, pass to ``counts``)."""
    words = [w for w in numbers if " " not in w]
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    period = (
        r"(today|day|daily|24\s*h(?:ou)?rs?|morning|afternoon|evening|night|overnight|yesterday"
        r"|tonight|week)\b"
    )
    joiners = r"(?:in\s+|per\s+|a\s+|an\s+|since\s+|over\s+|the\s+|this\s+|last\s+)*"
    return re.compile(
        rf"\b(\d{{1,2}}|{alternatives})\s*(?:x|times?)\s*{joiners}{period}"
        rf"|\b(once|twice|thrice)\s+{joiners}{period}",
        re.IGNORECASE,
    )


def counts(text: str, numbers: Mapping[str, float], pattern: re.Pattern[str]) -> list[Reading]:
    """Episodes per day ("sick 3 times today", "twice since this morning", "3x a week")."""
    found: list[Reading] = []
    # Every count holds "x" or "time" ("3x", "3 times") or is "once", "twice" or "thrice".
    if not _holds(_lower_ascii(text), _COUNT_WORDS):
        return found
    for match in pattern.finditer(text):
        if match.group(1):
            amount, period = match.group(1).lower(), match.group(2).lower()
        else:
            amount, period = match.group(3).lower(), match.group(4).lower()
        value = float(amount) if amount.isdigit() else float(numbers.get(amount, 0))
        per_day = value / 7 if period == "week" else value
        if value > 0:
            found.append(
                Reading(
                    "count_per_day", round(per_day, 2), match.start(), match.end(), match.group(0)
                )
            )
    return found
