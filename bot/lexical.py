"""A BM25 index over diacritic-folded syllables and syllable bigrams.

Folding makes "so y te" and "Sở Y tế" the same terms, so a question typed without diacritics
matches lexically as well as one typed with them. Stored as JSON postings; nothing pickled.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict

import numpy as np

from bot.text import STOPWORDS, syllables, terms

K1 = 1.2
B = 0.75


class LexicalIndex:
    """BM25 over a fixed list of texts; document ids are list positions."""

    def __init__(self, postings: dict[str, list[list[int]]], lengths: list[int]) -> None:
        self.postings = postings
        self.lengths = lengths
        n = max(len(lengths), 1)
        self._avg = (sum(lengths) / n) or 1.0
        self._idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()
        }
        self._doc_syllables: list[set[str]] = [set() for _ in lengths]
        for term, plist in postings.items():
            if "_" not in term:
                for doc, _ in plist:
                    self._doc_syllables[doc].add(term)

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Index the texts."""
        postings: dict[str, list[list[int]]] = defaultdict(list)
        lengths = []
        for doc, text in enumerate(texts):
            counts = Counter(terms(text))
            lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                postings[term].append([doc, tf])
        return cls(dict(postings), lengths)

    def to_json(self) -> dict:
        """JSON-able form."""
        return {"postings": self.postings, "lengths": self.lengths}

    @classmethod
    def from_json(cls, data: dict) -> LexicalIndex:
        """Inverse of to_json."""
        return cls(data["postings"], data["lengths"])

    def idf(self, term: str) -> float:
        """Inverse document frequency; unseen terms weigh like the rarest."""
        return self._idf.get(term, math.log(1 + (len(self.lengths) + 0.5) / 0.5))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for the query's topic terms."""
        out = np.zeros(len(self.lengths), dtype=np.float32)
        for term in query_terms(query):
            for doc, tf in self.postings.get(term, ()):
                norm = tf + K1 * (1 - B + B * self.lengths[doc] / self._avg)
                out[doc] += self._idf[term] * tf * (K1 + 1) / norm
        return out

    def coverage(self, query: str, doc: int, extra: set[str] = frozenset()) -> float:
        """How much of the question's topic the document holds, in [0, 1].

        The mean of two IDF-weighted shares: topic syllables, and topic bigrams (so that
        "kết hôn" is not covered by a text holding "kết quả" and "hôn" apart).
        """
        wanted = {s for s in syllables(query) if s not in STOPWORDS}
        if not wanted:
            return 0.0
        have = self._doc_syllables[doc] | extra
        unigram = sum(self.idf(s) for s in wanted if s in have) / sum(self.idf(s) for s in wanted)
        pairs = [t for t in query_terms(query) if "_" in t and not _in_extra(t, extra)]
        if not pairs:
            return unigram
        held = {
            t
            for t, plist in ((t, self.postings.get(t, ())) for t in pairs)
            if any(d == doc for d, _ in plist)
        }
        bigram = sum(self.idf(t) for t in held) / sum(self.idf(t) for t in pairs)
        return (unigram + bigram) / 2


def _in_extra(bigram: str, extra: set[str]) -> bool:
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
