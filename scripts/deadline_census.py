"""Census of the deadline phrases the parser finds, and what bot/deadlines.py resolves them to.

    .venv/bin/python scripts/deadline_census.py                     # seeds + ../shared/real
    .venv/bin/python scripts/deadline_census.py FOLDER... --sample 40 --seed 17

The folders' files are read into one corpus the way `scripts/real_eval.sh` builds it (copied
into one temporary folder, read by bot.corpus.read_corpus; notes such as SOURCES.md are left
out). Every deadline phrase of every section is resolved against its directive's date. Prints
the number of phrases, the share resolved to a date or a rule, the count by kind, and a seeded
random sample with each phrase's resolution, directive, section and the text around it, to be
checked by hand.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.config import IndexSettings  # noqa: E402
from bot.corpus import read_corpus  # noqa: E402
from bot.deadlines import Deadline, issued_on, task_deadlines  # noqa: E402
from bot.text import one_line  # noqa: E402
from bot.types import ParsedFile, Section  # noqa: E402

FOLDERS = (REPO / "documents", REPO.parent / "shared" / "real")
_AROUND = 90  # characters of section text shown each side of a sampled phrase


def main(argv: list[str] | None = None) -> int:
    """Read, resolve and print the census."""
    args = _parser().parse_args(argv)
    parsed = _read([Path(f) for f in args.folders] or list(FOLDERS))
    found = [(s, d) for p in parsed for s in p.sections for d in task_deadlines(s)]
    _summary(found, len(parsed))
    sample = random.Random(args.seed).sample(found, min(args.sample, len(found)))
    print(f"\nSample of {len(sample)} (seed {args.seed}):")
    for n, (section, deadline) in enumerate(sample, 1):
        _show(n, section, deadline)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", help="folders of directives (default: seeds, real)")
    parser.add_argument("--sample", type=int, default=40, help="phrases to sample")
    parser.add_argument("--seed", type=int, default=17, help="seed of the sample")
    return parser


def _read(folders: list[Path]) -> list[ParsedFile]:
    """The folders' directives, parsed as one corpus."""
    extensions = IndexSettings().extensions
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in extensions and not path.stem.isupper():
                    shutil.copy(path, Path(tmp) / path.name)
        corpus = read_corpus(Path(tmp), extensions)
    for error in corpus.errors:
        print(f"skipped: {error}", file=sys.stderr)
    return sorted(corpus.parsed, key=lambda p: p.directive.source)


def _summary(found: list[tuple[Section, Deadline]], directives: int) -> None:
    sections = {(s.directive.source, s.path) for s, _ in found}
    resolved = sum(d.resolved for _, d in found)
    print(f"Deadline phrases: {len(found)} in {len(sections)} sections of {directives} directives")
    print(f"Resolved to a date or a rule: {resolved} ({_share(resolved, len(found))})")
    kinds = Counter(d.kind.value for _, d in found)
    done = Counter(d.kind.value for _, d in found if d.resolved)
    print("By kind (phrases, resolved, share):")
    for kind, count in kinds.most_common():
        print(f"  {kind:<10} {count:>4} {done[kind]:>4} {_share(done[kind], count):>5}")
    past = [d for s, d in found if d.due and (issued_on(s.directive)[0] or d.due) > d.due]
    print(f"Due before their directive's date (recalled, not set): {len(past)}")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _show(n: int, section: Section, deadline: Deadline) -> None:
    d = section.directive
    where = f"{d.number or d.source} ({d.date or 'no date'}), section {section.path}"
    print(f"{n:>3}. {deadline.phrase!r} -> {describe(deadline)}\n     {where}")
    print(f"     ...{_context(section.text, deadline.phrase)}...")


def describe(deadline: Deadline) -> str:
    """The resolution in a few words: kind, due day and hour, start, rule."""
    parts = [deadline.kind.value]
    if deadline.due:
        parts.append(f"due {deadline.due.isoformat()}")
    if deadline.time:
        parts.append(f"at {deadline.time.strftime('%H:%M')}")
    if deadline.start:
        parts.append(f"from {deadline.start.isoformat()}")
    if rule := deadline.rule:
        fields = {"day": rule.day, "month": rule.month, "weekday": rule.weekday}
        given = "".join(f" {k}={v}" for k, v in fields.items() if v is not None)
        parts.append(f"every {rule.every.value}{given}")
    if not deadline.resolved:
        parts.append("UNRESOLVED")
    return ", ".join(parts)


def _context(text: str, phrase: str) -> str:
    """The section's text around the phrase, on one line."""
    flat = one_line(text)
    at = max(flat.find(phrase), 0)
    return flat[max(at - _AROUND, 0) : at + len(phrase) + _AROUND]


if __name__ == "__main__":
    raise SystemExit(main())
