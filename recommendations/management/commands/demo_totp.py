import base64

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from recommendations.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo accounts that need one (admin, coordinator, "
        "validator.justice), and the secret to add to an authenticator app. Demo only."
    )

    def handle(self, *args, **options):
        key = bytes.fromhex(DEMO_TOTP_KEY)
        self.stdout.write(f"Current code: {totp(key):06d}")
        self.stdout.write(f"Authenticator secret: {base64.b32encode(key).decode()}")
