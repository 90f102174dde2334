"""Directive files built on the fly, for tests and scripts/fake_session.py."""

from __future__ import annotations

import io
import zlib

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


def pdf_bomb(operators: int = 3_000_000) -> bytes:
    """A one-page PDF whose content stream unpacks to millions of text operators: a few
    hundred kB on disk, minutes and gigabytes for a text extractor."""
    content = b"BT /F1 12 Tf " + b"(a) Tj " * operators + b"ET"
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
