"""The VectorIndex contract, run against every backend (FAISS flat today): random vectors, no
model. A new backend (pgvector, …) joins by adding a Backend to BACKENDS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
import pytest

from bot.vectors import FaissVectors, VectorIndex

DIMENSION = 16


@dataclass(frozen=True)
class Backend:
    name: str
    empty: Callable[[int], VectorIndex]
    load: Callable[[Path], VectorIndex]


BACKENDS = [Backend("faiss-flat", FaissVectors.empty, FaissVectors.load)]


@pytest.fixture(params=BACKENDS, ids=lambda b: b.name)
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.param


def unit_vectors(count: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((count, DIMENSION))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def filled(backend: Backend, vectors: np.ndarray) -> VectorIndex:
    store = backend.empty(DIMENSION)
    store.add(vectors)
    return store


def brute_force(
    vectors: np.ndarray, query: np.ndarray, k: int, allowed: np.ndarray | None = None
) -> list[int]:
    """The k best allowed ids, equal scores by ascending id."""
    ids = np.arange(len(vectors)) if allowed is None else np.flatnonzero(allowed)
    scores = vectors[ids] @ query
    return ids[np.lexsort((ids, -scores))][:k].tolist()


def test_a_store_is_a_vector_index(backend):
    store = filled(backend, unit_vectors(5))
    assert isinstance(store, VectorIndex)
    assert (store.size, store.dimension) == (5, DIMENSION)


@pytest.mark.parametrize("k", [1, 7, 50, 200])
def test_top_k_equals_brute_force(backend, k):
    vectors = unit_vectors(200)
    store = filled(backend, vectors)
    queries = unit_vectors(5, seed=1)
    scores, ids = store.search(queries, k)
    assert scores.shape == ids.shape == (5, k)
    for query, row, row_scores in zip(queries, ids, scores, strict=True):
        assert row.tolist() == brute_force(vectors, query, k)
        assert np.allclose(row_scores, vectors[row] @ query, atol=1e-5)
        assert (np.diff(row_scores) <= 0).all()


@pytest.mark.parametrize("share", [0.0, 0.05, 0.5, 1.0])
def test_search_keeps_to_the_allowed_ids(backend, share):
    vectors = unit_vectors(300)
    store = filled(backend, vectors)
    allowed = np.random.default_rng(2).random(300) < share
    query = unit_vectors(1, seed=3)[0]
    scores, ids = store.search(query[np.newaxis], 40, allowed)
    found = ids[0][ids[0] >= 0]
    assert found.tolist() == brute_force(vectors, query, 40, allowed)
    assert allowed[found].all()
    padded = 40 - min(40, int(allowed.sum()))  # fewer allowed than asked: -1 and -inf after
    assert (ids[0][40 - padded :] == -1).all() and np.isneginf(scores[0][40 - padded :]).all()


def test_equal_scores_come_by_ascending_id(backend):
    vectors = np.repeat(unit_vectors(1), 6, axis=0)  # the same section filed six times
    store = filled(backend, vectors)
    _, ids = store.search(vectors[:1], 4, np.array([True, False, True, True, True, True]))
    assert ids[0].tolist() == [0, 2, 3, 4]


def test_similarities_are_inner_products_of_the_ids_named(backend):
    vectors = unit_vectors(50)
    store = filled(backend, vectors)
    query = unit_vectors(1, seed=4)[0]
    ids = np.array([49, 0, 17, 17, 3])
    assert np.allclose(store.similarities(query, ids), vectors[ids] @ query, atol=1e-6)
    assert store.similarities(query, np.array([], dtype=np.int64)).shape == (0,)


def test_ids_continue_across_adds(backend):
    vectors = unit_vectors(30)
    store = backend.empty(DIMENSION)
    store.add(vectors[:10])
    store.add(vectors[10:])
    assert store.size == 30
    assert np.allclose(store.vectors(), vectors)
    _, ids = store.search(vectors[25:26], 1)
    assert ids[0].tolist() == [25]


def test_save_load_round_trip(backend, tmp_path):
    vectors = unit_vectors(120)
    store = filled(backend, vectors)
    store.save(tmp_path)
    again = backend.load(tmp_path)
    assert (again.size, again.dimension) == (120, DIMENSION)
    assert np.array_equal(again.vectors(), store.vectors())
    queries = unit_vectors(3, seed=5)
    allowed = np.arange(120) % 3 == 0
    for before, after in zip(
        store.search(queries, 10, allowed), again.search(queries, 10, allowed), strict=True
    ):
        assert np.array_equal(before, after)


def test_an_empty_index_finds_nothing(backend, tmp_path):
    store = backend.empty(DIMENSION)
    assert store.size == 0 and store.vectors().shape[0] == 0
    scores, ids = store.search(unit_vectors(2), 5)
    assert (ids == -1).all() and np.isneginf(scores).all() and ids.shape == (2, 5)
    scores, ids = store.search(unit_vectors(1), 5, np.zeros(0, dtype=bool))
    assert (ids == -1).all()
    store.save(tmp_path)
    assert backend.load(tmp_path).size == 0


def test_nothing_allowed_finds_nothing(backend):
    store = filled(backend, unit_vectors(20))
    _, ids = store.search(unit_vectors(1), 5, np.zeros(20, dtype=bool))
    assert (ids == -1).all()


def test_padding_of_an_approximate_faiss_index_is_never_an_id():
    # An IVF index probing one list of eight returns far fewer than asked, padded by FAISS
    # with id -1: the store keeps the padding at the end, at -inf, never as section -1.
    vectors = unit_vectors(400)
    ivf = faiss.IndexIVFFlat(
        faiss.IndexFlatIP(DIMENSION), DIMENSION, 8, faiss.METRIC_INNER_PRODUCT
    )
    ivf.train(vectors)
    ivf.add(vectors)
    ivf.nprobe = 1
    store = FaissVectors(ivf)
    scores, ids = store.search(vectors[:1], 400)
    found = ids[0] >= 0
    assert not found.all() and found[: found.sum()].all()  # the ids first, padding after
    assert np.isneginf(scores[0][~found]).all()
    allowed = np.arange(400) % 2 == 0
    _, ids = store.search(vectors[:1], 400, allowed)
    assert allowed[ids[0][ids[0] >= 0]].all()
    ivf.make_direct_map()
    picked = ids[0][:3]
    assert np.allclose(store.similarities(vectors[0], picked), vectors[picked] @ vectors[0])
