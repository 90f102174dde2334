"""The BM25 index: an index updated from the previous one equals one built from scratch, and
the stored form round-trips (also from the per-term lists of earlier versions)."""

import json
import random

import numpy as np
import pytest

from bot.lexical import LexicalIndex

TEXTS = [
    "Sở Y tế chủ trì tiêm vắc xin cho học sinh",
    "Sở Giao thông vận tải kiểm soát hành khách tại bến xe",
    "Công an tỉnh xử lý nghiêm các trường hợp vi phạm",
    "Sở Y tế phối hợp với Sở Giáo dục và Đào tạo tổ chức xét nghiệm",
    "UBND các huyện rà soát người chưa tiêm vắc xin",
] * 3
QUESTIONS = ["Sở Y tế phải làm gì?", "tiem vac xin hoc sinh", "bến xe", "xét nghiệm học sinh"]


def _postings(index: LexicalIndex) -> tuple[dict, list]:
    data = index.to_json()
    cut = data["offsets"]
    by_term = {
        t: (data["docs"][cut[n] : cut[n + 1]], data["tfs"][cut[n] : cut[n + 1]])
        for n, t in enumerate(data["terms"])
    }
    return by_term, data["lengths"]


def test_updated_equals_built_from_scratch():
    texts = [f"{t} đợt {i}" for i, t in enumerate(TEXTS)]
    before = LexicalIndex.build(texts)
    rng = random.Random(5)
    after = [t if rng.random() < 0.7 else t + " bổ sung báo cáo hằng tuần" for t in texts]
    after = [after[3], *after[5:], after[3], "Sở Ngoại vụ đón chuyên gia"]  # moved, gone, twice
    old = {t: n for n, t in enumerate(texts)}
    updated = before.updated(after, [old.get(t) for t in after])
    scratch = LexicalIndex.build(after)
    assert _postings(updated) == _postings(scratch)
    docs = list(range(len(after)))
    for question in QUESTIONS:
        assert np.array_equal(updated.scores(question), scratch.scores(question))
        extras = [set() for _ in docs]
        assert updated.coverage(question, docs, extras) == scratch.coverage(question, docs, extras)


def test_stored_form_round_trips_and_reads_earlier_versions():
    index = LexicalIndex.build(TEXTS)
    again = LexicalIndex.from_json(json.loads(json.dumps(index.to_json())))
    by_term, lengths = _postings(index)
    earlier = {"postings": {t: [list(p) for p in zip(*by_term[t], strict=True)] for t in by_term}}
    legacy = LexicalIndex.from_json({**earlier, "lengths": lengths})
    for question in QUESTIONS:
        assert np.array_equal(again.scores(question), index.scores(question))
        assert np.array_equal(legacy.scores(question), index.scores(question))
    assert index.scores("Sở Y tế")[0] > 0 and index.scores("Sở Y tế")[2] == 0


def test_a_question_typed_with_diacritics_is_covered_only_by_the_same_spelling():
    texts = ["Đóng cửa chợ truyền thống.", "Công tác truyền thông một cửa."]
    index = LexicalIndex.build(texts)
    question = "đóng cửa chợ truyền thống"
    folded_only = index.coverage(question, [0, 1], [set(), set()])
    assert folded_only[1] > 0.2  # folded, "truyền thông" holds "truyen thong"
    forms = {"truyen": "truyền", "thong": "thống", "dong": "đóng", "cua": "cửa", "cho": "chợ"}
    spelled = index.coverage(question, [0, 1], [set(), set()], (forms, texts))
    assert spelled[0] == pytest.approx(1.0)
    assert spelled[1] < folded_only[1] / 2
