"""File → raw text, one function per format. Every result is NFC.

A file that cannot be read raises DocumentError naming the file and the reason.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

from bot.errors import DocumentError
from bot.text import nfc

logger = logging.getLogger(__name__)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text file → NFC str: UTF-8 (BOM or not), UTF-16, or Windows-1258."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return nfc(data.decode(encoding))
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return nfc(data.decode(encoding, errors="strict"))
    if b"\x00" in data:
        raise DocumentError(name, "tệp nhị phân, không phải văn bản")
    try:
        return nfc(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        # cp1258 writes tones as combining marks; NFC composes them.
        return nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        raise DocumentError(name, "không nhận ra bảng mã (UTF-8, UTF-16, Windows-1258)") from None


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(zeros_even, zeros_odd) > 0.3 * half and min(zeros_even, zeros_odd) < 0.05 * half


def load_txt(data: bytes, name: str) -> str:
    """Plain text or Markdown."""
    return decode_text(data, name)


def load_docx(data: bytes, name: str) -> str:
    """Word document: paragraphs and table cells in body order; list numbering rebuilt."""
    import docx  # python-docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(name, f"tệp .docx hỏng hoặc không phải .docx ({exc})") from None
    numbering = _ListNumbering()
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(numbering.prefix(block) + block.text)
    return nfc("\n".join(lines))


class _ListNumbering:
    """Word keeps list numbers out of the text; put "1." / "-" back so parsing sees them."""

    def __init__(self) -> None:
        self._counters: dict[tuple[str, int], int] = {}

    def prefix(self, paragraph) -> str:  # type: ignore[no-untyped-def]
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        if level > 0:
            return "- "
        key = (num_id, level)
        self._counters[key] = self._counters.get(key, 0) + 1
        return f"{self._counters[key]}. "


def _table_lines(table) -> list[str]:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat
                continue
            seen.add(id(cell._tc))
            lines.extend(p.text for p in cell.paragraphs)
        lines.append("")
    return lines


def load_pdf(data: bytes, name: str) -> str:
    """PDF text layer, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(name, f"tệp .pdf hỏng ({exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(name, "tệp .pdf không có lớp chữ (có thể là bản quét chưa nhận dạng)")
    return nfc(text)


def load_html(data: bytes, name: str) -> str:
    """Web page: the main content, without menus and footers (trafilatura)."""
    import trafilatura

    html = decode_text(data, name)
    text = trafilatura.extract(
        html, include_tables=True, include_comments=False, favor_recall=True
    )
    if not text or not text.strip():
        raise DocumentError(name, "không tìm thấy nội dung chính trong trang HTML")
    return nfc(text)


LOADERS: dict[str, Callable[[bytes, str], str]] = {
    ".txt": load_txt,
    ".md": load_txt,
    ".docx": load_docx,
    ".pdf": load_pdf,
    ".html": load_html,
    ".htm": load_html,
}


def load_bytes(data: bytes, name: str) -> str:
    """Raw text of a document given its bytes and file name (the suffix picks the loader)."""
    loader = LOADERS.get(Path(name).suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(LOADERS))
        raise DocumentError(name, f"định dạng không hỗ trợ (chỉ nhận {supported})")
    if not data.strip():
        raise DocumentError(name, "tệp rỗng")
    text = loader(data, name)
    if not text.strip():
        raise DocumentError(name, "tệp không có nội dung chữ")
    return text


def sniff(data: bytes, name: str) -> str | None:
    """The file type its bytes show (".pdf", ".docx", ".html", ".md", ".txt"), whatever its
    name says; None for anything else (images, spreadsheets, old .doc, other binaries)."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return ".docx" if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return ".docx"  # a damaged Word file: its loader says so
    try:
        head = decode_text(data[:4096], name).lstrip().lower()
    except (DocumentError, UnicodeDecodeError):
        return None
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return ".html"
    return ".md" if Path(name).suffix.lower() == ".md" else ".txt"


def load_file(path: Path) -> str:
    """Raw text of a document file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path.name, f"không mở được ({exc.strerror})") from None
    return load_bytes(data, path.name)
