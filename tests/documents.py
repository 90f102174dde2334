"""Directive files built on the fly, for tests and scripts/fake_session.py."""

from __future__ import annotations

import io

import docx

BEN_XE_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
    "Số: 77/UBND-VX",
    "Quảng Trị, ngày 5 tháng 10 năm 2021",
    "V/v kiểm soát hành khách tại bến xe khách liên tỉnh",
    "Để phòng, chống dịch COVID-19 tại các bến xe, UBND tỉnh yêu cầu:",
    "1. Sở Giao thông vận tải chủ trì kiểm tra giấy xét nghiệm âm tính của hành khách "
    "tại bến xe khách liên tỉnh, hoàn thành trước ngày 10/10/2021.",
    "2. Công an tỉnh phối hợp với Sở Giao thông vận tải lập chốt kiểm soát tại cửa ngõ.",
    "Nơi nhận:",
    "- Như trên;",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Lê Văn Hưng",
]


def directive_docx(lines: list[str] = BEN_XE_LINES) -> bytes:
    """A Word file with one paragraph per line (default: a Quảng Trị công văn on bus stations)."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
