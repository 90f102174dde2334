"""Scripted model answers for the citation checker (bot/prose.py `check`): bad ones, each with
the invented text that must not reach the user, and good ones that must pass untouched.
Used by tests/test_prose.py and scripts/prose_checks.py (which prints the catch rate)."""

from __future__ import annotations

SOURCES = [
    "Công văn số 3262/UBND-KGVX ngày 13/9/2021 của UBND tỉnh Kon Tum, mục 4\n"
    "Sở Thông tin và Truyền thông chủ trì tuyên truyền về tiêm vắc xin phòng COVID-19, hoàn "
    "thành trước ngày 10/11/2021; vi phạm bị xử phạt 1.000.000đ theo Nghị định 117/2020/NĐ-CP.",
    "Công văn số 3262/UBND-KGVX ngày 13/9/2021 của UBND tỉnh Kon Tum, mục 5\n"
    "Tổ COVID cộng đồng giám sát người cách ly tại nhà 14 ngày, báo cáo UBND xã trước 17h00 "
    "hằng ngày.",
    "Chỉ thị số 16/CT-UBND ngày 2/8/2021 của UBND tỉnh Sơn La, mục 2\n"
    "Sở Y tế bảo đảm 100% người từ 50 tuổi được tiêm mũi 1 trước ngày 30/9/2021.",
    "Chỉ thị số 16/CT-UBND ngày 2/8/2021 của UBND tỉnh Sơn La, mục 3\n"
    "Công an tỉnh kiểm soát người ra vào tỉnh tại 12 chốt.",
]

# (answer, text that must not be shown)
BAD = [
    ("Sở TTTT tuyên truyền về tiêm vắc xin [1]. Bộ Y tế cấp 5.000 liều [7].", "5.000"),
    ("Sở TTTT phải hoàn thành trước ngày 10/11/2021 [0].", "[0]"),
    ("Sở TTTT hoàn thành tuyên truyền trước ngày 15/11/2021 [1].", "15/11/2021"),
    ("Tổ COVID cộng đồng giám sát người cách ly đến ngày 30/9/2021 [2].", "30/9/2021"),
    ("Vi phạm bị xử phạt 2.000.000đ [1].", "2.000.000"),
    ("Theo Công văn số 3263/UBND-KGVX, Sở TTTT chủ trì tuyên truyền [1].", "3263"),
    ("Người dân đăng ký tiêm tại https://dangky-tiem.example.com [1].", "example.com"),
    ("Tổ COVID cộng đồng báo cáo qua số 0912 345 678 [2].", "0912"),
    ("Sở Y tế phải tiêm cho 200.000 người. Sở TTTT tuyên truyền [1].", "200.000"),
    ("Sở Y tế phải tiêm cho toàn bộ người dân trong 7 ngày.", "7 ngày"),
    ("Sở TTTT hoàn thành trước ngày 10/11/2020 [1].", "10/11/2020"),
    ("Tổ COVID cộng đồng giám sát người cách ly tại nhà 21 ngày [2].", "21 ngày"),
    ("Sở TTTT hoàn thành trước ngày 15 tháng 11 năm 2021 [1].", "15 tháng 11"),
    ("Sở Y tế bảo đảm 90% người từ 50 tuổi được tiêm [3].", "90%"),
    ("Công an tỉnh kiểm soát tại 15 chốt [4].", "15 chốt"),
    ("Sở TTTT thực hiện theo Nghị định 118/2020/NĐ-CP [1].", "118/2020"),
    (
        "Công an tỉnh kiểm soát người ra vào tỉnh [4]. Truy cập www.covid-kontum.vn để khai báo [4].",
        "covid-kontum",
    ),
    ("Tổ COVID cộng đồng báo cáo trước 17h00 [1].", "17h00"),  # true, but not in [1]
    ("Sở Y tế bảo đảm tiêm mũi 1 trước ngày 30/9/2021 [1-2].", "30/9/2021"),
    ("Theo Chỉ thị số 16/CT-TTg, Sở Y tế tiêm cho người từ 50 tuổi [3].", "16/CT-TTg"),
    # A real task, handed to the wrong agency: no number to check, the words give it away.
    ("Công an tỉnh tổ chức tiêm vắc xin cho người từ 50 tuổi [4].", "tiêm vắc xin"),
    ("Sở Thông tin và Truyền thông chủ trì giám sát người cách ly tại nhà [1].", "cách ly"),
    # The duty turned into its opposite.
    ("Sở Thông tin và Truyền thông không phải tuyên truyền về tiêm vắc xin [1].", "không phải"),
    ("Tổ COVID cộng đồng chưa cần giám sát người cách ly tại nhà [2].", "chưa cần"),
]

GOOD = [
    "Sở Thông tin và Truyền thông chủ trì tuyên truyền về tiêm vắc xin phòng COVID-19, hoàn thành "
    "trước ngày 10/11/2021 [1].",
    "Các nhiệm vụ như sau:\n- Tổ COVID cộng đồng giám sát người cách ly tại nhà 14 ngày [2].\n"
    "- Công an tỉnh kiểm soát người ra vào tại 12 chốt [4].",
    "Sở TTTT phải xong trước ngày 10 tháng 11 năm 2021 [1]. Vi phạm bị phạt 1.000.000đ [1].",
    "Tổ COVID cộng đồng báo cáo UBND xã trước 17h00 hằng ngày. [2]",
    "Sở Y tế bảo đảm 100% người từ 50 tuổi được tiêm mũi 1 trước 30/9 [3], và Công an tỉnh "
    "kiểm soát 12 chốt [4].",
    "Theo Công văn số 3262/UBND-KGVX ngày 13/9/2021, vi phạm bị xử phạt theo Nghị định "
    "117/2020/NĐ-CP [1, 2].",
]


def caught(answer: str, forbidden: str, checked) -> bool:
    """Whether the checker kept the invented text from the user."""
    return not checked.usable or forbidden not in checked.text
