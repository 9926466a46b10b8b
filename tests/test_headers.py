"""Security headers on every response: a strict Content-Security-Policy and a Permissions-Policy (13.14).

The policy allows no inline script or style, so no template may hold one: ``test_no_template_has_inline_
script_or_style`` reads them all. The browser tests fail on anything the policy blocks in Chromium.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
        "an inline <script>",
    ),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: address"),
    (re.compile(r"\shx-on", re.I), "an hx-on handler (evaluated code)"),
]


@pytest.mark.parametrize(
    "url", ["/", "/search/", "/api/v1/recommendations/", "/accounts/login/", "/admin/login/"]
)
def test_every_response_carries_a_strict_policy(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_style():
    base = Path(settings.BASE_DIR)
    templates = [
        p for p in base.glob("**/templates/**/*.html") if not {".venv", "node_modules"} & set(p.parts)
    ]
    assert len(templates) > 40
    found = [
        f"{path.relative_to(base)}: {what}"
        for path in templates
        for pattern, what in INLINE
        if pattern.search(path.read_text())
    ]
    assert not found, "\n".join(found)


def test_htmx_is_configured_for_the_policy(client):
    page = client.get("/").text
    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page
