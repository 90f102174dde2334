"""Scans → page texts: page images read by Tesseract in Vietnamese, every word with its
confidence.

A scanned directive (a PDF whose pages are pictures, or a photo of the signed paper) has no
text to extract. Its pages are made into grey images (pypdfium2 renders a PDF's pages at
300 dpi; Pillow turns a photo upright by its EXIF tag and enlarges a small one), each is read
by the `tesseract` program (`-l vie`, TSV output: each word with its confidence) and its lines
are put back in reading order. The result carries the mean word confidence, so that the
upload's reply and the citations can say the text came from OCR and how sure it is.

Tesseract is a separate program (Debian: tesseract-ocr and tesseract-ocr-vie); `missing()`
names the packages to install when it or its Vietnamese data is absent. It runs on one thread:
on two cores its OpenMP threads spin and make a page five to ten times slower.

A file's recognised pages are remembered, by content hash, for the life of the process: an
upload is read in the extraction child (bot/extract.py), which hands them back, so the build
that indexes the same bytes next does not read them again.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import shutil
import subprocess
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.errors import DocumentError
from bot.messages import shipped_text

if TYPE_CHECKING:
    from PIL.Image import Image

LANGUAGE = "vie"
PACKAGES = "tesseract-ocr tesseract-ocr-vie"  # Debian's names, told to whoever must install
DPI = 300  # what Tesseract is trained for
MAX_PAGES = 40  # about 40 s of OCR on two cores; a longer scan is not one directive
MAX_SIDE = 5000  # pixels: a larger photo is scaled down, a page bigger than A3 rendered smaller
MIN_SIDE = 2400  # pixels: a phone photo smaller than this (Telegram's are 1280) is enlarged
PAGE_SECONDS = 120  # one page; the extraction child's own time limit is usually shorter


@dataclass(frozen=True)
class Recognition:
    """How a document's text was read by OCR: the mean of Tesseract's word confidences
    (0–100), over how many pages and words."""

    confidence: float
    pages: int
    words: int


@dataclass(frozen=True)
class Scan:
    """A scanned document's page texts (lines in reading order) and their recognition."""

    pages: tuple[str, ...]
    recognition: Recognition

    def to_dict(self) -> dict:
        """JSON-able form (what the extraction child hands back)."""
        r = self.recognition
        return {"pages": list(self.pages), "confidence": r.confidence, "words": r.words}

    @classmethod
    def from_dict(cls, data: dict) -> Scan:
        """Inverse of to_dict."""
        pages = tuple(data["pages"])
        return cls(pages, Recognition(data["confidence"], len(pages), data["words"]))


def missing() -> str | None:
    """The Debian packages to install before scans can be read, or None when Tesseract and
    its Vietnamese data are here."""
    program = shutil.which("tesseract")
    if program is None:
        return PACKAGES
    try:
        done = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return PACKAGES
    languages = done.stdout.split()
    return None if LANGUAGE in languages else "tesseract-ocr-vie"


def read_pdf(data: bytes, name: str) -> Scan:
    """The text of a scanned PDF, every page rendered and read by Tesseract."""
    remembered = recall(data)
    if remembered is not None:
        return remembered
    scan = read_images(_render_pdf(data, name), name)
    return remember(data, scan)


def read_image(data: bytes, name: str) -> Scan:
    """The text of a photo or a scanned page (JPEG, PNG)."""
    remembered = recall(data)
    if remembered is not None:
        return remembered
    scan = read_images([_prepare_image(data, name)], name)
    return remember(data, scan)


def read_images(images: Iterable[bytes], name: str) -> Scan:
    """Page images (any format Tesseract reads) → their texts and mean word confidence."""
    program = shutil.which("tesseract")
    if program is None:
        raise DocumentError(name, shipped_text("ocr_missing", packages=PACKAGES))
    pages: list[str] = []
    confidences: list[float] = []
    for image in images:
        text, page_confidences = page_text(_tesseract(program, image, name))
        pages.append(text)
        confidences.extend(page_confidences)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    return Scan(tuple(pages), Recognition(mean, len(pages), len(confidences)))


def page_text(tsv: str) -> tuple[str, list[float]]:
    """Tesseract's TSV → the page's lines and the confidence of each word. A blank line
    separates paragraphs; lines side by side (a header's two columns, a signature block
    beside "Nơi nhận") are given column by column, as a text layer gives them."""
    lines: list[_Line] = []
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip() or float(cells[10]) < 0:
            continue
        left, _top, width, height = (int(c) for c in cells[6:10])
        key = tuple(cells[2:5])  # block, paragraph, line
        if not lines or lines[-1].key != key:
            lines.append(_Line(key, []))
        lines[-1].words.append(_Word(cells[11].strip(), left, width, height))
        confidences.append(float(cells[10]))
    return "\n".join(_column_lines(lines)), confidences


@dataclass
class _Word:
    text: str
    left: int
    width: int
    height: int


@dataclass
class _Line:
    key: tuple[str, ...]
    words: list[_Word]

    def cells(self) -> list[str]:
        """The line cut where the space between two words is a column gap."""
        size = sorted(w.height for w in self.words)[len(self.words) // 2]
        cells = [[self.words[0].text]]
        for before, word in itertools.pairwise(self.words):
            if word.left - (before.left + before.width) > COLUMN_GAP * size:
                cells.append([])
            cells[-1].append(word.text)
        return [" ".join(cell) for cell in cells]


COLUMN_GAP = 3  # a space this many letter heights wide parts two columns, not two words


def _column_lines(lines: list[_Line]) -> list[str]:
    """Lines in reading order: a run of lines cut in columns is given column by column."""
    out: list[str] = []
    run: list[list[str]] = []  # the current run's lines, each as its cells
    paragraph = None
    for line in lines:
        cells = line.cells()
        if len(cells) > 1:
            run.append(cells)
            continue
        out.extend(_by_column(run))
        run = []
        if paragraph is not None and line.key[:2] != paragraph and out:
            out.append("")
        out.append(cells[0])
        paragraph = line.key[:2]
    out.extend(_by_column(run))
    return out


def _by_column(run: list[list[str]]) -> list[str]:
    columns = max((len(cells) for cells in run), default=0)
    return [cells[i] for i in range(columns) for cells in run if i < len(cells)]


def _tesseract(program: str, image: bytes, name: str) -> str:
    """One page image read by Tesseract, as TSV."""
    command = [program, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "tsv"]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            command, input=image, capture_output=True, timeout=PAGE_SECONDS, env=environment
        )
    except subprocess.TimeoutExpired:
        reason = shipped_text("ocr_page_timeout", seconds=PAGE_SECONDS)
        raise DocumentError(name, reason) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise DocumentError(name, shipped_text("ocr_failed", detail=detail[0][:200]))
    return done.stdout.decode("utf-8", "replace")


def _render_pdf(data: bytes, name: str) -> Iterator[bytes]:
    """Each page of a PDF as a grey image (PNM) at DPI, at most MAX_SIDE pixels a side, one
    at a time (a page is about 9 MB)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise DocumentError(name, shipped_text("pdf_broken", error=exc)) from None
    try:
        if len(document) > MAX_PAGES:
            reason = shipped_text("scan_too_long", pages=len(document), limit=MAX_PAGES)
            raise DocumentError(name, reason)
        for page in document:
            width, height = page.get_size()  # points, 72 a inch
            scale = min(DPI / 72, MAX_SIDE / max(width, height, 1))
            yield _pnm(page.render(scale=scale, grayscale=True).to_pil())
    finally:
        document.close()


def _prepare_image(data: bytes, name: str) -> bytes:
    """A photo made ready for Tesseract: upright, grey, neither tiny nor huge (PNM)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
            image = image.convert("L")
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DocumentError(name, shipped_text("image_unreadable")) from None
    except OSError as exc:
        raise DocumentError(name, shipped_text("image_broken", error=exc)) from None
    side = max(image.size)
    if side > MAX_SIDE or side < MIN_SIDE:
        factor = (MAX_SIDE if side > MAX_SIDE else MIN_SIDE) / side
        size = (round(image.width * factor), round(image.height * factor))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return _pnm(image)


def _pnm(image: Image) -> bytes:
    """A PIL image as PNM bytes: quick to write, and Tesseract reads it from stdin."""
    out = io.BytesIO()
    image.save(out, format="PPM")
    return out.getvalue()


# Recognised files by content hash (see the module docstring); a few dozen pages of text.
_MEMORY: OrderedDict[str, Scan] = OrderedDict()
_MEMORY_FILES = 64


def remember(data: bytes, scan: Scan) -> Scan:
    """Keep a file's recognised pages for the rest of the process; returns the scan."""
    key = hashlib.sha256(data).hexdigest()
    _MEMORY[key] = scan
    _MEMORY.move_to_end(key)
    while len(_MEMORY) > _MEMORY_FILES:
        _MEMORY.popitem(last=False)
    return scan


def recall(data: bytes) -> Scan | None:
    """A file's recognised pages, if this process has read it before."""
    return _MEMORY.get(hashlib.sha256(data).hexdigest())
