"""deliver(): one Bot API call, sent again when the connection dropped before an answer, never
again when the request itself was refused."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, NetworkError

from bot.telegram import sending
from bot.telegram.sending import deliver


async def test_a_dropped_connection_is_sent_again_a_bad_request_is_not(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sending, "_RECONNECT_WAIT", 0.0)
    calls: list[int] = []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise NetworkError("httpx.ReadError: ")
        return "sent"

    assert await deliver(flaky, 2, "answer") == "sent" and len(calls) == 2

    async def refused() -> str:
        calls.append(1)
        raise BadRequest("Message text is empty")

    calls.clear()
    with pytest.raises(BadRequest):
        await deliver(refused, 2, "answer")
    assert len(calls) == 1

    async def down() -> str:
        calls.append(1)
        raise NetworkError("httpx.ConnectError")

    calls.clear()
    assert await deliver(down, 2, "answer") is None and len(calls) == 3
