"""The vector index: one small protocol, FAISS flat behind it today.

Retrieval asks only two things of a vector store: the k closest vectors to a question among
the sections a filter allows (a province, a directive number), and the similarity of a few
candidates it already has. Anything that answers those, plus add / save / load, can replace
FAISS (a server-side store such as pgvector holds the vectors and applies the filter itself).
Ids are section positions, 0 … size - 1, in the order the vectors were added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import faiss
import numpy as np

FILE = "vectors.faiss"


@runtime_checkable
class VectorIndex(Protocol):
    """Vectors by id (insertion order), searched by inner product (cosine when normalised)."""

    @property
    def size(self) -> int:
        """How many vectors it holds."""
        ...

    @property
    def dimension(self) -> int:
        """The length of each vector."""
        ...

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors (rows); their ids continue from size."""
        ...

    def vectors(self) -> np.ndarray:
        """Every stored vector, by id (a build reuses unchanged sections' vectors)."""
        ...

    def search(
        self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each (len(queries), k): per query the k highest inner products
        among the ids allowed (a boolean mask over ids; None allows all), best first, equal
        scores by ascending id; rows with fewer than k allowed are padded with id -1 and
        score -inf."""
        ...

    def similarities(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """The inner product of one query vector with each of the vectors ids names."""
        ...

    def save(self, folder: Path) -> None:
        """Write the vectors into a version folder."""
        ...


class FaissVectors:
    """A FAISS index (IndexFlatIP: exact inner product) behind VectorIndex."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index

    @classmethod
    def empty(cls, dimension: int) -> FaissVectors:
        """A flat inner-product index with no vectors yet."""
        return cls(faiss.IndexFlatIP(dimension))

    @classmethod
    def of(cls, vectors: np.ndarray) -> FaissVectors:
        """A flat inner-product index holding the vectors."""
        store = cls.empty(vectors.shape[1])
        store.add(vectors)
        return store

    @classmethod
    def load(cls, folder: Path) -> FaissVectors:
        """The vectors a version folder holds (RuntimeError from FAISS when damaged)."""
        return cls(faiss.read_index(str(folder / FILE)))

    @property
    def size(self) -> int:
        """How many vectors it holds."""
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        """The length of each vector."""
        return int(self._index.d)

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors (rows); their ids continue from size."""
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def vectors(self) -> np.ndarray:
        """Every stored vector, by id."""
        stored: np.ndarray = self._index.reconstruct_n(0, self.size)
        return stored

    def search(
        self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k best allowed ids per query (see VectorIndex.search)."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if k <= 0 or self.size == 0:
            shape = (len(queries), max(k, 0))
            return np.full(shape, -np.inf, dtype=np.float32), np.full(shape, -1, dtype=np.int64)
        if allowed is None:
            scores, ids = self._index.search(queries, k)
        else:
            # The bitmap must outlive the search: FAISS keeps only a pointer to it.
            bits = np.packbits(np.asarray(allowed, dtype=bool), bitorder="little")
            selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
            # faiss's type hints lack the keyword arguments its SWIG constructors take.
            params = (
                faiss.SearchParametersIVF(sel=selector, nprobe=self._index.nprobe)  # type: ignore[call-arg]
                if isinstance(self._index, faiss.IndexIVF)
                else faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            )
            scores, ids = self._index.search(queries, k, params=params)
        return _ordered(scores, ids)

    def similarities(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Inner products with the vectors ids names: FAISS's own kernel over its storage,
        single-threaded and without a copy. (A BLAS product is as fast but leaves OpenBLAS
        threads spinning, which slows the next question's embedding twofold.)"""
        ids = np.ascontiguousarray(ids, dtype=np.int64).reshape(-1)
        vector = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        if not isinstance(self._index, faiss.IndexFlat):
            return self._index.reconstruct_batch(ids) @ vector if len(ids) else _none()
        out = np.empty(len(ids), dtype=np.float32)
        if len(ids):
            faiss.fvec_inner_products_by_idx(  # type: ignore[attr-defined]  # not in faiss's hints
                faiss.swig_ptr(out),
                faiss.swig_ptr(vector),
                self._index.get_xb(),
                faiss.swig_ptr(ids),
                self.dimension,
                1,
                len(ids),
            )
        return out

    def save(self, folder: Path) -> None:
        """Write vectors.faiss into the folder."""
        faiss.write_index(self._index, str(folder / FILE))


def load_vectors(folder: Path) -> VectorIndex:
    """The vector index a version folder holds."""
    return FaissVectors.load(folder)


def _none() -> np.ndarray:
    return np.zeros(0, dtype=np.float32)


def _ordered(scores: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row best first, equal scores by ascending id, padding (id -1) last at -inf."""
    scores = np.where(ids < 0, -np.inf, scores).astype(np.float32)
    ids = ids.astype(np.int64)
    last = np.where(ids < 0, np.iinfo(np.int64).max, ids)
    for row in range(len(ids)):
        order = np.lexsort((last[row], -scores[row]))
        scores[row], ids[row] = scores[row][order], ids[row][order]
    return scores, ids
