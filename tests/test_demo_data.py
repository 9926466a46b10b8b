"""The demo content (``seed_demo``) and the synthetic benchmark rows (``generate_recommendations``)."""

import csv
import io
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone

from assistance.models import Kind, SuggesterModel, Suggestion
from indicators.models import Indicator
from institutions.models import Assignment, Institution, Membership
from participation.models import Assessment, Comment, Consultation
from recommendations import demo, synthetic
from recommendations.models import ImportRecord, Recommendation, Response
from reference.models import RegionalGroup, State
from tests.shared_data import shared_file
from tracking.models import Evidence, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed_demo(**options):
    call_command("seed_demo", stdout=StringIO(), **options)


def generate(count, seed, **options):
    call_command("generate_recommendations", count=count, seed=seed, stdout=StringIO(), **options)
    return Recommendation.objects.filter(source_key__startswith=f"synthetic:{seed}:")


def row_counts():
    """Rows in every table, to show that a run changed nothing. The outbox is left out: it holds tasks
    owed to the worker, which this test's transaction never commits, so never sends."""
    tables = set(connection.introspection.table_names())
    models = [
        model
        for model in apps.get_models()
        if model._meta.db_table in tables and model._meta.app_label != "outbox"
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


def test_seed_demo_loads_the_recommendations_quoted_by_upr_info(debug):
    seed_demo()
    botswana = Recommendation.objects.get(text__startswith="Hold a public debate on the death penalty")
    assert botswana.review.state.iso3 == "BWA"
    assert botswana.review.mechanism.code == "UPR"
    assert (botswana.review.session.number, botswana.review.session.cycle.number) == (15, 2)
    assert botswana.response == Response.SUPPORTED
    assert botswana.action_category == 5
    assert botswana.is_published
    assert [s.iso3 for s in botswana.recommending_states.all()] == ["URY"]
    assert [t.code for t in botswana.themes.all()] == ["death-penalty"]
    unknown = Recommendation.objects.get(text__startswith="Consider freedom of expression concerns")
    assert unknown.response == "" and unknown.action_category == 3
    demo_rows = Recommendation.objects.filter(source_key__startswith="demo:")
    assert demo_rows.count() == len(demo.UPR_RECOMMENDATIONS) + len(demo.TREATY_BODY_RECOMMENDATIONS)
    assert not demo_rows.filter(themes__isnull=True).exists()


def test_seed_demo_fills_the_suggestion_queue_with_sdg_targets(debug, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    assert list(SuggesterModel.objects.values_list("kind", flat=True)) == [Kind.SDG_TARGET]
    pending = Suggestion.objects.pending()
    assert set(pending.values_list("kind", flat=True)) == {Kind.SDG_TARGET}

    def targets(start):
        found = pending.filter(recommendation__text__startswith=start)
        return set(found.values_list("sdg_target__code", flat=True))

    assert "5.3" in targets("Adopt a time-bound strategy to eliminate female genital mutilation")
    assert "3.1" in targets("Allocate sufficient resources to reduce maternal mortality")
    seed_demo()  # a second run trains nothing new
    assert SuggesterModel.objects.count() == 1


def test_seed_demo_adds_treaty_body_recommendations_with_their_documents(debug):
    seed_demo()
    kenya = Recommendation.objects.filter(review__state__iso3="KEN")
    by_mechanism = Counter(kenya.values_list("review__mechanism__code", flat=True))
    assert by_mechanism == {"UPR": 1, "CEDAW": 3, "CAT": 2}
    cat = kenya.filter(review__mechanism__code="CAT").first().review
    assert cat.document_symbol == "CAT/C/KEN/CO/2" and cat.session is None and cat.date.year == 2013


def test_seed_demo_creates_institutions_follow_up_and_accounts(debug):
    seed_demo()
    justice = Institution.objects.get(name="Ministry of Justice")
    assert Institution.objects.get(name="National Commission on Human Rights").branch == "independent"
    assert Institution.objects.get(acronym="NMRF").parent.acronym == "MFA"
    assert set(Membership.objects.filter(institution=justice).values_list("user__username", "role")) == {
        ("focal.justice", "focal_point"),
        ("validator.justice", "validator"),
    }
    assert Assignment.objects.filter(role="lead").count() == 6
    assert Assignment.objects.filter(role="supporting").count() == 5
    for indicator in Indicator.objects.all():
        assert indicator.baseline_value is not None and indicator.target_value is not None
        assert indicator.values.count() == 2
    published, draft = StatusUpdate.objects.filter(recommendation__isnull=False).order_by("-state")
    assert (published.state, draft.state) == ("published", "draft")
    assert published.published_at and published.links.exists() and draft.published_at is None
    assert Counter(Comment.objects.values_list("moderation", flat=True)) == {"approved": 1, "pending": 1}
    coordinator = apps.get_model("accounts.User").objects.get(username="coordinator")
    assert coordinator.is_coordinator and coordinator.is_staff and not coordinator.is_superuser
    plan = apps.get_model("plans.Plan").objects.get()  # a small adopted plan, with published progress
    assert plan.state == "adopted" and plan.actions.count() == 3
    assert StatusUpdate.objects.filter(action__plan=plan, state="published").count() == 1


def test_seed_demo_twice_changes_nothing(debug):
    seed_demo()
    before = row_counts()
    passwords = dict(apps.get_model("accounts.User").objects.values_list("username", "password"))
    seed_demo()
    assert row_counts() == before
    assert dict(apps.get_model("accounts.User").objects.values_list("username", "password")) == passwords


def test_demo_accounts_can_log_in(debug, client):
    seed_demo()
    for username in demo.ACCOUNTS:
        assert client.login(username=username, password=demo.DEMO_PASSWORD), username
        client.logout()


def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed_demo()
    assert not apps.get_model("accounts.User").objects.filter(username="admin").exists()
    seed_demo(force=True)
    assert apps.get_model("accounts.User").objects.get(username="admin").is_superuser


def test_generate_recommendations_creates_published_rows_with_themes_and_states():
    rows = generate(500, seed=1)
    assert rows.count() == 500
    assert not rows.filter(is_published=False).exists()
    assert not rows.filter(themes__isnull=True).exists()
    assert not rows.filter(recommending_states__isnull=True).exists()
    assert set(rows.values_list("review__mechanism__code", flat=True)) == {"UPR"}
    assert not rows.filter(recommending_states=F("review__state")).exists()
    assert len(set(rows.values_list("public_id", flat=True))) == 500


def test_generate_recommendations_is_deterministic_and_can_be_deleted():
    def snapshot():
        rows = generate(200, seed=5).order_by("source_key")
        return list(rows.values_list("source_key", "public_id", "text", "response", "review__state__iso3"))

    first = snapshot()
    call_command("generate_recommendations", delete=True, seed=5, stdout=StringIO())
    assert not Recommendation.objects.filter(source_key__startswith="synthetic:5:").exists()
    assert snapshot() == first


def test_generate_recommendations_again_adds_only_what_is_missing():
    generate(300, seed=2)
    assert generate(300, seed=2).count() == 300
    assert generate(350, seed=2).count() == 350
    assert generate(100, seed=3).count() == 100


def test_generated_rows_follow_the_compiled_distributions():
    rows = generate(2000, seed=11)
    supported = rows.filter(response=Response.SUPPORTED).count() / 2000
    assert 0.6 < supported < 0.8
    categories = Counter(rows.values_list("action_category", flat=True))
    for category, percent in synthetic.ACTION_CATEGORY_WEIGHTS.items():
        assert abs(categories[category] / 2000 - percent / 100) < 0.04, category
    themes = rows.annotate(n=Count("themes")).values_list("n", flat=True)
    assert set(themes) <= {1, 2, 3} and 1.4 < sum(themes) / 2000 < 1.9
    groups = Counter(
        State.objects.filter(recommendations_made__in=rows).values_list("regional_group", flat=True)
    )
    weog = groups[RegionalGroup.WEOG] / sum(groups.values())
    assert 0.35 < weog < 0.47
    assert rows.values("review__session").distinct().count() > 45
    for word in ["women", "children", "torture", "death penalty", "ratify"]:
        assert rows.filter(text__icontains=word).exists(), word


def test_generate_recommendations_refuses_a_seed_out_of_range():
    with pytest.raises(CommandError):
        generate(10, seed=synthetic.MAX_SEED + 1)


@pytest.fixture
def real_state(debug, settings, tmp_path):
    """The demo on Slovenia: its recommendations of three cycles imported from the shared data files."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEMO_DATA_DIR = shared_file(*demo.real_state.OHCHR_FILE).parents[1]
    shared_file(*demo.real_state.UPR_INFO_FILE)
    seed_demo()
    return State.objects.get(iso3=demo.real_state.STATE)


def _expected_slovenia_rows() -> tuple[int, int]:
    """Rows of Slovenia under review in UPR Info's export (first column) and in OHCHR's list."""
    upr_info = shared_file(*demo.real_state.UPR_INFO_FILE).read_bytes().decode("cp1252")
    cycle_one = sum(1 for row in csv.reader(io.StringIO(upr_info, newline="")) if row[:1] == ["Slovenia"])
    with shared_file(*demo.real_state.OHCHR_FILE).open(encoding="utf-8", newline="") as ohchr:
        later = sum(1 for row in csv.DictReader(ohchr) if row["state_under_review"] == "Slovenia")
    return cycle_one, later


def test_real_state_demo_imports_three_cycles_through_the_importer(real_state):
    cycle_one, later = _expected_slovenia_rows()
    received = Recommendation.objects.filter(review__state=real_state)
    by_cycle = Counter(received.values_list("review__session__cycle__number", flat=True))
    assert by_cycle[1] == cycle_one and by_cycle[2] + by_cycle[3] == later
    assert by_cycle[2] and by_cycle[3]
    records = ImportRecord.objects.all()
    assert sorted(record.counts["created"] for record in records) == sorted([cycle_one, later])
    assert demo.demo_state() == real_state


def test_real_state_demo_follows_up_with_every_workflow_state_and_disagreeing_assessments(real_state):
    received = Recommendation.objects.filter(review__state=real_state)
    updates = StatusUpdate.objects.filter(recommendation__in=received)
    assert set(updates.values_list("state", flat=True)) == set(StatusUpdate.State.values)
    published = Counter(updates.filter(state="published").values_list("status", flat=True))
    assert set(published) == {"not_started", "in_progress", "partially", "fully"}
    assert published["in_progress"] > published["fully"]
    assigned = received.filter(assignments__role="lead").distinct().count()
    assert assigned == (received.count() + 1) // 2
    assert Assignment.objects.filter(recommendation__in=received, deadline__lt=timezone.localdate()).exists()
    government = dict(updates.filter(state="published").values_list("recommendation", "status"))
    assessments = list(Assessment.objects.filter(recommendation__in=received, is_current=True))
    disagree = [a for a in assessments if a.status != government[a.recommendation_id]]
    assert assessments and disagree and len(disagree) < len(assessments)
    assert all(
        indicator.values.count() >= 3 for indicator in Indicator.objects.filter(recommendation__in=received)
    )
    assert Evidence.objects.filter(status_update__in=updates, confidential=True).exists()
    assert Evidence.objects.filter(status_update__in=updates, confidential=False).exists()
    consultation = Consultation.objects.get()
    assert consultation.is_open and set(
        consultation.recommendations.values_list("review__state", flat=True)
    ) == {real_state.pk}
    plan = apps.get_model("plans.Plan").objects.get()
    assert plan.state == "adopted" and real_state.name in plan.title
    linked = Recommendation.objects.filter(actions__plan=plan).distinct()
    assert linked.exists() and set(linked.values_list("review__state", flat=True)) == {real_state.pk}


def test_real_state_demo_twice_changes_nothing(real_state):
    before = row_counts()
    seed_demo()
    assert row_counts() == before
