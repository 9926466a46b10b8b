"""``train_suggesters`` and ``evaluate_suggesters`` on recommendations in the database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assistance.models import Kind, SuggesterModel
from assistance.tasks import new_since_training, retrain_suggesters_if_needed_task
from recommendations.models import Recommendation, Review
from reference.models import Mechanism, Session, State, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_database(upr_info_sample):
    """400 real recommendations to Brazil, sessions 1–9, with their issues and categories."""
    sample = upr_info_sample[::7][:400]
    upr, brazil = Mechanism.objects.get(code="UPR"), State.objects.get(iso3="BRA")
    reviews = {
        s.number: Review.objects.create(state=brazil, mechanism=upr, session=s, year=s.year)
        for s in Session.objects.filter(number__in={e.session for e in sample})
    }
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(review=reviews[e.session], text=e.text, action_category=e.action_category)
        for e in sample
    )
    themes = dict(Theme.objects.filter(scheme="upr-info").values_list("code", "pk"))
    through = Recommendation.themes.through
    through.objects.bulk_create(
        through(recommendation_id=r.pk, theme_id=themes[code])
        for r, e in zip(recommendations, sample, strict=True)
        for code in e.themes["upr-info"]
    )
    return recommendations


def test_training_stores_a_new_version_of_each_suggester_with_its_figures(in_database, media):
    out = StringIO()
    call_command("train_suggesters", stdout=out)
    call_command("train_suggesters", stdout=StringIO())
    theme = SuggesterModel.objects.latest_of(Kind.THEME)
    assert theme.version == 2 and theme.training_size == 400
    assert set(theme.evaluation["upr-info"]) >= {"micro_f1", "macro_f1", "recall_at_3", "threshold"}
    assert SuggesterModel.objects.latest_of(Kind.CATEGORY).evaluation["accuracy"] > 0.6
    assert SuggesterModel.objects.latest_of(Kind.SDG_TARGET).labels == 169
    assert (media / theme.artifact.name).exists()
    assert "Theme v1 trained on 400 recommendations" in out.getvalue()


def test_evaluation_trains_on_earlier_sessions_and_tests_on_later_ones(in_database):
    out = StringIO()
    call_command("evaluate_suggesters", "--test-from-session", "7", stdout=out)
    printed = out.getvalue()
    assert "(sessions < 7)" in printed
    for figure in ("micro-F1", "macro-F1", "recall@3", "accuracy"):
        assert figure in printed
    assert not SuggesterModel.objects.exists()
    with pytest.raises(CommandError):
        call_command("evaluate_suggesters", "--test-from-session", "60", stdout=StringIO())


def test_beat_retrains_once_enough_new_recommendations_are_tagged(in_database, media, settings):
    settings.ASSISTANCE_RETRAIN_AFTER = 300
    assert new_since_training() == 400
    assert retrain_suggesters_if_needed_task() == ["Theme v1", "Action category v1", "SDG target v1"]
    assert new_since_training() == 0
    assert retrain_suggesters_if_needed_task() == []
