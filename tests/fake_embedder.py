"""A deterministic stand-in for the embedding model, for tests of index bookkeeping (which
files are parsed, which sections embedded) where the vectors' meaning does not matter."""

from __future__ import annotations

import hashlib

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
