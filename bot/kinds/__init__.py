"""The kinds of question, each in its own module, asked in order: the first that detects a
question owns it (selects its hits, decides whether they answer it, composes the answer).

A new kind is a new module with a `QuestionKind` subclass (bot/kinds/base.py), a `Kind` value
(bot/types.py) and its place in `REGISTRY`; its texts go in prompts/messages.toml.
"""

from __future__ import annotations

from bot.indexing import Index
from bot.kinds import chatter, deadlines, directive, duty, fact, newest, signer, summary
from bot.kinds.base import Composing, QuestionKind, Selection
from bot.types import Kind, Query

# Detection order: chatter and other languages before any question; a signer or a "newest"
# question may name an agency or a directive; a question about a directive may name an
# agency; any question left is a fact question.
REGISTRY: tuple[QuestionKind, ...] = (
    chatter.CHATTER,
    chatter.FOREIGN,
    signer.KIND,
    newest.KIND,
    directive.KIND,
    summary.KIND,
    deadlines.KIND,
    duty.KIND,
    fact.KIND,
)
_BY_KIND = {k.kind: k for k in REGISTRY}

__all__ = ["REGISTRY", "Composing", "QuestionKind", "Selection", "detect", "of"]


def detect(query: Query, index: Index) -> Kind:
    """The kind of an analysed question."""
    return next(k.kind for k in REGISTRY if k.detects(query, index))


def of(kind: Kind) -> QuestionKind:
    """The registered kind for a Kind value."""
    return _BY_KIND[kind]
