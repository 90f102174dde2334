"""A deterministic stand-in for the embedding model, for tests of index bookkeeping (which
files are parsed, which sections embedded) and of ranking and answer composition where the
vectors' meaning does not matter (the fast tier: no model is loaded); and a gate that holds a
build at its embedding step for as long as a test needs, so "while a build runs" is a state the
test controls rather than a race against the machine's speed."""

from __future__ import annotations

import hashlib
import threading

import numpy as np
from langchain_core.embeddings import Embeddings


class HashEmbedder(Embeddings):
    """A unit vector seeded by the text's hash; counts the passages it embeds."""

    dim = 384

    def __init__(self) -> None:
        self.embedded = 0

    def _vector(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return (vector / np.linalg.norm(vector)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class GatedEmbedder(Embeddings):
    """Questions go straight to `inner`; passages wait at the gate while it is shut.

    `shut()` closes it, `reached` is set once a build is waiting there, `open()` lets it
    through. The passages embedded are counted and kept (`passages`)."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.reached = threading.Event()
        self._open = threading.Event()
        self._open.set()
        self.passages: list[str] = []
        self.queries: list[str] = []

    def shut(self) -> None:
        self.reached.clear()
        self._open.clear()

    def open(self) -> None:
        self._open.set()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not self._open.is_set():
            self.reached.set()
            if not self._open.wait(300):  # a test that forgot to open it fails, not hangs
                raise TimeoutError("the embedding gate was never opened")
        self.passages.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)
