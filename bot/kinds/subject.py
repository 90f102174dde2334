"""Questions about a directive as a whole ("Ai ký công văn về X?", "Kế hoạch 597 số mấy?")
name it by its type and subject (trích yếu) more surely than by a section like it."""

from __future__ import annotations

from bot.ranking import place_words
from bot.text import content_syllables, fold, syllables
from bot.types import Directive, Hit, Query
from bot.vi import questions

_SUBJECT_SHARE = 0.5  # a directive whose subject holds this share of the question's words


def by_subject(query: Query, ranked: list[Hit]) -> list[Hit]:
    """The hits of directives of the type the question names first, then of those whose
    subject holds most of what it says, the closest subject first; otherwise in the order of
    the ranking."""
    cues = questions.SIGNER + questions.DIRECTIVE + questions.SUMMARY
    cue_words = {w for phrase in cues for w in phrase.split()}
    words = set(content_syllables(query.restored)) - questions.DOCUMENT_WORDS - cue_words
    words -= place_words(query)

    def share(directive: Directive) -> float:
        subject = set(syllables(fold(directive.subject or "")))
        return len(words & subject) / len(words) if words else 0.0

    types = questions.types_named(query.folded)

    def key(hit: Hit) -> tuple[bool, float]:
        directive = hit.section.directive
        held = share(directive) if words else 0.0
        return (bool(types) and directive.doc_type not in types, -held * (held >= _SUBJECT_SHARE))

    return sorted(ranked, key=key)  # stable: otherwise in the order of the ranking
