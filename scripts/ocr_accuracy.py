"""Word accuracy and time of OCR (bot/ocr.py) on the scans the tests make (tests/scans.py): a
clean page, a photocopy (specks, tilted), a photo as Telegram sends it (1280 px, JPEG), small
blurred photos (where OCR starts to fail, and its confidence says so) and an image-only PDF;
and the time and confidence on the real signed scan in tests/data/real.

    .venv/bin/python scripts/ocr_accuracy.py

Word accuracy: the share of the page's words that OCR gives, exactly, in order (difflib's
matching blocks over the two word sequences).
"""

from __future__ import annotations

import difflib
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import ocr
from tests import scans

REAL_SCAN = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"


def accuracy(truth: list[str], read: list[str]) -> float:
    """Share of the true words OCR read exactly, in order."""
    matcher = difflib.SequenceMatcher(a=truth, b=read, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(truth)


def _blurred(font: Path, side: int) -> bytes:
    """The photocopy, small and out of focus, as a phone in poor light takes it."""
    from PIL import ImageFilter

    page = scans.page_image(font, noise=True)
    page = page.resize((side * page.width // page.height, side))
    out = io.BytesIO()
    page.filter(ImageFilter.GaussianBlur(1.2)).save(out, format="JPEG", quality=70)
    return out.getvalue()


def main() -> int:
    missing = ocr.missing()
    font = scans.font_path()
    if missing or font is None:
        print(f"needs: {missing or 'fonts-dejavu-core'}")
        return 1
    cases = {
        "clean page (PNG, 200 dpi)": (ocr.read_image, scans.image_bytes(font)),
        "photocopy (JPEG, specks, 0.7° tilt)": (
            ocr.read_image,
            scans.image_bytes(font, "JPEG", noise=True),
        ),
        "Telegram photo (JPEG, 1280 px)": (
            ocr.read_image,
            scans.image_bytes(font, "JPEG", side=1280),
        ),
        "blurred photo (JPEG, 800 px)": (ocr.read_image, _blurred(font, 800)),
        "blurred photo (JPEG, 640 px)": (ocr.read_image, _blurred(font, 640)),
        "image-only PDF (1 page)": (ocr.read_pdf, scans.image_pdf(font)),
    }
    truth = scans.words()
    print(f"{'scan':38} {'word acc.':>9} {'conf.':>6} {'s/page':>7}")
    for label, (read, data) in cases.items():
        start = time.perf_counter()
        scan = read(data, label)
        seconds = (time.perf_counter() - start) / scan.recognition.pages
        words = " ".join(scan.pages).split()
        print(
            f"{label:38} {accuracy(truth, words):9.1%} {scan.recognition.confidence:6.1f} "
            f"{seconds:7.2f}"
        )
    for path in sorted(REAL_SCAN.glob("b10_*.pdf")):
        start = time.perf_counter()
        scan = ocr.read_pdf(path.read_bytes(), path.name)
        seconds = (time.perf_counter() - start) / scan.recognition.pages
        label = f"real scan {path.name[:3]} ({scan.recognition.pages} pages)"
        print(f"{label:38} {'-':>9} {scan.recognition.confidence:6.1f} {seconds:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
