"""Question → ranked sections: hybrid dense + lexical search, agency and province aware.

- Dense: the vector index's top-k by inner product on normalised e5 vectors of the question
  (with diacritics restored from the corpus vocabulary when it was typed without them).
- Lexical: BM25's top-k over folded syllables and bigrams.
- A named province or directive number filters both searches; the union of the two top-k is
  fused by reciprocal rank and blended with how much of the question's topic the section
  covers (bot/ranking.py).
- The question's kind (bot/kinds/) selects the hits that answer it — a duty question the
  sections that assign the agency a task — and decides whether they do; below the calibrated
  thresholds the result is "not found".
"""

from __future__ import annotations

import dataclasses
import re

from langchain_core.embeddings import Embeddings

from bot import kinds
from bot.config import RetrievalSettings
from bot.indexing import Index
from bot.metadata import find_province
from bot.ranking import DEPTH as DEPTH  # TODO(issue 13): callers import these from their
from bot.ranking import Ranking, allowed_sections, dedupe
from bot.ranking import fuse as _fuse  # noqa: F401  new modules (ranking, sentences);
from bot.ranking import newest_first_key as newest_first_key  # kept until they do
from bot.sentences import answer_sentence as answer_sentence
from bot.text import fold, has_diacritics, nfc, one_line
from bot.types import Query, SearchResult
from bot.vi import abbreviations, questions

# "402-CV/TU", "3262/UBND-KGVX", "15/2020/NĐ-CP": digits, then a slash and capitals.
_DOCUMENT_NUMBER = re.compile(r"\b\d+(?:-[A-ZĐ]+)?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9-]*")


def analyse(question: str, index: Index) -> Query:
    """Restore diacritics if missing, find agencies, province, the directives named and the
    kind of question."""
    text = one_line(nfc(question))  # as asked: what the answer repeats
    spelled = abbreviations.chat_words(text)  # "lm j" → "lam gi"
    restored = spelled if has_diacritics(spelled) else index.restorer.restore(spelled)
    restored = abbreviations.expand(restored)
    agencies = tuple(index.gazetteer.find(restored))
    numbers = _document_numbers(text, index)
    province = find_province(text)
    query = Query(text, restored, fold(spelled), agencies, province, numbers=numbers)
    return dataclasses.replace(query, kind=kinds.detect(query, index))


def _document_numbers(text: str, index: Index) -> tuple[str, ...] | None:
    """The indexed directives' numbers the question names; None if it names another one."""
    compact = re.sub(r"\s+", "", fold(text))
    numbers = index.tables.numbers
    named = tuple(sorted(n for n, folded in numbers.items() if folded in compact))
    if named:
        return named
    if referred := _referred(fold(text), index):
        return referred
    cited = [re.sub(r"\s+", "", fold(m)) for m in _DOCUMENT_NUMBER.findall(text)]
    if cited and not any(c in text for c in cited for text in index.tables.folded_texts):
        return None  # a document neither indexed nor quoted by one that is
    return ()


def _referred(folded: str, index: Index) -> tuple[str, ...]:
    """Indexed directives named by type and number ("KH 597", "công văn 1906"): those of the
    type named, or else of any type, whose number starts with the digits; () if none."""
    found: set[str] = set()
    for kind, digits in questions.references(folded):
        same = [d for d in index.directives if d.number and _leading_digits(d.number) == digits]
        typed = [d for d in same if fold(d.doc_type or "") == fold(kind)]
        found.update(d.number for d in typed or same if d.number)
    return tuple(sorted(found))


def _leading_digits(number: str) -> str:
    digits = re.match(r"\d+", number)
    return digits.group(0).lstrip("0") if digits else ""


def search(
    query: Query, index: Index, embedder: Embeddings, settings: RetrievalSettings
) -> SearchResult:
    """Ranked hits for the query, as its kind selects them, and whether they answer it."""
    allowed = allowed_sections(query, index)
    if allowed is None:  # the question names a province or a document the index lacks
        return SearchResult(query, (), False)
    selection = kinds.of(query.kind).select(Ranking(query, index, allowed, settings, embedder))
    hits = tuple(dedupe(selection.hits))
    result = SearchResult(query, hits, False, selection.topical, selection.aside)
    return dataclasses.replace(result, found=decide(result, settings))


def decide(result: SearchResult, settings: RetrievalSettings) -> bool:
    """Whether the hits answer the question, as its kind decides (bot/kinds/)."""
    return bool(result.hits) and kinds.of(result.query.kind).answers(result, settings)
