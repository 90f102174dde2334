"""Raw text → clean text: web-page boilerplate out, a repeated article once, broken lines joined.

Pure functions; patterns match diacritic-folded lines so that "Số lượt xem" and "So luot xem"
are the same thing.
"""

from __future__ import annotations

import re

from bot.text import fold, nfc, one_line, squash_spaces

# A line matching one of these is page furniture, wherever it stands.
_NOISE_LINE = re.compile(
    r"""^(
        truy\ cap | thong\ ke\ truy\ cap | (so\ )?luot\ xem\s*:?\s*[\d.,]*
      | dang\ truy\ cap:?.* | so\ nguoi\ online.*
      | (hom\ nay|hom\ qua|tuan\ nay|thang\ nay|thang\ truoc|thang\ hien\ tai|tat\ ca|tong)
        \s*:\s*[\d.,]*
      | \d[\d.,]*\s*(tong\ so\ nguoi\ truy\ cap|so\ nguoi\ online).*
      | [\d.,]+                                   # a bare counter value
      | banner | menu | trang\ chu | tim\ kiem | dang\ nhap | chia\ se | in\ trang | in\ bai
      | \d+\s+binh\ luan | binh\ luan | \(?bam\ vao\ day.*\)?
      | cong\ khai\ thu\ tuc\ hanh\ chinh | lien\ ket\ website | ban\ do\ hanh\ chinh.*
      | thu\ \w+,\ ngay\ \d+\ thang\ \d+\ nam\ \d+   # the page's own date bar
    )$""",
    re.VERBOSE,
)

# From a line matching one of these to the end of the text is the site footer.
_FOOTER_START = re.compile(
    r"^(so\ luot\ xem|luot\ xem|thong\ ke\ truy\ cap|lien\ ket\ website|\d+\s+binh\ luan"
    r"|ban\ quyen|tong\ so\ nguoi\ truy\ cap|ghi\ ro\ nguon|nguoi\ chiu\ trach\ nhiem\ chinh)",
    re.VERBOSE,
)

_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_STRUCTURE = re.compile(
    r"^(\d{1,2}(\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[-–•+]\s?|[IVXL]+[.)]\s|Điều\s+\d)"
)
# "Cơ quan chủ trì: ...", "Thời gian (Năm 2026): ...": a field of a task-table row or a plan item.
_FIELD_LINE = re.compile(r"^[^\W\d][^:.;!?]{1,40}:\s")
_WRAPPED_MIN = 55  # a line this long that stops mid-word-run was wrapped, not ended
_ENDS_SENTENCE = re.compile(r"[.;:!?…\"”)]\s*$|\./\.$")
_MIN_DUPLICATE_CHARS = 25


def clean(raw: str) -> str:
    """The article text of a raw document."""
    text = squash_spaces(nfc(raw).replace("\r\n", "\n").replace("\r", "\n"))
    text = _MD_HEADING.sub("", _EMPHASIS.sub("", text))
    lines = _cut_footer(text.split("\n"))
    lines = [line for line in lines if not _NOISE_LINE.match(fold(line))]
    lines = _drop_repeats(lines)
    lines = _join_broken_lines(lines)
    return "\n".join(_collapse_blank_runs(lines)).strip()


def _cut_footer(lines: list[str]) -> list[str]:
    # Only look in the last half: a directive may cite "lượt xem" in its body, not its end.
    start = len(lines) // 2
    for i in range(start, len(lines)):
        if _FOOTER_START.match(fold(lines[i])):
            return lines[:i]
    return lines


def _drop_repeats(lines: list[str]) -> list[str]:
    """Keep the first occurrence of each substantial line (pages often hold an article twice)."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = fold(one_line(line))
        if len(key) >= _MIN_DUPLICATE_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Join a line that stops mid-sentence with the next one starting in lower case.

    Page breaks and OCR wrap lines anywhere; blank lines between the halves are dropped.
    """
    out: list[str] = []
    pending_blank = 0
    for line in lines:
        if not line:
            pending_blank += 1
            continue
        prev = out[-1] if out else ""
        if (
            prev
            and not _ENDS_SENTENCE.search(prev)
            and (line[0].islower() or (not pending_blank and _wrapped(prev, line)))
        ):
            out[-1] = f"{prev} {line}"
        else:
            out.extend([""] * pending_blank)
            out.append(line)
        pending_blank = 0
    return out


def _wrapped(prev: str, line: str) -> bool:
    """A long line ending in a lower-case word, continued by a capitalised word (a name)."""
    return (
        len(prev) >= _WRAPPED_MIN
        and prev[-1].isalpha()
        and prev[-1].islower()
        and line[0].isupper()
        and not line.isupper()
        and not _STRUCTURE.match(line)
        and not _FIELD_LINE.match(line)
    )


def _collapse_blank_runs(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out
