"""How people ask: the cues that tell what a question wants, on folded (accentless, lower
case) text, so "phải làm gì", "phai lam gi" and "PHẢI LÀM GÌ" read the same.

Each cue is a tuple of phrases; `cue(phrases)` turns one into a whole-word pattern. The unit
tests (tests/test_vi_questions.py) hold examples of each, typed as people type them.
"""

from __future__ import annotations

import re

# "Sở Y tế phải làm gì?", "SYT được giao việc gì", "nhiệm vụ của …": the agency's duties.
DUTY = (
    "phai lam gi",
    "lam gi",
    "lam j",
    "lam nhung gi",
    "lam nhung viec gi",
    "nhung viec gi",
    "viec gi",
    "nhiem vu",
    "trach nhiem",
    "duoc giao",
    "duoc de nghi",
    "duoc yeu cau",
    "can lam",
    "phai thuc hien",
    "vai tro",
    "cong viec",
    "phan cong",
    "phai lam",
    "chu tri",
)
# "bao nhiêu", "mấy": the answer is a number.
QUANTITY = ("bao nhieu", "may")
# "khi nào", "hạn chót": the answer is a time.
WHEN = (
    "khi nao",
    "ngay nao",
    "bao gio",
    "bao lau",
    "thoi han",
    "luc nao",
    "han chot",
    "hom nao",
    "han cuoi",
    "truoc ngay nao",
)
# "Ai ký …?", "người ký": the directive's signer.
SIGNER = (
    "ai ky",
    "ai ki",
    "nguoi ky",
    "nguoi ki",
    "ky boi",
    "do ai ky",
    "ky ban hanh",
    "da ky",
    "ky van ban",
    "ky cong van",
)
# Words of a duty question that say it asks for duties, not what they are about: removed
# before the question's topic is compared with the sections ("… phải làm gì về tiêm chủng").
DUTY_WORDS = frozenset(
    "phai lam gi j nhung viec nhiem vu trach duoc giao de nghi yeu cau can thuc hien vai tro "
    "cong phan co cua theo trong ve doi voi vs va cac la nao nay do".split()
)
# A place word that comes with a province's name ("tỉnh Lai Châu", "TP Cần Thơ").
PLACE_WORDS = frozenset("tinh thanh pho tp tx xa phuong".split())


def cue(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of the phrases as whole words of folded text."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")
