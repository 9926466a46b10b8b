"""Writes of the assistance: suggestions made and decided, and links between related recommendations.

Accepting is the only way a suggestion reaches a recommendation: it adds the theme or SDG target, or
sets the action category, records who decided and when, writes the audit entry and refreshes the search
index once the transaction commits.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from recommendations.models import ActionCategory, Recommendation, RecommendationLink
from reference.models import SdgTarget, Theme
from search.services import search_index_refresh_later
from tracking.models import AuditEntry
from upr_tracker.errors import ApplicationError, Conflict

from . import suggesters
from .datasets import Example, load_examples
from .models import Kind, ProcessedRecommendation, SuggesterModel, Suggestion
from .related import RelatedFinder

# Themes below this probability are not offered, except a recommendation's best one in each scheme.
THEME_MIN_CONFIDENCE = 0.2
THEMES_PER_SCHEME = 5
SDG_MIN_SCORE = 0.1
SDG_TARGETS = 3
BATCH = 5000


def _batches(ids: Iterable[int], size: int = BATCH):
    ids = sorted(set(ids))
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _decided(batch: list[int]) -> set[tuple]:
    """(recommendation, kind, value) of every decided suggestion: they are never offered again."""
    rows = Suggestion.objects.filter(recommendation_id__in=batch).exclude(state=Suggestion.State.PENDING)
    return {
        (pk, kind, theme or category or target)
        for pk, kind, theme, category, target in rows.values_list(
            "recommendation_id", "kind", "theme_id", "action_category", "sdg_target_id"
        )
    }


# The column holding a suggestion's value, by kind.
VALUE_COLUMNS = {Kind.THEME: "theme_id", Kind.CATEGORY: "action_category", Kind.SDG_TARGET: "sdg_target_id"}


def _offer(found: list, decided: set, recommendation_id: int, kind: str, value, confidence, model) -> bool:
    """Add the suggestion to ``found`` unless a person decided on that value already; True if added."""
    if not value or (recommendation_id, kind, value) in decided:
        return False
    found.append(
        Suggestion(
            recommendation_id=recommendation_id,
            kind=kind,
            confidence=round(float(confidence), 4),
            suggester=model,
            **{VALUE_COLUMNS[kind]: value},
        )
    )
    return True


def _theme_suggestions(in_use: dict, examples: list[Example], decided: set, texts: list[str]) -> list:
    """The likeliest themes of each scheme, for recommendations without a theme in that scheme."""
    model = in_use.get(Kind.THEME)
    suggester = suggesters.load(model)
    if suggester is None:
        return []
    theme_ids = {
        (scheme, code): pk
        for pk, scheme, code in Theme.objects.filter(scheme__in=suggester.schemes).values_list(
            "pk", "scheme", "code"
        )
    }
    found = []
    for scheme, probabilities in suggester.predict(texts).items():
        codes = suggester.schemes[scheme].theme_codes
        for example, row in zip(examples, probabilities, strict=True):
            if example.themes.get(scheme):
                continue
            for rank, column in enumerate(np.argsort(-row)[:THEMES_PER_SCHEME]):
                if rank and row[column] < THEME_MIN_CONFIDENCE:
                    break
                theme_id = theme_ids.get((scheme, codes[column]))
                _offer(found, decided, example.id, Kind.THEME, theme_id, row[column], model)
    return found


def _category_suggestions(in_use: dict, examples: list[Example], decided: set, texts: list[str]) -> list:
    """The most likely category not yet rejected, for recommendations without one."""
    model = in_use.get(Kind.CATEGORY)
    suggester = suggesters.load(model)
    rows = [i for i, e in enumerate(examples) if e.action_category is None]
    if suggester is None or not rows:
        return []
    found = []
    probabilities = suggester.predict([texts[i] for i in rows])
    for i, row in zip(rows, probabilities, strict=True):
        for column in np.argsort(-row):
            category = suggester.categories[column]
            if _offer(found, decided, examples[i].id, Kind.CATEGORY, category, row[column], model):
                break
    return found


def _sdg_suggestions(in_use: dict, examples: list[Example], decided: set, texts: list[str]) -> list:
    """The best targets for recommendations without any; within their SDG goals when they have some."""
    model = in_use.get(Kind.SDG_TARGET)
    suggester = suggesters.load(model)
    rows = [i for i, e in enumerate(examples) if not e.sdg_targets]
    if suggester is None or not rows:
        return []
    found = []
    target_ids = dict(SdgTarget.objects.values_list("code", "pk"))
    scores = suggester.predict([texts[i] for i in rows])
    goals = suggester.matcher.goals
    for i, row in zip(rows, scores, strict=True):
        example = examples[i]
        if example.sdg_goals:
            row = np.where(np.isin(goals, list(example.sdg_goals)), row, 0.0)
        for column in np.argsort(-row)[:SDG_TARGETS]:
            if row[column] >= SDG_MIN_SCORE:
                target_id = target_ids.get(suggester.matcher.codes[column])
                _offer(found, decided, example.id, Kind.SDG_TARGET, target_id, row[column], model)
    return found


def suggestions_create(*, recommendation_ids: Iterable[int]) -> Counter:
    """Suggest themes, a category and SDG targets for these recommendations, where they lack them.

    Pending suggestions of these recommendations are replaced by the current models' (a newer model
    knows better); decided ones stay, and their values are not offered again. Recommendations are
    processed 5,000 at a time, each batch in one transaction. Returns the count created per kind.
    """
    created = Counter()
    in_use = SuggesterModel.objects.in_use()
    for batch in _batches(recommendation_ids):
        examples = load_examples(Recommendation.objects.filter(pk__in=batch))
        texts = [e.text for e in examples]
        decided = _decided(batch)
        new = [
            *_theme_suggestions(in_use, examples, decided, texts),
            *_category_suggestions(in_use, examples, decided, texts),
            *_sdg_suggestions(in_use, examples, decided, texts),
        ]
        with transaction.atomic():
            Suggestion.objects.pending().filter(recommendation_id__in=batch, kind__in=in_use).delete()
            Suggestion.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
            if in_use:
                _mark_processed(batch, "suggested_at")
        created.update(s.kind for s in new)
    return created


def _mark_processed(ids: list[int], field: str) -> None:
    now = timezone.now()
    ProcessedRecommendation.objects.bulk_create(
        [ProcessedRecommendation(recommendation_id=pk, **{field: now}) for pk in ids],
        update_conflicts=True,
        unique_fields=["recommendation"],
        update_fields=[field],
        batch_size=BATCH,
    )


def _audit(rows: list[tuple[int, str, dict]], by) -> None:
    """One audit entry per recommendation changed: (recommendation id, action, changes)."""
    content_type = ContentType.objects.get_for_model(Recommendation)
    public_ids = dict(
        Recommendation.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "public_id")
    )
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=action,
                actor=by,
                content_type=content_type,
                object_id=pk,
                object_repr=public_ids.get(pk, str(pk)),
                changes=changes,
            )
            for pk, action, changes in rows
        ],
        batch_size=2000,
    )


def _apply(rows: list[tuple[int, str, int, int, int]], by) -> list[tuple[int, str, dict]]:
    """Write accepted values onto their recommendations: (suggestion id, kind, recommendation id, value id
    or category, previous category). Returns what changed, for the audit."""
    changes = []
    themes = [(rec, value) for _, kind, rec, value, _ in rows if kind == Kind.THEME]
    targets = [(rec, value) for _, kind, rec, value, _ in rows if kind == Kind.SDG_TARGET]
    categories = defaultdict(list)
    for _, kind, rec, value, previous in rows:
        if kind == Kind.CATEGORY:
            categories[value].append(rec)
            changes.append((rec, "assistance.suggestion.accepted", {"action_category": [previous, value]}))
    through = Recommendation.themes.through
    through.objects.bulk_create(
        [through(recommendation_id=rec, theme_id=theme) for rec, theme in themes], ignore_conflicts=True
    )
    names = dict(Theme.objects.filter(pk__in=[t for _, t in themes]).values_list("pk", "name"))
    changes += [(rec, "assistance.suggestion.accepted", {"themes": [None, names[t]]}) for rec, t in themes]
    if targets:
        known = SdgTarget.objects.filter(pk__in=[t for _, t in targets]).values_list("pk", "goal_id", "code")
        goal_of, code_of = {pk: goal for pk, goal, _ in known}, {pk: code for pk, _, code in known}
        through = Recommendation.sdg_targets.through
        through.objects.bulk_create(
            [through(recommendation_id=rec, sdgtarget_id=t) for rec, t in targets], ignore_conflicts=True
        )
        through = Recommendation.sdg_goals.through
        through.objects.bulk_create(
            [through(recommendation_id=rec, sdggoal_id=goal_of[t]) for rec, t in targets],
            ignore_conflicts=True,
        )
        changes += [
            (rec, "assistance.suggestion.accepted", {"sdg_targets": [None, code_of[t]]}) for rec, t in targets
        ]
    now = timezone.now()
    Recommendation.objects.filter(pk__in={rec for _, _, rec, _, _ in rows}).update(
        updated_at=now, updated_by=by
    )
    for category, recs in categories.items():
        Recommendation.objects.filter(pk__in=recs).update(action_category=category)
    return changes


def _value(suggestion_row: dict):
    return suggestion_row["theme_id"] or suggestion_row["action_category"] or suggestion_row["sdg_target_id"]


def suggestions_accept(*, suggestions: QuerySet[Suggestion], by) -> int:
    """Accept the pending ones among ``suggestions``, in one transaction; returns how many.

    One suggestion or ten thousand cost the same dozen statements. Of several pending category
    suggestions for one recommendation only the most confident is accepted (a recommendation has one).
    """
    with transaction.atomic():
        rows = list(
            suggestions.pending()
            .select_for_update(of=("self",))
            .order_by("recommendation_id", "-confidence")
            .values(
                "pk",
                "kind",
                "recommendation_id",
                "theme_id",
                "action_category",
                "sdg_target_id",
                "recommendation__action_category",
            )
        )
        seen_category = set()
        accepted = []
        for row in rows:
            if row["kind"] == Kind.CATEGORY:
                if row["recommendation_id"] in seen_category:
                    continue
                seen_category.add(row["recommendation_id"])
            accepted.append(
                (
                    row["pk"],
                    row["kind"],
                    row["recommendation_id"],
                    _value(row),
                    row["recommendation__action_category"],
                )
            )
        if not accepted:
            return 0
        changes = _apply(accepted, by)
        Suggestion.objects.filter(pk__in=[a[0] for a in accepted]).update(
            state=Suggestion.State.ACCEPTED, decided_by=by, decided_at=timezone.now()
        )
        _audit(changes, by)
        search_index_refresh_later(a[2] for a in accepted)
    return len(accepted)


def suggestions_reject(*, suggestions: QuerySet[Suggestion], by) -> int:
    """Reject the pending ones among ``suggestions``; nothing changes on the recommendations."""
    with transaction.atomic():
        return suggestions.pending().update(
            state=Suggestion.State.REJECTED, decided_by=by, decided_at=timezone.now()
        )


def suggestion_correct(
    *,
    suggestion: Suggestion,
    by,
    theme: Theme | None = None,
    action_category: int | None = None,
    sdg_target: SdgTarget | None = None,
) -> Suggestion:
    """Replace a pending suggestion by the value a person chose, of the same kind (a theme of the same
    scheme), and accept that value. The suggestion becomes ``corrected``; the chosen value is recorded as
    an accepted suggestion without a model, pointing back to it. Returns that accepted suggestion."""
    values = {
        Kind.THEME: theme and theme.pk,
        Kind.CATEGORY: action_category,
        Kind.SDG_TARGET: sdg_target and sdg_target.pk,
    }
    with transaction.atomic():
        original = (
            Suggestion.objects.select_for_update(of=("self",)).select_related("theme").get(pk=suggestion.pk)
        )
        if original.state != Suggestion.State.PENDING:
            raise Conflict(f"This suggestion was already {original.get_state_display().lower()}.")
        chosen = values[original.kind]
        if chosen is None or any(v is not None for k, v in values.items() if k != original.kind):
            raise ApplicationError(f"Choose another {original.get_kind_display().lower()}.")
        if original.kind == Kind.THEME and theme.scheme != original.theme.scheme:
            raise ApplicationError("Choose a theme of the same scheme.")
        if original.kind == Kind.CATEGORY and action_category not in ActionCategory.values:
            raise ApplicationError("Choose an action category from 1 to 5.")
        replacement, _ = Suggestion.objects.select_for_update().get_or_create(
            recommendation_id=original.recommendation_id,
            **{VALUE_COLUMNS[original.kind]: chosen},
            defaults={"kind": original.kind},
        )
        if replacement.pk != original.pk:
            original.state, original.decided_by, original.decided_at = (
                Suggestion.State.CORRECTED,
                by,
                timezone.now(),
            )
            original.save(update_fields=["state", "decided_by", "decided_at"])
            if replacement.corrects_id is None:
                replacement.corrects = original
                replacement.save(update_fields=["corrects"])
        if replacement.state != Suggestion.State.ACCEPTED:
            # Chosen now though rejected before: the person's latest word counts.
            Suggestion.objects.filter(pk=replacement.pk).update(
                state=Suggestion.State.PENDING, decided_by=None, decided_at=None
            )
            suggestions_accept(suggestions=Suggestion.objects.filter(pk=replacement.pk), by=by)
        replacement.refresh_from_db()
        return replacement


def related_links_update(*, recommendation_ids: Iterable[int]) -> Counter:
    """Find, for each of these recommendations, the most similar ones addressed to the same state in other
    reviews, and store them as links: ``repeated`` when the other is from an earlier cycle and at least
    ``related.REPEATED_THRESHOLD`` alike, ``similar`` otherwise.

    A link points from the later recommendation to the earlier. The automatic links a recommendation
    holds as the later one are replaced; links people made (``created_by`` set) are never touched. One
    state at a time: its recommendations are compared with each other in memory. Returns counts per kind.
    """
    finder = RelatedFinder()
    counts = Counter()
    for batch in _batches(recommendation_ids):
        found = finder.find(batch)
        with transaction.atomic():
            automatic = RecommendationLink.objects.filter(
                source_id__in=batch,
                kind__in=[RecommendationLink.Kind.REPEATED, RecommendationLink.Kind.SIMILAR],
                created_by__isnull=True,
            )
            repeated = {link.later for link in found if link.kind == RecommendationLink.Kind.REPEATED}
            repeated |= set(
                automatic.filter(kind=RecommendationLink.Kind.REPEATED).values_list("source_id", flat=True)
            )
            automatic.delete()
            RecommendationLink.objects.bulk_create(
                [
                    RecommendationLink(
                        source_id=link.later, target_id=link.earlier, kind=link.kind, score=link.score
                    )
                    for link in found
                ],
                update_conflicts=True,
                unique_fields=["source", "target", "kind"],
                update_fields=["score", "updated_at"],
                batch_size=2000,
            )
            _mark_processed(batch, "related_at")
            # Whether a recommendation repeats an earlier one is a search filter: refresh those concerned.
            search_index_refresh_later(repeated)
        counts.update(link.kind for link in found)
    return counts
