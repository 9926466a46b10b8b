from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using the tracker.

    Institution roles (focal point, validator) are memberships in ``institutions``; the NMRF coordinator
    role is project-wide, so it is a flag here.
    """

    is_coordinator = models.BooleanField(
        _("NMRF coordinator"),
        default=False,
        help_text=_("Coordinators import, assign, define indicators and publish."),
    )

    def __str__(self):
        return self.get_full_name() or self.username
