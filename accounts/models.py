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


class ApiToken(models.Model):
    """A key a program sends as ``Authorization: Token <key>``, owned by one person.

    Only a hash of the key is stored: it is shown once, when created. A token is named (so its owner
    knows which program holds it), limited to reading or allowed to write, and expires; its owner
    lists and revokes it on the tokens page.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class EnrolmentLink(models.Model):
    """A one-time link to enrol an authenticator app (TOTP), issued by a coordinator or e-mailed.

    Knowing a password is not enough to enrol a second factor: the link is. Only its hash is stored;
    it works once, for its own account, until it expires.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_links")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("empty: e-mailed"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
