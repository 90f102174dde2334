"""The header reader (bot.metadata) and the signature reader (bot.signature) on tricky layouts."""

from bot.agencies import Gazetteer
from bot.metadata import read_header, read_signature
from bot.parsing import parse
from bot.signature import find_signature
from bot.signature import read_signature as read_any_signature


def _head(text: str):
    return read_header(text.split("\n"), text)


def test_a_blank_number_is_none_and_a_blank_day_gives_the_month():
    head = _head(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: /UBND-NC\nLâm Đồng, ngày   tháng 12 năm 2025\n\n"
        "V/v tập trung cải thiện các chỉ số\n\nKính gửi:\n- Các sở, ban, ngành.\n"
    )
    assert (head.number, head.date, head.doc_type) == (None, "2025-12", "Công văn")
    assert (head.issuer, head.province) == ("UBND tỉnh Lâm Đồng", "Lâm Đồng")
    assert head.subject == "tập trung cải thiện các chỉ số"
    assert head.recipients == ("Các sở, ban, ngành",)


def test_a_department_issues_under_its_city():
    head = _head(
        "UBND THÀNH PHỐ ĐÀ NẴNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1906 /SGDĐT-CTrTT\n"
        "V/v khẩn trương phòng, chống dịch COVID-19\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nĐà Nẵng, ngày 26 tháng 7 năm 2020\nKính gửi:\n"
    )
    assert head.number == "1906/SGDĐT-CTrTT"
    assert head.issuer == "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"
    assert (head.province, head.date, head.doc_type) == ("Đà Nẵng", "2020-07-26", "Công văn")


def test_a_province_department_and_a_type_from_the_number():
    head = _head(
        "UBND TỈNH BÌNH THUẬN\nSỞ NỘI VỤ\nSố: 3367/TTr-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Bình Thuận, ngày 28 tháng 11 năm 2024\nTỜ TRÌNH\nBáo cáo, đề xuất phương án xử lý"
    )
    assert (head.doc_type, head.number) == ("Tờ trình", "3367/TTr-SNV")
    assert (head.issuer, head.province) == ("Sở Nội vụ tỉnh Bình Thuận", "Bình Thuận")


def test_a_city_is_a_thanh_pho_and_a_split_header_is_read_whole():
    head = _head(
        "|\nUỶ BAN NHÂN\nDÂN\nTHÀNH PHỐ CẦN THƠ\n-------\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n"
        "|\n|\nSố:\n09/CT-UBND\n|\nCần Thơ, ngày\n18 tháng 11 năm 2025\n|\n\nCHỈ THỊ\n\n"
        "VỀ TĂNG CƯỜNG QUẢN LÝ NƯỚC DƯỚI ĐẤT\n\nNước là nguồn tài nguyên quan trọng."
    )
    assert (head.number, head.date, head.doc_type) == ("09/CT-UBND", "2025-11-18", "Chỉ thị")
    assert (head.issuer, head.province) == ("UBND thành phố Cần Thơ", "Cần Thơ")
    assert head.subject == "VỀ TĂNG CƯỜNG QUẢN LÝ NƯỚC DƯỚI ĐẤT"


def test_ho_chi_minh_city_keeps_its_proper_name():
    head = _head(
        "ỦY BAN NHÂN DÂN\n\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 4240/UBND-VX\nV/v cập nhật dữ liệu\n"
        "Thành phố Hồ Chí\nMinh, ngày 28 tháng 11 năm 2025\n"
    )
    assert (head.issuer, head.province) == ("UBND Thành phố Hồ Chí Minh", "Hồ Chí Minh")


def test_a_number_glued_to_the_place_is_cut_before_it():
    head = _head("ỦY BAN NHÂN DÂN TỈNH KON TUM Số:435/QĐ-UBNDKonTum,ngày04tháng5năm2020QUYẾTĐỊNH")
    assert (head.number, head.date, head.province) == ("435/QĐ-UBND", "2020-05-04", "Kon Tum")


def test_a_decision_by_the_chairman_and_its_signer_in_a_markdown_table():
    text = (
        "| ỦY BAN NHÂN DÂN TỈNH SƠN LA ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "|---|---|\n| Số: 254/QĐ-UBND | Sơn La, ngày 17 tháng 02 năm 2023 |\n\nQUYẾT ĐỊNH\n\n"
        "BAN HÀNH KẾ HOẠCH BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\n"
        "Căn cứ Luật Bảo vệ bí mật nhà nước;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Ban hành Kế hoạch.\n\n"
        "| Nơi nhận: - Như Điều 3; - Lưu: VT. | CHỦ TỊCH Hoàng Quốc Khánh |\n|---|---|\n\n"
        "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\n1. Công an tỉnh chủ trì."
    )
    head = _head(text)
    assert (head.doc_type, head.number, head.date) == ("Quyết định", "254/QĐ-UBND", "2023-02-17")
    assert (head.issuer, head.province) == ("Chủ tịch UBND tỉnh Sơn La", "Sơn La")
    assert (head.signer, head.signer_title) == ("Hoàng Quốc Khánh", "CHỦ TỊCH")


def test_a_national_body_has_no_province():
    head = _head(
        "THỦ TƯỚNG CHÍNH\nPHỦ\n-------\nSố: 217/CĐ-TTg\nHà Nội, ngày 16 tháng 11 năm 2025\n\n"
        "CÔNG ĐIỆN\n\nV/V CHỦ ĐỘNG ỨNG PHÓ MƯA LŨ\n\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n\n"
        "- Chủ tịch Ủy ban nhân dân các tỉnh: Hà Tĩnh, Huế;\n\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n"
        "Trần Hồng Hà"
    )
    assert (head.issuer, head.province, head.doc_type) == (
        "Thủ tướng Chính phủ",
        None,
        "Công điện",
    )
    assert head.subject == "CHỦ ĐỘNG ỨNG PHÓ MƯA LŨ"
    assert (head.signer, head.signer_title) == ("Trần Hồng Hà", "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG")


def test_signer_after_kt_and_pho_chu_tich_split_over_lines():
    lines = [
        "Nơi nhận:",
        "- Lưu: VT.",
        "|",
        "TM. ỦY BAN",
        "NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
        "Tống Thanh Hải",
        "|",
    ]
    assert read_signature(lines) == (
        "Tống Thanh Hải",
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
    )


def test_signer_interleaved_with_noi_nhan():
    lines = [
        "Sở Giáo dục và Đào tạo yêu cầu các đơn vị thực hiện./.",
        "Nơi nhận: GIÁM ĐỐC",
        "Như trên; (Đã ký và đóng dấu)",
        "Bộ Giáo dục và Đào tạo;",
        "Thành ủy, HĐND, UBND thành phố; Lê Thị Bích Thuận",
        "Các Sở: Y tế, TT&TT;",
        "Lưu: VT, CTrTT.",
    ]
    assert read_any_signature(lines) == ("Lê Thị Bích Thuận", "GIÁM ĐỐC")
    assert find_signature(lines).line == 4
    assert read_signature(lines) == (None, None)  # not a line of its own: nothing to cut out


def test_no_title_no_signer():
    lines = ["Nơi nhận:", "- Như trên;", "- Đ/c PGĐ Nguyễn Quang Tuấn;", "Nguyễn Văn An"]
    assert read_any_signature(lines) == (None, None)
    garbled = ["KT. CHANH VAN PHONG", "PH6 C VAN PHONG", "$ tl'|", "Minh Vfr t d,)"]
    assert read_any_signature(garbled) == (None, None)


def test_a_directive_on_one_line_keeps_its_signer_and_parses():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ Số: 77/UBND-VX Quảng Trị, ngày 5 tháng 10 năm 2021 V/v "
        "kiểm soát hành khách 1. Sở Y tế phối hợp với Sở Giao thông vận tải lập chốt kiểm soát. "
        "Nơi nhận: - Như trên; KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Hưng"
    )
    directive = parse(text, "one.txt", "h", Gazetteer()).directive
    assert (directive.signer, directive.number) == ("Lê Văn Hưng", "77/UBND-VX")


def test_a_web_page_dateline_is_the_article_s_and_its_lead_sentence_the_directive_s():
    text = (
        "Tin tức\nHà Nội, ngày 5 tháng 8 năm 2021\nNgày 04/8/2021, UBND tỉnh ban hành Công văn "
        "số 12/UBND-VX về việc phòng dịch tại tỉnh Hà Tĩnh.\n1. Sở Y tế chủ trì."
    )
    head = _head(text)
    assert (head.number, head.date, head.published) == ("12/UBND-VX", "2021-08-04", "2021-08-05")
    assert (head.issuer, head.province) == ("UBND tỉnh Hà Tĩnh", "Hà Tĩnh")
    assert head.subject == "phòng dịch tại tỉnh Hà Tĩnh"
