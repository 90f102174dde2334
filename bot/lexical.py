"""A BM25 index over diacritic-folded syllables and syllable bigrams.

Folding makes "so y te" and "Sở Y tế" the same terms, so a question typed without diacritics
matches lexically as well as one typed with them. Stored as JSON postings; nothing pickled.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from bot.text import STOPWORDS, syllables, terms

K1 = 1.2
B = 0.75


class LexicalIndex:
    """BM25 over a fixed list of texts; document ids are list positions.

    Postings are flat arrays grouped by term (term n owns docs[offsets[n]:offsets[n + 1]], doc
    ids ascending, with their term frequencies), so a question is scored with one vector
    operation per term, the index loads without building a list per posting, and a rebuild
    after one changed directive re-tokenises only the changed sections (`updated`).
    """

    def __init__(
        self,
        terms: list[str],
        offsets: ArrayLike,
        docs: ArrayLike,
        tfs: ArrayLike,
        lengths: ArrayLike,
    ) -> None:
        self._terms = terms
        self._slot = {t: n for n, t in enumerate(terms)}
        self._offsets = np.asarray(offsets, dtype=np.int64)
        self._docs = np.asarray(docs, dtype=np.int32)
        self._tfs = np.asarray(tfs, dtype=np.float64)
        self._lengths = np.asarray(lengths, dtype=np.float64)
        self._n = max(len(self._lengths), 1)
        self._avg = float(self._lengths.sum() / self._n) or 1.0

    @property
    def size(self) -> int:
        """How many documents it indexes."""
        return len(self._lengths)

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Index the texts."""
        return _Postings().add_all(texts).index()

    def updated(self, texts: list[str], same_as: list[int | None]) -> LexicalIndex:
        """The index of texts, where same_as[j] is a document of this index whose text is
        texts[j] (its postings are carried over) or None (texts[j] is tokenised)."""
        by_doc = np.argsort(self._docs, kind="stable")  # entry positions, grouped by document
        starts = np.searchsorted(self._docs[by_doc], np.arange(len(self._lengths) + 1))
        entry_slots = np.repeat(np.arange(len(self._terms)), np.diff(self._offsets))
        postings = _Postings(list(self._terms))
        for j, (text, old) in enumerate(zip(texts, same_as, strict=True)):
            if old is None:
                postings.add(j, text)
            else:
                entries = by_doc[starts[old] : starts[old + 1]]
                postings.carry(j, entry_slots[entries], self._tfs[entries], self._lengths[old])
        return postings.index()

    def to_json(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "terms": self._terms,
            "offsets": self._offsets.tolist(),
            "docs": self._docs.tolist(),
            "tfs": self._tfs.astype(np.int64).tolist(),
            "lengths": self._lengths.astype(np.int64).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LexicalIndex:
        """Inverse of to_json (also reads the per-term lists of earlier versions)."""
        if "postings" in data:
            terms = list(data["postings"])
            lists = [data["postings"][t] for t in terms]
            offsets = np.cumsum([0] + [len(p) for p in lists])
            flat = [pair for p in lists for pair in p]
            docs = [d for d, _ in flat]
            tfs = [f for _, f in flat]
            return cls(terms, offsets, docs, tfs, data["lengths"])
        return cls(data["terms"], data["offsets"], data["docs"], data["tfs"], data["lengths"])

    def idf(self, term: str) -> float:
        """Inverse document frequency; unseen terms weigh like the rarest."""
        slot = self._slot.get(term)
        if slot is None:
            return math.log(1 + (self._n + 0.5) / 0.5)
        df = int(self._offsets[slot + 1] - self._offsets[slot])
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        slot = self._slot.get(term)
        if slot is None:
            return None
        a, b = self._offsets[slot], self._offsets[slot + 1]
        return self._docs[a:b], self._tfs[a:b]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for the query's topic terms."""
        out = np.zeros(len(self._lengths), dtype=np.float32)
        for term in query_terms(query):
            postings = self._postings(term)
            if postings is None:
                continue
            docs, tf = postings
            norm = tf + K1 * (1 - B + B * self._lengths[docs] / self._avg)
            out[docs] += (self.idf(term) * tf * (K1 + 1) / norm).astype(np.float32)
        return out

    def top(
        self, query: str, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) of the k documents scoring highest for the query among those allowed
        (a boolean mask; None allows all), best first, equal scores by ascending id; only
        documents holding some term of it (score above 0)."""
        scores = self.scores(query)
        keep = scores > 0
        if allowed is not None:
            keep &= allowed
        ids = np.flatnonzero(keep)
        order = np.lexsort((ids, -scores[ids]))[: max(k, 0)]
        return scores[ids[order]], ids[order]

    def coverage(
        self,
        query: str,
        docs: list[int],
        extras: Sequence[AbstractSet[str]],
        spelled: tuple[dict[str, str], list[str]] | None = None,
    ) -> list[float]:
        """How much of the question's topic each document holds, in [0, 1]; extras[i] are
        words that count as held by docs[i] (its directive's province, issuer, number).

        The mean of two IDF-weighted shares: topic syllables, and topic bigrams (so that
        "kết hôn" is not covered by a text holding "kết quả" and "hôn" apart). spelled is
        (folded syllable → the way the question spells it, the documents' texts): such a
        syllable is held only by a text that spells it so ("truyền thống" is not held by a
        text that says "truyền thông").
        """
        wanted = {s for s in syllables(query) if s not in STOPWORDS}
        if not wanted:
            return [0.0] * len(docs)
        bigrams = [t for t in query_terms(query) if "_" in t]
        candidates = np.array(docs, dtype=np.int32)
        held = {t: self._holding(t, candidates) for t in wanted | set(bigrams)}
        if spelled and spelled[0]:
            _keep_spelled(held, *spelled)
        wanted_weight = sum(self.idf(s) for s in wanted)
        out = []
        for n, extra in enumerate(extras):
            unigram = sum(self.idf(s) for s in wanted if held[s][n] or s in extra)
            unigram /= wanted_weight
            pairs = [t for t in bigrams if not _in_extra(t, extra)]
            if not pairs:
                out.append(unigram)
                continue
            bigram = sum(self.idf(t) for t in {t for t in pairs if held[t][n]})
            out.append((unigram + bigram / sum(self.idf(t) for t in pairs)) / 2)
        return out

    def _holding(self, term: str, docs: np.ndarray) -> np.ndarray:
        """For each of docs, whether it holds the term (postings are sorted: binary search)."""
        postings = self._postings(term)
        if postings is None:
            return np.zeros(len(docs), dtype=bool)
        held = postings[0]
        at = np.minimum(np.searchsorted(held, docs), len(held) - 1)
        found: np.ndarray = held[at] == docs
        return found


def _keep_spelled(held: dict[str, np.ndarray], forms: dict[str, str], texts: list[str]) -> None:
    """Unmark the syllables (and the bigrams holding them) a text spells otherwise."""
    words = [{w.lower() for w in _WORD.findall(text)} for text in texts]
    for term, marks in held.items():
        parts = [forms[p] for p in term.split("_") if p in forms]
        if parts:
            held[term] = marks & np.array([all(p in w for p in parts) for w in words])


_WORD = re.compile(r"[^\W_]+")


class _Postings:
    """Postings being collected, document by document, then grouped by term."""

    def __init__(self, terms: list[str] | None = None) -> None:
        self.terms = terms or []
        self.slot = {t: n for n, t in enumerate(self.terms)}
        self.slots: list[np.ndarray] = []
        self.docs: list[np.ndarray] = []
        self.tfs: list[np.ndarray] = []
        self.lengths: list[int] = []

    def add_all(self, texts: list[str]) -> _Postings:
        for doc, text in enumerate(texts):
            self.add(doc, text)
        return self

    def add(self, doc: int, text: str) -> None:
        """Tokenise one document."""
        counts = Counter(terms(text))
        slots = []
        for term in counts:
            if term not in self.slot:
                self.slot[term] = len(self.terms)
                self.terms.append(term)
            slots.append(self.slot[term])
        self.carry(doc, np.array(slots, dtype=np.int64), np.array(list(counts.values())), None)

    def carry(self, doc: int, slots: np.ndarray, tfs: np.ndarray, length: float | None) -> None:
        """One document's postings as given (term slots and frequencies)."""
        self.slots.append(slots)
        self.docs.append(np.full(len(slots), doc, dtype=np.int32))
        self.tfs.append(np.asarray(tfs, dtype=np.float64))
        self.lengths.append(int(tfs.sum()) if length is None else int(length))

    def index(self) -> LexicalIndex:
        """Group by term (documents ascending within each), dropping terms left unused."""
        if not self.slots:
            return LexicalIndex([], np.zeros(1, dtype=np.int64), [], [], self.lengths)
        slots, docs, tfs = (np.concatenate(x) for x in (self.slots, self.docs, self.tfs))
        order = np.lexsort((docs, slots))
        slots, docs, tfs = slots[order], docs[order], tfs[order]
        used, slots = np.unique(slots, return_inverse=True)
        offsets = np.searchsorted(slots, np.arange(len(used) + 1))
        return LexicalIndex([self.terms[n] for n in used], offsets, docs, tfs, self.lengths)


def _in_extra(bigram: str, extra: AbstractSet[str]) -> bool:
    """Bigrams made of metadata words (a province name) are checked by the metadata."""
    return all(part in extra for part in bigram.split("_"))


def query_terms(query: str) -> list[str]:
    """Topic terms of a question: syllables and bigrams that are not all stop words."""
    sylls = syllables(query)
    unigrams = [s for s in sylls if s not in STOPWORDS]
    bigrams = [
        f"{a}_{b}"
        for a, b in itertools.pairwise(sylls)
        if a not in STOPWORDS or b not in STOPWORDS
    ]
    return unigrams + bigrams
