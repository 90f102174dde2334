"""Metadata read from the real directives (tests/data/real) against what each document states."""

import json
from pathlib import Path

from bot.agencies import Gazetteer
from bot.directory import directive_record, readable, score_metadata
from bot.errors import BotError
from bot.loaders import load_document, read_file
from bot.parsing import parse

REAL = Path(__file__).resolve().parent / "data" / "real"
GOAL = 0.95


def test_metadata_of_the_readable_real_directives():
    expected = json.loads((REAL / "metadata.json").read_text(encoding="utf-8"))
    records, skipped = {}, []
    for name in expected:
        try:
            loaded = load_document(read_file(REAL / name), name)
        except BotError:  # the loader refuses a garbled text layer (without OCR installed)
            skipped.append(name)
            continue
        text = loaded.text
        # A scan read by OCR is not held to this goal: its handwritten number and day are
        # beyond OCR (tests/test_ocr.py checks what it reads).
        if loaded.ocr or not readable(text):
            skipped.append(name)
            continue
        parsed = parse(text, name, "h", Gazetteer())
        records[name] = directive_record(parsed.directive, len(parsed.sections))
    score = score_metadata(expected, records, skipped)
    assert score.documents >= 15, score.render()
    assert score.worst >= GOAL, score.render()
    assert score.overall >= GOAL, score.render()


def test_an_unreadable_scan_is_told_apart():
    assert not readable("uY BAN NgAN nAN TINH LAMDONG Ldm D6ng, ngdy fithdng 11 ndm 2025")
    assert readable("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG Lâm Đồng, ngày 13 tháng 11 năm 2025")
