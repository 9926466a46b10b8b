"""Why a report failed, in words the coordinator can act on."""

from upr_tracker.errors import ApplicationError


class ReportError(ApplicationError):
    """A report cannot be made as asked; the message is shown on the job as it is."""

    def __init__(self, message: str):
        super().__init__(message, code="report_failed", status=422)


UNEXPECTED = (
    "The report could not be generated because of an unexpected error on the server. It has been logged "
    "for the technical team; please try again later, or choose another format or a narrower scope."
)
TOO_LONG = (
    "The report took longer than the {minutes} minutes a report may take. Choose a narrower scope "
    "(a state, a cycle or a cluster) or a lighter format (CSV or XLSX)."
)
DATABASE_DOWN = (
    "The report could not be generated because the database was unavailable several times in a row. "
    "Please try again in a few minutes."
)
WORKER_LOST = (
    "The report could not be generated: the server generating it stopped several times in a row. "
    "Please try again later, or choose a narrower scope."
)
