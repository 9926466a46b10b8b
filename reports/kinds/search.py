"""A search's result set as a workbook, built here when it is too large to build inside the request.

The rows and columns are the search download's own (``search.exports``), so a workbook made in the
background is the one the request would have sent.
"""

from django.http import QueryDict

from search.exports import READABLE, export_table
from search.selectors import SearchParams, recommendation_search_ids

from ..document import Document
from ..models import Kind, ReportJob
from ..progress import Progress


def search_results(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    params = SearchParams.from_querydict(QueryDict(job.scope.get("search", "")))
    ids = recommendation_search_ids(params=params)
    progress.start(len(ids))
    table = export_table(ids, job.requested_by, job.scope.get("layout", READABLE))
    table.rows = progress.rows(table.rows)
    return Document(str(Kind.SEARCH.label), subtitle, [table], data_file=True)
