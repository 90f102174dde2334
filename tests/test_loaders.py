"""Loaders on files the tests generate (docx, pdf, html, text in several encodings) and on the
real directives: the structure each file has survives into its blocks and text."""

import io
import unicodedata
from pathlib import Path

import docx
import docx.document
import pytest
from fpdf import FPDF
from lxml import etree

from bot import legacy, ocr
from bot.blocks import ITEM, is_header_row, item, paragraph, table_row, to_text
from bot.corpus import read_corpus
from bot.errors import DocumentError
from bot.loaders import load_blocks, load_bytes, load_file
from bot.pages import read_pages
from tests.documents import BEN_XE_LINES

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


# Structure kept: Word numbering, tables and text boxes ------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _letter_list(document: docx.document.Document) -> str:
    """Add a list definition numbering "1." at level 0 and "a)" at level 1; its numId."""
    numbering = document.part.numbering_part.element
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="77">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
    )
    num = etree.fromstring(
        f'<w:num xmlns:w="{_W}" w:numId="77"><w:abstractNumId w:val="77"/></w:num>'
    )
    numbering.insert(0, abstract)
    numbering.append(num)
    return "77"


def _numbered(document: docx.document.Document, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        etree.fromstring(
            f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr>"
        )
    )


def test_word_numbering_is_restored_from_numbering_definitions():
    document = docx.Document()
    num_id = _letter_list(document)
    _numbered(document, "Sở Y tế", num_id, 0)
    _numbered(document, "Chủ trì tiêm vắc xin.", num_id, 1)
    _numbered(document, "Giám sát dịch bệnh.", num_id, 1)
    _numbered(document, "Sở Tài chính", num_id, 0)
    _numbered(document, "Bảo đảm kinh phí.", num_id, 1)
    document.add_paragraph("Theo kiểu đoạn:", style="List Number")
    blocks = load_blocks(_docx_bytes(document), "a.docx")
    assert [(b.kind, b.marker, b.text) for b in blocks] == [
        (ITEM, "1.", "Sở Y tế"),
        (ITEM, "a)", "Chủ trì tiêm vắc xin."),
        (ITEM, "b)", "Giám sát dịch bệnh."),
        (ITEM, "2.", "Sở Tài chính"),
        (ITEM, "a)", "Bảo đảm kinh phí."),
        (ITEM, "1.", "Theo kiểu đoạn:"),  # a paragraph style's own list
    ]


def test_word_task_table_rows_are_items_with_their_fields_in_place():
    document = docx.Document()
    document.add_paragraph("Các nhiệm vụ cụ thể như sau:")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"),
        ("1", "Tuyên truyền phòng dịch", "Sở Văn hóa, Thể thao\nvà Du lịch", "Quý I"),
        ("2", "Bảo đảm kinh phí", "Sở Tài chính", "Hằng năm"),
    ]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("Giao Sở Nội vụ theo dõi.")
    text = load_bytes(_docx_bytes(document), "a.docx")
    assert text.split("\n") == [
        "Các nhiệm vụ cụ thể như sau:",
        "1. Tuyên truyền phòng dịch",
        "Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch",
        "Thời gian: Quý I",
        "2. Bảo đảm kinh phí",
        "Cơ quan chủ trì: Sở Tài chính",
        "Thời gian: Hằng năm",
        "Giao Sở Nội vụ theo dõi.",
    ]


def test_word_text_boxes_nfd_and_space_runs():
    document = docx.Document()
    paragraph = document.add_paragraph(
        unicodedata.normalize("NFD", "Sở Y tế\u00a0chủ trì") + " " * 500 + "."
    )
    vml = "urn:schemas-microsoft-com:vml"
    paragraph._p.append(
        etree.fromstring(
            f'<w:r xmlns:w="{_W}" xmlns:v="{vml}"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>DỰ THẢO</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    text = load_bytes(_docx_bytes(document), "a.docx")
    assert text == "Sở Y tế chủ trì .\nDỰ THẢO"


# Structure kept: web crawls and PDF text layers ------------------------------------------------

CRAWL = """|
**ỦY BAN NHÂN DÂN
**
TỈNH ĐẮK LẮK
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
|
Số: 0130/KH-UBND
|
*Đắk Lắk, ngày 21
tháng 11 năm 2025*
|

** **

Để kịp thời khắc phục môi trường và phòng, chống dịch bệnh truyền nhiễm sau
lụt bão trên địa bàn tỉnh; UBND tỉnh ban hành kế hoạch như sau, các cơ quan
chủ trì thực hiện theo chức năng nhiệm vụ được giao và báo cáo kết quả.

**4.
Nguy cơ mất an toàn thực phẩm**

- Thực phẩm bị ẩm mốc,
nhiễm bẩn sau lũ.

**1.****
**Các cơ quan chuyên môn phối hợp với Sở Y tế và Ủy ban nhân dân các xã,
phường tổ chức tiêm vắc xin cho người dân theo kế hoạch được giao.

4. Sở Tài
chính bảo đảm kinh phí cho các hoạt động phòng, chống dịch trên địa bàn
tỉnh theo quy định hiện hành của Nhà nước về ngân sách.

| STT | Nội dung | Cơ quan chủ trì |
|---|---|---|
| 1 | Phun khử khuẩn | Sở Y tế |
"""


def test_a_web_crawl_gets_its_paragraphs_numbers_and_tables_back():
    lines = load_bytes(CRAWL.encode(), "a.md").splitlines()
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐẮK LẮK",
        "CỘNG HÒA XÃ HỘI",
        "CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 0130/KH-UBND",
    ]
    assert "Đắk Lắk, ngày 21 tháng 11 năm 2025" in lines
    assert lines[7].startswith("Để kịp thời") and lines[7].endswith("báo cáo kết quả.")
    assert "4. Nguy cơ mất an toàn thực phẩm" in lines
    assert "- Thực phẩm bị ẩm mốc, nhiễm bẩn sau lũ." in lines
    assert any(line.startswith("1. Các cơ quan chuyên môn phối hợp") for line in lines)
    assert any(line.startswith("4. Sở Tài chính bảo đảm kinh phí") for line in lines)
    assert lines[-2:] == ["- Phun khử khuẩn", "Cơ quan chủ trì: Sở Y tế"]  # under item 4
    assert not any("*" in line or line in ("|", "") for line in lines)


def test_lines_that_are_paragraphs_stay_apart():
    text = "\n".join(BEN_XE_LINES)
    assert load_bytes(text.encode(), "a.txt") == text


def _pdf_pages(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        pdf.multi_cell(0, 6, page)
        pdf.set_y(-15)
        pdf.cell(0, 10, str(number), align="C")
    return bytes(pdf.output())


def test_pdf_paragraphs_continue_across_lines_and_pages_without_page_numbers():
    sentence = (
        "So Y te chu tri, phoi hop voi cac so, ban, nganh to chuc tiem vac xin cho nguoi dan "
        "tren dia ban tinh, bao cao ket qua ve Uy ban nhan dan tinh truoc ngay 10 hang thang"
    )
    pages = [f"1. {sentence} va {sentence}", f"va {sentence}.\n2. So Tai chinh bao dam kinh phi."]
    lines = load_bytes(_pdf_pages(pages), "a.pdf").split("\n")
    assert lines[0].startswith("1. So Y te chu tri") and lines[0].endswith("hang thang.")
    assert lines[1:] == ["2. So Tai chinh bao dam kinh phi."]


def test_a_pdf_text_layer_that_is_not_vietnamese_is_refused():
    garbage = "uY BAN NgAN nAN TINH LAMDONG Ldm D6ng ngdy fithdng nhiQm vg c6c chi s6 " * 10
    with pytest.raises(DocumentError, match="lớp chữ của tệp PDF không đọc được"):
        load_bytes(_pdf_pages([garbage]), "scan.pdf")


def test_to_text_renders_items_and_task_rows():
    header = ("TT", "Nội dung", "Trách nhiệm thực hiện")
    blocks = [
        paragraph("Kế hoạch như sau:"),
        table_row(["1", "Đối thoại", "Lãnh đạo\nSở Tư pháp"], header),
        item("1.", "Sở Y tế"),
        table_row(["2", "Tuyên truyền", "Sở Y tế"], header),
        table_row(["Kính gửi:", "- Sở Y tế;\n- Sở Tài chính."]),
    ]
    assert to_text(blocks).split("\n") == [
        "Kế hoạch như sau:",
        "1. Đối thoại",
        "Trách nhiệm thực hiện: Lãnh đạo Sở Tư pháp",
        "1. Sở Y tế",
        "- Tuyên truyền",  # inside item 1: a bullet, so the row stays below it
        "Trách nhiệm thực hiện: Sở Y tế",
        "Kính gửi:",
        "- Sở Y tế;",
        "- Sở Tài chính.",
    ]
    assert is_header_row(header) and not is_header_row(("ỦY BAN NHÂN DÂN", "CỘNG HÒA"))


# The real directives keep their structure -------------------------------------------------------

REAL = Path(__file__).parent / "data" / "real"


def _real(prefix: str) -> str:
    return load_file(next(REAL.glob(f"{prefix}_*")))


def test_every_real_file_loads_and_the_scan_needs_ocr():
    for path in sorted(REAL.glob("[ab]*")):
        if path.name.startswith("b10_") and ocr.missing():  # read by OCR where installed
            with pytest.raises(DocumentError, match="lớp chữ.*cần cài Tesseract"):
                load_file(path)
        else:
            assert len(load_file(path)) > 1000, path.name


def test_real_task_table_rows_keep_their_agency():
    lines = _real("b11").split("\n")
    at = next(i for i, line in enumerate(lines) if line.endswith("giải quyết của Sở Tư pháp"))
    assert lines[at + 1] == "Trách nhiệm thực hiện: Lãnh đạo Sở Tư pháp"
    assert lines[at + 2].startswith("Thời gian (Năm 2026): Từ 20 giờ 15 phút")


def test_real_web_crawls_get_their_headings_and_names_back():
    a01 = _real("a01").split("\n")
    assert "5. Nguy cơ thiếu nước sạch và vệ sinh cá nhân" in a01
    assert "II. MỤC ĐÍCH, YÊU CẦU" in a01
    assert "4. Sở Tài chính" in _real("a13").split("\n")
    assert any(line.startswith("1. Các cơ quan") for line in _real("a07").split("\n"))
    assert "|" not in _real("a05") and "**" not in _real("a05")
    assert "Số: 7360/KH-UBND" in _real("a09").split("\n")  # a label left at a line end
    assert _real("a19").startswith("THỦ TƯỚNG CHÍNH PHỦ\n")  # a title's last word wrapped
    assert "Phụ lục II Nghị quyết 214/NQ-CP)." in _real("a11")  # a code opens the next line


def test_real_word_and_pdf_text_is_clean():
    b03 = _real("b03")
    assert b03 == unicodedata.normalize("NFC", b03)
    assert "  " not in b03 and "\u00a0" not in b03
    b08 = _real("b08")
    assert "xử lý vi phạm theo quy định tại điểm c khoản 2 Điều 30" in b08  # across a page
    assert "ý kiến thống nhất." in b08  # the footnote mark left, its text after the paragraph
    assert not any(line.strip().isdigit() for line in b08.split("\n"))


def test_a_word_file_typed_in_tcvn3_is_converted_piece_by_piece():
    inverse = {u: t for t, u in legacy._TCVN3.items()}
    text = "Sở Tài chính chủ trì, phối hợp với Sở Y tế bảo đảm kinh phí phòng, chống dịch."
    document = docx.Document()
    document.add_paragraph("".join(inverse.get(c, c) for c in text), style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "".join(inverse.get(c, c) for c in "Nơi nhận:")
    table.cell(0, 1).text = "".join(inverse.get(c, c) for c in "Phó Chủ tịch")
    assert load_bytes(_docx_bytes(document), "cu.docx").split("\n") == [
        f"1. {text}",
        "Nơi nhận:",
        "Phó Chủ tịch",
    ]


def test_a_web_page_table_keeps_its_header():
    html = (
        "<html><body><article><h1>Kế hoạch phòng dịch</h1>"
        f"<p>{VIETNAMESE} {VIETNAMESE}</p><table>"
        "<tr><th>STT</th><th>Nội dung</th><th>Cơ quan chủ trì</th></tr>"
        "<tr><td>1</td><td>Phun khử khuẩn</td><td>Sở Y tế</td></tr></table>"
        f"<p>{VIETNAMESE} {VIETNAMESE}</p></article></body></html>"
    )
    lines = load_bytes(html.encode(), "a.html").split("\n")
    at = lines.index("1. Phun khử khuẩn")
    assert lines[at + 1] == "Cơ quan chủ trì: Sở Y tế"


def test_pdf_pages_lose_their_furniture_and_footnotes_leave_the_sentence():
    body = "Các sở đã có văn bản góp ý, trong đó có ý kiến của các trường hợp F1 và F2 đã được"
    pages = [
        f"SỞ NỘI VỤ TỈNH X\n{body}\ntổng hợp; có 07/09 sở thống nhất1. Sở Y tế\n \n"
        "1 Công văn số 12/SYT ngày 02/10/2024 của Sở Y tế.\n1",
        "SỞ NỘI VỤ TỈNH X\n2\nđề nghị giải thể hội theo quy định.\n2",
        "SỞ NỘI VỤ TỈNH X\n3\nKính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét./.",
    ]
    assert to_text(read_pages(pages)).split("\n") == [
        f"{body} tổng hợp; có 07/09 sở thống nhất. Sở Y tế đề nghị giải thể hội theo quy định.",
        "1 Công văn số 12/SYT ngày 02/10/2024 của Sở Y tế.",
        "Kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét./.",
    ]


def test_a_text_too_long_to_be_one_directive_is_refused_with_its_length():
    with pytest.raises(DocumentError) as refused:
        load_bytes(b"a" * (4_000_000 + 4), "dài.txt")
    assert str(refused.value) == (
        "Không đọc được tệp 'dài.txt': văn bản quá dài (1.000.001 ký tự, tối đa 1.000.000): "
        "hãy gửi từng văn bản một"
    )
