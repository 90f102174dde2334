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
    """BM25 over a fixed list of texts; document ids are list positions.

    Each term's postings are two arrays (document ids, ascending, and term frequencies), so a
    question is scored with one vector operation per term rather than a loop per posting.
    """

    def __init__(self, postings: dict[str, list[list[int]]], lengths: list[int]) -> None:
        self._docs = {t: np.array([d for d, _ in p], dtype=np.int32) for t, p in postings.items()}
        self._tfs = {t: np.array([f for _, f in p], dtype=np.float64) for t, p in postings.items()}
        self._lengths = np.array(lengths, dtype=np.float64)
        n = max(len(lengths), 1)
        self._avg = (sum(lengths) / n) or 1.0
        self._idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()
        }

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
        postings = {
            t: [[int(d), int(f)] for d, f in zip(docs, self._tfs[t], strict=True)]
            for t, docs in self._docs.items()
        }
        return {"postings": postings, "lengths": [int(n) for n in self._lengths]}

    @classmethod
    def from_json(cls, data: dict) -> LexicalIndex:
        """Inverse of to_json."""
        return cls(data["postings"], data["lengths"])

    def idf(self, term: str) -> float:
        """Inverse document frequency; unseen terms weigh like the rarest."""
        return self._idf.get(term, math.log(1 + (len(self._lengths) + 0.5) / 0.5))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for the query's topic terms."""
        out = np.zeros(len(self._lengths), dtype=np.float32)
        for term in query_terms(query):
            docs = self._docs.get(term)
            if docs is None:
                continue
            tf = self._tfs[term]
            norm = tf + K1 * (1 - B + B * self._lengths[docs] / self._avg)
            out[docs] += (self._idf[term] * tf * (K1 + 1) / norm).astype(np.float32)
        return out

    def coverage(self, query: str, docs: list[int], extras: list[set[str]]) -> list[float]:
        """How much of the question's topic each document holds, in [0, 1]; extras[i] are
        words that count as held by docs[i] (its directive's province, issuer, number).

        The mean of two IDF-weighted shares: topic syllables, and topic bigrams (so that
        "kết hôn" is not covered by a text holding "kết quả" and "hôn" apart).
        """
        wanted = {s for s in syllables(query) if s not in STOPWORDS}
        if not wanted:
            return [0.0] * len(docs)
        bigrams = [t for t in query_terms(query) if "_" in t]
        candidates = np.array(docs, dtype=np.int32)
        held = {t: self._holding(t, candidates) for t in wanted | set(bigrams)}
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
        postings = self._docs.get(term)
        if postings is None:
            return np.zeros(len(docs), dtype=bool)
        at = np.minimum(np.searchsorted(postings, docs), len(postings) - 1)
        return postings[at] == docs


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
