"""Writes on accounts: API tokens, two-factor enrolment links, recovery codes.

Secrets (token keys, link keys, recovery codes) are shown once and stored only as hashes (recovery
codes by django-otp's static device, which checks and consumes them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from institutions.models import Membership
from tracking.audit import audit_record
from upr_tracker import access
from upr_tracker.errors import ApplicationError, Forbidden

from .models import ApiToken, EnrolmentLink, User

TOKEN_DAYS = (30, 90, 365)
ENROLMENT_LINK_HOURS = 72
RECOVERY_CODES = 10


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_find(key: str) -> ApiToken | None:
    """The live token with this key (not revoked, not expired), with its user; one query."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at=None, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def api_token_create(*, user, name: str, scope: str, days: int, second_factor_passed: bool):
    """A new token for ``user``: (the token, its key, shown this once).

    People who need a second factor get one only in a session that passed it: a token never lets a
    password alone do what the session would refuse.
    """
    if access.needs_two_factor(user) and not second_factor_passed:
        raise Forbidden(_("Pass the second factor (your authenticator code) before creating a token."))
    if days not in TOKEN_DAYS:
        raise ApplicationError(_("A token is valid for 30, 90 or 365 days."))
    if scope not in ApiToken.Scope.values:
        raise ApplicationError(_("Choose read only, or read and write."))
    name = name.strip()
    if not name:
        raise ApplicationError(_("Name the token after the program that will use it."))
    key = secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        scope=scope,
        key_hash=_hash(key),
        prefix=key[:8],
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit_record(
        action="accounts.api_token.created",
        actor=user,
        obj=token,
        changes={
            "name": [None, token.name],
            "scope": [None, scope],
            "expires_at": [None, str(token.expires_at)],
        },
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Its owner (or an administrator, in the admin) revokes a token: from now on it is refused."""
    if token.user_id != by.pk and not access.is_admin(by):
        raise Forbidden(_("Only its owner can revoke a token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="accounts.api_token.revoked", actor=by, obj=token)
    return token


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def can_issue_enrolment_link(by, user) -> bool:
    """Coordinators issue links for everyone but administrators; administrators for everyone."""
    return access.is_coordinator(by) and (access.is_admin(by) or not user.is_superuser)


@transaction.atomic
def enrolment_link_issue(*, user, by=None, email: bool | None = None) -> str:
    """A one-time enrolment link for ``user``, valid three days: returned to the coordinator who issues
    it (``by``), or e-mailed to the account's own address (``by`` None). ``email=False`` with no ``by``
    is the server's operator (``manage.py enrolment_link``): the link is only returned.

    Any earlier link of the account stops working, and so does any half-finished enrolment: a secret
    shown before (without a link) must never become a second factor.
    """
    if by is not None and not can_issue_enrolment_link(by, user):
        raise Forbidden(_("You cannot issue an enrolment link for this account."))
    if has_authenticator(user):
        raise ApplicationError(
            _("This account has an authenticator already: remove the lost one in the administration first.")
        )
    email = by is None if email is None else email
    if email and not user.email:
        raise ApplicationError(_("This account has no e-mail address: ask the coordinator for a link."))
    EnrolmentLink.objects.filter(user=user, used_at=None).update(used_at=timezone.now())
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    key = secrets.token_urlsafe(32)
    EnrolmentLink.objects.create(
        user=user,
        key_hash=_hash(key),
        issued_by=by,
        expires_at=timezone.now() + dt.timedelta(hours=ENROLMENT_LINK_HOURS),
    )
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:otp_enrol", args=[key])
    audit_record(
        action="accounts.enrolment_link.issued",
        actor=by or user,
        obj=user,
        comment="e-mailed" if email else (f"issued by {by.username}" if by else "issued on the server"),
    )
    if email:
        transaction.on_commit(
            lambda: send_mail(
                _("Set up your authenticator app"),
                _(
                    "Someone (you, we hope) asked to set up two-factor sign-in for the account %(username)s "
                    "on the recommendations tracker. Open this link, signed in, within three days:\n\n"
                    "%(link)s\n\nIf it was not you, tell the coordinator: your password may be known."
                )
                % {"username": user.username, "link": link},
                None,
                [user.email],
            )
        )
    return link


def enrolment_link_find(*, user, key: str) -> EnrolmentLink | None:
    """The unused, unexpired link with this key for this very account."""
    return EnrolmentLink.objects.filter(
        user=user, key_hash=_hash(key), used_at=None, expires_at__gt=timezone.now()
    ).first()


def enrolment_device(user) -> TOTPDevice:
    """The device being enrolled through a valid link: created on the link's first opening."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    return device


@transaction.atomic
def totp_enrol(*, link: EnrolmentLink, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the device with a code from the app; the link is spent. (device, recovery codes), or None
    when the code is wrong (the link stays valid for another try)."""
    link = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None or link.expires_at <= timezone.now():
        raise ApplicationError(_("This enrolment link was used or has expired: ask for a new one."))
    device = enrolment_device(link.user)
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_record(action="accounts.two_factor.enrolled", actor=link.user, obj=link.user)
    return device, recovery_codes_create(user=link.user)


@transaction.atomic
def recovery_codes_create(*, user) -> list[str]:
    """Ten new single-use recovery codes (the old ones stop working), to sign in without the phone."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(action="accounts.recovery_codes.created", actor=user, obj=user)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def users_awaiting_enrolment(by):
    """The accounts that need a second factor (``access.needs_two_factor``) and have no authenticator
    yet, for the coordinator's page. One query."""
    validators = Membership.objects.filter(role=Membership.Role.VALIDATOR, institution__is_active=True)
    users = (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_staff=True)
            | Q(is_coordinator=True)
            | Q(is_superuser=True)
            | Q(pk__in=validators.values("user"))
        )
        .exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user"))
        .order_by("username")
    )
    if not access.is_admin(by):
        users = users.filter(is_superuser=False)
    return list(users)
