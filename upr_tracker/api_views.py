"""Base classes for the read API's views.

Apart from ``upr_tracker.api`` on purpose: DRF imports that module (the exception handler) while its own
views are loading, so it must not import them.
"""

from rest_framework import exceptions, viewsets
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """``limit`` and ``offset``, both bounded: a number too large for PostgreSQL is a 400, not a 500."""

    max_limit = 500
    max_offset = 10**9

    def get_offset(self, request):
        offset = super().get_offset(request)
        if offset > self.max_offset:
            raise exceptions.ValidationError({self.offset_query_param: [f"At most {self.max_offset}."]})
        return offset


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of a vocabulary or other public records, bounded pagination."""

    pagination_class = Pagination
