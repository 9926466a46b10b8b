import time

from django.core.management.base import BaseCommand, CommandError

from assistance.datasets import load_examples
from assistance.suggesters import train_all


class Command(BaseCommand):
    help = (
        "Train the theme, action-category and SDG-target suggesters on the recommendations in the database "
        "and store each as a new version with its cross-validated evaluation figures."
    )

    def handle(self, *args, verbosity, **options):
        started = time.perf_counter()
        examples = load_examples()
        if not examples:
            raise CommandError("There are no recommendations to learn from: import some first.")
        say = self.stdout.write if verbosity >= 1 else None
        if say:
            say(f"Read {len(examples)} recommendations in {time.perf_counter() - started:.1f} s")
        models = train_all(examples, progress=say)
        if not models:
            raise CommandError("Nothing trained: no recommendation has themes, a category or SDG links.")
        if say:
            say(
                self.style.SUCCESS(
                    f"Stored {', '.join(map(str, models))} in {time.perf_counter() - started:.1f} s"
                )
            )
