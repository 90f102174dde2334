"""A fake language-model server on 127.0.0.1: OpenAI-compatible and Ollama chat endpoints.

It answers from a script the test writes (a text, a function of the prompt, an HTTP error or
a late answer) and records every request, so tests can check both what the model was asked
and what became of its answer.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Prompt = list[dict[str, str]]  # [{"role": "system", "content": ...}, ...]


@dataclass(frozen=True)
class Fail:
    """Answer with this HTTP status."""

    status: int = 500


@dataclass(frozen=True)
class Late:
    """Answer, but only after this many seconds (the client should have given up)."""

    seconds: float
    text: str = "Trả lời quá muộn [1]."


Reply = str | Callable[[Prompt], str] | Fail | Late


class FakeLLM:
    """`with FakeLLM() as llm:` serves `llm.base_url` (OpenAI) and `llm.ollama_url`."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._script: list[Reply] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def ollama_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def script(self, *replies: Reply) -> None:
        """Replies for the next requests, in order."""
        with self._lock:
            self._script.extend(replies)

    @property
    def prompts(self) -> list[Prompt]:
        return [r["messages"] for r in self.requests]

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            return self._script.pop(0) if self._script else Fail(599)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                reply = fake._next(body)
                if isinstance(reply, Fail):
                    return self._send(reply.status, {"error": {"message": "scripted failure"}})
                if isinstance(reply, Late):
                    time.sleep(reply.seconds)
                    reply = reply.text
                text = reply(body["messages"]) if callable(reply) else reply
                if self.path.startswith("/v1/chat/completions"):
                    return self._send(200, _openai(body, text))
                if self.path.startswith("/api/chat"):
                    return self._send(200, _ollama(body, text), ndjson=True)
                return self._send(404, {"error": f"no such endpoint {self.path}"})

            def _send(self, status: int, payload: dict, ndjson: bool = False) -> None:
                data = (json.dumps(payload) + ("\n" if ndjson else "")).encode()
                try:
                    self.send_response(status)
                    kind = "application/x-ndjson" if ndjson else "application/json"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up
                    pass

        return Handler


def _openai(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _ollama(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "model": body.get("model", "fake"),
        "created_at": "2026-11-23T00:00:00Z",
        "message": {"role": "assistant", "content": text},
        "done": True,
        "done_reason": "stop",
        "total_duration": 1,
        "prompt_eval_count": 1,
        "eval_count": 1,
    }


def sources(prompt: Prompt) -> dict[int, str]:
    """The numbered sources in a prompt: {n: the block's text}."""
    user = prompt[-1]["content"]
    blocks = re.findall(r'<nguon so="(\d+)">\n(.*?)\n</nguon>', user, re.DOTALL)
    return {int(n): text for n, text in blocks}


def source_with(prompt: Prompt, phrase: str) -> int:
    """The number of the first source holding phrase."""
    for n, text in sources(prompt).items():
        if phrase in text:
            return n
    raise AssertionError(f"no source holds {phrase!r}: {sources(prompt)}")


def quoting(*numbers: int) -> Callable[[Prompt], str]:
    """A faithful model: the first sentence of each numbered source, verbatim, cited."""

    def reply(prompt: Prompt) -> str:
        given = sources(prompt)
        lines = []
        for n in numbers:
            text = given[n].split("\n", 1)[1]
            sentence = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")
            lines.append(f"{sentence} [{n}].")
        return "\n".join(lines)

    return reply
