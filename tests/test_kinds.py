"""The registry of question kinds: every kind is registered once, detection follows the
registry's order, and each kind owns the questions its cues name (over the seed index, whose
gazetteer finds the agencies)."""

from __future__ import annotations

import pytest

from bot import kinds
from bot.indexing import Index
from bot.retrieval import analyse
from bot.types import Kind


def test_every_kind_is_registered_once() -> None:
    registered = [k.kind for k in kinds.REGISTRY]
    assert sorted(registered) == sorted(Kind)
    assert all(kinds.of(kind).kind is kind for kind in Kind)


def test_fact_is_asked_last_and_takes_any_question(seed_index: Index) -> None:
    assert kinds.REGISTRY[-1].kind is Kind.FACT
    assert analyse("xin chào", seed_index).kind is Kind.FACT


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Sở Y tế phải làm gì?", Kind.DUTY),
        ("so y te phai lam gi", Kind.DUTY),
        ("Nhiệm vụ của Công an tỉnh?", Kind.DUTY),
        ("Sở Y tế", Kind.DUTY),  # nothing but an agency: its duties
        ("Ai ký công văn về tiêm vắc xin?", Kind.SIGNER),
        ("Sở Y tế: ai ký văn bản này?", Kind.SIGNER),  # signer before duty
        ("Văn bản nào mới nhất?", Kind.NEWEST),
        ("van ban moi nhat cua tinh", Kind.NEWEST),
        ("Chỉ đạo mới nhất về tiêm chủng?", Kind.FACT),  # a topic: not the directives
        ("Công văn về tiêm vắc xin số mấy?", Kind.DIRECTIVE),
        ("Thanh Hóa ưu tiên tiêm vắc xin cho đối tượng nào?", Kind.FACT),
        ("Người về từ vùng dịch phải cách ly bao nhiêu ngày?", Kind.FACT),
    ],
)
def test_detection(seed_index: Index, question: str, kind: Kind) -> None:
    assert analyse(question, seed_index).kind is kind


def test_a_duty_cue_without_an_agency_is_a_fact_question(seed_index: Index) -> None:
    assert analyse("phải làm gì khi có người sốt?", seed_index).kind is Kind.FACT
