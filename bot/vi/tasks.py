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
# An answer listing this many tasks or fewer gives each more room: (tasks, characters).
ROOMIER_TASKS = ((2, 400), (4, 250), (6, 160))
# A line quoting where a section only names an agency starts about this many characters
# before the name.
MENTION_BEFORE = 50
# Words of a line that only names who does a task ("Đơn vị chủ trì: Công an tỉnh", "Cơ quan
# phối hợp: …"): with the agency's name, all such a line holds.
ADDRESSEE_WORDS = frozenset(
    "don vi co quan chu tri phoi hop thuc hien giao cho la tinh thanh pho".split()
)
# A line opening so names the topic of the tasks under it ("Về đảm bảo an toàn thông tin"):
# the task is said by the lines after it.
TOPIC_LINE_OPENERS = ("ve",)
# "… theo chức năng, nhiệm vụ, thẩm quyền" closes a list of addressees ("Các Bộ: Giáo dục và
# Đào tạo, Y tế, … theo chức năng, nhiệm vụ, thẩm quyền chủ động phối hợp …"): the task is
# what follows. Longest first; punctuation is ignored.
MANDATE_PHRASES = (
    "theo chuc nang nhiem vu quyen han duoc giao",
    "theo chuc nang nhiem vu tham quyen",
    "theo chuc nang nhiem vu quyen han",
    "theo chuc nang nhiem vu duoc giao",
    "can cu chuc nang nhiem vu duoc giao",
    "theo chuc nang nhiem vu",
    "can cu chuc nang nhiem vu",
)
# A mandate phrase this many words into a clause or fewer closes its addressees.
MANDATE_WITHIN = 30
