"""File → Blocks (bot/blocks.py), one loader per format, and the canonical text of those blocks.

Each loader keeps the structure the file has: Word numbering, tables and text boxes
(bot/word.py); paragraphs rebuilt from the hard-wrapped lines of web crawls, markdown and
flattened header tables (bot/layout.py), and of PDF text layers without their page furniture
(bot/pages.py). `load_blocks` gives the blocks, `load_bytes`/`load_file` their text
(`to_text`), which bot.parsing reads. Every result is NFC.

A file that cannot be read raises DocumentError naming the file and the reason. Word files are
checked as archives (entry count, sizes, names, encryption) before any parser opens them; text
typed in the legacy TCVN3 or VNI fonts is converted (bot/legacy.py), mojibake refused.

Scans are read by OCR (bot/ocr.py, Tesseract in Vietnamese) when it is installed: a PDF with no
text layer, or one whose text layer is not Vietnamese (the garbage OCR of a scanner), and photos
(.jpg, .jpeg, .png). An old Word file (.doc) is converted to .docx by LibreOffice (`soffice
--headless`) when it is installed. Without the program, the refusal names what to install. The
result (`Loaded`) says whether its text came from OCR, and how sure the OCR was.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot import legacy, ocr, office
from bot.blocks import Block, map_text, to_text
from bot.errors import DocumentError
from bot.layout import read_text
from bot.messages import shipped_text
from bot.pages import read_pages
from bot.text import nfc

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """A document as read: its blocks, and how OCR read them when they came from a scan
    (None for a file that has its text)."""

    blocks: tuple[Block, ...]
    ocr: ocr.Recognition | None = None

    @property
    def text(self) -> str:
        """The canonical text of the blocks (what bot.parsing reads)."""
        return to_text(self.blocks)


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
        # ASCII characters put their zero byte second in LE, first in BE.
        encoding = (
            "utf-16-le" if data[1:2000:2].count(0) > data[0:2000:2].count(0) else "utf-16-be"
        )
        return nfc(data.decode(encoding, errors="strict"))
    if b"\x00" in data:
        raise DocumentError(name, shipped_text("text_binary"))
    try:
        return nfc(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    windows: tuple[str, ...]
    try:
        # cp1258 writes tones as combining marks; NFC composes them.
        windows = (nfc(data.decode("cp1258")),)
    except UnicodeDecodeError:
        windows = ()
    if windows and legacy.is_clean(windows[0]):
        return windows[0]
    # One byte per character: Windows-1258, or TCVN3 or VNI read from Latin-1, whichever reads
    # as Vietnamese.
    return legacy.repair(data.decode("latin-1"), name, others=windows)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(zeros_even, zeros_odd) > 0.3 * half and min(zeros_even, zeros_odd) < 0.05 * half


def txt_blocks(data: bytes, name: str) -> list[Block]:
    """Plain text or Markdown (web crawls included)."""
    return read_text(decode_text(data, name))


def docx_blocks(data: bytes, name: str) -> list[Block]:
    """Word document: paragraphs, tables and text boxes in reading order, numbering restored."""
    import docx  # python-docx

    from bot.word import read_document

    check_archive(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(name, shipped_text("docx_broken", error=exc)) from None
    return read_document(document)


# A Word file is a zip of a few dozen parts; these bound what a hostile one can make us unpack.
MAX_ENTRIES = 2000
MAX_UNPACKED = 200 * 1024 * 1024  # declared bytes, all entries together
MAX_RATIO = 200  # declared / compressed, for entries over 1 MB
_MB = 1024 * 1024
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: .doc, or an encrypted .docx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def check_archive(data: bytes, name: str) -> None:
    """Refuse a zip that is not a plain Word file, reading only its directory: too many
    entries, entry names leaving the archive, encrypted entries, or sizes of a zip bomb.
    zipfile never unpacks more than an entry's declared size, so these bounds hold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocumentError(name, shipped_text("docx_broken", error=exc)) from None
    if len(entries) > MAX_ENTRIES:
        raise DocumentError(name, shipped_text("docx_entries", entries=len(entries)))
    for entry in entries:
        path = entry.filename.replace("\\", "/")
        if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in path.split("/"):
            raise DocumentError(name, shipped_text("docx_unsafe_path", path=entry.filename))
        if entry.flag_bits & 0x1:
            raise DocumentError(name, shipped_text("docx_password"))
        big = entry.file_size > 1024 * 1024
        if big and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise DocumentError(name, shipped_text("docx_zip_bomb"))
    if sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise DocumentError(name, shipped_text("docx_unpacked_too_big", limit=MAX_UNPACKED // _MB))


def check_ole(data: bytes, name: str) -> None:
    """An OLE2 file is an old .doc or a password-protected Office file: say which."""
    if _ENCRYPTED_PACKAGE in data:
        raise DocumentError(name, shipped_text("word_password"))
    raise DocumentError(name, shipped_text("doc_unreadable"))


_WORD_DOCUMENT = "WordDocument".encode("utf-16-le")  # the main stream of a .doc


def doc_blocks(data: bytes, name: str) -> list[Block]:
    """Old Word document (.doc, Word 97–2003): converted to .docx by LibreOffice, then read
    as one."""
    if _ENCRYPTED_PACKAGE in data:
        check_ole(data, name)
    soffice = office.program()
    if soffice is None:
        raise DocumentError(name, shipped_text("doc_office_missing", packages=office.PACKAGE))
    return docx_blocks(office.to_docx(soffice, data, name), name)


def pdf_blocks(data: bytes, name: str) -> list[Block] | Loaded:
    """PDF text layer: paragraphs rebuilt across lines and pages, page furniture dropped. A
    scan (no text layer, or one that is not Vietnamese) is read by OCR."""
    pages = _pdf_pages(data, name)
    if not "".join(pages).strip():
        return _scan(data, name, shipped_text("scan_pdf"), ocr.read_pdf)
    if legacy.legibility(nfc("\n".join(pages))) < MIN_LEGIBILITY:
        return _scan(data, name, shipped_text("scan_pdf_garbled"), ocr.read_pdf)
    return read_pages([nfc(page) for page in pages])


def image_blocks(data: bytes, name: str) -> Loaded:
    """A photo or a scanned page (JPEG, PNG), read by OCR."""
    return _scan(data, name, shipped_text("scan_photo"), ocr.read_image)


def _scan(data: bytes, name: str, what: str, read: Callable[[bytes, str], ocr.Scan]) -> Loaded:
    """A scan's blocks read by OCR; refused, naming what to install, without Tesseract, and
    refused when what OCR reads is not Vietnamese text."""
    if ocr.recall(data) is None and (packages := ocr.missing()):
        raise DocumentError(name, shipped_text("scan_ocr_missing", what=what, packages=packages))
    scan = read(data, name)
    text = nfc("\n".join(scan.pages))
    if not text.strip():
        raise DocumentError(name, shipped_text("scan_no_text", what=what))
    confidence = scan.recognition.confidence
    if confidence < MIN_CONFIDENCE or legacy.legibility(text) < MIN_LEGIBILITY:
        reason = shipped_text("scan_illegible", what=what, confidence=f"{confidence:.0f}")
        raise DocumentError(name, reason)
    return Loaded(tuple(read_pages([nfc(page) for page in scan.pages])), scan.recognition)


# Below this share of Vietnamese syllables a PDF's text layer is OCR garbage, not a directive
# (real directives score above 0.9, the text layer of a badly recognised scan about 0.4).
MIN_LEGIBILITY = 0.6
# Below this mean word confidence OCR misreads most words (a small blurred photo: 50, with a
# quarter of its words right; a clear scan 95, a passable photo 85 with three quarters right).
MIN_CONFIDENCE = 70


def _pdf_pages(data: bytes, name: str) -> list[str]:
    """The text layer of each page."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # "" opens owner-only protection
            raise DocumentError(name, shipped_text("pdf_password"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except LimitReachedError:  # pypdf's own guard against decompression bombs
        raise DocumentError(name, shipped_text("pdf_limit")) from None
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(name, shipped_text("pdf_broken", error=exc)) from None
    except DependencyError:  # AES needs the cryptography package
        raise DocumentError(name, shipped_text("pdf_encrypted")) from None
    return pages


def html_blocks(data: bytes, name: str) -> list[Block]:
    """Web page: the main content, without menus and footers (trafilatura)."""
    import trafilatura

    html = decode_text(data, name)
    text = trafilatura.extract(
        html, include_tables=True, include_comments=False, favor_recall=True
    )
    if not text or not text.strip():
        raise DocumentError(name, shipped_text("html_no_content"))
    return read_text(nfc(text))


LOADERS: dict[str, Callable[[bytes, str], Sequence[Block] | Loaded]] = {
    ".txt": txt_blocks,
    ".md": txt_blocks,
    ".docx": docx_blocks,
    ".doc": doc_blocks,
    ".pdf": pdf_blocks,
    ".html": html_blocks,
    ".htm": html_blocks,
    ".jpg": image_blocks,
    ".jpeg": image_blocks,
    ".png": image_blocks,
}


def load_txt(data: bytes, name: str) -> str:
    """Text of a plain-text or Markdown file."""
    return to_text(txt_blocks(data, name))


def load_docx(data: bytes, name: str) -> str:
    """Text of a Word document."""
    return to_text(docx_blocks(data, name))


def load_pdf(data: bytes, name: str) -> str:
    """Text of a PDF (its text layer, or OCR of a scan)."""
    return load_document(data, name).text


def load_html(data: bytes, name: str) -> str:
    """Main text of a web page."""
    return to_text(html_blocks(data, name))


# Bounds on one document, whoever brings it (an upload, or a file copied into documents/).
MAX_FILE_BYTES = 100 * 1024 * 1024  # read at all: a larger file is refused unread
MAX_CHARS = 1_000_000  # about 300 pages of text; a longer file is not one directive
_TEXT_TYPES = {".txt", ".md", ".html", ".htm"}


def load_bytes(data: bytes, name: str) -> str:
    """Raw text of a document given its bytes and file name (the suffix picks the loader); a
    text file's final line break is kept."""
    return text_of(load_document(data, name), data, name)


def text_of(loaded: Loaded, data: bytes, name: str) -> str:
    """A loaded document's raw text: a text file keeps its final line break."""
    final_break = data.endswith((b"\n", b"\n\x00"))  # UTF-8 and legacy, or UTF-16-LE
    if Path(name).suffix.lower() in (".txt", ".md") and final_break:
        return loaded.text + "\n"
    return loaded.text


def load_blocks(data: bytes, name: str) -> list[Block]:
    """Blocks of a document given its bytes and file name (the suffix picks the loader)."""
    return list(load_document(data, name).blocks)


def load_document(data: bytes, name: str) -> Loaded:
    """A document given its bytes and file name (the suffix picks the loader): its blocks, and
    its OCR confidence when it is a scan. Any failure, a parser's own bug on a malformed file
    included, is a DocumentError naming the file."""
    suffix = Path(name).suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        supported = ", ".join(sorted(LOADERS))
        raise DocumentError(name, shipped_text("format_unsupported", supported=supported))
    if not data.strip():
        raise DocumentError(name, shipped_text("file_empty"))
    if suffix in _TEXT_TYPES and len(data) > 4 * MAX_CHARS:  # UTF-8 is at most 4 bytes a char
        raise _too_long(name, len(data) // 4)
    try:
        read = loader(data, name)
        loaded = read if isinstance(read, Loaded) else Loaded(tuple(read))
        text = loaded.text
        convert = legacy.converter(text, name)
        if convert is not legacy.CONVERTERS[0]:
            loaded = Loaded(tuple(map_text(loaded.blocks, convert)), loaded.ocr)
            text = loaded.text
    except (DocumentError, MemoryError):  # the extraction child reports its memory limit
        raise
    except Exception as exc:  # e.g. lxml on broken XML, a decoder on a file cut short
        logger.debug("%s: loader failed", name, exc_info=True)
        reason = shipped_text("reader_crashed", error=type(exc).__name__)
        raise DocumentError(name, reason) from None
    if not text.strip():
        raise DocumentError(name, shipped_text("file_no_text"))
    if len(text) > MAX_CHARS:
        raise _too_long(name, len(text))
    return loaded


def _too_long(name: str, chars: int) -> DocumentError:
    """Too long to be one directive; the counts written with dots between thousands."""
    reason = shipped_text("text_too_long", chars=_thousands(chars), limit=_thousands(MAX_CHARS))
    return DocumentError(name, reason)


def _thousands(number: int) -> str:
    """1000000 → "1.000.000", as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


def sniff(data: bytes, name: str) -> str | None:
    """The file type its bytes show (".pdf", ".docx", ".doc", ".png", ".jpg", ".html", ".md",
    ".txt"), whatever its name says; None for anything else (spreadsheets, other binaries).
    A password-protected Office file, or an Office file other than a .doc, raises
    DocumentError saying so."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":  # its first chunk
        return ".png"
    if data.startswith(b"\xff\xd8\xff") and data[3:4] >= b"\xc0":  # a segment marker
        return ".jpg"
    if data.startswith(_CFB):
        if _ENCRYPTED_PACKAGE not in data and _WORD_DOCUMENT in data:
            return ".doc"
        check_ole(data, name)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return ".docx"  # a damaged Word file: its loader says so
        if "word/document.xml" not in names:
            return None
        check_archive(data, name)
        return ".docx"
    try:
        head = decode_text(data[:4096], name).lstrip().lower()
    except (DocumentError, UnicodeDecodeError):
        return None
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return ".html"
    return ".md" if Path(name).suffix.lower() == ".md" else ".txt"


def read_file(path: Path) -> bytes:
    """A document file's bytes; DocumentError when it cannot be opened or is too large to be
    one directive (checked before reading: a sparse 1 GB file costs nothing to refuse)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(path.name, too_big(size))
        return path.read_bytes()
    except OSError as exc:
        reason = shipped_text("file_unopenable", error=exc.strerror)
        raise DocumentError(path.name, reason) from None


def too_big(size: int) -> str:
    """The reason a file of `size` bytes, over MAX_FILE_BYTES, is refused unread."""
    return shipped_text("file_too_big", size=size // _MB, limit=MAX_FILE_BYTES // _MB)


def load_file(path: Path) -> str:
    """Raw text of a document file."""
    return load_bytes(read_file(path), path.name)


def load_file_blocks(path: Path) -> list[Block]:
    """Blocks of a document file."""
    return load_blocks(read_file(path), path.name)
