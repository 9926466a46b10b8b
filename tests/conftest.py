import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tests run Celery tasks in-process unless a test starts a real worker itself."""
    from upr_tracker.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the project's reference data once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's ``admin_client``, past the second factor administrators must pass (TOTP)."""
    from tests.twofactor import pass_second_factor

    client.force_login(admin_user)
    return pass_second_factor(client, admin_user)
