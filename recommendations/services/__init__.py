"""Writes to recommendations: the import (``importing``, with what it compares in ``stored`` and how it
sorts rows in ``planning``), publishing, and the terms an import created."""

from .importing import (
    ImportReport,
    recommendations_follow_up_later,
    recommendations_import,
    recommendations_import_files,
    review_key,
)
from .publishing import recommendations_publish
from .terms import recommendations_term_keep, recommendations_term_merge

__all__ = [
    "ImportReport",
    "recommendations_follow_up_later",
    "recommendations_import",
    "recommendations_import_files",
    "recommendations_publish",
    "recommendations_term_keep",
    "recommendations_term_merge",
    "review_key",
]
