import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Les recommandations en matière de droits de l’homme", "En chiffres", "Aller au contenu"]),
        ("es", ["Las recomendaciones de derechos humanos y su seguimiento", "En cifras", "Ir al contenido"]),
    ],
)
def test_interface_follows_the_browser_language(client, world, language, expected):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}" dir="ltr">' in page
    for text in expected:
        assert text in page


def test_visitor_switches_language_with_the_header_form(client, world):
    url = f"/recommendations/{world.main.public_id}/"
    response = client.post("/i18n/setlang/", {"language": "es", "next": url}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Acerca de esta recomendación" in page and "Estado examinado" in page
    assert '<option value="es" lang="es" selected>Español</option>' in page
    assert "Implementación: informes publicados" in client.get(url).content.decode()  # the choice sticks


def test_choice_labels_and_numbers_are_translated_too(client, world):
    page = client.get("/states/BRA/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Reçues par mécanisme et par cycle" in page
    assert "Acceptée" in page and "En cours" in page and "Groupe des États d’Amérique latine" in page


def test_a_right_to_left_language_turns_the_page_direction(client, world, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
