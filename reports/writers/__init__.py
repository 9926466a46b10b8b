"""One writer per format: ``write(document, path)`` renders a ``Document`` into the file at ``path``."""

from collections.abc import Callable

from ..document import Document
from ..models import Format
from . import docx, pdf, text, xlsx

WRITERS: dict[str, Callable[[Document, str], None]] = {
    Format.XLSX: xlsx.write,
    Format.DOCX: docx.write,
    Format.PDF: pdf.write,
    Format.CSV: text.write_csv,
    Format.JSON: text.write_json,
}
