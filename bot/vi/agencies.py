"""Vietnamese agency names as data: canonical names, spellings, abbreviations, groups, and the
1 July 2025 reform that merged and renamed departments and ended the district level.

Read by the generic matcher in bot/agencies.py (which folds diacritics and punctuation, so
"Sở TT&TT", "So TT-TT" and "sở tt tt" are one alias); each table is tested on its own in
tests/test_vi_agencies.py.

Canonical names are what answers show. A provincial body keeps its "tỉnh" name and the
centrally run cities' wording is its alias ("Công an thành phố" → "Công an tỉnh"): the role is
the same, and one name per body keeps duties from being split in two. A merged or renamed body
is a distinct agency: old directives name the old one, new directives the new one, and
REFORM_2025 links them so that a question about the new body can also consider what its
predecessors were asked to do in older directives.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.types import Role

GROUP_DEPARTMENTS = "Các sở, ban, ngành"
GROUP_MINISTRIES = "Các bộ, ngành"

# ---- Spelled-out words and their contraction ------------------------------------------------

# Written either way in every name that contains them; the matcher reads the long form as the
# short one, so each alias below needs only one of the two.
CONTRACTIONS: dict[str, str] = {
    "Ủy ban nhân dân": "UBND",
    "Mặt trận Tổ quốc": "MTTQ",
    "thành phố": "TP",
}

# ---- Provincial bodies (sở, ban, ngành and the others a directive tasks) --------------------

# canonical → how documents and people spell it out (word order, punctuation, "ngành X").
NAMES: dict[str, tuple[str, ...]] = {
    "Sở Y tế": ("ngành Y tế", "Sở Y tế tỉnh", "Sở Y tế thành phố"),
    "Sở Tài chính": ("ngành Tài chính",),
    "Sở Thông tin và Truyền thông": (
        "Sở Thông tin Truyền thông",
        "Sở Thông tin - Truyền thông",
        "ngành Thông tin và Truyền thông",
    ),
    "Sở Lao động - Thương binh và Xã hội": (
        "Sở Lao động Thương binh Xã hội",
        "ngành Lao động - Thương binh và Xã hội",
        "Sở Lao động",
    ),
    "Sở Kế hoạch và Đầu tư": ("Sở Kế hoạch Đầu tư",),
    "Sở Giáo dục và Đào tạo": (
        "Sở Giáo dục Đào tạo",
        "Sở Giáo dục",
        "ngành Giáo dục",
        "ngành Giáo dục và Đào tạo",
    ),
    "Sở Giao thông vận tải": ("Sở Giao thông", "ngành Giao thông vận tải"),
    "Sở Công Thương": ("ngành Công Thương",),
    "Sở Ngoại vụ": (),
    "Sở Nội vụ": ("ngành Nội vụ",),
    "Sở Tư pháp": ("ngành Tư pháp",),
    "Sở Xây dựng": ("ngành Xây dựng",),
    "Sở Tài nguyên và Môi trường": ("Sở Tài nguyên Môi trường", "ngành Tài nguyên và Môi trường"),
    "Sở Nông nghiệp và Phát triển nông thôn": (
        "Sở Nông nghiệp Phát triển nông thôn",
        "ngành Nông nghiệp và Phát triển nông thôn",
    ),
    # Since 1 July 2025 "Sở Nông nghiệp" means this one.
    "Sở Nông nghiệp và Môi trường": (
        "Sở Nông nghiệp Môi trường",
        "Sở Nông nghiệp - Môi trường",
        "Sở Nông nghiệp",
        "ngành Nông nghiệp",
        "ngành Nông nghiệp và Môi trường",
    ),
    "Sở Văn hóa, Thể thao và Du lịch": (
        "Sở Văn hóa Thể thao Du lịch",
        "Sở Văn hóa và Thể thao",
        "Sở Văn hóa - Thể thao và Du lịch",
        "ngành Văn hóa, Thể thao và Du lịch",
    ),
    "Sở Du lịch": ("ngành Du lịch",),
    "Sở Khoa học và Công nghệ": (
        "Sở Khoa học Công nghệ",
        "ngành Khoa học và Công nghệ",
    ),
    "Sở Dân tộc và Tôn giáo": ("Sở Dân tộc - Tôn giáo",),
    "Ban Dân tộc tỉnh": ("Ban Dân tộc",),
    "Thanh tra tỉnh": ("Thanh tra thành phố",),
    "Văn phòng UBND tỉnh": ("Văn phòng UBND thành phố", "Văn phòng UBND"),
    # "Công an Hà Nội", "Công an Đồng Tháp": the province's police ("Bộ Công an" is longer).
    "Công an tỉnh": ("Công an thành phố", "ngành Công an", "lực lượng Công an", "Công an"),
    # The police's district level ended on 1 March 2025; communes have their own police.
    "Công an cấp huyện": (
        "Công an các huyện, thị xã, thành phố",
        "Công an các huyện, thành phố",
        "Công an các huyện",
        "Công an huyện",
    ),
    "Công an cấp xã": (
        "Công an các xã, phường, thị trấn",
        "Công an các xã, phường, đặc khu",
        "Công an các xã, phường",
        "Công an xã, phường",
        "Công an các xã",
        "Công an xã",
    ),
    "Bộ Chỉ huy Quân sự tỉnh": ("Bộ Chỉ huy Quân sự thành phố", "Bộ Chỉ huy Quân sự"),
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": (
        "Bộ Chỉ huy Bộ đội Biên phòng",
        "Bộ đội Biên phòng tỉnh",
        "Biên phòng",
    ),
    "Ban Tuyên giáo Tỉnh ủy": ("Ban Tuyên giáo", "Ban Tuyên giáo Thành ủy"),
    "Ban Dân vận Tỉnh ủy": ("Ban Dân vận", "Ban Dân vận Thành ủy"),
    # Merged in 2025 from the two above.
    "Ban Tuyên giáo và Dân vận Tỉnh ủy": (
        "Ban Tuyên giáo và Dân vận",
        "Ban Tuyên giáo và Dân vận Thành ủy",
    ),
    "Ban Cán sự đảng UBND tỉnh": (),
    "Ủy ban MTTQ Việt Nam tỉnh": (
        "Ủy ban MTTQ Việt Nam thành phố",
        "Ủy ban MTTQ tỉnh",
        "Ủy ban MTTQ",
        "MTTQ Việt Nam",
        "MTTQ",
    ),
    "Các đoàn thể chính trị - xã hội": ("các đoàn thể", "các hội, đoàn thể", "đoàn thể"),
    "UBND tỉnh": ("UBND các tỉnh, thành phố", "UBND các tỉnh", "UBND tỉnh, thành phố"),
    # District level, which ended on 1 July 2025.
    "UBND các huyện, thành phố": (
        "UBND các huyện, thị xã, thành phố",
        "UBND cấp huyện",
        "các huyện, thành phố",
        "UBND các huyện",
        "các huyện, thị xã, thành phố",
        "UBND huyện",
        "Chủ tịch UBND cấp huyện",
    ),
    # Commune level: xã, phường, thị trấn before 2025; xã, phường, đặc khu since.
    "UBND cấp xã": (
        "UBND các xã, phường, thị trấn",
        "UBND các xã, phường, đặc khu",
        "UBND các xã, phường",
        "UBND các phường, xã",
        "UBND xã, phường, thị trấn",
        "UBND xã, phường, đặc khu",
        "UBND xã, phường",
        "UBND phường, xã",
        "UBND các xã",
        "UBND các phường",
        "UBND xã",
        "UBND phường",
        "các xã, phường, thị trấn",
        "các xã, phường, đặc khu",
        "các xã, phường",
        "chính quyền cơ sở",
        "chính quyền cấp xã",
    ),
    "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh": (
        "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh",
        "Ban Chỉ đạo phòng, chống dịch bệnh Covid-19 tỉnh",
        "Ban Chỉ đạo tỉnh",
        "Ban chỉ đạo",
        "các thành viên Ban Chỉ đạo",
    ),
    "Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19": ("Ban Chỉ đạo Quốc gia",),
    "Tổ COVID cộng đồng": (
        "Tổ COVID-19 cộng đồng",
        "tổ covid",
        "tổ an toàn COVID",
    ),
    "Bảo hiểm xã hội tỉnh": ("Bảo hiểm xã hội thành phố",),
    "Đài Phát thanh và Truyền hình tỉnh": (
        "Đài Phát thanh - Truyền hình tỉnh",
        "Đài Phát thanh và Truyền hình thành phố",
    ),
    # The provincial newspaper and the radio-television station, merged in 2025.
    "Báo và Phát thanh, Truyền hình tỉnh": (
        "Báo và Phát thanh, Truyền hình",
        "Báo và Phát thanh - Truyền hình",
        "Báo và Phát thanh, Truyền hình thành phố",
    ),
    "Tỉnh đoàn": ("Thành đoàn", "Đoàn Thanh niên"),
    "Hội Liên hiệp Phụ nữ tỉnh": ("Hội Liên hiệp Phụ nữ", "Hội Phụ nữ"),
    "Liên đoàn Lao động tỉnh": ("Liên đoàn Lao động thành phố",),
    "Hội Nông dân tỉnh": ("Hội Nông dân",),
    "Hội Cựu chiến binh tỉnh": ("Hội Cựu chiến binh",),
    "Trung tâm Kiểm soát bệnh tật tỉnh": ("Trung tâm Kiểm soát bệnh tật",),
    "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh": (
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
        "Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch",
    ),
    "Ban Quản lý các khu công nghiệp tỉnh": (
        "Ban Quản lý các khu công nghiệp",
        "Ban Quản lý các khu chế xuất và công nghiệp",
        "Ban Quản lý các khu chế xuất và khu công nghiệp",
    ),
    "Ban Quản lý Khu kinh tế tỉnh": ("Ban Quản lý Khu kinh tế", "Ban Quản lý các khu kinh tế"),
}

# canonical → abbreviations as documents write them and people type them. Only forms in
# common use; none that is also an everyday word once folded ("CA tỉnh" would be "cá tính",
# "BTC" is also Ban Tổ chức, "BCT" also Bộ Chính trị).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Sở Y tế": ("Sở YT", "SYT"),
    "Sở Tài chính": ("Sở TC", "STC"),
    "Sở Thông tin và Truyền thông": (
        "Sở TT&TT",
        "Sở TTTT",
        "Sở TT-TT",
        "Sở TT và TT",
        "Sở TTTTT",
        "STTTT",
    ),
    "Sở Lao động - Thương binh và Xã hội": (
        "Sở LĐ-TB&XH",
        "Sở LĐTBXH",
        "Sở LĐTB&XH",
        "Sở LĐ-TBXH",
        "SLĐTBXH",
    ),
    "Sở Kế hoạch và Đầu tư": ("Sở KH&ĐT", "Sở KHĐT", "Sở KH-ĐT", "SKHĐT"),
    "Sở Giáo dục và Đào tạo": ("Sở GD&ĐT", "Sở GDĐT", "Sở GD-ĐT", "SGDĐT", "SGD&ĐT"),
    "Sở Giao thông vận tải": ("Sở GTVT", "SGTVT"),
    "Sở Công Thương": ("Sở CT",),
    "Sở Nội vụ": ("Sở NV", "SNV"),
    "Sở Tư pháp": ("STP",),
    "Sở Xây dựng": ("Sở XD", "SXD"),
    "Sở Tài nguyên và Môi trường": ("Sở TN&MT", "Sở TNMT", "Sở TN-MT", "STNMT"),
    "Sở Nông nghiệp và Phát triển nông thôn": ("Sở NN&PTNT", "Sở NNPTNT", "Sở NN và PTNT"),
    "Sở Nông nghiệp và Môi trường": (
        "Sở NN&MT",
        "Sở NNMT",
        "Sở NN-MT",
        "Sở NN và MT",
        "SNN&MT",
        "SNNMT",
    ),
    "Sở Văn hóa, Thể thao và Du lịch": (
        "Sở VHTTDL",
        "Sở VH-TT&DL",
        "Sở VHTT&DL",
        "Sở VH, TT&DL",
        "Sở VH-TT-DL",
        "SVHTTDL",
    ),
    "Sở Khoa học và Công nghệ": ("Sở KH&CN", "Sở KHCN", "Sở KH-CN", "SKHCN"),
    "Sở Dân tộc và Tôn giáo": ("Sở DT&TG", "Sở DTTG"),
    "Thanh tra tỉnh": ("Thanh tra TP",),
    "Văn phòng UBND tỉnh": ("VPUBND tỉnh", "VP UBND tỉnh", "VP UBND", "VPUBND"),
    "Công an tỉnh": ("CATP", "CA TP"),
    "Bộ Chỉ huy Quân sự tỉnh": ("Bộ CHQS tỉnh", "BCHQS tỉnh", "Bộ CHQS"),
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": ("BĐBP tỉnh", "BĐBP"),
    "Ban Tuyên giáo Tỉnh ủy": ("BTG Tỉnh ủy",),
    "Ban Tuyên giáo và Dân vận Tỉnh ủy": ("Ban TG&DV", "Ban TGDV"),
    "Ủy ban MTTQ Việt Nam tỉnh": ("UBMTTQ", "UBMTTQVN", "Ủy ban MTTQVN"),
    "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh": ("BCĐ phòng, chống dịch", "BCĐ tỉnh", "BCĐ"),
    "Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19": ("BCĐ Quốc gia",),
    "Bảo hiểm xã hội tỉnh": ("BHXH tỉnh", "BHXH TP"),
    "Đài Phát thanh và Truyền hình tỉnh": ("Đài PT-TH tỉnh", "Đài PTTH tỉnh", "Đài PT&TH tỉnh"),
    "Báo và Phát thanh, Truyền hình tỉnh": ("Báo và PT-TH", "Báo & PT-TH", "Báo và PTTH"),
    "Hội Liên hiệp Phụ nữ tỉnh": ("Hội LHPN tỉnh", "Hội LHPN"),
    "Liên đoàn Lao động tỉnh": ("LĐLĐ tỉnh",),
    "Trung tâm Kiểm soát bệnh tật tỉnh": ("CDC tỉnh", "CDC"),
    "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh": (
        "TT XTĐT-TM-DL",
        "TT XTĐT, TM và DL",
        "Trung tâm XTĐT-TM-DL",
        "TTXTĐT-TM-DL",
    ),
    "Ban Quản lý các khu công nghiệp tỉnh": ("BQL các KCN", "BQL KCN", "BQL các KCX-KCN"),
    "Ban Quản lý Khu kinh tế tỉnh": ("BQL KKT", "BQL Khu kinh tế"),
}

# ---- Central bodies (a Công điện or Chỉ thị of the Prime Minister tasks these) ---------------

MINISTRIES: dict[str, tuple[str, ...]] = {
    "Bộ Quốc phòng": ("BQP",),
    "Bộ Công an": ("BCA",),
    "Bộ Ngoại giao": (),
    "Bộ Nội vụ": ("BNV",),
    "Bộ Tư pháp": (),
    "Bộ Tài chính": (),
    "Bộ Công Thương": (),
    "Bộ Nông nghiệp và Môi trường": ("Bộ NN&MT", "Bộ NNMT"),
    "Bộ Xây dựng": ("BXD",),
    "Bộ Văn hóa, Thể thao và Du lịch": ("Bộ VHTTDL", "Bộ VH-TT&DL"),
    "Bộ Khoa học và Công nghệ": ("Bộ KH&CN", "Bộ KHCN"),
    "Bộ Giáo dục và Đào tạo": ("Bộ GD&ĐT", "Bộ GDĐT", "BGDĐT"),
    "Bộ Y tế": ("BYT",),
    "Bộ Dân tộc và Tôn giáo": (),
    "Ngân hàng Nhà nước Việt Nam": ("NHNN",),
    "Thanh tra Chính phủ": (),
    "Văn phòng Chính phủ": (),
    "Đài Truyền hình Việt Nam": ("Đài THVN",),
    "Đài Tiếng nói Việt Nam": ("Đài TNVN",),
    "Thông tấn xã Việt Nam": ("TTXVN",),
    # Before 1 July 2025 (see REFORM_2025).
    "Bộ Kế hoạch và Đầu tư": ("Bộ KH&ĐT", "Bộ KHĐT"),
    "Bộ Giao thông vận tải": ("Bộ GTVT",),
    "Bộ Thông tin và Truyền thông": ("Bộ TT&TT", "Bộ TTTT"),
    "Bộ Lao động - Thương binh và Xã hội": ("Bộ LĐ-TB&XH", "Bộ LĐTBXH"),
    "Bộ Tài nguyên và Môi trường": ("Bộ TN&MT", "Bộ TNMT"),
    "Bộ Nông nghiệp và Phát triển nông thôn": ("Bộ NN&PTNT", "Bộ NNPTNT"),
    "Ủy ban Dân tộc": (),
}

# ---- Institutions a directive tasks directly (schools, exam sites) ----------------------------

ADDRESSEES: dict[str, tuple[str, ...]] = {
    # Only as addressees ("các trường học"): a bare "trường học" is mostly a place or a topic
    # ("phòng, chống dịch ở trường học").
    "Các cơ sở giáo dục": (
        "các cơ sở giáo dục",
        "các trường học",
        "các đơn vị, trường học",
        "Thủ trưởng các đơn vị, trường học",
    ),
    "Các trường đại học ngoài công lập": (
        "trường đại học ngoài công lập",
        "đại học ngoài công lập",
        "trường ĐH ngoài công lập",
        "ĐH ngoài công lập",
    ),
    "Hiệu trưởng các trường trung học phổ thông": (
        "Hiệu trưởng các trường THPT",
        "Hiệu trưởng trường THPT",
        "Hiệu trưởng trường trung học phổ thông",
    ),
    "Trưởng điểm thi": ("các Trưởng điểm thi", "Trưởng các điểm thi"),
}

# ---- Groups: one phrase that addresses many agencies -----------------------------------------

GROUPS: dict[str, tuple[str, ...]] = {
    GROUP_DEPARTMENTS: (
        "các sở, ngành",
        "các ban, sở, ngành",
        "các sở ban ngành",
        "các sở, ban, ngành, đoàn thể",
        "các sở, ngành, đơn vị liên quan",
        "các cơ quan, ban, ngành",
        "các ngành",
    ),
    GROUP_MINISTRIES: (
        "các bộ, ngành",
        "các bộ, cơ quan ngang bộ",
        "các bộ, ngành trung ương",
        "các bộ, ngành liên quan",
    ),
}

# Bodies that "các sở, ban, ngành" also addresses besides every "Sở ...".
DEPARTMENT_LIKE = frozenset(
    {
        "Công an tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Bảo hiểm xã hội tỉnh",
        "Thanh tra tỉnh",
        "Văn phòng UBND tỉnh",
        "Ban Dân tộc tỉnh",
        "Ban Quản lý các khu công nghiệp tỉnh",
        "Ban Quản lý Khu kinh tế tỉnh",
    }
)

# A kind of body written once before a list of bare names: "các Sở: Tài chính, Công Thương",
# "Các Bộ: Quốc phòng, Công an, Y tế". Each name is read with the kind word before it.
LIST_KINDS = ("Sở", "Bộ")

# ---- The 1 July 2025 reform -------------------------------------------------------------------


@dataclass(frozen=True)
class Succession:
    """Functions of an old body that a new one took over."""

    old: str
    new: str
    functions: str  # what moved, as the reform texts say it
    whole: bool = True  # the old body ended and all of it went to the new one


# The 2025 restructuring: ministries merged from March 2025 and provincial departments with
# them; the Party's Ban Tuyên giáo and Ban Dân vận merged; the police's district level ended on
# 1 March 2025 and local government's on 1 July 2025. A question about a new body may also be
# answered from its predecessors' duties in directives issued before the change (all of them
# when `whole`, else only those on the functions that moved).
REFORM_2025: tuple[Succession, ...] = (
    Succession("Sở Kế hoạch và Đầu tư", "Sở Tài chính", "toàn bộ"),
    Succession("Sở Giao thông vận tải", "Sở Xây dựng", "toàn bộ"),
    Succession("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường", "toàn bộ"),
    Succession(
        "Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường", "toàn bộ"
    ),
    Succession(
        "Sở Thông tin và Truyền thông",
        "Sở Khoa học và Công nghệ",
        "công nghệ thông tin, chuyển đổi số, bưu chính, viễn thông",
        whole=False,
    ),
    Succession(
        "Sở Thông tin và Truyền thông",
        "Sở Văn hóa, Thể thao và Du lịch",
        "báo chí, xuất bản, thông tin cơ sở, thông tin đối ngoại",
        whole=False,
    ),
    Succession(
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Nội vụ",
        "lao động, việc làm, tiền lương, bảo hiểm xã hội, người có công, bình đẳng giới",
        whole=False,
    ),
    Succession(
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Y tế",
        "bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội",
        whole=False,
    ),
    Succession(
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Giáo dục và Đào tạo",
        "giáo dục nghề nghiệp",
        whole=False,
    ),
    Succession("Ban Dân tộc tỉnh", "Sở Dân tộc và Tôn giáo", "toàn bộ"),
    Succession("Sở Nội vụ", "Sở Dân tộc và Tôn giáo", "tín ngưỡng, tôn giáo", whole=False),
    Succession(
        "Đài Phát thanh và Truyền hình tỉnh", "Báo và Phát thanh, Truyền hình tỉnh", "toàn bộ"
    ),
    Succession("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "toàn bộ"),
    Succession("Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "toàn bộ"),
    Succession(
        "UBND các huyện, thành phố",
        "UBND cấp xã",
        "nhiệm vụ của chính quyền địa phương ở cơ sở (cấp huyện kết thúc hoạt động)",
        whole=False,
    ),
    Succession(
        "Công an cấp huyện",
        "Công an cấp xã",
        "nhiệm vụ ở cơ sở (Công an cấp huyện kết thúc hoạt động từ 01/3/2025)",
        whole=False,
    ),
    Succession(
        "Công an cấp huyện",
        "Công an tỉnh",
        "nhiệm vụ chuyển lên cấp tỉnh (Công an cấp huyện kết thúc hoạt động từ 01/3/2025)",
        whole=False,
    ),
    Succession("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", "toàn bộ"),
    Succession("Bộ Giao thông vận tải", "Bộ Xây dựng", "toàn bộ"),
    Succession("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường", "toàn bộ"),
    Succession(
        "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường", "toàn bộ"
    ),
    Succession(
        "Bộ Thông tin và Truyền thông",
        "Bộ Khoa học và Công nghệ",
        "công nghệ thông tin, chuyển đổi số, bưu chính, viễn thông",
        whole=False,
    ),
    Succession(
        "Bộ Thông tin và Truyền thông",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "báo chí, xuất bản, thông tin cơ sở, thông tin đối ngoại",
        whole=False,
    ),
    Succession(
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Nội vụ",
        "lao động, việc làm, tiền lương, bảo hiểm xã hội, người có công, bình đẳng giới",
        whole=False,
    ),
    Succession(
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Y tế",
        "bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội",
        whole=False,
    ),
    Succession(
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Giáo dục và Đào tạo",
        "giáo dục nghề nghiệp",
        whole=False,
    ),
    Succession("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo", "toàn bộ"),
    Succession("Bộ Nội vụ", "Bộ Dân tộc và Tôn giáo", "tín ngưỡng, tôn giáo", whole=False),
)

# A document number: its code abbreviates the issuing body ("4869/UBND-SYT", "3367/TTr-SNV"),
# which the number names, not the text.
DOCUMENT_NUMBER = r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[^\W\d_][^\s,;()]*"

# A provincial body's name ends so ("Công an tỉnh"); in a centrally-run city, so.
PROVINCE_WORD = " tỉnh"
CITY_WORD = " thành phố"

# ---- How a sentence gives an agency its role (folded words) ------------------------------------

# Words that may precede a subject without changing who acts ("Giao Sở Y tế ...").
LEADING_WORDS = frozenset(
    (
        "giao de nghi yeu cau thu truong chu tich giam doc chanh lanh dao cac co quan thuc hien "
        "don vi chu tri thanh vien ban can su dang chi dao doi voi"
    ).split()
)
# Words that join agencies in one subject list ("Sở Y tế và UBND ...", "..., Giám đốc Sở X").
JOINERS = frozenset("va cung cac voi".split())
# Phrases that may follow an agency inside a subject list ("Chủ tịch UBND các tỉnh nêu trên và
# lãnh đạo các Bộ, ngành có liên quan, nhất là các Bộ: ...").
LIST_FILLERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in ("neu tren", "co lien quan", "lien quan", "nhat la", "dac biet la", "truc thuoc")
)
TITLES = frozenset("thu truong chu tich giam doc chanh truong lanh dao".split())
# Words that hand the subject after them a task, mid-sentence ("UBND tỉnh giao Sở Y tế ...").
ASSIGNING_CUES: tuple[tuple[str, ...], ...] = (
    ("giao",),
    ("giao", "cho"),
    ("yeu", "cau"),
    ("de", "nghi"),
)
# A condition that opens a sentence before its subject ("Trường hợp ..., Sở Y tế ...").
CONDITION_OPENERS = ("truong hop", "trong truong hop", "khi ", "neu ")
# "X chủ trì ...": X leads wherever it stands.
LEAD_AFTER = ("chu", "tri")
# A predicate opening so, after its subject given as a label (a heading "Sở Y tế" over
# "Phối hợp với Sở Giáo dục và Đào tạo …", "Sở Tư pháp: Phối hợp với Công an tỉnh …"), makes
# the subject cooperate, after any of COOPERATING_ADVERBS; "chủ trì, phối hợp" still leads.
COOPERATING_PREDICATE = ("phoi", "hop")
COOPERATING_ADVERBS: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in ("tiep tuc", "chu dong", "tich cuc", "thuong xuyen", "khan truong")
)
# Partners that leave the subject leading: a department working "with the districts" owns the
# task (names in the gazetteer's spelling).
PARTNERS_NOT_LEADING = ("UBND ",)
# A partner named by its sector ("phối hợp với ngành Y tế") is the sector, not an agency that
# leads the task.
SECTOR_WORDS = frozenset(("nganh",))
# "phối hợp (với) X": X cooperates.
COOPERATION_CUES = ("phoi hop", "cung voi", "co quan phoi hop", "don vi phoi hop")
# Sentences that report, refer or close rather than assign: the agencies they name are only
# mentioned ("báo cáo UBND tỉnh (qua Sở Nội vụ)"), a group they address stays a group.
CLOSING_CUES = (
    "trong qua trinh thuc hien",
    "trong qua trinh trien khai",
    "trong qua trinh to chuc thuc hien",
    "qua trinh thuc hien",
    "qua trinh trien khai",
    "neu co kho khan",
    "truong hop co kho khan",
    "tren day la",
    "nhan duoc van ban nay",
    "can cu ",
    "theo de nghi",
    "xet de nghi",
)

# Sentences that tell what happened ("Ngày 21/10/2024, Sở Nội vụ có Công văn đề nghị các sở
# ...", "Thời gian qua, ..."): the agencies they name were asked before, not here. Folded.
NARRATIVE_OPENERS = (
    r"^\s*(?:ngay\s+\d|thang\s+\d|thoi gian qua|trong thoi gian qua|vua qua|theo bao cao)"
)

# The bare order that ends a directive, folded: "Yêu cầu các sở, ban, ngành ... khẩn trương triển
# khai thực hiện./.", "... nghiêm túc thực hiện./.", "... tổ chức thực hiện Kế hoạch này./.".
CLOSING_ORDER = (
    r"(?:thuc hien|trien khai)(?: nghiem tuc| kip thoi| co hieu qua)?"
    r"(?: (?:cong van|van ban|chi thi|ke hoach|quyet dinh|thong bao|cong dien) nay)?"
    r"\s*\.?\s*/\s*\.\s*$"
)

# Field lines of a plan's task ("- Cơ quan chủ trì: Sở X", "b) Đơn vị phối hợp: ..."): their
# labels are bot/vi/markers.FIELD_NAMES (the parser keeps such lines with their task); this is
# the role each field gives the agencies its value names.
FIELD_ROLES: dict[str, Role] = {
    "lead": Role.LEAD,
    "agency": Role.LEAD,
    "cooperating": Role.COOPERATING,
}

# Corpus discovery: words that start the name of a kind of body heading an item.
BODY_WORDS = (
    "Sở",
    "Ban",
    "Công an",
    "Bộ Chỉ huy",
    "Ủy ban",
    "UBND",
    "Đài",
    "Báo",
    "Liên đoàn",
    "Tỉnh đoàn",
    "Văn phòng",
    "Bảo hiểm",
    "Cục",
    "Chi cục",
    "Trung tâm",
    "Kho bạc",
    "Ngân hàng",
    "Bệnh viện",
    "Quỹ",
    "Viện",
)

# ...unless the words after it make an ordinary phrase ("Báo cáo: …" is a report, not a paper).
NOT_BODIES = ("Báo cáo", "Báo chí", "Ban hành", "Sở hữu", "Quỹ đất", "Quỹ thời gian", "Cục bộ")
