"""A fake Telegram Bot API on 127.0.0.1, for the real python-telegram-bot Application.

It serves getUpdates (long polling) from a queue the test fills, records every call (getUpdates
apart, in `polls`), serves files for getFile, checks HTML and length the way Telegram does, and
on demand answers a method with an error (429 with its retry_after, 400, 401, 403, 404, ...) or
responds too late (after recording the call, as a real server that delivered the message but
whose reply was lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import html
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl

BOT_ID = 5000
BOT_USERNAME = "chidao_test_bot"
_JSON_FIELDS = {
    "reply_markup",
    "reply_parameters",
    "commands",
    "scope",
    "allowed_updates",
    "results",
    "button",
}
_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "span",
    "tg-spoiler",
    "blockquote",
    "tg-emoji",
}
_TOKEN = re.compile(r"<(/?)([a-z-]+)(\s[^<>]*)?>|&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|[<>&]")


def telegram_html_text(text: str) -> str:
    """The visible text of a Telegram HTML message; ValueError where Telegram says 400."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        closing, tag, entity = match.group(1), match.group(2), match.group(4)
        if tag:
            if tag not in _TAGS:
                raise ValueError(f"can't parse entities: unsupported tag <{tag}>")
            if not closing:
                stack.append(tag)
            elif not stack or stack.pop() != tag:
                raise ValueError(f"can't parse entities: unmatched end tag </{tag}>")
        elif entity:
            out.append(html.unescape(f"&{entity};"))
        else:
            raise ValueError(f"can't parse entities: character {match.group(0)!r} is reserved")
    if stack:
        raise ValueError(f"can't parse entities: unclosed tag <{stack[-1]}>")
    out.append(text[position:])
    return "".join(out)


@dataclass
class Call:
    """One Bot API request as the bot sent it."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    result: Any = None  # what Telegram answered (the message sent, for sendMessage)


@dataclass
class _Fault:
    status: int  # 0: answer late instead of failing
    description: str
    retry_after: int | None = None
    delay: float = 0.0


class _Server(ThreadingHTTPServer):
    """A threading server whose listen backlog holds a burst of connections: the bot opens up
    to its pool's worth at once (the default backlog of 5 resets the rest on a busy machine)."""

    request_queue_size = 128


class FakeTelegram:
    """The fake server; `with FakeTelegram() as api:` starts and stops it."""

    server_class: type[ThreadingHTTPServer] = _Server

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.polls: list[Call] = []  # getUpdates calls, kept apart from the rest
        self.files: dict[str, bytes] = {}
        self.file_downloads = 0
        self._updates: list[dict] = []
        self.texts: dict[tuple[int, int], tuple[str, Any]] = {}  # (chat, message) → shown
        self._faults: dict[str, list[_Fault]] = {}
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._server = self.server_class(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        """For PTB's base_url: the bot token is appended to it."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    @property
    def base_file_url(self) -> str:
        """For PTB's base_file_url."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/file/bot"

    # What the test does -----------------------------------------------------------------

    def push(self, update: dict) -> None:
        """Queue an update (a dict without update_id) for the bot's next getUpdates."""
        with self._cond:
            self._updates.append({"update_id": next(self._ids), **update})
            self._cond.notify_all()

    def add_file(self, data: bytes) -> str:
        """Store a file the bot may download; returns its file_id."""
        file_id = f"file{next(self._ids)}"
        self.files[file_id] = data
        return file_id

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of method with an error."""
        fault = _Fault(status, description, retry_after)
        self._faults.setdefault(method, []).extend([fault] * times)

    def answer_late(self, method: str, seconds: float, times: int = 1) -> None:
        """Record the next call of method, then wait `seconds` before answering it."""
        self._faults.setdefault(method, []).extend([_Fault(0, "", delay=seconds)] * times)

    def calls_to(self, method: str) -> list[Call]:
        """Every call of one method so far."""
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def sent(self, chat_id: int | None = None) -> list[dict]:
        """Parameters of every sendMessage (to one chat) that Telegram accepted, in order."""
        return [
            c.params
            for c in self.calls_to("sendMessage")
            if c.status == 200 and (chat_id is None or int(c.params["chat_id"]) == chat_id)
        ]

    def sent_message_id(self, params: dict) -> int:
        """The message id Telegram gave a sendMessage whose parameters are these."""
        call = next(c for c in self.calls_to("sendMessage") if c.params is params)
        return int(call.result["message_id"])

    def edits(self, chat_id: int, message_id: int) -> list[dict]:
        """Parameters of every accepted editMessageText of one message, in order."""
        return [
            c.params
            for c in self.calls_to("editMessageText")
            if c.status == 200
            and int(c.params["chat_id"]) == chat_id
            and int(c.params["message_id"]) == message_id
        ]

    def replies_to(self, update: dict) -> list[dict]:
        """Accepted sendMessage calls replying to a message update (the first part of an
        answer carries the reply; later parts follow it in the same chat)."""
        message_id = update["message"]["message_id"]
        return [
            p
            for p in self.sent(update["message"]["chat"]["id"])
            if p.get("reply_parameters", {}).get("message_id") == message_id
        ]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 30) -> None:
        """Wait until predicate() holds; fail the test if it does not within timeout."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.02)

    # What the bot calls -----------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict, float]:
        """(HTTP status, JSON body, delay) for one call."""
        call = Call(method, params)
        with self._cond:
            (self.polls if method == "getUpdates" else self.calls).append(call)
        faults = self._faults.get(method)
        fault = faults.pop(0) if faults else None
        if fault and fault.status:
            call.status = fault.status
            body: dict[str, Any] = {
                "ok": False,
                "error_code": fault.status,
                "description": fault.description,
            }
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            return fault.status, body, 0.0
        try:
            result = self._result(method, params)
        except ValueError as exc:
            call.status = 400
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}, 0
        call.result = result
        return 200, {"ok": True, "result": result}, fault.delay if fault else 0.0

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Chỉ đạo",
                "username": BOT_USERNAME,
            }
        if method == "getUpdates":
            return self._poll(int(params.get("offset", 0)), float(params.get("timeout", 0)))
        if method == "sendMessage":
            return self._message(params)
        if method == "editMessageText":
            return self._edit(params)
        if method == "answerInlineQuery":
            for result in params.get("results", []):
                content = result["input_message_content"]
                if content.get("parse_mode") == "HTML":
                    telegram_html_text(content["message_text"])
            return True
        if method == "sendDocument":  # the file's bytes are kept in params["document"]
            message = self._message({**params, "text": params.get("caption") or "(tệp)"})
            return {**message, "document": {"file_id": "sent", "file_unique_id": "sent"}}
        if method == "getFile":
            file_id = params["file_id"]
            if file_id not in self.files:
                raise ValueError("file not found")
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}",
            }
        return True

    def _poll(self, offset: int, timeout: float) -> list[dict]:
        deadline = time.monotonic() + min(timeout, 2.0)
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self._updates)

    def _edit(self, params: dict[str, Any]) -> dict:
        """As Telegram: only a message the bot sent, and only when something changes."""
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        if key not in self.texts:
            raise ValueError("message to edit not found")
        if self.texts[key] == (params.get("text"), params.get("reply_markup")):
            raise ValueError("message is not modified")
        return self._message(params)

    def _message(self, params: dict[str, Any]) -> dict:
        text = params.get("text", "")
        visible = telegram_html_text(text) if params.get("parse_mode") == "HTML" else text
        if not visible.strip():
            raise ValueError("message text is empty")
        if len(visible.encode("utf-16-le")) // 2 > 4096:
            raise ValueError("message is too long")
        chat_id = int(params.get("chat_id", 0))
        message_id = int(params.get("message_id", 0)) or next(self._ids)
        self.texts[(chat_id, message_id)] = (text, params.get("reply_markup"))
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Chỉ đạo"},
            "text": visible,
        }


def _handler(api: FakeTelegram) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # file downloads: /file/bot<token>/documents/<id>
            file_id = self.path.rsplit("/", 1)[-1]
            data = api.files.get(file_id)
            api.file_downloads += 1
            self._send(200 if data is not None else 404, data or b"", "application/octet-stream")

        def do_POST(self) -> None:  # /bot<token>/<method>
            length = int(self.headers.get("Content-Length", 0))
            params = _params(self.headers.get("Content-Type", ""), self.rfile.read(length))
            status, body, delay = api.handle(self.path.rsplit("/", 1)[-1], params)
            if delay:
                time.sleep(delay)
            self._send(status, json.dumps(body).encode(), "application/json")

        def _send(self, status: int, data: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # The client may have given up waiting (a timeout test).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    return Handler


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    if content_type.startswith("multipart/form-data"):  # sendDocument: a file and fields
        return _multipart(content_type, body)
    params: dict[str, Any] = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    for key in _JSON_FIELDS & params.keys():
        params[key] = json.loads(params[key])
    return params


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    form = email.message_from_bytes(head + body, policy=email.policy.HTTP)
    params: dict[str, Any] = {}
    for part in form.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):  # every form field is named
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        params[name] = {"filename": filename, "data": data} if filename else data.decode()
    for key in _JSON_FIELDS & params.keys():
        params[key] = json.loads(params[key])
    return params


# Updates, as Telegram sends them ----------------------------------------------------------


def user(user_id: int, name: str = "Cán bộ") -> dict:
    """A Telegram user object."""
    return {"id": user_id, "is_bot": False, "first_name": name, "username": f"u{user_id}"}


def chat(chat_id: int) -> dict:
    """A private chat (positive id) or a supergroup (negative id)."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Cán bộ"}
    return {"id": chat_id, "type": "supergroup", "title": "Tổ COVID cộng đồng"}


_message_ids = itertools.count(100)


def message(chat_id: int, user_id: int, text: str, reply_to_bot: bool = False) -> dict:
    """A text message update; /commands and @mentions get their entities."""
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat(chat_id),
        "from": user(user_id),
        "text": text,
    }
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    mention = f"@{BOT_USERNAME}"
    if mention in text:
        offset = len(text[: text.index(mention)].encode("utf-16-le")) // 2
        entities.append({"type": "mention", "offset": offset, "length": len(mention)})
    if entities:
        body["entities"] = entities
    if reply_to_bot:
        body["reply_to_message"] = {
            "message_id": 1,
            "date": int(time.time()),
            "chat": chat(chat_id),
            "text": "…",
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot"},
        }
    return {"message": body}


def edited(update: dict, text: str) -> dict:
    """The same message, edited to read `text` (its entities found again)."""
    body = update["message"]
    again = message(body["chat"]["id"], body["from"]["id"], text)["message"]
    again["message_id"] = body["message_id"]
    again["edit_date"] = int(time.time())
    return {"edited_message": again}


def inline_query(user_id: int, text: str) -> dict:
    """What Telegram sends when a user types "@bot text" in any chat."""
    return {
        "inline_query": {
            "id": str(next(_message_ids)),
            "from": user(user_id),
            "query": text,
            "offset": "",
        }
    }


def document(
    chat_id: int,
    user_id: int,
    file_id: str,
    name: str,
    size: int,
    mime: str = "application/octet-stream",
) -> dict:
    """A message carrying a file."""
    return {
        "message": {
            "message_id": next(_message_ids),
            "date": int(time.time()),
            "chat": chat(chat_id),
            "from": user(user_id),
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": name,
                "mime_type": mime,
                "file_size": size,
            },
        }
    }


def callback(chat_id: int, user_id: int, data: str, message_id: int = 1) -> dict:
    """A press on an inline button."""
    return {
        "callback_query": {
            "id": str(next(_message_ids)),
            "from": user(user_id),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat(chat_id),
                "text": "…",
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot"},
            },
        }
    }
