"""Every admin page answers, for a superuser with the demo data in place; nobody else gets in."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from indicators.models import Indicator
from institutions.models import Institution
from participation.models import Comment, Organisation
from recommendations.demo import demo_seed
from tests.conftest import signed_in
from tracking.models import StatusUpdate

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser():
    return UserFactory(superuser=True)


@pytest.fixture
def superuser_client(superuser):
    return signed_in(superuser)


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def test_every_admin_page_answers(superuser, superuser_client):
    """One test over every registered model, so the demo data is seeded once; failures are listed."""
    demo_seed()
    request = RequestFactory().get("/")
    request.user = superuser
    assert {Institution, StatusUpdate, Indicator, Comment, Organisation} <= set(admin.site._registry)
    failures = []
    for model, model_admin in admin.site._registry.items():
        urls = [url(model, "changelist"), url(model, "changelist") + "?q=justice"]
        if model_admin.has_add_permission(request):
            urls.append(url(model, "add"))
        if obj := model._default_manager.first():
            urls.append(url(model, "change", obj.pk))
        failures += [
            (path, status) for path in urls if (status := superuser_client.get(path).status_code) != 200
        ]
    assert failures == []


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in [reverse("admin:index"), url(Institution, "changelist"), url(Institution, "add")]:
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response.url


def test_staff_without_permissions_cannot_open_a_model():
    client = signed_in(UserFactory(is_staff=True))
    assert client.get(url(Institution, "changelist")).status_code == 403


def test_admin_records_who_created_a_row_and_its_inline_rows(superuser, superuser_client):
    focal = UserFactory()
    response = superuser_client.post(
        url(Institution, "add"),
        {
            "name": "Ministry of Labour",
            "acronym": "MOL",
            "branch": "executive",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": focal.pk,
            "memberships-0-role": "focal_point",
        },
    )
    assert response.status_code == 302
    institution = Institution.objects.get(name="Ministry of Labour")
    membership = institution.memberships.get()
    assert institution.created_by == institution.updated_by == superuser
    assert membership.created_by == membership.updated_by == superuser
    assert membership.user == focal
