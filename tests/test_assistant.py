"""The one entry point: answers as the core gives them, recalled, logged, from the served
version. A deterministic embedder over the seeds: no model is loaded."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.answering import answer
from bot.assistant import Assistant, Context, Pools
from bot.config import Settings
from bot.embeddings import CachedQueries
from bot.indexing import Index, build_index
from bot.messages import Messages
from tests.conftest import make_settings
from tests.fake_embedder import HashEmbedder

QUESTIONS = [
    "Sở Y tế phải làm gì?",  # duty
    "Ai ký công văn 3262?",  # signer
    "Giá xăng hôm nay là bao nhiêu?",  # not found
]


class CountingEmbedder(HashEmbedder):
    """HashEmbedder that counts the questions it embeds and the threads it ran in."""

    def __init__(self) -> None:
        super().__init__()
        self.questions = 0
        self.threads: set[str] = set()

    def embed_query(self, text: str) -> list[float]:
        self.questions += 1
        self.threads.add(threading.current_thread().name)
        return super().embed_query(text)


class RecordingLog:
    """A question log that keeps what it is given."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def log_question(self, chat_id, user_id, question, found, index_version, cited) -> int:
        self.rows.append((chat_id, user_id, question, found, index_version, tuple(cited)))
        return len(self.rows)


@dataclasses.dataclass
class Shelf:
    """A library whose current version a test swaps."""

    index: Index


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Index]:
    settings = make_settings(tmp_path_factory.mktemp("assistant"))
    return settings, build_index(settings, HashEmbedder(), progress=False).index


def test_answers_are_the_cores_for_every_kind(built, messages: Messages):
    settings, index = built
    embedder = HashEmbedder()
    assistant = Assistant(settings, messages, embedder, index)
    for question in QUESTIONS:
        given = assistant.answer(question)
        assert given == answer(question, index, embedder, settings, messages)
        assert given.to_json()["answer"] == given.text
    restricted = assistant.answer(QUESTIONS[0], Context(province="Sơn La"))
    assert restricted == answer(QUESTIONS[0], index, embedder, settings, messages, "Sơn La")


def test_a_repeated_question_is_recalled_per_province_and_version(built, messages: Messages):
    settings, index = built
    embedder = CountingEmbedder()
    shelf = Shelf(index)
    assistant = Assistant(settings, messages, embedder, shelf)
    first = assistant.answer("Sở Y tế phải làm gì?")
    assert assistant.answer("  Sở Y tế  phải làm gì? ") is first
    assert embedder.questions == 1
    assert assistant.answer("Sở Y tế phải làm gì?", Context(province="Sơn La")) is not first
    shelf.index = dataclasses.replace(index, path=Path(f"{index.path}-next"))
    again = assistant.answer("Sở Y tế phải làm gì?")
    assert again == first and again is not first  # a new version is asked afresh...
    assert embedder.questions == 1  # ...but the question's vector is recalled each time


def test_without_recall_every_question_is_answered_afresh(built, messages: Messages):
    settings, index = built
    embedder = CountingEmbedder()
    assistant = Assistant(settings, messages, embedder, index, answers=0, vectors=0)
    assert assistant.embedder is embedder
    assistant.answer("Sở Y tế phải làm gì?")
    assistant.answer("Sở Y tế phải làm gì?")
    assert embedder.questions == 2


def test_one_question_vector_cache_however_the_embedder_comes(built, messages: Messages):
    settings, index = built
    backend = HashEmbedder()
    assistant = Assistant(settings, messages, CachedQueries(backend), index)
    assert isinstance(assistant.embedder, CachedQueries) and assistant.embedder.inner is backend


def test_ask_runs_in_the_pools_and_logs_questions_asked_in_a_chat(built, messages: Messages):
    settings, index = built
    embedder, log = CountingEmbedder(), RecordingLog()
    with ThreadPoolExecutor(1, thread_name_prefix="retrieval") as pool:
        assistant = Assistant(settings, messages, embedder, index, log=log, pools=Pools(pool))
        given = asyncio.run(assistant.ask("Sở Y tế phải làm gì?", Context(None, 7, 42)))
        unlogged = asyncio.run(assistant.ask("Sở Y tế phải làm gì?"))
    assert embedder.threads == {"retrieval_0"}
    assert given.question_id == 1 and unlogged.question_id is None
    assert unlogged.answer is given.answer  # recalled
    cited = tuple(c.section for c in given.answer.citations)
    assert log.rows == [(7, 42, "Sở Y tế phải làm gì?", True, index.version, cited)]
