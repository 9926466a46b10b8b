"""The theme page: what was recommended on a theme and its sub-themes, and following it.

The tree is a national one: civic space › media freedom › online expression, and civic space › peaceful
assembly. The only recommendation on peaceful assembly is unpublished.
"""

from types import SimpleNamespace

import pytest

from participation.models import Comment, Follow
from search.services import search_index_refresh
from tests.conftest import signed_in
from tests.factories import ThemeFactory
from tests.portal.conftest import SECRET, make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(world):
    civic = ThemeFactory(name="Civic space")
    media = ThemeFactory(name="Media freedom", parent=civic)
    online = ThemeFactory(name="Online expression", parent=media)
    assembly = ThemeFactory(name="Peaceful assembly", parent=civic)
    world.main.themes.add(media)
    world.earlier.themes.add(online)
    world.treaty.themes.add(civic, media)  # counted once
    world.hidden.themes.add(online, assembly)
    return SimpleNamespace(civic=civic, media=media, online=online, assembly=assembly)


def page_of(theme) -> str:
    return f"/themes/{theme.pk}/"


def test_theme_page_counts_published_recommendations_on_it_and_its_sub_themes(client, world, tree):
    response = client.get(page_of(tree.civic))
    assert response.status_code == 200
    assert response.context["total"] == 3  # main, earlier (two levels down) and the treaty body's
    by_mechanism = {bar.params["mechanism"]: bar.total for bar in response.context["by_mechanism"].bars}
    assert by_mechanism == {"UPR": 2, "CCPR": 1}
    sub_themes = {theme.name: count for theme, count in response.context["sub_themes"]}
    assert sub_themes == {"Media freedom": 3, "Peaceful assembly": 0}
    assert SECRET not in response.content.decode()
    assert client.get(page_of(tree.online)).context["total"] == 1


def test_theme_page_links_to_the_search_its_parent_and_its_sub_themes(client, world, tree):
    page = client.get(page_of(tree.civic)).content.decode()
    assert "<h1>Civic space</h1>" in page and "National clusters" in page
    assert f'href="/search/?theme={tree.civic.pk}"' in page
    assert f'href="/search/?theme={tree.civic.pk}&amp;mechanism=CCPR"' in page
    assert f'href="{page_of(tree.media)}"' in page and f'href="{page_of(tree.assembly)}"' in page
    assert f'href="/search/?theme={tree.media.pk}"' in page

    page = client.get(page_of(tree.online)).content.decode()
    assert f'part of <a href="{page_of(tree.media)}">Media freedom</a>' in page
    assert f'<li><a href="{page_of(tree.civic)}">Civic space</a></li>' in page  # breadcrumbs


def test_theme_page_lists_the_latest_publications_its_followers_get(client, world):
    page = client.get(page_of(world.expression)).content.decode()
    assert "Ministry of Justice (MJ): In progress" in page and world.main.public_id in page
    assert SECRET not in page and world.hidden.public_id not in page
    for i in range(12):
        Comment.objects.create(
            recommendation=world.main,
            author=Comment.objects.first().author,
            body=f"{i}",
            moderation="approved",
        )
    assert len(client.get(page_of(world.expression)).context["latest"]) == 10


def test_following_a_theme_covers_its_sub_themes_as_the_counts_do(client, world, tree):
    # The treaty body's recommendation is on civic space itself; main on media freedom, a level down.
    Comment.objects.create(
        recommendation=world.main,
        author=Comment.objects.first().author,
        body="On media",
        moderation="approved",
    )
    latest = {item.recommendation for item in client.get(page_of(tree.civic)).context["latest"]}
    assert world.main in latest and world.hidden not in latest
    feed = client.get(f"/participation/feeds/theme/{tree.civic.pk}/").content.decode()
    assert world.main.public_id in feed and world.hidden.public_id not in feed


def test_an_anonymous_visitor_can_follow_the_theme_by_email_or_feed(client, world):
    theme = world.expression
    page = client.get(page_of(theme)).content.decode()
    assert f'action="/participation/follow/theme/{theme.pk}/by-email/"' in page
    assert f'href="/participation/feeds/theme/{theme.pk}/"' in page
    feed = client.get(f"/participation/feeds/theme/{theme.pk}/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")


def test_a_signed_in_person_follows_the_theme_from_its_page(django_user_model, world):
    theme = world.expression
    reader = django_user_model.objects.create_user("reader")
    client = signed_in(reader, verified=False)
    page = client.get(page_of(theme)).content.decode()
    assert f'action="/participation/follow/theme/{theme.pk}/"' in page and "/by-email/" not in page
    response = client.post(f"/participation/follow/theme/{theme.pk}/", {"next": page_of(theme)})
    assert response.status_code == 302 and response.url == page_of(theme)
    assert Follow.objects.get(user=reader).theme == theme
    assert "Stop following" in client.get(page_of(theme)).content.decode()


def test_unknown_theme_is_not_found(client, db):
    assert client.get("/themes/999999/").status_code == 404
    assert client.get("/themes/media/").status_code == 404


def test_theme_page_query_count_is_bounded(
    client, django_user_model, world, tree, django_assert_max_num_queries
):
    reader = signed_in(django_user_model.objects.create_user("reader"), verified=False)

    def visit_as_anonymous_and_signed_in():
        for visitor, most in ((client, 8), (reader, 13)):
            with django_assert_max_num_queries(most):
                assert visitor.get(page_of(tree.civic)).status_code == 200

    visit_as_anonymous_and_signed_in()
    for i in range(5):
        sub_theme = ThemeFactory(parent=tree.civic)
        make_recommendation(
            world.treaty.review, f"More {i}", themes=[sub_theme, ThemeFactory(parent=sub_theme)]
        )
    visit_as_anonymous_and_signed_in()


def test_the_recommendation_page_links_its_themes_to_their_pages(client, world):
    page = client.get(f"/recommendations/{world.main.public_id}/").content.decode()
    assert f'<a href="{page_of(world.expression)}">{world.expression.name}</a>' in page


def test_a_search_on_one_theme_links_to_its_page(client, world, tree):
    search_index_refresh()
    region = client.get("/search/", {"theme": tree.media.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert f'Theme: Media freedom — <a href="{page_of(tree.media)}">' in region
    assert "<form" not in region  # the region sits inside the search form
    two = client.get("/search/", {"theme": [tree.media.pk, tree.civic.pk]}).content.decode()
    assert "about this theme and following it" not in two
