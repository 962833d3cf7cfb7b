"""mbcwatch: notice when breast cancer may have spread, or when something is an emergency.

Not a diagnosis. The public API is listed in ``__all__``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from mbcwatch.kb import KnowledgeBase, load_kb
from mbcwatch.nlp import extract
from mbcwatch.triage import assess

__all__ = ["KnowledgeBase", "__version__", "assess", "extract", "load_kb"]
