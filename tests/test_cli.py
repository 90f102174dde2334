"""The command line, run as a user runs it: `python -m bot ...` in a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fake_llm import FakeLLM, quoting, sources


def _run(
    *args: str, config: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "BOT_CONFIG": str(config), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def config(seed_settings, seed_index) -> Path:
    return seed_settings.root / "config.toml"


def test_ask_json_contract(config: Path):
    questions = "Sở Tài chính có nhiệm vụ gì?\nGiá xăng hôm nay là bao nhiêu?\n"
    result = _run("ask", "--json", "-", config=config, stdin=questions)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [obj["question"] for obj in lines] == questions.split("\n")[:2]
    found, refused = lines
    assert found["found"] is True and refused["found"] is False
    assert set(found) == {"question", "found", "answer", "citations"}
    assert 1 <= len(found["citations"]) <= 10
    citation = found["citations"][0]
    assert set(citation) == {
        "document",
        "number",
        "issuer",
        "date",
        "section",
        "heading",
        "text",
        "score",
    }
    assert citation["document"].startswith("000_")
    assert citation["number"] is None and citation["date"] == "2021-11"
    assert citation["issuer"] == "UBND tỉnh Sơn La"
    assert "Tổ Covid cộng đồng" in citation["text"]
    assert "Không tìm thấy" in refused["answer"]


def test_ask_text_and_docs(config: Path):
    result = _run("ask", "Sở Ngoại vụ phải làm gì?", config=config)
    assert result.returncode == 0, result.stderr
    assert "Công văn số 402-CV/TU ngày 30/9/2021 của Tỉnh ủy Thanh Hóa, mục 4.3" in result.stdout
    docs = _run("docs", config=config)
    assert "3262/UBND-KGVX" in docs.stdout and "Lê Thị Hồng Anh" in docs.stdout


def test_bad_config_is_one_vietnamese_line(tmp_path: Path):
    bad = tmp_path / "c.toml"
    bad.write_text("[paths]\ndocumentz = 'x'\n", encoding="utf-8")
    result = _run("ask", "x", config=bad)
    assert result.returncode == 1
    assert result.stderr.strip() == "Lỗi: Khóa cấu hình không hợp lệ: [paths] documentz"


def test_ask_builds_a_missing_index_first(tmp_path: Path):
    from tests.conftest import SEEDS, make_settings

    documents = tmp_path / "documents"  # one seed: the build is what is tested, not its size
    documents.mkdir()
    seed = next(SEEDS.glob("003_*.txt"))
    (documents / seed.name).write_bytes(seed.read_bytes())
    settings = make_settings(tmp_path, documents)
    result = _run("ask", "--json", "Sở Y tế phải làm gì?", config=settings.root / "config.toml")
    assert result.returncode == 0, result.stderr
    assert (settings.path("index") / "CURRENT").is_file()
    answer = json.loads(result.stdout)
    assert answer["found"] is True
    assert {c["document"] for c in answer["citations"]} == {seed.name}


def test_ask_llm_uses_the_model_named_by_the_environment(config: Path):
    question = "Sở Thông tin và Truyền thông phải làm gì?"
    refused = _run("ask", "--llm", question, config=config)
    assert refused.returncode == 1 and "LLM_PROVIDER" in refused.stderr
    with FakeLLM() as llm:
        llm.script(quoting(2))
        env = {"LLM_PROVIDER": "openai", "LLM_BASE_URL": llm.base_url, "LLM_MODEL": "fake"}
        result = _run("ask", "--llm", "--json", question, config=config, env=env)
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["found"] and obj["answer"].endswith("[1].")
    assert len(obj["citations"]) == 1 and obj["citations"][0]["text"] in sources(llm.prompts[0])[2]
    assert llm.requests[0]["model"] == "fake"


def test_a_reader_that_stops_early_gets_no_traceback(config: Path):
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "Sở Y tế phải làm gì?"],
        cwd=REPO,
        env={**os.environ, "BOT_CONFIG": str(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # before the answer is printed, as `| head` that has had enough
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr
