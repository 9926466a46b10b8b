import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.test import Client
from django.utils import translation

from tests.twofactor import pass_second_factor


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tests run Celery tasks in-process unless a test starts a real worker itself."""
    from upr_tracker.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request in another language (a French page, the
    language switcher) leaves that language active in the thread, where it would otherwise change
    what the next test's commands and services write."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _every_state(settings):
    """Tests see the database of every state, whatever TRACKER_STATE the developer's .env names (the
    demo's runs as Kenya's NMRF); a test about one state's tracker sets it itself."""
    settings.TRACKER_STATE = ""


@pytest.fixture(autouse=True)
def _demo_on_the_sample(settings, tmp_path_factory):
    """``seed_demo`` uses its built-in sample (small, fast) unless a test points DEMO_DATA_DIR at the
    shared data itself (tests/test_demo_data.py, the real-state demo)."""
    settings.DEMO_DATA_DIR = tmp_path_factory.getbasetemp() / "no-shared-data"


def _reload_reference_data(sender, **kwargs):
    """After a flush: the reference data again, and no in-memory search index of the flushed data. The
    index version restarts with the emptied table, so a process's index of an earlier test could
    otherwise carry the same version number and be taken for current."""
    from search.index import forget_index

    call_command("load_reference_data", verbosity=0)
    forget_index()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the project's reference data into the test database, and again after every flush.

    A transactional or live-server test commits its data, so the database is flushed after it: every
    table emptied. The flush ends with ``post_migrate``; loading the reference data again there leaves
    the database as it was for the tests that follow. The dispatch uid keeps the receiver connected once.
    """
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)
    reference = apps.get_app_config("reference")
    post_migrate.connect(_reload_reference_data, sender=reference, dispatch_uid="tests-reference-data")
    yield
    post_migrate.disconnect(sender=reference, dispatch_uid="tests-reference-data")


def signed_in(user, *, verified=True, **client_options) -> Client:
    """A new client signed in as ``user``. ``verified`` also passes the second factor (TOTP) that
    validators, coordinators and staff need; ``client_options`` go to ``Client``."""
    client = Client(**client_options)
    client.force_login(user)
    return pass_second_factor(client, user) if verified else client


def token_key(user, scope="write", days=90) -> str:
    """The key of a new API token of ``user``'s, made as the tokens page makes it after the second factor."""
    from accounts.services import api_token_create

    _token, key = api_token_create(user=user, name="test", scope=scope, days=days, second_factor_passed=True)
    return key


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's ``admin_client``, past the second factor administrators must pass (TOTP)."""
    return signed_in(admin_user)
