"""Organisations register, members join and leave, the coordinator verifies."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import permissions
from participation.models import (
    Organisation,
    OrganisationMember,
)
from search.services import search_index_refresh_later
from tracking.audit import audit_record
from upr_tracker.errors import ApplicationError

from .common import User, absolute_url, require, save_validated, send_on_commit

VERIFY_SALT = "participation.verify-email"
INVITE_SALT = "participation.invite"
# Links in verification and invitation e-mails work for three days.
LINK_MAX_AGE = 3 * 24 * 3600
# The verification link signs in only on its first use, and only this soon after registering.
SIGN_IN_MAX_AGE = 60 * 60


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error


def _taken_notice(*, username: str, email: str) -> str:
    """The e-mail to send instead of a new account when the address or the user name is taken."""
    if User.objects.filter(email__iexact=email).exists():
        return _(
            "Someone (you, we hope) tried to register with this address, which has an account already. "
            "Sign in, or choose a new password here:\n\n%(link)s\n\nIf it was not you, ignore this e-mail."
        ) % {"link": absolute_url(reverse("accounts:password_reset"))}
    if User.objects.filter(username__iexact=username).exists():
        return _(
            "The user name %(username)s is taken, so no account was created. Please register again "
            "with another user name."
        ) % {"username": username}
    return ""


def _new_user(*, username: str, email: str, password: str, first_name: str, last_name: str, active: bool):
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("This user name is taken."))
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(_("An account with this e-mail address exists already."))
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, is_active=active)
    _check_password(password, user)
    user.set_password(password)
    return save_validated(user)


def verification_link(user) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)
    return absolute_url(reverse("participation:verify_email", args=[token]))


@transaction.atomic
def organisation_register(
    *,
    name: str,
    kind: str,
    website: str,
    description: str,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
) -> OrganisationMember | None:
    """An organisation registers itself and its first member, its administrator.

    The account stays inactive until the e-mail link is followed; the organisation's content stays
    private until the coordinator verifies it. When the user name or the address is taken, nothing is
    created and the address gets an e-mail saying so (None): the answer never tells a stranger.
    """
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ApplicationError(_("An organisation with this name is registered already."))
    _check_password(
        password, User(username=username, email=email, first_name=first_name, last_name=last_name)
    )
    notice = _taken_notice(username=username, email=email)
    if notice:
        # The page answers as for a new account: only the address's owner learns what is taken.
        send_on_commit(_("Your registration on the recommendations tracker"), notice, email)
        return None
    user = _new_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        active=False,
    )
    organisation = save_validated(
        Organisation(name=name, kind=kind, website=website, description=description, created_by=user)
    )
    member = save_validated(
        OrganisationMember(
            organisation=organisation, user=user, role=OrganisationMember.Role.ADMIN, created_by=user
        )
    )
    audit_record(action="participation.organisation.registered", actor=user, obj=organisation)
    send_on_commit(
        _("Confirm your e-mail address"),
        _("Follow this link to confirm your address and activate your account:\n\n%(link)s")
        % {"link": verification_link(user)},
        user.email,
    )
    return member


@transaction.atomic
def email_verify(*, token: str) -> tuple[object, bool]:
    """Activate the account the signed link was sent for: (the user, whether this use may sign in).

    The link activates for three days, but signs a browser in only once, on the use that activates
    the account, and only within ``SIGN_IN_MAX_AGE`` of registering; used again (or later), it asks
    for the password, so that a link lying in a mailbox is not a key to the account.
    """
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ApplicationError(_("This link has expired. Please register again.")) from error
    except signing.BadSignature as error:
        raise ApplicationError(_("This link is not valid.")) from error
    user = User.objects.select_for_update().filter(pk=data["user"], email=data["email"]).first()
    if user is None:
        raise ApplicationError(_("This link is not valid."))
    if user.is_active:
        return user, False
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(action="participation.member.email_verified", actor=user, obj=user)
    try:
        signing.loads(token, salt=VERIFY_SALT, max_age=SIGN_IN_MAX_AGE)
    except signing.SignatureExpired:
        return user, False
    return user, True


@transaction.atomic
def organisation_verify(*, organisation: Organisation, by, trusted: bool | None = None) -> Organisation:
    """The coordinator vouches for an organisation: from now on its moderated content is public."""
    require(permissions.can_moderate(by))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {"verified_at": str(organisation.verified_at), "is_trusted": organisation.is_trusted}
    if organisation.verified_at is None:
        organisation.verified_at = timezone.now()
        organisation.verified_by = by
        # Its assessments approved while it waited become public now.
        search_index_refresh_later(organisation.assessments.values_list("recommendation_id", flat=True))
    if trusted is not None:
        organisation.is_trusted = trusted
    organisation.updated_by = by
    organisation.save()
    after = {"verified_at": str(organisation.verified_at), "is_trusted": organisation.is_trusted}
    audit_record(
        action="participation.organisation.verified",
        actor=by,
        obj=organisation,
        changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
    )
    return organisation


def member_invite(*, organisation: Organisation, email: str, by) -> str:
    """An organisation's administrator invites a colleague; the signed link proves the address."""
    require(permissions.can_manage_members(by, organisation))
    token = signing.dumps({"organisation": organisation.pk, "email": email.strip().lower()}, salt=INVITE_SALT)
    link = absolute_url(reverse("participation:join", args=[token]))
    send_mail(
        _("Join %(organisation)s on the recommendations tracker") % {"organisation": organisation.name},
        _("%(name)s invites you to speak for %(organisation)s. Create your account here:\n\n%(link)s")
        % {"name": by, "organisation": organisation.name, "link": link},
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return token


def invitation_read(token: str) -> tuple[Organisation, str]:
    """The organisation and address an invitation link was sent for."""
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature as error:
        raise ApplicationError(_("This invitation is not valid or has expired.")) from error
    organisation = Organisation.objects.filter(pk=data["organisation"]).first()
    if organisation is None:
        raise ApplicationError(_("This invitation is not valid or has expired."))
    return organisation, data["email"]


@transaction.atomic
def member_join(
    *, token: str, username: str, password: str, first_name: str, last_name: str
) -> OrganisationMember:
    """Create the invited person's account (active: the link proved the address) and membership."""
    organisation, email = invitation_read(token)
    user = _new_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        active=True,
    )
    member = save_validated(OrganisationMember(organisation=organisation, user=user, created_by=user))
    audit_record(action="participation.member.joined", actor=user, obj=member)
    return member


@transaction.atomic
def member_leave(*, member: OrganisationMember, by) -> OrganisationMember:
    """End a membership (the member leaves, or an administrator or the coordinator removes them).

    What the member wrote stays, attributed to the organisation.
    """
    require(member.user_id == by.pk or permissions.can_manage_members(by, member.organisation))
    if member.left_at is not None:
        return member
    member.left_at = timezone.now()
    member.updated_by = by
    member.save(update_fields=["left_at", "updated_by", "updated_at"])
    action = "participation.member.left" if member.user_id == by.pk else "participation.member.removed"
    audit_record(action=action, actor=by, obj=member)
    return member
