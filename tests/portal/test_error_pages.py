import pytest
from django.test import Client

from recommendations import views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "This page does not exist"), ("fr", "Cette page n’existe pas")]
)
def test_a_missing_page_is_branded_and_in_the_readers_language(client, language, heading):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    page = response.content.decode()
    assert heading in page
    assert f'<html lang="{language}"' in page
    assert 'action="/search/"' in page  # the way on: a search box


def test_a_forbidden_page_is_branded_and_says_how_to_get_in(client, django_user_model):
    response = client.get("/participation/moderation/", HTTP_ACCEPT_LANGUAGE="es")
    if response.status_code == 302:  # signed-out people are sent to sign in
        client.force_login(django_user_model.objects.create_user("nobody", password="x-long-password-1"))
        response = client.get("/participation/moderation/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 403
    assert "No puede abrir esta página" in response.content.decode()


def test_a_server_error_is_branded_in_the_readers_language(monkeypatch):
    def broken(user):
        raise RuntimeError("the dashboard broke")

    monkeypatch.setattr(views.selectors, "dashboard", broken)
    response = Client(raise_request_exception=False).get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Un problème est survenu de notre côté" in page
    assert '<html lang="fr"' in page
