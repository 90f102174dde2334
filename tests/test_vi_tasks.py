"""bot/vi/tasks.py: the words around an agency's name that a duty line drops, and the task in
a few words (bot/sentences.task_words) that they shape."""

from __future__ import annotations

from bot.sentences import task_words
from bot.text import fold
from bot.types import Directive, Section
from bot.vi import tasks

D = Directive("a.txt", "h")


def _task(text: str, agency: str = "Sở Y tế", heading: str = "", **kw: object) -> str:
    return task_words(Section(D, "1", heading, text), (agency,), **kw)  # type: ignore[arg-type]


def test_tables_are_folded_and_listed_once() -> None:
    for table in (tasks.OPENERS, tuple(tasks.JOINERS), tuple(tasks.ADDRESSEE_WORDS)):
        assert all(fold(w) == w for w in table)
        assert len(set(table)) == len(table)
    assert 60 <= tasks.TASK_CHARS <= 160


def test_the_agency_and_an_opener_are_dropped() -> None:
    # A sentence's clauses stay together; "…" says the section goes on.
    assert _task("Sở Y tế tiếp tục đôn đốc tiêm vắc xin; bảo đảm cung ứng.") == (
        "Tiếp tục đôn đốc tiêm vắc xin; bảo đảm cung ứng"
    )
    assert _task("Sở Y tế tiếp tục đôn đốc. Bảo đảm cung ứng.") == "Tiếp tục đôn đốc…"
    assert _task("Giao Sở Y tế tham mưu UBND tỉnh.") == "Tham mưu UBND tỉnh"
    assert _task("so y te chu tri, phoi hop voi cac dia phuong.") == (
        "Chu tri, phoi hop voi cac dia phuong"
    )


def test_one_of_several_doers_keeps_the_clause_whole() -> None:
    text = "Sở Y tế và UBND các huyện rà soát thuốc tồn đọng."
    assert _task(text) == "Sở Y tế và UBND các huyện rà soát thuốc tồn đọng"
    assert _task("Sở Y tế, Sở Giao thông vận tải lưu ý.").startswith("Sở Y tế, Sở Giao")


def test_a_shared_lead_in_is_skipped_and_a_long_clause_cut_at_a_word() -> None:
    lead = "Sở Y tế chủ trì, phối hợp với các địa phương:"
    text = f"{lead}\nMua sắm vật tư, sinh phẩm, trang thiết bị y tế, nhất là về máy thở " * 3
    task = _task(text, heading=lead.rstrip(":"))
    assert task.startswith("Mua sắm vật tư") and task.endswith("…")
    assert len(task) <= tasks.TASK_CHARS + 1 and not task[:-1].endswith(" ")


def test_a_topic_or_the_agency_named_picks_the_clause() -> None:
    text = "Tăng cường phòng chống dịch. Tiêm vắc xin cho trẻ em từ 5 đến 11 tuổi."
    assert _task(text, topic="tiem vac xin tre em") == "Tiêm vắc xin cho trẻ em từ 5 đến 11 tuổi…"
    text = "Sở Y tế tổ chức tiêm. Phối hợp với Công an tỉnh làm sạch dữ liệu."
    assert _task(text, agency="Công an tỉnh", named=True).startswith("Phối hợp với Công an")


def test_the_sentence_naming_the_agency_and_never_a_bare_addressee() -> None:
    text = "Các sở, ngành liên quan rà soát văn bản. Sở Khoa học và Công nghệ tham mưu kế hoạch."
    assert _task(text, agency="Sở Khoa học và Công nghệ") == "Tham mưu kế hoạch…"
    text = "Đơn vị chủ trì: Công an tỉnh.\nXây dựng cơ sở dữ liệu dân cư."
    assert _task(text, agency="Công an tỉnh").startswith("Xây dựng cơ sở dữ liệu")


def test_a_field_naming_the_agency_last_points_to_the_tasks_above_it() -> None:
    # Hà Nội's plans: a topic line, "Nhiệm vụ:", the tasks, then who does them.
    text = (
        "Về đảm bảo an toàn thông tin\nNhiệm vụ:\n"
        "- Triển khai các phương án bảo đảm an toàn thông tin.\n- Phối hợp ứng cứu sự cố.\n"
        "Cơ quan thực hiện:\nĐơn vị chủ trì: Công an Thành phố.\n"
        "Đơn vị phối hợp: Các Sở, ban, ngành."
    )
    assert (
        _task(text, agency="Công an tỉnh") == "Triển khai các phương án bảo đảm an toàn thông tin…"
    )


def test_addressees_closed_by_a_mandate_phrase_are_dropped() -> None:
    text = (
        "Các Bộ: Giáo dục và Đào tạo, Y tế, Khoa học và Công nghệ theo chức năng, nhiệm vụ, "
        "thẩm quyền chủ động phối hợp với địa phương khắc phục hậu quả mưa lũ."
    )
    assert (
        _task(text, agency="Bộ Y tế")
        == "Chủ động phối hợp với địa phương khắc phục hậu quả mưa lũ"
    )
    own = "Sở Y tế theo chức năng, nhiệm vụ được giao tổ chức tiêm vắc xin."
    assert _task(own) == "Tổ chức tiêm vắc xin"
    for phrase in tasks.MANDATE_PHRASES:
        assert fold(phrase) == phrase and "," not in phrase


def test_a_mention_is_quoted_around_the_name() -> None:
    from bot.sentences import mention_words

    text = (
        "Chủ trì, phối hợp với các sở, ngành và các cơ quan đơn vị liên quan nghiên cứu, tham "
        "mưu xây dựng chính sách hỗ trợ kinh phí hoạt động cho Tổ Covid cộng đồng. Trình HĐND."
    )
    words = mention_words(Section(D, "1", "", text), ("Tổ COVID cộng đồng",))
    assert words.startswith("…") and "Tổ Covid cộng đồng" in words
    # An alias counts: "tổ COVID-19 cộng đồng".
    text = "Báo cáo tình hình. Phát huy hiệu quả của các tổ COVID-19 cộng đồng ở cơ sở."
    words = mention_words(Section(D, "1", "", text), ("Tổ COVID cộng đồng",))
    assert words.startswith("Phát huy hiệu quả của các tổ COVID-19 cộng đồng")


def test_an_agency_listed_after_its_kind_is_found_in_its_sentence() -> None:
    text = (
        "Văn bản yêu cầu các hội hoàn thành đại hội trước ngày 31/12/2024. Giao các sở: Giao "
        "thông vận tải, Xây dựng đôn đốc, hướng dẫn các hội được phân công quản lý."
    )
    assert _task(text, agency="Sở Xây dựng").startswith("Các sở: Giao thông vận tải, Xây dựng")


def test_fewer_tasks_get_roomier_lines() -> None:
    counts = [n for n, _ in tasks.ROOMIER_TASKS]
    room = [chars for _, chars in tasks.ROOMIER_TASKS]
    assert counts == sorted(counts) and room == sorted(room, reverse=True)
    assert min(room) > tasks.TASK_CHARS
    text = "Sở Y tế " + "; ".join(f"việc thứ {n} cần làm ngay" for n in range(1, 20)) + "."
    short, long = _task(text), _task(text, chars=max(room))
    assert len(short) <= tasks.TASK_CHARS + 1 < len(long) <= max(room) + 1
    assert long.startswith(short.rstrip("…"))


def test_a_table_rows_heading_says_the_task_and_its_text_the_object() -> None:
    heading = "Tham gia góp ý kiến vào dự thảo các văn bản hướng dẫn thi hành Luật"
    text = "Nghị định quy định chi tiết Luật.\nCơ quan chủ trì: Sở Khoa học và Công nghệ."
    task = _task(text, agency="Sở Khoa học và Công nghệ", heading=heading, chars=400)
    assert task.startswith(f"{heading}: Nghị định quy định chi tiết Luật")
    # A title in capitals, a topic or the agency's own name is no task.
    for title in ("NHIỆM VỤ CỤ THỂ", "Về công tác tuyên truyền", "Sở Khoa học và Công nghệ"):
        task = _task(text, agency="Sở Khoa học và Công nghệ", heading=title)
        assert task.startswith("Nghị định")
