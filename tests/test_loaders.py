"""Loaders on files the tests generate: docx, pdf, html, and text in several encodings."""

import unicodedata
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from bot.corpus import read_corpus
from bot.errors import DocumentError
from bot.loaders import load_bytes, load_file

VIETNAMESE = "Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Y tế."


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Word wrote it: base letters precomposed, tones combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out: list[str] = []
    pending: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in tones:
            pending.append(ch)
        elif unicodedata.combining(ch):
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
        else:
            out += pending
            pending = []
            out.append(ch)
    return "".join(out + pending).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_text_encodings_decode_to_the_same_nfc_text(tmp_path: Path, encoding: str):
    path = tmp_path / "a.txt"
    data = _cp1258(VIETNAMESE) if encoding == "cp1258" else VIETNAMESE.encode(encoding)
    path.write_bytes(data)
    assert load_file(path) == VIETNAMESE


def test_docx_keeps_paragraphs_and_tables_in_order(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Số: 12/UBND-VX")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN TỈNH KON TUM"
    table.cell(0, 1).text = "Kon Tum, ngày 5 tháng 3 năm 2022"
    document.add_paragraph("1. Sở Y tế chủ trì tiêm vắc xin.")
    path = tmp_path / "a.docx"
    document.save(path)
    lines = [line for line in load_file(path).split("\n") if line]
    assert lines == [
        "Số: 12/UBND-VX",
        "ỦY BAN NHÂN DÂN TỈNH KON TUM",
        "Kon Tum, ngày 5 tháng 3 năm 2022",
        "1. Sở Y tế chủ trì tiêm vắc xin.",
    ]


def test_pdf_text_layer(tmp_path: Path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="So Y te chu tri trien khai tiem vac xin.")
    path = tmp_path / "a.pdf"
    pdf.output(str(path))
    assert "So Y te chu tri trien khai tiem vac xin." in load_file(path)


def test_pdf_without_text_is_reported(tmp_path: Path):
    pdf = FPDF()
    pdf.add_page()
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="scan.pdf"):
        load_file(path)


def test_html_main_content_without_menus(tmp_path: Path):
    body = " ".join([VIETNAMESE] * 4)
    html = (
        "<html><head><title>Cổng thông tin</title></head><body>"
        "<nav><ul><li>Trang chủ</li><li>Giới thiệu</li><li>Liên hệ</li></ul></nav>"
        f"<article><h1>Tăng cường phòng, chống dịch</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh</footer></body></html>"
    )
    path = tmp_path / "a.html"
    path.write_text(html, encoding="utf-8")
    text = load_file(path)
    assert VIETNAMESE in text
    assert "Giới thiệu" not in text


def test_corrupt_docx_and_unknown_type_name_the_file():
    with pytest.raises(DocumentError, match="hỏng.docx"):
        load_bytes(b"PK\x03\x04 not really a zip", "hỏng.docx")
    with pytest.raises(DocumentError, match="a.xls"):
        load_bytes(b"data", "a.xls")
    with pytest.raises(DocumentError, match="rỗng"):
        load_bytes(b"   ", "empty.txt")


def test_unreadable_file_is_skipped_and_reported(tmp_path: Path):
    (tmp_path / "good.txt").write_text("1. Sở Y tế chủ trì tiêm vắc xin cho người dân.", "utf-8")
    (tmp_path / "bad.docx").write_bytes(b"not a docx")
    corpus = read_corpus(tmp_path, (".txt", ".docx"))
    assert [p.directive.source for p in corpus.parsed] == ["good.txt"]
    assert len(corpus.errors) == 1 and "bad.docx" in corpus.errors[0]
