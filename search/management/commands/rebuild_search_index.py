import time

from django.core.management.base import BaseCommand

from search.services import search_index_refresh, search_index_vacuum


class Command(BaseCommand):
    help = (
        "Rebuild the whole search index from the published recommendations, then VACUUM ANALYZE it. "
        "Searches that need the database wait while it runs (about two minutes at a million "
        "recommendations); run it after bulk loads and upgrades. Day-to-day changes refresh their own rows."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        count = search_index_refresh()
        search_index_vacuum()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count:,} published recommendations in {elapsed:.1f} s.")
        )
