"""Agency matching and the roles a section gives (bot/agencies.py), on sentences shaped like
those of real directives."""

from __future__ import annotations

import pytest

from bot.agencies import (
    GROUP_DEPARTMENTS,
    GROUP_MINISTRIES,
    Gazetteer,
    applies_to,
    discover,
    predecessors,
    successors,
)
from bot.types import Assignee, Role


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def roles(gazetteer: Gazetteer, text: str, heading: str = "") -> dict[str, Role]:
    return {a.agency: a.role for a in gazetteer.assignees(heading, text)}


@pytest.mark.parametrize(
    ("typed", "agency"),
    [
        ("SYT", "Sở Y tế"),
        ("SNV", "Sở Nội vụ"),
        ("STC", "Sở Tài chính"),
        ("STP", "Sở Tư pháp"),
        ("SXD", "Sở Xây dựng"),
        ("SGDĐT", "Sở Giáo dục và Đào tạo"),
        ("SGD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("so gd&dt", "Sở Giáo dục và Đào tạo"),
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
        ("so nn&mt", "Sở Nông nghiệp và Môi trường"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("CATP", "Công an tỉnh"),
        ("Công an Thành phố Hà Nội", "Công an tỉnh"),
        ("Thanh tra thành phố", "Thanh tra tỉnh"),
        ("VP UBND", "Văn phòng UBND tỉnh"),
        ("Văn phòng Ủy ban nhân dân thành phố", "Văn phòng UBND tỉnh"),
        ("BQL KCN", "Ban Quản lý các khu công nghiệp tỉnh"),
        (
            "Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ",
            "Ban Quản lý các khu công nghiệp tỉnh",
        ),
        ("Báo & PT-TH", "Báo và Phát thanh, Truyền hình tỉnh"),
        ("Báo và Phát thanh Truyền hình Lai Châu", "Báo và Phát thanh, Truyền hình tỉnh"),
        ("TT XTĐT-TM-DL", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"),
        ("MTTQ", "Ủy ban MTTQ Việt Nam tỉnh"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh"),
        ("Ủy ban nhân dân các xã, phường", "UBND cấp xã"),
        ("UBND xã, phường, đặc khu", "UBND cấp xã"),
        ("ubnd xa phuong", "UBND cấp xã"),
        ("UBND các huyện, thị xã, thành phố", "UBND các huyện, thành phố"),
        ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố", "UBND tỉnh"),
        ("Bộ NN&MT", "Bộ Nông nghiệp và Môi trường"),
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ],
)
def test_names_and_abbreviations_as_written_and_typed(gazetteer, typed: str, agency: str):
    assert gazetteer.find(typed) == [agency]


def test_a_document_number_names_no_agency(gazetteer):
    """ "4869/UBND-SYT" is the number of a Công văn, not a mention of Sở Y tế."""
    assert gazetteer.find("Thực hiện Công văn số 4869/UBND-SYT ngày 26/7/2020") == []
    assert gazetteer.find("Tờ trình 3367/TTr-SNV của Sở Nội vụ") == ["Sở Nội vụ"]


def test_field_lines_give_lead_and_cooperating_roles(gazetteer):
    text = (
        "Tham gia góp ý dự thảo Nghị định.\n"
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n"
        "- Cơ quan phối hợp: Sở Tài chính; Ủy ban nhân dân các xã, phường.\n"
        "- Thời gian thực hiện: Quý IV năm 2025."
    )
    assert roles(gazetteer, text) == {
        "Sở Khoa học và Công nghệ": Role.LEAD,
        "Sở Tài chính": Role.COOPERATING,
        "UBND cấp xã": Role.COOPERATING,
    }


@pytest.mark.parametrize(
    "label",
    ["Cơ quan thực hiện", "Cơ quan/Đơn vị chủ trì", "Đơn vị chủ trì", "Trách nhiệm thực hiện"],
)
def test_every_lead_label_leads(gazetteer, label: str):
    text = f"Tuyên truyền Luật.\n{label}: Sở Tư pháp; Báo và Phát thanh, Truyền hình tỉnh."
    assert roles(gazetteer, text) == {
        "Sở Tư pháp": Role.LEAD,
        "Báo và Phát thanh, Truyền hình tỉnh": Role.LEAD,
    }


@pytest.mark.parametrize(
    "label", ["Cơ quan phối hợp", "Cơ quan/Đơn vị phối hợp", "Đơn vị phối hợp"]
)
def test_every_cooperating_label_cooperates(gazetteer, label: str):
    text = f"Bảo đảm an toàn thông tin.\n- Đơn vị chủ trì: Công an Thành phố.\n- {label}: Sở Tài chính."
    assert roles(gazetteer, text) == {"Công an tỉnh": Role.LEAD, "Sở Tài chính": Role.COOPERATING}


def test_fields_sharing_a_line_are_read_apart(gazetteer):
    text = (
        "Kiểm tra việc thi hành Luật.\nCơ quan chủ trì: Sở Tư pháp; Cơ quan phối hợp: Sở Nội vụ."
    )
    assert roles(gazetteer, text) == {"Sở Tư pháp": Role.LEAD, "Sở Nội vụ": Role.COOPERATING}


def test_a_field_line_outranks_the_sentence_above_it(gazetteer):
    text = "Sở Tài chính bố trí kinh phí.\nCơ quan phối hợp: Sở Tài chính."
    assert roles(gazetteer, text)["Sở Tài chính"] is Role.COOPERATING


def test_a_field_value_with_a_clause_keeps_its_cooperating_part(gazetteer):
    text = "Rà soát đối tượng.\nCơ quan thực hiện: Sở Y tế chủ trì, phối hợp với UBND cấp huyện."
    assert roles(gazetteer, text) == {
        "Sở Y tế": Role.LEAD,
        "UBND các huyện, thành phố": Role.COOPERATING,
    }


def test_cooperating_fields_alone_leave_the_heading_to_lead(gazetteer):
    text = "Hướng dẫn áp dụng.\nCơ quan phối hợp: Các sở, ngành."
    found = roles(gazetteer, text, heading="Sở Khoa học và Công nghệ")
    assert found == {"Sở Khoa học và Công nghệ": Role.LEAD, GROUP_DEPARTMENTS: Role.COOPERATING}


@pytest.mark.parametrize(
    ("text", "leads"),
    [
        (
            "5. Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các đơn vị đóng trên địa bàn.",
            ["Bộ Quốc phòng", "Bộ Công an"],
        ),
        (
            "Các Bộ: Giáo dục và Đào tạo, Y tế, Khoa học và Công nghệ, Văn hóa, Thể thao và Du "
            "lịch theo chức năng chủ động phối hợp với địa phương.",
            [
                "Bộ Giáo dục và Đào tạo",
                "Bộ Y tế",
                "Bộ Khoa học và Công nghệ",
                "Bộ Văn hóa, Thể thao và Du lịch",
            ],
        ),
        (
            "Giám đốc các Sở: Tài chính, Công Thương và Xây dựng rà soát các dự án.",
            ["Sở Tài chính", "Sở Công Thương", "Sở Xây dựng"],
        ),
        (
            "Sở Y tế, Sở Nông nghiệp và Môi trường hướng dẫn xử lý chất thải.",
            ["Sở Y tế", "Sở Nông nghiệp và Môi trường"],
        ),
    ],
)
def test_each_agency_of_a_listed_group_leads(gazetteer, text: str, leads: list[str]):
    found = roles(gazetteer, text)
    assert [a for a, r in found.items() if r is Role.LEAD] == leads


def test_a_lowercase_word_after_a_list_is_no_agency(gazetteer):
    """ "các sở: Tài chính, xây dựng phương án": "xây dựng" is a verb there."""
    assert gazetteer.find("Các sở: Tài chính, xây dựng phương án") == ["Sở Tài chính"]


def test_who_assigns_is_not_who_acts(gazetteer):
    text = "UBND tỉnh giao Sở Y tế chủ trì, phối hợp với Công an tỉnh tổ chức kiểm tra."
    assert roles(gazetteer, text) == {
        "Sở Y tế": Role.LEAD,
        "Công an tỉnh": Role.COOPERATING,
        "UBND tỉnh": Role.MENTIONED,
    }


def test_an_agency_instructing_its_own_units_leads(gazetteer):
    text = "Sở Y tế yêu cầu các cơ sở y tế sẵn sàng thuốc, vật tư, giường bệnh."
    assert roles(gazetteer, text) == {"Sở Y tế": Role.LEAD}


def test_narrative_of_earlier_requests_tasks_nobody(gazetteer):
    text = "Ngày 21/10/2024, Sở Nội vụ có Công văn đề nghị các sở: Tài chính, Xây dựng đôn đốc."
    assert set(roles(gazetteer, text).values()) == {Role.MENTIONED}


def test_the_addressee_of_a_request_mid_sentence_leads(gazetteer):
    text = (
        "Để chủ động ứng phó, Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh, "
        "thành phố nêu trên tập trung chỉ đạo khắc phục hậu quả."
    )
    assert roles(gazetteer, text) == {"UBND tỉnh": Role.LEAD}


def test_the_subject_after_a_condition_leads(gazetteer):
    text = (
        "Trường hợp chất lượng không khí bị ô nhiễm nghiêm trọng, các đơn vị, trường học chủ "
        "động tạm dừng hoạt động ngoài trời."
    )
    assert roles(gazetteer, text) == {"Các cơ sở giáo dục": Role.LEAD}


def test_reporting_back_tasks_nobody(gazetteer):
    text = (
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo "
        "UBND tỉnh (qua Sở Nội vụ) để xem xét, giải quyết."
    )
    assert roles(gazetteer, text) == {"UBND tỉnh": Role.MENTIONED, "Sở Nội vụ": Role.MENTIONED}


def test_the_closing_order_addresses_everyone_as_a_group(gazetteer):
    text = "Yêu cầu các sở, ban, ngành; UBND các xã, phường khẩn trương triển khai thực hiện./."
    assert roles(gazetteer, text) == {GROUP_DEPARTMENTS: Role.LEAD, "UBND cấp xã": Role.GROUP}


def test_a_last_task_that_ends_the_directive_still_leads(gazetteer):
    text = "Đề nghị Ủy ban MTTQ Việt Nam tỉnh phối hợp tuyên truyền, vận động Nhân dân./."
    assert roles(gazetteer, text) == {"Ủy ban MTTQ Việt Nam tỉnh": Role.LEAD}


def test_the_classic_clause_roles_hold(gazetteer):
    text = "Sở Y tế chủ trì, phối hợp với Sở Thông tin và Truyền thông, Công an tỉnh triển khai."
    assert roles(gazetteer, text) == {
        "Sở Y tế": Role.LEAD,
        "Sở Thông tin và Truyền thông": Role.COOPERATING,
        "Công an tỉnh": Role.COOPERATING,
    }


def test_a_heading_leads_a_section_without_its_own_subject(gazetteer):
    found = roles(
        gazetteer, "Tăng cường quy hoạch quỹ đất.", heading="Sở Nông nghiệp và Môi trường"
    )
    assert found == {"Sở Nông nghiệp và Môi trường": Role.LEAD}


def test_groups_apply_to_their_members():
    departments = (Assignee(GROUP_DEPARTMENTS, Role.LEAD),)
    ministries = (Assignee(GROUP_MINISTRIES, Role.LEAD),)
    assert applies_to("Sở Nông nghiệp và Môi trường", departments)
    assert applies_to("Thanh tra tỉnh", departments)
    assert not applies_to("UBND cấp xã", departments)
    assert applies_to("Bộ Y tế", ministries)
    assert not applies_to("Bộ Chỉ huy Quân sự tỉnh", ministries)
    assert not applies_to("Sở Y tế", (Assignee(GROUP_DEPARTMENTS, Role.COOPERATING),))


def test_the_2025_reform_links_old_and_new_departments():
    assert predecessors("Sở Nông nghiệp và Môi trường") == (
        "Sở Tài nguyên và Môi trường",
        "Sở Nông nghiệp và Phát triển nông thôn",
    )
    assert successors("Sở Kế hoạch và Đầu tư") == ("Sở Tài chính",)
    assert set(successors("Sở Thông tin và Truyền thông")) == {
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
    }
    assert successors("Sở Thông tin và Truyền thông", whole_only=True) == ()
    assert "Sở Lao động - Thương binh và Xã hội" in predecessors("Sở Y tế")
    assert predecessors("Sở Y tế", whole_only=True) == ()
    assert successors("Sở Y tế") == ()


def test_a_corpus_name_that_holds_a_known_agency_is_no_new_one():
    gazetteer = Gazetteer(["Sở Y tế và UBND tỉnh", "Trung tâm Y tế huyện"])
    assert "Trung tâm Y tế huyện" in gazetteer.names
    assert "Sở Y tế và UBND tỉnh" not in gazetteer.names


def test_discover_finds_bodies_that_head_items():
    text = "1. Trung tâm Y tế huyện chủ trì tổ chức tiêm.\n- Kho bạc Nhà nước tỉnh: bảo đảm chi."
    assert discover([text]) == ["Trung tâm Y tế huyện", "Kho bạc Nhà nước tỉnh"]


def test_discover_skips_ordinary_phrases_that_start_like_a_body():
    text = (
        "- Báo cáo: gửi Sở Y tế trước ngày 10.\n"
        "- Báo cáo tổng hợp hàng tuần, gửi về Sở.\n"
        "2. Ban hành quy chế quản lý, chủ trì rà soát.\n"
        "3. Báo Lâm Đồng chủ trì tuyên truyền."
    )
    assert discover([text]) == ["Báo Lâm Đồng"]


def test_a_word_typed_with_other_diacritics_is_not_the_agency_it_folds_to():
    gazetteer = Gazetteer()
    assert gazetteer.find("Ai ký văn bản chỉ đạo khắc phục?") == []
    assert gazetteer.find("Ban Chỉ đạo tỉnh phải làm gì?") == gazetteer.find("ban chi dao lam gi")
    assert gazetteer.find("ban chi dao lam gi")  # accentless text matches as before
    assert gazetteer.find("sở y tê daklak phải lam j") == ["Sở Y tế"]  # a typo later on


def test_a_section_saying_van_ban_chi_dao_does_not_mention_the_steering_committee():
    gazetteer = Gazetteer()
    text = "Thực hiện các văn bản chỉ đạo, hướng dẫn của Trung ương, của tỉnh; Sở Nội vụ chủ trì."
    agencies = {a.agency for a in gazetteer.assignees("", text)}
    assert "Sở Nội vụ" in agencies
    assert not any(a.startswith("Ban Chỉ đạo") for a in agencies)
    assert gazetteer.assignees("", "Ban Chỉ đạo tỉnh chủ trì kiểm tra.")[0].agency.startswith(
        "Ban Chỉ đạo"
    )


def test_a_loosely_typed_agency_gets_suggestions() -> None:
    gazetteer = Gazetteer()
    assert gazetteer.suggest("cong an")[0] == "Công an tỉnh"
    assert gazetteer.suggest("so y teh")[0] == "Sở Y tế"  # a typo
    assert gazetteer.suggest("so tai chin")[0] == "Sở Tài chính"
    assert len(gazetteer.suggest("cong an", limit=2)) == 2
    assert gazetteer.suggest("xyz abc") == [] and gazetteer.suggest("") == []


def test_a_provincial_body_is_named_as_a_city_names_it() -> None:
    from bot.agencies import local_name

    assert local_name("Công an tỉnh", "Hà Nội") == "Công an thành phố"
    assert local_name("UBND tỉnh", "Thành phố Hồ Chí Minh") == "UBND thành phố"
    assert local_name("Công an tỉnh", "Sơn La") == "Công an tỉnh"
    assert local_name("Công an tỉnh", None) == "Công an tỉnh"
    assert local_name("Sở Y tế", "Hà Nội") == "Sở Y tế"


@pytest.mark.parametrize(
    ("heading", "text", "agency", "role"),
    [
        # The agency as a label, then "Phối hợp với <agency>": it cooperates in its own task.
        (
            "",
            "Sở Tư pháp: Phối hợp với Công an tỉnh kiểm tra việc thi hành Luật.",
            "Sở Tư pháp",
            "cooperating",
        ),
        (
            "Sở Y tế",
            "Phối hợp với Sở Giáo dục và Đào tạo chỉ đạo y tế trường học.",
            "Sở Y tế",
            "cooperating",
        ),
        # The subject acting with partners it names mid-sentence still leads…
        (
            "",
            "Sở Giáo dục và Đào tạo phối hợp Sở Tài chính và các địa phương: Tổ chức rà soát.",
            "Sở Giáo dục và Đào tạo",
            "lead",
        ),
        # …and so does one working with a sector, a group or the local governments.
        (
            "",
            "Sở Thông tin và Truyền thông: Phối hợp với ngành Y tế tuyên truyền.",
            "Sở Thông tin và Truyền thông",
            "lead",
        ),
        ("Sở Y tế", "Phối hợp với các sở, ban, ngành triển khai tiêm vắc xin.", "Sở Y tế", "lead"),
        ("Sở Y tế", "Tiếp tục phối hợp với UBND các huyện, thành phố rà soát.", "Sở Y tế", "lead"),
        ("Sở Y tế", "Chủ trì, phối hợp với Sở Tài chính mua sắm vật tư.", "Sở Y tế", "lead"),
    ],
)
def test_a_labelled_agency_that_works_with_a_named_agency_cooperates(
    gazetteer, heading: str, text: str, agency: str, role: str
):
    assert roles(gazetteer, text, heading)[agency] is Role(role)
