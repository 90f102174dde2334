"""`python -m bot serve` as an operator runs it: a subprocess configured by the environment,
talking to the fake Bot API, by long polling and behind a webhook."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.config import Settings
from bot.indexing import Index
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
