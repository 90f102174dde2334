"""Scans and old formats: photos and image-only PDFs read by Tesseract (Vietnamese), old Word
files converted by LibreOffice, and the refusal that names what to install without them.

The scans are made here (tests/scans.py: a directive's text drawn with a DejaVu font); tests
that need Tesseract or LibreOffice skip, saying so, where they are absent (CI installs them
through scripts/setup.sh)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import OrderedDict
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from bot import ocr
from bot.agencies import Gazetteer
from bot.answering import answer
from bot.citations import citation_line
from bot.errors import DocumentError
from bot.extract import extract_isolated
from bot.indexing import build_index
from bot.loaders import load_document, sniff
from bot.parsing import parse
from bot.types import Directive, Role, Section
from tests import scans
from tests.conftest import make_settings

REAL_SCAN = (
    Path(__file__).parent / "data" / "real" / "b10_lamdong-ubnd-tb493-2025-chi-so-cchc-scan.pdf"
)
SCAN_TYPES = '[index]\nextensions = [".txt", ".pdf", ".png", ".jpg", ".doc"]\n'


@pytest.fixture(scope="module")
def font() -> Path:
    """A font with Vietnamese glyphs to draw the scans with."""
    found = scans.font_path()
    if found is None:
        pytest.skip("no font with Vietnamese glyphs (install fonts-dejavu-core)")
    return found


@pytest.fixture(scope="module")
def tesseract() -> None:
    """Skip unless Tesseract and its Vietnamese data are installed."""
    packages = ocr.missing()
    if packages:
        pytest.skip(f"Tesseract with Vietnamese is not installed (apt-get install {packages})")


@pytest.fixture
def forgetful(monkeypatch: pytest.MonkeyPatch) -> None:
    """No scan recognised earlier in this process is remembered."""
    monkeypatch.setattr(ocr, "_MEMORY", OrderedDict())


@pytest.fixture
def no_programs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forgetful: None) -> None:
    """A PATH on which neither Tesseract nor LibreOffice is found."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))


def _assert_directive_read(text: str, name: str) -> None:
    """The number, the date and the first agency's duty came through OCR and the parser."""
    parsed = parse(text, name, "h", Gazetteer())
    d = parsed.directive
    assert (d.number, d.date, d.issuer) == (scans.NUMBER, scans.DATE, "UBND tỉnh Kon Tum")
    first = next(s for s in parsed.sections if s.role_of("Sở Y tế") is Role.LEAD)
    assert scans.FIRST_DUTY in first.text
    assert "trước ngày 30/9/2021" in first.deadlines[0]


# Scans ---------------------------------------------------------------------------------------


def test_a_photo_of_a_directive_is_read_with_its_confidence(font, tesseract):
    loaded = load_document(scans.image_bytes(font, "JPEG", noise=True), "anh-chup.jpg")
    _assert_directive_read(loaded.text, "anh-chup.jpg")
    assert loaded.ocr is not None and loaded.ocr.confidence > 80
    assert (loaded.ocr.pages, loaded.ocr.words) == (1, len(scans.words()))


def test_an_image_only_pdf_is_read_in_the_child_and_not_read_again(font, tesseract, forgetful):
    data = scans.image_pdf(font)
    text = extract_isolated(data, "ban-quet.pdf", seconds=60, memory_mb=1024)
    _assert_directive_read(text, "ban-quet.pdf")
    remembered = ocr.recall(data)  # handed back by the child: the build does not OCR again
    assert remembered is not None and remembered.recognition.confidence > 80
    assert load_document(data, "ban-quet.pdf").text == text


async def test_a_scan_is_indexed_cited_as_ocr_and_answered(
    tmp_path, font, tesseract, embedder, messages
):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "cv-123.png").write_bytes(scans.image_bytes(font))
    settings = make_settings(tmp_path, folder, SCAN_TYPES)
    index = build_index(settings, embedder, progress=False).index
    (directive,) = index.directives
    assert directive.number == scans.NUMBER and directive.ocr_confidence > 80
    reply = answer("Sở Y tế phải làm gì?", index, embedder, settings, messages)
    assert reply.found and scans.FIRST_DUTY in reply.citations[0].section.text
    line = citation_line(reply.citations[0].section, messages)
    assert line.startswith("Công văn số 123/UBND-VX ngày 15/9/2021 của UBND tỉnh Kon Tum, mục 1")
    assert line.endswith("(bản quét, OCR)")


def test_a_photo_too_blurred_to_read_is_refused_with_its_confidence(font, tesseract):
    from PIL import ImageFilter

    page = scans.page_image(font).resize((450, 640)).filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=70)
    with pytest.raises(DocumentError, match=r"không đọc rõ được \(độ tin cậy \d+%\)"):
        load_document(out.getvalue(), "mo.jpg")


def test_the_real_signed_scan_is_read(tesseract):
    """A real scan whose own text layer is garbage: OCR reads its duties and deadlines (its
    handwritten number and day stay beyond reach)."""
    loaded = load_document(REAL_SCAN.read_bytes(), REAL_SCAN.name)
    assert loaded.ocr is not None and loaded.ocr.confidence > 85 and loaded.ocr.pages == 3
    assert "gửi báo cáo bằng văn bản về Sở Nội vụ trước ngày 15/11/2025" in loaded.text
    assert "2. Giao Văn phòng UBND tỉnh:" in loaded.text.split("\n")


def test_a_page_is_read_column_by_column():
    def word(n, left, text, line="1"):
        return f"5\t1\t1\t1\t{line}\t{n}\t{left}\t10\t40\t30\t90.5\t{text}"

    tsv = "\n".join(
        [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
            "2\t1\t1\t0\t0\t0\t0\t0\t900\t100\t-1\t",
            word(1, 10, "UBND"),
            word(2, 60, "TỈNH"),
            word(3, 500, "CỘNG"),
            word(4, 550, "HÒA"),
            word(1, 10, "Số:", "2"),
            word(2, 60, "5/UBND", "2"),
            word(3, 500, "Huế,", "2"),
            word(4, 550, "ngày", "2"),
            word(1, 10, "Kính", "3"),
            word(2, 60, "gửi:", "3"),
        ]
    )
    text, confidences = ocr.page_text(tsv)
    assert text.split("\n") == ["UBND TỈNH", "Số: 5/UBND", "CỘNG HÒA", "Huế, ngày", "Kính gửi:"]
    assert confidences == [90.5] * 10


def test_a_citation_says_when_its_directive_was_read_by_ocr(messages):
    typed = Directive("a.docx", "h", "Công văn", "5/UBND", date="2021-09-15")
    scanned = Directive("a.pdf", "h", "Công văn", "5/UBND", date="2021-09-15", ocr_confidence=91)
    lines = [citation_line(Section(d, "2", "", "..."), messages) for d in (typed, scanned)]
    assert lines == [
        "Công văn số 5/UBND ngày 15/9/2021, mục 2",
        "Công văn số 5/UBND ngày 15/9/2021, mục 2 (bản quét, OCR)",
    ]


def _image(fmt: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (40, 20), 255).save(out, format=fmt)
    return out.getvalue()


def test_images_and_old_word_files_are_known_by_their_bytes():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert sniff(_image("PNG"), "a.bin") == ".png"
    assert sniff(_image("JPEG"), "anh") == ".jpg"
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "anh.docx") is None  # no image header
    assert sniff(ole + "WordDocument".encode("utf-16-le"), "cu.bin") == ".doc"
    with pytest.raises(DocumentError, match="mật khẩu"):
        sniff(ole + "EncryptedPackage".encode("utf-16-le"), "x.docx")


# Without the programs --------------------------------------------------------------------------


def _blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("data", "name", "what"),
    [
        (_blank_pdf(), "quet.pdf", "tệp .pdf không có lớp chữ (bản quét)"),
        (_image(), "anh.png", "ảnh chụp văn bản"),
    ],
    ids=["pdf", "photo"],
)
def test_without_tesseract_a_scan_is_refused_naming_what_to_install(no_programs, data, name, what):
    expected = re.escape(f"{what}: cần cài Tesseract OCR tiếng Việt")
    with pytest.raises(DocumentError, match=expected) as error:
        load_document(data, name)
    assert "gói tesseract-ocr tesseract-ocr-vie" in str(error.value)


def test_without_the_vietnamese_data_that_package_is_named(no_programs, tmp_path, monkeypatch):
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake = bin_folder / "tesseract"  # a Tesseract that knows English only
    fake.write_text('#!/bin/sh\necho "List of available languages (1):"\necho eng\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_folder))
    with pytest.raises(DocumentError, match=r"\(gói tesseract-ocr-vie\)"):
        load_document(_image(), "anh.png")


def test_without_libreoffice_a_doc_is_refused_naming_what_to_install(no_programs):
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "WordDocument".encode("utf-16-le")
    with pytest.raises(
        DocumentError, match=r"cần cài LibreOffice \(gói libreoffice-writer-nogui\)"
    ):
        load_document(doc, "cu.doc")


# Old Word files --------------------------------------------------------------------------------


def test_an_old_word_file_is_converted_and_read(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH KON TUM")
    document.add_paragraph("Số: 77/UBND-VX")
    document.add_paragraph("Sở Y tế chủ trì tổ chức tiêm vắc xin cho người dân.")
    document.save(tmp_path / "moi.docx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc",
         "--outdir", str(tmp_path), str(tmp_path / "moi.docx")],
        capture_output=True, timeout=120, check=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    data = (tmp_path / "moi.doc").read_bytes()
    assert sniff(data, "moi.doc") == ".doc"
    lines = [line for line in load_document(data, "cu.doc").text.split("\n") if line]
    assert lines == [
        "ỦY BAN NHÂN DÂN TỈNH KON TUM",
        "Số: 77/UBND-VX",
        "Sở Y tế chủ trì tổ chức tiêm vắc xin cho người dân.",
    ]
