"""How long: "for 3 weeks", "a fortnight", "two days ago", "since last Tuesday" -> days.

Read from the normalised tokens, so "wks", "yday" and "arvo" count as "weeks", "yesterday" and
"afternoon". Weekdays are counted back from a reference date (default: today).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mbcwatch.nlp.lexicon import Match
from mbcwatch.nlp.normalise import Token
from mbcwatch.nlp.resources import ModifierData

# Before a number and unit, these make it a rate or a future time, not how long it has lasted:
# "twice a day", "3 times a week", "every 3 weeks", "within 2 weeks", "next week".
_NOT_A_DURATION = frozenset(
    {"time", "twice", "once", "thrice", "per", "every", "next", "x", "within"}
)
_SINCE = frozenset({"since", "last", "on", "from", "till", "until"})
_GLUED = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")


@dataclass(frozen=True, slots=True)
class Duration:
    days: float
    token: int  # index of the token the duration was read at (for attaching it)


def _number(
    tokens: Sequence[Token], index: int, numbers: dict[str, float]
) -> tuple[float, int] | None:
    """The number ending at token ``index`` and the index of its first token, if any."""
    if index < 0:
        return None
    word = tokens[index].norm
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
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
    tokens: Sequence[Token], matches: Sequence[Match], modifiers: ModifierData, today: date
) -> list[Duration]:
    """Durations in days, from the fixed phrases in ``matches`` and from number + unit."""
    found: list[Duration] = []
    taken: set[int] = set()
    fixed = sorted((m for m in matches if m.kind == "duration"), key=lambda m: (m.first, -m.length))
    for match in fixed:
        if any(i in taken for i in range(match.first, match.last + 1)):
            continue
        taken.update(range(match.first, match.last + 1))
        found.append(Duration(float(match.value), match.first))
    numbers = dict(modifiers.numbers)
    units = modifiers.units
    weekdays = modifiers.weekdays
    for index, token in enumerate(tokens):
        if index in taken:
            continue
        word = token.norm
        glued = _GLUED.match(word)
        if glued and glued.group(2).rstrip("s") in units:
            found.append(Duration(float(glued.group(1)) * units[glued.group(2).rstrip("s")], index))
            continue
        if word in weekdays:
            before = tokens[index - 1].norm if index else ""
            if before in _SINCE or (
                before == "last" or (index >= 2 and tokens[index - 2].norm in _SINCE)
            ):
                back = (today.weekday() - weekdays.index(word)) % 7 or 7
                found.append(Duration(float(back), index))
            continue
        if word not in units:
            continue
        number = _number(tokens, index - 1, numbers)
        if number is None:
            before = tokens[index - 1].norm if index else ""
            if before in {"last", "past"} and word != "night":
                found.append(Duration(units[word], index))
            continue
        value, first = number
        if first > 0 and tokens[first - 1].norm in _NOT_A_DURATION:
            continue
        if index + 1 < len(tokens) and tokens[index + 1].norm in {"time", "x"}:
            continue
        found.append(Duration(round(value * units[word], 3), index))
    return found
