"""Sign a test client past the second factor that validators, coordinators and administrators need."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def pass_second_factor(client, user):
    """Give ``user`` a confirmed TOTP device and mark the client's session as verified with it, as the
    verification page does. The client must already be signed in as ``user``."""
    device = TOTPDevice.objects.create(user=user, name="test device", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
