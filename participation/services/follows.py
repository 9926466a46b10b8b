"""Following what is published, by a signed-in person or by e-mail, and the e-mail digest.

A visitor without an account follows with an e-mail address. The address gets nothing but one
confirmation link until its owner confirms on the page it opens, and whatever is asked, the answer
on the page is the same: nobody learns from the form what an address follows. Every digest carries
signed links to stop.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.feeds import target_label
from participation.models import (
    Follow,
)
from participation.selectors import feed_items
from upr_tracker import throttling
from upr_tracker.errors import ApplicationError

from .common import User, absolute_url, require, send_on_commit

CONFIRM_SALT = "participation.follow-confirm"
UNSUBSCRIBE_SALT = "participation.follow-unsubscribe"
# A confirmation link works for three days; asked again for the same thing, a new one goes out at most
# once an hour. Unconfirmed follows are forgotten once their link has expired.
CONFIRM_MAX_AGE = 3 * 24 * 3600
RESEND_AFTER = timedelta(hours=1)
# Enough for anyone following by hand; a bound for anyone filling the table.
MAX_FOLLOWS_PER_ADDRESS = 200


def _target_field(target) -> str:
    field = target._meta.model_name
    if field not in Follow.TARGETS:
        raise ApplicationError(_("This cannot be followed."))
    return field


def follow_toggle(*, user, target) -> bool:
    """Follow ``target`` (a recommendation, state, theme or institution), or stop; True when now following."""
    require(user.is_authenticated, _("Sign in to follow."))
    field = _target_field(target)
    deleted, _rows = Follow.objects.filter(user=user, **{field: target}).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, confirmed_at=timezone.now(), **{field: target})
    except IntegrityError:  # a double click created it already
        pass
    return True


def email_address(email: str) -> str:
    """The address as follows store it (trimmed, lower case), or an ``ApplicationError``."""
    address = email.strip().lower()
    try:
        if len(address) > 254:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError as error:
        raise ApplicationError(_("Enter a valid e-mail address.")) from error
    return address


@transaction.atomic
def follow_email_request(*, email: str, target, now=None) -> None:
    """A visitor asks to follow ``target`` by e-mail: store an unconfirmed follow and mail the link.

    Returns nothing on purpose: whether the address follows this already (it is then reminded how to
    stop), asked less than an hour ago (nothing is sent), follows too much, or has had its day's share
    of e-mails from this form (``follow_email_link`` rate), the caller answers the same.
    """
    address = email_address(email)
    field = _target_field(target)
    now = now or timezone.now()
    follow = Follow.objects.select_for_update().filter(email=address, **{field: target}).first()
    if follow is None and Follow.objects.filter(email=address).count() >= MAX_FOLLOWS_PER_ADDRESS:
        return
    if follow is not None and follow.link_sent_at and follow.link_sent_at > now - RESEND_AFTER:
        return
    if not throttling.allowed("follow_email_link", address):
        return
    if follow is None:
        try:
            with transaction.atomic():
                follow = Follow.objects.create(email=address, link_sent_at=now, **{field: target})
        except IntegrityError:  # the same request twice at once: the other one sends the link
            return
    else:
        follow.link_sent_at = now
        follow.save(update_fields=["link_sent_at"])
    label = target_label(target)
    if follow.confirmed_at is None:
        token = signing.dumps({"follow": follow.pk, "email": address}, salt=CONFIRM_SALT)
        send_on_commit(
            _("Confirm that you want to follow %(target)s") % {"target": label},
            _(
                "Someone, we hope you, asked to receive by e-mail what is published about %(target)s on "
                "the recommendations tracker. To confirm, open this link within three days and press the "
                "button on the page:\n\n%(link)s\n\n"
                "If you did not ask for this, ignore this message: without your confirmation, no digest "
                "comes to this address."
            )
            % {"target": label, "link": absolute_url(reverse("participation:follow_confirm", args=[token]))},
            address,
        )
    else:
        send_on_commit(
            _("You follow %(target)s already") % {"target": label},
            _(
                "Someone, we hope you, asked again to follow %(target)s by e-mail. This address follows "
                "it already: there is nothing to do. To stop following it, open this link:\n\n%(link)s"
            )
            % {"target": label, "link": unsubscribe_link(email=address, follow=follow)},
            address,
        )


def follow_email_read(token: str) -> Follow:
    """The follow a confirmation link names, confirmed or not; an ``ApplicationError`` when the link is
    tampered with, expired, or its follow is gone (stopped since, or forgotten unconfirmed)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ApplicationError(
            _("This link has expired. Ask again on the page of what you want to follow: a new one will come.")
        ) from error
    except signing.BadSignature as error:
        raise ApplicationError(_("This link is not valid.")) from error
    found = Follow.objects.filter(pk=data["follow"], email=data["email"])
    follow = found.select_related(*Follow.TARGETS).first()
    if follow is None:
        raise ApplicationError(
            _("This link is no longer valid. Ask again on the page of what you want to follow.")
        )
    return follow


def follow_email_confirm(*, token: str) -> Follow:
    """The owner of the address confirmed with the link's button: the follow is confirmed. Twice is
    harmless. Opening the link (``follow_email_read``) is not enough: mail scanners open links too."""
    follow = follow_email_read(token)
    if follow.confirmed_at is None:
        follow.confirmed_at = timezone.now()
        follow.save(update_fields=["confirmed_at"])
    return follow


def follow_pending_expire(*, now=None) -> int:
    """Forget unconfirmed follows whose link has expired; how many."""
    cutoff = (now or timezone.now()) - timedelta(seconds=CONFIRM_MAX_AGE)
    deleted, _rows = Follow.objects.filter(confirmed_at__isnull=True, link_sent_at__lt=cutoff).delete()
    return deleted


def unsubscribe_link(*, user=None, email: str = "", follow: Follow | None = None) -> str:
    """A signed link that stops every follow of ``user`` or of ``email``, or only ``follow``."""
    payload = {"user": user.pk} if user is not None else {"email": email}
    if follow is not None:
        payload["follow"] = follow.pk
    token = signing.dumps(payload, salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("participation:unsubscribe", args=[token]))


def unsubscribe_read(token: str) -> tuple[str, QuerySet[Follow]]:
    """The address a stop link was sent to, and the follows it ends (none left when used before).

    The link does not expire: the one in a digest from last year must still work.
    """
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ApplicationError(_("This link is not valid.")) from error
    if "user" in data:
        address = User.objects.filter(pk=data["user"]).values_list("email", flat=True).first() or ""
        follows = Follow.objects.filter(_of_person(data["user"], address))
    else:
        follows = Follow.objects.filter(email=data["email"])
        address = data["email"]
    if "follow" in data:
        follows = follows.filter(pk=data["follow"])
    return address, follows.select_related(*Follow.TARGETS)


def follow_unsubscribe(*, token: str) -> int:
    """Stop what a signed link names: every follow of an address, or one; how many stopped."""
    _address, follows = unsubscribe_read(token)
    deleted, _rows = follows.delete()
    return deleted


def _of_person(user_id: int, email: str) -> Q:
    """A person's follows: those made signed in, and those their address confirmed without an account
    (one digest, one stop-all link for both)."""
    condition = Q(user_id=user_id)
    if email:
        condition |= Q(email=email.strip().lower(), confirmed_at__isnull=False)
    return condition


def follow_digest_send(*, user=None, email: str = "", now=None) -> int:
    """E-mail a follower what was published on what they follow since the last digest; how many items.

    The follower is a signed-in ``user`` or a confirmed ``email`` address; one e-mail covers all they
    follow. Each follow remembers when it was last reported on, so a new one starts from when it was
    made (or confirmed). Whoever follows, only what the public sees goes out: the selector is asked as an
    anonymous visitor. The e-mail names the follows it reports on, each with a link to stop it, and ends
    with a link to stop them all, also offered to mail programs as a one-click ``List-Unsubscribe``.
    """
    now = now or timezone.now()
    if user is not None:
        follows, to, stop = Follow.objects.filter(_of_person(user.pk, user.email)), user.email, {"user": user}
    else:
        follows, to, stop = Follow.objects.confirmed().filter(email=email), email, {"email": email}
    follows = list(follows.select_related(*Follow.TARGETS))
    public = AnonymousUser()
    items, reported = {}, []
    for followed in follows:
        since = followed.last_sent_at or followed.confirmed_at or followed.created_at
        found = feed_items(followed.target_kind, followed.target, public, since=since)
        if found:
            reported.append(followed)
        for item in found:
            items[item.key] = item
    if items and to:
        lines = [
            f"- {item.recommendation.public_id} {item.title}\n  "
            + absolute_url(reverse("recommendations:detail", args=[item.recommendation.public_id]))
            for item in sorted(items.values(), key=lambda item: item.published, reverse=True)
        ]
        reasons = [
            f"- {target_label(followed.target)}: {unsubscribe_link(**stop, follow=followed)}"
            for followed in reported
        ]
        stop_all = unsubscribe_link(**stop)
        body = "\n\n".join(
            [
                _("Published since your last digest:"),
                "\n".join(lines),
                _("You receive this because you follow (each link stops one):"),
                "\n".join(reasons),
                _("Stop all these e-mails: %(link)s") % {"link": stop_all},
            ]
        )
        EmailMessage(
            _("New on the recommendations you follow"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [to],
            headers={
                "List-Unsubscribe": f"<{stop_all}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()
    Follow.objects.filter(pk__in=[f.pk for f in follows]).update(last_sent_at=now)
    return len(items)
