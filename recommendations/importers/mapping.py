"""Any other spreadsheet, read through a column mapping onto the tracker's template (``native``).

A mapping is JSON, kept in the admin under a name or given to the command line (``--columns FILE``)::

    {"columns": {"Recommendation": "text", "Recommended by": "recommending_states",
                 "Country": "state_under_review", "Answer": "response", "UPR session": "session"},
     "values": {"response": {"Oui": "supported", "Non": "noted"}},
     "defaults": {"mechanism": "UPR"}}

``columns`` names the file's headers (compared without regard to case, spaces or punctuation) and the
template column each fills; ``values`` translates the distinct values of a coded column; ``defaults``
fills a column the file does not have. A file with one row per (recommendation, recommending state),
as academic datasets are, is folded: rows that agree on everything but the recommending state become
one recommendation with all the states.
"""

import json
from dataclasses import dataclass, field

from . import native
from .tabular import Table, header_key

CODED_COLUMNS = ("response", "mechanism", "action_category")


class MappingError(ValueError):
    """The mapping itself is wrong (not JSON, an unknown template column)."""


@dataclass
class ColumnMapping:
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict | str | bytes) -> "ColumnMapping":
        if isinstance(data, str | bytes):
            try:
                data = json.loads(data)
            except ValueError as error:
                raise MappingError(f"the column mapping is not JSON: {error}") from error
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise MappingError('the column mapping needs a "columns" object: {"their header": "our column"}')
        named = {target for target in data["columns"].values() if target}
        named |= set(data.get("defaults", {})) | set(data.get("values", {}))
        unknown = sorted(named - set(native.COLUMNS))
        if unknown:
            raise MappingError(
                f"the column mapping names unknown column(s) {', '.join(unknown)}; "
                f"the template's are {', '.join(native.COLUMNS)}"
            )
        return cls(
            columns={header_key(source): target for source, target in data["columns"].items() if target},
            values={
                column: {str(key).strip().lower(): str(value) for key, value in translation.items()}
                for column, translation in data.get("values", {}).items()
            },
            defaults={column: str(value) for column, value in data.get("defaults", {}).items()},
        )

    def apply(self, table: Table, vocabulary=None) -> Table:
        """The table with the template's columns, values translated, and per-state rows folded."""
        renamed = {name: self.columns.get(header_key(name)) for name in table.columns}
        if not any(renamed.values()):
            raise MappingError("none of the file's columns is in the column mapping")
        folded: dict[tuple, tuple[int, dict[str, str]]] = {}
        records = []
        for line, cells in table.records:
            record = dict(self.defaults)
            for name, value in cells.items():
                target = renamed.get(name)
                if target:
                    translation = self.values.get(target, {})
                    record[target] = translation.get(value.strip().lower(), value) if translation else value
            key = tuple(
                sorted((name, value) for name, value in record.items() if name != "recommending_states")
            )
            if key in folded:
                states = folded[key][1]
                joined = [state for state in states.get("recommending_states", "").split(";") if state]
                joined += [record.get("recommending_states", "")]
                states["recommending_states"] = ";".join(dict.fromkeys(state for state in joined if state))
                continue
            folded[key] = (line, record)
            records.append((line, record))
        return Table(list(native.COLUMNS), records, table.encoding, table.problems)
