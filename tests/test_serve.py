"""`python -m bot serve` as an operator runs it: a subprocess configured by the environment,
talking to the fake Bot API, by long polling and behind a webhook."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.error import (
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.config import Settings, with_environment
from bot.errors import BotError, ConfigError
from bot.indexing import Index
from bot.telegram.app import RedactSecrets, check_serving, pause_after, redact
from tests.conftest import REPO, make_settings
from tests.fake_llm import FakeLLM, quoting
from tests.fake_telegram import FakeTelegram, message, telegram_html_text

pytestmark = pytest.mark.slow

TOKEN = "987654:SERVE-token-must-not-leak"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(
    root: Path, seed_settings: Settings, env: dict[str, str], extra: str = ""
) -> subprocess.Popen:
    settings = make_settings(root, extra=f"[telegram]\nrequest_timeout = 5.0\n{extra}")
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=REPO,
        env={**os.environ, "BOT_CONFIG": str(root / "config.toml"), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(predicate, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {process.communicate()[1][-3000:]}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"timed out: {process.communicate()[1][-3000:]}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr[-3000:]
    return stderr


def test_serve_without_a_token_says_so_in_both_languages(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "BotFather" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_polls_the_api_the_environment_names(
    tmp_path: Path, seed_settings: Settings, seed_index: Index
):
    with FakeTelegram() as api:
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": api.base_url,
            "TELEGRAM_BASE_FILE_URL": api.base_file_url,
        }
        process = _serve(tmp_path, seed_settings, env)
        question = message(7, 7, "Sở Y tế phải làm gì?")
        api.push(question)
        _wait(lambda: api.replies_to(question), process)
        stderr = _stop(process)
    assert "Nhiệm vụ của Sở Y tế" in telegram_html_text(api.replies_to(question)[0]["text"])
    assert api.calls_to("setMyCommands")
    assert TOKEN not in stderr
    assert "serving index v001 (polling mode, answers: extractive)" in stderr


def test_serve_answers_in_prose_with_the_model_the_environment_names(
    tmp_path: Path, seed_settings: Settings, seed_index: Index
):
    with FakeTelegram() as api, FakeLLM() as llm:
        llm.script(quoting(1))
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": api.base_url,
            "TELEGRAM_BASE_FILE_URL": api.base_file_url,
            "LLM_PROVIDER": "openai",
            "LLM_BASE_URL": llm.base_url,
            "LLM_MODEL": "served-model",
            "LLM_API_KEY": "sk-never-logged",
        }
        process = _serve(tmp_path, seed_settings, env)
        question = message(7, 7, "Sở Y tế phải làm gì?")
        api.push(question)
        _wait(lambda: api.replies_to(question), process)
        stderr = _stop(process)
    text = telegram_html_text(api.replies_to(question)[0]["text"])
    assert text.split("\n")[0].endswith("[1].") and "Nhiệm vụ của Sở Y tế" not in text
    assert llm.requests[0]["model"] == "served-model"
    assert "answers: openai served-model" in stderr and "sk-never-logged" not in stderr


def test_serve_behind_a_webhook_checks_the_secret(
    tmp_path: Path, seed_settings: Settings, seed_index: Index
):
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/telegram-hook"
    with FakeTelegram() as api:
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": api.base_url,
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_URL": hook,
            "TELEGRAM_WEBHOOK_SECRET": "s3cret",
        }
        process = _serve(
            tmp_path, seed_settings, env, f'webhook_listen = "127.0.0.1"\nwebhook_port = {port}\n'
        )
        _wait(lambda: api.calls_to("setWebhook"), process)
        set_webhook = api.calls_to("setWebhook")[0].params
        assert set_webhook["url"] == hook and set_webhook["secret_token"] == "s3cret"

        question = {"update_id": 1, **message(8, 8, "Ai ký công văn của UBND tỉnh Lai Châu?")}
        assert _post(hook, question, "wrong") == 403
        assert _post(hook, question, "s3cret") == 200
        _wait(lambda: api.sent(8), process)
        stderr = _stop(process)
    assert "Tổng Thanh Hải" in telegram_html_text(api.sent(8)[0]["text"])
    assert len(api.sent(8)) == 1  # the update with the wrong secret was not processed
    assert TOKEN not in stderr


def _post(url: str, update: dict, secret: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    for _ in range(50):  # the server may still be starting
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.2)
    raise AssertionError("webhook server did not start")


def _env(api: FakeTelegram, **extra: str) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": api.base_url,
        "TELEGRAM_BASE_FILE_URL": api.base_file_url,
        "TELEGRAM_MODE": "polling",
        "TELEGRAM_WEBHOOK_SECRET": "",
        **extra,
    }


def _exit(process: subprocess.Popen, timeout: float) -> tuple[int, str]:
    """(exit code, stdout + stderr) of a process expected to end by itself within timeout."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise AssertionError(f"still running after {timeout} s: {err[-3000:]}") from None
    return process.returncode, out + err


def _one_vietnamese_line(output: str) -> str:
    assert "Traceback" not in output, output[-3000:]
    last = output.strip().splitlines()[-1]
    assert last.startswith("Lỗi: "), output[-3000:]
    return last


@pytest.mark.parametrize(("status", "description"), [(401, "Unauthorized"), (404, "Not Found")])
def test_a_token_telegram_rejects_at_start_is_one_line_without_the_token(
    tmp_path: Path, seed_settings: Settings, seed_index: Index, status: int, description: str
):
    with FakeTelegram() as api:
        api.fail("getMe", status, description)
        process = _serve(tmp_path, seed_settings, _env(api))
        code, output = _exit(process, 60)
    assert code != 0
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert "TELEGRAM_BOT_TOKEN" in _one_vietnamese_line(output)


def test_polling_outlives_server_errors_but_not_a_revoked_token(
    tmp_path: Path, seed_settings: Settings, seed_index: Index
):
    with FakeTelegram() as api:
        api.fail("getUpdates", 502, "Bad Gateway")
        api.fail("getUpdates", 500, "Internal Server Error")
        process = _serve(tmp_path, seed_settings, _env(api))
        question = message(7, 7, "Sở Y tế phải làm gì?")
        api.push(question)
        _wait(lambda: api.replies_to(question), process)  # polled again after both errors
        assert [c.status for c in api.polls[:2]] == [502, 500]
        api.fail("getUpdates", 401, "Unauthorized")
        api.push(message(7, 7, "Sở Y tế phải làm gì?"))  # ends the long poll under way
        code, output = _exit(process, 30)
    assert code != 0
    assert TOKEN not in output
    assert "TELEGRAM_BOT_TOKEN" in _one_vietnamese_line(output)


_ONE_PART_QUESTION = "Ai ký công văn của UBND tỉnh Lai Châu?"


def test_shutdown_is_prompt_whatever_retry_after_telegram_sent(
    tmp_path: Path, seed_settings: Settings, seed_index: Index
):
    with FakeTelegram() as api:
        process = _serve(tmp_path, seed_settings, _env(api))
        # An hour's wait for one message: the message is dropped, not waited for.
        api.fail("sendMessage", 429, "Too Many Requests: retry after 3600", retry_after=3600)
        api.push(message(7, 7, _ONE_PART_QUESTION))
        _wait(lambda: api.calls_to("sendMessage"), process)
        # 50 s for the next one (waited for), and an hour for the next getUpdates.
        api.fail("sendMessage", 429, "Too Many Requests: retry after 50", retry_after=50)
        api.fail("getUpdates", 429, "Too Many Requests: retry after 3600", retry_after=3600)
        api.push(message(8, 8, _ONE_PART_QUESTION))
        _wait(lambda: len(api.calls_to("sendMessage")) == 2, process)
        _wait(lambda: any(c.status == 429 for c in api.polls), process)
        time.sleep(0.5)  # both waits have begun
        process.send_signal(signal.SIGTERM)
        # Waiting out either pause (50 s, an hour) would outlast this: 30 s is a deadline
        # far beyond a prompt stop on any machine, not a measure of speed.
        code, output = _exit(process, 30)
    assert code == 0, output[-3000:]
    assert "send to 7: flood control asks to wait 3600 s, dropped" in output
    assert not api.sent()  # the first answer dropped, the second cut short by the shutdown


def test_webhook_mode_refuses_to_start_without_a_secret(
    tmp_path: Path, seed_settings: Settings, seed_index: Index
):
    port = _free_port()
    with FakeTelegram() as api:
        env = _env(
            api, TELEGRAM_MODE="webhook", TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook"
        )
        process = _serve(
            tmp_path, seed_settings, env, f'webhook_listen = "127.0.0.1"\nwebhook_port = {port}\n'
        )
        code, output = _exit(process, 60)
    assert code == 1
    assert "TELEGRAM_WEBHOOK_SECRET" in _one_vietnamese_line(output)
    assert not api.calls_to("getMe")  # refused before anything was loaded or called


# How errors are judged, without a process ----------------------------------------------------


@pytest.mark.parametrize(
    ("error", "pause"),
    [
        (RetryAfter(timedelta(seconds=3600)), 3600.5),  # waited out (a stop cuts it short)
        (TimedOut("poll timed out"), 0.0),
        (NetworkError("Bad Gateway"), 1.5),  # 5xx, connection refused: longer each time
        (Conflict("Conflict: terminated by other getUpdates request"), 1.5),
    ],
)
def test_a_poll_that_can_recover_is_repeated_after_a_pause(error, pause):
    assert pause_after(error, 1.0) == pause


def test_pauses_between_failed_polls_grow_to_thirty_seconds():
    pause = 0.0
    for _ in range(20):
        pause = pause_after(NetworkError("Internal Server Error"), pause)
    assert pause == 30.0


@pytest.mark.parametrize(
    "error", [InvalidToken("Unauthorized"), InvalidToken("Not Found"), Forbidden("Forbidden")]
)
def test_a_poll_refused_for_good_ends_polling_with_a_vietnamese_reason(error):
    with pytest.raises(BotError, match="TELEGRAM_BOT_TOKEN"):
        pause_after(error, 0.0)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TELEGRAM_WEBHOOK_URL": "https://bot.example/hook"}, "TELEGRAM_WEBHOOK_SECRET"),
        ({"TELEGRAM_WEBHOOK_SECRET": "s3cret"}, "TELEGRAM_WEBHOOK_URL"),
        (
            {"TELEGRAM_WEBHOOK_URL": "https://bot.example/hook", "TELEGRAM_WEBHOOK_SECRET": "a b"},
            "TELEGRAM_WEBHOOK_SECRET",
        ),
    ],
)
def test_webhook_mode_needs_a_url_and_a_well_formed_secret(env, named):
    settings = with_environment(Settings(), {"TELEGRAM_MODE": "webhook", **env})
    with pytest.raises(ConfigError, match=named):
        check_serving(settings)


def test_no_secret_survives_redaction_in_messages_or_log_records():
    secrets = ("987654:tok", "hook-secret", "", "sk-key")
    assert redact("token `987654:tok`\nkey sk-key", secrets) == "token `<bí mật>` key <bí mật>"
    record = logging.LogRecord("x", logging.ERROR, "f", 1, "url %s", ("/bot987654:tok/x",), None)
    try:
        raise ValueError("hook-secret")
    except ValueError:
        record.exc_info = sys.exc_info()
    RedactSecrets(secrets).filter(record)
    assert record.getMessage() == "url /bot<bí mật>/x"
    assert "hook-secret" not in record.exc_text and "ValueError: <bí mật>" in record.exc_text
