"""The benchmark corpus generator: deterministic, written only where it is told, and shaped
like the real directives (each one parses with its number, date, province and duties)."""

from pathlib import Path

from bench import corpus
from bot.corpus import read_corpus
from bot.text import has_diacritics


def test_same_seed_same_corpus_and_smaller_corpora_are_prefixes(tmp_path: Path):
    small = corpus.write(tmp_path / "small", 5, seed=11)
    large = corpus.write(tmp_path / "large", 20, seed=11)
    assert [p.name for p in small] == [p.name for p in large[:5]]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(small, large, strict=False))
    other = corpus.write(tmp_path / "other", 5, seed=12)
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in small]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["large", "other", "small"]


def test_generated_directives_parse_like_real_ones(tmp_path: Path):
    corpus.write(tmp_path, 30, seed=7)
    parsed = read_corpus(tmp_path, (".txt",))
    assert not parsed.errors and len(parsed.parsed) == 30
    for p in parsed.parsed:
        d = p.directive
        assert d.number and d.date and d.province and d.issuer, d
        leads = [a for s in p.sections for a in s.assignees if a.role.value == "lead"]
        assert len(leads) >= 3, d.source
    deadlines = [s for p in parsed.parsed for s in p.sections if s.deadlines]
    assert len(deadlines) > 30


def test_questions_are_deterministic_and_some_lack_diacritics():
    questions = corpus.questions(7, 200)
    assert questions == corpus.questions(7, 200) and len(set(questions)) == 200
    bare = [q for q in questions if not has_diacritics(q)]
    assert 30 <= len(bare) <= 90
