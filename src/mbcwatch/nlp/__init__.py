"""Reading free text: lay words -> findings with negation, experiencer, time and quantities."""

from mbcwatch.nlp.extract import Assertion, Reader, assertion, extract
from mbcwatch.nlp.findings import Finding, Quantity

__all__ = ["Assertion", "Finding", "Quantity", "Reader", "assertion", "extract"]
