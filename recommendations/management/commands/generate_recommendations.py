from django.core.management.base import BaseCommand, CommandError

from recommendations.synthetic import (
    MAX_COUNT,
    MAX_SEED,
    synthetic_recommendations_create,
    synthetic_recommendations_delete,
)


class Command(BaseCommand):
    help = (
        "Generate published synthetic UPR recommendations for benchmarks, with the real distributions of "
        "responses, action categories, issues and recommending states. Deterministic for a --seed; a second "
        "run with the same seed adds only the rows missing. --delete removes synthetic rows again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=0, help=f"rows to have for the seed (1–{MAX_COUNT:,})"
        )
        parser.add_argument("--seed", type=int, default=None, help=f"random seed (0–{MAX_SEED}, default 0)")
        parser.add_argument("--batch-size", type=int, default=20_000, help="rows per COPY and transaction")
        parser.add_argument(
            "--delete",
            action="store_true",
            help="delete the synthetic rows (of --seed only, if given) instead of generating",
        )

    def handle(self, *args, count, seed, batch_size, delete, verbosity, **options):
        if delete:
            deleted = synthetic_recommendations_delete(seed=seed)
            self.stdout.write(self.style.SUCCESS(f"Deleted {deleted:,} synthetic recommendations."))
        else:
            if count <= 0 or batch_size <= 0:
                raise CommandError("Give --count and --batch-size as positive numbers.")
            seed = 0 if seed is None else seed
            try:
                created = synthetic_recommendations_create(
                    count=count, seed=seed, batch_size=batch_size, stdout=self.stdout if verbosity else None
                )
            except (ValueError, LookupError) as error:
                raise CommandError(error) from error
            self.stdout.write(
                self.style.SUCCESS(f"Created {created:,} synthetic recommendations (seed {seed}).")
            )
        self.stdout.write("Run `manage.py rebuild_search_index` for search to reflect the change.")
