"""Scans the OCR tests make: a short directive's text drawn on a page image (Pillow, a
DejaVu font with Vietnamese glyphs), as a PNG, a JPEG or an image-only PDF (fpdf2)."""

from __future__ import annotations

import io
from pathlib import Path

# The header's two columns, then the body, as the signed paper lays them out.
HEADER = [
    ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TỈNH KON TUM", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 123/UBND-VX", "Kon Tum, ngày 15 tháng 9 năm 2021"),
]
SUBJECT = "V/v tăng cường phòng, chống dịch COVID-19"
BODY = [
    "Kính gửi: Các sở, ban, ngành thuộc tỉnh.",
    "Để chủ động phòng, chống dịch COVID-19 trên địa bàn tỉnh, Ủy ban nhân dân",
    "tỉnh yêu cầu các cơ quan, đơn vị thực hiện các nội dung sau:",
    "1. Sở Y tế chủ trì tổ chức xét nghiệm cho người về từ vùng dịch, hoàn",
    "thành trước ngày 30/9/2021.",
    "2. Sở Giáo dục và Đào tạo phối hợp với Sở Y tế tổ chức tiêm vắc xin cho",
    "giáo viên trước khi học sinh đi học trở lại.",
    "3. Sở Thông tin và Truyền thông tuyên truyền các biện pháp phòng dịch trên",
    "các phương tiện thông tin đại chúng.",
]
SIGNATURE = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hòa"]
NUMBER = "123/UBND-VX"
DATE = "2021-09-15"
FIRST_DUTY = "tổ chức xét nghiệm cho người về từ vùng dịch"

_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
DPI = 200
_WIDTH, _HEIGHT = int(8.27 * DPI), int(11.69 * DPI)  # A4


def font_path() -> Path | None:
    """A font with Vietnamese glyphs on this machine (fonts-dejavu-core), or matplotlib's."""
    for name in _FONTS:
        if Path(name).is_file():
            return Path(name)
    try:
        import matplotlib
    except ImportError:
        return None
    bundled = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    return bundled if bundled.is_file() else None


def words() -> list[str]:
    """Every word the page shows, in reading order (the truth OCR is scored against): the
    header column by column, as a text layer gives it."""
    lines = [*(row[0] for row in HEADER), *(row[1] for row in HEADER), SUBJECT, *BODY, *SIGNATURE]
    return " ".join(lines).split()


def page_image(font: Path, noise: bool = False):
    """The directive drawn on a white A4 page (a PIL image, grayscale)."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (_WIDTH, _HEIGHT), 255)
    draw = ImageDraw.Draw(page)
    regular = ImageFont.truetype(str(font), size=int(DPI * 13 / 72))
    left, right, y, step = int(DPI * 0.8), int(DPI * 4.0), int(DPI * 0.8), int(DPI * 0.3)
    for cells in HEADER:
        draw.text((left, y), cells[0], font=regular, fill=0)
        draw.text((right, y), cells[1], font=regular, fill=0)
        y += step
    y += step // 2
    draw.text((left, y), SUBJECT, font=regular, fill=0)
    y += 2 * step
    for line in BODY:
        draw.text((left, y), line, font=regular, fill=0)
        y += step
    y += step
    for line in SIGNATURE:
        draw.text((right + DPI // 2, y), line, font=regular, fill=0)
        y += step
    if noise:  # a photocopy's specks and a slight tilt
        import random

        rng = random.Random(7)
        for _ in range(3000):
            page.putpixel((rng.randrange(_WIDTH), rng.randrange(_HEIGHT)), rng.randrange(100))
        page = page.rotate(0.7, fillcolor=255, expand=False)
    return page


def image_bytes(font: Path, fmt: str = "PNG", noise: bool = False, side: int = 0) -> bytes:
    """The page as a PNG or JPEG file's bytes; side: scaled down to this many pixels on its
    long side, as Telegram sends a photo (1280)."""
    page = page_image(font, noise)
    if side:
        page = page.resize((side * _WIDTH // _HEIGHT, side))
    out = io.BytesIO()
    page.save(out, format=fmt, dpi=(DPI, DPI), **({"quality": 80} if fmt == "JPEG" else {}))
    return out.getvalue()


def image_pdf(font: Path, pages: int = 1) -> bytes:
    """An image-only PDF (no text layer): the page drawn as a picture, as a scanner makes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    png = io.BytesIO(image_bytes(font))
    for _ in range(pages):
        pdf.add_page()
        pdf.image(png, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())
