from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import enrolment_link_issue
from upr_tracker.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Print a one-time link that enrols an authenticator app for USERNAME (valid three days), for "
        "the first administrator of a new installation, or when no coordinator can issue one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        try:
            # Whoever runs manage.py holds the server: the link is theirs to hand over.
            link = enrolment_link_issue(user=user, email=False)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(link)
