"""CSV and JSON, streamed to disk row by row.

CSV is UTF-8 with a byte-order mark (Excel needs it to read accents and non-Latin scripts), every
text that could run as a formula defused. A report
of one table is a plain table; headings, paragraphs and further tables follow one another, each table
with its header, separated by an empty line. JSON is an array of objects keyed by the column titles
(one table) or an object of such arrays by table name.
"""

import csv
import json

from upr_tracker.cells import formula_defuse

from ..document import Column, Document, Heading, Table, clean_text, status_label


def _columns(table: Table) -> list[Column]:
    return ([Column(table.group_title)] if table.group_title else []) + table.columns


def _values(table: Table, row) -> list:
    return [
        status_label(value) if column.traffic_light else value
        for value, column in zip(row, _columns(table), strict=True)
    ]


def write_csv(document: Document, path) -> None:
    """Every text cell defused (``formula_defuse``): user text must not run as a formula."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = _Defused(csv.writer(stream))
        started = False
        for block in document.blocks:
            if started:
                writer.writerow([])
            started = True
            if isinstance(block, Table):
                writer.writerow([column.title for column in _columns(block)])
                writer.writerows(_values(block, row) for row in block.rows)
            elif isinstance(block, Heading):
                writer.writerow([block.text])
            else:
                writer.writerow([f"{block.label}: {block.text}" if block.label else block.text])


class _Defused:
    """A CSV writer that defuses every cell it writes."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row) -> None:
        self.writer.writerow([formula_defuse(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def _json_rows(table: Table, stream) -> None:
    titles = [str(column.title) for column in _columns(table)]
    stream.write("[")
    separator = "\n"
    for row in table.rows:
        values = (clean_text(v) if isinstance(v, str) else v for v in _values(table, row))
        stream.write(separator + json.dumps(dict(zip(titles, values, strict=True)), ensure_ascii=False))
        separator = ",\n"
    stream.write("\n]")


def write_json(document: Document, path) -> None:
    tables = [block for block in document.blocks if isinstance(block, Table)]
    with open(path, "w", encoding="utf-8") as stream:
        if len(tables) == 1:
            _json_rows(tables[0], stream)
        else:
            stream.write("{")
            for index, table in enumerate(tables):
                stream.write(("," if index else "") + f"\n{json.dumps(table.name)}: ")
                _json_rows(table, stream)
            stream.write("\n}")
        stream.write("\n")
