"""The set-up the benchmarks that keep a database of their own share: its address on the server
``DATABASE_URL`` names (``postgres@127.0.0.1:5432`` when unset, not the embedded server), and Django
started against it."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


def bench_database_url(name: str) -> str:
    url = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres")
    return urlunsplit(url._replace(path=f"/{name}"))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upr_tracker.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database(url: str, name: str) -> None:
    """``createdb`` on the server of ``url``; a database that already exists is kept as it is."""
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    subprocess.run(["createdb", "--maintenance-db", admin, name], stderr=subprocess.DEVNULL, check=False)
