"""The search every kind of question shares: which sections a question may be answered from,
the fusion of the dense and lexical top-k, and the candidates it ranks highest.

A `Ranking` is one question's search over one index version. It embeds the question and
fuses the two rankings only when a kind asks for them (a "which directives are newest"
question needs neither), and only once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.config import RetrievalSettings
from bot.embeddings import as_matrix
from bot.indexing import Index, lexical_text
from bot.tables import SIGNATURE_PATH, role_in
from bot.text import STOPWORDS, content_syllables, fold, has_diacritics, syllables
from bot.types import Directive, Hit, Query, Role
from bot.vi import places, questions

# The vector index is first asked for this many times [retrieval] candidates (then deeper
# while a section below could still be a candidate: see Ranking.fused).
DEPTH = 2
LEAD_BOOST = 0.15  # added to a candidate that gives an agency asked about the lead


@dataclass
class Ranking:
    """One question's search: the allowed sections, the question's vector (embedded on first
    use), the fused scores and the ranked candidates, each computed once."""

    query: Query
    index: Index
    allowed: np.ndarray  # a mask over the index's sections
    settings: RetrievalSettings
    embedder: Embeddings
    _fused: np.ndarray | None = field(default=None, init=False, repr=False)

    @functools.cached_property
    def vector(self) -> np.ndarray:
        """The question's vector (its restored text, embedded)."""
        vector: np.ndarray = as_matrix([self.embedder.embed_query(self.query.restored)])[0]
        return vector

    def fused(self, wanted: np.ndarray | None = None) -> np.ndarray:
        """Each section's fused score in [0, 1] (see `fuse`); `wanted` marks sections whose
        exact score is needed even if they cannot be candidates (a duty listing's)."""
        if self._fused is None:
            self._fused = fuse(
                self.query, self.index, self.vector, self.allowed, self.settings, wanted
            )
        return self._fused

    @functools.cached_property
    def ranked(self) -> list[Hit]:
        """The candidates, best first (see `ranked_hits`)."""
        return ranked_hits(self.query, self.index, self.fused(), self.vector, self.settings)


def allowed_sections(query: Query, index: Index) -> np.ndarray | None:
    """Sections the question may be answered from; None if it names what the index lacks."""
    if query.numbers is None:
        return None
    tables = index.tables
    mask = np.ones(len(index.sections), dtype=bool)
    if query.numbers:
        numbers = set(query.numbers)
        mask = np.array([n in numbers for n in tables.numbers_of_sections], dtype=bool)
    if query.province and not query.numbers:  # a directive named by number is found anywhere
        mask &= tables.provinces == query.province
        if not mask.any():
            return None
    return mask


def fuse(
    query: Query,
    index: Index,
    vector: np.ndarray,
    allowed: np.ndarray,
    settings: RetrievalSettings,
    wanted: np.ndarray | None = None,
) -> np.ndarray:
    """Reciprocal-rank fusion of the dense top-k and the lexical ranking (every section
    holding a word asked) among the allowed sections, by position, in [0, 1].

    The vector index is asked for more only while some section below its top-k could still
    be among the candidates (its lexical part plus the most the dense rank k + 1 adds reaches
    the candidates' floor), or is wanted (a duty listing orders its sections by fusion): so
    the candidates and their scores are those of fusing every section, exactly. Sections that
    cannot be candidates keep their lexical part only."""
    k, floor_rank = settings.rrf_k, settings.candidates
    lexical = _reciprocal(index.lexical.top(query.restored, len(allowed), allowed)[1], allowed, k)
    depth, limit = settings.candidates * DEPTH, int(allowed.sum())
    while True:
        _, ids = index.vectors.search(vector[np.newaxis], depth, allowed)
        dense = _reciprocal(ids[0][ids[0] >= 0], allowed, k)  # a store pads with id -1
        if depth >= limit:
            break
        fused = lexical + dense
        below = allowed & (dense == 0)
        bound = np.float32(1.0 / (k + depth + 1))  # the most a rank past the top-k adds
        floor = np.partition(fused, -floor_rank)[-floor_rank] if floor_rank < len(fused) else 0
        open_ = below & (lexical + bound >= floor)
        if wanted is not None:
            open_ |= below & wanted
        if not open_.any():
            break
        depth *= 2
    scores: np.ndarray = (dense + lexical) / (2.0 / (k + 1))
    return scores


def _reciprocal(ranked: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    """Each section's reciprocal-rank share in a ranking (0 when it is not in it)."""
    out = np.zeros(len(allowed), dtype=np.float32)
    out[ranked] = (1.0 / (k + np.arange(len(ranked)) + 1)).astype(np.float32)
    return out


def metadata_words(index: Index, directive: Directive) -> AbstractSet[str]:
    """A directive's type, province, issuer and number, as words a section of it holds."""
    return index.tables.metadata_words[directive.source]


def place_words(query: Query) -> set[str]:
    """The words the question names its province with ("TP.HCM", "tỉnh Lâm Đồng"): a section
    of a directive of that province holds them even when its text does not repeat them."""
    if not query.province:
        return set()
    spans = [m for m in places.mentions(query.text) if m.province == query.province]
    named = " ".join(query.text[m.start : m.end] for m in spans)
    return set(syllables(fold(named))) | questions.PLACE_WORDS


def _without_agencies(query: Query, index: Index) -> str:
    """The question, folded, without the agencies it names: what it asks about them ("Ai là
    Bộ trưởng Bộ Y tế?" is about "bộ trưởng", which a section naming Bộ Y tế need not hold)."""
    words = syllables(fold(query.restored))
    inside = {k for m in index.gazetteer.mentions(words) for k in range(m.start, m.end)}
    kept = [w for k, w in enumerate(words) if k not in inside]
    return " ".join(kept) if set(kept) - STOPWORDS else query.restored


def _typed_forms(query: Query, index: Index) -> dict[str, str]:
    """The syllables a question typed with diacritics spells as the corpus spells some word
    (folded → as typed): a typo the corpus never spells ("tê") is matched folded."""
    if not has_diacritics(query.text):
        return {}
    return {
        fold(word): word.lower()
        for word in re.findall(r"[^\W_]+", query.restored)
        if has_diacritics(word) and index.restorer.knows(word)
    }


def ranked_hits(
    query: Query,
    index: Index,
    fused: np.ndarray,
    vector: np.ndarray,
    settings: RetrievalSettings,
) -> list[Hit]:
    """The candidates fusion ranks highest, scored by fusion, topic coverage and whether
    they give an agency asked about the lead."""
    ranked = np.flatnonzero(fused)  # the union of the two top-k, all allowed
    ranked = ranked[np.lexsort((ranked, -fused[ranked]))][: settings.candidates]
    candidates = [int(i) for i in ranked]
    dense = index.vectors.similarities(vector, ranked)
    place = place_words(query)
    extras = [
        metadata_words(index, d) | (place if d.province == query.province else set())
        for d in (index.sections[i].directive for i in candidates)
    ]
    texts = [lexical_text(index.sections[i]) for i in candidates]
    spelled = (_typed_forms(query, index), texts)
    coverages = index.lexical.coverage(query.restored, candidates, extras, spelled)
    # What the "found" decision weighs: how much of what is asked about the agencies named
    # the section holds (a section naming Bộ Y tế does not say who its minister is).
    asked = coverages
    if query.agencies:
        topic = _without_agencies(query, index)
        asked = index.lexical.coverage(topic, candidates, extras, spelled)
    hits = []
    for n, (i, coverage, held) in enumerate(zip(candidates, coverages, asked, strict=True)):
        section = index.sections[i]
        role = role_in(section, query.agencies)
        boost = LEAD_BOOST if _gives_the_task(query, index, i, role) else 0.0
        score = 0.5 * float(fused[i]) + 0.5 * coverage + boost
        hits.append(Hit(section, score, held, role, float(dense[n])))
    return sorted(hits, key=lambda h: -h.score)


def _gives_the_task(query: Query, index: Index, i: int, role: Role | None) -> bool:
    """Whether the section gives an agency asked about its task: it leads, or cooperates in
    a section headed with its name ("Sở Nội vụ" over "Phối hợp với Sở GD&ĐT kiểm tra …")."""
    section, asked = index.sections[i], set(query.agencies)
    if asked & set(section.leads()):
        return True
    return role is Role.COOPERATING and bool(asked & index.tables.labelled[i])


def left_over(query: Query, index: Index, drop: frozenset[str]) -> str:
    """The question's words, folded, but for the agencies and the place it names, the
    directives it refers to, stop words and the words in drop."""
    words = syllables(questions.REFERENCE.sub(" ", fold(query.restored)))
    named = index.gazetteer.mentions(words)
    inside = {k for m in named for k in range(m.start, m.end)}
    place = set(syllables(fold(query.province))) if query.province else set()
    numbers = {w for n in query.numbers or () for w in syllables(fold(n))}
    kept = [
        w
        for k, w in enumerate(words)
        if k not in inside
        and w not in drop
        and not (place and (w in place or w in questions.PLACE_WORDS))
        and w not in numbers
        and w not in STOPWORDS
    ]
    return " ".join(kept)


def confident(top: Hit, settings: RetrievalSettings) -> bool:
    """Whether the top hit is close enough to the question and covers enough of its topic
    (thresholds calibrated with scripts/calibrate.py); a signature always is."""
    if top.section.path == SIGNATURE_PATH:
        return True
    similarity = top.similarity
    if similarity >= settings.strong_dense and top.coverage >= settings.strong_dense_coverage:
        return True
    return similarity >= settings.min_dense and top.coverage >= settings.min_coverage


def newest_first_key(directive: Directive) -> str:
    """A sort key putting the newest directive first (by date, else page date; undated last)."""
    iso = directive.date or directive.published
    return iso.translate(str.maketrans("0123456789", "9876543210")) if iso else "~"


def dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop sections whose text repeats one already listed (the same directive filed twice)."""
    seen: set[str] = set()
    out = []
    for hit in hits:
        key = _topic_key(hit.section.text)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


@functools.lru_cache(maxsize=1 << 16)
def _topic_key(text: str) -> str:
    return " ".join(content_syllables(text))
