"""The search index: one denormalised row per published recommendation, and what full text needs.

Everything here is derived from the recommendations, their review, tags, assignments and published
status updates by ``services.search_index_refresh``; nothing else writes these tables, and dropping
their rows loses nothing (``manage.py rebuild_search_index`` builds them again).

- ``SearchEntry`` holds every facet as a small integer or an integer array, the sort keys and the
  weighted ``tsvector``. It is what the in-memory facet index (``search.index``) is loaded from, and what
  a plain SQL ``count(*)`` runs on when the benchmark measures the floor.
- ``SearchPosting`` is an inverted index in a B-tree: (lexeme, recommendation) with a precomputed term
  weight. PostgreSQL answers "which recommendations contain 'women'" from it with an index-only scan,
  without reading the table; through the GIN index it has to visit every matching row's page, which at
  a million rows is 10–30 times slower.
- ``SearchWord`` is the vocabulary of words as written (not stemmed) with their English lexemes: it
  completes words being typed ("discrim" → discrimination) and proposes corrections for typos.
- ``SearchTrigram`` lists the trigrams of each vocabulary word, so that a typo finds the words sharing
  most of its trigrams. It does what ``pg_trgm`` would, with plain tables: the embedded PostgreSQL the
  project starts without ``DATABASE_URL`` has no contrib extensions.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


def _ids():
    return ArrayField(models.IntegerField(), default=list, blank=True)


class SearchEntry(models.Model):
    """One published recommendation, flattened for search. Codes of choice fields are in ``search.facets``.

    No foreign-key constraints: rows are rebuilt in bulk from the source tables, and a recommendation
    deleted by raw SQL (the synthetic data generator does) must not be blocked by its index row; the
    next refresh removes it.
    """

    recommendation_id = models.BigIntegerField(primary_key=True)
    state = models.IntegerField()
    state_group = models.SmallIntegerField()
    mechanism = models.IntegerField()
    cycle = models.SmallIntegerField()
    session = models.SmallIntegerField()
    year = models.SmallIntegerField()
    response = models.SmallIntegerField()
    category = models.SmallIntegerField()
    status = models.SmallIntegerField()
    civil_society = models.SmallIntegerField(
        default=0, help_text="Verified organisations' assessments against the government's status."
    )
    repeated = models.SmallIntegerField(
        default=0, help_text="1: repeats a recommendation of an earlier cycle."
    )
    addressed = models.SmallIntegerField(
        default=0, help_text="1: an action of an adopted plan addresses it (plans.permissions)."
    )
    sort_day = models.IntegerField(
        help_text="Days from 1970-01-01 to the review's date (or 1 January of its year)."
    )
    paragraph_key = models.IntegerField(help_text="115.3 → 115003: orders paragraphs within a review.")
    recommending_states = _ids()
    recommending_groups = _ids()
    themes = _ids()
    affected_groups = _ids()
    sdg_goals = _ids()
    sdg_targets = _ids()
    institutions = _ids()
    document = SearchVectorField()

    class Meta:
        indexes = [
            GinIndex(fields=["document"], name="search_entry_document"),
            # The engine itself never uses the indexes below: they let the benchmark's plain SQL
            # count (the floor its timings are compared with) be as fast as PostgreSQL can be.
            models.Index(fields=["state"], name="search_entry_state"),
            models.Index(fields=["session"], name="search_entry_session"),
            models.Index(fields=["year"], name="search_entry_year"),
            GinIndex(fields=["themes"], name="search_entry_themes"),
            GinIndex(fields=["recommending_states"], name="search_entry_recommending"),
        ]

    def __str__(self):
        return f"search entry {self.recommendation_id}"


class SearchPosting(models.Model):
    """Lexeme → recommendation, with the term's BM25 weight in the document (``services.BM25_SQL``) and
    where it stands: bit p of ``positions`` is set for position p ≤ 62; bit 63 says "also further on".

    The positions answer phrase queries ("death penalty": a 'death' bit one below a 'penalti' bit) for
    all but the rare long texts, which PostgreSQL checks. The primary key carries ``score`` and
    ``positions`` as included columns (see the migration), so looking a lexeme up never reads the table.
    """

    pk = models.CompositePrimaryKey("lexeme", "recommendation_id")
    lexeme = models.TextField(db_collation="C")
    recommendation_id = models.BigIntegerField()
    score = models.FloatField()
    positions = models.BigIntegerField()

    def __str__(self):
        return f"{self.lexeme} → {self.recommendation_id}"


class SearchWord(models.Model):
    """A word of the indexed texts as written, lower-cased, with the English lexemes it stems to."""

    word = models.TextField(primary_key=True, db_collation="C")
    lexemes = ArrayField(models.TextField(), default=list)
    documents = models.IntegerField(help_text="In how many recommendations it occurs (approximate).")

    def __str__(self):
        return self.word


class SearchTrigram(models.Model):
    """A trigram of a vocabulary word, as ``pg_trgm`` cuts them: "  war" gives "  w", " wa", "war", "ar "."""

    pk = models.CompositePrimaryKey("trigram", "word")
    trigram = models.TextField(db_collation="C")
    word = models.TextField(db_collation="C")

    def __str__(self):
        return f"{self.trigram} → {self.word}"


class SearchIndexState(models.Model):
    """One row: a random version, new at every refresh, that tells each process its index is stale.

    Random rather than a counter because a rolled-back refresh (every test) would let a counter repeat a
    value some process already loaded with other data.
    """

    version = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"search index version {self.version}"
