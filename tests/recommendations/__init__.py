"""Shared helpers for the recommendation tests: where the real data files are, and small files made up.

The real exports live outside the repository (``../shared/data`` from its root, as in CI); a test that
needs one is skipped with the reason when it is absent.
"""

import csv
import io
from pathlib import Path

from tests.shared_data import shared_file  # noqa: F401 - the tests of this package import it from here

UPR_INFO_NAMES = ("upr-info_sessions_1-5.csv", "upr-info_sessions_6-9.csv")
UPR_INFO_COLUMNS = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org"]
UPR_INFO_COLUMNS += ["Response", "Action", "Issue", "Session"]


def upr_info_files() -> list[Path]:
    return [shared_file("upr-info", name) for name in UPR_INFO_NAMES]


def read_upr_info(path: Path) -> list[dict[str, str]]:
    """A UPR Info export read independently of the importer, to compute what to expect."""
    text = path.read_bytes().decode("mac_roman").replace("\r", "\n")
    return list(csv.DictReader(io.StringIO(text)))


def upr_info_bytes(rows: list[dict[str, str]]) -> bytes:
    """A made-up export with UPR Info's quirks: Mac Roman, CR line endings, entities in cells."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, UPR_INFO_COLUMNS, lineterminator="\r")
    writer.writeheader()
    defaults = {"To-Rgrp": "WEOG", "To-Org": "EU", "From-Rgrp": "WEOG", "From-Org": ""}
    writer.writerows({**defaults, **row} for row in rows)
    return buffer.getvalue().encode("mac_roman")


def upr_info_row(**cells: str) -> dict[str, str]:
    row = {
        "To": "France",
        "Text": "Ratify the Optional Protocol to the Convention against Torture.",
        "From": "Brazil",
        "Response": "Accepted",
        "Action": "5",
        "Issue": "International instruments,Torture and other CID treatment",
        "Session": "2",
    }
    return {**row, **cells}
