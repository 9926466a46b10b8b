"""The recommendations the suggesters learn from and are evaluated on, read from the database.

Themes and SDG targets are named by their codes, not their ids, in the examples and so in the trained
models: a model stays valid when reference data is reloaded or a database restored elsewhere.

A hundred thousand recommendations with their tags are read in four queries of plain tuples (no model
instances): that is most of what it costs to read them.
"""

from dataclasses import dataclass, field

from recommendations.models import Recommendation

from .learning.features import strip_attribution


@dataclass
class Example:
    id: int
    text: str
    session: int | None
    action_category: int | None
    themes: dict[str, set[str]] = field(default_factory=dict)  # scheme → theme codes
    sdg_targets: set[str] = field(default_factory=set)  # codes
    sdg_goals: set[int] = field(default_factory=set)  # numbers


def load_examples(recommendations=None) -> list[Example]:
    """Every recommendation of ``recommendations`` (default: all) with its text and tags, by id."""
    queryset = (Recommendation.objects.all() if recommendations is None else recommendations).order_by("id")
    examples = {
        pk: Example(pk, strip_attribution(text), session, category)
        for pk, text, session, category in queryset.values_list(
            "id", "text", "review__session__number", "action_category"
        )
    }
    ids = queryset.values("id")
    through = Recommendation.themes.through.objects.filter(recommendation_id__in=ids)
    for pk, scheme, code in through.values_list("recommendation_id", "theme__scheme", "theme__code"):
        examples[pk].themes.setdefault(scheme, set()).add(code)
    through = Recommendation.sdg_targets.through.objects.filter(recommendation_id__in=ids)
    for pk, code in through.values_list("recommendation_id", "sdgtarget__code"):
        examples[pk].sdg_targets.add(code)
    through = Recommendation.sdg_goals.through.objects.filter(recommendation_id__in=ids)
    for pk, number in through.values_list("recommendation_id", "sdggoal__number"):
        examples[pk].sdg_goals.add(number)
    return list(examples.values())


def split_by_session(examples: list[Example], first_test_session: int) -> tuple[list[Example], list[Example]]:
    """Training examples from sessions before ``first_test_session``, test examples from it on. Reviews
    without a UPR session (treaty bodies, special procedures) are in neither: they have no place on the
    sessions' time line."""
    train = [e for e in examples if e.session is not None and e.session < first_test_session]
    test = [e for e in examples if e.session is not None and e.session >= first_test_session]
    return train, test


def count_tagged() -> dict[str, int]:
    """How many recommendations each suggester could learn from now: with a theme, a category, an SDG
    target. Three counts, for deciding whether to retrain."""
    through = Recommendation.themes.through.objects
    return {
        "theme": through.values("recommendation_id").distinct().count(),
        "category": Recommendation.objects.filter(action_category__isnull=False).count(),
        "sdg_target": Recommendation.sdg_targets.through.objects.values("recommendation_id")
        .distinct()
        .count(),
    }
