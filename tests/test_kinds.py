"""The registry of question kinds: every kind is registered once, detection follows the
registry's order, and each kind owns the questions its cues name (over the seed index, whose
gazetteer finds the agencies)."""

from __future__ import annotations

import pytest

from bot import kinds
from bot.answering import answer
from bot.config import Settings
from bot.indexing import Index
from bot.messages import Messages
from bot.retrieval import analyse
from bot.types import Answer, Kind


@pytest.fixture(scope="module")
def ask(seed_index, embedder, seed_settings: Settings, messages: Messages):  # type: ignore[no-untyped-def]
    def run(question: str) -> Answer:
        return answer(question, seed_index, embedder, seed_settings, messages)

    return run


def test_every_kind_is_registered_once() -> None:
    registered = [k.kind for k in kinds.REGISTRY]
    assert sorted(registered) == sorted(Kind)
    assert all(kinds.of(kind).kind is kind for kind in Kind)


def test_fact_is_asked_last_and_takes_any_question(seed_index: Index) -> None:
    assert kinds.REGISTRY[-1].kind is Kind.FACT
    assert analyse("ngày mai trời có mưa không?", seed_index).kind is Kind.FACT


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Sở Y tế phải làm gì?", Kind.DUTY),
        ("so y te phai lam gi", Kind.DUTY),
        ("Nhiệm vụ của Công an tỉnh?", Kind.DUTY),
        ("Sở Y tế", Kind.DUTY),  # nothing but an agency: its duties
        ("Ai ký công văn về tiêm vắc xin?", Kind.SIGNER),
        ("Sở Y tế: ai ký văn bản này?", Kind.SIGNER),  # signer before duty
        ("Văn bản nào mới nhất?", Kind.NEWEST),
        ("van ban moi nhat cua tinh", Kind.NEWEST),
        ("Chỉ đạo mới nhất về tiêm chủng?", Kind.FACT),  # a topic: not the directives
        ("Công văn về tiêm vắc xin số mấy?", Kind.DIRECTIVE),
        ("Thanh Hóa ưu tiên tiêm vắc xin cho đối tượng nào?", Kind.FACT),
        ("Người về từ vùng dịch phải cách ly bao nhiêu ngày?", Kind.FACT),
        ("cảm ơn bot nhé 👍", Kind.CHATTER),
        ("chào bot", Kind.CHATTER),
        ("What must the health department do?", Kind.FOREIGN),
        ("Văn bản 3262 nói gì?", Kind.SUMMARY),
        ("cv 3262", Kind.SUMMARY),  # a directive named and nothing else
        ("tom tat cong van 402", Kind.SUMMARY),
        ("Công văn 3262 yêu cầu gì về tiêm vắc xin?", Kind.FACT),  # a topic
        ("Văn bản 3262 giao Sở Y tế làm gì?", Kind.DUTY),
        ("Sở Y tế có hạn chót nào?", Kind.DEADLINES),
        ("han chot so tt&tt", Kind.DEADLINES),
        ("Hạn chót các huyện báo cáo tiêm vắc xin cho Sở Y tế là ngày nào?", Kind.FACT),
    ],
)
def test_detection(seed_index: Index, question: str, kind: Kind) -> None:
    assert analyse(question, seed_index).kind is kind


def test_a_duty_cue_without_an_agency_is_a_fact_question(seed_index: Index) -> None:
    assert analyse("phải làm gì khi có người sốt?", seed_index).kind is Kind.FACT


def test_chatter_gets_a_short_reply_and_no_sources(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("cảm ơn bot nhé 👍", "What must the health department do?"):
        reply = ask(text)
        assert not reply.found and not reply.citations and len(reply.text) < 400


def test_a_directive_by_number_is_summarised_with_the_tasks_it_gives(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("Văn bản 3262 nói gì?")
    assert reply.found and reply.text.startswith("Công văn số 3262/UBND-KGVX ngày 13/9/2021")
    assert all(c.section.directive.number == "3262/UBND-KGVX" for c in reply.citations)
    assert "(Sở Y tế)" in reply.text and "(Công an tỉnh)" in reply.text
    # Mục 1 tasks the departments and the districts alike: the label names both.
    assert "mục 1 (Các sở, ban, ngành, UBND các huyện, thành phố)" in reply.text
    assert "[1] " in reply.text and f"[{len(reply.citations)}] " in reply.text


def test_an_agencys_deadlines_are_its_tasks_that_set_one(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("Sở Y tế có hạn chót nào?")
    assert reply.found and reply.text.startswith("Thời hạn của Sở Y tế: 2 mục")
    assert all(c.section.deadlines for c in reply.citations)
    assert "trước 16 giờ" in reply.text
    none = ask("Sở Tài chính có hạn chót nào?")
    assert not none.found and "Không thấy mục nào đặt thời hạn cho Sở Tài chính" in none.text


def test_which_agency_leads_is_named_before_the_quote(ask) -> None:  # type: ignore[no-untyped-def]
    from bot.types import Intro, Quote

    asked = ask("Đơn vị nào chủ trì xây dựng kế hoạch mua sắm sinh phẩm, vật tư y tế năm 2022?")
    intro, quote = asked.blocks[:2]
    assert isinstance(quote, Quote) and quote.section.leads() == ["Sở Y tế"]
    assert isinstance(intro, Intro) and intro.title == "Đơn vị chủ trì: Sở Y tế."
    plain = ask("Xây dựng kế hoạch mua sắm sinh phẩm, vật tư y tế năm 2022 thế nào?")
    assert isinstance(plain.blocks[0], Quote)  # not asking which agency: the quote alone


def test_a_list_question_quotes_a_short_section_whole(ask) -> None:  # type: ignore[no-untyped-def]
    from bot.kinds.fact import WHOLE_SECTION_CHARS
    from bot.types import Quote

    asked = ask("Sở Y tế Kon Tum cần mua sắm những gì để đáp ứng điều trị?")
    quote = asked.blocks[0]
    assert isinstance(quote, Quote)
    section = " ".join(quote.section.text.split())
    assert len(quote.section.text) <= WHOLE_SECTION_CHARS
    assert " ".join(quote.sentence.split()) == section  # every line of it
    single = ask("Sở Y tế Kon Tum cần mua sắm gì để đáp ứng điều trị?")
    assert isinstance(single.blocks[0], Quote) and single.blocks[0].section == quote.section
    assert len(single.blocks[0].sentence) < len(quote.sentence)  # one sentence of it
