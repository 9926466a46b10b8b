"""Keeping the search index in step with the recommendations.

Whoever changes what the public can find calls ``search_index_refresh`` for the recommendations it
touched, or enqueues ``search_index_refresh_later`` from inside its transaction:

- an import, a publication or unpublication, an edit of a recommendation's text, tags or response;
- an assignment of an institution;
- a status update published (or unpublished): the index holds each recommendation's current status;
- a civil-society assessment published, or an organisation verified: the index says whether civil
  society agrees with the government;
- a "repeated" link made between recommendations;
- a plan adopted or closed, or an adopted plan's actions given other recommendations ("addressed").

Changes to vocabularies alone (a renamed institution or theme) need nothing: labels are read per
search. Moving a theme in the tree changes which recommendations count under its ancestors: rebuild
(``manage.py rebuild_search_index``).

Every refresh gives the index a new random version; each process sees it on its next search and reloads
its in-memory facet index (``search.index``).
"""

import secrets
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from plans.permissions import ADDRESSED_RECOMMENDATIONS_SQL
from upr_tracker import outbox

from .facets import ADDRESSED_CODES, CIVIL_SOCIETY_CODES, GROUP_CODES, RESPONSE_CODES, STATUS_CODES
from .models import SearchIndexState
from .text import TRIGRAMS_OF

INDEX_TABLES = ("search_searchentry", "search_searchposting", "search_searchword", "search_searchtrigram")
# Refreshes run one at a time: two of them rewriting the same rows would collide on the primary keys.
LOCK_ID = 0x5EA2C4

# BM25 term weight of a lexeme in a document, precomputed per posting: tf counts an occurrence in the
# recommendation's own text 1 and in a translation 0.4; the length is the number of distinct lexemes,
# against an assumed average of 20 (UPR recommendations have 15–30). The query side multiplies by IDF.
BM25_K1, BM25_B, AVERAGE_LEXEMES = 1.2, 0.75, 20.0
FURTHER_ON = -(2**63)  # bit 63 of a posting's positions: the lexeme also stands beyond position 62
BM25_SQL = f"""
    (tf * {BM25_K1 + 1})
    / (tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * length(e.document) / {AVERAGE_LEXEMES}))
"""


def _case(column: str, codes: dict[str, int]) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {code}" for value, code in codes.items())
    return f"CASE {column} {whens} ELSE 0 END"


# Filled with %(everything)s (bool) and %(ids)s (bigint[]): the recommendations to (re)index.
TARGET = "r.is_published AND (%(everything)s OR r.id = ANY(%(ids)s))"

ENTRIES_SQL = f"""
WITH RECURSIVE theme_up(theme_id, ancestor_id) AS (
    SELECT id, id FROM reference_theme
    UNION
    SELECT up.theme_id, t.parent_id
    FROM theme_up up JOIN reference_theme t ON t.id = up.ancestor_id
    WHERE t.parent_id IS NOT NULL
),
target AS (
    SELECT r.id, r.review_id, r.text, r.paragraph, r.response, r.action_category
    FROM recommendations_recommendation r
    WHERE {TARGET}
),
recommending AS (
    SELECT x.recommendation_id, array_agg(DISTINCT x.state_id) AS states,
           array_agg(DISTINCT {_case("s.regional_group", GROUP_CODES)}) AS groups
    FROM recommendations_recommendation_recommending_states x
    JOIN target ON target.id = x.recommendation_id
    JOIN reference_state s ON s.id = x.state_id
    GROUP BY 1
),
themes AS (
    SELECT x.recommendation_id, array_agg(DISTINCT up.ancestor_id) AS ids
    FROM recommendations_recommendation_themes x
    JOIN target ON target.id = x.recommendation_id
    JOIN theme_up up ON up.theme_id = x.theme_id
    GROUP BY 1
),
groups AS (
    SELECT x.recommendation_id, array_agg(DISTINCT x.affectedgroup_id) AS ids
    FROM recommendations_recommendation_affected_groups x
    JOIN target ON target.id = x.recommendation_id
    GROUP BY 1
),
targets AS (
    SELECT x.recommendation_id, array_agg(DISTINCT x.sdgtarget_id) AS ids
    FROM recommendations_recommendation_sdg_targets x
    JOIN target ON target.id = x.recommendation_id
    GROUP BY 1
),
goals AS (
    -- A recommendation linked to target 5.3 concerns goal 5 too.
    SELECT linked.recommendation_id, array_agg(DISTINCT g.number) AS numbers
    FROM (
        SELECT x.recommendation_id, x.sdggoal_id AS goal_id
        FROM recommendations_recommendation_sdg_goals x JOIN target ON target.id = x.recommendation_id
        UNION
        SELECT x.recommendation_id, t.goal_id
        FROM recommendations_recommendation_sdg_targets x
        JOIN target ON target.id = x.recommendation_id
        JOIN reference_sdgtarget t ON t.id = x.sdgtarget_id
    ) linked
    JOIN reference_sdggoal g ON g.id = linked.goal_id
    GROUP BY 1
),
institutions AS (
    SELECT a.recommendation_id, array_agg(DISTINCT a.institution_id) AS ids
    FROM institutions_assignment a JOIN target ON target.id = a.recommendation_id
    GROUP BY 1
),
status AS (
    SELECT DISTINCT ON (u.recommendation_id) u.recommendation_id, u.status
    FROM tracking_statusupdate u JOIN target ON target.id = u.recommendation_id
    WHERE u.state = 'published'
    ORDER BY u.recommendation_id, u.published_at DESC, u.id DESC
),
civil_society AS (
    -- The current approved assessments of verified organisations, as participation.permissions shows them.
    SELECT a.recommendation_id, array_agg(DISTINCT a.status) AS statuses
    FROM participation_assessment a
    JOIN target ON target.id = a.recommendation_id
    JOIN participation_organisation o ON o.id = a.organisation_id
    WHERE a.is_current AND a.moderation = 'approved' AND o.verified_at IS NOT NULL
    GROUP BY 1
),
repeated AS (
    SELECT DISTINCT l.source_id AS recommendation_id
    FROM recommendations_recommendationlink l JOIN target ON target.id = l.source_id
    WHERE l.kind = 'repeated'
),
addressed AS (
    SELECT x.recommendation_id
    FROM ({ADDRESSED_RECOMMENDATIONS_SQL}) x JOIN target ON target.id = x.recommendation_id
),
translations AS (
    SELECT t.recommendation_id, string_agg(t.text, ' ') AS texts
    FROM recommendations_translation t JOIN target ON target.id = t.recommendation_id
    GROUP BY 1
)
INSERT INTO search_searchentry (
    recommendation_id, state, state_group, mechanism, cycle, session, year, response, category, status,
    civil_society, repeated, addressed, sort_day, paragraph_key, recommending_states, recommending_groups,
    themes, affected_groups, sdg_goals, sdg_targets, institutions, document
)
SELECT
    r.id, rv.state_id, {_case("s.regional_group", GROUP_CODES)}, rv.mechanism_id,
    coalesce(c.number, 0), coalesce(se.number, 0), rv.year,
    {_case("r.response", RESPONSE_CODES)}, coalesce(r.action_category, 0),
    {_case("status.status", STATUS_CODES)},
    CASE
        WHEN civil_society.statuses IS NULL THEN 0
        WHEN status.status IS NULL THEN {CIVIL_SOCIETY_CODES["unanswered"]}
        WHEN civil_society.statuses = ARRAY[status.status]::varchar[] THEN {CIVIL_SOCIETY_CODES["agrees"]}
        ELSE {CIVIL_SOCIETY_CODES["disagrees"]}
    END,
    (repeated.recommendation_id IS NOT NULL)::int,
    CASE WHEN addressed.recommendation_id IS NULL THEN {ADDRESSED_CODES["no"]}
         ELSE {ADDRESSED_CODES["yes"]} END,
    coalesce(rv.date, make_date(greatest(rv.year, 1), 1, 1)) - DATE '1970-01-01',
    coalesce(substring(r.paragraph FROM '^([0-9]{{1,5}})')::int * 1000, 0)
        + coalesce(substring(r.paragraph FROM '^[0-9]{{1,5}}\\.([0-9]{{1,3}})')::int, 0),
    coalesce(recommending.states, '{{}}'), coalesce(recommending.groups, '{{}}'),
    coalesce(themes.ids, '{{}}'),
    coalesce(groups.ids, '{{}}'), coalesce(goals.numbers, '{{}}'), coalesce(targets.ids, '{{}}'),
    coalesce(institutions.ids, '{{}}'),
    setweight(to_tsvector('english', r.text), 'A')
        || setweight(to_tsvector('english', coalesce(translations.texts, '')), 'B')
FROM target r
JOIN recommendations_review rv ON rv.id = r.review_id
JOIN reference_state s ON s.id = rv.state_id
LEFT JOIN reference_session se ON se.id = rv.session_id
LEFT JOIN reference_cycle c ON c.id = se.cycle_id
LEFT JOIN recommending ON recommending.recommendation_id = r.id
LEFT JOIN themes ON themes.recommendation_id = r.id
LEFT JOIN groups ON groups.recommendation_id = r.id
LEFT JOIN goals ON goals.recommendation_id = r.id
LEFT JOIN targets ON targets.recommendation_id = r.id
LEFT JOIN institutions ON institutions.recommendation_id = r.id
LEFT JOIN status ON status.recommendation_id = r.id
LEFT JOIN civil_society ON civil_society.recommendation_id = r.id
LEFT JOIN repeated ON repeated.recommendation_id = r.id
LEFT JOIN addressed ON addressed.recommendation_id = r.id
LEFT JOIN translations ON translations.recommendation_id = r.id
"""

POSTINGS_SQL = f"""
INSERT INTO search_searchposting (lexeme, recommendation_id, score, positions)
SELECT t.lexeme, e.recommendation_id, {BM25_SQL}, weight.positions
FROM search_searchentry e
CROSS JOIN LATERAL unnest(e.document) t
CROSS JOIN LATERAL (
    SELECT coalesce(cardinality(array_positions(t.weights, 'A')), 0)
           + 0.4 * coalesce(cardinality(array_positions(t.weights, 'B')), 0) AS tf,
           (
               SELECT bit_or(CASE WHEN p <= 62 THEN 1::int8 << p ELSE {FURTHER_ON} END)
               FROM unnest(t.positions) p
           ) AS positions
) weight
WHERE %(everything)s OR e.recommendation_id = ANY(%(ids)s)
"""

# Words as written (the 'simple' configuration only lower-cases), with the English lexemes they stem to:
# every token PostgreSQL's parser finds (``5.3``, ``-19``, ``e-mail`` too), so that the search knows them.
WORDS_SQL = f"""
INSERT INTO search_searchword (word, lexemes, documents)
SELECT w.word, tsvector_to_array(to_tsvector('english', w.word)), count(*)
FROM recommendations_recommendation r
CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('simple', r.text || ' ' || coalesce(
    (SELECT string_agg(t.text, ' ') FROM recommendations_translation t WHERE t.recommendation_id = r.id), ''
)))) w(word)
WHERE {TARGET}
GROUP BY w.word
ON CONFLICT (word) DO UPDATE SET documents = greatest(search_searchword.documents, excluded.documents)
RETURNING word
"""

# The trigrams of the words just written (new or not: those already there are skipped), for the words of
# letters and digits only: corrections are offered for words, not for numbers or hyphenated compounds.
TRIGRAMS_SQL = f"""
WITH words AS ({WORDS_SQL})
INSERT INTO search_searchtrigram (trigram, word)
SELECT DISTINCT t.trigram, words.word
FROM words CROSS JOIN LATERAL unnest({TRIGRAMS_OF.format(word="words.word")}) t(trigram)
WHERE words.word ~ '^[[:alnum:]]+$'
ON CONFLICT DO NOTHING
"""

DELETE_SQL = """
DELETE FROM search_searchposting p
USING search_searchentry e, unnest(tsvector_to_array(e.document)) l(lexeme)
WHERE e.recommendation_id = ANY(%(ids)s)
  AND p.lexeme = l.lexeme AND p.recommendation_id = e.recommendation_id;
DELETE FROM search_searchentry WHERE recommendation_id = ANY(%(ids)s);
"""


def search_index_refresh(*, recommendation_ids: Iterable[int] | None = None) -> int:
    """Rebuild the index rows of ``recommendation_ids`` (all recommendations when None); returns the count.

    A few bulk statements whatever the number of rows: delete the old rows, insert what is published now
    (``INSERT … SELECT`` from the source tables), its postings and new words, and give the index a new
    version. Ids of unpublished or deleted recommendations just lose their rows. Atomic, and serialised
    with other refreshes by an advisory lock.

    A full refresh truncates the tables, which makes searches that need the database wait until it
    commits: at a million recommendations that is minutes, so run it (``rebuild_search_index``) after
    bulk loads or upgrades, not on every change.
    """
    everything = recommendation_ids is None
    ids = [] if everything else sorted({int(pk) for pk in recommendation_ids})
    params = {"everything": everything, "ids": ids}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        if everything:
            cursor.execute(f"TRUNCATE {', '.join(INDEX_TABLES)}")
        elif ids:
            cursor.execute(DELETE_SQL, params)
        if everything or ids:
            cursor.execute(ENTRIES_SQL, params)
            count = cursor.rowcount
            cursor.execute(POSTINGS_SQL, params)
            cursor.execute(TRIGRAMS_SQL, params)
        else:
            count = 0
        SearchIndexState.objects.update_or_create(
            pk=1, defaults={"version": secrets.randbits(62), "refreshed_at": timezone.now()}
        )
    return count


def search_index_refresh_later(recommendation_ids: Iterable[int]) -> None:
    """Refresh these recommendations' index rows in the background once the current transaction commits.

    For services whose transaction changes what the public sees (a status update published, a
    recommendation edited): the task runs after the commit, so it sees the change, and it is sent
    through the outbox, so a broker outage delays it instead of losing it.
    """
    ids = sorted({int(pk) for pk in recommendation_ids})
    if ids:
        outbox.send("search.tasks.search_index_refresh_task", recommendation_ids=ids)


def search_index_vacuum() -> None:
    """VACUUM ANALYZE the index tables: fresh statistics, and index-only scans that skip the table again.

    After a full rebuild the visibility map is empty, and every posting lookup would visit the table
    until autovacuum passes. Cannot run inside a transaction.
    """
    with connection.cursor() as cursor:
        for table in INDEX_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
