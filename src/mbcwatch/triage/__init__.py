"""Triage: findings and context -> urgency, red flags, likely sites, explained with sources.

Rules, cues and output wording are data under ``data/``, compiled and checked against the
knowledge base when they load. ``assess`` is the public entry point.
"""

from mbcwatch.triage.assess import assess, trace_request
from mbcwatch.triage.evaluate import Trace, evaluate
from mbcwatch.triage.rules import RULES_VERSION, RuleSet, compile_rules, load_rules

__all__ = [
    "RULES_VERSION",
    "RuleSet",
    "Trace",
    "assess",
    "compile_rules",
    "evaluate",
    "load_rules",
    "trace_request",
]
