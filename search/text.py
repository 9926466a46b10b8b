"""Free text: parsing the query, finding the matching recommendations and their BM25 scores.

The query language is the one search boxes use: words are all required, ``"death penalty"`` is a phrase,
``-word`` or ``-"a phrase"`` excludes, ``OR`` between two terms accepts either. Words are stemmed with
PostgreSQL's English configuration (``women`` finds ``woman``, ``torture`` finds ``tortured``).

A word that no recommendation contains is not given up on: if it starts some words ("discrim"), it
matches them all (typing in progress); if it starts none, it is probably a typo, and ``suggestion``
proposes the closest word of the vocabulary by trigram similarity ("tortrue" → "torture"), found in
``SearchTrigram``.

How a search runs, in two queries (three with phrases; one more per phrase meeting long texts):

1. ``_read_words``: one query looks every word up in ``SearchWord``: its English lexemes, whether it is
   known, completions for unknown prefixes, a correction for the rest.
2. ``_read_phrases`` (only with phrases): how PostgreSQL reads each phrase (lexemes and distances).
3. ``_read_postings``: one query reads the postings of every lexeme from the B-tree (an index-only scan)
   as packed binary records (id, BM25 score, and position bits for the lexemes of phrases).

Matching, phrase positions and scoring then happen in numpy over the rows of the facet index. A phrase
whose words may stand beyond position 62 of a long text is checked by PostgreSQL for those rows only.
"""

import re
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .index import FacetIndex

MAX_QUERY_LENGTH = 500
MAX_TERMS = 16
MAX_COMPLETIONS = 50
MIN_PREFIX = 3
MAX_CORRECTIONS = 8
# Trigram similarity as pg_trgm reckons it: shared trigrams / trigrams of either word. A word of n
# letters, padded with two spaces before and one after, has n + 1 trigrams (fewer distinct ones only
# where a trigram repeats, which the count below ignores).
MIN_SIMILARITY = 0.3
TRIGRAMS_OF = (
    "ARRAY(SELECT DISTINCT substr('  ' || {word} || ' ', i, 3) FROM generate_series(1, length({word}) + 1) i)"
)
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass
class Term:
    words: list[str]
    phrase: bool = False
    negated: bool = False


@dataclass
class WordInfo:
    lexemes: list[str]
    known: bool
    completions: list[str]
    correction: str | None


@dataclass
class ParsedQuery:
    """AND of clauses; a clause is an OR of terms. Negated terms exclude. ``info``: what the index knows
    of each word."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    info: dict[str, WordInfo] = field(default_factory=dict)

    @property
    def words(self) -> list[str]:
        terms = [term for clause in self.clauses for term in clause] + self.excluded
        return list(dict.fromkeys(word for term in terms for word in term.words))


def _pieces(query: str) -> list[tuple[bool, str] | None]:
    """The query's terms as (negated, text), None for an ``OR`` (in any case) between two of them."""
    pieces = []
    for match in TOKEN.finditer(query[:MAX_QUERY_LENGTH]):
        phrase_sign, phrase, word_sign, raw = match.groups()
        if raw is not None and raw.upper() == "OR":
            pieces.append(None)
        else:
            pieces.append((bool(phrase_sign or word_sign), phrase if phrase is not None else raw))
    return pieces


def parse(query: str) -> ParsedQuery:
    """Split a query into terms, as ``websearch_to_tsquery`` would, keeping each word as written.

    The words of each term are those PostgreSQL's parser finds in it, as in the documents: ``COVID-19``
    is ``covid`` and ``-19``, ``5.3`` one number, ``e-mail`` one hyphenated word. One query, which also
    looks every word up (``_read_words``).
    """
    pieces = _pieces(query)
    texts = [piece[1] for piece in pieces if piece is not None]
    words_of, info = _read_words(texts)
    parsed = ParsedQuery(info=info)
    join_next, number = False, 0
    for piece in pieces:
        if piece is None:
            join_next = bool(parsed.clauses)
            continue
        negated, _text = piece
        words, number = words_of.get(number + 1, []), number + 1
        if not words:
            continue
        # A quoted single word is a word; a term the parser splits ("women's", "COVID-19") is a phrase, as
        # in PostgreSQL.
        term = Term(words, phrase=len(words) > 1, negated=negated)
        if term.negated:
            parsed.excluded.append(term)
        elif join_next:
            parsed.clauses[-1].append(term)
        else:
            parsed.clauses.append([term])
        join_next = False
        if len(parsed.clauses) + len(parsed.excluded) >= MAX_TERMS:
            break
    return parsed


# Each text's tokens as PostgreSQL's default parser reads them (the parts of a hyphenated word are left
# out: the word itself stands for them), then for each word: its English lexemes, whether the vocabulary
# knows it, completions for an unknown prefix, corrections (letters only) for the rest.
WORDS_SQL = f"""
WITH tokens AS (
    SELECT x.n, p.ord, lower(p.token) AS word
    FROM unnest(%s::text[]) WITH ORDINALITY AS x(text, n)
    CROSS JOIN LATERAL ts_parse('default', x.text) WITH ORDINALITY AS p(tokid, token, ord)
    JOIN ts_token_type('default') type ON type.tokid = p.tokid
    WHERE type.alias NOT IN ('blank', 'hword_part', 'hword_asciipart', 'hword_numpart')
)
SELECT w.n, w.word, tsvector_to_array(to_tsvector('english', w.word)), known.yes, completion.lexemes,
       correction.words
FROM tokens w
CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM search_searchword s WHERE s.word = w.word) AS yes) known
LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT lexeme) AS lexemes
    FROM (
        SELECT s.lexemes FROM search_searchword s
        WHERE NOT known.yes AND length(w.word) >= {MIN_PREFIX} AND s.word LIKE w.word || '%%'
        ORDER BY s.documents DESC LIMIT {MAX_COMPLETIONS}
    ) completed, unnest(completed.lexemes) lexeme
) completion ON true
LEFT JOIN LATERAL (
    SELECT array_agg(candidate.word ORDER BY candidate.documents DESC) AS words
    FROM (
        SELECT shared.word, s.documents
        FROM (
            SELECT t.word, count(*) AS trigrams
            FROM search_searchtrigram t
            WHERE NOT known.yes AND completion.lexemes IS NULL AND w.word ~ '^[[:alpha:]]+$'
              AND t.trigram = ANY({TRIGRAMS_OF.format(word="w.word")})
            GROUP BY t.word
        ) shared
        JOIN search_searchword s ON s.word = shared.word
        CROSS JOIN LATERAL (
            SELECT shared.trigrams::float
                   / (length(w.word) + 1 + length(shared.word) + 1 - shared.trigrams) AS similarity
        ) measure
        WHERE measure.similarity >= {MIN_SIMILARITY}
        ORDER BY measure.similarity DESC, s.documents DESC LIMIT {MAX_CORRECTIONS}
    ) candidate
) correction ON true
ORDER BY w.n, w.ord
"""


def _read_words(texts: list[str]) -> tuple[dict[int, list[str]], dict[str, WordInfo]]:
    """({text number from 1: its words}, {word: what the index knows of it}), in one query."""
    words_of: dict[int, list[str]] = {}
    info: dict[str, WordInfo] = {}
    if not texts:
        return words_of, info
    with connection.cursor() as cursor:
        cursor.execute(WORDS_SQL, [texts])
        for number, word, lexemes, known, completions, candidates in cursor.fetchall():
            words_of.setdefault(number, []).append(word)
            info[word] = WordInfo(lexemes or [], known, completions or [], _closest(word, candidates or []))
    return words_of, info


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps of neighbours."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if previous2 is not None and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _closest(word: str, candidates: list[str]) -> str | None:
    """Among trigram look-alikes (most frequent first), the fewest edits away: "tortrue" → "torture", not
    "true", which shares as many trigrams."""
    return min(candidates, key=lambda candidate: _edits(word, candidate), default=None)


POSTING = np.dtype([("id", ">i4"), ("score", ">f4")])
POSTING_WITH_POSITIONS = np.dtype([("id", ">i4"), ("score", ">f4"), ("positions", ">u8")])
FURTHER_ON = np.uint64(1 << 63)  # see SearchPosting.positions
NEAR = np.uint64((1 << 63) - 1)


def _read_postings(lexemes: list[str], with_positions: list[str]) -> dict[str, np.ndarray]:
    """Every lexeme's postings as records (id, score[, positions]), from an index-only scan.

    Packed in SQL and read as one ``bytea`` per lexeme: no Python object per posting. Ids travel as
    32-bit integers (half the bytes; the index holds no id beyond 2**31); positions only for the lexemes
    of phrases.
    """
    if not lexemes:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT lexeme, false, string_agg(
                int4send(recommendation_id::int4) || float4send(score), ''::bytea
            )
            FROM search_searchposting WHERE lexeme = ANY(%(plain)s) GROUP BY lexeme
            UNION ALL
            SELECT lexeme, true, string_agg(
                int4send(recommendation_id::int4) || float4send(score) || int8send(positions), ''::bytea
            )
            FROM search_searchposting WHERE lexeme = ANY(%(positioned)s) GROUP BY lexeme
            """,
            {"plain": sorted(set(lexemes) - set(with_positions)), "positioned": with_positions},
        )
        return {
            lexeme: np.frombuffer(bytes(packed), dtype=POSTING_WITH_POSITIONS if positions else POSTING)
            for lexeme, positions, packed in cursor.fetchall()
        }


PHRASE_TOKEN = re.compile(r"'((?:[^'\\]|''|\\.)*)'|<(\d+|-)>|(\S)")


def _phrase_steps(tsquery: str) -> list[tuple[str, int]] | None:
    """``'death' <-> 'penalti'`` → [('death', 0), ('penalti', 1)]: each lexeme and its distance from the
    one before. None for what is not such a chain (a hyphenated word makes ``&`` inside a phrase)."""
    steps, distance = [], 0
    for lexeme, operator, other in PHRASE_TOKEN.findall(tsquery):
        if other:
            return None
        if operator:
            distance = 1 if operator == "-" else int(operator)
        elif steps and not distance:
            return None
        else:
            steps.append((lexeme.replace("''", "'").replace("\\\\", "\\"), distance))
            distance = 0
    return steps or None


def _read_phrases(phrases: list[str]) -> list[str]:
    """Each phrase as PostgreSQL reads it: ``freedom of expression`` → ``'freedom' <2> 'express'``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phraseto_tsquery('english', p)::text "
            "FROM unnest(%s::text[]) WITH ORDINALITY x(p, n) ORDER BY n",
            [phrases],
        )
        return [row[0] for row in cursor.fetchall()]


def _read_phrase_matches(phrase: str, ids: list[int] | None) -> np.ndarray:
    """Ids where ``phrase`` stands, among ``ids`` (all when None): PostgreSQL checks the positions."""
    among = "" if ids is None else "AND recommendation_id = ANY(%s::bigint[])"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT string_agg(int8send(recommendation_id), ''::bytea) FROM search_searchentry
            WHERE document @@ phraseto_tsquery('english', %s) {among}
            """,
            [phrase] if ids is None else [phrase, ids],
        )
        packed = cursor.fetchone()[0]
    return np.frombuffer(bytes(packed or b""), dtype=">i8")


@dataclass
class TextMatch:
    """The rows matching the text, their relevance, and what the result page needs to show it."""

    mask: np.ndarray | None  # None: the query held no searchable word, nothing is filtered
    scores: np.ndarray | None
    highlight_lexemes: list[str]
    suggestion: str | None
    corrected_from: str | None = None  # the query as typed, when the corrected one was searched instead
    query: str = ""  # the query searched


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def highlight_query(lexemes: list[str]) -> str:
    """A tsquery matching any of ``lexemes``, for ``ts_headline``."""
    return " | ".join(_quote(lexeme) for lexeme in lexemes)


class _Matcher:
    """Evaluates one parsed query over the facet index's rows, from what the queries above returned."""

    def __init__(self, parsed: ParsedQuery, index: FacetIndex):
        self.parsed, self.index, self.size = parsed, index, index.size
        self.info = parsed.info
        terms = [term for clause in parsed.clauses for term in clause] + parsed.excluded
        phrases = [term for term in terms if term.phrase]
        self.steps = {}
        if phrases:
            texts = [" ".join(term.words) for term in phrases]
            self.steps = {
                text: _phrase_steps(tsquery)
                for text, tsquery in zip(texts, _read_phrases(texts), strict=True)
            }
        wanted, positioned = set(), set()
        for term in terms:
            required, completions = self.lexemes_of(term)
            wanted.update(required, [] if term.negated else completions)
            steps = self.steps.get(" ".join(term.words)) if term.phrase else None
            positioned.update(lexeme for lexeme, _distance in steps or ())
        self.postings = _read_postings(sorted(wanted), sorted(positioned))
        self.rows_cache: dict[str, tuple] = {}

    def lexemes_of(self, term: Term) -> tuple[list[str], list[str]]:
        """(lexemes all required, completions any of which will do) of a term."""
        required = list(dict.fromkeys(lexeme for word in term.words for lexeme in self.info[word].lexemes))
        completions = []
        if not term.phrase and not self.info[term.words[0]].known:
            completions = self.info[term.words[0]].completions
        return required, completions

    def rows(self, lexeme: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row positions, BM25 score with IDF, position bits) of a lexeme's postings (bits only for the
        lexemes of phrases; zero for the others)."""
        if lexeme not in self.rows_cache:
            records = self.postings.get(lexeme, np.zeros(0, dtype=POSTING))
            rows = np.searchsorted(self.index.ids, records["id"]) if self.size else np.zeros(0, np.int64)
            valid = rows < self.size
            valid[valid] = self.index.ids[rows[valid]] == records["id"][valid]
            found = len(records)
            idf = np.log(1 + (max(self.size, 1) - found + 0.5) / (found + 0.5))
            if "positions" in records.dtype.names:
                bits = records["positions"][valid]
            else:
                bits = np.zeros(int(valid.sum()), dtype=np.uint64)
            self.rows_cache[lexeme] = rows[valid], (records["score"][valid] * idf).astype(np.float32), bits
        return self.rows_cache[lexeme]

    def mask_of(self, lexemes: list[str], *, every: bool) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        if every:
            mask[:] = True
            for lexeme in lexemes:
                hit = np.zeros(self.size, dtype=bool)
                hit[self.rows(lexeme)[0]] = True
                mask &= hit
        else:
            for lexeme in lexemes:
                mask[self.rows(lexeme)[0]] = True
        return mask

    def phrase_mask(self, term: Term) -> np.ndarray:
        """Rows where the phrase's lexemes stand at its distances, read from the postings' position bits.

        Rows where a lexeme also stands beyond position 62 and the bits found nothing are left to
        PostgreSQL (one query, for those rows only); so is a phrase that is not a plain chain.
        """
        text = " ".join(term.words)
        steps = self.steps.get(text)
        mask = np.zeros(self.size, dtype=bool)
        if steps is None:
            mask[self.index.positions_of(_read_phrase_matches(text, None))] = True
            return mask
        candidates = np.flatnonzero(self.mask_of([lexeme for lexeme, _ in steps], every=True))
        near = np.zeros(len(candidates), dtype=np.uint64)
        further = np.zeros(len(candidates), dtype=bool)
        for number, (lexeme, distance) in enumerate(steps):
            rows, _score, bits = self.rows(lexeme)
            by_row = np.zeros(self.size, dtype=np.uint64)
            by_row[rows] = bits
            mine = by_row[candidates]
            further |= (mine & FURTHER_ON) != 0
            near = mine & NEAR if number == 0 else (near << np.uint64(distance)) & mine & NEAR
        mask[candidates[near != 0]] = True
        unsure = candidates[(near == 0) & further]
        if len(unsure):
            mask[self.index.positions_of(_read_phrase_matches(text, self.index.ids[unsure].tolist()))] = True
        return mask

    def term_mask(self, term: Term, scores: np.ndarray | None) -> np.ndarray | None:
        required, completions = self.lexemes_of(term)
        if not required and not completions:
            return None  # only stop words: "the", "of"
        if term.phrase:
            mask = self.phrase_mask(term)
        elif completions:
            mask = self.mask_of(completions, every=False)
        else:
            mask = self.mask_of(required, every=True)
        if scores is not None:
            for lexeme in required + completions:
                rows, score, _bits = self.rows(lexeme)
                scores[rows] += score  # a lexeme's postings hold each row once
        return mask

    def match(self) -> np.ndarray | None:
        self.scores = np.zeros(self.size, dtype=np.float32)
        matched = None
        for clause in self.parsed.clauses:
            clause_mask = None
            for term in clause:
                mask = self.term_mask(term, self.scores)
                if mask is not None:
                    clause_mask = mask if clause_mask is None else clause_mask | mask
            if clause_mask is not None:
                matched = clause_mask if matched is None else matched & clause_mask
        for term in self.parsed.excluded:
            mask = self.term_mask(term, None)
            if mask is not None:
                matched = ~mask if matched is None else matched & ~mask
        return matched

    def highlight_lexemes(self) -> list[str]:
        lexemes = []
        for clause in self.parsed.clauses:
            for term in clause:
                required, completions = self.lexemes_of(term)
                lexemes += required + completions
        return list(dict.fromkeys(lexemes))

    def suggestion(self, query: str) -> str | None:
        words = self.parsed.words
        corrected = [self.info[word].correction or word for word in words]
        if corrected == words:
            return None
        for word, correction in zip(words, corrected, strict=True):
            if correction != word:
                query = re.sub(rf"(?i)\b{re.escape(word)}\b", correction, query)
        return query


def match_text(query: str, index: FacetIndex, *, correct: bool = True) -> TextMatch:
    """The rows matching ``query``, scored; 2 queries, plus one if there are phrases.

    When the query matches nothing and a correction of its words exists, the corrected query is searched
    instead (``corrected_from`` keeps the query as typed): "tortrue" finds what "torture" finds. That
    costs the same queries once more. ``correct=False`` searches the words as typed.
    """
    parsed = parse(query)
    if not parsed.words:
        return TextMatch(None, None, [], None, query=query)
    matcher = _Matcher(parsed, index)
    matched = matcher.match()
    suggestion = matcher.suggestion(query)
    if correct and suggestion and (matched is None or not matched.any()):
        corrected = match_text(suggestion, index, correct=False)
        if corrected.mask is not None and corrected.mask.any():
            corrected.corrected_from = query
            return corrected
    return TextMatch(matched, matcher.scores, matcher.highlight_lexemes(), suggestion, query=query)
