"""Synthetic directives for benchmarks: the structure of the real ones, recombined.

Each directive has what the shipped seeds have: an issuer block (provincial People's
Committee, Party committee or steering committee), a number, a place and date, a subject line,
the addressees, a preamble citing higher documents, numbered items that give agencies their
duties (as headings with bullets, "Sở X: …", "Giao X chủ trì, phối hợp với Y …",
"Đề nghị …") with deadlines, figures and report dates, a closing line, the recipients and a
signature. About one in five is a web reprint, with a news header and page noise around it.

Deterministic: directive i depends only on (seed, i), so the first 100 directives of a
1,000-directive corpus are the 100-directive corpus. It writes only to the folder it is given.

    python -m bench.corpus /tmp/corpus --count 1000 --seed 7
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PROVINCES = (
    "An Giang", "Bắc Giang", "Bắc Ninh", "Bình Định", "Bình Phước", "Cà Mau", "Cao Bằng",
    "Đắk Lắk", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Tĩnh",
    "Hải Dương", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Phú Thọ",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Tiền Giang", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

# (how items name it, what it typically does)
AGENCIES = (
    ("Sở Y tế", "health"),
    ("Sở Thông tin và Truyền thông", "media"),
    ("Sở Giáo dục và Đào tạo", "school"),
    ("Sở Lao động - Thương binh và Xã hội", "welfare"),
    ("Sở Giao thông vận tải", "transport"),
    ("Sở Công Thương", "trade"),
    ("Sở Văn hóa, Thể thao và Du lịch", "culture"),
    ("Sở Tài chính", "finance"),
    ("Sở Kế hoạch và Đầu tư", "finance"),
    ("Sở Nội vụ", "inspect"),
    ("Công an tỉnh", "security"),
    ("Bộ Chỉ huy Quân sự tỉnh", "security"),
    ("Ủy ban MTTQ Việt Nam tỉnh", "media"),
    ("Đài Phát thanh và Truyền hình tỉnh", "media"),
    ("UBND các huyện, thành phố", "local"),
    ("UBND các xã, phường, thị trấn", "local"),
    ("Tổ COVID cộng đồng", "community"),
)

TOPICS = (
    "tiêm vắc xin phòng COVID-19 mũi nhắc lại",
    "tiêm vắc xin phòng COVID-19 cho trẻ em từ 5 đến dưới 12 tuổi",
    "xét nghiệm SARS-CoV-2 cho người về từ vùng dịch",
    "quản lý, điều trị người nhiễm COVID-19 tại nhà",
    "thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch COVID-19",
    "tổ chức dạy học trực tiếp cho học sinh",
    "vận tải hành khách liên tỉnh",
    "phòng, chống dịch trong dịp Tết Nguyên đán",
    "hoạt động của chợ, siêu thị và cơ sở kinh doanh dịch vụ",
    "hỗ trợ người lao động gặp khó khăn do đại dịch",
    "cách ly y tế tại nhà và tại cơ sở cách ly tập trung",
    "ứng dụng công nghệ thông tin, mã QR trong phòng, chống dịch",
)

ACTIONS = {
    "health": (
        "tổ chức tiêm vắc xin cho các đối tượng ưu tiên, bảo đảm an toàn tiêm chủng",
        "hướng dẫn quy trình xét nghiệm, cách ly và điều trị người nhiễm tại nhà",
        "bảo đảm đủ thuốc, sinh phẩm, trang thiết bị y tế và oxy y tế cho các cơ sở điều trị",
        "giám sát chặt chẽ các trường hợp về từ vùng dịch, lấy mẫu xét nghiệm kịp thời",
        "cập nhật cấp độ dịch của từng xã, phường và công bố theo quy định",
    ),
    "media": (
        "đẩy mạnh tuyên truyền về lợi ích của việc tiêm vắc xin và thông điệp 5K",
        "đưa tin kịp thời, chính xác về tình hình dịch, xử lý thông tin sai sự thật",
        "hướng dẫn người dân khai báo y tế điện tử và sử dụng mã QR",
        "vận động Nhân dân chấp hành nghiêm các biện pháp phòng, chống dịch",
    ),
    "school": (
        "xây dựng kế hoạch dạy học trực tiếp an toàn, phù hợp với cấp độ dịch",
        "phối hợp với ngành Y tế tổ chức tiêm vắc xin cho học sinh",
        "kiểm tra điều kiện phòng, chống dịch tại các cơ sở giáo dục",
    ),
    "welfare": (
        "rà soát, hỗ trợ kịp thời người lao động mất việc làm do dịch",
        "bảo đảm an sinh xã hội cho người dân tại khu vực bị phong tỏa",
        "hướng dẫn thủ tục hỗ trợ theo Nghị quyết của Chính phủ",
    ),
    "transport": (
        "hướng dẫn các doanh nghiệp vận tải thực hiện các biện pháp phòng dịch",
        "kiểm soát hành khách tại bến xe, nhà ga và trên phương tiện",
        "bảo đảm lưu thông hàng hóa thông suốt, không ách tắc",
    ),
    "trade": (
        "bảo đảm cung ứng hàng hóa thiết yếu, bình ổn giá cả thị trường",
        "hướng dẫn chợ, siêu thị, cơ sở kinh doanh thực hiện các biện pháp an toàn",
        "kiểm tra, xử lý việc đầu cơ, găm hàng, tăng giá vật tư y tế",
    ),
    "culture": (
        "hướng dẫn tổ chức lễ hội, hoạt động văn hóa, thể thao phù hợp với cấp độ dịch",
        "kiểm tra các cơ sở lưu trú du lịch, nhà hàng thực hiện quy định phòng dịch",
    ),
    "finance": (
        "bố trí kinh phí cho công tác phòng, chống dịch theo quy định",
        "thẩm định dự toán mua sắm vật tư, sinh phẩm phục vụ phòng, chống dịch",
        "hướng dẫn thanh quyết toán kinh phí phòng, chống dịch",
    ),
    "inspect": (
        "kiểm tra việc thực hiện các biện pháp phòng, chống dịch tại cơ quan, đơn vị",
        "xử lý trách nhiệm người đứng đầu để dịch lây lan trong cơ quan, đơn vị",
    ),
    "security": (
        "kiểm soát chặt chẽ người ra, vào địa bàn tỉnh tại các chốt kiểm soát",
        "xử lý nghiêm các trường hợp vi phạm quy định phòng, chống dịch",
        "bảo đảm an ninh, trật tự tại các khu cách ly tập trung",
    ),
    "local": (
        "chỉ đạo các xã, phường, thị trấn rà soát, lập danh sách người chưa tiêm vắc xin",
        "kiện toàn Tổ COVID cộng đồng ở thôn, bản, tổ dân phố",
        "chuẩn bị phương án cách ly, điều trị khi số ca nhiễm tăng cao",
        "quản lý chặt chẽ người về từ các tỉnh, thành phố có dịch",
    ),
    "community": (
        "nắm chắc số hộ, số người trong địa bàn, phát hiện sớm người có triệu chứng",
        "theo dõi sức khỏe người cách ly tại nhà, báo cáo trạm y tế hằng ngày",
        "vận động người dân đi tiêm vắc xin đầy đủ, đúng lịch",
        "giám sát việc thực hiện cách ly y tế tại nhà, nhắc nhở người vi phạm",
    ),
}

_LEADS = ("", "Chủ động ", "Khẩn trương ", "Tiếp tục ", "Tăng cường chỉ đạo, ")
_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò")
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc")
_GIVEN = ("Hùng", "Lan", "Sơn", "Hà", "Tuấn", "Hương", "Dũng", "Bình", "Thắng", "Mai")
_NOISE_TOP = "Truy cập\n\nHôm nay:\n{a}\nHôm qua:\n{b}\nTất cả:\n{c}\n\n"
_NOISE_BOTTOM = "\n\nTin liên quan\n\nBản quyền thuộc Cổng thông tin điện tử tỉnh {p}\n"


def directive(seed: int, i: int) -> tuple[str, str]:
    """(file name, text) of directive i of the corpus drawn from seed."""
    rng = random.Random(f"{seed}:{i}")
    province = rng.choice(PROVINCES)
    kind = rng.choices(("ubnd", "tinh-uy", "bcd"), weights=(6, 2, 2))[0]
    year = rng.choice((2021, 2022))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    topic = rng.choice(TOPICS)
    items = [_item(rng, k + 1, date(year, month, day)) for k in range(rng.randint(4, 10))]
    body = "\n\n".join(items)
    head = _Head(kind, province, _number(rng, kind), day, month, year, topic)
    text = _reprint(rng, head, body) if rng.random() < 0.2 else _letter(rng, head, body)
    return f"{i:04d}_{_slug(province)}_{year}.txt", text


def write(folder: Path, count: int, seed: int) -> list[Path]:
    """Write directives 0..count-1 into folder (created if needed); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        name, text = directive(seed, i)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def questions(seed: int, count: int) -> list[str]:
    """`count` different questions officials would send about such a corpus: duties,
    deadlines, provinces, some typed without diacritics, some the documents do not answer."""
    rng = random.Random(f"{seed}:questions")
    out: dict[str, None] = {}  # distinct, in order
    for _ in range(count * 50):
        if len(out) == count:
            break
        agency, role = rng.choice(AGENCIES)
        shape = rng.randrange(6)
        if shape == 0:
            q = f"{agency} phải làm gì?"
        elif shape == 1:
            q = f"{agency} có nhiệm vụ gì về {rng.choice(TOPICS)}?"
        elif shape == 2:
            q = f"Hạn báo cáo kết quả {rng.choice(ACTIONS[role])} là khi nào?"
        elif shape == 3:
            q = f"Tỉnh {rng.choice(PROVINCES)} yêu cầu gì về {rng.choice(TOPICS)}?"
        elif shape == 4:
            q = f"Ai chịu trách nhiệm {rng.choice(ACTIONS[role])}?"
        else:
            q = rng.choice(("Thủ tục cấp hộ chiếu như thế nào?", "Giá vé máy bay đi Hà Nội?"))
        out[strip_marks(q) if rng.random() < 0.3 else q] = None
    return list(out)


def strip_marks(text: str) -> str:
    """Vietnamese as typed on a phone without diacritics."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _number(rng: random.Random, kind: str) -> str:
    n = rng.randint(10, 4999)
    if kind == "ubnd":
        return f"{n}/UBND-{rng.choice(('KGVX', 'VX', 'TH', 'NC'))}"
    return f"{rng.randint(10, 999)}-CV/{'TU' if kind == 'tinh-uy' else 'BCĐ'}"


def _issuer(kind: str, province: str) -> tuple[str, str]:
    """(header block, who speaks in the preamble)."""
    if kind == "ubnd":
        return f"ỦY BAN NHÂN DÂN\nTỈNH {province.upper()}", "Chủ tịch UBND tỉnh"
    if kind == "tinh-uy":
        return f"TỈNH ỦY {province.upper()}", "Ban Thường vụ Tỉnh ủy"
    return (
        f"UBND TỈNH {province.upper()}\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19",
        "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh",
    )


def _after(rng: random.Random, issued: date) -> str:
    """A deadline 5 to 45 days after the directive's date, as directives write it."""
    return (issued + timedelta(days=rng.randint(5, 45))).strftime("%d/%m/%Y")


def _duty(rng: random.Random, role: str, issued: date) -> str:
    action = rng.choice(ACTIONS[role])
    duty = rng.choice(_LEADS) + action
    duty = duty[0].upper() + duty[1:]
    tail = rng.randrange(5)
    if tail == 0:
        duty += f"; hoàn thành trước ngày {_after(rng, issued)}"
    elif tail == 1:
        duty += f"; báo cáo kết quả về UBND tỉnh (qua Sở Y tế) trước ngày {_after(rng, issued)}"
    elif tail == 2:
        duty += f", bảo đảm tỷ lệ đạt trên {rng.randint(70, 98)}% trong tháng {issued:%m/%Y}"
    elif tail == 3:
        duty += f"; tổ chức ít nhất {rng.randint(2, 6)} đợt kiểm tra tại cơ sở"
    return duty + "."


def _item(rng: random.Random, k: int, issued: date) -> str:
    (agency, role), (other, _) = rng.sample(AGENCIES, 2)
    shape = rng.randrange(4)
    if shape == 0:  # heading, then bullets
        bullets = "\n".join(f"- {_duty(rng, role, issued)}" for _ in range(rng.randint(2, 4)))
        return f"{k}. {agency}\n\n{bullets}"
    if shape == 1:
        return f"{k}. {agency}: {_duty(rng, role, issued)} {_duty(rng, role, issued)}"
    if shape == 2:
        duty = _duty(rng, role, issued)
        return f"{k}. Giao {agency} chủ trì, phối hợp với {other} {duty[0].lower()}{duty[1:]}"
    duty = _duty(rng, role, issued)
    return f"{k}. Đề nghị {agency} {duty[0].lower()}{duty[1:]}"


def _signature(rng: random.Random, kind: str) -> str:
    name = f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
    title = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" if kind == "ubnd" else "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ"
    if kind == "bcd":
        title = "TRƯỞNG BAN"
    return f"{title}\n\n{name}"


@dataclass(frozen=True)
class _Head:
    kind: str  # "ubnd", "tinh-uy" or "bcd"
    province: str
    number: str
    day: int
    month: int
    year: int
    topic: str


def _letter(rng: random.Random, head: _Head, body: str) -> str:
    kind, province, number, topic = head.kind, head.province, head.number, head.topic
    day, month, year = head.day, head.month, head.year
    header, speaker = _issuer(kind, province)
    earlier = date(year, month, day) - timedelta(days=rng.randint(3, 30))
    higher = f"{rng.randint(1000, 9999)}/BYT-DP ngày {earlier:%d/%m/%Y}"
    return (
        f"{header}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        f"Số: {number}\nV/v {topic}\n\n{province}, ngày {day} tháng {month} năm {year}\n\n"
        "Kính gửi:\n\n- Các sở, ban, ngành;\n- UBND các huyện, thành phố.\n\n"
        f"Thực hiện Công văn số {higher} của Bộ Y tế về việc {topic}; để chủ động phòng, chống "
        f"dịch COVID-19 trên địa bàn tỉnh, {speaker} yêu cầu:\n\n{body}\n\n"
        "Yêu cầu các sở, ban, ngành; UBND các huyện, thành phố khẩn trương triển khai thực "
        "hiện./.\n\nNơi nhận:\n\n- Như trên;\n- Thường trực Tỉnh ủy (b/c);\n- Lưu: VT.\n\n"
        f"{_signature(rng, kind)}\n"
    )


def _reprint(rng: random.Random, head: _Head, body: str) -> str:
    kind, province, number, topic = head.kind, head.province, head.number, head.topic
    day, month, year = head.day, head.month, head.year
    noise = _NOISE_TOP.format(
        a=rng.randint(1, 99), b=rng.randint(1, 999), c=rng.randint(10_000, 999_999)
    )
    issuer = {"ubnd": "UBND tỉnh", "tinh-uy": "Ban Thường vụ Tỉnh ủy"}.get(kind, "Ban Chỉ đạo")
    return (
        f"{noise}{province.upper()}: TĂNG CƯỜNG {topic.upper()}\n\n"
        f"Ngày {day:02d}/{month:02d}/{year} {rng.randint(7, 17)}:{rng.randint(10, 59)}:00\n\n"
        f"Ngày {day}-{month}, {issuer} {province} đã có công văn số {number} về việc {topic}. "
        f"Nội dung công văn nêu rõ:\n{body}"
        f"{_NOISE_BOTTOM.format(p=province)}"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_marks(text).lower()).strip("-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write (a new or empty folder)")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    paths = write(args.folder, args.count, args.seed)
    print(f"wrote {len(paths)} directives to {args.folder}")


if __name__ == "__main__":
    main()
