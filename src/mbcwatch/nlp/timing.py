"""How long: "for 3 weeks", "a fortnight", "two days ago", "since last Tuesday" -> days.

Read from the normalised tokens, so "wks", "yday" and "arvo" count as "weeks", "yesterday" and
"afternoon". Weekdays are counted back from a reference date (default: today).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from mbcwatch.nlp.lexicon import Match
from mbcwatch.nlp.normalise import Token
from mbcwatch.nlp.resources import ModifierData

# Before a number and unit, these make it a rate or a future time, not how long it has lasted:
# "twice a day", "3 times a week", "every 3 weeks", "within 2 weeks", "next week".
_NOT_A_DURATION = frozenset(
    {"time", "twice", "once", "thrice", "per", "every", "next", "x", "within"}
)
_SINCE = frozenset({"since", "last", "on", "from", "till", "until"})
# The lexicon match kinds durations are read from.
TIME_KINDS = frozenset({"duration", "weekday", "time_unit"})
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GLUED = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")


class Duration(NamedTuple):
    days: float
    token: int  # index of the token the duration was read at (for attaching it)


def _number(
    tokens: Sequence[Token], index: int, numbers: dict[str, float]
) -> tuple[float, int] | None:
    """The number ending at token ``index`` and the index of its first token, if any."""
    if index < 0:
        return None
    word = tokens[index].norm
    if _NUMBER.fullmatch(word):
        return float(word), index
    if word == "of" and index >= 1 and tokens[index - 1].norm == "couple":
        start = index - 2 if index >= 2 and tokens[index - 2].norm == "a" else index - 1
        return 2.0, start
    if word == "few":
        start = index - 1 if index >= 1 and tokens[index - 1].norm == "a" else index
        return 3.0, start
    if word == "half" and index >= 1 and tokens[index - 1].norm in {"a", "and"}:
        return 0.5, index - 1
    if word in numbers:
        return numbers[word], index
    return None


def durations(
    tokens: Sequence[Token],
    by_kind: Mapping[str, Sequence[Match]],
    modifiers: ModifierData,
    today: date,
    *,
    has_digits: bool,
) -> list[Duration]:
    """Durations in days: fixed phrases, weekdays and number + unit, found by the lexicon scan
    (``by_kind``: "duration", "weekday", "time_unit"); glued forms ("2days") when digits occur."""
    found: list[Duration] = []
    if not has_digits and TIME_KINDS.isdisjoint(by_kind):
        return found
    taken: set[int] = set()
    fixed = sorted(by_kind.get("duration", ()), key=lambda m: (m.first, -m.length))
    for match in fixed:
        if any(i in taken for i in range(match.first, match.last + 1)):
            continue
        taken.update(range(match.first, match.last + 1))
        found.append(Duration(float(match.value), match.first))
    units = modifiers.units
    for match in by_kind.get("weekday", ()):
        index = match.first
        if index in taken:
            continue
        before = tokens[index - 1].norm if index else ""
        if before in _SINCE or (index >= 2 and tokens[index - 2].norm in _SINCE):
            back = (today.weekday() - modifiers.weekdays.index(tokens[index].norm)) % 7 or 7
            found.append(Duration(float(back), index))
    for match in by_kind.get("time_unit", ()):
        index = match.first
        if index in taken:
            continue
        duration = _number_and_unit(tokens, index, modifiers)
        if duration is not None:
            found.append(duration)
    if has_digits:
        for index, token in enumerate(tokens):
            if not token.norm[:1].isdigit():  # cheap check before the regex
                continue
            glued = _GLUED.match(token.norm)
            if glued and glued.group(2).rstrip("s") in units:
                days = float(glued.group(1)) * units[glued.group(2).rstrip("s")]
                found.append(Duration(days, index))
    return found


def _number_and_unit(
    tokens: Sequence[Token], index: int, modifiers: ModifierData
) -> Duration | None:
    word = tokens[index].norm
    days_per_unit = modifiers.units[word]
    number = _number(tokens, index - 1, modifiers.numbers)
    if number is None:
        before = tokens[index - 1].norm if index else ""
        if before in {"last", "past"} and word != "night":
            return Duration(days_per_unit, index)
        return None
    value, first = number
    if first > 0 and tokens[first - 1].norm in _NOT_A_DURATION:
        return None
    if index + 1 < len(tokens) and tokens[index + 1].norm in {"time", "x"}:
        return None
    return Duration(round(value * days_per_unit, 3), index)
