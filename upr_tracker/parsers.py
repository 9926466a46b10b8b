"""The API's JSON parser: DRF's, with a bound on nesting.

Python's ``json`` recurses once per level, so a body of a few thousand ``[`` exhausts the stack and the
request fails with a server error. No request of this API nests deeper than a few levels.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _depth(value) -> int:
    """How deeply lists and objects nest in a parsed document, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(
                _("JSON nested deeper than %(n)d levels is refused.") % {"n": MAX_DEPTH}
            ) from error
        if _depth(data) > MAX_DEPTH:
            raise ParseError(_("JSON nested deeper than %(n)d levels is refused.") % {"n": MAX_DEPTH})
        return data
