"""The metrics of shared/EVAL.md over a gold file."""

from __future__ import annotations

import json
import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.types import JSON_CITATIONS, Answer


@dataclass
class Scores:
    """The EVAL.md numbers."""

    mrr: float
    hit5: float
    duty_cov10: float
    accentless_hit5: float
    refusal: float
    answerable_refused: int
    passage_median: float
    questions: int
    misses: list[str] = field(default_factory=list)  # what to look at, one line each

    def render(self) -> str:
        """Aligned lines, one metric each, with its goal."""
        rows = [
            ("MRR", f"{self.mrr:.3f}", "≥ 0.90"),
            ("hit@5", f"{self.hit5:.3f}", "≥ 0.97"),
            ("duty_cov@10", f"{self.duty_cov10:.3f}", "≥ 0.95"),
            ("accentless hit@5", f"{self.accentless_hit5:.3f}", "≥ 0.95"),
            ("refusal", f"{self.refusal:.3f}", "1.0"),
            ("answerable refused", str(self.answerable_refused), "0"),
            ("passage size (median chars)", f"{self.passage_median:.0f}", "≤ 600"),
            ("questions", str(self.questions), ""),
        ]
        lines = [f"{name:<30}{value:>8}   goal {goal}" for name, value, goal in rows]
        if self.misses:
            lines += ["", "Misses:", *(f"  {m}" for m in self.misses)]
        return "\n".join(lines)


def normalise(text: str) -> str:
    """Case, whitespace, NFC/NFD and markdown '*' do not matter when matching snippets."""
    text = unicodedata.normalize("NFC", text).replace("*", "").lower()
    return " ".join(text.split())


def holds(citation_text: str, snippet: str) -> bool:
    """True when a cited text contains a gold snippet."""
    return normalise(snippet) in normalise(citation_text)


def evaluate(gold_path: Path, ask: Callable[[list[str]], list[Answer]]) -> Scores:
    """Ask every gold question (and variant) and score the answers."""
    items = json.loads(gold_path.read_text(encoding="utf-8"))["items"]
    asked = [(item, q) for item in items for q in [item["q"], *item.get("variants", [])]]
    answers = ask([q for _, q in asked])
    ranks, hits, accentless, coverages, refusals, refused, sizes = [], [], [], [], [], 0, []
    misses: list[str] = []
    for (item, question), ans in zip(asked, answers, strict=True):
        texts = [c.section.text for c in ans.citations[:JSON_CITATIONS]]  # as --json lists them
        sizes += [len(t) for t in texts]
        if item["kind"] == "none":
            refusals.append(0.0 if ans.found else 1.0)
            if ans.found:
                misses.append(f"answered, should refuse: {question}")
            continue
        refused += 0 if ans.found else 1
        if not ans.found:
            misses.append(f"refused, is answerable: {question}")
        rank = next(
            (n for n, t in enumerate(texts, 1) if any(holds(t, g) for g in item["gold"])), None
        )
        ranks.append(1.0 / rank if rank else 0.0)
        if rank != 1:
            misses.append(f"gold at rank {rank or '—'}: {question}")
        hits.append(1.0 if rank and rank <= 5 else 0.0)
        if _accentless(question):
            accentless.append(hits[-1])
        if item["kind"] == "duty":
            covered = sum(any(holds(t, g) for t in texts[:10]) for g in item["gold"])
            coverages.append(covered / len(item["gold"]))
    return Scores(
        _mean(ranks),
        _mean(hits),
        _mean(coverages),
        _mean(accentless),
        _mean(refusals),
        refused,
        statistics.median(sizes) if sizes else 0.0,
        len(asked),
        misses,
    )


def _accentless(question: str) -> bool:
    decomposed = unicodedata.normalize("NFD", question)
    return question.isascii() or not any(unicodedata.combining(c) for c in decomposed)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
