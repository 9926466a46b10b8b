"""Template helpers for the public portal: links to searches, status labels."""

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode

from recommendations.selectors import NO_STATUS, STATUS_LABELS

register = template.Library()


@register.simple_tag
def search_url(params=None, **extra):
    """The search page's URL for a query given as a dict (from a chart) and/or keyword arguments."""
    query = {**(params or {}), **extra}
    url = reverse("recommendations:search")
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


@register.filter
def status_label(status):
    """The label of an implementation status, or "No status reported" for none."""
    return STATUS_LABELS[status or NO_STATUS]


@register.filter
def percentage(fraction):
    """0.873 → "87%" in the active language's number format."""
    return f"{formats.number_format(round(fraction * 100))}%"
