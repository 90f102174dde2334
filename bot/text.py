"""Vietnamese text helpers: NFC, diacritic folding, syllables, bigrams, diacritic restoration."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

_SYLLABLE = re.compile(r"[^\W_]+", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

# Function and question words: they carry no topic, so they neither count towards how much of a
# question a passage covers nor decide a lexical match. Folded forms.
STOPWORDS = frozenset(
    """
    a ai bao cac can cho co cua da dang de den do duoc gi ha hay hoac khi khong la lam mot
    nao nay nhieu nhung nhu o phai ra sao se thi the theo tu va van ban ve voi vi vao trong
    tai ay nguoi viec gom nhung cung deu con neu ma thuoc nhiem vu yeu cau
    """.split()
)

# Question words seen in everyday questions but not necessarily in directives; they seed the
# diacritic restorer so that "phai lam gi" comes back as "phải làm gì".
COMMON_WORDS = (
    "phải làm gì ai có không nào bao nhiêu là của được đề nghị những nhiệm vụ yêu cầu ở đâu "
    "khi nào thế nào như thế nào trách nhiệm gì về vấn đề cho đối tượng tỉnh huyện xã sở ban "
    "ngành ký văn bản ngày tháng năm số hỏi biết cần có nhiệm vụ gì có trách nhiệm gì"
)


def nfc(text: str) -> str:
    """Unicode NFC, the form every stored and compared string is in."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case text without diacritics ("Sở Y tế" → "so y te"); đ becomes d."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese diacritic (or is đ)."""
    return fold(text) != text.lower()


def squash_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs (not newlines) and trim each line."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def one_line(text: str) -> str:
    """All whitespace collapsed to single spaces."""
    return " ".join(text.split())


def _normalise_token(token: str) -> str:
    # "02" and "2" are the same number in a question and in a directive.
    if token.isdigit():
        return token.lstrip("0") or "0"
    return token


def syllables(text: str) -> list[str]:
    """Folded syllables (and numbers) of the text, in order."""
    return [_normalise_token(t) for t in _SYLLABLE.findall(fold(text))]


def terms(text: str) -> list[str]:
    """Lexical terms: folded syllables plus adjacent-syllable bigrams."""
    sylls = syllables(text)
    return sylls + [f"{a}_{b}" for a, b in itertools.pairwise(sylls)]


def content_syllables(text: str) -> list[str]:
    """Folded syllables that carry topic (stop words removed)."""
    return [s for s in syllables(text) if s not in STOPWORDS]


def sha256_text(text: str) -> str:
    """Hex SHA-256 of UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def _same_case(typed: str, chosen: str) -> str:
    """The restored syllable written as it was typed: "UBND" stays "UBND", "Nq" "Nq",
    "ha" becomes "hà", "Ha" "Hà", "HA" "HÀ"."""
    if fold(chosen) == fold(typed) and chosen.lower() == typed.lower():
        return typed  # nothing restored: keep the typed form exactly
    if typed.isupper():
        return chosen.upper()
    if typed[:1].isupper():
        return chosen[:1].upper() + chosen[1:]
    return chosen


class DiacriticRestorer:
    """Puts diacritics back on an accentless question, using the corpus's own vocabulary.

    Each folded syllable may stand for several accented ones ("tiem" → "tiêm", "tiềm"); the
    choice maximises accented-bigram counts from the corpus, with unigram counts as back-off
    (a small Viterbi over the question).
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._unigrams: Counter[str] = Counter()
        self._bigrams: Counter[tuple[str, str]] = Counter()
        self._forms: dict[str, set[str]] = defaultdict(set)
        for text in [COMMON_WORDS, *texts]:
            words = [w.lower() for w in _SYLLABLE.findall(nfc(text))]
            self._unigrams.update(words)
            self._bigrams.update(itertools.pairwise(words))
        for word in self._unigrams:
            self._forms[fold(word)].add(word)

    def knows(self, word: str) -> bool:
        """Whether the corpus (or the common question words) spells a word this way."""
        return word.lower() in self._unigrams

    def restore(self, text: str) -> str:
        """The text with diacritics restored where the corpus knows the syllable."""
        words = _SYLLABLE.findall(text)
        if not words:
            return text
        choices = [self._candidates(w) for w in words]
        best = self._viterbi(choices)
        out, pos = [], 0
        for word, chosen in zip(words, best, strict=True):
            start = text.index(word, pos)
            out.append(text[pos:start])
            out.append(_same_case(word, chosen))
            pos = start + len(word)
        out.append(text[pos:])
        return "".join(out)

    def _candidates(self, word: str) -> list[str]:
        forms = self._forms.get(fold(word))
        return sorted(forms) if forms else [word.lower()]

    def _viterbi(self, choices: list[list[str]]) -> list[str]:
        # score = sum of log-ish weights: bigram count dominates, unigram breaks ties.
        scores = {c: self._unigrams[c] * 1e-3 for c in choices[0]}
        back: list[dict[str, str]] = []
        for column in choices[1:]:
            new_scores, pointers = {}, {}
            for cur in column:
                prev_best = max(scores, key=lambda p: scores[p] + self._bigrams[(p, cur)])
                new_scores[cur] = (
                    scores[prev_best]
                    + self._bigrams[(prev_best, cur)]
                    + self._unigrams[cur] * 1e-3
                )
                pointers[cur] = prev_best
            scores, back = new_scores, [*back, pointers]
        last = max(scores, key=lambda c: scores[c])
        path = [last]
        for pointers in reversed(back):
            path.append(pointers[path[-1]])
        return list(reversed(path))
