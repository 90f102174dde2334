"""Directive records (python -m bot docs --json) and their score against stated metadata."""

import json
from pathlib import Path

from bot.agencies import Gazetteer
from bot.directory import directive_record, render_directives_json, score_metadata
from bot.parsing import parse

SEED = next((Path(__file__).resolve().parent.parent / "documents").glob("000_*.txt"))


def test_one_json_object_per_directive_with_every_field():
    parsed = parse(SEED.read_text(encoding="utf-8"), SEED.name, "h", Gazetteer())
    line = render_directives_json([parsed.directive], parsed.sections)
    record = json.loads(line)
    assert list(record) == [
        "document",
        "type",
        "number",
        "date",
        "issuer",
        "province",
        "signer",
        "subject",
        "sections",
    ]
    assert record["document"] == SEED.name and record["number"] is None
    assert (record["date"], record["issuer"]) == ("2021-11", "UBND tỉnh Sơn La")
    assert record["sections"] == len(parsed.sections) > 5


def test_score_counts_fields_documents_and_skips():
    expected = {
        "a": {"type": "Kế hoạch", "number": "1/KH", "signer": "X Y"},
        "b": {"type": "Công văn", "number": None, "signer": "Z W"},
        "c": {"type": "Thông báo", "number": "2/TB", "signer": None},
    }
    records = {
        "a": {"type": "Kế hoạch", "number": "1/KH", "signer": "X Y"},
        "b": {"type": "Công văn", "number": "3/UBND", "signer": "Z W"},
    }
    score = score_metadata(expected, records, skipped=["c"])
    assert score.documents == 2 and score.skipped == ("c",)
    assert score.accuracy("type") == 1.0 and score.accuracy("number") == 0.5
    assert score.overall == 0.5 and score.worst == 0.5
    assert "MISMATCH b number: expected None, got '3/UBND'" in score.render()


def test_a_record_keeps_unknown_fields_null():
    parsed = parse("Nội dung không có tiêu đề nào cả.", "x.txt", "h", Gazetteer())
    record = directive_record(parsed.directive, 0)
    assert record["number"] is None and record["signer"] is None and record["sections"] == 0
