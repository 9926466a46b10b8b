from django.core.management.base import BaseCommand

from reference.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Load or refresh the project's reference data (states and their aliases, mechanisms, UPR cycles "
        "and sessions, SDG goals and targets, UPR Info issues, affected groups) from reference/data/. "
        "Safe to run again: unchanged rows are left alone and nothing is deleted. UHRI coded themes "
        "(e.g. 'A12 Acceptance of international norms') are not shipped: the importers create each one "
        "from its code and name the first time they meet it."
    )

    def handle(self, *args, **options):
        stdout = self.stdout if options["verbosity"] >= 1 else None
        counts = reference_data_load(stdout=stdout)
        created = sum(numbers["created"] for numbers in counts.values())
        updated = sum(numbers["updated"] for numbers in counts.values())
        if stdout is not None:
            summary = f"Reference data loaded: {created} created, {updated} updated."
            self.stdout.write(self.style.SUCCESS(summary))
