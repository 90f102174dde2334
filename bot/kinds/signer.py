"""The signer kind: "Ai ký văn bản …?" is answered by the signature block of the directive
the question is about (who signed, with their title)."""

from __future__ import annotations

from bot.citations import directive_line
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection, citations
from bot.kinds.subject import by_subject
from bot.ranking import Ranking
from bot.types import Answer, Hit, Intro, Kind, Query, SearchResult
from bot.vi import questions

_CUE = questions.cue(questions.SIGNER)


class Signer(QuestionKind):
    """Who signed a directive."""

    kind = Kind.SIGNER

    def detects(self, query: Query, index: Index) -> bool:
        return bool(_CUE.search(query.folded))

    def select(self, ranking: Ranking) -> Selection:
        ranked = by_subject(ranking.query, ranking.ranked)
        return Selection(signer_hits(ranked, ranking.index))

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        messages, directive = composing.messages, result.hits[0].section.directive
        text = messages.get(
            "signer",
            citation=directive_line(directive, messages),
            signer=directive.signer,
            title=directive.signer_title,
        )
        cites = citations(result.hits[: composing.limit])
        return Answer(result.query.text, True, (Intro(text),), cites)


def signer_hits(ranked: list[Hit], index: Index) -> list[Hit]:
    """The directives in the order their sections answer the question, each as its
    signature; none when the directive asked about does not say who signed."""
    signatures = index.tables.signatures
    hits: list[Hit] = []
    seen: set[str] = set()
    for hit in ranked:
        source = hit.section.directive.source
        if source in seen:
            continue
        seen.add(source)
        signature = signatures.get(source)
        if signature is None and not hits:
            return []  # the closest directive names no signer: not another one's
        if signature is not None:
            hits.append(Hit(signature, hit.score, hit.coverage, None, hit.similarity))
    return hits


KIND = Signer()
