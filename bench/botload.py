"""Answers per second through the real bot: `python -m bot serve` as a separate process,
long-polling the test suite's fake Bot API on 127.0.0.1, with many chats asking at once.

Each chat asks its next question as soon as the previous answer has fully arrived (the last
part of an answer carries the 👍/👎 buttons), so `chats` questions are always in flight. The
serving process's peak resident memory is read from /proc when the run ends.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.fake_telegram import FakeTelegram, message

REPO = Path(__file__).resolve().parent.parent
_TOKEN = "123456:BENCHMARK"


@dataclass(frozen=True)
class BotRun:
    """What one load run measured."""

    answers: int
    seconds: float
    peak_rss_mb: float  # VmHWM of the serving process
    start_seconds: float  # from launch until it polls for updates

    @property
    def per_second(self) -> float:
        """Answers delivered per second."""
        return self.answers / self.seconds


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Nothing to report: the bot hanging up as it stops."""


class _Recording(FakeTelegram):
    """The fake Bot API, reporting each chat whose answer is complete."""

    server_class = _QuietServer

    def __init__(self) -> None:
        super().__init__()
        self.completed: queue.Queue[int] = queue.Queue()
        self.polled = False

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict, float]:
        result = super().handle(method, params)
        if method == "getUpdates":
            self.polled = True
        elif method == "sendMessage" and result[0] == 200 and _has_vote(params):
            self.completed.put(int(params["chat_id"]))
        return result


def run(config: Path, script: list[list[str]], warmup: list[list[str]] | None = None) -> BotRun:
    """Serve with config; chat n asks script[n] in order, each question as soon as the answer
    to its previous one has arrived, all chats at once. Measures the whole run (after playing
    the warmup script the same way, untimed, when one is given)."""
    with _Recording() as api:
        env = {
            **os.environ,
            "BOT_CONFIG": str(config),
            "TELEGRAM_BOT_TOKEN": _TOKEN,
            "TELEGRAM_BASE_URL": api.base_url,
            "TELEGRAM_BASE_FILE_URL": api.base_file_url,
            "TELEGRAM_MODE": "polling",
        }
        log = config.parent / "serve.log"
        launched = time.monotonic()
        with open(log, "w", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve"],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        bot = _Bot(api, process, log)
        try:
            bot.wait_polling(timeout=300)
            started = time.monotonic() - launched
            bot.push(1, "Xin chào")  # the first answer pays one-off costs
            bot.next_completed()
            if warmup:
                bot.play(warmup)
            began = time.monotonic()
            answered = bot.play(script)
            seconds = time.monotonic() - began
            rss = _peak_rss_mb(process.pid)
        finally:
            bot.stop()
    return BotRun(answered, seconds, rss, started)


def burst(questions: list[str], chats: int = 50, each: int = 10) -> list[list[str]]:
    """Many chats asking the same few questions (a new directive has just landed): every
    chat asks `each` of the first `chats` questions, in its own order."""
    pool = questions[:chats]
    return [[pool[(n + 7 * k) % len(pool)] for k in range(each)] for n in range(chats)]


def distinct(questions: list[str], chats: int = 50, each: int = 10) -> list[list[str]]:
    """Every question asked once, spread over the chats (needs chats × each questions)."""
    assert len(questions) >= chats * each, "not enough distinct questions"
    return [questions[n * each : (n + 1) * each] for n in range(chats)]


@dataclass
class _Bot:
    api: _Recording
    process: subprocess.Popen
    log: Path

    def push(self, chat: int, question: str) -> None:
        self.api.push(message(chat, chat, question))

    def play(self, script: list[list[str]]) -> int:
        """Chat n + 2 asks script[n], one question after the other's answer; all chats at
        once. Returns how many answers arrived."""
        chats = {n + 2: list(questions) for n, questions in enumerate(script)}
        for chat, questions in chats.items():
            self.push(chat, questions.pop(0))
        answered, expected = 0, sum(len(q) for q in script)
        while answered < expected:
            chat = self.next_completed()
            answered += 1
            if chats[chat]:
                self.push(chat, chats[chat].pop(0))
        return answered

    def wait_polling(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.api.polled:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not start:\n{self._tail()}")
            time.sleep(0.05)

    def next_completed(self, timeout: float = 120) -> int:
        try:
            return self.api.completed.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"the bot stopped answering:\n{self._tail()}") from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def _tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def _has_vote(params: dict[str, Any]) -> bool:
    """The answer's last part: it carries the 👍/👎 buttons."""
    return '"v:' in json.dumps(params.get("reply_markup", {}))


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
