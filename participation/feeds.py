"""Atom feeds of what is published about a recommendation, a state, a theme or an institution.

No account needed: a feed holds only what the public pages show (``selectors.feed_items``).
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from institutions.models import Institution
from recommendations import permissions as public
from reference.models import State, Theme
from upr_tracker.numbers import is_number

from . import selectors
from .formatting import render


def target_from_url(kind: str, key: str, user):
    """The followable object a URL names, or 404; a recommendation only when published."""
    if kind == "recommendation":
        return get_object_or_404(public.visible_recommendations(user), public_id=key)
    if kind == "state":
        return get_object_or_404(State, iso3=key.upper())
    if kind == "theme" and is_number(key):
        return get_object_or_404(Theme, pk=key)
    if kind == "institution" and is_number(key):
        return get_object_or_404(Institution, pk=key, is_active=True)
    raise Http404


def target_key(target) -> str:
    """The URL key of a followable object (the inverse of ``target_from_url``)."""
    kind = target._meta.model_name
    return {"recommendation": getattr(target, "public_id", ""), "state": getattr(target, "iso3", "")}.get(
        kind, str(target.pk)
    )


def target_label(target) -> str:
    """How e-mails and pages name a followable object."""
    kind = target._meta.model_name
    if kind == "recommendation":
        return _("Recommendation %(id)s") % {"id": target.public_id}
    if kind == "theme":
        return _("Theme: %(name)s") % {"name": target}
    return str(target)


class PublishedFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, kind, key):
        return kind, target_from_url(kind, key, AnonymousUser())

    def title(self, obj):
        kind, target = obj
        return _("Published updates, assessments and comments: %(target)s") % {"target": target}

    def link(self, obj):
        kind, target = obj
        return reverse("participation:feed", args=[kind, target_key(target)])

    def subtitle(self, obj):
        return _("What governments and civil society published about it on the recommendations tracker.")

    def items(self, obj):
        kind, target = obj
        return selectors.feed_items(kind, target, AnonymousUser())

    def item_title(self, item):
        return f"{item.recommendation.public_id} – {item.title}"

    def item_description(self, item):
        return render(item.text)

    def item_link(self, item):
        anchor = "comments" if item.kind == "comment" else "civil-society"
        return reverse("recommendations:detail", args=[item.recommendation.public_id]) + f"#{anchor}"

    def item_guid(self, item):
        return item.key

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published
