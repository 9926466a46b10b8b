"""Pages the project does not template itself, under the Content-Security-Policy in Chromium: the API's
Swagger UI (drf-spectacular's split view, its script served from this site) and the admin's sign-in.
The ``page`` fixture fails on anything the policy blocks."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_and_the_admin_work_under_the_policy(page):
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name=re.compile("UPR Tracker API"))).to_be_visible()
    expect(page.get_by_text("/api/v1/recommendations/", exact=True).first).to_be_visible()
    page.goto("/admin/login/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
