from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.demo import demo_seed, demo_summary


class Command(BaseCommand):
    help = (
        "Load the demo content (UPR recommendations quoted by UPR Info, illustrative follow-up on Kenya) and "
        "one demo account per role, all with the documented password. Idempotent. Refuses to run with DEBUG "
        "off unless --force is given, so that no known password reaches a production database by mistake."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even with DEBUG off (creates accounts with a known password)",
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: seed_demo would create accounts with a published password. "
                "Use --force to do so anyway."
            )
        created = demo_seed()
        if not options["verbosity"]:
            return
        if created:
            self.stdout.write(
                "Created: " + ", ".join(f"{count} {kind}" for kind, count in sorted(created.items()))
            )
        else:
            self.stdout.write("Demo data already present, nothing created.")
        for line in demo_summary(settings.SITE_URL.rstrip("/") + "/"):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
