"""Every API list's pagination (``DEFAULT_PAGINATION_CLASS``).

A module of its own, importing nothing of DRF's views: DRF loads the class while it defines its generic
views, and its system check loads it before them.
"""

from rest_framework import exceptions
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """``limit`` and ``offset``, both bounded: no request gets every row at once, and an offset too large
    for PostgreSQL is a 400, not a 500."""

    max_limit = 500
    max_offset = 10**9

    def get_offset(self, request):
        offset = super().get_offset(request)
        if offset > self.max_offset:
            raise exceptions.ValidationError({self.offset_query_param: [f"At most {self.max_offset}."]})
        return offset
