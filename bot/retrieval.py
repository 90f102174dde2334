"""Question → ranked sections: hybrid dense + lexical search, agency and province aware.

- Dense: the vector index's top-k by inner product on normalised e5 vectors of the question
  (with diacritics restored from the corpus vocabulary when it was typed without them).
- Lexical: BM25's top-k over folded syllables and bigrams.
- A named province or directive number filters both searches; the union of the two top-k is
  fused by reciprocal rank and blended with how much of the question's topic the section
  covers.
- A duty question ("Sở Y tế phải làm gì?") lists the sections that assign the agency a task:
  lead before cooperating before addressed-as-a-group, spread over directives.
- Below the calibrated threshold the result is "not found".
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from collections.abc import Set as AbstractSet

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.agencies import predecessors
from bot.config import RetrievalSettings
from bot.embeddings import as_matrix
from bot.indexing import Index, lexical_text
from bot.metadata import find_province
from bot.tables import ROLE_RANK, SIGNATURE_PATH, Duty, role_in
from bot.text import (
    STOPWORDS,
    content_syllables,
    fold,
    has_diacritics,
    nfc,
    one_line,
    syllables,
)
from bot.types import Directive, Hit, Kind, Query, Role, SearchResult, Section
from bot.vi import abbreviations, places, questions

_DUTY = questions.cue(questions.DUTY)
_QUANTITY = questions.cue(questions.QUANTITY)
_WHEN = questions.cue(questions.WHEN)
_SIGNER = questions.cue(questions.SIGNER)
_NEWEST = questions.cue(questions.NEWEST)
_DIRECTIVE = questions.cue(questions.DIRECTIVE)
# Digits that answer no "how many": disease names, document numbers; dates (for quantities).
_NOT_A_QUANTITY = re.compile(
    r"covid\s*-?\s*19|\d+\s*[/-]\s*[A-ZĐ][\w/-]*|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|"
    r"năm\s+\d{4}",
    re.IGNORECASE,
)
_NOT_A_TIME = re.compile(r"covid\s*-?\s*19|\d+\s*/\s*[A-ZĐ][\w/-]*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ“\"(])|\n")
# "402-CV/TU", "3262/UBND-KGVX", "15/2020/NĐ-CP": digits, then a slash and capitals.
_DOCUMENT_NUMBER = re.compile(r"\b\d+(?:-[A-ZĐ]+)?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9-]*")
# The vector index is first asked for this many times [retrieval] candidates (then deeper
# while a section below could still be a candidate: see _fuse).
DEPTH = 2


def analyse(question: str, index: Index) -> Query:
    """Restore diacritics if missing, find agencies, province and the kind of question."""
    text = one_line(nfc(question))
    restored = text if has_diacritics(text) else index.restorer.restore(text)
    restored = abbreviations.expand(restored)
    folded = fold(text)
    agencies = tuple(index.gazetteer.find(restored))
    if _SIGNER.search(folded):
        kind = Kind.SIGNER
    elif _NEWEST.search(folded) and not agencies and _only_about_documents(folded):
        kind = Kind.NEWEST
    elif _DIRECTIVE.search(folded):
        kind = Kind.DIRECTIVE
    elif agencies and _DUTY.search(folded):
        kind = Kind.DUTY
    else:
        kind = Kind.FACT
    numbers = _document_numbers(text, index)
    query = Query(text, restored, folded, agencies, find_province(text), kind, numbers)
    if kind is Kind.FACT and agencies and not _left_over(query, index, frozenset()):
        # Nothing but an agency, a place and a directive: "so nn&mt dong thap kh 597".
        query = dataclasses.replace(query, kind=Kind.DUTY)
    return query


def _only_about_documents(folded: str) -> bool:
    """Whether a question holds nothing but its cue, document words and a place."""
    rest = _NEWEST.sub(" ", folded)
    place = find_province(rest)
    words = set(syllables(rest)) - questions.DOCUMENT_WORDS - STOPWORDS
    if place:
        words -= set(syllables(fold(place)))
    return not words


def _document_numbers(text: str, index: Index) -> tuple[str, ...] | None:
    """The indexed directives' numbers the question names; None if it names another one."""
    compact = re.sub(r"\s+", "", fold(text))
    numbers = index.tables.numbers
    named = tuple(sorted(n for n, folded in numbers.items() if folded in compact))
    if named:
        return named
    if referred := _referred(fold(text), index):
        return referred
    cited = [re.sub(r"\s+", "", fold(m)) for m in _DOCUMENT_NUMBER.findall(text)]
    if cited and not any(c in text for c in cited for text in index.tables.folded_texts):
        return None  # a document neither indexed nor quoted by one that is
    return ()


def _referred(folded: str, index: Index) -> tuple[str, ...]:
    """Indexed directives named by type and number ("KH 597", "công văn 1906"): those of the
    type named, or else of any type, whose number starts with the digits; () if none."""
    found: set[str] = set()
    for kind, digits in questions.references(folded):
        same = [d for d in index.directives if d.number and _leading_digits(d.number) == digits]
        typed = [d for d in same if fold(d.doc_type or "") == fold(kind)]
        found.update(d.number for d in typed or same if d.number)
    return tuple(sorted(found))


def _leading_digits(number: str) -> str:
    digits = re.match(r"\d+", number)
    return digits.group(0).lstrip("0") if digits else ""


def search(
    query: Query, index: Index, embedder: Embeddings, settings: RetrievalSettings
) -> SearchResult:
    """Ranked hits for the query and whether they answer it."""
    allowed = _allowed(query, index)
    if allowed is None:  # the question names a province or a document the index lacks
        return SearchResult(query, (), False)
    vector = as_matrix([embedder.embed_query(query.restored)])[0]
    wanted = _duty_positions(query, index, allowed) if query.kind is Kind.DUTY else None
    fused = _fuse(query, index, vector, allowed, settings, wanted)
    topical = False
    if query.kind is Kind.DUTY:
        hits, topical = _duty_hits(query, index, fused, allowed)
    elif query.kind is Kind.SIGNER:
        ranked = _by_subject(query, _ranked_hits(query, index, fused, vector, settings))
        hits = _signer_hits(ranked, index)
    elif query.kind is Kind.NEWEST:
        hits = _newest_hits(index, allowed)
    elif query.kind is Kind.DIRECTIVE:
        ranked = _ranked_hits(query, index, fused, vector, settings)
        hits = _directive_hits(_by_subject(query, ranked))
    else:
        hits = _answer_first(query, _ranked_hits(query, index, fused, vector, settings))
    result = SearchResult(query, tuple(_dedupe(hits)), False, topical)
    return dataclasses.replace(result, found=decide(result, settings))


def decide(result: SearchResult, settings: RetrievalSettings) -> bool:
    """Whether the hits answer the question: a duty question when some section gives the
    agency a task (a section that only names it does not); any other when the top hit is close
    enough to the question and covers enough of its topic (thresholds calibrated with
    scripts/calibrate.py), and holds a number when a number or a time is asked for."""
    if not result.hits:
        return False
    if result.query.kind is Kind.DUTY:  # a section that gives it a task, not only names it
        return any(hit.role not in (None, Role.MENTIONED) for hit in result.hits)
    if result.query.kind is Kind.NEWEST:
        return True
    top = result.hits[0]
    if result.query.kind is Kind.DIRECTIVE and result.query.numbers:
        return True  # the directive is named by its number
    return _confident(top, settings) and _gives_number(result.query, top)


def _allowed(query: Query, index: Index) -> np.ndarray | None:
    """Sections the question may be answered from; None if it names what the index lacks."""
    if query.numbers is None:
        return None
    tables = index.tables
    mask = np.ones(len(index.sections), dtype=bool)
    if query.numbers:
        numbers = set(query.numbers)
        mask = np.array([n in numbers for n in tables.numbers_of_sections], dtype=bool)
    if query.province and not query.numbers:  # a directive named by number is found anywhere
        mask &= tables.provinces == query.province
        if not mask.any():
            return None
    return mask


def _fuse(
    query: Query,
    index: Index,
    vector: np.ndarray,
    allowed: np.ndarray,
    settings: RetrievalSettings,
    wanted: np.ndarray | None = None,
) -> np.ndarray:
    """Reciprocal-rank fusion of the dense top-k and the lexical ranking (every section
    holding a word asked) among the allowed sections, by position, in [0, 1].

    The vector index is asked for more only while some section below its top-k could still
    be among the candidates (its lexical part plus the most the dense rank k + 1 adds reaches
    the candidates' floor), or is wanted (a duty listing orders its sections by fusion): so
    the candidates and their scores are those of fusing every section, exactly. Sections that
    cannot be candidates keep their lexical part only."""
    k, floor_rank = settings.rrf_k, settings.candidates
    lexical = _reciprocal(index.lexical.top(query.restored, len(allowed), allowed)[1], allowed, k)
    depth, limit = settings.candidates * DEPTH, int(allowed.sum())
    while True:
        _, ids = index.vectors.search(vector[np.newaxis], depth, allowed)
        dense = _reciprocal(ids[0][ids[0] >= 0], allowed, k)  # a store pads with id -1
        if depth >= limit:
            break
        fused = lexical + dense
        below = allowed & (dense == 0)
        bound = np.float32(1.0 / (k + depth + 1))  # the most a rank past the top-k adds
        floor = np.partition(fused, -floor_rank)[-floor_rank] if floor_rank < len(fused) else 0
        open_ = below & (lexical + bound >= floor)
        if wanted is not None:
            open_ |= below & wanted
        if not open_.any():
            break
        depth *= 2
    scores: np.ndarray = (dense + lexical) / (2.0 / (k + 1))
    return scores


def _reciprocal(ranked: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    """Each section's reciprocal-rank share in a ranking (0 when it is not in it)."""
    out = np.zeros(len(allowed), dtype=np.float32)
    out[ranked] = (1.0 / (k + np.arange(len(ranked)) + 1)).astype(np.float32)
    return out


def _metadata_words(index: Index, directive: Directive) -> AbstractSet[str]:
    """A directive's type, province, issuer and number, as words a section of it holds."""
    return index.tables.metadata_words[directive.source]


def _place_words(query: Query) -> set[str]:
    """The words the question names its province with ("TP.HCM", "tỉnh Lâm Đồng"): a section
    of a directive of that province holds them even when its text does not repeat them."""
    if not query.province:
        return set()
    spans = [m for m in places.mentions(query.text) if m.province == query.province]
    named = " ".join(query.text[m.start : m.end] for m in spans)
    return set(syllables(fold(named))) | questions.PLACE_WORDS


def _without_agencies(query: Query, index: Index) -> str:
    """The question, folded, without the agencies it names: what it asks about them ("Ai là
    Bộ trưởng Bộ Y tế?" is about "bộ trưởng", which a section naming Bộ Y tế need not hold)."""
    words = syllables(fold(query.restored))
    inside = {k for m in index.gazetteer.mentions(words) for k in range(m.start, m.end)}
    kept = [w for k, w in enumerate(words) if k not in inside]
    return " ".join(kept) if set(kept) - STOPWORDS else query.restored


def _typed_forms(query: Query, index: Index) -> dict[str, str]:
    """The syllables a question typed with diacritics spells as the corpus spells some word
    (folded → as typed): a typo the corpus never spells ("tê") is matched folded."""
    if not has_diacritics(query.text):
        return {}
    return {
        fold(word): word.lower()
        for word in re.findall(r"[^\W_]+", query.restored)
        if has_diacritics(word) and index.restorer.knows(word)
    }


def _ranked_hits(
    query: Query,
    index: Index,
    fused: np.ndarray,
    vector: np.ndarray,
    settings: RetrievalSettings,
) -> list[Hit]:
    """The candidates fusion ranks highest, scored by fusion, topic coverage and whether
    they give an agency asked about the lead."""
    ranked = np.flatnonzero(fused)  # the union of the two top-k, all allowed
    ranked = ranked[np.lexsort((ranked, -fused[ranked]))][: settings.candidates]
    candidates = [int(i) for i in ranked]
    dense = index.vectors.similarities(vector, ranked)
    place = _place_words(query)
    extras = [
        _metadata_words(index, d) | (place if d.province == query.province else set())
        for d in (index.sections[i].directive for i in candidates)
    ]
    texts = [lexical_text(index.sections[i]) for i in candidates]
    spelled = (_typed_forms(query, index), texts)
    coverages = index.lexical.coverage(query.restored, candidates, extras, spelled)
    # What the "found" decision weighs: how much of what is asked about the agencies named
    # the section holds (a section naming Bộ Y tế does not say who its minister is).
    asked = coverages
    if query.agencies:
        topic = _without_agencies(query, index)
        asked = index.lexical.coverage(topic, candidates, extras, spelled)
    hits = []
    for n, (i, coverage, held) in enumerate(zip(candidates, coverages, asked, strict=True)):
        section = index.sections[i]
        boost = 0.15 if set(query.agencies) & set(section.leads()) else 0.0
        score = 0.5 * float(fused[i]) + 0.5 * coverage + boost
        role = role_in(section, query.agencies)
        hits.append(Hit(section, score, held, role, float(dense[n])))
    return sorted(hits, key=lambda h: -h.score)


def _signer_hits(ranked: list[Hit], index: Index) -> list[Hit]:
    """"Who signed …?": the directives in the order their sections answer the question, each
    as its signature; none when the directive asked about does not say who signed."""
    signatures = index.tables.signatures
    hits: list[Hit] = []
    seen: set[str] = set()
    for hit in ranked:
        source = hit.section.directive.source
        if source in seen:
            continue
        seen.add(source)
        signature = signatures.get(source)
        if signature is None and not hits:
            return []  # the closest directive names no signer: not another one's
        if signature is not None:
            hits.append(Hit(signature, hit.score, hit.coverage, None, hit.similarity))
    return hits


def _newest_hits(index: Index, allowed: np.ndarray) -> list[Hit]:
    """"Which directives are the newest?": each allowed directive's first section, newest
    directive first (by its date, else the page's; undated last)."""
    first: dict[str, int] = {}
    for i, section in enumerate(index.sections):
        if allowed[i] and section.path != SIGNATURE_PATH:
            first.setdefault(section.directive.source, i)
    ordered = sorted(first.values(), key=lambda i: newest_first_key(index.sections[i].directive))
    return [Hit(index.sections[i], 1.0, 1.0, None, 1.0) for i in ordered]


_SUBJECT_SHARE = 0.5  # a directive whose subject holds this share of the question's words


def _by_subject(query: Query, ranked: list[Hit]) -> list[Hit]:
    """For a question about a directive ("Ai ký công văn về X?"): the hits of directives of
    the type it names first, then of those whose subject (trích yếu) holds most of what it
    says, the closest subject first; a directive is named by its type and subject more surely
    than by a section like it."""
    cue_words = {w for phrase in questions.SIGNER + questions.DIRECTIVE for w in phrase.split()}
    words = set(content_syllables(query.restored)) - questions.DOCUMENT_WORDS - cue_words
    words -= _place_words(query)

    def share(directive: Directive) -> float:
        subject = set(syllables(fold(directive.subject or "")))
        return len(words & subject) / len(words) if words else 0.0

    types = questions.types_named(query.folded)

    def key(hit: Hit) -> tuple[bool, float]:
        directive = hit.section.directive
        held = share(directive) if words else 0.0
        return (bool(types) and directive.doc_type not in types, -held * (held >= _SUBJECT_SHARE))

    return sorted(ranked, key=key)  # stable: otherwise in the order of the ranking


def _directive_hits(ranked: list[Hit]) -> list[Hit]:
    """"What number / which day / what does it say": the closest directive's sections, in
    the order they answer the question (the answer reads the directive's metadata)."""
    if not ranked:
        return []
    source = ranked[0].section.directive.source
    return [h for h in ranked if h.section.directive.source == source]


_ANSWER_WINDOW = 5  # of this many closest hits, those holding what is asked come first


def _answer_first(query: Query, hits: list[Hit]) -> list[Hit]:
    """For "how many / when": of the closest hits, those with a sentence holding what is
    asked (a number with its unit, a date) come first, in their order."""
    if not (_QUANTITY.search(query.folded) or _WHEN.search(query.folded)):
        return hits
    head = hits[:_ANSWER_WINDOW]
    holds = [_answering_sentence(query, hit.section) is not None for hit in head]
    first = [hit for hit, held in zip(head, holds, strict=True) if held]
    rest = [hit for hit, held in zip(head, holds, strict=True) if not held]
    return first + rest + hits[_ANSWER_WINDOW:]


def _confident(top: Hit, settings: RetrievalSettings) -> bool:
    if top.section.path == SIGNATURE_PATH:
        return True
    similarity = top.similarity
    if similarity >= settings.strong_dense and top.coverage >= settings.strong_dense_coverage:
        return True
    return similarity >= settings.min_dense and top.coverage >= settings.min_coverage


def _gives_number(query: Query, top: Hit) -> bool:
    """A "how many / when" question is answered only by a sentence holding what it asks: a
    number with the unit asked ("bao nhiêu tiền" → "… 5 triệu đồng", "bao nhiêu hội" → "06
    hội"), a date or time ("tháng mấy" → "tháng 3"), or a time word ("hằng tháng")."""
    return _answering_sentence(query, top.section) is not None


def answer_sentence(query: Query, section: Section) -> str:
    """The sentence of a section that answers the question: for "how many / when", the
    closest one holding what is asked; otherwise the one sharing most topic words."""
    return _answering_sentence(query, section) or best_sentence(section.text, query.restored)


def _answering_sentence(query: Query, section: Section) -> str | None:
    if _QUANTITY.search(query.folded):
        noise, wanted = _NOT_A_QUANTITY, _quantity_pattern(query.folded)
    elif _WHEN.search(query.folded):
        noise, wanted = _NOT_A_TIME, _time_pattern(query.folded)
    else:
        return best_sentence(section.text, query.restored)
    for sentence in ranked_sentences(section.text, query.restored)[:_ANSWER_SENTENCES]:
        if wanted.search(fold(noise.sub(" ", sentence))):
            return sentence
    return None


_ANSWER_SENTENCES = 3  # sentences of the top section, closest first, that may hold it
_NUMBER = r"\d[\d.,]*"
_ANY_TIME = re.compile(
    rf"\d|\b(?:{'|'.join(re.escape(w) for w in questions.TIME_WORDS)})\b"
)


def _quantity_pattern(folded: str) -> re.Pattern[str]:
    """What the answer to a "bao nhiêu / mấy" question must hold."""
    after = re.search(r"\bbao nhieu\s+(\w+)(?:\s+(\w+))?", folded)
    if after and after.group(1) not in questions.NOT_UNITS:
        two = f"{after.group(1)} {after.group(2)}" if after.group(2) else ""
        forms = questions.UNIT_FORMS.get(two) or questions.UNIT_FORMS.get(after.group(1))
        forms = forms or (after.group(1),)
        alternatives = "|".join(re.escape(f) for f in forms)
        return re.compile(rf"{_NUMBER}\s*(?:\w+\s+){{0,2}}?(?:{alternatives})(?!\w)")
    return re.compile(r"\d")


def _time_pattern(folded: str) -> re.Pattern[str]:
    """What the answer to a "khi nào / tháng mấy / hạn chót" question must hold."""
    for asked, unit in questions.TIME_UNITS.items():
        if asked in folded:
            date = r"|\d{1,2}\s*/\s*\d{1,2}" if unit in ("thang", "ngay") else ""
            return re.compile(rf"\b{unit}\s*{_NUMBER}|{_NUMBER}\s*{unit}\b|{_NUMBER}\s*h\b{date}")
    return _ANY_TIME


def best_sentence(text: str, question: str) -> str:
    """The sentence of a section that shares most topic words with the question."""
    sentences = ranked_sentences(text, question)
    return sentences[0] if sentences else text


def ranked_sentences(text: str, question: str) -> list[str]:
    """The sentences of a section, those sharing most topic words with the question first
    (document order among equals)."""
    wanted = set(content_syllables(question))
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return sorted(sentences, key=lambda s: -len(wanted & set(content_syllables(s))))


def _duty_hits(
    query: Query, index: Index, fused: np.ndarray, allowed: np.ndarray
) -> tuple[list[Hit], bool]:
    """Every section giving the agency a task, and whether they are ordered by the question's
    topic.

    Tiers: the agency alone leads and is named up front (heading or first clause); leads with
    others; leads further into the text; cooperates; is addressed as one of "các sở, ban,
    ngành"; is only mentioned. Within a tier, newest directive first, document order inside.
    A question with a topic ("… phải làm gì về tiêm chủng") keeps lead before cooperating
    before group, but within each puts the directives, and the sections, that hold the topic
    first.
    """
    # A province or a number drops whole directives: the order of the rest holds.
    listed = [(tier, i, hit) for tier, i, hit in _all_duties(index, query.agencies) if allowed[i]]
    if listed and min(tier for tier, _, _ in listed) >= _MENTION_TIER:
        # document order… (a duty always has its role)
        rows = sorted((tier, i, hit.role) for tier, i, hit in listed if hit.role is not None)
        rows = sorted(rows, key=lambda r: -fused[r[1]])[:10]  # …then most relevant
        return [_duty_hit(index, tier, i, role) for tier, i, role in _spread(rows, index)], False
    topic = topic_of(query, index)
    if not topic or not listed:
        return [hit for _, _, hit in listed], False
    positions = [i for _, i, _ in listed]
    extras = [_metadata_words(index, index.sections[i].directive) for i in positions]
    coverage = index.lexical.coverage(topic, positions, extras)
    relevance = {
        i: 0.5 * float(fused[i]) + 0.5 * c for i, c in zip(positions, coverage, strict=True)
    }
    by_directive: dict[str, float] = defaultdict(float)
    for i, score in relevance.items():
        source = index.sections[i].directive.source
        by_directive[source] = max(by_directive[source], score)

    def key(row: tuple[int, int, Hit]) -> tuple[int, float, float, int]:
        tier, i, _ = row
        source = index.sections[i].directive.source
        return (_BUCKET[min(tier, _MENTION_TIER)], -by_directive[source], -relevance[i], i)

    return [hit for _, _, hit in sorted(listed, key=key)], True


# Tiers that a topic may reorder among themselves: leads, cooperating, group, mentioned.
_BUCKET = {0: 0, 1: 0, 2: 0, 3: 1, 4: 2, 5: 3}


def topic_of(query: Query, index: Index) -> str:
    """What a duty question is about, folded: the question without the agencies it names,
    its duty words, its province and its document numbers ("" when nothing is left)."""
    return _left_over(query, index, questions.DUTY_WORDS)


def _left_over(query: Query, index: Index, drop: frozenset[str]) -> str:
    """The question's words, folded, but for the agencies and the place it names, the
    directives it refers to, stop words and the words in drop."""
    words = syllables(questions.REFERENCE.sub(" ", fold(query.restored)))
    named = index.gazetteer.mentions(words)
    inside = {k for m in named for k in range(m.start, m.end)}
    place = set(syllables(fold(query.province))) if query.province else set()
    numbers = {w for n in query.numbers or () for w in syllables(fold(n))}
    kept = [
        w
        for k, w in enumerate(words)
        if k not in inside
        and w not in drop
        and not (place and (w in place or w in questions.PLACE_WORDS))
        and w not in numbers
        and w not in STOPWORDS
    ]
    return " ".join(kept)


def _duty_positions(query: Query, index: Index, allowed: np.ndarray) -> np.ndarray:
    """A mask of the allowed sections a duty answer lists."""
    mask = np.zeros(len(allowed), dtype=bool)
    mask[[duty.position for duty in _all_duties(index, query.agencies)]] = True
    listed: np.ndarray = mask & allowed
    return listed


def _all_duties(index: Index, agencies: tuple[str, ...]) -> list[Duty]:
    """(tier, position, hit) of every section giving the agencies a role, in answer order;
    made once per index version and agency."""
    cache = index.tables.duties
    if agencies not in cache:
        roles, named = _roles(index, agencies), agencies
        older = tuple(p for a in agencies for p in predecessors(a, whole_only=True))
        for i, role in _roles(index, older).items():  # "Sở NN&MT" in a 2021 directive
            if i not in roles and _before_reform(index.sections[i].directive):
                roles[i], named = role, agencies + older
        rows = [
            (_tier(i, role, named, index), i, role)
            for i, role in sorted(roles.items())
            if index.sections[i].path != SIGNATURE_PATH
        ]
        cache[agencies] = [
            Duty(tier, i, _duty_hit(index, tier, i, role))
            for tier, i, role in _spread(rows, index)
        ]
    return cache[agencies]


# Departments merged from 1 March 2025: a directive before then names the predecessors.
REFORM_2025 = "2025-03-01"


def _before_reform(directive: Directive) -> bool:
    issued = directive.date or directive.published
    return issued is not None and issued < REFORM_2025


def _duty_hit(index: Index, tier: int, i: int, role: Role) -> Hit:
    return Hit(index.sections[i], round(1.0 - tier * 0.1, 2), 0.0, role)


_MENTION_TIER = 5


def _roles(index: Index, agencies: tuple[str, ...]) -> dict[int, Role]:
    """Every section that gives one of the agencies a role, by position: its strongest."""
    merged: dict[int, Role] = {}
    for agency in agencies:
        for i, role in index.tables.roles(agency).items():
            if i not in merged or ROLE_RANK[role] < ROLE_RANK[merged[i]]:
                merged[i] = role
    return merged


def _tier(i: int, role: Role, agencies: tuple[str, ...], index: Index) -> int:
    section = index.sections[i]
    if role is Role.LEAD:
        if not index.tables.up_front[i] & set(agencies):
            return 2
        return 0 if len(section.leads()) == 1 else 1
    return {Role.COOPERATING: 3, Role.GROUP: 4}.get(role, _MENTION_TIER)


def _spread(rows: list[tuple[int, int, Role]], index: Index) -> list[tuple[int, int, Role]]:
    """Order by tier, then round-robin over directives, newest first, document order within."""

    def newest_first(row: tuple[int, int, Role]) -> tuple[str, int]:
        return (newest_first_key(index.sections[row[1]].directive), row[1])

    ordered = []
    for tier in sorted({r[0] for r in rows}):
        queues: dict[str, list[tuple[int, int, Role]]] = defaultdict(list)
        for row in sorted((r for r in rows if r[0] == tier), key=newest_first):
            queues[index.sections[row[1]].directive.source].append(row)
        while any(queues.values()):
            for queue in queues.values():
                if queue:
                    ordered.append(queue.pop(0))
    return ordered


def newest_first_key(directive: Directive) -> str:
    """A sort key putting the newest directive first (by date, else page date; undated last)."""
    iso = directive.date or directive.published
    return iso.translate(str.maketrans("0123456789", "9876543210")) if iso else "~"


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop sections whose text repeats one already listed (the same directive filed twice)."""
    seen: set[str] = set()
    out = []
    for hit in hits:
        key = _topic_key(hit.section.text)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


@functools.lru_cache(maxsize=1 << 16)
def _topic_key(text: str) -> str:
    return " ".join(content_syllables(text))
