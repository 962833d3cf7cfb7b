"""The knowledge base: sources, sites, symptoms, red flags, tests and treatments, all cited."""

from mbcwatch.kb.load import KnowledgeBase, load_from, load_kb

__all__ = ["KnowledgeBase", "load_from", "load_kb"]
