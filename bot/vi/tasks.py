"""How a directive words a task for an agency, as data: the words that may open the sentence
before the agency's name ("Giao Sở Y tế …", "Đề nghị Công an tỉnh …"), which a duty answer
drops with the name to say the task in a few words ("chủ trì, phối hợp …" stays: it says
who leads). Folded (bot/text.fold)."""

from __future__ import annotations

# Words before the agency's name: "Giao Sở Y tế tham mưu …" → "tham mưu …".
OPENERS = ("giao", "de nghi", "yeu cau", "chi dao", "dong y giao")
# Words after the agency's name that make it one of several doers ("Sở Y tế và UBND các
# huyện …", "Sở Y tế cùng …"): the clause is kept whole.
JOINERS = frozenset({"va", "cung", "voi"})
# Longest a task's words run before they are cut (at a word boundary, with "…").
TASK_CHARS = 110
# Words of a line that only names who does a task ("Đơn vị chủ trì: Công an tỉnh", "Cơ quan
# phối hợp: …"): with the agency's name, all such a line holds.
ADDRESSEE_WORDS = frozenset(
    "don vi co quan chu tri phoi hop thuc hien giao cho la tinh thanh pho".split()
)
# A line opening so names the topic of the tasks under it ("Về đảm bảo an toàn thông tin"):
# the task is said by the lines after it.
TOPIC_LINE_OPENERS = ("ve",)
